// Package middleware holds Djinn's built-in middleware: Django's
// SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware,
// ConditionalGetMiddleware and GZipMiddleware, host validation, request
// limits, panic recovery, request ids and access logging.
//
// Every middleware is a func(http.Handler) http.Handler built from its own
// configuration struct, documented field by field with the Django setting
// it stands for. [Chain] composes them in Django's MIDDLEWARE order, the
// first being the outermost:
//
//	sec, err := middleware.Security(middleware.NewSecurityConfig())
//	if err != nil {
//		return err
//	}
//	common := middleware.NewCommonConfig()
//	common.Resolves = router.Resolves
//	stack := middleware.Chain(
//		middleware.Renderers(&httpx.Renderer{}, nil),
//		middleware.RequestID(middleware.RequestIDConfig{}),
//		middleware.AccessLog(middleware.AccessLogConfig{}),
//		middleware.Recover(middleware.RecoverConfig{}),
//		middleware.Hosts(middleware.HostsConfig{AllowedHosts: []string{".example.com"}}),
//		middleware.Limits(middleware.LimitsConfig{}),
//		sec,
//		sessions,
//		middleware.Common(common),
//		csrf,
//		middleware.Clickjacking(middleware.ClickjackingConfig{}),
//	)
//	http.ListenAndServe(addr, stack(router))
//
// # Errors
//
// A middleware that refuses a request (a forged Host, an oversized body, a
// disallowed user agent) does so through httpx.RenderError with a typed
// error carrying the status, so the project's error renderer draws the
// page and [AccessLog] records the reason.
//
// # What the request learns
//
// [Hosts] and [Security] record what they decide in the request's context:
// [Host] returns the validated host, [IsSecure] and [Scheme] whether the
// request came over HTTPS (honouring the trusted proxy header), [Port] the
// client's port. CSRF checks and absolute URLs use these.
//
// They, the request id, the access log's state and the router's match
// share one record per request, which [Renderers] (or the first middleware
// that needs it) puts in the request's context: the stack costs one
// allocation and one request copy for all of them.
//
// # Headers
//
// Security and clickjacking headers are set before the view runs, so that a
// view setting its own value always wins (Django never overwrites a header
// the view set). Per-view X-Frame-Options choices are handler wrappers:
// [XFrameExempt], [XFrameSameOrigin], [XFrameDeny].
//
// Wrappers of http.ResponseWriter implement Unwrap, so
// http.ResponseController reaches Hijack and deadlines, and Flush passes
// through every buffering middleware (which then stops buffering).
package middleware
