package djinn_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/urls"
)

// oneUser is an authentication backend with one user and no database.
type oneUser struct{}

func (oneUser) Name() string { return "one" }

func (oneUser) Authenticate(context.Context, *http.Request, string, string) (*auth.User, error) {
	return nil, nil
}

func (oneUser) GetUser(_ context.Context, id int64) (*auth.User, error) {
	if id != 7 {
		return nil, nil
	}
	return &auth.User{ID: 7, Username: "alice", Password: "pbkdf2_sha256$1000$salt$hash", IsActive: true}, nil
}

// appPage returns the App's handler with the default MIDDLEWARE and the
// auth app, and the cookies of a logged-in user. Its /page view shows the
// user, a form's CSRF token and the messages; /json touches none of them.
func appPage(t *testing.T) (http.Handler, string) {
	t.Helper()
	s := settings()
	s.Debug = false
	s.LogLevel = "warn"
	s.Middleware = conf.DefaultMiddleware()
	a := auth.App()
	a.Backends = []auth.Backend{oneUser{}}
	app := djinn.New(s, a)
	page := urls.NewRouter(
		urls.Path("json", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.JSON(w, http.StatusOK, struct {
				Message string `json:"message"`
			}{"Hello, World!"})
		}), "json"),
		urls.Path("page", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			var b strings.Builder
			b.WriteString(auth.UserFrom(r.Context()).Username + " " + csrf.Token(r))
			for m := range messages.All(r) {
				b.WriteString(m.Message)
			}
			return httpx.Text(w, http.StatusOK, b.String())
		}), "page"),
		urls.Path("login", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			u, _ := oneUser{}.GetUser(r.Context(), 7)
			if err := a.Login(r, u, "one"); err != nil {
				return err
			}
			if err := messages.Info(r, "welcome"); err != nil {
				return err
			}
			return httpx.Text(w, http.StatusOK, "in")
		}), "login"),
	)
	app.Routes(page)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/login", nil)
	req.Host = "example.com"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var cs []string
	for _, c := range rec.Result().Cookies() {
		if c.Name != "messages" {
			cs = append(cs, c.Name+"="+c.Value)
		}
	}
	if rec.Code != http.StatusOK || len(cs) != 2 {
		t.Fatalf("login: %d %q, cookies %v", rec.Code, rec.Body, cs)
	}
	return h, strings.Join(cs, "; ")
}

// requestAllocs is the allocations per GET of path with cookies through h.
func requestAllocs(t *testing.T, h http.Handler, path, cookies, want string) float64 {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Host = "example.com"
	if cookies != "" {
		req.Header.Set("Cookie", cookies)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), want) {
		t.Fatalf("%s: %d %q", path, rec.Code, rec.Body)
	}
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

// TestDefaultStackAllocations bounds the default MIDDLEWARE's cost: on a
// request without cookies, sessions, CSRF, messages and authentication
// add nothing to the production stack (they added 14 allocations when each
// kept a context value and its own writer); the rest is uploads (3) and
// conditional GET (2). A logged-in page (user, token, messages) pays for
// the session's decoding, the user's check and the token.
func TestDefaultStackAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	production := stackAllocs(t, jsonStack(t, productionMiddleware, "warn"))
	if n := stackAllocs(t, jsonStack(t, conf.DefaultMiddleware(), "warn")) - production; n > 5 {
		t.Errorf("without the auth app: the default stack adds %v allocations to the production one, want at most 5", n)
	}
	h, cookies := appPage(t)
	if n := requestAllocs(t, h, "/json", "", `{"message"`) - production; n > 5 {
		t.Errorf("cookie-less /json: the default stack adds %v allocations to the production one, want at most 5", n)
	}
	if n := requestAllocs(t, h, "/json", cookies, `{"message"`) - production; n > 5 {
		t.Errorf("logged-in /json: the default stack adds %v allocations to the production one, want at most 5", n)
	}
	n := requestAllocs(t, h, "/page", cookies, "alice ")
	t.Logf("logged-in page: %v allocations", n)
	if n > 65 {
		t.Errorf("logged-in page: %v allocations, want at most 65", n)
	}
}

// TestDefaultStackCSRFCookieWithToken: with the CSRF state made lazily, a
// page that renders {% csrf_token %} still sends the secret's cookie (and
// Vary: Cookie), the token unmasks to it, and a page without a token sends
// none.
func TestDefaultStackCSRFCookieWithToken(t *testing.T) {
	h := processorApp(t, conf.DefaultMiddleware())
	w := get(h, "example.com", "/form/")
	var secret string
	for _, c := range w.Result().Cookies() {
		if c.Name == csrf.DefaultCookieName {
			secret = c.Value
		}
	}
	_, token, ok := strings.Cut(w.Body.String(), `value="`)
	token, _, _ = strings.Cut(token, `"`)
	if w.Code != 200 || !ok || len(secret) != csrf.SecretLength || csrf.Unmask(token) != secret {
		t.Fatalf("%d %q, secret %q", w.Code, w.Body, secret)
	}
	if !strings.Contains(strings.Join(w.Header().Values("Vary"), ","), "Cookie") {
		t.Errorf("Vary %q", w.Header().Values("Vary"))
	}
	h, _ = appPage(t)
	w = get(h, "example.com", "/json")
	if w.Code != 200 || len(w.Header().Values("Set-Cookie")) != 0 || w.Header().Get("Vary") != "" {
		t.Errorf("/json: %d %v", w.Code, w.Header())
	}
}

// TestDefaultStackMessagesAcrossRedirect: a message added before a
// redirect is shown by the next request, once.
func TestDefaultStackMessagesAcrossRedirect(t *testing.T) {
	s := settings()
	s.Middleware = conf.DefaultMiddleware()
	app := djinn.New(s)
	app.Logger = discardLogger()
	app.Routes(urls.NewRouter(
		urls.Path("save/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			if err := messages.Success(r, "saved"); err != nil {
				return err
			}
			http.Redirect(w, r, "/show/", http.StatusFound)
			return nil
		}), "save"),
		urls.Path("show/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			var b strings.Builder
			for m := range messages.All(r) {
				b.WriteString("[" + m.Message + "]")
			}
			return httpx.Text(w, http.StatusOK, b.String())
		}), "show"),
	))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	jar := map[string]string{}
	fetch := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Host = "example.com"
		for k, v := range jar {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		for _, c := range rec.Result().Cookies() {
			if c.MaxAge < 0 {
				delete(jar, c.Name)
			} else {
				jar[c.Name] = c.Value
			}
		}
		return rec
	}
	if w := fetch("/save/"); w.Code != http.StatusFound || w.Header().Get("Location") != "/show/" {
		t.Fatalf("save: %d %v", w.Code, w.Header())
	}
	if w := fetch("/show/"); w.Body.String() != "[saved]" {
		t.Errorf("after the redirect: %q", w.Body)
	}
	if w := fetch("/show/"); w.Body.String() != "" {
		t.Errorf("shown twice: %q", w.Body)
	}
}
