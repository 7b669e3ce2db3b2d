package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/djinn-go/djinn/auth/hashers/validation"
	"github.com/djinn-go/djinn/forms"
	"github.com/djinn-go/djinn/orm"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Messages of the auth forms, Django's.
const (
	MsgInvalidLogin      = "Please enter a correct username and password. Note that both fields may be case-sensitive."
	MsgTooManyAttempts   = "Too many failed login attempts. Please try again later."
	MsgPasswordMismatch  = "The two password fields didn’t match."
	MsgPasswordIncorrect = "Your old password was entered incorrectly. Please enter it again."
)

func passwordField(name, label, autocomplete string, required bool) *forms.CharField {
	return &forms.CharField{
		Options: forms.Options{Name: name, Label: label, Required: required,
			Widget: &forms.PasswordInput{Attrs: forms.Attrs{"autocomplete": autocomplete}}},
		NoStrip: true,
	}
}

// AuthenticationForm is Django's AuthenticationForm: username and
// password, checked with Authenticate (so failed logins are limited).
// After IsValid, User returns the authenticated user.
type AuthenticationForm struct {
	*forms.Form
	user *User
}

// User returns the authenticated user of a valid form.
func (f *AuthenticationForm) User() *User { return f.user }

// NewAuthenticationForm returns the login form for r.
func (a *AppConfig) NewAuthenticationForm(r *http.Request) *AuthenticationForm {
	af := &AuthenticationForm{}
	af.Form = &forms.Form{
		Fields: []forms.Field{
			&forms.CharField{Options: forms.Options{Name: "username", Required: true,
				Widget: &forms.TextInput{Attrs: forms.Attrs{"autofocus": forms.BoolAttr, "autocapitalize": "none", "autocomplete": "username"}}},
				MaxLength: 150},
			passwordField("password", "Password", "current-password", true),
		},
		Clean: func(ctx context.Context, f *forms.Form) error {
			username, ok1 := forms.Get[string](f, "username")
			password, ok2 := forms.Get[string](f, "password")
			if !ok1 || !ok2 {
				return nil
			}
			u, err := a.Authenticate(ctx, r, username, password)
			if errors.Is(err, ErrTooManyAttempts) {
				return forms.Invalid(MsgTooManyAttempts, "too_many_attempts")
			}
			if err != nil {
				return err
			}
			if u == nil {
				return forms.Invalid(MsgInvalidLogin, "invalid_login")
			}
			af.user = u
			return nil
		},
	}
	return af
}

// validatorErrors turns validation errors into form errors.
func validatorErrors(err error) error {
	var ve validation.Errors
	if !errors.As(err, &ve) {
		return err
	}
	var list forms.ErrorList
	for _, e := range ve {
		list = append(list, forms.Invalid(e.Message, e.Code))
	}
	return list
}

// setPasswordFields adds new_password1/new_password2 with the matching
// and validator checks (Django's SetPasswordMixin).
func (a *AppConfig) setPasswordFields(u *User) ([]forms.Field, func(ctx context.Context, f *forms.Form) error) {
	fields := []forms.Field{
		passwordField("new_password1", "New password", "new-password", true),
		passwordField("new_password2", "New password confirmation", "new-password", true),
	}
	fields[0].Opts().HelpText = forms.HTML(helpTextHTML(a.PasswordValidators))
	clean := func(ctx context.Context, f *forms.Form) error {
		p1, ok1 := forms.Get[string](f, "new_password1")
		p2, ok2 := forms.Get[string](f, "new_password2")
		if !ok1 || !ok2 {
			return nil
		}
		if p1 != p2 {
			f.AddError("new_password2", forms.Invalid(MsgPasswordMismatch, "password_mismatch"))
			return nil
		}
		if err := a.ValidatePassword(p2, u); err != nil {
			f.AddError("new_password2", validatorErrors(err))
		}
		return nil
	}
	return fields, clean
}

func helpTextHTML(vs []validation.Validator) string {
	texts := validation.HelpTexts(vs)
	if len(texts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ul>")
	for _, t := range texts {
		b.WriteString("<li>" + htmlEscape(t) + "</li>")
	}
	b.WriteString("</ul>")
	return b.String()
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;").Replace(s)
}

// NewSetPasswordForm returns Django's SetPasswordForm for u: a new
// password twice, validated.
func (a *AppConfig) NewSetPasswordForm(u *User) *forms.Form {
	fields, clean := a.setPasswordFields(u)
	return &forms.Form{Fields: fields, Clean: clean}
}

// NewPasswordChangeForm returns Django's PasswordChangeForm for u: the old
// password, then a new one twice.
func (a *AppConfig) NewPasswordChangeForm(u *User) *forms.Form {
	fields, clean := a.setPasswordFields(u)
	old := passwordField("old_password", "Old password", "current-password", true)
	old.Widget = &forms.PasswordInput{Attrs: forms.Attrs{"autocomplete": "current-password", "autofocus": forms.BoolAttr}}
	return &forms.Form{
		Fields: append([]forms.Field{old}, fields...),
		CleanField: map[string]func(ctx context.Context, f *forms.Form, v any) (any, error){
			"old_password": func(ctx context.Context, f *forms.Form, v any) (any, error) {
				ok, err := a.CheckPassword(ctx, u, v.(string))
				if err != nil {
					return nil, err
				}
				if !ok {
					return nil, forms.Invalid(MsgPasswordIncorrect, "password_incorrect")
				}
				return v, nil
			},
		},
		Clean: clean,
	}
}

// NewPasswordResetForm returns Django's PasswordResetForm: an e-mail
// address.
func (a *AppConfig) NewPasswordResetForm() *forms.Form {
	return &forms.Form{Fields: []forms.Field{
		&forms.EmailField{Options: forms.Options{Name: "email", Label: "Email", Required: true,
			Widget: &forms.EmailInput{Attrs: forms.Attrs{"autocomplete": "email"}}}, MaxLength: 254},
	}}
}

// UsersForReset returns the active users with a usable password whose
// e-mail address matches email case-insensitively (Django's
// PasswordResetForm.get_users).
func (a *AppConfig) UsersForReset(ctx context.Context, email string) ([]*User, error) {
	db, err := a.Open(ctx)
	if err != nil {
		return nil, err
	}
	us, err := orm.Objects[User](db).Filter("email__iexact", email).Filter("is_active", true).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("auth: find users for reset: %w", err)
	}
	var out []*User
	for i := range us {
		u := &us[i]
		if u.HasUsablePassword() && unicodeCIEqual(u.Email, email) {
			out = append(out, a.bind(u, ""))
		}
	}
	return out, nil
}

// unicodeCIEqual is Django's _unicode_ci_compare: a and b are equal once
// NFKC-normalised and case-folded (Python's str.casefold, full folding:
// "straße" equals "STRASSE", "ﬀ" equals "ff"), where strings.EqualFold
// uses simple folding only. The reset e-mail still goes to the stored
// address, never to the one typed.
func unicodeCIEqual(a, b string) bool {
	f := cases.Fold()
	return f.String(norm.NFKC.String(a)) == f.String(norm.NFKC.String(b))
}
