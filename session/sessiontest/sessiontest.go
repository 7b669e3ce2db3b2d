// Package sessiontest is the conformance suite every session.Store must
// pass: call Run from the store's own test.
package sessiontest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/djinn-go/djinn/session"
)

// Run checks store's contract. newStore must return an empty store each
// time it is called (use a unique table or prefix per call).
func Run(t *testing.T, newStore func(t *testing.T) session.Store) {
	ctx := context.Background()
	hour := time.Now().Add(time.Hour)

	t.Run("missing", func(t *testing.T) {
		s := newStore(t)
		if data, found, err := s.Load(ctx, session.NewKey()); err != nil || found || data != nil {
			t.Fatalf("Load(missing) = %q %v %v", data, found, err)
		}
		if err := s.Delete(ctx, session.NewKey()); err != nil {
			t.Fatalf("Delete(missing) = %v", err)
		}
	})
	t.Run("save load overwrite delete", func(t *testing.T) {
		s := newStore(t)
		key := session.NewKey()
		if err := s.Save(ctx, key, []byte("first:data"), hour); err != nil {
			t.Fatal(err)
		}
		data, found, err := s.Load(ctx, key)
		if err != nil || !found || string(data) != "first:data" {
			t.Fatalf("Load = %q %v %v", data, found, err)
		}
		big := bytes.Repeat([]byte("x"), 100_000)
		if err := s.Save(ctx, key, big, hour); err != nil {
			t.Fatal(err)
		}
		if data, _, _ := s.Load(ctx, key); !bytes.Equal(data, big) {
			t.Fatalf("overwrite lost: %d bytes", len(data))
		}
		other := session.NewKey()
		s.Save(ctx, other, []byte("other"), hour)
		if err := s.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Load(ctx, key); found {
			t.Fatal("deleted session still found")
		}
		if data, found, _ := s.Load(ctx, other); !found || string(data) != "other" {
			t.Fatal("delete removed another session")
		}
	})
	t.Run("expired", func(t *testing.T) {
		s := newStore(t)
		key := session.NewKey()
		if err := s.Save(ctx, key, []byte("old"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, found, err := s.Load(ctx, key); err != nil || found {
			t.Fatalf("expired session found: %v %v", found, err)
		}
		fresh := session.NewKey()
		s.Save(ctx, fresh, []byte("fresh"), hour)
		did, err := session.ClearExpired(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if _, found, _ := s.Load(ctx, fresh); !found {
			t.Fatalf("ClearExpired (ran=%v) removed a live session", did)
		}
	})
	t.Run("unicode and binary-safe text", func(t *testing.T) {
		s := newStore(t)
		key := session.NewKey()
		text := ".eJyrVkrKTFeyUkocBSMOKNUCAHmPwGE:1r31eq:cMnxk_Sw-é✓"
		s.Save(ctx, key, []byte(text), hour)
		if data, _, _ := s.Load(ctx, key); string(data) != text {
			t.Fatalf("got %q", data)
		}
	})
	t.Run("middleware", func(t *testing.T) { runMiddleware(t, newStore(t)) })
}

// runMiddleware checks the session middleware's use of store: Django's
// SessionMiddleware semantics that depend on the store keeping, deleting
// and overwriting entries.
func runMiddleware(t *testing.T, store session.Store) {
	ctx := context.Background()
	m := session.New(store, []byte("sessiontest-secret"))
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	late := false // views but /set change the session after writing the body
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := session.From(r.Context())
		if late && r.URL.Path != "/set" {
			io.WriteString(w, "body first")
		}
		switch r.URL.Path {
		case "/set":
			s.Set("a", "1")
		case "/clear":
			s.Clear()
		case "/flush":
			s.Flush()
		case "/cycle":
			s.CycleKey()
		case "/get":
			io.WriteString(w, s.GetString("a"))
		}
	}))
	do := func(path, key string) (*http.Cookie, string) {
		r := httptest.NewRequest("GET", path, nil)
		if key != "" {
			r.AddCookie(&http.Cookie{Name: session.DefaultCookieName, Value: key})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for _, c := range rec.Result().Cookies() {
			if c.Name == session.DefaultCookieName {
				return c, rec.Body.String()
			}
		}
		return nil, rec.Body.String()
	}
	newSession := func(t *testing.T) string {
		c, _ := do("/set", "")
		if c == nil || c.Value == "" {
			t.Fatal("no session cookie for a new session")
		}
		return c.Value
	}

	t.Run("clear keeps the session", func(t *testing.T) {
		// Django: clear() leaves the key, so is_empty() is false: the
		// session is saved empty and its cookie refreshed, not deleted.
		late = false
		k := newSession(t)
		c, _ := do("/clear", k)
		if c == nil || c.Value != k || c.MaxAge <= 0 {
			t.Fatalf("clear: cookie %v, want %q refreshed", c, k)
		}
		data, found, err := store.Load(ctx, k)
		if err != nil || !found {
			t.Fatalf("cleared session not stored: %v %v", found, err)
		}
		if s := m.Codec.Decode(string(data)); s.Len() != 0 {
			t.Fatalf("cleared session holds %v", s.Keys())
		}
		if c, body := do("/get", k); c != nil || body != "" {
			t.Fatalf("after clear: cookie %v, body %q", c, body)
		}
	})
	t.Run("flush deletes", func(t *testing.T) {
		late = false
		k := newSession(t)
		if c, _ := do("/flush", k); c == nil || c.MaxAge >= 0 {
			t.Fatalf("flush: cookie %v not deleted", c)
		}
		if _, found, _ := store.Load(ctx, k); found {
			t.Fatal("flushed session still stored")
		}
	})
	for _, path := range []string{"/flush", "/cycle"} {
		t.Run(path[1:]+" after the headers deletes the old key", func(t *testing.T) {
			// Django deletes the old key when flush() or cycle_key() is
			// called; the new cookie cannot be sent any more.
			late = true
			defer func() { late = false }()
			k := newSession(t)
			if c, body := do(path, k); c != nil || body != "body first" {
				t.Fatalf("cookie %v sent after the body", c)
			}
			if _, found, _ := store.Load(ctx, k); found {
				t.Fatal("old session still stored")
			}
		})
	}
	t.Run("clear after the headers is saved", func(t *testing.T) {
		late = true
		defer func() { late = false }()
		k := newSession(t)
		do("/clear", k)
		data, found, err := store.Load(ctx, k)
		if err != nil || !found {
			t.Fatalf("cleared session not stored: %v %v", found, err)
		}
		if s := m.Codec.Decode(string(data)); s.Len() != 0 {
			t.Fatalf("cleared session holds %v", s.Keys())
		}
	})
}
