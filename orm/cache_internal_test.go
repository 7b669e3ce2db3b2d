package orm

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/orm/dialect/sqlite"
)

type cacheRow struct {
	ID   int64
	Name string `djinn:"max_length=20"`
}

// cacheDB opens a SQLite database with cacheRow registered (its table is
// the caller's to create).
func cacheDB(t *testing.T) (*DB, *Registry) {
	t.Helper()
	reg := NewRegistry()
	if err := reg.Register("c", cacheRow{}); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), "sqlite:///"+filepath.Join(t.TempDir(), "c.db"), reg, sqlite.New())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, reg
}

// The cache holds one entry per shape: values are not part of the key,
// and shapes outside the cached subset are remembered as such.
func TestSelectCacheKeysByShape(t *testing.T) {
	ctx := context.Background()
	db, _ := cacheDB(t)
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE c_cacherow (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	entries := func() (ok, not int) {
		db.cache.mu.RLock()
		defer db.cache.mu.RUnlock()
		for _, e := range db.cache.m {
			if e.ok {
				ok++
			} else {
				not++
			}
		}
		return
	}
	for i := range 5 {
		if _, err := Objects[cacheRow](db).Filter("id__gte", i).OrderBy("id").All(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := Objects[cacheRow](db).Filter("name__icontains", "x").All(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if ok, not := entries(); ok != 1 || not != 1 {
		t.Fatalf("after two shapes: %d cached, %d uncacheable; want 1, 1", ok, not)
	}
	if _, err := Objects[cacheRow](db).Filter("id__gte", int32(1)).OrderBy("-id").All(ctx); err != nil {
		t.Fatal(err)
	}
	if ok, _ := entries(); ok != 2 {
		t.Fatalf("another ordering is another shape: %d cached", ok)
	}
	// A one-table query of the cached subset names its columns unqualified.
	lctx, log := WithQueryLog(ctx)
	if _, err := Objects[cacheRow](db).Filter("name", "x").OrderBy("-id").All(lctx); err != nil {
		t.Fatal(err)
	}
	if q := log.Queries()[0].SQL; strings.Contains(q, `"c_cacherow".`) || !strings.Contains(q, `WHERE "name" = ?`) {
		t.Fatalf("sql: %s", q)
	}
	// Single-row INSERTs are built once per model and primary-key mode.
	for _, r := range []cacheRow{{Name: "a"}, {Name: "b"}, {ID: 100, Name: "c"}, {ID: 101, Name: "d"}} {
		if err := Save(ctx, db, &r); err != nil || r.ID == 0 {
			t.Fatalf("save %+v: %v", r, err)
		}
	}
	n := 0
	db.cache.inserts.Range(func(any, any) bool { n++; return true })
	if n != 2 {
		t.Fatalf("%d cached inserts, want 2 (auto and explicit pk)", n)
	}
	if got, err := Objects[cacheRow](db).OrderBy("id").Values(ctx, "id", "name"); err != nil || len(got) != 4 || got[2]["id"] != int64(100) || got[3]["name"] != "d" {
		t.Fatalf("inserted rows: %v, %v", got, err)
	}
	var vb [8]any
	k1, _, ok1 := shape(nil, Objects[cacheRow](db).Filter("id", 1).q, nil, false, vb[:0])
	k2, _, ok2 := shape(nil, Objects[cacheRow](db).Filter("id", 2).q, nil, false, vb[:0])
	k3, _, ok3 := shape(nil, Objects[cacheRow](db).Filter("id", "2").q, nil, false, vb[:0])
	_, _, ok4 := shape(nil, Objects[cacheRow](db).Filter("id", F("id")).q, nil, false, vb[:0])
	if !ok1 || !ok2 || !ok3 || string(k1) != string(k2) || string(k1) == string(k3) || ok4 {
		t.Fatalf("shape keys: %v %v %v %v, same values %v, same types %v", ok1, ok2, ok3, ok4, string(k1) == string(k2), string(k1) == string(k3))
	}
}

// FuzzSelectCache runs user-shaped filters twice (compiled, then from the
// cache when cacheable) and checks both runs agree.
func FuzzSelectCache(f *testing.F) {
	for _, s := range [][3]string{{"id__gte", "1", "id"}, {"name", "x", "-name"}, {"pk__lt", "9", "?"}, {"name__in", "a", "id"}, {"id", "abc", "nope"}} {
		f.Add(s[0], s[1], s[2], int64(3))
	}
	ctx := context.Background()
	reg := NewRegistry()
	if err := reg.Register("c", cacheRow{}); err != nil {
		f.Fatal(err)
	}
	db, err := Open(ctx, "sqlite:///"+filepath.Join(f.TempDir(), "f.db"), reg, sqlite.New())
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE c_cacherow (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO c_cacherow (name) VALUES ('a'), ('x'), ('b')`); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lookup, value, order string, n int64) {
		if order == "?" {
			return // random order: runs differ by design
		}
		run := func() (string, error) {
			rows, err := Objects[cacheRow](db).Filter(lookup, value).Filter("id__gte", n%5).OrderBy(order, "id").All(ctx)
			var b strings.Builder
			for _, r := range rows {
				b.WriteString(r.Name)
			}
			return b.String(), err
		}
		a, errA := run()
		b, errB := run()
		if a != b || (errA == nil) != (errB == nil) {
			t.Fatalf("runs differ: %q %v / %q %v", a, errA, b, errB)
		}
		c, errC := Objects[cacheRow](db).Filter(lookup, value).Filter("id__gte", n%5).Get(ctx)
		d, errD := Objects[cacheRow](db).Filter(lookup, value).Filter("id__gte", n%5).Get(ctx)
		if c != d || (errC == nil) != (errD == nil) {
			t.Fatalf("gets differ: %v %v / %v %v", c, errC, d, errD)
		}
	})
}

// GetPK keeps Get's compiled SELECT per model and key type after its first
// call, and later calls go straight to it (no shape, no filter map).
func TestGetPKCompiledOnce(t *testing.T) {
	ctx := context.Background()
	db, reg := cacheDB(t)
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE c_cacherow (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO c_cacherow VALUES (300, 'x')`); err != nil {
		t.Fatal(err)
	}
	m, err := ModelFor[cacheRow](reg)
	if err != nil {
		t.Fatal(err)
	}
	qs := Objects[cacheRow](db)
	if db.cache.pkGet(m, typeCode(int32(0))) != nil {
		t.Fatal("compiled before the first call")
	}
	if _, err := qs.GetPK(ctx, int32(300)); err != nil {
		t.Fatal(err)
	}
	if db.cache.pkGet(m, typeCode(int32(0))) == nil || db.cache.pkGet(m, typeCode(int64(0))) != nil {
		t.Fatal("want GetPK's SELECT kept for int32 keys only")
	}
	if _, err := qs.Filter("name", "x").GetPK(ctx, int64(300)); err != nil {
		t.Fatal(err)
	}
	if db.cache.pkGet(m, typeCode(int64(0))) != nil {
		t.Fatal("a filtered QuerySet's Get kept as GetPK's")
	}
	get := testing.AllocsPerRun(50, func() { _, _ = qs.Get(ctx, Q{"pk": int32(300)}) })
	getPK := testing.AllocsPerRun(50, func() { _, _ = qs.GetPK(ctx, int32(300)) })
	if getPK >= get {
		t.Fatalf("GetPK %.0f allocations, Get %.0f: want fewer", getPK, get)
	}
}

// BulkUpdate builds its statement once per model, fields and batch size,
// and stops keeping new ones past maxBulkPlanBytes.
func TestBulkUpdatePlanBuiltOnce(t *testing.T) {
	ctx := context.Background()
	db, _ := cacheDB(t)
	if _, err := db.SQL().ExecContext(ctx, `CREATE TABLE c_cacherow (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO c_cacherow VALUES (1, 'a'), (2, 'b'), (3, 'c')`); err != nil {
		t.Fatal(err)
	}
	qs := Objects[cacheRow](db)
	plans := func() (n int) {
		db.cache.bulkUpdates.Range(func(any, any) bool { n++; return true })
		return n
	}
	for round := range 3 {
		rows := []cacheRow{{ID: 1, Name: "x" + string(rune('0'+round))}, {ID: 3, Name: "y"}}
		if n, err := qs.BulkUpdate(ctx, rows, "name"); err != nil || n != 2 {
			t.Fatalf("round %d: %d, %v", round, n, err)
		}
	}
	if got := plans(); got != 1 {
		t.Fatalf("%d plans after three updates of one shape", got)
	}
	if _, err := qs.BulkUpdate(ctx, []cacheRow{{ID: 2, Name: "z"}}, "name"); err != nil {
		t.Fatal(err)
	}
	if got := plans(); got != 2 {
		t.Fatalf("%d plans after a second batch size", got)
	}
	db.cache.bulkBytes.Store(maxBulkPlanBytes)
	if _, err := qs.BulkUpdate(ctx, []cacheRow{{ID: 1}, {ID: 2}, {ID: 3}}, "name"); err != nil {
		t.Fatal(err)
	}
	if got := plans(); got != 2 {
		t.Fatalf("a plan kept past the bound: %d", got)
	}
	got, err := qs.OrderBy("pk").All(ctx)
	if err != nil || len(got) != 3 || got[0].Name != "" || got[1].Name != "" || got[2].Name != "" {
		t.Fatalf("after the updates: %+v, %v", got, err)
	}
}
