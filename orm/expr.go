package orm

// Cond is a filter condition: a Q, or And/Or/Not of conditions.
type Cond interface{ cond() }

// Q is a set of lookups joined with AND: Q{"question__pub_date__year": 2026,
// "votes__gt": 3}. Keys are Django lookup paths; values are bound
// parameters or expressions (F, arithmetic, subqueries).
type Q map[string]any

func (Q) cond() {}

type condAnd []Cond
type condOr []Cond
type condNot struct{ c Cond }
type condXor []Cond

func (condAnd) cond() {}
func (condOr) cond()  {}
func (condNot) cond() {}
func (condXor) cond() {}

// And is true when every condition is (an empty And is true).
func And(c ...Cond) Cond { return condAnd(c) }

// Or is true when any condition is (an empty Or is false).
func Or(c ...Cond) Cond { return condOr(c) }

// Xor is true when an odd number of conditions are (Django 4.2's ^),
// emulated portably with CASE sums.
func Xor(c ...Cond) Cond { return condXor(c) }

// Not negates c, with Django's exclude() semantics for NULLs and
// multi-valued relations.
func Not(c Cond) Cond { return condNot{c} }

// Expr is a value computed by the database: a field reference (F),
// arithmetic, an aggregate, a literal Value, or a subquery.
type Expr interface{ expr() }

// F refers to a field (or annotation) by lookup path: F("votes"),
// F("question__pub_date").
type F string

func (F) expr() {}

// Add returns f + v.
func (f F) Add(v any) Arith { return Arith{op: "+", l: f, r: v} }

// Sub returns f - v.
func (f F) Sub(v any) Arith { return Arith{op: "-", l: f, r: v} }

// Mul returns f * v.
func (f F) Mul(v any) Arith { return Arith{op: "*", l: f, r: v} }

// Div returns f / v.
func (f F) Div(v any) Arith { return Arith{op: "/", l: f, r: v} }

// Arith is binary arithmetic of expressions and values.
type Arith struct {
	op   string
	l, r any
}

func (Arith) expr() {}

// Add returns a + v.
func (a Arith) Add(v any) Arith { return Arith{op: "+", l: a, r: v} }

// Sub returns a - v.
func (a Arith) Sub(v any) Arith { return Arith{op: "-", l: a, r: v} }

// Mul returns a * v.
func (a Arith) Mul(v any) Arith { return Arith{op: "*", l: a, r: v} }

// Div returns a / v.
func (a Arith) Div(v any) Arith { return Arith{op: "/", l: a, r: v} }

// Value is a literal bound as a parameter where an Expr is expected.
type Value struct{ V any }

func (Value) expr() {}

// Agg is an aggregate: Count, Sum, Avg, Min, Max.
type Agg struct {
	fn       string
	arg      any // F, string path, or Expr
	star     bool
	distinct bool
	filter   Cond
	def      any
	hasDef   bool
}

func (Agg) expr() {}

// Distinct aggregates distinct values only.
func (a Agg) Distinct() Agg { a.distinct = true; return a }

// Filter restricts the aggregated rows to those matching c.
func (a Agg) Filter(c Cond) Agg { a.filter = c; return a }

// Default replaces a NULL result (empty input) with v (Django 4.0's
// default=).
func (a Agg) Default(v any) Agg { a.def, a.hasDef = v, true; return a }

// StdDev is the standard deviation (population; sample when sample is
// true).
func StdDev(e any, sample bool) Agg {
	if sample {
		return Agg{fn: "STDDEV_SAMP", arg: e}
	}
	return Agg{fn: "STDDEV_POP", arg: e}
}

// Variance is the variance (population; sample when sample is true).
func Variance(e any, sample bool) Agg {
	if sample {
		return Agg{fn: "VAR_SAMP", arg: e}
	}
	return Agg{fn: "VAR_POP", arg: e}
}

// Count counts non-NULL values of a field path (a relation name counts
// related rows).
func Count(field string) Agg { return Agg{fn: "COUNT", arg: F(field)} }

// CountAll counts rows: COUNT(*).
func CountAll() Agg { return Agg{fn: "COUNT", star: true} }

// Sum adds the values of a field path or expression.
func Sum(e any) Agg { return Agg{fn: "SUM", arg: e} }

// Avg averages the values of a field path or expression.
func Avg(e any) Agg { return Agg{fn: "AVG", arg: e} }

// Min is the smallest value.
func Min(e any) Agg { return Agg{fn: "MIN", arg: e} }

// Max is the largest value.
func Max(e any) Agg { return Agg{fn: "MAX", arg: e} }

// Subquery is a QuerySet used as an expression: one column of its rows,
// for "__in" lookups or comparisons with a single-row result.
type Subquery struct {
	q     *query
	field string
	db    *DB
}

func (Subquery) expr() {}

// OuterRef refers to a field of the outer query from inside a Subquery or
// Exists (a correlated subquery): Filter("question", orm.OuterRef("pk")).
type OuterRef string

func (OuterRef) expr() {}

// Subqueryable is a QuerySet usable as a subquery.
type Subqueryable interface{ asSubquery() Subquery }

type condExists struct{ sq Subquery }

func (condExists) cond() {}

// Exists is true when the QuerySet q has at least one row; with OuterRef
// it tests related rows per outer row: Exists(choices.Filter("question",
// OuterRef("pk"))).
func Exists(q Subqueryable) Cond { return condExists{q.asSubquery()} }

// Func is a database function over expressions: build one with Lower,
// Upper, Length, Coalesce, Concat, Now, Extract or Trunc. Function names
// come from this fixed set, never from callers, and the kind of Extract
// and Trunc is checked against a fixed list.
type Func struct {
	name string
	args []any
	kind string // Extract's part, Trunc's kind
}

func (Func) expr() {}

// Lower is LOWER(e); e is a field path (string), F or expression.
func Lower(e any) Func { return Func{name: "LOWER", args: []any{e}} }

// Upper is UPPER(e).
func Upper(e any) Func { return Func{name: "UPPER", args: []any{e}} }

// Length is the length of e in characters.
func Length(e any) Func { return Func{name: "LENGTH", args: []any{e}} }

// Coalesce is the first non-NULL of its arguments (field paths, F,
// expressions or Value literals).
func Coalesce(e ...any) Func { return Func{name: "COALESCE", args: e} }

// Concat joins its arguments as text; NULL arguments count as empty.
func Concat(e ...any) Func { return Func{name: "CONCAT", args: e} }

// Now is the current date and time (UTC) of the database.
func Now() Func { return Func{name: "NOW"} }

// Extract is a part of the date, datetime or time e (a field path, F or
// expression) as an integer, Django's Extract: "year", "quarter",
// "month", "week" (ISO), "week_day" (1 = Sunday), "iso_week_day"
// (1 = Monday), "iso_year", "day", and for datetimes and times "hour",
// "minute" and "second". Datetimes are read in UTC.
func Extract(e any, part string) Func { return Func{name: "EXTRACT", args: []any{e}, kind: part} }

// Trunc truncates the date or datetime e to kind, Django's Trunc: "year",
// "quarter", "month", "week" (to Monday) or "day", and for datetimes
// "hour", "minute" and "second"; the result has the type of e. The kinds
// "date" and "time" take the date or the time of day of a datetime
// (Django's TruncDate and TruncTime).
func Trunc(e any, kind string) Func { return Func{name: "TRUNC", args: []any{e}, kind: kind} }

// When is one branch of a Case: when Cond holds, the value is Then (a
// plain value, bound as a parameter, or an expression).
type When struct {
	Cond Cond
	Then any
}

// CaseExpr is a conditional expression; build one with Case.
type CaseExpr struct {
	whens  []When
	def    any
	hasDef bool
}

func (CaseExpr) expr() {}

// Case evaluates to the Then of the first When whose condition holds, else
// to the Default (NULL without one):
//
//	orm.Case(orm.When{Cond: orm.Q{"votes__gte": 10}, Then: "popular"}).Default("quiet")
func Case(whens ...When) CaseExpr { return CaseExpr{whens: whens} }

// Default sets the value when no condition holds.
func (c CaseExpr) Default(v any) CaseExpr { c.def, c.hasDef = v, true; return c }
