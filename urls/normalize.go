package urls

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// errNonReversible is returned by normalize for a pattern Django's reverse
// cannot use either.
var errNonReversible = errors.New("non-reversible regular expression")

// A possibility is one way to build a URL from a pattern: literal text and
// parameter slots, in order, and the parameter names it needs.
type possibility struct {
	toks   []rtok
	params []string
	// format is the shape as Django's %-format text ("a%b/%(x)s"), set
	// only when a literal holds a "%" (see [FormatError]).
	format string
}

// rtok is literal text, or a parameter slot when param is set.
type rtok struct {
	lit   string
	param string
	slot  bool
}

// element kinds of the parsed pattern.
const (
	eLit = iota
	eGroup
	eChoice
	eNonCap
)

type relem struct {
	kind  int
	lit   string
	param string    // eGroup: the parameter name ("" for a backreference)
	token string    // eGroup: the slot's name
	opts  [][]relem // eChoice: options (an empty option is "absent"); eNonCap: one option
}

// normalize reads a pattern in Django's regex syntax and returns the
// possible URL shapes for reverse, as Django's regex_helper does: optional
// parts give a shape without and one with them (when they hold a group),
// repeated parts keep their minimum count, a class becomes its first
// character, groups become parameter slots, and look-arounds are ignored. A
// top-level alternation gives a single empty shape.
func normalize(src string) ([]possibility, error) {
	p := &nparser{src: src}
	elems, err := p.parse()
	if err != nil {
		if errors.Is(err, errAlternation) {
			return []possibility{{}}, nil
		}
		return nil, err
	}
	poss, ok := flatten(elems)
	if !ok {
		return nil, fmt.Errorf("more than %d ways to build a URL: %w", maxPossibilities, errNonReversible)
	}
	return poss, nil
}

// maxPossibilities bounds the shapes of one pattern: optional groups double
// them.
const maxPossibilities = 1024

var errAlternation = errors.New("alternation")

type nparser struct {
	src     string
	pos     int
	numArgs int
}

// next yields the next character, replacing an escape by a representative
// of its class; escapes that match no character (\A, \b, \B, \Z) are
// skipped. ok is false at the end of the pattern.
func (p *nparser) next() (ch string, escaped, ok bool) {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c != '\\' {
			_, size := utf8.DecodeRuneInString(p.src[p.pos:])
			ch = p.src[p.pos : p.pos+size]
			p.pos += size
			return ch, false, true
		}
		if p.pos+1 >= len(p.src) {
			p.pos++
			return "", false, false
		}
		_, size := utf8.DecodeRuneInString(p.src[p.pos+1:])
		e := p.src[p.pos+1 : p.pos+1+size]
		p.pos += 1 + size
		switch e {
		case "A", "b", "B", "Z", "z":
			continue
		case "d":
			return "0", true, true
		case "D", "S", "w":
			return "x", true, true
		case "s":
			return " ", true, true
		case "W":
			return "!", true, true
		}
		return e, true, true
	}
	return "", false, false
}

// walkToEnd skips to the end of the group the parser is in.
func (p *nparser) walkToEnd(ch string) {
	nesting := 0
	if ch == "(" {
		nesting = 1
	}
	for {
		c, esc, ok := p.next()
		if !ok {
			return
		}
		if esc {
			continue
		}
		switch c {
		case "(":
			nesting++
		case ")":
			if nesting == 0 {
				return
			}
			nesting--
		}
	}
}

func (p *nparser) parse() ([]relem, error) {
	var result []relem
	var nonCapture []int
	ch, escaped, ok := p.next()
	if !ok {
		return nil, nil
	}
	for {
		reprocess := false
		switch {
		case escaped:
			result = append(result, relem{kind: eLit, lit: ch})
		case ch == ".":
			result = append(result, relem{kind: eLit, lit: "."})
		case ch == "|":
			return nil, errAlternation
		case ch == "^":
		case ch == "$":
			return result, nil
		case ch == ")":
			if len(nonCapture) == 0 {
				return nil, fmt.Errorf("unbalanced parenthesis: %w", errNonReversible)
			}
			start := nonCapture[len(nonCapture)-1]
			nonCapture = nonCapture[:len(nonCapture)-1]
			inner := append([]relem(nil), result[start:]...)
			result = append(result[:start], relem{kind: eNonCap, opts: [][]relem{inner}})
		case ch == "[":
			c, _, ok := p.next()
			if !ok {
				return result, nil
			}
			result = append(result, relem{kind: eLit, lit: c})
			for {
				c, esc, ok := p.next()
				if !ok {
					return result, nil
				}
				if !esc && c == "]" {
					break
				}
			}
		case ch == "(":
			c, esc, ok := p.next()
			if !ok {
				return result, nil
			}
			if c != "?" || esc {
				name := "_" + strconv.Itoa(p.numArgs)
				p.numArgs++
				result = append(result, relem{kind: eGroup, param: name, token: name})
				p.walkToEnd(c)
				break
			}
			c, _, ok = p.next()
			if !ok {
				return result, nil
			}
			switch c {
			case "!", "=":
				p.walkToEnd(c)
			case "<":
				// (?<=…) and (?<!…) are ignored; (?<name>…) is Go's
				// spelling of a named group.
				save := p.pos
				c2, _, ok := p.next()
				if !ok {
					return result, nil
				}
				if c2 == "=" || c2 == "!" {
					p.walkToEnd(c2)
					break
				}
				p.pos = save
				if err := p.namedGroup(&result, ">"); err != nil {
					return nil, err
				}
			case ":":
				nonCapture = append(nonCapture, len(result))
			case "P":
				c, _, ok := p.next()
				if !ok {
					return result, nil
				}
				switch c {
				case "<":
					if err := p.namedGroup(&result, ">"); err != nil {
						return nil, err
					}
				case "=":
					if err := p.namedGroup(&result, ")"); err != nil {
						return nil, err
					}
				default:
					return nil, fmt.Errorf("(?P%s: %w", c, errNonReversible)
				}
			default:
				return nil, fmt.Errorf("(?%s: %w", c, errNonReversible)
			}
		case ch == "*" || ch == "?" || ch == "+" || ch == "{":
			count, nextCh, nextEsc, have, err := p.quantifier(ch)
			if err != nil {
				return nil, err
			}
			if have {
				ch, escaped = nextCh, nextEsc
				reprocess = true
			}
			if len(result) == 0 {
				return nil, fmt.Errorf("nothing to repeat: %w", errNonReversible)
			}
			last := result[len(result)-1]
			if count == 0 {
				if containsGroup(last) {
					result[len(result)-1] = relem{kind: eChoice, opts: [][]relem{nil, {last}}}
				} else {
					result = result[:len(result)-1]
				}
			} else {
				for k := 1; k < count; k++ {
					result = append(result, last)
				}
			}
		default:
			result = append(result, relem{kind: eLit, lit: ch})
		}
		if !reprocess {
			ch, escaped, ok = p.next()
			if !ok {
				return result, nil
			}
		}
	}
}

// namedGroup reads a group name up to term and adds its slot. A
// backreference (term ")") has a slot but adds no parameter.
func (p *nparser) namedGroup(result *[]relem, term string) error {
	var name strings.Builder
	for {
		c, _, ok := p.next()
		if !ok {
			return fmt.Errorf("unterminated group name: %w", errNonReversible)
		}
		if c == term {
			break
		}
		name.WriteString(c)
	}
	if term == ">" {
		*result = append(*result, relem{kind: eGroup, param: name.String(), token: name.String()})
		p.walkToEnd(">")
	} else {
		*result = append(*result, relem{kind: eGroup, token: name.String()})
	}
	return nil
}

// quantifier reads a quantifier starting with ch and returns its minimum
// count, and the character after it when one was read ahead.
func (p *nparser) quantifier(ch string) (count int, next string, nextEsc, have bool, err error) {
	if ch != "{" {
		c, esc, ok := p.next()
		if ok && c == "?" && !esc {
			ok = false
		}
		if ch == "+" {
			count = 1
		}
		return count, c, esc, ok, nil
	}
	var q strings.Builder
	for {
		c, _, ok := p.next()
		if !ok {
			return 0, "", false, false, fmt.Errorf("unterminated quantifier: %w", errNonReversible)
		}
		if c == "}" {
			break
		}
		q.WriteString(c)
	}
	lo, _, _ := strings.Cut(q.String(), ",")
	if lo == "" {
		count = 0
	} else if count, err = strconv.Atoi(lo); err != nil {
		return 0, "", false, false, fmt.Errorf("quantifier {%s}: %w", q.String(), errNonReversible)
	}
	c, esc, ok := p.next()
	if ok && c == "?" && !esc {
		ok = false
	}
	return count, c, esc, ok, nil
}

// containsGroup reports whether e is a group or a non-capturing group
// holding one, looking no further: as in Django, a group already made
// optional (a choice) inside a non-capturing group does not count, so
// "(?:a(?P<x>y)*b)?" is dropped whole by a quantifier with minimum 0.
func containsGroup(e relem) bool {
	switch e.kind {
	case eGroup:
		return true
	case eNonCap:
		for _, o := range e.opts {
			for _, x := range o {
				if containsGroup(x) {
					return true
				}
			}
		}
	}
	return false
}

// flatten expands choices into every combination, in Django's order.
func flatten(elems []relem) ([]possibility, bool) {
	result := []possibility{{}}
	for _, e := range elems {
		switch e.kind {
		case eLit:
			for i := range result {
				result[i].toks = appendLit(result[i].toks, e.lit)
			}
		case eGroup:
			for i := range result {
				result[i].toks = append(result[i].toks, rtok{param: e.token, slot: true})
				if e.param != "" {
					result[i].params = append(result[i].params, e.param)
				}
			}
		case eChoice, eNonCap:
			var inner []possibility
			for _, o := range e.opts {
				f, ok := flatten(o)
				if !ok {
					return nil, false
				}
				inner = append(inner, f...)
			}
			if len(result)*len(inner) > maxPossibilities {
				return nil, false
			}
			next := make([]possibility, 0, len(result)*len(inner))
			for _, r := range result {
				for _, in := range inner {
					toks := append(append([]rtok(nil), r.toks...), in.toks...)
					params := append(append([]string(nil), r.params...), in.params...)
					next = append(next, possibility{toks: mergeLits(toks), params: params})
				}
			}
			result = next
		}
	}
	return result, true
}

func appendLit(toks []rtok, s string) []rtok {
	if n := len(toks); n > 0 && !toks[n-1].slot {
		toks[n-1].lit += s
		return toks
	}
	return append(toks, rtok{lit: s})
}

func mergeLits(toks []rtok) []rtok {
	out := toks[:0]
	for _, t := range toks {
		if !t.slot {
			out = appendLit(out, t.lit)
			continue
		}
		out = append(out, t)
	}
	return out
}
