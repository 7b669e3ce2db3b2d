// Package querydict reads query strings and urlencoded bodies as Django's
// QueryDict does (request.GET, and request.POST for
// application/x-www-form-urlencoded), which differs from net/url's
// ParseQuery: "&" is the only separator (a ";" is data), a malformed "%"
// escape is kept as it is rather than dropping its pair, blank values are
// kept, and text that is not UTF-8 is decoded as Python decodes it.
package querydict

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/internal/pyutf8"
)

// Text is the text of a raw query string or body, as QueryDict makes it of
// bytes: the bytes themselves when they are UTF-8, else their Latin-1
// reading as a whole ("some user agents are misbehaving"). Escapes are
// decoded by Parse, each as UTF-8.
func Text(data []byte) string {
	if utf8.Valid(data) {
		return string(data)
	}
	b := make([]byte, 0, len(data)+len(data)/2)
	for _, c := range data {
		b = utf8.AppendRune(b, rune(c))
	}
	return string(b)
}

// Fields is the number of fields QueryDict counts in text against
// DATA_UPLOAD_MAX_NUMBER_FIELDS: one more than its "&"s.
func Fields(text string) int { return strings.Count(text, "&") + 1 }

// Parse returns the fields of text (see Text), in order under each name.
func Parse(text string) url.Values {
	values := url.Values{}
	Each(text, func(k, v string) { values[k] = append(values[k], v) })
	return values
}

// Each calls fn with each field of text (see Text) in order, name and
// value unescaped. Empty pairs are skipped; a pair without "=" is a name
// with an empty value.
func Each(text string, fn func(name, value string)) {
	for pair := range strings.SplitSeq(text, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		fn(Unescape(k), Unescape(v))
	}
}

// Unescape decodes a query component leniently, as Python's unquote_plus
// does for QueryDict: "+" is a space, each valid %XX is decoded, a
// malformed escape is kept as it is, and escaped bytes that are not UTF-8
// become U+FFFD (internal/pyutf8).
func Unescape(s string) string {
	if !strings.ContainsAny(s, "+%") {
		return pyutf8.Decode(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b.WriteByte(' ')
		case c == '%':
			if e, ok := HexEscape(s, i); ok {
				b.WriteByte(e)
				i += 2
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return pyutf8.Decode(b.String())
}

// HexEscape returns the byte of the %XX escape at s[i], and whether
// there is a well-formed one there.
func HexEscape(s string, i int) (byte, bool) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, false
	}
	hi, ok1 := unhex(s[i+1])
	lo, ok2 := unhex(s[i+2])
	return hi<<4 | lo, ok1 && ok2
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
