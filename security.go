package djinn

import (
	"net/http"
	"time"

	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/middleware"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/urls"
)

// csrfRouter lets the CSRF middleware see the view a request will reach,
// so that csrf.Exempt works on routed views and unroutable POSTs get the
// router's 404.
type csrfRouter struct{ r *urls.Router }

func (c csrfRouter) Handler(req *http.Request) (http.Handler, string) {
	m, err := c.r.ResolveRequest(req)
	if err != nil {
		return nil, ""
	}
	// The route of the root pattern is "": never report a match as "".
	return m.View, "route:" + m.Route
}

func sameSite(v string) http.SameSite {
	switch v {
	case "Strict":
		return http.SameSiteStrictMode
	case "None":
		return http.SameSiteNoneMode
	case "":
		return http.SameSiteDefaultMode
	}
	return http.SameSiteLaxMode
}

// csrfMiddleware is Django's CsrfViewMiddleware configured from the
// settings. Failures are answered through the error renderer: a 403 that
// names the reason on debug pages.
func (a *App) csrfMiddleware(sessions *session.Manager) (func(http.Handler) http.Handler, error) {
	s := a.Settings
	cfg := csrf.Config{
		CookieName:     s.CSRFCookieName,
		CookieAge:      time.Duration(s.CSRFCookieAge) * time.Second,
		CookieDomain:   s.CSRFCookieDomain,
		CookiePath:     s.CSRFCookiePath,
		CookieSecure:   s.CSRFCookieSecure,
		CookieHTTPOnly: s.CSRFCookieHTTPOnly,
		CookieSameSite: sameSite(s.CSRFCookieSameSite),
		HeaderName:     s.CSRFHeaderName,
		TrustedOrigins: s.CSRFTrustedOrigins,
		Debug:          s.Debug,
		IsSecure:       middleware.IsSecure,
		Logger:         a.Logger,
		MaxMemory:      s.FileUploadMaxMemorySize,
		Failure: httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.Wrap(http.StatusForbidden, "CSRF verification failed. Request aborted.", csrfFailure(csrf.FailureReason(r)))
		}),
	}
	if s.CSRFUseSessions {
		cfg.Sessions = sessions
	}
	if rt, ok := a.routes.(*urls.Router); ok {
		cfg.Router = csrfRouter{rt}
	}
	m, err := csrf.New(cfg)
	if err != nil {
		return nil, err
	}
	return m.Handler, nil
}

type csrfFailure string

func (e csrfFailure) Error() string { return "csrf: " + string(e) }

// csrfContext is the template context processor of the CSRF token: lazy,
// so that only pages rendering {% csrf_token %} set the cookie.
func csrfContext(r *http.Request) map[string]any {
	return map[string]any{"csrf_token": func() string { return csrf.Token(r) }}
}
