package orm_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/orm/ormtest"
)

// NarrowInts maps narrow Go integers onto BIGINT columns, so the database
// holds values the fields cannot.
type NarrowInts struct {
	ID  int64
	I8  int8           `djinn:"type=bigint"`
	I16 int16          `djinn:"type=bigint"`
	I32 int32          `djinn:"type=bigint"`
	U   uint           `djinn:"type=bigint"`
	U8  uint8          `djinn:"type=bigint"`
	U16 uint16         `djinn:"type=bigint"`
	U32 uint32         `djinn:"type=bigint"`
	U64 uint64         `djinn:"type=bigint"`
	P8  *int8          `djinn:"type=bigint;null"`
	N16 sql.NullInt16  `djinn:"type=bigint"`
	N32 sql.NullInt32  `djinn:"type=bigint"`
	Dur *time.Duration `djinn:"null"`
	F32 *float32       `djinn:"null"`
}

func narrowRegistry() *orm.Registry {
	reg := orm.NewRegistry()
	if err := reg.Register("narrow", NarrowInts{}); err != nil {
		panic(err)
	}
	return reg
}

type narrowCase struct {
	field    string // Go field name
	kind     string // the Go integer kind named in the error
	min, max int64
	over     []int64 // values the field cannot hold
}

var narrowCases = []narrowCase{
	{"I8", "int8", math.MinInt8, math.MaxInt8, []int64{300, math.MaxInt8 + 1, math.MinInt8 - 1}},
	{"I16", "int16", math.MinInt16, math.MaxInt16, []int64{math.MaxInt16 + 1, math.MinInt16 - 1}},
	{"I32", "int32", math.MinInt32, math.MaxInt32, []int64{math.MaxInt32 + 1, math.MinInt32 - 1}},
	{"U", "uint", 0, math.MaxInt64, []int64{-1}},
	{"U8", "uint8", 0, math.MaxUint8, []int64{math.MaxUint8 + 1, -1}},
	{"U16", "uint16", 0, math.MaxUint16, []int64{math.MaxUint16 + 1, -1}},
	{"U32", "uint32", 0, math.MaxUint32, []int64{math.MaxUint32 + 1, -1}},
	{"U64", "uint64", 0, math.MaxInt64, []int64{-1, math.MinInt64}},
	{"P8", "int8", math.MinInt8, math.MaxInt8, []int64{math.MaxInt8 + 1, math.MinInt8 - 1}},
	{"N16", "int16", math.MinInt16, math.MaxInt16, []int64{math.MaxInt16 + 1, math.MinInt16 - 1}},
	{"N32", "int32", math.MinInt32, math.MaxInt32, []int64{math.MaxInt32 + 1, math.MinInt32 - 1}},
}

// narrowValue is field name of r as an int64.
func narrowValue(r NarrowInts, name string) int64 {
	switch name {
	case "I8":
		return int64(r.I8)
	case "I16":
		return int64(r.I16)
	case "I32":
		return int64(r.I32)
	case "U":
		return int64(r.U)
	case "U8":
		return int64(r.U8)
	case "U16":
		return int64(r.U16)
	case "U32":
		return int64(r.U32)
	case "U64":
		return int64(r.U64)
	case "P8":
		if r.P8 == nil {
			return -999
		}
		return int64(*r.P8)
	case "N16":
		if !r.N16.Valid {
			return -999
		}
		return int64(r.N16.Int16)
	case "N32":
		if !r.N32.Valid {
			return -999
		}
		return int64(r.N32.Int32)
	}
	panic(name)
}

// narrowReads reads the NarrowInts rows every way a model is read: Get,
// All, Iter and Raw, each outside a transaction (on PostgreSQL, the direct
// path) and inside one (database/sql).
func narrowReads(db *orm.DB, table string) map[string]func(ctx context.Context, id int64) (NarrowInts, error) {
	one := func(rows []NarrowInts, err error) (NarrowInts, error) {
		if err != nil {
			return NarrowInts{}, err
		}
		if len(rows) != 1 {
			return NarrowInts{}, fmt.Errorf("%d rows", len(rows))
		}
		return rows[0], nil
	}
	reads := map[string]func(ctx context.Context, id int64) (NarrowInts, error){
		"Get": func(ctx context.Context, id int64) (NarrowInts, error) {
			return orm.Objects[NarrowInts](db).Get(ctx, orm.Q{"pk": id})
		},
		"All": func(ctx context.Context, id int64) (NarrowInts, error) {
			return one(orm.Objects[NarrowInts](db).Filter("pk", id).All(ctx))
		},
		"Iter": func(ctx context.Context, id int64) (NarrowInts, error) {
			var rows []NarrowInts
			for r, err := range orm.Objects[NarrowInts](db).Filter("pk", id).Iter(ctx) {
				if err != nil {
					return NarrowInts{}, err
				}
				rows = append(rows, r)
			}
			return one(rows, nil)
		},
		"Raw": func(ctx context.Context, id int64) (NarrowInts, error) {
			return one(orm.Raw[NarrowInts](ctx, db, "SELECT * FROM "+table+" WHERE id = ?", id))
		},
	}
	out := map[string]func(ctx context.Context, id int64) (NarrowInts, error){}
	for name, read := range reads {
		out[name] = read
		out[name+"/tx"] = func(ctx context.Context, id int64) (r NarrowInts, err error) {
			err = db.Atomic(ctx, func(ctx context.Context) error {
				r, err = read(ctx, id)
				return err
			})
			return r, err
		}
	}
	return out
}

// A database value a narrow Go integer field cannot hold reads as an error
// naming the model, the field and the value, on every read path; values up
// to and including the bounds read back exactly.
func TestNarrowIntOverflowIsAnError(t *testing.T) {
	ctx := context.Background()
	reg := narrowRegistry()
	m, err := orm.ModelFor[NarrowInts](reg)
	must(t, err)
	col, name := map[string]string{}, map[string]string{}
	for _, f := range m.Fields {
		col[f.GoName], name[f.GoName] = f.Column, f.Name
	}
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		exec := func(q string) {
			t.Helper()
			if _, err := db.Exec(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		// Row 1 holds every field's minimum, row 2 its maximum, row 3
		// zeros (the row the overflowing values are written into).
		for id, pick := range map[int64]func(c narrowCase) int64{
			1: func(c narrowCase) int64 { return c.min },
			2: func(c narrowCase) int64 { return c.max },
			3: func(narrowCase) int64 { return 0 },
		} {
			cols, vals := []string{col["ID"]}, []string{strconv.FormatInt(id, 10)}
			for _, c := range narrowCases {
				cols = append(cols, col[c.field])
				vals = append(vals, strconv.FormatInt(pick(c), 10))
			}
			exec(fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", m.Table, strings.Join(cols, ", "), strings.Join(vals, ", ")))
		}
		reads := narrowReads(db, m.Table)
		for name, read := range reads {
			for id, want := range map[int64]func(c narrowCase) int64{
				1: func(c narrowCase) int64 { return c.min },
				2: func(c narrowCase) int64 { return c.max },
			} {
				r, err := read(ctx, id)
				if err != nil {
					t.Errorf("%s: row %d (in range): %v", name, id, err)
					continue
				}
				for _, c := range narrowCases {
					if got := narrowValue(r, c.field); got != want(c) {
						t.Errorf("%s: row %d: %s = %d, want %d", name, id, c.field, got, want(c))
					}
				}
			}
		}
		for _, c := range narrowCases {
			for _, v := range c.over {
				exec(fmt.Sprintf("UPDATE %s SET %s = %d WHERE id = 3", m.Table, col[c.field], v))
				want := fmt.Sprintf("orm: %s.%s: value %d overflows %s", m.Label, name[c.field], v, c.kind)
				for name, read := range reads {
					r, err := read(ctx, 3)
					if err == nil {
						t.Errorf("%s: %s = %d read as %d, no error", name, c.field, v, narrowValue(r, c.field))
					} else if !strings.Contains(err.Error(), want) {
						t.Errorf("%s: %s = %d: error %q, want it to contain %q", name, c.field, v, err, want)
					}
				}
			}
			exec(fmt.Sprintf("UPDATE %s SET %s = 0 WHERE id = 3", m.Table, col[c.field]))
		}
	})
}

// Values beyond int64 and floating-point values with a fraction are
// errors when read into an integer field; whole floats read fine.
func TestIntFieldRejectsUnrepresentable(t *testing.T) {
	ctx := context.Background()
	reg := narrowRegistry()
	m, err := orm.ModelFor[NarrowInts](reg)
	must(t, err)
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		if _, err := db.Exec(ctx, "INSERT INTO "+m.Table+" (id, i8, i16, i32, u, u8, u16, u32, u64) VALUES (1, 0, 0, 0, 0, 0, 0, 0, 0)"); err != nil {
			t.Fatal(err)
		}
		float := func(s string) string {
			if db.Dialect().Name() == "postgres" {
				return "CAST(" + s + " AS DOUBLE PRECISION)"
			}
			return s + "e0" // an approximate-value (floating-point) literal
		}
		sci := func(s string) string { // s has an exponent already
			if db.Dialect().Name() == "postgres" {
				return "CAST(" + s + " AS DOUBLE PRECISION)"
			}
			return s
		}
		for _, inTx := range []bool{false, true} {
			read := func(expr, column string) (got []NarrowInts, err error) {
				q := "SELECT id, " + expr + " AS " + column + " FROM " + m.Table
				if !inTx {
					return orm.Raw[NarrowInts](ctx, db, q)
				}
				err = db.Atomic(ctx, func(ctx context.Context) error {
					got, err = orm.Raw[NarrowInts](ctx, db, q)
					return err
				})
				return got, err
			}
			for _, tc := range []struct{ expr, column string }{
				{"18446744073709551615", "u64"},
				{"9223372036854775808", "u64"},
				{"18446744073709551615", "i32"},
				{float("1.5"), "i32"},
				{float("-2.5"), "u64"},
				{float("1e30"), "u64"},
				{float("1e30"), "i32"},
			} {
				if got, err := read(tc.expr, tc.column); err == nil {
					t.Errorf("tx=%v: %s into %s: %+v, no error", inTx, tc.expr, tc.column, got)
				}
			}
			// A duration is read as microseconds; beyond ~292 years a
			// time.Duration cannot hold it.
			if got, err := read("9300000000000000", "dur"); err == nil || !strings.Contains(err.Error(), "overflows time.Duration") {
				t.Errorf("tx=%v: 9.3e15µs into a duration: %+v, %v", inTx, got, err)
			}
			if got, err := read("9200000000000000", "dur"); err != nil || len(got) != 1 || got[0].Dur == nil || *got[0].Dur != 9200000000000000*time.Microsecond {
				t.Errorf("tx=%v: 9.2e15µs into a duration: %+v, %v", inTx, got, err)
			}
			got, err := read(float("2.0"), "i32")
			if err != nil || len(got) != 1 || got[0].I32 != 2 {
				t.Errorf("tx=%v: a whole float into an int32: %+v, %v", inTx, got, err)
			}
			// A float32 field takes the nearest float32 but not a finite
			// value beyond its range.
			if got, err := read(sci("1e300"), "f32"); err == nil || !strings.Contains(err.Error(), "value 1e+300 overflows float32") {
				t.Errorf("tx=%v: 1e300 into a float32: %+v, %v", inTx, got, err)
			}
			if got, err := read(sci("1e-1"), "f32"); err != nil || len(got) != 1 || got[0].F32 == nil || *got[0].F32 != float32(0.1) {
				t.Errorf("tx=%v: 0.1 into a float32: %+v, %v", inTx, got, err)
			}
		}
	})
}

// A uint64 (or uint) field holding more than the largest int64 is an error
// to write, not a negative number in the database; SetValue with a value
// the field cannot hold is an error, not a wrapped value.
func TestUintBeyondInt64WriteIsAnError(t *testing.T) {
	ctx := context.Background()
	reg := narrowRegistry()
	m, err := orm.ModelFor[NarrowInts](reg)
	must(t, err)
	ormtest.Run(t, reg, func(t *testing.T, db *orm.DB) {
		for _, r := range []NarrowInts{{U64: math.MaxUint64}, {U64: math.MaxInt64 + 1}, {U: math.MaxUint64}} {
			if err := orm.Save(ctx, db, &r); err == nil {
				t.Errorf("saved %+v", r)
			} else if !strings.Contains(err.Error(), "overflows int64") {
				t.Errorf("save %+v: %v", r, err)
			}
		}
		if n, err := orm.Objects[NarrowInts](db).Count(ctx); err != nil || n != 0 {
			t.Fatalf("rows after failed saves: %d, %v", n, err)
		}
		ok := NarrowInts{U64: math.MaxInt64, U: math.MaxInt64}
		must(t, orm.Save(ctx, db, &ok))
		got, err := orm.Objects[NarrowInts](db).Get(ctx, orm.Q{"pk": ok.ID})
		if err != nil || got.U64 != math.MaxInt64 || got.U != math.MaxInt64 {
			t.Fatalf("max int64 in a uint64: %+v, %v", got, err)
		}
		got.U64 = math.MaxUint64
		if err := orm.Save(ctx, db, &got); err == nil {
			t.Error("update with a uint64 beyond int64 saved")
		}
		if _, err := orm.Objects[NarrowInts](db).Filter("pk", ok.ID).Update(ctx, map[string]any{"u64": uint64(math.MaxUint64)}); err == nil {
			t.Error("Update with a uint64 beyond int64 succeeded")
		}
		var r NarrowInts
		if err := m.SetValue(&r, "i8", 300); err == nil || !strings.Contains(err.Error(), "value 300 overflows int8") {
			t.Errorf("SetValue(i8, 300): %v, I8 = %d", err, r.I8)
		}
		if err := m.SetValue(&r, "u8", -1); err == nil {
			t.Errorf("SetValue(u8, -1): no error, U8 = %d", r.U8)
		}
		must(t, m.SetValue(&r, "i8", -128))
		if r.I8 != -128 {
			t.Errorf("SetValue(i8, -128): %d", r.I8)
		}
	})
}
