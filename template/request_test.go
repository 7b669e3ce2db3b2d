package template

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/template/loader"
)

// requestEngine has a "request" variable, a processor and a tag that reads
// the request both ways a tag can.
func requestEngine() *Engine {
	lib := NewLibrary("req").SimpleTag("reqpath", func(c *Context, _ []any, _ map[string]any) (any, error) {
		var a, b string
		if r := c.Request(); r != nil {
			a = r.URL.Path
		}
		if r := RequestFrom(c.Context()); r != nil {
			b = r.URL.Path
		}
		return a + "|" + b, nil
	})
	return New(Config{
		Loader: loader.Map{
			"page.html": `{% load req %}{{ request.URL.Path }} {{ proc }} {{ v }} {% reqpath %}`,
			"base.html": `[{% block b %}{% endblock %}]`,
			"ext.html":  `{% extends "base.html" %}{% load req %}{% block b %}{{ request.Method }} {% reqpath %}{% endblock %}`,
		},
		Libraries:       map[string]*Library{"req": lib},
		RequestVariable: "request",
		ContextProcessors: []ContextProcessor{
			func(r *http.Request) map[string]any { return map[string]any{"proc": "p" + r.Method, "v": "proc"} },
		},
	})
}

// RenderRequest renders what Render of WithRequest renders: processors,
// the request variable, c.Request and RequestFrom(c.Context()) in tags.
func TestRenderRequestSameAsWithRequest(t *testing.T) {
	eng := requestEngine()
	req := httptest.NewRequest("GET", "/x/", nil)
	for _, name := range []string{"page.html", "ext.html"} {
		var a, b strings.Builder
		data := map[string]any{"v": "data"}
		if err := eng.Render(WithRequest(context.Background(), req), &a, name, data); err != nil {
			t.Fatal(err)
		}
		if err := eng.RenderRequest(context.Background(), &b, req, name, data); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s: RenderRequest %q, Render(WithRequest) %q", name, b.String(), a.String())
		}
		want := map[string]string{"page.html": "/x/ pGET data /x/|/x/", "ext.html": "[GET /x/|/x/]"}[name]
		if b.String() != want {
			t.Errorf("%s: got %q, want %q", name, b.String(), want)
		}
	}
	// Without a request: no variable, no processors.
	var c strings.Builder
	if err := eng.Render(context.Background(), &c, "page.html", map[string]any{"v": "data"}); err != nil {
		t.Fatal(err)
	}
	if c.String() != "  data |" {
		t.Errorf("without a request: %q", c.String())
	}
}

// RequestVariable sits below the processors and the data.
func TestRequestVariableOrder(t *testing.T) {
	req := httptest.NewRequest("GET", "/x/", nil)
	eng := New(Config{RequestVariable: "rq", ContextProcessors: []ContextProcessor{
		func(*http.Request) map[string]any { return map[string]any{"rq": "from processor"} },
	}})
	tm, _ := eng.FromString("{{ rq }}|{{ other }}")
	var b strings.Builder
	if err := tm.RenderRequest(context.Background(), &b, req, nil); err != nil {
		t.Fatal(err)
	}
	if b.String() != "from processor|" {
		t.Errorf("processor should win: %q", b.String())
	}
	b.Reset()
	if err := tm.RenderRequest(context.Background(), &b, req, map[string]any{"rq": "data"}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "data|" {
		t.Errorf("data should win: %q", b.String())
	}
	eng = New(Config{RequestVariable: "rq"})
	tm, _ = eng.FromString(`{{ rq.Method }}{% with x=1 %}{{ rq.URL.Path }}{{ x }}{% endwith %}`)
	b.Reset()
	if err := tm.RenderRequest(context.Background(), &b, req, map[string]any{"other": 1}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "GET/x/1" {
		t.Errorf("without processors: %q", b.String())
	}
}

// Giving the request to a render costs no allocation: no map for the
// request variable, no context.Context to carry the request.
func TestRenderRequestAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under -race")
	}
	eng := New(Config{RequestVariable: "request", Loader: loader.Map{
		"p.html": `{% for f in l %}{{ f }}{% endfor %}{{ request.Method }}`,
	}})
	req := httptest.NewRequest("GET", "/x/", nil)
	data := map[string]any{"l": []int{1, 2, 3}}
	ctx := context.Background()
	without := testing.AllocsPerRun(100, func() { _ = eng.Render(ctx, io.Discard, "p.html", data) })
	with := testing.AllocsPerRun(100, func() { _ = eng.RenderRequest(ctx, io.Discard, req, "p.html", data) })
	if with > without {
		t.Errorf("RenderRequest: %v allocations, Render without a request %v", with, without)
	}
}
