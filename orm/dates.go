package orm

import (
	"context"
	"time"

	ormsql "github.com/djinn-go/djinn/orm/sql"
)

var dateKinds = map[string]bool{"year": true, "month": true, "week": true, "day": true}
var datetimeKinds = map[string]bool{"year": true, "month": true, "week": true, "day": true, "hour": true, "minute": true, "second": true}

// Dates returns the distinct values of a date or datetime field truncated
// to kind ("year", "month", "week" — ISO, starting Monday — or "day"), as
// dates at midnight UTC, ascending (descending when desc).
func (qs QuerySet[T]) Dates(ctx context.Context, field, kind string, desc bool) ([]time.Time, error) {
	return qs.truncated(ctx, field, kind, desc, false)
}

// Datetimes is Dates for datetime fields, with the kinds "hour", "minute"
// and "second" too; values are UTC.
func (qs QuerySet[T]) Datetimes(ctx context.Context, field, kind string, desc bool) ([]time.Time, error) {
	return qs.truncated(ctx, field, kind, desc, true)
}

func (qs QuerySet[T]) truncated(ctx context.Context, field, kind string, desc, datetimes bool) ([]time.Time, error) {
	if qs.q.err != nil {
		return nil, qs.q.err
	}
	r := newResolver(qs.db, qs.q, nil)
	where, err := r.prepare()
	if err != nil {
		return nil, err
	}
	c, rest, err := r.resolvePath(field)
	if err != nil {
		return nil, err
	}
	allowed := dateKinds
	if datetimes {
		allowed = datetimeKinds
	}
	switch {
	case len(rest) > 0 || (c.kind != DateField && c.kind != DateTimeField) || (datetimes && c.kind != DateTimeField):
		return nil, r.errf(field, "", nil, "dates/datetimes need a date or datetime field")
	case !allowed[kind]:
		var valid []string
		for k := range allowed {
			valid = append(valid, k)
		}
		return nil, r.errf(field, kind, valid, "unsupported truncation kind")
	}
	if qs.q.none {
		return nil, nil
	}
	fk := string(c.kind)
	outKind := DateField
	if datetimes {
		outKind = DateTimeField
	} else if c.kind == DateTimeField {
		fk = string(DateTimeField)
	}
	pat, err := qs.db.d.Trunc(kind, "%s", fk)
	if err != nil {
		return nil, err
	}
	e := columnPattern(pat, c.e)
	sel := &ormsql.Select{Distinct: true, Columns: []ormsql.SelectCol{{E: e, Alias: "datefield"}},
		From: ormsql.Table{Name: qs.q.model.Table}, Where: ormsql.And(where, ormsql.IsNull{E: c.e, Negate: true}),
		OrderBy: []ormsql.Order{{E: ormsql.Ident("datefield"), Desc: desc}}, Limit: -1}
	sel.Joins = r.joins
	query, args, err := ormsql.NewBuilder(qs.db.d).Select(sel)
	if err != nil {
		return nil, err
	}
	rows, err := qs.db.read(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var v any
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		t, err := toTime(v, outKind)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
