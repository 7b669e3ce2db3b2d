package migrate

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/djinn-go/djinn/orm"
)

// MakeOptions configure MakeMigrations.
type MakeOptions struct {
	// Apps restricts the apps examined (default: every app with a
	// migrations directory).
	Apps []string
	// Name names the new migrations ("" derives one from the operations).
	Name string
	// Empty writes an empty migration for each of Apps (for RunSQL/RunGo).
	Empty bool
	// Merge writes a merge migration for apps with conflicting leaves.
	Merge bool
	// DryRun and Check report without writing.
	DryRun, Check bool
	// Questioner decides renames (nil: no renames).
	Questioner Questioner
	// Out receives Django's report ("Migrations for 'polls':"); nil
	// discards it.
	Out io.Writer
	// Now dates automatic names (time.Now when nil).
	Now func() time.Time
}

// Made is one migration written (or that would be written).
type Made struct {
	Migration *Migration
	Path      string
}

// ErrStale reports migration files on disk that the running binary was
// built without.
var ErrStale = errors.New("migrate: migrations not compiled in")

var validName = regexp.MustCompile(`^[a-z0-9_]+$`)

// MakeMigrations compares the models of reg with the state the apps'
// migrations build and writes new migrations into the apps' directories.
// It returns what it wrote (or, with DryRun or Check, would write).
func MakeMigrations(reg *orm.Registry, apps []AppMigrations, opt MakeOptions) ([]Made, error) {
	out := opt.Out
	if out == nil {
		out = io.Discard
	}
	if opt.Name != "" && !validName.MatchString(opt.Name) {
		return nil, fmt.Errorf("migrate: migration name %q: use lower-case letters, digits and underscores", opt.Name)
	}
	var all []*Migration
	byLabel := map[string]AppMigrations{}
	for _, a := range apps {
		all = append(all, a.Migrations...)
		byLabel[a.Label] = a
	}
	var chosen []string
	if len(opt.Apps) > 0 {
		for _, l := range opt.Apps {
			a, ok := byLabel[l]
			if !ok {
				return nil, fmt.Errorf("%w: app %q is not installed", ErrUnknown, l)
			}
			if a.Dir == "" {
				return nil, fmt.Errorf("migrate: app %q has no migrations directory (MigrationsDir)", l)
			}
			chosen = append(chosen, l)
		}
	} else {
		for _, a := range apps {
			if a.Dir != "" {
				chosen = append(chosen, a.Label)
			}
		}
	}
	sort.Strings(chosen)
	// Files written since the binary was built would be ignored and
	// generated again.
	for _, l := range chosen {
		files, err := DirMigrations(byLabel[l].Dir)
		if err != nil {
			return nil, err
		}
		var stale []string
		for _, f := range files {
			if !slices.ContainsFunc(byLabel[l].Migrations, func(m *Migration) bool { return m != nil && m.Name == f }) {
				stale = append(stale, f)
			}
		}
		if len(stale) > 0 {
			return nil, fmt.Errorf("%w: app %q has migration files this binary does not contain (%s): rebuild it and run the command again",
				ErrStale, l, strings.Join(stale, ", "))
		}
	}
	g, err := NewAppGraph(apps, nil)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	stamp := now().Format("20060102_1504")
	var made []*Migration
	// The next number counts every name the app has used: migrations,
	// the ones squashed migrations replace, and files on disk.
	next := func(app string, extra int) string {
		n := 0
		see := func(name string) {
			if v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0]); err == nil && v > n {
				n = v
			}
		}
		for _, m := range all {
			if m.App == app {
				see(m.Name)
				for _, r := range m.Replaces {
					see(r.Name)
				}
			}
		}
		if files, err := DirMigrations(byLabel[app].Dir); err == nil {
			for _, f := range files {
				see(f)
			}
		}
		return fmt.Sprintf("%04d", n+1+extra)
	}
	// Conflicts.
	conflicts := false
	for _, app := range chosen {
		leaves := g.Leaves(app)
		if len(leaves) < 2 {
			continue
		}
		conflicts = true
		if !opt.Merge {
			return nil, &ConflictError{App: app, Leaves: leaves}
		}
		var names []string
		for _, l := range leaves {
			names = append(names, l.Name)
		}
		name := "merge_" + strings.Join(names, "_")
		if opt.Name != "" {
			name = opt.Name
		} else if len(name) > 47 {
			name = "merge_" + stamp
		}
		made = append(made, &Migration{App: app, Name: next(app, 0) + "_" + name, Dependencies: leaves})
	}
	if opt.Merge && !conflicts {
		fmt.Fprintln(out, "No conflicts detected to merge.")
		return nil, nil
	}
	if !opt.Merge {
		changes := map[string][]Operation{}
		if opt.Empty {
			if len(opt.Apps) == 0 {
				return nil, fmt.Errorf("migrate: --empty needs at least one app label")
			}
			for _, app := range chosen {
				changes[app] = []Operation{}
			}
		} else {
			from, err := g.State()
			if err != nil {
				return nil, err
			}
			to, err := FromRegistry(reg)
			if err != nil {
				return nil, err
			}
			changes = Detect(from, to, chosen, opt.Questioner)
		}
		names := map[string]string{}
		for _, app := range chosen {
			ops, ok := changes[app]
			if !ok {
				continue
			}
			name := opt.Name
			initial := len(g.Roots(app)) == 0
			if name == "" {
				name = autoName(ops, initial, stamp)
			}
			names[app] = next(app, 0) + "_" + name
			m := &Migration{App: app, Name: names[app], Operations: ops, Initial: initial && !opt.Empty}
			made = append(made, m)
		}
		// Dependencies: the app's leaf and the apps its relations point to.
		for _, m := range made {
			deps := map[Key]bool{}
			for _, l := range g.Leaves(m.App) {
				deps[l] = true
			}
			for _, op := range m.Operations {
				for _, f := range opFields(op) {
					if !f.IsRelation() {
						continue
					}
					other := strings.SplitN(relLabel(m.App, f.To), ".", 2)[0]
					if other == m.App {
						continue
					}
					if n, ok := names[other]; ok {
						deps[Key{other, n}] = true
						continue
					}
					for _, l := range g.Leaves(other) {
						deps[l] = true
					}
				}
			}
			for k := range deps {
				m.Dependencies = append(m.Dependencies, k)
			}
			sortKeys(m.Dependencies)
		}
	}
	if len(made) == 0 {
		if len(opt.Apps) == 1 {
			fmt.Fprintf(out, "No changes detected in app '%s'\n", opt.Apps[0])
		} else {
			fmt.Fprintln(out, "No changes detected")
		}
		return nil, nil
	}
	var res []Made
	sort.SliceStable(made, func(i, j int) bool { return made[i].App < made[j].App })
	for _, m := range made {
		dir := byLabel[m.App].Dir
		p := filepath.Join(dir, m.Name+".go")
		fmt.Fprintf(out, "Migrations for '%s':\n  %s\n", m.App, p)
		for _, op := range m.Operations {
			fmt.Fprintf(out, "    - %s\n", op.Describe())
		}
		if opt.DryRun && !opt.Check {
			src, err := Source(PackageName(dir), m)
			if err != nil {
				return nil, err
			}
			out.Write(src)
		}
		res = append(res, Made{Migration: m, Path: p})
	}
	if opt.DryRun || opt.Check {
		return res, nil
	}
	for _, r := range res {
		if _, err := WriteFiles(filepath.Dir(r.Path), []*Migration{r.Migration}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// fragment is the part of an automatic name an operation contributes.
func fragment(op Operation) string {
	l := strings.ToLower
	switch o := op.(type) {
	case CreateModel:
		return l(o.Name)
	case DeleteModel:
		return "delete_" + l(o.Name)
	case RenameModel:
		return "rename_" + l(o.OldName) + "_" + l(o.NewName)
	case AlterModelTable:
		return "alter_" + l(o.Name) + "_table"
	case AddField:
		return l(o.Model) + "_" + o.Field.Name
	case RemoveField:
		return "remove_" + l(o.Model) + "_" + o.Name
	case AlterField:
		return "alter_" + l(o.Model) + "_" + o.Field.Name
	case RenameField:
		return "rename_" + o.OldName + "_" + l(o.Model) + "_" + o.NewName
	case AddIndex:
		return l(o.Model) + "_" + l(o.Index.Name)
	case RemoveIndex:
		return "remove_" + l(o.Model) + "_" + l(o.Name)
	case AddConstraint:
		return l(o.Model) + "_" + l(o.Constraint.Name)
	case RemoveConstraint:
		return "remove_" + l(o.Model) + "_" + l(o.Name)
	}
	return ""
}

func autoName(ops []Operation, initial bool, stamp string) string {
	if initial {
		return "initial"
	}
	var parts []string
	for _, op := range ops {
		f := fragment(op)
		if f == "" {
			return "auto_" + stamp
		}
		if !slices.Contains(parts, f) {
			parts = append(parts, f)
		}
	}
	name := strings.Join(parts, "_")
	if name == "" || len(name) > 52 {
		return "auto_" + stamp
	}
	return name
}

// Squash returns a migration standing for app's migrations from its first
// up to upto (inclusive): their operations optimised, Replaces listing
// them, and the dependencies and run_before targets they had outside the
// set. Elidable RunSQL and RunGo operations are dropped.
func Squash(g *Graph, app, upto, name string) (*Migration, error) {
	end, err := g.Find(app, upto)
	if err != nil {
		return nil, err
	}
	var keys []Key
	for _, k := range g.Ancestors(end) {
		if k.App == app {
			keys = append(keys, k)
		}
	}
	in := map[Key]bool{}
	for _, k := range keys {
		in[k] = true
	}
	var ops []Operation
	deps, runBefore := map[Key]bool{}, map[Key]bool{}
	var replaces []Key
	initial := false
	for _, k := range keys {
		m := g.nodes[k]
		if m.Initial {
			initial = true
		}
		for _, op := range m.Operations {
			switch o := op.(type) {
			case RunGo:
				if o.Elidable {
					continue
				}
				return nil, fmt.Errorf("migrate: %s has a RunGo operation that is not Elidable: squash by hand (copy the functions into the squashed migration)", k)
			case RunSQL:
				if o.Elidable {
					continue
				}
			}
			ops = append(ops, op)
		}
		for _, d := range m.Dependencies {
			if d.App == app && (d.Name == "__first__" || d.Name == "__latest__") {
				continue // within the app: resolved by the set itself
			}
			if !in[d] {
				deps[d] = true
			}
		}
		for _, c := range m.RunBefore {
			if !in[c] {
				runBefore[c] = true
			}
		}
		if len(m.Replaces) > 0 {
			replaces = append(replaces, m.Replaces...)
		} else {
			replaces = append(replaces, k)
		}
	}
	if len(keys) < 2 {
		return nil, fmt.Errorf("migrate: nothing to squash: %s is the app's first migration", end)
	}
	if name == "" {
		name = "squashed_" + end.Name
	}
	m := &Migration{App: app, Name: strings.SplitN(keys[0].Name, "_", 2)[0] + "_" + name, Operations: Optimize(app, ops), Replaces: replaces, Initial: initial}
	for d := range deps {
		m.Dependencies = append(m.Dependencies, d)
	}
	sortKeys(m.Dependencies)
	for c := range runBefore {
		m.RunBefore = append(m.RunBefore, c)
	}
	sortKeys(m.RunBefore)
	// The squash must fit where its migrations were: a run_before target
	// that one of them also depends on, through another app, would make
	// a cycle of the squash and that target.
	migs := []*Migration{m}
	for _, k := range g.Keys() {
		migs = append(migs, g.nodes[k])
	}
	if _, err := newGraph(migs, nil, g.installed); err != nil {
		return nil, fmt.Errorf("migrate: squashing %s up to %s: %w", app, end.Name, err)
	}
	return m, nil
}
