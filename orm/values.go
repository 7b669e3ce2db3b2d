package orm

import (
	"context"
	"fmt"
	"strconv"

	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// valueCol is one requested output of Values/ValuesList.
type valueCol struct {
	name  string
	field *Field // for normalising driver values; nil for expressions
	kind  Kind
}

// compileValues builds a SELECT of the given paths (all concrete fields
// when none) and annotations. With aggregate annotations, rows are grouped
// by the requested non-aggregate columns.
func (db *DB) compileValues(q *query, fields []string) (*ormsql.Select, []valueCol, error) {
	if q.err != nil {
		return nil, nil, q.err
	}
	r := newResolver(db, q, nil)
	where, err := r.prepare()
	if err != nil {
		return nil, nil, err
	}
	sel := &ormsql.Select{From: ormsql.Table{Name: q.model.Table}, Where: where, Limit: q.limit, Offset: q.offset, Distinct: q.distinct}
	var cols []valueCol
	if len(fields) == 0 {
		for _, f := range q.model.Fields {
			fields = append(fields, f.Name)
		}
		for _, a := range q.annots {
			if !a.hidden {
				fields = append(fields, a.name)
			}
		}
	}
	var group []ormsql.Expr
	for _, name := range fields {
		if name == "" || len(name) > 200 {
			return nil, nil, r.errf(name, "", nil, "invalid field name")
		}
		c, rest, err := r.resolvePath(name)
		if err != nil {
			return nil, nil, err
		}
		if len(rest) > 0 {
			if c, err = r.transformOnly(c, rest, name); err != nil {
				return nil, nil, err
			}
			c.field = nil
		}
		sel.Columns = append(sel.Columns, ormsql.SelectCol{E: c.e})
		cols = append(cols, valueCol{name: name, field: c.field, kind: c.kind})
		if !c.agg {
			group = append(group, c.e)
		}
	}
	if r.hasAgg() {
		sel.GroupBy = group
	}
	sel.Having = r.having
	if sel.OrderBy, err = r.ordering(); err != nil {
		return nil, nil, err
	}
	if len(sel.GroupBy) > 0 {
		sel.GroupBy = append(sel.GroupBy, r.orderCols...)
	}
	if err := db.addCompoundsValues(r, sel, q, fields); err != nil {
		return nil, nil, err
	}
	sel.Joins = r.joins
	return sel, cols, nil
}

func (db *DB) addCompoundsValues(r *resolver, sel *ormsql.Select, q *query, fields []string) error {
	for _, c := range q.compounds {
		sub := c.q.clone()
		sub.order, sub.orderSet, sub.compounds = nil, true, nil
		s, _, err := db.compileValues(sub, fields)
		if err != nil {
			return err
		}
		sel.Compounds = append(sel.Compounds, ormsql.Compound{Op: c.op, Sel: s})
	}
	if len(q.compounds) > 0 {
		for i, o := range sel.OrderBy {
			if col, ok := o.E.(ormsql.Col); ok {
				sel.OrderBy[i].E = ormsql.Ident(col.Name)
			}
		}
	}
	return nil
}

func (db *DB) valuesRows(ctx context.Context, q *query, fields []string, each func(vals []any, cols []valueCol) error) error {
	if q.err == nil && q.none {
		return nil
	}
	sel, cols, err := db.compileValues(q, fields)
	if err != nil {
		return err
	}
	query, args, err := ormsql.NewBuilder(db.d).Select(sel)
	if err != nil {
		return err
	}
	rows, err := db.read(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("orm: %s: %w", q.model.Label, err)
	}
	defer rows.Close()
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		vals := make([]any, len(cols))
		for i, c := range cols {
			v, err := normalize(c, raw[i])
			if err != nil {
				return err
			}
			vals[i] = v
		}
		if err := each(vals, cols); err != nil {
			return err
		}
	}
	return rows.Err()
}

// normalize converts a driver value to the canonical Go value of a column.
func normalize(c valueCol, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if c.field != nil {
		return canonical(c.field, v)
	}
	if c.kind != "" {
		return canonical(&Field{Kind: c.kind, DecimalPlaces: 10, Model: &Model{}}, v)
	}
	if b, ok := v.([]byte); ok {
		return string(b), nil
	}
	return v, nil
}

// Values returns one map per row from field paths (all fields when none)
// to canonical Go values (int64, string, time.Time, Decimal, …; a foreign
// key gives the related primary key). Annotation names may be listed;
// with aggregate annotations the rows are grouped by the other fields.
func (qs QuerySet[T]) Values(ctx context.Context, fields ...string) ([]map[string]any, error) {
	var out []map[string]any
	err := qs.db.valuesRows(ctx, qs.q, fields, func(vals []any, cols []valueCol) error {
		m := make(map[string]any, len(cols))
		for i, c := range cols {
			m[c.name] = vals[i]
		}
		out = append(out, m)
		return nil
	})
	return out, err
}

// ValuesList returns one slice per row, in the order of fields.
func (qs QuerySet[T]) ValuesList(ctx context.Context, fields ...string) ([][]any, error) {
	var out [][]any
	err := qs.db.valuesRows(ctx, qs.q, fields, func(vals []any, _ []valueCol) error {
		out = append(out, vals)
		return nil
	})
	return out, err
}

// Flat returns the values of one field as a typed slice
// (values_list(field, flat=True)); V must match the field's canonical Go
// type (int64, string, time.Time, Decimal, …) or be any. NULLs become V's
// zero value.
func Flat[V any, T any](ctx context.Context, qs QuerySet[T], field string) ([]V, error) {
	var out []V
	err := qs.db.valuesRows(ctx, qs.q, []string{field}, func(vals []any, _ []valueCol) error {
		var v V
		if vals[0] != nil {
			x, ok := vals[0].(V)
			if !ok {
				return fmt.Errorf("orm: flat %s: value is %T, not %T", field, vals[0], v)
			}
			v = x
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Aggregate computes aggregates over the whole QuerySet and returns them
// by alias: Aggregate(ctx, map[string]Agg{"total": Sum("votes")}). Count
// gives int64, Avg float64 (Decimal for decimal fields), Sum/Min/Max the
// field's type; empty input gives nil except for Count (0).
func (qs QuerySet[T]) Aggregate(ctx context.Context, aggs map[string]Agg) (map[string]any, error) {
	if qs.q.err != nil {
		return nil, qs.q.err
	}
	out := map[string]any{}
	if len(aggs) == 0 {
		return out, nil
	}
	r := newResolver(qs.db, qs.q, nil)
	where, err := r.prepare()
	if err != nil {
		return nil, err
	}
	names := sortedKeys(aggs)
	for _, n := range names {
		if !ValidAlias(n) {
			return nil, r.errf(n, "", nil, "invalid alias: aliases must match [A-Za-z_][A-Za-z0-9_]* without \"__\"")
		}
	}
	if qs.q.none {
		for _, n := range names {
			switch a := aggs[n]; {
			case a.fn == "COUNT":
				out[n] = int64(0)
			case a.hasDef:
				out[n] = a.def
			default:
				out[n] = nil
			}
		}
		return out, nil
	}
	var sel *ormsql.Select
	var cols []valueCol
	if qs.q.sliced() || qs.q.distinct || r.hasAgg() || r.having != nil || len(qs.q.compounds) > 0 {
		if sel, cols, err = qs.db.wrapAggregate(qs.q, aggs, names); err != nil {
			return nil, err
		}
	} else {
		sel = &ormsql.Select{From: ormsql.Table{Name: qs.q.model.Table}, Where: where, Limit: -1}
		for _, n := range names {
			e, err := r.aggregate(aggs[n])
			if err != nil {
				return nil, err
			}
			sel.Columns = append(sel.Columns, ormsql.SelectCol{E: e.e, Alias: n})
			cols = append(cols, valueCol{name: n, kind: e.kind, field: e.field})
		}
		sel.Joins = r.joins
	}
	query, args, err := ormsql.NewBuilder(qs.db.d).Select(sel)
	if err != nil {
		return nil, err
	}
	rows, err := qs.db.read(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
	}
	for i, c := range cols {
		v, err := normalize(c, raw[i])
		if err != nil {
			return nil, fmt.Errorf("orm: aggregate %s: %w", c.name, err)
		}
		out[c.name] = v
	}
	return out, rows.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// wrapAggregate aggregates over the rows of q as a derived table, for
// sliced, distinct, grouped or combined querysets: each aggregate's
// argument (with its filter folded in) becomes a column of the inner
// query, and the outer query aggregates those columns.
func (db *DB) wrapAggregate(q *query, aggs map[string]Agg, names []string) (*ormsql.Select, []valueCol, error) {
	c, err := db.compileSelect(q)
	if err != nil {
		return nil, nil, err
	}
	var cols []valueCol
	inner, r := c.sel, c.r
	if !q.sliced() {
		inner.OrderBy = nil
	}
	if len(inner.Compounds) > 0 {
		return nil, nil, r.errf("", "", nil, "aggregate over union/intersection/difference is not supported yet")
	}
	outer := &ormsql.Select{FromSub: inner, From: ormsql.Table{Alias: "subquery"}, Limit: -1}
	for i, n := range names {
		a := aggs[n]
		col := "agg_arg_" + strconv.Itoa(i)
		var arg ormsql.Expr = ormsql.Raw("1")
		kind := BigIntegerField
		if !a.star {
			x := a.arg
			if s, ok := x.(string); ok {
				x = F(s)
			}
			e, err := r.expr(x, nil)
			if err != nil {
				return nil, nil, err
			}
			arg = e.e
			kind = e.kind
			if kind.IsAuto() {
				kind = BigIntegerField
			}
		}
		switch a.fn {
		case "COUNT":
			kind = BigIntegerField
		case "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP":
			kind = FloatField
		case "AVG":
			if kind != DecimalField {
				kind = FloatField
			}
		}
		cols = append(cols, valueCol{name: n, kind: kind})
		if a.filter != nil {
			cond, err := r.cond(a.filter, false)
			if err != nil {
				return nil, nil, err
			}
			arg = ormsql.Case{Whens: []ormsql.When{{Cond: cond, Then: arg}}}
		}
		inner.Columns = append(inner.Columns, ormsql.SelectCol{E: arg, Alias: col})
		if len(inner.GroupBy) > 0 && !a.star {
			if _, isAgg := a.arg.(Agg); !isAgg {
				if _, ann := r.annots[fmt.Sprint(a.arg)]; !ann {
					inner.GroupBy = append(inner.GroupBy, arg)
				}
			}
		}
		var f ormsql.Expr = ormsql.Func{Name: a.fn, Distinct: a.distinct, Args: []ormsql.Expr{ormsql.Col{Alias: "subquery", Name: col}}}
		if a.star && a.filter == nil {
			f = ormsql.Func{Name: a.fn, Star: true}
		}
		if a.hasDef {
			d, err := r.param(a.def, &Field{Model: r.m, Name: "default", Kind: kind, DecimalPlaces: 10})
			if err != nil {
				return nil, nil, err
			}
			f = ormsql.Pattern{Format: "COALESCE(%s, %s)", Args: []ormsql.Expr{f, d.e}}
		}
		outer.Columns = append(outer.Columns, ormsql.SelectCol{E: f, Alias: n})
	}
	inner.Joins = r.joins
	return outer, cols, nil
}
