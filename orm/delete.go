package orm

import (
	"context"
	"fmt"
	"unsafe"

	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// Delete deletes the matched rows and, following each relation's
// on_delete, the rows pointing at them (cascade, protect, restrict,
// set_null, set_default, do_nothing are carried out by the ORM inside one
// transaction). It returns the total and the count per model label.
// BeforeDelete/AfterDelete hooks run for every deleted row whose model has
// them (the rows are loaded for that), cascades included.
func (qs QuerySet[T]) Delete(ctx context.Context) (int64, map[string]int64, error) {
	qs = qs.forWrite()
	if qs.q.err != nil {
		return 0, nil, qs.q.err
	}
	if qs.q.none {
		return 0, map[string]int64{}, nil
	}
	if qs.q.sliced() {
		return 0, nil, &QueryError{Model: qs.q.model.Label, Reason: "cannot use limit/offset with delete"}
	}
	var total int64
	var per map[string]int64
	err := qs.db.Atomic(ctx, func(ctx context.Context) error {
		var pks []any
		q := qs.q.clone()
		q.order, q.orderSet, q.related, q.prefetch = nil, true, nil, nil
		if err := qs.db.valuesRows(ctx, q, []string{"pk"}, func(vals []any, _ []valueCol) error {
			pks = append(pks, vals[0])
			return nil
		}); err != nil {
			return err
		}
		var err error
		total, per, err = qs.db.deleteCollect(ctx, qs.q.model, pks, nil)
		return err
	})
	return total, per, err
}

type delBatch struct {
	m   *Model
	pks []any
}

type fieldUpdate struct {
	f   *Field
	pks []any // values of f's column to change
}

type restricted struct {
	f   *Field
	pks []any // pks of the referencing rows
}

type collector struct {
	db         *DB
	seen       map[*Model]map[any]bool
	batches    []delBatch
	updates    []fieldUpdate
	restricted []restricted
	through    []delBatch // join-table rows, keyed by column in pks
	throughCol []*Field
}

const inChunk = 500

func chunks(vals []any) [][]any {
	var out [][]any
	for len(vals) > inChunk {
		out = append(out, vals[:inChunk])
		vals = vals[inChunk:]
	}
	if len(vals) > 0 {
		out = append(out, vals)
	}
	return out
}

func (db *DB) inExpr(col ormsql.Expr, k Kind, vals []any) ormsql.Expr {
	items := make([]ormsql.Expr, len(vals))
	for i, v := range vals {
		items[i] = ormsql.Param{V: dbValue(db.d, k, v)}
	}
	return ormsql.In{E: col, Items: items}
}

// selectCol returns values of column out from table m where col IN vals.
func (db *DB) selectIn(ctx context.Context, m *Model, out, col *Field, vals []any) ([]any, error) {
	var res []any
	for _, ch := range chunks(vals) {
		sel := &ormsql.Select{Columns: []ormsql.SelectCol{{E: ormsql.Col{Name: out.Column}}}, From: ormsql.Table{Name: m.Table},
			Where: db.inExpr(ormsql.Col{Name: col.Column}, col.columnKind(), ch), Limit: -1}
		query, args, err := ormsql.NewBuilder(db.d).Select(sel)
		if err != nil {
			return nil, err
		}
		rows, err := db.read(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var v any
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return nil, err
			}
			cv, err := canonical(out, v)
			if err != nil {
				rows.Close()
				return nil, err
			}
			res = append(res, cv)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

func (c *collector) collect(ctx context.Context, m *Model, pks []any) error {
	if c.seen[m] == nil {
		c.seen[m] = map[any]bool{}
	}
	var fresh []any
	for _, pk := range pks {
		if pk == nil || c.seen[m][pk] {
			continue
		}
		c.seen[m][pk] = true
		fresh = append(fresh, pk)
	}
	if len(fresh) == 0 {
		return nil
	}
	c.batches = append(c.batches, delBatch{m: m, pks: fresh})
	for _, tr := range m.throughRefs {
		c.through = append(c.through, delBatch{m: tr.through, pks: fresh})
		c.throughCol = append(c.throughCol, tr.col)
	}
	for _, rf := range m.Reverse {
		if rf.Kind == ManyToManyField || rf.OnDelete == DoNothing {
			continue
		}
		child := rf.Model
		switch rf.OnDelete {
		case Cascade:
			ids, err := c.db.selectIn(ctx, child, child.PK, rf, fresh)
			if err != nil {
				return err
			}
			if err := c.collect(ctx, child, ids); err != nil {
				return err
			}
		case Protect:
			ids, err := c.db.selectIn(ctx, child, child.PK, rf, fresh)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				return &ProtectedError{Model: child.Label, Field: rf.Name, Count: len(ids)}
			}
		case Restrict:
			ids, err := c.db.selectIn(ctx, child, child.PK, rf, fresh)
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				c.restricted = append(c.restricted, restricted{f: rf, pks: ids})
			}
		case SetNull, SetDefault:
			c.updates = append(c.updates, fieldUpdate{f: rf, pks: fresh})
		}
	}
	return nil
}

// deleteCollect deletes rows of m with the given primary keys and what
// their relations imply.
// root, when set, is the caller's instance (of m, with pks[0]): hooks
// receive it rather than a fresh copy.
func (db *DB) deleteCollect(ctx context.Context, m *Model, pks []any, root unsafe.Pointer) (int64, map[string]int64, error) {
	per := map[string]int64{}
	var total int64
	err := db.Atomic(ctx, func(ctx context.Context) error {
		c := &collector{db: db, seen: map[*Model]map[any]bool{}}
		if err := c.collect(ctx, m, pks); err != nil {
			return err
		}
		// Delete hooks run for every row deleted, cascades included.
		hooked, err := db.hookedObjects(ctx, c.batches, root)
		if err != nil {
			return err
		}
		for _, h := range hooked {
			if err := db.runHooks(ctx, h.m, BeforeDelete, h.obj, false, nil); err != nil {
				return err
			}
		}
		for _, r := range c.restricted {
			n := 0
			for _, pk := range r.pks {
				if !c.seen[r.f.Model][pk] {
					n++
				}
			}
			if n > 0 {
				return &ProtectedError{Model: r.f.Model.Label, Field: r.f.Name, Count: n, Restrict: true}
			}
		}
		for _, u := range c.updates {
			var val any
			if u.f.OnDelete == SetDefault {
				v, err := u.f.coerce(u.f.Default)
				if err != nil {
					return err
				}
				val = dbValue(db.d, u.f.columnKind(), v)
			}
			for _, ch := range chunks(u.pks) {
				up := &ormsql.Update{Table: u.f.Model.Table, Set: []ormsql.Assign{{Col: u.f.Column, E: ormsql.Param{V: val}}},
					Where: db.inExpr(ormsql.Col{Name: u.f.Column}, u.f.columnKind(), ch)}
				if err := db.run(ctx, up); err != nil {
					return err
				}
			}
		}
		for i, t := range c.through {
			col := c.throughCol[i]
			for _, ch := range chunks(t.pks) {
				n, err := db.runDelete(ctx, t.m.Table, db.inExpr(ormsql.Col{Name: col.Column}, col.columnKind(), ch))
				if err != nil {
					return err
				}
				if n > 0 {
					per[t.m.Label] += n
					total += n
				}
			}
		}
		for i := len(c.batches) - 1; i >= 0; i-- {
			b := c.batches[i]
			for _, ch := range chunks(b.pks) {
				n, err := db.runDelete(ctx, b.m.Table, db.inExpr(ormsql.Col{Name: b.m.PK.Column}, b.m.PK.columnKind(), ch))
				if err != nil {
					return err
				}
				per[b.m.Label] += n
				total += n
			}
		}
		for _, h := range hooked {
			if err := db.runHooks(ctx, h.m, AfterDelete, h.obj, false, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, nil, err
	}
	return total, per, nil
}

func (db *DB) run(ctx context.Context, up *ormsql.Update) error {
	query, args, err := ormsql.NewBuilder(db.d).Update(up)
	if err != nil {
		return err
	}
	if _, err := db.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("orm: update %s: %w", up.Table, err)
	}
	return nil
}

func (db *DB) runDelete(ctx context.Context, table string, where ormsql.Expr) (int64, error) {
	query, args, err := ormsql.NewBuilder(db.d).Delete(&ormsql.Delete{Table: table, Where: where})
	if err != nil {
		return 0, err
	}
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("orm: delete from %s: %w", table, err)
	}
	return res.RowsAffected()
}

type hookedObject struct {
	m   *Model
	obj unsafe.Pointer
}

// hookedObjects loads the instances of collected rows whose model has
// delete hooks (one query per such batch).
func (db *DB) hookedObjects(ctx context.Context, batches []delBatch, root unsafe.Pointer) ([]hookedObject, error) {
	var out []hookedObject
	for i, b := range batches {
		db.reg.mu.RLock()
		has := len(b.m.hooks[BeforeDelete])+len(b.m.hooks[AfterDelete]) > 0
		db.reg.mu.RUnlock()
		if !has || b.m.typ == nil {
			continue
		}
		if i == 0 && root != nil && len(b.pks) == 1 {
			out = append(out, hookedObject{b.m, root})
			continue
		}
		objs, err := db.fetchWhere(ctx, b.m, "pk__in", b.pks, nil)
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			out = append(out, hookedObject{b.m, o})
		}
	}
	return out, nil
}
