package catalog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// CreateUser stores a new user with a bcrypt hash of password.
func (s *Store) CreateUser(ctx context.Context, u *User, password string) error {
	v := &ValidationError{}
	if u.Name == "" {
		v.Add("name", "Missing value")
	} else {
		for _, m := range ValidateName(u.Name) {
			v.Add("name", m)
		}
	}
	if utf8.RuneCountInString(password) < 8 {
		v.Add("password", "Your password must be 8 characters or longer")
	}
	if u.Email != "" && !validEmail(u.Email) {
		v.Add("email", fmt.Sprintf("Email %s is not a valid format", u.Email))
	}
	if err := v.orNil(); err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return Invalid("password", "Password could not be hashed")
	}
	u.PasswordHash = string(hash)
	if u.ID == "" {
		u.ID = newID()
	}
	if u.State == "" {
		u.State = StateActive
	}
	u.Created = s.now()
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("name = ?", u.Name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "That login name is not available.")
		}
		return tx.Create(u).Error
	})
}

// User returns the active user with that id or name.
func (s *Store) User(ctx context.Context, idOrName string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("(id = ? OR name = ?) AND state = ?", idOrName, idOrName, StateActive).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("User not found")
	}
	return &u, s.wrap(err)
}

// CheckPassword returns the user when name and password match.
func (s *Store) CheckPassword(ctx context.Context, name, password string) (*User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return nil, err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, &AuthError{Detail: "wrong user name or password"}
	}
	return u, nil
}

// tokenHash is how a token is stored: a SHA-256, since the token itself is a random
// 256-bit secret (a slow hash adds nothing and would cost on every API call).
func tokenHash(raw string) string {
	h := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(h[:])
}

// CreateToken creates an API token for the user and returns it; only its hash is kept,
// so this is the one time it can be seen.
func (s *Store) CreateToken(ctx context.Context, userIDOrName, name string) (string, error) {
	u, err := s.User(ctx, userIDOrName)
	if err != nil {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	raw := "khl_" + base64.RawURLEncoding.EncodeToString(b[:])
	t := APIToken{ID: newID(), UserID: u.ID, Name: name, Hash: tokenHash(raw), Created: s.now()}
	if err := s.db.WithContext(ctx).Create(&t).Error; err != nil {
		return "", s.wrap(err)
	}
	return raw, nil
}

// UserByToken returns the user an API token belongs to.
func (s *Store) UserByToken(ctx context.Context, raw string) (*User, error) {
	var t APIToken
	err := s.db.WithContext(ctx).Where("hash = ?", tokenHash(raw)).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	return s.User(ctx, t.UserID)
}

// AddMember makes the user a member of the group with the capacity, or changes the
// capacity of an existing membership.
func (s *Store) AddMember(ctx context.Context, groupID, userID, capacity string) error {
	switch capacity {
	case CapacityAdmin, CapacityEditor, CapacityMember:
	default:
		return Invalid("capacity", "Role does not exist")
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var m Member
		err := tx.Where("group_id = ? AND user_id = ?", groupID, userID).First(&m).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return tx.Create(&Member{ID: newID(), GroupID: groupID, UserID: userID, Capacity: capacity, State: StateActive, Created: s.now()}).Error
		}
		if err != nil {
			return err
		}
		return tx.Model(&m).Updates(map[string]any{"capacity": capacity, "state": StateActive}).Error
	})
}

// Actor is who is asking: nil User means anonymous. OrgIDs are the organizations whose
// private and draft datasets the user may read.
type Actor struct {
	User   *User
	OrgIDs map[string]bool
}

// Anonymous is the actor of requests without credentials.
var Anonymous = &Actor{}

// Sysadmin reports whether the actor may do anything.
func (a *Actor) Sysadmin() bool { return a != nil && a.User != nil && a.User.Sysadmin }

// Actor loads the memberships that decide what the user may read.
func (s *Store) Actor(ctx context.Context, u *User) (*Actor, error) {
	if u == nil {
		return Anonymous, nil
	}
	var ids []string
	err := s.db.WithContext(ctx).Model(&Member{}).Where("user_id = ? AND state = ?", u.ID, StateActive).Pluck("group_id", &ids).Error
	if err != nil {
		return nil, s.wrap(err)
	}
	a := &Actor{User: u, OrgIDs: map[string]bool{}}
	for _, id := range ids {
		a.OrgIDs[id] = true
	}
	return a, nil
}

// CanRead decides whether the actor may see a dataset, as CKAN's package_show auth and
// permission labels do: public active datasets to everyone; private and draft ones to
// members of the owning organization (and drafts to their creator); deleted ones to
// sysadmins.
func (a *Actor) CanRead(d *Dataset) bool {
	if a.Sysadmin() {
		return true
	}
	if d.State == StateDeleted {
		return false
	}
	if d.State == StateActive && !d.Private {
		return true
	}
	if a == nil || a.User == nil {
		return false
	}
	if d.OwnerOrg != nil && a.OrgIDs[*d.OwnerOrg] {
		return true
	}
	return d.State == StateDraft && d.CreatorUserID != nil && *d.CreatorUserID == a.User.ID
}

// Labels are the permission labels of a dataset, as CKAN's DefaultPermissionLabels gives
// them; the search index stores them so that search filters by what the caller may read.
func (d *Dataset) Labels() []string {
	if d.State == StateActive && !d.Private {
		return []string{"public"}
	}
	if d.OwnerOrg != nil {
		return []string{"member-" + *d.OwnerOrg}
	}
	if d.CreatorUserID != nil {
		return []string{"creator-" + *d.CreatorUserID}
	}
	return nil
}

// Labels are the permission labels the actor holds (nil for a sysadmin: no filter).
func (a *Actor) Labels() []string {
	if a.Sysadmin() {
		return nil
	}
	out := []string{"public"}
	if a == nil || a.User == nil {
		return out
	}
	out = append(out, "creator-"+a.User.ID)
	for id := range a.OrgIDs {
		out = append(out, "member-"+id)
	}
	return out
}
