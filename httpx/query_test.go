package httpx_test

import (
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

// TestQuery: the query string as Django 3.2's request.GET reads it (each
// expectation checked with QueryDict on the same bytes).
func TestQuery(t *testing.T) {
	for target, want := range map[string]url.Values{
		"/":                        {},
		"/?page=2&q=a+b":           {"page": {"2"}, "q": {"a b"}},
		"/?a=1;b=2":                {"a": {"1;b=2"}},
		"/?a=%zz&b=1":              {"a": {"%zz"}, "b": {"1"}},
		"/?a=%E2%82&b=%ff%fe":      {"a": {"\uFFFD"}, "b": {"\uFFFD\uFFFD"}},
		"/?a=caf\xc3\xa9&b=\xff":   {"a": {"cafÃ©"}, "b": {"ÿ"}},
		"/?page=1&page=2&flag&&=x": {"page": {"1", "2"}, "flag": {""}, "": {"x"}},
	} {
		r := httptest.NewRequest("GET", target, nil)
		if got := httpx.Query(r); !reflect.DeepEqual(got, want) {
			t.Errorf("Query(%q) = %q, want %q", target, got, want)
		}
	}
}

// TestQueryGet: the last value, as QueryDict.get.
func TestQueryGet(t *testing.T) {
	r := httptest.NewRequest("GET", "/?page=1&x=%zz&page=2;3", nil)
	if got := httpx.QueryGet(r, "page"); got != "2;3" {
		t.Errorf("page = %q", got)
	}
	if got := httpx.QueryGet(r, "x"); got != "%zz" {
		t.Errorf("x = %q", got)
	}
	if got := httpx.QueryGet(r, "missing"); got != "" {
		t.Errorf("missing = %q", got)
	}
}
