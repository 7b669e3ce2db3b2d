package auth

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// LoginRequired lets authenticated users through to h and redirects the
// others to LOGIN_URL with ?next=<the requested path> (Django's
// login_required).
func LoginRequired(h http.Handler) http.Handler {
	return UserPassesTest(func(u *User) bool { return u.IsAuthenticated() })(h)
}

// UserPassesTest lets a request through when test accepts its user;
// otherwise it redirects to LOGIN_URL with ?next= (Django's
// user_passes_test).
func UserPassesTest(test func(u *User) bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			u, err := CurrentUser(r.Context())
			if err != nil {
				return err
			}
			if test(u) {
				h.ServeHTTP(w, r)
				return nil
			}
			return redirectToLogin(w, r)
		})
	}
}

// PermissionRequired lets a request through when its user has every one
// of perms ("app_label.codename"). Anonymous users are redirected to
// LOGIN_URL; logged-in users without the permissions get 403 Forbidden
// (Django's PermissionRequiredMixin).
func PermissionRequired(perms ...string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			u, err := CurrentUser(r.Context())
			if err != nil {
				return err
			}
			if u.HasPerms(r.Context(), perms...) {
				h.ServeHTTP(w, r)
				return nil
			}
			if u.IsAnonymous() {
				return redirectToLogin(w, r)
			}
			return httpx.PermissionDenied("")
		})
	}
}

// redirectToLogin is Django's redirect_to_login with the request's path
// as next (the full URL when LOGIN_URL is on another host).
func redirectToLogin(w http.ResponseWriter, r *http.Request) error {
	a, ok := ConfigFrom(r.Context())
	if !ok {
		return ErrNoMiddleware
	}
	login, err := a.resolveURL(r, a.LoginURL, DefaultLoginURL)
	if err != nil {
		return err
	}
	// request.get_full_path(): the script prefix http.StripPrefix took off
	// is part of it.
	next := scriptBase(r) + r.URL.RequestURI()
	if lu, err := url.Parse(login); err == nil && lu.Host != "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if host := requestHost(r); lu.Host != host || (lu.Scheme != "" && lu.Scheme != scheme) {
			next = scheme + "://" + host + next
		}
	}
	return httpx.Redirect(w, r, loginURLWithNext(login, next))
}

// resolveURL is Django's resolve_url: a URL is used as is, anything
// else is reversed as a pattern name (in URLNamespace when set).
func (a *AppConfig) resolveURL(r *http.Request, to, fallback string) (string, error) {
	if to == "" {
		to = fallback
	}
	if strings.ContainsAny(to, "/.") {
		return to, nil
	}
	return urls.ReverseCtx(r.Context(), a.name(to))
}

func (a *AppConfig) name(n string) string {
	if a.URLNamespace != "" {
		return a.URLNamespace + ":" + n
	}
	return n
}
