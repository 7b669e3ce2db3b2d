package auth

import (
	"net/http"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// LoginOptional is implemented by views open to anonymous users under
// [AppConfig.LoginRequiredMiddleware]; mark one with [LoginNotRequired].
type LoginOptional interface{ LoginNotRequired() bool }

// LoginNotRequired marks h as open to anonymous users when
// LoginRequiredMiddleware is on (Django's login_not_required). The login
// and password reset views are marked already, as in Django 5.1.
func LoginNotRequired(h http.Handler) http.Handler { return loginOptional{h} }

type loginOptional struct{ http.Handler }

func (loginOptional) LoginNotRequired() bool { return true }

func isLoginOptional(h http.Handler) bool {
	o, ok := h.(LoginOptional)
	return ok && o.LoginNotRequired()
}

// LoginRequiredMiddleware is Django 5.1's LoginRequiredMiddleware: every
// view that rt routes to needs a logged-in user, unless it is marked with
// LoginNotRequired; an anonymous request gets LoginRequired's redirect to
// LOGIN_URL with ?next=. Requests that no view handles pass, for the
// router's 404. It reads the request's user, so it goes after the
// authentication middleware, which the auth app installs:
//
//	router := urls.NewRouter(...)
//	app.Routes(router)
//	app.Use(authApp.LoginRequiredMiddleware(router))
func (a *AppConfig) LoginRequiredMiddleware(rt *urls.Router) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			m, err := rt.ResolveRequest(r)
			if err != nil || isLoginOptional(m.View) {
				next.ServeHTTP(w, r)
				return nil
			}
			u, err := CurrentUser(r.Context())
			if err != nil {
				return err
			}
			if u.IsAuthenticated() {
				next.ServeHTTP(w, r)
				return nil
			}
			// The router is not in the context yet: LOGIN_URL may be a
			// pattern name to reverse.
			return redirectToLogin(w, r.WithContext(urls.NewContext(r.Context(), rt)))
		})
	}
}
