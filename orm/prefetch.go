package orm

import (
	"context"
	"reflect"
	"strings"
	"unsafe"

	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// prefetch loads the named relations of objs (instances of m) with one
// query per relation (two for many-to-many) and stores them in the
// instances: forward foreign keys in their pointer field, many-to-many in
// their slice field, reverse relations in a holder field tagged
// `djinn:"reverse=<fk field>"`. "a__b" prefetches b on the loaded a's.
func (db *DB) prefetch(ctx context.Context, m *Model, objs []unsafe.Pointer, lookups []prefetchLookup) error {
	attrs := map[string]*Model{} // to_attr fields filled so far, by name
	for _, l := range lookups {
		head, rest, _ := strings.Cut(l.name, "__")
		if target, ok := attrs[head]; ok && rest != "" {
			// A lookup through an earlier to_attr ("popular__author").
			related, err := attrObjects(m, objs, head, target)
			if err != nil {
				return err
			}
			if len(related) > 0 {
				if err := db.prefetch(ctx, target, related, []prefetchLookup{{name: rest, q: l.q, to: l.to}}); err != nil {
					return err
				}
			}
			continue
		}
		base, to := l.q, l.to
		if rest != "" {
			base, to = nil, "" // a custom queryset and to_attr apply to the last relation
		}
		related, relModel, err := db.prefetchOne(ctx, m, objs, head, base, to)
		if err != nil {
			return err
		}
		if to != "" {
			attrs[to] = relModel
		}
		if rest != "" && len(related) > 0 {
			if err := db.prefetch(ctx, relModel, related, []prefetchLookup{{name: rest, q: l.q, to: l.to}}); err != nil {
				return err
			}
		}
	}
	return nil
}

// prefetchLookup is one PrefetchRelated name with an optional queryset
// for the related rows.
type prefetchLookup struct {
	name string
	q    *query
	to   string // to_attr: the field receiving the last relation's rows
}

func (db *DB) fetchWhere(ctx context.Context, m *Model, lookup string, vals []any, base *query) ([]unsafe.Pointer, error) {
	var out []unsafe.Pointer
	for _, ch := range chunks(vals) {
		q := &query{model: m, limit: -1}
		if base != nil {
			if base.err != nil {
				return nil, base.err
			}
			if base.model != m {
				return nil, &QueryError{Model: m.Label, Field: lookup, Reason: "prefetch queryset is of " + base.model.Label + ", not " + m.Label}
			}
			if base.sliced() {
				return nil, &QueryError{Model: m.Label, Reason: "a prefetch queryset cannot be sliced"}
			}
			q = base.clone()
			q.prefetch, q.prefetchQ = nil, nil
		}
		q.where = append(q.where, Q{lookup: ch})
		c, err := db.compileSelect(q)
		if err != nil {
			return nil, err
		}
		objs, _, err := db.fetchModels(ctx, c, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

func pkList(m *Model, objs []unsafe.Pointer) ([]any, map[any][]unsafe.Pointer, error) {
	byPK := map[any][]unsafe.Pointer{}
	var pks []any
	for _, o := range objs {
		pk, err := m.PK.get(o)
		if err != nil {
			return nil, nil, err
		}
		if _, dup := byPK[pk]; !dup {
			pks = append(pks, pk)
		}
		byPK[pk] = append(byPK[pk], o)
	}
	return pks, byPK, nil
}

// sliceAppender resets a slice field and appends model instances to it.
type sliceAppender struct {
	f     *Field
	ptrEl bool
	elem  reflect.Type
}

func newAppender(f *Field) sliceAppender {
	et := f.typ.Elem()
	a := sliceAppender{f: f, elem: et}
	if et.Kind() == reflect.Pointer {
		a.ptrEl, a.elem = true, et.Elem()
	}
	return a
}

func (a sliceAppender) reset(base unsafe.Pointer) {
	reflect.NewAt(a.f.typ, fieldPtr(base, a.f)).Elem().Set(reflect.MakeSlice(a.f.typ, 0, 0))
}

func (a sliceAppender) add(base, obj unsafe.Pointer) {
	s := reflect.NewAt(a.f.typ, fieldPtr(base, a.f)).Elem()
	v := reflect.NewAt(a.elem, obj)
	if !a.ptrEl {
		v = v.Elem()
	}
	s.Set(reflect.Append(s, v))
}

// toAttr returns a stand-in Field for the to_attr field attr of m, which
// the ORM must ignore (`djinn:"-"`) and whose type must be want (or, for
// slices, []R as well as []*R).
func toAttr(m *Model, attr string, target *Model, many bool) (*Field, error) {
	for i := 0; i < m.typ.NumField(); i++ {
		sf := m.typ.Field(i)
		if !sf.IsExported() || (sf.Name != attr && SnakeCase(sf.Name) != attr) {
			continue
		}
		if sf.Tag.Get("djinn") != "-" {
			return nil, &QueryError{Model: m.Label, Field: attr, Reason: "prefetch to_attr: the field must be tagged djinn:\"-\""}
		}
		ok := false
		if many {
			ok = sf.Type.Kind() == reflect.Slice && (sf.Type.Elem() == target.typ || sf.Type.Elem() == reflect.PointerTo(target.typ))
		} else {
			ok = sf.Type == reflect.PointerTo(target.typ)
		}
		if !ok {
			return nil, &QueryError{Model: m.Label, Field: attr, Reason: "prefetch to_attr: the field's type does not hold " + target.Label}
		}
		return &Field{Model: m, Name: attr, offset: sf.Offset, typ: sf.Type}, nil
	}
	return nil, &QueryError{Model: m.Label, Field: attr, Reason: "prefetch to_attr: no such field"}
}

// attrObjects returns the instances held in the to_attr field attr of
// objs.
func attrObjects(m *Model, objs []unsafe.Pointer, attr string, target *Model) ([]unsafe.Pointer, error) {
	many := true
	for i := 0; i < m.typ.NumField(); i++ {
		if sf := m.typ.Field(i); sf.Name == attr || SnakeCase(sf.Name) == attr {
			many = sf.Type.Kind() == reflect.Slice
		}
	}
	f, err := toAttr(m, attr, target, many)
	if err != nil {
		return nil, err
	}
	var out []unsafe.Pointer
	for _, o := range objs {
		v := reflect.NewAt(f.typ, fieldPtr(o, f)).Elem()
		switch {
		case !many:
			if !v.IsNil() {
				out = append(out, v.UnsafePointer())
			}
		case v.Type().Elem().Kind() == reflect.Pointer:
			for i := range v.Len() {
				out = append(out, v.Index(i).UnsafePointer())
			}
		default:
			for i := range v.Len() {
				out = append(out, v.Index(i).Addr().UnsafePointer())
			}
		}
	}
	return out, nil
}

func (db *DB) prefetchOne(ctx context.Context, m *Model, objs []unsafe.Pointer, name string, base *query, to string) ([]unsafe.Pointer, *Model, error) {
	invalid := func() error {
		var valid []string
		for _, f := range m.Fields {
			if f.Kind == ForeignKey || f.Kind == OneToOneField {
				valid = append(valid, f.Name)
			}
		}
		for _, f := range m.ManyToMany {
			valid = append(valid, f.Name)
		}
		for k := range m.reverseHold {
			valid = append(valid, k)
		}
		return &QueryError{Model: m.Label, Field: name, Valid: valid, Reason: "prefetch_related: not a relation with a field to hold it (reverse relations need a slice field tagged djinn:\"reverse=<fk>\")"}
	}
	// Forward foreign key.
	if f, ok := m.Field(name); ok && (f.Kind == ForeignKey || f.Kind == OneToOneField) {
		var ids []any
		seen := map[any]bool{}
		for _, o := range objs {
			v, err := f.get(o)
			if err != nil {
				return nil, nil, err
			}
			if v != nil && !seen[v] {
				seen[v] = true
				ids = append(ids, v)
			}
		}
		dst := f
		if to != "" {
			var err error
			if dst, err = toAttr(m, to, f.Target, false); err != nil {
				return nil, nil, err
			}
		}
		rel, err := db.fetchWhere(ctx, f.Target, "pk__in", ids, base)
		if err != nil {
			return nil, nil, err
		}
		byPK := map[any]unsafe.Pointer{}
		for _, r := range rel {
			pk, _ := f.Target.PK.get(r)
			byPK[pk] = r
		}
		for _, o := range objs {
			v, _ := f.get(o)
			if v != nil {
				*(*unsafe.Pointer)(fieldPtr(o, dst)) = byPK[v]
			}
		}
		return rel, f.Target, nil
	}
	// Forward many-to-many.
	if f, ok := m.Field(name); ok && f.Kind == ManyToManyField {
		th := f.Through
		dst := f
		if to != "" {
			var err error
			if dst, err = toAttr(m, to, f.Target, true); err != nil {
				return nil, nil, err
			}
		}
		rel, err := db.prefetchM2M(ctx, m, objs, th, f.ThroughFrom, f.ThroughTo, f.Target, newAppender(dst), base)
		return rel, f.Target, err
	}
	var rf *Field
	h, ok := m.reverseHold[name]
	for _, x := range m.Reverse {
		if ok && x.Name == h.reverseOf && x.Model.typ == h.targetType || !ok && to != "" && x.queryName() == name {
			rf = x
		}
	}
	if rf == nil {
		return nil, nil, invalid()
	}
	var app sliceAppender
	if to != "" {
		// to_attr needs no holder of the relation itself.
		dst, err := toAttr(m, to, rf.Model, true)
		if err != nil {
			return nil, nil, err
		}
		app = newAppender(dst)
	} else {
		app = newAppender(h)
	}
	if rf.Kind == ManyToManyField {
		th := rf.Through
		rel, err := db.prefetchM2M(ctx, m, objs, th, rf.ThroughTo, rf.ThroughFrom, rf.Model, app, base)
		return rel, rf.Model, err
	}
	pks, byPK, err := pkList(m, objs)
	if err != nil {
		return nil, nil, err
	}
	children, err := db.fetchWhere(ctx, rf.Model, rf.Name+"__in", pks, base)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range objs {
		app.reset(o)
	}
	for _, c := range children {
		parent, err := rf.get(c)
		if err != nil {
			return nil, nil, err
		}
		for _, o := range byPK[parent] {
			app.add(o, c)
		}
	}
	return children, rf.Model, nil
}

// prefetchM2M reads the join table (own → other columns), then the
// targets, and appends them to each instance.
func (db *DB) prefetchM2M(ctx context.Context, m *Model, objs []unsafe.Pointer, th *Model, own, other *Field, target *Model, app sliceAppender, base *query) ([]unsafe.Pointer, error) {
	pks, byPK, err := pkList(m, objs)
	if err != nil {
		return nil, err
	}
	type pair struct{ src, dst any }
	var pairs []pair
	var dstIDs []any
	seen := map[any]bool{}
	for _, ch := range chunks(pks) {
		sel := &ormsql.Select{Columns: []ormsql.SelectCol{{E: ormsql.Col{Name: own.Column}}, {E: ormsql.Col{Name: other.Column}}},
			From: ormsql.Table{Name: th.Table}, Where: db.inExpr(ormsql.Col{Name: own.Column}, own.columnKind(), ch),
			OrderBy: []ormsql.Order{{E: ormsql.Col{Name: th.PK.Column}}}, Limit: -1}
		query, args, err := ormsql.NewBuilder(db.d).Select(sel)
		if err != nil {
			return nil, err
		}
		rows, err := db.read(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var a, b any
			if err := rows.Scan(&a, &b); err != nil {
				rows.Close()
				return nil, err
			}
			ca, _ := canonical(own, a)
			cb, _ := canonical(other, b)
			pairs = append(pairs, pair{ca, cb})
			if !seen[cb] {
				seen[cb] = true
				dstIDs = append(dstIDs, cb)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	targets, err := db.fetchWhere(ctx, target, "pk__in", dstIDs, base)
	if err != nil {
		return nil, err
	}
	// Append in the targets' query order (their ordering applies).
	sources := map[any][]any{}
	for _, p := range pairs {
		sources[p.dst] = append(sources[p.dst], p.src)
	}
	for _, o := range objs {
		app.reset(o)
	}
	for _, t := range targets {
		pk, _ := target.PK.get(t)
		for _, src := range sources[pk] {
			for _, o := range byPK[src] {
				app.add(o, t)
			}
		}
	}
	return targets, nil
}

// PrefetchRelatedObjects runs prefetching on instances already loaded
// (Django's prefetch_related_objects); names are as for PrefetchRelated.
func PrefetchRelatedObjects[T any](ctx context.Context, db *DB, objs []T, names ...string) error {
	m, err := ModelFor[T](db.reg)
	if err != nil || len(objs) == 0 {
		return err
	}
	ptrs := make([]unsafe.Pointer, len(objs))
	for i := range objs {
		ptrs[i] = unsafe.Pointer(&objs[i])
	}
	lookups := make([]prefetchLookup, len(names))
	for i, n := range names {
		lookups[i] = prefetchLookup{name: n}
	}
	return db.prefetch(ctx, m, ptrs, lookups)
}
