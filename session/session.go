package session

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"time"
)

// expiryKey is where Django keeps a per-session expiry inside the data.
const expiryKey = "_session_expiry"

// Session is one user's session data. It is safe for concurrent use. The
// methods of a nil *Session behave as an empty session that is never saved.
//
// Values set in this request are returned as set; values loaded from the
// store come back as JSON decodes them (string, bool, nil, json.Number,
// []any, map[string]any): use Lookup to get a typed value either way.
type Session struct {
	mu     sync.Mutex
	key    string   // the stored session's key; "" when none yet
	oldKey string   // a key to delete from the store at save (CycleKey, Flush)
	order  []string // keys in insertion order, as a Python dict
	values map[string]any
	// raw is the JSON, as loaded, of values holding objects: written back
	// while unchanged, it keeps their key order (see encodeOrderedRaw).
	raw      map[string]json.RawMessage
	modified bool
	accessed bool
	// fresh marks a session CycleKey made without data: as Django's
	// cycle_key (which creates the session), it is saved, empty, under a
	// new key, and its cookie sent.
	fresh bool
	// src loads the data of a request's session on first use (see
	// reqState); nil for a detached session.
	src    *reqState
	loaded bool
}

// ensure loads the request's data on first use; s.mu is held.
func (s *Session) ensure() {
	if s.src != nil && !s.loaded {
		s.loaded = true
		s.src.load(s)
	}
}

// Key returns the session key, "" until the session is first saved.
func (s *Session) Key() string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	return s.key
}

// Get returns the value stored under key.
func (s *Session) Get(key string) (any, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed = true
	v, ok := s.values[key]
	return v, ok
}

// GetString returns the string stored under key, or "".
func (s *Session) GetString(key string) string {
	v, _ := s.Get(key)
	str, _ := v.(string)
	return str
}

// Has reports whether key is set.
func (s *Session) Has(key string) bool {
	_, ok := s.Get(key)
	return ok
}

// Set stores v under key. v must be JSON-encodable; it is encoded when the
// session is saved.
func (s *Session) Set(key string, v any) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed, s.modified = true, true
	if s.values == nil {
		s.values = map[string]any{}
	}
	if _, ok := s.values[key]; !ok {
		s.order = append(s.order, key)
	}
	s.values[key] = v
}

// Delete removes key.
func (s *Session) Delete(key string) {
	s.Pop(key)
}

// Pop removes key and returns its value.
func (s *Session) Pop(key string) (any, bool) {
	if s == nil {
		return nil, false
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed = true
	v, ok := s.values[key]
	if ok {
		delete(s.values, key)
		s.order = slices.DeleteFunc(s.order, func(k string) bool { return k == key })
		s.modified = true
	}
	return v, ok
}

// Keys returns the keys in the order they were first set.
func (s *Session) Keys() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed = true
	return slices.Clone(s.order)
}

// Len returns the number of keys.
func (s *Session) Len() int {
	if s == nil {
		return 0
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed = true
	return len(s.order)
}

// Clear removes all data but keeps the key: an existing session is saved
// empty and keeps its cookie (Django's clear). Use Flush to end it.
func (s *Session) Clear() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed, s.modified = true, true
	s.order, s.values, s.raw = nil, map[string]any{}, nil
}

// Flush removes all data, deletes the stored session and drops the key:
// the client's cookie is deleted (Django's flush, used by logout). The
// stored session is deleted before the response headers are written, or,
// when Flush is called after that, when the middleware returns; the cookie
// can then no longer be deleted, but the key it holds is dead.
func (s *Session) Flush() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed, s.modified = true, true
	s.order, s.values, s.raw = nil, map[string]any{}, nil
	if s.key != "" {
		s.oldKey = s.key
	}
	s.key, s.fresh = "", false
}

// CycleKey keeps the data under a new key and deletes the old one, so a
// key known before login is useless after it (Django's cycle_key). As in
// Django, it makes a session even when there was none: an empty session
// is saved, empty, under a new key and gets its cookie. Called after the
// response headers were written, it still deletes the old key (when the
// middleware returns), but the new cookie cannot be sent: the client is
// left without a session.
func (s *Session) CycleKey() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	s.accessed, s.modified = true, true
	if s.key != "" {
		s.oldKey = s.key
	}
	s.key, s.fresh = "", true
}

// MarkModified forces a save, e.g. after changing a map stored in the session.
func (s *Session) MarkModified() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.ensure()
	s.modified = true
	s.mu.Unlock()
}

// Modified reports whether the session will be saved.
func (s *Session) Modified() bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.modified
}

// SetExpiry sets this session's lifetime: d > 0 expires it d after the
// last save, 0 when the browser closes, and d < 0 restores the manager's
// default. It is stored in the data as Django's "_session_expiry".
func (s *Session) SetExpiry(d time.Duration) {
	if d < 0 {
		s.Delete(expiryKey)
		return
	}
	s.Set(expiryKey, json.Number(fmt.Sprint(int64(d/time.Second))))
}

// SetExpiryAt makes the session expire at t.
func (s *Session) SetExpiryAt(t time.Time) {
	layout := "2006-01-02T15:04:05.000000+00:00" // Python's isoformat()
	if t.Nanosecond()/1000 == 0 {
		layout = "2006-01-02T15:04:05+00:00"
	}
	s.Set(expiryKey, t.UTC().Format(layout))
}

// expiry returns the custom expiry: (age, atBrowserClose, set).
func (s *Session) expiry(now time.Time) (time.Duration, bool, bool) {
	if s == nil {
		return 0, false, false
	}
	s.mu.Lock()
	s.ensure()
	v, ok := s.values[expiryKey]
	s.mu.Unlock()
	if !ok || v == nil {
		return 0, false, false
	}
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return time.Duration(n) * time.Second, n == 0, true
		}
		if f, err := x.Float64(); err == nil {
			return time.Duration(f * float64(time.Second)), f == 0, true
		}
	case float64:
		return time.Duration(x * float64(time.Second)), x == 0, true
	case int:
		return time.Duration(x) * time.Second, x == 0, true
	case string:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999", "2006-01-02 15:04:05.999999"} {
			if t, err := time.Parse(layout, x); err == nil {
				return t.Sub(now), false, true
			}
		}
	}
	return 0, false, false
}

// empty is Django's is_empty: no key and no data. An existing session
// (one with a key) that was cleared is not empty: it is saved empty and
// keeps its cookie.
func (s *Session) empty() bool {
	if s == nil {
		return true
	}
	s.mu.Lock()
	s.ensure()
	defer s.mu.Unlock()
	return s.key == "" && len(s.order) == 0 && !s.fresh
}

// Lookup returns the value under key as a T. A value of another type (as
// loaded from the store) is converted through JSON, so Lookup[int] works
// for a json.Number and Lookup[[]string] for a []any.
func Lookup[T any](s *Session, key string) (T, bool) {
	var zero T
	v, ok := s.Get(key)
	if !ok {
		return zero, false
	}
	if t, ok := v.(T); ok {
		return t, true
	}
	b, err := json.Marshal(v)
	if err != nil {
		return zero, false
	}
	var t T
	if err := json.Unmarshal(b, &t); err != nil {
		return zero, false
	}
	return t, true
}
