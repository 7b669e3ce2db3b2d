package template

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/djinn-go/djinn/template/filters"
	"github.com/djinn-go/djinn/template/value"
)

// Expr is a compiled filter expression: a literal or a variable, followed
// by any number of filters (`name|lower|default:"x"`). Tags compile their
// arguments with [Parser.CompileExpr] and evaluate them with [Expr.Resolve].
type Expr struct {
	v       variable
	filters []filterCall
	src     string
	// transform, when set, rewrites the variable's value before the
	// filters run ({% translate %} translates it there).
	transform func(c *Context, v any) (any, error)
}

type filterCall struct {
	name string
	f    filters.Filter
	arg  *variable
}

// variable is a literal or a dotted lookup.
type variable struct {
	lit   any
	isLit bool
	path  []string
	src   string
}

// Resolve evaluates the expression. A variable that cannot be found yields
// the engine's StringIfInvalid (filters are then applied to it only when it
// is empty, as in Django); a filter argument that cannot be found is an
// error wrapping [ErrVariableDoesNotExist].
func (e *Expr) Resolve(c *Context) (any, error) {
	return e.resolve(c, false)
}

// ResolveOrNil is [Expr.Resolve], but a variable that cannot be found yields
// nil instead of StringIfInvalid (Django's ignore_failures).
func (e *Expr) ResolveOrNil(c *Context) (any, error) {
	return e.resolve(c, true)
}

// String returns the expression's source.
func (e *Expr) String() string { return e.src }

func (e *Expr) resolve(c *Context, ignoreFailures bool) (any, error) {
	var obj any
	if e.v.isLit {
		obj = e.v.lit
	} else {
		v, ok := c.resolvePath(e.v.path)
		if !ok {
			if err := c.rs.takeLookupErr(); err != nil {
				return nil, err
			}
			if ignoreFailures {
				obj = nil
			} else {
				inv := c.invalid()
				if inv != "" {
					if strings.Contains(inv, "%s") {
						return strings.ReplaceAll(inv, "%s", e.v.src), nil
					}
					return inv, nil
				}
				obj = inv
			}
		} else {
			obj = v
		}
	}
	if e.transform != nil {
		v, err := e.transform(c, obj)
		if err != nil {
			return nil, err
		}
		obj = v
	}
	for i := range e.filters {
		fc := &e.filters[i]
		var arg filters.Arg
		if fc.arg != nil {
			arg.Given = true
			if fc.arg.isLit {
				arg.Value = fc.arg.lit
			} else {
				v, ok := c.resolvePath(fc.arg.path)
				if !ok {
					if err := c.rs.takeLookupErr(); err != nil {
						return nil, err
					}
					return nil, &VariableError{Name: fc.arg.src}
				}
				arg.Value = v
			}
		}
		out, err := filters.Apply(fc.f, obj, arg, c.autoescape)
		if err != nil {
			return nil, fmt.Errorf("filter %s: %w", fc.name, err)
		}
		obj = out
	}
	return obj, nil
}

// isWordRune reports whether r matches Python's \w: a letter, a number
// (decimal, letter-like or other, as str.isalnum counts them) or '_'.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// scanWord returns the end of a run of [\w.] starting at i.
func scanVarChars(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == '.' || c == '_' || ('0' <= c && c <= '9') || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') {
				i++
				continue
			}
			return i
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			return i
		}
		i += n
	}
	return i
}

// scanWordChars returns the end of a run of \w starting at i.
func scanWordChars(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			return i
		}
		i += n
	}
	return i
}

// scanNum matches [-+.]?\d[\d.e]* at i and returns its end, or -1.
func scanNum(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '-' || s[j] == '+' || s[j] == '.') {
		j++
	}
	if j >= len(s) || s[j] < '0' || s[j] > '9' {
		return -1
	}
	j++
	for j < len(s) && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' || s[j] == 'e') {
		j++
	}
	return j
}

// exprScanner scans a filter expression. It remembers, per quote
// character, an offset from which no closing quote exists, so that many
// unclosed quotes cost linear time, not quadratic.
type exprScanner struct {
	s        string
	unclosed [2]int // +1, so the zero value means "unknown"
}

// quoted matches a double- or single-quoted string with backslash escapes
// at i and returns its end, or -1.
func (sc *exprScanner) quoted(i int) int {
	s := sc.s
	if i >= len(s) || (s[i] != '"' && s[i] != '\'') {
		return -1
	}
	q := s[i]
	k := 0
	if q == '\'' {
		k = 1
	}
	if u := sc.unclosed[k]; u > 0 && i+1 >= u-1 {
		return -1
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	sc.unclosed[k] = i + 1 + 1
	return -1
}

// constant matches a quoted string, optionally wrapped in _( ), at i.
func (sc *exprScanner) constant(i int) int {
	if strings.HasPrefix(sc.s[i:], "_(") {
		if e := sc.quoted(i + 2); e >= 0 && e < len(sc.s) && sc.s[e] == ')' {
			return e + 1
		}
	}
	return sc.quoted(i)
}

// operand matches a constant, a run of [\w.] or a number at i.
func (sc *exprScanner) operand(i int) int {
	if e := sc.constant(i); e >= 0 {
		return e
	}
	if e := scanVarChars(sc.s, i); e > i {
		return e
	}
	return scanNum(sc.s, i)
}

// compileExpr compiles a filter expression, checking filters against the
// parser's libraries.
func (p *Parser) compileExpr(src string) (*Expr, error) {
	e := &Expr{src: src}
	s := src
	sc := &exprScanner{s: s}
	i := 0
	// The variable or constant at the start.
	if end := sc.operand(0); end > 0 {
		v, err := newVariable(s[:end])
		if err != nil {
			return nil, err
		}
		e.v = v
		i = end
	}
	for i < len(s) {
		// \s*\|\s*(\w+)(?::operand)?
		j := i
		for j < len(s) && spaceLen(s, j) > 0 {
			j += spaceLen(s, j)
		}
		if j >= len(s) || s[j] != '|' {
			break
		}
		j++
		for j < len(s) && spaceLen(s, j) > 0 {
			j += spaceLen(s, j)
		}
		nameEnd := scanWordChars(s, j)
		if nameEnd == j {
			break
		}
		if i == 0 {
			return nil, p.syntaxf("Could not find variable at start of %s.", src)
		}
		name := s[j:nameEnd]
		j = nameEnd
		var arg *variable
		if j < len(s) && s[j] == ':' {
			if end := sc.operand(j + 1); end > j+1 {
				v, err := newVariable(s[j+1 : end])
				if err != nil {
					return nil, err
				}
				if l, ok := v.lit.(*value.LazyText); ok {
					// A translated literal as a filter argument is resolved
					// once, into a safe string (Django's mark_safe of it).
					v.lit = l.Text()
				}
				arg = &v
				j = end
			}
		}
		f, ok := p.lookupFilter(name)
		if !ok {
			return nil, p.syntaxf("Invalid filter: '%s'", name)
		}
		if err := checkFilterArgs(name, f, arg != nil); err != nil {
			return nil, err
		}
		e.filters = append(e.filters, filterCall{name: name, f: f, arg: arg})
		i = j
	}
	if i != len(s) {
		return nil, p.syntaxf("Could not parse the remainder: '%s' from '%s'", s[i:], src)
	}
	if i == 0 {
		return nil, p.syntaxf("Could not parse the remainder: '%s' from '%s'", s, src)
	}
	return e, nil
}

func checkFilterArgs(name string, f filters.Filter, given bool) error {
	provided := 1
	if given {
		provided = 2
	}
	switch {
	case f.Arg == filters.NoArg && given:
		return &SyntaxError{Msg: fmt.Sprintf("%s requires 1 arguments, 2 provided", name)}
	case f.Arg == filters.RequiredArg && !given:
		return &SyntaxError{Msg: fmt.Sprintf("%s requires 2 arguments, %d provided", name, provided)}
	}
	return nil
}

// newVariable compiles a literal (number or quoted string) or a dotted
// lookup path.
func newVariable(s string) (variable, error) {
	v := variable{src: s}
	if n, ok := parseNumber(s); ok {
		v.lit, v.isLit = n, true
		return v, nil
	}
	translated := false
	if strings.HasPrefix(s, "_(") && strings.HasSuffix(s, ")") && len(s) >= 3 {
		s = s[2 : len(s)-1]
		translated = true
	}
	if str, ok := unquote(s); ok {
		v.lit, v.isLit = value.SafeString(str), true
		if translated {
			// Django's lazy translation proxy, of a message id in
			// gettext's format: a literal "%" is doubled (and no catalog
			// translates it back), so _("50%") prints "50%%".
			v.lit = value.NewLazyText(strings.ReplaceAll(str, "%", "%%"))
		}
		return v, nil
	}
	if s == "" || s[0] == '_' || strings.Contains(s, "._") {
		return v, &SyntaxError{Msg: fmt.Sprintf("Variables and attributes may not begin with underscores: '%s'", s)}
	}
	v.path = strings.Split(s, ".")
	return v, nil
}

// parseNumber reads a numeric literal the way Django does: an integer when
// there is no '.' or exponent, a float otherwise.
func parseNumber(s string) (any, bool) {
	if s == "" {
		return nil, false
	}
	c := s[0]
	if !(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' {
		return nil, false
	}
	if strings.Contains(s, "_") {
		// Python's int() and float() take underscores between digits.
		var ok bool
		if s, ok = dropDigitUnderscores(s); !ok {
			return nil, false
		}
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789+-.eE", rune(s[i])) {
			return nil, false
		}
	}
	if strings.ContainsAny(s, ".eE") {
		if strings.HasSuffix(s, ".") {
			return nil, false
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !isRangeErr(err) {
			return nil, false
		}
		if math.IsNaN(f) {
			return nil, false
		}
		return f, true // 1e999 is inf, as Python's float() has it
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Beyond int64: Python's int has no limit.
		if b, ok := new(big.Int).SetString(strings.TrimPrefix(s, "+"), 10); ok {
			return b, true
		}
		return nil, false
	}
	return int(n), true
}

// dropDigitUnderscores removes the underscores of s when each stands
// between two digits, as Python's number syntax requires.
func dropDigitUnderscores(s string) (string, bool) {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			if i == 0 || i == len(s)-1 || !isDigit(s[i-1]) || !isDigit(s[i+1]) {
				return "", false
			}
			continue
		}
		b = append(b, s[i])
	}
	return string(b), true
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// unquote removes the quotes of a string literal; inside, a backslash
// before the quote character or before another backslash is dropped.
func unquote(s string) (string, bool) {
	if len(s) < 2 || (s[0] != '"' && s[0] != '\'') || s[len(s)-1] != s[0] {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if !strings.Contains(inner, `\`) {
		return inner, true
	}
	inner = strings.ReplaceAll(inner, `\`+s[:1], s[:1])
	return strings.ReplaceAll(inner, `\\`, `\`), true
}
