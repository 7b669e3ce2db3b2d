package querydict

import (
	"net/url"
	"reflect"
	"testing"
)

// Outputs of Django 3.2's QueryDict on the same bytes.
func TestParse(t *testing.T) {
	for in, want := range map[string]url.Values{
		"a=1&b=x+y&a=2":        {"a": {"1", "2"}, "b": {"x y"}},
		"c=%zz%41&&d":          {"c": {"%zzA"}, "d": {""}},
		";x=1":                 {";x": {"1"}},
		"a=%E2%82&b=%ff%fe":    {"a": {"\uFFFD"}, "b": {"\uFFFD\uFFFD"}},
		"a=caf\xc3\xa9&b=\xff": {"a": {"cafÃ©"}, "b": {"ÿ"}},
		"a=\xc3\xa9%E2%82":     {"a": {"é\uFFFD"}},
		"a=%C3\xa9":            {"a": {"\uFFFD©"}},
		"":                     {},
	} {
		if got := Parse(Text([]byte(in))); !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEachOrder(t *testing.T) {
	var got []string
	Each("b=1&a=2&b=3", func(k, v string) { got = append(got, k+"="+v) })
	if !reflect.DeepEqual(got, []string{"b=1", "a=2", "b=3"}) {
		t.Errorf("%q", got)
	}
}

func TestFields(t *testing.T) {
	if n := Fields("a=1&&b"); n != 3 {
		t.Errorf("%d", n)
	}
}
