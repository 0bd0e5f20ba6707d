package catalog

import (
	"fmt"
	"sync/atomic"

	"gorm.io/gorm"
)

// statementHooks numbers the callbacks OnStatement registers; GORM needs unique names.
var statementHooks atomic.Int64

// OnStatement calls fn after every SQL statement the store runs: queries (each preload
// is a statement of its own), row scans, raw statements, inserts, updates and deletes.
// Tests use it to show that a request's statement count does not grow with its page
// size. GORM's callback chains are not safe to change while statements run, so call it
// before the store is in use.
func (s *Store) OnStatement(fn func()) error {
	name := fmt.Sprintf("khlang:on_statement_%d", statementHooks.Add(1))
	hook := func(*gorm.DB) { fn() }
	cb := s.db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register(name, hook),
		cb.Row().After("gorm:row").Register(name, hook),
		cb.Raw().After("gorm:raw").Register(name, hook),
		cb.Create().After("gorm:create").Register(name, hook),
		cb.Update().After("gorm:update").Register(name, hook),
		cb.Delete().After("gorm:delete").Register(name, hook),
	} {
		if err != nil {
			return fmt.Errorf("catalog: register statement hook: %w", err)
		}
	}
	return nil
}
