package djinn

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/djinn-go/djinn/check"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect"
)

// ModelProvider is implemented by apps with models: zero values of the
// model structs, registered under the app's label (tables app_model).
type ModelProvider interface {
	Models() []any
}

type databases struct {
	mu       sync.Mutex
	dialects []dialect.Dialect
	regOnce  sync.Once
	reg      *orm.Registry
	regErr   error
	open     map[string]*orm.DB
}

// Dialects tells the App which database dialects this binary links, e.g.
// sqlite.New() and postgres.New(). The root package links no driver itself:
// a project imports the dialect packages it needs and lists them here.
func (a *App) Dialects(ds ...dialect.Dialect) {
	a.db.mu.Lock()
	defer a.db.mu.Unlock()
	a.db.dialects = append(a.db.dialects, ds...)
}

// Registry returns the model registry of the installed apps, built once.
func (a *App) Registry() (*orm.Registry, error) {
	a.db.regOnce.Do(func() {
		reg := orm.NewRegistry()
		var errs []error
		for _, app := range a.apps {
			mp, ok := app.(ModelProvider)
			if !ok {
				continue
			}
			if err := reg.Register(app.Label(), mp.Models()...); err != nil {
				errs = append(errs, fmt.Errorf("app %s: %w", app.Label(), err))
			}
		}
		if err := reg.Check(); err != nil {
			errs = append(errs, err)
		}
		a.db.reg, a.db.regErr = reg, errors.Join(errs...)
	})
	return a.db.reg, a.db.regErr
}

// DB returns the "default" database, opened on first use.
func (a *App) DB(ctx context.Context) (*orm.DB, error) { return a.Database(ctx, "default") }

// Database returns the named database of DATABASES, opened on first use
// with the registered dialects. With DEBUG on, every statement is logged
// at debug level.
func (a *App) Database(ctx context.Context, name string) (*orm.DB, error) {
	reg, err := a.Registry()
	if err != nil {
		return nil, err
	}
	a.db.mu.Lock()
	defer a.db.mu.Unlock()
	if db, ok := a.db.open[name]; ok {
		return db, nil
	}
	url, ok := a.Settings.Databases[name]
	if !ok {
		names := make([]string, 0, len(a.Settings.Databases))
		for n := range a.Settings.Databases {
			names = append(names, n)
		}
		slices.Sort(names)
		return nil, fmt.Errorf("database %q is not in DATABASES (have %s)", name, strings.Join(names, ", "))
	}
	if len(a.db.dialects) == 0 {
		return nil, fmt.Errorf("database %q: no dialect registered: call App.Dialects(sqlite.New(), …)", name)
	}
	db, err := orm.Open(ctx, url, reg, a.db.dialects...)
	if err != nil {
		return nil, fmt.Errorf("database %q: %w", name, err)
	}
	// The settings reach database/sql's pool and, on PostgreSQL, the
	// pgxpool under it.
	pc := orm.PoolConfig{MaxOpen: a.Settings.DBMaxOpenConns, MaxIdle: a.Settings.DBMaxIdleConns, MaxLifetime: a.Settings.DBConnMaxLifetime}
	if pc != (orm.PoolConfig{}) {
		if err := db.SetPool(pc); err != nil {
			db.Close()
			return nil, fmt.Errorf("database %q: %w", name, err)
		}
	}
	if a.Settings.Debug {
		db = db.WithObserver(orm.SlogObserver(a.Logger))
	}
	if a.db.open == nil {
		a.db.open = map[string]*orm.DB{}
	}
	a.db.open[name] = db
	return db, nil
}

// Close closes the databases the App opened.
func (a *App) Close() error {
	a.db.mu.Lock()
	defer a.db.mu.Unlock()
	var errs []error
	for name, db := range a.db.open {
		if err := db.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close database %q: %w", name, err))
		}
	}
	a.db.open = nil
	return errors.Join(errs...)
}

// modelChecks reports model registration problems (models.E001).
func (a *App) modelChecks(context.Context) []check.Message {
	if _, err := a.Registry(); err != nil {
		var msgs []check.Message
		for _, line := range strings.Split(err.Error(), "\n") {
			msgs = append(msgs, check.Message{ID: "models.E001", Level: check.Error, Msg: line})
		}
		return msgs
	}
	return nil
}

// queryLog records the SQL of each request when DEBUG is on, for the debug
// page. A log already in the request's context (a test's query count) is
// kept, not shadowed: the debug page reads that one.
func queryLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if orm.QueryLogFrom(r.Context()) != nil {
			next.ServeHTTP(w, r)
			return
		}
		ctx, _ := orm.WithQueryLog(r.Context())
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sqlSection shows the request's SQL on debug pages.
func sqlSection(r *http.Request, _ error) []httpx.DebugSection {
	l := orm.QueryLogFrom(r.Context())
	if l == nil {
		return nil
	}
	qs := l.Queries()
	s := httpx.DebugSection{Title: fmt.Sprintf("SQL (%d queries)", len(qs))}
	var b strings.Builder
	for i, q := range qs {
		fmt.Fprintf(&b, "%d. [%s] %s", i+1, q.Duration, q.SQL)
		if len(q.Args) > 0 {
			fmt.Fprintf(&b, "\n   args: %v", maskArgs(q.Args))
		}
		if q.Err != nil {
			fmt.Fprintf(&b, "\n   error: %v", q.Err)
		}
		b.WriteString("\n")
	}
	s.Pre = b.String()
	return []httpx.DebugSection{s}
}

// hashLike matches password hashes in Django's format
// (algorithm$…$…), signed values and long opaque tokens: the debug page
// shows a query's arguments, but not these.
var hashLike = regexp.MustCompile(`^[a-z0-9_]+\$.*\$|^[A-Za-z0-9+/=_.:-]{40,}$`)

// maskArgs replaces arguments that look like secrets (password hashes,
// session data, tokens) with a mask.
func maskArgs(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok && hashLike.MatchString(s) {
			out[i] = httpx.Mask
			continue
		}
		out[i] = a
	}
	return out
}
