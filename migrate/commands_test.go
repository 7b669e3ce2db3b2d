package migrate_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/cli"
	"github.com/djinn-go/djinn/migrate"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
)

type fakeProject struct {
	reg  *orm.Registry
	db   *orm.DB
	apps []migrate.AppMigrations
}

func (p *fakeProject) Registry() (*orm.Registry, error) { return p.reg, nil }
func (p *fakeProject) Database(_ context.Context, name string) (*orm.DB, error) {
	if name != "default" {
		return nil, errors.New("no database " + name)
	}
	return p.db, nil
}
func (p *fakeProject) MigrationApps() []migrate.AppMigrations { return p.apps }

var _ migrate.Project = (*fakeProject)(nil)

func run(t *testing.T, p migrate.Project, stdin string, args ...string) (string, int) {
	t.Helper()
	var out, errw bytes.Buffer
	d := &cli.Dispatcher{Program: "manage", Commands: migrate.Commands(p), Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errw}
	code := d.Main(context.Background(), args)
	return out.String() + errw.String(), code
}

func mustContain(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "migrations")
	reg := orm.NewRegistry()
	if err := versions[0].register(reg); err != nil {
		t.Fatal(err)
	}
	db := ormtest.Open(t, orm.NewRegistry())[0].DB
	p := &fakeProject{reg: reg, db: db, apps: []migrate.AppMigrations{{Label: "polls", Dir: dir}}}

	out, code := run(t, p, "", "makemigrations", "--check")
	if code != 1 {
		t.Fatalf("--check with changes: exit %d\n%s", code, out)
	}
	if names, _ := migrate.DirMigrations(dir); len(names) != 0 {
		t.Fatalf("--check wrote %v", names)
	}
	out, code = run(t, p, "", "makemigrations", "--dry-run", "polls")
	mustContain(t, out, "Migrations for 'polls':", "0001_initial.go", "    - Create model Question", "func m0001Initial() *migrate.Migration")
	if names, _ := migrate.DirMigrations(dir); code != 0 || len(names) != 0 {
		t.Fatalf("--dry-run: exit %d, wrote %v", code, names)
	}
	out, code = run(t, p, "", "makemigrations")
	if code != 0 {
		t.Fatalf("makemigrations: %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "migrations.go")); err != nil {
		t.Fatal(err)
	}
	// The project now ships the migration (as the compiled package would).
	m1 := &migrate.Migration{}
	*m1 = *lifecycleMigration(t, versions[0].register, nil)
	p.apps[0].Migrations = []*migrate.Migration{m1}

	out, code = run(t, p, "", "makemigrations", "--check")
	if code != 0 || !strings.Contains(out, "No changes detected") {
		t.Fatalf("--check after makemigrations: %d\n%s", code, out)
	}
	out, _ = run(t, p, "", "makemigrations", "--empty", "--dry-run", "--name", "data", "polls")
	mustContain(t, out, "0002_data.go", `Dependencies: []migrate.Key{`, "Operations: []migrate.Operation{},")
	if _, code = run(t, p, "", "makemigrations", "--empty"); code != 1 {
		t.Fatal("--empty without an app accepted")
	}
	if out, code = run(t, p, "", "makemigrations", "--name", "Bad Name"); code != 1 {
		t.Fatalf("bad name accepted: %s", out)
	}
	out, _ = run(t, p, "", "showmigrations")
	mustContain(t, out, "polls\n [ ] 0001_initial\n")
	out, _ = run(t, p, "", "migrate", "--plan")
	mustContain(t, out, "Planned operations:\npolls.0001_initial\n    Create model Question\n")
	out, _ = run(t, p, "", "sqlmigrate", "polls", "0001")
	mustContain(t, out, "BEGIN;", `CREATE TABLE "polls_question"`, "COMMIT;")
	out, _ = run(t, p, "", "sqlmigrate", "--backwards", "polls", "0001_initial")
	mustContain(t, out, `DROP TABLE IF EXISTS "polls_question"`)

	out, code = run(t, p, "", "migrate")
	if code != 0 {
		t.Fatalf("migrate: %d\n%s", code, out)
	}
	want := "Operations to perform:\n  Apply all migrations: polls\nRunning migrations:\n  Applying polls.0001_initial... OK\n"
	if out != want {
		t.Fatalf("migrate output:\n%q\nwant\n%q", out, want)
	}
	out, _ = run(t, p, "", "migrate")
	mustContain(t, out, "  No migrations to apply.")
	out, _ = run(t, p, "", "showmigrations", "polls")
	mustContain(t, out, " [X] 0001_initial")
	out, _ = run(t, p, "", "showmigrations", "--plan")
	mustContain(t, out, "[X]  polls.0001_initial\n")

	// Rename: asked interactively.
	reg2 := orm.NewRegistry()
	if err := versions[2].register(reg2); err != nil {
		t.Fatal(err)
	}
	p.reg = reg2
	// versions[2] also adds votes; answer yes to the rename question.
	out, _ = run(t, p, "y\n", "makemigrations", "--dry-run")
	mustContain(t, out, "Was the field question.text renamed to question.body (a CharField)? [y/N]", "    - Rename field text on Question to body")
	out, _ = run(t, p, "n\n", "makemigrations", "--dry-run")
	mustContain(t, out, "    - Remove field text from Question", "    - Add field body to Question")
	out, _ = run(t, p, "", "makemigrations", "--dry-run", "--noinput", "--renames", "--name", "rename_text")
	mustContain(t, out, "0002_rename_text.go", "    - Rename field text on Question to body")
	out, _ = run(t, p, "", "migrate")
	mustContain(t, out, "  No migrations to apply.\n  Your models in app(s): 'polls' have changes that are not yet reflected in a migration")
	p.reg = reg

	out, code = run(t, p, "", "migrate", "polls", "zero")
	if code != 0 {
		t.Fatalf("zero: %s", out)
	}
	mustContain(t, out, "  Unapply all migrations: polls\n", "  Unapplying polls.0001_initial... OK\n")
	out, _ = run(t, p, "", "migrate", "--fake", "polls", "0001")
	mustContain(t, out, "  Target specific migration: 0001_initial, from polls\n", "  Applying polls.0001_initial... FAKED\n")
	out, _ = run(t, p, "", "migrate", "--fake", "polls", "zero")
	mustContain(t, out, "FAKED")
	// --fake-initial: the table exists, so the initial migration is faked.
	if _, err := db.Exec(context.Background(), "CREATE TABLE polls_question (id integer PRIMARY KEY, text varchar(200) NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	out, _ = run(t, p, "", "migrate", "--fake-initial")
	mustContain(t, out, "  Applying polls.0001_initial... FAKED\n")

	out, code = run(t, p, "", "migrate", "nosuchapp")
	if code != 1 || !strings.Contains(out, "does not have migrations") {
		t.Fatalf("unknown app: %d %s", code, out)
	}
	out, code = run(t, p, "", "sqlmigrate", "polls")
	if code != 2 {
		t.Fatalf("sqlmigrate usage: %d %s", code, out)
	}
}

// lifecycleMigration generates the migration taking prev to register's
// models.
func lifecycleMigration(t *testing.T, register func(*orm.Registry) error, prev []*migrate.Migration) *migrate.Migration {
	t.Helper()
	reg := orm.NewRegistry()
	if err := register(reg); err != nil {
		t.Fatal(err)
	}
	made, err := migrate.MakeMigrations(reg, []migrate.AppMigrations{{Label: "polls", Migrations: prev, Dir: t.TempDir()}},
		migrate.MakeOptions{DryRun: true, Questioner: migrate.Fixed{Renames: true}})
	if err != nil || len(made) != 1 {
		t.Fatalf("makemigrations: %v, %v", made, err)
	}
	return made[0].Migration
}

func TestSquash(t *testing.T) {
	ctx := ctxT(t)
	var migs []*migrate.Migration
	for _, v := range versions[:4] {
		migs = append(migs, lifecycleMigration(t, v.register, migs))
	}
	g, err := migrate.NewGraph(migs, nil)
	if err != nil {
		t.Fatal(err)
	}
	sq, err := migrate.Squash(g, "polls", "0004", "")
	if err != nil {
		t.Fatal(err)
	}
	if sq.Name != "0001_squashed_0004_alter_question_body_alter_question_votes" || len(sq.Replaces) != 4 || !sq.Initial {
		t.Fatalf("squashed %s replaces %v", sq.Name, sq.Replaces)
	}
	if len(sq.Operations) != 1 {
		t.Fatalf("not optimised: %#v", sq.Operations)
	}
	cm := sq.Operations[0].(migrate.CreateModel)
	if len(cm.Fields) != 3 || cm.Fields[1].Name != "body" || cm.Fields[1].MaxLength != 300 || cm.Fields[2].Kind != "BigIntegerField" {
		t.Fatalf("squashed model %#v", cm)
	}
	both := append(append([]*migrate.Migration(nil), migs...), sq)
	for _, b := range ormtest.Open(t, orm.NewRegistry()) {
		// A fresh database runs the squashed migration only...
		var out bytes.Buffer
		x := &migrate.Executor{DB: b.DB, Apps: []migrate.AppMigrations{{Label: "polls", Migrations: both}}, Out: &out}
		if err := x.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if strings.Count(out.String(), "Applying") != 1 {
			t.Fatalf("%s: %s", b.Name, out.String())
		}
		applied, _ := (&migrate.Recorder{DB: b.DB}).Applied(ctx)
		if len(applied) != 5 {
			t.Fatalf("%s: applied %v", b.Name, applied)
		}
		// ...and reverses it.
		if err := x.Migrate(ctx, migrate.Target{App: "polls", Name: "zero"}); err != nil {
			t.Fatal(err)
		}
		checkSchema(ctx, t, b.DB, nil, nil)
		// A database with only some of the replaced migrations keeps using them.
		x.Apps[0].Migrations = migs
		if err := x.Migrate(ctx, migrate.Target{App: "polls", Name: "0002"}); err != nil {
			t.Fatal(err)
		}
		x.Apps[0].Migrations = both
		out.Reset()
		if err := x.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "polls.0004") || strings.Contains(out.String(), "squashed") {
			t.Fatalf("%s: partial: %s", b.Name, out.String())
		}
	}
}

func TestMergeAndConflicts(t *testing.T) {
	base := lifecycleMigration(t, versions[0].register, nil)
	a := &migrate.Migration{App: "polls", Name: "0002_a", Dependencies: []migrate.Key{base.Key()}}
	b := &migrate.Migration{App: "polls", Name: "0002_b", Dependencies: []migrate.Key{base.Key()}}
	reg := orm.NewRegistry()
	if err := versions[0].register(reg); err != nil {
		t.Fatal(err)
	}
	apps := []migrate.AppMigrations{{Label: "polls", Migrations: []*migrate.Migration{base, a, b}, Dir: t.TempDir()}}
	_, err := migrate.MakeMigrations(reg, apps, migrate.MakeOptions{DryRun: true})
	var ce *migrate.ConflictError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "makemigrations --merge") {
		t.Fatalf("conflict: %v", err)
	}
	made, err := migrate.MakeMigrations(reg, apps, migrate.MakeOptions{Merge: true})
	if err != nil || len(made) != 1 || made[0].Migration.Name != "0003_merge_0002_a_0002_b" || len(made[0].Migration.Dependencies) != 2 {
		t.Fatalf("merge: %v, %v", made, err)
	}
	apps[0].Migrations = append(apps[0].Migrations, made[0].Migration)
	db := ormtest.Open(t, orm.NewRegistry())[0].DB
	x := &migrate.Executor{DB: db, Apps: apps}
	if err := x.Migrate(ctxT(t)); err != nil {
		t.Fatal(err)
	}
}

func TestNumberingAfterSquash(t *testing.T) {
	var migs []*migrate.Migration
	for _, v := range versions[:3] {
		migs = append(migs, lifecycleMigration(t, v.register, migs))
	}
	g, _ := migrate.NewGraph(migs, nil)
	sq, err := migrate.Squash(g, "polls", "0003", "")
	if err != nil {
		t.Fatal(err)
	}
	next := lifecycleMigration(t, versions[3].register, append(migs, sq))
	if !strings.HasPrefix(next.Name, "0004_") || len(next.Dependencies) != 1 || next.Dependencies[0] != sq.Key() {
		t.Fatalf("after squash: %s %v", next.Name, next.Dependencies)
	}
}

func TestStaleFiles(t *testing.T) {
	dir := t.TempDir()
	reg := orm.NewRegistry()
	if err := versions[0].register(reg); err != nil {
		t.Fatal(err)
	}
	apps := []migrate.AppMigrations{{Label: "polls", Dir: dir}}
	if _, err := migrate.MakeMigrations(reg, apps, migrate.MakeOptions{}); err != nil {
		t.Fatal(err)
	}
	// Run again without rebuilding: the file is not compiled in.
	if _, err := migrate.MakeMigrations(reg, apps, migrate.MakeOptions{}); !errors.Is(err, migrate.ErrStale) {
		t.Fatalf("err = %v", err)
	}
}

// TestFill: a NOT NULL field without a default added to a table with rows
// is filled with the one-off default the questioner gets.
func TestFill(t *testing.T) {
	ctx := ctxT(t)
	initial := lifecycleMigration(t, versions[0].register, nil)
	reg := orm.NewRegistry()
	type Question struct {
		ID    int64
		Text  string `djinn:"max_length=200"`
		Count int32
	}
	if err := reg.Register("polls", Question{}); err != nil {
		t.Fatal(err)
	}
	p := &fakeProject{reg: reg, db: ormtest.Open(t, orm.NewRegistry())[0].DB,
		apps: []migrate.AppMigrations{{Label: "polls", Dir: t.TempDir(), Migrations: []*migrate.Migration{initial}}}}
	out, code := run(t, p, "3\n", "makemigrations", "--dry-run")
	if code != 0 {
		t.Fatal(out)
	}
	mustContain(t, out, "It is impossible to add a non-nullable field 'count' to question without specifying a default.", "Fill:  \"3\",")

	var sink bytes.Buffer
	made, err := migrate.MakeMigrations(reg, p.apps, migrate.MakeOptions{DryRun: true, Questioner: migrate.NewInteractive(strings.NewReader("3\n"), &sink)})
	if err != nil || len(made) != 1 {
		t.Fatal(made, err)
	}
	for _, b := range ormtest.Open(t, orm.NewRegistry()) {
		x := &migrate.Executor{DB: b.DB, Apps: []migrate.AppMigrations{{Label: "polls", Migrations: []*migrate.Migration{initial}}}}
		if err := x.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := b.DB.Exec(ctx, "INSERT INTO polls_question (text) VALUES ('a')"); err != nil {
			t.Fatal(err)
		}
		x.Apps[0].Migrations = append(x.Apps[0].Migrations, made[0].Migration)
		if err := x.Migrate(ctx); err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		if got := scalar(ctx, t, b.DB, "SELECT count FROM polls_question"); got != "3" {
			t.Errorf("%s: filled with %s", b.Name, got)
		}
		checkState(ctx, t, b.DB, reg)
	}
	// The one-off default is not part of the state: no change left.
	p.apps[0].Migrations = append(p.apps[0].Migrations, made[0].Migration)
	if out, code := run(t, p, "", "makemigrations", "--check"); code != 0 {
		t.Fatal(out)
	}
}

func TestSquashCommand(t *testing.T) {
	var migs []*migrate.Migration
	for _, v := range versions[:3] {
		migs = append(migs, lifecycleMigration(t, v.register, migs))
	}
	dir := filepath.Join(t.TempDir(), "migrations")
	p := &fakeProject{apps: []migrate.AppMigrations{{Label: "polls", Dir: dir, Migrations: migs}}}
	out, code := run(t, p, "", "squashmigrations", "polls", "0002")
	if code != 0 {
		t.Fatal(out)
	}
	mustContain(t, out, "Created new squashed migration "+filepath.Join(dir, "0001_squashed_0002_question_votes.go"))
	b, err := os.ReadFile(filepath.Join(dir, "0001_squashed_0002_question_votes.go"))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, string(b), "Replaces: []migrate.Key{", `{App: "polls", Name: "0002_question_votes"}`, "migrate.CreateModel{")
	idx, _ := os.ReadFile(filepath.Join(dir, migrate.IndexFile))
	mustContain(t, string(idx), "m0001Squashed0002QuestionVotes(),")
	if _, code := run(t, p, "", "squashmigrations", "polls", "0001"); code != 1 {
		t.Fatal("squashing one migration accepted")
	}
}
