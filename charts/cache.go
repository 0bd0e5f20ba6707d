package charts

import (
	"context"
	"fmt"
)

// maxCacheEntries bounds the cache: indicator charts are cached per dataset, and a large
// catalog has many. Past it, entries of older data versions go first, then everything.
const maxCacheEntries = 4096

// cacheEntry is one computed value for one data version; done closes when it is ready.
type cacheEntry struct {
	version int64
	done    chan struct{}
	val     any
	err     error
}

// Invalidate drops every cached dashboard, for writers that change DataStore rows without
// going through the catalog's change log.
func (d *Dashboards) Invalidate() {
	d.mu.Lock()
	d.cache = nil
	d.mu.Unlock()
}

// cached returns the value built for key at the current data version, building it once:
// concurrent callers wait for the first one instead of computing it again. Errors are not
// cached.
func cached[T any](ctx context.Context, d *Dashboards, key string, build func(context.Context) (T, error)) (T, error) {
	var zero T
	if d.Store == nil || d.DataStore == nil {
		return zero, fmt.Errorf("charts: Dashboards needs a Store and a DataStore")
	}
	version, err := d.Store.LastChange(ctx)
	if err != nil {
		return zero, fmt.Errorf("charts: data version: %w", err)
	}
	d.mu.Lock()
	if e := d.cache[key]; e != nil && e.version == version {
		d.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return zero, ctx.Err()
		}
		if e.err == nil {
			return e.val.(T), nil
		}
		// The first caller failed (perhaps its request was cancelled): try for ourselves.
		return build(ctx)
	}
	e := &cacheEntry{version: version, done: make(chan struct{})}
	if d.cache == nil {
		d.cache = make(map[string]*cacheEntry)
	}
	if len(d.cache) >= maxCacheEntries {
		d.evict(version)
	}
	d.cache[key] = e
	d.mu.Unlock()

	v, err := build(ctx)
	e.val, e.err = v, err
	close(e.done)
	if err != nil {
		d.mu.Lock()
		if d.cache[key] == e {
			delete(d.cache, key)
		}
		d.mu.Unlock()
	}
	return v, err
}

// evict makes room; d.mu is held.
func (d *Dashboards) evict(version int64) {
	for k, e := range d.cache {
		if e.version != version {
			delete(d.cache, k)
		}
	}
	if len(d.cache) < maxCacheEntries {
		return
	}
	for k, e := range d.cache {
		select {
		case <-e.done:
			delete(d.cache, k)
		default: // being built: its builder still holds it
		}
	}
}
