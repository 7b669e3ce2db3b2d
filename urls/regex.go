package urls

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrUnsupportedRegex is wrapped by the error for a Python regular
// expression construct that Go's RE2 engine cannot run: look-around,
// backreferences, atomic groups, possessive quantifiers, conditionals and
// verbose mode.
var ErrUnsupportedRegex = errors.New("unsupported regular expression construct")

// pyEscape escapes s as Python's re.escape does (3.7+): only the characters
// that are special in a pattern.
func pyEscape(s string) string {
	if !strings.ContainsAny(s, "()[]{}?*+-|^$\\.&~# \t\n\r\v\f") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", s[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Unicode-aware classes for Python's \d, \w and \s in str patterns.
const (
	uniDigit  = `\p{Nd}`
	uniWord   = `\p{L}\p{N}_`
	uniSpace  = `\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}`
	asciiWord = `0-9A-Za-z_`
	asciiSp   = `\t\n\v\f\r `
)

// translateRegex rewrites a pattern in Python's re syntax into Go's RE2
// syntax. Every capturing group becomes an unnamed group, so group numbers
// stay the same; names reports the name of group i+1 ("" when unnamed).
func translateRegex(src string) (out string, names []string, err error) {
	out, names, _, err = translate(src, false)
	return out, names, err
}

// translate is translateRegex; with pyDollar, a $ also matches before a
// final newline as Python's does, for a pattern only used to test a whole
// string (the check of Reverse): it then consumes that newline. A
// backreference, (?P=name) or \N, becomes an empty group named br<N> (N is
// the Python group number it refers to), \b outside ASCII mode and \B
// become empty groups named wb, nb and anb (Python's word boundaries are
// Unicode-aware, RE2's are ASCII; Python's \B never matches an empty
// string): only [compileRegex]'s backtracking
// matcher understands them; backrefs reports whether there is one.
func translate(src string, pyDollar bool) (out string, names []string, backrefs bool, err error) {
	if pyDollar && strings.Contains(src, "(?") && strings.ContainsAny(src, "m") && hasInlineFlags(src) {
		pyDollar = false // multi-line mode: $ is the same in Go
	}
	var b strings.Builder
	b.Grow(len(src) + 8)
	seen := map[string]bool{}
	ascii := false
	n := len(src)
	i := 0
	quantifiable := false
	// stack holds the group number of each open parenthesis (0 when it
	// does not capture); a backreference may only name a closed group.
	var stack []int
	closed := map[int]bool{}
	backref := func(g int, what string) error {
		if g < 1 || g > len(names) {
			return fmt.Errorf("invalid group reference %s", what)
		}
		if !closed[g] {
			return fmt.Errorf("cannot refer to an open group %s", what)
		}
		backrefs = true
		b.WriteString("(?P<br" + strconv.Itoa(g) + ">)")
		return nil
	}
	for i < n {
		c := src[i]
		switch c {
		case '\\':
			// RE2's \B matches in an empty string, Python's does not.
			if i+1 < n && (src[i+1] == 'b' && !ascii || src[i+1] == 'B') {
				switch {
				case src[i+1] == 'b':
					b.WriteString("(?P<wb>)")
				case ascii:
					b.WriteString("(?P<anb>)")
				default:
					b.WriteString("(?P<nb>)")
				}
				backrefs = true
				i += 2
				quantifiable = true
				continue
			}
			if g, adv, ok := groupNumber(src[i:]); ok {
				if err := backref(g, src[i:i+adv]); err != nil {
					return "", nil, false, err
				}
				i += adv
				quantifiable = true
				continue
			}
			s, adv, err := translateEscape(src, i, false, ascii)
			if err != nil {
				return "", nil, false, err
			}
			b.WriteString(s)
			i += adv
			quantifiable = true
		case '[':
			s, adv, err := translateClass(src, i, ascii)
			if err != nil {
				return "", nil, false, err
			}
			b.WriteString(s)
			i += adv
			quantifiable = true
		case '(':
			quantifiable = false
			if i+1 < n && src[i+1] == '?' {
				rest := src[i+2:]
				switch {
				case strings.HasPrefix(rest, "P<") || (strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "<=") && !strings.HasPrefix(rest, "<!")):
					start := i + 3
					if rest[0] == 'P' {
						start = i + 4
					}
					end := strings.IndexByte(src[start:], '>')
					if end < 0 {
						return "", nil, false, fmt.Errorf("unterminated group name at position %d", i)
					}
					name := src[start : start+end]
					if !isIdentifier(name) {
						return "", nil, false, fmt.Errorf("bad group name %q", name)
					}
					if seen[name] {
						return "", nil, false, fmt.Errorf("redefinition of group name %q", name)
					}
					seen[name] = true
					names = append(names, name)
					stack = append(stack, len(names))
					b.WriteByte('(')
					i = start + end + 1
				case strings.HasPrefix(rest, "P="):
					end := strings.IndexByte(rest, ')')
					if end < 0 {
						return "", nil, false, fmt.Errorf("missing ), unterminated name at position %d", i)
					}
					name := rest[2:end]
					if !isIdentifier(name) {
						return "", nil, false, fmt.Errorf("bad character in group name %q", name)
					}
					g := slices.Index(names, name) + 1
					if g == 0 {
						return "", nil, false, fmt.Errorf("unknown group name %q", name)
					}
					if err := backref(g, "'"+name+"'"); err != nil {
						return "", nil, false, err
					}
					i += 2 + end + 1
					quantifiable = true
				case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"), strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
					return "", nil, false, fmt.Errorf("look-around assertion (?%s: %w", rest[:1], ErrUnsupportedRegex)
				case strings.HasPrefix(rest, ">"):
					return "", nil, false, fmt.Errorf("atomic group (?>: %w", ErrUnsupportedRegex)
				case strings.HasPrefix(rest, "("):
					return "", nil, false, fmt.Errorf("conditional group (?(: %w", ErrUnsupportedRegex)
				case strings.HasPrefix(rest, ":"):
					stack = append(stack, 0)
					b.WriteString("(?:")
					i += 3
				case strings.HasPrefix(rest, "#"):
					end := strings.IndexByte(rest, ')')
					if end < 0 {
						return "", nil, false, errors.New("missing ), unterminated comment")
					}
					i += 2 + end + 1
				default:
					j := 0
					var flags []byte
					for j < len(rest) && (rest[j] >= 'a' && rest[j] <= 'z' || rest[j] >= 'A' && rest[j] <= 'Z' || rest[j] == '-') {
						switch rest[j] {
						case 'i', 'm', 's', '-':
							flags = append(flags, rest[j])
						case 'u':
						case 'a':
							ascii = true
						case 'x':
							return "", nil, false, fmt.Errorf("verbose flag (?x): %w", ErrUnsupportedRegex)
						default:
							return "", nil, false, fmt.Errorf("flag %q: %w", rest[j], ErrUnsupportedRegex)
						}
						j++
					}
					if j >= len(rest) || (rest[j] != ')' && rest[j] != ':') || j == 0 && rest[j] == ')' {
						return "", nil, false, fmt.Errorf("unknown extension (?%s at position %d", rest[:min(j+1, len(rest))], i)
					}
					fl := strings.TrimSuffix(string(flags), "-")
					if rest[j] == ':' {
						stack = append(stack, 0)
						b.WriteString("(?" + fl + ":")
					} else if fl != "" {
						b.WriteString("(?" + fl + ")")
					}
					i += 2 + j + 1
				}
			} else {
				names = append(names, "")
				stack = append(stack, len(names))
				b.WriteByte('(')
				i++
			}
		case '{':
			if q, adv, ok := braceQuantifier(src[i:]); ok && quantifiable {
				b.WriteString(q)
				i += adv
				s, adv2, err := quantifierSuffix(src, i)
				if err != nil {
					return "", nil, false, err
				}
				b.WriteString(s)
				i += adv2
				quantifiable = false
			} else {
				b.WriteString(`\{`)
				i++
				quantifiable = true
			}
		case '}':
			b.WriteString(`\}`)
			i++
			quantifiable = true
		case '*', '+', '?':
			b.WriteByte(c)
			i++
			s, adv, err := quantifierSuffix(src, i)
			if err != nil {
				return "", nil, false, err
			}
			b.WriteString(s)
			i += adv
			quantifiable = false
		case ')':
			if len(stack) > 0 {
				closed[stack[len(stack)-1]] = true
				stack = stack[:len(stack)-1]
			}
			b.WriteByte(c)
			i++
			quantifiable = true
		case '$':
			if pyDollar {
				b.WriteString(`(?:\n?\z)`)
			} else {
				b.WriteByte(c)
			}
			i++
			quantifiable = true
		case '|', '^':
			b.WriteByte(c)
			i++
			quantifiable = c != '|'
		default:
			b.WriteByte(c)
			i++
			quantifiable = true
		}
	}
	return b.String(), names, backrefs, nil
}

// groupNumber reads a numeric backreference at the start of s ("\\1",
// "\\12"), as Python does: an escape starting with 0, or of three octal
// digits, is an octal escape instead.
func groupNumber(s string) (g, adv int, ok bool) {
	if len(s) < 2 || s[1] < '1' || s[1] > '9' {
		return 0, 0, false
	}
	if len(s) >= 3 && s[2] >= '0' && s[2] <= '9' {
		if len(s) >= 4 && s[1] <= '7' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7' {
			return 0, 0, false
		}
		return int(s[1]-'0')*10 + int(s[2]-'0'), 3, true
	}
	return int(s[1] - '0'), 2, true
}

// quantifierSuffix handles what may follow a quantifier: "?" makes it lazy,
// "+" (possessive) is not supported.
func quantifierSuffix(src string, i int) (string, int, error) {
	if i < len(src) {
		switch src[i] {
		case '?':
			return "?", 1, nil
		case '+':
			return "", 0, fmt.Errorf("possessive quantifier: %w", ErrUnsupportedRegex)
		}
	}
	return "", 0, nil
}

// braceQuantifier parses Python's {m}, {m,}, {,n} and {m,n}. Anything else
// is a literal brace in Python.
func braceQuantifier(s string) (string, int, bool) {
	j := 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	lo := s[1:j]
	comma := false
	hi := ""
	if j < len(s) && s[j] == ',' {
		comma = true
		k := j + 1
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		hi = s[j+1 : k]
		j = k
	}
	if j >= len(s) || s[j] != '}' {
		return "", 0, false
	}
	if !comma {
		if lo == "" {
			return "", 0, false
		}
		return "{" + lo + "}", j + 1, true
	}
	if lo == "" {
		lo = "0"
	}
	return "{" + lo + "," + hi + "}", j + 1, true
}

// translateEscape translates the escape sequence at src[i] ("\x…").
func translateEscape(src string, i int, inClass, ascii bool) (string, int, error) {
	if i+1 >= len(src) {
		return "", 0, errors.New("bad escape (end of pattern)")
	}
	c := src[i+1]
	switch c {
	case 'd':
		if ascii {
			return wrapClass("0-9", inClass), 2, nil
		}
		return wrapClass(uniDigit, inClass), 2, nil
	case 'D':
		if ascii {
			return wrapNeg("0-9", inClass)
		}
		return `\P{Nd}`, 2, nil
	case 'w':
		if ascii {
			return wrapClass(asciiWord, inClass), 2, nil
		}
		return wrapClass(uniWord, inClass), 2, nil
	case 'W':
		if ascii {
			return wrapNeg(asciiWord, inClass)
		}
		return wrapNeg(uniWord, inClass)
	case 's':
		if ascii {
			return wrapClass(asciiSp, inClass), 2, nil
		}
		return wrapClass(uniSpace, inClass), 2, nil
	case 'S':
		if ascii {
			return wrapNeg(asciiSp, inClass)
		}
		return wrapNeg(uniSpace, inClass)
	case 'b':
		if inClass {
			return `\x{08}`, 2, nil
		}
		return `\b`, 2, nil
	case 'B', 'A':
		if inClass {
			return "", 0, fmt.Errorf("bad escape \\%c in a character class", c)
		}
		return `\` + string(c), 2, nil
	case 'Z', 'z':
		if inClass {
			return "", 0, fmt.Errorf("bad escape \\%c in a character class", c)
		}
		return `\z`, 2, nil
	case 'n', 't', 'r', 'f', 'v', 'a':
		return `\` + string(c), 2, nil
	case 'x':
		if i+3 < len(src) && isHex(src[i+2]) && isHex(src[i+3]) {
			return `\x{` + src[i+2:i+4] + `}`, 4, nil
		}
		if i+2 < len(src) && src[i+2] == '{' {
			end := strings.IndexByte(src[i:], '}')
			if end > 0 {
				return src[i : i+end+1], end + 1, nil
			}
		}
		return "", 0, errors.New("incomplete escape \\x")
	case 'u', 'U':
		w := 4
		if c == 'U' {
			w = 8
		}
		if i+2+w > len(src) {
			return "", 0, fmt.Errorf("incomplete escape \\%c", c)
		}
		h := src[i+2 : i+2+w]
		for k := 0; k < len(h); k++ {
			if !isHex(h[k]) {
				return "", 0, fmt.Errorf("incomplete escape \\%c%s", c, h)
			}
		}
		return `\x{` + h + `}`, 2 + w, nil
	case 'N':
		return "", 0, fmt.Errorf("named unicode escape \\N: %w", ErrUnsupportedRegex)
	case 'p', 'P':
		// Go's Unicode classes: an extension, Python has no \p.
		if i+2 < len(src) && src[i+2] == '{' {
			end := strings.IndexByte(src[i:], '}')
			if end > 0 {
				return src[i : i+end+1], end + 1, nil
			}
			return "", 0, errors.New("unterminated \\p{")
		}
		if i+2 < len(src) {
			return src[i : i+3], 3, nil
		}
		return "", 0, errors.New("incomplete escape \\p")
	}
	if c >= '0' && c <= '9' {
		// Octal escapes: \0, \0oo, or three octal digits.
		j := i + 1
		for j < len(src) && j < i+4 && src[j] >= '0' && src[j] <= '7' {
			j++
		}
		if c == '0' || j-(i+1) == 3 {
			v, err := strconv.ParseUint(src[i+1:j], 8, 32)
			if err != nil || v > 0377 {
				return "", 0, fmt.Errorf("octal escape %q out of range", src[i:j])
			}
			return fmt.Sprintf(`\x{%x}`, v), j - i, nil
		}
		if inClass {
			return "", 0, fmt.Errorf("bad escape %q in a character class", src[i:i+2])
		}
		return "", 0, fmt.Errorf("backreference %q: %w", src[i:i+2], ErrUnsupportedRegex)
	}
	if c < utf8.RuneSelf {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			// Go's own escapes (\Q…\E, \C, …) pass through.
			return `\` + string(c), 2, nil
		}
		if c > ' ' && c < 0x7f {
			return `\` + string(c), 2, nil
		}
		return fmt.Sprintf(`\x{%x}`, c), 2, nil
	}
	// An escaped non-ASCII character is itself.
	_, size := utf8.DecodeRuneInString(src[i+1:])
	return src[i+1 : i+1+size], 1 + size, nil
}

func wrapClass(items string, inClass bool) string {
	if inClass {
		return items
	}
	return "[" + items + "]"
}

func wrapNeg(items string, inClass bool) (string, int, error) {
	if inClass {
		return "", 0, fmt.Errorf("negated class escape inside brackets: %w", ErrUnsupportedRegex)
	}
	return "[^" + items + "]", 2, nil
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// translateClass translates the character class starting at src[i].
func translateClass(src string, i int, ascii bool) (string, int, error) {
	var b strings.Builder
	b.WriteByte('[')
	j := i + 1
	if j < len(src) && src[j] == '^' {
		b.WriteByte('^')
		j++
	}
	first := true
	for {
		if j >= len(src) {
			return "", 0, fmt.Errorf("unterminated character set at position %d", i)
		}
		c := src[j]
		switch {
		case c == ']' && !first:
			b.WriteByte(']')
			return b.String(), j + 1 - i, nil
		case c == ']':
			b.WriteString(`\]`)
			j++
		case c == '\\':
			s, adv, err := translateEscape(src, j, true, ascii)
			if err != nil {
				return "", 0, err
			}
			b.WriteString(s)
			j += adv
		case c == '[':
			b.WriteString(`\[`)
			j++
		default:
			b.WriteByte(c)
			j++
		}
		first = false
	}
}

// isIdentifier reports whether s is a Python identifier.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || unicode.IsLetter(r) || i > 0 && (unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r) || unicode.Is(unicode.Nl, r)) {
			continue
		}
		return false
	}
	return true
}

// regexLiteralPrefix returns the literal text every match of a Python
// pattern must start with at the start of the subject, when the pattern is
// anchored with ^. It is conservative: "" whenever unsure.
func regexLiteralPrefix(src string) string {
	if !strings.HasPrefix(src, "^") || strings.Contains(src, "|") || hasInlineFlags(src) {
		return ""
	}
	var b strings.Builder
	i := 1
	for i < len(src) {
		c := src[i]
		var lit string
		adv := 1
		switch {
		case c == '\\':
			if i+1 >= len(src) {
				return b.String()
			}
			e := src[i+1]
			if e < utf8.RuneSelf && (e >= 'a' && e <= 'z' || e >= 'A' && e <= 'Z' || e >= '0' && e <= '9') {
				return b.String()
			}
			if e >= utf8.RuneSelf {
				_, size := utf8.DecodeRuneInString(src[i+1:])
				lit, adv = src[i+1:i+1+size], 1+size
			} else {
				lit, adv = src[i+1:i+2], 2
			}
		case strings.IndexByte(".^$*+?{}[]()|", c) >= 0:
			return b.String()
		default:
			if c >= utf8.RuneSelf {
				_, size := utf8.DecodeRuneInString(src[i:])
				lit, adv = src[i:i+size], size
			} else {
				lit = src[i : i+1]
			}
		}
		// A quantified literal is optional or repeated: stop before it.
		if k := i + adv; k < len(src) && strings.IndexByte("*+?{", src[k]) >= 0 {
			return b.String()
		}
		b.WriteString(lit)
		i += adv
	}
	return b.String()
}

// hasInlineFlags reports whether src has a group like (?i) or (?i:…) whose
// flags may change what a literal matches.
func hasInlineFlags(src string) bool {
	for i := 0; i+2 < len(src); i++ {
		if src[i] == '(' && src[i+1] == '?' {
			c := src[i+2]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' && c != 'P' || c == '-' {
				return true
			}
		}
	}
	return false
}
