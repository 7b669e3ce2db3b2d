package session

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

// Defaults, as Django's settings.
const (
	DefaultCookieName = "sessionid"
	DefaultCookieAge  = 14 * 24 * time.Hour // 1209600 seconds
	// KeyLength and KeyChars describe generated session keys.
	KeyLength = 32
	KeyChars  = "abcdefghijklmnopqrstuvwxyz0123456789"
	// CSRFKey is where csrf keeps its secret when the session stores it.
	CSRFKey = "_csrftoken"
)

// Manager loads the session of each request from a Store and saves it
// when it changed (Django's SessionMiddleware). Create it with New and
// adjust the exported fields before use; Handler is the middleware.
type Manager struct {
	// Store keeps the data. CookieStore keeps it in the cookie itself.
	Store Store
	// Codec signs and encodes the data; its Key is the secret key.
	Codec Codec
	// CookieName defaults to "sessionid".
	CookieName string
	// CookieAge is the session lifetime (cookie Max-Age and store
	// expiry); New sets two weeks.
	CookieAge    time.Duration
	CookieDomain string
	CookiePath   string // New sets "/"
	// CookieSecure sends the cookie over HTTPS only; set it in production.
	CookieSecure bool
	// CookieHTTPOnly hides the cookie from scripts; New sets true.
	CookieHTTPOnly bool
	// CookieSameSite; New sets Lax. http.SameSiteDefaultMode omits it.
	CookieSameSite http.SameSite
	// SaveEveryRequest saves the session (and refreshes the cookie) on
	// every response, not only when it changed.
	SaveEveryRequest bool
	// ExpireAtBrowserClose sends a browser-session cookie by default.
	ExpireAtBrowserClose bool
	// ErrorFunc answers when the store fails; nil means a plain 500.
	ErrorFunc func(w http.ResponseWriter, r *http.Request, err error)
	// Logger receives store errors and oversize cookies; nil means
	// slog.Default().
	Logger *slog.Logger
}

// New returns a manager over store, signing with key, with Django's
// defaults: cookie "sessionid", two weeks, path "/", HttpOnly, SameSite=Lax,
// not Secure.
func New(store Store, key []byte) *Manager {
	m := &Manager{
		Store:          store,
		Codec:          Codec{Key: key},
		CookieName:     DefaultCookieName,
		CookieAge:      DefaultCookieAge,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteLaxMode,
	}
	if _, ok := store.(cookieBacked); ok {
		m.Codec.Salt = CookieSalt
	}
	return m
}

// ext is the sessions' place in the request record (httpx.Scope).
var ext = httpx.NewExt()

// reqState is a request's session: loaded from the cookie and the store on
// first use, so that a request whose view never touches its session costs
// no store call (and, without a cookie, no allocation at all).
type reqState struct {
	Session
	m         *Manager
	r         *http.Request // as the middleware passed it on
	hadCookie bool
	loadErr   error // the store failed: the response is the error page
	// failed: the response is a 5xx, on which nothing is saved (s.mu).
	failed bool
}

// load reads the request's session into s (whose mu is held). A key the
// store does not know is dropped, never adopted: a new key is made when
// the session is saved.
func (st *reqState) load(s *Session) {
	m := st.m
	value, ok := httpx.Cookie(st.r, m.CookieName)
	if !ok {
		return
	}
	if !validKey(value) {
		// Not a plain key: let net/http's parser decide (quotes, bytes
		// it rejects). A plain key is what it would return too.
		c, err := st.r.Cookie(m.CookieName)
		if err != nil {
			return
		}
		value = c.Value
	}
	st.hadCookie = true
	if _, ok := m.Store.(cookieBacked); ok {
		codec := m.Codec
		if codec.MaxAge == 0 {
			codec.MaxAge = m.CookieAge
		}
		s.order, s.values, s.raw = codec.decode(value)
		// As Django's signed_cookies: the cookie is the key (when it
		// passes _validate_session_key), so a cleared session is saved
		// as an empty dict, and one that does not verify is replaced by
		// it (load calls create, which marks the session modified).
		if len(value) >= 8 {
			s.key = value
			if s.values == nil {
				s.modified = true
			}
		}
		return
	}
	if !validKey(value) {
		return
	}
	data, found, err := m.Store.Load(st.r.Context(), value)
	if err != nil {
		st.loadErr = fmt.Errorf("session: load %s: %w", m.CookieName, err)
		return
	}
	if !found {
		return
	}
	s.order, s.values, s.raw = m.Codec.decode(string(data))
	s.key = value
}

// stateIn returns the request state of the manager that entered sc,
// making it on first use.
func stateIn(sc *httpx.Scope) *reqState {
	mw, r, v := sc.Ext(ext)
	if st, ok := v.(*reqState); ok {
		return st
	}
	st := &reqState{m: mw.(*Manager), r: r}
	st.src = st
	return sc.LoadOrStoreExt(ext, st).(*reqState)
}

// From returns the request's session from the innermost Manager, or nil
// (which acts as an empty session) when no manager ran. The session's data
// is read from the cookie and the store when it is first used.
func From(ctx context.Context) *Session {
	sc := httpx.ExtScope(ctx, ext)
	if sc == nil {
		return nil
	}
	return &stateIn(sc).Session
}

// Session returns this manager's session for the request context, or nil.
func (m *Manager) Session(ctx context.Context) *Session {
	for sc := httpx.ExtScope(ctx, ext); sc != nil; sc = httpx.ExtScope(sc.Context, ext) {
		if mw, _, _ := sc.Ext(ext); mw == m {
			return &stateIn(sc).Session
		}
	}
	return nil
}

func (m *Manager) logger() *slog.Logger {
	if m.Logger != nil {
		return m.Logger
	}
	return slog.Default()
}

func (m *Manager) now() time.Time {
	if m.Codec.Now != nil {
		return m.Codec.Now()
	}
	return time.Now()
}

// NewKey returns a random 32-character session key from [a-z0-9].
func NewKey() string {
	b := make([]byte, KeyLength)
	var buf [64]byte
	for i := 0; i < KeyLength; {
		rand.Read(buf[:])
		for _, c := range buf {
			if c >= 252 { // 7*36: reject to stay uniform
				continue
			}
			b[i] = KeyChars[int(c)%len(KeyChars)]
			if i++; i == KeyLength {
				break
			}
		}
	}
	return string(b)
}

// validKey is Django's _validate_session_key plus an alphabet check, so
// that no odd client string reaches a store.
func validKey(key string) bool {
	if len(key) < 8 || len(key) > 40 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Handler makes the request's session available to next (see [From]) and
// saves it (setting or deleting the cookie) before the response headers
// are written. The session is loaded when first used.
func (m *Manager) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, ext, m)
		next.ServeHTTP(w, r)
		if ran, _ := sc.Finish(ext); ran {
			return
		}
		// Changes made after the headers went out still reach the store
		// when the key did not change.
		_, _, v := sc.Ext(ext)
		st, _ := v.(*reqState)
		if st == nil {
			return
		}
		s := &st.Session
		s.mu.Lock()
		err, failed := st.loadErr, st.failed
		oldKey := s.oldKey
		s.oldKey = ""
		s.mu.Unlock()
		_, cookie := m.Store.(cookieBacked)
		if oldKey != "" && !cookie {
			// Flush or CycleKey after the headers went out, or before a
			// 5xx: Django deleted the old key when they were called. The
			// client's cookie cannot change any more.
			if err := m.Store.Delete(r.Context(), oldKey); err != nil {
				m.logger().Error("session: deleting the old key after the response", "err", err, "path", r.URL.Path)
			}
			if !failed {
				m.logger().Warn("session: key flushed or cycled after the response started; the old session is deleted but the cookie could not be updated", "path", r.URL.Path)
			}
			return
		}
		if failed { // a 5xx response: Django saves nothing
			return
		}
		if err != nil { // met after the headers went out: only logged
			m.logger().Error("session store failed after the response started", "err", err, "path", r.URL.Path)
			return
		}
		// Only a session whose key the client has (not empty) can be
		// saved now; a cleared one is saved empty.
		if !cookie && s.Modified() && s.Key() != "" {
			if err := m.save(r.Context(), s); err != nil {
				m.logger().Error("session: saving after response", "err", err)
			}
		}
	})
}

// BeforeHeader implements httpx.HeaderHook: Django's process_response,
// run before the response's headers are written (status > 0) or when the
// handler returns without writing (status 0).
func (m *Manager) BeforeHeader(sc *httpx.Scope, w http.ResponseWriter, status int) int {
	_, r, v := sc.Ext(ext)
	st, _ := v.(*reqState)
	if st == nil {
		if !m.SaveEveryRequest && status < 500 {
			return status // the session was never used
		}
		// On a 5xx, the state records that nothing is to be saved, also
		// what the view changes after the headers.
		st = stateIn(sc)
	}
	code := status
	if code == 0 {
		code = http.StatusOK
	}
	if err := st.commit(w, code); err != nil {
		if status == 0 || st.loadErr != nil {
			m.fail(w, r, err)
			return 0
		}
		m.logger().Error("session: saving", "err", err)
		return http.StatusInternalServerError
	}
	return status
}

func (m *Manager) fail(w http.ResponseWriter, r *http.Request, err error) {
	m.logger().Error("session store failed", "err", err, "path", r.URL.Path)
	// The error page replaces the view's response, whose headers may be
	// in w's already: drop those that describe the view's body.
	h := w.Header()
	for _, k := range []string{"Content-Encoding", "Content-Length", "ETag", "Last-Modified", "Content-Disposition", "Content-Range", "Location"} {
		h.Del(k)
	}
	if m.ErrorFunc != nil {
		m.ErrorFunc(w, r, err)
		return
	}
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// expiryAge is how long s lives from now.
func (m *Manager) expiryAge(s *Session) (time.Duration, bool) {
	age, atClose, set := s.expiry(m.now())
	if !set {
		return m.CookieAge, m.ExpireAtBrowserClose
	}
	if atClose {
		return m.CookieAge, true
	}
	return age, false
}

// save writes s to the store, giving it a key if it has none, and deletes
// a key left behind by CycleKey or Flush.
func (m *Manager) save(ctx context.Context, s *Session) error {
	s.mu.Lock()
	oldKey := s.oldKey
	s.oldKey = ""
	s.mu.Unlock()
	if oldKey != "" {
		if err := m.Store.Delete(ctx, oldKey); err != nil {
			return err
		}
	}
	if s.empty() { // no key and no data: nothing to keep
		return nil
	}
	text, err := m.Codec.Encode(s)
	if err != nil {
		return err
	}
	age, _ := m.expiryAge(s)
	if _, ok := m.Store.(cookieBacked); ok {
		s.mu.Lock()
		s.key, s.modified, s.fresh = text, false, false
		s.mu.Unlock()
		return nil
	}
	s.mu.Lock()
	if s.key == "" {
		s.key = NewKey()
	}
	key := s.key
	s.modified, s.fresh = false, false
	s.mu.Unlock()
	return m.Store.Save(ctx, key, []byte(text), m.now().Add(age))
}

// commit runs Django's process_response: delete the cookie of an empty
// session (no key and no data: flushed, or unknown to the store), or save
// a modified one, even with no data left, and send its cookie.
func (st *reqState) commit(w http.ResponseWriter, status int) error {
	m, s, h := st.m, &st.Session, w.Header()
	s.mu.Lock()
	if status >= 500 {
		st.failed = true
	}
	if !s.loaded && !m.SaveEveryRequest {
		s.mu.Unlock()
		return nil // made but never used
	}
	s.ensure()
	accessed, modified, err := s.accessed, s.modified, st.loadErr
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if s.empty() {
		if modified {
			if err := m.discard(st.r.Context(), s); err != nil {
				return err
			}
		}
		if st.hadCookie {
			http.SetCookie(w, &http.Cookie{
				Name: m.CookieName, Value: "", Path: m.CookiePath, Domain: m.CookieDomain,
				MaxAge: -1, Expires: time.Unix(0, 0), SameSite: m.CookieSameSite,
				Secure: m.CookieSecure, HttpOnly: m.CookieHTTPOnly,
			})
			addVary(h, "Cookie")
		}
		return nil
	}
	if accessed {
		addVary(h, "Cookie")
	}
	if !(modified || m.SaveEveryRequest) || status >= 500 {
		return nil
	}
	if err := m.save(st.r.Context(), s); err != nil {
		return err
	}
	c := &http.Cookie{
		Name: m.CookieName, Value: s.Key(), Path: m.CookiePath, Domain: m.CookieDomain,
		Secure: m.CookieSecure, HttpOnly: m.CookieHTTPOnly, SameSite: m.CookieSameSite,
	}
	if age, atClose := m.expiryAge(s); !atClose {
		c.MaxAge = max(int(age/time.Second), 1)
		c.Expires = m.now().Add(age).UTC()
	}
	v := c.String()
	if len(v) > 4096 {
		m.logger().Warn("session: cookie larger than 4096 bytes; browsers may drop it", "bytes", len(v))
	}
	h.Add("Set-Cookie", v)
	addVary(h, "Cookie")
	return nil
}

// discard deletes an emptied or flushed session from the store.
func (m *Manager) discard(ctx context.Context, s *Session) error {
	s.mu.Lock()
	keys := []string{s.oldKey, s.key}
	s.oldKey, s.key, s.modified, s.fresh = "", "", false, false
	s.mu.Unlock()
	if _, ok := m.Store.(cookieBacked); ok {
		return nil
	}
	for _, k := range keys {
		if k != "" {
			if err := m.Store.Delete(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
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

// CSRFSecret returns the CSRF secret kept in r's session; with it the
// manager serves as csrf.Config.Sessions (Django's CSRF_USE_SESSIONS).
func (m *Manager) CSRFSecret(r *http.Request) (string, bool) {
	s := m.Session(r.Context())
	v := s.GetString(CSRFKey)
	return v, v != ""
}

// SessionCookieDomain returns CookieDomain: with the manager as
// csrf.Config.Sessions, the CSRF Referer check matches it (Django uses
// SESSION_COOKIE_DOMAIN when CSRF_USE_SESSIONS is on).
func (m *Manager) SessionCookieDomain() string {
	if m == nil {
		return ""
	}
	return m.CookieDomain
}

// SetCSRFSecret stores the CSRF secret in r's session.
func (m *Manager) SetCSRFSecret(r *http.Request, secret string) {
	s := m.Session(r.Context())
	if s == nil {
		m.logger().Error("session: CSRF secret not kept: the session middleware must run before the CSRF middleware")
		return
	}
	s.Set(CSRFKey, secret)
}
