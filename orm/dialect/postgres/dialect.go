package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"github.com/djinn-go/djinn/orm/dialect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Dialect is the PostgreSQL dialect.
type Dialect struct{}

var _ dialect.Dialect = (*Dialect)(nil)

// New returns the PostgreSQL dialect.
func New() *Dialect { return &Dialect{} }

// Name implements dialect.Dialect.
func (*Dialect) Name() string { return "postgres" }

// Schemes implements dialect.Dialect.
func (*Dialect) Schemes() []string { return []string{"postgres", "postgresql"} }

// Caps implements dialect.Dialect.
func (*Dialect) Caps() dialect.Caps {
	return dialect.Caps{
		Returning:          true,
		SelectForUpdate:    true,
		NoWait:             true,
		SkipLocked:         true,
		ForUpdateOf:        true,
		DistinctOn:         true,
		Intersect:          true,
		Except:             true,
		CompoundParens:     true,
		TransactionalDDL:   true,
		DeferrableFKs:      true,
		UpdateSelfSubquery: true,
		MaxParams:          65535,
		AlterColumn:        true,
		DropColumn:         true,
	}
}

// Quote implements dialect.Dialect.
func (*Dialect) Quote(name string) string { return dialect.QuoteWith(name, '"') }

// Placeholder implements dialect.Dialect.
func (*Dialect) Placeholder(n int) string { return "$" + strconv.Itoa(n) }

// Random implements dialect.Dialect.
func (*Dialect) Random() string { return "RANDOM()" }

// ExplainPrefix implements dialect.Dialect.
func (*Dialect) ExplainPrefix() string { return "EXPLAIN " }

// Open implements dialect.Dialect. The connections live in a pgxpool.Pool
// (sized by the URL's pool_max_conns, pool_min_conns,
// pool_max_conn_lifetime, pool_max_conn_idle_time, or later by
// orm.DB.SetPool); the returned *sql.DB borrows them and keeps none idle,
// and its Driver() is the pool, through which the ORM runs its reads
// without database/sql (dialect.NativeQuerier).
func (*Dialect) Open(ctx context.Context, u *url.URL) (*sql.DB, error) {
	cu := *u
	cu.Scheme = "postgres"
	cfg, err := pgxpool.ParseConfig(cu.String())
	if err != nil {
		return nil, fmt.Errorf("parse postgres url: %w", err)
	}
	q := u.Query()
	if q.Get("pool_max_conns") == "" {
		cfg.MaxConns = defaultMaxConns
	}
	cc := cfg.ConnConfig
	if cc.RuntimeParams == nil {
		cc.RuntimeParams = map[string]string{}
	}
	cc.RuntimeParams["timezone"] = "UTC"
	cc.RuntimeParams["intervalstyle"] = "postgres" // the output parseInterval reads
	// Statements are prepared once per connection and cached (pgx's
	// default), unless the URL chooses another default_query_exec_mode
	// (e.g. "exec" behind PgBouncer in transaction mode). A statement
	// whose cached plan a schema change made stale fails once with
	// SQLSTATE 0A000; pgx then drops it and the adapter and the direct
	// reads retry (outside transactions), and DDL run through the adapter
	// clears the connection's cache.
	if q.Get("default_query_exec_mode") == "" {
		cc.DefaultQueryExecMode = pgx.QueryExecModeCacheStatement
	}
	p, err := newPool(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db := sql.OpenDB(connector{p: p})
	// Idle connections go back to the pgxpool, where the direct reads
	// find them: database/sql keeping some would starve those. Its bound
	// is the pool's (code that checks it, such as Iter's prefetching,
	// sees the real one).
	db.SetMaxIdleConns(0)
	db.SetMaxOpenConns(int(cfg.MaxConns))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return db, nil
}

// IsRetryable implements dialect.Dialect.
func (*Dialect) IsRetryable(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
}

// IsUniqueViolation implements dialect.Dialect.
func (*Dialect) IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}
