package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/djinn-go/djinn/forms"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/mail"
	"github.com/djinn-go/djinn/middleware"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/template/value"
	"github.com/djinn-go/djinn/urls"
)

// RedirectFieldName is the parameter that carries where to go after login
// or logout.
const RedirectFieldName = "next"

// resetSessionToken is where the reset confirm view keeps the token it
// took out of the URL; resetURLToken stands in for it in the URL.
const (
	resetSessionToken = "_password_reset_token"
	resetURLToken     = "set-password"
)

// URLs returns the auth views under Django's paths and names (Django's
// django.contrib.auth.urls): login, logout, password_change,
// password_change_done, password_reset, password_reset_done,
// password_reset_confirm, password_reset_complete. Include it, usually
// under "accounts/":
//
//	urls.Include("accounts/", authApp.URLs(), "", "")
func (a *AppConfig) URLs() urls.Patterns {
	return urls.Patterns{
		urls.Path("login/", a.LoginView(), "login"),
		urls.Path("logout/", a.LogoutView(), "logout"),
		urls.Path("password_change/", a.PasswordChangeView(), "password_change"),
		urls.Path("password_change/done/", a.PasswordChangeDoneView(), "password_change_done"),
		urls.Path("password_reset/", a.PasswordResetView(), "password_reset"),
		urls.Path("password_reset/done/", a.PasswordResetDoneView(), "password_reset_done"),
		urls.Path("reset/<uidb64>/<token>/", a.PasswordResetConfirmView(), "password_reset_confirm"),
		urls.Path("reset/done/", a.PasswordResetCompleteView(), "password_reset_complete"),
	}
}

// neverCache marks a response as not cacheable (Django's never_cache).
func neverCache(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private")
	h.Set("Expires", "Thu, 01 Jan 1970 00:00:00 GMT")
}

// safeNext returns the request's "next" (POST first, then the query
// string) when it is safe to redirect to, else "".
func safeNext(r *http.Request) string {
	// request.POST.get, then request.GET.get: the last value of each.
	_ = r.PostFormValue(RedirectFieldName) // parses the body, as net/http does
	var next string
	if vs, ok := r.PostForm[RedirectFieldName]; ok && len(vs) > 0 {
		next = vs[len(vs)-1] // present, even empty: the query is not read
	} else {
		next = httpx.QueryGet(r, RedirectFieldName)
	}
	return redirectTarget(next, requestHost(r), middleware.IsSecure(r))
}

func (a *AppConfig) context(r *http.Request, data map[string]any) map[string]any {
	if data == nil {
		data = map[string]any{}
	}
	data["user"] = UserFrom(r.Context())
	host := requestHost(r)
	data["site_name"] = host
	data["site"] = map[string]string{"domain": host, "name": host}
	for _, n := range []string{"login", "logout", "password_reset", "password_change"} {
		if u, err := urls.ReverseCtx(r.Context(), a.name(n)); err == nil {
			data[n+"_url"] = u
		}
	}
	if f, ok := data["form"].(*forms.Form); ok {
		data["form_html"] = value.SafeString(f.Render())
	}
	return data
}

func methods(r *http.Request, allowed ...string) error {
	for _, m := range allowed {
		if r.Method == m {
			return nil
		}
	}
	if r.Method == http.MethodHead {
		for _, m := range allowed {
			if m == http.MethodGet {
				return nil
			}
		}
	}
	return httpx.MethodNotAllowed(allowed...)
}

func bind(r *http.Request, f *forms.Form) error {
	if err := r.ParseForm(); err != nil {
		return httpx.BadRequest("malformed form data")
	}
	f.Bind(r.PostForm, nil)
	return nil
}

// LoginView is Django's LoginView: the AuthenticationForm on GET, login
// and a redirect to the safe "next" (or LoginRedirectURL) on a valid POST.
func (a *AppConfig) LoginView() http.Handler { return LoginNotRequired(a.loginView()) }

func (a *AppConfig) loginView() http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		neverCache(w)
		// Before the method check, as Django's dispatch.
		if a.RedirectAuthenticatedUser && UserFrom(r.Context()).IsAuthenticated() {
			to, err := a.loginSuccessURL(r)
			if err != nil {
				return err
			}
			if to == requestPath(r) {
				return fmt.Errorf("auth: redirection loop for an authenticated user: LOGIN_REDIRECT_URL (or next) %q is the login page", to)
			}
			return httpx.Redirect(w, r, to)
		}
		if err := methods(r, http.MethodGet, http.MethodPost); err != nil {
			return err
		}
		af := a.NewAuthenticationForm(r)
		if r.Method == http.MethodPost {
			if err := bind(r, af.Form); err != nil {
				return err
			}
			if af.IsValid(r.Context()) {
				if err := a.Login(r, af.User(), ""); err != nil {
					return err
				}
				to, err := a.loginSuccessURL(r)
				if err != nil {
					return err
				}
				return httpx.Redirect(w, r, to)
			}
			if err := af.Err(); err != nil {
				return err
			}
		}
		return httpx.Render(w, r, http.StatusOK, "registration/login.html", a.context(r, map[string]any{
			"form": af.Form, RedirectFieldName: safeNext(r),
		}))
	})
}

// requestPath is Django's request.path: the router's script prefix (which
// http.StripPrefix took off) and the path.
func requestPath(r *http.Request) string { return scriptBase(r) + r.URL.Path }

// scriptBase is the router's script prefix without its final "/" ("" at
// the root or without a router).
func scriptBase(r *http.Request) string {
	if rt := urls.RouterFrom(r.Context()); rt != nil {
		return strings.TrimSuffix(rt.ScriptPrefix(), "/")
	}
	return ""
}

// loginSuccessURL is LoginView's get_success_url: the safe "next", else
// LoginRedirectURL.
func (a *AppConfig) loginSuccessURL(r *http.Request) (string, error) {
	if to := safeNext(r); to != "" {
		return to, nil
	}
	return a.resolveURL(r, a.LoginRedirectURL, DefaultLoginRedirectURL)
}

// LogoutView is Django 5's LogoutView: POST only; it flushes the session
// and redirects to the safe "next" or LogoutRedirectURL, or renders
// registration/logged_out.html.
func (a *AppConfig) LogoutView() http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := methods(r, http.MethodPost); err != nil {
			return err
		}
		neverCache(w)
		a.Logout(r)
		to := safeNext(r)
		if to == "" && a.LogoutRedirectURL != "" {
			var err error
			if to, err = a.resolveURL(r, a.LogoutRedirectURL, ""); err != nil {
				return err
			}
		}
		if to != "" && to != r.URL.Path {
			return httpx.Redirect(w, r, to)
		}
		return httpx.Render(w, r, http.StatusOK, "registration/logged_out.html", a.context(r, nil))
	})
}

// PasswordChangeView is Django's PasswordChangeView (login required): the
// old password and a new one twice; the session stays logged in, every
// other session of the user is logged out.
func (a *AppConfig) PasswordChangeView() http.Handler {
	return LoginRequired(httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := methods(r, http.MethodGet, http.MethodPost); err != nil {
			return err
		}
		neverCache(w)
		u := UserFrom(r.Context())
		f := a.NewPasswordChangeForm(u)
		if r.Method == http.MethodPost {
			if err := bind(r, f); err != nil {
				return err
			}
			if f.IsValid(r.Context()) {
				p, _ := forms.Get[string](f, "new_password1")
				if err := a.SetPassword(r.Context(), u, p); err != nil {
					return err
				}
				UpdateSessionAuthHash(r, u)
				return a.redirectName(w, r, "password_change_done")
			}
			if err := f.Err(); err != nil {
				return err
			}
		}
		return httpx.Render(w, r, http.StatusOK, "registration/password_change_form.html", a.context(r, map[string]any{"form": f, "title": "Password change"}))
	}))
}

// PasswordChangeDoneView says the password was changed (login required).
func (a *AppConfig) PasswordChangeDoneView() http.Handler {
	return LoginRequired(a.page("registration/password_change_done.html", "Password change successful"))
}

func (a *AppConfig) page(name, title string) http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := methods(r, http.MethodGet); err != nil {
			return err
		}
		return httpx.Render(w, r, http.StatusOK, name, a.context(r, map[string]any{"title": title}))
	})
}

func (a *AppConfig) redirectName(w http.ResponseWriter, r *http.Request, name string, args ...any) error {
	to, err := urls.ReverseCtx(r.Context(), a.name(name), args...)
	if err != nil {
		return err
	}
	return httpx.Redirect(w, r, to)
}

// PasswordResetView is Django's PasswordResetView: an e-mail address; each
// active user with a usable password and that address is sent a link
// with a token. The answer is the same redirect whether or not the
// address is known, and a failure to send is logged, not shown.
func (a *AppConfig) PasswordResetView() http.Handler { return LoginNotRequired(a.passwordResetView()) }

func (a *AppConfig) passwordResetView() http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := methods(r, http.MethodGet, http.MethodPost); err != nil {
			return err
		}
		f := a.NewPasswordResetForm()
		if r.Method == http.MethodPost {
			if err := bind(r, f); err != nil {
				return err
			}
			if f.IsValid(r.Context()) {
				email, _ := forms.Get[string](f, "email")
				if err := a.sendResetMail(r, email); err != nil {
					a.logger().Error("auth: password reset e-mail", "error", err.Error())
				}
				return a.redirectName(w, r, "password_reset_done")
			}
		}
		return httpx.Render(w, r, http.StatusOK, "registration/password_reset_form.html", a.context(r, map[string]any{"form": f, "title": "Password reset"}))
	})
}

func (a *AppConfig) sendResetMail(r *http.Request, email string) error {
	ctx := r.Context()
	users, err := a.UsersForReset(ctx, email)
	if err != nil {
		return err
	}
	tr := httpx.TemplatesFrom(ctx)
	if tr == nil && len(users) > 0 {
		return httpx.ErrNoTemplates
	}
	protocol := "http"
	if middleware.IsSecure(r) {
		protocol = "https"
	}
	gen := a.TokenGenerator()
	host := requestHost(r)
	var errs []error
	for _, u := range users {
		uid, token := EncodeUID(int64(u.ID)), gen.MakeToken(u)
		path, err := urls.ReverseCtx(ctx, a.name("password_reset_confirm"), urls.Kwargs{"uidb64": uid, "token": token})
		if err != nil {
			return err
		}
		data := map[string]any{
			"email": u.Email, "domain": host, "site_name": host, "uid": uid, "user": u,
			"token": token, "protocol": protocol, "reset_url": protocol + "://" + host + path,
		}
		var subject, body bytes.Buffer
		if err := tr.RenderTemplate(&subject, r, "registration/password_reset_subject.txt", data); err != nil {
			return err
		}
		if err := tr.RenderTemplate(&body, r, "registration/password_reset_email.html", data); err != nil {
			return err
		}
		// The subject must be one line.
		subj := strings.Join(strings.Fields(subject.String()), " ")
		msg := &mail.Message{From: a.FromEmail, To: []string{u.Email}, Subject: subj, Body: body.String()}
		if err := a.mailer().Send(ctx, msg); err != nil {
			errs = append(errs, fmt.Errorf("send to user %d: %w", u.ID, err))
		}
	}
	return errors.Join(errs...)
}

// PasswordResetDoneView says the e-mail was sent.
func (a *AppConfig) PasswordResetDoneView() http.Handler {
	return LoginNotRequired(a.passwordResetDoneView())
}

func (a *AppConfig) passwordResetDoneView() http.Handler {
	return a.page("registration/password_reset_done.html", "Password reset sent")
}

// PasswordResetCompleteView says the password was set.
func (a *AppConfig) PasswordResetCompleteView() http.Handler {
	return LoginNotRequired(a.passwordResetCompleteView())
}

func (a *AppConfig) passwordResetCompleteView() http.Handler {
	return a.page("registration/password_reset_complete.html", "Password reset complete")
}

// PasswordResetConfirmView is Django's PasswordResetConfirmView: a valid
// token in the URL is moved into the session and the browser redirected
// to the same URL with "set-password" in its place (so the token does not
// leak through the Referer header); there the new password is chosen.
func (a *AppConfig) PasswordResetConfirmView() http.Handler {
	return LoginNotRequired(a.passwordResetConfirmView())
}

func (a *AppConfig) passwordResetConfirmView() http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if err := methods(r, http.MethodGet, http.MethodPost); err != nil {
			return err
		}
		neverCache(w)
		ctx := r.Context()
		uidb64, token := r.PathValue("uidb64"), r.PathValue("token")
		if m := urls.MatchFrom(ctx); m != nil {
			if v, ok := m.Kwarg("uidb64"); ok {
				uidb64, _ = v.(string)
			}
			if v, ok := m.Kwarg("token"); ok {
				token, _ = v.(string)
			}
		}
		u, err := a.userFromUID(ctx, uidb64)
		if err != nil {
			return err
		}
		gen := a.TokenGenerator()
		s := session.From(ctx)
		valid := false
		if u != nil {
			if token == resetURLToken {
				valid = gen.CheckToken(u, s.GetString(resetSessionToken))
			} else if gen.CheckToken(u, token) {
				s.Set(resetSessionToken, token)
				to := strings.Replace(r.URL.Path, "/"+token+"/", "/"+resetURLToken+"/", 1)
				return httpx.Redirect(w, r, to)
			}
		}
		if !valid {
			return httpx.Render(w, r, http.StatusOK, "registration/password_reset_confirm.html", a.context(r, map[string]any{"validlink": false, "title": "Password reset unsuccessful"}))
		}
		f := a.NewSetPasswordForm(u)
		if r.Method == http.MethodPost {
			if err := bind(r, f); err != nil {
				return err
			}
			if f.IsValid(ctx) {
				p, _ := forms.Get[string](f, "new_password1")
				if err := a.SetPassword(ctx, u, p); err != nil {
					return err
				}
				s.Delete(resetSessionToken)
				if a.PostResetLogin {
					if err := a.Login(r, u, a.PostResetLoginBackend); err != nil {
						return err
					}
				}
				return a.redirectName(w, r, "password_reset_complete")
			}
		}
		return httpx.Render(w, r, http.StatusOK, "registration/password_reset_confirm.html", a.context(r, map[string]any{"validlink": true, "form": f, "title": "Enter new password"}))
	})
}

func (a *AppConfig) userFromUID(ctx context.Context, uidb64 string) (*User, error) {
	id, ok := DecodeUID(uidb64)
	if !ok {
		return nil, nil
	}
	u, err := a.GetUser(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, err
	}
	return u, nil
}

// requestHost is the request's host as the host-validation middleware
// validated it (Django's request.get_host(): X-Forwarded-Host when
// trusted), falling back to r.Host when that middleware did not run.
// Absolute URLs (reset links) and same-host checks use it, never the raw
// header.
func requestHost(r *http.Request) string {
	if h := middleware.Host(r); h != "" {
		return h
	}
	return r.Host
}
