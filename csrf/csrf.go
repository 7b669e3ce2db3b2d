package csrf

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/upload"
)

// Defaults, as Django's settings.
const (
	DefaultCookieName = "csrftoken"
	DefaultCookieAge  = 31449600 * time.Second // 52 weeks
	DefaultHeaderName = "X-CSRFToken"
	// FormField is the POST field carrying the token.
	FormField = "csrfmiddlewaretoken"
)

// ErrBadTrustedOrigin reports a TrustedOrigins entry without a scheme.
var ErrBadTrustedOrigin = errors.New("csrf: trusted origin must start with a scheme such as https://")

// SessionStore keeps the secret in the user's session instead of a cookie
// (Django's CSRF_USE_SESSIONS). session.Manager implements it.
type SessionStore interface {
	// CSRFSecret returns the secret stored for r's session, if any.
	CSRFSecret(r *http.Request) (secret string, ok bool)
	// SetCSRFSecret stores secret in r's session; it is called before the
	// response headers are written.
	SetCSRFSecret(r *http.Request, secret string)
}

// sessionDomainer is a SessionStore that knows its cookie's domain.
type sessionDomainer interface {
	// SessionCookieDomain returns the session cookie's Domain, "" for none.
	SessionCookieDomain() string
}

// Router finds the handler a request will reach; *http.ServeMux has this
// method. With it, the middleware skips requests no view will handle (they
// get the router's 404, as Django checks in process_view) and honours
// Exempt on the routed handler.
type Router interface {
	Handler(r *http.Request) (h http.Handler, pattern string)
}

// Config configures the middleware. The zero value gives Django's defaults.
type Config struct {
	// CookieName is the cookie holding the secret; "" means "csrftoken".
	CookieName string
	// CookieAge is the cookie's lifetime; 0 means 52 weeks, a negative
	// value makes it a browser-session cookie.
	CookieAge time.Duration
	// CookieDomain, when set, is the cookie's Domain and the domain a
	// Referer may match on HTTPS (e.g. ".example.com"), with the request's
	// port unless that is 80 or 443 or the domain has a port already
	// (browsers ignore a cookie whose Domain has a port: New logs a
	// warning). With Sessions set,
	// the Referer matches the session cookie's domain instead when the
	// store has a SessionCookieDomain method (session.Manager does), as
	// Django uses SESSION_COOKIE_DOMAIN with CSRF_USE_SESSIONS.
	CookieDomain string
	// CookiePath defaults to "/".
	CookiePath string
	// CookieSecure adds Secure to the cookie (set it in production).
	CookieSecure bool
	// CookieHTTPOnly hides the cookie from JavaScript; leave it off if
	// scripts read the token from the cookie.
	CookieHTTPOnly bool
	// CookieSameSite is the cookie's SameSite; 0 means Lax, and
	// http.SameSiteDefaultMode omits the attribute.
	CookieSameSite http.SameSite
	// HeaderName carries the token for AJAX; "" means "X-CSRFToken".
	HeaderName string
	// TrustedOrigins are extra origins allowed to POST, each with its
	// scheme: "https://app.example.com", "https://*.example.com".
	TrustedOrigins []string
	// Sessions, when set, keeps the secret in the session, not a cookie.
	Sessions SessionStore
	// Failure answers rejected requests; FailureReason(r) gives the
	// reason. nil means a plain 403 page.
	Failure http.Handler
	// Debug shows the failure reason on the default failure page.
	Debug bool
	// IsSecure reports whether r came over HTTPS; nil means r.TLS != nil.
	// The middleware trusts r.Host: validate hosts before it.
	IsSecure func(r *http.Request) bool
	// Router, when set, lets the middleware see the routed handler.
	Router Router
	// CrossOrigin, when set, runs net/http's Sec-Fetch-Site / Origin check
	// first as an extra layer; the token check still runs after it.
	CrossOrigin *http.CrossOriginProtection
	// MaxMemory bounds multipart form parsing in memory (the rest goes to
	// temporary files); 0 means 2.5 MiB, Django's upload threshold.
	MaxMemory int64
	// Logger receives a warning per rejection; nil means slog.Default().
	Logger *slog.Logger
}

// Middleware is Django's CsrfViewMiddleware; Handler is the middleware.
type Middleware struct {
	cfg          Config
	exactOrigins map[string]bool
	wildOrigins  map[string][]string // scheme -> ".example.com" patterns
	trustedHosts []string            // netlocs (wildcards as ".domain")
}

// New checks cfg and returns the middleware.
func New(cfg Config) (*Middleware, error) {
	if cfg.CookieName == "" {
		cfg.CookieName = DefaultCookieName
	}
	if cfg.CookieAge == 0 {
		cfg.CookieAge = DefaultCookieAge
	}
	if cfg.CookiePath == "" {
		cfg.CookiePath = "/"
	}
	if cfg.CookieSameSite == 0 {
		cfg.CookieSameSite = http.SameSiteLaxMode
	}
	if cfg.HeaderName == "" {
		cfg.HeaderName = DefaultHeaderName
	}
	if cfg.MaxMemory == 0 {
		cfg.MaxMemory = 2621440
	}
	if cfg.IsSecure == nil {
		cfg.IsSecure = func(r *http.Request) bool { return r.TLS != nil }
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if portDomain(cfg.CookieDomain) && cfg.Sessions == nil {
		cfg.Logger.Warn("csrf: CookieDomain has a port; it is sent as Django sends it, but browsers ignore a cookie whose Domain has a port, so no CSRF cookie will be kept", "domain", cfg.CookieDomain)
	}
	m := &Middleware{cfg: cfg, exactOrigins: map[string]bool{}, wildOrigins: map[string][]string{}}
	for _, o := range cfg.TrustedOrigins {
		scheme, netloc, ok := strings.Cut(o, "://")
		if !ok || scheme == "" {
			return nil, fmt.Errorf("%w: %q", ErrBadTrustedOrigin, o)
		}
		if i := strings.IndexAny(netloc, "/?#"); i >= 0 {
			netloc = netloc[:i]
		}
		host := strings.TrimLeft(netloc, "*")
		m.trustedHosts = append(m.trustedHosts, host)
		if strings.Contains(o, "*") {
			m.wildOrigins[scheme] = append(m.wildOrigins[scheme], host)
		} else {
			m.exactOrigins[o] = true
		}
	}
	return m, nil
}

type ctxKey int

const reasonKey ctxKey = 0

// ext is CSRF's place in the request record (httpx.Scope).
var ext = httpx.NewExt()

// state is the per-request CSRF state, shared by Token, Rotate and the
// hook that sends the secret. It is made when first needed: an unsafe
// request's check, a token, a rotation, or a malformed cookie to replace.
type state struct {
	m           *Middleware
	r           *http.Request // as the middleware passed it on
	mu          sync.Mutex
	secret      string // the secret in force ("" = none yet)
	incoming    string // the secret the request brought (unmasked)
	badFormat   string // why the incoming cookie was malformed, if it was
	needsUpdate bool   // send the secret back (cookie or session)
	committed   bool   // the response headers are gone
}

// stateIn returns the request state of the middleware that entered sc,
// making it (reading the incoming secret) on first use; sent tells a new
// state that the response headers are out already.
func stateIn(sc *httpx.Scope, sent bool) *state {
	mw, r, v := sc.Ext(ext)
	if s, ok := v.(*state); ok {
		return s
	}
	m := mw.(*Middleware)
	s := &state{m: m, r: r, committed: sent}
	m.loadSecret(s, r)
	return sc.LoadOrStoreExt(ext, s).(*state)
}

// requestState returns r's state, or nil without the middleware.
func requestState(r *http.Request) *state {
	sc := httpx.ExtScope(r.Context(), ext)
	if sc == nil {
		return nil
	}
	return stateIn(sc, sc.HeadersSent(ext))
}

func (s *state) token() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret == "" {
		s.secret = NewSecret()
		if s.committed {
			s.m.cfg.Logger.Warn("csrf: token made after the response headers were written; the client has no cookie for it",
				"path", s.r.URL.Path)
		}
	}
	s.needsUpdate = true
	return Mask(s.secret)
}

func (s *state) rotate() {
	s.mu.Lock()
	s.secret = NewSecret()
	s.needsUpdate = true
	s.mu.Unlock()
}

// Token returns a masked token for r and makes sure the secret reaches
// the client with the response (Django's get_token); put it in forms as
// the csrfmiddlewaretoken field or send it in the X-CSRFToken header.
// Each call gives a different token for the same secret. Without the
// middleware in front, Token returns "".
func Token(r *http.Request) string {
	s := requestState(r)
	if s == nil {
		return ""
	}
	return s.token()
}

// Active reports whether r passed through the middleware, so that [Token]
// can give a token. It does not touch the secret or the cookie.
func Active(r *http.Request) bool {
	return httpx.ExtScope(r.Context(), ext) != nil
}

// Rotate replaces the secret, invalidating tokens already handed out
// (Django's rotate_token); login calls it.
func Rotate(r *http.Request) {
	if s := requestState(r); s != nil {
		s.rotate()
	}
}

// FailureReason returns why the middleware rejected r, for a Failure handler.
func FailureReason(r *http.Request) string {
	s, _ := r.Context().Value(reasonKey).(string)
	return s
}

// Exempter is implemented by handlers that opt out of the check.
type Exempter interface{ CSRFExempt() bool }

type exempt struct{ http.Handler }

func (exempt) CSRFExempt() bool { return true }

// Unwrap returns the marked handler.
func (e exempt) Unwrap() http.Handler { return e.Handler }

// Exempt marks h as not needing the check (Django's csrf_exempt). It takes
// effect when h is what the middleware wraps or what Config.Router returns,
// or a handler they wrap and reach by an Unwrap() http.Handler method
// (other markers, such as auth.LoginNotRequired, keep it visible so).
func Exempt(h http.Handler) http.Handler { return exempt{h} }

// EnsureCookie makes h always send the CSRF cookie, even when it renders no
// token (Django's ensure_csrf_cookie), e.g. for pages whose scripts POST.
func EnsureCookie(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Token(r)
		h.ServeHTTP(w, r)
	})
}

func isExempt(h http.Handler) bool {
	return httpx.HandlerMarked(h, func(h http.Handler) bool {
		e, ok := h.(Exempter)
		return ok && e.CSRFExempt()
	})
}

// Handler returns next protected by the CSRF check. A safe request
// costs nothing more unless its view asks for a token (or brings a
// malformed cookie, which is replaced).
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, ext, m)
		defer sc.Finish(ext)
		// net/http removes the temporary files of the request it made,
		// not of a copy: remove those our form parsing created.
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		var s *state
		if !safeMethod(r.Method) {
			s = stateIn(sc, false)
		}
		if reason := m.verdict(s, r, next); reason != "" {
			m.reject(w, r, reason)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// BeforeHeader implements httpx.HeaderHook: it sends the secret (cookie or
// session) when a token was made or the secret changed.
func (m *Middleware) BeforeHeader(sc *httpx.Scope, w http.ResponseWriter, status int) int {
	_, r, v := sc.Ext(ext)
	s, _ := v.(*state)
	if s == nil {
		if m.cfg.Sessions != nil {
			return status
		}
		// Only a malformed cookie needs an answer (a new secret). A
		// well-formed first cookie of that name is the one net/http's
		// parser returns too: no need to parse them all.
		v, ok := httpx.Cookie(r, m.cfg.CookieName)
		if !ok || checkFormat(v) == "" {
			return status
		}
		if c, err := r.Cookie(m.cfg.CookieName); err != nil || checkFormat(c.Value) == "" {
			return status
		}
		s = stateIn(sc, false)
	}
	m.flush(s, w.Header())
	return status
}

func (m *Middleware) loadSecret(s *state, r *http.Request) {
	var secret string
	if m.cfg.Sessions != nil {
		secret, _ = m.cfg.Sessions.CSRFSecret(r)
		if secret != "" && checkFormat(secret) != "" {
			// Django does not check the format of a session's secret
			// (only a cookie's): tokens fail to match it. Tokens made
			// now are for a new secret, which replaces it.
			s.incoming = secret
			return
		}
	} else if v, ok := httpx.Cookie(r, m.cfg.CookieName); ok && checkFormat(v) == "" {
		secret = v // what net/http's parser would return, without its allocations
	} else if c, err := r.Cookie(m.cfg.CookieName); err == nil {
		if reason := checkFormat(c.Value); reason != "" {
			s.badFormat = reason
			s.secret = NewSecret()
			s.needsUpdate = true
			return
		}
		secret = c.Value
	}
	if len(secret) == TokenLength { // masked cookie from Django < 4.1
		secret = Unmask(secret)
	}
	s.incoming, s.secret = secret, secret
}

func safeMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// verdict returns "" to let r through, or the reason to reject it.
func (m *Middleware) verdict(s *state, r *http.Request, next http.Handler) string {
	if safeMethod(r.Method) || isExempt(next) {
		return ""
	}
	if m.cfg.Router != nil {
		h, pattern := m.cfg.Router.Handler(r)
		if pattern == "" || isExempt(h) {
			return ""
		}
	}
	if m.cfg.CrossOrigin != nil {
		if err := m.cfg.CrossOrigin.Check(r); err != nil {
			return "Cross-origin request rejected - " + err.Error() + "."
		}
	}
	if origin, ok := r.Header["Origin"]; ok {
		if !m.originVerified(r, origin[0]) {
			return fmt.Sprintf(ReasonBadOrigin, origin[0])
		}
	} else if m.cfg.IsSecure(r) {
		if reason := m.checkReferer(r); reason != "" {
			return reason
		}
	}
	return m.checkToken(s, r)
}

func (m *Middleware) scheme(r *http.Request) string {
	if m.cfg.IsSecure(r) {
		return "https"
	}
	return "http"
}

// sameDomain is Django's is_same_domain: pattern ".example.com" matches
// example.com and its subdomains; anything else must match exactly.
func sameDomain(host, pattern string) bool {
	if pattern == "" {
		return false
	}
	pattern = strings.ToLower(pattern)
	if pattern[0] == '.' && (strings.HasSuffix(host, pattern) || host == pattern[1:]) {
		return true
	}
	return host == pattern
}

func (m *Middleware) originVerified(r *http.Request, origin string) bool {
	if r.Host != "" && origin == m.scheme(r)+"://"+r.Host {
		return true
	}
	if m.exactOrigins[origin] {
		return true
	}
	scheme, host, ok := splitURL(origin)
	if !ok {
		return false
	}
	for _, pattern := range m.wildOrigins[scheme] {
		if sameDomain(host, pattern) {
			return true
		}
	}
	return false
}

// splitURL returns the scheme and netloc (userinfo@host:port) of raw as
// Python's urlsplit, which Django uses for Origin and Referer, finds them:
// it takes any netloc text ("https://test server/" has the netloc
// "test server", where url.Parse fails) and fails (ok false) only on
// unbalanced IPv6 brackets.
func splitURL(raw string) (scheme, netloc string, ok bool) {
	u, ok := pySplit(raw)
	return u.scheme, u.netloc, ok
}

// pyURL is the result of Python's urlsplit.
type pyURL struct{ scheme, netloc, path, query, fragment string }

func pySplit(raw string) (u pyURL, ok bool) {
	rest := strings.TrimLeft(raw, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	rest = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(rest)
	if i := strings.IndexByte(rest, ':'); i > 0 && isASCIILetter(rest[0]) {
		valid := true
		for j := 0; j < i; j++ {
			c := rest[j]
			if !isASCIILetter(c) && (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
				valid = false
				break
			}
		}
		if valid {
			u.scheme, rest = strings.ToLower(rest[:i]), rest[i+1:]
		}
	}
	if strings.HasPrefix(rest, "//") {
		rest = rest[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		u.netloc, rest = rest[:end], rest[end:]
		if strings.Contains(u.netloc, "[") != strings.Contains(u.netloc, "]") {
			return pyURL{}, false
		}
	}
	rest, u.fragment, _ = strings.Cut(rest, "#")
	u.path, u.query, _ = strings.Cut(rest, "?")
	return u, true
}

// String is Python's geturl(): the parts joined again, without an empty
// query or fragment. Django quotes it in "does not match" reasons.
func (u pyURL) String() string {
	var b strings.Builder
	if u.scheme != "" {
		b.WriteString(u.scheme)
		b.WriteByte(':')
	}
	path := u.path
	if u.netloc != "" || (u.scheme != "" && usesNetloc(u.scheme) && !strings.HasPrefix(path, "//")) {
		if path != "" && path[0] != '/' {
			path = "/" + path
		}
		b.WriteString("//")
		b.WriteString(u.netloc)
	}
	b.WriteString(path)
	if u.query != "" {
		b.WriteByte('?')
		b.WriteString(u.query)
	}
	if u.fragment != "" {
		b.WriteByte('#')
		b.WriteString(u.fragment)
	}
	return b.String()
}

// usesNetloc is Python's urllib.parse.uses_netloc.
func usesNetloc(scheme string) bool {
	switch scheme {
	case "", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
		"snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh",
		"ws", "wss":
		return true
	}
	return false
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func (m *Middleware) checkReferer(r *http.Request) string {
	values, ok := r.Header["Referer"]
	if !ok {
		return ReasonNoReferer
	}
	u, ok := pySplit(values[0])
	if !ok || u.scheme == "" || u.netloc == "" {
		return ReasonMalformedReferer
	}
	if u.scheme != "https" {
		return ReasonInsecureReferer
	}
	host := u.netloc
	for _, trusted := range m.trustedHosts {
		if sameDomain(host, trusted) {
			return ""
		}
	}
	good := m.cfg.CookieDomain
	if d, ok := m.cfg.Sessions.(sessionDomainer); ok {
		good = d.SessionCookieDomain()
	}
	if good == "" {
		good = r.Host
	} else if port := requestPort(r, m.cfg.IsSecure(r)); port != "443" && port != "80" && !hasPort(good) {
		// A domain given with its port ("example.com:8443") is matched
		// as it is: Django would append the server's port again
		// ("example.com:8443:8443", which no Referer matches) unless the
		// server runs on 80 or 443, as under its test client.
		good += ":" + port
	}
	if !sameDomain(host, good) {
		return fmt.Sprintf(ReasonBadReferer, u)
	}
	return ""
}

// hasPort reports whether a cookie domain ends with a port
// ("example.com:8443").
func hasPort(domain string) bool {
	i := strings.LastIndexByte(domain, ':')
	if i < 0 || i == len(domain)-1 || strings.Contains(domain[i:], "]") {
		return false
	}
	for _, c := range domain[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// portDomain reports whether a cookie domain is a host name with a port,
// made of characters that are safe in a Set-Cookie header.
func portDomain(domain string) bool {
	if !hasPort(domain) {
		return false
	}
	host := domain[:strings.LastIndexByte(domain, ':')]
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func requestPort(r *http.Request, secure bool) string {
	host := r.Host
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host[i+1:]
	}
	if secure {
		return "443"
	}
	return "80"
}

func (m *Middleware) checkToken(s *state, r *http.Request) string {
	if s.badFormat != "" {
		return "CSRF cookie " + s.badFormat + "."
	}
	secret := s.incoming
	if secret == "" {
		return ReasonNoCookie
	}
	token, source := "", "POST"
	if r.Method == http.MethodPost {
		token = m.postToken(r)
	}
	if token == "" {
		values, ok := r.Header[http.CanonicalHeaderKey(m.cfg.HeaderName)]
		if !ok {
			return ReasonTokenMissing
		}
		token = values[0]
		source = fmt.Sprintf("the '%s' HTTP header", http.CanonicalHeaderKey(m.cfg.HeaderName))
	}
	if reason := checkFormat(token); reason != "" {
		return fmt.Sprintf("CSRF token from %s %s.", source, reason)
	}
	if !matches(token, secret) {
		return fmt.Sprintf("CSRF token from %s incorrect.", source)
	}
	return ""
}

// postToken reads the form field from a url-encoded or multipart body; the
// parsed form stays available to the view.
func (m *Middleware) postToken(r *http.Request) string {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		// With the upload middleware installed, parse through it: Django's
		// limits on fields and files apply, temporary files are removed
		// after the request, and the view reads the same parsed form.
		f, ferr := upload.FormFrom(r)
		if !errors.Is(ferr, upload.ErrNoMiddleware) {
			if ferr != nil {
				return ""
			}
			return f.Values.Get(FormField)
		}
		err = r.ParseMultipartForm(m.cfg.MaxMemory)
	} else {
		err = r.ParseForm()
	}
	if err != nil || r.PostForm == nil {
		return ""
	}
	return r.PostForm.Get(FormField)
}

func (m *Middleware) reject(w http.ResponseWriter, r *http.Request, reason string) {
	m.cfg.Logger.Warn("forbidden (CSRF)", "reason", reason, "path", r.URL.Path, "status", http.StatusForbidden)
	r = r.WithContext(context.WithValue(r.Context(), reasonKey, reason))
	if m.cfg.Failure != nil {
		m.cfg.Failure.ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusForbidden)
	msg := "Forbidden (403)\nCSRF verification failed. Request aborted.\n"
	if m.cfg.Debug {
		msg += "Reason given for failure: " + reason + "\n"
	}
	fmt.Fprint(w, msg)
}

// flush sends the secret (cookie or session) if it needs sending.
func (m *Middleware) flush(s *state, h http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.committed = true
	if !s.needsUpdate {
		return
	}
	s.needsUpdate = false
	if m.cfg.Sessions != nil {
		m.cfg.Sessions.SetCSRFSecret(s.r, s.secret)
	} else {
		c := &http.Cookie{
			Name:     m.cfg.CookieName,
			Value:    s.secret,
			Domain:   m.cfg.CookieDomain,
			Path:     m.cfg.CookiePath,
			Secure:   m.cfg.CookieSecure,
			HttpOnly: m.cfg.CookieHTTPOnly,
			SameSite: m.cfg.CookieSameSite,
		}
		if m.cfg.CookieAge > 0 {
			c.MaxAge = int(m.cfg.CookieAge / time.Second)
			c.Expires = time.Now().Add(m.cfg.CookieAge).UTC()
		}
		withPort := portDomain(c.Domain)
		if withPort {
			// net/http drops such a Domain (and logs each time); Django
			// sends it, and browsers then ignore the cookie.
			c.Domain = ""
		}
		if v := c.String(); v != "" {
			if withPort {
				v += "; Domain=" + m.cfg.CookieDomain
			}
			h.Add("Set-Cookie", v)
		}
	}
	addVary(h, "Cookie")
}

func addVary(h http.Header, field string) {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f == "*" || strings.EqualFold(f, field) {
				return
			}
		}
	}
	h.Add("Vary", field)
}
