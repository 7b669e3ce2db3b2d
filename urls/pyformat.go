package urls

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/internal/pyrepr"
)

// ErrPercentFormat is wrapped by the [FormatError] of Reverse for a pattern
// whose text holds a "%" that Django's reverse() cannot format.
var ErrPercentFormat = errors.New("cannot %-format the pattern")

// FormatError is returned by Reverse when the pattern it would use has a
// literal "%" that Django 3.2's reverse() chokes on: Django builds the URL
// by Python %-formatting the pattern's text with the arguments, without
// escaping a "%" the route itself holds, so "a%b/" raises a ValueError
// ("unsupported format character"), "a%d/" a TypeError and "a%(x)s/" a
// KeyError unless x is an argument. Reverse returns the same failures
// instead of building a URL Django would not (a "%%" or a "%(x)s" that
// formats cleanly gives a URL the pattern does not match: no reverse
// match).
type FormatError struct {
	Name    string // the name given to Reverse
	Pattern string // the pattern's text as Django formats it
	// Python is the exception Django raises: "ValueError", "TypeError"
	// or "KeyError".
	Python string
	Msg    string
}

// Error implements error.
func (e *FormatError) Error() string {
	return fmt.Sprintf("reverse for '%s': pattern '%s' cannot be %%-formatted: %s (%s)", e.Name, e.Pattern, e.Msg, e.Python)
}

// Unwrap returns ErrPercentFormat.
func (e *FormatError) Unwrap() error { return ErrPercentFormat }

// pyFormat is Python's format % mapping for a mapping of strings, as
// Django's reverse does it: %(key)s, %(key)r and %(key)a give the value
// (its repr for r and a), %% gives "%", a conversion without a key formats
// the whole mapping (listed in order), and anything else fails as Python
// does. Width, precision and the "-" flag of s, r and a are applied.
func pyFormat(format string, subs map[string]string, order []string) (string, *FormatError) {
	var b strings.Builder
	i := 0
	for i < len(format) {
		j := strings.IndexByte(format[i:], '%')
		if j < 0 {
			b.WriteString(format[i:])
			break
		}
		b.WriteString(format[i : i+j])
		i += j + 1
		if i >= len(format) {
			return "", &FormatError{Python: "ValueError", Msg: "incomplete format"}
		}
		if format[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		var val string
		haveKey := false
		if format[i] == '(' {
			depth, k := 1, i+1
			for k < len(format) && depth > 0 {
				switch format[k] {
				case '(':
					depth++
				case ')':
					depth--
				}
				k++
			}
			if depth > 0 {
				return "", &FormatError{Python: "ValueError", Msg: "incomplete format key"}
			}
			key := format[i+1 : k-1]
			v, ok := subs[key]
			if !ok {
				return "", &FormatError{Python: "KeyError", Msg: pyRepr(key)}
			}
			val, haveKey = v, true
			i = k
		}
		left := false
		for i < len(format) && strings.IndexByte("-+ #0", format[i]) >= 0 {
			left = left || format[i] == '-'
			i++
		}
		width, prec := 0, -1
		if i < len(format) && format[i] == '*' {
			return "", &FormatError{Python: "TypeError", Msg: "* wants int"}
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			width = width*10 + int(format[i]-'0')
			i++
		}
		if i < len(format) && format[i] == '.' {
			i++
			if i < len(format) && format[i] == '*' {
				return "", &FormatError{Python: "TypeError", Msg: "* wants int"}
			}
			prec = 0
			for i < len(format) && format[i] >= '0' && format[i] <= '9' {
				prec = prec*10 + int(format[i]-'0')
				i++
			}
		}
		for i < len(format) && strings.IndexByte("hlL", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return "", &FormatError{Python: "ValueError", Msg: "incomplete format"}
		}
		conv, size := utf8.DecodeRuneInString(format[i:])
		at := utf8.RuneCountInString(format[:i])
		i += size
		var out string
		switch conv {
		case 's', 'r', 'a':
			switch {
			case !haveKey:
				out = pyDictRepr(subs, order, conv == 'a')
			case conv == 's':
				out = val
			default:
				out = pyReprASCII(val, conv == 'a')
			}
		case 'c':
			if !haveKey || utf8.RuneCountInString(val) != 1 {
				return "", &FormatError{Python: "TypeError", Msg: "%c requires int or char"}
			}
			out = val
		case 'd', 'i', 'u', 'o', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G':
			typ := "dict"
			if haveKey {
				typ = "str"
			}
			what := "a real number is required"
			if strings.ContainsRune("oxXc", conv) {
				what = "an integer is required"
			}
			if strings.ContainsRune("eEfFgG", conv) {
				what = "must be real number"
				return "", &FormatError{Python: "TypeError", Msg: fmt.Sprintf("%s, not %s", what, typ)}
			}
			return "", &FormatError{Python: "TypeError", Msg: fmt.Sprintf("%%%c format: %s, not %s", conv, what, typ)}
		default:
			shown := conv
			if conv > 0x7e || conv < 0x20 {
				shown = '?'
			}
			return "", &FormatError{Python: "ValueError", Msg: fmt.Sprintf("unsupported format character '%c' (0x%x) at index %d", shown, conv, at)}
		}
		if conv != 'c' && prec >= 0 && utf8.RuneCountInString(out) > prec {
			r := []rune(out)
			out = string(r[:prec])
		}
		if pad := width - utf8.RuneCountInString(out); pad > 0 {
			if left {
				out += strings.Repeat(" ", pad)
			} else {
				out = strings.Repeat(" ", pad) + out
			}
		}
		b.WriteString(out)
	}
	return b.String(), nil
}

// pyDictRepr is Python's repr of a dict of strings, keys in order (then
// any others sorted).
func pyDictRepr(subs map[string]string, order []string, ascii bool) string {
	keys := slices.Clone(order)
	var rest []string
	for k := range subs {
		if !slices.Contains(keys, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	keys = append(keys, rest...)
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, k := range keys {
		v, ok := subs[k]
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		b.WriteString(pyReprASCII(k, ascii) + ": " + pyReprASCII(v, ascii))
	}
	b.WriteByte('}')
	return b.String()
}

func pyRepr(s string) string { return pyReprASCII(s, false) }

// pyReprASCII is Python's repr of a str (ascii() with ascii set).
func pyReprASCII(s string, ascii bool) string { return pyrepr.Quote(s, ascii) }
