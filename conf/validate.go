package conf

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// ValidReferrerPolicies are the values SECURE_REFERRER_POLICY accepts
// (several may be given, comma-separated).
var validReferrerPolicies = []string{
	"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
}

var validCOOP = []string{"same-origin", "same-origin-allow-popups", "unsafe-none"}

// Validate checks the settings and returns every problem found, each
// naming its setting.
func (s *Settings) Validate() error {
	var errs []error
	bad := func(name, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...)))
	}
	if !s.Debug && s.SecretKey == "" {
		bad("SECRET_KEY", "must be set when DEBUG is off (set DJINN_SECRET_KEY)")
	}
	if s.SecureReferrerPolicy != "" {
		for _, p := range strings.Split(s.SecureReferrerPolicy, ",") {
			if !slices.Contains(validReferrerPolicies, strings.TrimSpace(p)) {
				bad("SECURE_REFERRER_POLICY", "invalid value %q (valid: %s)", strings.TrimSpace(p), strings.Join(validReferrerPolicies, ", "))
			}
		}
	}
	if s.SecureCrossOriginOpenerPolicy != "" && !slices.Contains(validCOOP, s.SecureCrossOriginOpenerPolicy) {
		bad("SECURE_CROSS_ORIGIN_OPENER_POLICY", "invalid value %q (valid: %s)", s.SecureCrossOriginOpenerPolicy, strings.Join(validCOOP, ", "))
	}
	if s.XFrameOptions != "DENY" && s.XFrameOptions != "SAMEORIGIN" {
		bad("X_FRAME_OPTIONS", "must be DENY or SAMEORIGIN, got %q", s.XFrameOptions)
	}
	for name, v := range map[string]string{"SESSION_COOKIE_SAMESITE": s.SessionCookieSameSite, "CSRF_COOKIE_SAMESITE": s.CSRFCookieSameSite} {
		if v != "" && v != "Lax" && v != "Strict" && v != "None" {
			bad(name, "must be Lax, Strict, None or empty, got %q", v)
		}
	}
	if s.RequestIDHeader != "" {
		if !headerName(s.RequestIDHeader) {
			bad("REQUEST_ID_HEADER", "%q is not a header name", s.RequestIDHeader)
		} else if reservedHeader(s.RequestIDHeader) {
			bad("REQUEST_ID_HEADER", "%q is set by the server or the framework; name a header of its own (e.g. X-Request-ID)", s.RequestIDHeader)
		}
	}
	if s.SecureHSTSSeconds < 0 {
		bad("SECURE_HSTS_SECONDS", "must not be negative")
	}
	if s.SecureProxySSLHeader != "" {
		if h, v, ok := strings.Cut(s.SecureProxySSLHeader, ","); !ok || strings.TrimSpace(h) == "" || strings.TrimSpace(v) == "" {
			bad("SECURE_PROXY_SSL_HEADER", "must be \"Header-Name,value\", got %q", s.SecureProxySSLHeader)
		}
	}
	positive := map[string]int64{
		"DATA_UPLOAD_MAX_MEMORY_SIZE":   s.DataUploadMaxMemorySize,
		"DATA_UPLOAD_MAX_NUMBER_FIELDS": int64(s.DataUploadMaxNumberFields),
		"DATA_UPLOAD_MAX_NUMBER_FILES":  int64(s.DataUploadMaxNumberFiles),
		"FILE_UPLOAD_MAX_MEMORY_SIZE":   s.FileUploadMaxMemorySize,
		"SERVER_MAX_HEADER_BYTES":       int64(s.MaxHeaderBytes),
	}
	for _, name := range sortedKeys(positive) {
		if positive[name] <= 0 {
			bad(name, "must be positive")
		}
	}
	if s.RequestMaxBodySize < 0 {
		bad("REQUEST_MAX_BODY_SIZE", "must not be negative")
	}
	durations := map[string]time.Duration{
		"SERVER_READ_HEADER_TIMEOUT": s.ReadHeaderTimeout,
		"SERVER_READ_TIMEOUT":        s.ReadTimeout,
		"SERVER_WRITE_TIMEOUT":       s.WriteTimeout,
		"SERVER_IDLE_TIMEOUT":        s.IdleTimeout,
		"SERVER_SHUTDOWN_TIMEOUT":    s.ShutdownTimeout,
	}
	for _, name := range sortedKeys(durations) {
		if durations[name] <= 0 {
			bad(name, "must be a positive duration")
		}
	}
	if s.SessionCookieAge <= 0 {
		bad("SESSION_COOKIE_AGE", "must be positive")
	}
	if s.SessionCookieName == "" {
		bad("SESSION_COOKIE_NAME", "must not be empty")
	}
	if s.CSRFCookieName == "" {
		bad("CSRF_COOKIE_NAME", "must not be empty")
	}
	if s.SessionCookieName == s.CSRFCookieName && s.SessionCookieName != "" {
		bad("SESSION_COOKIE_NAME", "must differ from CSRF_COOKIE_NAME")
	}
	if s.SessionEngine != "db" && s.SessionEngine != "cache" && s.SessionEngine != "signed_cookies" {
		bad("SESSION_ENGINE", "must be db, cache or signed_cookies, got %q", s.SessionEngine)
	}
	if s.MessageStorage != "fallback" && s.MessageStorage != "cookie" && s.MessageStorage != "session" {
		bad("MESSAGE_STORAGE", "must be fallback, cookie or session, got %q", s.MessageStorage)
	}
	known := []string{"security", "clickjacking", "limits", "uploads", "sessions", "common", "csrf", "messages", "gzip", "conditional"}
	seen := map[string]bool{}
	for _, m := range s.Middleware {
		if !slices.Contains(known, m) {
			bad("MIDDLEWARE", "unknown middleware %q (known: %s)", m, strings.Join(known, ", "))
		}
		if seen[m] {
			bad("MIDDLEWARE", "%q is listed twice", m)
		}
		seen[m] = true
	}
	if seen["csrf"] && s.CSRFUseSessions && !seen["sessions"] {
		bad("MIDDLEWARE", "CSRF_USE_SESSIONS needs the sessions middleware")
	}
	if s.DBMaxOpenConns < 0 || s.DBMaxIdleConns < 0 || s.DBConnMaxLifetime < 0 {
		bad("DB_MAX_OPEN_CONNS", "pool settings must not be negative")
	}
	for _, p := range s.TemplateContextProcessors {
		if !slices.Contains([]string{"request", "csrf", "messages", "debug", "static", "apps"}, p) {
			bad("TEMPLATE_CONTEXT_PROCESSORS", "unknown processor %q (known: request, csrf, messages, debug, static, apps)", p)
		}
	}
	if s.PasswordResetTimeout <= 0 {
		bad("PASSWORD_RESET_TIMEOUT", "must be positive")
	}
	if s.AuthFailureWindow <= 0 {
		bad("AUTH_FAILURE_WINDOW", "must be a positive duration")
	}
	if s.MessageLevel < 0 {
		bad("MESSAGE_LEVEL", "must not be negative")
	}
	for _, name := range sortedKeys(s.Databases) {
		if err := checkDatabaseURL(s.Databases[name]); err != nil {
			bad("DATABASES", "%s: %v", name, err)
		}
	}
	if len(s.Databases) > 0 {
		if _, ok := s.Databases["default"]; !ok {
			bad("DATABASES", "must name a \"default\" database")
		}
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil {
		bad("TIME_ZONE", "unknown time zone %q", s.TimeZone)
	}
	switch strings.ToLower(s.LogLevel) {
	case "debug", "info", "warn", "warning", "error":
	default:
		bad("LOG_LEVEL", "must be debug, info, warn or error, got %q", s.LogLevel)
	}
	if s.LogFormat != "text" && s.LogFormat != "json" {
		bad("LOG_FORMAT", "must be text or json, got %q", s.LogFormat)
	}
	for _, o := range s.CSRFTrustedOrigins {
		if !strings.Contains(o, "://") {
			bad("CSRF_TRUSTED_ORIGINS", "%q must start with a scheme (https://…)", o)
		}
	}
	for _, p := range []struct{ name, v string }{{"STATIC_URL", s.StaticURL}, {"MEDIA_URL", s.MediaURL}} {
		if p.v != "" && !strings.HasSuffix(p.v, "/") {
			bad(p.name, "must end with a slash, got %q", p.v)
		}
	}
	if s.StaticURL != "" && s.StaticURL == s.MediaURL {
		bad("MEDIA_URL", "must differ from STATIC_URL")
	}
	return errors.Join(errs...)
}

func checkDatabaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("not a URL: %w", redact(err))
	}
	switch u.Scheme {
	case "sqlite", "postgres", "postgresql", "mysql":
		return nil
	case "":
		return errors.New("missing scheme (sqlite://, postgres:// or mysql://)")
	}
	return fmt.Errorf("unsupported scheme %q (sqlite, postgres or mysql)", u.Scheme)
}

// redact drops the URL from a url.Error, which may hold a password.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// headerName reports whether name is an HTTP field name (RFC 9110's
// token).
func headerName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// reservedHeader reports whether a response header of this name is
// framing, routing or content that net/http sets, or a security header
// the framework's middleware sets, so that echoing a request id in it
// would break, corrupt or weaken responses.
func reservedHeader(name string) bool {
	switch strings.ToLower(name) {
	case "content-length", "transfer-encoding", "connection", "keep-alive", "te",
		"trailer", "upgrade", "host", "date", "content-type", "content-encoding",
		"set-cookie", "location", "vary", "cache-control", "server",
		"x-frame-options", "x-content-type-options", "referrer-policy",
		"cross-origin-opener-policy", "strict-transport-security":
		return true
	}
	return strings.HasPrefix(strings.ToLower(name), "proxy-")
}
