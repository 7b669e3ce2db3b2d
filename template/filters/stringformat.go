package filters

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/djinn-go/djinn/template/value"
)

// stringformat formats the value with a Python %-format specifier written
// without the '%' ("03d", ".2f", "x", "s", "r"); a value the specifier
// cannot format gives "".
func stringformat(in any, arg Arg, _ bool) (any, error) {
	if l, ok := in.(*value.LazyText); ok && value.ToString(arg.Value) == "s" {
		// "%s" % proxy is, in CPython, the very object str() of the proxy
		// returned: the literal's SafeString.
		return l.Text(), nil
	}
	s, err := pyPercent("%"+value.ToString(arg.Value), in)
	if errors.Is(err, errOverflow) {
		return nil, err
	}
	if err != nil {
		return "", nil
	}
	return s, nil
}

var (
	errFormat = fmt.Errorf("bad format: %w", value.ErrType)
	// errOverflow is Python's OverflowError, which stringformat lets through.
	errOverflow = fmt.Errorf("%%c arg not in range(0x110000): %w", value.ErrValue)
)

// pyPercent implements Python's format % value for one value (a
// value.Tuple supplies several, a map supplies "%(name)s" keys).
func pyPercent(format string, v any) (string, error) {
	args := []any{v}
	if t, ok := v.(value.Tuple); ok {
		args = t
	}
	var mapping any
	if isMapping(v) {
		mapping = v
	}
	next := 0
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return "", errFormat
		}
		var arg any
		haveArg := false
		specStart := i
		if format[i] == '(' {
			end := strings.IndexByte(format[i:], ')')
			if end < 0 || mapping == nil {
				return "", errFormat
			}
			key := format[i+1 : i+end]
			val, ok := value.Lookup(mapping, key)
			if !ok {
				return "", errFormat
			}
			arg, haveArg = val, true
			i += end + 1
		}
		var flags string
		for i < len(format) && strings.IndexByte("-+ #0", format[i]) >= 0 {
			flags += string(format[i])
			i++
		}
		width, prec := -1, -1
		start := i
		for i < len(format) && isDigit(format[i]) {
			i++
		}
		if i > start {
			width, _ = strconv.Atoi(format[start:i])
		}
		if i < len(format) && format[i] == '.' {
			i++
			start = i
			for i < len(format) && isDigit(format[i]) {
				i++
			}
			prec, _ = strconv.Atoi(format[start:i])
		}
		for i < len(format) && strings.IndexByte("hlL", format[i]) >= 0 {
			i++
		}
		if i >= len(format) {
			return "", errFormat
		}
		conv := format[i]
		if conv == '%' {
			// Python takes "%%" only bare: a key, flag, width or
			// precision before the second '%' is an unsupported format.
			if i != specStart {
				return "", errFormat
			}
			b.WriteByte('%')
			continue
		}
		if !haveArg {
			if next >= len(args) {
				return "", errFormat
			}
			arg = args[next]
			next++
		}
		if width > 1<<20 || prec > 1<<20 {
			return "", errFormat
		}
		s, err := formatOne(conv, flags, width, prec, arg)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	// Python lets a mapping-like value (a dict or list) go unused.
	if mapping == nil && next < len(args) && !isSequence(v) {
		return "", errFormat // not all arguments converted
	}
	return b.String(), nil
}

func formatOne(conv byte, flags string, width, prec int, arg any) (string, error) {
	left := strings.Contains(flags, "-")
	zero := strings.Contains(flags, "0") && !left
	alt := strings.Contains(flags, "#")
	sign := ""
	var body, prefix string
	numeric := true
	switch conv {
	case 's', 'r', 'a':
		numeric = false
		switch conv {
		case 's':
			body = value.ToString(arg)
		case 'r':
			body = value.Repr(arg)
		default:
			body = pyASCII(value.Repr(arg))
		}
		if prec >= 0 {
			if rs := []rune(body); len(rs) > prec {
				body = string(rs[:prec])
			}
		}
	case 'c':
		numeric = false
		if s, ok := stringKind(arg); ok && len([]rune(s)) == 1 {
			body = s
		} else if b, ok := arg.(*big.Int); ok && b != nil && !b.IsInt64() {
			return "", errOverflow
		} else if n, ok := numberOf(arg); ok && !n.IsFloat {
			if n.I < 0 || n.I > 0x10ffff {
				return "", errOverflow
			}
			body = string(rune(n.I))
		} else {
			return "", errFormat
		}
	case 'd', 'i', 'u', 'o', 'x', 'X':
		n, ok := numberOf(arg)
		if !ok {
			return "", errFormat
		}
		b, isBig := arg.(*big.Int)
		if n.IsFloat && !isBig && conv != 'd' && conv != 'i' && conv != 'u' {
			return "", errFormat
		}
		i := new(big.Int).SetInt64(n.I)
		if isBig {
			i.Set(b)
		} else if n.IsFloat {
			if math.IsNaN(n.F) || math.IsInf(n.F, 0) {
				return "", fmt.Errorf("cannot convert float %s to integer: %w", value.ToString(n.F), value.ErrValue)
			}
			i, _ = big.NewFloat(math.Trunc(n.F)).Int(nil)
		}
		neg := i.Sign() < 0
		u := new(big.Int).Abs(i)
		switch conv {
		case 'o':
			body = u.Text(8)
			if alt {
				prefix = "0o"
			}
		case 'x':
			body = u.Text(16)
			if alt {
				prefix = "0x"
			}
		case 'X':
			body = strings.ToUpper(u.Text(16))
			if alt {
				prefix = "0X"
			}
		default:
			body = u.Text(10)
		}
		if prec > len(body) {
			body = strings.Repeat("0", prec-len(body)) + body
		}
		sign = signOf(neg, flags)
	case 'e', 'E', 'f', 'F', 'g', 'G':
		n, ok := numberOf(arg)
		if !ok {
			return "", errFormat
		}
		f := n.Float()
		if prec < 0 {
			prec = 6
		}
		neg := math.Signbit(f) && !math.IsNaN(f)
		f = math.Abs(f)
		switch {
		case math.IsInf(f, 0):
			body = "inf"
			zero = false
		case math.IsNaN(f):
			body = "nan"
			zero = false
		default:
			verb := conv | 0x20 // lower case
			if alt {
				body = fmt.Sprintf("%#.*"+string(verb), prec, f)
			} else {
				body = fmt.Sprintf("%.*"+string(verb), prec, f)
			}
			if verb == 'g' && prec == 0 {
				if alt {
					body = fmt.Sprintf("%#.1g", f)
				} else {
					body = fmt.Sprintf("%.1g", f)
				}
			}
		}
		if conv == 'E' || conv == 'F' || conv == 'G' {
			body = strings.ToUpper(body)
		}
		sign = signOf(neg, flags)
	default:
		return "", errFormat
	}
	total := len([]rune(sign + prefix + body))
	if width <= total {
		return sign + prefix + body, nil
	}
	pad := width - total
	switch {
	case left:
		return sign + prefix + body + strings.Repeat(" ", pad), nil
	case zero && numeric:
		return sign + prefix + strings.Repeat("0", pad) + body, nil
	}
	return strings.Repeat(" ", pad) + sign + prefix + body, nil
}

func signOf(neg bool, flags string) string {
	switch {
	case neg:
		return "-"
	case strings.Contains(flags, "+"):
		return "+"
	case strings.Contains(flags, " "):
		return " "
	}
	return ""
}

// pyASCII is Python's ascii() applied to a repr: characters outside ASCII
// become \xNN, \uNNNN or \UNNNNNNNN escapes.
func pyASCII(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		case r < 0x10000:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			fmt.Fprintf(&b, "\\U%08x", r)
		}
	}
	return b.String()
}
