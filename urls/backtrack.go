package urls

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// matcher is what the resolver and Reverse use of a compiled pattern:
// a *regexp.Regexp, or a *backtracker for a pattern with backreferences.
type matcher interface {
	FindStringSubmatchIndex(s string) []int
	MatchString(s string) bool
	NumSubexp() int
}

var (
	_ matcher = (*regexp.Regexp)(nil)
	_ matcher = (*backtracker)(nil)
)

// compileRegex compiles a pattern translated by translate. With backrefs
// it is run by a backtracking matcher, since RE2 has no backreferences;
// so is a pattern whose groups RE2 would capture differently from Python
// (see emptyLoopCapture).
func compileRegex(goSrc string, backrefs bool) (matcher, error) {
	if !backrefs {
		re, err := regexp.Compile(goSrc)
		if err != nil {
			return nil, err
		}
		if tree, err := syntax.Parse(goSrc, syntax.Perl); err != nil || !emptyLoopCapture(tree) {
			return re, nil
		}
		bt, err := compileBacktracker(goSrc)
		if err != nil {
			return nil, err
		}
		bt.fallback = re
		return bt, nil
	}
	return compileBacktracker(goSrc)
}

// emptyLoopCapture reports whether re repeats a part that holds a group
// and can match the empty string, as (?P<x>\.?\d?)+ does. Python's engine
// then lets a last repetition match nothing and keeps what the group
// captured in it (x is "" on "."); RE2 does not take that repetition (x is
// "."). Whether the pattern matches is the same.
func emptyLoopCapture(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		if hasCapture(re.Sub[0]) && nullable(re.Sub[0]) {
			return true
		}
	}
	for _, s := range re.Sub {
		if emptyLoopCapture(s) {
			return true
		}
	}
	return false
}

func hasCapture(re *syntax.Regexp) bool {
	if re.Op == syntax.OpCapture {
		return true
	}
	for _, s := range re.Sub {
		if hasCapture(s) {
			return true
		}
	}
	return false
}

// nullable reports whether re can match the empty string.
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL, syntax.OpNoMatch:
		return false
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !nullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if nullable(s) {
				return true
			}
		}
		return false
	}
	return true // empty match, anchors, boundaries, *, ?
}

// Placeholders of Python's Unicode word boundaries in backtracker.refs.
const (
	wordBoundary         = -1
	notWordBoundary      = -2
	asciiNotWordBoundary = -3
)

// maxBacktrackSteps bounds the work of one match of a pattern with
// backreferences: a request path must not make the resolver run for
// exponential time (Python's engine would). A match that runs out of
// steps is no match.
const maxBacktrackSteps = 1 << 20

// backtracker runs a regular expression with backreferences the way
// Python's engine does, trying alternatives and repetitions in order of
// preference and backtracking on failure. The expression is Go's syntax
// tree of the translated pattern, in which a backreference to group N is
// an empty capture named brN.
type backtracker struct {
	prog *syntax.Regexp
	// fallback, for a pattern without backreferences, answers when a
	// match runs out of steps: the same match, RE2's groups.
	fallback *regexp.Regexp
	ncap     int         // Python groups
	index    map[int]int // Go capture number -> Python group number
	refs     map[int]int // Go capture number of a brN placeholder -> N (or a boundary)
}

func compileBacktracker(goSrc string) (*backtracker, error) {
	re, err := syntax.Parse(goSrc, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("compile %q: %w", goSrc, err)
	}
	bt := &backtracker{prog: re, index: map[int]int{}, refs: map[int]int{}}
	var walk func(r *syntax.Regexp)
	walk = func(r *syntax.Regexp) {
		if r.Op == syntax.OpCapture {
			switch r.Name {
			case "wb":
				bt.refs[r.Cap] = wordBoundary
				return
			case "nb":
				bt.refs[r.Cap] = notWordBoundary
				return
			case "anb":
				bt.refs[r.Cap] = asciiNotWordBoundary
				return
			}
			if n, ok := strings.CutPrefix(r.Name, "br"); ok && r.Name != "" {
				g, err := strconv.Atoi(n)
				if err == nil {
					bt.refs[r.Cap] = g
					return
				}
			}
			bt.ncap++
			bt.index[r.Cap] = bt.ncap
		}
		for _, s := range r.Sub {
			walk(s)
		}
	}
	walk(re)
	return bt, nil
}

// NumSubexp implements matcher: the number of the pattern's own groups.
func (bt *backtracker) NumSubexp() int { return bt.ncap }

// MatchString implements matcher.
func (bt *backtracker) MatchString(s string) bool { return bt.FindStringSubmatchIndex(s) != nil }

// FindStringSubmatchIndex implements matcher: the leftmost match, with
// the start and end of the match and of each group (-1 when a group did
// not take part), as regexp's method of that name.
func (bt *backtracker) FindStringSubmatchIndex(s string) []int {
	m := &btRun{bt: bt, in: s, caps: make([]int, 2*bt.ncap+2)}
	for start := 0; start <= len(s); {
		for i := range m.caps {
			m.caps[i] = -1
		}
		end := -1
		if m.match(bt.prog, start, func(p int) bool { end = p; return true }) {
			m.caps[0], m.caps[1] = start, end
			return m.caps
		}
		if m.steps > maxBacktrackSteps {
			if bt.fallback != nil {
				return bt.fallback.FindStringSubmatchIndex(s)
			}
			return nil
		}
		if start == len(s) {
			return nil
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		start += size
	}
	return nil
}

// btRun is one match attempt.
type btRun struct {
	bt    *backtracker
	in    string
	caps  []int
	steps int
}

// match matches r at pos and then calls k with the position after it,
// backtracking into r when k fails.
func (m *btRun) match(r *syntax.Regexp, pos int, k func(int) bool) bool {
	m.steps++
	if m.steps > maxBacktrackSteps {
		return false
	}
	s := m.in
	switch r.Op {
	case syntax.OpNoMatch:
		return false
	case syntax.OpEmptyMatch:
		return k(pos)
	case syntax.OpLiteral:
		for _, want := range r.Rune {
			c, size := utf8.DecodeRuneInString(s[pos:])
			if size == 0 || !sameRune(c, want, r.Flags&syntax.FoldCase != 0) {
				return false
			}
			pos += size
		}
		return k(pos)
	case syntax.OpCharClass:
		c, size := utf8.DecodeRuneInString(s[pos:])
		if size == 0 || !inRanges(c, r.Rune) {
			return false
		}
		return k(pos + size)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		c, size := utf8.DecodeRuneInString(s[pos:])
		if size == 0 || c == '\n' && r.Op == syntax.OpAnyCharNotNL {
			return false
		}
		return k(pos + size)
	case syntax.OpBeginLine:
		if pos == 0 || s[pos-1] == '\n' {
			return k(pos)
		}
		return false
	case syntax.OpEndLine:
		if pos == len(s) || s[pos] == '\n' {
			return k(pos)
		}
		return false
	case syntax.OpBeginText:
		if pos == 0 {
			return k(pos)
		}
		return false
	case syntax.OpEndText:
		if pos == len(s) {
			return k(pos)
		}
		return false
	case syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		before := pos > 0 && syntax.IsWordChar(rune(s[pos-1]))
		after := pos < len(s) && syntax.IsWordChar(rune(s[pos]))
		if (before != after) == (r.Op == syntax.OpWordBoundary) {
			return k(pos)
		}
		return false
	case syntax.OpCapture:
		if g, ok := m.bt.refs[r.Cap]; ok {
			if g < 0 {
				at := m.atWordBoundary(pos, g != asciiNotWordBoundary)
				// Python's \B does not match in an empty string.
				if at == (g == wordBoundary) && (g == wordBoundary || s != "") {
					return k(pos)
				}
				return false
			}
			return m.backref(g, r.Flags&syntax.FoldCase != 0, pos, k)
		}
		g := m.bt.index[r.Cap]
		oldA, oldB := m.caps[2*g], m.caps[2*g+1]
		if m.match(r.Sub[0], pos, func(end int) bool {
			a, b := m.caps[2*g], m.caps[2*g+1]
			m.caps[2*g], m.caps[2*g+1] = pos, end
			if k(end) {
				return true
			}
			m.caps[2*g], m.caps[2*g+1] = a, b
			return false
		}) {
			return true
		}
		m.caps[2*g], m.caps[2*g+1] = oldA, oldB
		return false
	case syntax.OpConcat:
		return m.seq(r.Sub, pos, k)
	case syntax.OpAlternate:
		for _, sub := range r.Sub {
			if m.match(sub, pos, k) {
				return true
			}
			if m.steps > maxBacktrackSteps {
				return false
			}
		}
		return false
	case syntax.OpStar:
		return m.repeat(r.Sub[0], 0, -1, r.Flags&syntax.NonGreedy == 0, 0, pos, k)
	case syntax.OpPlus:
		return m.repeat(r.Sub[0], 1, -1, r.Flags&syntax.NonGreedy == 0, 0, pos, k)
	case syntax.OpQuest:
		return m.repeat(r.Sub[0], 0, 1, r.Flags&syntax.NonGreedy == 0, 0, pos, k)
	case syntax.OpRepeat:
		return m.repeat(r.Sub[0], r.Min, r.Max, r.Flags&syntax.NonGreedy == 0, 0, pos, k)
	}
	return false
}

func (m *btRun) seq(subs []*syntax.Regexp, pos int, k func(int) bool) bool {
	if len(subs) == 0 {
		return k(pos)
	}
	return m.match(subs[0], pos, func(p int) bool { return m.seq(subs[1:], p, k) })
}

// repeat matches more repetitions of sub after count of them, between lo
// and hi (-1: no limit) in all. As in Python, a repetition that matches
// nothing once lo is reached is the last one (its groups are kept), so an
// empty loop body cannot repeat for ever.
func (m *btRun) repeat(sub *syntax.Regexp, lo, hi int, greedy bool, count, pos int, k func(int) bool) bool {
	if hi >= 0 && count >= hi {
		return k(pos)
	}
	more := func() bool {
		return m.match(sub, pos, func(p int) bool {
			if p == pos && count >= lo {
				return k(p)
			}
			return m.repeat(sub, lo, hi, greedy, count+1, p, k)
		})
	}
	if count < lo {
		return more()
	}
	if greedy {
		return more() || m.steps <= maxBacktrackSteps && k(pos)
	}
	return k(pos) || m.steps <= maxBacktrackSteps && more()
}

// backref matches the text group g captured, again: it fails when the
// group did not take part in the match, as in Python.
func (m *btRun) backref(g int, fold bool, pos int, k func(int) bool) bool {
	if g > m.bt.ncap || m.caps[2*g] < 0 {
		return false
	}
	want := m.in[m.caps[2*g]:m.caps[2*g+1]]
	if !fold {
		if !strings.HasPrefix(m.in[pos:], want) {
			return false
		}
		return k(pos + len(want))
	}
	for _, w := range want {
		c, size := utf8.DecodeRuneInString(m.in[pos:])
		if size == 0 || !sameRune(c, w, true) {
			return false
		}
		pos += size
	}
	return k(pos)
}

// atWordBoundary is Python's \b for str patterns: word characters are
// letters, digits (any Unicode number) and "_", or only ASCII ones.
func (m *btRun) atWordBoundary(pos int, uni bool) bool {
	before, after := false, false
	if pos > 0 {
		c, _ := utf8.DecodeLastRuneInString(m.in[:pos])
		before = isWordRune(c, uni)
	}
	if pos < len(m.in) {
		c, _ := utf8.DecodeRuneInString(m.in[pos:])
		after = isWordRune(c, uni)
	}
	return before != after
}

func isWordRune(c rune, uni bool) bool {
	if c < utf8.RuneSelf {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return uni && (unicode.IsLetter(c) || unicode.IsNumber(c))
}

func sameRune(c, want rune, fold bool) bool {
	if c == want {
		return true
	}
	if !fold {
		return false
	}
	for f := unicode.SimpleFold(want); f != want; f = unicode.SimpleFold(f) {
		if f == c {
			return true
		}
	}
	return false
}

func inRanges(c rune, ranges []rune) bool {
	for i := 0; i+1 < len(ranges); i += 2 {
		if c >= ranges[i] && c <= ranges[i+1] {
			return true
		}
	}
	return false
}
