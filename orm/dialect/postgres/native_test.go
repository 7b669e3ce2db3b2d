package postgres

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm/dialect"
)

// The direct path reads every type as the database/sql adapter does
// (binary for the types it decodes natively, text for the others).
func TestNativeMatchesAdapter(t *testing.T) {
	for _, mode := range []string{"", "exec", "simple_protocol"} {
		t.Run("mode="+mode, func(t *testing.T) { testNativeMatchesAdapter(t, mode) })
	}
}

func testNativeMatchesAdapter(t *testing.T, mode string) {
	ctx := context.Background()
	db := openTest(t)
	if mode != "" {
		db = openTestWith(t, "default_query_exec_mode="+mode)
	}
	nq, ok := db.Driver().(dialect.NativeQuerier)
	if !ok {
		t.Fatal("the postgres *sql.DB's driver is not a dialect.NativeQuerier")
	}
	exprs := []string{
		"NULL::int8", "NULL::text", "NULL::bytea", "NULL::timestamptz",
		"(-32768)::int2", "32767::int2", "(-2147483648)::int4", "(-9223372036854775808)::int8", "9223372036854775807::int8", "300::int8", "7::oid",
		"1.1::float4", "(-3.4e38)::float4", "'NaN'::float4", "0.1::float8", "(-2.5e-300)::float8", "'Infinity'::float8", "'-Infinity'::float8",
		"true", "false",
		"''::text", "'héllo wörld ✓'::varchar(20)", "'ab'::char(4)", "'tbl'::name",
		"'\\x00ff10'::bytea", "''::bytea",
		"'12345678901234567890.1234567890123456789'::numeric", "'-0.000100'::numeric(10,6)", "'NaN'::numeric",
		"'2026-03-05 14:07:09.123456+00'::timestamptz", "'1900-01-01 00:00:00.000001+05:30'::timestamptz", "'1969-12-31 23:59:59.999999'::timestamp",
		"'1850-07-14'::date", "'2000-01-01'::date", "'2262-04-12'::date",
		"'13:14:15.5'::time",
		"'1 year 2 mons -3 days 04:05:06.789'::interval", "'-90 minutes'::interval",
		"'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid",
		`'{"b": [1, 2.50, null], "a": "x"}'::jsonb`, `'{"b": 1,  "a": 2}'::json`,
		"ARRAY[1,2]::int4[]", "'(1,2)'::point",
	}
	for _, e := range exprs {
		q := "SELECT " + e + " WHERE $1::int4 = 1"
		var want any
		if err := db.QueryRowContext(ctx, q, 1).Scan(&want); err != nil {
			t.Fatalf("%s through database/sql: %v", e, err)
		}
		rows, err := nq.QueryNative(ctx, q, []any{1})
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		var got any
		if !rows.Next() {
			t.Fatalf("%s: no row: %v", e, rows.Err())
		}
		if err := rows.Scan(&got); err != nil {
			t.Fatalf("%s: scan: %v", e, err)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		same := reflect.DeepEqual(got, want)
		if tw, ok := want.(time.Time); ok {
			tg, ok := got.(time.Time)
			same = ok && tg.Equal(tw) && tg.Location() == time.UTC
		}
		if f, ok := want.(float64); ok && f != f {
			g, ok := got.(float64)
			same = ok && g != g
		}
		if !same {
			t.Errorf("%s: direct %#v, database/sql %#v", e, got, want)
		}
	}
}

// sink records the setter called.
type sink struct{ calls []string }

func (s *sink) SetNull() error           { s.calls = append(s.calls, "null"); return nil }
func (s *sink) SetInt64(int64) error     { s.calls = append(s.calls, "int64"); return nil }
func (s *sink) SetFloat64(float64) error { s.calls = append(s.calls, "float64"); return nil }
func (s *sink) SetBool(bool) error       { s.calls = append(s.calls, "bool"); return nil }
func (s *sink) SetString(string) error   { s.calls = append(s.calls, "string"); return nil }
func (s *sink) SetBytes([]byte) error    { s.calls = append(s.calls, "bytes"); return nil }
func (s *sink) SetTime(time.Time) error  { s.calls = append(s.calls, "time"); return nil }
func (s *sink) Scan(any) error           { s.calls = append(s.calls, "scan"); return nil }

// Column sinks get typed calls, one per column, on every row.
func TestNativeTypedSinks(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	nq := db.Driver().(dialect.NativeQuerier)
	rows, err := nq.QueryNative(ctx, "SELECT n, n::float8, n > 1, n::text, '\\x01'::bytea, now(), '1 day'::interval, 1.5::numeric, NULL::int4 FROM generate_series(1, 3) n", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ss [9]sink
	dest := make([]any, len(ss))
	for i := range ss {
		dest[i] = &ss[i]
	}
	n := 0
	for rows.Next() {
		n++
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil || n != 3 {
		t.Fatalf("%d rows, %v", n, err)
	}
	want := []string{"int64", "float64", "bool", "string", "bytes", "time", "int64", "string", "null"}
	for i, w := range want {
		if !reflect.DeepEqual(ss[i].calls, []string{w, w, w}) {
			t.Errorf("column %d: %v, want %s ×3", i, ss[i].calls, w)
		}
	}
}

// A cancelled context stops a running query with the context's error, and
// the connection goes back to the pool (or is discarded) so that the pool
// keeps working.
func TestNativeCancel(t *testing.T) {
	db := openTest(t)
	nq := db.Driver().(dialect.NativeQuerier)
	p, _ := Pool(db)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	rows, err := nq.QueryNative(ctx, "SELECT 1 FROM pg_sleep(5)", nil)
	if err == nil {
		rows.Close()
		t.Fatal("no error")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v does not wrap the context's", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("cancel took %s", d)
	}
	// A connection broken by the cancel is closed in the background.
	for deadline := time.Now().Add(5 * time.Second); p.Stat().AcquiredConns() != 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still acquired", p.Stat().AcquiredConns())
		}
	}
	var v int
	if err := db.QueryRowContext(context.Background(), "SELECT 2").Scan(&v); err != nil || v != 2 {
		t.Fatalf("after cancel: %d, %v", v, err)
	}
	rows, err = nq.QueryNative(context.Background(), "SELECT 3", nil)
	if err != nil {
		t.Fatal(err)
	}
	rows.Close()
}

// Pool settings replace the pgxpool; database/sql keeps no idle
// connection of its own.
func TestConfigurePool(t *testing.T) {
	db := openTest(t)
	pc := db.Driver().(dialect.PoolConfigurer)
	if err := pc.ConfigurePool(dialect.PoolConfig{MaxOpen: 3, MinOpen: 1, MaxLifetime: time.Hour, MaxIdleTime: time.Minute}); err != nil {
		t.Fatal(err)
	}
	p, ok := Pool(db)
	if !ok {
		t.Fatal("Pool: not a postgres pool")
	}
	c := p.Config()
	if c.MaxConns != 3 || c.MinConns != 1 || c.MaxConnLifetime != time.Hour || c.MaxConnIdleTime != time.Minute {
		t.Fatalf("config: %d %d %s %s", c.MaxConns, c.MinConns, c.MaxConnLifetime, c.MaxConnIdleTime)
	}
	if err := pc.ConfigurePool(dialect.PoolConfig{MinOpen: 5}); err == nil {
		t.Fatal("MinOpen above MaxOpen accepted")
	}
	if err := db.PingContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if s := db.Stats(); s.Idle != 0 {
		t.Fatalf("database/sql keeps %d idle connections", s.Idle)
	}
}

// A wrong number of destinations, or one the direct path cannot fill, is
// an error (not a panic), and the connection still goes back to the pool.
func TestNativeScanBadDestinations(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	nq := db.Driver().(dialect.NativeQuerier)
	var a, b any
	var s string
	for _, dest := range [][]any{{&a}, {&a, &b, &b}, {&a, &s}, {&a, nil}} {
		rows, err := nq.QueryNative(ctx, "SELECT 1, 'x'::text", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		if err := rows.Scan(dest...); err == nil {
			t.Errorf("Scan into %d destinations %T: no error", len(dest), dest)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
}
