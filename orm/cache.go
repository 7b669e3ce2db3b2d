package orm

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/djinn-go/djinn/orm/dialect"
	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// maxCachedSelects bounds the compiled-SELECT cache of a DB; shapes seen
// after it is full are compiled on every call.
const maxCachedSelects = 4096

// selectCache keeps compiled SELECTs by query shape: the model, the
// chain's clauses and, for every filter value, its lookup path and Go type,
// but not the value itself. A hit skips resolving and writing the SQL; the
// values are bound again per call.
type selectCache struct {
	mu sync.RWMutex
	m  map[string]*cachedSelect
	// inserts holds the single-row INSERT of each model (insertKey →
	// string); their number is bounded by the registry's models.
	inserts sync.Map
	// pkGets holds GetPK's SELECTs by model (*Model → *pkGetSet), bounded
	// by the registry's models.
	pkGets sync.Map
	// bulkUpdates holds BulkUpdate's statements (bulkKey → *bulkPlan), at
	// most maxBulkPlanBytes of them (bulkBytes counts those built).
	bulkUpdates sync.Map
	bulkBytes   atomic.Int64
}

// pkGetSet is GetPK's SELECT of one model for each type of key value,
// indexed by typeCode's letter.
type pkGetSet [pkCodes]atomic.Pointer[cachedSelect]

const pkCodes = 'z' - 'a' + 1

func (c *selectCache) pkGet(m *Model, code byte) *cachedSelect {
	if set, ok := c.pkGets.Load(m); ok && code >= 'a' && code <= 'z' {
		return set.(*pkGetSet)[code-'a'].Load()
	}
	return nil
}

func (c *selectCache) putPKGet(m *Model, code byte, e *cachedSelect) {
	if code < 'a' || code > 'z' {
		return
	}
	set, _ := c.pkGets.LoadOrStore(m, new(pkGetSet))
	set.(*pkGetSet)[code-'a'].Store(e)
}

// cachedSelect is the SQL text and decoding plan of one query shape. binds
// holds, in argument order, the field each filter value is converted for
// (nil: no field). ok is false for a shape found not to be cacheable.
type cachedSelect struct {
	sql   string
	plan  *plan
	binds []*Field
	ok    bool
}

func newSelectCache() *selectCache { return &selectCache{m: map[string]*cachedSelect{}} }

func (c *selectCache) get(key []byte) *cachedSelect {
	c.mu.RLock()
	e := c.m[string(key)]
	c.mu.RUnlock()
	return e
}

func (c *selectCache) put(key []byte, e *cachedSelect) {
	c.mu.Lock()
	if len(c.m) < maxCachedSelects {
		c.m[string(key)] = e
	}
	c.mu.Unlock()
}

// bindValue converts a filter value for a column of field hint, exactly as
// the resolver does for a parameter.
func bindValue(d dialect.Dialect, hint *Field, v any) (any, error) {
	if hint == nil {
		return d.Value("", v), nil
	}
	if hint.Kind.isInt() {
		// What coerce returns for Go's usual key types, without reflection
		// (and, for an int64, without boxing it again).
		switch x := v.(type) {
		case int64:
			return dbValue(d, hint.columnKind(), v), nil
		case int:
			return dbValue(d, hint.columnKind(), int64(x)), nil
		case int32:
			return dbValue(d, hint.columnKind(), int64(x)), nil
		}
	}
	c, err := hint.coerce(v)
	if err != nil {
		return nil, err
	}
	return dbValue(d, hint.columnKind(), c), nil
}

// args binds vals for one call.
func (e *cachedSelect) args(d dialect.Dialect, vals []any) ([]any, error) {
	args := make([]any, len(vals))
	for i, v := range vals {
		a, err := bindValue(d, e.binds[i], v)
		if err != nil {
			return nil, err
		}
		args[i] = a
	}
	return args, nil
}

// shape appends q's structural fingerprint to b and its filter values to
// vals. ok is false when q is outside the cached subset (annotations,
// expressions, OR/NOT, subqueries, locks, unions, values of other types).
// extra are Get's conditions and get applies Get's LIMIT 21 and cleared
// ordering, so that a Get can be looked up without building its query.
func shape(b []byte, q *query, extra []Cond, get bool, vals []any) ([]byte, []any, bool) {
	if q.err != nil || q.none || len(q.annots) > 0 || len(q.distinctOn) > 0 || len(q.filtered) > 0 ||
		len(q.compounds) > 0 || q.lock != nil {
		return b, vals, false
	}
	limit, offset, order, orderSet := q.limit, q.offset, q.order, q.orderSet
	if get && !q.sliced() {
		limit, order, orderSet = 21, nil, true
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(uintptr(unsafe.Pointer(q.model))))
	b = binary.LittleEndian.AppendUint64(b, uint64(limit))
	b = binary.LittleEndian.AppendUint64(b, uint64(offset))
	b = append(b, flag(q.distinct), flag(q.reverse), flag(orderSet))
	ok := true
	for _, list := range [...][]string{order, q.related, q.only, q.deferred} {
		b = append(b, 1)
		for _, s := range list {
			if b, ok = appendName(b, s); !ok {
				return b, vals, false
			}
		}
	}
	b = append(b, 2)
	for _, c := range q.where {
		if b, vals, ok = shapeCond(b, c, vals); !ok {
			return b, vals, false
		}
	}
	if len(extra) > 0 {
		if b, vals, ok = shapeCond(b, condAnd(extra), vals); !ok {
			return b, vals, false
		}
	}
	return b, vals, true
}

func flag(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func appendName(b []byte, s string) ([]byte, bool) {
	if strings.IndexByte(s, 0) >= 0 {
		return b, false
	}
	return append(append(b, s...), 0), true
}

// qPair is a condition of a Q: a lookup and its value.
type qPair struct {
	k string
	v any
}

func shapeCond(b []byte, c Cond, vals []any) ([]byte, []any, bool) {
	ok := true
	switch x := c.(type) {
	case Q:
		if len(x) == 0 || len(x) > 8 {
			return b, vals, false
		}
		// One pass over the map, then the pairs in key order.
		var arr [8]qPair
		pairs := arr[:0]
		for k, v := range x {
			pairs = append(pairs, qPair{k, v})
		}
		if len(pairs) > 1 {
			slices.SortFunc(pairs, func(a, b qPair) int { return strings.Compare(a.k, b.k) })
		}
		b = append(b, 'Q')
		for _, p := range pairs {
			if b, ok = appendName(b, p.k); !ok {
				return b, vals, false
			}
			v := p.v
			code := typeCode(v)
			if code == 0 {
				return b, vals, false
			}
			b = append(b, code)
			if v != nil {
				vals = append(vals, v)
			}
		}
		return b, vals, true
	case condAnd:
		b = append(b, '(')
		for _, sub := range x {
			if b, vals, ok = shapeCond(b, sub, vals); !ok {
				return b, vals, false
			}
		}
		return append(b, ')'), vals, true
	}
	return b, vals, false
}

// typeCode names the Go types of filter values whose conversion depends
// only on the field (0: not cached).
func typeCode(v any) byte {
	switch v.(type) {
	case nil:
		return 'n'
	case int:
		return 'a'
	case int64:
		return 'b'
	case int32:
		return 'c'
	case int16:
		return 'd'
	case int8:
		return 'e'
	case uint:
		return 'f'
	case uint64:
		return 'g'
	case uint32:
		return 'h'
	case uint16:
		return 'i'
	case uint8:
		return 'j'
	case string:
		return 's'
	case bool:
		return 't'
	case float64:
		return 'u'
	case float32:
		return 'v'
	case time.Time:
		return 'w'
	}
	return 0
}

// selectQuery returns the SQL, arguments and decoding plan of q's SELECT,
// reusing the compiled form of an earlier query of the same shape.
func (db *DB) selectQuery(q *query) (string, []any, *plan, error) {
	var kb [256]byte
	var vb [8]any
	key, vals, ok := shape(kb[:0], q, nil, false, vb[:0])
	var e *cachedSelect
	if ok && db.cache != nil {
		if e = db.cache.get(key); e != nil && e.ok {
			args, err := e.args(db.d, vals)
			return e.sql, args, e.plan, err
		}
	}
	c, err := db.compileSelect(q)
	if err != nil {
		return "", nil, nil, err
	}
	sel := c.sel
	if ok {
		sel = unqualified(sel)
	}
	sqlText, args, err := ormsql.NewBuilder(db.d).Select(sel)
	if err != nil {
		return "", nil, nil, err
	}
	if ok && e == nil && db.cache != nil {
		db.cache.put(key, newCachedSelect(db.d, sqlText, args, c, vals))
	}
	return sqlText, args, c.plan, nil
}

// newCachedSelect records a compiled query, checking that its arguments
// are exactly the filter values bound as recorded; any other query is
// remembered as not cacheable.
func newCachedSelect(d dialect.Dialect, sqlText string, args []any, c *compiled, vals []any) *cachedSelect {
	e := &cachedSelect{sql: sqlText, plan: c.plan, binds: c.r.binds}
	if c.r.noCache || len(e.binds) != len(vals) || len(args) != len(vals) {
		return &cachedSelect{}
	}
	again, err := e.args(d, vals)
	if err != nil {
		return &cachedSelect{}
	}
	for i := range args {
		if !sameArg(args[i], again[i]) {
			return &cachedSelect{}
		}
	}
	e.ok = true
	return e
}

func sameArg(a, b any) bool {
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	}
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta := reflect.TypeOf(a)
	return ta == reflect.TypeOf(b) && ta.Comparable() && a == b
}

// unqualified returns sel with its table's name dropped from its column
// references when it reads one table: shorter SQL is parsed faster
// (SQLite parses every statement). Only the expressions of the cached
// subset are rewritten; anything else keeps sel as it is.
func unqualified(sel *ormsql.Select) *ormsql.Select {
	if len(sel.Joins) > 0 || len(sel.Compounds) > 0 || sel.Lock != nil || len(sel.GroupBy) > 0 || sel.Having != nil || len(sel.DistinctOn) > 0 {
		return sel
	}
	alias := sel.From.Alias
	if alias == "" {
		alias = sel.From.Name
	}
	out := *sel
	out.Columns = make([]ormsql.SelectCol, len(sel.Columns))
	for i, c := range sel.Columns {
		e, ok := unqualify(c.E, alias)
		if !ok {
			return sel
		}
		out.Columns[i] = ormsql.SelectCol{E: e, Alias: c.Alias}
	}
	where, ok := unqualify(sel.Where, alias)
	if !ok {
		return sel
	}
	out.Where = where
	out.OrderBy = make([]ormsql.Order, len(sel.OrderBy))
	for i, o := range sel.OrderBy {
		e, ok := unqualify(o.E, alias)
		if !ok {
			return sel
		}
		out.OrderBy[i] = ormsql.Order{E: e, Desc: o.Desc}
	}
	return &out
}

func unqualify(e ormsql.Expr, alias string) (ormsql.Expr, bool) {
	switch x := e.(type) {
	case nil:
		return nil, true
	case ormsql.Col:
		if x.Alias != alias {
			return nil, false
		}
		return ormsql.Col{Name: x.Name}, true
	case ormsql.Param, ormsql.Raw:
		return x, true
	case ormsql.IsNull:
		in, ok := unqualify(x.E, alias)
		return ormsql.IsNull{E: in, Negate: x.Negate}, ok
	case ormsql.Pattern:
		args, ok := unqualifyAll(x.Args, alias)
		return ormsql.Pattern{Format: x.Format, Args: args}, ok
	case ormsql.Logic:
		items, ok := unqualifyAll(x.Items, alias)
		return ormsql.Logic{Op: x.Op, Items: items}, ok
	}
	return nil, false
}

func unqualifyAll(list []ormsql.Expr, alias string) ([]ormsql.Expr, bool) {
	out := make([]ormsql.Expr, len(list))
	for i, e := range list {
		var ok bool
		if out[i], ok = unqualify(e, alias); !ok {
			return nil, false
		}
	}
	return out, true
}
