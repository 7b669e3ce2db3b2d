package orm

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/djinn-go/djinn/orm/dialect"
)

// This file moves values between Go struct fields, the canonical Go value
// of each Kind, and driver values. Struct fields are reached through cached
// offsets; the per-row path (set) writes through unsafe pointers without
// reflection for the common kinds.
//
// Canonical values: int64 (integers), bool, float64, string (text kinds),
// Decimal, time.Time (date/time kinds), time.Duration, UUID, []byte (JSON
// text and binary).

func fieldPtr(base unsafe.Pointer, f *Field) unsafe.Pointer { return unsafe.Add(base, f.offset) }

// set stores the driver value src into field f of the struct at base.
func (f *Field) set(base unsafe.Pointer, src any) error {
	if src == nil {
		return f.setNull(base)
	}
	g, p, t := f.target(base)
	if g.scanner() {
		return g.scanInto(p, src)
	}
	return store(g, p, t, src)
}

// setNull stores NULL into field f of the struct at base.
func (f *Field) setNull(base unsafe.Pointer) error {
	p := fieldPtr(base, f)
	switch {
	case f.Kind == ForeignKey || f.Kind == OneToOneField || f.ptr:
		*(*unsafe.Pointer)(p) = nil
		return nil
	case f.nullType:
		return reflect.NewAt(f.typ, p).Interface().(sql.Scanner).Scan(nil)
	case f.Kind == JSONField || f.Kind == BinaryField:
		reflect.NewAt(f.typ, p).Elem().SetZero()
		return nil
	}
	return fmt.Errorf("orm: %s.%s: NULL in a non-null field", f.Model.Label, f.Name)
}

// target returns where a non-NULL value of field f of the struct at base
// goes: the field whose kind converts it (a relation's target primary
// key), the address and the type stored there. A relation gets a new
// target object and a pointer field a new element, linked in here.
func (f *Field) target(base unsafe.Pointer) (*Field, unsafe.Pointer, reflect.Type) {
	p := fieldPtr(base, f)
	if f.Kind == ForeignKey || f.Kind == OneToOneField {
		obj := reflect.New(f.Target.typ).UnsafePointer()
		*(*unsafe.Pointer)(p) = obj
		return f.Target.PK.target(obj)
	}
	if f.ptr {
		ep := reflect.New(f.elemTyp).UnsafePointer()
		*(*unsafe.Pointer)(p) = ep
		return f, ep, f.elemTyp
	}
	return f, p, f.typ
}

// scanner reports whether the field is a database/sql Null* type, set
// through its Scan method.
func (f *Field) scanner() bool { return f.nullType && !f.ptr }

// scanInto stores the non-NULL driver value src into the Null* field at p.
func (f *Field) scanInto(p unsafe.Pointer, src any) error {
	c, err := canonical(f, src)
	if err != nil {
		return f.convErr(src, err)
	}
	switch x := c.(type) {
	case time.Duration:
		c = int64(x)
	case int64:
		// Checked here so the error names the field, as storeInt's do.
		switch f.typ {
		case typNullInt32:
			if int64(int32(x)) != x {
				return f.overflow(x, reflect.Int32.String())
			}
		case typNullInt16:
			if int64(int16(x)) != x {
				return f.overflow(x, reflect.Int16.String())
			}
		}
	}
	return reflect.NewAt(f.typ, p).Interface().(sql.Scanner).Scan(c)
}

var (
	typNullInt32 = reflect.TypeFor[sql.NullInt32]()
	typNullInt16 = reflect.TypeFor[sql.NullInt16]()
)

// store converts the non-NULL driver value src for field f and stores it
// at p, a value of type t. The typed stores below are shared with the
// scan slots, which call them without boxing the value.
func store(f *Field, p unsafe.Pointer, t reflect.Type, src any) error {
	if f.Kind == DurationField || f.Kind.isInt() {
		n, err := toInt64(src)
		if err != nil {
			return f.convErr(src, err)
		}
		return storeInt(f, p, t, n)
	}
	switch f.Kind {
	case BooleanField:
		v, err := toBool(src)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*bool)(p) = v
	case FloatField:
		v, err := toFloat(src)
		if err != nil {
			return f.convErr(src, err)
		}
		return storeFloat(f, p, t, v)
	case CharField, TextField, EmailField, URLField, SlugField, FileField, ImageField:
		s, err := toString(src)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*string)(p) = s
	case DecimalField:
		d, err := toDecimal(src, f.DecimalPlaces)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*Decimal)(p) = d
	case DateTimeField, DateField, TimeField:
		tm, err := toTime(src, f.Kind)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*time.Time)(p) = tm
	case UUIDField:
		u, err := toUUID(src)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*UUID)(p) = u
	case JSONField:
		b, err := toBytes(src)
		if err != nil {
			return f.convErr(src, err)
		}
		if !f.json {
			*(*json.RawMessage)(p) = append(json.RawMessage(nil), b...)
			return nil
		}
		v := reflect.NewAt(t, p)
		v.Elem().SetZero()
		if err := json.Unmarshal(b, v.Interface()); err != nil {
			return f.convErr(src, err)
		}
	case BinaryField:
		b, err := toBytes(src)
		if err != nil {
			return f.convErr(src, err)
		}
		*(*[]byte)(p) = append([]byte(nil), b...)
	default:
		return f.convErr(src, nil)
	}
	return nil
}

// intStore reports whether an integer goes into a field of kind k by
// storeInt.
func intStore(k Kind) bool { return k == DurationField || k.isInt() }

// storeInt stores n at p for an integer or duration field f. A value the
// Go type at p cannot hold (300 in an int8, -1 in a uint) is an error,
// never a wrapped number.
func storeInt(f *Field, p unsafe.Pointer, t reflect.Type, n int64) error {
	if f.Kind == DurationField {
		if n > maxDurationMicros || n < -maxDurationMicros {
			return f.overflow(n, "time.Duration (in microseconds)")
		}
		*(*time.Duration)(p) = time.Duration(n) * time.Microsecond
		return nil
	}
	switch k := t.Kind(); k {
	case reflect.Int:
		if int64(int(n)) != n {
			return f.overflow(n, k.String())
		}
		*(*int)(p) = int(n)
	case reflect.Int64:
		*(*int64)(p) = n
	case reflect.Int32:
		if int64(int32(n)) != n {
			return f.overflow(n, k.String())
		}
		*(*int32)(p) = int32(n)
	case reflect.Int16:
		if int64(int16(n)) != n {
			return f.overflow(n, k.String())
		}
		*(*int16)(p) = int16(n)
	case reflect.Int8:
		if int64(int8(n)) != n {
			return f.overflow(n, k.String())
		}
		*(*int8)(p) = int8(n)
	case reflect.Uint:
		if n < 0 || uint64(n) > math.MaxUint {
			return f.overflow(n, k.String())
		}
		*(*uint)(p) = uint(n)
	case reflect.Uint64:
		if n < 0 {
			return f.overflow(n, k.String())
		}
		*(*uint64)(p) = uint64(n)
	case reflect.Uint32:
		if uint64(n) > math.MaxUint32 { // a negative n is a huge uint64
			return f.overflow(n, k.String())
		}
		*(*uint32)(p) = uint32(n)
	case reflect.Uint16:
		if uint64(n) > math.MaxUint16 {
			return f.overflow(n, k.String())
		}
		*(*uint16)(p) = uint16(n)
	case reflect.Uint8:
		if uint64(n) > math.MaxUint8 {
			return f.overflow(n, k.String())
		}
		*(*uint8)(p) = uint8(n)
	case reflect.Float64:
		*(*float64)(p) = float64(n)
	default:
		return f.convErr(n, nil)
	}
	return nil
}

// maxDurationMicros is the largest number of microseconds a time.Duration
// holds.
const maxDurationMicros = math.MaxInt64 / int64(time.Microsecond)

// overflow is the error for the integer n, which field f's Go type (typ)
// cannot hold.
func (f *Field) overflow(n int64, typ string) error {
	return fmt.Errorf("orm: %s.%s: value %d overflows %s", f.Model.Label, f.Name, n, typ)
}

// storeFloat stores v at p for field f of type t. A float32 field takes
// the nearest float32 (precision is the field's choice), but a finite
// value beyond its range is an error, as an integer's overflow is, rather
// than an infinity.
func storeFloat(f *Field, p unsafe.Pointer, t reflect.Type, v float64) error {
	if t.Kind() != reflect.Float32 {
		*(*float64)(p) = v
		return nil
	}
	x := float32(v)
	if math.IsInf(float64(x), 0) && !math.IsInf(v, 0) {
		return fmt.Errorf("orm: %s.%s: value %g overflows float32", f.Model.Label, f.Name, v)
	}
	*(*float32)(p) = x
	return nil
}

// textKind reports whether fields of kind k hold a Go string.
func textKind(k Kind) bool {
	switch k {
	case CharField, TextField, EmailField, URLField, SlugField, FileField, ImageField:
		return true
	}
	return false
}

// timeKind reports whether fields of kind k hold a time.Time.
func timeKind(k Kind) bool { return k == DateTimeField || k == DateField || k == TimeField }

func (f *Field) convErr(src any, err error) error {
	if err != nil {
		return fmt.Errorf("orm: %s.%s: cannot store %T in a %s: %w", f.Model.Label, f.Name, src, f.Kind, err)
	}
	return fmt.Errorf("orm: %s.%s: cannot store %T in a %s", f.Model.Label, f.Name, src, f.Kind)
}

// get returns the canonical value of field f of the struct at base (nil
// for NULL).
func (f *Field) get(base unsafe.Pointer) (any, error) {
	p := fieldPtr(base, f)
	if f.Kind == ForeignKey || f.Kind == OneToOneField {
		obj := *(*unsafe.Pointer)(p)
		if obj == nil {
			return nil, nil
		}
		return f.Target.PK.get(obj)
	}
	t := f.typ
	if f.ptr {
		p = *(*unsafe.Pointer)(p)
		if p == nil {
			return nil, nil
		}
		t = f.elemTyp
	}
	if f.nullType {
		v, err := reflect.NewAt(f.typ, p).Interface().(driver.Valuer).Value()
		if err != nil || v == nil {
			return nil, err
		}
		return canonical(f, v)
	}
	switch {
	case f.Kind == DurationField:
		return *(*time.Duration)(p), nil
	case f.Kind.isInt():
		switch t.Kind() {
		case reflect.Int:
			return int64(*(*int)(p)), nil
		case reflect.Int64:
			return *(*int64)(p), nil
		case reflect.Int32:
			return int64(*(*int32)(p)), nil
		case reflect.Int16:
			return int64(*(*int16)(p)), nil
		case reflect.Int8:
			return int64(*(*int8)(p)), nil
		case reflect.Uint:
			return f.uintValue(uint64(*(*uint)(p)))
		case reflect.Uint64:
			return f.uintValue(*(*uint64)(p))
		case reflect.Uint32:
			return int64(*(*uint32)(p)), nil
		case reflect.Uint16:
			return int64(*(*uint16)(p)), nil
		case reflect.Uint8:
			return int64(*(*uint8)(p)), nil
		}
	}
	switch f.Kind {
	case BooleanField:
		return *(*bool)(p), nil
	case FloatField:
		if t.Kind() == reflect.Float32 {
			return float64(*(*float32)(p)), nil
		}
		return *(*float64)(p), nil
	case CharField, TextField, EmailField, URLField, SlugField, FileField, ImageField:
		return *(*string)(p), nil
	case DecimalField:
		return *(*Decimal)(p), nil
	case DateTimeField, DateField, TimeField:
		return *(*time.Time)(p), nil
	case UUIDField:
		return *(*UUID)(p), nil
	case JSONField:
		if !f.json {
			b := *(*json.RawMessage)(p)
			if len(b) == 0 {
				if f.Null {
					return nil, nil
				}
				return []byte("null"), nil
			}
			return []byte(b), nil
		}
		v := reflect.NewAt(t, p).Elem()
		if f.Null && (v.Kind() == reflect.Map || v.Kind() == reflect.Slice || v.Kind() == reflect.Interface) && v.IsNil() {
			return nil, nil
		}
		return json.Marshal(v.Interface())
	case BinaryField:
		b := *(*[]byte)(p)
		if b == nil && f.Null {
			return nil, nil
		}
		return b, nil
	}
	return nil, fmt.Errorf("orm: %s.%s: unsupported kind %s", f.Model.Label, f.Name, f.Kind)
}

// uintValue is the canonical value of x, the value of an unsigned field
// f; beyond int64 it is an error, not a negative number written.
func (f *Field) uintValue(x uint64) (any, error) {
	if x > math.MaxInt64 {
		return nil, fmt.Errorf("orm: %s.%s: value %d overflows int64", f.Model.Label, f.Name, x)
	}
	return int64(x), nil
}

// isZeroPK reports whether the primary key of the struct at base is unset.
func (m *Model) isZeroPK(base unsafe.Pointer) bool {
	v, err := m.PK.get(base)
	if err != nil || v == nil {
		return true
	}
	switch x := v.(type) {
	case int64:
		return x == 0
	case string:
		return x == ""
	case UUID:
		return x.IsZero()
	}
	return false
}

// canonical converts a driver value to f's canonical Go value.
func canonical(f *Field, src any) (any, error) {
	if src == nil {
		return nil, nil
	}
	k := f.Kind
	if k == ForeignKey || k == OneToOneField {
		return canonical(f.Target.PK, src)
	}
	switch {
	case k == DurationField:
		n, err := toInt64(src)
		return time.Duration(n) * time.Microsecond, err
	case k.isInt():
		return toInt64(src)
	}
	switch k {
	case BooleanField:
		return toBool(src)
	case FloatField:
		return toFloat(src)
	case CharField, TextField, EmailField, URLField, SlugField, FileField, ImageField:
		return toString(src)
	case DecimalField:
		return toDecimal(src, f.DecimalPlaces)
	case DateTimeField, DateField, TimeField:
		return toTime(src, k)
	case UUIDField:
		return toUUID(src)
	case JSONField:
		b, err := toBytes(src)
		if err != nil {
			return nil, err
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, err
		}
		return v, nil
	case BinaryField:
		b, err := toBytes(src)
		return append([]byte(nil), b...), err
	}
	return src, nil
}

// coerce converts a caller-supplied value (for a lookup, Update, defaults)
// to f's canonical value, the way Django's get_prep_value does.
func (f *Field) coerce(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if f.Kind == ForeignKey || f.Kind == OneToOneField {
		if pk, ok, err := pkOf(f.Target, v); ok {
			return pk, err
		}
		return f.Target.PK.coerce(v)
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, nil
		}
		rv = rv.Elem()
		v = rv.Interface()
	}
	if vr, ok := v.(driver.Valuer); ok && !isOwnType(v) {
		x, err := vr.Value()
		if err != nil || x == nil {
			return nil, err
		}
		v, rv = x, reflect.ValueOf(x)
	}
	bad := func(err error) (any, error) {
		msg := fmt.Sprintf("%s.%s expects a %s value, got %T", f.Model.Label, f.Name, f.Kind, v)
		if err != nil {
			msg += ": " + err.Error()
		}
		return nil, &QueryError{Model: f.Model.Label, Field: f.Name, Reason: msg}
	}
	k := f.Kind
	switch {
	case k == DurationField:
		if d, ok := v.(time.Duration); ok {
			return d, nil
		}
		if rv.Kind() == reflect.String {
			d, err := time.ParseDuration(rv.String())
			if err != nil {
				return bad(err)
			}
			return d, nil
		}
		return bad(nil)
	case k.isInt():
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return rv.Int(), nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if rv.Uint() > math.MaxInt64 {
				return bad(nil)
			}
			return int64(rv.Uint()), nil
		case reflect.Float32, reflect.Float64:
			x := rv.Float()
			if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
				return bad(nil)
			}
			return int64(x), nil
		case reflect.String:
			n, err := strconv.ParseInt(strings.TrimSpace(rv.String()), 10, 64)
			if err != nil {
				return bad(err)
			}
			return n, nil
		}
		return bad(nil)
	}
	switch k {
	case BooleanField:
		switch rv.Kind() {
		case reflect.Bool:
			return rv.Bool(), nil
		case reflect.Int, reflect.Int64, reflect.Int32:
			if rv.Int() == 0 || rv.Int() == 1 {
				return rv.Int() == 1, nil
			}
		case reflect.String:
			b, err := strconv.ParseBool(rv.String())
			if err == nil {
				return b, nil
			}
		}
		return bad(nil)
	case FloatField:
		switch rv.Kind() {
		case reflect.Float32, reflect.Float64:
			return rv.Float(), nil
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return float64(rv.Int()), nil
		case reflect.String:
			x, err := strconv.ParseFloat(rv.String(), 64)
			if err != nil {
				return bad(err)
			}
			return x, nil
		}
		if d, ok := v.(Decimal); ok {
			x, _ := strconv.ParseFloat(d.String(), 64)
			return x, nil
		}
		return bad(nil)
	case CharField, TextField, EmailField, URLField, SlugField, FileField, ImageField:
		switch rv.Kind() {
		case reflect.String:
			return rv.String(), nil
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return strconv.FormatInt(rv.Int(), 10), nil
		}
		if s, ok := v.(fmt.Stringer); ok {
			return s.String(), nil
		}
		return bad(nil)
	case DecimalField:
		switch x := v.(type) {
		case Decimal:
			return x, nil
		case float64:
			return ParseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
		}
		switch rv.Kind() {
		case reflect.String:
			d, err := ParseDecimal(rv.String())
			if err != nil {
				return bad(err)
			}
			return d, nil
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return ParseDecimal(strconv.FormatInt(rv.Int(), 10))
		}
		return bad(nil)
	case DateTimeField, DateField, TimeField:
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			t, err := toTime(x, k)
			if err != nil {
				return bad(err)
			}
			return t, nil
		}
		return bad(nil)
	case UUIDField:
		switch x := v.(type) {
		case UUID:
			return x, nil
		case [16]byte:
			return UUID(x), nil
		case string:
			u, err := ParseUUID(x)
			if err != nil {
				return bad(err)
			}
			return u, nil
		}
		return bad(nil)
	case JSONField:
		if b, ok := v.(json.RawMessage); ok {
			return []byte(b), nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			return bad(err)
		}
		return b, nil
	case BinaryField:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
		return bad(nil)
	}
	return bad(nil)
}

func isOwnType(v any) bool {
	switch v.(type) {
	case Decimal, UUID, time.Time:
		return true
	}
	return false
}

// pkOf extracts the primary key when v is an instance (or pointer) of m.
func pkOf(m *Model, v any) (any, bool, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, false, nil
		}
		if rv.Elem().Type() != m.typ {
			return nil, false, nil
		}
		pk, err := m.PK.get(rv.UnsafePointer())
		return pk, true, err
	}
	if rv.Type() == m.typ {
		c := reflect.New(m.typ)
		c.Elem().Set(rv)
		pk, err := m.PK.get(c.UnsafePointer())
		return pk, true, err
	}
	return nil, false, nil
}

// dbValue turns a canonical value into the driver value for dialect d.
func dbValue(d dialect.Dialect, k Kind, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case Decimal:
		return x.String()
	case UUID:
		return d.Value(string(k), [16]byte(x))
	case []byte:
		if k == JSONField {
			return string(x)
		}
		return x
	}
	return d.Value(string(k), v)
}

var errConv = errors.New("unsupported value")

func toInt64(src any) (int64, error) {
	switch x := src.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return 0, fmt.Errorf("value %d overflows int64", x)
		}
		return int64(x), nil
	case float64:
		return floatToInt64(x)
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(x, 64)
			if ferr == nil && f == math.Trunc(f) {
				return floatToInt64(f)
			}
		}
		return n, err
	}
	return 0, errConv
}

// floatToInt64 converts a whole x to an int64; a fraction, NaN or a value
// outside int64 is an error rather than a truncated number.
func floatToInt64(x float64) (int64, error) {
	switch {
	case math.IsNaN(x):
		return 0, errors.New("NaN is not an integer")
	case x != math.Trunc(x):
		return 0, fmt.Errorf("%v is not a whole number", x)
	case x < math.MinInt64 || x >= -math.MinInt64: // ±2⁶³ are exact floats
		return 0, fmt.Errorf("value %v overflows int64", x)
	}
	return int64(x), nil
}

func toBool(src any) (bool, error) {
	switch x := src.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case []byte:
		return strconv.ParseBool(string(x))
	case string:
		return strconv.ParseBool(x)
	}
	return false, errConv
}

func toFloat(src any) (float64, error) {
	switch x := src.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case []byte:
		return strconv.ParseFloat(string(x), 64)
	case string:
		return strconv.ParseFloat(x, 64)
	}
	return 0, errConv
}

func toString(src any) (string, error) {
	switch x := src.(type) {
	case string:
		return x, nil
	case []byte:
		return string(x), nil
	case int64:
		return strconv.FormatInt(x, 10), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	}
	return "", errConv
}

func toBytes(src any) ([]byte, error) {
	switch x := src.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, errConv
}

func toDecimal(src any, places int) (Decimal, error) {
	switch x := src.(type) {
	case []byte:
		return ParseDecimal(string(x))
	case string:
		return ParseDecimal(x)
	case int64:
		d, _ := ParseDecimal(strconv.FormatInt(x, 10))
		return d.Quantize(places), nil
	case float64:
		// SQLite's numeric affinity: restore the declared scale.
		return ParseDecimal(strconv.FormatFloat(x, 'f', places, 64))
	}
	return Decimal{}, errConv
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

func toTime(src any, k Kind) (time.Time, error) {
	var t time.Time
	switch x := src.(type) {
	case time.Time:
		t = x
	case []byte:
		return toTime(string(x), k)
	case string:
		s := strings.TrimSpace(x)
		if k == TimeField {
			for _, l := range []string{"15:04:05.999999999", "15:04"} {
				if tt, err := time.Parse(l, s); err == nil {
					return tt, nil
				}
			}
		}
		var err error
		for _, l := range timeLayouts {
			if t, err = time.Parse(l, s); err == nil {
				break
			}
		}
		if err != nil {
			return time.Time{}, err
		}
	default:
		return time.Time{}, errConv
	}
	return normTime(t, k), nil
}

// normTime is t as a field of kind k holds it: a date at midnight UTC, a
// time of day on 0000-01-01, or an instant in UTC.
func normTime(t time.Time, k Kind) time.Time {
	switch k {
	case DateField:
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case TimeField:
		return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t.UTC()
}

func toUUID(src any) (UUID, error) {
	switch x := src.(type) {
	case []byte:
		if len(x) == 16 {
			return UUID(x), nil
		}
		return ParseUUID(string(x))
	case string:
		return ParseUUID(x)
	case [16]byte:
		return UUID(x), nil
	}
	return UUID{}, errConv
}
