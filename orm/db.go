package orm

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/djinn-go/djinn/orm/dialect"
)

// DB is a database handle: a connection pool, its dialect and the model
// registry. It is safe for concurrent use.
type DB struct {
	sql      *sql.DB
	d        dialect.Dialect
	caps     dialect.Caps
	reg      *Registry
	observer QueryObserver
	// writer serialises write transactions on single-writer databases.
	writer chan struct{}
	// Retries is how often a statement failing with a transient lock
	// error (SQLite busy, deadlock) is retried outside transactions.
	retries int
	// native runs the reads outside transactions without database/sql
	// when the dialect's driver has a pool of its own (nil otherwise).
	native dialect.NativeQuerier
	// nativeExec runs the other statements outside transactions without
	// database/sql, on the same pool (nil otherwise).
	nativeExec dialect.NativeExecer
	// replicas serve reads outside transactions, in turn (with their
	// native queriers, or nil).
	replicas       []*sql.DB
	replicaNatives []dialect.NativeQuerier
	next           *atomic.Uint64
	// cache holds compiled SELECTs by query shape, shared by the handles
	// derived from this one.
	cache *selectCache
}

// WithReplicas returns a handle sharing db's primary pool whose reads
// outside transactions go to the replicas in turn (Django's primary/replica
// router); writes, transactions and reads with a UsePrimary context stay on
// the primary. Replicas must use the same dialect.
func (db *DB) WithReplicas(replicas ...*DB) *DB {
	c := *db
	c.replicas, c.replicaNatives = nil, nil
	for _, r := range replicas {
		c.replicas = append(c.replicas, r.sql)
		c.replicaNatives = append(c.replicaNatives, r.native)
	}
	c.next = new(atomic.Uint64)
	return &c
}

// UsePrimary marks ctx so that reads run on the primary even when the DB
// has replicas (read-your-writes after a write outside a transaction).
func UsePrimary(ctx context.Context) context.Context {
	return withValue(ctx, primaryKey{}, true)
}

// readPool returns the pool a read outside a transaction runs on, and its
// native querier if it has one.
func (db *DB) readPool(ctx context.Context) (*sql.DB, dialect.NativeQuerier) {
	if len(db.replicas) == 0 || ctx.Value(primaryKey{}) != nil {
		return db.sql, db.native
	}
	i := db.next.Add(1) % uint64(len(db.replicas))
	return db.replicas[i], db.replicaNatives[i]
}

// nativeOf returns the native querier of a pool's driver, if any.
func nativeOf(sdb *sql.DB) dialect.NativeQuerier {
	if sdb == nil {
		return nil
	}
	n, _ := sdb.Driver().(dialect.NativeQuerier)
	return n
}

// Open connects to the database at url with the first dialect whose
// scheme matches ("sqlite:///app.db", "postgres://…", "mysql://…").
func Open(ctx context.Context, url string, reg *Registry, dialects ...dialect.Dialect) (*DB, error) {
	u, err := dialect.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("orm: open: %w", err)
	}
	var names []string
	for _, d := range dialects {
		for _, s := range d.Schemes() {
			names = append(names, s)
			if strings.EqualFold(s, u.Scheme) {
				sdb, err := d.Open(ctx, u)
				if err != nil {
					return nil, fmt.Errorf("orm: open %s: %w", d.Name(), err)
				}
				if det, ok := d.(detector); ok {
					if d, err = det.Detect(ctx, sdb); err != nil {
						sdb.Close()
						return nil, fmt.Errorf("orm: open %s: %w", d.Name(), err)
					}
				}
				return NewDB(sdb, d, reg), nil
			}
		}
	}
	return nil, fmt.Errorf("orm: open: no dialect for scheme %q (have %s); import the dialect package and pass it to Open", u.Scheme, strings.Join(names, ", "))
}

// detector is a dialect that adapts to the server it reached (MariaDB or
// MySQL).
type detector interface {
	Detect(ctx context.Context, db *sql.DB) (dialect.Dialect, error)
}

// NewDB wraps an existing pool. reg may be nil for an empty registry.
func NewDB(sdb *sql.DB, d dialect.Dialect, reg *Registry) *DB {
	if reg == nil {
		reg = NewRegistry()
	}
	db := &DB{sql: sdb, d: d, caps: d.Caps(), reg: reg, retries: 50, cache: newSelectCache(), native: nativeOf(sdb)}
	if sdb != nil {
		db.nativeExec, _ = sdb.Driver().(dialect.NativeExecer)
	}
	if db.caps.SingleWriter {
		db.writer = make(chan struct{}, 1)
	}
	return db
}

// WithObserver returns a handle sharing db's pool that reports every
// statement to o (in addition to any QueryLog in the context).
func (db *DB) WithObserver(o QueryObserver) *DB {
	c := *db
	c.observer = o
	return &c
}

// PoolConfig sizes a DB's connection pool; see SetPool.
type PoolConfig = dialect.PoolConfig

// SetPool applies pool settings: to database/sql's pool, and to the
// dialect's native pool when it has one (PostgreSQL's pgxpool, whose
// connections database/sql borrows: there, database/sql keeps no idle
// connection and MaxIdle does not apply). Zero fields keep the current
// setting. Call it before the DB is used: a native pool is replaced by
// one with the new settings.
func (db *DB) SetPool(c PoolConfig) error {
	// The native pool first: settings it rejects change nothing.
	pc, native := db.sql.Driver().(dialect.PoolConfigurer)
	if native {
		if err := pc.ConfigurePool(c); err != nil {
			return fmt.Errorf("orm: pool settings: %w", err)
		}
	}
	if c.MaxOpen > 0 {
		db.sql.SetMaxOpenConns(c.MaxOpen)
	}
	if c.MaxLifetime > 0 {
		db.sql.SetConnMaxLifetime(c.MaxLifetime)
	}
	if c.MaxIdleTime > 0 {
		db.sql.SetConnMaxIdleTime(c.MaxIdleTime)
	}
	if c.MaxIdle > 0 && !native {
		db.sql.SetMaxIdleConns(c.MaxIdle)
	}
	return nil
}

// Ping checks that the database is reachable.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Close closes the pool.
func (db *DB) Close() error { return db.sql.Close() }

// SQL returns the underlying pool.
func (db *DB) SQL() *sql.DB { return db.sql }

// Dialect returns the dialect.
func (db *DB) Dialect() dialect.Dialect { return db.d }

// Registry returns the model registry.
func (db *DB) Registry() *Registry { return db.reg }

// QueryEvent describes one executed statement.
type QueryEvent struct {
	SQL      string
	Args     []any
	Duration time.Duration
	Err      error
}

// QueryObserver receives every statement a DB runs.
type QueryObserver interface {
	ObserveQuery(ctx context.Context, e QueryEvent)
}

// ObserverFunc adapts a function to QueryObserver.
type ObserverFunc func(ctx context.Context, e QueryEvent)

// ObserveQuery implements QueryObserver.
func (f ObserverFunc) ObserveQuery(ctx context.Context, e QueryEvent) { f(ctx, e) }

var _ QueryObserver = ObserverFunc(nil)

// conn is what statements run on: the pool or the transaction in ctx.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (db *DB) observe(ctx context.Context, q string, args []any, start time.Time, err error) {
	if db.observed(ctx) {
		db.report(ctx, q, args, start, err)
	}
}

// observed reports whether the queries run with ctx are observed: by
// the DB's observer or a QueryLog in ctx.
func (db *DB) observed(ctx context.Context) bool {
	return db.observer != nil || queryLog(ctx) != nil
}

// report is observe's work, out of line so that the callers' frames do
// not hold a QueryEvent.
//
//go:noinline
func (db *DB) report(ctx context.Context, q string, args []any, start time.Time, err error) {
	e := QueryEvent{SQL: q, Args: args, Duration: time.Since(start), Err: err}
	if db.observer != nil {
		db.observer.ObserveQuery(ctx, e)
	}
	if l := queryLog(ctx); l != nil {
		l.add(e)
	}
}

// lockWriter takes the in-process writer slot on single-writer databases.
func (db *DB) lockWriter(ctx context.Context) (func(), error) {
	if db.writer == nil {
		return func() {}, nil
	}
	select {
	case db.writer <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-db.writer }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// exec runs a statement that returns no rows.
func (db *DB) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx := txFrom(ctx, db)
	if tx != nil {
		start := time.Now()
		res, err := tx.tx.ExecContext(ctx, q, args...)
		db.observe(ctx, q, args, start, err)
		return res, err
	}
	unlock, err := db.lockWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var res sql.Result
	err = db.retry(ctx, func() error {
		start := time.Now()
		var e error
		if db.nativeExec != nil {
			var n int64
			n, e = db.nativeExec.ExecNative(ctx, q, args)
			res = nativeResult(n)
		} else {
			res, e = db.sql.ExecContext(ctx, q, args...)
		}
		db.observe(ctx, q, args, start, e)
		return e
	})
	return res, err
}

// nativeResult is the sql.Result of a statement run by a NativeExecer:
// the rows it affected (the dialects with one return new keys with
// RETURNING).
type nativeResult int64

func (r nativeResult) RowsAffected() (int64, error) { return int64(r), nil }

func (nativeResult) LastInsertId() (int64, error) {
	return 0, errors.New("orm: LastInsertId is not supported by this database; use RETURNING")
}

// query runs a statement returning rows. write marks statements that
// modify data (INSERT … RETURNING) for single-writer serialisation; the
// returned release must be called after the rows are closed.
func (db *DB) query(ctx context.Context, write bool, q string, args ...any) (*sql.Rows, func(), error) {
	tx := txFrom(ctx, db)
	if tx != nil {
		start := time.Now()
		rows, err := tx.tx.QueryContext(ctx, q, args...)
		db.observe(ctx, q, args, start, err)
		return rows, func() {}, err
	}
	unlock := func() {}
	if write {
		u, err := db.lockWriter(ctx)
		if err != nil {
			return nil, nil, err
		}
		unlock = u
	}
	pool := db.sql
	if !write {
		pool, _ = db.readPool(ctx)
	}
	rows, err := db.queryPool(ctx, pool, q, args)
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return rows, unlock, nil
}

// queryPool runs a query on pool outside transactions.
func (db *DB) queryPool(ctx context.Context, pool *sql.DB, q string, args []any) (*sql.Rows, error) {
	var rows *sql.Rows
	err := db.retry(ctx, func() error {
		start := time.Now()
		var e error
		rows, e = pool.QueryContext(ctx, q, args...)
		db.observe(ctx, q, args, start, e)
		return e
	})
	return rows, err
}

// rowSet is a result set: *sql.Rows or a dialect's native dialect.Rows.
type rowSet interface {
	Next() bool
	Scan(dest ...any) error
	Columns() ([]string, error)
	Err() error
	Close() error
}

// read runs a SELECT. Outside transactions, on a pool whose dialect has a
// native querier, it bypasses database/sql: the decoder's slots then
// receive typed columns.
//
// The direct path keeps its stack frame small (the retries and the
// other paths are calls of their own): a request's goroutine that goes
// deeper than its stack needs a bigger one, and the runtime shrinks
// idle goroutines' stacks at every GC, so a handler whose deepest call
// does not fit pays a stack copy per connection and GC cycle.
func (db *DB) read(ctx context.Context, q string, args ...any) (rowSet, error) {
	// A context with none of the ORM's values (a request's) costs one
	// lookup: no transaction, no query log, no primary.
	observed := db.observer != nil
	if marked(ctx) {
		if tx := txFrom(ctx, db); tx != nil {
			return db.readTx(ctx, tx, q, args)
		}
		observed = observed || queryLog(ctx) != nil
	}
	pool, native := db.sql, db.native
	if len(db.replicas) > 0 {
		pool, native = db.readPool(ctx)
	}
	if native == nil {
		return db.readPoolSQL(ctx, pool, q, args)
	}
	// The clock is read only for an observer (a system call's worth on
	// some virtual machines, per query).
	var start time.Time
	if observed {
		start = time.Now()
	}
	rows, err := native.QueryNative(ctx, q, args)
	if observed {
		db.report(ctx, q, args, start, err)
	}
	if err != nil {
		return db.readRetry(ctx, native, q, args, err)
	}
	return rows, nil
}

// readRetry retries a failed direct read as [DB.retry] does.
//
//go:noinline
func (db *DB) readRetry(ctx context.Context, native dialect.NativeQuerier, q string, args []any, err error) (rowSet, error) {
	if db.retries == 0 || !db.d.IsRetryable(err) {
		return nil, err
	}
	var rows dialect.Rows
	first := true
	err = db.retry(ctx, func() error {
		if first { // the failure read already had
			first = false
			return err
		}
		start := time.Now()
		var e error
		rows, e = native.QueryNative(ctx, q, args)
		db.observe(ctx, q, args, start, e)
		return e
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

//go:noinline
func (db *DB) readTx(ctx context.Context, tx *txState, q string, args []any) (rowSet, error) {
	start := time.Now()
	rows, err := tx.tx.QueryContext(ctx, q, args...)
	db.observe(ctx, q, args, start, err)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

//go:noinline
func (db *DB) readPoolSQL(ctx context.Context, pool *sql.DB, q string, args []any) (rowSet, error) {
	rows, err := db.queryPool(ctx, pool, q, args)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

func (db *DB) retry(ctx context.Context, fn func() error) error {
	delay := time.Millisecond
	for i := 0; ; i++ {
		err := fn()
		if err == nil || i >= db.retries || !db.d.IsRetryable(err) {
			return err
		}
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		}
		if delay < 50*time.Millisecond {
			delay *= 2
		}
	}
}

// Exec runs hand-written SQL with "?" markers (converted to the
// dialect's), on the transaction in ctx if any.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q, _ := rebind(db, query)
	return db.exec(ctx, q, args...)
}

// Query runs hand-written SQL with "?" markers and returns the rows; the
// caller closes them.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, _ := rebind(db, query)
	rows, release, err := db.query(ctx, false, q, args...)
	if err != nil {
		return nil, err
	}
	release()
	return rows, nil
}

// Tables lists the tables of the database (introspection).
func (db *DB) Tables(ctx context.Context) ([]string, error) {
	return db.d.Tables(ctx, db.conn(ctx))
}

// Columns lists the columns of table (introspection).
func (db *DB) Columns(ctx context.Context, table string) ([]dialect.Column, error) {
	return db.d.Columns(ctx, db.conn(ctx), table)
}

func (db *DB) conn(ctx context.Context) conn {
	if tx := txFrom(ctx, db); tx != nil {
		return tx.tx
	}
	return db.sql
}

// QueryLog records the statements run with a context; the debug page and
// tests read it. Create one with WithQueryLog.
type QueryLog struct {
	mu      chan struct{}
	entries []QueryEvent
}

// WithQueryLog returns a context that records every statement any DB runs
// with it (or a context derived from it) into the returned log.
func WithQueryLog(ctx context.Context) (context.Context, *QueryLog) {
	l := &QueryLog{mu: make(chan struct{}, 1)}
	return withValue(ctx, logKey{}, l), l
}

func (l *QueryLog) add(e QueryEvent) {
	l.mu <- struct{}{}
	l.entries = append(l.entries, e)
	<-l.mu
}

// Queries returns a copy of the recorded statements.
func (l *QueryLog) Queries() []QueryEvent {
	l.mu <- struct{}{}
	defer func() { <-l.mu }()
	return append([]QueryEvent(nil), l.entries...)
}

// Len returns the number of statements recorded.
func (l *QueryLog) Len() int {
	l.mu <- struct{}{}
	defer func() { <-l.mu }()
	return len(l.entries)
}

// Reset forgets the recorded statements.
func (l *QueryLog) Reset() {
	l.mu <- struct{}{}
	l.entries = nil
	<-l.mu
}
