package auth

import (
	"net/http"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// LoginOptional is implemented by views open to anonymous users under
// [AppConfig.RequireLogin]; mark one with [LoginNotRequired].
type LoginOptional interface{ LoginNotRequired() bool }

// LoginNotRequired marks h as open to anonymous users when RequireLogin
// is on (Django's login_not_required). The login and password reset views
// are marked already, as in Django 5.1. Other markers that wrap a handler
// (csrf.Exempt) see through it, and it through them, by Unwrap.
func LoginNotRequired(h http.Handler) http.Handler { return loginOptional{h} }

type loginOptional struct{ http.Handler }

func (loginOptional) LoginNotRequired() bool { return true }

// Unwrap returns the marked handler.
func (o loginOptional) Unwrap() http.Handler { return o.Handler }

// isLoginOptional looks for the mark on h and the handlers it wraps.
func isLoginOptional(h http.Handler) bool {
	return httpx.HandlerMarked(h, func(h http.Handler) bool {
		o, ok := h.(LoginOptional)
		return ok && o.LoginNotRequired()
	})
}

// RequireLogin is Django 5.1's LoginRequiredMiddleware as a check of the
// router's (see [urls.Router.AddViewCheck]): every view the router serves
// needs a logged-in user unless it is marked with LoginNotRequired; an
// anonymous request gets LoginRequired's redirect to LOGIN_URL with
// ?next=. It runs after the router matched, on the view it will call, so
// no path the router serves escapes it; it needs the authentication
// middleware, which the auth app installs:
//
//	router := urls.NewRouter(...)
//	router.AddViewCheck(authApp.RequireLogin)
//	app.Routes(router)
func (a *AppConfig) RequireLogin(w http.ResponseWriter, r *http.Request, m *urls.Match) (bool, error) {
	if isLoginOptional(m.View) {
		return false, nil
	}
	u, err := CurrentUser(r.Context())
	if err != nil {
		return false, err
	}
	if u.IsAuthenticated() {
		return false, nil
	}
	return true, redirectToLogin(w, r)
}
