package template

import (
	"context"
	"errors"
	"testing"

	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/template/value"
)

// Divergences found by the second differential round
// (testdata/django_core2.json); each failed before its fix. Outputs are
// Django 3.2.25's.
func TestCore2Differential(t *testing.T) {
	eng := New(Config{})
	data := map[string]any{
		"m": []any{[]any{1, 2}}, "e": "", "ls": []any{"a"}, "ed": map[string]any{},
		"d": map[string]any{"a": 1}, "s": "abc",
	}
	for src, want := range map[string]string{
		// A method that needs arguments resolves to string_if_invalid,
		// so as a filter argument it is no missing variable.
		`{{ e|default:m.0.count }}[{{ m.0.count }}]`:  "[]",
		`{{ e|default:s.join }}{{ e|default:d.get }}`: "",
		// A list is unhashable: looking it up in a dict is a TypeError,
		// which makes both "in" and "not in" false.
		`{% if ls not in ed %}y{% else %}n{% endif %}{% if ls in d %}y{% else %}n{% endif %}`: "nn",
		// dict views are not subscriptable, and values views compare
		// by identity.
		`[{{ d.items.0 }}{{ d.keys.0 }}]{% if d.values == d.values %}y{% else %}n{% endif %}`: "[]n",
		// Python's int has no size limit.
		`{{ -9223372036854775809|add:1 }}|{{ 1|add:-9223372036854775809 }}`: "-9223372036854775808|-9223372036854775808",
	} {
		tm, err := eng.FromString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, err := tm.RenderString(context.Background(), data)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", src, got, err, want)
		}
	}
	for src, want := range map[string]error{
		// int() of an infinity is an OverflowError, which add lets through.
		`{{ 1e309|add:1 }}`:  value.ErrOverflow,
		`{{ 1|add:-1e309 }}`: value.ErrOverflow,
		// random.choice indexes; json.dumps knows no dict view.
		`{{ d.keys|random }}`:           value.ErrType,
		`{{ d|random }}`:                value.ErrIndex,
		`{{ d.items|json_script:"i" }}`: value.ErrType,
	} {
		tm, err := eng.FromString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if _, err := tm.RenderString(context.Background(), data); !errors.Is(err, want) {
			t.Errorf("%s: error %v, want %v", src, err, want)
		}
	}
	self := New(Config{Loader: loader.Map{"self.html": `{% include "self.html" %}`}})
	tm, err := self.FromString(`{% include "self.html" %}`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.RenderString(context.Background(), nil); !errors.Is(err, ErrRecursion) {
		t.Errorf("self-include: %v, want ErrRecursion", err)
	}
}

// {{ block.name }} is the name of the block being rendered, an attribute
// of Django's BlockNode.
func TestBlockName(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"base.html": "<{% block a %}A{% endblock %}>"}})
	if got := render(t, eng, `{% extends 'base.html' %}{% block a %}{{ block.name }}{{ block.super }}{% endblock %}`, nil); got != "<aA>" {
		t.Errorf("got %q, want %q", got, "<aA>")
	}
	if got := render(t, eng, `{% block b %}{{ block.name }}{% endblock %}`, nil); got != "b" {
		t.Errorf("got %q, want %q", got, "b")
	}
}
