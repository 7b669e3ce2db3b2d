package value

import (
	"errors"
	"strings"
)

// Errors that mirror the Python exceptions Django's filters raise. Filters and
// the engine wrap them with %w so callers can test with errors.Is.
var (
	// ErrType is Python's TypeError: an operation on a value of the wrong type.
	ErrType = errors.New("type error")
	// ErrValue is Python's ValueError: a value of the right type but a bad content.
	ErrValue = errors.New("value error")
	// ErrOverflow is Python's OverflowError: int() of an infinite float.
	ErrOverflow = errors.New("overflow")
	// ErrZeroDivision is Python's ZeroDivisionError.
	ErrZeroDivision = errors.New("division by zero")
	// ErrAttribute is Python's AttributeError: a value lacks an attribute.
	ErrAttribute = errors.New("attribute error")
	// ErrIndex is Python's IndexError or KeyError: an index or key out of range.
	ErrIndex = errors.New("index error")
	// ErrNotFound reports a failed lookup step.
	ErrNotFound = errors.New("lookup failed")
)

// SafeString is text that is already safe for HTML output and must not be
// escaped again; it plays the role of Django's SafeString and mark_safe.
type SafeString string

// String returns the text.
func (s SafeString) String() string { return string(s) }

// IsSafe reports whether v is marked safe for HTML output.
func IsSafe(v any) bool {
	switch v.(type) {
	case SafeString, HTMLer:
		return true
	}
	return false
}

// HTMLer is implemented by values that render as ready-made, safe HTML —
// Django's __html__ protocol. Forms, bound fields and error lists
// implement it, so {{ form }} prints their markup unescaped.
type HTMLer interface {
	SafeHTML() string
}

// TemplateIterable is implemented by values that {% for %} iterates as
// the given items (Django's __iter__: iterating a form gives its bound
// fields).
type TemplateIterable interface {
	TemplateItems() []any
}

// TemplateAttrer is implemented by values that answer dotted lookups
// themselves, before maps, fields and methods are tried (Django's
// __getitem__ on a form: {{ form.subject }} is the bound field).
type TemplateAttrer interface {
	TemplateAttr(name string) (any, bool)
}

// Escape returns s with the five HTML special characters replaced, like
// Django's escape: & < > " and ' (as &#x27;).
func Escape(s string) string {
	if !strings.ContainsAny(s, "&<>\"'") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#x27;")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// ConditionalEscape returns the text of v, escaped unless v is a SafeString,
// like Django's conditional_escape (which uses str(), not localisation).
func ConditionalEscape(v any) string {
	switch x := v.(type) {
	case SafeString:
		return string(x)
	case HTMLer:
		return x.SafeHTML()
	case *LazyText:
		return x.text
	}
	return Escape(ToString(v))
}
