package orm

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unsafe"

	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// setCanonical stores a canonical value into field f of the struct at base.
func setCanonical(base unsafe.Pointer, f *Field, v any) error {
	switch x := v.(type) {
	case Decimal:
		v = x.String()
	case UUID:
		v = x.String()
	case time.Duration:
		v = int64(x / time.Microsecond)
	}
	return f.set(base, v)
}

// setByName assigns value to the field called name of the struct at base,
// coercing it as a lookup value would be.
func setByName(m *Model, base unsafe.Pointer, name string, value any) error {
	f, ok := m.Field(name)
	if !ok || !f.Concrete() {
		return &QueryError{Model: m.Label, Field: name, Valid: m.fieldNames(), Reason: "unknown field"}
	}
	if f.Kind == ForeignKey || f.Kind == OneToOneField {
		rv := reflect.ValueOf(value)
		if rv.Kind() == reflect.Pointer && rv.Type().Elem() == f.Target.typ {
			*(*unsafe.Pointer)(fieldPtr(base, f)) = rv.UnsafePointer()
			return nil
		}
	}
	c, err := f.coerce(value)
	if err != nil {
		return err
	}
	return setCanonical(base, f, c)
}

// New returns a T with the field defaults from its tags applied
// (default=…; "now" for date/time fields, "uuid4" for UUID fields).
func New[T any](db *DB) (T, error) {
	var v T
	m, err := ModelFor[T](db.reg)
	if err != nil {
		return v, err
	}
	return v, applyDefaults(m, unsafe.Pointer(&v))
}

func applyDefaults(m *Model, base unsafe.Pointer) error {
	for _, f := range m.Fields {
		if !f.HasDefault {
			continue
		}
		var c any
		var err error
		switch {
		case f.Default == "now" && f.Kind.isTime():
			c, err = f.coerce(time.Now())
		case f.Default == "uuid4" && f.Kind == UUIDField:
			c = NewUUID()
		case f.Default == "null" && f.Null:
			c = nil
		default:
			c, err = f.coerce(f.Default)
		}
		if err != nil {
			return fmt.Errorf("orm: %s.%s: default %q: %w", m.Label, f.Name, f.Default, err)
		}
		if c == nil {
			continue
		}
		if err := setCanonical(base, f, c); err != nil {
			return err
		}
	}
	return nil
}

func nowFor(f *Field) time.Time {
	t := time.Now().UTC().Truncate(time.Microsecond)
	if f.Kind == DateField {
		y, mo, d := t.Date()
		return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	return t
}

// ErrUnsavedRelated: a foreign key points at an instance without a
// primary key (Django refuses the save to prevent data loss).
var ErrUnsavedRelated = errors.New("orm: related object is not saved")

func (db *DB) param(f *Field, base unsafe.Pointer) (ormsql.Expr, error) {
	v, err := db.paramValue(f, base)
	if err != nil {
		return nil, err
	}
	return ormsql.Param{V: v}, nil
}

// paramValue is the value param binds for field f of the struct at base.
func (db *DB) paramValue(f *Field, base unsafe.Pointer) (any, error) {
	if f.Kind == ForeignKey || f.Kind == OneToOneField {
		if obj := *(*unsafe.Pointer)(fieldPtr(base, f)); obj != nil && f.Target.isZeroPK(obj) {
			return nil, fmt.Errorf("%w: %s.%s points at an unsaved %s", ErrUnsavedRelated, f.Model.Label, f.Name, f.Target.Label)
		}
	}
	v, err := f.get(base)
	if err != nil {
		return nil, err
	}
	return dbValue(db.d, f.columnKind(), v), nil
}

// bulkSlot names the value an argument of a bulk UPDATE takes: field's
// (-1: the primary key's) of the batch's row.
type bulkSlot struct{ field, row int }

// bulkPlan is the UPDATE of BulkUpdate for one model, set of fields and
// batch size: its SQL and, for each argument, where its value comes from.
type bulkPlan struct {
	sql   string
	slots []bulkSlot
}

// bulkKey identifies a bulkPlan.
type bulkKey struct {
	m      *Model
	fields string
	rows   int
}

// maxBulkPlanBytes bounds the memory of the bulk UPDATEs kept per DB:
// one per model, field list and batch size, and a batch's size can come
// from a request (a plan of 500 rows and 10 fields is ~400 KB).
const maxBulkPlanBytes = 8 << 20

// bulkUpdatePlan returns the UPDATE setting fs on rows rows of m, with
// each field's CASE over the primary keys, built once: the statement is
// written with a marker for each argument, which says where each later
// call's value comes from.
func (db *DB) bulkUpdatePlan(m *Model, fs []*Field, rows int) (*bulkPlan, error) {
	var key bulkKey
	if db.cache != nil {
		names := make([]string, len(fs))
		for i, f := range fs {
			names[i] = f.Column
		}
		key = bulkKey{m: m, fields: strings.Join(names, "\x00"), rows: rows}
		if p, ok := db.cache.bulkUpdates.Load(key); ok {
			return p.(*bulkPlan), nil
		}
	}
	up := &ormsql.Update{Table: m.Table}
	pks := make([]ormsql.Expr, rows)
	for i := range pks {
		pks[i] = ormsql.Param{V: bulkSlot{field: -1, row: i}}
	}
	for j, f := range fs {
		c := ormsql.Case{}
		// PostgreSQL types a CASE's bare parameters as text: cast each to
		// the column's type, as Django does (requires_casted_case_in_updates).
		castTo := ""
		if db.d.Name() == "postgres" {
			typ, err := db.d.ColumnType(f.ColumnSpec())
			if err != nil {
				return nil, err
			}
			castTo = typ
		}
		for i := range rows {
			var then ormsql.Expr = ormsql.Param{V: bulkSlot{field: j, row: i}}
			if castTo != "" {
				then = castExpr{E: then, Type: castTo}
			}
			c.Whens = append(c.Whens, ormsql.When{Cond: ormsql.Binary{L: ormsql.Col{Name: m.PK.Column}, Op: "=", R: pks[i]}, Then: then})
		}
		up.Set = append(up.Set, ormsql.Assign{Col: f.Column, E: c})
	}
	up.Where = ormsql.In{E: ormsql.Col{Name: m.PK.Column}, Items: pks}
	query, args, err := ormsql.NewBuilder(db.d).Update(up)
	if err != nil {
		return nil, err
	}
	p := &bulkPlan{sql: query, slots: make([]bulkSlot, len(args))}
	for k, a := range args {
		sl, ok := a.(bulkSlot)
		if !ok {
			return nil, fmt.Errorf("orm: bulk update %s: argument %d is not a value of the batch", m.Label, k+1)
		}
		p.slots[k] = sl
	}
	if db.cache != nil && db.cache.bulkBytes.Add(int64(len(p.sql)+len(p.slots)*int(unsafe.Sizeof(bulkSlot{})))) <= maxBulkPlanBytes {
		db.cache.bulkUpdates.Store(key, p)
	}
	return p, nil
}

// insert writes one row and sets an auto primary key.
func (db *DB) insert(ctx context.Context, m *Model, base unsafe.Pointer) error {
	for _, f := range m.Fields {
		if f.autoNow || f.autoNowAdd {
			if err := f.set(base, nowFor(f)); err != nil {
				return err
			}
		}
	}
	autoPK := m.PK.Kind.IsAuto() && m.isZeroPK(base)
	returning := autoPK && db.caps.Returning && !db.caps.LastInsertID
	args := make([]any, 0, len(m.Fields))
	for _, f := range m.Fields {
		if f == m.PK && autoPK {
			continue
		}
		p, err := db.param(f, base)
		if err != nil {
			return err
		}
		args = append(args, p.(ormsql.Param).V)
	}
	query, err := db.insertSQL(m, autoPK, returning, len(args))
	if err != nil {
		return err
	}
	if returning {
		rows, release, err := db.query(ctx, true, query, args...)
		if err != nil {
			return fmt.Errorf("orm: insert %s: %w", m.Label, err)
		}
		defer release()
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return fmt.Errorf("orm: insert %s: %w", m.Label, err)
			}
			return fmt.Errorf("orm: insert %s: no id returned", m.Label)
		}
		s := &slot{f: m.PK, base: base}
		if err := rows.Scan(s); err != nil {
			return err
		}
		return rows.Close()
	}
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("orm: insert %s: %w", m.Label, err)
	}
	if autoPK {
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		return m.PK.set(base, id)
	}
	return nil
}

// updateRow writes fields (all non-pk when empty) of one row by pk.
func (db *DB) updateRow(ctx context.Context, m *Model, base unsafe.Pointer, fields []string) (int64, error) {
	up := &ormsql.Update{Table: m.Table}
	want := map[string]bool{}
	for _, n := range fields {
		f, ok := m.Field(n)
		if !ok || !f.Concrete() || f.PrimaryKey {
			return 0, &QueryError{Model: m.Label, Field: n, Valid: m.fieldNames(), Reason: "update_fields: not a concrete non-primary-key field"}
		}
		want[f.Name] = true
	}
	for _, f := range m.Fields {
		if f == m.PK || (len(want) > 0 && !want[f.Name]) || f.autoNowAdd {
			continue
		}
		if f.autoNow {
			if err := f.set(base, nowFor(f)); err != nil {
				return 0, err
			}
		}
		p, err := db.param(f, base)
		if err != nil {
			return 0, err
		}
		up.Set = append(up.Set, ormsql.Assign{Col: f.Column, E: p})
	}
	if len(up.Set) == 0 {
		return 1, nil
	}
	pk, err := db.param(m.PK, base)
	if err != nil {
		return 0, err
	}
	up.Where = ormsql.Binary{L: ormsql.Col{Name: m.PK.Column}, Op: "=", R: pk}
	query, args, err := ormsql.NewBuilder(db.d).Update(up)
	if err != nil {
		return 0, err
	}
	res, err := db.exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("orm: update %s: %w", m.Label, err)
	}
	return res.RowsAffected()
}

func (db *DB) save(ctx context.Context, m *Model, base unsafe.Pointer, fields []string, forceInsert bool) error {
	if m.AutoCreated || m.typ == nil {
		return fmt.Errorf("orm: %s cannot be saved directly", m.Label)
	}
	if err := db.runHooks(ctx, m, BeforeSave, base, false, fields); err != nil {
		return err
	}
	created := false
	if forceInsert || m.isZeroPK(base) {
		if err := db.insert(ctx, m, base); err != nil {
			return err
		}
		created = true
	} else {
		n, err := db.updateRow(ctx, m, base, fields)
		if err != nil {
			return err
		}
		if n == 0 {
			if len(fields) > 0 {
				return fmt.Errorf("orm: save %s: %w (update_fields given, no row updated)", m.Label, ErrDoesNotExist)
			}
			if err := db.insert(ctx, m, base); err != nil {
				return err
			}
			created = true
		}
	}
	return db.runHooks(ctx, m, AfterSave, base, created, fields)
}

// Save inserts obj (zero primary key) or updates it (set primary key; an
// update touching no row inserts, as Django does). With fields, only
// those columns are updated. Hooks BeforeSave/AfterSave run.
func Save[T any](ctx context.Context, db *DB, obj *T, fields ...string) error {
	m, err := ModelFor[T](db.reg)
	if err != nil {
		return err
	}
	return db.save(ctx, m, unsafe.Pointer(obj), fields, false)
}

// Delete deletes obj and, following on_delete, the rows pointing at it,
// in one transaction. It returns the number of rows deleted per model
// label. Delete hooks run for obj and for every cascaded row.
func Delete[T any](ctx context.Context, db *DB, obj *T) (int64, map[string]int64, error) {
	m, err := ModelFor[T](db.reg)
	if err != nil {
		return 0, nil, err
	}
	base := unsafe.Pointer(obj)
	if m.isZeroPK(base) {
		return 0, nil, fmt.Errorf("orm: delete %s: object has no primary key", m.Label)
	}
	pk, err := m.PK.get(base)
	if err != nil {
		return 0, nil, err
	}
	return db.deleteCollect(ctx, m, []any{pk}, base)
}

// Refresh reloads obj's fields from the database.
func Refresh[T any](ctx context.Context, db *DB, obj *T) error {
	m, err := ModelFor[T](db.reg)
	if err != nil {
		return err
	}
	pk, err := m.PK.get(unsafe.Pointer(obj))
	if err != nil {
		return err
	}
	v, err := Objects[T](db).Filter("pk", pk).Get(ctx)
	if err != nil {
		return err
	}
	*obj = v
	return nil
}

// Create inserts obj (always an INSERT) and sets its auto primary key.
func (qs QuerySet[T]) Create(ctx context.Context, obj *T) error {
	qs = qs.forWrite()
	if qs.q.err != nil {
		return qs.q.err
	}
	return qs.db.save(ctx, qs.q.model, unsafe.Pointer(obj), nil, true)
}

func (qs QuerySet[T]) build(lookups Q, defaults map[string]any) (T, error) {
	v, err := New[T](qs.db)
	if err != nil {
		return v, err
	}
	base := unsafe.Pointer(&v)
	for _, k := range sortedKeys(lookups) {
		name := strings.TrimSuffix(k, "__exact")
		if strings.Contains(name, "__") {
			continue
		}
		if _, isExpr := lookups[k].(Expr); isExpr {
			continue
		}
		if err := setByName(qs.q.model, base, name, lookups[k]); err != nil {
			return v, err
		}
	}
	for _, k := range sortedKeys(defaults) {
		if err := setByName(qs.q.model, base, k, defaults[k]); err != nil {
			return v, err
		}
	}
	return v, nil
}

// GetOrCreate fetches the row matching lookups or creates one from the
// exact lookups plus defaults; created reports which. A concurrent create
// hitting a unique constraint is resolved by fetching again.
func (qs QuerySet[T]) GetOrCreate(ctx context.Context, lookups Q, defaults map[string]any) (obj T, created bool, err error) {
	qs = qs.forWrite()
	obj, err = qs.Get(ctx, lookups)
	if err == nil || !errors.Is(err, ErrDoesNotExist) {
		return obj, false, err
	}
	obj, err = qs.build(lookups, defaults)
	if err != nil {
		return obj, false, err
	}
	err = qs.db.Atomic(ctx, func(ctx context.Context) error { return qs.Create(ctx, &obj) })
	if err != nil && qs.db.d.IsUniqueViolation(err) {
		if again, gerr := qs.Get(ctx, lookups); gerr == nil {
			return again, false, nil
		}
	}
	return obj, err == nil, err
}

// UpdateOrCreate updates the row matching lookups with defaults (locking
// it), or creates one from lookups plus defaults.
func (qs QuerySet[T]) UpdateOrCreate(ctx context.Context, lookups Q, defaults map[string]any) (obj T, created bool, err error) {
	return qs.UpdateOrCreateWith(ctx, lookups, defaults, nil)
}

// UpdateOrCreateWith is UpdateOrCreate with separate values for creating
// (Django 5.0's create_defaults); nil createDefaults means defaults.
func (qs QuerySet[T]) UpdateOrCreateWith(ctx context.Context, lookups Q, defaults, createDefaults map[string]any) (obj T, created bool, err error) {
	qs = qs.forWrite()
	if createDefaults == nil {
		createDefaults = defaults
	}
	err = qs.db.Atomic(ctx, func(ctx context.Context) error {
		cur, gerr := qs.SelectForUpdate().Get(ctx, lookups)
		if errors.Is(gerr, ErrDoesNotExist) {
			obj, gerr = qs.build(lookups, createDefaults)
			if gerr != nil {
				return gerr
			}
			created = true
			return qs.Create(ctx, &obj)
		}
		if gerr != nil {
			return gerr
		}
		obj = cur
		base := unsafe.Pointer(&obj)
		var fields []string
		for _, k := range sortedKeys(defaults) {
			if err := setByName(qs.q.model, base, k, defaults[k]); err != nil {
				return err
			}
			f, _ := qs.q.model.Field(k)
			fields = append(fields, f.Name)
		}
		for _, f := range qs.q.model.Fields {
			if f.autoNow {
				fields = append(fields, f.Name)
			}
		}
		return qs.db.save(ctx, qs.q.model, base, fields, false)
	})
	return obj, created, err
}

// BulkOptions tune BulkCreate.
type BulkOptions struct {
	// BatchSize caps rows per INSERT (0: as many as the parameter limit allows).
	BatchSize int
	// IgnoreConflicts skips rows violating unique constraints; primary
	// keys are then not set.
	IgnoreConflicts bool
	// UpdateConflicts turns a conflict on UniqueFields into an update of
	// UpdateFields from the proposed row (upsert: ON CONFLICT … DO UPDATE,
	// ON DUPLICATE KEY UPDATE on MariaDB, where UniqueFields is implied by
	// the table's unique keys). Primary keys are set on PostgreSQL and
	// SQLite only.
	UpdateConflicts bool
	UniqueFields    []string
	UpdateFields    []string
}

func (o BulkOptions) columns(m *Model) (unique, update []string, err error) {
	if !o.UpdateConflicts {
		return nil, nil, nil
	}
	if o.IgnoreConflicts {
		return nil, nil, &QueryError{Model: m.Label, Reason: "ignore_conflicts and update_conflicts are mutually exclusive"}
	}
	if len(o.UpdateFields) == 0 {
		return nil, nil, &QueryError{Model: m.Label, Reason: "update_conflicts needs UpdateFields"}
	}
	conv := func(names []string, allowPK bool) ([]string, error) {
		var out []string
		for _, n := range names {
			f, ok := m.Field(n)
			if !ok || !f.Concrete() || (f.PrimaryKey && !allowPK) {
				return nil, &QueryError{Model: m.Label, Field: n, Valid: m.fieldNames(), Reason: "bulk_create: not a usable field"}
			}
			out = append(out, f.Column)
		}
		return out, nil
	}
	if unique, err = conv(o.UniqueFields, true); err != nil {
		return nil, nil, err
	}
	update, err = conv(o.UpdateFields, false)
	return unique, update, err
}

// BulkCreate inserts objs with multi-row INSERTs, without hooks. Auto
// primary keys are set where the database returns them (PostgreSQL,
// SQLite, MariaDB).
func (qs QuerySet[T]) BulkCreate(ctx context.Context, objs []T, opts ...BulkOptions) error {
	qs = qs.forWrite()
	if qs.q.err != nil {
		return qs.q.err
	}
	if len(objs) == 0 {
		return nil
	}
	var o BulkOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	m := qs.q.model
	uniqueCols, updateCols, err := o.columns(m)
	if err != nil {
		return err
	}
	up := upsert{unique: uniqueCols, update: updateCols}
	// Rows with and without a preset primary key go in separate batches.
	var auto, preset []int
	for i := range objs {
		if m.PK.Kind.IsAuto() && m.isZeroPK(unsafe.Pointer(&objs[i])) {
			auto = append(auto, i)
		} else {
			preset = append(preset, i)
		}
	}
	return qs.db.Atomic(ctx, func(ctx context.Context) error {
		for gi, group := range [][]int{preset, auto} {
			if len(group) == 0 {
				continue
			}
			withPK := gi == 0
			cols := 0
			for _, f := range m.Fields {
				if f != m.PK || withPK {
					cols++
				}
			}
			batch := o.BatchSize
			if lim := qs.db.caps.MaxParams / max(cols, 1); batch <= 0 || batch > lim {
				batch = lim
			}
			for start := 0; start < len(group); start += batch {
				idx := group[start:min(start+batch, len(group))]
				if err := qs.db.bulkInsert(ctx, m, objs, idx, withPK, o.IgnoreConflicts, up); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

type upsert struct{ unique, update []string }

func (db *DB) bulkInsert(ctx context.Context, m *Model, objs any, idx []int, withPK, ignore bool, up upsert) error {
	rv := reflect.ValueOf(objs)
	ins := &ormsql.Insert{Table: m.Table, IgnoreConflicts: ignore, ConflictColumns: up.unique, UpdateColumns: up.update}
	var fields []*Field
	for _, f := range m.Fields {
		if f == m.PK && !withPK {
			continue
		}
		fields = append(fields, f)
		ins.Columns = append(ins.Columns, f.Column)
	}
	if len(fields) == 0 {
		for _, i := range idx {
			if err := db.insert(ctx, m, rv.Index(i).Addr().UnsafePointer()); err != nil {
				return err
			}
		}
		return nil
	}
	for _, i := range idx {
		base := rv.Index(i).Addr().UnsafePointer()
		row := make([]ormsql.Expr, 0, len(fields))
		for _, f := range fields {
			if f.autoNow || f.autoNowAdd {
				if err := f.set(base, nowFor(f)); err != nil {
					return err
				}
			}
			p, err := db.param(f, base)
			if err != nil {
				return err
			}
			row = append(row, p)
		}
		ins.Rows = append(ins.Rows, row)
	}
	returning := !withPK && !ignore && db.caps.Returning && (len(up.update) == 0 || db.d.Name() != "mysql")
	if returning {
		ins.Returning = []string{m.PK.Column}
	}
	query, args, err := ormsql.NewBuilder(db.d).Insert(ins)
	if err != nil {
		return err
	}
	if !returning {
		_, err := db.exec(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("orm: bulk create %s: %w", m.Label, err)
		}
		return nil
	}
	rows, release, err := db.query(ctx, true, query, args...)
	if err != nil {
		return fmt.Errorf("orm: bulk create %s: %w", m.Label, err)
	}
	defer release()
	defer rows.Close()
	k := 0
	for rows.Next() {
		if k >= len(idx) {
			break
		}
		s := &slot{f: m.PK, base: rv.Index(idx[k]).Addr().UnsafePointer()}
		if err := rows.Scan(s); err != nil {
			return err
		}
		k++
	}
	return rows.Err()
}

// bulkUpdateBatch is the most rows one BulkUpdate statement updates.
const bulkUpdateBatch = 500

// BulkUpdate writes the named fields of objs (matched by primary key) with
// CASE expressions, in batches of at most 500 rows (fewer where the
// database limits parameters); it returns the number of rows matched. A
// single batch is one statement, run as it is; several run in one
// transaction.
func (qs QuerySet[T]) BulkUpdate(ctx context.Context, objs []T, fields ...string) (int64, error) {
	qs = qs.forWrite()
	if qs.q.err != nil {
		return 0, qs.q.err
	}
	m := qs.q.model
	if len(fields) == 0 {
		return 0, &QueryError{Model: m.Label, Reason: "bulk_update needs field names"}
	}
	var fs []*Field
	for _, n := range fields {
		f, ok := m.Field(n)
		if !ok || !f.Concrete() || f.PrimaryKey {
			return 0, &QueryError{Model: m.Label, Field: n, Valid: m.fieldNames(), Reason: "bulk_update: not a concrete non-primary-key field"}
		}
		fs = append(fs, f)
	}
	if len(objs) == 0 {
		return 0, nil
	}
	// Each row's CASE has a WHEN per row of the batch, so a statement costs
	// the square of its rows: batches stay small enough to be cheap.
	batch := max(min(qs.db.caps.MaxParams/(2*len(fs)+1), bulkUpdateBatch), 1)
	var total int64
	cols := append([]*Field{m.PK}, fs...)
	update := func(ctx context.Context, chunk []T) error {
		plan, err := qs.db.bulkUpdatePlan(m, fs, len(chunk))
		if err != nil {
			return err
		}
		// The row's values, looked up by the plan's slots.
		vals := make([]any, len(cols)*len(chunk))
		for i := range chunk {
			base := unsafe.Pointer(&chunk[i])
			for j, f := range cols {
				v, err := qs.db.paramValue(f, base)
				if err != nil {
					return err
				}
				vals[j*len(chunk)+i] = v
			}
		}
		args := make([]any, len(plan.slots))
		for k, sl := range plan.slots {
			args[k] = vals[(sl.field+1)*len(chunk)+sl.row]
		}
		res, err := qs.db.exec(ctx, plan.sql, args...)
		if err != nil {
			return fmt.Errorf("orm: bulk update %s: %w", m.Label, err)
		}
		n, _ := res.RowsAffected()
		total += n
		return nil
	}
	if len(objs) <= batch {
		// One statement is atomic by itself: no BEGIN and COMMIT round
		// trips around it.
		err := update(ctx, objs)
		return total, err
	}
	err := qs.db.Atomic(ctx, func(ctx context.Context) error {
		for start := 0; start < len(objs); start += batch {
			if err := update(ctx, objs[start:min(start+batch, len(objs))]); err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}

// Update sets columns on every matched row in one UPDATE and returns the
// number of rows matched. Values may be plain values or expressions
// (F("votes").Add(1)). No hooks run.
func (qs QuerySet[T]) Update(ctx context.Context, values map[string]any) (int64, error) {
	qs = qs.forWrite()
	if qs.q.err != nil {
		return 0, qs.q.err
	}
	if qs.q.none {
		return 0, nil
	}
	if qs.q.sliced() {
		return 0, &QueryError{Model: qs.q.model.Label, Reason: "cannot update a query once a slice has been taken"}
	}
	m := qs.q.model
	r := newResolver(qs.db, qs.q, nil)
	where, err := r.prepare()
	if err != nil {
		return 0, err
	}
	up := &ormsql.Update{Table: m.Table}
	nJoins := len(r.joins)
	for _, k := range sortedKeys(values) {
		f, ok := m.Field(k)
		if !ok || !f.Concrete() {
			return 0, r.errf(k, "", m.fieldNames(), "update: unknown field")
		}
		v := values[k]
		if _, isExpr := v.(Expr); isExpr {
			e, err := r.expr(v, f)
			if err != nil {
				return 0, err
			}
			if e.agg || len(r.joins) > nJoins {
				return 0, r.errf(k, "", nil, "update: joined field references and aggregates are not allowed")
			}
			up.Set = append(up.Set, ormsql.Assign{Col: f.Column, E: e.e})
			continue
		}
		if f.Kind == ForeignKey || f.Kind == OneToOneField {
			if pk, ok, err := pkOf(f.Target, v); ok {
				if err != nil {
					return 0, err
				}
				v = pk
			}
		}
		c, err := f.coerce(v)
		if err != nil {
			return 0, err
		}
		up.Set = append(up.Set, ormsql.Assign{Col: f.Column, E: ormsql.Param{V: dbValue(qs.db.d, f.columnKind(), c)}})
	}
	if len(up.Set) == 0 {
		return 0, r.errf("", "", nil, "update needs at least one field")
	}
	up.Where = qs.db.restrictByPK(r, m, where)
	query, args, err := ormsql.NewBuilder(qs.db.d).Update(up)
	if err != nil {
		return 0, err
	}
	res, err := qs.db.exec(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("orm: update %s: %w", m.Label, err)
	}
	return res.RowsAffected()
}

// restrictByPK returns a WHERE for UPDATE/DELETE of m: the plain condition
// when no join is involved, else "pk IN (SELECT pk … joins …)".
func (db *DB) restrictByPK(r *resolver, m *Model, where ormsql.Expr) ormsql.Expr {
	if len(r.joins) == 0 {
		return where
	}
	sub := &ormsql.Select{Columns: []ormsql.SelectCol{{E: ormsql.Col{Alias: r.root, Name: m.PK.Column}}},
		From: ormsql.Table{Name: m.Table, Alias: r.root}, Joins: r.joins, Where: where, Limit: -1}
	if !db.caps.UpdateSelfSubquery {
		// MySQL cannot select from the table being changed: wrap it.
		sub = &ormsql.Select{Columns: []ormsql.SelectCol{{E: ormsql.Col{Alias: "U0", Name: m.PK.Column}}},
			FromSub: sub, From: ormsql.Table{Alias: "U0"}, Limit: -1}
	}
	return ormsql.In{E: ormsql.Col{Alias: m.Table, Name: m.PK.Column}, Sub: sub}
}

// insertKey names the single-row INSERT of a model, with or without its
// auto primary key.
type insertKey struct {
	m      *Model
	autoPK bool
}

// insertSQL returns the single-row INSERT of m (its columns in field
// order, without the primary key when autoPK), built once per DB.
func (db *DB) insertSQL(m *Model, autoPK, returning bool, nargs int) (string, error) {
	key := insertKey{m, autoPK}
	if db.cache != nil {
		if s, ok := db.cache.inserts.Load(key); ok {
			return s.(string), nil
		}
	}
	ins := &ormsql.Insert{Table: m.Table}
	var row []ormsql.Expr
	for _, f := range m.Fields {
		if f == m.PK && autoPK {
			continue
		}
		ins.Columns = append(ins.Columns, f.Column)
		row = append(row, ormsql.Param{})
	}
	ins.Rows = [][]ormsql.Expr{row}
	if returning {
		ins.Returning = []string{m.PK.Column}
	}
	query, args, err := ormsql.NewBuilder(db.d).Insert(ins)
	if err != nil {
		return "", err
	}
	if len(args) != nargs {
		return "", fmt.Errorf("orm: insert %s: %d placeholders for %d values", m.Label, len(args), nargs)
	}
	if db.cache != nil {
		db.cache.inserts.Store(key, query)
	}
	return query, nil
}

// castExpr is CAST(expr AS type); type comes from the dialect's column
// types, never from callers.
type castExpr struct {
	E    ormsql.Expr
	Type string
}

// Write implements ormsql.Expr.
func (c castExpr) Write(b *ormsql.Builder) error {
	b.WriteString("CAST(")
	if err := c.E.Write(b); err != nil {
		return err
	}
	b.WriteString(" AS " + c.Type + ")")
	return nil
}
