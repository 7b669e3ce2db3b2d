package filters

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/djinn-go/djinn/template/value"
)

// str is the text of a filter input, like Django's @stringfilter.
func str(v any) string { return value.ToString(v) }

// argString is the text of an argument, or def when none was given.
func argString(a Arg, def string) string {
	if !a.Given || a.Value == nil && def != "" {
		return def
	}
	return value.ToString(a.Value)
}

// cleanDigits strips Python's allowed surrounding whitespace and the
// underscores allowed between digits from a numeric literal; ok is false
// when underscores are misplaced.
func cleanDigits(s string) (string, bool) {
	s = asciiDigits(strings.TrimFunc(s, value.IsSpace))
	if !strings.Contains(s, "_") {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			if i == 0 || i == len(s)-1 || !isDigit(s[i-1]) || !isDigit(s[i+1]) {
				return "", false
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), true
}

// asciiDigits replaces the Unicode decimal digits (category Nd) of s by
// ASCII ones, as Python's int(), float() and Decimal() read them: "١٢٣" is
// 123. Other characters are kept.
func asciiDigits(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(digitValue(r))
	}
	return b.String()
}

// digitValue returns the ASCII digit for a Unicode decimal digit, else r.
// Every Nd range of the Unicode tables is a run of whole 0-9 blocks.
func digitValue(r rune) rune {
	if r < utf8.RuneSelf || !unicode.Is(unicode.Nd, r) {
		return r
	}
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return '0' + (r-rune(rg.Lo))%10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return '0' + (r-rune(rg.Lo))%10
		}
	}
	return r
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// pyInt converts v like Python's int(): integers as they are, floats
// truncated toward zero, booleans as 0 or 1, strings holding a decimal
// integer. Other values fail with ErrType, bad strings with ErrValue.
func pyInt(v any) (int64, error) {
	switch x := v.(type) {
	case nil:
		return 0, fmt.Errorf("int() argument must be a string or a number, not 'NoneType': %w", value.ErrType)
	case string:
		return parseInt(x)
	case value.SafeString:
		return parseInt(string(x))
	case *big.Int:
		if x != nil && !x.IsInt64() {
			// A valid Python int, beyond int64: pyIntBig reads it.
			return 0, fmt.Errorf("int %s beyond int64: %w", x, value.ErrValue)
		}
	}
	n, ok := numberOf(v)
	if !ok {
		if s, ok := stringKind(v); ok {
			return parseInt(s)
		}
		return 0, fmt.Errorf("int() argument must be a string or a number, not '%s': %w", value.TypeName(v), value.ErrType)
	}
	if !n.IsFloat {
		return n.I, nil
	}
	if math.IsNaN(n.F) {
		return 0, fmt.Errorf("cannot convert float NaN to integer: %w", value.ErrValue)
	}
	if math.IsInf(n.F, 0) {
		return 0, fmt.Errorf("cannot convert float infinity to integer: %w", value.ErrOverflow)
	}
	if n.F >= 9.223372036854775807e18 || n.F < -9.223372036854775808e18 {
		return 0, fmt.Errorf("cannot convert float %s to integer: %w", value.ToString(n.F), value.ErrValue)
	}
	return int64(n.F), nil
}

// pyIntBig converts v like Python's int(), without a size limit: big
// integers, floats beyond int64 and long digit strings convert exactly.
func pyIntBig(v any) (*big.Int, error) {
	if b, ok := v.(*big.Int); ok && b != nil {
		return new(big.Int).Set(b), nil
	}
	i, err := pyInt(v)
	if err == nil {
		return big.NewInt(i), nil
	}
	if n, ok := numberOf(v); ok && n.IsFloat && !math.IsNaN(n.F) && !math.IsInf(n.F, 0) {
		b, _ := big.NewFloat(n.F).Int(nil)
		return b, nil
	}
	if s, ok := stringKind(v); ok {
		if c, ok := cleanDigits(s); ok && c != "" {
			t := strings.TrimPrefix(strings.TrimPrefix(c, "+"), "-")
			if t != "" && strings.Trim(t, "0123456789") == "" {
				if b, ok := new(big.Int).SetString(strings.TrimPrefix(c, "+"), 10); ok {
					return b, nil
				}
			}
		}
	}
	return nil, err
}

func parseInt(s string) (int64, error) {
	c, ok := cleanDigits(s)
	if ok && c != "" {
		t := strings.TrimPrefix(strings.TrimPrefix(c, "+"), "-")
		if t != "" && strings.Trim(t, "0123456789") == "" {
			if i, err := strconv.ParseInt(c, 10, 64); err == nil {
				return i, nil
			}
		}
	}
	return 0, fmt.Errorf("invalid literal for int() with base 10: %s: %w", value.Repr(s), value.ErrValue)
}

// pyFloat converts v like Python's float().
func pyFloat(v any) (float64, error) {
	switch x := v.(type) {
	case nil:
		return 0, fmt.Errorf("float() argument must be a string or a number, not 'NoneType': %w", value.ErrType)
	case string:
		return parseFloat(x)
	case value.SafeString:
		return parseFloat(string(x))
	}
	if n, ok := numberOf(v); ok {
		return n.Float(), nil
	}
	if s, ok := stringKind(v); ok {
		return parseFloat(s)
	}
	return 0, fmt.Errorf("float() argument must be a string or a number, not '%s': %w", value.TypeName(v), value.ErrType)
}

func parseFloat(s string) (float64, error) {
	c, ok := cleanDigits(s)
	if ok && c != "" && !strings.ContainsAny(c, "xXpP") {
		if f, err := strconv.ParseFloat(c, 64); err == nil || isRangeErr(err) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("could not convert string to float: %s: %w", value.Repr(s), value.ErrValue)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}
