package csrf

import (
	"bytes"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

const secret = "k7QpR2sT9vWxYz3A4bC5dE6fG7hJ8mN9"

type fixture struct {
	t   *testing.T
	cfg Config
	h   http.Handler
}

func newFixture(t *testing.T, cfg Config) *fixture {
	mux := http.NewServeMux()
	mux.HandleFunc("/ok/", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok:"+r.PostFormValue("name"))
	})
	mux.HandleFunc("/token/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, Token(r)) })
	mux.HandleFunc("/login/", func(w http.ResponseWriter, r *http.Request) { Rotate(r) })
	mux.HandleFunc("/flush/", func(w http.ResponseWriter, r *http.Request) {
		Token(r)
		w.(http.Flusher).Flush()
	})
	mux.Handle("/exempt/", Exempt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	if cfg.Failure == nil {
		cfg.Failure = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, FailureReason(r))
		})
	}
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	cfg.Router = mux
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, cfg: cfg, h: m.Handler(mux)}
}

type req struct {
	method, url, cookie string
	form                url.Values
	headers             map[string]string
}

func (f *fixture) do(rq req) (*http.Response, string) {
	var body io.Reader
	if rq.form != nil {
		body = strings.NewReader(rq.form.Encode())
	}
	r := httptest.NewRequest(rq.method, rq.url, body)
	if rq.form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if rq.cookie != "" {
		r.AddCookie(&http.Cookie{Name: "csrftoken", Value: rq.cookie})
	}
	for k, v := range rq.headers {
		r.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, r)
	return rec.Result(), rec.Body.String()
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func csrfCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "csrftoken" {
			return c
		}
	}
	return nil
}

func TestReasons(t *testing.T) {
	f := newFixture(t, Config{})
	good := Mask(secret)
	other := Mask(NewSecret())
	for _, tc := range []struct {
		name string
		rq   req
		want string
	}{
		{"no cookie", req{method: "POST", url: "/ok/", form: form(FormField, good)}, "CSRF cookie not set."},
		{"missing", req{method: "POST", url: "/ok/", cookie: secret}, "CSRF token missing."},
		{"wrong post", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, other)}, "CSRF token from POST incorrect."},
		{"short post", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, "abc")}, "CSRF token from POST has incorrect length."},
		{"bad chars post", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good[:63]+"!")}, "CSRF token from POST has invalid characters."},
		{"wrong header", req{method: "POST", url: "/ok/", cookie: secret, headers: map[string]string{"X-CSRFToken": other}}, "CSRF token from the 'X-Csrftoken' HTTP header incorrect."},
		{"empty header", req{method: "DELETE", url: "/ok/", cookie: secret, headers: map[string]string{"X-CSRFToken": ""}}, "CSRF token from the 'X-Csrftoken' HTTP header has incorrect length."},
		{"short cookie", req{method: "POST", url: "/ok/", cookie: "abc", form: form(FormField, good)}, "CSRF cookie has incorrect length."},
		{"bad cookie chars", req{method: "POST", url: "/ok/", cookie: secret[:31] + "-", form: form(FormField, good)}, "CSRF cookie has invalid characters."},
		{"bad origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "https://evil.example"}}, "Origin checking failed - https://evil.example does not match any trusted origins."},
		{"null origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "null"}}, "Origin checking failed - null does not match any trusted origins."},
		{"scheme mismatch origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "https://example.com"}}, "Origin checking failed - https://example.com does not match any trusted origins."},
		{"no referer", req{method: "POST", url: "https://example.com/ok/", cookie: secret, form: form(FormField, good)}, ReasonNoReferer},
		{"referer userinfo", req{method: "POST", url: "https://example.com/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": "https://user@example.com/"}}, "Referer checking failed - https://user@example.com/ does not match any trusted origins."},
		{"empty referer", req{method: "POST", url: "https://example.com/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": ""}}, ReasonMalformedReferer},
	} {
		res, body := f.do(tc.rq)
		if res.StatusCode != 403 || body != tc.want {
			t.Errorf("%s: %d %q, want 403 %q", tc.name, res.StatusCode, body, tc.want)
		}
	}
}

func TestAccepted(t *testing.T) {
	f := newFixture(t, Config{TrustedOrigins: []string{"https://*.trusted.example", "http://exact.example:8000"}})
	good := Mask(secret)
	for _, tc := range []struct {
		name string
		rq   req
	}{
		{"masked form token", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good, "name", "x")}},
		{"unmasked header token", req{method: "PUT", url: "/ok/", cookie: secret, headers: map[string]string{"X-CSRFToken": secret}}},
		{"legacy masked cookie", req{method: "POST", url: "/ok/", cookie: Mask(secret), form: form(FormField, good)}},
		{"same origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "http://example.com"}}},
		{"https origin, no referer", req{method: "POST", url: "https://example.com/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "https://example.com"}}},
		{"wildcard origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "https://a.b.trusted.example"}}},
		{"exact trusted origin", req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "http://exact.example:8000"}}},
		{"trusted referer", req{method: "POST", url: "https://example.com/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": "https://x.trusted.example/page"}}},
		{"exempt", req{method: "POST", url: "/exempt/"}},
		{"unrouted passes to 404", req{method: "POST", url: "/nope/"}},
	} {
		res, body := f.do(tc.rq)
		want := 200
		if tc.name == "unrouted passes to 404" {
			want = 404
		}
		if res.StatusCode != want {
			t.Errorf("%s: %d %q", tc.name, res.StatusCode, body)
		}
		if tc.name == "masked form token" && body != "ok:x" {
			t.Errorf("form not available to the view: %q", body)
		}
	}
	// Wildcards keep their scheme.
	res, _ := f.do(req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": "http://a.trusted.example"}})
	if res.StatusCode != 403 {
		t.Error("wildcard matched another scheme")
	}
}

// With the secret in the session, the Referer may match the session
// cookie's domain, not the CSRF cookie's (Django's _check_referer:
// SESSION_COOKIE_DOMAIN if CSRF_USE_SESSIONS else CSRF_COOKIE_DOMAIN).
func TestSessionCookieDomainReferer(t *testing.T) {
	store := &memSessions{secret: secret, domain: ".example.com"}
	f := newFixture(t, Config{Sessions: store, CookieDomain: ".other.example"})
	good := Mask(secret)
	post := func(referer string) (*http.Response, string) {
		return f.do(req{method: "POST", url: "https://example.com/ok/", form: form(FormField, good), headers: map[string]string{"Referer": referer}})
	}
	if res, body := post("https://www.example.com/page"); res.StatusCode != 200 {
		t.Fatalf("session cookie domain not used: %d %s", res.StatusCode, body)
	}
	if res, body := post("https://www.other.example/page"); res.StatusCode != 403 || !strings.HasPrefix(body, "Referer checking failed") {
		t.Fatalf("CSRF cookie domain used with sessions: %d %s", res.StatusCode, body)
	}
	// No session cookie domain: the request's host, as Django.
	store.domain = ""
	if res, body := post("https://www.example.com/page"); res.StatusCode != 403 {
		t.Fatalf("subdomain accepted without a domain: %d %s", res.StatusCode, body)
	}
	if res, body := post("https://example.com/page"); res.StatusCode != 200 {
		t.Fatalf("same host: %d %s", res.StatusCode, body)
	}
}

// A malformed secret in the session is not format-checked by Django
// (_get_secret checks cookies only): it is the secret the token fails to
// match. A token made for the page is for a new, well-formed secret.
func TestMalformedSessionSecret(t *testing.T) {
	for _, bad := range []string{"short", strings.Repeat("!", SecretLength)} {
		store := &memSessions{secret: bad}
		f := newFixture(t, Config{Sessions: store})
		res, body := f.do(req{method: "POST", url: "/ok/", form: form(FormField, Mask(secret))})
		if res.StatusCode != 403 || body != "CSRF token from POST incorrect." {
			t.Fatalf("%q: %d %s", bad, res.StatusCode, body)
		}
		res, body = f.do(req{method: "POST", url: "/ok/", form: form("name", "x")})
		if res.StatusCode != 403 || body != ReasonTokenMissing {
			t.Fatalf("%q, no token: %d %s", bad, res.StatusCode, body)
		}
		_, tok := f.do(req{method: "GET", url: "/token/"})
		if checkFormat(store.secret) != "" || Unmask(tok) != store.secret {
			t.Fatalf("%q: token %q for session secret %q", bad, tok, store.secret)
		}
		if res, body := f.do(req{method: "POST", url: "/ok/", form: form(FormField, tok)}); res.StatusCode != 200 {
			t.Fatalf("%q replaced: %d %s", bad, res.StatusCode, body)
		}
	}
}

func TestCookieDomainReferer(t *testing.T) {
	f := newFixture(t, Config{CookieDomain: ".example.com"})
	good := Mask(secret)
	res, body := f.do(req{method: "POST", url: "https://example.com:8443/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": "https://www.example.com:8443/"}})
	if res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	res, _ = f.do(req{method: "POST", url: "https://example.com:8443/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": "https://www.example.com/"}})
	if res.StatusCode != 403 {
		t.Fatal("port ignored")
	}
}

// A CookieDomain with a port, as Django 3.2 answers under its test client
// (server port 443): the Referer must match the domain and port as given,
// whatever port the Host has; the cookie carries Domain=host:port as
// Django sends it (net/http would drop it and log); Origin checks do not
// look at the cookie domain.
func TestCookieDomainWithPort(t *testing.T) {
	good := Mask(secret)
	for _, tt := range []struct {
		domain, url, referer string
		ok                   bool
	}{
		{"example.com:8443", "https://example.com/ok/", "https://example.com:8443/", true},
		{"example.com:8443", "https://example.com:8443/ok/", "https://example.com:8443/", true},
		{"example.com:8443", "https://example.com:9000/ok/", "https://example.com:8443/", true},
		{"example.com:8443", "https://example.com:8443/ok/", "https://example.com/", false},
		{"example.com:8443", "https://example.com/ok/", "https://www.example.com:8443/", false},
		{"example.com:8443", "https://example.com/ok/", "https://example.com:443/", false},
		{".example.com:8443", "https://example.com:8443/ok/", "https://www.example.com:8443/", true},
		{".example.com:8443", "https://example.com/ok/", "https://example.com:8443/", true},
		{".example.com:8443", "https://example.com/ok/", "https://www.example.com/", false},
		{"example.com:443", "https://example.com:8443/ok/", "https://example.com:443/", true},
		{"example.com:443", "https://example.com/ok/", "https://example.com/", false},
	} {
		f := newFixture(t, Config{CookieDomain: tt.domain})
		res, body := f.do(req{method: "POST", url: tt.url, cookie: secret, form: form(FormField, good), headers: map[string]string{"Referer": tt.referer}})
		if (res.StatusCode == 200) != tt.ok {
			t.Errorf("domain %q, %s, Referer %s: %d %s", tt.domain, tt.url, tt.referer, res.StatusCode, body)
		}
	}
	var logged bytes.Buffer
	f := newFixture(t, Config{CookieDomain: "example.com:8443", Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if !strings.Contains(logged.String(), "browsers ignore a cookie") {
		t.Errorf("no warning at New: %q", logged.String())
	}
	res, _ := f.do(req{method: "GET", url: "/token/"})
	if sc := res.Header.Get("Set-Cookie"); !strings.HasSuffix(sc, "; Domain=example.com:8443") || strings.Count(sc, "Domain=") != 1 {
		t.Errorf("Set-Cookie: %q", sc)
	}
	// Origin: the request's own origin and the trusted origins only.
	for origin, ok := range map[string]bool{"https://example.com:8443": true, "https://www.example.com:8443": false} {
		res, body := f.do(req{method: "POST", url: "https://example.com:8443/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Origin": origin}})
		if (res.StatusCode == 200) != ok {
			t.Errorf("Origin %s: %d %s", origin, res.StatusCode, body)
		}
	}
	// Anything else in a domain is left to net/http (which drops it).
	f = newFixture(t, Config{CookieDomain: "exa mple.com:1"})
	res, _ = f.do(req{method: "GET", url: "/token/"})
	if sc := res.Header.Get("Set-Cookie"); strings.Contains(sc, "Domain") {
		t.Errorf("Set-Cookie: %q", sc)
	}
}

func TestConfigValidation(t *testing.T) {
	for _, o := range []string{"example.com", ".example.com", "://x"} {
		if _, err := New(Config{TrustedOrigins: []string{o}}); err == nil {
			t.Errorf("%q accepted", o)
		}
	}
}

func TestTokenAndCookie(t *testing.T) {
	f := newFixture(t, Config{CookieSecure: true, CookieHTTPOnly: true, CookieDomain: ".example.com", CookiePath: "/app"})
	res, tok1 := f.do(req{method: "GET", url: "/token/"})
	c := csrfCookie(res)
	if c == nil || len(c.Value) != SecretLength || !c.Secure || !c.HttpOnly || c.Domain != "example.com" || c.Path != "/app" || c.MaxAge != 31449600 || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie %v", c)
	}
	if v := res.Header.Values("Vary"); len(v) != 1 || v[0] != "Cookie" {
		t.Fatalf("vary %q", v)
	}
	_, tok2 := f.do(req{method: "GET", url: "/token/", cookie: c.Value})
	if tok1 == tok2 || Unmask(tok1) != c.Value || Unmask(tok2) != c.Value {
		t.Fatal("tokens must differ per render and carry the same secret")
	}
	// A plain view sends no cookie.
	if res, _ := f.do(req{method: "GET", url: "/ok/", cookie: c.Value}); csrfCookie(res) != nil || res.Header.Get("Vary") != "" {
		t.Fatal("cookie sent by a view that did not use the token")
	}
	// Flushing sends the cookie with the headers.
	if res, _ := f.do(req{method: "GET", url: "/flush/"}); csrfCookie(res) == nil {
		t.Fatal("no cookie on flushed response")
	}
}

func TestCookieOptions(t *testing.T) {
	f := newFixture(t, Config{CookieAge: -1, CookieSameSite: http.SameSiteDefaultMode, CookieName: "xsrf"})
	res, _ := f.do(req{method: "GET", url: "/token/"})
	raw := res.Header.Get("Set-Cookie")
	if !strings.HasPrefix(raw, "xsrf=") || strings.Contains(raw, "Max-Age") || strings.Contains(raw, "SameSite") {
		t.Fatalf("%q", raw)
	}
}

func TestRotate(t *testing.T) {
	f := newFixture(t, Config{})
	res, _ := f.do(req{method: "GET", url: "/login/", cookie: secret})
	c := csrfCookie(res)
	if c == nil || c.Value == secret || checkFormat(c.Value) != "" {
		t.Fatalf("not rotated: %v", c)
	}
}

func TestMalformedCookieReplaced(t *testing.T) {
	f := newFixture(t, Config{})
	res, _ := f.do(req{method: "POST", url: "/ok/", cookie: "bad-cookie!", form: form(FormField, "bad-cookie!")})
	if c := csrfCookie(res); res.StatusCode != 403 || c == nil || len(c.Value) != SecretLength {
		t.Fatalf("%d %v", res.StatusCode, c)
	}
}

func TestMultipart(t *testing.T) {
	f := newFixture(t, Config{})
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(FormField, Mask(secret))
	mw.WriteField("name", "multi")
	mw.Close()
	r := httptest.NewRequest("POST", "/ok/", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(&http.Cookie{Name: "csrftoken", Value: secret})
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, r)
	if rec.Code != 200 || rec.Body.String() != "ok:multi" {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
}

func TestDefaultFailure(t *testing.T) {
	for _, debug := range []bool{false, true} {
		m, _ := New(Config{Debug: debug, Logger: discardLogger()})
		rec := httptest.NewRecorder()
		m.Handler(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
		body := rec.Body.String()
		if rec.Code != 403 || !strings.Contains(body, "CSRF verification failed") || strings.Contains(body, ReasonNoCookie) != debug {
			t.Fatalf("debug=%v: %d %q", debug, rec.Code, body)
		}
	}
}

func TestExemptDirect(t *testing.T) {
	m, _ := New(Config{Logger: discardLogger()})
	h := m.Handler(Exempt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, Token(r)) })))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != 200 || len(rec.Body.String()) != TokenLength {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
	if Token(httptest.NewRequest("GET", "/", nil)) != "" {
		t.Fatal("Token without middleware")
	}
}

// otherMark stands for another package's marker (auth.LoginNotRequired):
// it wraps a handler and unwraps to it.
type otherMark struct{ http.Handler }

func (o otherMark) Unwrap() http.Handler { return o.Handler }

// TestExemptThroughOtherMarkers: Exempt is seen through a wrapper that
// unwraps, as Django's csrf_exempt attribute survives other decorators.
func TestExemptThroughOtherMarkers(t *testing.T) {
	m, _ := New(Config{Logger: discardLogger()})
	h := m.Handler(otherMark{Exempt(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != 200 {
		t.Fatalf("exempt under another marker: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	m.Handler(otherMark{http.NotFoundHandler()}).ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != 403 {
		t.Fatalf("not exempt: %d", rec.Code)
	}
}

func TestCrossOriginLayer(t *testing.T) {
	f := newFixture(t, Config{CrossOrigin: http.NewCrossOriginProtection()})
	good := Mask(secret)
	res, body := f.do(req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Sec-Fetch-Site": "cross-site"}})
	if res.StatusCode != 403 || !strings.HasPrefix(body, "Cross-origin request rejected") {
		t.Fatalf("%d %q", res.StatusCode, body)
	}
	res, _ = f.do(req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, good), headers: map[string]string{"Sec-Fetch-Site": "same-origin"}})
	if res.StatusCode != 200 {
		t.Fatal("same-origin rejected")
	}
	// The token is still required when Sec-Fetch-Site says same-origin.
	res, _ = f.do(req{method: "POST", url: "/ok/", cookie: secret, headers: map[string]string{"Sec-Fetch-Site": "same-origin"}})
	if res.StatusCode != 403 {
		t.Fatal("token check skipped")
	}
}

type memSessions struct{ secret, domain string }

// SessionCookieDomain is the session cookie's domain, as session.Manager gives it.
func (m *memSessions) SessionCookieDomain() string { return m.domain }

func (m *memSessions) CSRFSecret(*http.Request) (string, bool) { return m.secret, m.secret != "" }
func (m *memSessions) SetCSRFSecret(_ *http.Request, s string) { m.secret = s }

func TestSessions(t *testing.T) {
	store := &memSessions{}
	f := newFixture(t, Config{Sessions: store})
	res, tok := f.do(req{method: "GET", url: "/token/"})
	if csrfCookie(res) != nil || store.secret == "" || Unmask(tok) != store.secret {
		t.Fatalf("secret not kept in the session: %v %q", csrfCookie(res), store.secret)
	}
	if !strings.Contains(res.Header.Get("Vary"), "Cookie") {
		t.Fatal("no Vary")
	}
	res, body := f.do(req{method: "POST", url: "/ok/", form: form(FormField, tok)})
	if res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	// A cookie is ignored in session mode.
	store.secret = ""
	res, body = f.do(req{method: "POST", url: "/ok/", cookie: secret, form: form(FormField, Mask(secret))})
	if res.StatusCode != 403 || body != ReasonNoCookie {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
}

func TestAddVary(t *testing.T) {
	h := http.Header{}
	h.Add("Vary", "Accept-Encoding, cookie")
	addVary(h, "Cookie")
	if len(h.Values("Vary")) != 1 {
		t.Fatal(h)
	}
	h = http.Header{"Vary": {"*"}}
	addVary(h, "Cookie")
	if len(h.Values("Vary")) != 1 {
		t.Fatal(h)
	}
}

func FuzzToken(f *testing.F) {
	for _, s := range []string{"", secret, Mask(secret), "bad-cookie!", strings.Repeat("\xff", 64), strings.Repeat("a", 63)} {
		f.Add(s, secret)
	}
	f.Fuzz(func(t *testing.T, token, sec string) {
		if checkFormat(token) != "" {
			return
		}
		ok := matches(token, sec)
		if ok && checkFormat(sec) != "" {
			t.Fatal("matched a malformed secret")
		}
		if len(token) == TokenLength {
			u := Unmask(token)
			if checkFormat(u) != "" || mask(u, token[:SecretLength]) != token {
				t.Fatalf("unmask/mask round trip failed for %q", token)
			}
		}
	})
}

func TestLateTokenWarns(t *testing.T) {
	var logs bytes.Buffer
	m, _ := New(Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		io.WriteString(w, Token(r))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(logs.String(), "after the response headers") {
		t.Fatalf("no warning: %q", logs.String())
	}
}

func TestMultipartTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	m, _ := New(Config{MaxMemory: 1, Logger: discardLogger()})
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(FormField, Mask(secret))
	fw, _ := mw.CreateFormFile("upload", "big.bin")
	fw.Write(bytes.Repeat([]byte("x"), 1<<16))
	mw.Close()
	r := httptest.NewRequest("POST", "/", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(&http.Cookie{Name: "csrftoken", Value: secret})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Fatalf("temporary files left: %v", entries)
	}
}

func FuzzMiddleware(f *testing.F) {
	f.Add("POST", "http://example.com", "https://example.com/", secret, Mask(secret), true)
	f.Add("PUT", "null", "not a url", "bad-cookie!", "", false)
	f.Add("DELETE", "https://[::1", "https://user@example.com:99999/", Mask(secret), secret, true)
	m, _ := New(Config{TrustedOrigins: []string{"https://*.example.com"}, Logger: discardLogger()})
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { Token(r) }))
	f.Fuzz(func(t *testing.T, method, origin, referer, cookie, token string, secure bool) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") {
			return
		}
		u := "http://example.com/"
		if secure {
			u = "https://example.com/"
		}
		r := httptest.NewRequest("GET", u, strings.NewReader(url.Values{FormField: {token}}.Encode()))
		r.Method = method
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header["Origin"] = []string{origin}
		r.Header["Referer"] = []string{referer}
		r.Header["X-Csrftoken"] = []string{token}
		r.Header["Cookie"] = []string{"csrftoken=" + cookie}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if rec.Code != 200 && rec.Code != 403 {
			t.Fatalf("status %d", rec.Code)
		}
	})
}

// Referer and Origin are split as Python's urlsplit does (Django uses it):
// a netloc that url.Parse refuses is still a netloc, and only unbalanced
// IPv6 brackets make a URL malformed.
func TestSplitURLLikePython(t *testing.T) {
	for _, c := range []struct{ raw, scheme, netloc string }{
		{"https://test server/", "https", "test server"},
		{"https://user:pw@testserver/x", "https", "user:pw@testserver"},
		{"HTTPS://Host:8443?q", "https", "Host:8443"},
		{" \thttps://h\n/", "https", "h"},
		{"not a url", "", ""},
		{"//testserver/", "", "testserver"},
		{"https:///path", "https", ""},
		{"1https://x/", "", ""},
		{"https://%zz/", "https", "%zz"},
	} {
		scheme, netloc, ok := splitURL(c.raw)
		if !ok || scheme != c.scheme || netloc != c.netloc {
			t.Errorf("splitURL(%q) = %q, %q, %v; want %q, %q", c.raw, scheme, netloc, ok, c.scheme, c.netloc)
		}
	}
	for _, raw := range []string{"https://[::1/", "https://::1]/"} {
		if _, _, ok := splitURL(raw); ok {
			t.Errorf("splitURL(%q) ok", raw)
		}
	}
}

// A mismatching Referer is quoted as Python's geturl() writes it, as
// Django does: scheme lower-cased, leading blanks dropped, an empty query
// or fragment left out.
func TestBadRefererReasonIsGeturl(t *testing.T) {
	for raw, want := range map[string]string{
		"HTTPS://Evil.example/x?":   "https://Evil.example/x",
		"  https://evil/#":          "https://evil/",
		"Https://evil:8443?q#f":     "https://evil:8443?q#f",
		"https://user:pw@evil/a b":  "https://user:pw@evil/a b",
		"https://ev\til/\n":         "https://evil/",
		"https://test server:443/?": "https://test server:443/",
	} {
		u, ok := pySplit(raw)
		if !ok || u.String() != want {
			t.Errorf("geturl(%q) = %q, %v; want %q", raw, u.String(), ok, want)
		}
	}
}
