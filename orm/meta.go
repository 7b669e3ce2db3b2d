package orm

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/djinn-go/djinn/orm/dialect"
	ormsql "github.com/djinn-go/djinn/orm/sql"
)

// Kind is a field's type, named as Django names its field classes.
type Kind string

// The field kinds.
const (
	AutoField                 Kind = "AutoField"
	BigAutoField              Kind = "BigAutoField"
	SmallAutoField            Kind = "SmallAutoField"
	BooleanField              Kind = "BooleanField"
	CharField                 Kind = "CharField"
	TextField                 Kind = "TextField"
	IntegerField              Kind = "IntegerField"
	BigIntegerField           Kind = "BigIntegerField"
	SmallIntegerField         Kind = "SmallIntegerField"
	PositiveIntegerField      Kind = "PositiveIntegerField"
	PositiveBigIntegerField   Kind = "PositiveBigIntegerField"
	PositiveSmallIntegerField Kind = "PositiveSmallIntegerField"
	FloatField                Kind = "FloatField"
	DecimalField              Kind = "DecimalField"
	DateField                 Kind = "DateField"
	DateTimeField             Kind = "DateTimeField"
	TimeField                 Kind = "TimeField"
	DurationField             Kind = "DurationField"
	EmailField                Kind = "EmailField"
	URLField                  Kind = "URLField"
	SlugField                 Kind = "SlugField"
	FileField                 Kind = "FileField"
	ImageField                Kind = "ImageField"
	UUIDField                 Kind = "UUIDField"
	JSONField                 Kind = "JSONField"
	BinaryField               Kind = "BinaryField"
	ForeignKey                Kind = "ForeignKey"
	OneToOneField             Kind = "OneToOneField"
	ManyToManyField           Kind = "ManyToManyField"
)

// IsAuto reports whether the database assigns the value.
func (k Kind) IsAuto() bool { return k == AutoField || k == BigAutoField || k == SmallAutoField }

func (k Kind) isInt() bool {
	switch k {
	case AutoField, BigAutoField, SmallAutoField, IntegerField, BigIntegerField, SmallIntegerField,
		PositiveIntegerField, PositiveBigIntegerField, PositiveSmallIntegerField:
		return true
	}
	return false
}

// IsFile reports whether the field holds the name of a stored file.
func (k Kind) IsFile() bool { return k == FileField || k == ImageField }

func (k Kind) isTime() bool { return k == DateField || k == DateTimeField || k == TimeField }

// OnDelete says what happens to rows pointing at a deleted row.
type OnDelete int

// The on_delete behaviours, carried out by the ORM (not by the database).
const (
	Cascade OnDelete = iota
	Protect
	Restrict
	SetNull
	SetDefault
	DoNothing
)

var onDeleteNames = map[string]OnDelete{
	"cascade": Cascade, "protect": Protect, "restrict": Restrict,
	"set_null": SetNull, "set_default": SetDefault, "do_nothing": DoNothing,
}

// Choice is one allowed value of a field with choices.
type Choice struct{ Value, Label string }

// Field is the metadata of one model field.
type Field struct {
	Name          string // lookup name, snake_case ("pub_date", "question")
	GoName        string
	Column        string // "pub_date", "question_id"
	Kind          Kind
	Null          bool
	Blank         bool
	Unique        bool
	DBIndex       bool
	PrimaryKey    bool
	Editable      bool
	MaxLength     int
	MaxDigits     int
	DecimalPlaces int
	Default       string // the tag text; "" when HasDefault is false
	HasDefault    bool
	Choices       []Choice
	VerboseName   string
	HelpText      string
	// UploadTo is the directory prefix of a FileField's or ImageField's
	// stored names ("docs/"), from the tag's upload_to option.
	UploadTo string
	// Relation fields.
	Target      *Model // resolved related model (ForeignKey, OneToOne, ManyToMany)
	OnDelete    OnDelete
	RelatedName string
	Through     *Model // join model of a ManyToMany: auto-created, or the model named by through=
	// ThroughFrom and ThroughTo are the join model's foreign keys to this
	// field's model and to its target.
	ThroughFrom, ThroughTo *Field

	Model *Model

	offset     uintptr
	typ        reflect.Type
	index      []int
	ptr        bool // Go type is *X (nullable)
	nullType   bool // database/sql Null* type
	json       bool // JSON-encoded Go value
	targetType reflect.Type
	annotation bool // holds an annotation, not a column
	reverseOf  string
	elemTyp    reflect.Type // ptr: the element type
	autoNow    bool
	autoNowAdd bool
	asymmetric bool   // symmetrical=false on a self-referential many-to-many
	through    string // through=<Model or app.Model>: a custom join model
	// Symmetrical: a self-referential many-to-many whose links go both
	// ways (Django's default for them).
	Symmetrical bool
}

// IsRelation reports whether f points at another model.
func (f *Field) IsRelation() bool {
	return f.Kind == ForeignKey || f.Kind == OneToOneField || f.Kind == ManyToManyField
}

// Concrete reports whether f is a column of its model's table.
func (f *Field) Concrete() bool {
	return f.Kind != ManyToManyField && !f.annotation && f.reverseOf == ""
}

// columnKind is the kind of the column: for a ForeignKey the kind of the
// target's primary key (never auto).
func (f *Field) columnKind() Kind {
	if (f.Kind == ForeignKey || f.Kind == OneToOneField) && f.Target != nil {
		k := f.Target.PK.columnKind()
		switch k {
		case AutoField:
			return IntegerField
		case BigAutoField:
			return BigIntegerField
		case SmallAutoField:
			return SmallIntegerField
		}
		return k
	}
	return f.Kind
}

// ColumnSpec returns the dialect description of f's column.
func (f *Field) ColumnSpec() dialect.ColumnSpec {
	src := f
	if (f.Kind == ForeignKey || f.Kind == OneToOneField) && f.Target != nil {
		src = f.Target.PK
	}
	return dialect.ColumnSpec{Kind: string(f.columnKind()), MaxLength: src.MaxLength, MaxDigits: src.MaxDigits, DecimalPlaces: src.DecimalPlaces}
}

// Index is a model index declared by the Indexes method.
type Index struct {
	Fields []string
	Name   string
	Unique bool
}

// Constraint is a model constraint declared by the Constraints method:
// Unique over Fields, or Check with a condition written by the developer
// in the database's SQL (it is trusted code, never user input).
type Constraint struct {
	Name   string
	Fields []string // unique constraint
	Check  string   // check constraint (trusted SQL)
}

// Model is the metadata of a registered model.
type Model struct {
	App               string
	Name              string // Go type name, "Question"
	Label             string // "polls.Question"
	Table             string
	VerboseName       string
	VerboseNamePlural string
	Ordering          []string
	Indexes           []Index
	Constraints       []Constraint
	Fields            []*Field // columns, in declaration order
	PK                *Field
	ManyToMany        []*Field
	// Reverse are the relation fields of other models pointing here.
	Reverse []*Field
	// AutoCreated is true for ManyToMany join tables.
	AutoCreated bool

	typ         reflect.Type
	byName      map[string]*Field
	holders     []*Field // annotation and reverse holders
	hooks       map[Event][]hookFunc
	reverseHold map[string]*Field // reverse relation name → holder field
	throughRefs []throughRef
	allOnce     sync.Once
	allQuery    *query // the query of all rows, shared: queries are never changed in place
	colOnce     sync.Once
	colExprs    map[*Field]ormsql.Expr
}

// Type returns the Go struct type of the model (nil for join tables).
func (m *Model) Type() reflect.Type { return m.typ }

// Field returns the field named name ("pk" is the primary key).
func (m *Model) Field(name string) (*Field, bool) {
	if name == "pk" {
		return m.PK, true
	}
	f, ok := m.byName[name]
	return f, ok
}

func (m *Model) fieldNames() []string {
	var out []string
	for _, f := range m.Fields {
		out = append(out, f.Name)
	}
	for _, f := range m.ManyToMany {
		out = append(out, f.Name)
	}
	for _, r := range m.Reverse {
		out = append(out, r.queryName())
	}
	sort.Strings(out)
	return out
}

// queryName is the name a reverse relation has in lookups on the target.
func (f *Field) queryName() string {
	if f.RelatedName != "" {
		return f.RelatedName
	}
	return strings.ToLower(f.Model.Name)
}

// accessorName is Django's default reverse accessor ("choice_set").
func (f *Field) accessorName() string {
	if f.RelatedName != "" {
		return f.RelatedName
	}
	return strings.ToLower(f.Model.Name) + "_set"
}

// Registry holds the metadata of registered models. It is a value: build
// one with NewRegistry and register models at start-up.
type Registry struct {
	mu      sync.RWMutex
	byType  map[reflect.Type]*Model
	byLabel map[string]*Model
	order   []*Model
	pending []*Field
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byType: map[reflect.Type]*Model{}, byLabel: map[string]*Model{}}
}

// Register reads the metadata of each model (a struct value or pointer)
// into the registry under app. Relations to models not yet registered are
// resolved when their target is registered; Check reports leftovers.
func (r *Registry) Register(app string, models ...any) error {
	if !dialect.ValidIdent(app) {
		return fmt.Errorf("orm: register: app label %q is not an identifier", app)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range models {
		t := reflect.TypeOf(v)
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || t.Kind() != reflect.Struct {
			return fmt.Errorf("orm: register %s: model must be a struct, got %T", app, v)
		}
		if _, dup := r.byType[t]; dup {
			return fmt.Errorf("orm: register %s: model %s is already registered", app, t.Name())
		}
		m, err := buildModel(app, t)
		if err != nil {
			return err
		}
		key := strings.ToLower(m.Label)
		if _, dup := r.byLabel[key]; dup {
			return fmt.Errorf("orm: register: model label %s is already registered", m.Label)
		}
		r.byType[t] = m
		r.byLabel[key] = m
		r.order = append(r.order, m)
		for _, f := range m.Fields {
			if f.targetType != nil {
				r.pending = append(r.pending, f)
			}
		}
		r.pending = append(r.pending, m.ManyToMany...)
	}
	return r.resolve()
}

// resolve links relation fields to their targets.
func (r *Registry) resolve() error {
	var left []*Field
	for _, f := range r.pending {
		tgt, ok := r.byType[f.targetType]
		var th *Model
		if ok && f.Kind == ManyToManyField && f.through != "" {
			label := f.through
			if !strings.Contains(label, ".") {
				label = f.Model.App + "." + label
			}
			th, ok = r.byLabel[strings.ToLower(label)]
		}
		if !ok {
			left = append(left, f)
			continue
		}
		if th != nil {
			if err := customThrough(f, th); err != nil {
				return err
			}
		}
		f.Target = tgt
		for _, other := range tgt.Reverse {
			if other.queryName() == f.queryName() {
				return fmt.Errorf("orm: reverse relation %q of %s is defined by both %s.%s and %s.%s: set related_name on one of them",
					f.queryName(), tgt.Label, other.Model.Label, other.Name, f.Model.Label, f.Name)
			}
		}
		if _, clash := tgt.byName[f.queryName()]; clash {
			return fmt.Errorf("orm: reverse relation %q of %s (from %s.%s) clashes with a field: set related_name",
				f.queryName(), tgt.Label, f.Model.Label, f.Name)
		}
		tgt.Reverse = append(tgt.Reverse, f)
		if f.Kind == ManyToManyField && th == nil {
			f.Symmetrical = tgt == f.Model && !f.asymmetric
			th := buildThrough(f)
			f.Through = th
			r.byLabel[strings.ToLower(th.Label)] = th
			r.order = append(r.order, th)
		}
	}
	r.pending = left
	for _, m := range r.order {
		for _, h := range m.holders {
			if h.reverseOf == "" {
				continue
			}
			found := false
			for _, rf := range m.Reverse {
				if rf.Name == h.reverseOf && rf.targetTypeOf() == h.targetType {
					m.reverseHold[rf.accessorName()] = h
					m.reverseHold[h.Name] = h
					found = true
				}
			}
			_ = found
		}
	}
	return nil
}

func (f *Field) targetTypeOf() reflect.Type { return f.Model.typ }

// Check reports relations whose target model was never registered.
func (r *Registry) Check() error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if len(r.pending) == 0 {
		return nil
	}
	f := r.pending[0]
	return fmt.Errorf("orm: %s.%s points to %s, which is not registered", f.Model.Label, f.Name, f.targetType)
}

// Models returns the registered models (join tables included) in
// registration order.
func (r *Registry) Models() []*Model {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*Model(nil), r.order...)
}

// Model returns the model labelled "app.Name" (case-insensitive).
func (r *Registry) Model(label string) (*Model, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m, ok := r.byLabel[strings.ToLower(label)]
	return m, ok
}

// ModelOf returns the model of v (a struct, pointer or reflect.Type).
func (r *Registry) ModelOf(v any) (*Model, error) {
	t, ok := v.(reflect.Type)
	if !ok {
		t = reflect.TypeOf(v)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return r.modelOfType(t)
}

func (r *Registry) modelOfType(t reflect.Type) (*Model, error) {
	r.mu.RLock()
	m, ok := r.byType[t]
	pend := len(r.pending)
	r.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: %v", ErrNotRegistered, t)
	}
	if pend > 0 {
		if err := r.Check(); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// ModelFor returns the metadata of model type T.
func ModelFor[T any](r *Registry) (*Model, error) {
	return r.modelOfType(reflect.TypeFor[T]())
}

var (
	typTime     = reflect.TypeFor[time.Time]()
	typDuration = reflect.TypeFor[time.Duration]()
	typDecimal  = reflect.TypeFor[Decimal]()
	typUUID     = reflect.TypeFor[UUID]()
	typRawJSON  = reflect.TypeFor[json.RawMessage]()
	typBytes    = reflect.TypeFor[[]byte]()
	typFile     = reflect.TypeFor[File]()
	nullKinds   = map[reflect.Type]Kind{
		reflect.TypeFor[sql.NullString]():  CharField,
		reflect.TypeFor[sql.NullInt64]():   BigIntegerField,
		reflect.TypeFor[sql.NullInt32]():   IntegerField,
		reflect.TypeFor[sql.NullInt16]():   SmallIntegerField,
		reflect.TypeFor[sql.NullFloat64](): FloatField,
		reflect.TypeFor[sql.NullBool]():    BooleanField,
		reflect.TypeFor[sql.NullTime]():    DateTimeField,
	}
)

// SnakeCase converts a Go identifier to Django's field spelling:
// "PubDate" → "pub_date", "ID" → "id", "HTTPCode" → "http_code".
func SnakeCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type tagOpts map[string]string

func parseTag(tag string) (tagOpts, error) {
	o := tagOpts{}
	if tag == "" {
		return o, nil
	}
	for _, part := range strings.Split(tag, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if _, dup := o[k]; dup {
			return nil, fmt.Errorf("option %q given twice", k)
		}
		o[k] = strings.TrimSpace(v)
	}
	return o, nil
}

var knownOpts = map[string]bool{
	"null": true, "blank": true, "default": true, "unique": true, "db_index": true, "db_column": true,
	"column": true, "choices": true, "verbose_name": true, "help_text": true, "editable": true,
	"related_name": true, "primary_key": true, "pk": true, "max_length": true, "max_digits": true,
	"decimal_places": true, "type": true, "on_delete": true, "m2m": true, "one_to_one": true, "symmetrical": true, "through": true,
	"auto": true, "json": true, "annotation": true, "reverse": true, "name": true, "auto_now": true,
	"auto_now_add": true, "upload_to": true,
}

type modelOptions interface{ TableName() string }
type orderingOption interface{ Ordering() []string }
type indexesOption interface{ Indexes() []Index }
type constraintsOption interface{ Constraints() []Constraint }
type verboseOption interface{ VerboseName() string }
type verbosePluralOption interface{ VerboseNamePlural() string }

func buildModel(app string, t reflect.Type) (*Model, error) {
	m := &Model{App: app, Name: t.Name(), typ: t, byName: map[string]*Field{}, reverseHold: map[string]*Field{}}
	if m.Name == "" {
		return nil, fmt.Errorf("orm: register %s: anonymous struct types cannot be models", app)
	}
	m.Label = app + "." + m.Name
	m.Table = strings.ToLower(app + "_" + m.Name)
	m.VerboseName = strings.ToLower(strings.ReplaceAll(SnakeCase(m.Name), "_", " "))
	zero := reflect.New(t).Interface()
	if o, ok := zero.(modelOptions); ok {
		m.Table = o.TableName()
	}
	if o, ok := zero.(orderingOption); ok {
		m.Ordering = o.Ordering()
	}
	if o, ok := zero.(indexesOption); ok {
		m.Indexes = o.Indexes()
	}
	if o, ok := zero.(constraintsOption); ok {
		m.Constraints = o.Constraints()
	}
	if o, ok := zero.(verboseOption); ok {
		m.VerboseName = o.VerboseName()
	}
	m.VerboseNamePlural = m.VerboseName + "s"
	if o, ok := zero.(verbosePluralOption); ok {
		m.VerboseNamePlural = o.VerboseNamePlural()
	}
	if !dialect.ValidIdent(m.Table) {
		return nil, fmt.Errorf("orm: model %s: table name %q is not an identifier", m.Label, m.Table)
	}
	if err := m.addFields(t, 0, nil); err != nil {
		return nil, err
	}
	if m.PK == nil {
		return nil, fmt.Errorf("orm: model %s has no primary key: add an ID int64 field or tag one field primary_key", m.Label)
	}
	for _, o := range m.Ordering {
		name := strings.TrimPrefix(o, "-")
		if o == "?" {
			continue
		}
		if _, ok := m.Field(strings.Split(name, "__")[0]); !ok {
			return nil, fmt.Errorf("orm: model %s: ordering refers to unknown field %q", m.Label, name)
		}
	}
	for i, ix := range m.Indexes {
		for _, fn := range ix.Fields {
			if f, ok := m.byName[strings.TrimPrefix(fn, "-")]; !ok || !f.Concrete() {
				return nil, fmt.Errorf("orm: model %s: index refers to unknown field %q", m.Label, fn)
			}
		}
		if ix.Name == "" {
			m.Indexes[i].Name = indexName(m, ix.Fields, "idx")
		} else if !dialect.ValidIdent(ix.Name) {
			return nil, fmt.Errorf("orm: model %s: index name %q is not an identifier", m.Label, ix.Name)
		}
	}
	for _, c := range m.Constraints {
		if !dialect.ValidIdent(c.Name) {
			return nil, fmt.Errorf("orm: model %s: constraint name %q is not an identifier", m.Label, c.Name)
		}
		for _, fn := range c.Fields {
			if f, ok := m.byName[fn]; !ok || !f.Concrete() {
				return nil, fmt.Errorf("orm: model %s: constraint %s refers to unknown field %q", m.Label, c.Name, fn)
			}
		}
	}
	return m, nil
}

func (m *Model) addFields(t reflect.Type, base uintptr, index []int) error {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag, hasTag := sf.Tag.Lookup("djinn")
		if tag == "-" {
			continue
		}
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && !hasTag {
			if err := m.addFields(sf.Type, base+sf.Offset, idx); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		f, err := m.buildField(sf, tag)
		if err != nil {
			return fmt.Errorf("orm: model %s field %s: %w", m.Label, sf.Name, err)
		}
		f.offset = base + sf.Offset
		f.index = idx
		if _, dup := m.byName[f.Name]; dup {
			return fmt.Errorf("orm: model %s: two fields are named %q", m.Label, f.Name)
		}
		m.byName[f.Name] = f
		switch {
		case f.annotation || f.reverseOf != "":
			m.holders = append(m.holders, f)
			delete(m.byName, f.Name)
			continue
		case f.Kind == ManyToManyField:
			m.ManyToMany = append(m.ManyToMany, f)
			continue
		}
		for _, o := range m.Fields {
			if o.Column == f.Column {
				return fmt.Errorf("orm: model %s: fields %s and %s share column %q", m.Label, o.Name, f.Name, f.Column)
			}
		}
		if f.Column != f.Name {
			if _, dup := m.byName[f.Column]; !dup {
				m.byName[f.Column] = f // attname lookup ("question_id")
			}
		}
		m.Fields = append(m.Fields, f)
		if f.PrimaryKey {
			if m.PK != nil {
				return fmt.Errorf("orm: model %s has two primary keys (%s, %s)", m.Label, m.PK.Name, f.Name)
			}
			m.PK = f
		}
	}
	// An untagged ID integer becomes the auto primary key.
	if m.PK == nil && index == nil {
		if f, ok := m.byName["id"]; ok && f.Kind.isInt() && !f.Null {
			f.PrimaryKey = true
			f.Unique = true
			switch f.Kind {
			case IntegerField:
				f.Kind = AutoField
			case SmallIntegerField:
				f.Kind = SmallAutoField
			default:
				f.Kind = BigAutoField
			}
			m.PK = f
		}
	}
	return nil
}

func (m *Model) buildField(sf reflect.StructField, tag string) (*Field, error) {
	o, err := parseTag(tag)
	if err != nil {
		return nil, err
	}
	for k := range o {
		if !knownOpts[k] {
			return nil, fmt.Errorf("unknown tag option %q", k)
		}
	}
	f := &Field{Model: m, GoName: sf.Name, Name: SnakeCase(sf.Name), typ: sf.Type, Editable: true}
	if n, ok := o["name"]; ok {
		f.Name = n
	}
	if !dialect.ValidIdent(f.Name) || strings.Contains(f.Name, "__") {
		return nil, fmt.Errorf("name %q is not an identifier without \"__\"", f.Name)
	}
	f.VerboseName = strings.ReplaceAll(f.Name, "_", " ")
	t := sf.Type
	if t.Kind() == reflect.Pointer && t.Elem().Kind() != reflect.Struct || t.Kind() == reflect.Pointer && isValueStruct(t.Elem()) {
		f.ptr = true
		f.elemTyp = t.Elem()
		f.Null = true
		t = t.Elem()
	}
	_, isJSON := o["json"]
	if o["type"] == "json" {
		isJSON = true
	}
	if _, ok := o["annotation"]; ok {
		f.annotation = true
	}
	if rv, ok := o["reverse"]; ok {
		f.reverseOf = rv
		et := t
		if et.Kind() == reflect.Slice {
			et = et.Elem()
		}
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if et.Kind() != reflect.Struct || t.Kind() != reflect.Slice {
			return nil, fmt.Errorf("reverse holder must be a slice of models")
		}
		f.targetType = et
		return f, nil
	}
	switch {
	case isJSON || t == typRawJSON:
		f.Kind = JSONField
		f.json = t != typRawJSON
	case nullKinds[t] != "":
		f.Kind = nullKinds[t]
		f.nullType = true
		f.Null = true
	case t == typTime:
		f.Kind = DateTimeField
	case t == typDuration:
		f.Kind = DurationField
	case t == typDecimal:
		f.Kind = DecimalField
	case t == typUUID:
		f.Kind = UUIDField
	case t == typBytes:
		f.Kind = BinaryField
	case t == typFile:
		f.Kind = FileField
		f.MaxLength = 100
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		f.Kind = ForeignKey
		if _, ok := o["one_to_one"]; ok {
			f.Kind = OneToOneField
			f.Unique = true
		}
		f.targetType = t.Elem()
		f.Column = f.Name + "_id"
		f.DBIndex = true
	case t.Kind() == reflect.Slice && (t.Elem().Kind() == reflect.Pointer && t.Elem().Elem().Kind() == reflect.Struct || t.Elem().Kind() == reflect.Struct):
		if _, ok := o["m2m"]; !ok {
			return nil, fmt.Errorf("a slice of structs needs m2m (many-to-many), reverse=<field> or json")
		}
		f.Kind = ManyToManyField
		et := t.Elem()
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		f.targetType = et
	case t.Kind() == reflect.Bool:
		f.Kind = BooleanField
	case t.Kind() == reflect.String:
		f.Kind = CharField
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64:
		f.Kind = BigIntegerField
	case t.Kind() == reflect.Int32:
		f.Kind = IntegerField
	case t.Kind() == reflect.Int16 || t.Kind() == reflect.Int8:
		f.Kind = SmallIntegerField
	case t.Kind() == reflect.Uint64 || t.Kind() == reflect.Uint || t.Kind() == reflect.Uint32:
		f.Kind = PositiveBigIntegerField
	case t.Kind() == reflect.Uint16:
		f.Kind = PositiveIntegerField
	case t.Kind() == reflect.Uint8:
		f.Kind = PositiveSmallIntegerField
	case t.Kind() == reflect.Float64 || t.Kind() == reflect.Float32:
		f.Kind = FloatField
	default:
		return nil, fmt.Errorf("unsupported Go type %v (tag json to store it as JSON)", sf.Type)
	}
	if ty, ok := o["type"]; ok && ty != "json" {
		if err := f.applyType(ty, t); err != nil {
			return nil, err
		}
	}
	if f.Column == "" {
		f.Column = f.Name
	}
	for k, v := range o {
		switch k {
		case "null":
			f.Null = true
		case "blank":
			f.Blank = true
		case "unique":
			f.Unique = true
		case "db_index":
			f.DBIndex = true
		case "db_column", "column":
			f.Column = v
		case "primary_key", "pk":
			f.PrimaryKey = true
			f.Unique = true
		case "auto":
			switch f.Kind {
			case IntegerField:
				f.Kind = AutoField
			case SmallIntegerField:
				f.Kind = SmallAutoField
			case BigIntegerField:
				f.Kind = BigAutoField
			default:
				return nil, fmt.Errorf("auto needs an integer field")
			}
		case "editable":
			f.Editable = v != "false"
		case "symmetrical":
			f.asymmetric = v == "false"
		case "through":
			f.through = v
		case "auto_now", "auto_now_add":
			f.Editable = false
			f.Blank = true
		case "default":
			f.Default, f.HasDefault = v, true
		case "verbose_name":
			f.VerboseName = v
		case "help_text":
			f.HelpText = v
		case "upload_to":
			f.UploadTo = v
		case "related_name":
			if !dialect.ValidIdent(v) {
				return nil, fmt.Errorf("related_name %q is not an identifier", v)
			}
			f.RelatedName = v
		case "on_delete":
			od, ok := onDeleteNames[strings.ToLower(v)]
			if !ok {
				return nil, fmt.Errorf("on_delete %q: want cascade, protect, restrict, set_null, set_default or do_nothing", v)
			}
			f.OnDelete = od
		case "max_length", "max_digits", "decimal_places":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%s=%q is not a number", k, v)
			}
			switch k {
			case "max_length":
				f.MaxLength = n
			case "max_digits":
				f.MaxDigits = n
			default:
				f.DecimalPlaces = n
			}
		case "choices":
			for _, c := range strings.Split(v, "|") {
				val, label, ok := strings.Cut(c, ":")
				if !ok {
					label = val
				}
				f.Choices = append(f.Choices, Choice{Value: val, Label: label})
			}
		}
	}
	_, f.autoNow = o["auto_now"]
	_, f.autoNowAdd = o["auto_now_add"]
	if !dialect.ValidIdent(f.Column) {
		return nil, fmt.Errorf("column %q is not an identifier", f.Column)
	}
	if f.OnDelete == SetNull && !f.Null {
		return nil, fmt.Errorf("on_delete=set_null needs null")
	}
	if f.OnDelete == SetDefault && !f.HasDefault {
		return nil, fmt.Errorf("on_delete=set_default needs a default")
	}
	if f.Null && !f.ptr && !f.nullType && !f.IsRelation() && f.Kind != JSONField && f.Kind != BinaryField {
		return nil, fmt.Errorf("null needs a pointer or sql.Null* type to hold NULL")
	}
	if f.annotation {
		return f, nil // holds a computed value: no column constraints
	}
	switch f.Kind {
	case FileField, ImageField:
		if f.UploadTo != "" && (strings.HasPrefix(f.UploadTo, "/") || strings.Contains(f.UploadTo, "\\") ||
			slices.Contains(strings.Split(f.UploadTo, "/"), "..")) {
			return nil, fmt.Errorf("upload_to %q must be a relative slash-separated path without \"..\"", f.UploadTo)
		}
	default:
		if f.UploadTo != "" {
			return nil, fmt.Errorf("upload_to needs a FileField or ImageField")
		}
	}
	switch f.Kind {
	case CharField:
		if f.MaxLength == 0 {
			return nil, fmt.Errorf("CharField needs max_length (or type=text)")
		}
	case DecimalField:
		if f.MaxDigits == 0 || f.DecimalPlaces > f.MaxDigits {
			return nil, fmt.Errorf("DecimalField needs max_digits and decimal_places <= max_digits")
		}
	}
	return f, nil
}

func isValueStruct(t reflect.Type) bool {
	return t == typTime || t == typDecimal || nullKinds[t] != ""
}

func (f *Field) applyType(ty string, t reflect.Type) error {
	str := t.Kind() == reflect.String && t != typFile || f.nullType && f.Kind == CharField
	intKind := t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64
	switch ty {
	case "char":
		if !str {
			return fmt.Errorf("type=char needs a string")
		}
		f.Kind = CharField
	case "text":
		if !str {
			return fmt.Errorf("type=text needs a string")
		}
		f.Kind = TextField
	case "email", "url", "slug":
		if !str {
			return fmt.Errorf("type=%s needs a string", ty)
		}
		f.Kind = map[string]Kind{"email": EmailField, "url": URLField, "slug": SlugField}[ty]
		f.MaxLength = map[string]int{"email": 254, "url": 200, "slug": 50}[ty]
		if ty == "slug" {
			f.DBIndex = true
		}
	case "file", "image":
		if t.Kind() != reflect.String {
			return fmt.Errorf("type=%s needs a string or orm.File", ty)
		}
		f.Kind = map[string]Kind{"file": FileField, "image": ImageField}[ty]
		if f.MaxLength == 0 {
			f.MaxLength = 100
		}
	case "date", "time", "datetime":
		if t != typTime && !(f.nullType && f.Kind == DateTimeField) {
			return fmt.Errorf("type=%s needs time.Time", ty)
		}
		f.Kind = map[string]Kind{"date": DateField, "time": TimeField, "datetime": DateTimeField}[ty]
	case "integer", "bigint", "smallint", "positive", "positive_big", "positive_small":
		if !intKind && !f.nullType {
			return fmt.Errorf("type=%s needs an integer", ty)
		}
		f.Kind = map[string]Kind{"integer": IntegerField, "bigint": BigIntegerField, "smallint": SmallIntegerField,
			"positive": PositiveIntegerField, "positive_big": PositiveBigIntegerField, "positive_small": PositiveSmallIntegerField}[ty]
	default:
		return fmt.Errorf("unknown type %q", ty)
	}
	return nil
}

func indexName(m *Model, fields []string, suffix string) string {
	cols := make([]string, len(fields))
	for i, fn := range fields {
		if f, ok := m.byName[strings.TrimPrefix(fn, "-")]; ok {
			cols[i] = f.Column
		} else {
			cols[i] = fn
		}
	}
	return ormsql.Name(m.Table, cols, suffix)
}

// buildThrough creates the join table of a ManyToMany field, named like
// Django's: <table>_<field> with <model>_id and <target>_id columns.
func buildThrough(f *Field) *Model {
	src, tgt := f.Model, f.Target
	th := &Model{App: src.App, Name: src.Name + "_" + f.Name, AutoCreated: true, byName: map[string]*Field{}, reverseHold: map[string]*Field{}}
	th.Label = src.App + "." + th.Name
	th.Table = src.Table + "_" + f.Name
	if len(th.Table) > 63 {
		th.Table = ormsql.Name(src.Table, []string{f.Name}, "m2m")
	}
	srcName, tgtName := strings.ToLower(src.Name), strings.ToLower(tgt.Name)
	if src == tgt {
		srcName, tgtName = "from_"+srcName, "to_"+tgtName
	}
	id := &Field{Model: th, Name: "id", Column: "id", Kind: BigAutoField, PrimaryKey: true, Unique: true, Editable: true}
	a := &Field{Model: th, Name: srcName, Column: srcName + "_id", Kind: ForeignKey, Target: src, OnDelete: Cascade, DBIndex: true}
	b := &Field{Model: th, Name: tgtName, Column: tgtName + "_id", Kind: ForeignKey, Target: tgt, OnDelete: Cascade, DBIndex: true}
	th.Fields = []*Field{id, a, b}
	th.PK = id
	for _, x := range th.Fields {
		th.byName[x.Name] = x
	}
	th.Constraints = []Constraint{{Name: ormsql.Name(th.Table, []string{a.Column, b.Column}, "uniq"), Fields: []string{a.Name, b.Name}}}
	f.ThroughFrom, f.ThroughTo = a, b
	src.throughRefs = append(src.throughRefs, throughRef{through: th, col: a, other: b, field: f})
	tgt.throughRefs = append(tgt.throughRefs, throughRef{through: th, col: b, other: a, field: f})
	return th
}

type throughRef struct {
	through *Model
	col     *Field // the through column pointing at this model
	other   *Field
	field   *Field // the ManyToMany field
}

func dialectSpec(k Kind) dialect.ColumnSpec {
	spec := dialect.ColumnSpec{Kind: string(k), MaxLength: 255, MaxDigits: 65, DecimalPlaces: 30}
	if k == TextField || k == CharField {
		spec.Kind = string(TextField)
	}
	return spec
}

// all returns the shared query of all rows of m.
func (m *Model) all() *query {
	m.allOnce.Do(func() { m.allQuery = &query{model: m, limit: -1} })
	return m.allQuery
}

// customThrough links a many-to-many field to the registered join model th
// (through=): th needs exactly one foreign key to each side — two, taken in
// order (from, to), for a self-referential relation, which is then not
// symmetrical.
func customThrough(f *Field, th *Model) error {
	var from, to []*Field
	for _, x := range th.Fields {
		if x.Kind != ForeignKey {
			continue
		}
		if x.targetType == f.Model.typ {
			from = append(from, x)
		}
		if x.targetType == f.targetType && f.targetType != f.Model.typ {
			to = append(to, x)
		}
	}
	if f.targetType == f.Model.typ {
		if len(from) != 2 {
			return fmt.Errorf("orm: %s.%s: through model %s needs two foreign keys to %s, got %d", f.Model.Label, f.Name, th.Label, f.Model.Label, len(from))
		}
		from, to = from[:1], from[1:]
	}
	if len(from) != 1 || len(to) != 1 {
		return fmt.Errorf("orm: %s.%s: through model %s needs exactly one foreign key to each side", f.Model.Label, f.Name, th.Label)
	}
	f.Through, f.ThroughFrom, f.ThroughTo = th, from[0], to[0]
	f.Symmetrical = false
	return nil
}
