package urls

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// Matches of patterns with backreferences, as Python's re.search gives
// them (span of the match, then of each group; nil for no match).
func TestBacktrackerBackrefs(t *testing.T) {
	tests := []struct {
		py, s string
		want  []int
	}{
		{`^(?P<a>[a-z]+)(?P=a)$`, "abab", []int{0, 4, 0, 2}},
		{`^(?P<a>[a-z]+)(?P=a)$`, "abcab", nil},
		{`^([a-z]*)-\1$`, "-", []int{0, 1, 0, 0}},
		{`(?i)^(?P<a>[a-z]+)/(?P=a)$`, "Ab/aB", []int{0, 5, 0, 2}},
		{`^(?:(a)|b)\1$`, "b", nil},
		{`^(?:(a)|b)\1?x$`, "bx", []int{0, 2, -1, -1}},
		{`^(a*)*\1$`, "aa", []int{0, 2, 2, 2}},
		{`^(?P<a>.+?)(?P=a)+$`, "xyxyxy", []int{0, 6, 0, 2}},
		{`^(\w+)\s\1`, "hello hello world", []int{0, 11, 0, 5}},
		{`x(\d)\1`, "ax11b", []int{1, 4, 2, 3}},
		{`^((a)|b)+\2$`, "aba", []int{0, 3, 1, 2, 0, 1}},
		{`^(a|ab)(c|bcd)(d*)\1$`, "abcda", []int{0, 5, 0, 1, 1, 4, 4, 4}},
		{`^br/(?P<a>[a-z]+)/(?P=a)/$`, "br/abc/abc/", []int{0, 11, 3, 6}},
		{`^br/(?P<a>[a-z]+)/(?P=a)/$`, "br/abc/abd/", nil},
		{`^(é+)-\1$`, "éé-éé", []int{0, 9, 0, 4}},
	}
	for _, tt := range tests {
		src, _, backrefs, err := translate(tt.py, false)
		if err != nil || !backrefs {
			t.Errorf("translate(%q) = %q, %v, %v", tt.py, src, backrefs, err)
			continue
		}
		m, err := compileRegex(src, true)
		if err != nil {
			t.Errorf("%q: %v", tt.py, err)
			continue
		}
		if got := m.FindStringSubmatchIndex(tt.s); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q on %q: got %v, want %v", tt.py, tt.s, got, tt.want)
		}
	}
}

// Without backreferences, the backtracker finds what regexp finds.
func TestBacktrackerAgreesWithRegexp(t *testing.T) {
	patterns := []string{
		`^a/([0-9]+)/(x|y)?/$`, `(a|ab)(c|bcd)(d*)`, `^(?:page-([0-9]+)/)?$`, `[a-z]+?(\d{2,3})`,
		`\bfoo\b`, `(?i)HeLLo(?:-(w+))?`, `^(.*)/(.*)$`, `(?s)a.b`, `x{2}(y{1,}?)z`, `(?m)^b$`,
		`(a+|b+)*c`, `^\A(\p{L}+)\z`, `([^/]+)/([^/]+)`, `a{0}b`, `(?U)a+`,
	}
	inputs := []string{"", "a/12/x/", "a/1//", "abcd", "abcdd", "page-3/", "xx12345", "a foo b", "foobar",
		"hello-www", "HELLO", "a/b/c", "a\nb", "xxyyz", "a\nb\nc", "aaabbbc", "ééé", "p/q", "b", "aaa"}
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		bt, err := compileBacktracker(p)
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		if bt.NumSubexp() != re.NumSubexp() {
			t.Errorf("%q: %d groups, want %d", p, bt.NumSubexp(), re.NumSubexp())
		}
		for _, s := range inputs {
			if got, want := bt.FindStringSubmatchIndex(s), re.FindStringSubmatchIndex(s); !reflect.DeepEqual(got, want) {
				t.Errorf("%q on %q: got %v, want %v", p, s, got, want)
			}
		}
	}
}

// A repeated part that can match nothing and holds a group: Python lets a
// last repetition match nothing and keeps the group's empty capture, where
// RE2 keeps the one before; such patterns run on the backtracker (falling
// back to RE2 past its step budget).
func TestEmptyLoopCaptureLikePython(t *testing.T) {
	for _, tt := range []struct {
		py, s string
		want  []int
	}{
		{`^[abc](?P<g1>\.?\d?)+\Z`, "b.", []int{0, 2, 2, 2}},
		{`^x(a?)*$`, "xaa", []int{0, 3, 3, 3}},
		{`^x(a|)+y$`, "xay", []int{0, 3, 2, 2}},
		{`^x(a)+y$`, "xaay", []int{0, 4, 2, 3}}, // not nullable: RE2
	} {
		src, _, _, err := translate(tt.py, false)
		if err != nil {
			t.Fatal(err)
		}
		m, err := compileRegex(src, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.FindStringSubmatchIndex(tt.s); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q on %q: got %v, want %v", tt.py, tt.s, got, tt.want)
		}
	}
	src, _, _, _ := translate(`^(a*)*(b?)*c$`, false)
	m, _ := compileRegex(src, false)
	if bt, ok := m.(*backtracker); !ok || bt.fallback == nil {
		t.Fatalf("%T", m)
	}
	if loc := m.FindStringSubmatchIndex(strings.Repeat("a", 30) + "c"); loc == nil {
		t.Error("no match past the step budget: the RE2 fallback should answer")
	}
}

// A pattern that backtracks exponentially gives up instead of hanging the
// resolver.
func TestBacktrackerBounded(t *testing.T) {
	src, _, _, err := translate(`^(a*)*(b)\2\1$`, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := compileRegex(src, true)
	if err != nil {
		t.Fatal(err)
	}
	if m.MatchString(strings.Repeat("a", 40) + "c") {
		t.Error("matched")
	}
}

// re_path patterns with backreferences resolve, and (?P=name) reverses, as
// in Django; a numeric one (\1) never reverses (Django reads it as the
// literal "1").
func TestBackrefRoutes(t *testing.T) {
	r := NewRouter()
	r.Add(
		RePath(`^br/(?P<a>[a-z]+)/(?P=a)/$`, namedView("br"), "br"),
		RePath(`^br2/([a-z]+)-\1/$`, namedView("br2"), "br2"),
	)
	if errs := r.Check(); len(errs) > 0 {
		t.Fatal(errs)
	}
	m, err := r.Resolve("/br/abc/abc/")
	if err != nil || m.View != namedView("br") || m.Kwargs()["a"] != "abc" {
		t.Fatalf("resolve: %v %v", m, err)
	}
	if _, err := r.Resolve("/br/abc/abd/"); err == nil {
		t.Error("/br/abc/abd/ resolved")
	}
	m, err = r.Resolve("/br2/ab-ab/")
	if err != nil || m.View != namedView("br2") || !reflect.DeepEqual(m.Args, []any{"ab"}) {
		t.Fatalf("resolve: %v %v", m, err)
	}
	for _, args := range [][]any{nil, {"abc"}} {
		var kw map[string]any
		if args == nil {
			kw = map[string]any{"a": "abc"}
		}
		if u, err := r.Reverse("br", args, kw, ""); err != nil || u != "/br/abc/abc/" {
			t.Errorf("reverse br %v %v: %q %v", args, kw, u, err)
		}
	}
	if u, err := r.Reverse("br2", []any{"ab"}, nil, ""); err == nil {
		t.Errorf("reverse br2: %q", u)
	}
}

// \b and \B are Unicode-aware in Python's str patterns (ASCII with (?a)),
// ASCII-only in RE2: such patterns run on the backtracker. Matches as
// Python's re.search gives them.
func TestUnicodeWordBoundary(t *testing.T) {
	for _, tt := range []struct {
		py, s, want string
		ok          bool
	}{
		{`\bé`, "aé", "", false},
		{`^a\b`, "aé", "", false},
		{`(?a)^a\b`, "aé", "a", true},
		{`^x\B`, "x日", "x", true},
		{`^x\b`, "x-", "x", true},
		{`^日\b`, "日本", "", false},
		{`^1\b`, "1٣", "", false},
		{`\b\w+\b`, "  héllo ", "héllo", true},
		{`^\B$`, "", "", false},
		{`(?a)\B`, "", "", false},
		{`(?a)x\B`, "xé", "x", false},
		{`(?a)x\B`, "xy", "x", true},
		{`\B`, "-", "", true},
	} {
		src, _, bt, err := translate(tt.py, false)
		if err != nil {
			t.Fatal(err)
		}
		m, err := compileRegex(src, bt)
		if err != nil {
			t.Fatal(err)
		}
		loc := m.FindStringSubmatchIndex(tt.s)
		if (loc != nil) != tt.ok || loc != nil && tt.s[loc[0]:loc[1]] != tt.want {
			t.Errorf("%q on %q: got %v, want %q %v", tt.py, tt.s, loc, tt.want, tt.ok)
		}
	}
}
