package catalog

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"
)

// ValidateUser checks a new or changed account with CKAN's rules and messages: the name
// rules, an 8-character password (when one is given, or always when isNew) and the
// e-mail format. requireEmail adds CKAN's user_create rule that the address is given
// (the API applies it; the CLI and tests may create accounts without one).
func ValidateUser(u *User, password string, isNew, requireEmail bool) error {
	v := &ValidationError{}
	if u.Name == "" {
		v.Add("name", "Missing value")
	} else {
		for _, m := range ValidateName(u.Name) {
			v.Add("name", m)
		}
	}
	switch {
	case password == "" && isNew:
		v.Add("password", "Missing value")
	case password != "" && utf8.RuneCountInString(password) < 8:
		v.Add("password", "Your password must be 8 characters or longer")
	}
	switch {
	case u.Email == "" && requireEmail:
		v.Add("email", "Missing value")
	case u.Email != "" && !validEmail(u.Email):
		v.Add("email", fmt.Sprintf("Email %s is not a valid format", u.Email))
	}
	return v.orNil()
}

// CreateUser stores a new user with a bcrypt hash of password.
func (s *Store) CreateUser(ctx context.Context, u *User, password string) error {
	_, err := s.createUser(ctx, u, password, "")
	return err
}

// CreateUserWithToken stores a new user and an API token for them in one transaction
// (user_create's with_apitoken) and returns the token.
func (s *Store) CreateUserWithToken(ctx context.Context, u *User, password, tokenName string) (string, error) {
	return s.createUser(ctx, u, password, tokenName)
}

func (s *Store) createUser(ctx context.Context, u *User, password, tokenName string) (string, error) {
	if err := ValidateUser(u, password, true, false); err != nil {
		return "", err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return "", err
	}
	u.PasswordHash = hash
	if u.ID == "" {
		u.ID = newID()
	} else if !isUUID(u.ID) {
		return "", Invalid("id", "Invalid id: must be a UUID")
	}
	if u.State == "" {
		u.State = StateActive
	}
	u.Created = s.now()
	var raw string
	err = s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("name = ? OR id = ?", u.Name, u.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "That login name is not available.")
		}
		if err := tx.Create(u).Error; err != nil {
			return err
		}
		if tokenName == "" {
			return nil
		}
		var err error
		raw, _, err = s.insertToken(tx, u.ID, tokenName, nil)
		return err
	})
	return raw, err
}

func hashPassword(password string) (string, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", Invalid("password", "Password could not be hashed")
	}
	return string(hash), nil
}

// UserAnyState returns the user with that id or name, deleted or not (sysadmins see
// deleted accounts).
func (s *Store) UserAnyState(ctx context.Context, idOrName string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("id = ? OR name = ?", idOrName, idOrName).First(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("User not found")
	}
	return &u, s.wrap(err)
}

// UpdateUser stores the account u (found by u.ID): name, full name, e-mail, about and
// sysadmin flag as given; the password only when password is not empty.
func (s *Store) UpdateUser(ctx context.Context, u *User, password string) error {
	if err := ValidateUser(u, password, false, false); err != nil {
		return err
	}
	fields := map[string]any{"name": u.Name, "fullname": u.Fullname, "email": u.Email, "about": u.About, "sysadmin": u.Sysadmin}
	if password != "" {
		hash, err := hashPassword(password)
		if err != nil {
			return err
		}
		fields["password_hash"] = hash
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&User{}).Where("name = ? AND id <> ?", u.Name, u.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "That login name is not available.")
		}
		res := tx.Model(&User{}).Where("id = ? AND state = ?", u.ID, StateActive).Updates(fields)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return NotFound("User not found")
		}
		return tx.Where("id = ?", u.ID).First(u).Error
	})
}

// SetPassword replaces the user's password.
func (s *Store) SetPassword(ctx context.Context, idOrName, password string) error {
	u, err := s.User(ctx, idOrName)
	if err != nil {
		return err
	}
	if utf8.RuneCountInString(password) < 8 {
		return Invalid("password", "Your password must be 8 characters or longer")
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.wrap(s.db.WithContext(ctx).Model(&User{}).Where("id = ?", u.ID).Update("password_hash", hash).Error)
}

// DeleteUser marks the account deleted and ends its memberships and API tokens, in one
// transaction, as CKAN's user_delete does.
func (s *Store) DeleteUser(ctx context.Context, idOrName string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var u User
		if err := tx.Where("(id = ? OR name = ?) AND state = ?", idOrName, idOrName, StateActive).First(&u).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return NotFound("User not found")
			}
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&Member{}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&APIToken{}).Error; err != nil {
			return err
		}
		return tx.Model(&User{}).Where("id = ?", u.ID).Update("state", StateDeleted).Error
	})
}

// UserListOptions are user_list's parameters.
type UserListOptions struct {
	Query   string // substring of the name or full name
	OrderBy string // "name" (default), "fullname", "created" or "sysadmin"
	Limit   int
	Offset  int
}

// ListUsers lists active users.
func (s *Store) ListUsers(ctx context.Context, o UserListOptions) ([]User, error) {
	q := s.db.WithContext(ctx).Model(&User{}).Where("state = ?", StateActive)
	if o.Query != "" {
		like := "%" + strings.ToLower(escapeLike(o.Query)) + "%"
		q = q.Where("LOWER(name) LIKE ? OR LOWER(fullname) LIKE ?", like, like)
	}
	switch o.OrderBy {
	case "", "name", "display_name":
		q = q.Order("name")
	case "fullname", "created":
		q = q.Order(o.OrderBy + ", name")
	case "sysadmin":
		q = q.Order("sysadmin DESC, name")
	default:
		return nil, Invalid("order_by", "Cannot sort by field `"+o.OrderBy+"`")
	}
	if o.Limit > 0 {
		q = q.Limit(o.Limit)
	}
	var out []User
	err := q.Offset(o.Offset).Find(&out).Error
	return out, s.wrap(err)
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

// tokenTouchInterval throttles the recording of a token's last use: at most one write
// per token per interval, so reads with a token do not each cost a database write.
const tokenTouchInterval = time.Minute

// CreateToken creates an API token for the user and returns it; only its hash is kept,
// so this is the one time it can be seen.
func (s *Store) CreateToken(ctx context.Context, userIDOrName, name string) (string, error) {
	raw, _, err := s.CreateTokenExpiring(ctx, userIDOrName, name, 0)
	return raw, err
}

// CreateTokenExpiring is CreateToken for a token that stops working after ttl (0: never);
// it also returns the stored token row (without the secret).
func (s *Store) CreateTokenExpiring(ctx context.Context, userIDOrName, name string, ttl time.Duration) (string, *APIToken, error) {
	u, err := s.User(ctx, userIDOrName)
	if err != nil {
		return "", nil, err
	}
	var expires *time.Time
	if ttl > 0 {
		t := s.now().Add(ttl)
		expires = &t
	}
	raw, t, err := s.insertToken(s.db.WithContext(ctx), u.ID, name, expires)
	return raw, t, s.wrap(err)
}

func (s *Store) insertToken(tx *gorm.DB, userID, name string, expires *time.Time) (string, *APIToken, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	raw := "khl_" + base64.RawURLEncoding.EncodeToString(b[:])
	t := &APIToken{ID: newID(), UserID: userID, Name: name, Hash: tokenHash(raw), Created: s.now(), ExpiresAt: expires}
	if err := tx.Create(t).Error; err != nil {
		return "", nil, err
	}
	return raw, t, nil
}

// UserByToken returns the user an API token belongs to. An unknown or expired token is
// ErrNotFound (the caller is then anonymous). The token's last use is recorded, at most
// once a minute.
func (s *Store) UserByToken(ctx context.Context, raw string) (*User, error) {
	t, err := s.TokenBySecret(ctx, raw)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if t.ExpiresAt != nil && !now.Before(*t.ExpiresAt) {
		return nil, ErrNotFound
	}
	if t.LastAccess == nil || now.Sub(*t.LastAccess) >= tokenTouchInterval {
		err := s.db.WithContext(ctx).Model(&APIToken{}).
			Where("id = ? AND (last_access IS NULL OR last_access <= ?)", t.ID, now.Add(-tokenTouchInterval)).
			Update("last_access", now).Error
		if err != nil {
			return nil, s.wrap(err)
		}
	}
	return s.User(ctx, t.UserID)
}

// TokenBySecret returns the stored token row of a raw token.
func (s *Store) TokenBySecret(ctx context.Context, raw string) (*APIToken, error) {
	var t APIToken
	err := s.db.WithContext(ctx).Where("hash = ?", tokenHash(raw)).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	return &t, nil
}

// Token returns a token row by its id (CKAN's jti).
func (s *Store) Token(ctx context.Context, id string) (*APIToken, error) {
	var t APIToken
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("API token not found")
	}
	return &t, s.wrap(err)
}

// Tokens lists the user's API tokens, oldest first (never their secrets, which are not kept).
func (s *Store) Tokens(ctx context.Context, userID string) ([]APIToken, error) {
	var out []APIToken
	err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("created, id").Find(&out).Error
	return out, s.wrap(err)
}

// RevokeToken deletes a token by id; it stops working at once.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	res := s.db.WithContext(ctx).Where("id = ?", id).Delete(&APIToken{})
	if res.Error != nil {
		return s.wrap(res.Error)
	}
	if res.RowsAffected == 0 {
		return NotFound("API token not found")
	}
	return nil
}

// AddMember makes the user a member of the group with the capacity, or changes the
// capacity of an existing membership.
func (s *Store) AddMember(ctx context.Context, groupID, userID, capacity string) error {
	if !ValidCapacity(capacity) {
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

// TokenFromHeaders picks the API token out of the headers CKAN clients send it in: the
// Authorization header, bare as CKAN sends it or with "Bearer ", else X-CKAN-API-Key.
func TokenFromHeaders(authorization, ckanAPIKey string) string {
	if v := strings.TrimSpace(authorization); v != "" {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
		return v
	}
	return strings.TrimSpace(ckanAPIKey)
}

// ActorForToken resolves the caller of a request from its API token. A missing or unknown
// token is the anonymous caller, not an error, as in CKAN; only a failing database is.
func (s *Store) ActorForToken(ctx context.Context, token string) (*Actor, error) {
	if token == "" {
		return Anonymous, nil
	}
	u, err := s.UserByToken(ctx, token)
	if errors.Is(err, ErrNotFound) {
		return Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	return s.Actor(ctx, u)
}
