package djinn_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect/postgres"
	"github.com/djinn-go/djinn/orm/dialect/sqlite"
	"github.com/djinn-go/djinn/urls"
)

type Note struct {
	ID   int64
	Text string `djinn:"max_length=100"`
}

type notesApp struct{}

func (notesApp) Label() string { return "notes" }
func (notesApp) Models() []any { return []any{Note{}} }

func TestDatabaseFromSettings(t *testing.T) {
	s := settings()
	s.Debug = true
	s.Databases = map[string]string{"default": "sqlite:///" + filepath.Join(t.TempDir(), "db.sqlite3")}
	app := djinn.New(s, notesApp{})
	app.Logger = discardLogger()
	ctx := context.Background()
	if _, err := app.DB(ctx); err == nil || !strings.Contains(err.Error(), "no dialect") {
		t.Fatalf("DB without dialects: %v", err)
	}
	app.Dialects(sqlite.New())
	db, err := app.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	reg, _ := app.Registry()
	m, ok := reg.Model("notes.note")
	if !ok {
		t.Fatalf("model not registered: %v", reg.Models())
	}
	if m.Table != "notes_note" {
		t.Errorf("table %q, want notes_note", m.Table)
	}
	if err := db.Schema().CreateTables(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := orm.Objects[Note](db).Create(ctx, &Note{Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Database(ctx, "replica"); err == nil {
		t.Error("unknown database name accepted")
	}

	// The debug page shows the request's SQL.
	app.Routes(urls.NewRouter(urls.Path("n/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		if _, err := orm.Objects[Note](db).Count(r.Context()); err != nil {
			return err
		}
		return httpx.PermissionDenied("nope")
	}), "n")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	w := get(h, "example.com", "/n/")
	if w.Code != 403 || !strings.Contains(w.Body.String(), "SQL (1 queries)") || !strings.Contains(w.Body.String(), "notes_note") {
		t.Fatalf("debug page lacks the SQL: %d %s", w.Code, w.Body.String())
	}
}

type configApp struct {
	got   string
	dbErr error
}

func (c *configApp) Label() string { return "cfg" }
func (c *configApp) Configure(s *conf.Settings, db func(context.Context, string) (*orm.DB, error)) error {
	c.got = s.SecretKey
	_, c.dbErr = db(context.Background(), "nope")
	if s.TimeZone == "Bad/Zone" {
		return errors.New("refusing")
	}
	return nil
}

func TestConfigurerReceivesSettingsAndDatabases(t *testing.T) {
	c := &configApp{}
	app := djinn.New(settings(), c)
	if c.got != settings().SecretKey || c.dbErr == nil {
		t.Fatalf("Configure: key %q, db error %v", c.got, c.dbErr)
	}
	if _, err := app.Handler(); err != nil {
		t.Fatal(err)
	}
	s := settings()
	s.TimeZone = "Bad/Zone"
	app = djinn.New(s, &configApp{})
	if _, err := app.Handler(); err == nil || !strings.Contains(err.Error(), "app cfg: refusing") {
		t.Fatalf("a failing Configure must be reported: %v", err)
	}
}

func TestDebugQueryLogKeepsAnOuterLog(t *testing.T) {
	s := settings()
	s.Debug = true
	s.Databases = map[string]string{"default": "sqlite:///" + filepath.Join(t.TempDir(), "db.sqlite3")}
	app := djinn.New(s, notesApp{})
	app.Logger = discardLogger()
	app.Dialects(sqlite.New())
	t.Cleanup(func() { app.Close() })
	ctx := context.Background()
	db, err := app.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	reg, _ := app.Registry()
	m, _ := reg.Model("notes.note")
	if err := db.Schema().CreateTables(ctx, m); err != nil {
		t.Fatal(err)
	}
	app.Routes(urls.NewRouter(urls.Path("n/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		n, err := orm.Objects[Note](db).Count(r.Context())
		if err != nil {
			return err
		}
		return httpx.Text(w, 200, fmt.Sprint(n))
	}), "n")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	lctx, log := orm.WithQueryLog(ctx)
	r := httptest.NewRequest("GET", "/n/", nil).WithContext(lctx)
	r.Host = "example.com"
	h.ServeHTTP(httptest.NewRecorder(), r)
	if log.Len() != 1 {
		t.Fatalf("the caller's query log recorded %d queries, want 1", log.Len())
	}
}

func TestAtomicRequestsAndPoolSettings(t *testing.T) {
	s := settings()
	s.AtomicRequests = true
	s.DBMaxOpenConns = 7
	s.Databases = map[string]string{"default": "sqlite:///" + filepath.Join(t.TempDir(), "db.sqlite3")}
	app := djinn.New(s, notesApp{})
	app.Logger = discardLogger()
	app.Dialects(sqlite.New())
	t.Cleanup(func() { app.Close() })
	ctx := context.Background()
	db, err := app.DB(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := db.SQL().Stats().MaxOpenConnections; got != 7 {
		t.Errorf("DB_MAX_OPEN_CONNS not applied: %d", got)
	}
	reg, _ := app.Registry()
	m, _ := reg.Model("notes.note")
	if err := db.Schema().CreateTables(ctx, m); err != nil {
		t.Fatal(err)
	}
	write := func(fail bool) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			if err := orm.Objects[Note](db).Create(r.Context(), &Note{Text: "x"}); err != nil {
				return err
			}
			if fail {
				return httpx.BadRequest("refused after writing")
			}
			return httpx.Text(w, 201, "created")
		})
	}
	app.Routes(urls.NewRouter(urls.Path("ok/", write(false), "ok"), urls.Path("fail/", write(true), "fail")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	if w := get(h, "example.com", "/ok/"); w.Code != 201 || w.Body.String() != "created" {
		t.Fatalf("ok: %d %q", w.Code, w.Body.String())
	}
	if w := get(h, "example.com", "/fail/"); w.Code != 400 {
		t.Fatalf("fail: %d", w.Code)
	}
	n, err := orm.Objects[Note](db).Count(ctx)
	if err != nil || n != 1 {
		t.Fatalf("rows = %d, %v; want 1 (the failed request's row rolled back)", n, err)
	}
}

// On PostgreSQL the pool settings size the pgxpool under database/sql.
func TestPoolSettingsReachPgxpool(t *testing.T) {
	url := os.Getenv("DJINN_TEST_POSTGRES")
	if url == "" {
		t.Skip("DJINN_TEST_POSTGRES not set")
	}
	s := settings()
	s.DBMaxOpenConns = 7
	s.DBMaxIdleConns = 3
	s.DBConnMaxLifetime = 42 * time.Minute
	s.Databases = map[string]string{"default": url}
	app := djinn.New(s, notesApp{})
	app.Logger = discardLogger()
	app.Dialects(postgres.New())
	t.Cleanup(func() { app.Close() })
	db, err := app.DB(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p, ok := postgres.Pool(db.SQL())
	if !ok {
		t.Fatal("no pgxpool under the postgres database")
	}
	if c := p.Config(); c.MaxConns != 7 || c.MaxConnLifetime != 42*time.Minute {
		t.Errorf("pgxpool: MaxConns %d, MaxConnLifetime %s", c.MaxConns, c.MaxConnLifetime)
	}
	if got := db.SQL().Stats().MaxOpenConnections; got != 7 {
		t.Errorf("database/sql: MaxOpenConnections %d", got)
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if idle := db.SQL().Stats().Idle; idle != 0 {
		t.Errorf("database/sql keeps %d idle connections; they belong in the pgxpool", idle)
	}
}
