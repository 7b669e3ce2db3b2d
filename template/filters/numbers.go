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

func addNumberFilters(m map[string]Filter) {
	m["add"] = Filter{Func: add, Arg: RequiredArg}
	m["divisibleby"] = Filter{Func: divisibleby, Arg: RequiredArg}
	m["floatformat"] = Filter{Func: floatformat, Arg: OptionalArg, IsSafe: true}
	m["filesizeformat"] = Filter{Func: filesizeformat, IsSafe: true}
	m["get_digit"] = Filter{Func: getDigit, Arg: RequiredArg}
	m["pluralize"] = Filter{Func: pluralize, Arg: OptionalArg}
}

// add adds the argument as integers when both convert with int(), and
// otherwise uses Python's + (numbers, string concatenation, list
// concatenation); when that fails too the result is "".
func add(in any, arg Arg, _ bool) (any, error) {
	a, errA := pyInt(in)
	if errors.Is(errA, value.ErrOverflow) {
		// int() of an infinity: OverflowError, which add does not catch.
		return nil, errA
	}
	b, errB := pyInt(arg.Value)
	if errors.Is(errB, value.ErrOverflow) {
		if _, err := pyIntBig(in); err == nil {
			return nil, errB
		}
	}
	if errA == nil && errB == nil {
		s := a + b
		if (s > a) == (b > 0) {
			return intResult(s), nil
		}
		return new(big.Int).Add(big.NewInt(a), big.NewInt(b)), nil
	}
	if ba, err := pyIntBig(in); err == nil {
		if bb, err := pyIntBig(arg.Value); err == nil {
			return bigResult(ba.Add(ba, bb)), nil
		}
	}
	if r, ok := pyAdd(in, arg.Value); ok {
		return r, nil
	}
	return "", nil
}

// bigResult is b as an int when it fits, else b itself.
func bigResult(b *big.Int) any {
	if b.IsInt64() {
		return intResult(b.Int64())
	}
	return b
}

func intResult(i int64) any {
	if int64(int(i)) == i {
		return int(i)
	}
	return i
}

// pyAdd is Python's a + b for numbers, strings and lists.
func pyAdd(a, b any) (any, bool) {
	if l, ok := a.(*value.LazyText); ok {
		// The proxy adds its text (a SafeString) to a string; a proxy
		// on the right of + is a TypeError, whatever the left.
		if sb, ok := stringKind(b); ok {
			if value.IsSafe(b) {
				return value.SafeString(l.String() + sb), true
			}
			return l.String() + sb, true
		}
		return nil, false
	}
	if l, ok := b.(*value.LazyText); ok {
		// str + proxy is the proxy's __radd__; SafeString's own __add__
		// (and any other type's +) rejects it.
		if sa, ok := a.(string); ok {
			return sa + l.String(), true
		}
		return nil, false
	}
	if na, ok := numberOf(a); ok {
		if nb, ok := numberOf(b); ok {
			return na.Float() + nb.Float(), true
		}
		return nil, false
	}
	if sa, ok := stringKind(a); ok {
		if sb, ok := stringKind(b); ok {
			if value.IsSafe(a) && value.IsSafe(b) {
				return value.SafeString(sa + sb), true
			}
			return sa + sb, true
		}
		return nil, false
	}
	if ta, ok := a.(value.Tuple); ok {
		if tb, ok := b.(value.Tuple); ok {
			return append(append(value.Tuple{}, ta...), tb...), true
		}
		return nil, false
	}
	if isSequence(a) && isSequence(b) {
		la, _ := value.Iterate(a)
		lb, _ := value.Iterate(b)
		return append(append([]any{}, la...), lb...), true
	}
	return nil, false
}

func divisibleby(in any, arg Arg, _ bool) (any, error) {
	a, errA := pyInt(in)
	b, errB := pyInt(arg.Value)
	if errA != nil || errB != nil {
		// Python's int() has no size limit.
		ba, err := pyIntBig(in)
		if err != nil {
			return nil, err
		}
		bb, err := pyIntBig(arg.Value)
		if err != nil {
			return nil, err
		}
		if bb.Sign() == 0 {
			return nil, fmt.Errorf("integer modulo by zero: %w", value.ErrZeroDivision)
		}
		return ba.Rem(ba, bb).Sign() == 0, nil
	}
	if b == 0 {
		return nil, fmt.Errorf("integer modulo by zero: %w", value.ErrZeroDivision)
	}
	return b == -1 || a%b == 0, nil
}

func getDigit(in any, arg Arg, _ bool) (any, error) {
	pos, err := pyInt(arg.Value)
	if err == nil {
		var v *big.Int
		v, err = pyIntBig(in)
		if err == nil {
			if pos < 1 {
				return bigResult(v), nil
			}
			s := v.String()
			if pos > int64(len(s)) {
				return 0, nil
			}
			c := s[len(s)-int(pos)]
			if c == '-' {
				return nil, fmt.Errorf("invalid literal for int() with base 10: '-': %w", value.ErrValue)
			}
			return int(c - '0'), nil
		}
	}
	if errors.Is(err, value.ErrValue) {
		return in, nil
	}
	return nil, err
}

// pluralize returns the singular suffix when the value is 1 (as a number,
// a numeric string, or the length of a list) and the plural one otherwise.
// The argument is "plural" or "singular,plural"; the default is "s".
func pluralize(in any, arg Arg, _ bool) (any, error) {
	a := "s"
	if arg.Given {
		var ok bool
		if a, ok = indexable(arg.Value); !ok {
			return nil, fmt.Errorf("argument of type '%s' is not iterable: %w", value.TypeName(arg.Value), value.ErrType)
		}
	}
	if !strings.Contains(a, ",") {
		a = "," + a
	}
	bits := strings.Split(a, ",")
	if len(bits) > 2 {
		return "", nil
	}
	singular, plural := bits[0], bits[1]
	f, err := pyFloat(in)
	if err == nil {
		if f == 1 {
			return singular, nil
		}
		return plural, nil
	}
	if errors.Is(err, value.ErrValue) {
		return "", nil
	}
	if n, ok := value.Len(in); ok {
		if n == 1 {
			return singular, nil
		}
		return plural, nil
	}
	return "", nil
}

// filesizeformat formats a number of bytes as "13 KB", "4.1 MB" and so on,
// with a no-break space; values that int() cannot convert are "0 bytes".
func filesizeformat(in any, _ Arg, _ bool) (any, error) {
	var f float64
	if nf, ok := numberOf(in); ok && nf.IsFloat && !math.IsNaN(nf.F) && !math.IsInf(nf.F, 0) {
		f = math.Trunc(nf.F)
	} else if b, ok := in.(*big.Int); ok && b != nil {
		f, _ = new(big.Float).SetInt(b).Float64()
	} else {
		n, err := pyInt(in)
		if err != nil {
			return "0\u00a0bytes", nil
		}
		f = float64(n)
	}
	neg := f < 0
	f = math.Abs(f)
	const kb = 1 << 10
	var s string
	switch {
	case f < kb:
		unit := "bytes"
		if f == 1 {
			unit = "byte"
		}
		s = fmt.Sprintf("%d %s", int64(f), unit)
	case f < kb*kb:
		s = oneDecimal(f/kb) + " KB"
	case f < kb*kb*kb:
		s = oneDecimal(f/(kb*kb)) + " MB"
	case f < kb*kb*kb*kb:
		s = oneDecimal(f/(kb*kb*kb)) + " GB"
	case f < kb*kb*kb*kb*kb:
		s = oneDecimal(f/(kb*kb*kb*kb)) + " TB"
	default:
		s = hugeOneDecimal(f/(kb*kb*kb*kb*kb)) + " PB"
	}
	if neg {
		s = "-" + s
	}
	return strings.ReplaceAll(s, " ", "\u00a0"), nil
}

func oneDecimal(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

// hugeOneDecimal is oneDecimal for numbers of any size the way Django's
// number_format(round(f, 1), 1) writes them: a float whose repr has an
// exponent is read as the decimal of that repr (so 1.5e+25 is
// 15000000000000000000000000.0, not the binary float's digits), and one
// with more than 200 digits and exponent stays in scientific notation with
// its coefficient cut to one decimal (8.8e+284).
func hugeOneDecimal(f float64) string {
	r, _ := strconv.ParseFloat(oneDecimal(f), 64)
	repr := value.ToString(r)
	mant, exp, ok := strings.Cut(repr, "e")
	if !ok {
		return oneDecimal(r)
	}
	e, _ := strconv.Atoi(exp)
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	e -= len(frac)
	if len(digits)+max(e, -e) > 200 {
		// Python's '{:e}' of the Decimal: one digit, a point, the rest.
		coef := digits[:1] + ".0"
		if len(digits) > 1 {
			coef = digits[:1] + "." + digits[1:2]
		}
		return fmt.Sprintf("%se%+d", coef, e+len(digits)-1)
	}
	if e >= 0 {
		return digits + strings.Repeat("0", e) + ".0"
	}
	return oneDecimal(r)
}

// maxFloatformatDigits bounds the work floatformat does on absurd input:
// a value whose decimal exponent exceeds it is returned unformatted, and a
// precision above it is reduced to it.
const maxFloatformatDigits = 10000

// floatformat rounds a number to a number of decimal places, Django style:
// no argument means one decimal, only when there is a fractional part; a
// positive argument always shows that many decimals; a negative one shows
// them only when there is a fractional part. A "g" suffix groups thousands
// with commas, a "u" suffix turns off localisation (the same in en, except
// that "gu" does not group: unlocalized grouping is NUMBER_GROUPING, 0).
// Rounding is half-up on the decimal text of the value (Python's repr for
// floats), so 2.675 rounds to 2.68.
func floatformat(in any, arg Arg, _ bool) (any, error) {
	var p int64 = -1
	grouping := false
	if s, isStr := stringKind(arg.Value); arg.Given && isStr && s == "" {
		// Modern Django reads the suffix as arg[-1], first thing.
		return nil, fmt.Errorf("floatformat: string index out of range: %w", value.ErrIndex)
	}
	inputVal := value.ToString(in)
	d, ok := decimalOf(in)
	if !ok {
		return "", nil
	}
	if arg.Given {
		a := arg.Value
		if s, isStr := stringKind(a); isStr {
			suffix := true
			switch {
			case strings.HasSuffix(s, "gu") || strings.HasSuffix(s, "ug"):
				// Without localization the grouping is settings'
				// NUMBER_GROUPING, 0 by default: nothing is grouped.
				s = s[:len(s)-2]
			case strings.HasSuffix(s, "g"):
				grouping, s = true, s[:len(s)-1]
			case strings.HasSuffix(s, "u"):
				s = s[:len(s)-1]
			default:
				suffix = false
			}
			if suffix && s == "" {
				s = "-1"
			}
			a = s
		}
		var err error
		if p, err = pyInt(a); err != nil {
			if !errors.Is(err, value.ErrValue) {
				// int() of None, a list, a translated literal (TypeError)
				// or an infinity (OverflowError): Django catches only
				// ValueError.
				return nil, err
			}
			return inputVal, nil
		}
	}
	// Like Django (a guard against denial of service), a value whose
	// digits and exponent add up to more than 200 is returned as it is.
	if d.special || len(d.digits)+max(d.exp, -d.exp) > 200 {
		return inputVal, nil
	}
	if p > maxFloatformatDigits {
		p = maxFloatformatDigits
	} else if p < -maxFloatformatDigits {
		p = -maxFloatformatDigits
	}
	places := int(p)
	if places < 0 {
		places = -places
	}
	if d.isInteger() && p <= 0 {
		return value.SafeString(groupThousands(d.intString(), "", grouping)), nil
	}
	intPart, frac, neg := d.round(places)
	sign := ""
	if neg && (strings.Trim(intPart, "0") != "" || strings.Trim(frac, "0") != "") {
		sign = "-"
	}
	return value.SafeString(groupThousands(sign+intPart, frac, grouping)), nil
}

// groupThousands joins an integer part (with an optional '-') and a
// fractional part, with commas every three digits when grouping is on.
func groupThousands(intPart, frac string, grouping bool) string {
	sign := ""
	if strings.HasPrefix(intPart, "-") {
		sign, intPart = "-", intPart[1:]
	}
	if grouping && len(intPart) > 3 {
		var b strings.Builder
		head := len(intPart) % 3
		if head > 0 {
			b.WriteString(intPart[:head])
		}
		for i := head; i < len(intPart); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(intPart[i : i+3])
		}
		intPart = b.String()
	}
	if frac != "" {
		return sign + intPart + "." + frac
	}
	return sign + intPart
}
