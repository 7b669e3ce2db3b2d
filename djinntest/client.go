package djinntest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
)

// DefaultHost is the host the client addresses, Django's "testserver".
// The application's ALLOWED_HOSTS must allow it; Settings does.
const DefaultHost = "testserver"

// MaxRedirects is how many redirects Follow takes before failing the test
// (Django's limit).
const MaxRedirects = 20

// Client is Django's test client: it sends requests straight to a handler,
// without a network, and keeps cookies between them as a browser would for
// the host "testserver".
//
// Configure it through its fields before the first request. A Client is
// meant for one test goroutine.
type Client struct {
	// Handler serves the requests, usually what App.Handler returns.
	Handler http.Handler
	// Host is the host requests are addressed to; "" means DefaultHost.
	Host string
	// Header is sent with every request (Django's Client(headers=…)).
	Header http.Header
	// EnforceCSRFChecks makes the client send requests exactly as given,
	// so that CSRF protection is tested (Django's
	// enforce_csrf_checks=True). By default the client gets through the
	// CSRF check for the test, as Django's does: see the package
	// documentation.
	EnforceCSRFChecks bool
	// CSRFCookieName and CSRFHeaderName are the project's CSRF_COOKIE_NAME
	// and CSRF_HEADER_NAME; "" means "csrftoken" and "X-CSRFToken".
	CSRFCookieName, CSRFHeaderName string
	// AllowServerErrors stops the client from failing the test when a
	// view's error (or panic) becomes a 5xx response. By default such an
	// error fails the test with its text, as Django's
	// raise_request_exception does; set it to test error pages. Either
	// way the error is in Response.Err.
	AllowServerErrors bool

	tb  testing.TB
	jar *cookiejar.Jar
	// app is the project behind Handler, when known (NewAppClient,
	// Case.Client): Login, ForceLogin, Logout and Session need it.
	app *djinn.App
	// base supplies values (the test's transaction) to every request's
	// context, under the values of the request's own context.
	base context.Context
}

// NewClient returns a client for h that fails t on errors the test cannot
// recover from (a body that cannot be encoded, a redirect loop).
func NewClient(t testing.TB, h http.Handler) *Client {
	return &Client{Handler: h, Header: http.Header{}, tb: t, jar: newJar()}
}

func newJar() *cookiejar.Jar {
	j, _ := cookiejar.New(nil) // fails only with options we do not pass
	return j
}

func (c *Client) host() string {
	if c.Host == "" {
		return DefaultHost
	}
	return c.Host
}

func (c *Client) csrfCookieName() string {
	if c.CSRFCookieName == "" {
		return csrf.DefaultCookieName
	}
	return c.CSRFCookieName
}

func (c *Client) csrfHeaderName() string {
	if c.CSRFHeaderName == "" {
		return csrf.DefaultHeaderName
	}
	return c.CSRFHeaderName
}

// baseURL is the root of the site for the scheme.
func (c *Client) baseURL(secure bool) *url.URL {
	scheme := "http"
	if secure {
		scheme = "https"
	}
	return &url.URL{Scheme: scheme, Host: c.host(), Path: "/"}
}

// Cookies returns the cookies the client would send to path (name and
// value only, as a browser exposes them).
func (c *Client) Cookies(path string) []*http.Cookie {
	u := c.baseURL(false)
	u.Path = path
	return c.jar.Cookies(u)
}

// Cookie returns the value of the named cookie for "/" and whether the
// client holds it.
func (c *Client) Cookie(name string) (string, bool) {
	for _, ck := range c.jar.Cookies(c.baseURL(true)) {
		if ck.Name == name {
			return ck.Value, true
		}
	}
	return "", false
}

// SetCookie stores a cookie as if the site had set it (Path "/" when
// empty). It is the hook for logging in without the login view: Login
// and ForceLogin, which need the auth app, will create a session and store
// its cookie this way.
func (c *Client) SetCookie(ck *http.Cookie) {
	cp := *ck
	if cp.Path == "" {
		cp.Path = "/"
	}
	c.jar.SetCookies(c.baseURL(cp.Secure), []*http.Cookie{&cp})
}

// ClearCookies forgets every cookie, like a fresh browser.
func (c *Client) ClearCookies() { c.jar = newJar() }

// CSRFToken returns the CSRF cookie's value, for tests that build forms
// themselves with EnforceCSRFChecks on.
func (c *Client) CSRFToken() string {
	v, _ := c.Cookie(c.csrfCookieName())
	return v
}

// RequestOption adjusts one request.
type RequestOption func(*request)

type request struct {
	follow bool
	secure bool
	header http.Header
	query  url.Values
	ctx    context.Context
}

// Follow follows redirects, recording them in Response.RedirectChain
// (Django's follow=True). 307 and 308 repeat the method and body; other
// redirects become a GET (a HEAD stays a HEAD).
func Follow() RequestOption { return func(r *request) { r.follow = true } }

// Secure sends the request over HTTPS (Django's secure=True): the
// handler sees r.TLS set, and Secure cookies are sent.
func Secure() RequestOption { return func(r *request) { r.secure = true } }

// Header adds a request header (Django's headers={…}).
func Header(key, value string) RequestOption {
	return func(r *request) { r.header.Add(key, value) }
}

// Query adds query parameters to the path (Django's data for get()).
func Query(v url.Values) RequestOption {
	return func(r *request) {
		for k, vs := range v {
			r.query[k] = append(r.query[k], vs...)
		}
	}
}

// WithContext sends the request with ctx (its values reach the handler
// through r.Context()); AssertNumQueries passes the context to use. A
// client of a Case adds the test's transaction to ctx's values, so that
// the views' queries still run in it.
func WithContext(ctx context.Context) RequestOption {
	return func(r *request) { r.ctx = ctx }
}

// Get sends a GET request.
func (c *Client) Get(path string, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodGet, path, nil, opts...)
}

// Head sends a HEAD request; the response has no body, as over a network.
func (c *Client) Head(path string, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodHead, path, nil, opts...)
}

// Options sends an OPTIONS request.
func (c *Client) Options(path string, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodOptions, path, nil, opts...)
}

// Delete sends a DELETE request without a body; use Do for one with a body.
func (c *Client) Delete(path string, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodDelete, path, nil, opts...)
}

// Post sends a POST request with body (nil for none).
func (c *Client) Post(path string, body Body, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodPost, path, body, opts...)
}

// Put sends a PUT request with body.
func (c *Client) Put(path string, body Body, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodPut, path, body, opts...)
}

// Patch sends a PATCH request with body.
func (c *Client) Patch(path string, body Body, opts ...RequestOption) *Response {
	c.tb.Helper()
	return c.Do(http.MethodPatch, path, body, opts...)
}

// Do sends a request with any method. path is a path with an optional
// query ("/polls/?page=2") or an absolute URL ("https://testserver/x").
func (c *Client) Do(method, path string, body Body, opts ...RequestOption) *Response {
	c.tb.Helper()
	if c.Handler == nil {
		c.tb.Fatalf("djinntest: %s %s: the client has no Handler", method, path)
	}
	rq := &request{header: http.Header{}, query: url.Values{}}
	for _, o := range opts {
		o(rq)
	}
	if rq.ctx == nil {
		rq.ctx = c.tb.Context()
	}
	rq.ctx = c.withBase(rq.ctx)
	var ct string
	var data []byte
	if body != nil {
		var err error
		if ct, data, err = body.Build(); err != nil {
			c.tb.Fatalf("djinntest: %s %s: %v", method, path, err)
		}
	}
	u, err := c.resolve(nil, path, rq.secure)
	if err != nil {
		c.tb.Fatalf("djinntest: %s %s: %v", method, path, err)
	}
	if len(rq.query) > 0 {
		q := u.Query()
		for k, vs := range rq.query {
			q[k] = append(q[k], vs...)
		}
		u.RawQuery = q.Encode()
	}
	resp := c.send(rq, method, u, ct, data)
	if !rq.follow {
		return resp
	}
	var chain []Redirect
	seen := map[string]bool{}
	for isRedirect(resp.StatusCode) {
		loc := resp.Header.Get("Location")
		if loc == "" {
			break
		}
		next, err := c.resolve(resp.Request.URL, loc, false)
		if err != nil {
			c.tb.Fatalf("djinntest: follow redirect to %q: %v", loc, err)
		}
		chain = append(chain, Redirect{URL: loc, StatusCode: resp.StatusCode})
		switch {
		case resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect:
		case method == http.MethodHead:
		default:
			method, ct, data = http.MethodGet, "", nil
		}
		key := method + " " + next.String()
		if seen[key] {
			c.tb.Fatalf("djinntest: redirect loop detected: %v", chain)
		}
		seen[key] = true
		if len(chain) > MaxRedirects {
			c.tb.Fatalf("djinntest: too many redirects: %v", chain)
		}
		resp = c.send(rq, method, next, ct, data)
	}
	resp.RedirectChain = chain
	return resp
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// resolve turns a path or URL into an absolute URL on the client's host,
// relative to base when given.
func (c *Client) resolve(base *url.URL, ref string, secure bool) (*url.URL, error) {
	u, err := url.Parse(ref)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = c.baseURL(secure)
	}
	u = base.ResolveReference(u)
	u.Fragment, u.RawFragment = "", "" // browsers keep fragments to themselves
	return u, nil
}

// send performs one request.
func (c *Client) send(rq *request, method string, u *url.URL, ct string, data []byte) *Response {
	c.tb.Helper()
	var rd io.Reader
	if data != nil {
		rd = bytes.NewReader(data)
	}
	// The request is built on a well-formed host and then given the
	// client's, which may be anything a client can send in a Host header
	// ("evil.com@good.com", "bad host"): host validation is what tests
	// exercise with it.
	safe := *u
	safe.Host = DefaultHost
	req := httptest.NewRequestWithContext(rq.ctx, method, safe.String(), rd)
	req.Host, req.URL.Host = u.Host, u.Host
	if req.TLS != nil {
		req.TLS.ServerName = u.Host
	}
	req.RemoteAddr = "127.0.0.1:50000"
	for k, vs := range c.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range rq.header {
		req.Header[k] = append(req.Header[k], vs...)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if !c.EnforceCSRFChecks {
		c.passCSRF(req, u)
	}
	for _, ck := range c.jar.Cookies(u) {
		req.AddCookie(ck)
	}

	ctx, rendered := httpx.RecordErrors(req.Context())
	ctx, renders := withRenders(ctx)
	req = req.WithContext(ctx)
	rec := httptest.NewRecorder()
	c.Handler.ServeHTTP(rec, req)
	viewErr := rendered()
	if viewErr != nil && httpx.StatusOf(viewErr) >= 500 && !c.AllowServerErrors {
		c.tb.Errorf("djinntest: %s %s: the view failed: %v", method, u.RequestURI(), viewErr)
	}
	res := rec.Result()
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body) // reading a recorder's buffer cannot fail
	if method == http.MethodHead || res.StatusCode == http.StatusNoContent ||
		res.StatusCode == http.StatusNotModified || res.StatusCode < 200 {
		body = nil
	}
	c.jar.SetCookies(u, res.Cookies())
	return &Response{
		StatusCode: res.StatusCode,
		Header:     res.Header,
		Body:       body,
		Request:    req,
		Err:        viewErr,
		Renders:    renders.all(),
		client:     c,
		secure:     u.Scheme == "https",
	}
}

// passCSRF lets an unsafe request through the CSRF middleware, as Django's
// test client does: it sends the CSRF cookie's value in the CSRF header,
// creating a cookie first if the client has none, and on HTTPS a Referer
// from the site (what a browser sends with a same-origin form).
func (c *Client) passCSRF(req *http.Request, u *url.URL) {
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return
	}
	name := c.csrfCookieName()
	token, ok := "", false
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == name {
			token, ok = ck.Value, true
		}
	}
	if !ok {
		token = csrf.NewSecret()
		c.jar.SetCookies(u, []*http.Cookie{{Name: name, Value: token, Path: "/"}})
	}
	if req.Header.Get(c.csrfHeaderName()) == "" {
		req.Header.Set(c.csrfHeaderName(), token)
	}
	if u.Scheme == "https" && req.Header.Get("Referer") == "" && req.Header.Get("Origin") == "" {
		req.Header.Set("Referer", "https://"+u.Host+"/")
	}
}

// Redirect is one step of a followed redirect chain: the Location as the
// response gave it, and the response's status.
type Redirect struct {
	URL        string
	StatusCode int
}

func (r Redirect) String() string {
	return r.URL + " (" + strings.TrimSpace(http.StatusText(r.StatusCode)) + ")"
}

// withBase returns ctx with the client's base values behind its own.
func (c *Client) withBase(ctx context.Context) context.Context {
	if c.base == nil {
		return ctx
	}
	return layered{Context: ctx, under: c.base}
}

// layered is a context whose values come from Context, then from under;
// its deadline and cancellation are Context's alone.
type layered struct {
	context.Context
	under context.Context
}

func (l layered) Value(key any) any {
	if v := l.Context.Value(key); v != nil {
		return v
	}
	return l.under.Value(key)
}
