package migrate

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Key names a migration: app label and name ("polls", "0001_initial").
type Key struct{ App, Name string }

func (k Key) String() string { return k.App + "." + k.Name }

// Migration is one migration: a named list of operations with the
// migrations it depends on. Migration files build one in a function
// (no package-level state); the migrations package's All function lists
// them.
type Migration struct {
	App          string
	Name         string
	Dependencies []Key
	Operations   []Operation
	// RunBefore lists migrations, of other apps usually, that must run
	// after this one: Django's run_before, a dependency declared from the
	// other side (for a migration that an app you do not edit must
	// follow).
	RunBefore []Key
	// Replaces lists the migrations a squashed migration stands for.
	Replaces []Key
	// Initial marks a migration creating the app's first tables, which
	// migrate --fake-initial may record as applied when they exist.
	Initial bool
	// NonAtomic runs the migration outside a transaction even where DDL is
	// transactional (for statements PostgreSQL refuses in a transaction,
	// such as CREATE INDEX CONCURRENTLY); a failure is then reported as on
	// MariaDB.
	NonAtomic bool
}

// Key returns the migration's key.
func (m *Migration) Key() Key { return Key{m.App, m.Name} }

// Provider is implemented by apps that ship migrations: Migrations is
// the All function of the app's migrations package.
type Provider interface {
	Migrations() []*Migration
}

// DirProvider is implemented by apps whose migrations makemigrations
// writes: MigrationsDir is the directory of the migrations package,
// absolute or relative to the working directory of the command (the
// module root, where `go run .` runs). Apps without it (framework apps
// with fixed migrations) are not examined by makemigrations.
type DirProvider interface {
	MigrationsDir() string
}

// AppMigrations is one installed app as the commands see it.
type AppMigrations struct {
	Label      string
	Migrations []*Migration
	// Dir is where makemigrations writes ("" when the app has none).
	Dir string
}

// Collect describes app (any installed app value) under label through
// the optional Provider and DirProvider interfaces.
func Collect(label string, app any) AppMigrations {
	a := AppMigrations{Label: label}
	if p, ok := app.(Provider); ok {
		a.Migrations = p.Migrations()
	}
	if d, ok := app.(DirProvider); ok {
		a.Dir = d.MigrationsDir()
	}
	return a
}

// Graph is the dependency graph of the project's migrations.
type Graph struct {
	nodes    map[Key]*Migration
	parents  map[Key][]Key
	children map[Key][]Key
	// replaced maps a replaced key to the squashed migration in use.
	replaced map[Key]Key
	// installed lists the installed apps (with migrations or not) when
	// the graph was built from them, for "__first__"/"__latest__".
	installed map[string]bool
}

// NewGraph builds the graph of migs. applied says which migrations are
// recorded; it decides whether squashed migrations (Replaces) are used:
// a squashed migration stands in for its replaced ones when all or none
// of them are applied, and is left out when only some are.
//
// A dependency on another app's "__first__" or "__latest__" needs that app
// to have migrations; NewAppGraph also accepts installed apps without
// any (it ignores such a dependency, as Django does for unmigrated apps).
func NewGraph(migs []*Migration, applied map[Key]bool) (*Graph, error) {
	return newGraph(migs, applied, nil)
}

// NewAppGraph is NewGraph over the migrations of the installed apps.
func NewAppGraph(apps []AppMigrations, applied map[Key]bool) (*Graph, error) {
	var all []*Migration
	installed := map[string]bool{}
	for _, a := range apps {
		installed[a.Label] = true
		all = append(all, a.Migrations...)
	}
	return newGraph(all, applied, installed)
}

func newGraph(migs []*Migration, applied map[Key]bool, installed map[string]bool) (*Graph, error) {
	g := &Graph{nodes: map[Key]*Migration{}, parents: map[Key][]Key{}, children: map[Key][]Key{}, replaced: map[Key]Key{}, installed: installed}
	for _, m := range migs {
		if m == nil {
			continue
		}
		if m.App == "" || m.Name == "" {
			return nil, fmt.Errorf("migrate: a migration has no App or Name (%q, %q)", m.App, m.Name)
		}
		if _, dup := g.nodes[m.Key()]; dup {
			return nil, fmt.Errorf("migrate: migration %s is listed twice", m.Key())
		}
		g.nodes[m.Key()] = m
	}
	for _, m := range g.nodes {
		if len(m.Replaces) == 0 {
			continue
		}
		n := 0
		for _, r := range m.Replaces {
			if applied[r] {
				n++
			}
		}
		if n != 0 && n != len(m.Replaces) {
			delete(g.nodes, m.Key())
			continue
		}
		for _, r := range m.Replaces {
			g.replaced[r] = m.Key()
			delete(g.nodes, r)
		}
	}
	addEdge := func(child, parent Key) {
		if !slices.Contains(g.parents[child], parent) {
			g.parents[child] = append(g.parents[child], parent)
			g.children[parent] = append(g.children[parent], child)
		}
	}
	// Dependencies on other apps' "__first__" and "__latest__" are
	// resolved once every concrete dependency is in (they name the first
	// and last migrations those make); then run_before, which may name
	// them too.
	type pending struct{ from, dep Key }
	var symbolic []pending
	for k, m := range g.nodes {
		for _, d := range m.Dependencies {
			switch {
			case g.symbolic(d) && d.App == k.App && d.Name == "__latest__":
				// Django adds it as an internal dependency on a node that
				// does not exist.
				return nil, fmt.Errorf("%w: migration %s depends on its own app's __latest__", ErrUnknown, k)
			case g.symbolic(d):
				symbolic = append(symbolic, pending{k, d})
			default:
				if err := g.link(k, d, "depends on", addEdge); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, p := range symbolic {
		if err := g.link(p.from, p.dep, "depends on", addEdge); err != nil {
			return nil, err
		}
	}
	for _, k := range g.Keys() {
		for _, c := range g.nodes[k].RunBefore {
			err := g.link(k, c, "must run before", func(from, to Key) { addEdge(to, from) })
			if err != nil {
				return nil, err
			}
		}
	}
	for k := range g.nodes {
		sortKeys(g.parents[k])
		sortKeys(g.children[k])
	}
	// Cycles.
	state := map[Key]int{}
	var visit func(k Key, path []Key) error
	visit = func(k Key, path []Key) error {
		switch state[k] {
		case 1:
			return fmt.Errorf("migrate: circular dependency: %s", joinKeys(append(path, k)))
		case 2:
			return nil
		}
		state[k] = 1
		for _, p := range g.parents[k] {
			if err := visit(p, append(path, k)); err != nil {
				return err
			}
		}
		state[k] = 2
		return nil
	}
	for _, k := range g.Keys() {
		if err := visit(k, nil); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// link resolves the key migration from names (a replaced migration's
// squash, or another app's "__first__" or "__latest__"; within from's app
// those two name nothing) and calls add(from, target); relation says how
// from names it, for the error when the target does not exist.
func (g *Graph) link(from, k Key, relation string, add func(from, to Key)) error {
	if g.symbolic(k) {
		if k.App == from.App {
			return nil
		}
		t, ok, err := g.resolveSymbolic(k, from)
		if err != nil || !ok {
			return err
		}
		k = t
	} else if r, ok := g.replaced[k]; ok {
		k = r
	}
	if k == from {
		return nil
	}
	if _, ok := g.nodes[k]; !ok {
		return fmt.Errorf("%w: migration %s %s %s, which does not exist", ErrUnknown, from, relation, k)
	}
	add(from, k)
	return nil
}

// symbolic reports whether k is an app's "__first__" or "__latest__"
// (and not a migration of that name).
func (g *Graph) symbolic(k Key) bool {
	if k.Name != "__first__" && k.Name != "__latest__" {
		return false
	}
	_, isNode := g.nodes[k]
	return !isNode
}

// resolveSymbolic returns the migration another app's "__first__" or
// "__latest__" stands for, as Django's loader does: the first of the
// app's roots or leaves. For an installed app without migrations (Django's
// unmigrated apps, whose tables exist before any migration runs) it is
// ignored (ok false); an app that is neither installed nor has migrations
// is an error.
func (g *Graph) resolveSymbolic(k, from Key) (Key, bool, error) {
	var ks []Key
	if k.Name == "__first__" {
		ks = g.Roots(k.App)
	} else {
		ks = g.Leaves(k.App)
	}
	if len(ks) > 0 {
		return ks[0], true, nil
	}
	if g.installed[k.App] {
		return Key{}, false, nil
	}
	return Key{}, false, fmt.Errorf("%w: migration %s names %s: no installed app %q has migrations", ErrUnknown, from, k, k.App)
}

func joinKeys(ks []Key) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.String()
	}
	return strings.Join(s, " -> ")
}

func sortKeys(ks []Key) {
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].App != ks[j].App {
			return ks[i].App < ks[j].App
		}
		return ks[i].Name < ks[j].Name
	})
}

// Keys returns every migration's key, sorted by app and name.
func (g *Graph) Keys() []Key {
	out := make([]Key, 0, len(g.nodes))
	for k := range g.nodes {
		out = append(out, k)
	}
	sortKeys(out)
	return out
}

// Migration returns the migration of k (a replaced key returns the
// squashed migration standing for it).
func (g *Graph) Migration(k Key) (*Migration, bool) {
	if r, ok := g.replaced[k]; ok {
		k = r
	}
	m, ok := g.nodes[k]
	return m, ok
}

// Replacement returns the squashed migration in use for a replaced key.
func (g *Graph) Replacement(k Key) (Key, bool) {
	r, ok := g.replaced[k]
	return r, ok
}

// Find returns the migration of app whose name is name or starts with it
// ("0001" finds "0001_initial"); an ambiguous prefix is an error.
func (g *Graph) Find(app, name string) (Key, error) {
	if _, ok := g.nodes[Key{app, name}]; ok {
		return Key{app, name}, nil
	}
	var found []Key
	for k := range g.nodes {
		if k.App == app && strings.HasPrefix(k.Name, name) {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return Key{}, fmt.Errorf("%w: cannot find a migration matching %q from app %q", ErrUnknown, name, app)
	case 1:
		return found[0], nil
	}
	return Key{}, fmt.Errorf("migrate: more than one migration matches %q in app %q: be more specific", name, app)
}

// Apps returns the app labels having migrations, sorted.
func (g *Graph) Apps() []string {
	seen := map[string]bool{}
	var out []string
	for k := range g.nodes {
		if !seen[k.App] {
			seen[k.App] = true
			out = append(out, k.App)
		}
	}
	sort.Strings(out)
	return out
}

// Leaves returns app's migrations that no other migration of app depends
// on: one normally, two or more when branches need a merge.
func (g *Graph) Leaves(app string) []Key {
	var out []Key
	for k := range g.nodes {
		if k.App != app {
			continue
		}
		leaf := true
		for _, c := range g.children[k] {
			if c.App == app {
				leaf = false
			}
		}
		if leaf {
			out = append(out, k)
		}
	}
	sortKeys(out)
	return out
}

// Roots returns app's migrations with no parent in app.
func (g *Graph) Roots(app string) []Key {
	var out []Key
	for k := range g.nodes {
		if k.App != app {
			continue
		}
		root := true
		for _, p := range g.parents[k] {
			if p.App == app {
				root = false
			}
		}
		if root {
			out = append(out, k)
		}
	}
	sortKeys(out)
	return out
}

// Ancestors returns the keys targets depend on, directly or not, and the
// targets themselves, parents before children.
func (g *Graph) Ancestors(targets ...Key) []Key {
	var out []Key
	seen := map[Key]bool{}
	var visit func(k Key)
	visit = func(k Key) {
		if seen[k] {
			return
		}
		seen[k] = true
		for _, p := range g.parents[k] {
			visit(p)
		}
		out = append(out, k)
	}
	for _, t := range targets {
		visit(t)
	}
	return out
}

// Descendants returns the keys depending on targets, directly or not,
// and the targets, children before parents.
func (g *Graph) Descendants(targets ...Key) []Key {
	var out []Key
	seen := map[Key]bool{}
	var visit func(k Key)
	visit = func(k Key) {
		if seen[k] {
			return
		}
		seen[k] = true
		for _, c := range g.children[k] {
			visit(c)
		}
		out = append(out, k)
	}
	for _, t := range targets {
		visit(t)
	}
	return out
}

// Order returns every key, parents before children, apps in label order.
func (g *Graph) Order() []Key { return g.Ancestors(g.Keys()...) }

// State returns the project state after the given migrations and their
// ancestors (all migrations when none are given).
func (g *Graph) State(keys ...Key) (*ProjectState, error) {
	order := g.Order()
	if len(keys) > 0 {
		order = g.Ancestors(keys...)
	}
	s := NewState()
	for _, k := range order {
		if err := applyState(g.nodes[k], s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// stateBefore returns the state before k runs: its ancestors applied.
func (g *Graph) stateBefore(k Key) (*ProjectState, error) {
	s := NewState()
	for _, a := range g.Ancestors(g.parents[k]...) {
		if err := applyState(g.nodes[a], s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func applyState(m *Migration, s *ProjectState) error {
	for _, op := range m.Operations {
		if err := op.State(m.App, s); err != nil {
			return fmt.Errorf("migration %s: %s: %w", m.Key(), op.Describe(), err)
		}
	}
	return nil
}
