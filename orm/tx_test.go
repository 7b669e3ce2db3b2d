package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm"
)

func TestAtomic(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		count := func() int64 {
			n, err := orm.Objects[Tag](db).Count(ctx)
			must(t, err)
			return n
		}
		boom := errors.New("boom")
		var committed []string
		err := db.Atomic(ctx, func(ctx context.Context) error {
			if !db.InTransaction(ctx) {
				t.Error("no tx in ctx")
			}
			must(t, orm.Save(ctx, db, &Tag{Name: "outer"}))
			db.OnCommit(ctx, func(context.Context) { committed = append(committed, "outer") })
			// A failing inner block rolls back only itself.
			err := db.Atomic(ctx, func(ctx context.Context) error {
				must(t, orm.Save(ctx, db, &Tag{Name: "inner-fail"}))
				db.OnCommit(ctx, func(context.Context) { committed = append(committed, "inner-fail") })
				return boom
			})
			if !errors.Is(err, boom) {
				t.Errorf("inner err = %v", err)
			}
			must(t, db.Atomic(ctx, func(ctx context.Context) error {
				db.OnCommit(ctx, func(context.Context) { committed = append(committed, "inner-ok") })
				return orm.Save(ctx, db, &Tag{Name: "inner-ok"})
			}))
			if len(committed) != 0 {
				t.Error("on_commit ran before commit")
			}
			return nil
		})
		must(t, err)
		if count() != 2 || len(committed) != 2 || committed[0] != "outer" || committed[1] != "inner-ok" {
			t.Fatalf("after commit: %d rows, callbacks %v", count(), committed)
		}
		// An error rolls the whole block back.
		err = db.Atomic(ctx, func(ctx context.Context) error {
			must(t, orm.Save(ctx, db, &Tag{Name: "gone"}))
			db.OnCommit(ctx, func(context.Context) { t.Error("on_commit after rollback") })
			return boom
		})
		if !errors.Is(err, boom) || count() != 2 {
			t.Fatalf("rollback: %v, %d rows", err, count())
		}
		// A panic rolls back and propagates.
		func() {
			defer func() {
				if recover() == nil {
					t.Error("panic swallowed")
				}
			}()
			_ = db.Atomic(ctx, func(ctx context.Context) error {
				must(t, orm.Save(ctx, db, &Tag{Name: "panic"}))
				panic("x")
			})
		}()
		if count() != 2 {
			t.Fatalf("panic not rolled back: %d", count())
		}
		// Without a transaction OnCommit runs at once.
		ran := false
		db.OnCommit(ctx, func(context.Context) { ran = true })
		if !ran {
			t.Fatal("on_commit without tx")
		}
		// Constraint errors inside a savepoint leave the outer tx usable.
		must(t, db.Atomic(ctx, func(ctx context.Context) error {
			err := db.Atomic(ctx, func(ctx context.Context) error {
				return orm.Objects[Tag](db).Create(ctx, &Tag{Name: "outer"})
			})
			if err == nil || !db.Dialect().IsUniqueViolation(err) {
				t.Errorf("duplicate: %v", err)
			}
			return orm.Save(ctx, db, &Tag{Name: "after-error"})
		}))
		if count() != 3 {
			t.Fatalf("after savepoint error: %d", count())
		}
		// Cancellation reaches the database.
		cctx, cancel := context.WithTimeout(ctx, time.Nanosecond)
		defer cancel()
		time.Sleep(time.Millisecond)
		if _, err := orm.Objects[Tag](db).All(cctx); err == nil {
			t.Fatal("expired context did not stop the query")
		}
	})
}

func TestAtomicWithOptions(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		must(t, orm.Save(ctx, db, &Tag{Name: "x"}))
		err := db.AtomicWith(ctx, &sql.TxOptions{ReadOnly: true}, func(ctx context.Context) error {
			if n, err := orm.Objects[Tag](db).Count(ctx); err != nil || n != 1 {
				t.Errorf("read in read-only tx: %d %v", n, err)
			}
			if db.Dialect().Name() != "sqlite" {
				// In a savepoint, so PostgreSQL's aborted state is rolled back.
				if err := db.Atomic(ctx, func(ctx context.Context) error { return orm.Save(ctx, db, &Tag{Name: "y"}) }); err == nil {
					t.Error("write accepted in a read-only transaction")
				}
			}
			return nil
		})
		if db.Dialect().Name() != "sqlite" {
			must(t, err)
		}
		if db.Dialect().Name() == "sqlite" {
			return
		}
		must(t, db.AtomicWith(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}, func(ctx context.Context) error {
			return orm.Save(ctx, db, &Tag{Name: "serializable"})
		}))
	})
}

func TestWriteHelpers(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		tags := []Tag{{Name: "a"}, {Name: "b"}, {Name: "c"}, {ID: 100, Name: "preset"}}
		must(t, orm.Objects[Tag](db).BulkCreate(ctx, tags, orm.BulkOptions{BatchSize: 2}))
		for _, tg := range tags {
			if tg.ID == 0 {
				t.Fatalf("bulk create did not set ids: %+v", tags)
			}
		}
		tags[0].Name, tags[1].Name = "a2", "b2"
		n, err := orm.Objects[Tag](db).BulkUpdate(ctx, tags[:2], "name")
		must(t, err)
		if n != 2 {
			t.Fatalf("bulk update: %d", n)
		}
		m, err := orm.Objects[Tag](db).InBulk(ctx, "", tags[0].ID, tags[1].ID, int64(12345))
		must(t, err)
		if len(m) != 2 || m[tags[0].ID].Name != "a2" {
			t.Fatalf("in_bulk: %+v", m)
		}
		byName, err := orm.Objects[Tag](db).InBulk(ctx, "name", "c", "preset")
		must(t, err)
		if byName["preset"].ID != 100 {
			t.Fatalf("in_bulk by name: %+v", byName)
		}
		must(t, orm.Objects[Tag](db).BulkCreate(ctx, []Tag{{Name: "c"}, {Name: "new"}}, orm.BulkOptions{IgnoreConflicts: true}))
		cnt, _ := orm.Objects[Tag](db).Count(ctx)
		if cnt != 5 {
			t.Fatalf("ignore conflicts: %d", cnt)
		}
		c, created, err := orm.Objects[Counter](db).GetOrCreate(ctx, orm.Q{"name": "hits"}, map[string]any{"value": 5})
		must(t, err)
		if !created || c.Value != 5 || c.ID == 0 {
			t.Fatalf("get_or_create create: %+v %v", c, created)
		}
		c2, created, err := orm.Objects[Counter](db).GetOrCreate(ctx, orm.Q{"name": "hits"}, map[string]any{"value": 9})
		must(t, err)
		if created || c2.ID != c.ID || c2.Value != 5 {
			t.Fatalf("get_or_create get: %+v %v", c2, created)
		}
		c3, created, err := orm.Objects[Counter](db).UpdateOrCreate(ctx, orm.Q{"name": "hits"}, map[string]any{"value": 7})
		must(t, err)
		if created || c3.Value != 7 {
			t.Fatalf("update_or_create update: %+v", c3)
		}
		c4, created, err := orm.Objects[Counter](db).UpdateOrCreate(ctx, orm.Q{"name": "misses"}, map[string]any{"value": 1})
		must(t, err)
		if !created || c4.Value != 1 {
			t.Fatalf("update_or_create create: %+v", c4)
		}
		c5, created, err := orm.Objects[Counter](db).UpdateOrCreateWith(ctx, orm.Q{"name": "new"}, map[string]any{"value": 2}, map[string]any{"value": 50})
		must(t, err)
		if !created || c5.Value != 50 {
			t.Fatalf("create_defaults: %+v", c5)
		}
		c5, created, err = orm.Objects[Counter](db).UpdateOrCreateWith(ctx, orm.Q{"name": "new"}, map[string]any{"value": 2}, map[string]any{"value": 50})
		must(t, err)
		if created || c5.Value != 2 {
			t.Fatalf("create_defaults update: %+v", c5)
		}
		_, _, err = orm.Objects[Counter](db).Filter("name", "new").Delete(ctx)
		must(t, err)
		// Upsert: conflicts on the unique name update the value.
		cs := []Counter{{Name: "hits", Value: 100}, {Name: "fresh", Value: 1}}
		must(t, orm.Objects[Counter](db).BulkCreate(ctx, cs, orm.BulkOptions{UpdateConflicts: true, UniqueFields: []string{"name"}, UpdateFields: []string{"value"}}))
		hits, err := orm.Objects[Counter](db).Get(ctx, orm.Q{"name": "hits"})
		must(t, err)
		if hits.Value != 100 || hits.ID != c.ID {
			t.Fatalf("upsert: %+v (was %+v)", hits, c)
		}
		if db.Dialect().Name() != "mysql" && (cs[0].ID != c.ID || cs[1].ID == 0) {
			t.Fatalf("upsert ids: %+v", cs)
		}
		if cnt, _ := orm.Objects[Counter](db).Count(ctx); cnt != 3 {
			t.Fatalf("upsert count: %d", cnt)
		}
		err = orm.Objects[Counter](db).BulkCreate(ctx, cs, orm.BulkOptions{UpdateConflicts: true, UniqueFields: []string{"name"}, UpdateFields: []string{"nope"}})
		if !errors.Is(err, orm.ErrInvalidQuery) {
			t.Fatalf("upsert bad field: %v", err)
		}
		// Union / intersection / difference.
		ab := orm.Objects[Tag](db).Filter("name__in", []string{"a2", "b2"})
		bc := orm.Objects[Tag](db).Filter("name__in", []string{"b2", "c"})
		u, err := ab.Union(bc).OrderBy("name").All(ctx)
		must(t, err)
		i, err := ab.Intersection(bc).All(ctx)
		must(t, err)
		d, err := ab.Difference(bc).All(ctx)
		must(t, err)
		ua, err := ab.UnionAll(bc).Count(ctx)
		must(t, err)
		if len(u) != 3 || u[0].Name != "a2" || len(i) != 1 || i[0].Name != "b2" || len(d) != 1 || d[0].Name != "a2" || ua != 4 {
			t.Fatalf("compound: %v %v %v %d", u, i, d, ua)
		}
		// Only/Defer leave other fields at their zero values.
		only, err := orm.Objects[Tag](db).Only("id").Filter("name", "c").Get(ctx)
		must(t, err)
		if only.Name != "" || only.ID == 0 {
			t.Fatalf("only: %+v", only)
		}
		def, err := orm.Objects[Author](db).Defer("email").All(ctx)
		must(t, err)
		_ = def
		// Raw SQL mapped to the model.
		raw, err := orm.Raw[Tag](ctx, db, "SELECT id, name FROM shop_tag WHERE name = ?", "c")
		if err == nil {
			t.Fatalf("raw on wrong table should fail: %v", raw)
		}
		raw, err = orm.Raw[Tag](ctx, db, "SELECT id, name FROM polls_tag WHERE name = ? ORDER BY id", "c")
		must(t, err)
		if len(raw) != 1 || raw[0].Name != "c" {
			t.Fatalf("raw: %+v", raw)
		}
		plan, err := orm.Objects[Tag](db).Filter("name", "c").Explain(ctx)
		must(t, err)
		if plan == "" {
			t.Fatal("explain empty")
		}
		// Update refuses unknown fields before running anything.
		_, err = orm.Objects[Tag](db).Update(ctx, map[string]any{"nope": 1})
		if !errors.Is(err, orm.ErrInvalidQuery) {
			t.Fatalf("update unknown field: %v", err)
		}
	})
}

// TestBulkUpdateTypedColumns updates integer and text columns together: on
// PostgreSQL the CASE must be cast to the column's type (its parameters
// are otherwise typed as text and the UPDATE fails).
func TestBulkUpdateTypedColumns(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		cs := []Counter{{Name: "a", Value: 1}, {Name: "b", Value: 2}}
		must(t, orm.Objects[Counter](db).BulkCreate(ctx, cs, orm.BulkOptions{}))
		cs[0].Value, cs[1].Value = 300, 400
		cs[0].Name = "a2"
		n, err := orm.Objects[Counter](db).BulkUpdate(ctx, cs, "value", "name")
		must(t, err)
		if n != 2 {
			t.Fatalf("bulk update matched %d rows", n)
		}
		got, err := orm.Objects[Counter](db).OrderBy("value").All(ctx)
		must(t, err)
		if len(got) != 2 || got[0].Value != 300 || got[0].Name != "a2" || got[1].Value != 400 {
			t.Fatalf("after bulk update: %+v", got)
		}
	})
}

// TestBulkUpdateOneBatchNoTransaction checks that a BulkUpdate fitting in
// one statement is not wrapped in a transaction (BEGIN and COMMIT would be
// two more round trips for a statement atomic by itself), and that one
// spanning several batches is.
func TestBulkUpdateOneBatchNoTransaction(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		var updates, inTx int
		odb := db.WithObserver(orm.ObserverFunc(func(ctx context.Context, e orm.QueryEvent) {
			if strings.HasPrefix(e.SQL, "UPDATE") {
				updates++
				if db.InTransaction(ctx) {
					inTx++
				}
			}
		}))
		cs := []Counter{{Name: "a", Value: 1}, {Name: "b", Value: 2}}
		must(t, orm.Objects[Counter](odb).BulkCreate(ctx, cs, orm.BulkOptions{}))
		cs[0].Value, cs[1].Value = 5, 6
		if _, err := orm.Objects[Counter](odb).BulkUpdate(ctx, cs, "value"); err != nil {
			t.Fatal(err)
		}
		if updates != 1 || inTx != 0 {
			t.Fatalf("one batch: %d UPDATEs, %d in a transaction; want 1 outside any", updates, inTx)
		}
		// Enough rows for two batches on every dialect.
		many := make([]Counter, 0, 1200)
		for i := range 1200 {
			many = append(many, Counter{Name: "m" + strconv.Itoa(i), Value: int64(i)})
		}
		must(t, orm.Objects[Counter](odb).BulkCreate(ctx, many, orm.BulkOptions{}))
		got, err := orm.Objects[Counter](odb).Filter("name__startswith", "m").All(ctx)
		must(t, err)
		for i := range got {
			got[i].Value = -got[i].Value
		}
		updates, inTx = 0, 0
		n, err := orm.Objects[Counter](odb).BulkUpdate(ctx, got, "value")
		must(t, err)
		if n != int64(len(got)) || updates < 2 || inTx != updates {
			t.Fatalf("several batches: %d rows, %d UPDATEs, %d in a transaction", n, updates, inTx)
		}
	})
}

// TestBulkUpdateStatementReused: a BulkUpdate of the same fields and
// batch size runs the same statement (built once, its arguments placed by
// the plan), each time with that call's values, on every dialect; another
// order of the fields or another batch size is a statement of its own.
func TestBulkUpdateStatementReused(t *testing.T) {
	ctx := context.Background()
	run(t, func(t *testing.T, db *orm.DB) {
		var sqls []string
		odb := db.WithObserver(orm.ObserverFunc(func(ctx context.Context, e orm.QueryEvent) {
			if strings.HasPrefix(e.SQL, "UPDATE") {
				sqls = append(sqls, e.SQL)
			}
		}))
		qs := orm.Objects[Counter](odb)
		cs := make([]Counter, 5)
		for i := range cs {
			cs[i] = Counter{Name: "r" + strconv.Itoa(i), Value: int64(i)}
		}
		must(t, qs.BulkCreate(ctx, cs, orm.BulkOptions{}))
		all, err := qs.OrderBy("name").All(ctx)
		must(t, err)
		set := func(rows []int, name string, value int64, fields []string) []Counter {
			out := make([]Counter, len(rows))
			for k, i := range rows {
				out[k] = all[i]
				out[k].Name, out[k].Value = name+strconv.Itoa(i), value+int64(i)
				if slices.Contains(fields, "name") {
					all[i].Name = out[k].Name
				}
				all[i].Value = out[k].Value
			}
			return out
		}
		for _, step := range []struct {
			rows   []int
			fields []string
		}{
			{[]int{0, 1, 2}, []string{"value", "name"}},
			{[]int{4, 2, 3}, []string{"value", "name"}}, // same statement, other rows
			{[]int{1, 0}, []string{"name", "value"}},
			{[]int{3}, []string{"value"}},
		} {
			n, err := qs.BulkUpdate(ctx, set(step.rows, "s"+strconv.Itoa(len(sqls)), int64(100*len(sqls)), step.fields), step.fields...)
			if err != nil || n != int64(len(step.rows)) {
				t.Fatalf("%v %v: %d, %v", step.rows, step.fields, n, err)
			}
			got, err := qs.OrderBy("pk").All(ctx)
			must(t, err)
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b Counter) int { return int(a.ID - b.ID) })
			if !slices.Equal(got, want) {
				t.Fatalf("after %v %v:\n got %+v\nwant %+v", step.rows, step.fields, got, want)
			}
		}
		if len(sqls) != 4 || sqls[0] != sqls[1] || sqls[1] == sqls[2] || sqls[2] == sqls[3] {
			t.Fatalf("statements:\n%s", strings.Join(sqls, "\n"))
		}
	})
}
