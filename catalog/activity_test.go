package catalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestWritesRecordActivity checks each write appends its activity (with the actor) in its
// transaction, a failed write appends nothing, and a dataset made private takes its
// earlier activities out of public view.
func TestWritesRecordActivity(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		u := &catalog.User{Name: "writer", Email: "w@example.org"}
		if err := s.CreateUser(ctx, u, "password123"); err != nil {
			t.Fatal(err)
		}
		actor, err := s.Actor(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		actx := catalog.WithActor(ctx, actor)
		org := &catalog.Group{Name: "org", IsOrganization: true}
		if err := s.CreateGroup(actx, org); err != nil {
			t.Fatal(err)
		}
		if a, _ := s.Actor(ctx, u); a.Role(org.ID) != catalog.CapacityAdmin {
			t.Fatalf("creator's role = %q", a.Role(org.ID))
		}
		d := &catalog.Dataset{Name: "ds", OwnerOrg: &org.ID}
		if err := s.CreateDataset(actx, d); err != nil {
			t.Fatal(err)
		}
		seq, _ := s.LastChange(ctx)
		// A failed write: the name is taken.
		if err := s.CreateDataset(actx, &catalog.Dataset{Name: "ds", OwnerOrg: &org.ID}); !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("duplicate name: %v", err)
		}
		if after, _ := s.LastChange(ctx); after != seq {
			t.Fatalf("failed write logged a change: %d -> %d", seq, after)
		}
		d.Private = true
		if err := s.UpdateDataset(actx, d); err != nil {
			t.Fatal(err)
		}
		all, err := s.Activities(ctx, catalog.ActivityQuery{ObjectID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 || all[0].ActivityType != catalog.ActivityChangedPackage || all[1].ActivityType != catalog.ActivityNewPackage {
			t.Fatalf("activities = %+v", all)
		}
		if all[1].UserID == nil || *all[1].UserID != u.ID {
			t.Fatalf("activity user = %v", all[1].UserID)
		}
		public, err := s.Activities(ctx, catalog.ActivityQuery{ObjectID: d.ID, Labels: catalog.Anonymous.Labels()})
		if err != nil {
			t.Fatal(err)
		}
		if len(public) != 0 {
			t.Fatalf("a private dataset's history is public: %+v", public)
		}
		admin, err := s.Actor(ctx, u) // now an admin of org
		if err != nil {
			t.Fatal(err)
		}
		orgActs, err := s.Activities(ctx, catalog.ActivityQuery{GroupID: org.ID, Labels: admin.Labels()})
		if err != nil {
			t.Fatal(err)
		}
		if len(orgActs) != 3 { // new organization, new package, changed package
			t.Fatalf("organization activities = %d", len(orgActs))
		}
	})
}

// TestTokenLifecycle covers expiry, the throttled last-use stamp and revocation.
func TestTokenLifecycle(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		s.SetClock(func() time.Time { return now })
		if err := s.CreateUser(ctx, &catalog.User{Name: "holder"}, "password123"); err != nil {
			t.Fatal(err)
		}
		raw, tok, err := s.CreateTokenExpiring(ctx, "holder", "short", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, raw); err != nil {
			t.Fatal(err)
		}
		first, _ := s.Token(ctx, tok.ID)
		if first.LastAccess == nil || !first.LastAccess.Equal(now) {
			t.Fatalf("last access = %v", first.LastAccess)
		}
		now = now.Add(30 * time.Second)
		_, _ = s.UserByToken(ctx, raw)
		if got, _ := s.Token(ctx, tok.ID); !got.LastAccess.Equal(*first.LastAccess) {
			t.Fatalf("last access written within a minute: %v", got.LastAccess)
		}
		now = now.Add(time.Minute)
		_, _ = s.UserByToken(ctx, raw)
		if got, _ := s.Token(ctx, tok.ID); !got.LastAccess.Equal(now) {
			t.Fatalf("last access not refreshed: %v", got.LastAccess)
		}
		now = now.Add(time.Hour)
		if _, err := s.UserByToken(ctx, raw); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("expired token: %v", err)
		}
		raw2, tok2, err := s.CreateTokenExpiring(ctx, "holder", "forever", 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, tok2.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, raw2); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("revoked token: %v", err)
		}
	})
}
