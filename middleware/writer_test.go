package middleware

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"testing"
)

func TestRecorder(t *testing.T) {
	cases := []struct {
		name   string
		do     func(w http.ResponseWriter)
		status int
		bytes  int64
	}{
		{"nothing", func(w http.ResponseWriter) {}, 0, 0},
		{"write", func(w http.ResponseWriter) { _, _ = io.WriteString(w, "abc") }, 200, 3},
		{"status", func(w http.ResponseWriter) { w.WriteHeader(404); w.WriteHeader(500) }, 404, 0},
		{"informational first", func(w http.ResponseWriter) { w.WriteHeader(103); w.WriteHeader(201) }, 201, 0},
		{"read from", func(w http.ResponseWriter) { _, _ = io.Copy(w, struct{ io.Reader }{strings.NewReader("hello")}) }, 200, 5},
		{"flush", func(w http.ResponseWriter) { _ = http.NewResponseController(w).Flush() }, 200, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			under := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/", nil)
			rec := recorderFor(under, req)
			c.do(rec)
			if rec.status != c.status || rec.bytes != c.bytes || rec.wrote() != (c.status != 0) {
				t.Errorf("status %d bytes %d", rec.status, rec.bytes)
			}
			if recorderFor(rec, req) != rec {
				t.Error("recorder wrapped twice")
			}
			if rec.Unwrap() != under {
				t.Error("Unwrap")
			}
		})
	}
}

func TestRecorderHijackNotSupported(t *testing.T) {
	rec := &recorder{ResponseWriter: httptest.NewRecorder()}
	if _, _, err := rec.Hijack(); err == nil || rec.wrote() {
		t.Errorf("hijack of a recorder: %v, wrote %v", err, rec.wrote())
	}
}

func TestRecorderReadFromUsesUnderlying(t *testing.T) {
	under := &readFromWriter{ResponseWriter: httptest.NewRecorder()}
	rec := &recorder{ResponseWriter: under}
	if n, err := io.Copy(rec, struct{ io.Reader }{strings.NewReader("hello")}); n != 5 || err != nil || !under.used || rec.bytes != 5 {
		t.Errorf("n %d err %v used %v bytes %d", n, err, under.used, rec.bytes)
	}
}

type readFromWriter struct {
	http.ResponseWriter
	used bool
}

func (w *readFromWriter) ReadFrom(r io.Reader) (int64, error) {
	w.used = true
	return io.Copy(w.ResponseWriter, r)
}

// TestWrappersFlusher: handlers that type-assert http.Flusher flush through
// every wrapper.
func TestWrappersFlusher(t *testing.T) {
	stack := Chain(AccessLog(AccessLogConfig{Logger: slogDiscard()}), Recover(RecoverConfig{Logger: quiet()}), Gzip(GzipConfig{}), Conditional(ConditionalConfig{}))
	rec := httptest.NewRecorder()
	var flushedEarly bool
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "a")
		w.(http.Flusher).Flush()
		flushedEarly = rec.Flushed && rec.Body.String() == "a"
		_, _ = io.WriteString(w, "b")
		if u, ok := w.(interface{ Unwrap() http.ResponseWriter }); !ok || u.Unwrap() == nil {
			t.Error("no Unwrap")
		}
	})
	stack(view).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !flushedEarly || rec.Body.String() != "ab" || rec.Code != 200 || rec.Header().Get("ETag") != "" {
		t.Errorf("flushed early %v, %d %q %v", flushedEarly, rec.Code, rec.Body.String(), rec.Header())
	}
}

// TestWrappersEarlyHints: informational responses go through every wrapper
// and the final status still follows.
func TestWrappersEarlyHints(t *testing.T) {
	stack := Chain(AccessLog(AccessLogConfig{Logger: slogDiscard()}), Recover(RecoverConfig{Logger: quiet()}), Gzip(GzipConfig{}), Conditional(ConditionalConfig{}))
	srv := httptest.NewServer(stack(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		_, _ = io.WriteString(w, "done")
	})))
	defer srv.Close()
	var hints []int
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, _ textproto.MIMEHeader) error {
		hints = append(hints, code)
		return nil
	}}
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), "GET", srv.URL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(hints) != 1 || hints[0] != 103 || resp.StatusCode != 200 || string(b) != "done" || resp.Header.Get("ETag") == "" {
		t.Errorf("hints %v, final %d %q %v", hints, resp.StatusCode, b, resp.Header)
	}
}
