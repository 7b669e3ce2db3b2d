package migrate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/djinn-go/djinn/orm"
)

// Target names where migrate takes an app: Name "" is the app's latest
// migration, "zero" unapplies all of the app's migrations, anything else
// is a migration name or a unique prefix of one ("0001").
type Target struct{ App, Name string }

// Step is one migration to apply or unapply.
type Step struct {
	Migration *Migration
	Backwards bool
}

// Executor plans and runs migrations against one database.
type Executor struct {
	DB   *orm.DB
	Apps []AppMigrations
	// Table records applied migrations (DefaultTable when empty).
	Table string
	// Out receives progress lines ("  Applying polls.0001_initial... OK");
	// nil discards them.
	Out io.Writer
	// Fake records migrations as applied (or unapplied) without running
	// their operations.
	Fake bool
	// FakeInitial records an initial migration as applied without running
	// it when all the tables it creates already exist.
	FakeInitial bool
}

// errDone rolls back a step another process has already made.
var errDone = errors.New("migrate: already done")

// NonAtomicError reports a migration that failed midway on a database
// without transactional DDL: some operations ran and cannot be rolled
// back; the migration is not recorded.
type NonAtomicError struct {
	Key       Key
	Backwards bool
	Done      int // operations that completed
	Total     int
	Err       error
}

func (e *NonAtomicError) Error() string {
	verb, cmd := "applying", fmt.Sprintf("migrate --fake %s %s", e.Key.App, e.Key.Name)
	if e.Backwards {
		verb = "unapplying"
	}
	return fmt.Sprintf("migrate: %s %s failed after %d of %d operations on a database without transactional DDL, "+
		"so the schema may be partly changed; the migration is recorded as it was before. "+
		"Undo the completed operations by hand and run migrate again, or complete them by hand and record the migration with `%s`: %v",
		verb, e.Key, e.Done, e.Total, cmd, e.Err)
}

func (e *NonAtomicError) Unwrap() error { return e.Err }

func (x *Executor) recorder() *Recorder { return &Recorder{DB: x.DB, Table: x.Table} }

func (x *Executor) printf(format string, args ...any) {
	if x.Out != nil {
		fmt.Fprintf(x.Out, format, args...)
	}
}

// Load reads the applied migrations (creating the record table if
// needed) and builds the graph. The applied set counts a squashed
// migration as applied when all the migrations it replaces are.
func (x *Executor) Load(ctx context.Context) (*Graph, map[Key]bool, error) {
	rec := x.recorder()
	if err := rec.Ensure(ctx); err != nil {
		return nil, nil, err
	}
	recorded, err := rec.Applied(ctx)
	if err != nil {
		return nil, nil, err
	}
	g, err := NewAppGraph(x.Apps, recorded)
	if err != nil {
		return nil, nil, err
	}
	return g, effectiveApplied(g, recorded), nil
}

func effectiveApplied(g *Graph, recorded map[Key]bool) map[Key]bool {
	out := map[Key]bool{}
	for k := range recorded {
		out[k] = true
	}
	for _, k := range g.Keys() {
		m := g.nodes[k]
		if len(m.Replaces) == 0 {
			continue
		}
		all := true
		for _, r := range m.Replaces {
			all = all && recorded[r]
		}
		if all {
			out[k] = true
		}
	}
	return out
}

// Plan returns the steps reaching targets (every app's latest migration
// when none are given) from the applied set.
func (x *Executor) Plan(g *Graph, applied map[Key]bool, targets ...Target) ([]Step, error) {
	if len(targets) == 0 {
		for _, app := range g.Apps() {
			targets = append(targets, Target{App: app})
		}
	}
	sim := map[Key]bool{}
	for k, v := range applied {
		sim[k] = v
	}
	var steps []Step
	forward := func(keys []Key) {
		for _, k := range keys {
			if !sim[k] {
				sim[k] = true
				steps = append(steps, Step{Migration: g.nodes[k]})
			}
		}
	}
	backward := func(keys []Key) {
		for _, k := range keys {
			if sim[k] {
				delete(sim, k)
				steps = append(steps, Step{Migration: g.nodes[k], Backwards: true})
			}
		}
	}
	for _, t := range targets {
		switch t.Name {
		case "":
			leaves := g.Leaves(t.App)
			if len(leaves) == 0 {
				return nil, fmt.Errorf("%w: app %q has no migrations", ErrUnknown, t.App)
			}
			if len(leaves) > 1 {
				return nil, &ConflictError{App: t.App, Leaves: leaves}
			}
			forward(g.Ancestors(leaves...))
		case "zero":
			roots := g.Roots(t.App)
			if len(roots) == 0 {
				return nil, fmt.Errorf("%w: app %q has no migrations", ErrUnknown, t.App)
			}
			backward(g.Descendants(roots...))
		default:
			k, err := g.Find(t.App, t.Name)
			if err != nil {
				return nil, err
			}
			if sim[k] {
				var next []Key
				for _, c := range g.children[k] {
					if c.App == k.App {
						next = append(next, c)
					}
				}
				backward(g.Descendants(next...))
			} else {
				forward(g.Ancestors(k))
			}
		}
	}
	return steps, nil
}

// ConflictError reports an app whose migrations have more than one leaf.
type ConflictError struct {
	App    string
	Leaves []Key
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("migrate: conflicting migrations detected in %s (%s); to fix them run 'makemigrations --merge'", e.App, joinKeys(e.Leaves))
}

// Migrate runs the plan reaching targets and prints a line per step.
func (x *Executor) Migrate(ctx context.Context, targets ...Target) error {
	g, applied, err := x.Load(ctx)
	if err != nil {
		return err
	}
	steps, err := x.Plan(g, applied, targets...)
	if err != nil {
		return err
	}
	return x.Run(ctx, g, steps)
}

// Run runs steps, in order, each in its own transaction where the
// database has transactional DDL.
func (x *Executor) Run(ctx context.Context, g *Graph, steps []Step) (err error) {
	if len(steps) == 0 {
		x.printf("  No migrations to apply.\n")
		return nil
	}
	if x.DB.Dialect().Name() == "sqlite" && !x.Fake {
		restore, err := x.sqliteForeignKeysOff(ctx)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, restore()) }()
	}
	for _, st := range steps {
		if err := x.runStep(ctx, g, st); err != nil {
			return err
		}
	}
	return nil
}

// sqliteForeignKeysOff pins the pool to one connection and turns foreign
// key enforcement off on it: SQLite rebuilds tables by dropping and
// renaming, which enforcement would refuse (and it cannot be switched in
// a transaction). Each migration checks the keys before committing.
func (x *Executor) sqliteForeignKeysOff(ctx context.Context) (func() error, error) {
	sdb := x.DB.SQL()
	prev := sdb.Stats().MaxOpenConnections
	sdb.SetMaxOpenConns(1)
	restore := func() error {
		_, err := x.DB.Exec(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON")
		sdb.SetMaxOpenConns(prev)
		return err
	}
	if _, err := x.DB.Exec(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		sdb.SetMaxOpenConns(prev)
		return nil, fmt.Errorf("migrate: disabling foreign keys: %w", err)
	}
	rows, err := x.DB.Query(ctx, "PRAGMA foreign_keys")
	if err != nil {
		return nil, errors.Join(err, restore())
	}
	var on int
	if rows.Next() {
		err = rows.Scan(&on)
	}
	rows.Close()
	if err != nil || on != 0 {
		return nil, errors.Join(fmt.Errorf("migrate: could not disable sqlite foreign keys (%v)", err), restore())
	}
	return restore, nil
}

func (x *Executor) sqliteFKCheck(ctx context.Context) error {
	rows, err := x.DB.Query(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table string
		var rowid, parent, fkid any
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("migrate: foreign key violation: row %v of %s points to a missing row of %v", rowid, table, parent)
	}
	return rows.Err()
}

// initialFakeable reports whether every table m creates exists.
func (x *Executor) initialFakeable(ctx context.Context, g *Graph, m *Migration) (bool, error) {
	tables, err := x.DB.Tables(ctx)
	if err != nil {
		return false, err
	}
	s, err := g.stateBefore(m.Key())
	if err != nil {
		return false, err
	}
	n := 0
	for _, op := range m.Operations {
		if err := op.State(m.App, s); err != nil {
			return false, err
		}
		if c, ok := op.(CreateModel); ok {
			n++
			ms, _ := s.Model(label(m.App, c.Name))
			if ms == nil || !slices.Contains(tables, ms.Options.Table) {
				return false, nil
			}
		}
	}
	return n > 0, nil
}

func (x *Executor) runStep(ctx context.Context, g *Graph, st Step) error {
	m := st.Migration
	verb := "Applying"
	if st.Backwards {
		verb = "Unapplying"
	}
	x.printf("  %s %s...", verb, m.Key())
	rec := x.recorder()
	record := func(ctx context.Context) error {
		keys := append([]Key{m.Key()}, m.Replaces...)
		for _, k := range keys {
			if err := rec.Unrecord(ctx, k); err != nil {
				return err
			}
			if !st.Backwards {
				if err := rec.Record(ctx, k); err != nil {
					return err
				}
			}
		}
		return nil
	}
	fake := x.Fake
	if !fake && !st.Backwards && x.FakeInitial && m.Initial {
		ok, err := x.initialFakeable(ctx, g, m)
		if err != nil {
			x.printf(" FAILED\n")
			return err
		}
		fake = ok
	}
	if fake {
		if err := record(ctx); err != nil {
			x.printf(" FAILED\n")
			return err
		}
		x.printf(" FAKED\n")
		return nil
	}
	env := &Env{Editor: &Editor{D: x.DB.Dialect(), Exec: func(ctx context.Context, q string, args ...any) error {
		_, err := x.DB.Exec(ctx, q, args...)
		return err
	}}, DB: x.DB}
	var err error
	if x.DB.Dialect().Caps().TransactionalDDL && !m.NonAtomic {
		err = x.DB.Atomic(ctx, func(ctx context.Context) error {
			// Another migrate process may have got here first: wait for
			// it (PostgreSQL), then look again.
			if x.DB.Dialect().Name() == "postgres" {
				if _, err := x.DB.Exec(ctx, "SELECT pg_advisory_xact_lock(?)", rec.lockKey()); err != nil {
					return err
				}
			}
			done, err := rec.IsApplied(ctx, m.Key())
			if err != nil {
				return err
			}
			if done != st.Backwards {
				return errDone
			}
			if _, err := runOps(ctx, env, g, m, st.Backwards); err != nil {
				return err
			}
			if x.DB.Dialect().Name() == "sqlite" {
				if err := x.sqliteFKCheck(ctx); err != nil {
					return err
				}
			}
			return record(ctx)
		})
		if errors.Is(err, errDone) {
			x.printf(" OK (done by another process)\n")
			return nil
		}
		if err != nil {
			err = fmt.Errorf("migrate: %s %s: %w (rolled back)", lower(verb), m.Key(), err)
		}
	} else {
		var done int
		done, err = runOps(ctx, env, g, m, st.Backwards)
		if err != nil {
			err = &NonAtomicError{Key: m.Key(), Backwards: st.Backwards, Done: done, Total: len(m.Operations), Err: err}
		} else {
			err = record(ctx)
		}
	}
	if err != nil {
		x.printf(" FAILED\n")
		return err
	}
	x.printf(" OK\n")
	return nil
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

// states returns the state before m and after each of its operations.
func states(g *Graph, m *Migration) ([]*ProjectState, error) {
	s, err := g.stateBefore(m.Key())
	if err != nil {
		return nil, err
	}
	out := []*ProjectState{s}
	for _, op := range m.Operations {
		s = s.Clone()
		if err := op.State(m.App, s); err != nil {
			return nil, fmt.Errorf("migration %s: %s: %w", m.Key(), op.Describe(), err)
		}
		out = append(out, s)
	}
	return out, nil
}

// runOps runs m's operations forwards, or backwards in reverse order,
// returning how many completed.
func runOps(ctx context.Context, env *Env, g *Graph, m *Migration, backwards bool) (int, error) {
	ss, err := states(g, m)
	if err != nil {
		return 0, err
	}
	n := len(m.Operations)
	for i := range n {
		j := i
		if backwards {
			j = n - 1 - i
		}
		op := m.Operations[j]
		var err error
		if backwards {
			err = op.Backwards(ctx, env, m.App, ss[j], ss[j+1])
		} else {
			err = op.Forwards(ctx, env, m.App, ss[j], ss[j+1])
		}
		if err != nil {
			return i, fmt.Errorf("%s: %w", op.Describe(), err)
		}
		if err := flushDeferred(ctx, env, op); err != nil {
			return i, fmt.Errorf("%s: %w", op.Describe(), err)
		}
	}
	return n, nil
}

// flushDeferred checks PostgreSQL's deferred constraints after a data
// operation: rows it changed queue foreign-key checks, and ALTER TABLE
// refuses to run on a table with pending checks.
func flushDeferred(ctx context.Context, env *Env, op Operation) error {
	switch op.(type) {
	case RunSQL, RunGo:
	default:
		return nil
	}
	if env.DB == nil || env.DB.Dialect().Name() != "postgres" {
		return nil
	}
	return env.Editor.run(ctx, "SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED")
}

// SQL returns the statements of a step for the dialect of x.DB, without
// running them (sqlmigrate); RunGo operations are shown as comments.
func (x *Executor) SQL(g *Graph, st Step) ([]Statement, error) {
	e, got := Collector(x.DB.Dialect())
	env := &Env{Editor: e}
	m := st.Migration
	ss, err := states(g, m)
	if err != nil {
		return nil, err
	}
	n := len(m.Operations)
	for i := range n {
		j := i
		if st.Backwards {
			j = n - 1 - i
		}
		op := m.Operations[j]
		_ = e.Exec(context.Background(), "-- "+op.Describe())
		if _, ok := op.(RunGo); ok {
			_ = e.Exec(context.Background(), "-- (Go code: no SQL to show)")
			continue
		}
		if st.Backwards {
			err = op.Backwards(context.Background(), env, m.App, ss[j], ss[j+1])
		} else {
			err = op.Forwards(context.Background(), env, m.App, ss[j], ss[j+1])
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.Describe(), err)
		}
	}
	return got(), nil
}
