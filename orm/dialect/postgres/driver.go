package postgres

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// This file is a small database/sql adapter over connections borrowed
// from a pgxpool.Pool (pool.go): database/sql's connector acquires one on
// Connect and releases it on Close. Results are requested in text format
// and decoded by type OID into the driver value types: integers, floats,
// booleans, times and bytea are typed; everything else (numeric, uuid,
// json, text) stays a string, so numeric values keep every digit.

type connector struct{ p *pool }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	pc, err := c.p.acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &conn{pc: pc, c: pc.Conn()}, nil
}

// Driver returns the pool, which also serves the ORM's direct reads
// (dialect.NativeQuerier) and pool settings (dialect.PoolConfigurer).
func (c connector) Driver() driver.Driver { return c.p }

// Close closes the pool; (*sql.DB).Close calls it.
func (c connector) Close() error {
	c.p.close()
	return nil
}

type conn struct {
	pc   *pgxpool.Conn
	c    *pgx.Conn
	inTx bool // a transaction is open: a failed statement cannot be retried
}

var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
)

func (c *conn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *conn) PrepareContext(_ context.Context, query string) (driver.Stmt, error) {
	return &stmt{c: c, q: query}, nil
}

// Close gives the connection back to the pool, which closes it if it is
// broken or still in a transaction.
func (c *conn) Close() error {
	c.pc.Release()
	return nil
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	var o pgx.TxOptions
	switch sqlIso(opts.Isolation) {
	case 0:
	case 2:
		o.IsoLevel = pgx.ReadCommitted
	case 4:
		o.IsoLevel = pgx.RepeatableRead
	case 6:
		o.IsoLevel = pgx.Serializable
	default:
		return nil, errors.New("postgres: unsupported isolation level")
	}
	if opts.ReadOnly {
		o.AccessMode = pgx.ReadOnly
	}
	tx, err := c.c.BeginTx(ctx, o)
	if err != nil {
		return nil, err
	}
	c.inTx = true
	return &txn{tx: tx, c: c}, nil
}

func sqlIso(l driver.IsolationLevel) int { return int(l) }

func (c *conn) Ping(ctx context.Context) error {
	if c.c.IsClosed() {
		return driver.ErrBadConn
	}
	return c.c.Ping(ctx)
}

func (c *conn) ResetSession(context.Context) error {
	if c.c.IsClosed() {
		return driver.ErrBadConn
	}
	return nil
}

func (c *conn) IsValid() bool { return !c.c.IsClosed() }

// CheckNamedValue lets every Go value through; pgx encodes it.
func (c *conn) CheckNamedValue(*driver.NamedValue) error { return nil }

func args(nv []driver.NamedValue) []any {
	out := make([]any, len(nv))
	for i, v := range nv {
		out[i] = v.Value
	}
	return out
}

func (c *conn) ExecContext(ctx context.Context, query string, nv []driver.NamedValue) (driver.Result, error) {
	tag, err := c.c.Exec(ctx, query, args(nv)...)
	if err != nil && stalePlan(err) && !c.inTx {
		tag, err = c.c.Exec(ctx, query, args(nv)...) // pgx dropped the stale statement
	}
	if err != nil {
		return nil, err
	}
	if isDDL(query) {
		// Plans cached on this connection may be stale now.
		if err := c.c.DeallocateAll(ctx); err != nil {
			return nil, err
		}
		forgetStatements(c.c.PgConn())
	}
	return result(tag.RowsAffected()), nil
}

var textFormat = pgx.QueryResultFormats{pgx.TextFormatCode}

func (c *conn) QueryContext(ctx context.Context, query string, nv []driver.NamedValue) (driver.Rows, error) {
	a := make([]any, 0, len(nv)+1)
	a = append(a, textFormat)
	for _, v := range nv {
		a = append(a, v.Value)
	}
	r, has, err := queryFirst(ctx, c.c, query, a)
	if err != nil && stalePlan(err) && !c.inTx {
		r, has, err = queryFirst(ctx, c.c, query, a) // pgx dropped the stale statement
	}
	if err != nil {
		return nil, err
	}
	return &rows{r: r, primed: true, has: has}, nil
}

// queryFirst runs a query and reads its first row, where the errors of a
// prepared statement (a stale plan among them) appear; has reports
// whether there was one. The adapter and the direct reads share it.
func queryFirst(ctx context.Context, c *pgx.Conn, query string, a []any) (r pgx.Rows, has bool, err error) {
	r, err = c.Query(ctx, query, a...)
	if err != nil {
		return nil, false, err
	}
	if r.Next() {
		return r, true, nil
	}
	r.Close()
	if err := r.Err(); err != nil {
		return nil, false, err
	}
	return r, false, nil
}

// stalePlan reports SQLSTATE 0A000 "cached plan must not change result
// type": a schema change made a statement cached on the connection stale.
func stalePlan(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "0A000" && strings.Contains(e.Message, "cached plan")
}

// isDDL reports whether q changes the schema.
func isDDL(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	for _, kw := range []string{"ALTER", "DROP", "CREATE", "TRUNCATE", "COMMENT"} {
		if len(q) >= len(kw) && strings.EqualFold(q[:len(kw)], kw) {
			return true
		}
	}
	return false
}

type result int64

func (r result) LastInsertId() (int64, error) {
	return 0, errors.New("postgres: LastInsertId is not supported; use RETURNING")
}
func (r result) RowsAffected() (int64, error) { return int64(r), nil }

type txn struct {
	tx pgx.Tx
	c  *conn
}

func (t *txn) Commit() error {
	t.c.inTx = false
	return t.tx.Commit(context.Background())
}

func (t *txn) Rollback() error {
	t.c.inTx = false
	return t.tx.Rollback(context.Background())
}

type stmt struct {
	c *conn
	q string
}

func (s *stmt) Close() error  { return nil }
func (s *stmt) NumInput() int { return -1 }
func (s *stmt) Exec(a []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), named(a))
}
func (s *stmt) Query(a []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), named(a))
}
func (s *stmt) ExecContext(ctx context.Context, nv []driver.NamedValue) (driver.Result, error) {
	return s.c.ExecContext(ctx, s.q, nv)
}
func (s *stmt) QueryContext(ctx context.Context, nv []driver.NamedValue) (driver.Rows, error) {
	return s.c.QueryContext(ctx, s.q, nv)
}

func named(a []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(a))
	for i, v := range a {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}

type rows struct {
	r    pgx.Rows
	cols []string
	// primed: the first row was read already (has: there was one).
	primed, has bool
}

func (r *rows) Columns() []string {
	if r.cols == nil {
		fds := r.r.FieldDescriptions()
		r.cols = make([]string, len(fds))
		for i, fd := range fds {
			r.cols[i] = fd.Name
		}
	}
	return r.cols
}

func (r *rows) Close() error {
	r.r.Close()
	return r.r.Err()
}

func (r *rows) Next(dest []driver.Value) error {
	next := r.has
	if r.primed {
		r.primed = false
	} else {
		next = r.r.Next()
	}
	if !next {
		if err := r.r.Err(); err != nil {
			return err
		}
		return io.EOF
	}
	fds := r.r.FieldDescriptions()
	raw := r.r.RawValues()
	for i := range dest {
		if raw[i] == nil {
			dest[i] = nil
			continue
		}
		v, err := decode(fds[i], raw[i])
		if err != nil {
			return err
		}
		dest[i] = v
	}
	return nil
}

// OIDs of the types decoded to typed values.
const (
	oidBool        = 16
	oidBytea       = 17
	oidInt8        = 20
	oidInt2        = 21
	oidInt4        = 23
	oidOID         = 26
	oidFloat4      = 700
	oidFloat8      = 701
	oidDate        = 1082
	oidTimestamp   = 1114
	oidTimestamptz = 1184
	oidInterval    = 1186
)

func decode(fd pgconn.FieldDescription, b []byte) (driver.Value, error) {
	switch fd.DataTypeOID {
	case oidBool:
		return len(b) == 1 && b[0] == 't', nil
	case oidInt2, oidInt4, oidInt8, oidOID:
		if n, ok := parseInt(b); ok {
			return n, nil
		}
		return strconv.ParseInt(string(b), 10, 64) // the error, with a copy of the text
	case oidFloat4, oidFloat8:
		if f, err := strconv.ParseFloat(view(b), 64); err == nil {
			return f, nil
		}
		return strconv.ParseFloat(string(b), 64)
	case oidBytea:
		if len(b) >= 2 && b[0] == '\\' && b[1] == 'x' {
			out := make([]byte, hex.DecodedLen(len(b)-2))
			_, err := hex.Decode(out, b[2:])
			return out, err
		}
		return append([]byte(nil), b...), nil
	case oidInterval:
		return parseInterval(b)
	case oidDate:
		return parseTime(b, time.DateOnly)
	case oidTimestamp:
		return parseTime(b, "2006-01-02 15:04:05.999999999")
	case oidTimestamptz:
		t, err := parseTime(b, "2006-01-02 15:04:05.999999999-07")
		if err != nil {
			t, err = parseTime(b, "2006-01-02 15:04:05.999999999-07:00")
		}
		return t, err
	}
	return string(b), nil
}

// view is b as a string without copying, for parsers that keep nothing
// of their input on success (pgx reuses b for the next row).
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// parseTime parses without copying b, and with a copy for the error.
func parseTime(b []byte, layout string) (time.Time, error) {
	if t, err := time.Parse(layout, view(b)); err == nil {
		return t, nil
	}
	return time.Parse(layout, string(b))
}

// parseInt parses a decimal integer as PostgreSQL prints it (ok is false
// on anything else, including overflow).
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 { // 19 digits cannot overflow a uint64
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
		if n > 1<<63 {
			return 0, false
		}
	}
	if neg {
		return -int64(n), true // n == 1<<63 is math.MinInt64
	}
	if n > 1<<63-1 {
		return 0, false
	}
	return int64(n), true
}

// PgError is pgx's server error, exported for errors.As in callers.
type PgError = pgconn.PgError

// parseInterval reads an interval in PostgreSQL's default output style
// ("1 year 2 mons -3 days +04:05:06.789", IntervalStyle postgres, which
// the connection sets) as whole microseconds, the value DurationField
// reads on every database. A month counts 30 days and a year 12 months,
// as PostgreSQL's justify_days does.
func parseInterval(b []byte) (int64, error) {
	const day = 24 * 3600 * 1000000
	var total int64
	fields := strings.Fields(string(b))
	bad := func() (int64, error) { return 0, fmt.Errorf("postgres: invalid interval %q", b) }
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			neg := strings.HasPrefix(f, "-")
			f = strings.TrimLeft(f, "+-")
			hms := strings.Split(f, ":")
			if len(hms) != 3 {
				return bad()
			}
			h, err1 := strconv.ParseInt(hms[0], 10, 64)
			m, err2 := strconv.ParseInt(hms[1], 10, 64)
			sec, frac, _ := strings.Cut(hms[2], ".")
			s, err3 := strconv.ParseInt(sec, 10, 64)
			if err1 != nil || err2 != nil || err3 != nil || len(frac) > 6 || h < 0 || m < 0 || s < 0 {
				return bad()
			}
			us := int64(0)
			if frac != "" {
				n, err := strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
				if err != nil || n < 0 {
					return bad()
				}
				us = n
			}
			v := ((h*60+m)*60+s)*1000000 + us
			if neg {
				v = -v
			}
			total += v
			continue
		}
		if i+1 >= len(fields) {
			return bad()
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return bad()
		}
		i++
		switch strings.TrimSuffix(fields[i], "s") {
		case "year":
			total += n * 360 * day
		case "mon":
			total += n * 30 * day
		case "day":
			total += n * day
		default:
			return bad()
		}
	}
	return total, nil
}
