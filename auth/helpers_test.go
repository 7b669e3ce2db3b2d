package auth_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/auth/hashers"
	"github.com/djinn-go/djinn/contenttypes"
	"github.com/djinn-go/djinn/djinntest"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/mail"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect/mysql"
	"github.com/djinn-go/djinn/orm/dialect/postgres"
	"github.com/djinn-go/djinn/orm/dialect/sqlite"
	"github.com/djinn-go/djinn/session"
	"github.com/djinn-go/djinn/session/dbstore"
	"github.com/djinn-go/djinn/urls"
)

// fastHashers keep tests quick: PBKDF2 with few iterations first, so that
// Django's 260,000-iteration hashes are upgraded on login.
func fastHashers() hashers.Hashers {
	return hashers.Hashers{hashers.PBKDF2{Iterations: 1000}, hashers.PBKDF2SHA1{Iterations: 1000}}
}

type project struct {
	router *urls.Router
	app    *djinn.App
	auth   *auth.AppConfig
	db     *orm.DB
	outbox *mail.Memory
	secret string
}

type vectors struct {
	SecretKey       string `json:"secret_key"`
	RawPassword     string `json:"raw_password"`
	SessionAuthHash []struct {
		Password, Hash string
	} `json:"session_auth_hash"`
	ResetTokens []struct {
		PK        int32      `json:"pk"`
		Password  string     `json:"password"`
		LastLogin *time.Time `json:"last_login"`
		Email     string     `json:"email"`
		Now       time.Time  `json:"now"`
		Token     string     `json:"token"`
	} `json:"reset_tokens"`
	DjangoSession struct {
		SecretKey   string         `json:"secret_key"`
		SessionData string         `json:"session_data"`
		Decode      map[string]any `json:"decode"`
	} `json:"django_session"`
}

func loadVectors(t *testing.T) vectors {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "django_vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v vectors
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func whoami(w http.ResponseWriter, r *http.Request) error {
	u := auth.UserFrom(r.Context())
	if u.IsAnonymous() {
		return httpx.Text(w, 200, "anonymous")
	}
	return httpx.Text(w, 200, "Hello, "+u.Username)
}

// customChange changes the password of the request's user through the
// ORM (an unbound user, as any app's code could load it) and keeps the
// session with UpdateSessionAuthHash.
func customChange(w http.ResponseWriter, r *http.Request) error {
	a, _ := auth.ConfigFrom(r.Context())
	db, err := a.Open(r.Context())
	if err != nil {
		return err
	}
	u, err := orm.Objects[auth.User](db).Get(r.Context(), orm.Q{"pk": auth.UserFrom(r.Context()).ID})
	if err != nil {
		return err
	}
	if u.Password, err = fastHashers().Make(r.URL.Query().Get("pw")); err != nil {
		return err
	}
	if err := orm.Save(r.Context(), db, &u, "password"); err != nil {
		return err
	}
	auth.UpdateSessionAuthHash(r, &u)
	return httpx.Text(w, 200, "changed")
}

// newProject builds a djinn.App with contenttypes and auth on a fresh
// SQLite database, with the auth URLs under accounts/ and a few views.
func newProject(t *testing.T, configure ...func(a *auth.AppConfig)) *project {
	t.Helper()
	return newProjectURL(t, "sqlite:///"+filepath.Join(t.TempDir(), "db.sqlite3"), configure...)
}

// newProjectURL is newProject on the database at dbURL.
func newProjectURL(t *testing.T, dbURL string, configure ...func(a *auth.AppConfig)) *project {
	t.Helper()
	s := djinntest.Settings()
	s.SessionEngine = "db"
	s.Databases = map[string]string{"default": dbURL}
	p := &project{outbox: &mail.Memory{}, secret: s.SecretKey}
	a := auth.App()
	a.Hashers = fastHashers()
	a.Mail = p.outbox
	for _, c := range configure {
		c(a)
	}
	if a.SecretKey != "" {
		s.SecretKey = a.SecretKey
		p.secret = a.SecretKey
	}
	p.auth = a
	p.app = djinn.New(s, contenttypes.App(), a)
	p.app.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	a.Logger = p.app.Logger
	p.app.Dialects(sqlite.New(), postgres.New(), mysql.New())
	p.router = urls.NewRouter(
		urls.Include("accounts/", a.URLs(), "", ""),
		urls.Path("public/", auth.LoginNotRequired(httpx.HandlerFunc(whoami)), "public"),
		urls.Path("accounts/profile/", httpx.HandlerFunc(whoami), "profile"),
		urls.Path("private/", auth.LoginRequired(httpx.HandlerFunc(whoami)), "private"),
		urls.Path("perm/", auth.PermissionRequired("auth.view_user")(httpx.HandlerFunc(whoami)), "perm"),
		urls.Path("staff/", auth.UserPassesTest(func(u *auth.User) bool { return u.IsStaff })(httpx.HandlerFunc(whoami)), "staff"),
		urls.Path("whoami/", httpx.HandlerFunc(whoami), "whoami"),
		urls.Path("custom-change/", auth.LoginRequired(httpx.HandlerFunc(customChange)), "custom-change"),
		urls.Path("touch/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			s := session.From(r.Context())
			if v := r.URL.Query().Get("set"); v != "" {
				s.Set("x", v)
			}
			return httpx.Text(w, 200, "x="+s.GetString("x"))
		}), "touch"),
	)
	p.app.Routes(p.router)
	t.Cleanup(func() { p.app.Close() })
	ctx := context.Background()
	db, err := p.app.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p.db = db
	var out bytes.Buffer
	p.app.Stdout, p.app.Stderr = &out, &out
	if code := p.app.Run(ctx, []string{"migrate"}); code != 0 {
		t.Fatalf("migrate: exit %d\n%s", code, out.String())
	}
	return p
}

func (p *project) client(t *testing.T) *djinntest.Client {
	return djinntest.NewAppClient(t, p.app)
}

func (p *project) user(t *testing.T, username, password string) *auth.User {
	t.Helper()
	u, err := p.auth.CreateUser(context.Background(), username, username+"@example.com", password)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// sessionStore returns the django_session store of the project's database.
func (p *project) sessionStore() *dbstore.Store {
	d := dbstore.SQLite
	switch p.db.Dialect().Name() {
	case "postgres":
		d = dbstore.Postgres
	case "mysql":
		d = dbstore.MySQL
	}
	return dbstore.New(p.db.SQL(), d)
}

func login(c *djinntest.Client, username, password string, next ...string) *djinntest.Response {
	f := djinntest.Form{"username": {username}, "password": {password}}
	if len(next) > 0 {
		f["next"] = next
	}
	return c.Post("/accounts/login/", f)
}
