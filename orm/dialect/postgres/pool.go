package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/djinn-go/djinn/orm/dialect"
)

// defaultMaxConns is the pool size when neither the URL (pool_max_conns)
// nor the settings choose one: database/sql, which the pool replaced, had
// no bound at all, and pgxpool's own default (4) would make a transaction
// that reads on another connection wait for itself.
const defaultMaxConns = 100

// pool is the one real connection pool of a PostgreSQL database: the ORM's
// direct reads acquire from it, and database/sql borrows its connections
// from it (connector). It is the driver.Driver of the *sql.DB.
type pool struct {
	mu  sync.Mutex
	cfg *pgxpool.Config // the settings the current pool was made with
	// direct: reads may prepare and cache statements of their own
	// (direct.go): pgx's mode is to cache them, with a cache.
	direct bool
	p      atomic.Pointer[pgxpool.Pool]
	// old pools replaced by ConfigurePool, closed when their borrowed
	// connections are back.
	closing sync.WaitGroup
}

var (
	_ driver.Driver          = (*pool)(nil)
	_ dialect.NativeQuerier  = (*pool)(nil)
	_ dialect.NativeExecer   = (*pool)(nil)
	_ dialect.PoolConfigurer = (*pool)(nil)
)

func newPool(ctx context.Context, cfg *pgxpool.Config) (*pool, error) {
	p, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	cc := cfg.ConnConfig
	n := &pool{cfg: cfg, direct: cc.DefaultQueryExecMode == pgx.QueryExecModeCacheStatement && cc.StatementCacheCapacity > 0 && cc.Tracer == nil}
	n.p.Store(p)
	return n, nil
}

func (n *pool) get() *pgxpool.Pool { return n.p.Load() }

// acquire takes a connection from the current pool. An acquisition that
// failed because ConfigurePool replaced the pool meanwhile (the old one
// closing cancels it) is made again from the new pool.
func (n *pool) acquire(ctx context.Context) (*pgxpool.Conn, error) {
	for {
		p := n.get()
		c, err := p.Acquire(ctx)
		if err == nil || ctx.Err() != nil || n.get() == p {
			return c, err
		}
	}
}

// Open implements driver.Driver; connections come from the connector.
func (*pool) Open(string) (driver.Conn, error) {
	return nil, errors.New("postgres: open through the connector")
}

func (n *pool) close() {
	n.get().Close()
	n.closing.Wait()
}

// ConfigurePool implements dialect.PoolConfigurer. A pgxpool's size is
// fixed when it is made, so the pool is replaced by one with the new
// settings; the old one closes once the connections borrowed from it are
// released.
func (n *pool) ConfigurePool(c dialect.PoolConfig) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	cfg := n.cfg.Copy()
	if c.MaxOpen > 0 {
		cfg.MaxConns = int32(min(c.MaxOpen, 1<<31-1))
	}
	if c.MinOpen > 0 {
		cfg.MinConns = int32(min(c.MinOpen, 1<<31-1))
	}
	if cfg.MinConns > cfg.MaxConns {
		return fmt.Errorf("postgres: pool: %d connections kept open but at most %d allowed", cfg.MinConns, cfg.MaxConns)
	}
	if c.MaxLifetime > 0 {
		cfg.MaxConnLifetime = c.MaxLifetime
	}
	if c.MaxIdleTime > 0 {
		cfg.MaxConnIdleTime = c.MaxIdleTime
	}
	np, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return fmt.Errorf("postgres: pool: %w", err)
	}
	old := n.p.Swap(np)
	n.cfg = cfg
	n.closing.Add(1)
	go func() {
		defer n.closing.Done()
		old.Close() // waits for the connections still borrowed
	}()
	return nil
}

// Pool returns the pgxpool.Pool under a *sql.DB opened by this dialect,
// for code that wants pgx itself (COPY, batches, LISTEN). ok is false for
// any other *sql.DB. DB.SetPool replaces the pool: call Pool after it.
func Pool(db *sql.DB) (p *pgxpool.Pool, ok bool) {
	n, ok := db.Driver().(*pool)
	if !ok {
		return nil, false
	}
	return n.get(), true
}
