package filters

import "testing"

// TestUnquoteInvalidUTF8: escaped bytes that are not UTF-8 decode as
// Python's urllib.parse.unquote decodes them (errors="replace"): one
// U+FFFD per maximal subpart, not per byte nor per run.
func TestUnquoteInvalidUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"%E2%82%AC": "€",
		"%E2%82":    "\uFFFD",
		"%E2%82A":   "\uFFFDA",
		"%FF%FE":    "\uFFFD\uFFFD",
		"%ED%A0%80": "\uFFFD\uFFFD\uFFFD",
		"%zz%41":    "%zzA",
	} {
		if got := unquote(in); got != want {
			t.Errorf("unquote(%q) = %q, want %q", in, got, want)
		}
	}
}
