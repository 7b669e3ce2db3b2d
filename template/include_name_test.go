package template

import (
	"context"
	"errors"
	"testing"

	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/template/value"
)

// {% include %} and {% extends %} with names that are not strings, as
// Django 3.2.25 treats them.
func TestIncludeNonStringName(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"inc.html": "I", "1": "ONE", "a": "A"}})
	for _, c := range []struct {
		src  string
		data map[string]any
		want string
		err  error
	}{
		{`{% include n %}`, map[string]any{"n": 5}, "", value.ErrType},
		{`{% include n %}`, map[string]any{"n": 1}, "", value.ErrType},
		{`{% include 1.5 %}`, nil, "", value.ErrType},
		{`{% include True %}`, nil, "", value.ErrType},
		{`{% include n %}`, map[string]any{"n": 0}, "", ErrNotExist},
		{`{% include n %}`, map[string]any{"n": []any{}}, "", ErrNotExist},
		{`{% include n %}`, map[string]any{"n": []any{1, "inc.html"}}, "I", nil},
		{`{% include n %}`, map[string]any{"n": []any{1}}, "", value.ErrType}, // joining the names for the message fails
		{`{% include n %}`, map[string]any{"n": []any{[]any{"inc.html"}}}, "", value.ErrType},
		{`{% include n %}`, map[string]any{"n": []any{map[string]any{}}}, "", value.ErrType},
		{`{% include n %}`, map[string]any{"n": map[string]any{"a": 1}}, "A", nil},
		{`{% include _("inc.html") %}`, nil, "", ErrNotExist},
		{`{% include _("a") %}`, nil, "A", nil},
		{`{% extends n %}`, map[string]any{"n": 1}, "", ErrNotExist},
		{`{% extends n %}`, map[string]any{"n": []any{"a"}}, "", value.ErrType},
		{`{% extends n %}`, map[string]any{"n": map[string]any{"a": 1}}, "", value.ErrType},
		{`{% extends _("a") %}`, nil, "A", nil},
	} {
		tm, err := eng.FromString(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		got, err := tm.RenderString(context.Background(), c.data)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s %v: error %v, want %v", c.src, c.data, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %v = %q, %v; want %q", c.src, c.data, got, err, c.want)
		}
	}
}
