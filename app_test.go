package djinn_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/orm/dialect/sqlite"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/upload"
	"github.com/djinn-go/djinn/urls"
)

func settings() *conf.Settings {
	s := conf.Defaults()
	s.SecretKey = strings.Repeat("k3y-", 15)
	s.AllowedHosts = []string{"example.com", ".example.org"}
	s.ShutdownTimeout = 5 * time.Second
	s.SessionEngine = "signed_cookies"
	return s
}

// routes is a minimal URLconf: exact paths only.
type routes map[string]http.Handler

func (rt routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := rt[r.URL.Path]; ok {
		h.ServeHTTP(w, r)
		return
	}
	httpx.RenderError(w, r, httpx.NotFound(""))
}

func (rt routes) Resolves(path string) bool { _, ok := rt[path]; return ok }

func newApp(t *testing.T, s *conf.Settings) (*djinn.App, http.Handler) {
	t.Helper()
	rt := urls.NewRouter(
		urls.Path("", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.HTML(w, 200, "home")
		}), "home"),
		urls.Path("polls/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.HTML(w, 200, "polls")
		}), "polls"),
		urls.Path("boom/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			panic("secret panic value")
		}), "boom"),
		urls.Path("missing/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.NotFound("no question 7")
		}), "missing"),
		urls.Path("form/", csrf.Exempt(httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			if err := r.ParseForm(); err != nil {
				return err
			}
			return httpx.Text(w, 200, "fields: "+strconv.Itoa(len(r.PostForm)))
		})), "form"),
		urls.Path("protected/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.Text(w, 200, "posted")
		}), "protected"),
	)
	app := djinn.New(s)
	app.Logger = discardLogger()
	app.Routes(rt)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return app, h
}

func get(h http.Handler, host, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	r.Host = host
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestStackDefaults(t *testing.T) {
	_, h := newApp(t, settings())
	w := get(h, "example.com", "/")
	if w.Code != 200 || w.Body.String() != "home" {
		t.Fatalf("home: %d %q", w.Code, w.Body.String())
	}
	want := map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "same-origin",
		"Cross-Origin-Opener-Policy": "same-origin",
		"X-Frame-Options":            "DENY",
	}
	for k, v := range want {
		if got := w.Header().Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if w.Header().Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent over plain HTTP")
	}
	if v, ok := w.Header()["X-Request-Id"]; ok {
		t.Errorf("X-Request-Id %q sent by default (Django sends none)", v)
	}
}

// TestRequestIDHeaderSetting: REQUEST_ID_HEADER echoes each request's id
// under that name.
func TestRequestIDHeaderSetting(t *testing.T) {
	s := settings()
	s.RequestIDHeader = "x-correlation-id"
	_, h := newApp(t, s)
	seen := map[string]bool{}
	for range 3 {
		id := get(h, "example.com", "/").Header().Get("X-Correlation-Id")
		if len(id) != 26 || seen[id] {
			t.Errorf("request id %q (seen: %v)", id, seen[id])
		}
		seen[id] = true
	}
}

func TestForgedHostIs400BeforeAnythingRuns(t *testing.T) {
	_, h := newApp(t, settings())
	for _, host := range []string{"evil.com", "example.com.evil.com", "exa mple.com", "example.com@evil.com", ""} {
		w := get(h, host, "/boom/")
		if w.Code != 400 {
			t.Errorf("host %q: status %d, want 400", host, w.Code)
		}
	}
	if w := get(h, "a.example.org:8000", "/"); w.Code != 200 {
		t.Errorf("subdomain pattern: %d", w.Code)
	}
}

func TestPanicIs500WithoutStackOutsideDebug(t *testing.T) {
	_, h := newApp(t, settings())
	w := get(h, "example.com", "/boom/")
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	for _, leak := range []string{"secret panic value", "goroutine", ".go:"} {
		if strings.Contains(body, leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
	s := settings()
	s.Debug = true
	_, h = newApp(t, s)
	w = get(h, "example.com", "/boom/")
	if w.Code != 500 || !strings.Contains(w.Body.String(), "secret panic value") || !strings.Contains(w.Body.String(), "goroutine") {
		t.Fatalf("debug 500 page lacks the panic and stack: %d", w.Code)
	}
	if strings.Contains(w.Body.String(), s.SecretKey) {
		t.Error("debug page shows SECRET_KEY")
	}
}

func TestAppendSlashUsesTheURLconf(t *testing.T) {
	_, h := newApp(t, settings())
	w := get(h, "example.com", "/polls?x=1")
	if w.Code != 301 || w.Header().Get("Location") != "/polls/?x=1" {
		t.Fatalf("APPEND_SLASH: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := get(h, "example.com", "/nowhere"); w.Code != 404 {
		t.Fatalf("unresolvable path: %d", w.Code)
	}
}

func TestTypedErrorsRender(t *testing.T) {
	_, h := newApp(t, settings())
	w := get(h, "example.com", "/missing/")
	if w.Code != 404 || !strings.Contains(w.Body.String(), "no question 7") {
		t.Fatalf("404: %d %q", w.Code, w.Body.String())
	}
}

func TestInvalidSettingsAreReportedNotPanicked(t *testing.T) {
	s := conf.Defaults() // no SECRET_KEY, DEBUG off
	app := djinn.New(s)
	if _, err := app.Handler(); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Fatalf("Handler() = %v", err)
	}
	var out, errw bytes.Buffer
	app.Stdout, app.Stderr = &out, &errw
	if code := app.Run(context.Background(), []string{"check"}); code != 1 || !strings.Contains(errw.String(), "djinn.E001") {
		t.Fatalf("check: exit %d, stderr %q", code, errw.String())
	}
}

func TestCommandExitCodes(t *testing.T) {
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"help"}, 0, "runserver"},
		{[]string{"check"}, 0, "no issues"},
		{[]string{"check", "--deploy"}, 0, "security.W004"},
		{[]string{"check", "--deploy", "--fail-level", "WARNING"}, 1, "security.W004"},
		{[]string{"check", "--fail-level", "LOUD"}, 2, "unknown --fail-level"},
		{[]string{"runserver", "not a port:x"}, 2, "not a valid"},
		{[]string{"runserver", "1", "2"}, 2, "too many"},
		{[]string{"nope"}, 2, "Unknown command"},
		{[]string{"serve", "--bogus"}, 2, "flag provided but not defined"},
	}
	for _, c := range cases {
		app, _ := newApp(t, settings())
		var out, errw bytes.Buffer
		app.Stdout, app.Stderr = &out, &errw
		code := app.Run(context.Background(), c.args)
		if code != c.code {
			t.Errorf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.code, out.String(), errw.String())
		}
		if !strings.Contains(out.String()+errw.String(), c.out) {
			t.Errorf("%v: output lacks %q:\n%s%s", c.args, c.out, out.String(), errw.String())
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunserverServesAndDrains starts runserver on a free port, sends a
// request that is still running when the server is told to stop, and
// checks that the request completes and that the command exits 0.
func TestRunserverServesAndDrains(t *testing.T) {
	s := settings()
	s.AllowedHosts = []string{"127.0.0.1"}
	started := make(chan struct{})
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow/", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		io.WriteString(w, "finished")
	})
	app := djinn.New(s)
	app.Logger = discardLogger()
	app.Routes(mux)
	out := &syncBuffer{}
	app.Stdout, app.Stderr = out, out
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- app.Run(ctx, []string{"runserver", "127.0.0.1:0"}) }()
	addrRe := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	if addr == "" {
		cancel()
		t.Fatalf("server did not start: %s", out.String())
	}
	type result struct {
		body string
		err  error
	}
	res := make(chan result)
	go func() {
		resp, err := http.Get("http://" + addr + "/slow/")
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{string(b), err}
	}()
	<-started
	cancel() // Ctrl-C while the request is in flight
	time.Sleep(100 * time.Millisecond)
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("new connections still accepted after shutdown began")
	}
	close(release)
	r := <-res
	if r.err != nil || r.body != "finished" {
		t.Fatalf("in-flight request: %q %v", r.body, r.err)
	}
	if code := <-done; code != 0 {
		t.Fatalf("runserver exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "Quit the server with CONTROL-C") {
		t.Errorf("banner: %s", out.String())
	}
}

func TestNewServerSetsEveryTimeout(t *testing.T) {
	srv := djinn.NewServer(settings(), http.NotFoundHandler(), nil)
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Fatalf("server: %+v", srv)
	}
}

func TestParseAddr(t *testing.T) {
	cases := map[string]string{
		"":               "127.0.0.1:8000",
		"9000":           "127.0.0.1:9000",
		"0.0.0.0:9000":   "0.0.0.0:9000",
		":9000":          "0.0.0.0:9000",
		"localhost":      "localhost:8000",
		"[::1]:9000":     "[::1]:9000",
		"[::1]":          "[::1]:8000",
		"example.com:80": "example.com:80",
	}
	for in, want := range cases {
		got, err := djinn.ParseAddr(in, "127.0.0.1:8000")
		if err != nil || got != want {
			t.Errorf("ParseAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"99999", "host:port", "::1", "a b:80", "1.2.3.4:"} {
		if got, err := djinn.ParseAddr(bad, "127.0.0.1:8000"); err == nil {
			t.Errorf("ParseAddr(%q) = %q, want an error", bad, got)
		}
	}
}

func TestRequestLimits(t *testing.T) {
	_, h := newApp(t, settings())
	body := strings.NewReader(strings.Repeat("a=1&", 1001))
	r := httptest.NewRequest("POST", "/form/", body)
	r.Host = "example.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 400 {
		t.Errorf("1001 fields: %d, want 400", w.Code)
	}
	r = httptest.NewRequest("POST", "/form/", strings.NewReader(strings.Repeat("a=1&", 999)))
	r.Host = "example.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 {
		t.Errorf("999 fields: %d, want 200", w.Code)
	}
	r = httptest.NewRequest("POST", "/", strings.NewReader("x"))
	r.Host = "example.com"
	r.ContentLength = 3 << 20
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 413 {
		t.Errorf("3 MiB body: %d, want 413", w.Code)
	}
	r = httptest.NewRequest("GET", "/", nil)
	r.Host = "example.com"
	r.Header.Set("X-Big", strings.Repeat("x", 70<<10))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 431 {
		t.Errorf("70 KiB header: %d, want 431", w.Code)
	}
}

func TestConditionalGetInStack(t *testing.T) {
	_, h := newApp(t, settings())
	w := get(h, "example.com", "/")
	etag := w.Header().Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "example.com"
	r.Header.Set("If-None-Match", etag)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 304 || w.Body.Len() != 0 {
		t.Fatalf("conditional GET: %d %q", w.Code, w.Body.String())
	}
}

func TestGzipOnlyWhenConfigured(t *testing.T) {
	s := settings()
	app := djinn.New(s)
	app.Logger = discardLogger()
	big := strings.Repeat("hello djinn ", 100)
	app.Routes(routes{"/": httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return httpx.HTML(w, 200, big) })})
	h, _ := app.Handler()
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "example.com"
	r.Header.Set("Accept-Encoding", "gzip")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get("Content-Encoding") != "" {
		t.Fatal("gzip on by default")
	}
	s.Gzip = true
	app = djinn.New(s)
	app.Logger = discardLogger()
	app.Routes(routes{"/": httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return httpx.HTML(w, 200, big) })})
	h, _ = app.Handler()
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatal("GZIP setting ignored")
	}
}

func TestURLChecksAndBadPatterns(t *testing.T) {
	app := djinn.New(settings())
	app.Logger = discardLogger()
	ok := http.NotFoundHandler()
	app.Routes(urls.NewRouter(
		urls.Path("a/", ok, "dup"),
		urls.Path("b/", ok, "dup"),
		urls.Path("c/<bogus:x>/", ok, "c"),
	))
	var out, errw bytes.Buffer
	app.Stdout, app.Stderr = &out, &errw
	if code := app.Run(context.Background(), []string{"check"}); code != 1 {
		t.Fatalf("check with a bad pattern: exit %d\n%s%s", code, out.String(), errw.String())
	}
	if !strings.Contains(errw.String(), "urls.E900") {
		t.Errorf("check output lacks urls.E900:\n%s", errw.String())
	}
	if _, err := app.Handler(); err == nil {
		t.Error("Handler accepted a URLconf with errors")
	}
}

// TestTemplatesUseCurrentApp checks that {% url %} in a template rendered
// for a request under an instance namespace reverses within it.
func TestTemplatesUseCurrentApp(t *testing.T) {
	view := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.Render(w, r, 200, "link.html", nil)
	})
	shop := urls.Patterns{urls.Path("", view, "index")}
	app := djinn.New(settings(), tmplApp{})
	app.Logger = discardLogger()
	app.Routes(urls.NewRouter(
		urls.Include("shop/", shop, "shop", "shop"),
		urls.Include("store/", shop, "shop", "store"),
	))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	if w := get(h, "example.com", "/store/"); w.Body.String() != "/store/" {
		t.Errorf("under store: %q", w.Body.String())
	}
	if w := get(h, "example.com", "/shop/"); w.Body.String() != "/shop/" {
		t.Errorf("under shop: %q", w.Body.String())
	}
	if w := get(h, "example.com", "/nope/"); w.Code != 404 || !strings.Contains(w.Body.String(), "custom 404") {
		t.Errorf("project 404.html not used: %d %q", w.Code, w.Body.String())
	}
}

type tmplApp struct{}

func (tmplApp) Label() string { return "tmpl" }
func (tmplApp) Templates() fs.FS {
	return fstest.MapFS{
		"link.html":  {Data: []byte(`{% url 'shop:index' %}`)},
		"404.html":   {Data: []byte(`custom 404: {{ message }}`)},
		"form.html":  {Data: []byte(`<form method="post">{% csrf_token %}</form>`)},
		"plain.html": {Data: []byte(`no form`)},
		"bad.html":   {Data: []byte("line one\n{% if %}\nline three")},
		"ctx.html":   {Data: []byte("{{ request.URL.Path }}|{{ STATIC_URL }}|{{ debug }}")},
	}
}

func TestCSRFInStack(t *testing.T) {
	_, h := newApp(t, settings())
	for _, path := range []string{"/", "/protected/"} {
		r := httptest.NewRequest("POST", path, strings.NewReader("a=1"))
		r.Host = "example.com"
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != 403 || !strings.Contains(w.Body.String(), "CSRF verification failed") {
			t.Errorf("POST %s without a token: %d %q", path, w.Code, w.Body.String())
		}
		if w.Header().Get("X-Frame-Options") != "DENY" {
			t.Errorf("CSRF failure page lacks X-Frame-Options")
		}
	}
	// With the cookie and the token it passes.
	secret := csrf.NewSecret()
	r := httptest.NewRequest("POST", "/protected/", strings.NewReader("csrfmiddlewaretoken="+csrf.Mask(secret)))
	r.Host = "example.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(&http.Cookie{Name: "csrftoken", Value: secret})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.String() != "posted" {
		t.Fatalf("POST with token: %d %q", w.Code, w.Body.String())
	}
}

func TestCSRFTokenTagSetsCookieOnlyWhenUsed(t *testing.T) {
	view := func(name string) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.Render(w, r, 200, name, nil)
		})
	}
	app := djinn.New(settings(), tmplApp{})
	app.Logger = discardLogger()
	app.Routes(urls.NewRouter(urls.Path("form/", view("form.html"), "form"), urls.Path("plain/", view("plain.html"), "plain")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "example.com", "/form/")
	if !strings.Contains(w.Body.String(), `<input type="hidden" name="csrfmiddlewaretoken" value="`) {
		t.Fatalf("no token input: %q", w.Body.String())
	}
	if !strings.Contains(w.Header().Get("Set-Cookie"), "csrftoken=") {
		t.Errorf("no csrftoken cookie: %v", w.Header())
	}
	if w := get(h, "example.com", "/plain/"); w.Header().Get("Set-Cookie") != "" {
		t.Errorf("a page without a form set a cookie: %v", w.Header())
	}
}

func TestSessionsInStack(t *testing.T) {
	for _, engine := range []string{"signed_cookies", "db"} {
		t.Run(engine, func(t *testing.T) {
			s := settings()
			s.SessionEngine = engine
			s.Databases = map[string]string{"default": "sqlite:///" + t.TempDir() + "/db.sqlite3"}
			app := djinn.New(s)
			app.Logger = discardLogger()
			app.Dialects(sqlite.New())
			t.Cleanup(func() { app.Close() })
			app.Routes(urls.NewRouter(urls.Path("count/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
				sess := session.From(r.Context())
				n, _ := session.Lookup[float64](sess, "n")
				sess.Set("n", n+1)
				return httpx.Text(w, 200, strconv.Itoa(int(n+1)))
			}), "count")))
			if engine == "db" {
				var out bytes.Buffer
				app.Stdout, app.Stderr = &out, &out
				if code := app.Run(context.Background(), []string{"migrate"}); code != 0 {
					t.Fatalf("migrate: exit %d\n%s", code, out.String())
				}
				if !strings.Contains(out.String(), "Applying sessions.0001_initial... OK") {
					t.Errorf("migrate output:\n%s", out.String())
				}
			}
			h, err := app.Handler()
			if err != nil {
				t.Fatal(err)
			}
			var cookie *http.Cookie
			for want := 1; want <= 3; want++ {
				r := httptest.NewRequest("GET", "/count/", nil)
				r.Host = "example.com"
				if cookie != nil {
					r.AddCookie(cookie)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Body.String() != strconv.Itoa(want) {
					t.Fatalf("visit %d: %q", want, w.Body.String())
				}
				for _, c := range w.Result().Cookies() {
					if c.Name == "sessionid" {
						cookie = c
						if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
							t.Errorf("cookie flags: %+v", c)
						}
					}
				}
			}
			// A tampered cookie gives an empty session, not an error.
			r := httptest.NewRequest("GET", "/count/", nil)
			r.Host = "example.com"
			r.AddCookie(&http.Cookie{Name: "sessionid", Value: cookie.Value + "x"})
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != 200 || w.Body.String() != "1" {
				t.Fatalf("tampered cookie: %d %q", w.Code, w.Body.String())
			}
		})
	}
}

func TestMessagesAndUploadsInStack(t *testing.T) {
	s := settings()
	app := djinn.New(s)
	app.Logger = discardLogger()
	app.Routes(urls.NewRouter(
		urls.Path("add/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			if err := messages.Success(r, "Saved."); err != nil {
				return err
			}
			return httpx.Redirect(w, r, "/show/")
		}), "add"),
		urls.Path("show/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			var out []string
			for _, m := range messages.Get(r) {
				out = append(out, m.LevelTag()+":"+m.Message)
			}
			return httpx.Text(w, 200, strings.Join(out, ","))
		}), "show"),
		urls.Path("upload/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			f, err := upload.FormFrom(r)
			if err != nil {
				return err
			}
			file := f.File("doc")
			if file == nil {
				return httpx.BadRequest("no file")
			}
			return httpx.Text(w, 200, file.Name+":"+f.Values.Get("title"))
		}), "upload"),
	))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "example.com", "/add/")
	r := httptest.NewRequest("GET", "/show/", nil)
	r.Host = "example.com"
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	w2 := httptest.NewRecorder()
	h.ServeHTTP(w2, r)
	if w2.Body.String() != "success:Saved." {
		t.Fatalf("messages: %q", w2.Body.String())
	}

	// A multipart POST: the CSRF token is read through the upload parser,
	// and the view gets the same parsed form.
	secret := csrf.NewSecret()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrfmiddlewaretoken", csrf.Mask(secret))
	mw.WriteField("title", "Report")
	fw, _ := mw.CreateFormFile("doc", "../../etc/report.txt")
	fw.Write([]byte("hello"))
	mw.Close()
	r = httptest.NewRequest("POST", "/upload/", &body)
	r.Host = "example.com"
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(&http.Cookie{Name: "csrftoken", Value: secret})
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Body.String() != "report.txt:Report" {
		t.Fatalf("upload: %d %q", w.Code, w.Body.String())
	}
}

func TestDebugPageShowsTemplateSource(t *testing.T) {
	s := settings()
	s.Debug = true
	app := djinn.New(s, tmplApp{})
	app.Logger = discardLogger()
	app.Routes(urls.NewRouter(urls.Path("bad/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.Render(w, r, 200, "bad.html", nil)
	}), "bad")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "example.com", "/bad/")
	body := w.Body.String()
	if w.Code != 500 || !strings.Contains(body, "Template error in bad.html") || !strings.Contains(body, "&gt;&gt;    2  {% if %}") {
		t.Fatalf("debug page: %d %s", w.Code, body)
	}
}

func TestMiddlewareSetting(t *testing.T) {
	s := settings()
	s.Middleware = []string{"security", "limits", "common", "conditional"}
	app, h := newApp(t, s)
	// Without csrf, a POST needs no token; without clickjacking, no header.
	r := httptest.NewRequest("POST", "/protected/", strings.NewReader("a=1"))
	r.Host = "example.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != 200 || w.Header().Get("X-Frame-Options") != "" || w.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("reduced stack: %d %v", w.Code, w.Header())
	}
	// Host validation stays on whatever MIDDLEWARE says.
	if w := get(h, "evil.com", "/"); w.Code != 400 {
		t.Fatalf("forged host with a reduced stack: %d", w.Code)
	}
	var out bytes.Buffer
	app.Stdout, app.Stderr = &out, &out
	app.Run(context.Background(), []string{"check", "--deploy"})
	for _, id := range []string{"security.W002", "security.W003"} {
		if !strings.Contains(out.String(), id) {
			t.Errorf("check --deploy lacks %s:\n%s", id, out.String())
		}
	}
}

func TestTemplateContextProcessors(t *testing.T) {
	view := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.Render(w, r, 200, "ctx.html", nil)
	})
	for _, c := range []struct {
		procs []string
		debug bool
		want  string
	}{
		{conf.Defaults().TemplateContextProcessors, true, "/ctx/|/static/|True"},
		{conf.Defaults().TemplateContextProcessors, false, "/ctx/|/static/|"},
		{[]string{"static"}, true, "|/static/|"},
	} {
		s := settings()
		s.Debug = c.debug
		s.TemplateContextProcessors = c.procs
		app := djinn.New(s, tmplApp{})
		app.Logger = discardLogger()
		app.Routes(urls.NewRouter(urls.Path("ctx/", view, "ctx")))
		h, err := app.Handler()
		if err != nil {
			t.Fatal(err)
		}
		if w := get(h, "example.com", "/ctx/"); w.Body.String() != c.want {
			t.Errorf("processors %v debug %v: %q, want %q", c.procs, c.debug, w.Body.String(), c.want)
		}
	}
}
