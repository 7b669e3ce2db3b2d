package urls

import (
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestTranslateRegex(t *testing.T) {
	tests := []struct {
		py, goSrc string
		names     []string
	}{
		{`^a/(?P<year>[0-9]{4})/$`, `^a/([0-9]{4})/$`, []string{"year"}},
		{`^(\d+)-(?:x|y)\Z`, `^([\p{Nd}]+)-(?:x|y)\z`, []string{""}},
		{`a{,3}b{2,}c{x}d{}`, `a{0,3}b{2,}c\{x\}d\{\}`, nil},
		{`[\w.-]+\s`, `[\p{L}\p{N}_.-]+[\t\n\v\f\r \x{1c}-\x{1f}\x{85}\p{Z}]`, nil},
		{`(?a)\d\w`, `[0-9][0-9A-Za-z_]`, nil},
		{`(?i)abc`, `(?i)abc`, nil},
		{`(?iu:x)`, `(?i:x)`, nil},
		{`\u00e9\x41\101\0`, `\x{00e9}\x{41}\x{41}\x{0}`, nil},
		{`[]a]`, `[\]a]`, nil},
		{`[[:x]`, `[\[:x]`, nil},
		{`a\ b\-c`, `a\x{20}b\-c`, nil},
		{`(?#comment)x`, `x`, nil},
		{`(?<n>x)`, `(x)`, []string{"n"}},
		{`x*?y+?z??`, `x*?y+?z??`, nil},
		{`\D\W`, `\P{Nd}[^\p{L}\p{N}_]`, nil},
		{`\é`, `é`, nil},
	}
	for _, tt := range tests {
		got, names, err := translateRegex(tt.py)
		if err != nil || got != tt.goSrc || !reflect.DeepEqual(names, tt.names) {
			t.Errorf("translateRegex(%q) = %q %q %v, want %q %q", tt.py, got, names, err, tt.goSrc, tt.names)
			continue
		}
		if _, err := regexp.Compile(got); err != nil {
			t.Errorf("%q: Go rejects %q: %v", tt.py, got, err)
		}
	}
	for _, bad := range []string{`(?=x)`, `(?!x)`, `(?<=x)`, `(?<!x)`, `(?>x)`, `a++`, `(?x)a`, `(?(1)a)`, `\N{DASH}`, `[\W]`} {
		if _, _, err := translateRegex(bad); !errors.Is(err, ErrUnsupportedRegex) {
			t.Errorf("translateRegex(%q) = %v, want ErrUnsupportedRegex", bad, err)
		}
	}
	for _, bad := range []string{`(?P=n)`, `(?P<n>x)(?P=m)`, `(?P<n>x(?P=n))`, `(a)\2`, `\1(a)`, `(?P<n>x)(?P=n`, `(?P<a>x)(?P<a>y)`, `(?P<1a>x)`, `[abc`, `\`, `(?)`, `(?P<a`} {
		if _, _, err := translateRegex(bad); err == nil {
			t.Errorf("translateRegex(%q) succeeded", bad)
		}
	}
}

func TestUnicodeClasses(t *testing.T) {
	src, _, _ := translateRegex(`^\w+\d$`)
	re := regexp.MustCompile(src)
	for s, want := range map[string]bool{"été٣": true, "a_1": true, "a-1": false} {
		if re.MatchString(s) != want {
			t.Errorf("%q: got %v", s, !want)
		}
	}
}

func show(ps []possibility) []string {
	var out []string
	for _, p := range ps {
		var b strings.Builder
		for _, t := range p.toks {
			if t.slot {
				b.WriteString("%(" + t.param + ")s")
			} else {
				b.WriteString(t.lit)
			}
		}
		out = append(out, b.String()+" "+strings.Join(p.params, ","))
	}
	return out
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`^articles/(?P<year>[0-9]+)/\Z`, []string{"articles/%(year)s/ year"}},
		{`^legacy/([0-9]+)/([a-z]+)/$`, []string{"legacy/%(_0)s/%(_1)s/ _0,_1"}},
		{`^pages/(?:page-(?P<num>[0-9]+)/)?$`, []string{"pages/ ", "pages/page-%(num)s/ num"}},
		{`^a?b*c+d{3}e{0,2}$`, []string{"cddd "}},
		{`^[abc]x\d\w\s\W.$`, []string{"ax0x !. "}},
		{`^(?:a|b)$`, []string{" "}},
		{`^x(?=y)z$`, []string{"xz "}},
		{`^(?P<a>x)(?P=a)$`, []string{"%(a)s%(a)s a"}},
		// Django's normalize does not look for groups inside a part made
		// optional: the outer optional part is dropped whole.
		{`^(?:(?P<g1>y)*%)?z$`, []string{"z "}},
		{`^(?:a(?P<g1>y)*b)?z$`, []string{"z "}},
		{`^(?:(?P<g1>y)%)?z$`, []string{"z ", "%(g1)s%z g1"}},
		{`^(?:(?:(?P<g1>y))?)?z$`, []string{"z "}},
		{`^(?:(?:(?P<g1>y)))?z$`, []string{"z ", "%(g1)sz g1"}},
		{`^\Ax\bz\Z$`, []string{"xz "}},
		{`^(?i)x`, nil},
	}
	for _, tt := range tests {
		got, err := normalize(tt.src)
		if tt.want == nil {
			if !errors.Is(err, errNonReversible) {
				t.Errorf("normalize(%q) = %v, %v; want non-reversible", tt.src, show(got), err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(show(got), tt.want) {
			t.Errorf("normalize(%q) = %q, %v; want %q", tt.src, show(got), err, tt.want)
		}
	}
	if _, err := normalize(strings.Repeat("(a)?", 12)); !errors.Is(err, errNonReversible) {
		t.Errorf("2^12 shapes: %v", err)
	}
}

func TestParseRoute(t *testing.T) {
	lookup := func(n string) (Converter, bool) { return builtinConverter(n) }
	tests := []struct {
		route, re string
		ok        bool
	}{
		{"a/<int:x>/", `^a/(?P<x>[0-9]+)/\Z`, true},
		{"<x>", `^(?P<x>[^/]+)\Z`, true},
		{"a.b-c<>", `^a\.b\-c<>\Z`, true},
		{"a<b", `^a<b\Z`, true},
		{"<:x>", "", false},
		{"<a:b:c>", "", false},
		{"<int: x>", "", false},
		{"<nope:x>", "", false},
		{"<x>/<x>", "", false},
		{"<1x>", "", false},
	}
	for _, tt := range tests {
		_, re, err := parseRoute(tt.route, true, lookup)
		if (err == nil) != tt.ok || tt.ok && re != tt.re {
			t.Errorf("parseRoute(%q) = %q, %v", tt.route, re, err)
		}
		if err != nil && !errors.Is(err, ErrBadPattern) {
			t.Errorf("parseRoute(%q): %v does not wrap ErrBadPattern", tt.route, err)
		}
	}
}

func TestRegexLiteralPrefix(t *testing.T) {
	for src, want := range map[string]string{
		`^archive/(?P<y>\d+)/$`: "archive/",
		`^a\.b/c?`:              "a.b/",
		`tail/$`:                "",
		`^a|b`:                  "",
		`^(?i)abc`:              "",
		`^ab{2}`:                "a",
		`^été/x`:                "été/x",
	} {
		if got := regexLiteralPrefix(src); got != want {
			t.Errorf("regexLiteralPrefix(%q) = %q, want %q", src, got, want)
		}
	}
}

func TestQuotePathAndText(t *testing.T) {
	if got := quotePath("/a b/é?#%~!$&'()*+,;=:@"); got != "/a%20b/%C3%A9%3F%23%25~!$&'()*+,;=:@" {
		t.Errorf("quotePath = %q", got)
	}
	for v, want := range map[any]string{1: "1", int64(-2): "-2", true: "True", nil: "None", 1.5: "1.5", 2.0: "2.0", 1e16: "1e+16", 0.00001: "1e-05", "s": "s", UUID{}: "00000000-0000-0000-0000-000000000000"} {
		if got := text(v); got != want {
			t.Errorf("text(%#v) = %q, want %q", v, got, want)
		}
	}
}

func TestUUID(t *testing.T) {
	u, err := ParseUUID("12345678-9ABC-def0-1234-56789abcdef0")
	if err != nil || u.String() != "12345678-9abc-def0-1234-56789abcdef0" {
		t.Errorf("got %v %v", u, err)
	}
	for _, bad := range []string{"", "12345678123456781234567812345678", "1234567g-1234-1234-1234-123456789abc"} {
		if _, err := ParseUUID(bad); !errors.Is(err, ErrBadUUID) {
			t.Errorf("ParseUUID(%q) = %v", bad, err)
		}
	}
	var v UUID
	if err := v.UnmarshalText([]byte(u.String())); err != nil || v != u {
		t.Errorf("UnmarshalText: %v", err)
	}
}

func TestEqualValues(t *testing.T) {
	type holder struct{ X any }
	tests := []struct {
		a, b any
		want bool
	}{
		{1, 1.0, true}, {1, int64(1), true}, {true, 1, true}, {"1", 1, false}, {nil, nil, true},
		{holder{[]int{1}}, holder{[]int{1}}, true}, {holder{[]int{1}}, holder{[]int{2}}, false}, {[]int{1}, []int{1}, true},
	}
	for _, tt := range tests {
		if got := equalValues(tt.a, tt.b); got != tt.want {
			t.Errorf("equalValues(%#v, %#v) = %v", tt.a, tt.b, got)
		}
	}
}
