package postgres

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/orm/dialect"
)

func openTest(t *testing.T) *sql.DB { return openTestWith(t, "") }

// openTestWith opens the test database with extra URL parameters.
func openTestWith(t *testing.T, params string) *sql.DB {
	t.Helper()
	raw := os.Getenv("DJINN_TEST_POSTGRES")
	if raw == "" {
		t.Skip("DJINN_TEST_POSTGRES not set")
	}
	if params != "" {
		if strings.Contains(raw, "?") {
			raw += "&" + params
		} else {
			raw += "?" + params
		}
	}
	u, err := dialect.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	db, err := New().Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Statements are cached per connection; a schema change made elsewhere
// makes a cached plan stale, and the adapter retries it once (outside
// transactions), while DDL on the same connection clears its cache.
func TestStalePlanRetried(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	a.SetMaxOpenConns(1)
	if _, err := b.ExecContext(ctx, `DROP TABLE IF EXISTS djinn_stale; CREATE TABLE djinn_stale (v integer)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.ExecContext(context.Background(), `DROP TABLE IF EXISTS djinn_stale`) })
	if _, err := b.ExecContext(ctx, `INSERT INTO djinn_stale VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	read := func(db *sql.DB) any {
		t.Helper()
		var v any
		if err := db.QueryRowContext(ctx, `SELECT v FROM djinn_stale WHERE v = $1 OR $1 IS NULL`, 7).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := read(a); v != int64(7) {
		t.Fatalf("before: %#v", v)
	}
	if _, err := b.ExecContext(ctx, `ALTER TABLE djinn_stale ALTER COLUMN v TYPE bigint`); err != nil {
		t.Fatal(err)
	}
	if v := read(a); v != int64(7) { // stale on a: retried
		t.Fatalf("after another client's change: %#v", v)
	}
	if _, err := a.ExecContext(ctx, `ALTER TABLE djinn_stale ALTER COLUMN v TYPE text`); err != nil {
		t.Fatal(err)
	}
	tx, err := a.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var v any
	if err := tx.QueryRowContext(ctx, `SELECT v FROM djinn_stale WHERE v = $1 OR $1 IS NULL`, "7").Scan(&v); err != nil || v != "7" {
		t.Fatalf("in a transaction after own DDL: %#v, %v", v, err)
	}
}

// The direct path retries a statement made stale by another client's
// schema change, as the adapter does.
func TestStalePlanRetriedNative(t *testing.T) {
	ctx := context.Background()
	a, b := openTest(t), openTest(t)
	if err := a.Driver().(dialect.PoolConfigurer).ConfigurePool(dialect.PoolConfig{MaxOpen: 1}); err != nil {
		t.Fatal(err)
	}
	nq := a.Driver().(dialect.NativeQuerier)
	if _, err := b.ExecContext(ctx, `DROP TABLE IF EXISTS djinn_stale_n; CREATE TABLE djinn_stale_n (v integer)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.ExecContext(context.Background(), `DROP TABLE IF EXISTS djinn_stale_n`) })
	if _, err := b.ExecContext(ctx, `INSERT INTO djinn_stale_n VALUES (7)`); err != nil {
		t.Fatal(err)
	}
	read := func() any {
		t.Helper()
		rows, err := nq.QueryNative(ctx, `SELECT v FROM djinn_stale_n WHERE v = $1`, []any{7})
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var v any
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := read(); v != int64(7) {
		t.Fatalf("before: %#v", v)
	}
	if _, err := b.ExecContext(ctx, `ALTER TABLE djinn_stale_n ALTER COLUMN v TYPE bigint`); err != nil {
		t.Fatal(err)
	}
	if v := read(); v != int64(7) {
		t.Fatalf("after another client's change: %#v", v)
	}
}
