package httpx_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

func TestScopeValues(t *testing.T) {
	type key struct{}
	rd := &httpx.Renderer{}
	parent := context.WithValue(context.Background(), key{}, "v")
	sc := httpx.NewScope(parent, rd, fakeTemplates{})
	if httpx.RendererFrom(sc) != rd || httpx.TemplatesFrom(sc) != (fakeTemplates{}) {
		t.Error("renderers not read from the scope")
	}
	if sc.Value(key{}) != "v" {
		t.Error("parent values lost")
	}
	if httpx.RequestID(sc) != "" {
		t.Error("request id before it is set")
	}
	child := context.WithValue(sc, key{}, "w")
	sc.SetRequestID("r1")
	if httpx.RequestID(child) != "r1" || httpx.RequestID(parent) != "" {
		t.Errorf("request id below %q, above %q", httpx.RequestID(child), httpx.RequestID(parent))
	}
	if httpx.ScopeFrom(child) != sc {
		t.Error("ScopeFrom through a foreign value")
	}
	// A value of this package added below the scope wins, and hides it.
	other := &httpx.Renderer{Debug: true}
	below := httpx.WithRenderer(child, other)
	if httpx.RendererFrom(below) != other || httpx.ScopeFrom(below) != nil {
		t.Error("WithRenderer below a scope")
	}
	below = httpx.WithRequestID(sc, "r2")
	if httpx.RequestID(below) != "r2" || httpx.ScopeFrom(below) != nil {
		t.Error("WithRequestID below a scope")
	}
	// Without renderers the scope passes the lookups on.
	up := httpx.WithRenderer(context.Background(), other)
	if httpx.RendererFrom(httpx.NewScope(up, nil, nil)) != other {
		t.Error("nil renderer hides the one above")
	}
	if httpx.ScopeFrom(context.Background()) != nil {
		t.Error("scope from nothing")
	}
}

func TestScopeIsAContext(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	sc := httpx.NewScope(parent, nil, nil)
	child, stop := context.WithTimeout(sc, time.Hour)
	defer stop()
	cancel()
	select {
	case <-child.Done():
	case <-time.After(time.Second):
		t.Fatal("cancellation does not reach through the scope")
	}
}

func TestScopeRecordErrors(t *testing.T) {
	want := httpx.NotFound("x")
	h := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return want })
	r := httptest.NewRequest("GET", "/", nil)
	outerCtx, outer := httpx.RecordErrors(r.Context())
	sc := httpx.NewScope(outerCtx, &httpx.Renderer{Logger: quietLogger()}, nil)
	serve(h, r.WithContext(sc))
	if sc.RenderedError() != nil || outer() != want {
		t.Fatalf("before RecordErrors: scope %v, outer %v", sc.RenderedError(), outer())
	}
	sc.RecordErrors()
	innerCtx, inner := httpx.RecordErrors(sc)
	serve(h, r.WithContext(innerCtx))
	if sc.RenderedError() != want || inner() != want {
		t.Fatalf("recorded %v / %v", sc.RenderedError(), inner())
	}
	if allocs := testing.AllocsPerRun(100, func() { sc.RecordErrors(); _ = sc.RenderedError() }); allocs != 0 {
		t.Errorf("Scope.RecordErrors: %v allocations", allocs)
	}
}

// TestJSONMatchesMarshal: the pooled encoder writes exactly json.Marshal's
// bytes (no newline), and a small response allocates nothing (its
// Content-Length is net/http's to write).
func TestJSONMatchesMarshal(t *testing.T) {
	for _, v := range []any{
		map[string]any{"a": "<&>", "b": []int{1, 2}},
		"x\u2028y", 42, nil, json.RawMessage(`{ "spaced" : true }`),
	} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		if err := httpx.JSON(w, 200, v); err != nil {
			t.Fatal(err)
		}
		if w.Body.String() != string(want) || w.Header().Get("Content-Length") != "" {
			t.Errorf("%v: %q (length %s), want %q", v, w.Body, w.Header().Get("Content-Length"), want)
		}
	}
	w := &headerWriter{h: http.Header{}}
	var v any = struct{ Message string }{"Hello, World!"}
	allocs := testing.AllocsPerRun(100, func() {
		clear(w.h)
		if err := httpx.JSON(w, 200, v); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 && !raceEnabled {
		t.Errorf("JSON: %v allocations, want none", allocs)
	}
	// A shared header value must not be changed by one response's Add.
	w2 := httptest.NewRecorder()
	_ = httpx.JSON(w2, 200, v)
	w2.Header().Add("Content-Type", "charset=x")
	w3 := httptest.NewRecorder()
	_ = httpx.JSON(w3, 200, v)
	if got := w3.Header().Values("Content-Type"); len(got) != 1 || got[0] != "application/json" {
		t.Errorf("content type %q", got)
	}
}

// headerWriter keeps the header and drops the body.
type headerWriter struct{ h http.Header }

func (w *headerWriter) Header() http.Header         { return w.h }
func (w *headerWriter) WriteHeader(int)             {}
func (w *headerWriter) Write(p []byte) (int, error) { return len(p), nil }

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

type attachedKey struct{}

type attached struct{}

func (attached) Value(key any) any {
	if key == (attachedKey{}) {
		return "from attached"
	}
	return nil
}

func TestScopeAttach(t *testing.T) {
	type key struct{}
	parent := context.WithValue(context.WithValue(context.Background(), attachedKey{}, "parent"), key{}, "v")
	sc := httpx.NewScope(parent, nil, nil)
	if sc.Value(attachedKey{}) != "parent" {
		t.Fatal("parent value")
	}
	if !sc.Attach(attached{}) || sc.Attach(attached{}) {
		t.Fatal("Attach: one place")
	}
	if sc.Value(attachedKey{}) != "from attached" || sc.Value(key{}) != "v" {
		t.Errorf("values %v %v", sc.Value(attachedKey{}), sc.Value(key{}))
	}
}
