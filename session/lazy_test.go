package session_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/djinn-go/djinn/session"
)

// countingStore counts the store's reads.
type countingStore struct {
	*session.MemoryStore
	loads atomic.Int32
}

func (s *countingStore) Load(ctx context.Context, key string) ([]byte, bool, error) {
	s.loads.Add(1)
	return s.MemoryStore.Load(ctx, key)
}

// The session is read from the store when the view first uses it, once,
// and not at all when the view never touches it; an untouched session
// sends no cookie and no Vary.
func TestSessionLoadedOnFirstUse(t *testing.T) {
	store := &countingStore{MemoryStore: session.NewMemoryStore()}
	c := &client{t: t, h: app(session.New(store, key))}
	if res := c.get("/set?user=alice"); sessionCookie(res) == nil {
		t.Fatal("no session cookie")
	}
	store.loads.Store(0)
	res := c.get("/plain")
	if n := store.loads.Load(); n != 0 || len(res.Header.Values("Set-Cookie")) != 0 || res.Header.Get("Vary") != "" {
		t.Errorf("untouched session: %d store reads, headers %v", n, res.Header)
	}
	if res := c.get("/get"); body(res) != "user=alice;" || store.loads.Load() != 1 {
		t.Errorf("used session: %d store reads", store.loads.Load())
	}
}

// Without a cookie, a session that is never used costs no store call and,
// below a request record, no allocation.
func TestSessionWithoutCookieIsFree(t *testing.T) {
	store := &countingStore{MemoryStore: session.NewMemoryStore()}
	m := session.New(store, key)
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.Write(ok)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Body.String() != "ok" || rec.Code != 200 || store.loads.Load() != 0 || len(rec.Header().Values("Set-Cookie")) != 0 {
		t.Fatalf("%q, %d store reads, headers %v", rec.Body, store.loads.Load(), rec.Header())
	}
	// Without a request record the middleware makes one: two allocations
	// (the record and the request copy), the session's state none.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	w := &discardWriter{http.Header{}}
	if n := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) }); n > 2 && !raceEnabled {
		t.Errorf("%v allocations per request, want at most 2", n)
	}
}

var ok = []byte("ok")

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// A store failure met after the response started is logged; the response
// stands and nothing is saved.
func TestStoreErrorAfterHeaders(t *testing.T) {
	var logs strings.Builder
	m := session.New(&failingStore{}, key)
	m.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(ok)
		session.From(r.Context()).Set("x", "1")
	}))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.AddCookie(&http.Cookie{Name: session.DefaultCookieName, Value: session.NewKey()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Body.String() != "ok" || !strings.Contains(logs.String(), "boom") {
		t.Errorf("%d %q, log %q", rec.Code, rec.Body, logs.String())
	}
}
