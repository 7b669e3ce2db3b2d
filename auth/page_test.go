package auth_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/middleware"
	"github.com/djinn-go/djinn/session"
)

// memBackend is a backend over one in-memory user that counts GetUser
// calls, so that the page tests measure the middleware, not a database.
type memBackend struct {
	user  auth.User
	loads atomic.Int32
}

func (b *memBackend) Name() string { return "mem" }

func (b *memBackend) Authenticate(context.Context, *http.Request, string, string) (*auth.User, error) {
	return nil, nil
}

func (b *memBackend) GetUser(_ context.Context, id int64) (*auth.User, error) {
	b.loads.Add(1)
	if id != int64(b.user.ID) {
		return nil, nil
	}
	u := b.user
	return &u, nil
}

// countingStore counts the session store's reads.
type countingStore struct {
	*session.MemoryStore
	loads atomic.Int32
}

func (s *countingStore) Load(ctx context.Context, key string) ([]byte, bool, error) {
	s.loads.Add(1)
	return s.MemoryStore.Load(ctx, key)
}

// page is a stack of the request record, sessions, CSRF, messages and
// authentication, as a djinn.App builds it, with a logged-in user's
// cookies.
type page struct {
	store   *countingStore
	backend *memBackend
	app     *auth.AppConfig
	h       http.Handler
	cookies string
}

// newPage builds the stack around view and logs alice in through it.
func newPage(tb testing.TB, view http.HandlerFunc) *page {
	tb.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	p := &page{store: &countingStore{MemoryStore: session.NewMemoryStore()}}
	p.backend = &memBackend{user: auth.User{ID: 7, Username: "alice", Password: "pbkdf2_sha256$1000$salt$hash", IsActive: true}}
	p.app = auth.App()
	p.app.SecretKey = "page-test-secret-key"
	p.app.Backends = []auth.Backend{p.backend}
	p.app.Logger = quiet
	sessions := session.New(p.store, []byte(p.app.SecretKey))
	sessions.Logger = quiet
	cm, err := csrf.New(csrf.Config{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	mm, err := messages.New(messages.Config{Logger: quiet, Storage: &messages.SessionStorage{Session: func(r *http.Request) messages.Session {
		if s := session.From(r.Context()); s != nil {
			return s
		}
		return nil
	}}})
	if err != nil {
		tb.Fatal(err)
	}
	stack := middleware.Chain(middleware.Renderers(nil, nil), sessions.Handler, cm.Handler, mm.Handler, p.app.AuthenticationMiddleware)
	p.h = stack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			u := p.backend.user
			if err := p.app.Login(r, &u, "mem"); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			csrf.Token(r)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		view(w, r)
	}))
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/login", nil))
	var cs []string
	for _, c := range rec.Result().Cookies() {
		cs = append(cs, c.Name+"="+c.Value)
	}
	if rec.Code != http.StatusNoContent || len(cs) != 2 {
		tb.Fatalf("login: %d %q, cookies %v", rec.Code, rec.Body, cs)
	}
	p.cookies = strings.Join(cs, "; ")
	p.store.loads.Store(0)
	p.backend.loads.Store(0)
	return p
}

// get serves a GET of path with the user's cookies.
func (p *page) get(path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Cookie", p.cookies)
	rec := httptest.NewRecorder()
	p.h.ServeHTTP(rec, req)
	return rec
}

// userPage is a real app's page: the user's name, a form's CSRF token and
// the messages, as a template with {% csrf_token %} and a messages loop
// renders them.
func userPage(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("Hello, ")
	b.WriteString(auth.UserFrom(r.Context()).Username)
	b.WriteString(` <input name="csrfmiddlewaretoken" value="`)
	b.WriteString(csrf.Token(r))
	b.WriteString(`">`)
	for m := range messages.All(r) {
		b.WriteString(m.Message)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, b.String())
}

// jsonView touches nothing of the request's state.
func jsonView(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"message":"Hello, World!"}`)
}

func TestLoggedInPage(t *testing.T) {
	p := newPage(t, userPage)
	rec := p.get("/page")
	if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "Hello, alice ") {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
	if n := p.store.loads.Load(); n != 1 {
		t.Errorf("session loaded %d times, want 1", n)
	}
	if n := p.backend.loads.Load(); n != 1 {
		t.Errorf("user loaded %d times, want 1", n)
	}
	// As Django's get_token, the token sends the secret it came with
	// back; the session, unchanged, is not saved.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Cookie", p.cookies)
	c, err := req.Cookie("csrftoken")
	if err != nil {
		t.Fatal(err)
	}
	secret := c.Value
	if sc := rec.Header().Values("Set-Cookie"); len(sc) != 1 || !strings.HasPrefix(sc[0], "csrftoken="+secret+";") {
		t.Errorf("cookies sent: %q, want the csrftoken %s only", sc, secret)
	}
}

// A view that never touches the session, the user or the messages costs
// no store read and no user load.
func TestUntouchedStateIsNotLoaded(t *testing.T) {
	p := newPage(t, jsonView)
	rec := p.get("/json")
	if rec.Code != 200 || rec.Body.String() != `{"message":"Hello, World!"}` {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
	if n := p.store.loads.Load(); n != 0 {
		t.Errorf("session store read %d times", n)
	}
	if n := p.backend.loads.Load(); n != 0 {
		t.Errorf("user loaded %d times", n)
	}
	if h := rec.Header(); len(h.Values("Set-Cookie")) != 0 || h.Get("Vary") != "" {
		t.Errorf("headers %v", h)
	}
}

// The user is loaded once per request, however often it is asked for, and
// only when it is.
func TestUserLoadedOnceWhenAsked(t *testing.T) {
	var asked atomic.Bool
	p := newPage(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("ask") {
			for range 3 {
				if auth.UserFrom(r.Context()).Username != "alice" {
					http.Error(w, "not alice", 500)
					return
				}
			}
			asked.Store(true)
		}
		_, _ = io.WriteString(w, "ok")
	})
	if rec := p.get("/?no"); rec.Code != 200 || p.backend.loads.Load() != 0 {
		t.Fatalf("%d, %d loads without asking", rec.Code, p.backend.loads.Load())
	}
	if rec := p.get("/?ask"); rec.Code != 200 || !asked.Load() || p.backend.loads.Load() != 1 {
		t.Fatalf("%d %q, %d loads", rec.Code, rec.Body, p.backend.loads.Load())
	}
}

// allocs is the allocations of a logged-in GET through h.
func allocs(t *testing.T, h http.Handler, cookies string) float64 {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Cookie", cookies)
	w := &nullWriter{h: http.Header{}}
	return testing.AllocsPerRun(100, func() {
		clear(w.h)
		w.status = 0
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			t.Fatalf("status %d", w.status)
		}
	})
}

type nullWriter struct {
	h      http.Header
	status int
}

func (w *nullWriter) Header() http.Header { return w.h }
func (w *nullWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *nullWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(p), nil
}

// TestPageAllocations bounds what sessions, CSRF, messages and
// authentication cost a logged-in request: only the record (and its
// request copy) for a view that uses none of them (96 allocations when
// the session was read eagerly); for a page with the user, a token and
// the messages, the session's decoding, the user's check and the token
// (126 before the state moved to the record and the session's fast
// decoding).
func TestPageAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	p := newPage(t, jsonView)
	bare := allocs(t, http.HandlerFunc(jsonView), p.cookies)
	if n := allocs(t, p.h, p.cookies) - bare; n > 2 {
		t.Errorf("untouched state: the stack adds %v allocations per request, want at most 2", n)
	}
	p = newPage(t, userPage)
	if n := allocs(t, p.h, p.cookies); n > 58 {
		t.Errorf("logged-in page: %v allocations per request, want at most 58", n)
	}
}

func BenchmarkLoggedInPage(b *testing.B) {
	for _, c := range []struct {
		name string
		view http.HandlerFunc
	}{{"page", userPage}, {"untouched", jsonView}} {
		b.Run(c.name, func(b *testing.B) {
			p := newPage(b, c.view)
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Cookie", p.cookies)
			w := &nullWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				w.status = 0
				p.h.ServeHTTP(w, req)
				if w.status != http.StatusOK {
					b.Fatal(w.status)
				}
			}
		})
	}
}
