package migrate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/djinn-go/djinn/cli"
	"github.com/djinn-go/djinn/orm"
)

// Project is what the commands need from a project; the root package's
// App satisfies it with a MigrationApps method built on Collect.
type Project interface {
	// Registry returns the project's models.
	Registry() (*orm.Registry, error)
	// Database opens the named database of the settings ("default").
	Database(ctx context.Context, name string) (*orm.DB, error)
	// MigrationApps lists the installed apps, in order, with their
	// migrations and directories.
	MigrationApps() []AppMigrations
}

// ErrChanges is returned by makemigrations --check when models have
// changes not reflected in a migration (the command exits 1).
var ErrChanges = errors.New("migrate: changes not reflected in migrations")

// Commands returns makemigrations, migrate, showmigrations, sqlmigrate
// and squashmigrations for p.
func Commands(p Project) []*cli.Command {
	return []*cli.Command{makemigrationsCmd(p), migrateCmd(p), showmigrationsCmd(p), sqlmigrateCmd(p), squashCmd(p)}
}

func databaseFlag(fs *flag.FlagSet) {
	fs.String("database", "default", "the database to use")
}

func flagString(inv *cli.Invocation, name string) string {
	if f := inv.Flags.Lookup(name); f != nil {
		return f.Value.String()
	}
	return ""
}

func flagBool(inv *cli.Invocation, name string) bool { return flagString(inv, name) == "true" }

func executor(ctx context.Context, p Project, inv *cli.Invocation) (*Executor, error) {
	db, err := p.Database(ctx, flagString(inv, "database"))
	if err != nil {
		return nil, err
	}
	return &Executor{DB: db, Apps: p.MigrationApps(), Out: inv.Stdout}, nil
}

func makemigrationsCmd(p Project) *cli.Command {
	return &cli.Command{
		Name:  "makemigrations",
		Short: "create new migrations from changes to the models",
		Usage: "[app_label ...]",
		Long: "Compares the models with the state the migrations build and writes Go migration files\n" +
			"into each app's migrations package (and its index file, migrations.go).",
		Flags: func(fs *flag.FlagSet) {
			fs.Bool("check", false, "exit with status 1 when changes are missing migrations, without writing them")
			fs.Bool("dry-run", false, "show the migrations without writing them")
			fs.String("name", "", "name of the new migration(s)")
			fs.Bool("empty", false, "write an empty migration for the given apps")
			fs.Bool("merge", false, "write merge migrations for apps with conflicting migrations")
			fs.Bool("noinput", false, "do not ask questions (renames are decided by --renames)")
			fs.Bool("renames", false, "with --noinput: treat every rename candidate as a rename")
		},
		Run: func(ctx context.Context, inv *cli.Invocation) error {
			reg, err := p.Registry()
			if err != nil {
				return err
			}
			var q Questioner = NewInteractive(inv.Stdin, inv.Stdout)
			if flagBool(inv, "noinput") {
				q = Fixed{Renames: flagBool(inv, "renames")}
			}
			made, err := MakeMigrations(reg, p.MigrationApps(), MakeOptions{
				Apps: inv.Args, Name: flagString(inv, "name"), Empty: flagBool(inv, "empty"), Merge: flagBool(inv, "merge"),
				DryRun: flagBool(inv, "dry-run"), Check: flagBool(inv, "check"), Questioner: q, Out: inv.Stdout,
			})
			if err != nil {
				return err
			}
			if flagBool(inv, "check") && len(made) > 0 {
				return ErrChanges
			}
			return nil
		},
	}
}

func migrateCmd(p Project) *cli.Command {
	return &cli.Command{
		Name:  "migrate",
		Short: "apply or unapply migrations",
		Usage: "[app_label] [migration_name|zero]",
		Long: "Without arguments applies every app's migrations; with an app, that app's; with a migration\n" +
			"name (or prefix) moves the app to it, unapplying later ones; \"zero\" unapplies them all.",
		Flags: func(fs *flag.FlagSet) {
			databaseFlag(fs)
			fs.Bool("fake", false, "record the migrations as applied or unapplied without running them")
			fs.Bool("fake-initial", false, "record initial migrations as applied when their tables exist")
			fs.Bool("plan", false, "show the operations that would run, and stop")
			fs.Bool("run-syncdb", false, "also create the tables of installed apps without migrations")
		},
		Run: func(ctx context.Context, inv *cli.Invocation) error {
			if len(inv.Args) > 2 {
				return cli.Usagef("migrate takes at most an app label and a migration name")
			}
			syncdb := flagBool(inv, "run-syncdb")
			x, err := executor(ctx, p, inv)
			if err != nil {
				return err
			}
			x.Fake, x.FakeInitial = flagBool(inv, "fake"), flagBool(inv, "fake-initial")
			g, applied, err := x.Load(ctx)
			if err != nil {
				return err
			}
			var targets []Target
			switch len(inv.Args) {
			case 1:
				targets = []Target{{App: inv.Args[0]}}
			case 2:
				targets = []Target{{App: inv.Args[0], Name: inv.Args[1]}}
			}
			// With --run-syncdb, the installed apps without migrations (or
			// the one named) have their tables created first, as Django's
			// "Synchronize unmigrated apps".
			// An app with a migrations directory counts as migrated even
			// before its first migration, as a migrations package does in
			// Django: its tables are makemigrations' to create.
			migrated := func(label string) bool {
				if hasApp(g, label) {
					return true
				}
				for _, a := range x.Apps {
					if a.Label == label {
						return a.Dir != "" || len(a.Migrations) > 0
					}
				}
				return false
			}
			var unmigrated []string
			if syncdb {
				installed := false
				for _, a := range x.Apps {
					if len(targets) == 0 || a.Label == targets[0].App {
						installed = true
						if !migrated(a.Label) {
							unmigrated = append(unmigrated, a.Label)
						}
					}
				}
				slices.Sort(unmigrated)
				if len(targets) > 0 {
					switch {
					case !installed:
						return fmt.Errorf("%w: no installed app with label '%s'", ErrUnknown, targets[0].App)
					case migrated(targets[0].App):
						return fmt.Errorf("migrate: can't use --run-syncdb with app '%s' as it has migrations", targets[0].App)
					case targets[0].Name != "":
						return fmt.Errorf("%w: cannot find a migration matching '%s' from app '%s'", ErrUnknown, targets[0].Name, targets[0].App)
					}
				}
			}
			for _, t := range targets {
				if !hasApp(g, t.App) && !syncdb {
					return fmt.Errorf("%w: app '%s' does not have migrations", ErrUnknown, t.App)
				}
			}
			var steps []Step
			if !syncdb || len(targets) == 0 {
				if steps, err = x.Plan(g, applied, targets...); err != nil {
					return err
				}
			}
			w := inv.Stdout
			if flagBool(inv, "plan") {
				fmt.Fprintln(w, "Planned operations:")
				if len(steps) == 0 {
					fmt.Fprintln(w, "  No planned migration operations.")
				}
				for _, st := range steps {
					fmt.Fprintln(w, st.Migration.Key())
					for _, op := range st.Migration.Operations {
						d := op.Describe()
						if st.Backwards {
							d = "Undo " + d
							if irreversible(op) {
								d += " -> IRREVERSIBLE"
							}
						}
						fmt.Fprintln(w, "    "+d)
					}
				}
				return nil
			}
			fmt.Fprintln(w, "Operations to perform:")
			if syncdb {
				if len(targets) > 0 {
					fmt.Fprintf(w, "  Synchronize unmigrated app: %s\n", targets[0].App)
				} else {
					fmt.Fprintf(w, "  Synchronize unmigrated apps: %s\n", strings.Join(unmigrated, ", "))
				}
			}
			switch {
			case syncdb && len(targets) > 0:
				fmt.Fprintln(w, "  Apply all migrations: (none)")
			case len(targets) == 0:
				fmt.Fprintf(w, "  Apply all migrations: %s\n", strings.Join(g.Apps(), ", "))
			default:
				t := targets[0]
				switch t.Name {
				case "":
					fmt.Fprintf(w, "  Apply all migrations: %s\n", t.App)
				case "zero":
					fmt.Fprintf(w, "  Unapply all migrations: %s\n", t.App)
				default:
					k, _ := g.Find(t.App, t.Name)
					fmt.Fprintf(w, "  Target specific migration: %s, from %s\n", k.Name, t.App)
				}
			}
			if syncdb {
				if err := syncApps(ctx, w, p, x.DB, unmigrated); err != nil {
					return err
				}
			}
			fmt.Fprintln(w, "Running migrations:")
			if err := x.Run(ctx, g, steps); err != nil {
				return err
			}
			if len(steps) == 0 {
				warnPending(w, p, g, x.Apps)
			}
			return nil
		},
	}
}

// warnPending tells, as Django does, when models have changes no
// migration reflects.
func warnPending(w io.Writer, p Project, g *Graph, apps []AppMigrations) {
	reg, err := p.Registry()
	if err != nil {
		return
	}
	from, err := g.State()
	if err != nil {
		return
	}
	to, err := FromRegistry(reg)
	if err != nil {
		return
	}
	var labels []string
	for _, a := range apps {
		if a.Dir != "" {
			labels = append(labels, a.Label)
		}
	}
	changes := Detect(from, to, labels, nil)
	if len(changes) == 0 {
		return
	}
	var names []string
	for _, l := range labels {
		if _, ok := changes[l]; ok {
			names = append(names, "'"+l+"'")
		}
	}
	fmt.Fprintf(w, "  Your models in app(s): %s have changes that are not yet reflected in a migration, and so won't be applied.\n", strings.Join(names, ", "))
	fmt.Fprintln(w, "  Run 'makemigrations' to make new migrations, and then re-run 'migrate' to apply them.")
}

func irreversible(op Operation) bool {
	switch o := op.(type) {
	case RunSQL:
		return o.ReverseSQL == nil
	case RunGo:
		return o.Backward == nil
	}
	return false
}

// syncApps creates the missing tables of the models of apps (installed
// apps without migrations), as Django's migrate --run-syncdb: tables that
// exist are left alone. Like Django's, such apps cannot depend on apps
// with migrations, whose tables do not exist yet.
func syncApps(ctx context.Context, w io.Writer, p Project, db *orm.DB, apps []string) error {
	fmt.Fprintln(w, "Synchronizing apps without migrations:")
	reg, err := p.Registry()
	if err != nil {
		return err
	}
	existing, err := db.Tables(ctx)
	if err != nil {
		return fmt.Errorf("migrate: listing tables: %w", err)
	}
	// Table names compare as the database does: exactly on PostgreSQL,
	// without case on SQLite and (by default on most systems) MariaDB.
	same := strings.EqualFold
	if db.Dialect().Name() == "postgres" {
		same = func(a, b string) bool { return a == b }
	}
	fmt.Fprintln(w, "  Creating tables...")
	var create []*orm.Model
	for _, m := range reg.Models() {
		if !slices.Contains(apps, m.App) || slices.ContainsFunc(existing, func(t string) bool { return same(t, m.Table) }) {
			continue
		}
		create = append(create, m)
		if !m.AutoCreated {
			// Django lists the models, not their join tables.
			fmt.Fprintf(w, "    Creating table %s\n", m.Table)
		}
	}
	fmt.Fprintln(w, "    Running deferred SQL...")
	if len(create) == 0 {
		return nil
	}
	if err := db.Schema().CreateTables(ctx, create...); err != nil {
		return fmt.Errorf("migrate: synchronizing %s: %w", strings.Join(apps, ", "), err)
	}
	return nil
}

func hasApp(g *Graph, app string) bool {
	for _, a := range g.Apps() {
		if a == app {
			return true
		}
	}
	return false
}

func showmigrationsCmd(p Project) *cli.Command {
	return &cli.Command{
		Name:  "showmigrations",
		Short: "list migrations and whether they are applied",
		Usage: "[app_label ...]",
		Flags: func(fs *flag.FlagSet) {
			databaseFlag(fs)
			fs.Bool("plan", false, "list every migration in the order migrate applies them")
		},
		Run: func(ctx context.Context, inv *cli.Invocation) error {
			x, err := executor(ctx, p, inv)
			if err != nil {
				return err
			}
			g, applied, err := x.Load(ctx)
			if err != nil {
				return err
			}
			if flagBool(inv, "plan") {
				for _, k := range g.Order() {
					mark := " "
					if applied[k] {
						mark = "X"
					}
					fmt.Fprintf(inv.Stdout, "[%s]  %s\n", mark, k)
				}
				return nil
			}
			apps := inv.Args
			if len(apps) == 0 {
				for _, a := range x.Apps {
					apps = append(apps, a.Label)
				}
			}
			for _, app := range apps {
				fmt.Fprintln(inv.Stdout, app)
				var keys []Key
				for _, k := range g.Order() {
					if k.App == app {
						keys = append(keys, k)
					}
				}
				if len(keys) == 0 {
					fmt.Fprintln(inv.Stdout, " (no migrations)")
				}
				for _, k := range keys {
					mark := " "
					if applied[k] {
						mark = "X"
					}
					line := fmt.Sprintf(" [%s] %s", mark, k.Name)
					if m := g.nodes[k]; len(m.Replaces) > 0 {
						line += fmt.Sprintf(" (%d squashed migrations)", len(m.Replaces))
					}
					fmt.Fprintln(inv.Stdout, line)
				}
			}
			return nil
		},
	}
}

func sqlmigrateCmd(p Project) *cli.Command {
	return &cli.Command{
		Name:  "sqlmigrate",
		Short: "print the SQL of a migration",
		Usage: "app_label migration_name",
		Flags: func(fs *flag.FlagSet) {
			databaseFlag(fs)
			fs.Bool("backwards", false, "print the SQL unapplying the migration")
		},
		Run: func(ctx context.Context, inv *cli.Invocation) error {
			if len(inv.Args) != 2 {
				return cli.Usagef("sqlmigrate takes an app label and a migration name")
			}
			db, err := p.Database(ctx, flagString(inv, "database"))
			if err != nil {
				return err
			}
			g, err := NewAppGraph(p.MigrationApps(), nil)
			if err != nil {
				return err
			}
			k, err := g.Find(inv.Args[0], inv.Args[1])
			if err != nil {
				return err
			}
			x := &Executor{DB: db}
			stmts, err := x.SQL(g, Step{Migration: g.nodes[k], Backwards: flagBool(inv, "backwards")})
			if err != nil {
				return err
			}
			writeSQL(inv.Stdout, stmts, db.Dialect().Caps().TransactionalDDL)
			return nil
		},
	}
}

func writeSQL(w io.Writer, stmts []Statement, tx bool) {
	if tx {
		fmt.Fprintln(w, "BEGIN;")
	}
	for _, s := range stmts {
		if strings.HasPrefix(s.SQL, "--") {
			fmt.Fprintln(w, s.SQL)
			continue
		}
		line := s.SQL + ";"
		if len(s.Args) > 0 {
			line += fmt.Sprintf(" -- parameters: %v", s.Args)
		}
		fmt.Fprintln(w, line)
	}
	if tx {
		fmt.Fprintln(w, "COMMIT;")
	}
}

func squashCmd(p Project) *cli.Command {
	return &cli.Command{
		Name:  "squashmigrations",
		Short: "squash an app's migrations up to one into a single migration",
		Usage: "app_label migration_name",
		Flags: func(fs *flag.FlagSet) {
			fs.String("squashed-name", "", "name of the squashed migration (after its number)")
			fs.Bool("noinput", false, "ignored: squashmigrations does not ask questions")
		},
		Run: func(ctx context.Context, inv *cli.Invocation) error {
			if len(inv.Args) != 2 {
				return cli.Usagef("squashmigrations takes an app label and a migration name")
			}
			var dir string
			apps := p.MigrationApps()
			for _, a := range apps {
				if a.Label == inv.Args[0] {
					dir = a.Dir
				}
			}
			if dir == "" {
				return fmt.Errorf("migrate: app %q has no migrations directory (MigrationsDir)", inv.Args[0])
			}
			g, err := NewAppGraph(apps, nil)
			if err != nil {
				return err
			}
			m, err := Squash(g, inv.Args[0], inv.Args[1], flagString(inv, "squashed-name"))
			if err != nil {
				return err
			}
			paths, err := WriteFiles(dir, []*Migration{m})
			if err != nil {
				return err
			}
			fmt.Fprintf(inv.Stdout, "Created new squashed migration %s\n", filepath.Clean(paths[0]))
			fmt.Fprintf(inv.Stdout, "  You should commit this migration but leave the old ones in place;\n  the new migration will be used for new installs. Once you are sure\n  all instances of the codebase have applied the migrations you squashed,\n  you can delete them.\n")
			return nil
		},
	}
}
