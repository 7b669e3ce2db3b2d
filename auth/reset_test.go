package auth_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/djinntest"
)

var resetURL = regexp.MustCompile(`http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)`)

func TestPasswordResetFlow(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "old-pass-123")
	c := p.client(t)
	djinntest.AssertTemplateUsed(t, c.Get("/accounts/password_reset/"), "registration/password_reset_form.html")
	djinntest.AssertRedirects(t, c.Post("/accounts/password_reset/", djinntest.Form{"email": {"ANN@example.com"}}), "/accounts/password_reset/done/", djinntest.NoFetch())
	msgs := p.outbox.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "ann@example.com" || msgs[0].Subject != "Password reset on testserver" {
		t.Fatalf("outbox = %+v", msgs)
	}
	m := resetURL.FindStringSubmatch(msgs[0].Body)
	if m == nil {
		t.Fatalf("no reset link in:\n%s", msgs[0].Body)
	}
	link := m[1]
	if !strings.Contains(msgs[0].Body, "Your username, in case you’ve forgotten: ann") {
		t.Errorf("body:\n%s", msgs[0].Body)
	}
	// The token moves into the session; the URL no longer carries it.
	resp := c.Get(link)
	parts := strings.Split(strings.Trim(link, "/"), "/")
	want := "/accounts/reset/" + parts[2] + "/set-password/"
	djinntest.AssertRedirects(t, resp, want, djinntest.NoFetch())
	resp = c.Get(want)
	djinntest.AssertContains(t, resp, "Please enter your new password twice")
	// Another browser without the session token gets the invalid page.
	djinntest.AssertContains(t, p.client(t).Get(want), "The password reset link was invalid")
	resp = c.Post(want, djinntest.Form{"new_password1": {"brand-new-pass"}, "new_password2": {"different"}})
	djinntest.AssertContains(t, resp, "The two password fields didn’t match.")
	resp = c.Post(want, djinntest.Form{"new_password1": {"brand-new-pass"}, "new_password2": {"brand-new-pass"}})
	djinntest.AssertRedirects(t, resp, "/accounts/reset/done/", djinntest.NoFetch())
	djinntest.AssertStatus(t, c.Get("/accounts/reset/done/"), 200)
	// The new password works, the old does not, and the link is dead.
	djinntest.AssertContains(t, login(p.client(t), "ann", "old-pass-123"), "Please enter a correct username")
	djinntest.AssertRedirects(t, login(p.client(t), "ann", "brand-new-pass"), "/accounts/profile/", djinntest.NoFetch())
	djinntest.AssertContains(t, p.client(t).Get(link), "The password reset link was invalid")
}

func TestPasswordResetUnknownAddressLooksTheSame(t *testing.T) {
	p := newProject(t)
	u := p.user(t, "ann", "")
	c := p.client(t)
	for _, email := range []string{"nobody@example.com", "ann@example.com"} { // ann has an unusable password
		djinntest.AssertRedirects(t, c.Post("/accounts/password_reset/", djinntest.Form{"email": {email}}), "/accounts/password_reset/done/", djinntest.NoFetch())
	}
	u.IsActive = false
	if err := u.SetPassword("pw-123-abc"); err != nil {
		t.Fatal(err)
	}
	if err := p.auth.SaveUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	djinntest.AssertRedirects(t, c.Post("/accounts/password_reset/", djinntest.Form{"email": {"ann@example.com"}}), "/accounts/password_reset/done/", djinntest.NoFetch())
	if n := len(p.outbox.Messages()); n != 0 {
		t.Errorf("%d e-mails sent to no eligible user", n)
	}
	djinntest.AssertContains(t, c.Post("/accounts/password_reset/", djinntest.Form{"email": {"not-an-address"}}), "Enter a valid email address.")
}

func TestResetConfirmBadLinks(t *testing.T) {
	p := newProject(t)
	p.user(t, "ann", "pw-123-abc")
	c := p.client(t)
	for _, link := range []string{"/accounts/reset/MQ/bad-token/", "/accounts/reset/!!/x-y/", "/accounts/reset/OTk5/abc-def/", "/accounts/reset/MQ/set-password/"} {
		djinntest.AssertContains(t, c.Get(link), "The password reset link was invalid")
	}
}

// TestPostResetLogin: with PostResetLogin the browser that set the new
// password is logged in as its user; without it, it stays anonymous.
func TestPostResetLogin(t *testing.T) {
	for _, on := range []bool{false, true} {
		p := newProject(t, func(a *auth.AppConfig) { a.PostResetLogin = on })
		p.user(t, "ann", "old-pass-123")
		c := p.client(t)
		c.Post("/accounts/password_reset/", djinntest.Form{"email": {"ann@example.com"}})
		m := resetURL.FindStringSubmatch(p.outbox.Messages()[0].Body)
		if m == nil {
			t.Fatal("no reset link")
		}
		set := c.Get(m[1]).Location()
		djinntest.AssertRedirects(t, c.Post(set, djinntest.Form{"new_password1": {"brand-new-pass"}, "new_password2": {"brand-new-pass"}}), "/accounts/reset/done/", djinntest.NoFetch())
		want := "anonymous"
		if on {
			want = "Hello, ann"
		}
		if got := c.Get("/whoami/").Text(); got != want {
			t.Errorf("PostResetLogin=%v: whoami = %q, want %q", on, got, want)
		}
	}
}
