package value

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/djinn-go/djinn/internal/pyrepr"
)

// Tuple is a fixed sequence that renders like a Python tuple: "(1, 'a')".
// Dictionary items looked up with .items are Tuples of key and value.
type Tuple []any

// KeysView, ValuesView and ItemsView are what a map answers to the lookups
// "keys", "values" and "items"; they iterate like slices and render like
// Python's dict views ("dict_keys(['a'])").
type (
	KeysView   []any
	ValuesView []any
	ItemsView  []any
)

// ToString renders v like Python's str() renders the matching Python value.
// See the package documentation for the rules.
func ToString(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case string:
		return x
	case SafeString:
		return string(x)
	case HTMLer:
		return x.SafeHTML()
	case []byte:
		return string(x)
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatFloat(x, 64)
	case float32:
		return FormatFloat(float64(x), 32)
	case json.Number:
		return string(x)
	case time.Time:
		return formatDateTime(x, " ")
	case *time.Time:
		if x == nil {
			return "None"
		}
		return formatDateTime(*x, " ")
	case time.Duration:
		return formatDuration(x)
	case *big.Int:
		if x == nil {
			return "None"
		}
		return x.String()
	case Tuple, KeysView, ValuesView, ItemsView:
		return Repr(x)
	case *Dict:
		if x == nil {
			return "None"
		}
		return x.repr(0, nil)
	case error:
		return x.Error()
	case fmt.Stringer:
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && rv.IsNil() {
			return "None"
		}
		return x.String()
	}
	return reprReflect(reflect.ValueOf(v), false, 0, nil)
}

// maxReprDepth bounds the nesting Repr follows, so that a value that
// contains itself renders as "..." instead of recursing forever.
const maxReprDepth = 200

// Repr renders v like Python's repr(): strings are quoted, dates render as
// datetime.date(2024, 3, 5), and containers render their elements with Repr.
func Repr(v any) string { return repr(v, 0) }

// reprPath lists the containers being printed further up, so that one that
// contains itself prints as Python prints it: [...] or {...}.
type reprPath []uintptr

func repr(v any, depth int) string { return reprOn(v, depth, nil) }

func reprOn(v any, depth int, path reprPath) string {
	if depth > maxReprDepth {
		return "..."
	}
	switch x := v.(type) {
	case string:
		return quote(x)
	case SafeString:
		return quote(string(x))
	case *LazyText:
		return quote(x.text)
	case []byte:
		return quote(string(x))
	case time.Time:
		return reprDateTime(x)
	case Date:
		return fmt.Sprintf("datetime.date(%d, %d, %d)", x.Year, int(x.Month), x.Day)
	case TimeOfDay:
		return reprTime(x)
	case Tuple:
		if len(x) == 1 {
			return "(" + reprOn(x[0], depth+1, path) + ",)"
		}
		return "(" + joinRepr([]any(x), depth, path) + ")"
	case KeysView:
		return "dict_keys([" + joinRepr([]any(x), depth, path) + "])"
	case ValuesView:
		return "dict_values([" + joinRepr([]any(x), depth, path) + "])"
	case ItemsView:
		return "dict_items([" + joinRepr([]any(x), depth, path) + "])"
	case *Dict:
		if x == nil {
			return "None"
		}
		return x.repr(depth, path)
	case nil, bool, int, int64, float64, float32, json.Number, *big.Int, time.Duration:
		return ToString(v)
	case error:
		return x.Error()
	case fmt.Stringer:
		return ToString(v)
	}
	return reprReflect(reflect.ValueOf(v), true, depth, path)
}

func joinRepr(items []any, depth int, path reprPath) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = reprOn(it, depth+1, path)
	}
	return strings.Join(parts, ", ")
}

func (p reprPath) has(id uintptr) bool {
	for _, q := range p {
		if q == id {
			return true
		}
	}
	return false
}

func reprReflect(rv reflect.Value, quoted bool, depth int, path reprPath) string {
	if depth > maxReprDepth {
		return "..."
	}
	switch rv.Kind() {
	case reflect.Slice, reflect.Map:
		if id := rv.Pointer(); id != 0 && rv.Len() > 0 {
			if path.has(id) {
				if rv.Kind() == reflect.Map {
					return "{...}"
				}
				return "[...]"
			}
			path = append(path[:len(path):len(path)], id)
		}
	}
	if !rv.IsValid() {
		return "None"
	}
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return "None"
		}
		if quoted || rv.Elem().Kind() == reflect.Slice || rv.Elem().Kind() == reflect.Map || rv.Elem().Kind() == reflect.Array {
			return reprOn(rv.Elem().Interface(), depth+1, path)
		}
		return ToString(rv.Elem().Interface())
	case reflect.String:
		if quoted {
			return quote(rv.String())
		}
		return rv.String()
	case reflect.Bool:
		return ToString(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32:
		return FormatFloat(rv.Float(), 32)
	case reflect.Float64:
		return FormatFloat(rv.Float(), 64)
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			if quoted {
				return quote(string(rv.Bytes()))
			}
			return string(rv.Bytes())
		}
		parts := make([]string, rv.Len())
		for i := range parts {
			parts[i] = reprOn(rv.Index(i).Interface(), depth+1, path)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		keys := sortedKeys(rv)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = reprOn(k.Interface(), depth+1, path) + ": " + reprOn(rv.MapIndex(k).Interface(), depth+1, path)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if rv.CanInterface() {
		return fmt.Sprint(rv.Interface())
	}
	return rv.String()
}

// sortedKeys returns the keys of a map value in a deterministic order:
// ascending by Compare when the keys are comparable, else by their text.
func sortedKeys(rv reflect.Value) []reflect.Value {
	keys := rv.MapKeys()
	sort.SliceStable(keys, func(i, j int) bool {
		a, b := keys[i].Interface(), keys[j].Interface()
		if c, ok := Compare(a, b); ok {
			return c < 0
		}
		return ToString(a) < ToString(b)
	})
	return keys
}

// quote renders s as a Python string literal.
func quote(s string) string { return pyrepr.Quote(s, false) }

// FormatFloat renders f like Python's repr(float): the shortest text that
// reads back as f, in fixed notation when the decimal exponent is in
// [-4, 16) (always with a fractional part, "2.0"), else in scientific
// notation with at least two exponent digits ("1e-05", "1.5e+16").
// bitSize is 32 for float32 values and 64 otherwise.
func FormatFloat(f float64, bitSize int) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	neg, digits, exp := floatDigits(f, bitSize)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp >= -4 && exp < 16 {
		if exp >= 0 {
			if len(digits) > exp+1 {
				b.WriteString(digits[:exp+1])
				b.WriteByte('.')
				b.WriteString(digits[exp+1:])
			} else {
				b.WriteString(digits)
				b.WriteString(strings.Repeat("0", exp+1-len(digits)))
				b.WriteString(".0")
			}
		} else {
			b.WriteString("0.")
			b.WriteString(strings.Repeat("0", -exp-1))
			b.WriteString(digits)
		}
		return b.String()
	}
	b.WriteString(digits[:1])
	if len(digits) > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	b.WriteByte('e')
	if exp < 0 {
		b.WriteByte('-')
		exp = -exp
	} else {
		b.WriteByte('+')
	}
	if exp < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(exp))
	return b.String()
}

// floatDigits returns the sign, the shortest significant digits and the
// decimal exponent of the first digit of a finite f.
func floatDigits(f float64, bitSize int) (neg bool, digits string, exp int) {
	s := strconv.FormatFloat(f, 'e', -1, bitSize)
	if s[0] == '-' {
		neg = true
		s = s[1:]
	}
	mant, e, _ := strings.Cut(s, "e")
	exp, _ = strconv.Atoi(e)
	digits = strings.Replace(mant, ".", "", 1)
	return neg, digits, exp
}

// plainFloat renders f without an exponent, the way Django's number_format
// prints a float whose str() uses scientific notation (1e-05 → "0.00001").
func plainFloat(f float64, bitSize int) string {
	s := FormatFloat(f, bitSize)
	if !strings.Contains(s, "e") || math.IsInf(f, 0) || math.IsNaN(f) {
		return s
	}
	neg, digits, exp := floatDigits(f, bitSize)
	if exp < -200 || exp > 200 {
		return s
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if exp >= 0 {
		b.WriteString(digits)
		if pad := exp + 1 - len(digits); pad > 0 {
			b.WriteString(strings.Repeat("0", pad))
		} else if pad < 0 {
			s := b.String()
			return s[:len(s)+pad] + "." + s[len(s)+pad:]
		}
		return b.String()
	}
	b.WriteString("0.")
	b.WriteString(strings.Repeat("0", -exp-1))
	b.WriteString(digits)
	return b.String()
}

func formatDateTime(t time.Time, sep string) string {
	s := fmt.Sprintf("%04d-%02d-%02d%s%02d:%02d:%02d", t.Year(), int(t.Month()), t.Day(), sep, t.Hour(), t.Minute(), t.Second())
	if us := t.Nanosecond() / 1000; us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s
}

func reprDateTime(t time.Time) string {
	s := fmt.Sprintf("datetime.datetime(%d, %d, %d, %d, %d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute())
	us := t.Nanosecond() / 1000
	if t.Second() != 0 || us != 0 {
		s += fmt.Sprintf(", %d", t.Second())
	}
	if us != 0 {
		s += fmt.Sprintf(", %d", us)
	}
	return s + ")"
}

func reprTime(t TimeOfDay) string {
	s := fmt.Sprintf("datetime.time(%d, %d", t.Hour, t.Minute)
	us := t.Nanosecond / 1000
	if t.Second != 0 || us != 0 {
		s += fmt.Sprintf(", %d", t.Second)
	}
	if us != 0 {
		s += fmt.Sprintf(", %d", us)
	}
	return s + ")"
}

// formatDuration renders d like Python's str(timedelta): "1 day, 2:03:04".
func formatDuration(d time.Duration) string {
	us := d.Microseconds()
	days := us / (86400 * 1e6)
	rem := us % (86400 * 1e6)
	if rem < 0 {
		rem += 86400 * 1e6
		days--
	}
	secs := rem / 1e6
	micro := rem % 1e6
	s := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if micro != 0 {
		s += fmt.Sprintf(".%06d", micro)
	}
	if days != 0 {
		unit := "days"
		if days == 1 || days == -1 {
			unit = "day"
		}
		s = fmt.Sprintf("%d %s, %s", days, unit, s)
	}
	return s
}

// Display renders v the way Django prints a variable in a template, after
// localisation with the en locale and USE_THOUSAND_SEPARATOR off: datetimes
// use DATETIME_FORMAT ("N j, Y, P" → "March 5, 2024, 2:07 p.m."), dates
// DATE_FORMAT ("N j, Y"), times TIME_FORMAT ("P"), and floats are written
// without an exponent (1e-05 → "0.00001"). Anything else renders as ToString.
func Display(v any) string {
	switch x := v.(type) {
	case float64:
		return plainFloat(x, 64)
	case float32:
		return plainFloat(float64(x), 32)
	case time.Time:
		s, _ := FormatDate(x, "N j, Y, P")
		return s
	case Date:
		s, _ := FormatDate(x, "N j, Y")
		return s
	case TimeOfDay:
		s, _ := FormatDate(x, "P")
		return s
	}
	return ToString(v)
}
