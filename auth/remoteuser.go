package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"unicode"
	"unicode/utf8"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
)

// RemoteUserBackendName is the name RemoteUserBackend stores in sessions:
// Django's class path.
const RemoteUserBackendName = "django.contrib.auth.backends.RemoteUserBackend"

// RemoteUserBackend trusts the user name that a front server has
// authenticated (single sign-on: Django's RemoteUserBackend). It takes no
// password: Authenticate never accepts one, and users log in through
// [AppConfig.RemoteUserMiddleware]. Permissions are ModelBackend's; an
// inactive user is refused.
type RemoteUserBackend struct {
	ModelBackend
	// CreateUnknownUser creates an active user with an unusable password
	// for a name auth_user does not have (Django's create_unknown_user,
	// which Django turns on by default; off here until set).
	CreateUnknownUser bool
}

var (
	_ Backend           = (*RemoteUserBackend)(nil)
	_ PermissionBackend = (*RemoteUserBackend)(nil)
)

// Name implements Backend.
func (b *RemoteUserBackend) Name() string { return RemoteUserBackendName }

// Authenticate implements Backend: a remote user has no password here, so
// no username and password are ever accepted.
func (b *RemoteUserBackend) Authenticate(context.Context, *http.Request, string, string) (*User, error) {
	return nil, nil
}

// AuthenticateRemote returns the user named remoteUser, created when
// CreateUnknownUser allows it, or nil for an empty name, an unknown one
// or an inactive user.
func (b *RemoteUserBackend) AuthenticateRemote(ctx context.Context, remoteUser string) (*User, error) {
	if remoteUser == "" {
		return nil, nil
	}
	db, err := b.App.Open(ctx)
	if err != nil {
		return nil, err
	}
	// On MariaDB's default collation "Ann" finds "ann": another user
	// here, as on the other databases, and one that cannot be created
	// beside it, so such a name logs nobody in.
	errCaseTwin := errors.New("a user whose name differs only in case")
	get := func() (*User, error) {
		u, err := orm.Objects[User](db).Get(ctx, orm.Q{"username": remoteUser})
		if err == nil && u.Username != remoteUser {
			err = errCaseTwin
		}
		if err != nil {
			return nil, err
		}
		return &u, nil
	}
	u, err := get()
	if errors.Is(err, orm.ErrDoesNotExist) && b.CreateUnknownUser {
		u, err = b.App.CreateUser(ctx, remoteUser, "", "")
		if err != nil {
			// Another request created it first.
			if u2, err2 := get(); err2 == nil || errors.Is(err2, errCaseTwin) {
				u, err = u2, err2
			}
		}
	}
	if errors.Is(err, orm.ErrDoesNotExist) || errors.Is(err, errCaseTwin) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth: remote user %q: %w", remoteUser, err)
	}
	if !u.IsActive {
		return nil, nil
	}
	return b.App.bind(u, b.Name()), nil
}

// RemoteUserConfig configures [AppConfig.RemoteUserMiddleware].
type RemoteUserConfig struct {
	// Header is the request header carrying the authenticated user name,
	// e.g. "X-Remote-User" (Django reads REMOTE_USER, which its WSGI
	// server sets). Only ever use it behind a front server that sets the
	// header on every request and drops any value a client sent:
	// otherwise anyone can log in as anyone. Name it with dashes, not
	// underscores (Go keeps "X-Remote_User" apart from it, and nginx
	// drops such headers); a request carrying it twice logs nobody in.
	Header string
	// Persistent keeps a login when a request comes without the header,
	// for a front server that authenticates only the login page (Django's
	// PersistentRemoteUserMiddleware); otherwise such a request logs out a
	// user that the header had logged in.
	Persistent bool
}

// RemoteUserMiddleware logs in the user named by cfg.Header, through the
// first RemoteUserBackend of Backends (Django's RemoteUserMiddleware): a
// session that is already that user's is kept; one of another user who
// logged in through the header is logged out first. It reads the
// request's user, so it goes after the authentication middleware, which
// the auth app installs:
//
//	a.Backends = []auth.Backend{&auth.RemoteUserBackend{ModelBackend: auth.ModelBackend{App: a}}}
//	mw, err := a.RemoteUserMiddleware(auth.RemoteUserConfig{Header: "X-Remote-User"})
//	…
//	app.Use(mw)
//
// Without a header name or a RemoteUserBackend it returns an error.
func (a *AppConfig) RemoteUserMiddleware(cfg RemoteUserConfig) (func(http.Handler) http.Handler, error) {
	header := http.CanonicalHeaderKey(cfg.Header)
	if header == "" {
		return nil, errors.New("auth: RemoteUserMiddleware needs a header name")
	}
	var backend *RemoteUserBackend
	for _, b := range a.backends() {
		if rb, ok := b.(*RemoteUserBackend); ok {
			backend = rb
			break
		}
	}
	if backend == nil {
		return nil, errors.New("auth: RemoteUserMiddleware needs a RemoteUserBackend in Backends")
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := a.remoteUser(r, header, cfg.Persistent, backend); err != nil {
				httpx.RenderError(w, r, err)
				return
			}
			next.ServeHTTP(w, r)
		})
	}, nil
}

// remoteUser is RemoteUserMiddleware's process_request.
func (a *AppConfig) remoteUser(r *http.Request, header string, persistent bool, backend *RemoteUserBackend) error {
	ctx := r.Context()
	cur, err := CurrentUser(ctx)
	if err != nil {
		return err
	}
	vs, present := r.Header[header]
	if !present {
		if !persistent && cur.IsAuthenticated() {
			a.removeRemoteUser(r, cur)
		}
		return nil
	}
	// One value, or none: a front server that adds its header to a
	// client's rather than replacing it would pass two, and the client's
	// may come first.
	name := ""
	if len(vs) == 1 && saneRemoteName(vs[0]) {
		name = vs[0]
	}
	if cur.IsAuthenticated() {
		if cur.Username == name {
			return nil
		}
		a.removeRemoteUser(r, cur)
	}
	u, err := backend.AuthenticateRemote(ctx, name)
	if err != nil || u == nil {
		return err
	}
	return a.Login(r, u, backend.Name())
}

// removeRemoteUser logs out cur when it logged in through a
// RemoteUserBackend (or a backend no longer configured), as Django's
// _remove_invalid_user: a password login is left alone.
func (a *AppConfig) removeRemoteUser(r *http.Request, cur *User) {
	b, ok := a.backendNamed(cur.backend)
	if _, remote := b.(*RemoteUserBackend); !ok || remote {
		a.Logout(r)
	}
}

// saneRemoteName reports whether a header's user name can name a user:
// UTF-8 without control characters, at most 150 characters (the
// username's max_length). Others log nobody in rather than fail in the
// database.
func saneRemoteName(name string) bool {
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 150 {
		return false
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
