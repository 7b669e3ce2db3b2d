package template

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/template/value"
)

// TestNumberLiteralUnderscores checks that numeric literals take
// underscores between digits, as Python's int() and float() do, and that
// other underscores leave the token a (rejected) variable name.
func TestNumberLiteralUnderscores(t *testing.T) {
	eng := New(Config{})
	renders(t, eng, map[string]string{
		"{{ 1_000 }}":               "1000",
		"{{ 1e1_0 }}":               "10000000000.0",
		"{{ 1_0.2_5 }}":             "10.25",
		"{{ 1_000|add:1 }}":         "1001",
		"{{ 1__0 }}":                "",
		"{{ 10_ }}":                 "",
		"{% widthratio 1_0 20 4 %}": "2",
	})
}

// TestNumberLiteralRange checks literals beyond float64 (inf, as Python's
// float() gives) and integers beyond int64 (exact, as Python's int is).
func TestNumberLiteralRange(t *testing.T) {
	eng := New(Config{})
	renders(t, eng, map[string]string{
		"{{ 1e999 }}":                    "inf",
		"{{ -1e999 }}":                   "-inf",
		"{{ 99999999999999999999 }}":     "99999999999999999999",
		"{% if 1e999 > 1 %}y{% endif %}": "y",
	})
}

// TestBlockSuperErrors checks that {{ block.super }} outside inheritance is
// a syntax error at render (as in Django), and that an error other than a
// failed lookup, rendering the parent's block, is reported, not swallowed.
func TestBlockSuperErrors(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"base.html": "{% block a %}{{ x|default:nope }}{% endblock %}",
		"inc.html":  "{% block a %}{{ block.super }}{% endblock %}",
		"bad.html":  "{% block a %}{% include 'inc.html' %}{% endblock %}",
	}})
	for src, want := range map[string]error{
		"{% block a %}{{ block.super }}{% endblock %}":                                 ErrSyntax,
		"{% block a %}{% if block.super %}x{% endif %}{% endblock %}":                  ErrSyntax,
		"{% block a %}{{ x|default:block.super }}{% endblock %}":                       ErrSyntax,
		"{% block a %}{% firstof block.super 'z' %}{% endblock %}":                     ErrSyntax,
		"{% extends 'base.html' %}{% block a %}{% include 'inc.html' %}{% endblock %}": ErrSyntax,
		"{% extends 'bad.html' %}{% block a %}{{ block.super }}{% endblock %}":         ErrSyntax,
	} {
		tm, err := eng.FromString(src)
		if err != nil {
			t.Fatalf("compile %q: %v", src, err)
		}
		_, err = tm.RenderString(context.Background(), nil)
		if !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", src, err, want)
		}
	}
	// A failed lookup inside the parent's block makes block.super missing.
	if got := render(t, eng, "{% extends 'base.html' %}{% block a %}[{{ block.super }}]{% endblock %}", nil); got != "[]" {
		t.Errorf("super with a failed lookup = %q, want %q", got, "[]")
	}
	if got := render(t, eng, "{% extends 'inc.html' %}{% block a %}[{{ block.super }}]{% endblock %}", nil); got != "[]" {
		t.Errorf("super of the most basic block = %q, want %q", got, "[]")
	}
}

// TestWidthRatioBigInt checks that widthratio takes integers beyond int64,
// as Python's float() does.
func TestWidthRatioBigInt(t *testing.T) {
	eng := New(Config{})
	big := value.FromJSON(json.Number("100000000000000000000"))
	if got := render(t, eng, "{% widthratio big 1 1 %}", map[string]any{"big": big}); got != "100000000000000000000" {
		t.Errorf("got %q", got)
	}
}

// TestExtendsAfterLiteralTags checks that {% templatetag %} and
// {% verbatim %} count as tags before {% extends %}, as in Django, while
// {# comments #} do not.
func TestExtendsAfterLiteralTags(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"base.html": "[{% block p %}P{% endblock %}]"}})
	for _, src := range []string{
		"{% templatetag openblock %}{% extends 'base.html' %}",
		"{% verbatim %}x{% endverbatim %}{% extends 'base.html' %}",
	} {
		if _, err := eng.FromString(src); !errors.Is(err, ErrSyntax) {
			t.Errorf("%s: got %v, want a syntax error", src, err)
		}
	}
	if got := render(t, eng, "{# c #} {% extends 'base.html' %}", nil); got != " [P]" {
		t.Errorf("comment before extends: got %q", got)
	}
	if got := render(t, eng, "{% templatetag openblock %}{% verbatim %}{{ x }}{% endverbatim %}", nil); got != "{%{{ x }}" {
		t.Errorf("literal tags render %q", got)
	}
}

// TestForUnpackValueError checks that a for loop unpacking the wrong
// number of values fails with Django's ValueError.
func TestForUnpackValueError(t *testing.T) {
	eng := New(Config{})
	tm, err := eng.FromString("{% for a, b in l %}{{ a }}{% endfor %}")
	if err != nil {
		t.Fatal(err)
	}
	_, err = tm.RenderString(context.Background(), map[string]any{"l": []any{[]any{1, 2, 3}}})
	if !errors.Is(err, value.ErrValue) {
		t.Errorf("got %v, want a value error", err)
	}
}

// TestUnicodeKwargNames checks that keyword arguments take names of any
// letters and numbers, as Python's \w does.
func TestUnicodeKwargNames(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"inc.html": "{{ é }}"}})
	renders(t, eng, map[string]string{
		"{% with é=1 %}{{ é }}{% endwith %}":   "1",
		"{% with x²=2 %}{{ x² }}{% endwith %}": "2",
		"{% include 'inc.html' with é=3 %}":    "3",
	})
}

// TestNowFormatArgument checks that {% now %} drops the first and last
// characters of its argument whatever they are, and that an empty format
// means DATE_FORMAT, as in Django.
func TestNowFormatArgument(t *testing.T) {
	eng := New(Config{Now: func() time.Time { return time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC) }})
	renders(t, eng, map[string]string{
		`{% now 'Y" %}`:               "2024",
		`{% now XYX %}`:               "2024",
		`{% now Y as v %}[{{ v }}]`:   "[March 5, 2024]",
		`{% now '' %}`:                "March 5, 2024",
		`{% now "Y" as v %}[{{ v }}]`: "[2024]",
	})
}

// TestURLAsWithoutReverser checks that {% url ... as v %} still fails when
// the engine has no Reverser (Django fails without a URLconf; "as" only
// swallows a failed reverse).
func TestURLAsWithoutReverser(t *testing.T) {
	tm, err := New(Config{}).FromString(`{% url "x" as v %}[{{ v }}]`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.RenderString(context.Background(), nil); !errors.Is(err, ErrNoReverser) {
		t.Errorf("got %v, want ErrNoReverser", err)
	}
}

// TestForloopVariableBecomesParentloop checks Django's rule that whatever a
// variable named forloop holds when the outermost loop starts is that
// loop's parentloop.
func TestForloopVariableBecomesParentloop(t *testing.T) {
	eng := New(Config{})
	data := map[string]any{"forloop": "fake", "l": []any{1}, "n": nil}
	for src, want := range map[string]string{
		"{% for x in l %}{{ forloop.parentloop }}{% endfor %}":                                        "fake",
		"{% with forloop=n %}{% for x in l %}{{ forloop.parentloop }}{% endfor %}{% endwith %}":       "None",
		"{% for x in l %}{% for y in l %}{{ forloop.parentloop.parentloop }}{% endfor %}{% endfor %}": "fake",
		"{% for x in l %}{{ forloop }}{% endfor %}":                                                   "{&#x27;parentloop&#x27;: &#x27;fake&#x27;, &#x27;counter0&#x27;: 0, &#x27;counter&#x27;: 1, &#x27;revcounter&#x27;: 1, &#x27;revcounter0&#x27;: 0, &#x27;first&#x27;: True, &#x27;last&#x27;: True}",
	} {
		if got := render(t, eng, src, data); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
	if got := render(t, eng, "{% for x in l %}{{ forloop.parentloop }}{% endfor %}", map[string]any{"l": []any{1}}); got != "{}" {
		t.Errorf("no forloop variable: %q", got)
	}
}

// TestRelativeNames checks Django's construct_relative_path rules: a
// template made from a string cannot use "./" names, names may not climb
// out of the template's folders, {% extends %} may not name its own
// template, while {% include %} may (modern Django allows recursion).
func TestRelativeNames(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"dir/a.html":    "A{% include './b.html' %}",
		"dir/b.html":    "B",
		"dir/out.html":  "{% include '../../x.html' %}",
		"dir/self.html": "{% extends './self.html' %}",
		"dir/var.html":  "{% include x %}",
		"/dir/abs.html": "{% include './b.html' %}",
		"dir/rec.html":  "{% if n %}{% include './rec.html' with n=n|add:-1 %}{% endif %}{{ n }}",
	}})
	for _, src := range []string{"{% include './dir/b.html' %}", "{% extends '../x.html' %}"} {
		if _, err := eng.FromString(src); !errors.Is(err, ErrSyntax) {
			t.Errorf("%s: got %v, want a syntax error", src, err)
		}
	}
	for src, want := range map[string]error{
		"{% include 'dir/out.html' %}":  ErrSyntax,
		"{% include 'dir/self.html' %}": ErrSyntax,
		"{% include x %}":               ErrSyntax,
	} {
		tm, err := eng.FromString(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tm.RenderString(context.Background(), map[string]any{"x": "./dir/b.html"}); !errors.Is(err, want) {
			t.Errorf("%s: got %v, want %v", src, err, want)
		}
	}
	for src, want := range map[string]string{
		"{% include 'dir/a.html' %}":            "AB",
		"{% include 'dir/var.html' %}":          "B",
		"{% include '/dir/abs.html' %}":         "B",
		"{% include 'dir/rec.html' with n=2 %}": "012",
	} {
		if got := render(t, eng, src, map[string]any{"x": "./b.html"}); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

// TestBlockRepr checks that {{ block }} prints like Django's BlockNode repr,
// its nodes as Django's node classes print themselves.
func TestBlockRepr(t *testing.T) {
	eng := New(Config{DisableAutoescape: true})
	src := "{% block b %}abcdefghijklmnopqrstuvwxyz0 it's {{ block|upper }}{% for x, y in l reversed %}{% endfor %}{% if 1 %}{% endif %}{% with a=1 %}{% endwith %}{% block c %}{% endblock %}{% endblock %}"
	want := "abcdefghijklmnopqrstuvwxyz0 it's <BLOCK NODE: B. CONTENTS: [<TEXTNODE: 'ABCDEFGHIJKLMNOPQRSTUVWXY'>, <VARIABLE NODE: BLOCK|UPPER>, <FORNODE: FOR X, Y IN L, TAIL_LEN: 0 REVERSED>, <IFNODE>, <WITHNODE>, <BLOCK NODE: C. CONTENTS: []>]>"
	if got := render(t, eng, src, nil); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// renders checks that each template source renders as given, with no data.
func renders(t *testing.T, eng *Engine, cases map[string]string) {
	t.Helper()
	for src, want := range cases {
		if got := render(t, eng, src, nil); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}
