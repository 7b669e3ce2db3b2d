package value

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var errorType = reflect.TypeFor[error]()

// Lookup performs one step of a dotted variable lookup ({{ v.name }}) and
// reports whether it found something. See LookupErr for the rules.
func Lookup(v any, name string) (any, bool) {
	r, err := LookupErr(v, name)
	return r, err == nil
}

// LookupErr performs one step of a dotted variable lookup in Django's order:
//
//  1. a map key (any map whose key kind is string); a map without the key
//     answers "keys", "values" and "items" with KeysView, ValuesView and
//     ItemsView (keys sorted);
//  2. an exported struct field, then a method without arguments (value or
//     pointer receiver): the exact Go name first, then a name that equals
//     the Go name ignoring case and underscores ("pub_date" → PubDate);
//     time.Time, Date and TimeOfDay answer the attributes of Python's
//     datetime, date and time (year, month as a Number, day, hour, minute,
//     second, microsecond, weekday, isoweekday, isoformat, ctime, date,
//     time); numbers answer real, imag, numerator, denominator, conjugate,
//     bit_length and is_integer as Python's int, bool and float do; slices
//     and maps answer copy; strings answer the Python str methods upper,
//     lower, title, capitalize, casefold, strip, lstrip, rstrip, split,
//     splitlines, isdigit, isalpha, isalnum, isspace, isupper, islower,
//     istitle and swapcase;
//  3. an index when name is an integer: a slice, array or string element,
//     negative indexes counting from the end as in Python, or the entry of
//     a map with integer keys.
//
// A function value found by the lookup is called when it takes no
// arguments (see Call). The error wraps ErrNotFound when nothing matched,
// or is the error returned by a called method.
func LookupErr(v any, name string) (any, error) {
	if v == nil {
		return nil, fmt.Errorf("%q on None: %w", name, ErrNotFound)
	}
	if ta, ok := v.(TemplateAttrer); ok {
		if r, ok := ta.TemplateAttr(name); ok {
			return r, nil
		}
	}
	if m, ok := v.(map[string]any); ok {
		if e, ok := m[name]; ok {
			return Call(e)
		}
	}
	if d, ok := v.(*Dict); ok && d != nil {
		if e, ok := d.m[name]; ok {
			return Call(e)
		}
		switch name {
		case "keys", "values", "items":
			return d.view(name), nil
		case "copy":
			return d, nil
		}
		return nil, fmt.Errorf("%q in dict: %w", name, ErrNotFound)
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil, fmt.Errorf("%q on None: %w", name, ErrNotFound)
		}
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String {
		if e := rv.MapIndex(reflect.ValueOf(name).Convert(rv.Type().Key())); e.IsValid() {
			return Call(e.Interface())
		}
	}
	if rv.Kind() == reflect.Map {
		switch name {
		case "keys", "values", "items":
			return mapView(rv, name), nil
		}
	}
	if r, ok := dateAttribute(v, name); ok {
		return r, nil
	}
	if r, ok := numberAttribute(v, name); ok {
		return r, nil
	}
	if name == "copy" && (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map) {
		// list.copy() and dict.copy(): a shallow copy reads the same.
		return v, nil
	}
	if s, ok := stringOf(v); ok {
		if r, ok := stringMethod(s, name); ok {
			return r, nil
		}
	} else if r, found, err := attribute(rv, name); found {
		return r, err
	}
	if i, err := strconv.Atoi(name); err == nil {
		if r, ok := index(v, rv, i); ok {
			return r, nil
		}
	}
	return nil, fmt.Errorf("%q in %s: %w", name, TypeName(v), ErrNotFound)
}

func mapView(rv reflect.Value, name string) any {
	keys := sortedKeys(rv)
	out := make([]any, len(keys))
	for i, k := range keys {
		switch name {
		case "keys":
			out[i] = k.Interface()
		case "values":
			out[i] = rv.MapIndex(k).Interface()
		default:
			out[i] = Tuple{k.Interface(), rv.MapIndex(k).Interface()}
		}
	}
	switch name {
	case "keys":
		return KeysView(out)
	case "values":
		return ValuesView(out)
	}
	return ItemsView(out)
}

// foldName is the form names are compared in when not spelled exactly.
func foldName(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}

func attribute(rv reflect.Value, name string) (any, bool, error) {
	if !rv.IsValid() || name == "" {
		return nil, false, nil
	}
	// A struct value is copied behind a pointer so that pointer-receiver
	// methods can be reached too.
	pv := rv
	if rv.Kind() != reflect.Pointer {
		pv = reflect.New(rv.Type())
		pv.Elem().Set(rv)
	}
	sv := pv
	for sv.Kind() == reflect.Pointer || sv.Kind() == reflect.Interface {
		if sv.IsNil() {
			return nil, false, nil
		}
		sv = sv.Elem()
	}
	fold := foldName(name)
	for _, exact := range []bool{true, false} {
		if sv.Kind() == reflect.Struct {
			f, ok := sv.Type().FieldByNameFunc(func(n string) bool {
				if exact {
					return n == name
				}
				return foldName(n) == fold
			})
			if ok && f.IsExported() {
				fv, err := sv.FieldByIndexErr(f.Index)
				if err != nil {
					return nil, false, nil
				}
				r, err := Call(fv.Interface())
				return r, true, err
			}
		}
		t := pv.Type()
		for i := 0; i < t.NumMethod(); i++ {
			m := t.Method(i)
			if (exact && m.Name == name) || (!exact && foldName(m.Name) == fold) {
				r, err := callFunc(pv.Method(i))
				if errors.Is(err, errNotCallable) {
					return nil, false, nil
				}
				return r, true, err
			}
		}
	}
	return nil, false, nil
}

var errNotCallable = errors.New("function needs arguments")

// Call returns v, or when v is a function that takes no arguments, what it
// returns: its single result, or its first result and its error. This is
// what Django does with callables it finds during a lookup.
func Call(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Func {
		return v, nil
	}
	r, err := callFunc(rv)
	if errors.Is(err, errNotCallable) {
		return v, nil
	}
	return r, err
}

func callFunc(fn reflect.Value) (res any, err error) {
	t := fn.Type()
	if fn.IsNil() || t.NumIn() != 0 {
		return nil, errNotCallable
	}
	switch {
	case t.NumOut() == 1:
	case t.NumOut() == 2 && t.Out(1) == errorType:
	default:
		return nil, errNotCallable
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("calling %s: panic: %v", t, p)
		}
	}()
	out := fn.Call(nil)
	if len(out) == 2 && !out[1].IsNil() {
		return nil, out[1].Interface().(error)
	}
	return out[0].Interface(), nil
}

func index(v any, rv reflect.Value, i int) (any, bool) {
	switch v.(type) {
	case KeysView, ValuesView, ItemsView:
		// Python's dict views are not subscriptable.
		return nil, false
	}
	if s, ok := stringOf(v); ok {
		n := utf8.RuneCountInString(s)
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, false
		}
		for _, r := range s {
			if i == 0 {
				return string(r), true
			}
			i--
		}
		return nil, false
	}
	for rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().Kind() == reflect.Array {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Map {
		// A map with integer keys answers {{ m.0 }} as Python's m[0] does.
		kt := rv.Type().Key()
		switch kt.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			k := reflect.New(kt).Elem()
			k.SetInt(int64(i))
			if k.Int() == int64(i) {
				if e := rv.MapIndex(k); e.IsValid() {
					return e.Interface(), true
				}
			}
		}
		return nil, false
	}
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	if i < 0 {
		i += rv.Len()
	}
	if i < 0 || i >= rv.Len() {
		return nil, false
	}
	return rv.Index(i).Interface(), true
}

func stringMethod(s, name string) (any, bool) {
	switch name {
	case "upper":
		return Upper(s), true
	case "lower":
		return Lower(s), true
	case "title":
		return Title(s), true
	case "capitalize":
		return Capitalize(s), true
	case "swapcase":
		return swapCase(s), true
	case "strip":
		return strings.TrimFunc(s, IsSpace), true
	case "lstrip":
		return strings.TrimLeftFunc(s, IsSpace), true
	case "rstrip":
		return strings.TrimRightFunc(s, IsSpace), true
	case "split":
		f := Fields(s)
		out := make([]any, len(f))
		for i, w := range f {
			out[i] = w
		}
		return out, true
	case "splitlines":
		lines := SplitLines(s, false)
		out := make([]any, len(lines))
		for i, w := range lines {
			out[i] = w
		}
		return out, true
	case "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower":
		return strPredicate(s, name), true
	case "istitle":
		return isTitle(s), true
	case "casefold":
		return caseFold(s), true
	}
	return nil, false
}

// isTitle is Python's str.istitle: cased characters, upper or title case
// only after uncased ones and lower case only after cased ones.
func isTitle(s string) bool {
	cased, prevCased := false, false
	for _, r := range s {
		switch {
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			if prevCased {
				return false
			}
			prevCased, cased = true, true
		case unicode.IsLower(r):
			if !prevCased {
				return false
			}
			prevCased, cased = true, true
		default:
			prevCased = false
		}
	}
	return cased
}

// caseFold approximates Python's str.casefold: lower case, with the
// foldings that change length or differ from lower case (ß, ẞ → ss,
// final sigma → σ).
func caseFold(s string) string {
	s = Lower(s)
	if !strings.ContainsAny(s, "ßς") {
		return s
	}
	return strings.NewReplacer("ß", "ss", "ς", "σ").Replace(s)
}

// numberAttribute answers the attributes and argument-free methods of
// Python's int, bool and float: real, imag, numerator, denominator,
// conjugate, bit_length and is_integer.
func numberAttribute(v any, name string) (any, bool) {
	switch name {
	case "real", "imag", "numerator", "denominator", "conjugate", "bit_length", "is_integer":
	default:
		return nil, false
	}
	if b, ok := v.(*big.Int); ok && b != nil {
		switch name {
		case "real", "numerator", "conjugate":
			return b, true
		case "imag":
			return 0, true
		case "denominator":
			return 1, true
		case "bit_length":
			return b.BitLen(), true
		}
		return nil, false
	}
	rv := reflect.ValueOf(v)
	var i int64
	switch rv.Kind() {
	case reflect.Bool:
		if rv.Bool() {
			i = 1
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i = rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if name == "bit_length" {
			return bits.Len64(u), true
		}
		if u > math.MaxInt64 {
			return nil, false
		}
		i = int64(u)
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		switch name {
		case "real", "conjugate":
			return f, true
		case "imag":
			return 0.0, true
		case "is_integer":
			return !math.IsInf(f, 0) && !math.IsNaN(f) && f == math.Trunc(f), true
		}
		return nil, false
	default:
		return nil, false
	}
	switch name {
	case "real", "numerator", "conjugate":
		return int(i), true
	case "imag":
		return 0, true
	case "denominator":
		return 1, true
	case "bit_length":
		if i < 0 {
			return bits.Len64(uint64(-i)), true
		}
		return bits.Len64(uint64(i)), true
	}
	return nil, false
}

// dateAttribute answers the attributes Python's datetime, date and time
// objects have, so that {{ d.month }} is 3 as in Django, not "March".
func dateAttribute(v any, name string) (any, bool) {
	var t time.Time
	var kind dateKind
	switch x := v.(type) {
	case time.Time:
		t, kind = x, kindDateTime
	case Date:
		t, kind = x.Time(), kindDate
	case TimeOfDay:
		t, kind = x.onDate(), kindTime
	default:
		return nil, false
	}
	hasDate, hasTime := kind != kindTime, kind != kindDate
	switch {
	case name == "year" && hasDate:
		return t.Year(), true
	case name == "month" && hasDate:
		return int(t.Month()), true
	case name == "day" && hasDate:
		return t.Day(), true
	case name == "weekday" && hasDate:
		return (int(t.Weekday()) + 6) % 7, true
	case name == "isoweekday" && hasDate:
		return (int(t.Weekday())+6)%7 + 1, true
	case name == "hour" && hasTime:
		return t.Hour(), true
	case name == "minute" && hasTime:
		return t.Minute(), true
	case name == "second" && hasTime:
		return t.Second(), true
	case name == "microsecond" && hasTime:
		return t.Nanosecond() / 1000, true
	case name == "date" && kind == kindDateTime:
		return DateOf(t), true
	case name == "time" && kind == kindDateTime:
		return TimeOfDayOf(t), true
	case name == "ctime" && hasDate:
		return t.Format("Mon Jan _2 15:04:05 2006"), true
	case name == "isoformat":
		s, _ := FormatDate(v, "c")
		return s, true
	}
	return nil, false
}

// NeedsArguments reports whether name is a method of the Python value v
// stands for (a list, dict or str) that cannot be called without
// arguments, such as list.count or str.join. Django resolves such a lookup
// to the engine's string_if_invalid instead of failing, so as a filter
// argument it is no missing variable.
func NeedsArguments(v any, name string) bool {
	if _, ok := stringOf(v); ok {
		switch name {
		case "center", "count", "endswith", "find", "format_map", "index", "join", "ljust", "partition",
			"removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition",
			"startswith", "translate", "zfill", "maketrans":
			return true
		}
		return false
	}
	if _, ok := v.(*Dict); ok {
		return dictNeedsArguments(name)
	}
	if v == nil {
		return false
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		switch name {
		case "append", "count", "extend", "index", "insert", "remove":
			return true
		}
	case reflect.Map:
		return dictNeedsArguments(name)
	}
	return false
}

func dictNeedsArguments(name string) bool {
	switch name {
	case "get", "pop", "setdefault", "fromkeys":
		return true
	}
	return false
}
