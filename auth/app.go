package auth

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/djinn-go/djinn/auth/hashers"
	"github.com/djinn-go/djinn/auth/hashers/validation"
	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/mail"
	"github.com/djinn-go/djinn/orm"
)

//go:embed templates
var templateFiles embed.FS

// Django's defaults for the auth settings.
const (
	DefaultLoginURL             = "/accounts/login/"
	DefaultLoginRedirectURL     = "/accounts/profile/"
	DefaultPasswordResetTimeout = 259200 * time.Second
	DefaultFromEmail            = "webmaster@localhost"
	// DefaultMaxFailuresPerUser, DefaultMaxFailuresPerIP and
	// DefaultFailureWindow bound failed logins (Djinn's, not Django's).
	DefaultMaxFailuresPerUser = 5
	DefaultMaxFailuresPerIP   = 20
	DefaultFailureWindow      = 15 * time.Minute
)

// ErrNoDatabase is returned when the app has no database: install it in a
// djinn.App (which calls Configure) or set AppConfig.DB.
var ErrNoDatabase = errors.New("auth: no database configured")

// AppConfig is the auth app (Django's django.contrib.auth) and its
// settings. App returns one with Django's defaults; change the exported
// fields before the project starts. Install contenttypes before it.
type AppConfig struct {
	// LoginURL is where LoginRequired sends anonymous users: a path, or a
	// URL pattern name to reverse (LOGIN_URL).
	LoginURL string
	// LoginRedirectURL is where login goes without a safe "next"
	// (LOGIN_REDIRECT_URL).
	LoginRedirectURL string
	// RedirectAuthenticatedUser makes LoginView send a user who is
	// already logged in on to the safe "next" or LoginRedirectURL instead
	// of showing the form (Django's LoginView.redirect_authenticated_user).
	RedirectAuthenticatedUser bool
	// PostResetLogin logs the user in once PasswordResetConfirmView has
	// set the new password (Django's post_reset_login), through
	// PostResetLoginBackend: a backend's name, needed when several are
	// configured.
	PostResetLogin        bool
	PostResetLoginBackend string
	// LogoutRedirectURL is where logout goes without a safe "next"; empty
	// renders registration/logged_out.html (LOGOUT_REDIRECT_URL).
	LogoutRedirectURL string
	// PasswordResetTimeout is how long a reset link works
	// (PASSWORD_RESET_TIMEOUT, three days).
	PasswordResetTimeout time.Duration
	// PasswordValidators check new passwords in the password forms and
	// createsuperuser (AUTH_PASSWORD_VALIDATORS). Nil means none, as
	// Django's global default; validation.Default() gives the four that
	// Django's project template enables.
	PasswordValidators []validation.Validator
	// Hashers hash and check passwords; nil means the PASSWORD_HASHERS
	// setting (or hashers.Default()).
	Hashers hashers.Hashers
	// SecretKey and SecretKeyFallbacks sign session auth hashes and reset
	// tokens; Configure copies SECRET_KEY and SECRET_KEY_FALLBACKS.
	SecretKey          string
	SecretKeyFallbacks []string
	// Backends authenticate users, in order (AUTHENTICATION_BACKENDS);
	// nil means one ModelBackend over the app's database.
	Backends []Backend
	// Mail sends password reset e-mails; nil means mail.Console on stdout
	// (Django's development setting).
	Mail mail.Backend
	// FromEmail is the sender of the app's e-mails (DEFAULT_FROM_EMAIL).
	FromEmail string
	// Database names the database of DATABASES that holds the users
	// ("default").
	Database string
	// DB, when set, is used instead of opening Database (tests, or an
	// auth app used without djinn.App).
	DB *orm.DB
	// Limiter counts failed logins; nil means an in-memory one.
	Limiter Limiter
	// MaxFailuresPerUser and MaxFailuresPerIP are how many failed logins
	// a username and a client address may have within FailureWindow
	// before logins for it are refused; negative turns a limit off.
	MaxFailuresPerUser int
	MaxFailuresPerIP   int
	FailureWindow      time.Duration
	// ClientIP returns the client's address for the per-IP limit; nil
	// means the host of r.RemoteAddr. Behind a proxy, read the header
	// your proxy sets.
	ClientIP func(r *http.Request) string
	// URLNamespace is the namespace the auth URLs are included under, if
	// any, for reversing them ("" as in Django).
	URLNamespace string
	// OnLogin, OnLogout and OnLoginFailed are Django's user_logged_in,
	// user_logged_out and user_login_failed signals as callbacks (for
	// audit logs, say): OnLogin after a login is stored (last_login
	// saved); OnLogout before a logout flushes the session, with the user
	// who was logged in (nil when nobody was, or when the user could not
	// be loaded); OnLoginFailed when
	// Authenticate accepts no user, or refuses the attempt past the
	// limiter's limits, with the username (never the password). r may be
	// nil for Authenticate called without a request.
	OnLogin       func(r *http.Request, u *User)
	OnLogout      func(r *http.Request, u *User)
	OnLoginFailed func(r *http.Request, username string)
	// Logger receives e-mail failures; nil means slog.Default().
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time

	dbFunc  func(ctx context.Context, name string) (*orm.DB, error)
	mu      sync.Mutex
	limiter Limiter
}

// App returns the auth app with Django's defaults.
func App() *AppConfig {
	return &AppConfig{
		LoginURL:             DefaultLoginURL,
		LoginRedirectURL:     DefaultLoginRedirectURL,
		PasswordResetTimeout: DefaultPasswordResetTimeout,
		FromEmail:            DefaultFromEmail,
		Database:             "default",
		MaxFailuresPerUser:   DefaultMaxFailuresPerUser,
		MaxFailuresPerIP:     DefaultMaxFailuresPerIP,
		FailureWindow:        DefaultFailureWindow,
	}
}

// Label is "auth".
func (a *AppConfig) Label() string { return "auth" }

// Models returns User, Group and Permission.
func (a *AppConfig) Models() []any { return []any{Permission{}, Group{}, User{}} }

// Templates returns the registration/ templates (login.html, …); a
// project overrides one by writing a template of the same name.
func (a *AppConfig) Templates() fs.FS {
	sub, err := fs.Sub(templateFiles, "templates")
	if err != nil {
		return nil
	}
	return sub
}

// Middleware returns the authentication middleware.
func (a *AppConfig) Middleware() []func(http.Handler) http.Handler {
	return []func(http.Handler) http.Handler{a.AuthenticationMiddleware}
}

// Configure takes SECRET_KEY, SECRET_KEY_FALLBACKS and PASSWORD_HASHERS
// from the settings, and the project's databases.
func (a *AppConfig) Configure(s *conf.Settings, db func(ctx context.Context, name string) (*orm.DB, error)) error {
	a.dbFunc = db
	if a.SecretKey == "" {
		a.SecretKey = s.SecretKey
	}
	if a.SecretKeyFallbacks == nil {
		a.SecretKeyFallbacks = s.SecretKeyFallbacks
	}
	// The settings fill what the project left at the defaults of App().
	if a.LoginURL == DefaultLoginURL && s.LoginURL != "" {
		a.LoginURL = s.LoginURL
	}
	if a.LoginRedirectURL == DefaultLoginRedirectURL && s.LoginRedirectURL != "" {
		a.LoginRedirectURL = s.LoginRedirectURL
	}
	if a.LogoutRedirectURL == "" {
		a.LogoutRedirectURL = s.LogoutRedirectURL
	}
	if a.PasswordResetTimeout == DefaultPasswordResetTimeout && s.PasswordResetTimeout > 0 {
		a.PasswordResetTimeout = time.Duration(s.PasswordResetTimeout) * time.Second
	}
	if a.FromEmail == DefaultFromEmail && s.DefaultFromEmail != "" {
		a.FromEmail = s.DefaultFromEmail
	}
	if a.MaxFailuresPerUser == DefaultMaxFailuresPerUser && s.AuthMaxFailuresPerUser != 0 {
		a.MaxFailuresPerUser = s.AuthMaxFailuresPerUser
	}
	if a.MaxFailuresPerIP == DefaultMaxFailuresPerIP && s.AuthMaxFailuresPerIP != 0 {
		a.MaxFailuresPerIP = s.AuthMaxFailuresPerIP
	}
	if a.FailureWindow == DefaultFailureWindow && s.AuthFailureWindow > 0 {
		a.FailureWindow = s.AuthFailureWindow
	}
	if a.PasswordValidators == nil && len(s.AuthPasswordValidators) > 0 {
		vs, err := ValidatorsByName(s.AuthPasswordValidators...)
		if err != nil {
			return err
		}
		a.PasswordValidators = vs
	}
	if a.Hashers == nil && len(s.PasswordHashers) > 0 {
		hs, err := HashersByName(s.PasswordHashers...)
		if err != nil {
			return err
		}
		a.Hashers = hs
	}
	return nil
}

// ValidatorsByName returns the password validators AUTH_PASSWORD_VALIDATORS
// names: minimum_length, common, numeric, user_attribute_similarity, or
// Django's class names (MinimumLengthValidator, …) with or without their
// module path.
func ValidatorsByName(names ...string) ([]validation.Validator, error) {
	var vs []validation.Validator
	for _, n := range names {
		key := n
		if i := strings.LastIndexByte(n, '.'); i >= 0 {
			key = n[i+1:]
		}
		switch strings.ToLower(key) {
		case "minimum_length", "minimumlengthvalidator":
			vs = append(vs, validation.MinimumLength{})
		case "common", "commonpasswordvalidator":
			vs = append(vs, validation.CommonPassword{})
		case "numeric", "numericpasswordvalidator":
			vs = append(vs, validation.NumericPassword{})
		case "user_attribute_similarity", "userattributesimilarityvalidator":
			vs = append(vs, validation.UserAttributeSimilarity{})
		default:
			return nil, fmt.Errorf("AUTH_PASSWORD_VALIDATORS: unknown validator %q", n)
		}
	}
	return vs, nil
}

// HashersByName returns the hashers PASSWORD_HASHERS names, by algorithm
// ("pbkdf2_sha256", "argon2", …) or by Django's class path
// ("django.contrib.auth.hashers.PBKDF2PasswordHasher").
func HashersByName(names ...string) (hashers.Hashers, error) {
	var hs hashers.Hashers
	for _, n := range names {
		key := n
		if i := strings.LastIndexByte(n, '.'); i >= 0 {
			key = n[i+1:]
		}
		switch strings.ToLower(key) {
		case "pbkdf2_sha256", "pbkdf2passwordhasher":
			hs = append(hs, hashers.PBKDF2{})
		case "pbkdf2_sha1", "pbkdf2sha1passwordhasher":
			hs = append(hs, hashers.PBKDF2SHA1{})
		case "argon2", "argon2passwordhasher":
			hs = append(hs, hashers.Argon2{})
		case "bcrypt_sha256", "bcryptsha256passwordhasher":
			hs = append(hs, hashers.BCryptSHA256{})
		case "bcrypt", "bcryptpasswordhasher":
			hs = append(hs, hashers.BCrypt{})
		case "scrypt", "scryptpasswordhasher":
			hs = append(hs, hashers.Scrypt{})
		default:
			return nil, fmt.Errorf("PASSWORD_HASHERS: unknown hasher %q", n)
		}
	}
	return hs, nil
}

func (a *AppConfig) hashers() hashers.Hashers {
	if len(a.Hashers) > 0 {
		return a.Hashers
	}
	return hashers.Default()
}

func (a *AppConfig) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *AppConfig) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

func (a *AppConfig) mailer() mail.Backend {
	if a.Mail != nil {
		return a.Mail
	}
	return &mail.Console{}
}

// Open returns the app's database.
func (a *AppConfig) Open(ctx context.Context) (*orm.DB, error) {
	if a.DB != nil {
		return a.DB, nil
	}
	if a.dbFunc == nil {
		return nil, ErrNoDatabase
	}
	name := a.Database
	if name == "" {
		name = "default"
	}
	return a.dbFunc(ctx, name)
}

func (a *AppConfig) backends() []Backend {
	if len(a.Backends) > 0 {
		return a.Backends
	}
	return []Backend{&ModelBackend{App: a}}
}

// Bind makes u use the app's hashers, secret key, database and backends
// (users the app loads are bound already) and returns it.
func (a *AppConfig) Bind(u *User) *User { return a.bind(u, "") }

// bind attaches the app to users it loaded.
func (a *AppConfig) bind(u *User, backend string) *User {
	if u != nil {
		u.app = a
		if backend != "" {
			u.backend = backend
		}
	}
	return u
}

// CreateUser creates an active user with the password hashed (an unusable
// one when password is empty), Django's create_user.
func (a *AppConfig) CreateUser(ctx context.Context, username, email, password string) (*User, error) {
	return a.createUser(ctx, username, email, password, false)
}

// CreateSuperuser creates an active staff superuser, Django's
// create_superuser.
func (a *AppConfig) CreateSuperuser(ctx context.Context, username, email, password string) (*User, error) {
	return a.createUser(ctx, username, email, password, true)
}

func (a *AppConfig) createUser(ctx context.Context, username, email, password string, super bool) (*User, error) {
	if username == "" {
		return nil, errors.New("auth: the given username must be set")
	}
	db, err := a.Open(ctx)
	if err != nil {
		return nil, err
	}
	u := &User{Username: username, Email: NormalizeEmail(email), IsActive: true, IsStaff: super, IsSuperuser: super, DateJoined: a.now().UTC(), app: a}
	if password == "" {
		u.SetUnusablePassword()
	} else if err := u.SetPassword(password); err != nil {
		return nil, err
	}
	if err := orm.Objects[User](db).Create(ctx, u); err != nil {
		return nil, fmt.Errorf("auth: create user %q: %w", username, err)
	}
	return u, nil
}

// NormalizeEmail lower-cases the domain part, as Django's
// BaseUserManager.normalize_email.
func NormalizeEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return email
	}
	return email[:at+1] + strings.ToLower(email[at+1:])
}

// GetUser returns the user with the primary key id, bound to the app.
func (a *AppConfig) GetUser(ctx context.Context, id int64) (*User, error) {
	db, err := a.Open(ctx)
	if err != nil {
		return nil, err
	}
	u, err := orm.Objects[User](db).Get(ctx, orm.Q{"pk": id})
	if err != nil {
		return nil, err
	}
	return a.bind(&u, ""), nil
}

// GetUserByUsername returns the user with that username, bound to the app.
func (a *AppConfig) GetUserByUsername(ctx context.Context, username string) (*User, error) {
	db, err := a.Open(ctx)
	if err != nil {
		return nil, err
	}
	u, err := orm.Objects[User](db).Get(ctx, orm.Q{"username": username})
	if err != nil {
		return nil, err
	}
	return a.bind(&u, ""), nil
}

// SaveUser saves u (all fields, or the ones named).
func (a *AppConfig) SaveUser(ctx context.Context, u *User, fields ...string) error {
	db, err := a.Open(ctx)
	if err != nil {
		return err
	}
	if err := orm.Save(ctx, db, u, fields...); err != nil {
		return fmt.Errorf("auth: save user %q: %w", u.Username, err)
	}
	a.bind(u, "")
	return nil
}

// CheckPassword reports whether raw is u's password, re-hashing and saving
// it when the stored hash is outdated (upgrade on login). An unsaved user
// (ID 0) is upgraded in memory only.
func (a *AppConfig) CheckPassword(ctx context.Context, u *User, raw string) (bool, error) {
	hs := a.hashers()
	ok, mustUpdate, err := hs.Check(raw, u.Password)
	if err != nil {
		return false, fmt.Errorf("auth: check password of %q: %w", u.Username, err)
	}
	if ok && mustUpdate {
		enc, err := hs.Make(raw)
		if err != nil {
			return true, fmt.Errorf("auth: upgrade password of %q: %w", u.Username, err)
		}
		u.Password = enc
		if u.ID != 0 {
			if _, err := a.Open(ctx); err == nil {
				if err := a.SaveUser(ctx, u, "password"); err != nil {
					return true, err
				}
			}
		}
	}
	return ok, nil
}

// SetPassword hashes raw into u.Password and saves it.
func (a *AppConfig) SetPassword(ctx context.Context, u *User, raw string) error {
	a.bind(u, "")
	if err := u.SetPassword(raw); err != nil {
		return err
	}
	return a.SaveUser(ctx, u, "password")
}

// ValidatePassword runs PasswordValidators for a new password of u (nil
// for a user not created yet).
func (a *AppConfig) ValidatePassword(password string, u *User) error {
	if len(a.PasswordValidators) == 0 {
		return nil
	}
	attrs := validation.User{}
	if u != nil {
		attrs = validation.User{"username": u.Username, "first_name": u.FirstName, "last_name": u.LastName, "email": u.Email}
	}
	return validation.Validate(password, attrs, a.PasswordValidators)
}

func isNotFound(err error) bool { return errors.Is(err, orm.ErrDoesNotExist) }
