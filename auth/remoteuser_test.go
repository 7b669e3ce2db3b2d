package auth_test

import (
	"context"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/djinntest"
	"github.com/djinn-go/djinn/orm/ormtest"
)

func remoteProject(t *testing.T, persistent bool) *project {
	t.Helper()
	return remoteProjectURL(t, "", persistent)
}

func remoteProjectURL(t *testing.T, dbURL string, persistent bool) *project {
	t.Helper()
	configure := func(a *auth.AppConfig) {
		a.Backends = []auth.Backend{
			&auth.RemoteUserBackend{ModelBackend: auth.ModelBackend{App: a}, CreateUnknownUser: true},
			&auth.ModelBackend{App: a},
		}
	}
	var p *project
	if dbURL == "" {
		p = newProject(t, configure)
	} else {
		p = newProjectURL(t, dbURL, configure)
	}
	mw, err := p.auth.RemoteUserMiddleware(auth.RemoteUserConfig{Header: "X-Remote-User", Persistent: persistent})
	if err != nil {
		t.Fatal(err)
	}
	p.app.Use(mw)
	return p
}

func as(name string) djinntest.RequestOption { return djinntest.Header("X-Remote-User", name) }

// TestRemoteUser follows Django's RemoteUserMiddleware: the header logs its
// user in once per session, creates an unknown one, switches users when it
// changes, logs out a remote login when it disappears, and leaves a
// password login alone.
func TestRemoteUser(t *testing.T) {
	ctx := context.Background()
	p := remoteProject(t, false)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	if got := c.Get("/whoami/", as("ann")).Text(); got != "Hello, ann" {
		t.Fatalf("header ann: %q", got)
	}
	key, _ := c.Cookie("sessionid")
	if got := c.Get("/whoami/", as("ann")).Text(); got != "Hello, ann" {
		t.Fatalf("again: %q", got)
	}
	if again, _ := c.Cookie("sessionid"); again != key {
		t.Error("logged in again on every request")
	}
	// A new name: created (unusable password), and the session switches.
	if got := c.Get("/whoami/", as("bob")).Text(); got != "Hello, bob" {
		t.Fatalf("header bob: %q", got)
	}
	bob, err := p.auth.GetUserByUsername(ctx, "bob")
	if err != nil || bob.HasUsablePassword() {
		t.Fatalf("bob created: %v %v", bob, err)
	}
	// No header: the remote login ends.
	if got := c.Get("/whoami/").Text(); got != "anonymous" {
		t.Errorf("without the header: %q", got)
	}
	// An empty name logs nobody in.
	if got := c.Get("/whoami/", as("")).Text(); got != "anonymous" {
		t.Errorf("empty header: %q", got)
	}
	// Two values (a front server that added its own to a client's), or
	// a name no user can have, log nobody in and end a remote login.
	c.Get("/whoami/", as("ann"))
	if got := c.Get("/whoami/", as("admin"), as("ann")).Text(); got != "anonymous" {
		t.Errorf("two values: %q", got)
	}
	for _, bad := range []string{"a\x00b", "\xffann", strings.Repeat("x", 151), "ann\n"} {
		if got := p.client(t).Get("/whoami/", as(bad)).Text(); got != "anonymous" {
			t.Errorf("name %q: %q", bad, got)
		}
	}
	// A password login is not ended by a missing header.
	pw := p.client(t)
	login(pw, "ann", "s3cret-pass")
	if got := pw.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("password login without header: %q", got)
	}
	// The backend never accepts a password: bob's is unusable.
	djinntest.AssertContains(t, login(p.client(t), "bob", "anything"), "Please enter a correct username and password.")
	// An inactive user is refused.
	bob.IsActive = false
	if err := p.auth.SaveUser(ctx, bob, "is_active"); err != nil {
		t.Fatal(err)
	}
	if got := p.client(t).Get("/whoami/", as("bob")).Text(); got != "anonymous" {
		t.Errorf("inactive: %q", got)
	}
}

func TestPersistentRemoteUser(t *testing.T) {
	p := remoteProject(t, true)
	p.user(t, "ann", "s3cret-pass")
	c := p.client(t)
	c.Get("/whoami/", as("ann"))
	if got := c.Get("/whoami/").Text(); got != "Hello, ann" {
		t.Errorf("persistent, without the header: %q", got)
	}
}

func TestRemoteUserWithoutCreate(t *testing.T) {
	p := newProject(t, func(a *auth.AppConfig) {
		a.Backends = []auth.Backend{&auth.RemoteUserBackend{ModelBackend: auth.ModelBackend{App: a}}}
	})
	mw, err := p.auth.RemoteUserMiddleware(auth.RemoteUserConfig{Header: "X-Remote-User"})
	if err != nil {
		t.Fatal(err)
	}
	p.app.Use(mw)
	if got := p.client(t).Get("/whoami/", as("zed")).Text(); got != "anonymous" {
		t.Errorf("unknown user without CreateUnknownUser: %q", got)
	}
	if _, err := p.auth.GetUserByUsername(context.Background(), "zed"); err == nil {
		t.Error("zed created")
	}
}

func TestRemoteUserConfigErrors(t *testing.T) {
	a := auth.App()
	if _, err := a.RemoteUserMiddleware(auth.RemoteUserConfig{Header: "X-Remote-User"}); err == nil {
		t.Error("no RemoteUserBackend: no error")
	}
	a.Backends = []auth.Backend{&auth.RemoteUserBackend{ModelBackend: auth.ModelBackend{App: a}}}
	if _, err := a.RemoteUserMiddleware(auth.RemoteUserConfig{}); err == nil {
		t.Error("no header: no error")
	}
}

// TestRemoteUserOnEveryDatabase: the login and the creation of an unknown
// user on SQLite, PostgreSQL and MariaDB, where a name differing only in
// case from a user's is never that user.
func TestRemoteUserOnEveryDatabase(t *testing.T) {
	for _, b := range ormtest.Open(t, registry(t)) {
		t.Run(b.Name, func(t *testing.T) {
			p := remoteProjectURL(t, b.URL, false)
			p.user(t, "ann", "s3cret-pass")
			c := p.client(t)
			if got := c.Get("/whoami/", as("ann")).Text(); got != "Hello, ann" {
				t.Fatalf("ann: %q", got)
			}
			// "Ann" is another user: created where the collation allows
			// it, refused (nobody logged in, no error) on MariaDB's.
			want := "Hello, Ann"
			if b.Name == "mysql" {
				want = "anonymous"
			}
			if got := p.client(t).Get("/whoami/", as("Ann")).Text(); got != want {
				t.Fatalf("Ann: %q, want %q", got, want)
			}
		})
	}
}
