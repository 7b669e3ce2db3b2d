package session_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/session"
)

var key = []byte("test-secret-key")

func app(m *session.Manager) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/set", func(w http.ResponseWriter, r *http.Request) {
		for k, v := range r.URL.Query() {
			session.From(r.Context()).Set(k, v[0])
		}
	})
	mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
		s := m.Session(r.Context())
		for _, k := range s.Keys() {
			fmt.Fprintf(w, "%s=%v;", k, s.GetString(k))
		}
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "plain") })
	mux.HandleFunc("/flush", func(w http.ResponseWriter, r *http.Request) { session.From(r.Context()).Flush() })
	mux.HandleFunc("/clear", func(w http.ResponseWriter, r *http.Request) { session.From(r.Context()).Clear() })
	mux.HandleFunc("/setdel", func(w http.ResponseWriter, r *http.Request) {
		s := session.From(r.Context())
		s.Set("a", "1")
		s.Delete("a")
	})
	mux.HandleFunc("/cycleboom", func(w http.ResponseWriter, r *http.Request) {
		session.From(r.Context()).CycleKey()
		w.WriteHeader(500)
	})
	mux.HandleFunc("/cycle", func(w http.ResponseWriter, r *http.Request) { session.From(r.Context()).CycleKey() })
	mux.HandleFunc("/del", func(w http.ResponseWriter, r *http.Request) {
		session.From(r.Context()).Delete(r.URL.Query().Get("k"))
	})
	mux.HandleFunc("/expiry", func(w http.ResponseWriter, r *http.Request) {
		d, _ := time.ParseDuration(r.URL.Query().Get("d"))
		s := session.From(r.Context())
		s.Set("x", "1")
		s.SetExpiry(d)
	})
	mux.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) {
		session.From(r.Context()).Set("x", "1")
		w.WriteHeader(500)
	})
	mux.HandleFunc("/late", func(w http.ResponseWriter, r *http.Request) {
		s := session.From(r.Context())
		io.WriteString(w, "body first")
		s.Set("late", "yes")
	})
	return m.Handler(mux)
}

type client struct {
	t      *testing.T
	h      http.Handler
	cookie string
}

func (c *client) get(path string) *http.Response {
	r := httptest.NewRequest("GET", path, nil)
	if c.cookie != "" {
		r.AddCookie(&http.Cookie{Name: "sessionid", Value: c.cookie})
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.Name == "sessionid" {
			if ck.MaxAge < 0 {
				c.cookie = ""
			} else {
				c.cookie = ck.Value
			}
		}
	}
	return res
}

func body(res *http.Response) string { b, _ := io.ReadAll(res.Body); return string(b) }

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "sessionid" {
			return c
		}
	}
	return nil
}

var keyRE = regexp.MustCompile(`^[a-z0-9]{32}$`)

func TestNewSessionCookie(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	c := &client{t: t, h: app(m)}
	res := c.get("/set?a=1")
	ck := sessionCookie(res)
	if ck == nil || !keyRE.MatchString(ck.Value) || !ck.HttpOnly || ck.Secure || ck.SameSite != http.SameSiteLaxMode ||
		ck.MaxAge != 1209600 || ck.Path != "/" || ck.Domain != "" {
		t.Fatalf("cookie %v", ck)
	}
	if res.Header.Get("Vary") != "Cookie" {
		t.Fatal("no Vary: Cookie")
	}
	data, found, _ := store.Load(context.Background(), ck.Value)
	if !found {
		t.Fatal("not saved")
	}
	if s := m.Codec.Decode(string(data)); s.GetString("a") != "1" {
		t.Fatal("stored data")
	}
	if got := body(c.get("/get")); got != "a=1;" {
		t.Fatalf("got %q", got)
	}
	// Unmodified: no cookie, but Vary because the session was read.
	res = c.get("/get")
	if sessionCookie(res) != nil || res.Header.Get("Vary") != "Cookie" {
		t.Fatal("unmodified session re-sent")
	}
	// Not touched at all: nothing.
	res = c.get("/plain")
	if sessionCookie(res) != nil || res.Header.Get("Vary") != "" {
		t.Fatal("untouched session")
	}
}

func TestNoFixation(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	for _, planted := range []string{"attackerchosenkey0123456789abcde", "UPPER-and-odd!", "short"} {
		c := &client{t: t, h: app(m), cookie: planted}
		c.get("/set?a=1")
		if c.cookie == planted || !keyRE.MatchString(c.cookie) {
			t.Fatalf("client key %q adopted: %q", planted, c.cookie)
		}
	}
}

func TestFlushAndEmpty(t *testing.T) {
	store := session.NewMemoryStore()
	c := &client{t: t, h: app(session.New(store, key))}
	c.get("/set?a=1")
	res := c.get("/flush")
	if ck := sessionCookie(res); ck == nil || ck.MaxAge >= 0 || store.Len() != 0 {
		t.Fatalf("flush: cookie %v, %d stored", ck, store.Len())
	}
	// An existing session emptied key by key, or by Clear, keeps its key
	// (Django's is_empty() is false): it is saved empty and its cookie
	// refreshed.
	for _, path := range []string{"/del?k=a", "/clear"} {
		c.get("/set?a=1")
		k := c.cookie
		res = c.get(path)
		if ck := sessionCookie(res); ck == nil || ck.Value != k || ck.MaxAge <= 0 || store.Len() != 1 {
			t.Fatalf("%s: cookie %v, %d stored", path, ck, store.Len())
		}
		data, _, _ := store.Load(context.Background(), k)
		if s := session.New(store, key).Codec.Decode(string(data)); s.Len() != 0 || len(data) == 0 {
			t.Fatalf("%s: stored %q", path, data)
		}
		c.get("/flush")
	}
	// A new session emptied in the same request is never saved.
	c.cookie = ""
	if res := c.get("/setdel"); sessionCookie(res) != nil || store.Len() != 0 {
		t.Fatal("empty new session saved")
	}
	// An empty session without a cookie sends nothing.
	if res := c.get("/flush"); sessionCookie(res) != nil {
		t.Fatal("cookie for a session that never existed")
	}
}

func TestCycleKey(t *testing.T) {
	store := session.NewMemoryStore()
	c := &client{t: t, h: app(session.New(store, key))}
	c.get("/set?a=1")
	old := c.cookie
	c.get("/cycle")
	if c.cookie == old || !keyRE.MatchString(c.cookie) || store.Len() != 1 {
		t.Fatalf("cycle: %q -> %q, %d stored", old, c.cookie, store.Len())
	}
	if _, found, _ := store.Load(context.Background(), old); found {
		t.Fatal("old key survives")
	}
	if got := body(c.get("/get")); got != "a=1;" {
		t.Fatalf("data lost: %q", got)
	}
}

// Django's cycle_key creates the session: on an empty one (no cookie,
// flushed, or cleared) it saves an empty session under a new key and
// sends its cookie, which then stays (an empty stored session is not
// deleted). On a 5xx nothing is sent or saved.
func TestCycleKeyOnEmptySession(t *testing.T) {
	for _, name := range []string{"memory", "cookie"} {
		t.Run(name, func(t *testing.T) {
			store := session.NewMemoryStore()
			var st session.Store = store
			if name == "cookie" {
				st = session.CookieStore{}
			}
			c := &client{t: t, h: app(session.New(st, key))}
			res := c.get("/cycle")
			ck := sessionCookie(res)
			if ck == nil || ck.MaxAge <= 0 {
				t.Fatalf("no session cookie after CycleKey on an empty session: %v", res.Header)
			}
			if name == "memory" && (!keyRE.MatchString(ck.Value) || store.Len() != 1) {
				t.Fatalf("cookie %q, %d stored", ck.Value, store.Len())
			}
			if got := res.Header.Get("Vary"); got != "Cookie" {
				t.Errorf("Vary = %q", got)
			}
			res = c.get("/get")
			if got := body(res); got != "" || sessionCookie(res) != nil || c.cookie != ck.Value {
				t.Fatalf("then: data %q, cookie %v", got, sessionCookie(res))
			}
			// Flush then CycleKey: a new, empty session again.
			c.get("/set?a=1")
			before := c.cookie
			c.get("/flush")
			c.get("/cycle")
			if c.cookie == "" || c.cookie == before {
				t.Fatalf("flush then cycle: %q -> %q", before, c.cookie)
			}
			if name == "memory" && store.Len() != 1 {
				t.Fatalf("%d stored", store.Len())
			}
			fresh := &client{t: t, h: c.h}
			if res := fresh.get("/cycleboom"); sessionCookie(res) != nil {
				t.Fatal("cookie on a 500")
			}
			if name == "memory" && store.Len() != 1 {
				t.Fatalf("%d stored after a 500", store.Len())
			}
		})
	}
}

func TestExpiry(t *testing.T) {
	now := time.Unix(1700000000, 0)
	store := session.NewMemoryStore()
	store.Now = func() time.Time { return now }
	m := session.New(store, key)
	m.Codec.Now = func() time.Time { return now }
	c := &client{t: t, h: app(m)}
	res := c.get("/expiry?d=1h")
	if ck := sessionCookie(res); ck == nil || ck.MaxAge != 3600 {
		t.Fatalf("1h: %v", ck)
	}
	res = c.get("/expiry?d=0s")
	if ck := sessionCookie(res); ck == nil || ck.MaxAge != 0 || strings.Contains(res.Header.Get("Set-Cookie"), "Max-Age") {
		t.Fatalf("browser close: %q", res.Header.Get("Set-Cookie"))
	}
	// The store still expires it after the cookie age.
	now = now.Add(session.DefaultCookieAge + time.Second)
	if _, found, _ := store.Load(context.Background(), c.cookie); found {
		t.Fatal("browser-close session never expires in the store")
	}

	m2 := session.New(session.NewMemoryStore(), key)
	m2.ExpireAtBrowserClose = true
	res = (&client{t: t, h: app(m2)}).get("/set?a=1")
	if strings.Contains(res.Header.Get("Set-Cookie"), "Max-Age") {
		t.Fatal("ExpireAtBrowserClose ignored")
	}
}

func TestSaveEveryRequestAnd500(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	m.SaveEveryRequest = true
	c := &client{t: t, h: app(m)}
	c.get("/set?a=1")
	if sessionCookie(c.get("/get")) == nil {
		t.Fatal("SaveEveryRequest did not refresh the cookie")
	}
	c2 := &client{t: t, h: app(session.New(store, key))}
	before := store.Len()
	if res := c2.get("/boom"); sessionCookie(res) != nil || store.Len() != before {
		t.Fatal("session saved on a 500")
	}
}

func TestLateChange(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	c := &client{t: t, h: app(m)}
	c.get("/set?a=1")
	c.get("/late")
	if got := body(c.get("/get")); got != "a=1;late=yes;" {
		t.Fatalf("change after the body was lost: %q", got)
	}
}

func TestTamperedDataIsEmpty(t *testing.T) {
	store := session.NewMemoryStore()
	k := session.NewKey()
	store.Save(context.Background(), k, []byte("e30:1r31eq:tampered"), time.Now().Add(time.Hour))
	c := &client{t: t, h: app(session.New(store, key)), cookie: k}
	if res := c.get("/get"); res.StatusCode != 200 || body(res) != "" {
		t.Fatal("tampered data")
	}
}

type failingStore struct{ session.MemoryStore }

func (f *failingStore) Load(context.Context, string) ([]byte, bool, error) {
	return nil, false, errors.New("boom")
}

func TestStoreError(t *testing.T) {
	m := session.New(&failingStore{}, key)
	m.Logger = discard()
	c := &client{t: t, h: app(m), cookie: session.NewKey()}
	if res := c.get("/get"); res.StatusCode != 500 {
		t.Fatalf("status %d", res.StatusCode)
	}
	called := false
	m.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { called = true; w.WriteHeader(503) }
	if res := c.get("/get"); res.StatusCode != 503 || !called {
		t.Fatal("ErrorFunc not used")
	}
}

func TestCookieStore(t *testing.T) {
	m := session.New(session.CookieStore{}, key)
	m.CookieSecure = true
	c := &client{t: t, h: app(m)}
	res := c.get("/set?user=alice")
	ck := sessionCookie(res)
	if ck == nil || !ck.Secure || !strings.Contains(ck.Value, ":") {
		t.Fatalf("cookie %v", ck)
	}
	if got := body(c.get("/get")); got != "user=alice;" {
		t.Fatalf("got %q", got)
	}
	// Cleared, the session is a cookie holding an empty dict (Django's
	// signed_cookies: the key is the cookie, so the session is not
	// empty), not a deleted cookie.
	res = c.get("/clear")
	if ck := sessionCookie(res); ck == nil || ck.MaxAge <= 0 || !strings.HasPrefix(ck.Value, "e30:") {
		t.Fatalf("cleared: cookie %v", ck)
	}
	if got := body(c.get("/get")); got != "" {
		t.Fatalf("cleared: got %q", got)
	}
	if ck := sessionCookie(c.get("/flush")); ck == nil || ck.MaxAge >= 0 {
		t.Fatalf("flushed: cookie %v", ck)
	}
	c.get("/set?user=alice")
	// A tampered cookie is an empty session, and the cookie is replaced
	// by one holding an empty dict (Django's load() calls create()).
	// Change a character inside the signature to another one (the last
	// character may carry unused base64 bits, and may already be the
	// replacement).
	i := len(c.cookie) - 5
	repl := byte('A')
	if c.cookie[i] == 'A' {
		repl = 'B'
	}
	c.cookie = c.cookie[:i] + string(repl) + c.cookie[i+1:]
	res = c.get("/get")
	if res.StatusCode != 200 || body(res) != "" {
		t.Fatal("tampered cookie accepted")
	}
	if ck := sessionCookie(res); ck == nil || ck.MaxAge <= 0 || !strings.HasPrefix(ck.Value, "e30:") {
		t.Fatalf("tampered cookie not replaced: %v", ck)
	}
	// A cookie too short to be a key (Django: shorter than 8) is deleted.
	c.cookie = "e30:x"
	if ck := sessionCookie(c.get("/get")); ck == nil || ck.MaxAge >= 0 {
		t.Fatalf("short cookie not deleted: %v", ck)
	}
}

func TestLookupAndNil(t *testing.T) {
	m := session.New(session.NewMemoryStore(), key)
	s := m.Codec.Decode(mustEncode(t, m, map[string]any{"n": 3, "tags": []string{"a", "b"}}))
	if n, ok := session.Lookup[int](s, "n"); !ok || n != 3 {
		t.Fatalf("int: %v %v", n, ok)
	}
	if tags, ok := session.Lookup[[]string](s, "tags"); !ok || len(tags) != 2 {
		t.Fatalf("tags: %v", tags)
	}
	if _, ok := session.Lookup[int](s, "tags"); ok {
		t.Fatal("wrong type converted")
	}
	var nilSession *session.Session
	nilSession.Set("a", 1)
	if nilSession.Has("a") || nilSession.Key() != "" || session.From(context.Background()) != nil {
		t.Fatal("nil session")
	}
}

func mustEncode(t *testing.T, m *session.Manager, values map[string]any) string {
	s := m.Codec.Decode("")
	for k, v := range values {
		s.Set(k, v)
	}
	text, err := m.Codec.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	return text
}

func TestConcurrentAccess(t *testing.T) {
	m := session.New(session.NewMemoryStore(), key)
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := session.From(r.Context())
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.Set(fmt.Sprint(i), i)
				s.Get("0")
			}()
		}
		wg.Wait()
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if sessionCookie(rec.Result()) == nil {
		t.Fatal("not saved")
	}
}

func TestCSRFInSession(t *testing.T) {
	m := session.New(session.NewMemoryStore(), key)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, csrf.Token(r)) })
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	p, err := csrf.New(csrf.Config{Sessions: m, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, h: m.Handler(p.Handler(mux))}
	res := c.get("/form")
	token := body(res)
	for _, ck := range res.Cookies() {
		if ck.Name == "csrftoken" {
			t.Fatal("csrf cookie set in session mode")
		}
	}
	if c.cookie == "" || len(token) != csrf.TokenLength {
		t.Fatalf("session %q token %q", c.cookie, token)
	}
	r := httptest.NewRequest("POST", "/form", strings.NewReader("csrfmiddlewaretoken="+token))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: "sessionid", Value: c.cookie})
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

func TestOrderAndExpiryAt(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	at := time.Now().Add(90 * time.Minute).Truncate(time.Second)
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := session.From(r.Context())
		if s.Len() == 0 {
			for _, k := range []string{"zeta", "alpha", "mid"} {
				s.Set(k, k)
			}
			s.SetExpiryAt(at)
			return
		}
		fmt.Fprint(w, strings.Join(s.Keys(), ","))
	}))
	c := &client{t: t, h: h}
	res := c.get("/")
	ck := sessionCookie(res)
	if ck == nil || ck.MaxAge < 89*60 || ck.MaxAge > 90*60 {
		t.Fatalf("expiry at: %v", ck)
	}
	if got := body(c.get("/")); got != "zeta,alpha,mid,_session_expiry" {
		t.Fatalf("order after reload: %q", got)
	}
}

func TestCSRFWithoutSessionMiddleware(t *testing.T) {
	m := session.New(session.NewMemoryStore(), key)
	m.Logger = discard()
	r := httptest.NewRequest("GET", "/", nil)
	m.SetCSRFSecret(r, "x") // must not panic
	if _, ok := m.CSRFSecret(r); ok {
		t.Fatal("secret without a session")
	}
}

func TestUnencodableValue(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	m.Logger = discard()
	for _, write := range []bool{false, true} {
		h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			session.From(r.Context()).Set("f", func() {})
			if write {
				io.WriteString(w, "body")
			}
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		if rec.Code != 500 || store.Len() != 0 || sessionCookie(rec.Result()) != nil {
			t.Fatalf("write=%v: %d, %d stored", write, rec.Code, store.Len())
		}
	}
}

// A change made by a view that answers 5xx is not saved, for an existing
// session too (Django skips the save on 5xx responses): the save after
// the response, meant for changes made once the body started, must not
// undo that.
func TestExistingSessionNotSavedOn500(t *testing.T) {
	store := session.NewMemoryStore()
	c := &client{t: t, h: app(session.New(store, key))}
	c.get("/set?a=1")
	if c.cookie == "" {
		t.Fatal("no session")
	}
	if res := c.get("/boom"); res.StatusCode != 500 || sessionCookie(res) != nil {
		t.Fatalf("status %d, cookie %v", res.StatusCode, sessionCookie(res))
	}
	if got := body(c.get("/get")); got != "a=1;" {
		t.Fatalf("a change made on a 500 was saved: %q", got)
	}
}

// Nor is a change made after a 5xx header went out, when the view had not
// used the session before.
func TestChangeAfter500HeaderNotSaved(t *testing.T) {
	store := session.NewMemoryStore()
	m := session.New(store, key)
	c := &client{t: t, h: app(m)}
	c.get("/set?a=1")
	late := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		session.From(r.Context()).Set("x", "1")
	}))
	c2 := &client{t: t, h: late, cookie: c.cookie}
	if res := c2.get("/"); res.StatusCode != 500 {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := body(c.get("/get")); got != "a=1;" {
		t.Fatalf("a change made after a 500 header was saved: %q", got)
	}
}

// A store failure met when the headers go out replaces the view's response
// with the error page: the headers that described the view's body
// (encoding, length, validators, redirect, attachment) are not sent with it.
func TestStoreErrorPageDropsViewHeaders(t *testing.T) {
	m := session.New(&failingStore{}, key)
	m.Logger = discard()
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		session.From(r.Context()).Get("x")
		hd := w.Header()
		hd.Set("Content-Encoding", "gzip")
		hd.Set("Content-Length", "3")
		hd.Set("ETag", `"v"`)
		hd.Set("Location", "/elsewhere")
		hd.Set("Content-Disposition", "attachment")
		w.WriteHeader(http.StatusFound)
		w.Write([]byte("abc"))
	}))
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: "sessionid", Value: session.NewKey()})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	for _, k := range []string{"Content-Encoding", "Content-Length", "ETag", "Location", "Content-Disposition"} {
		if v := rec.Header().Get(k); v != "" {
			t.Errorf("error page sent with the view's %s: %q", k, v)
		}
	}
}

// Django's cycle_key and flush delete the old key when called: the
// response failing (no save on a 5xx) must not leave it in the store.
func TestCycleKeyOn500DeletesOldKey(t *testing.T) {
	store := session.NewMemoryStore()
	c := &client{t: t, h: app(session.New(store, key))}
	c.get("/set?a=1")
	old := c.cookie
	if res := c.get("/cycleboom"); res.StatusCode != 500 || sessionCookie(res) != nil {
		t.Fatalf("status %d, cookie %v", res.StatusCode, sessionCookie(res))
	}
	if _, found, _ := store.Load(context.Background(), old); found || store.Len() != 0 {
		t.Fatalf("old key survives a 5xx after CycleKey (%d stored)", store.Len())
	}
}

// With the CSRF secret in the session, the CSRF Referer check matches the
// session cookie's domain (Django: SESSION_COOKIE_DOMAIN if
// CSRF_USE_SESSIONS else CSRF_COOKIE_DOMAIN).
func TestCSRFRefererUsesSessionCookieDomain(t *testing.T) {
	m := session.New(session.NewMemoryStore(), key)
	m.CookieDomain = ".example.com"
	mux := http.NewServeMux()
	mux.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, csrf.Token(r)) })
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
	p, err := csrf.New(csrf.Config{
		Sessions: m, CookieDomain: ".other.example", Logger: discard(),
		IsSecure: func(*http.Request) bool { return true },
	})
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, h: m.Handler(p.Handler(mux))}
	token := body(c.get("https://example.com/form"))
	post := func(referer string) int {
		r := httptest.NewRequest("POST", "https://example.com/form", strings.NewReader("csrfmiddlewaretoken="+token))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Referer", referer)
		r.AddCookie(&http.Cookie{Name: "sessionid", Value: c.cookie})
		rec := httptest.NewRecorder()
		c.h.ServeHTTP(rec, r)
		return rec.Code
	}
	if code := post("https://www.example.com/form"); code != 200 {
		t.Fatalf("referer on the session cookie's domain: %d", code)
	}
	if code := post("https://www.other.example/form"); code != 403 {
		t.Fatalf("referer on the CSRF cookie's domain: %d", code)
	}
}
