package filters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/djinn-go/djinn/template/value"
)

func addStringFilters(m map[string]Filter) {
	m["addslashes"] = Filter{Func: addslashes, IsSafe: true, StringFilter: true}
	m["capfirst"] = Filter{Func: capfirst, IsSafe: true, StringFilter: true}
	m["center"] = Filter{Func: justify('c'), Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["ljust"] = Filter{Func: justify('l'), Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["rjust"] = Filter{Func: justify('r'), Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["cut"] = Filter{Func: cut, Arg: RequiredArg, StringFilter: true}
	m["escape"] = Filter{Func: escape, IsSafe: true, StringFilter: true}
	m["force_escape"] = Filter{Func: forceEscape, IsSafe: true, StringFilter: true}
	m["escapejs"] = Filter{Func: escapejs, StringFilter: true}
	m["iriencode"] = Filter{Func: iriencode, IsSafe: true, StringFilter: true}
	m["urlencode"] = Filter{Func: urlencode, Arg: OptionalArg, StringFilter: true}
	m["linebreaks"] = stringFilter(autoescapeOnly("linebreaks", linebreaksFilter))
	m["linebreaksbr"] = stringFilter(autoescapeOnly("linebreaksbr", linebreaksbr))
	m["linenumbers"] = stringFilter(autoescapeOnly("linenumbers", linenumbers))
	m["lower"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return value.Lower(str(in)), nil }, IsSafe: true, StringFilter: true}
	m["upper"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return value.Upper(str(in)), nil }, IsSafe: false, StringFilter: true}
	m["title"] = Filter{Func: title, IsSafe: true, StringFilter: true}
	m["make_list"] = Filter{Func: makeList, StringFilter: true}
	m["phone2numeric"] = Filter{Func: phone2numeric, IsSafe: true}
	m["safe"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return value.SafeString(str(in)), nil }, IsSafe: true, StringFilter: true}
	m["slugify"] = Filter{Func: slugifyFilter, IsSafe: true, StringFilter: true}
	m["stringformat"] = Filter{Func: stringformat, Arg: RequiredArg, IsSafe: true}
	m["wordcount"] = Filter{Func: func(in any, _ Arg, _ bool) (any, error) { return len(value.Fields(str(in))), nil }, StringFilter: true}
	m["wordwrap"] = Filter{Func: wordwrapFilter, Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["truncatechars"] = Filter{Func: truncatechars, Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["truncatewords"] = Filter{Func: truncatewords, Arg: RequiredArg, IsSafe: true, StringFilter: true}
}

func addslashes(in any, _ Arg, _ bool) (any, error) {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `'`, `\'`)
	return r.Replace(str(in)), nil
}

func capfirst(in any, _ Arg, _ bool) (any, error) {
	s := str(in)
	if s == "" {
		return s, nil
	}
	r, size := utf8.DecodeRuneInString(s)
	return value.Upper(string(r)) + s[size:], nil
}

// justify pads like Python's str.center, str.ljust and str.rjust.
func justify(mode byte) func(any, Arg, bool) (any, error) {
	return func(in any, arg Arg, _ bool) (any, error) {
		s := str(in)
		w, err := pyInt(arg.Value)
		if err != nil {
			return nil, err
		}
		n := int64(utf8.RuneCountInString(s))
		if w <= n {
			return s, nil
		}
		if w-n > 1<<24 {
			return nil, fmt.Errorf("width %d too large: %w", w, value.ErrValue)
		}
		pad := int(w - n)
		switch mode {
		case 'l':
			return s + strings.Repeat(" ", pad), nil
		case 'r':
			return strings.Repeat(" ", pad) + s, nil
		}
		left := pad/2 + (pad & int(w) & 1)
		return strings.Repeat(" ", left) + s + strings.Repeat(" ", pad-left), nil
	}
}

func cut(in any, arg Arg, _ bool) (any, error) {
	a, ok := stringKind(arg.Value)
	if !ok {
		return nil, fmt.Errorf("replace() argument 1 must be str, not %s: %w", value.TypeName(arg.Value), value.ErrType)
	}
	out := strings.ReplaceAll(str(in), a, "")
	if value.IsSafe(in) && a != ";" {
		return value.SafeString(out), nil
	}
	return out, nil
}

// escape is Django's modern escape filter: conditional_escape, so an
// already safe value is left alone.
func escape(in any, _ Arg, _ bool) (any, error) {
	return value.SafeString(value.ConditionalEscape(in)), nil
}

func forceEscape(in any, _ Arg, _ bool) (any, error) {
	return value.SafeString(value.Escape(str(in))), nil
}

func escapejs(in any, _ Arg, _ bool) (any, error) {
	s := str(in)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 32 || strings.ContainsRune("\\'\"><&=-;`\u2028\u2029", r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	return value.SafeString(b.String()), nil
}

// quote percent-encodes s like Python's urllib.parse.quote: letters,
// digits and "_.-~" are kept, as are the characters in safe; everything
// else is written as %XX of its UTF-8 bytes.
func quote(s, safe string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~", c) >= 0 || strings.IndexByte(safe, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func iriencode(in any, _ Arg, _ bool) (any, error) {
	return quote(str(in), "/#%[]=:;$&()+,!?*@'~"), nil
}

func urlencode(in any, arg Arg, _ bool) (any, error) {
	safe := "/"
	s := str(in)
	if s == "" {
		// Python's quote returns an empty string before looking at safe.
		return "", nil
	}
	if arg.Given {
		var ok bool
		if safe, ok = stringKind(arg.Value); !ok {
			return nil, fmt.Errorf("'%s' object is not iterable: %w", value.TypeName(arg.Value), value.ErrType)
		}
	}
	return quote(s, safe), nil
}

// normalizeNewlines turns \r\n and \r into \n.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// linebreaks converts text to paragraphs: blank lines separate <p>
// elements and single newlines become <br>.
func linebreaks(s string, autoescape bool) string {
	s = normalizeNewlines(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/4 + 7)
	for first := true; ; first = false {
		if !first {
			b.WriteString("\n\n")
		}
		p := s
		i := strings.Index(s, "\n\n")
		if i >= 0 {
			p = s[:i]
		}
		if autoescape {
			p = value.Escape(p)
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(p, "\n", "<br>"))
		b.WriteString("</p>")
		if i < 0 {
			return b.String()
		}
		j := i
		for j < len(s) && s[j] == '\n' {
			j++
		}
		s = s[j:]
	}
}

func linebreaksFilter(in any, _ Arg, autoescape bool) (any, error) {
	return value.SafeString(linebreaks(str(in), autoescape && !value.IsSafe(in))), nil
}

func linebreaksbr(in any, _ Arg, autoescape bool) (any, error) {
	s := normalizeNewlines(str(in))
	if autoescape && !value.IsSafe(in) {
		s = value.Escape(s)
	}
	return value.SafeString(strings.ReplaceAll(s, "\n", "<br>")), nil
}

func linenumbers(in any, _ Arg, autoescape bool) (any, error) {
	lines := strings.Split(str(in), "\n")
	width := len(fmt.Sprint(len(lines)))
	escape := autoescape && !value.IsSafe(in)
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if escape {
			l = value.Escape(l)
		}
		fmt.Fprintf(&b, "%0*d. %s", width, i+1, l)
	}
	return value.SafeString(b.String()), nil
}

// title is Python's str.title with Django's two fixes: a letter after an
// apostrophe that follows a lower-case letter, and a letter after a digit,
// stay lower case ("it's", "1st").
func title(in any, _ Arg, _ bool) (any, error) {
	r := []rune(value.Title(str(in)))
	for i := 1; i+1 < len(r); i++ {
		if r[i] == '\'' && r[i-1] >= 'a' && r[i-1] <= 'z' && r[i+1] >= 'A' && r[i+1] <= 'Z' {
			r[i+1] = unicode.ToLower(r[i+1])
			i += 2
		}
	}
	for i := 0; i+1 < len(r); i++ {
		if unicode.IsDigit(r[i]) && r[i+1] >= 'A' && r[i+1] <= 'Z' {
			r[i+1] = unicode.ToLower(r[i+1])
			i++
		}
	}
	return string(r), nil
}

func makeList(in any, _ Arg, _ bool) (any, error) {
	s := str(in)
	out := make([]any, 0, len(s))
	for _, r := range s {
		out = append(out, string(r))
	}
	return out, nil
}

func phone2numeric(in any, _ Arg, _ bool) (any, error) {
	const keys = "22233344455566677778889999"
	// Django's phone2numeric is no string filter: it calls the value's
	// lower() and fails for anything but a string.
	s, ok := indexable(in)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute 'lower': %w", value.TypeName(in), value.ErrAttribute)
	}
	s = value.Lower(s)
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			b.WriteByte(keys[r-'a'])
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// slugify converts to ASCII (dropping what has no ASCII decomposition),
// lower-cases, removes everything but letters, digits, underscores, spaces
// and hyphens, turns runs of spaces and hyphens into one hyphen and trims
// hyphens and underscores from the ends.
func slugify(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	pendingDash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80:
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_':
		case c == '-' || c == ' ' || c >= '\t' && c <= '\r' || c >= 0x1c && c <= 0x1f:
			pendingDash = true
			continue
		default:
			continue
		}
		if pendingDash {
			b.WriteByte('-')
			pendingDash = false
		}
		b.WriteByte(c)
	}
	if pendingDash {
		b.WriteByte('-')
	}
	return strings.Trim(b.String(), "-_")
}

func slugifyFilter(in any, _ Arg, _ bool) (any, error) { return slugify(str(in)), nil }

// wrap is modern Django's wordwrap (5.2.1+): each line of text, split
// like Python's str.splitlines, is wrapped on its own the way
// textwrap.TextWrapper(width, break_long_words=False,
// break_on_hyphens=False, replace_whitespace=False) does it; a line that
// wraps to nothing (blank or only spaces) is kept as it is, and a final
// newline is kept. Widths count code points. A width below 1 is a
// ValueError unless the text is empty. It runs in time linear in the text.
func wrap(text string, width int) (string, error) {
	if text == "" {
		return "", nil
	}
	if width <= 0 {
		return "", fmt.Errorf("invalid width %d (must be > 0): %w", width, value.ErrValue)
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	first := true
	emit := func(s string) {
		if !first {
			b.WriteByte('\n')
		}
		first = false
		b.WriteString(s)
	}
	for _, line := range value.SplitLines(text, false) {
		if !wrapLine(line, width, emit) {
			emit(line)
		}
	}
	if strings.HasSuffix(text, "\n") {
		emit("")
	}
	return b.String(), nil
}

// wrapChunk is a run of ASCII whitespace or of other characters.
type wrapChunk struct {
	text  string
	n     int  // length in code points
	space bool // only whitespace (Python's str.strip() leaves nothing)
}

// wrapLine wraps one line like TextWrapper.wrap and reports whether it
// produced any line.
func wrapLine(line string, width int, emit func(string)) bool {
	// Tabs expand to the next multiple of 8 columns, as expandtabs() does.
	if strings.IndexByte(line, '\t') >= 0 {
		var e strings.Builder
		col := 0
		for _, r := range line {
			if r == '\t' {
				pad := 8 - col%8
				e.WriteString(strings.Repeat(" ", pad))
				col += pad
				continue
			}
			e.WriteRune(r)
			col++
		}
		line = e.String()
	}
	var chunks []wrapChunk
	for i := 0; i < len(line); {
		ws := isWrapSpace(line[i])
		j := i
		n := 0
		allSpace := true
		for j < len(line) && isWrapSpace(line[j]) == ws {
			r, size := utf8.DecodeRuneInString(line[j:])
			if !value.IsSpace(r) {
				allSpace = false
			}
			j += size
			n++
		}
		chunks = append(chunks, wrapChunk{text: line[i:j], n: n, space: allSpace})
		i = j
	}
	produced := false
	var cur strings.Builder
	for i := 0; i < len(chunks); {
		// Whitespace at the start of every line but the first is dropped.
		if produced && chunks[i].space {
			i++
		}
		start, n := i, 0
		for i < len(chunks) && n+chunks[i].n <= width {
			n += chunks[i].n
			i++
		}
		// A word longer than the width goes alone on its own line.
		if i == start && i < len(chunks) && chunks[i].n > width {
			i++
		}
		end := i
		// Whitespace at the end of a line is dropped.
		if end > start && chunks[end-1].space {
			end--
		}
		if end > start {
			cur.Reset()
			for _, c := range chunks[start:end] {
				cur.WriteString(c.text)
			}
			emit(cur.String())
			produced = true
		}
	}
	return produced
}

// isWrapSpace reports TextWrapper's whitespace: \t \n \v \f \r and space.
func isWrapSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

func wordwrapFilter(in any, arg Arg, _ bool) (any, error) {
	w, err := pyInt(arg.Value)
	if err != nil {
		return nil, err
	}
	if w > 1<<30 {
		w = 1 << 30
	} else if w < -(1 << 30) {
		w = -(1 << 30)
	}
	return wrap(str(in), int(w))
}
