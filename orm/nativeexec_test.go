package orm_test

import (
	"context"
	"testing"

	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect"
	"github.com/djinn-go/djinn/orm/ormtest"
)

// On a database whose driver runs statements itself (PostgreSQL's pool),
// writes outside transactions do not go through database/sql: it opens
// (and, keeping no idle connection, closes) none for them. Inside a
// transaction they run on the transaction's connection.
func TestWritesOutsideTransactionsSkipDatabaseSQL(t *testing.T) {
	ctx := context.Background()
	reg := orm.NewRegistry()
	must(t, reg.Register("gadgets", PKGadget{}))
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		if _, ok := db.SQL().Driver().(dialect.NativeExecer); !ok {
			t.Skipf("%s runs its statements through database/sql", db.Dialect().Name())
		}
		qs := orm.Objects[PKGadget](db)
		g := PKGadget{Name: "a"}
		must(t, qs.Create(ctx, &g))
		before := db.SQL().Stats()
		for i := range 3 {
			g.Rank = int32(i)
			must(t, orm.Save(ctx, db, &g, "rank"))
			n, err := qs.Filter("pk", g.ID).Update(ctx, map[string]any{"name": "b"})
			if err != nil || n != 1 {
				t.Fatalf("update: %d, %v", n, err)
			}
		}
		after := db.SQL().Stats()
		if after.MaxIdleClosed != before.MaxIdleClosed || after.OpenConnections != 0 {
			t.Fatalf("database/sql ran the writes: %+v then %+v", before, after)
		}
		got, err := qs.GetPK(ctx, g.ID)
		if err != nil || got.Rank != 2 || got.Name != "b" {
			t.Fatalf("after the writes: %+v, %v", got, err)
		}
		must(t, db.Atomic(ctx, func(ctx context.Context) error {
			g.Rank = 9
			return orm.Save(ctx, db, &g, "rank")
		}))
		if got, _ := qs.GetPK(ctx, g.ID); got.Rank != 9 {
			t.Fatalf("in a transaction: %+v", got)
		}
	})
}

// An empty string is a value on every path: filtered on, written and
// matched, as the first argument a fresh connection sends.
func TestEmptyStringIsNotNull(t *testing.T) {
	ctx := context.Background()
	reg := orm.NewRegistry()
	must(t, reg.Register("gadgets", PKGadget{}))
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		qs := orm.Objects[PKGadget](db)
		if n, err := qs.Filter("name", "").Count(ctx); err != nil || n != 0 {
			t.Fatalf("before: %d, %v", n, err)
		}
		g := PKGadget{Name: ""}
		must(t, qs.Create(ctx, &g))
		if n, err := qs.Filter("name", "").Count(ctx); err != nil || n != 1 {
			t.Fatalf("filter on \"\": %d, %v", n, err)
		}
		if n, err := qs.Filter("name", "").Update(ctx, map[string]any{"name": ""}); err != nil || n != 1 {
			t.Fatalf("update to \"\": %d, %v", n, err)
		}
		if n, _, err := qs.Filter("name", "").Delete(ctx); err != nil || n != 1 {
			t.Fatalf("delete where \"\": %d, %v", n, err)
		}
	})
}
