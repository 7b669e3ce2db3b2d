package middleware

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

func TestChainOrder(t *testing.T) {
	var trace []string
	mw := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				trace = append(trace, name+" in")
				next.ServeHTTP(w, r)
				trace = append(trace, name+" out")
			})
		}
	}
	h := Chain(mw("a"), nil, mw("b"), mw("c"))(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { trace = append(trace, "view") }))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	want := "a in,b in,c in,view,c out,b out,a out"
	if got := strings.Join(trace, ","); got != want {
		t.Errorf("order %s, want %s", got, want)
	}
	if Chain()(ok) == nil {
		t.Error("empty chain")
	}
}

// defaultStack is the recommended chain with Django's defaults, as the
// application wires it.
func defaultStack(tb testing.TB, resolves func(string) bool) func(http.Handler) http.Handler {
	return defaultStackLogged(tb, resolves, quiet())
}

func defaultStackLogged(tb testing.TB, resolves func(string) bool, logger *slog.Logger) func(http.Handler) http.Handler {
	common := NewCommonConfig()
	common.Resolves = resolves
	return Chain(
		RequestID(RequestIDConfig{Echo: true}),
		AccessLog(AccessLogConfig{Logger: logger}),
		Recover(RecoverConfig{Logger: quiet()}),
		Hosts(HostsConfig{AllowedHosts: []string{".example.com"}, Logger: quiet()}),
		Limits(LimitsConfig{}),
		mustSecurity(tb, NewSecurityConfig()),
		Common(common),
		Clickjacking(ClickjackingConfig{}),
	)
}

func TestDefaultStack(t *testing.T) {
	view := httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		switch r.URL.Path {
		case "/panic/":
			panic("boom")
		case "/page/":
			return httpx.HTML(w, 200, "<p>page</p>")
		}
		return httpx.NotFound("")
	})
	h := withRenderer(defaultStack(t, routes("/page/", "/panic/"))(view), &httpx.Renderer{Logger: quiet()})
	do := func(target, host string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", target, nil)
		req.Host = host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	rec := do("/page/", "www.example.com")
	for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"} {
		if rec.Header().Get(k) != v {
			t.Errorf("%s = %q", k, rec.Header().Get(k))
		}
	}
	if rec.Code != 200 || rec.Header().Get("X-Request-Id") == "" || rec.Header().Get("Strict-Transport-Security") != "" {
		t.Errorf("page: %d %v", rec.Code, rec.Header())
	}
	if rec := do("/page", "example.com"); rec.Code != 301 || rec.Header().Get("Location") != "/page/" {
		t.Errorf("slash: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := do("/page/", "evil.com"); rec.Code != 400 {
		t.Errorf("forged host: %d", rec.Code)
	}
	if rec := do("/panic/", "example.com"); rec.Code != 500 || strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("panic: %d %s", rec.Code, rec.Body.String())
	}
}

// TestWrappersReachTheConnection checks that Flush goes through every
// wrapper to the server and that Hijack stays reachable through
// http.ResponseController.
func TestWrappersReachTheConnection(t *testing.T) {
	stack := Chain(
		RequestID(RequestIDConfig{}),
		AccessLog(AccessLogConfig{Logger: quiet()}),
		Recover(RecoverConfig{Logger: quiet()}),
		Gzip(GzipConfig{}),
		Conditional(ConditionalConfig{}),
	)
	hijacked := make(chan error, 1)
	srv := httptest.NewServer(stack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		if r.URL.Path == "/hijack" {
			conn, _, err := rc.Hijack()
			if err == nil {
				_, _ = io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
				conn.Close()
			}
			hijacked <- err
			return
		}
		_, _ = io.WriteString(w, "first")
		if err := rc.Flush(); err != nil {
			t.Errorf("flush: %v", err)
		}
		_, _ = io.WriteString(w, " second")
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/stream")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "first second" || resp.Header.Get("ETag") != "" || len(resp.TransferEncoding) == 0 {
		t.Errorf("stream: %q %v %v", b, resp.Header, resp.TransferEncoding)
	}
	resp, err = http.Get(srv.URL + "/hijack")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := <-hijacked; err != nil || string(b) != "hijacked" {
		t.Errorf("hijack: %v %q", err, b)
	}
}

// BenchmarkChain runs the default chain on a trivial handler, with the
// access log off and on (JSON to io.Discard).
func BenchmarkChain(b *testing.B) {
	for _, c := range []struct {
		name   string
		logger *slog.Logger
	}{{"quiet", quiet()}, {"logged", slog.New(slog.NewJSONHandler(io.Discard, nil))}} {
		b.Run(c.name, func(b *testing.B) {
			h := withRenderer(defaultStackLogged(b, routes("/"), c.logger)(ok), &httpx.Renderer{Logger: quiet()})
			req := httptest.NewRequest("GET", "/", nil)
			req.Host = "www.example.com"
			w := &discardWriter{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				clear(w.h)
				h.ServeHTTP(w, req)
			}
		})
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}
