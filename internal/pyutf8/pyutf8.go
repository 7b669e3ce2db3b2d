// Package pyutf8 reads bytes as UTF-8 the way Python's
// bytes.decode("utf-8", "replace") does, which is how Django decodes
// query strings, form fields and uploads: each maximal subpart of an
// ill-formed sequence becomes one U+FFFD (the Unicode Standard, §3.9,
// "U+FFFD Substitution of Maximal Subparts").
//
// Go's own readers differ: utf8.DecodeRune and range loops give one
// U+FFFD per invalid byte (two for a truncated three-byte sequence, where
// Python gives one), and strings.ToValidUTF8 one per run of invalid bytes
// (one for "\xff\xfe", where Python gives two).
package pyutf8

import (
	"strings"
	"unicode/utf8"
)

// Decode returns s with each maximal subpart of an ill-formed UTF-8
// sequence replaced by U+FFFD; valid text is returned as it is.
func Decode(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size > 1 {
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		b.WriteRune(utf8.RuneError)
		i += subpart(s[i:])
	}
	return b.String()
}

// subpart returns the length of the maximal subpart at the start of s,
// which does not begin a well-formed sequence: the lead byte and the
// continuation bytes that a well-formed sequence could have next, at least
// one byte.
func subpart(s string) int {
	lo, hi, n := second(s[0])
	if n == 0 {
		return 1 // not a lead byte: C0, C1, F5–FF or a lone continuation
	}
	i := 1
	for ; i < len(s) && i < n; i++ {
		if s[i] < lo || s[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF // after the second byte, any continuation byte
	}
	return i
}

// second returns, for a lead byte, the range its second byte must fall in
// and the length of its sequence (Table 3-7 of the Unicode Standard); n
// is 0 for a byte that cannot lead one.
func second(c byte) (lo, hi byte, n int) {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 0x80, 0xBF, 2
	case c == 0xE0:
		return 0xA0, 0xBF, 3
	case c == 0xED:
		return 0x80, 0x9F, 3
	case c >= 0xE1 && c <= 0xEF:
		return 0x80, 0xBF, 3
	case c == 0xF0:
		return 0x90, 0xBF, 4
	case c == 0xF4:
		return 0x80, 0x8F, 4
	case c >= 0xF1 && c <= 0xF3:
		return 0x80, 0xBF, 4
	}
	return 0, 0, 0
}
