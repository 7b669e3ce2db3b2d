package postgres

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm/dialect"
)

// nativeRead runs q through QueryNative and returns its rows' values.
func nativeRead(t *testing.T, db *sql.DB, q string, args ...any) ([][]any, error) {
	t.Helper()
	rows, err := db.Driver().(dialect.NativeQuerier).QueryNative(context.Background(), q, args)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// adapterRead runs q through database/sql (pgx's own encoding).
func adapterRead(t *testing.T, db *sql.DB, q string, args ...any) ([][]any, error) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// collect reads every row of rows, each column as an any, and closes it.
func collect(rows interface {
	Next() bool
	Columns() ([]string, error)
	Scan(dest ...any) error
	Err() error
	Close() error
}) ([][]any, error) {
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, rows.Close()
}

// preparedByDirect counts the statements the direct path has prepared on
// the one connection of db (a pool of one).
func preparedByDirect(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int64
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'djinn\_%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func onePool(t *testing.T, params string) *sql.DB {
	t.Helper()
	db := openTestWith(t, params)
	if err := db.Driver().(dialect.PoolConfigurer).ConfigurePool(dialect.PoolConfig{MaxOpen: 1}); err != nil {
		t.Fatal(err)
	}
	return db
}

// Every argument reaches PostgreSQL as pgx would send it: the same rows
// or an error where pgx gives one, whether the direct path encodes the
// argument or leaves it to pgx.
func TestDirectArgumentsMatchPgx(t *testing.T) {
	db := onePool(t, "")
	ts := time.Date(2026, 3, 5, 14, 7, 9, 123456000, time.UTC)
	cases := []struct {
		typ string
		arg any
	}{
		{"int2", int64(-32768)}, {"int2", int64(32767)}, {"int2", int64(32768)}, {"int2", 7},
		{"int4", int64(math.MinInt32)}, {"int4", int64(math.MaxInt32)}, {"int4", int64(math.MaxInt32) + 1}, {"int4", int32(-5)}, {"int4", 300},
		{"int8", int64(math.MinInt64)}, {"int8", int64(math.MaxInt64)}, {"int8", -1},
		{"numeric", int64(12)}, {"float8", int64(3)}, {"text", int64(3)},
		{"text", "héllo ✓"}, {"text", ""}, {"varchar", "x'y"}, {"bpchar", "ab"}, {"name", "tbl"},
		{"uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, {"uuid", "not-a-uuid"},
		{"jsonb", `{"b": [1, 2.50], "a": "x"}`}, {"json", `{"b": 1,  "a": 2}`}, {"jsonb", `{bad`},
		{"int4", "12"}, {"bytea", "\\x00ff"}, {"date", "2026-03-05"},
		{"bool", true}, {"bool", false}, {"int4", true},
		{"float8", 0.1}, {"float8", math.Inf(-1)}, {"float8", math.NaN()}, {"float4", 1.1}, {"numeric", 2.5},
		{"bytea", []byte{0, 0xff, '\\', 'x'}}, {"bytea", []byte{}}, {"bytea", []byte(nil)}, {"text", []byte("x")},
		{"int4", nil}, {"text", nil},
		{"timestamptz", ts}, {"timestamp", ts}, {"date", ts},
		{"int8", uint64(1 << 63)}, {"int4", int16(3)},
	}
	for _, c := range cases {
		q := fmt.Sprintf("SELECT $1::%s IS NULL, $1::%[1]s::text", c.typ)
		want, werr := adapterRead(t, db, q, c.arg)
		got, gerr := nativeRead(t, db, q, c.arg)
		if (werr == nil) != (gerr == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%T %#v as %s: direct %#v, %v; pgx %#v, %v", c.arg, c.arg, c.typ, got, gerr, want, werr)
		}
	}
	// Several parameters, NULLs among them, each in its own place.
	q := `SELECT $1::int4, $2::text, $3::int8, $4::bytea, $5::bool, $6::text`
	args := []any{int64(1), nil, int64(-3), []byte("ab"), true, "z"}
	want, werr := adapterRead(t, db, q, args...)
	got, gerr := nativeRead(t, db, q, args...)
	if werr != nil || gerr != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("several parameters: direct %#v, %v; pgx %#v, %v", got, gerr, want, werr)
	}
	if n := preparedByDirect(t, db); n == 0 {
		t.Error("the direct path prepared no statement: the reads went through pgx")
	}
}

// An empty string or byte slice is a value, not NULL, also as the first
// argument a connection's direct path ever encodes, and on the write path.
func TestDirectEmptyValuesAreNotNull(t *testing.T) {
	ctx := context.Background()
	for _, arg := range []any{"", []byte{}} {
		db := onePool(t, "")
		typ := "text"
		if _, ok := arg.([]byte); ok {
			typ = "bytea"
		}
		rows, err := nativeRead(t, db, fmt.Sprintf(`SELECT $1::%s IS NULL, length($1::%[1]s)`, typ), arg)
		if err != nil || len(rows) != 1 || rows[0][0] != false || rows[0][1] != int64(0) {
			t.Fatalf("%#v as the first argument: %#v, %v", arg, rows, err)
		}
		db = onePool(t, "")
		ne := db.Driver().(dialect.NativeExecer)
		if _, err := ne.ExecNative(ctx, fmt.Sprintf(`CREATE TEMPORARY TABLE djinn_empty (v %s NOT NULL)`, typ), nil); err != nil {
			t.Fatal(err)
		}
		if n, err := ne.ExecNative(ctx, `INSERT INTO djinn_empty VALUES ($1)`, []any{arg}); err != nil || n != 1 {
			t.Fatalf("%#v into a NOT NULL column: %d, %v", arg, n, err)
		}
	}
}

// A statement whose arguments the direct path cannot encode is left to
// pgx on that connection: one prepared statement for it, pgx's.
func TestDirectLeavesUnencodableToPgx(t *testing.T) {
	db := onePool(t, "")
	q := `SELECT $1::timestamptz IS NULL`
	for range 3 {
		rows, err := nativeRead(t, db, q, time.Now())
		if err != nil || len(rows) != 1 || rows[0][0] != false {
			t.Fatalf("%#v, %v", rows, err)
		}
	}
	var n int64
	if err := db.QueryRowContext(context.Background(), `SELECT count(*) FROM pg_prepared_statements WHERE statement = $1`, q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 || preparedByDirect(t, db) != 0 {
		t.Fatalf("%d prepared statements for the query, %d of the direct path; want pgx's only", n, preparedByDirect(t, db))
	}
}

// With statements not cached (PgBouncer's transaction mode), the direct
// path prepares nothing.
func TestDirectOffWithoutStatementCache(t *testing.T) {
	for _, mode := range []string{"exec", "simple_protocol", "describe_exec"} {
		db := onePool(t, "default_query_exec_mode="+mode)
		rows, err := nativeRead(t, db, `SELECT $1::int4 + 1`, int64(41))
		if err != nil || len(rows) != 1 || rows[0][0] != int64(42) {
			t.Fatalf("%s: %#v, %v", mode, rows, err)
		}
		ne := db.Driver().(dialect.NativeExecer)
		if _, err := ne.ExecNative(context.Background(), `CREATE TEMPORARY TABLE djinn_modes (v int)`, nil); err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if n, err := ne.ExecNative(context.Background(), `INSERT INTO djinn_modes SELECT generate_series(1, $1::int4)`, []any{int64(3)}); err != nil || n != 3 {
			t.Fatalf("%s: insert: %d, %v", mode, n, err)
		}
		if n := preparedByDirect(t, db); n != 0 {
			t.Errorf("%s: %d statements prepared by the direct path", mode, n)
		}
	}
}

// A connection keeps at most maxDirectStatements of the direct path's
// statements; the oldest go first, and every query still answers.
func TestDirectStatementsBounded(t *testing.T) {
	db := onePool(t, "")
	for i := range maxDirectStatements + 20 {
		rows, err := nativeRead(t, db, fmt.Sprintf(`SELECT $1::int4 + %d`, i), int64(1))
		if err != nil || len(rows) != 1 || rows[0][0] != int64(i+1) {
			t.Fatalf("query %d: %#v, %v", i, rows, err)
		}
	}
	if n := preparedByDirect(t, db); n != maxDirectStatements {
		t.Fatalf("%d statements prepared, want %d", n, maxDirectStatements)
	}
	// The first ones were evicted and are prepared again when asked for.
	rows, err := nativeRead(t, db, `SELECT $1::int4 + 0`, int64(5))
	if err != nil || rows[0][0] != int64(5) {
		t.Fatalf("evicted statement again: %#v, %v", rows, err)
	}
}

// Statements the server dropped behind the direct path's back (DEALLOCATE
// ALL, and the adapter's own after DDL) are prepared again.
func TestDirectAfterDeallocate(t *testing.T) {
	db := onePool(t, "")
	ctx := context.Background()
	read := func(what string) {
		t.Helper()
		rows, err := nativeRead(t, db, `SELECT $1::text || 'x'`, "a")
		if err != nil || len(rows) != 1 || rows[0][0] != "ax" {
			t.Fatalf("%s: %#v, %v", what, rows, err)
		}
	}
	read("first")
	if _, err := db.ExecContext(ctx, `DEALLOCATE ALL`); err != nil {
		t.Fatal(err)
	}
	read("after DEALLOCATE ALL")
	if _, err := db.ExecContext(ctx, `CREATE TEMPORARY TABLE djinn_direct_ddl (v int)`); err != nil {
		t.Fatal(err)
	}
	read("after DDL through the adapter")
	if n := preparedByDirect(t, db); n != 1 {
		t.Fatalf("%d statements prepared, want 1", n)
	}
}

// A statement that does not prepare reports pgx's error and leaves the
// connection usable; an error while running is returned as is.
func TestDirectErrors(t *testing.T) {
	db := onePool(t, "")
	if _, err := nativeRead(t, db, `SELEC 1`); err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Fatalf("syntax error: %v", err)
	}
	if _, err := nativeRead(t, db, `SELECT 1 / $1::int4`, int64(0)); err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Fatalf("division by zero: %v", err)
	}
	if _, err := nativeRead(t, db, `SELECT $1::int4`, int64(1), int64(2)); err == nil {
		t.Fatal("two arguments for one parameter: no error")
	}
	rows, err := nativeRead(t, db, `SELECT generate_series(1, $1::int4)`, int64(3))
	if err != nil || len(rows) != 3 || rows[2][0] != int64(3) {
		t.Fatalf("after the errors: %#v, %v", rows, err)
	}
	// An error after the first row reaches Err.
	r, err := db.Driver().(dialect.NativeQuerier).QueryNative(context.Background(), `SELECT 10 / (2 - x) FROM generate_series(1, 3) x`, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r.Next() {
		n++
	}
	if err := r.Err(); n != 1 || err == nil || !strings.Contains(err.Error(), "division by zero") {
		t.Fatalf("%d rows, Err %v", n, err)
	}
	if err := r.Close(); err == nil {
		t.Fatal("Close lost the error")
	}
}

// encode puts each argument where its parameter is, in PostgreSQL's
// binary or text form, for any values.
func FuzzDirectEncode(f *testing.F) {
	f.Add(int64(-1), "héllo", true, 0.5, []byte{0, 1}, uint8(0))
	f.Add(int64(math.MaxInt32)+1, "", false, math.Inf(1), []byte(nil), uint8(7))
	f.Add(int64(0), "", false, 0.0, []byte{}, uint8(0b0110111)) // only empty values: not NULL
	f.Fuzz(func(t *testing.T, n int64, s string, b bool, x float64, raw []byte, nulls uint8) {
		oids := []uint32{oidInt8, oidInt4, oidInt2, oidText, oidBool, oidFloat8, oidBytea}
		args := []any{n, n, n, s, b, x, raw}
		for i := range args {
			if nulls&(1<<i) != 0 {
				args[i] = nil
			}
		}
		var st stmtState
		ok := st.encode(oids, args)
		fits4 := n >= math.MinInt32 && n <= math.MaxInt32
		fits2 := n >= math.MinInt16 && n <= math.MaxInt16
		if want := (args[1] == nil || fits4) && (args[2] == nil || fits2); ok != want {
			t.Fatalf("encode = %v for %d", ok, n)
		}
		if !ok {
			return
		}
		if len(st.params) != len(args) || len(st.formats) != len(args) {
			t.Fatalf("%d params, %d formats", len(st.params), len(st.formats))
		}
		for i, a := range args {
			p := st.params[i]
			if a == nil || (i == 6 && raw == nil) {
				if p != nil {
					t.Fatalf("param %d: %q for NULL", i, p)
				}
				continue
			}
			if p == nil {
				t.Fatalf("param %d: NULL for %#v", i, a)
			}
			var good bool
			switch i {
			case 0:
				good = len(p) == 8 && int64(binary.BigEndian.Uint64(p)) == n
			case 1:
				good = len(p) == 4 && int64(int32(binary.BigEndian.Uint32(p))) == n
			case 2:
				good = len(p) == 2 && int64(int16(binary.BigEndian.Uint16(p))) == n
			case 3:
				good = string(p) == s && st.formats[i] == 0
			case 4:
				good = len(p) == 1 && (p[0] == 1) == b
			case 5:
				good = len(p) == 8 && math.Float64bits(x) == binary.BigEndian.Uint64(p)
			case 6:
				good = bytes.Equal(p, raw)
			}
			if !good {
				t.Fatalf("param %d = %q for %#v", i, p, a)
			}
		}
	})
}

// ExecNative runs statements as the adapter's ExecContext does: the rows
// affected, several statements in one string without arguments, a stale
// plan retried, the connection's statements dropped after DDL, errors
// returned.
func TestExecNative(t *testing.T) {
	ctx := context.Background()
	db := onePool(t, "")
	ne := db.Driver().(dialect.NativeExecer)
	other := openTest(t)
	if _, err := ne.ExecNative(ctx, `DROP TABLE IF EXISTS djinn_exec_n; CREATE TABLE djinn_exec_n (id int PRIMARY KEY, v int)`, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.ExecContext(context.Background(), `DROP TABLE IF EXISTS djinn_exec_n`) })
	n, err := ne.ExecNative(ctx, `INSERT INTO djinn_exec_n SELECT g, g FROM generate_series(1, $1::int4) g`, []any{int64(5)})
	if err != nil || n != 5 {
		t.Fatalf("insert: %d, %v", n, err)
	}
	update := func(what string) {
		t.Helper()
		n, err := ne.ExecNative(ctx, `UPDATE djinn_exec_n SET v = v + $1 WHERE id <= $2`, []any{int64(10), int64(3)})
		if err != nil || n != 3 {
			t.Fatalf("%s: %d, %v", what, n, err)
		}
	}
	update("update")
	if preparedByDirect(t, db) == 0 {
		t.Error("the update did not take the direct path")
	}
	// Another client changes the column's type: the cached plan is stale.
	if _, err := other.ExecContext(ctx, `ALTER TABLE djinn_exec_n ALTER COLUMN v TYPE bigint`); err != nil {
		t.Fatal(err)
	}
	update("after another client's DDL")
	// DDL on this connection drops its statements.
	if _, err := ne.ExecNative(ctx, `ALTER TABLE djinn_exec_n ADD COLUMN w int`, nil); err != nil {
		t.Fatal(err)
	}
	if n := preparedByDirect(t, db); n != 0 {
		t.Errorf("after DDL: %d statements still prepared", n)
	}
	update("after own DDL")
	rows, err := nativeRead(t, db, `SELECT sum(v)::int8 FROM djinn_exec_n WHERE id <= $1`, int64(5))
	if err != nil || rows[0][0] != int64(1+2+3+4+5+90) {
		t.Fatalf("sum: %#v, %v", rows, err)
	}
	if _, err := ne.ExecNative(ctx, `INSERT INTO djinn_exec_n (id, v) VALUES ($1, $2)`, []any{int64(1), int64(0)}); err == nil || !strings.Contains(err.Error(), "duplicate key") {
		t.Fatalf("duplicate key: %v", err)
	}
	if _, err := ne.ExecNative(ctx, `UPDATE djinn_exec_n SET v = $1`, []any{time.Now()}); err == nil {
		t.Fatal("a time into an integer column: no error")
	}
	if n, err := ne.ExecNative(ctx, `DELETE FROM djinn_exec_n WHERE id = $1`, []any{int64(2)}); err != nil || n != 1 {
		t.Fatalf("delete: %d, %v", n, err)
	}
}
