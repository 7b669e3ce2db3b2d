package djinn

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/djinn-go/djinn/check"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/middleware"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/upload"
)

// resolver is what APPEND_SLASH needs of the URLconf; *urls.Router has it.
type resolver interface {
	Resolves(path string) bool
}

// Middleware returns the framework's middleware stack configured from the
// settings, outermost first: error renderer and templates, request id,
// access log, recover, host validation, security headers, clickjacking,
// request limits, sessions, common (APPEND_SLASH, PREPEND_WWW), CSRF,
// messages, gzip (when
// GZIP is on), conditional GET, then the apps' middleware.
func (a *App) Middleware() ([]func(http.Handler) http.Handler, error) {
	s := a.Settings
	// Always on: they keep the process observable and safe whatever the
	// configuration (host validation answers 400 before anything runs).
	// Renderers starts the one record per request (renderers, request
	// id, access log state, validated host) that the others share.
	stack := []func(http.Handler) http.Handler{
		middleware.Renderers(a.Renderer(), templateRenderer{a.Templates()}),
		middleware.RequestID(middleware.RequestIDConfig{Header: s.RequestIDHeader, Echo: s.RequestIDHeader != ""}),
		middleware.AccessLog(middleware.AccessLogConfig{Logger: a.Logger}),
		middleware.Recover(middleware.RecoverConfig{Logger: a.Logger}),
		middleware.Hosts(middleware.HostsConfig{
			AllowedHosts:      s.AllowedHosts,
			Debug:             s.Debug,
			UseXForwardedHost: s.UseXForwardedHost,
			UseXForwardedPort: s.UseXForwardedPort,
			Logger:            a.Logger,
		}),
	}
	if s.Debug {
		stack = append([]func(http.Handler) http.Handler{queryLog}, stack...)
	}
	var sessions *session.Manager
	for _, name := range a.middlewareNames() {
		mw, err := a.namedMiddleware(name, &sessions)
		if err != nil {
			return nil, fmt.Errorf("%s middleware: %w", name, err)
		}
		stack = append(stack, mw)
	}
	stack = append(stack, a.middleware...)
	if s.AtomicRequests {
		// Innermost, so that the view's queries, and only they, run in
		// the request's transaction.
		stack = append(stack, a.atomicRequests)
	}
	return stack, nil
}

// middlewareNames is MIDDLEWARE, with gzip added (before conditional GET)
// when GZIP is on.
func (a *App) middlewareNames() []string {
	names := a.Settings.Middleware
	if a.Settings.Gzip && !slices.Contains(names, "gzip") {
		i := slices.Index(names, "conditional")
		if i < 0 {
			i = len(names)
		}
		names = slices.Insert(slices.Clone(names), i, "gzip")
	}
	return names
}

// namedMiddleware builds one entry of MIDDLEWARE from the settings.
func (a *App) namedMiddleware(name string, sessions **session.Manager) (func(http.Handler) http.Handler, error) {
	s := a.Settings
	getSessions := func() (*session.Manager, error) {
		if *sessions == nil {
			m, err := a.Sessions(context.Background())
			if err != nil {
				return nil, err
			}
			*sessions = m
		}
		return *sessions, nil
	}
	switch name {
	case "security":
		sec := middleware.NewSecurityConfig()
		sec.ContentTypeNosniff = s.SecureContentTypeNosniff
		sec.ReferrerPolicy = s.SecureReferrerPolicy
		sec.CrossOriginOpenerPolicy = s.SecureCrossOriginOpenerPolicy
		sec.HSTSSeconds = s.SecureHSTSSeconds
		sec.HSTSIncludeSubdomains = s.SecureHSTSIncludeSubdomains
		sec.HSTSPreload = s.SecureHSTSPreload
		sec.SSLRedirect = s.SecureSSLRedirect
		sec.SSLHost = s.SecureSSLHost
		sec.RedirectExempt = s.SecureRedirectExempt
		if h, v, ok := strings.Cut(s.SecureProxySSLHeader, ","); ok {
			sec.ProxySSLHeader, sec.ProxySSLValue = strings.TrimSpace(h), strings.TrimSpace(v)
		}
		return middleware.Security(sec)
	case "clickjacking":
		// It sets its header on the way in: placed early, every response
		// below it (CSRF failures included) carries it.
		return middleware.Clickjacking(middleware.ClickjackingConfig{XFrameOptions: s.XFrameOptions}), nil
	case "limits":
		return middleware.Limits(middleware.LimitsConfig{
			DataUploadMaxMemorySize:   s.DataUploadMaxMemorySize,
			DataUploadMaxNumberFields: s.DataUploadMaxNumberFields,
			MaxBodySize:               s.RequestMaxBodySize,
			MaxHeaderBytes:            s.MaxHeaderBytes,
		}), nil
	case "uploads":
		return upload.Middleware(upload.Limits{
			MaxMemory:   s.DataUploadMaxMemorySize,
			MaxFields:   s.DataUploadMaxNumberFields,
			MaxFiles:    s.DataUploadMaxNumberFiles,
			FileMemory:  s.FileUploadMaxMemorySize,
			MaxBodySize: s.RequestMaxBodySize,
		}), nil
	case "sessions":
		m, err := getSessions()
		if err != nil {
			return nil, err
		}
		return m.Handler, nil
	case "common":
		common := middleware.NewCommonConfig()
		common.AppendSlash = s.AppendSlash
		common.PrependWWW = s.PrependWWW
		common.Debug = s.Debug
		if rv, ok := a.routes.(resolver); ok {
			common.Resolves = rv.Resolves
		}
		return middleware.Common(common), nil
	case "csrf":
		var m *session.Manager
		if s.CSRFUseSessions {
			var err error
			if m, err = getSessions(); err != nil {
				return nil, err
			}
		}
		return a.csrfMiddleware(m)
	case "messages":
		return a.messagesMiddleware(func() (*session.Manager, error) {
			if slices.Contains(a.Settings.Middleware, "sessions") {
				return getSessions()
			}
			return nil, nil
		})
	case "gzip":
		// Outside conditional GET, so that ETags hash the content, not
		// the randomly padded compressed bytes.
		return middleware.Gzip(middleware.GzipConfig{}), nil
	case "conditional":
		return middleware.Conditional(middleware.ConditionalConfig{}), nil
	}
	return nil, fmt.Errorf("unknown middleware %q", name)
}

// installed tells the deployment checks which middleware the stack has.
func (a *App) installed() check.Installed {
	has := func(n string) bool { return slices.Contains(a.Settings.Middleware, n) }
	return check.Installed{
		SecurityMiddleware:      has("security"),
		XFrameOptionsMiddleware: has("clickjacking"),
		CSRFMiddleware:          has("csrf"),
		SessionMiddleware:       has("sessions"),
		SessionsApp:             has("sessions"),
	}
}

// Handler returns the project as one http.Handler: the URLconf inside the
// middleware stack. Invalid settings are an error.
func (a *App) Handler() (http.Handler, error) {
	if a.configErr != nil {
		return nil, fmt.Errorf("invalid configuration: %w", a.configErr)
	}
	routes := a.routes
	if re, ok := routes.(interface{ Err() error }); ok {
		if err := re.Err(); err != nil {
			return nil, fmt.Errorf("url configuration: %w", err)
		}
	}
	if routes == nil {
		routes = httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.NotFound("no URLconf: call App.Routes")
		})
	}
	mws, err := a.Middleware()
	if err != nil {
		return nil, err
	}
	// Temporary upload files left by a crash of an earlier process.
	if err := upload.RemoveStale("", time.Hour); err != nil {
		a.Logger.Warn("remove stale upload files", "error", err.Error())
	}
	return middleware.Chain(mws...)(routes), nil
}
