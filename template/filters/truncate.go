package filters

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/djinn-go/djinn/template/value"
)

// addTruncation appends the truncation text unless text already ends with it.
func addTruncation(text, truncate string) string {
	if strings.HasSuffix(text, truncate) {
		return text
	}
	return text + truncate
}

// combining reports a character with a non-zero canonical combining class;
// such characters do not count toward a length.
func combining(s string) bool {
	return norm.NFC.PropertiesString(s).CCC() != 0
}

// truncateCharsLen is how many characters of the text fit before the
// truncation text when the result may have length characters.
func truncateCharsLen(length int, truncate string) int {
	tl := length
	for _, r := range truncate {
		if !combining(string(r)) {
			tl--
			if tl == 0 {
				break
			}
		}
	}
	return tl
}

// truncateChars cuts s to at most length characters, the last being the
// truncation text "…"; combining characters are not counted.
func truncateChars(s string, length int, html bool) string {
	const truncate = "…"
	s = norm.NFC.String(s)
	tl := truncateCharsLen(length, truncate)
	if html {
		return truncateHTML(s, length, truncate, tl, false)
	}
	count, end := 0, -1
	for i, r := range s {
		if r >= 0x300 && combining(string(r)) {
			continue
		}
		count++
		if end < 0 && count > tl {
			end = i
		}
		if count > length {
			// Django's default truncation text is a "%(truncated_text)s…"
			// template, so "…" is added even after a text ending in "…".
			return s[:max(end, 0)] + truncate
		}
	}
	return s
}

func truncatechars(in any, arg Arg, _ bool) (any, error) {
	n, err := pyInt(arg.Value)
	if err != nil {
		return intArgFailed(in, err)
	}
	return truncateChars(str(in), clampInt(n), false), nil
}

// intArgFailed is the result of a filter whose argument int() rejects:
// Django catches only ValueError (a string that is no integer) and returns
// the value; a TypeError (None, a list, a translated literal) or an
// OverflowError (an infinity) propagates.
func intArgFailed(in any, err error) (any, error) {
	if !errors.Is(err, value.ErrValue) {
		return nil, err
	}
	return str(in), nil
}

func clampInt(n int64) int {
	const lim = 1 << 40
	if n > lim {
		return lim
	}
	if n < -lim {
		return -lim
	}
	return int(n)
}

// truncateWords keeps the first length words of s (split on whitespace and
// joined by single spaces) and appends " …" when it dropped any. A negative
// length counts from the end as Python slicing does.
func truncateWords(s string, length int, html bool) string {
	const truncate = " …"
	if html {
		if length <= 0 {
			return ""
		}
		return truncateHTML(s, length, truncate, length, true)
	}
	words := value.Fields(s)
	if len(words) > length {
		k := length
		if k < 0 {
			k = max(len(words)+k, 0)
		}
		return addTruncation(strings.Join(words[:k], " "), truncate)
	}
	return strings.Join(words, " ")
}

func truncatewords(in any, arg Arg, _ bool) (any, error) {
	n, err := pyInt(arg.Value)
	if err != nil {
		return intArgFailed(in, err)
	}
	return truncateWords(str(in), clampInt(n), false), nil
}

func truncatecharsHTML(in any, arg Arg, _ bool) (any, error) {
	n, err := pyInt(arg.Value)
	if err != nil {
		return intArgFailed(in, err)
	}
	return truncateChars(str(in), clampInt(n), true), nil
}

func truncatewordsHTML(in any, arg Arg, _ bool) (any, error) {
	n, err := pyInt(arg.Value)
	if err != nil {
		return intArgFailed(in, err)
	}
	return truncateWords(str(in), clampInt(n), true), nil
}

// maxLengthHTML is the number of characters of input the HTML truncating
// filters look at, as in Django: longer input is cut there first.
const maxLengthHTML = 5_000_000

var htmlSinglets = map[string]bool{"br": true, "col": true, "link": true, "base": true,
	"img": true, "param": true, "area": true, "hr": true, "input": true}

// truncateHTML truncates text to length characters (or words), keeping
// tags, not counting them, and closing the tags left open at the cut. A
// tag is a '<', at least one character and the next '>'; a '<' with no '>'
// after it is text. It runs in linear time: the position of the next '>' is
// tracked instead of searched for from every '<'.
func truncateHTML(text string, length int, truncate string, truncateLen int, words bool) string {
	sizeLimited := false
	if len(text) > maxLengthHTML {
		n := 0
		for i := range text {
			if n == maxLengthHTML {
				text, sizeLimited = text[:i], true
				break
			}
			n++
		}
	}
	tags := &tagStack{byID: map[string]int32{}}
	pos, endTextPos, current := 0, 0, 0
	nextGT := -1 // index of the first '>' at or after pos, or len(text) if none
	findGT := func(from int) int {
		if nextGT >= from {
			return nextGT
		}
		if i := strings.IndexByte(text[from:], '>'); i >= 0 {
			nextGT = from + i
		} else {
			nextGT = len(text)
		}
		return nextGT
	}
	for current <= length && pos < len(text) {
		c := text[pos]
		if c == '<' {
			gt := findGT(pos + 1)
			if gt < len(text) && gt > pos+1 {
				tag := text[pos : gt+1]
				pos = gt + 1
				if current < truncateLen {
					trackTag(tag, tags)
				}
				continue
			}
		}
		if words {
			if c == '<' || c == '>' || isSpaceAt(text, pos) {
				_, size := utf8.DecodeRuneInString(text[pos:])
				pos += size
				continue
			}
			// a word: a run of characters other than '<', '>' and spaces
			for pos < len(text) && text[pos] != '<' && text[pos] != '>' && !isSpaceAt(text, pos) {
				_, size := utf8.DecodeRuneInString(text[pos:])
				pos += size
			}
		} else {
			_, size := utf8.DecodeRuneInString(text[pos:])
			pos += size
		}
		current++
		if current == truncateLen {
			endTextPos = pos
		}
	}
	if current <= length {
		if sizeLimited {
			return text + truncate
		}
		return text
	}
	var b strings.Builder
	b.WriteString(text[:endTextPos])
	b.WriteString(truncate)
	for i := len(tags.ids) - 1; i >= 0; i-- {
		b.WriteString("</")
		b.WriteString(tags.names[tags.ids[i]])
		b.WriteByte('>')
	}
	return b.String()
}

func isSpaceAt(s string, i int) bool {
	c := s[i]
	if c < 0x80 {
		return c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return value.IsSpace(r)
}

// tagStack is the list of open tags, outermost first, with the positions
// of each name so that closing a tag costs amortised constant time. The
// stack holds small integers (no pointers) so that a huge number of open
// tags costs the garbage collector nothing.
type tagStack struct {
	ids   []int32          // the open tags, by name id
	names []string         // name of each id
	byID  map[string]int32 // id of each name
	pos   [][]int32        // positions in ids of each id
}

func (t *tagStack) push(name string) {
	id, ok := t.byID[name]
	if !ok {
		id = int32(len(t.names))
		t.byID[name] = id
		t.names = append(t.names, name)
		t.pos = append(t.pos, nil)
	}
	t.pos[id] = append(t.pos[id], int32(len(t.ids)))
	t.ids = append(t.ids, id)
}

// close removes the innermost open tag called name and every tag opened
// after it (SGML end tags close omitted intervening end tags).
func (t *tagStack) close(name string) {
	id, ok := t.byID[name]
	if !ok || len(t.pos[id]) == 0 {
		return
	}
	j := int(t.pos[id][len(t.pos[id])-1])
	for k := len(t.ids) - 1; k >= j; k-- {
		n := t.ids[k]
		t.pos[n] = t.pos[n][:len(t.pos[n])-1]
	}
	t.ids = t.ids[:j]
}

// trackTag updates the open tags for one tag "<...>": a start tag is
// pushed, an end tag closes back to its matching start tag, self-closing
// tags and HTML void elements are ignored. "</ x>" is read, as Django's
// pattern reads it, as a start tag named "/".
func trackTag(tag string, open *tagStack) {
	body := tag[1 : len(tag)-1]
	if strings.HasPrefix(body, "/") {
		if name, self, ok := tagName(body[1:]); ok {
			if !self && !htmlSinglets[name] {
				open.close(name)
			}
			return
		}
	}
	name, self, ok := tagName(body)
	if ok && !self && !htmlSinglets[name] {
		open.push(name)
	}
}

// tagName reads the element name at the start of a tag's body: the
// shortest run of non-space characters after which the rest is empty,
// starts with a space, or is spaces and a final '/' (self-closing).
func tagName(body string) (name string, selfClosing, ok bool) {
	end := -1
	for i, r := range body {
		if unicode.IsSpace(r) {
			if i == 0 {
				return "", false, false
			}
			end = i
			selfClosing = strings.TrimLeftFunc(body[i:], unicode.IsSpace) == "/"
			break
		}
		if r == '/' && i > 0 && i == len(body)-1 {
			end, selfClosing = i, true
			break
		}
	}
	if end < 0 {
		end = len(body)
	}
	if end == 0 {
		return "", false, false
	}
	return strings.ToLower(body[:end]), selfClosing, true
}
