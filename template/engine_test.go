package template

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/template/value"
)

func render(t *testing.T, eng *Engine, src string, data map[string]any) string {
	t.Helper()
	tm, err := eng.FromString(src)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	out, err := tm.RenderString(context.Background(), data)
	if err != nil {
		t.Fatalf("render %q: %v", src, err)
	}
	return out
}

type fortune struct {
	ID      int
	Message string
}

func (f fortune) Shout() string { return strings.ToUpper(f.Message) }

type person struct {
	FirstName string
	Tags      []string
}

func TestTags(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"inc.html":        "[{{ x }}{{ y }}]",
		"dir/a.html":      `{% include "./b.html" %}`,
		"dir/b.html":      "B",
		"parts.html":      `{% partialdef card %}<{{ n }}>{% endpartialdef %}page{% partial card %}`,
		"cyc.html":        `{% cycle 'x' 'y' %}`,
		"base.html":       `{% block a %}A{% endblock %}|{% block b %}B{% endblock %}`,
		"self_inc.html":   `{% include "self_inc.html" %}`,
		"with_block.html": `{% extends "base.html" %}{% block a %}{{ block.super }}+{% endblock %}`,
	}})
	tests := []struct {
		name, src string
		data      map[string]any
		want      string
	}{
		{"forloop counters", "{% for x in l %}{{ forloop.counter }}{{ forloop.counter0 }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{% if forloop.first %}F{% endif %}{% if forloop.last %}L{% endif %},{% endfor %}",
			map[string]any{"l": []any{"a", "b"}}, "1021F,2110L,"},
		{"parentloop", "{% for a in l %}{% for b in l %}{{ forloop.parentloop.counter }}{{ forloop.counter }} {% endfor %}{% endfor %}",
			map[string]any{"l": []int{1, 2}}, "11 12 21 22 "},
		{"parentloop outermost", "{% for x in l %}{{ forloop.parentloop }}{% endfor %}", map[string]any{"l": []any{1}}, "{}"},
		{"unpack", "{% for k, v in l %}{{ k }}={{ v }};{% endfor %}",
			map[string]any{"l": []any{[]any{"a", 1}, []any{"b", 2}}}, "a=1;b=2;"},
		{"unpack items", "{% for k, v in d.items %}{{ k }}={{ v }};{% endfor %}",
			map[string]any{"d": map[string]any{"b": 2, "a": 1}}, "a=1;b=2;"},
		{"loop var scoped", "{% for x in l %}{% endfor %}[{{ x }}]", map[string]any{"l": []any{1}}, "[]"},
		{"struct slice", "{% for f in fs %}{{ f.id }}:{{ f.message }}:{{ f.Shout }} {% endfor %}",
			map[string]any{"fs": []fortune{{1, "a<"}, {2, "b"}}}, "1:a&lt;:A&lt; 2:b:B "},
		{"struct snake", "{{ p.first_name }} {{ p.tags.1 }}", map[string]any{"p": &person{"Ada", []string{"x", "y"}}}, "Ada y"},
		{"ifchanged in loop", "{% for x in l %}{% ifchanged %}{{ x }}{% endifchanged %}{% endfor %}",
			map[string]any{"l": []any{1, 1, 2, 2, 1}}, "121"},
		{"ifchanged vars else", "{% for x in l %}{% ifchanged x %}{{ x }}{% else %}-{% endifchanged %}{% endfor %}",
			map[string]any{"l": []any{1, 1, 2}}, "1-2"},
		{"ifchanged resets per loop", "{% for r in rows %}{% for x in r %}{% ifchanged %}{{ x }}{% endifchanged %}{% endfor %}|{% endfor %}",
			map[string]any{"rows": []any{[]any{1, 1}, []any{1, 2}}}, "1|12|"},
		{"include with only", `{% include "inc.html" with x=1 only %}`, map[string]any{"y": 2}, "[1]"},
		{"include with", `{% include "inc.html" with x=1 %}`, map[string]any{"y": 2}, "[12]"},
		{"include list", `{% include names %}`, map[string]any{"names": []any{"nope.html", "inc.html"}, "x": "X"}, "[X]"},
		{"relative include", `{% include "dir/a.html" %}`, nil, "B"},
		{"partial", `{% include "parts.html" %}`, map[string]any{"n": 1}, "page<1>"},
		{"partial by name", `{% include "parts.html#card" %}`, map[string]any{"n": 2}, "<2>"},
		{"partial inline", `{% partialdef p inline %}[{{ v }}]{% endpartialdef p %}{% partial p %}`, map[string]any{"v": 1}, "[1][1]"},
		{"partial forward ref", `{% partial p %}{% partialdef p %}P{% endpartialdef %}`, nil, "P"},
		{"include own cycle state", `{% cycle 'a' 'b' as c %}{% include "cyc.html" %}{% include "cyc.html" %}{% cycle c %}`, nil, "axxb"},
		{"block super", `{% include "with_block.html" %}`, nil, "A+|B"},
		{"with legacy and", "{% with a as x and b as y %}{{ x }}{{ y }}{% endwith %}", map[string]any{"a": 1, "b": 2}, "12"},
		{"firstof escapes", "{% firstof a %}", map[string]any{"a": "<"}, "&lt;"},
		{"firstof autoescape off", "{% autoescape off %}{% firstof a %}{% endautoescape %}", map[string]any{"a": "<"}, "<"},
		{"cycle silent", "{% cycle 'a' 'b' as c silent %}{% cycle c %}[{{ c }}]", nil, "[b]"},
		{"resetcycle named", "{% cycle 'a' 'b' as c silent %}{% for x in l %}{% cycle c %}[{{ c }}]{% resetcycle c %}{% endfor %}", map[string]any{"l": []any{1, 2}}, "[b][a]"},
		{"resetcycle last", "{% for x in l %}{% cycle 'a' 'b' 'c' %}{% if forloop.counter == 2 %}{% resetcycle %}{% endif %}{% endfor %}", map[string]any{"l": []any{1, 2, 3, 4}}, "abab"},
		{"if precedence", "{% if a or b and c %}y{% else %}n{% endif %}", map[string]any{"a": true, "b": false, "c": false}, "y"},
		{"if not in", "{% if 4 not in l %}y{% endif %}", map[string]any{"l": []any{1, 2}}, "y"},
		{"if is small int", "{% if a is 1 %}y{% endif %}{% if b is 1000 %}n{% endif %}{% if b is b %}s{% endif %}", map[string]any{"a": 1, "b": 1000}, "ys"},
		{"if is same string", "{% if s is s %}y{% endif %}{% if s is 'x' %}n{% endif %}", map[string]any{"s": "x"}, "y"},
		{"if is not", "{% if x is not None %}y{% endif %}", map[string]any{"x": 0}, "y"},
		{"if comparison mismatch false", "{% if a < 'x' %}y{% else %}n{% endif %}", map[string]any{"a": 1}, "n"},
		{"if not of failed comparison", "{% if not a < 'x' %}y{% else %}n{% endif %}", map[string]any{"a": 1}, "y"},
		{"elif", "{% if a == 1 %}one{% elif a == 2 %}two{% else %}other{% endif %}", map[string]any{"a": 2}, "two"},
		{"filter tag chain", "{% filter lower|upper %}Ab{% endfilter %}", nil, "AB"},
		{"spaceless", "{% spaceless %} <a> \n <b> x </b> </a> {% endspaceless %}", nil, "<a><b> x </b></a>"},
		{"templatetag", "{% templatetag openvariable %}{% templatetag closecomment %}", nil, "{{#}"},
		{"verbatim named", "{% verbatim v %}{% endverbatim %}{% endverbatim v %}", nil, "{% endverbatim %}"},
		{"widthratio rounding", "{% widthratio 1 8 4 %}{% widthratio 3 8 4 %}", nil, "02"},
		{"lorem words", "{% lorem 3 w %}", nil, "lorem ipsum dolor"},
		{"lorem negative", "{% lorem -17 w %}", nil, "lorem ipsum"},
		{"lorem zero", "[{% lorem 0 w %}]", nil, "[]"},
		{"widthratio negative zero", "{% widthratio -1 10 4 %}", nil, "0"},
		{"lorem p", "{% lorem 1 p %}", nil, "<p>" + loremCommonP + "</p>"},
		{"regroup unpack", "{% regroup l by k as g %}{% for key, items in g %}{{ key }}{{ items|length }}{% endfor %}",
			map[string]any{"l": []any{map[string]any{"k": "a"}, map[string]any{"k": "a"}, map[string]any{"k": "b"}}}, "a2b1"},
		{"for over a map gives keys", "{% for k in d %}{{ k }}{% endfor %}", map[string]any{"d": map[string]any{"b": 1, "a": 2}}, "ab"},
		{"comment block", "a{% comment %}{% if %}{% endcomment %}b", nil, "ab"},
		{"csrf escapes", "{% csrf_token %}", map[string]any{"csrf_token": `a"b`}, `<input type="hidden" name="csrfmiddlewaretoken" value="a&quot;b">`},
		{"csrf func", "{% csrf_token %}", map[string]any{"csrf_token": func() string { return "t" }}, `<input type="hidden" name="csrfmiddlewaretoken" value="t">`},
		{"string literal arg", `{{ "a\"b" }}`, nil, `a"b`},
		{"negative number", "{{ -5 }}", nil, "-5"},
		{"safe string not escaped", "{{ s }}", map[string]any{"s": value.SafeString("<b>")}, "<b>"},
		{"true builtin shadowed", "{{ True }}", map[string]any{"True": "t"}, "t"},
		{"missing lookup", "[{{ a.b.c }}]", map[string]any{"a": map[string]any{}}, "[]"},
		{"unicode whitespace in tags", "{%\u3000if\u00a0a %}y{% endif %}{{\u00a0a\u2003}}{% with\u2009b=a %}{{ b }}{% endwith %}", map[string]any{"a": 1}, "y11"},
		{"separator whitespace", "{% if\x1fa %}y{% endif %}", map[string]any{"a": 1}, "y"},
		{"escapes in data", "{{ s }}", map[string]any{"s": `<'&">`}, "&lt;&#x27;&amp;&quot;&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, eng, tt.src, tt.data); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	eng := New(Config{})
	tests := []struct{ src, msg string }{
		{"{% for x in %}", "at least four words"},
		{"{% for x on l %}{% endfor %}", "format 'for x in y'"},
		{"{% for x| in l %}{% endfor %}", "invalid argument"},
		{"{% if a b %}{% endif %}", "Unused 'b'"},
		{"{% if and %}{% endif %}", "Not expecting 'and' in this position"},
		{"{% if a not b %}{% endif %}", "Not expecting 'not' as infix"},
		{"{% if a %}{% else x %}{% endif %}", "Malformed template tag"},
		{"{% block a %}{% endblock b %}", "Invalid block tag"},
		{"{% block a %}{% endblock %}{% block a %}{% endblock %}", "appears more than once"},
		{"x{{ y }}{% extends 'a' %}", "must be the first tag"},
		{"{% extends 'a' %}{% extends 'b' %}", "cannot appear more than once"},
		{"{% cycle a %}", "No named cycles"},
		{"{% cycle 'a' 'b' as c %}{% cycle d %}", "Named cycle 'd' does not exist"},
		{"{% resetcycle %}", "No cycles in template"},
		{"{% autoescape maybe %}{% endautoescape %}", "should be 'on' or 'off'"},
		{"{% load nosuch %}", "not a registered tag library"},
		{"{% include %}", "takes at least one argument"},
		{"{% include 'a' bogus %}", "Unknown argument"},
		{"{% with a %}{% endwith %}", "expected at least one variable assignment"},
		{"{% widthratio a b %}", "widthratio takes at least three arguments"},
		{"{% url %}", "takes at least one argument"},
		{"{% templatetag nope %}", "Invalid templatetag argument"},
		{"{% regroup a by b into c %}", "must be 'as'"},
		{"{{ a._b }}", "may not begin with underscores"},
		{"{{ a|lower:'x' }}", "requires 1 arguments, 2 provided"},
		{"{% comment %}never closed", "Unclosed tag on line 1: 'comment'"},
		{"line1\n{% if a %}\nline3", "Unclosed tag on line 2: 'if'"},
		{"{% comment %}{% endcomment %}{% extends 'a' %}", "must be the first tag"},
		{"{% load %}{% extends 'a' %}", "must be the first tag"},
	}
	for _, tt := range tests {
		_, err := eng.FromString(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: want SyntaxError, got %v", tt.src, err)
			continue
		}
		if !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("%q: message %q does not contain %q", tt.src, se.Msg, tt.msg)
		}
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"page.html": "a\nb\n{% if x %}\n{{ y|nosuch }}\nc\nd"}})
	_, err := eng.Get(context.Background(), "page.html")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want SyntaxError, got %v", err)
	}
	if se.Template != "page.html" || se.Line != 4 || se.Token != "{{ y|nosuch }}" {
		t.Errorf("got template %q line %d token %q", se.Template, se.Line, se.Token)
	}
	lines := se.Around(1)
	if len(lines) != 3 || lines[0].Number != 3 || !lines[1].Error || lines[1].Text != "{{ y|nosuch }}" {
		t.Errorf("Around(1) = %+v", lines)
	}
	if !strings.Contains(err.Error(), "page.html") || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestForOverNonIterable(t *testing.T) {
	eng := New(Config{})
	for _, src := range []string{"{% for x in n %}{% endfor %}", "{% regroup n by a as g %}"} {
		tm, err := eng.FromString(src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tm.RenderString(context.Background(), map[string]any{"n": 5}); !errors.Is(err, value.ErrType) {
			t.Errorf("%s: want TypeError, got %v", src, err)
		}
	}
}

func TestStringIfInvalid(t *testing.T) {
	eng := New(Config{StringIfInvalid: "INVALID(%s)"})
	if got := render(t, eng, "{{ a.b|upper }}", nil); got != "INVALID(a.b)" {
		t.Errorf("got %q", got)
	}
	if got := render(t, eng, "{% if a %}y{% else %}n{% endif %}", nil); got != "n" {
		t.Errorf("if with missing: got %q", got)
	}
}

func TestAutoescapeDisabled(t *testing.T) {
	eng := New(Config{DisableAutoescape: true})
	if got := render(t, eng, "{{ s }}{% autoescape on %}{{ s }}{% endautoescape %}", map[string]any{"s": "<"}); got != "<&lt;" {
		t.Errorf("got %q", got)
	}
}

func TestInheritanceSkipsOwnOrigin(t *testing.T) {
	// The project overrides the app's base.html and extends the original.
	project := fstest.MapFS{"base.html": {Data: []byte(`{% extends "base.html" %}{% block t %}project+{{ block.super }}{% endblock %}`)}}
	app := fstest.MapFS{"base.html": {Data: []byte(`<{% block t %}app{% endblock %}>`)}}
	eng := New(Config{Loader: loader.NewFS(project, app)})
	var b strings.Builder
	if err := eng.Render(context.Background(), &b, "base.html", nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "<project+app>" {
		t.Errorf("got %q", b.String())
	}
}

func TestThreeLevels(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"base.html": `<h>{% block head %}H{% endblock %}</h><b>{% block body %}{% endblock %}</b>`,
		"mid.html":  `{% extends "base.html" %}{% block head %}{{ block.super }}-mid{% endblock %}{% block body %}[{% block inner %}i{% endblock %}]{% endblock %}`,
		"leaf.html": `{% extends "mid.html" %}{% block inner %}{{ block.super }}{{ v }}{% endblock %}`,
	}})
	var b strings.Builder
	if err := eng.Render(context.Background(), &b, "leaf.html", map[string]any{"v": 1}); err != nil {
		t.Fatal(err)
	}
	if want := "<h>H-mid</h><b>[i1]</b>"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestRecursionBounded(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"a.html": `{% include "a.html" %}`, "p.html": `{% partialdef x %}{% partial x %}{% endpartialdef %}{% partial x %}`}})
	for _, name := range []string{"a.html", "p.html"} {
		err := eng.Render(context.Background(), &strings.Builder{}, name, nil)
		if err == nil || !strings.Contains(err.Error(), "deep") {
			t.Errorf("%s: want depth error, got %v", name, err)
		}
	}
}

func TestDebugReload(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "t.html")
	write := func(s string) {
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("one")
	for _, debug := range []bool{false, true} {
		write("one")
		eng := New(Config{Loader: loader.Dirs(dir), Debug: debug})
		get := func() string {
			var b strings.Builder
			if err := eng.Render(context.Background(), &b, "t.html", nil); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		if got := get(); got != "one" {
			t.Fatalf("got %q", got)
		}
		write("two")
		want := "one"
		if debug {
			want = "two"
		}
		if got := get(); got != want {
			t.Errorf("debug=%v: got %q, want %q", debug, got, want)
		}
	}
}

func TestCachedCompileOnce(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"a.html": "x"}})
	a, err := eng.Get(context.Background(), "a.html")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := eng.Get(context.Background(), "a.html")
	if a != b {
		t.Error("template compiled twice")
	}
}

func TestNotExistTried(t *testing.T) {
	dir := t.TempDir()
	eng := New(Config{Loader: loader.Dirs(dir)})
	_, err := eng.Get(context.Background(), "polls/x.html")
	var ne *NotExistError
	if !errors.As(err, &ne) || len(ne.Tried) != 1 || ne.Tried[0] != filepath.Join(dir, "polls", "x.html") {
		t.Errorf("got %#v", err)
	}
}

func TestLoaderRejectsTraversal(t *testing.T) {
	eng := New(Config{Loader: loader.Dirs(t.TempDir())})
	for _, name := range []string{"../etc/passwd", "/etc/passwd", "a/../../b"} {
		if _, err := eng.Get(context.Background(), name); !errors.Is(err, ErrNotExist) {
			t.Errorf("%q: want ErrNotExist, got %v", name, err)
		}
	}
}

func TestContextProcessorsAndRequest(t *testing.T) {
	eng := New(Config{ContextProcessors: []ContextProcessor{
		func(r *http.Request) map[string]any { return map[string]any{"path": r.URL.Path, "v": "proc"} },
	}})
	tm, _ := eng.FromString("{{ path }} {{ v }} {{ w }}")
	req := httptest.NewRequest("GET", "/x/", nil)
	out, err := tm.RenderString(WithRequest(context.Background(), req), map[string]any{"v": "data", "w": "w"})
	if err != nil {
		t.Fatal(err)
	}
	// The view's data wins over a processor's variable of the same name
	// (Django's make_context pushes the data above the processors).
	if out != "/x/ data w" {
		t.Errorf("got %q", out)
	}
	out, _ = tm.RenderString(context.Background(), map[string]any{"v": "data"})
	if out != " data " {
		t.Errorf("without request got %q", out)
	}
}

func TestQueryString(t *testing.T) {
	eng := New(Config{})
	req := httptest.NewRequest("GET", "/list?page=2&color=red&color=blue&q=a+b", nil)
	ctx := WithRequest(context.Background(), req)
	tests := []struct {
		src  string
		data map[string]any
		want string
	}{
		// Django's QueryDict keeps the request's order (checked with
		// QueryDict.copy()/setlist/__setitem__/pop/urlencode).
		{`{% querystring %}`, nil, "?page=2&amp;color=red&amp;color=blue&amp;q=a+b"},
		{`{% querystring page=3 color=None %}`, nil, "?page=3&amp;q=a+b"},
		{`{% querystring color=cs %}`, map[string]any{"cs": []any{"x", "y"}}, "?page=2&amp;color=x&amp;color=y&amp;q=a+b"},
		{`{% querystring m page=p %}`, map[string]any{"m": map[string]any{"a": 1}, "p": 5}, "?a=1&amp;page=5"},
		{`{% querystring page=9 as next %}[{{ next }}]`, nil, "[?page=9&amp;color=red&amp;color=blue&amp;q=a+b]"},
		{`{% querystring s %}`, map[string]any{"s": "b=2&a=%zz;"}, "?b=2&amp;a=%25zz%3B"},
		{`{% querystring m %}`, map[string]any{"m": map[string]string{"z": "1", "a": "2"}}, "?a=2&amp;z=1"},
		{`{% querystring new="é ~" %}`, nil, "?page=2&amp;color=red&amp;color=blue&amp;q=a+b&amp;new=%C3%A9+~"},
		{`{% autoescape off %}{% querystring page=1 q=None color=None %}{% endautoescape %}`, nil, "?page=1"},
	}
	for _, tt := range tests {
		tm, err := eng.FromString(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tm.RenderString(ctx, tt.data)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.src, got, err, tt.want)
		}
	}
	// The raw query read as QueryDict reads it: ";" is data, escaped
	// bytes that are not UTF-8 become U+FFFD, raw ones make the whole
	// query Latin-1 (Django: a=%EF%BF%BD&b=%C3%BF%3Bc).
	odd := httptest.NewRequest("GET", "/list?a=%E2%82&b=\xff;c", nil)
	tm, _ := eng.FromString(`{% autoescape off %}{% querystring %}{% endautoescape %}`)
	if got, _ := tm.RenderString(WithRequest(context.Background(), odd), nil); got != "?a=%EF%BF%BD&b=%C3%BF%3Bc" {
		t.Errorf("raw query: %q", got)
	}
	tm, _ = eng.FromString(`{% querystring a=1 %}`)
	if got, _ := tm.RenderString(context.Background(), nil); got != "?a=1" {
		t.Errorf("without request: %q", got)
	}
}

type fakeReverser struct{}

func (fakeReverser) Reverse(name string, args []any, kwargs map[string]any, app string) (string, error) {
	if name == "missing" {
		return "", errors.New("no reverse match")
	}
	return fmt.Sprintf("/%s/%v/%v/%s", name, args, kwargs["k"], app), nil
}

func TestURL(t *testing.T) {
	eng := New(Config{Reverser: fakeReverser{}})
	ctx := WithCurrentApp(context.Background(), "app")
	tests := []struct{ src, want string }{
		{`{% url "detail" 1 k="v" %}`, "/detail/[1]/v/app"},
		{`{% url "missing" as u %}[{{ u }}]`, "[]"},
		{`{% url "a&b" %}`, "/a&amp;b/[]/&lt;nil&gt;/app"},
	}
	for _, tt := range tests {
		tm, err := eng.FromString(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tm.RenderString(ctx, nil)
		if err != nil || got != tt.want {
			t.Errorf("%s: got %q, %v; want %q", tt.src, got, err, tt.want)
		}
	}
	tm, _ := eng.FromString(`{% url "missing" %}`)
	if _, err := tm.RenderString(ctx, nil); err == nil {
		t.Error("want error for missing url")
	}
	tm, _ = New(Config{}).FromString(`{% url "x" %}`)
	if _, err := tm.RenderString(ctx, nil); !errors.Is(err, ErrNoReverser) {
		t.Errorf("want ErrNoReverser, got %v", err)
	}
}

func TestNow(t *testing.T) {
	eng := New(Config{Now: func() time.Time { return time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC) }})
	if got := render(t, eng, `{% now "Y-m-d H:i" %}|{% now "Y" as y %}{{ y }}`, nil); got != "2024-03-05 14:07|2024" {
		t.Errorf("got %q", got)
	}
}

func TestLibraries(t *testing.T) {
	lib := NewLibrary("shop")
	lib.SimpleTag("price", func(c *Context, args []any, kw map[string]any) (any, error) {
		return fmt.Sprintf("<%v %v>", args[0], kw["cur"]), nil
	})
	lib.SimpleTag("raw", func(c *Context, args []any, kw map[string]any) (any, error) {
		return value.SafeString("<raw>"), nil
	})
	lib.InclusionTag("card", "card.html", func(c *Context, args []any, kw map[string]any) (map[string]any, error) {
		return map[string]any{"title": args[0]}, nil
	})
	lib.Tag("shout", func(p *Parser, t Token) (Node, error) {
		body, err := p.Parse("endshout")
		if err != nil {
			return nil, err
		}
		p.NextToken()
		return shoutNode{body}, nil
	})
	eng := New(Config{
		Loader:    loader.Map{"card.html": "[{{ title }}|{{ other }}|{% csrf_token %}]"},
		Libraries: map[string]*Library{"shop": lib},
	})
	data := map[string]any{"p": 3, "other": "o", "csrf_token": "tok"}
	tests := []struct{ src, want string }{
		{`{% load shop %}{% price p cur="€" %}`, "&lt;3 €&gt;"},
		{`{% load shop %}{% price p as x %}{{ x|upper }}`, "&lt;3 &lt;NIL&gt;&gt;"},
		{`{% load shop %}{% raw %}`, "<raw>"},
		{`{% load shop %}{% card "T" %}`, `[T||<input type="hidden" name="csrfmiddlewaretoken" value="tok">]`},
		{`{% load shop %}{% shout %}a{{ p }}{% endshout %}`, "A3"},
		{`{% load price from shop %}{% price 1 %}`, "&lt;1 &lt;nil&gt;&gt;"},
	}
	for _, tt := range tests {
		if got := render(t, eng, tt.src, data); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, got, tt.want)
		}
	}
	if _, err := eng.FromString(`{% load price from shop %}{% card "x" %}`); err == nil {
		t.Error("load from should only load the named tags")
	}
	if _, err := eng.FromString(`{% load nope from shop %}`); err == nil {
		t.Error("want error for unknown name in library")
	}
	if _, err := eng.FromString(`{% price 1 %}`); err == nil {
		t.Error("tags must not be available before load")
	}
}

type shoutNode struct{ body NodeList }

func (n shoutNode) Render(w *Buffer, c *Context) error {
	var b Buffer
	if err := n.body.Render(&b, c); err != nil {
		return err
	}
	w.WriteString(strings.ToUpper(b.String()))
	return nil
}

func TestRenderWritesNothingOnError(t *testing.T) {
	eng := New(Config{})
	tm, _ := eng.FromString(`abc{% include "x.html" %}`)
	var b strings.Builder
	if err := tm.Render(context.Background(), &b, nil); err == nil {
		t.Fatal("want error")
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q on error", b.String())
	}
}

func TestConcurrentRender(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"a.html":    "{% for x in l %}{% cycle 'a' 'b' %}{{ x }}{% endfor %}",
		"base.html": "[{% block b %}base{% endblock %}]{% include 'p.html#card' %}",
		"page.html": "{% extends 'base.html' %}{% block b %}{{ block.super }}+{{ n }}{% endblock %}",
		"p.html":    "{% partialdef card %}<{{ n }}>{% endpartialdef %}",
	}})
	type job struct{ name, want string }
	done := make(chan error)
	for i := 0; i < 16; i++ {
		go func() {
			for k := 0; k < 50; k++ {
				for _, j := range []job{{"a.html", "a1b2a3"}, {"page.html", fmt.Sprintf("[base+%d]<%d>", k, k)}} {
					var b strings.Builder
					err := eng.Render(context.Background(), &b, j.name, map[string]any{"l": []int{1, 2, 3}, "n": k})
					if err == nil && b.String() != j.want {
						err = fmt.Errorf("%s: got %q, want %q", j.name, b.String(), j.want)
					}
					if err != nil {
						done <- err
						return
					}
				}
			}
			done <- nil
		}()
	}
	for i := 0; i < 16; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestRenderErrorInChildBlock(t *testing.T) {
	eng := New(Config{Loader: loader.Map{
		"base.html":  "a\nb\n{% block x %}{% endblock %}",
		"child.html": "{% extends 'base.html' %}\n{% block x %}\n{{ v|default:nope }}{% endblock %}",
	}})
	err := eng.Render(context.Background(), &strings.Builder{}, "child.html", nil)
	var re *RenderError
	if !errors.As(err, &re) || re.Template != "child.html" || re.Line != 3 {
		t.Fatalf("want child.html line 3, got %#v", err)
	}
	if l := re.Around(0); len(l) != 1 || l[0].Text != "{{ v|default:nope }}{% endblock %}" {
		t.Errorf("Around(0) = %+v", l)
	}
}

func TestRenderErrorLine(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"p.html": "a\n{% if x %}\n  {{ y|default:nope }}\n{% endif %}"}})
	err := eng.Render(context.Background(), &strings.Builder{}, "p.html", map[string]any{"x": true})
	var re *RenderError
	if !errors.As(err, &re) {
		t.Fatalf("want RenderError, got %v", err)
	}
	if re.Template != "p.html" || re.Line != 3 {
		t.Errorf("got template %q line %d", re.Template, re.Line)
	}
	if !errors.Is(err, ErrVariableDoesNotExist) {
		t.Errorf("cause lost: %v", err)
	}
	if lines := re.Around(0); len(lines) != 1 || lines[0].Text != "  {{ y|default:nope }}" || !lines[0].Error {
		t.Errorf("Around(0) = %+v", lines)
	}
}

func TestContextAPI(t *testing.T) {
	lib := NewLibrary("ctx")
	lib.Tag("probe", func(p *Parser, tok Token) (Node, error) {
		bits := tok.SplitContents()
		if len(bits) != 2 {
			return nil, p.Errorf("probe takes one argument")
		}
		e, err := p.CompileExpr(bits[1])
		if err != nil {
			return nil, err
		}
		return probeNode{e}, nil
	})
	eng := New(Config{Libraries: map[string]*Library{"ctx": lib}})
	got := render(t, eng, `{% load ctx %}{% with a=1 %}{% probe a.b|default:"d" %}{% endwith %}`, map[string]any{"m": map[string]any{"k": "v"}})
	if got != "d|1|v|true|x" {
		t.Errorf("got %q", got)
	}
	if _, err := eng.FromString(`{% load ctx %}{% probe %}`); err == nil || !strings.Contains(err.Error(), "probe takes one argument") {
		t.Errorf("custom tag error: %v", err)
	}
}

type probeNode struct{ e *Expr }

func (n probeNode) Render(w *Buffer, c *Context) error {
	v, err := n.e.Resolve(c)
	if err != nil {
		return err
	}
	a, _ := c.Get("a")
	k, _ := c.Lookup("m.k")
	c.Push()
	c.Set("tmp", "x")
	flat := c.Flatten()
	c.Pop()
	_, stillThere := c.Get("tmp")
	fmt.Fprintf(w, "%v|%v|%v|%v|%v", v, a, k, c.Autoescape() && !stillThere, flat["tmp"])
	return nil
}

func TestStaticLibrary(t *testing.T) {
	eng := New(Config{Libraries: map[string]*Library{"static": StaticLibrary("/static/")}})
	tests := []struct{ src, want string }{
		{`{% load static %}{% static "polls/style.css" %}`, "/static/polls/style.css"},
		{`{% load static %}{% static p %}`, "/static/a%20b/%C3%A9%26.css"},
		{`{% load static %}{% static "x.js" as u %}[{{ u }}]`, "[/static/x.js]"},
		{`{% load static %}{% get_static_prefix %}|{% get_static_prefix as p %}{{ p }}`, "/static/|/static/"},
	}
	for _, tt := range tests {
		if got := render(t, eng, tt.src, map[string]any{"p": "a b/é&.css"}); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.src, got, tt.want)
		}
	}
	if _, err := eng.FromString(`{% load static %}{% static %}`); err == nil {
		t.Error("want error without a path")
	}
}
