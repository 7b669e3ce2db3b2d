package value

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"
)

// Number is a numeric value normalised for arithmetic and comparison:
// an integer (I) or, when IsFloat, a float (F). The filters share it.
type Number struct {
	IsFloat bool
	I       int64
	F       float64
}

// Float returns the number as a float64.
func (n Number) Float() float64 {
	if n.IsFloat {
		return n.F
	}
	return float64(n.I)
}

// AsNumber reports v as a Number when it is one of Go's integer, float or
// bool kinds (Python's bool is an int).
func AsNumber(v any) (Number, bool) {
	switch x := v.(type) {
	case int:
		return Number{I: int64(x)}, true
	case int64:
		return Number{I: x}, true
	case float64:
		return Number{IsFloat: true, F: x}, true
	case bool:
		if x {
			return Number{I: 1}, true
		}
		return Number{}, true
	case nil, string, SafeString:
		return Number{}, false
	case *big.Int:
		if x == nil {
			return Number{}, false
		}
		if x.IsInt64() {
			return Number{I: x.Int64()}, true
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return Number{IsFloat: true, F: f}, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return Number{I: rv.Int()}, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return Number{IsFloat: true, F: float64(u)}, true
		}
		return Number{I: int64(u)}, true
	case reflect.Float32, reflect.Float64:
		return Number{IsFloat: true, F: rv.Float()}, true
	case reflect.Bool:
		if rv.Bool() {
			return Number{I: 1}, true
		}
		return Number{}, true
	}
	return Number{}, false
}

// compareNumbers orders two numbers exactly, even an int64 against a float64.
func compareNumbers(a, b Number) (int, bool) {
	switch {
	case !a.IsFloat && !b.IsFloat:
		return cmp.Compare(a.I, b.I), true
	case a.IsFloat && b.IsFloat:
		if math.IsNaN(a.F) || math.IsNaN(b.F) {
			return 0, false
		}
		return cmp.Compare(a.F, b.F), true
	case a.IsFloat:
		c, ok := compareIntFloat(b.I, a.F)
		return -c, ok
	default:
		return compareIntFloat(a.I, b.F)
	}
}

func compareIntFloat(i int64, f float64) (int, bool) {
	if math.IsNaN(f) {
		return 0, false
	}
	if math.IsInf(f, 0) {
		if f > 0 {
			return -1, true
		}
		return 1, true
	}
	bf := new(big.Float).SetInt64(i)
	return bf.Cmp(big.NewFloat(f)), true
}

// stringOf reports the text of a string-kinded value.
func stringOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case SafeString:
		return string(x), true
	case *LazyText:
		return x.text, true
	case nil:
		return "", false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}

// Truthy reports Python truthiness: nil, false, zero numbers, empty strings,
// slices, arrays and maps, and nil pointers are false; everything else is
// true. A value with a method Truthy() bool or Len() int decides itself.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case SafeString:
		return x != ""
	case *LazyText:
		return x.text != ""
	case int:
		return x != 0
	case float64:
		return x != 0
	case time.Duration:
		return x != 0
	case interface{ Truthy() bool }:
		return x.Truthy()
	case interface{ Len() int }:
		return x.Len() != 0
	}
	if n, ok := AsNumber(v); ok {
		if n.IsFloat {
			return n.F != 0
		}
		return n.I != 0
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return rv.Len() != 0
	case reflect.Pointer, reflect.Interface, reflect.Func:
		return !rv.IsNil()
	}
	return true
}

// Len reports Python's len(v): characters (code points) of a string, elements
// of a slice, array or map. ok is false for values without a length.
func Len(v any) (int, bool) {
	if s, ok := stringOf(v); ok {
		return utf8.RuneCountInString(s), true
	}
	if l, ok := v.(interface{ Len() int }); ok {
		return l.Len(), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return rv.Len(), true
	case reflect.Pointer:
		if !rv.IsNil() && rv.Elem().Kind() == reflect.Array {
			return rv.Elem().Len(), true
		}
	}
	return 0, false
}

// Iterate returns the items a {% for %} loop visits in v: the elements of a
// slice or array, the keys of a map in sorted order (iterating a Python dict
// gives its keys), the characters of a string, and the values of a Go
// iterator function (iter.Seq). nil iterates as empty. ok is false for values
// that are not iterable (numbers, structs, channels).
func Iterate(v any) ([]any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case TemplateIterable:
		return x.TemplateItems(), true
	case []any:
		return x, true
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, true
	case Tuple:
		return x, true
	case KeysView:
		return x, true
	case ValuesView:
		return x, true
	case ItemsView:
		return x, true
	case *Dict:
		if x == nil {
			return nil, false
		}
		out := make([]any, len(x.keys))
		for i, k := range x.keys {
			out[i] = k
		}
		return out, true
	}
	if s, ok := stringOf(v); ok {
		out := make([]any, 0, len(s))
		for _, r := range s {
			out = append(out, string(r))
		}
		return out, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if !rv.IsNil() && rv.Elem().Kind() == reflect.Array {
			return Iterate(rv.Elem().Interface())
		}
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out, true
	case reflect.Map:
		keys := sortedKeys(rv)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k.Interface()
		}
		return out, true
	case reflect.Func:
		if rv.IsNil() || !rv.Type().CanSeq() {
			return nil, false
		}
		var out []any
		for e := range rv.Seq() {
			out = append(out, e.Interface())
		}
		return out, true
	}
	return nil, false
}

// Equal reports Python's a == b: numbers by value across kinds (1 == 1.0,
// True == 1), strings by text (a SafeString equals the same string), times
// by instant, lists and maps element by element; a string never equals a
// Number.
func Equal(a, b any) bool { return equal(a, b, 0) }

func equal(a, b any, depth int) bool {
	if depth > maxReprDepth {
		return false
	}
	if a == nil || b == nil {
		if a == nil && b == nil {
			return true
		}
		return isNil(a) && isNil(b)
	}
	if na, ok := AsNumber(a); ok {
		nb, ok := AsNumber(b)
		if !ok {
			return false
		}
		c, ok := compareNumbers(na, nb)
		return ok && c == 0
	}
	if sa, ok := stringOf(a); ok {
		sb, ok := stringOf(b)
		return ok && sa == sb
	}
	switch x := a.(type) {
	case ValuesView:
		// dict.values() views compare by identity, and each lookup of
		// d.values makes a new one.
		return false
	case time.Time:
		y, ok := b.(time.Time)
		return ok && x.Equal(y)
	case Date, TimeOfDay:
		return a == b
	}
	if d, ok := a.(*Dict); ok {
		a = d.asMap()
	}
	if d, ok := b.(*Dict); ok {
		b = d.asMap()
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if isList(ra) && isList(rb) {
		if ra.Len() != rb.Len() {
			return false
		}
		for i := 0; i < ra.Len(); i++ {
			if !equal(ra.Index(i).Interface(), rb.Index(i).Interface(), depth+1) {
				return false
			}
		}
		return true
	}
	if ra.Kind() == reflect.Map && rb.Kind() == reflect.Map {
		if ra.Len() != rb.Len() {
			return false
		}
		for _, k := range ra.MapKeys() {
			found := false
			for _, k2 := range rb.MapKeys() {
				if Equal(k.Interface(), k2.Interface()) {
					found = equal(ra.MapIndex(k).Interface(), rb.MapIndex(k2).Interface(), depth+1)
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	if ra.Type() == rb.Type() && ra.Type().Comparable() {
		return a == b
	}
	return reflect.DeepEqual(a, b)
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return rv.IsNil() && rv.Kind() != reflect.Slice && rv.Kind() != reflect.Map
	}
	return false
}

func isList(rv reflect.Value) bool {
	k := rv.Kind()
	return (k == reflect.Slice || k == reflect.Array) && !(k == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8)
}

// Compare orders a and b like Python's < and >: -1, 0 or +1. ok is false
// when Python would raise TypeError (a string against a Number, None against
// anything, a datetime against a date) or when a NaN is involved.
func Compare(a, b any) (int, bool) { return compare(a, b, 0) }

func compare(a, b any, depth int) (int, bool) {
	if a == nil || b == nil || depth > maxReprDepth {
		return 0, false
	}
	if na, ok := AsNumber(a); ok {
		nb, ok := AsNumber(b)
		if !ok {
			return 0, false
		}
		return compareNumbers(na, nb)
	}
	if sa, ok := stringOf(a); ok {
		sb, ok := stringOf(b)
		if !ok {
			return 0, false
		}
		return strings.Compare(sa, sb), true
	}
	switch x := a.(type) {
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
		return 0, false
	case Date:
		if y, ok := b.(Date); ok {
			return x.Time().Compare(y.Time()), true
		}
		return 0, false
	case TimeOfDay:
		if y, ok := b.(TimeOfDay); ok {
			return x.onDate().Compare(y.onDate()), true
		}
		return 0, false
	case time.Duration:
		if y, ok := b.(time.Duration); ok {
			return cmp.Compare(x, y), true
		}
		return 0, false
	}
	ra, rb := reflect.ValueOf(a), reflect.ValueOf(b)
	if isList(ra) && isList(rb) {
		n := min(ra.Len(), rb.Len())
		for i := 0; i < n; i++ {
			ea, eb := ra.Index(i).Interface(), rb.Index(i).Interface()
			if equal(ea, eb, depth+1) {
				continue
			}
			return compare(ea, eb, depth+1)
		}
		return cmp.Compare(ra.Len(), rb.Len()), true
	}
	return 0, false
}

// Contains implements the template operator "item in container": a substring
// of a string, an element of a slice or array (by Equal), a key of a map.
// It returns an error wrapping ErrType when the operation makes no sense
// (a Number as container, a non-string looked for in a string).
func Contains(container, item any) (bool, error) {
	if s, ok := stringOf(container); ok {
		sub, ok := stringOf(item)
		if _, lazy := item.(*LazyText); !ok || lazy {
			return false, fmt.Errorf("'in <string>' requires string as left operand, not %s: %w", TypeName(item), ErrType)
		}
		return strings.Contains(s, sub), nil
	}
	if container == nil {
		return false, fmt.Errorf("argument of type 'NoneType' is not iterable: %w", ErrType)
	}
	if d, ok := container.(*Dict); ok && d != nil {
		if err := hashable(item); err != nil {
			return false, err
		}
		for _, k := range d.keys {
			if Equal(k, item) {
				return true, nil
			}
		}
		return false, nil
	}
	rv := reflect.ValueOf(container)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Array {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		for i := 0; i < rv.Len(); i++ {
			if Equal(rv.Index(i).Interface(), item) {
				return true, nil
			}
		}
		return false, nil
	case reflect.Map:
		if err := hashable(item); err != nil {
			return false, err
		}
		if item != nil {
			iv := reflect.ValueOf(item)
			kt := rv.Type().Key()
			if iv.Type().AssignableTo(kt) || (iv.Kind() == kt.Kind() && iv.Type().ConvertibleTo(kt)) {
				return rv.MapIndex(iv.Convert(kt)).IsValid(), nil
			}
		}
		for _, k := range rv.MapKeys() {
			if Equal(k.Interface(), item) {
				return true, nil
			}
		}
		return false, nil
	}
	if items, ok := Iterate(container); ok {
		for _, e := range items {
			if Equal(e, item) {
				return true, nil
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("argument of type '%s' is not iterable: %w", TypeName(container), ErrType)
}

// hashable fails, as Python's hash() does, for a list or dict: neither can
// be a dict key, so looking one up in a dict is a TypeError.
func hashable(v any) error {
	if v == nil {
		return nil
	}
	switch v.(type) {
	case *Dict:
		return fmt.Errorf("unhashable type: 'dict': %w", ErrType)
	case Tuple:
		return nil
	case KeysView:
		return fmt.Errorf("unhashable type: 'dict_keys': %w", ErrType)
	case ValuesView:
		return fmt.Errorf("unhashable type: 'dict_values': %w", ErrType)
	case ItemsView:
		return fmt.Errorf("unhashable type: 'dict_items': %w", ErrType)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		if _, isBytes := v.([]byte); !isBytes {
			return fmt.Errorf("unhashable type: 'list': %w", ErrType)
		}
	case reflect.Map:
		return fmt.Errorf("unhashable type: 'dict': %w", ErrType)
	}
	return nil
}

// TypeName names v's type the way Python error messages do for the common
// cases ("int", "str", "NoneType", "list", "dict"), else the Go type.
func TypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case string, SafeString:
		return "str"
	case *LazyText:
		return "__proxy__"
	case Tuple:
		return "tuple"
	case KeysView:
		return "dict_keys"
	case ValuesView:
		return "dict_values"
	case ItemsView:
		return "dict_items"
	case time.Time:
		return "datetime.datetime"
	case Date:
		return "datetime.date"
	case TimeOfDay:
		return "datetime.time"
	case *Dict:
		return "dict"
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "int"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.String:
		return "str"
	case reflect.Slice, reflect.Array:
		return "list"
	case reflect.Map:
		return "dict"
	}
	return rv.Type().String()
}
