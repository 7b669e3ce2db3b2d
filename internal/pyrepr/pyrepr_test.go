package pyrepr

import "testing"

// Outputs as CPython 3.11 prints repr(s) and ascii(s).
func TestQuote(t *testing.T) {
	cases := []struct {
		in         string
		repr, asci string
	}{
		{"", `''`, `''`},
		{"a b", `'a b'`, `'a b'`},
		{"it's", `"it's"`, `"it's"`},
		{`it's "x"`, `'it\'s "x"'`, `'it\'s "x"'`},
		{"back\\slash", `'back\\slash'`, `'back\\slash'`},
		{"é\n\x00\u2028", `'é\n\x00\u2028'`, `'\xe9\n\x00\u2028'`},
		{"\t\r\x7f", `'\t\r\x7f'`, `'\t\r\x7f'`},
		{"\u00ad日本", `'\xad日本'`, `'\xad\u65e5\u672c'`},
		{"\U0001F600\U000E0001", `'😀\U000e0001'`, `'\U0001f600\U000e0001'`},
		{"\xff", `'\xff'`, `'\xff'`},
	}
	for _, c := range cases {
		if got := Quote(c.in, false); got != c.repr {
			t.Errorf("Quote(%q, false) = %s; want %s", c.in, got, c.repr)
		}
		if got := Quote(c.in, true); got != c.asci {
			t.Errorf("Quote(%q, true) = %s; want %s", c.in, got, c.asci)
		}
	}
}
