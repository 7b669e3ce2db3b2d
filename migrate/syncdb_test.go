package migrate_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/migrate"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
)

type syncTag struct {
	ID   int64
	Name string `djinn:"max_length=20"`
}

type syncNote struct {
	ID   int64
	Text string    `djinn:"max_length=50"`
	Tags []syncTag `djinn:"m2m"`
}

// TestRunSyncdb: migrate --run-syncdb creates the tables of installed apps
// without migrations (join tables included) before running the others'
// migrations, leaves existing tables alone, and refuses an app that has
// migrations; without it, naming such an app is an error.
func TestRunSyncdb(t *testing.T) {
	reg := orm.NewRegistry()
	if err := versions[0].register(reg); err != nil {
		t.Fatal(err)
	}
	if err := reg.Register("notes", syncTag{}, syncNote{}); err != nil {
		t.Fatal(err)
	}
	polls := lifecycleMigration(t, versions[0].register, nil)
	for _, b := range ormtest.Open(t, orm.NewRegistry()) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			p := &fakeProject{reg: reg, db: b.DB, apps: []migrate.AppMigrations{
				{Label: "polls", Migrations: []*migrate.Migration{polls}},
				{Label: "notes"},
				{Label: "drafts", Dir: t.TempDir()}, // a migrations package, no migration yet
			}}
			if out, code := run(t, p, "", "migrate", "--run-syncdb", "drafts"); code == 0 {
				t.Fatalf("--run-syncdb drafts (migrated, if empty): %s", out)
			}
			if out, code := run(t, p, "", "migrate", "--run-syncdb", "notes", "0001"); code == 0 {
				t.Fatalf("--run-syncdb notes 0001: %s", out)
			}
			if out, code := run(t, p, "", "migrate", "--run-syncdb", "nope"); code == 0 {
				t.Fatalf("--run-syncdb nope: %s", out)
			}
			if out, code := run(t, p, "", "migrate", "notes"); code == 0 {
				t.Fatalf("migrate notes without --run-syncdb: %s", out)
			}
			if out, code := run(t, p, "", "migrate", "--run-syncdb", "polls"); code == 0 {
				t.Fatalf("--run-syncdb polls: %s", out)
			}
			out, code := run(t, p, "", "migrate", "--run-syncdb")
			if code != 0 {
				t.Fatalf("migrate --run-syncdb: %d\n%s", code, out)
			}
			mustContain(t, out, "  Synchronize unmigrated apps: notes\n", "  Apply all migrations: polls\n",
				"Synchronizing apps without migrations:\n", "    Creating table notes_syncnote\n", "    Creating table notes_synctag\n",
				"  Applying polls.0001_initial... OK")
			tables, err := b.DB.Tables(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"notes_syncnote", "notes_synctag", "notes_syncnote_tags", "polls_question"} {
				if !slices.Contains(tables, want) {
					t.Errorf("no table %s in %v", want, tables)
				}
			}
			// Again: nothing to create, nothing to apply.
			out, code = run(t, p, "", "migrate", "--run-syncdb", "notes")
			if code != 0 {
				t.Fatalf("again: %d\n%s", code, out)
			}
			mustContain(t, out, "  Synchronize unmigrated app: notes\n", "  Apply all migrations: (none)\n", "  Creating tables...\n    Running deferred SQL...\n")
			if strings.Contains(out, "Creating table notes") {
				t.Errorf("existing table created again:\n%s", out)
			}
		})
	}
}
