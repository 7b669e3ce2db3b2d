package dialect

import (
	"context"
	"time"
)

// A dialect whose driver has a pool of its own (PostgreSQL over pgxpool)
// exposes it through the driver.Driver of the *sql.DB its Open returns
// ((*sql.DB).Driver()). The ORM then runs its SELECTs outside
// transactions on that pool directly, handing each column to a
// ColumnSink without boxing it into a driver.Value; everything else
// (writes, transactions, raw SQL, migrations) stays on database/sql,
// whose connections are borrowed from the same pool.

// ColumnSink receives one column of a row in its natural Go type. The ORM's
// scan slots implement it; Rows.Scan calls exactly one method per column.
type ColumnSink interface {
	// SetNull receives SQL NULL.
	SetNull() error
	// SetInt64 receives integers (and intervals, as whole microseconds).
	SetInt64(v int64) error
	// SetFloat64 receives floating-point numbers.
	SetFloat64(v float64) error
	// SetBool receives booleans.
	SetBool(v bool) error
	// SetString receives text: strings, numerics (every digit kept),
	// UUIDs, JSON and any type without a typed setter, in the database's
	// text form.
	SetString(v string) error
	// SetBytes receives binary data. b is only valid during the call
	// (the driver reuses its read buffer): a sink keeping it copies it.
	SetBytes(b []byte) error
	// SetTime receives dates and timestamps (UTC).
	SetTime(v time.Time) error
}

// Rows is a result set read from a NativeQuerier. Scan's destinations are
// ColumnSinks or *any (which receives the database/sql driver value).
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Columns() ([]string, error)
	Err() error
	// Close ends the result set and returns the connection to the pool.
	Close() error
}

// NativeQuerier is implemented by the driver.Driver of a pool whose
// dialect can run queries without database/sql.
type NativeQuerier interface {
	// QueryNative runs query (outside any transaction) with args passed
	// to the database driver unchanged.
	QueryNative(ctx context.Context, query string, args []any) (Rows, error)
}

// NativeExecer is implemented by the driver.Driver of a pool whose dialect
// can run statements that return no rows without database/sql.
type NativeExecer interface {
	// ExecNative runs query (outside any transaction) with args passed to
	// the database driver unchanged and returns the rows it affected.
	ExecNative(ctx context.Context, query string, args []any) (int64, error)
}

// PoolConfig sizes a connection pool. Zero fields keep the current or
// default setting.
type PoolConfig struct {
	// MaxOpen bounds the open connections (0: the default).
	MaxOpen int
	// MaxIdle bounds the idle connections kept by database/sql. A
	// native pool keeps its own idle connections (closed after
	// MaxIdleTime); database/sql then keeps none, so that its idle
	// connections go back to the native pool.
	MaxIdle int
	// MinOpen is the number of connections a native pool keeps open.
	MinOpen int
	// MaxLifetime closes connections older than this.
	MaxLifetime time.Duration
	// MaxIdleTime closes connections idle for longer than this.
	MaxIdleTime time.Duration
}

// PoolConfigurer is implemented by the driver.Driver of a native pool;
// the ORM's DB.SetPool applies the settings to it as well as to
// database/sql.
type PoolConfigurer interface {
	ConfigurePool(c PoolConfig) error
}
