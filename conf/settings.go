package conf

import "time"

// Settings is the whole configuration of a Djinn project. Start from
// [Defaults] (or [Load]), change fields in Go if you like, then call
// [Settings.Validate].
type Settings struct {
	// Debug turns on technical error pages and template reloading. Never
	// in production.
	Debug bool `setting:"DEBUG"`
	// SecretKey signs sessions, cookies, CSRF and password-reset tokens.
	// Required when Debug is off.
	SecretKey string `setting:"SECRET_KEY" secret:"true"`
	// SecretKeyFallbacks are older keys still accepted when verifying.
	SecretKeyFallbacks []string `setting:"SECRET_KEY_FALLBACKS" secret:"true"`
	// AllowedHosts are the host names this site serves; see Django's
	// ALLOWED_HOSTS for the matching rules.
	AllowedHosts []string `setting:"ALLOWED_HOSTS"`
	// Databases maps a name to a database URL: sqlite:///db.sqlite3,
	// postgres://user@host/db, mysql://user:pass@host:3306/db.
	Databases map[string]string `setting:"DATABASES" secret:"true"`

	TimeZone     string `setting:"TIME_ZONE"`
	UseTZ        bool   `setting:"USE_TZ"`
	LanguageCode string `setting:"LANGUAGE_CODE"`

	// Request handling (CommonMiddleware).
	AppendSlash       bool `setting:"APPEND_SLASH"`
	PrependWWW        bool `setting:"PREPEND_WWW"`
	UseXForwardedHost bool `setting:"USE_X_FORWARDED_HOST"`
	UseXForwardedPort bool `setting:"USE_X_FORWARDED_PORT"`

	// Security headers (SecurityMiddleware).
	SecureContentTypeNosniff      bool     `setting:"SECURE_CONTENT_TYPE_NOSNIFF"`
	SecureReferrerPolicy          string   `setting:"SECURE_REFERRER_POLICY"`
	SecureCrossOriginOpenerPolicy string   `setting:"SECURE_CROSS_ORIGIN_OPENER_POLICY"`
	SecureHSTSSeconds             int      `setting:"SECURE_HSTS_SECONDS"`
	SecureHSTSIncludeSubdomains   bool     `setting:"SECURE_HSTS_INCLUDE_SUBDOMAINS"`
	SecureHSTSPreload             bool     `setting:"SECURE_HSTS_PRELOAD"`
	SecureSSLRedirect             bool     `setting:"SECURE_SSL_REDIRECT"`
	SecureSSLHost                 string   `setting:"SECURE_SSL_HOST"`
	SecureRedirectExempt          []string `setting:"SECURE_REDIRECT_EXEMPT"`
	// SecureProxySSLHeader is "Header-Name,value", e.g.
	// "X-Forwarded-Proto,https": a request carrying it is treated as HTTPS.
	// Set it only behind a proxy that strips the header from clients.
	SecureProxySSLHeader string `setting:"SECURE_PROXY_SSL_HEADER"`
	// XFrameOptions is DENY or SAMEORIGIN.
	XFrameOptions string `setting:"X_FRAME_OPTIONS"`
	// RequestIDHeader names the response header that echoes each
	// request's id (e.g. "X-Request-ID"); "" (the default, as Django) sends
	// none: log records and error pages carry the id either way.
	RequestIDHeader string `setting:"REQUEST_ID_HEADER"`

	// Request limits, as Django's.
	DataUploadMaxMemorySize   int64 `setting:"DATA_UPLOAD_MAX_MEMORY_SIZE"`
	DataUploadMaxNumberFields int   `setting:"DATA_UPLOAD_MAX_NUMBER_FIELDS"`
	DataUploadMaxNumberFiles  int   `setting:"DATA_UPLOAD_MAX_NUMBER_FILES"`
	FileUploadMaxMemorySize   int64 `setting:"FILE_UPLOAD_MAX_MEMORY_SIZE"`
	// RequestMaxBodySize is a hard cap on any request body, files
	// included (0: none). Django leaves this to the web server; a Go
	// program usually is the web server.
	RequestMaxBodySize int64 `setting:"REQUEST_MAX_BODY_SIZE"`

	// Sessions.
	SessionCookieName           string   `setting:"SESSION_COOKIE_NAME"`
	SessionCookieAge            int      `setting:"SESSION_COOKIE_AGE"`
	SessionCookieDomain         string   `setting:"SESSION_COOKIE_DOMAIN"`
	SessionCookiePath           string   `setting:"SESSION_COOKIE_PATH"`
	SessionCookieSecure         bool     `setting:"SESSION_COOKIE_SECURE"`
	SessionCookieHTTPOnly       bool     `setting:"SESSION_COOKIE_HTTPONLY"`
	SessionCookieSameSite       string   `setting:"SESSION_COOKIE_SAMESITE"`
	SessionSaveEveryRequest     bool     `setting:"SESSION_SAVE_EVERY_REQUEST"`
	SessionExpireAtBrowserClose bool     `setting:"SESSION_EXPIRE_AT_BROWSER_CLOSE"`
	SessionEngine               string   `setting:"SESSION_ENGINE"`
	CSRFCookieName              string   `setting:"CSRF_COOKIE_NAME"`
	CSRFCookieAge               int      `setting:"CSRF_COOKIE_AGE"`
	CSRFCookieDomain            string   `setting:"CSRF_COOKIE_DOMAIN"`
	CSRFCookiePath              string   `setting:"CSRF_COOKIE_PATH"`
	CSRFCookieSecure            bool     `setting:"CSRF_COOKIE_SECURE"`
	CSRFCookieHTTPOnly          bool     `setting:"CSRF_COOKIE_HTTPONLY"`
	CSRFCookieSameSite          string   `setting:"CSRF_COOKIE_SAMESITE"`
	CSRFHeaderName              string   `setting:"CSRF_HEADER_NAME"`
	CSRFTrustedOrigins          []string `setting:"CSRF_TRUSTED_ORIGINS"`
	CSRFUseSessions             bool     `setting:"CSRF_USE_SESSIONS"`
	PasswordHashers             []string `setting:"PASSWORD_HASHERS"`

	// Authentication (the auth app).
	LoginURL             string `setting:"LOGIN_URL"`
	LoginRedirectURL     string `setting:"LOGIN_REDIRECT_URL"`
	LogoutRedirectURL    string `setting:"LOGOUT_REDIRECT_URL"`
	PasswordResetTimeout int    `setting:"PASSWORD_RESET_TIMEOUT"`
	// AuthPasswordValidators names the validators of new passwords:
	// minimum_length, common, numeric, user_attribute_similarity (or
	// Django's class paths, e.g.
	// django.contrib.auth.password_validation.MinimumLengthValidator).
	AuthPasswordValidators []string `setting:"AUTH_PASSWORD_VALIDATORS"`
	DefaultFromEmail       string   `setting:"DEFAULT_FROM_EMAIL"`
	// Djinn's limits on failed logins, per username and per client
	// address, within a window.
	AuthMaxFailuresPerUser int           `setting:"AUTH_MAX_FAILURES_PER_USER"`
	AuthMaxFailuresPerIP   int           `setting:"AUTH_MAX_FAILURES_PER_IP"`
	AuthFailureWindow      time.Duration `setting:"AUTH_FAILURE_WINDOW"`

	// Messages: the lowest level recorded (10 debug, 20 info, 25 success,
	// 30 warning, 40 error) and the storage: fallback (cookie, then
	// session), cookie or session.
	MessageLevel   int    `setting:"MESSAGE_LEVEL"`
	MessageStorage string `setting:"MESSAGE_STORAGE"`

	// Templates and files.
	TemplateDirs []string `setting:"TEMPLATE_DIRS"`
	// TemplateContextProcessors names what every template rendered for a
	// request sees: request, csrf, messages, debug, static, and apps (the
	// installed apps' own, e.g. auth's user and perms).
	TemplateContextProcessors []string `setting:"TEMPLATE_CONTEXT_PROCESSORS"`
	StaticURL                 string   `setting:"STATIC_URL"`
	StaticRoot                string   `setting:"STATIC_ROOT"`
	MediaURL                  string   `setting:"MEDIA_URL"`
	MediaRoot                 string   `setting:"MEDIA_ROOT"`

	// AtomicRequests runs each request in a transaction of the default
	// database (Django's ATOMIC_REQUESTS), committed when the view
	// succeeds; the response is held until the commit.
	AtomicRequests bool `setting:"ATOMIC_REQUESTS"`
	// Database pools (every database of DATABASES): most open and idle
	// connections (0: database/sql's defaults) and the longest a
	// connection is reused.
	DBMaxOpenConns    int           `setting:"DB_MAX_OPEN_CONNS"`
	DBMaxIdleConns    int           `setting:"DB_MAX_IDLE_CONNS"`
	DBConnMaxLifetime time.Duration `setting:"DB_CONN_MAX_LIFETIME"`

	// Middleware lists the framework's middleware in order, Django's
	// MIDDLEWARE: security, clickjacking, limits, uploads, sessions,
	// common, csrf, messages, gzip, conditional. Host validation, request
	// ids, the access log and panic recovery always run first. The apps'
	// middleware follows.
	Middleware []string `setting:"MIDDLEWARE"`

	// Gzip compresses responses (off by default: see docs/middleware.md).
	Gzip bool `setting:"GZIP"`

	// Server, for runserver and serve.
	ReadHeaderTimeout time.Duration `setting:"SERVER_READ_HEADER_TIMEOUT"`
	ReadTimeout       time.Duration `setting:"SERVER_READ_TIMEOUT"`
	WriteTimeout      time.Duration `setting:"SERVER_WRITE_TIMEOUT"`
	IdleTimeout       time.Duration `setting:"SERVER_IDLE_TIMEOUT"`
	ShutdownTimeout   time.Duration `setting:"SERVER_SHUTDOWN_TIMEOUT"`
	MaxHeaderBytes    int           `setting:"SERVER_MAX_HEADER_BYTES"`

	// Logging: level debug, info, warn or error; format text or json.
	LogLevel  string `setting:"LOG_LEVEL"`
	LogFormat string `setting:"LOG_FORMAT"`
}

// Defaults returns Django's defaults (and Djinn's for what Django leaves
// to the web server).
func Defaults() *Settings {
	return &Settings{
		Databases:                     map[string]string{"default": "sqlite:///db.sqlite3"},
		TimeZone:                      "UTC",
		UseTZ:                         true,
		LanguageCode:                  "en-us",
		AppendSlash:                   true,
		SecureContentTypeNosniff:      true,
		SecureReferrerPolicy:          "same-origin",
		SecureCrossOriginOpenerPolicy: "same-origin",
		XFrameOptions:                 "DENY",
		DataUploadMaxMemorySize:       2621440,
		DataUploadMaxNumberFields:     1000,
		DataUploadMaxNumberFiles:      100,
		FileUploadMaxMemorySize:       2621440,
		SessionCookieName:             "sessionid",
		SessionCookieAge:              1209600,
		SessionCookiePath:             "/",
		SessionCookieHTTPOnly:         true,
		SessionCookieSameSite:         "Lax",
		SessionEngine:                 "db",
		CSRFCookieName:                "csrftoken",
		CSRFCookieAge:                 31449600,
		CSRFCookiePath:                "/",
		CSRFCookieSameSite:            "Lax",
		CSRFHeaderName:                "X-CSRFToken",
		PasswordHashers:               []string{"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "scrypt"},
		Middleware:                    DefaultMiddleware(),
		TemplateContextProcessors:     []string{"request", "csrf", "messages", "debug", "static", "apps"},
		MessageLevel:                  20,
		LoginURL:                      "/accounts/login/",
		LoginRedirectURL:              "/accounts/profile/",
		PasswordResetTimeout:          259200,
		DefaultFromEmail:              "webmaster@localhost",
		AuthMaxFailuresPerUser:        5,
		AuthMaxFailuresPerIP:          20,
		AuthFailureWindow:             15 * time.Minute,
		MessageStorage:                "fallback",
		StaticURL:                     "/static/",
		MediaURL:                      "/media/",
		ReadHeaderTimeout:             10 * time.Second,
		ReadTimeout:                   60 * time.Second,
		WriteTimeout:                  60 * time.Second,
		IdleTimeout:                   120 * time.Second,
		ShutdownTimeout:               30 * time.Second,
		MaxHeaderBytes:                64 << 10,
		LogLevel:                      "info",
		LogFormat:                     "text",
	}
}

// DefaultMiddleware is the default MIDDLEWARE list: Django's, in Djinn's
// order (headers set on the way in come first, so that every response
// carries them).
func DefaultMiddleware() []string {
	return []string{"security", "clickjacking", "limits", "uploads", "sessions", "common", "csrf", "messages", "conditional"}
}
