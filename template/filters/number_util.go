package filters

import (
	"reflect"

	"github.com/djinn-go/djinn/template/value"
)

// num is the template language's number (value.Number): an integer or,
// when IsFloat, a float.
type num = value.Number

// numberOf reports v as a number when it is a Go integer, float or bool.
func numberOf(v any) (num, bool) { return value.AsNumber(v) }

// indexable reports the text of a string or of a *value.LazyText, for the
// filters that index or slice it: the proxy answers with str's methods, so
// the piece is a plain (unsafe) string.
func indexable(v any) (string, bool) {
	if l, ok := v.(*value.LazyText); ok {
		return l.String(), true
	}
	return stringKind(v)
}

// stringKind reports the text of a value whose kind is string.
func stringKind(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case value.SafeString:
		return string(x), true
	case nil:
		return "", false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}
