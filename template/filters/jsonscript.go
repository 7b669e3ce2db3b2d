package filters

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/djinn-go/djinn/template/value"
)

// jsonScript renders the value as JSON inside a <script type="application/json">
// element, with <, > and & escaped as \u003C, \u003E and \u0026 so that the
// text cannot end the script element. The id argument is optional.
func jsonScript(in any, arg Arg, _ bool) (any, error) {
	var b strings.Builder
	if err := encodeJSON(&b, in, 0); err != nil {
		return nil, err
	}
	js := strings.NewReplacer("<", `\u003C`, ">", `\u003E`, "&", `\u0026`).Replace(b.String())
	id := ""
	if arg.Given && value.Truthy(arg.Value) {
		id = value.ConditionalEscape(arg.Value)
		return value.SafeString(`<script id="` + id + `" type="application/json">` + js + `</script>`), nil
	}
	return value.SafeString(`<script type="application/json">` + js + `</script>`), nil
}

// encodeJSON writes v the way Python's json.dumps with Django's
// DjangoJSONEncoder does: ", " and ": " separators, non-ASCII escaped as
// \uXXXX, datetimes in ISO 8601 with milliseconds. Map keys are sorted.
func encodeJSON(b *strings.Builder, v any, depth int) error {
	if depth > 200 {
		return fmt.Errorf("json_script: value nested too deeply: %w", value.ErrValue)
	}
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return nil
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
		return nil
	case string:
		jsonString(b, x)
		return nil
	case value.SafeString:
		jsonString(b, string(x))
		return nil
	case *value.LazyText:
		jsonString(b, x.String())
		return nil
	case json.Number:
		b.WriteString(string(x))
		return nil
	case value.KeysView, value.ValuesView, value.ItemsView:
		//lint:ignore ST1005 Python's message, which the template corpus compares.
		return fmt.Errorf("Object of type %s is not JSON serializable: %w", value.TypeName(v), value.ErrType)
	case *big.Int:
		b.WriteString(x.String())
		return nil
	case time.Time:
		s := value.ToString(x)
		s = strings.Replace(s, " ", "T", 1)
		if i := strings.IndexByte(s, '.'); i >= 0 && len(s) >= i+4 {
			s = s[:i+4]
		}
		if x.Location() != time.UTC {
			_, off := x.Zone()
			sign := '+'
			if off < 0 {
				sign, off = '-', -off
			}
			s += fmt.Sprintf("%c%02d:%02d", sign, off/3600, off/60%60)
		}
		jsonString(b, s)
		return nil
	case value.Date:
		jsonString(b, x.String())
		return nil
	case value.TimeOfDay:
		s := x.String()
		if i := strings.IndexByte(s, '.'); i >= 0 {
			s = s[:i+4]
		}
		jsonString(b, s)
		return nil
	case *value.Dict:
		if x == nil {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('{')
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			jsonString(b, k)
			b.WriteString(": ")
			e, _ := x.Get(k)
			if err := encodeJSON(b, e, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case json.Marshaler:
		return encodeViaStdlib(b, v, depth)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeJSON(b, rv.Elem().Interface(), depth+1)
	case reflect.String:
		jsonString(b, rv.String())
		return nil
	case reflect.Bool:
		return encodeJSON(b, rv.Bool(), depth)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(rv.Int(), 10))
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		b.WriteString(strconv.FormatUint(rv.Uint(), 10))
		return nil
	case reflect.Float32, reflect.Float64:
		f := rv.Float()
		switch {
		case math.IsNaN(f):
			b.WriteString("NaN")
		case math.IsInf(f, 1):
			b.WriteString("Infinity")
		case math.IsInf(f, -1):
			b.WriteString("-Infinity")
		default:
			bits := 64
			if rv.Kind() == reflect.Float32 {
				bits = 32
			}
			b.WriteString(value.FormatFloat(f, bits))
		}
		return nil
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8 {
			return fmt.Errorf("object of type bytes is not JSON serializable: %w", value.ErrType)
		}
		b.WriteByte('[')
		for i := 0; i < rv.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			if err := encodeJSON(b, rv.Index(i).Interface(), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Map:
		keys, _ := value.Iterate(v)
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			ks, err := jsonKey(k)
			if err != nil {
				return err
			}
			jsonString(b, ks)
			b.WriteString(": ")
			if err := encodeJSON(b, rv.MapIndex(reflect.ValueOf(k)).Interface(), depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case reflect.Struct:
		return encodeViaStdlib(b, v, depth)
	}
	return fmt.Errorf("object of type %s is not JSON serializable: %w", value.TypeName(v), value.ErrType)
}

// encodeViaStdlib encodes a struct or json.Marshaler with encoding/json
// (so struct tags apply) and re-writes the result in Python's style.
func encodeViaStdlib(b *strings.Builder, v any, depth int) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("object of type %s is not JSON serializable: %w", value.TypeName(v), value.ErrType)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return fmt.Errorf("re-decoding %s: %w", value.TypeName(v), value.ErrType)
	}
	return encodeJSON(b, generic, depth+1)
}

func jsonKey(k any) (string, error) {
	switch x := k.(type) {
	case nil:
		return "null", nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	}
	if s, ok := stringKind(k); ok {
		return s, nil
	}
	if _, ok := numberOf(k); ok {
		return value.ToString(k), nil
	}
	return "", fmt.Errorf("keys must be str, int, float, bool or None, not %s: %w", value.TypeName(k), value.ErrType)
}

// jsonString writes s as a JSON string with every non-ASCII character
// escaped, as Python's json.dumps(ensure_ascii=True) does.
func jsonString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20 || (r >= 0x7f && r < 0x10000):
			fmt.Fprintf(b, `\u%04x`, r)
		case r >= 0x10000:
			r -= 0x10000
			fmt.Fprintf(b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
