package auth_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/djinntest"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/urls"
)

func TestLoginCyclesSessionKeyAndRotatesCSRF(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	c.Get("/touch/?set=kept")
	before, ok := c.Cookie("sessionid")
	if !ok {
		t.Fatal("no session before login")
	}
	c.Get("/accounts/login/")
	csrfBefore, _ := c.Cookie("csrftoken")
	resp := login(c, "ann", "s3cret-pass")
	djinntest.AssertRedirects(t, resp, "/accounts/profile/", djinntest.NoFetch())
	after, _ := c.Cookie("sessionid")
	if after == "" || after == before {
		t.Fatalf("session key not cycled: %q → %q", before, after)
	}
	if csrfAfter, _ := c.Cookie("csrftoken"); csrfAfter == csrfBefore {
		t.Error("CSRF token not rotated at login")
	}
	if got := c.Get("/touch/").Text(); got != "x=kept" {
		t.Errorf("session data lost at login (cycle_key keeps it): %s", got)
	}
	if got := c.Get("/private/").Text(); got != "Hello, ann" {
		t.Errorf("private page = %q", got)
	}
	u, err := p.auth.GetUserByUsername(context.Background(), "ann")
	if err != nil || u.LastLogin == nil || time.Since(*u.LastLogin) > time.Minute {
		t.Errorf("last_login not updated: %v %v", u.LastLogin, err)
	}
	// The key known before login is useless afterwards.
	c2 := p.client(t)
	c2.SetCookie(&http.Cookie{Name: "sessionid", Value: before})
	if got := c2.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("pre-login key still works: %s", got)
	}
}

func TestLoginOfAnotherUserFlushesSession(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	p.user(t, "bob", "other-pass")
	c := p.client(t)
	login(c, "ann", "s3cret-pass")
	c.Get("/touch/?set=ann-data")
	login(c, "bob", "other-pass")
	if got := c.Get("/touch/").Text(); got != "x=" {
		t.Errorf("another user's session data survived login: %s", got)
	}
	if got := c.Get("/whoami/").Text(); got != "Hello, bob" {
		t.Errorf("whoami = %s", got)
	}
}

func TestWrongPasswordAndInactiveUser(t *testing.T) {
	p := newProject(t)
	u := p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	resp := login(c, "ann", "wrong")
	djinntest.AssertStatus(t, resp, 200)
	djinntest.AssertContains(t, resp, "Please enter a correct username and password.")
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Error("logged in with a wrong password")
	}
	u.IsActive = false
	if err := p.auth.SaveUser(context.Background(), u, "is_active"); err != nil {
		t.Fatal(err)
	}
	djinntest.AssertContains(t, login(c, "ann", "s3cret-pass"), "Please enter a correct username and password.")
}

func TestInactiveUserLosesExistingSession(t *testing.T) {
	p := newProject(t)
	u := p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	login(c, "ann", "s3cret-pass")
	u.IsActive = false
	if err := p.auth.SaveUser(context.Background(), u, "is_active"); err != nil {
		t.Fatal(err)
	}
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("inactive user still logged in: %s", got)
	}
}

func TestLogoutIsPostOnlyAndFlushes(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	login(c, "ann", "s3cret-pass")
	key, _ := c.Cookie("sessionid")
	djinntest.AssertStatus(t, c.Get("/accounts/logout/"), http.StatusMethodNotAllowed)
	djinntest.AssertStatus(t, c.Options("/accounts/logout/"), http.StatusMethodNotAllowed)
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Fatal("GET logged out")
	}
	resp := c.Post("/accounts/logout/", djinntest.Form{})
	djinntest.AssertStatus(t, resp, 200)
	djinntest.AssertTemplateUsed(t, resp, "registration/logged_out.html")
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("still logged in after logout: %s", got)
	}
	djinntest.AssertRedirects(t, c.Get("/private/"), "/accounts/login/?next=/private/", djinntest.NoFetch())
	// The old key is gone from the store.
	c2 := p.client(t)
	c2.SetCookie(&http.Cookie{Name: "sessionid", Value: key})
	if got := c2.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("old session key still logged in: %s", got)
	}
	// next and LOGOUT_REDIRECT_URL.
	login(c, "ann", "s3cret-pass")
	djinntest.AssertRedirects(t, c.Post("/accounts/logout/", djinntest.Form{"next": {"/whoami/"}}), "/whoami/", djinntest.NoFetch())
	login(c, "ann", "s3cret-pass")
	djinntest.AssertStatus(t, c.Post("/accounts/logout/", djinntest.Form{"next": {"https://evil.com/"}}), 200)
}

func TestLogoutRedirectURL(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) { a.LogoutRedirectURL = "login" })
	c := p.client(t)
	djinntest.AssertRedirects(t, c.Post("/accounts/logout/", djinntest.Form{}), "/accounts/login/", djinntest.NoFetch())
}

func TestPasswordChangeLogsOutOtherSessions(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c1, c2 := p.client(t), p.client(t)
	login(c1, "ann", "s3cret-pass")
	login(c2, "ann", "s3cret-pass")
	djinntest.AssertStatus(t, c1.Get("/accounts/password_change/"), 200)
	resp := c1.Post("/accounts/password_change/", djinntest.Form{"old_password": {"wrong"}, "new_password1": {"n3w-secret!"}, "new_password2": {"n3w-secret!"}})
	djinntest.AssertContains(t, resp, "Your old password was entered incorrectly.")
	resp = c1.Post("/accounts/password_change/", djinntest.Form{"old_password": {"s3cret-pass"}, "new_password1": {"n3w-secret!"}, "new_password2": {"other"}})
	djinntest.AssertContains(t, resp, "The two password fields didn’t match.")
	before, _ := c1.Cookie("sessionid")
	resp = c1.Post("/accounts/password_change/", djinntest.Form{"old_password": {"s3cret-pass"}, "new_password1": {"n3w-secret!"}, "new_password2": {"n3w-secret!"}})
	djinntest.AssertRedirects(t, resp, "/accounts/password_change/done/", djinntest.NoFetch())
	if after, _ := c1.Cookie("sessionid"); after == before {
		t.Error("password change did not cycle the session key")
	}
	if got := c1.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("the changing session was logged out: %s", got)
	}
	djinntest.AssertStatus(t, c1.Get("/accounts/password_change/done/"), 200)
	if got := c2.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("the other session survived the password change: %s", got)
	}
	djinntest.AssertRedirects(t, c2.Get("/accounts/password_change/"), "/accounts/login/?next=/accounts/password_change/", djinntest.NoFetch())
}

func TestPasswordChangeRunsValidators(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) { a.PasswordValidators = defaultValidators() })
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	login(c, "ann", "s3cret-pass")
	resp := c.Post("/accounts/password_change/", djinntest.Form{"old_password": {"s3cret-pass"}, "new_password1": {"123"}, "new_password2": {"123"}})
	djinntest.AssertContains(t, resp, "This password is too short.")
	djinntest.AssertContains(t, resp, "This password is entirely numeric.")
}

func TestTooManyFailedLoginsPerUser(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	for range auth.DefaultMaxFailuresPerUser {
		djinntest.AssertContains(t, login(c, "ann", "guess"), "Please enter a correct username")
	}
	resp := login(c, "ann", "s3cret-pass")
	djinntest.AssertContains(t, resp, auth.MsgTooManyAttempts)
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Error("logged in past the limit")
	}
	// An unknown username gets the same answer: nothing reveals existence.
	for range auth.DefaultMaxFailuresPerUser {
		login(c, "nobody", "guess")
	}
	djinntest.AssertContains(t, login(c, "nobody", "guess"), auth.MsgTooManyAttempts)
	// Other users are not affected.
	p.user(t, "bob", "bob-pass-123")
	djinntest.AssertRedirects(t, login(c, "bob", "bob-pass-123"), "/accounts/profile/", djinntest.NoFetch())
}

func TestTooManyFailedLoginsPerIP(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) { a.MaxFailuresPerIP = 3; a.MaxFailuresPerUser = 100 })
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	for _, name := range []string{"a", "b", "c"} {
		login(c, name, "x")
	}
	djinntest.AssertContains(t, login(c, "ann", "s3cret-pass"), auth.MsgTooManyAttempts)
}

func TestFailureWindowExpires(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	p := newProject(t, func(a *auth.AppConfig) {
		a.Now = func() time.Time { return now }
		a.MaxFailuresPerUser = 2
	})
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	login(c, "ann", "x")
	login(c, "ann", "x")
	djinntest.AssertContains(t, login(c, "ann", "s3cret-pass"), auth.MsgTooManyAttempts)
	now = now.Add(auth.DefaultFailureWindow + time.Second)
	djinntest.AssertRedirects(t, login(c, "ann", "s3cret-pass"), "/accounts/profile/", djinntest.NoFetch())
}

func TestDjangoPasswordHashLogsInAndIsUpgraded(t *testing.T) {
	v := loadVectors(t)
	p := newProject(t)
	u := p.user(t, "django", "")
	u.Password = v.SessionAuthHash[0].Password // Django 3.2, pbkdf2_sha256, 260000 iterations
	if err := p.auth.SaveUser(context.Background(), u, "password"); err != nil {
		t.Fatal(err)
	}
	c := p.client(t)
	djinntest.AssertRedirects(t, login(c, "django", v.RawPassword), "/accounts/profile/", djinntest.NoFetch())
	got, err := p.auth.GetUserByUsername(context.Background(), "django")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Password, "pbkdf2_sha256$1000$") {
		t.Errorf("password not upgraded to the preferred hasher: %s", got.Password)
	}
	// The upgrade changed the hash: this session keeps working (login
	// stored the new hash), and the password still checks.
	if w := c.Get("/whoami/").Text(); w != "Hello, django" {
		t.Errorf("whoami after upgrade = %s", w)
	}
	if ok, err := got.CheckPassword(context.Background(), v.RawPassword); !ok || err != nil {
		t.Errorf("upgraded password does not check: %v %v", ok, err)
	}
}

// TestDjangoSessionAuthenticates stores a session the way Django does
// (signed session_data in django_session with _auth_user_id as a string,
// Django's backend path and the salted HMAC of the password hash) and
// checks that Djinn authenticates its user, and that the Django session of
// session/testdata (a hash that does not match) is flushed.
func TestDjangoSessionAuthenticates(t *testing.T) {
	v := loadVectors(t)
	p := newProject(t, func(a *auth.AppConfig) { a.SecretKey = v.SecretKey })
	ctx := context.Background()
	u := p.user(t, "ann", "")
	u.Password = v.SessionAuthHash[0].Password
	if err := p.auth.SaveUser(ctx, u, "password"); err != nil {
		t.Fatal(err)
	}
	if u.ID != 1 {
		t.Fatalf("user id = %d", u.ID)
	}
	store := p.sessionStore()
	codec := session.Codec{Key: []byte(v.SecretKey)}
	s := codec.Decode("")
	s.Set(auth.SessionKey, "1")
	s.Set(auth.BackendSessionKey, "django.contrib.auth.backends.ModelBackend")
	s.Set(auth.HashSessionKey, v.SessionAuthHash[0].Hash) // from Python's hmac, Django's algorithm
	data, err := codec.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	key := strings.Repeat("a", 32)
	if err := store.Save(ctx, key, []byte(data), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c := p.client(t)
	c.SetCookie(&http.Cookie{Name: "sessionid", Value: key})
	if got := c.Get("/private/").Text(); got != "Hello, ann" {
		t.Fatalf("Django session not authenticated: %q", got)
	}

	// Django's own session_data (Django 3.2.25), whose hash is a
	// placeholder: decoded, then refused and flushed.
	bad := strings.Repeat("b", 32)
	if err := store.Save(ctx, bad, []byte(v.DjangoSession.SessionData), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := codec.Decode(v.DjangoSession.SessionData).GetString(auth.SessionKey); got != "1" {
		t.Fatalf("Django session_data does not decode: %q", got)
	}
	c2 := p.client(t)
	c2.SetCookie(&http.Cookie{Name: "sessionid", Value: bad})
	if got := c2.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("session with a wrong auth hash authenticated: %s", got)
	}
	if _, found, err := store.Load(ctx, bad); err != nil || found {
		t.Errorf("session with a wrong hash not flushed: found=%v err=%v", found, err)
	}
}

func TestSecretKeyFallbackSessionIsMigrated(t *testing.T) {
	v := loadVectors(t)
	p := newProject(t, func(a *auth.AppConfig) {
		a.SecretKey = "a-brand-new-secret-key-that-replaced-the-old-one-0123456789"
		a.SecretKeyFallbacks = []string{v.SecretKey}
	})
	ctx := context.Background()
	u := p.user(t, "ann", "")
	u.Password = v.SessionAuthHash[0].Password
	if err := p.auth.SaveUser(ctx, u, "password"); err != nil {
		t.Fatal(err)
	}
	store := p.sessionStore()
	codec := session.Codec{Key: []byte(p.secret)}
	s := codec.Decode("")
	s.Set(auth.SessionKey, "1")
	s.Set(auth.BackendSessionKey, auth.ModelBackendName)
	s.Set(auth.HashSessionKey, v.SessionAuthHash[0].Hash) // made with the old key
	data, _ := codec.Encode(s)
	key := strings.Repeat("c", 32)
	if err := store.Save(ctx, key, []byte(data), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	c := p.client(t)
	c.SetCookie(&http.Cookie{Name: "sessionid", Value: key})
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Fatalf("fallback hash not accepted: %s", got)
	}
	if now, _ := c.Cookie("sessionid"); now == key {
		t.Error("session not cycled onto the new key")
	}
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("migrated session lost: %s", got)
	}
}

func TestOpenRedirectsRefused(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	for _, next := range []string{
		"//evil.com", `/\evil.com`, `\\evil.com`, "https://evil.com/", "http://evil.com", "javascript:alert(1)",
		"///evil.com", "http:///evil.com", "\x08//evil.com", " //evil.com", "https://testserver@evil.com/", "//testserver.evil.com",
		"data:text/html,hi", "ftp://testserver/",
	} {
		c := p.client(t)
		djinntest.AssertRedirects(t, login(c, "ann", "s3cret-pass", next), "/accounts/profile/", djinntest.NoFetch())
	}
	for _, next := range []string{"/whoami/", "/private/?a=1&b=2", "http://testserver/whoami/", "//testserver/whoami/"} {
		c := p.client(t)
		resp := login(c, "ann", "s3cret-pass", next)
		if resp.StatusCode != 302 || resp.Location() != next {
			t.Errorf("next %q: %d → %q", next, resp.StatusCode, resp.Location())
		}
	}
	// Repeated: the last value, as request.POST.get.
	if resp := login(p.client(t), "ann", "s3cret-pass", "/private/", "/whoami/"); resp.Location() != "/whoami/" {
		t.Errorf("repeated next: %d → %q", resp.StatusCode, resp.Location())
	}
	// The GET parameter is honoured too, and shown in the form.
	c := p.client(t)
	resp := c.Get("/accounts/login/?next=/whoami/")
	djinntest.AssertContains(t, resp, `name="next" value="/whoami/"`)
	djinntest.AssertNotContains(t, c.Get("/accounts/login/?next=//evil.com"), "evil.com")
}

func TestLoginRequiredRedirectKeepsQuery(t *testing.T) {
	p := newProject(t)
	c := p.client(t)
	djinntest.AssertRedirects(t, c.Get("/private/?a=1&b=x%20y"), "/accounts/login/?next=/private/%3Fa%3D1%26b%3Dx%2520y", djinntest.NoFetch())
}

func TestPermissionWrappers(t *testing.T) {
	p := newProject(t)
	ctx := context.Background()
	ann := p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	djinntest.AssertRedirects(t, c.Get("/perm/"), "/accounts/login/?next=/perm/", djinntest.NoFetch())
	login(c, "ann", "s3cret-pass")
	djinntest.AssertStatus(t, c.Get("/perm/"), http.StatusForbidden)
	djinntest.AssertRedirects(t, c.Get("/staff/"), "/accounts/login/?next=/staff/", djinntest.NoFetch())

	perm, err := orm.Objects[auth.Permission](p.db).Get(ctx, orm.Q{"codename": "view_user"})
	if err != nil {
		t.Fatal(err)
	}
	rel, err := orm.ManyToMany(p.db, ann, "user_permissions")
	if err != nil {
		t.Fatal(err)
	}
	if err := rel.Add(ctx, perm.ID); err != nil {
		t.Fatal(err)
	}
	if got := c.Get("/perm/").Text(); got != "Hello, ann" {
		t.Errorf("with the permission: %s", got)
	}
}

func TestLoginURLVariants(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) { a.LoginURL = "https://sso.example.com/login/?app=1" })
	djinntest.AssertRedirects(t, p.client(t).Get("/private/"), "https://sso.example.com/login/?app=1&next=http://testserver/private/", djinntest.NoFetch())
	p = newProject(t, func(a *auth.AppConfig) { a.LoginURL = "login" }) // a URL name
	djinntest.AssertRedirects(t, p.client(t).Get("/private/"), "/accounts/login/?next=/private/", djinntest.NoFetch())
}

func TestLoginAndLogoutNeedCSRFToken(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	c.EnforceCSRFChecks = true
	c.AllowServerErrors = true
	djinntest.AssertStatus(t, login(c, "ann", "s3cret-pass"), http.StatusForbidden)
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Fatal("logged in without a CSRF token")
	}
	c.Get("/accounts/login/")
	resp := c.Post("/accounts/login/", djinntest.Form{"username": {"ann"}, "password": {"s3cret-pass"}, "csrfmiddlewaretoken": {c.CSRFToken()}})
	djinntest.AssertRedirects(t, resp, "/accounts/profile/", djinntest.NoFetch())
	djinntest.AssertStatus(t, c.Post("/accounts/logout/", djinntest.Form{}), http.StatusForbidden)
}

func TestUpdateSessionAuthHashWithAnUnboundUser(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "s3cret-pass")
	c, other := p.client(t), p.client(t)
	login(c, "ann", "s3cret-pass")
	login(other, "ann", "s3cret-pass")
	if got := c.Get("/custom-change/?pw=another-pass").Text(); got != "changed" {
		t.Fatal(got)
	}
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("own session lost after UpdateSessionAuthHash: %s", got)
	}
	if got := other.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("other session survived: %s", got)
	}
}

// TestRedirectAuthenticatedUser: with RedirectAuthenticatedUser a logged-in
// user asking for the login page goes on to the safe next, else
// LoginRedirectURL; a LoginRedirectURL that is the login page is an error
// (Django's "Redirection loop" ValueError), not a loop; without the
// option the form is shown.
func TestRedirectAuthenticatedUser(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) { a.RedirectAuthenticatedUser = true })
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	djinntest.AssertStatus(t, c.Get("/accounts/login/"), 200) // anonymous: the form
	login(c, "ann", "s3cret-pass")
	djinntest.AssertRedirects(t, c.Get("/accounts/login/"), "/accounts/profile/", djinntest.NoFetch())
	djinntest.AssertRedirects(t, c.Get("/accounts/login/?next=/whoami/"), "/whoami/", djinntest.NoFetch())
	djinntest.AssertRedirects(t, c.Get("/accounts/login/?next=//evil.com"), "/accounts/profile/", djinntest.NoFetch())
	// Before the method check, as Django's dispatch; the query's last next.
	djinntest.AssertRedirects(t, c.Put("/accounts/login/", nil), "/accounts/profile/", djinntest.NoFetch())
	djinntest.AssertRedirects(t, c.Get("/accounts/login/?next=/private/&next=/whoami/"), "/whoami/", djinntest.NoFetch())

	loop := newProject(t, func(a *auth.AppConfig) {
		a.RedirectAuthenticatedUser = true
		a.LoginRedirectURL = "/accounts/login/"
	})
	loop.user(t, "ann", "s3cret-pass")
	c = loop.client(t)
	login(c, "ann", "s3cret-pass")
	c.AllowServerErrors = true
	resp := c.Get("/accounts/login/")
	djinntest.AssertStatus(t, resp, http.StatusInternalServerError)
	if resp.Err == nil || !strings.Contains(resp.Err.Error(), "redirection loop") {
		t.Errorf("loop: %v", resp.Err)
	}

	plain := newProject(t)
	plain.user(t, "ann", "s3cret-pass")
	c = plain.client(t)
	login(c, "ann", "s3cret-pass")
	djinntest.AssertStatus(t, c.Get("/accounts/login/"), 200)
}

// TestRequireLogin: with Django 5.1's LoginRequiredMiddleware
// every view needs a user but those marked LoginNotRequired (the login and
// password reset views among them); unknown paths still get the router's
// 404; a logged-in user passes.
func TestRequireLogin(t *testing.T) {
	p := newProject(t)
	p.router.AddViewCheck(p.auth.RequireLogin)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	djinntest.AssertRedirects(t, c.Get("/whoami/?a=1"), "/accounts/login/?next=/whoami/%3Fa%3D1", djinntest.NoFetch())
	djinntest.AssertRedirects(t, c.Get("/touch/"), "/accounts/login/?next=/touch/", djinntest.NoFetch())
	if got := c.Get("/public/").Text(); got != "anonymous" {
		t.Errorf("public view: %q", got)
	}
	for _, path := range []string{"/accounts/login/", "/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/", "/accounts/reset/MQ/bad-token/"} {
		djinntest.AssertStatus(t, c.Get(path), 200)
	}
	djinntest.AssertStatus(t, c.Get("/no/such/page/"), 404)
	login(c, "ann", "s3cret-pass")
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("logged in: %q", got)
	}

	// A view marked both ways keeps both marks.
	p.router.Add(urls.Path("exempt-public/", csrf.Exempt(auth.LoginNotRequired(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "open")
	}))), "exempt-public"))
	anon := p.client(t)
	if got := anon.Get("/exempt-public/").Text(); got != "open" {
		t.Errorf("csrf.Exempt(LoginNotRequired(h)): %q", got)
	}

	// Mounted below a prefix with http.StripPrefix, the check still sees
	// the view the router serves, and next keeps the prefix.
	sp := newProject(t)
	sp.router.SetScriptPrefix("/app/")
	sp.router.AddViewCheck(sp.auth.RequireLogin)
	sp.app.Routes(http.StripPrefix("/app", sp.router))
	djinntest.AssertRedirects(t, sp.client(t).Get("/app/whoami/"), "/accounts/login/?next=/app/whoami/", djinntest.NoFetch())

	// LOGIN_URL as a pattern name.
	named := newProject(t, func(a *auth.AppConfig) { a.LoginURL = "login" })
	named.router.AddViewCheck(named.auth.RequireLogin)
	djinntest.AssertRedirects(t, named.client(t).Get("/whoami/"), "/accounts/login/?next=/whoami/", djinntest.NoFetch())
}

// TestLoginCallbacks: OnLogin, OnLoginFailed and OnLogout are called as
// Django sends user_logged_in, user_login_failed and user_logged_out.
func TestLoginCallbacks(t *testing.T) {
	var events []string
	p := newProject(t, func(a *auth.AppConfig) {
		a.OnLogin = func(r *http.Request, u *auth.User) { events = append(events, "in:"+u.Username) }
		a.OnLogout = func(r *http.Request, u *auth.User) {
			name := "<nil>"
			if u != nil {
				name = u.Username
			}
			events = append(events, "out:"+name)
		}
		a.OnLoginFailed = func(r *http.Request, username string) { events = append(events, "failed:"+username) }
	})
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	login(c, "ann", "wrong")
	login(c, "ann", "s3cret-pass")
	c.Post("/accounts/logout/", nil)
	c.Post("/accounts/logout/", nil) // nobody logged in
	if got := strings.Join(events, " "); got != "failed:ann in:ann out:ann out:<nil>" {
		t.Errorf("events %q", got)
	}
	// The test client's Logout runs no authentication middleware: the
	// user comes from the session.
	events = nil
	c = p.client(t)
	if !c.Login("ann", "s3cret-pass") {
		t.Fatal("client login")
	}
	c.Logout()
	if got := strings.Join(events, " "); got != "in:ann out:ann" {
		t.Errorf("client login/logout events %q", got)
	}
}
