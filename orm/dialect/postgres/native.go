package postgres

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/djinn-go/djinn/orm/dialect"
)

// This file is the ORM's direct read path (dialect.NativeQuerier): a
// query runs on a connection acquired from the pgxpool, with the ORM's
// arguments handed to pgx unchanged, and each column goes to a
// dialect.ColumnSink in its natural type, decoded from PostgreSQL's
// binary format for the types below and from the text format (as the
// database/sql adapter reads it) for the others: numeric keeps every
// digit, intervals read as microseconds, JSON as text.

const (
	oidName    = 19
	oidText    = 25
	oidBpchar  = 1042
	oidVarchar = 1043
	oidUUID    = 2950
)

// binaryFormats are the result types read in binary.
var binaryFormats = pgx.QueryResultFormatsByOID{
	oidBool: pgx.BinaryFormatCode, oidBytea: pgx.BinaryFormatCode,
	oidInt2: pgx.BinaryFormatCode, oidInt4: pgx.BinaryFormatCode, oidInt8: pgx.BinaryFormatCode, oidOID: pgx.BinaryFormatCode,
	oidFloat4: pgx.BinaryFormatCode, oidFloat8: pgx.BinaryFormatCode,
	oidDate: pgx.BinaryFormatCode, oidTimestamp: pgx.BinaryFormatCode, oidTimestamptz: pgx.BinaryFormatCode,
	oidName: pgx.BinaryFormatCode, oidText: pgx.BinaryFormatCode, oidBpchar: pgx.BinaryFormatCode, oidVarchar: pgx.BinaryFormatCode,
	oidUUID: pgx.BinaryFormatCode,
}

// QueryNative implements dialect.NativeQuerier. A statement whose cached
// plan a schema change made stale is retried once, as by the adapter.
// When the pool caches prepared statements, the query takes the direct
// path of direct.go when it can.
func (n *pool) QueryNative(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	pc, err := n.acquire(ctx)
	if err != nil {
		return nil, err
	}
	if n.direct {
		d, err := queryDirect(ctx, pc, query, args)
		if err == nil {
			return d, nil
		}
		if err != errNotDirect {
			pc.Release()
			return nil, err
		}
	}
	r := &rows2{pc: pc}
	a := append(r.argBuf[:0], binaryFormats)
	a = append(a, args...)
	r.r, r.has, err = queryFirst(ctx, pc.Conn(), query, a)
	if err != nil && stalePlan(err) {
		r.r, r.has, err = queryFirst(ctx, pc.Conn(), query, a) // pgx dropped the stale statement
	}
	if err != nil {
		pc.Release()
		return nil, err
	}
	clear(r.argBuf[:])
	r.primed = true
	return r, nil
}

// ExecNative implements dialect.NativeExecer: a statement outside any
// transaction, on a connection of the pool, as the adapter's ExecContext
// runs it (a stale plan retried once; after DDL, the connection's cached
// statements dropped), by the direct path when the pool caches statements
// and the statement has arguments (without, pgx uses the simple protocol,
// which also runs several statements in one string).
func (n *pool) ExecNative(ctx context.Context, query string, args []any) (int64, error) {
	pc, err := n.acquire(ctx)
	if err != nil {
		return 0, err
	}
	defer pc.Release()
	ddl := isDDL(query)
	if n.direct && len(args) > 0 && !ddl {
		rows, err := execDirect(ctx, pc.Conn().PgConn(), query, args)
		if err != errNotDirect {
			return rows, err
		}
	}
	c := pc.Conn()
	tag, err := c.Exec(ctx, query, args...)
	if err != nil && stalePlan(err) {
		tag, err = c.Exec(ctx, query, args...) // pgx dropped the stale statement
	}
	if err != nil {
		return 0, err
	}
	if ddl {
		// Plans cached on this connection may be stale now.
		if err := c.DeallocateAll(ctx); err != nil {
			return 0, err
		}
		forgetStatements(c.PgConn())
	}
	return tag.RowsAffected(), nil
}

// rows2 is a result set of the direct path; Close releases its connection.
type rows2 struct {
	pc     *pgxpool.Conn
	r      pgx.Rows
	argBuf [8]any
	// primed: the first row was read already (has: there was one).
	primed, has bool
}

var _ dialect.Rows = (*rows2)(nil)

func (r *rows2) Next() bool {
	if r.primed {
		r.primed = false
		return r.has
	}
	if r.pc == nil {
		return false
	}
	return r.r.Next()
}

func (r *rows2) Err() error { return r.r.Err() }

func (r *rows2) Close() error {
	if r.pc == nil {
		return r.r.Err()
	}
	r.has, r.primed = false, false
	r.r.Close()
	r.pc.Release()
	r.pc = nil
	return r.r.Err()
}

func (r *rows2) Columns() ([]string, error) {
	fds := r.r.FieldDescriptions()
	cols := make([]string, len(fds))
	for i, fd := range fds {
		cols[i] = fd.Name
	}
	return cols, nil
}

// Scan implements dialect.Rows.
func (r *rows2) Scan(dest ...any) error {
	return scanRaw(r.r.FieldDescriptions(), r.r.RawValues(), dest)
}

// scanRaw scans the row raw, described by fds, into dest.
func scanRaw(fds []pgconn.FieldDescription, raw [][]byte, dest []any) error {
	if len(dest) != len(raw) {
		return fmt.Errorf("postgres: %d scan destinations for %d columns", len(dest), len(raw))
	}
	for i, d := range dest {
		var err error
		switch s := d.(type) {
		case dialect.ColumnSink:
			err = emit(s, &fds[i], raw[i])
		case *any:
			*s, err = driverValue(&fds[i], raw[i])
		case *int64:
			var v any
			if v, err = driverValue(&fds[i], raw[i]); err == nil {
				n, ok := v.(int64)
				if !ok {
					err = fmt.Errorf("cannot scan %T into *int64", v)
				}
				*s = n
			}
		default:
			err = fmt.Errorf("postgres: cannot scan into %T", d)
		}
		if err != nil {
			return fmt.Errorf("postgres: column %q: %w", fds[i].Name, err)
		}
	}
	return nil
}

// pgEpoch is 2000-01-01 00:00 UTC, the origin of PostgreSQL's binary
// dates and timestamps, in Unix seconds.
const pgEpoch = 946684800

var errBinary = errors.New("malformed binary value")

// emit hands the column value b (nil: NULL) to s.
func emit(s dialect.ColumnSink, fd *pgconn.FieldDescription, b []byte) error {
	if b == nil {
		return s.SetNull()
	}
	if fd.Format == pgx.BinaryFormatCode {
		return emitBinary(s, fd.DataTypeOID, b)
	}
	switch fd.DataTypeOID {
	case oidInt2, oidInt4, oidInt8, oidOID:
		if n, ok := parseInt(b); ok {
			return s.SetInt64(n)
		}
	case oidBool:
		return s.SetBool(len(b) == 1 && b[0] == 't')
	case oidFloat4, oidFloat8, oidBytea, oidInterval, oidDate, oidTimestamp, oidTimestamptz:
	default:
		return s.SetString(string(b))
	}
	v, err := decode(*fd, b)
	if err != nil {
		return err
	}
	switch x := v.(type) {
	case int64:
		return s.SetInt64(x)
	case float64:
		return s.SetFloat64(x)
	case time.Time:
		return s.SetTime(x.UTC()) // as in binary (a +00 offset parses as Local)
	case []byte:
		return s.SetBytes(x)
	case bool:
		return s.SetBool(x)
	case string:
		return s.SetString(x)
	}
	return fmt.Errorf("postgres: unexpected %T", v)
}

func emitBinary(s dialect.ColumnSink, oid uint32, b []byte) error {
	switch oid {
	case oidBool:
		if len(b) != 1 {
			return errBinary
		}
		return s.SetBool(b[0] != 0)
	case oidInt2:
		if len(b) != 2 {
			return errBinary
		}
		return s.SetInt64(int64(int16(binary.BigEndian.Uint16(b))))
	case oidInt4:
		if len(b) != 4 {
			return errBinary
		}
		return s.SetInt64(int64(int32(binary.BigEndian.Uint32(b))))
	case oidOID:
		if len(b) != 4 {
			return errBinary
		}
		return s.SetInt64(int64(binary.BigEndian.Uint32(b)))
	case oidInt8:
		if len(b) != 8 {
			return errBinary
		}
		return s.SetInt64(int64(binary.BigEndian.Uint64(b)))
	case oidFloat4:
		if len(b) != 4 {
			return errBinary
		}
		return s.SetFloat64(float4(math.Float32frombits(binary.BigEndian.Uint32(b))))
	case oidFloat8:
		if len(b) != 8 {
			return errBinary
		}
		return s.SetFloat64(math.Float64frombits(binary.BigEndian.Uint64(b)))
	case oidDate:
		if len(b) != 4 {
			return errBinary
		}
		days := int32(binary.BigEndian.Uint32(b))
		if days == math.MaxInt32 || days == math.MinInt32 {
			return errors.New("infinite date")
		}
		return s.SetTime(time.Date(2000, 1, 1+int(days), 0, 0, 0, 0, time.UTC))
	case oidTimestamp, oidTimestamptz:
		if len(b) != 8 {
			return errBinary
		}
		us := int64(binary.BigEndian.Uint64(b))
		if us == math.MaxInt64 || us == math.MinInt64 {
			return errors.New("infinite timestamp")
		}
		return s.SetTime(time.Unix(pgEpoch+us/1e6, us%1e6*1e3).UTC())
	case oidUUID:
		if len(b) != 16 {
			return errBinary
		}
		return s.SetString(formatUUID(b))
	case oidBytea:
		return s.SetBytes(b)
	case oidName, oidText, oidBpchar, oidVarchar:
		return s.SetString(string(b))
	}
	return fmt.Errorf("postgres: no binary decoding for type OID %d", oid)
}

// float4 widens a real the way its text form reads: PostgreSQL prints the
// shortest decimal that reads back as the same float4, which the adapter
// parses as a float64 (1.1, not 1.100000023841858).
func float4(f float32) float64 {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return float64(f)
	}
	var buf [32]byte
	v, err := strconv.ParseFloat(view(strconv.AppendFloat(buf[:0], float64(f), 'g', -1, 32)), 64)
	if err != nil {
		return float64(f)
	}
	return v
}

// formatUUID spells 16 bytes as PostgreSQL prints a uuid.
func formatUUID(b []byte) string {
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:16])
	return string(out[:])
}

// driverValue is what the database/sql adapter returns for b, for
// destinations that are not ColumnSinks.
func driverValue(fd *pgconn.FieldDescription, b []byte) (any, error) {
	var c valueSink
	if err := emit(&c, fd, b); err != nil {
		return nil, err
	}
	return c.v, nil
}

// valueSink keeps the value handed to it as a driver.Value.
type valueSink struct{ v any }

func (c *valueSink) SetNull() error             { c.v = nil; return nil }
func (c *valueSink) SetInt64(v int64) error     { c.v = v; return nil }
func (c *valueSink) SetFloat64(v float64) error { c.v = v; return nil }
func (c *valueSink) SetBool(v bool) error       { c.v = v; return nil }
func (c *valueSink) SetString(v string) error   { c.v = v; return nil }
func (c *valueSink) SetBytes(b []byte) error    { c.v = append(make([]byte, 0, len(b)), b...); return nil }
func (c *valueSink) SetTime(v time.Time) error  { c.v = v; return nil }
