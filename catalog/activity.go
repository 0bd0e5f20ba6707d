package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// actorKey carries the acting user of a write through the Store, so that the activity
// row written in the write's transaction names them.
type actorKey struct{}

// WithActor returns a context whose Store writes are recorded in the activity stream as
// done by the actor. Writes without one (seeding, imports) are recorded with no user, as
// CKAN's site user.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor WithActor stored, or Anonymous.
func ActorFrom(ctx context.Context) *Actor {
	if a, ok := ctx.Value(actorKey{}).(*Actor); ok && a != nil {
		return a
	}
	return Anonymous
}

// Activity list limits: CKAN's ckan.activity_list_limit and ckan.activity_list_limit_max.
const (
	ActivityLimitDefault = 31
	ActivityLimitMax     = 100
)

// recordDatasetActivity appends an activity for the dataset (loaded with its associations)
// inside the write's transaction, and gives the dataset's earlier activities its current
// permission labels, so a dataset made private takes its history with it.
func (s *Store) recordDatasetActivity(ctx context.Context, tx *gorm.DB, d *Dataset, typ string) error {
	actor := ActorFrom(ctx)
	data, err := json.Marshal(Dict{"package": d.PackageDict(""), "actor": actor.Name()})
	if err != nil {
		return fmt.Errorf("encode activity: %w", err)
	}
	var groups []string
	if d.OwnerOrg != nil {
		groups = append(groups, *d.OwnerOrg)
	}
	for _, g := range d.Groups {
		groups = append(groups, g.ID)
	}
	labels := joinLabels(d.Labels())
	if err := tx.Model(&Activity{}).Where("object_id = ?", d.ID).Update("permission_labels", labels).Error; err != nil {
		return err
	}
	return tx.Create(&Activity{ID: newID(), Timestamp: s.now(), UserID: actor.UserID(), ObjectID: d.ID,
		ActivityType: typ, Data: string(data), Labels: labels, GroupIDs: joinLabels(groups)}).Error
}

// recordGroupActivity appends an activity for an organization or group.
func (s *Store) recordGroupActivity(ctx context.Context, tx *gorm.DB, g *Group, change string) error {
	actor := ActorFrom(ctx)
	data, err := json.Marshal(Dict{"group": g.GroupDict(0), "actor": actor.Name()})
	if err != nil {
		return fmt.Errorf("encode activity: %w", err)
	}
	typ := change + " " + groupNoun(g)
	return tx.Create(&Activity{ID: newID(), Timestamp: s.now(), UserID: actor.UserID(), ObjectID: g.ID,
		ActivityType: typ, Data: string(data), Labels: joinLabels([]string{"public"}), GroupIDs: joinLabels([]string{g.ID})}).Error
}

// ActivityQuery selects activities. Exactly one of ObjectID, GroupID, UserID or
// PackagesOnly usually narrows the stream; Labels (nil: no filter, for sysadmins) keeps
// only activities the caller may read.
type ActivityQuery struct {
	ObjectID     string // activities of this dataset, organization or group
	GroupID      string // activities of the group and of the datasets in it
	UserID       string // activities done by this user
	PackagesOnly bool   // only dataset activities
	Labels       []string
	Types        []string // only these activity types
	ExcludeTypes []string
	After        *time.Time
	Before       *time.Time
	Limit        int
	Offset       int
}

// Activities lists activities, newest first.
func (s *Store) Activities(ctx context.Context, q ActivityQuery) ([]Activity, error) {
	db := s.db.WithContext(ctx).Model(&Activity{})
	if q.ObjectID != "" {
		db = db.Where("object_id = ?", q.ObjectID)
	}
	if q.GroupID != "" {
		db = db.Where("object_id = ? OR group_ids LIKE ?", q.GroupID, "% "+escapeLike(q.GroupID)+" %")
	}
	if q.UserID != "" {
		db = db.Where("user_id = ?", q.UserID)
	}
	if q.PackagesOnly {
		db = db.Where("activity_type IN ?", []string{ActivityNewPackage, ActivityChangedPackage, ActivityDeletedPackage})
	}
	if q.Labels != nil {
		if len(q.Labels) == 0 {
			return nil, nil
		}
		cond := s.db.Where("permission_labels LIKE ?", "% "+escapeLike(q.Labels[0])+" %")
		for _, l := range q.Labels[1:] {
			cond = cond.Or("permission_labels LIKE ?", "% "+escapeLike(l)+" %")
		}
		db = db.Where(cond)
	}
	if len(q.Types) > 0 {
		db = db.Where("activity_type IN ?", q.Types)
	}
	if len(q.ExcludeTypes) > 0 {
		db = db.Where("activity_type NOT IN ?", q.ExcludeTypes)
	}
	if q.After != nil {
		db = db.Where("timestamp > ?", *q.After)
	}
	if q.Before != nil {
		db = db.Where("timestamp < ?", *q.Before)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = ActivityLimitDefault
	}
	var out []Activity
	err := db.Order("timestamp DESC, id DESC").Offset(q.Offset).Limit(min(limit, ActivityLimitMax)).Find(&out).Error
	return out, s.wrap(err)
}

// ActivityByID returns one activity.
func (s *Store) ActivityByID(ctx context.Context, id string) (*Activity, error) {
	var a Activity
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Activity not found")
	}
	return &a, s.wrap(err)
}

// PreviousActivity returns the activity of the same object just before a, or ErrNotFound
// when a is the first.
func (s *Store) PreviousActivity(ctx context.Context, a *Activity) (*Activity, error) {
	var prev Activity
	err := s.db.WithContext(ctx).Where("object_id = ? AND (timestamp < ? OR (timestamp = ? AND id < ?))",
		a.ObjectID, a.Timestamp, a.Timestamp, a.ID).Order("timestamp DESC, id DESC").First(&prev).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Activity not found")
	}
	return &prev, s.wrap(err)
}

// PermissionLabels are the labels the activity was stored with.
func (a *Activity) PermissionLabels() []string { return splitLabels(a.Labels) }

// Dict renders the activity as CKAN's activity dict; includeData adds the object's dict.
func (a *Activity) Dict(includeData bool) Dict {
	var user any
	if a.UserID != nil {
		user = *a.UserID
	}
	d := Dict{"id": a.ID, "timestamp": FormatTime(a.Timestamp), "user_id": user, "object_id": a.ObjectID,
		"revision_id": nil, "activity_type": a.ActivityType, "permission_labels": a.PermissionLabels()}
	if includeData {
		var data any
		if err := json.Unmarshal([]byte(a.Data), &data); err != nil || data == nil {
			data = Dict{}
		}
		d["data"] = data
	}
	return d
}
