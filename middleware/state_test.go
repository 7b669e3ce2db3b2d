package middleware

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

// nullWriter keeps the header and the status, and drops the body.
type nullWriter struct {
	h      http.Header
	status int
}

func (w *nullWriter) Header() http.Header { return w.h }
func (w *nullWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}
func (w *nullWriter) Write(p []byte) (int, error) { return len(p), nil }

// allocsPerRequest is the allocations of one request through h.
func allocsPerRequest(t *testing.T, h http.Handler) float64 {
	t.Helper()
	req := httptest.NewRequest("GET", "/", nil)
	w := &nullWriter{h: http.Header{}}
	return testing.AllocsPerRun(200, func() {
		clear(w.h)
		h.ServeHTTP(w, req)
	})
}

// levelLogger logs at level and above into buf.
func levelLogger(buf *bytes.Buffer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: level}))
}

// TestStackAllocations: the always-on stack and the header middlewares cost
// the request record, its request copy and the id, at every log level that
// writes no record for the request.
func TestStackAllocations(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelWarn, slog.LevelError, slog.LevelError + 4} {
		var buf bytes.Buffer
		logger := levelLogger(&buf, level)
		h := Chain(
			Renderers(&httpx.Renderer{Logger: logger}, nil),
			RequestID(RequestIDConfig{}),
			AccessLog(AccessLogConfig{Logger: logger}),
			Recover(RecoverConfig{Logger: logger}),
			Hosts(HostsConfig{AllowedHosts: []string{"example.com"}, Logger: logger}),
			mustSecurity(t, NewSecurityConfig()),
			Clickjacking(ClickjackingConfig{}),
		)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
		if got := allocsPerRequest(t, h); got > 3 {
			t.Errorf("level %v: %v allocations per request, want at most 3", level, got)
		}
		if buf.Len() != 0 {
			t.Errorf("level %v: logged %q", level, buf.String())
		}
	}
}

func TestAccessLogLevels(t *testing.T) {
	fail := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.Wrap(http.StatusServiceUnavailable, "", context.DeadlineExceeded)
	})
	cases := []struct {
		level     slog.Level
		h         http.Handler
		want      string // in the log, "" for nothing
		recording bool   // the handler sees a recorder
	}{
		{slog.LevelInfo, ok, "status=200", true},
		{slog.LevelInfo, fail, "level=ERROR msg=request method=GET path=/ status=503", true},
		{slog.LevelWarn, ok, "", true},
		{slog.LevelWarn, fail, "status=503 bytes=", true},
		{slog.LevelError, fail, "error=\"http 503: service unavailable: context deadline exceeded\"", true},
		{slog.LevelError + 4, fail, "", false},
	}
	for _, withRecord := range []bool{true, false} {
		for _, c := range cases {
			var buf bytes.Buffer
			logger := levelLogger(&buf, c.level)
			var wrapped bool
			inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, wrapped = w.(*recorder)
				c.h.ServeHTTP(w, r)
			})
			mws := []func(http.Handler) http.Handler{AccessLog(AccessLogConfig{Logger: logger})}
			if withRecord {
				mws = append([]func(http.Handler) http.Handler{Renderers(&httpx.Renderer{Logger: quiet()}, nil)}, mws...)
			}
			serve(Chain(mws...)(inner), httptest.NewRequest("GET", "/", nil))
			got := buf.String()
			if c.want == "" && got != "" || !strings.Contains(got, c.want) {
				t.Errorf("record %v, level %v, %v: logged %q, want %q", withRecord, c.level, c.h, got, c.want)
			}
			if wrapped != c.recording {
				t.Errorf("record %v, level %v: writer wrapped %v", withRecord, c.level, wrapped)
			}
		}
	}
}

// TestAccessLogErrorBelowRecordErrors: a view's error reaches the access
// log through the record and an httpx.RecordErrors context below it.
func TestAccessLogErrorBelowRecordErrors(t *testing.T) {
	var buf bytes.Buffer
	var inner func() error
	view := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return httpx.NotFound("gone away") })
	h := Chain(
		Renderers(&httpx.Renderer{Logger: quiet()}, nil),
		AccessLog(AccessLogConfig{Logger: levelLogger(&buf, slog.LevelInfo)}),
		func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				var ctx context.Context
				ctx, inner = httpx.RecordErrors(r.Context())
				next.ServeHTTP(w, r.WithContext(ctx))
			})
		},
	)(view)
	serve(h, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(buf.String(), "gone away") || inner() == nil {
		t.Errorf("logged %q, inner %v", buf.String(), inner())
	}
}

func TestRenderersInstallsRenderers(t *testing.T) {
	rd := &httpx.Renderer{Logger: quiet(), Page: func(context.Context, int, string) ([]byte, bool) { return []byte("custom"), true }}
	var tr httpx.TemplateRenderer
	h := Renderers(rd, fakeTemplates{})(httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		tr = httpx.TemplatesFrom(r.Context())
		return httpx.NotFound("")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != "custom" || tr != (fakeTemplates{}) {
		t.Errorf("body %q, templates %v", rec.Body, tr)
	}
}

type fakeTemplates struct{}

func (fakeTemplates) RenderTemplate(w io.Writer, r *http.Request, name string, data map[string]any) error {
	return nil
}

// TestRequestIDBelowAnotherID: when a request id was set with
// httpx.WithRequestID below the record, RequestID cannot change the record
// and adds its own context value.
func TestRequestIDBelowAnotherID(t *testing.T) {
	var seen string
	h := Chain(
		Renderers(nil, nil),
		func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				next.ServeHTTP(w, r.WithContext(httpx.WithRequestID(r.Context(), "outer")))
			})
		},
		RequestID(RequestIDConfig{Echo: true, Generate: func() string { return "inner" }}),
	)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = httpx.RequestID(r.Context()) }))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if seen != "inner" || rec.Header().Get("X-Request-Id") != "inner" {
		t.Errorf("id %q, header %q", seen, rec.Header().Get("X-Request-Id"))
	}
}

// TestTwoRequestIDs: a second RequestID (another header) does not change
// the first one's header value.
func TestTwoRequestIDs(t *testing.T) {
	n := 0
	gen := func() string { n++; return string(rune('a' + n)) }
	h := Chain(
		Renderers(nil, nil),
		RequestID(RequestIDConfig{Echo: true, Generate: gen}),
		RequestID(RequestIDConfig{Header: "X-Trace", Echo: true, Generate: gen}),
	)(ok)
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("X-Request-Id") != "b" || rec.Header().Get("X-Trace") != "c" {
		t.Errorf("headers %v", rec.Header())
	}
}

func TestNewRequestIDConcurrent(t *testing.T) {
	const goroutines, each = 8, 2000
	ids := make([][]string, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range each {
				ids[g] = append(ids[g], NewRequestID())
			}
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	prefix := ids[0][0][:16]
	for _, list := range ids {
		for _, id := range list {
			if len(id) != 26 || id[:16] != prefix || strings.Trim(id, base32) != "" {
				t.Fatalf("id %q", id)
			}
			if seen[id] {
				t.Fatalf("duplicate id %q", id)
			}
			seen[id] = true
		}
	}
	if allocs := testing.AllocsPerRun(100, func() { _ = NewRequestID() }); allocs != 1 {
		t.Errorf("NewRequestID: %v allocations, want 1 (the string)", allocs)
	}
}

// TestSharedHeaderValues: the precomputed header values are shared, so a
// response that adds to them must not change the next response's.
func TestSharedHeaderValues(t *testing.T) {
	h := Chain(mustSecurity(t, NewSecurityConfig()), Clickjacking(ClickjackingConfig{}))(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("X-Frame-Options", "SAMEORIGIN")
		w.Header().Add("Referrer-Policy", "no-referrer")
	}))
	serve(h, httptest.NewRequest("GET", "/", nil))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if got := rec.Header().Values("X-Frame-Options"); len(got) != 2 || got[0] != "DENY" {
		t.Errorf("X-Frame-Options %q", got)
	}
	if got := rec.Header().Values("Referrer-Policy"); len(got) != 2 || got[0] != "same-origin" {
		t.Errorf("Referrer-Policy %q", got)
	}
}

// TestAccessLogDefaultClock: the duration from the monotonic clock covers
// the handler's time.
func TestAccessLogDefaultClock(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	h := AccessLog(AccessLogConfig{Logger: logger})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		time.Sleep(5 * time.Millisecond)
	}))
	serve(h, httptest.NewRequest("GET", "/", nil))
	var rec struct{ Duration time.Duration }
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Duration < 5*time.Millisecond || rec.Duration > time.Minute {
		t.Errorf("duration %v", rec.Duration)
	}
}

// TestInnerRequestIDWithoutEcho: an inner RequestID that does not echo
// still replaces an outer one's echoed id under the same header, so that
// the response names the id the logs carry.
func TestInnerRequestIDWithoutEcho(t *testing.T) {
	n := 0
	gen := func() string { n++; return string(rune('a' + n)) }
	var seen string
	h := Chain(
		Renderers(nil, nil),
		RequestID(RequestIDConfig{Echo: true, Generate: gen}),
		RequestID(RequestIDConfig{Generate: gen}),
	)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = httpx.RequestID(r.Context()) }))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if seen != "c" || rec.Header().Get("X-Request-Id") != "c" {
		t.Errorf("id %q, header %q", seen, rec.Header().Get("X-Request-Id"))
	}
}
