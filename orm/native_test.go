package orm_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/dialect/postgres"
	"github.com/djinn-go/djinn/orm/ormtest"
)

// Sample has a field of every kind, for the read paths' round trips.
type Sample struct {
	ID    int64
	Small int16
	Int   int32
	Big   int64
	Pos   uint32
	F     float64
	F32   float32
	Flag  bool
	Name  string      `djinn:"max_length=60"`
	Body  string      `djinn:"type=text"`
	Email string      `djinn:"type=email;blank"`
	Dec   orm.Decimal `djinn:"max_digits=30;decimal_places=10"`
	At    time.Time
	Day   time.Time `djinn:"type=date"`
	Clock time.Time `djinn:"type=time"`
	Dur   time.Duration
	Ref   orm.UUID
	Data  map[string]any `djinn:"json;null"`
	Bin   []byte         `djinn:"null"`
	Note  *string        `djinn:"max_length=50"`
	Count *int64
	When  *time.Time
	NS    sql.NullString `djinn:"max_length=20"`
	NI    sql.NullInt64
	NF    sql.NullFloat64
	NB    sql.NullBool
	NT    sql.NullTime
	Owner *SampleOwner `djinn:"null;on_delete=set_null"`
}

type SampleOwner struct {
	ID   int64
	Name string `djinn:"max_length=20"`
}

func sampleRegistry() *orm.Registry {
	reg := orm.NewRegistry()
	if err := reg.Register("native", SampleOwner{}, Sample{}); err != nil {
		panic(err)
	}
	return reg
}

func samples(owner *SampleOwner) []Sample {
	note, count := "ünïcode ✓", int64(math.MinInt64)
	when := time.Date(1901, 12, 13, 20, 45, 52, 999999000, time.FixedZone("x", -(3*3600+30*60)))
	ist := time.FixedZone("IST", 5*3600+30*60)
	return []Sample{
		{Small: math.MaxInt16, Int: math.MinInt32, Big: math.MaxInt64, Pos: math.MaxUint32, F: 0.1, F32: 1.1, Flag: true,
			Name: "a", Body: "line\nbreak \x01 and 'quotes' \"", Email: "a@example.com",
			Dec: orm.MustDecimal("12345678901234567890.1234567890"), At: time.Date(2026, 3, 5, 14, 7, 9, 123456000, ist),
			Day: time.Date(1850, 7, 14, 0, 0, 0, 0, time.UTC), Clock: time.Date(0, 1, 1, 23, 59, 59, 999999000, time.UTC),
			Dur: -(26*time.Hour + 3*time.Minute + 4*time.Second + 6*time.Microsecond), Ref: orm.MustUUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
			Data: map[string]any{"b": []any{1.0, 2.5, nil}, "a": "x"}, Bin: []byte{0, 0xff, '\\', 'x'},
			Note: &note, Count: &count, When: &when,
			NS: sql.NullString{String: "s", Valid: true}, NI: sql.NullInt64{Int64: -300, Valid: true}, NF: sql.NullFloat64{Float64: -1e300, Valid: true},
			NB: sql.NullBool{Bool: false, Valid: true}, NT: sql.NullTime{Time: time.Date(1969, 12, 31, 23, 59, 59, 1000, time.UTC), Valid: true},
			Owner: owner},
		{Small: -1, Int: 256, Big: math.MinInt64, F: -2.5e-300, F32: -3.4e38, Name: "", Body: "",
			Dec: orm.MustDecimal("-0.0000000001"), At: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
			Day: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), Dur: 100000 * time.Hour},
		{Name: "zero", Bin: []byte{}},
	}
}

// Every kind of field reads the same through the direct path (outside
// transactions on PostgreSQL) as through database/sql (in a transaction).
func TestReadPathsAgree(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		owner := SampleOwner{Name: "o"}
		must(t, orm.Save(ctx, db, &owner))
		for _, s := range samples(&owner) {
			must(t, orm.Save(ctx, db, &s))
		}
		type read struct {
			all, joined []Sample
			get         Sample
			values      []map[string]any
			n           int64
		}
		load := func(ctx context.Context) (r read, err error) {
			qs := orm.Objects[Sample](db).OrderBy("id")
			if r.all, err = qs.All(ctx); err != nil {
				return r, err
			}
			if r.joined, err = qs.SelectRelated("owner").All(ctx); err != nil {
				return r, err
			}
			if r.get, err = orm.Objects[Sample](db).Get(ctx, orm.Q{"id": r.all[0].ID}); err != nil {
				return r, err
			}
			if r.values, err = qs.Values(ctx); err != nil {
				return r, err
			}
			if r.n, err = qs.Count(ctx); err != nil {
				return r, err
			}
			// Arguments of every type bind the same way on both paths.
			w := samples(nil)[0]
			for _, q := range []orm.Q{{"dec": w.Dec}, {"at": w.At}, {"day": w.Day}, {"clock": w.Clock}, {"dur": w.Dur}, {"ref": w.Ref},
				{"big": w.Big}, {"pos": w.Pos}, {"f": w.F}, {"flag": true}, {"name": "a"}, {"note": *w.Note}, {"ns": w.NS},
				{"when": *w.When}, {"owner__isnull": false}, {"bin": w.Bin}} {
				got, err := orm.Objects[Sample](db).Get(ctx, q)
				if err != nil {
					return r, fmt.Errorf("filter %v: %w", q, err)
				}
				if got.ID != r.all[0].ID {
					return r, fmt.Errorf("filter %v: row %d", q, got.ID)
				}
			}
			return r, nil
		}
		direct, err := load(ctx)
		must(t, err)
		var viaSQL read
		must(t, db.Atomic(ctx, func(ctx context.Context) error {
			viaSQL, err = load(ctx)
			return err
		}))
		if len(direct.all) != 3 || direct.n != 3 {
			t.Fatalf("%d rows, count %d", len(direct.all), direct.n)
		}
		for i := range direct.all {
			if !reflect.DeepEqual(direct.all[i], viaSQL.all[i]) {
				t.Errorf("row %d:\ndirect %+v\nsql    %+v", i, direct.all[i], viaSQL.all[i])
			}
			if !reflect.DeepEqual(direct.joined[i], viaSQL.joined[i]) {
				t.Errorf("joined row %d:\ndirect %+v\nsql    %+v", i, direct.joined[i], viaSQL.joined[i])
			}
			if !reflect.DeepEqual(direct.values[i], viaSQL.values[i]) {
				t.Errorf("values row %d:\ndirect %#v\nsql    %#v", i, direct.values[i], viaSQL.values[i])
			}
		}
		if !reflect.DeepEqual(direct.get, viaSQL.get) {
			t.Errorf("get:\ndirect %+v\nsql    %+v", direct.get, viaSQL.get)
		}
		// And they are the values saved.
		want := samples(&owner)[0]
		got := direct.joined[0]
		exactDec := got.Dec == want.Dec || db.Dialect().Name() == "sqlite" // numeric affinity rounds
		if got.Big != want.Big || got.Pos != want.Pos || got.F32 != want.F32 || !exactDec || !got.At.Equal(want.At) ||
			!got.Day.Equal(want.Day) || got.Dur != want.Dur || got.Ref != want.Ref || string(got.Bin) != string(want.Bin) ||
			*got.Note != *want.Note || *got.Count != *want.Count || !got.When.Equal(*want.When) || got.NT.Time.UnixMicro() != want.NT.Time.UnixMicro() ||
			got.Owner == nil || got.Owner.Name != "o" || got.Body != want.Body {
			t.Errorf("read back\n%+v\nsaved\n%+v", got, want)
		}
		if got := direct.all[1]; got.Note != nil || got.Owner != nil || got.NS.Valid || got.Data != nil || got.Bin != nil {
			t.Errorf("NULLs read back as %+v", got)
		}
	})
}

// On PostgreSQL, reads outside transactions bypass database/sql (which
// closes every connection it gives back, keeping none idle) and cost few
// allocations; a QueryLog still sees them.
func TestDirectPathTaken(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		p, ok := postgres.Pool(db.SQL())
		if !ok {
			t.Skip("no native pool on " + db.Dialect().Name())
		}
		o := SampleOwner{Name: "n"}
		must(t, orm.Save(ctx, db, &o))
		before, acquired := db.SQL().Stats(), p.Stat().AcquireCount()
		lctx, log := orm.WithQueryLog(ctx)
		for range 5 {
			got, err := orm.Objects[SampleOwner](db).Get(lctx, orm.Q{"id": o.ID})
			if err != nil || got.Name != "n" {
				t.Fatalf("%+v, %v", got, err)
			}
			if _, err := orm.Objects[SampleOwner](db).All(lctx); err != nil {
				t.Fatal(err)
			}
		}
		after := db.SQL().Stats()
		if after.MaxIdleClosed != before.MaxIdleClosed || after.OpenConnections != before.OpenConnections {
			t.Errorf("reads went through database/sql: %+v → %+v", before, after)
		}
		if n := p.Stat().AcquireCount() - acquired; n != 10 {
			t.Errorf("%d acquisitions from the pgxpool, want 10", n)
		}
		if log.Len() != 10 {
			t.Errorf("query log: %d entries, want 10", log.Len())
		}
		if raceEnabled {
			return
		}
		allocs := testing.AllocsPerRun(200, func() {
			if _, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"id": o.ID}); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > 12 {
			t.Errorf("Get: %.0f allocations, want ≤ 12", allocs)
		}
	})
}

// A read inside Atomic runs on the transaction and sees its uncommitted
// writes, which reads outside it do not.
func TestReadInAtomicSeesOwnWrites(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		if db.Dialect().Name() == "sqlite" {
			t.Skip("SQLite's writer holds the only write connection")
		}
		err := db.Atomic(ctx, func(tctx context.Context) error {
			o := SampleOwner{Name: "tx"}
			if err := orm.Save(tctx, db, &o); err != nil {
				return err
			}
			got, err := orm.Objects[SampleOwner](db).Get(tctx, orm.Q{"id": o.ID})
			if err != nil || got.Name != "tx" {
				t.Errorf("inside: %+v, %v", got, err)
			}
			if _, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"id": o.ID}); !errors.Is(err, orm.ErrDoesNotExist) {
				t.Errorf("outside, before commit: %v", err)
			}
			return nil
		})
		must(t, err)
		if n, err := orm.Objects[SampleOwner](db).Count(ctx); err != nil || n != 1 {
			t.Fatalf("after commit: %d, %v", n, err)
		}
	})
}

// Errors keep their types on the direct path, and a cancelled context
// stops a read with its error and leaves the pool usable.
func TestDirectPathErrorsAndCancel(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		a, b := SampleOwner{Name: "same"}, SampleOwner{Name: "same"}
		must(t, orm.Save(ctx, db, &a))
		must(t, orm.Save(ctx, db, &b))
		if _, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"id": -1}); !errors.Is(err, orm.ErrDoesNotExist) {
			t.Errorf("missing: %v", err)
		}
		if _, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"name": "same"}); !errors.Is(err, orm.ErrMultipleObjectsReturned) {
			t.Errorf("two: %v", err)
		}
		if db.Dialect().Name() != "postgres" {
			return
		}
		cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		defer cancel()
		_, err := orm.Raw[SampleOwner](cctx, db, "SELECT id, name FROM native_sampleowner, pg_sleep(5)")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("cancelled read: %v", err)
		}
		if got, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"id": a.ID}); err != nil || got.Name != "same" {
			t.Fatalf("after cancel: %+v, %v", got, err)
		}
	})
}

// A migration changing a column's type makes the statements cached on
// the pool's connections stale; the direct path retries them.
func TestDirectPathStalePlan(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		if db.Dialect().Name() != "postgres" {
			t.Skip("statement caching is PostgreSQL's")
		}
		must(t, db.SetPool(orm.PoolConfig{MaxOpen: 1}))
		o := SampleOwner{Name: "p"}
		must(t, orm.Save(ctx, db, &o))
		get := func() {
			t.Helper()
			if got, err := orm.Objects[SampleOwner](db).Get(ctx, orm.Q{"id": o.ID}); err != nil || got.Name != "p" {
				t.Fatalf("%+v, %v", got, err)
			}
		}
		get()
		// Another client (its own pool) changes the table.
		p, _ := postgres.Pool(db.SQL())
		other, err := orm.Open(ctx, p.Config().ConnString(), nil, postgres.New())
		must(t, err)
		defer other.Close()
		_, err = other.Exec(ctx, "ALTER TABLE native_sampleowner ALTER COLUMN name TYPE text")
		must(t, err)
		get()
	})
}

// Pool settings reach both database/sql and the pgxpool.
func TestSetPool(t *testing.T) {
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		must(t, db.SetPool(orm.PoolConfig{MaxOpen: 9, MinOpen: 1, MaxLifetime: time.Hour, MaxIdleTime: time.Minute}))
		if got := db.SQL().Stats().MaxOpenConnections; got != 9 {
			t.Errorf("database/sql: MaxOpenConnections %d", got)
		}
		p, ok := postgres.Pool(db.SQL())
		if !ok {
			return
		}
		c := p.Config()
		if c.MaxConns != 9 || c.MinConns != 1 || c.MaxConnLifetime != time.Hour || c.MaxConnIdleTime != time.Minute {
			t.Errorf("pgxpool: %d %d %s %s", c.MaxConns, c.MinConns, c.MaxConnLifetime, c.MaxConnIdleTime)
		}
		if _, err := orm.Objects[SampleOwner](db).Count(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
}

// Settings the native pool rejects change nothing, database/sql's pool
// included.
func TestSetPoolRejectedChangesNothing(t *testing.T) {
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		if _, ok := postgres.Pool(db.SQL()); !ok {
			t.Skip("no native pool")
		}
		before := db.SQL().Stats().MaxOpenConnections
		if err := db.SetPool(orm.PoolConfig{MaxOpen: 2, MinOpen: 5}); err == nil {
			t.Fatal("MinOpen > MaxOpen accepted")
		}
		if got := db.SQL().Stats().MaxOpenConnections; got != before {
			t.Errorf("database/sql: MaxOpenConnections %d after a rejected SetPool, was %d", got, before)
		}
	})
}

// Bad rows read as errors on every read path: NULL into a non-null field,
// a value the field's kind cannot hold, and (PostgreSQL) a column type the
// direct path has no decoding for, read as its text.
func TestReadBadColumns(t *testing.T) {
	ctx := context.Background()
	ormtest.Run(t, sampleRegistry(), func(t *testing.T, db *orm.DB) {
		owner := SampleOwner{Name: "o"}
		must(t, orm.Save(ctx, db, &owner))
		for _, inTx := range []bool{false, true} {
			read := func(q string) (got []SampleOwner, err error) {
				if !inTx {
					return orm.Raw[SampleOwner](ctx, db, q)
				}
				err = db.Atomic(ctx, func(ctx context.Context) error {
					got, err = orm.Raw[SampleOwner](ctx, db, q)
					return err
				})
				return got, err
			}
			if got, err := read("SELECT id, NULL AS name FROM native_sampleowner"); err == nil {
				t.Errorf("tx=%v: NULL into a non-null field: %+v, no error", inTx, got)
			}
			if got, err := read("SELECT 'x' AS id, name FROM native_sampleowner"); err == nil {
				t.Errorf("tx=%v: text into an integer field: %+v, no error", inTx, got)
			}
			if db.Dialect().Name() != "postgres" {
				continue
			}
			got, err := read("SELECT id, point(1, 2) AS name FROM native_sampleowner")
			if err != nil || len(got) != 1 || got[0].Name != "(1,2)" {
				t.Errorf("tx=%v: point into a text field: %+v, %v", inTx, got, err)
			}
		}
	})
}
