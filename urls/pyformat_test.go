package urls

import (
	"errors"
	"testing"
)

// Python's format % {'x': '3', 'y': "a'b"}, as /usr/bin/python3 prints it.
func TestPyFormat(t *testing.T) {
	subs := map[string]string{"x": "3", "y": "a'b"}
	order := []string{"x", "y"}
	ok := map[string]string{
		"a%%b":      "a%b",
		"a%s":       `a{'x': '3', 'y': "a'b"}`,
		"a%.1s":     "a{",
		"a%(x)s":    "a3",
		"a%(x)5s":   "a    3",
		"a%(x)-3s|": "a3  |",
		"a%(x)r":    "a'3'",
		"a%(y)r":    `a"a'b"`,
		"a%(x)c":    "a3",
		"a%ls":      `a{'x': '3', 'y': "a'b"}`,
	}
	for f, want := range ok {
		if got, err := pyFormat(f, subs, order); err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", f, got, err, want)
		}
	}
	bad := map[string]string{
		"a%b": "ValueError", "a%": "ValueError", "a%(x)d": "TypeError", "a%(z)s": "KeyError",
		"a%d": "TypeError", "a%5%b": "ValueError", "a%*s": "TypeError", "a%.*s": "TypeError",
		"a%hd": "TypeError", "a%(x": "ValueError", "a%(x(y))s": "KeyError", "a%c": "TypeError",
		"a%(x)%": "ValueError", "a%é": "ValueError", "a%(y)c": "TypeError",
	}
	for f, want := range bad {
		if got, err := pyFormat(f, subs, order); err == nil || err.Python != want {
			t.Errorf("%q: got %q, %v; want %s", f, got, err, want)
		}
	}
	if got := pyReprASCII("é\n\x00\u2028", false); got != `'é\n\x00\u2028'` {
		t.Errorf("repr: %s", got)
	}
	if got := pyReprASCII("é", true); got != `'\xe9'` {
		t.Errorf("ascii: %s", got)
	}
}

// A literal "%" in a route: resolving takes it as text, reversing fails as
// Django 3.2's reverse() does (it %-formats the route's text).
func TestPercentInRoute(t *testing.T) {
	r := NewRouter()
	r.Add(
		Path("a%b/", namedView("v1"), "pct"),
		Path("p%d/<int:x>/", namedView("v2"), "pct2"),
		Path("q%(x)s/<x>/", namedView("v3"), "pct3"),
		Path("r%%/", namedView("v4"), "pct4"),
		Path("s%(x)s/<path:x>", namedView("v5"), "pct5"),
		RePath(`^(?P<a>[a-z]+)?-(?P=a)/$`, namedView("v6"), "missing"),
		Include("inc%/", Patterns{Path("c/", namedView("v7"), "incpct")}, "", ""),
	)
	for path, view := range map[string]string{"/a%b/": "v1", "/p%d/3/": "v2", "/q%(x)s/z/": "v3", "/r%%/": "v4", "/inc%/c/": "v7"} {
		if m, err := r.Resolve(path); err != nil || m.View != namedView(view) {
			t.Errorf("resolve %q: %v, %v", path, m, err)
		}
	}
	for _, p := range []string{"/a%25b/", "/r%/"} {
		if _, err := r.Resolve(p); err == nil {
			t.Errorf("%q resolved", p)
		}
	}
	tests := []struct {
		name   string
		args   []any
		kwargs map[string]any
		python string // "NoReverseMatch", or the exception
	}{
		{"pct", nil, nil, "ValueError"},
		{"pct2", []any{3}, nil, "TypeError"},
		{"pct2", nil, map[string]any{"x": 3}, "TypeError"},
		{"pct2", []any{"x"}, nil, "TypeError"}, // int's ToURL takes any value
		{"pct3", nil, map[string]any{"x": "z"}, "NoReverseMatch"},
		{"pct4", nil, nil, "NoReverseMatch"},
		{"pct5", nil, map[string]any{"x": "a"}, "NoReverseMatch"}, // "sa/a" is not "s%(x)s/…"
		{"missing", nil, nil, "KeyError"},
		{"incpct", nil, nil, "ValueError"},
	}
	for _, tt := range tests {
		u, err := r.Reverse(tt.name, tt.args, tt.kwargs, "")
		var fe *FormatError
		switch {
		case tt.python == "NoReverseMatch":
			if !errors.Is(err, ErrNoReverseMatch) {
				t.Errorf("%s %v %v: got %q, %v; want NoReverseMatch", tt.name, tt.args, tt.kwargs, u, err)
			}
		case !errors.As(err, &fe) || fe.Python != tt.python || !errors.Is(err, ErrPercentFormat):
			t.Errorf("%s %v %v: got %q, %v; want %s", tt.name, tt.args, tt.kwargs, u, err, tt.python)
		}
	}
}
