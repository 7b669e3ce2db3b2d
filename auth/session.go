package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/session"
)

// Session keys, as Django's.
const (
	SessionKey        = "_auth_user_id"
	BackendSessionKey = "_auth_user_backend"
	HashSessionKey    = "_auth_user_hash"
	// SessionAuthHashSalt is Django's key salt for the session auth hash.
	SessionAuthHashSalt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
)

// ErrNoMiddleware is returned by views and wrappers when the
// authentication middleware did not run for the request.
var ErrNoMiddleware = errors.New("auth: the authentication middleware is not installed")

// sessionAuthHash is Django's get_session_auth_hash: the hex salted
// HMAC-SHA256 of the password hash.
// It is checked on every request of a logged-in user: the key derived from
// the secret is kept, and the digest made without signing.SaltedHMAC's
// allocations.
func sessionAuthHash(password, secret string) string {
	k := hashKey.Load()
	if k == nil || k.secret != secret {
		k = newDerivedKey(secret)
		hashKey.Store(k)
	}
	var sum [sha256.Size]byte
	var buf [256]byte
	if sha256.BlockSize+len(password) <= len(buf) {
		// HMAC-SHA256(key, password) = H(key^opad || H(key^ipad || password)),
		// in stack buffers (hmac.New allocates five objects).
		n := copy(buf[:], k.ipad[:])
		n += copy(buf[n:], password)
		inner := sha256.Sum256(buf[:n])
		n = copy(buf[:], k.opad[:])
		n += copy(buf[n:], inner[:])
		sum = sha256.Sum256(buf[:n])
	} else {
		mac := hmac.New(sha256.New, k.key[:])
		io.WriteString(mac, password)
		mac.Sum(sum[:0])
	}
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}

// derivedKey is Django's salted_hmac key for SessionAuthHashSalt and a
// secret, sha256(salt + secret), and its HMAC pads.
type derivedKey struct {
	secret     string
	key        [sha256.Size]byte
	ipad, opad [sha256.BlockSize]byte
}

func newDerivedKey(secret string) *derivedKey {
	k := &derivedKey{secret: secret}
	k.key = sha256.Sum256([]byte(SessionAuthHashSalt + secret))
	for i := range k.ipad {
		var b byte
		if i < len(k.key) {
			b = k.key[i]
		}
		k.ipad[i], k.opad[i] = b^0x36, b^0x5c
	}
	return k
}

// hashKey is the key of the last secret used.
var hashKey atomic.Pointer[derivedKey]

// ext is authentication's place in the request record (httpx.Scope).
var ext = httpx.NewExt()

// state is the per-request authentication state, made when the request's
// user is first asked for (or set), as Django's SimpleLazyObject.
type state struct {
	app  *AppConfig
	r    *http.Request
	once sync.Once
	mu   sync.Mutex
	user *User
	err  error
}

func (s *state) get(ctx context.Context) (*User, error) {
	s.once.Do(func() {
		u, err := s.app.userFromSession(ctx, session.From(s.r.Context()))
		s.mu.Lock()
		if s.user == nil { // Login may have set it already
			s.user, s.err = u, err
		}
		s.mu.Unlock()
	})
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user, s.err
}

func (s *state) set(u *User) {
	s.once.Do(func() {})
	s.mu.Lock()
	s.user, s.err = u, nil
	s.mu.Unlock()
}

// stateFrom returns the request's state, made on first use, or nil without
// the middleware.
func stateFrom(ctx context.Context) *state {
	sc := httpx.ExtScope(ctx, ext)
	if sc == nil {
		return nil
	}
	mw, r, v := sc.Ext(ext)
	if st, ok := v.(*state); ok {
		return st
	}
	return sc.LoadOrStoreExt(ext, &state{app: mw.(*AppConfig), r: r}).(*state)
}

// AuthenticationMiddleware makes the request's user available through
// UserFrom: loaded lazily from the session on first use, with the
// session's auth hash checked against the user's password hash in
// constant time, so that a password change ends every other session. It
// must run after the session middleware.
func (a *AppConfig) AuthenticationMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, _ = httpx.Enter(w, r, ext, a)
		next.ServeHTTP(w, r)
	})
}

// UserFrom returns the request's user, or an anonymous user (never nil)
// when nobody is logged in, the middleware did not run, or loading the
// user failed (use CurrentUser to see the error).
func UserFrom(ctx context.Context) *User {
	u, err := CurrentUser(ctx)
	if err != nil || u == nil {
		return AnonymousUser()
	}
	return u
}

// CurrentUser returns the request's user (anonymous when nobody is logged
// in) or the error that loading it met. Without the middleware it returns
// ErrNoMiddleware.
func CurrentUser(ctx context.Context) (*User, error) {
	st := stateFrom(ctx)
	if st == nil {
		return AnonymousUser(), ErrNoMiddleware
	}
	return st.get(ctx)
}

// ConfigFrom returns the auth app whose middleware handled the request.
func ConfigFrom(ctx context.Context) (*AppConfig, bool) {
	sc := httpx.ExtScope(ctx, ext)
	if sc == nil {
		return nil, false
	}
	mw, _, _ := sc.Ext(ext)
	return mw.(*AppConfig), true
}

// sessionUserID reads _auth_user_id, which Django stores as a string.
func sessionUserID(s *session.Session) (int64, bool) {
	v, ok := s.Get(SessionKey)
	if !ok {
		return 0, false
	}
	str := fmt.Sprint(v)
	id, err := strconv.ParseInt(str, 10, 64)
	return id, err == nil
}

// userFromSession is Django's get_user.
func (a *AppConfig) userFromSession(ctx context.Context, s *session.Session) (*User, error) {
	id, ok := sessionUserID(s)
	if !ok {
		return AnonymousUser(), nil
	}
	b, ok := a.backendNamed(s.GetString(BackendSessionKey))
	if !ok {
		return AnonymousUser(), nil
	}
	u, err := b.GetUser(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("auth: load user of session: %w", err)
	}
	if u == nil {
		return AnonymousUser(), nil
	}
	a.bind(u, b.Name())
	stored := s.GetString(HashSessionKey)
	if stored != "" && hashEqual(stored, u.SessionAuthHash()) {
		return u, nil
	}
	if stored != "" {
		for _, k := range a.SecretKeyFallbacks {
			if hashEqual(stored, sessionAuthHash(u.Password, k)) {
				// Signed with an old key: move the session to the new one.
				s.CycleKey()
				s.Set(HashSessionKey, u.SessionAuthHash())
				return u, nil
			}
		}
	}
	s.Flush()
	return AnonymousUser(), nil
}

func hashEqual(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// Login logs u in for the rest of the session, as Django's login: a
// session that belongs to another user (or whose auth hash does not
// match) is flushed, otherwise its key is cycled; the user's id, backend
// and session auth hash are stored, the CSRF token rotated and last_login
// updated. backend names the backend that authenticated u; "" means the
// one Authenticate recorded, or the only one configured.
func (a *AppConfig) Login(r *http.Request, u *User, backend string) error {
	if u == nil || u.IsAnonymous() {
		return errors.New("auth: login of an anonymous user")
	}
	ctx := r.Context()
	s := session.From(ctx)
	if s == nil {
		return errors.New("auth: login needs the session middleware")
	}
	if backend == "" {
		backend = u.backend
	}
	if backend == "" {
		bs := a.backends()
		if len(bs) != 1 {
			return errors.New("auth: several backends are configured: name the one that authenticated the user")
		}
		backend = bs[0].Name()
	}
	a.bind(u, backend)
	hash := u.SessionAuthHash()
	if id, ok := sessionUserID(s); ok {
		if id != int64(u.ID) || !hashEqual(s.GetString(HashSessionKey), hash) {
			s.Flush()
		} else {
			s.CycleKey()
		}
	} else {
		s.CycleKey()
	}
	s.Set(SessionKey, strconv.FormatInt(int64(u.ID), 10))
	s.Set(BackendSessionKey, backend)
	s.Set(HashSessionKey, hash)
	csrf.Rotate(r)
	if st := stateFrom(ctx); st != nil {
		st.set(u)
	}
	now := a.now().UTC()
	u.LastLogin = &now
	if _, err := a.Open(ctx); err == nil && u.ID != 0 {
		if err := a.SaveUser(ctx, u, "last_login"); err != nil {
			return err
		}
	}
	if a.OnLogin != nil {
		a.OnLogin(r, u)
	}
	return nil
}

// SetUser makes u the user of the rest of r's handling without touching
// the session (Django's request.user = u): for tests and for
// authentication that is not session based, such as API tokens.
func SetUser(r *http.Request, u *User) {
	if st := stateFrom(r.Context()); st != nil {
		if u.app == nil {
			st.app.bind(u, "")
		}
		st.set(u)
	}
}

// Logout flushes the session and makes the request anonymous.
func (a *AppConfig) Logout(r *http.Request) {
	if a.OnLogout != nil {
		a.OnLogout(r, a.loggedOutUser(r))
	}
	session.From(r.Context()).Flush()
	if st := stateFrom(r.Context()); st != nil {
		st.set(AnonymousUser())
	}
}

// loggedOutUser is the user a logout ends, for OnLogout: the request's,
// or, without the authentication middleware (the test client's Logout),
// the session's; nil when nobody is logged in or the user cannot be
// loaded.
func (a *AppConfig) loggedOutUser(r *http.Request) *User {
	ctx := r.Context()
	u, err := CurrentUser(ctx)
	if errors.Is(err, ErrNoMiddleware) {
		if s := session.From(ctx); s != nil {
			u, err = a.userFromSession(ctx, s)
		}
	}
	if err != nil || u == nil || !u.IsAuthenticated() {
		return nil
	}
	return u
}

// UpdateSessionAuthHash keeps the request's session logged in after u's
// password changed (other sessions are logged out): the key is cycled and
// the new hash stored, when the session is u's.
func UpdateSessionAuthHash(r *http.Request, u *User) {
	if st := stateFrom(r.Context()); st != nil && u.app == nil {
		st.app.bind(u, "") // the hash needs the app's secret key
	}
	s := session.From(r.Context())
	s.CycleKey()
	if id, ok := sessionUserID(s); ok && id == int64(u.ID) {
		s.Set(HashSessionKey, u.SessionAuthHash())
	}
	if st := stateFrom(r.Context()); st != nil {
		st.set(u)
	}
}
