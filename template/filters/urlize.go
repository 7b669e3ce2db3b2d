package filters

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/djinn-go/djinn/template/value"
)

func addHTMLFilters(m map[string]Filter) {
	m["striptags"] = Filter{Func: striptags, IsSafe: true, StringFilter: true}
	m["truncatechars_html"] = Filter{Func: truncatecharsHTML, Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["truncatewords_html"] = Filter{Func: truncatewordsHTML, Arg: RequiredArg, IsSafe: true, StringFilter: true}
	m["urlize"] = stringFilter(autoescapeOnly("urlize", urlizeFilter))
	m["urlizetrunc"] = Filter{Func: urlizetrunc, Arg: RequiredArg, IsSafe: true, NeedsAutoescape: true, StringFilter: true}
}

func urlizeFilter(in any, _ Arg, autoescape bool) (any, error) {
	return value.SafeString(urlize(value.ToString(in), -1, autoescape, value.IsSafe(in))), nil
}

func urlizetrunc(in any, arg Arg, autoescape bool) (any, error) {
	n, err := pyInt(arg.Value)
	if err != nil {
		return nil, err
	}
	return value.SafeString(urlize(value.ToString(in), max(clampInt(n), 0), autoescape, value.IsSafe(in))), nil
}

// isWordSep reports the characters urlize splits words on: whitespace,
// '<', '>', '"' and '\”.
func isWordSep(r rune) bool {
	return r == '<' || r == '>' || r == '"' || r == '\'' || value.IsSpace(r)
}

// urlize turns URLs and e-mail addresses in text into links. limit < 0
// means no limit on the link text. Words that are not links are escaped
// when autoescape is on and the input is not safe.
func urlize(text string, limit int, autoescape, safeInput bool) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	plain := func(s string) {
		if autoescape && !safeInput {
			s = value.Escape(s)
		}
		b.WriteString(s)
	}
	for i := 0; i < len(text); {
		r, _ := utf8.DecodeRuneInString(text[i:])
		j := i
		sep := isWordSep(r)
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if isWordSep(r) != sep {
				break
			}
			j += size
		}
		word := text[i:j]
		i = j
		if sep || !strings.ContainsAny(word, ".@:") {
			plain(word)
			continue
		}
		link, ok := urlizeWord(word, limit, autoescape && !safeInput)
		if !ok {
			plain(word)
			continue
		}
		b.WriteString(link)
	}
	return b.String()
}

// urlizeWord returns the word with its URL or address made a link, or
// false when it holds none.
func urlizeWord(word string, limit int, escape bool) (string, bool) {
	lead, middle, trail := trimPunctuation(word)
	var url string
	nofollow := ` rel="nofollow"`
	switch {
	case isSimpleURL(middle):
		url = smartURLQuote(pyUnescape(middle))
	case isSimpleURL2(middle):
		url = smartURLQuote("http://" + pyUnescape(middle))
	case !strings.Contains(middle, ":") && isEmailSimple(middle):
		at := strings.LastIndexByte(middle, '@')
		domain, err := punycode(middle[at+1:])
		if err != nil {
			return word, true
		}
		url = "mailto:" + middle[:at] + "@" + domain
		nofollow = ""
	default:
		return "", false
	}
	trimmed := middle
	if limit >= 0 && utf8.RuneCountInString(middle) > limit {
		rs := []rune(middle)
		trimmed = string(rs[:max(0, limit-1)]) + "…"
	}
	if escape {
		lead, trail, trimmed = value.Escape(lead), value.Escape(trail), value.Escape(trimmed)
	}
	return lead + `<a href="` + value.Escape(url) + `"` + nofollow + ">" + trimmed + "</a>" + trail, true
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.No, r)
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isSimpleURL matches ^https?://\[?\w, ignoring case.
func isSimpleURL(s string) bool {
	var rest string
	switch {
	case hasPrefixFold(s, "http://"):
		rest = s[7:]
	case hasPrefixFold(s, "https://"):
		rest = s[8:]
	default:
		return false
	}
	rest = strings.TrimPrefix(rest, "[")
	r, _ := utf8.DecodeRuneInString(rest)
	return rest != "" && isWordRune(r)
}

var simpleTLDs = []string{"com", "edu", "gov", "int", "mil", "net", "org"}

// isSimpleURL2 matches ^www\. or a name of a word character, anything but
// '@', and a dot with one of the classic top-level domains, at the end or
// before a '/' (not starting with "http"), ignoring case.
func isSimpleURL2(s string) bool {
	if hasPrefixFold(s, "www.") {
		return true
	}
	if hasPrefixFold(s, "http") || s == "" {
		return false
	}
	r, size := utf8.DecodeRuneInString(s)
	if !isWordRune(r) {
		return false
	}
	limit := len(s)
	if at := strings.IndexByte(s[size:], '@'); at >= 0 {
		limit = size + at
	}
	for k := size + 1; k < len(s) && k <= limit; k++ {
		if s[k] != '.' || k+4 > len(s) || (k+4 < len(s) && s[k+4] != '/') {
			continue
		}
		for _, tld := range simpleTLDs {
			if strings.EqualFold(s[k+1:k+4], tld) {
				return true
			}
		}
	}
	return false
}

// isEmailSimple: one '@' not at either end, and a dot in the domain that
// does not start it.
func isEmailSimple(s string) bool {
	at := strings.IndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.Count(s, "@") != 1 {
		return false
	}
	domain := s[at+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".")
}

const trailingPunct = ".,:;!"

// trimPunctuation splits word into leading wrapping punctuation ('(' and
// '['), the middle, and trailing punctuation: closing brackets that are
// unbalanced in the middle and the characters .,:;! (looked for after
// unescaping HTML entities, so that "&amp;" keeps its ';'). It repeats until
// nothing changes, keeping bracket counts up to date so that every step is
// constant time and the whole is linear in the word.
func trimPunctuation(word string) (lead, middle, trail string) {
	lo, hi := 0, len(word)
	var count [256]int
	for i := 0; i < len(word); i++ {
		count[word[i]]++
	}
	pairs := [2][2]byte{{'(', ')'}, {'[', ']'}}
	for changed := true; changed; {
		changed = false
		for _, p := range pairs {
			if lo < hi && word[lo] == p[0] {
				count[p[0]]--
				lo++
				changed = true
			}
			if lo < hi && word[hi-1] == p[1] && count[p[1]] == count[p[0]]+1 {
				count[p[1]]--
				hi--
				changed = true
			}
		}
		if n := trailingPunctCount(word[lo:hi]); n > 0 {
			for ; n > 0 && hi > lo; n-- {
				_, size := utf8.DecodeLastRuneInString(word[lo:hi])
				for k := hi - size; k < hi; k++ {
					count[word[k]]--
				}
				hi -= size
			}
			changed = true
		}
	}
	return word[:lo], word[lo:hi], word[hi:]
}

// trailingPunctCount counts the characters of .,:;! that end the text of s
// once HTML entities are decoded.
func trailingPunctCount(s string) int {
	count := 0
	end := len(s)
	for end > 0 {
		if j := entityStart(s, end); j >= 0 {
			if dec := pyUnescape(s[j:end]); dec != s[j:end] {
				k := len(dec)
				for k > 0 && strings.IndexByte(trailingPunct, dec[k-1]) >= 0 {
					count++
					k--
				}
				if k > 0 {
					return count
				}
				end = j
				continue
			}
		}
		if strings.IndexByte(trailingPunct, s[end-1]) < 0 {
			return count
		}
		count++
		end--
	}
	return count
}

// entityStart returns the index of the '&' of a character reference that
// ends s[:end], or -1. It looks back a bounded distance.
func entityStart(s string, end int) int {
	k := end
	if s[k-1] == ';' {
		k--
	}
	stop := max(k-40, 0)
	for i := k - 1; i >= stop; i-- {
		switch c := s[i]; c {
		case '&':
			if i+1 < k {
				return i
			}
			return -1
		case '\t', '\n', '\f', ' ', '<', ';':
			return -1
		case '#':
			if i > 0 && s[i-1] == '&' && i+1 < k {
				return i - 1
			}
			return -1
		}
	}
	return -1
}

var errIDNA = errors.New("label empty or too long")

// punycode converts a host name to its ASCII (IDNA) form: ASCII labels are
// kept as they are; others are lower-cased, NFKC-normalised and encoded
// as "xn--" labels. Empty inner labels and labels of 64 or more characters
// are errors, as in Python's idna codec.
func punycode(host string) (string, error) {
	if host == "" {
		return "", nil
	}
	ascii := isASCII(host)
	labels := strings.Split(host, ".")
	if !ascii {
		labels = splitDots(host)
	}
	trailingDot := false
	if !ascii && len(labels) > 1 && labels[len(labels)-1] == "" {
		labels, trailingDot = labels[:len(labels)-1], true
	}
	for i, l := range labels {
		last := i == len(labels)-1
		if ascii {
			if (!last && l == "") || len(l) >= 64 {
				return "", errIDNA
			}
			continue
		}
		if isASCII(l) {
			if l == "" || len(l) >= 64 {
				return "", errIDNA
			}
			continue
		}
		if utf8.RuneCountInString(l) >= 60 || hasPrefixFold(l, "xn--") {
			return "", errIDNA
		}
		l = norm.NFKC.String(strings.ToLower(l))
		if !isASCII(l) {
			l = "xn--" + encodePunycode(l)
		}
		if l == "" || len(l) >= 64 {
			return "", errIDNA
		}
		labels[i] = l
	}
	out := strings.Join(labels, ".")
	if trailingDot {
		out += "."
	}
	return out, nil
}

// splitDots splits a host name on the dots IDNA recognises: '.', U+3002,
// U+FF0E and U+FF61.
func splitDots(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		if r == '.' || r == '\u3002' || r == '\uff0e' || r == '\uff61' {
			out = append(out, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(out, s[start:])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// encodePunycode is the Bootstring encoding of RFC 3492 with Punycode's
// parameters.
func encodePunycode(s string) string {
	const (
		base, tmin, tmax, skew, damp = 36, 1, 26, 38, 700
		initialBias, initialN        = 72, 128
	)
	adapt := func(delta, numPoints int, first bool) int {
		if first {
			delta /= damp
		} else {
			delta /= 2
		}
		delta += delta / numPoints
		k := 0
		for delta > ((base-tmin)*tmax)/2 {
			delta /= base - tmin
			k += base
		}
		return k + (base-tmin+1)*delta/(delta+skew)
	}
	digit := func(d int) byte {
		if d < 26 {
			return byte('a' + d)
		}
		return byte('0' + d - 26)
	}
	runes := []rune(s)
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := len(out)
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := initialN, 0, initialBias
	for h < len(runes) {
		m := int(unicode.MaxRune) + 1
		for _, r := range runes {
			if int(r) >= n && int(r) < m {
				m = int(r)
			}
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if int(r) < n {
				delta++
			}
			if int(r) == n {
				q := delta
				for k := base; ; k += base {
					t := k - bias
					if t < tmin {
						t = tmin
					} else if t > tmax {
						t = tmax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(base-t)))
					q = (q - t) / (base - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out)
}
