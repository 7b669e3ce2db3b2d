package djinn_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/conf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// jsonRouter is the TechEmpower /json endpoint.
func jsonRouter() *urls.Router {
	return urls.NewRouter(urls.Path("json", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		return httpx.JSON(w, http.StatusOK, struct {
			Message string `json:"message"`
		}{"Hello, World!"})
	}), "json"))
}

// jsonStack returns /json behind the App's stack with the given MIDDLEWARE
// (nil: the URLconf alone) and LOG_LEVEL.
func jsonStack(t testing.TB, mw []string, level string) http.Handler {
	t.Helper()
	router := jsonRouter()
	if mw == nil {
		return router
	}
	s := settings()
	s.Debug = false
	s.LogLevel = level
	s.Middleware = mw
	app := djinn.New(s)
	app.Routes(router)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// nullWriter is a ResponseWriter that keeps the header and drops the body,
// so that allocation counts are the stack's, not the recorder's.
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
func (w *nullWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(p), nil
}

// stackAllocs is the allocations per /json request through h.
func stackAllocs(t *testing.T, h http.Handler) float64 {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/json", nil)
	req.Host = "example.com"
	w := &nullWriter{h: http.Header{}}
	return testing.AllocsPerRun(200, func() {
		clear(w.h)
		w.status = 0
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			t.Fatalf("status %d", w.status)
		}
	})
}

var productionMiddleware = []string{"security", "clickjacking", "limits"}

// TestStackAllocations bounds what the App's always-on stack and the
// production middleware add to a request (17 allocations before the
// request record): one request record (and its request copy) and the
// request id, whatever the log level; the access log allocates only for
// the records it writes.
func TestStackAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	bare := stackAllocs(t, jsonStack(t, nil, ""))
	cases := []struct {
		level string
		max   float64
	}{
		// The record, its request copy and the id, less the router's
		// request copy (its match rides in the record).
		{"warn", 2},
		{"error", 2}, // the same: only a 5xx would be logged
	}
	for _, c := range cases {
		got := stackAllocs(t, jsonStack(t, productionMiddleware, c.level))
		if got-bare > c.max {
			t.Errorf("LOG_LEVEL=%s: the stack adds %v allocations per request, want at most %v (bare %v)", c.level, got-bare, c.max, bare)
		}
	}
}

// TestStackHeaders checks what the production stack sends on /json, on
// the wire (net/http writes the Content-Length of a small body).
func TestStackHeaders(t *testing.T) {
	srv := httptest.NewServer(jsonStack(t, productionMiddleware, "warn"))
	defer srv.Close()
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/json", nil)
		req.Host = "example.com"
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || string(body) != `{"message":"Hello, World!"}` {
			t.Fatalf("%d %q", resp.StatusCode, body)
		}
		hd := resp.Header
		for k, want := range map[string]string{
			"Content-Type":               "application/json",
			"Content-Length":             "27",
			"X-Content-Type-Options":     "nosniff",
			"Referrer-Policy":            "same-origin",
			"Cross-Origin-Opener-Policy": "same-origin",
			"X-Frame-Options":            "DENY",
		} {
			if got := hd.Get(k); got != want {
				t.Errorf("%s: %q, want %q", k, got, want)
			}
		}
		// Nothing else: every header costs each response in net/http.
		if len(hd) != 7 || hd.Get("Date") == "" {
			t.Errorf("headers %v, want those above and Date", hd)
		}
	}
}

func BenchmarkStackJSON(b *testing.B) {
	for _, c := range []struct {
		name string
		mw   []string
	}{{"bare", nil}, {"production", productionMiddleware}, {"full", conf.DefaultMiddleware()}} {
		b.Run(c.name, func(b *testing.B) {
			h := jsonStack(b, c.mw, "warn")
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/json", nil)
				req.Host = "example.com"
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
