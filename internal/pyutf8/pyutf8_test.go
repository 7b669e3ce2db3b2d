package pyutf8

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestDecodeMatchesPython runs testdata/python_decode.json: byte strings
// (the edge cases of Table 3-8 and random ones rich in bytes 80–FF) with
// what CPython's bytes.decode("utf-8", "replace") made of them.
func TestDecodeMatchesPython(t *testing.T) {
	raw, err := os.ReadFile("testdata/python_decode.json")
	if err != nil {
		t.Fatal(err)
	}
	var corpus struct {
		Cases []struct{ In, Out string }
	}
	if err := json.Unmarshal(raw, &corpus); err != nil {
		t.Fatal(err)
	}
	if len(corpus.Cases) < 1000 {
		t.Fatalf("%d cases", len(corpus.Cases))
	}
	for _, c := range corpus.Cases {
		in, err1 := hex.DecodeString(c.In)
		want, err2 := hex.DecodeString(c.Out)
		if err1 != nil || err2 != nil {
			t.Fatalf("case %q: %v %v", c.In, err1, err2)
		}
		if got := Decode(string(in)); got != string(want) {
			t.Errorf("Decode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"café ☕ 😀", "café ☕ 😀"},
		{"\xe2\x82", "\uFFFD"},                 // truncated: one subpart
		{"\xe2\x82A", "\uFFFDA"},               // cut short by an ASCII byte
		{"\xff\xfe", "\uFFFD\uFFFD"},           // two bytes that lead nothing
		{"\xed\xa0\x80", "\uFFFD\uFFFD\uFFFD"}, // a surrogate: ED then A0 does not fit
		{"\xf0\x9f\x98", "\uFFFD"},
		{"\xf0\x9f\x98\x80", "😀"},
	} {
		if got := Decode(c.in); got != c.want {
			t.Errorf("Decode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"", "abc", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xf1\x80\x80\xe1\x80\xc2b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Decode(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Decode(%q) = %q: not UTF-8", s, got)
		}
		if utf8.ValidString(s) && got != s {
			t.Fatalf("Decode changed valid %q to %q", s, got)
		}
		// Every valid character survives, and no more replacements are
		// made than Go's one per invalid byte, nor fewer than its one per
		// run of them.
		n := strings.Count(got, "\uFFFD") - strings.Count(s, "\uFFFD")
		runs, invalid := 0, 0
		for i, prev := 0, false; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			bad := r == utf8.RuneError && size == 1
			if bad {
				invalid++
				if !prev {
					runs++
				}
			}
			prev = bad
			i += size
		}
		if n < runs || n > invalid {
			t.Fatalf("Decode(%q) = %q: %d replacements, want %d..%d", s, got, n, runs, invalid)
		}
	})
}
