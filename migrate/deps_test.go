package migrate

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func chain(app string, names ...string) []*Migration {
	var out []*Migration
	for i, n := range names {
		m := &Migration{App: app, Name: n}
		if i > 0 {
			m.Dependencies = []Key{{app, names[i-1]}}
		}
		out = append(out, m)
	}
	return out
}

func before(t *testing.T, g *Graph, a, b Key) {
	t.Helper()
	order := g.Order()
	i, j := slices.Index(order, a), slices.Index(order, b)
	if i < 0 || j < 0 || i > j {
		t.Errorf("%s should run before %s: %v", a, b, order)
	}
}

// TestSymbolicDependencies: "__first__" and "__latest__" stand for an
// app's first and last migrations, as in Django's loader; an app's own
// "__first__" and an installed app without migrations are ignored; an app
// neither installed nor migrated, and an app's own "__latest__", are
// errors (Django: "Dependency on unknown app", NodeNotFoundError).
func TestSymbolicDependencies(t *testing.T) {
	migs := chain("a", "0001_initial", "0002_more", "0003_last")
	migs[1].Dependencies = append(migs[1].Dependencies, Key{"a", "__first__"})
	migs = append(migs,
		&Migration{App: "b", Name: "0001_initial", Dependencies: []Key{{"a", "__first__"}, {"z", "__first__"}}},
		&Migration{App: "c", Name: "0001_initial", Dependencies: []Key{{"a", "__latest__"}, {"z", "__latest__"}}},
	)
	if _, err := NewGraph(migs, nil); !errors.Is(err, ErrUnknown) || !strings.Contains(err.Error(), `"z"`) {
		t.Fatalf("z is not installed: %v", err)
	}
	g, err := NewAppGraph([]AppMigrations{{Label: "a", Migrations: migs[:3]}, {Label: "b", Migrations: migs[3:4]}, {Label: "c", Migrations: migs[4:]}, {Label: "z"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p := g.parents[Key{"b", "0001_initial"}]; !slices.Equal(p, []Key{{"a", "0001_initial"}}) {
		t.Errorf("b depends on %v, want a's first", p)
	}
	if p := g.parents[Key{"c", "0001_initial"}]; !slices.Equal(p, []Key{{"a", "0003_last"}}) {
		t.Errorf("c depends on %v, want a's last", p)
	}
	if p := g.parents[Key{"a", "0002_more"}]; !slices.Equal(p, []Key{{"a", "0001_initial"}}) {
		t.Errorf("a's own __first__: %v", p)
	}
	before(t, g, Key{"a", "0003_last"}, Key{"c", "0001_initial"})

	own := chain("a", "0001_initial", "0002_more")
	own[1].Dependencies = append(own[1].Dependencies, Key{"a", "__latest__"})
	if _, err := NewGraph(own, nil); !errors.Is(err, ErrUnknown) {
		t.Errorf("own __latest__: %v", err)
	}
	stray := &Migration{App: "b", Name: "0001_initial", RunBefore: []Key{{"zz", "__first__"}}}
	if _, err := NewGraph(append(chain("a", "0001_initial"), stray), nil); !errors.Is(err, ErrUnknown) {
		t.Errorf("run_before an unknown app's __first__: %v", err)
	}
}

// TestRunBefore: run_before makes the named migration depend on this one;
// a cycle through it and an unknown target are errors, and a replaced
// target is its squashed migration.
func TestRunBefore(t *testing.T) {
	migs := chain("a", "0001_initial", "0002_more")
	b := &Migration{App: "b", Name: "0001_initial", RunBefore: []Key{{"a", "0002_more"}}}
	g, err := NewGraph(append(migs, b), nil)
	if err != nil {
		t.Fatal(err)
	}
	before(t, g, b.Key(), Key{"a", "0002_more"})
	if p := g.parents[Key{"a", "0002_more"}]; !slices.Contains(p, b.Key()) {
		t.Errorf("a.0002 parents %v", p)
	}

	b.Dependencies = []Key{{"a", "0002_more"}}
	if _, err := NewGraph(append(chain("a", "0001_initial", "0002_more"), b), nil); err == nil || !strings.Contains(err.Error(), "circular") {
		t.Errorf("cycle through run_before: %v", err)
	}

	b = &Migration{App: "b", Name: "0001_initial", RunBefore: []Key{{"a", "0009_nope"}}}
	if _, err := NewGraph(append(chain("a", "0001_initial"), b), nil); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown run_before target: %v", err)
	}

	// a's 0001 and 0002 squashed: run_before 0002 runs before the squash.
	squash := &Migration{App: "a", Name: "0001_squashed_0002_more", Replaces: []Key{{"a", "0001_initial"}, {"a", "0002_more"}}}
	b = &Migration{App: "b", Name: "0001_initial", RunBefore: []Key{{"a", "0002_more"}}}
	g, err = NewGraph(append(chain("a", "0001_initial", "0002_more"), squash, b), nil)
	if err != nil {
		t.Fatal(err)
	}
	before(t, g, b.Key(), squash.Key())

	// run_before "__latest__" of another app.
	b = &Migration{App: "b", Name: "0001_initial", RunBefore: []Key{{"a", "__latest__"}}}
	g, err = NewGraph(append(chain("a", "0001_initial", "0002_more"), b), nil)
	if err != nil {
		t.Fatal(err)
	}
	before(t, g, b.Key(), Key{"a", "0002_more"})
}

// TestSquashKeepsRunBefore: a squash keeps its members' run_before
// targets outside the set, and the writer writes them.
func TestSquashKeepsRunBefore(t *testing.T) {
	migs := chain("a", "0001_initial", "0002_more")
	migs[1].RunBefore = []Key{{"b", "0001_initial"}, {"a", "0001_initial"}}
	migs = append(migs, &Migration{App: "b", Name: "0001_initial"})
	if _, err := NewGraph(migs[:2], nil); err == nil {
		t.Fatal("run_before b.0001 without b: no error")
	}
	if _, err := NewGraph(migs, nil); err == nil || !strings.Contains(err.Error(), "circular") {
		t.Fatalf("a.0002 before a.0001: %v", err)
	}
	// A target inside the squashed set is dropped with it (a.0001 runs
	// before a.0002 anyway); an own-app symbolic dependency too.
	migs[0].RunBefore = []Key{{"a", "0002_more"}}
	migs[1].RunBefore = migs[1].RunBefore[:1]
	migs[1].Dependencies = append(migs[1].Dependencies, Key{"a", "__first__"})
	g, err := NewGraph(migs, nil)
	if err != nil {
		t.Fatal(err)
	}
	sq, err := Squash(g, "a", "0002", "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sq.RunBefore, []Key{{"b", "0001_initial"}}) {
		t.Errorf("RunBefore %v", sq.RunBefore)
	}
	if len(sq.Dependencies) != 0 {
		t.Errorf("Dependencies %v", sq.Dependencies)
	}
	src, err := Source("migrations", sq)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "RunBefore: []migrate.Key{\n\t\t\t{App: \"b\", Name: \"0001_initial\"},\n\t\t},") {
		t.Errorf("written:\n%s", src)
	}
}

// TestSquashElidable: Elidable RunSQL and RunGo operations are dropped by a
// squash (Django's elidable); a RunGo that is not still needs a squash by
// hand; the writer keeps the flag.
func TestSquashElidable(t *testing.T) {
	migs := chain("a", "0001_initial", "0002_data", "0003_more")
	keep := RunSQL{SQL: []string{"UPDATE t SET x = 1"}, ReverseSQL: []string{}}
	migs[1].Operations = []Operation{
		RunSQL{SQL: []string{"UPDATE t SET y = 2"}, Elidable: true},
		RunGo{Forward: Noop, Backward: Noop, Elidable: true},
		keep,
	}
	g, err := NewGraph(migs, nil)
	if err != nil {
		t.Fatal(err)
	}
	sq, err := Squash(g, "a", "0003", "")
	if err != nil {
		t.Fatal(err)
	}
	var sqls []string
	for _, op := range sq.Operations {
		switch o := op.(type) {
		case RunSQL:
			sqls = append(sqls, o.SQL...)
		case RunGo:
			t.Errorf("elidable RunGo kept")
		}
	}
	if !slices.Equal(sqls, keep.SQL) {
		t.Errorf("squashed SQL %q, want only %q", sqls, keep.SQL)
	}

	migs[1].Operations = append(migs[1].Operations, RunGo{Forward: Noop})
	if g, err = NewGraph(migs, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Squash(g, "a", "0003", ""); err == nil || !strings.Contains(err.Error(), "not Elidable") {
		t.Errorf("RunGo not elidable: %v", err)
	}

	src, err := Source("migrations", &Migration{App: "a", Name: "0004_x", Operations: []Operation{RunSQL{SQL: []string{"SELECT 1"}, Elidable: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "Elidable: true") {
		t.Errorf("written:\n%s", src)
	}
}

// TestSquashRefusesCycle: a squash whose run_before target one of its
// migrations also depends on would be its own ancestor: Squash says so
// rather than write a migration that breaks the graph.
func TestSquashRefusesCycle(t *testing.T) {
	migs := chain("a", "0001_initial", "0002_more")
	migs[0].RunBefore = []Key{{"b", "0001_initial"}}
	migs[1].Dependencies = append(migs[1].Dependencies, Key{"b", "0001_initial"})
	migs = append(migs, &Migration{App: "b", Name: "0001_initial"})
	g, err := NewGraph(migs, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Squash(g, "a", "0002", ""); err == nil || !strings.Contains(err.Error(), "circular") {
		t.Errorf("Squash: %v", err)
	}
}
