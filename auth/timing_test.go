package auth_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/djinn-go/djinn/auth"
	"github.com/djinn-go/djinn/auth/hashers"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
)

// TestLoginTiming checks security.md §1.4 at the backend: an unknown
// username, a user with an unusable password and a wrong password cost
// about the same, so timing does not tell them apart. The fastest of
// several runs is compared (other processes only ever slow a run down),
// within a factor of 3: a path that skipped hashing would be hundreds of
// times faster, and a loaded CI machine has slowed the fastest of eleven
// runs by half. TestLoginWorkEqual checks the same without a clock.
func TestLoginTiming(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing test")
	}
	ctx := context.Background()
	b := loginBackend(t, ormtest.Open(t, registry(t))[0].DB, hashers.PBKDF2{Iterations: 60000}) // SQLite
	cases := []string{"real", "unusable", "nobody"}
	samples := make([][]time.Duration, len(cases))
	for range 11 {
		for i, name := range cases {
			start := time.Now()
			if u, err := b.Authenticate(ctx, nil, name, "wrong"); u != nil || err != nil {
				t.Fatal(u, err)
			}
			samples[i] = append(samples[i], time.Since(start))
		}
	}
	fastest := make([]time.Duration, len(cases))
	for i, s := range samples {
		fastest[i] = slices.Min(s)
	}
	if lo, hi := slices.Min(fastest), slices.Max(fastest); float64(hi) > 3*float64(lo) {
		t.Fatalf("fastest runs differ too much (real, unusable, unknown): %v", fastest)
	}
}

// countingHasher is PBKDF2 counting the hashes it computes.
type countingHasher struct {
	hashers.PBKDF2
	n *int
}

func (h countingHasher) Encode(password, salt string) (string, error) {
	*h.n++
	return h.PBKDF2.Encode(password, salt)
}

func (h countingHasher) Verify(password, encoded string) (bool, error) {
	*h.n++
	return h.PBKDF2.Verify(password, encoded)
}

// TestLoginWorkEqual is TestLoginTiming without the clock: on every
// database, a wrong password, an unusable password and an unknown
// username each compute exactly one hash (all with the one hasher here, and
// the users' hashes made with its work factor), so no path skips the hash
// whatever the machine's load.
func TestLoginWorkEqual(t *testing.T) {
	for _, be := range ormtest.Open(t, registry(t)) {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			var n int
			b := loginBackend(t, be.DB, countingHasher{hashers.PBKDF2{Iterations: 1000}, &n})
			for _, name := range []string{"real", "unusable", "nobody", "REAL"} {
				n = 0
				if u, err := b.Authenticate(ctx, nil, name, "wrong"); u != nil || err != nil {
					t.Fatal(name, u, err)
				}
				if n != 1 {
					t.Errorf("%s: %d hashes computed, want 1", name, n)
				}
			}
		})
	}
}

// loginBackend is a ModelBackend over db, whose tables it creates, hashing
// with h, with the users "real" (password "right-password") and
// "unusable" (an unusable password).
func loginBackend(t *testing.T, db *orm.DB, h hashers.Hasher) *auth.ModelBackend {
	t.Helper()
	ctx := context.Background()
	a := auth.App()
	a.DB = db
	a.Hashers = hashers.Hashers{h}
	if err := db.Schema().CreateTables(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, "real", "", "right-password"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateUser(ctx, "unusable", "", ""); err != nil {
		t.Fatal(err)
	}
	return &auth.ModelBackend{App: a}
}
