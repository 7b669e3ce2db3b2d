package orm

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/djinn-go/djinn/orm/dialect"
	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// plan says how select columns map onto a struct tree.
type plan struct {
	nodes []planNode
	cols  []planCol
	// decoders are reusable decoders of this plan (without extra columns).
	decoders sync.Pool
}

// decoder returns a decoder of p from its pool; give it back with release.
func (p *plan) decoder() *decoder {
	if d, ok := p.decoders.Get().(*decoder); ok {
		return d
	}
	return newDecoder(p, nil)
}

// release returns d to p's pool, dropping its references to the rows.
func (p *plan) release(d *decoder) {
	clear(d.bases)
	for i := range d.slots {
		d.slots[i].base = nil
	}
	p.decoders.Put(d)
}

type planNode struct {
	parent int
	fk     *Field // pointer field in the parent holding this node
	model  *Model
	pkCol  int
}

type planCol struct {
	node  int
	field *Field // nil: discard
}

// compiled is a SELECT plus its decoding plan.
type compiled struct {
	sel  *ormsql.Select
	plan *plan
	r    *resolver
}

// prepare resolves annotations and the WHERE clause.
func (r *resolver) prepare() (where ormsql.Expr, err error) {
	for _, a := range r.q.annots {
		if !ValidAlias(a.name) {
			return nil, r.errf(a.name, "", nil, "invalid alias: aliases must match [A-Za-z_][A-Za-z0-9_]* without \"__\"")
		}
		if _, clash := r.m.Field(a.name); clash {
			return nil, r.errf(a.name, "", nil, "annotation conflicts with a field")
		}
		e, err := r.expr(a.e, nil)
		if err != nil {
			return nil, err
		}
		if r.annots == nil {
			r.annots = map[string]rexpr{}
		}
		r.annots[a.name] = e
	}
	var items, having []ormsql.Expr
	for _, c := range r.q.where {
		r.sawAgg = false
		e, err := r.cond(c, false)
		if err != nil {
			return nil, err
		}
		if r.sawAgg {
			having = append(having, e) // conditions on aggregates filter groups
		} else {
			items = append(items, e)
		}
	}
	r.having = ormsql.And(having...)
	return ormsql.And(items...), nil
}

func (r *resolver) hasAgg() bool {
	for _, a := range r.annots {
		if a.agg {
			return true
		}
	}
	return false
}

// orderBy resolves ordering strings ("-pub_date", "question__text", "?").
func (r *resolver) orderBy(list []string, flip bool) ([]ormsql.Order, error) {
	var out []ormsql.Order
	for _, o := range list {
		if o == "?" {
			out = append(out, ormsql.Order{E: ormsql.Raw(r.d.Random())})
			continue
		}
		desc := strings.HasPrefix(o, "-")
		name := strings.TrimPrefix(o, "-")
		name = strings.TrimPrefix(name, "+")
		if name == "" {
			return nil, r.errf(o, "", nil, "invalid order_by")
		}
		c, rest, err := r.resolvePath(name)
		if err != nil {
			return nil, err
		}
		if len(rest) > 0 {
			if c, err = r.transformOnly(c, rest, name); err != nil {
				return nil, err
			}
		}
		out = append(out, ormsql.Order{E: c.e, Desc: desc != flip})
		if !c.agg {
			r.orderCols = append(r.orderCols, c.e)
		}
	}
	return out, nil
}

func (r *resolver) ordering() ([]ormsql.Order, error) {
	list := r.q.order
	if !r.q.orderSet {
		list = r.m.Ordering
	}
	if r.q.reverse && len(list) == 0 {
		list = []string{"pk"}
	}
	return r.orderBy(list, r.q.reverse)
}

// selectedFields returns the model fields to load, honouring Only/Defer.
func (r *resolver) selectedFields(m *Model, prefix string) ([]*Field, error) {
	var out []*Field
	only := map[string]bool{}
	deferred := map[string]bool{}
	for _, n := range r.q.only {
		only[n] = true
	}
	for _, n := range r.q.deferred {
		deferred[n] = true
	}
	for _, n := range append(append([]string(nil), r.q.only...), r.q.deferred...) {
		if prefix == "" {
			if f, ok := m.Field(n); !ok || !f.Concrete() {
				return nil, r.errf(n, "", m.fieldNames(), "only/defer: unknown field")
			}
		}
	}
	for _, f := range m.Fields {
		n := prefix + f.Name
		if f == m.PK {
			out = append(out, f)
			continue
		}
		if len(only) > 0 && !only[n] {
			continue
		}
		if deferred[n] {
			continue
		}
		out = append(out, f)
	}
	return out, nil
}

// compileSelect builds the SELECT loading model instances.
func (db *DB) compileSelect(q *query) (*compiled, error) {
	return db.compileSelectAs(q, nil, "")
}

// compileSelectAs compiles with a root alias (for subqueries) sharing the
// alias counter seq.
func (db *DB) compileSelectAs(q *query, seq *int, root string) (*compiled, error) {
	if q.err != nil {
		return nil, q.err
	}
	r := newResolver(db, q, seq)
	if root != "" {
		r.root = root
	}
	where, err := r.prepare()
	if err != nil {
		return nil, err
	}
	p := &plan{nodes: []planNode{{parent: -1, model: q.model}}}
	sel := &ormsql.Select{From: ormsql.Table{Name: q.model.Table, Alias: r.root}, Where: where, Limit: q.limit, Offset: q.offset, Distinct: q.distinct}
	fields, err := r.selectedFields(q.model, "")
	if err != nil {
		return nil, err
	}
	// select_related: which FK fields get joined.
	related, err := r.relatedTree(q)
	if err != nil {
		return nil, err
	}
	var addModel func(node int, m *Model, alias string, fields []*Field, path string, nullable bool) error
	sel.Columns = make([]ormsql.SelectCol, 0, len(fields)+len(q.annots))
	p.cols = make([]planCol, 0, len(fields)+len(q.annots))
	addModel = func(node int, m *Model, alias string, fields []*Field, path string, nullable bool) error {
		cached := m.columnExprs()
		for _, f := range fields {
			var colExpr ormsql.Expr = ormsql.Col{Alias: alias, Name: f.Column}
			if alias == m.Table {
				colExpr = cached[f]
			}
			col := planCol{node: node, field: f}
			if f == m.PK {
				p.nodes[node].pkCol = len(p.cols)
			}
			if (f.Kind == ForeignKey || f.Kind == OneToOneField) && related[path+f.Name] {
				col.field = nil // loaded by the join below
			}
			sel.Columns = append(sel.Columns, ormsql.SelectCol{E: colExpr})
			p.cols = append(p.cols, col)
		}
		for _, f := range m.Fields {
			key := path + f.Name
			if !related[key] {
				continue
			}
			_, existed := r.joinMap[key+"__"]
			j := r.join(key+"__", alias, f.Column, f.Target, f.Target.PK.Column, false, true)
			chainNull := nullable || f.Null
			if !existed && !chainNull {
				// A non-null foreign key always has its row: an inner
				// join, as Django emits.
				r.joins[len(r.joins)-1].Left = false
			}
			p.nodes = append(p.nodes, planNode{parent: node, fk: f, model: f.Target})
			child := len(p.nodes) - 1
			if err := addModel(child, f.Target, j.alias, f.Target.Fields, key+"__", chainNull || existed); err != nil {
				return err
			}
		}
		return nil
	}
	if err := addModel(0, q.model, r.root, fields, "", false); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(q.annots))
	for _, a := range q.annots {
		if !a.hidden {
			names = append(names, a.name)
		}
	}
	for _, n := range q.distinctOn {
		if !r.db.caps.DistinctOn {
			return nil, r.errf(n, "", nil, "distinct on fields is only supported by PostgreSQL")
		}
		c, rest, err := r.resolvePath(n)
		if err != nil {
			return nil, err
		}
		if len(rest) > 0 {
			if c, err = r.transformOnly(c, rest, n); err != nil {
				return nil, err
			}
		}
		sel.DistinctOn = append(sel.DistinctOn, c.e)
	}
	for _, n := range names {
		a := r.annots[n]
		sel.Columns = append(sel.Columns, ormsql.SelectCol{E: a.e, Alias: n})
		var holder *Field
		for _, h := range q.model.holders {
			if h.annotation && h.Name == n {
				holder = h
			}
		}
		p.cols = append(p.cols, planCol{node: 0, field: holder})
	}
	if r.hasAgg() {
		for _, c := range sel.Columns[:len(sel.Columns)-len(names)] {
			sel.GroupBy = append(sel.GroupBy, c.E)
		}
	}
	sel.Having = r.having
	if sel.OrderBy, err = r.ordering(); err != nil {
		return nil, err
	}
	if q.lock != nil {
		if err := r.lockClause(sel, q.lock); err != nil {
			return nil, err
		}
	}
	if err := db.addCompounds(r, sel, q); err != nil {
		return nil, err
	}
	sel.Joins = r.joins
	return &compiled{sel: sel, plan: p, r: r}, nil
}

func (r *resolver) lockClause(sel *ormsql.Select, l *lockOpts) error {
	caps := r.db.caps
	if !caps.SelectForUpdate {
		return nil // SQLite: writers are serialised; the lock is implicit
	}
	if l.noWait && !caps.NoWait || l.skipLocked && !caps.SkipLocked {
		return r.errf("", "", nil, "select_for_update option not supported by %s", r.d.Name())
	}
	if l.noWait && l.skipLocked {
		return r.errf("", "", nil, "nowait and skip_locked are mutually exclusive")
	}
	if l.noKey && r.d.Name() != "postgres" {
		return r.errf("", "", nil, "select_for_update(no_key) is only supported by PostgreSQL")
	}
	lk := &ormsql.Lock{NoWait: l.noWait, SkipLocked: l.skipLocked, NoKey: l.noKey}
	for _, of := range l.of {
		if !caps.ForUpdateOf {
			return r.errf(of, "", nil, "select_for_update(of=…) not supported by %s", r.d.Name())
		}
		if of == "self" {
			lk.Of = append(lk.Of, r.root)
			continue
		}
		j, ok := r.joinMap[of+"__"]
		if !ok {
			return r.errf(of, "", nil, "select_for_update of: not a joined relation (use select_related)")
		}
		lk.Of = append(lk.Of, j.alias)
	}
	sel.Lock = lk
	return nil
}

// relatedTree validates SelectRelated paths and returns the set of FK
// paths ("question", "question__author") to join.
func (r *resolver) relatedTree(q *query) (map[string]bool, error) {
	out := map[string]bool{}
	for _, path := range q.related {
		m := q.model
		acc := ""
		for _, part := range strings.Split(path, "__") {
			f, ok := m.Field(part)
			if !ok || (f.Kind != ForeignKey && f.Kind != OneToOneField) {
				var valid []string
				for _, x := range m.Fields {
					if x.Kind == ForeignKey || x.Kind == OneToOneField {
						valid = append(valid, x.Name)
					}
				}
				return nil, r.errf(part, "", valid, "select_related: not a foreign key")
			}
			acc += f.Name
			out[acc] = true
			acc += "__"
			m = f.Target
		}
	}
	return out, nil
}

func (db *DB) addCompounds(r *resolver, sel *ormsql.Select, q *query) error {
	for _, c := range q.compounds {
		if c.q.model != q.model {
			return r.errf("", "", nil, "combined querysets must be of the same model")
		}
		switch c.op {
		case "INTERSECT":
			if !db.caps.Intersect {
				return r.errf("", "", nil, "intersection not supported")
			}
		case "EXCEPT":
			if !db.caps.Except {
				return r.errf("", "", nil, "difference not supported")
			}
		}
		sub := c.q.clone()
		sub.order, sub.orderSet, sub.compounds = nil, true, nil
		cc, err := db.compileSelect(sub)
		if err != nil {
			return err
		}
		if len(cc.sel.Columns) != len(sel.Columns) {
			return r.errf("", "", nil, "combined querysets must select the same columns")
		}
		sel.Compounds = append(sel.Compounds, ormsql.Compound{Op: c.op, Sel: cc.sel})
	}
	if len(q.compounds) > 0 {
		// ORDER BY of a compound names output columns; qualify nothing.
		for i, o := range sel.OrderBy {
			if col, ok := o.E.(ormsql.Col); ok {
				sel.OrderBy[i].E = ormsql.Ident(col.Name)
			}
		}
		if sel.Lock != nil {
			return r.errf("", "", nil, "select_for_update cannot be combined with union/intersection/difference")
		}
	}
	return nil
}

// slot is a reusable scan destination for one column. database/sql
// calls its Scan with a driver value; a dialect's native reads call its
// typed setters (dialect.ColumnSink), which store without boxing.
type slot struct {
	f       *Field
	base    unsafe.Pointer
	null    bool
	lenient bool // joined row: NULLs in non-null fields are ignored
}

var _ dialect.ColumnSink = (*slot)(nil)

func (s *slot) Scan(src any) error {
	s.null = src == nil
	if s.f == nil || s.base == nil {
		return nil
	}
	if src == nil && s.lenient {
		return nil
	}
	return s.f.set(s.base, src)
}

// SetNull implements dialect.ColumnSink.
func (s *slot) SetNull() error { return s.Scan(nil) }

// dest returns where a non-NULL value goes (see Field.target); ok is false
// when the column is discarded.
func (s *slot) dest() (f *Field, p unsafe.Pointer, t reflect.Type, ok bool) {
	s.null = false
	if s.f == nil || s.base == nil {
		return nil, nil, nil, false
	}
	f, p, t = s.f.target(s.base)
	return f, p, t, true
}

// SetInt64 implements dialect.ColumnSink.
func (s *slot) SetInt64(v int64) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, v)
	case intStore(f.Kind):
		return storeInt(f, p, t, v)
	}
	return store(f, p, t, v)
}

// SetFloat64 implements dialect.ColumnSink.
func (s *slot) SetFloat64(v float64) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, v)
	case f.Kind == FloatField:
		return storeFloat(f, p, t, v)
	}
	return store(f, p, t, v)
}

// SetBool implements dialect.ColumnSink.
func (s *slot) SetBool(v bool) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, v)
	case f.Kind == BooleanField:
		*(*bool)(p) = v
		return nil
	}
	return store(f, p, t, v)
}

// SetString implements dialect.ColumnSink.
func (s *slot) SetString(v string) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, v)
	case textKind(f.Kind):
		*(*string)(p) = v
		return nil
	}
	return store(f, p, t, v)
}

// SetBytes implements dialect.ColumnSink; b is copied (store copies what
// it keeps).
func (s *slot) SetBytes(b []byte) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, append([]byte(nil), b...))
	}
	return store(f, p, t, b)
}

// SetTime implements dialect.ColumnSink.
func (s *slot) SetTime(v time.Time) error {
	f, p, t, ok := s.dest()
	switch {
	case !ok:
		return nil
	case f.scanner():
		return f.scanInto(p, v)
	case timeKind(f.Kind):
		*(*time.Time)(p) = normTime(v, f.Kind)
		return nil
	}
	return store(f, p, t, v)
}

// decoder scans rows into structs following a plan, reusing its slots.
type decoder struct {
	p     *plan
	slots []slot
	dest  []any
	bases []unsafe.Pointer
}

func newDecoder(p *plan, extra []any) *decoder {
	d := &decoder{p: p, slots: make([]slot, len(p.cols)), bases: make([]unsafe.Pointer, len(p.nodes))}
	d.dest = make([]any, len(p.cols), len(p.cols)+len(extra))
	for i, c := range p.cols {
		d.slots[i].f = c.field
		d.slots[i].lenient = c.node > 0
		d.dest[i] = &d.slots[i]
	}
	d.dest = append(d.dest, extra...)
	return d
}

type scanner interface{ Scan(dest ...any) error }

func (d *decoder) scan(rows scanner, root unsafe.Pointer) error {
	d.bases[0] = root
	for i := 1; i < len(d.p.nodes); i++ {
		d.bases[i] = newObject(d.p.nodes[i].model)
	}
	for i, c := range d.p.cols {
		d.slots[i].base = d.bases[c.node]
	}
	if err := rows.Scan(d.dest...); err != nil {
		return err
	}
	for i := 1; i < len(d.p.nodes); i++ {
		n := d.p.nodes[i]
		parent := d.bases[n.parent]
		ptr := (*unsafe.Pointer)(fieldPtr(parent, n.fk))
		if d.slots[n.pkCol].null {
			*ptr = nil
		} else {
			*ptr = d.bases[i]
		}
	}
	return nil
}

func newObject(m *Model) unsafe.Pointer { return reflect.New(m.typ).UnsafePointer() }

// subqueryer is a QuerySet used as the value of an "__in" lookup.
type subqueryer interface{ asSubquery() Subquery }

func (s Subquery) compile(r *resolver) (*ormsql.Select, Kind, error) {
	if s.q.err != nil {
		return nil, "", s.q.err
	}
	*r.seq++
	sub := newResolver(r.db, s.q, r.seq)
	sub.root = "U" + strconv.Itoa(*r.seq)
	sub.outer = r
	where, err := sub.prepare()
	if err != nil {
		return nil, "", err
	}
	c := rexpr{e: ormsql.Raw("1"), kind: IntegerField}
	if s.field != "" {
		var rest []string
		c, rest, err = sub.resolvePath(s.field)
		if err != nil {
			return nil, "", err
		}
		if len(rest) > 0 {
			if c, err = sub.transformOnly(c, rest, s.field); err != nil {
				return nil, "", err
			}
		}
	}
	sel := &ormsql.Select{Columns: []ormsql.SelectCol{{E: c.e}}, From: ormsql.Table{Name: s.q.model.Table, Alias: sub.root},
		Where: where, Limit: s.q.limit, Offset: s.q.offset, Distinct: s.q.distinct}
	if s.q.sliced() {
		if sel.OrderBy, err = sub.ordering(); err != nil {
			return nil, "", err
		}
	}
	sel.Joins = sub.joins
	return sel, c.kind, nil
}

func rebind(db *DB, q string) (string, int) { return ormsql.Rebind(db.d, q, 0) }

// columnExprs returns the table-qualified column expressions of m's
// fields, built once (they are immutable).
func (m *Model) columnExprs() map[*Field]ormsql.Expr {
	m.colOnce.Do(func() {
		m.colExprs = make(map[*Field]ormsql.Expr, len(m.Fields))
		for _, f := range m.Fields {
			m.colExprs[f] = ormsql.Col{Alias: m.Table, Name: f.Column}
		}
	})
	return m.colExprs
}
