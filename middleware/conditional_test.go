package middleware

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

func body(s string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, s)
	})
}

func TestConditionalETag(t *testing.T) {
	h := Conditional(ConditionalConfig{})(body("hello world"))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	etag := rec.Header().Get("ETag")
	if rec.Code != 200 || rec.Body.String() != "hello world" || !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("%d %q etag %q", rec.Code, rec.Body.String(), etag)
	}
	// The buffered body's length: net/http's to write for a small one, in
	// the header for one larger than its buffer.
	srv := httptest.NewServer(h)
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	srv.Close()
	if resp.ContentLength != 11 || len(resp.TransferEncoding) != 0 {
		t.Errorf("on the wire: content length %d, %v", resp.ContentLength, resp.TransferEncoding)
	}
	big := strings.Repeat("b", httpx.AutoContentLength+1)
	if got := serve(Conditional(ConditionalConfig{})(body(big)), httptest.NewRequest("GET", "/", nil)).Header().Get("Content-Length"); got != "2049" {
		t.Errorf("large body: content length %q", got)
	}
	if other := serve(Conditional(ConditionalConfig{})(body("hello there")), httptest.NewRequest("GET", "/", nil)).Header().Get("ETag"); other == etag {
		t.Error("different bodies, same ETag")
	}

	for _, inm := range []string{etag, "W/" + etag, `"x", ` + etag, "*"} {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("If-None-Match", inm)
		rec := serve(h, req)
		if rec.Code != 304 || rec.Body.Len() != 0 || rec.Header().Get("ETag") != etag || rec.Header().Get("Content-Type") != "" || rec.Header().Get("Content-Length") != "" {
			t.Errorf("If-None-Match %s: %d %q %v", inm, rec.Code, rec.Body.String(), rec.Header())
		}
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", `"other"`)
	if rec := serve(h, req); rec.Code != 200 || rec.Body.String() != "hello world" {
		t.Errorf("stale If-None-Match: %d", rec.Code)
	}
	req.Header.Del("If-None-Match")
	req.Header.Set("If-Match", `"other"`)
	if rec := serve(h, req); rec.Code != 412 || rec.Body.Len() != 0 {
		t.Errorf("failed If-Match: %d %q", rec.Code, rec.Body.String())
	}
}

func TestConditionalHead(t *testing.T) {
	h := Conditional(ConditionalConfig{})(body("hello world"))
	get := serve(h, httptest.NewRequest("GET", "/", nil))
	head := serve(h, httptest.NewRequest("HEAD", "/", nil))
	if head.Header().Get("ETag") != get.Header().Get("ETag") {
		t.Errorf("HEAD ETag %q, GET %q", head.Header().Get("ETag"), get.Header().Get("ETag"))
	}
	req := httptest.NewRequest("HEAD", "/", nil)
	req.Header.Set("If-None-Match", get.Header().Get("ETag"))
	if rec := serve(h, req); rec.Code != 304 {
		t.Errorf("HEAD revalidation: %d", rec.Code)
	}
}

func TestConditionalLastModified(t *testing.T) {
	lm := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", lm.Format(http.TimeFormat))
		w.Header().Set("Cache-Control", "max-age=0, no-store")
		_, _ = io.WriteString(w, "content")
	})
	h := Conditional(ConditionalConfig{})(view)
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("ETag") != "" || rec.Header().Get("Last-Modified") != lm.Format(http.TimeFormat) {
		t.Errorf("no-store response got an ETag or lost Last-Modified: %v", rec.Header())
	}
	cases := []struct {
		ims  time.Time
		want int
	}{
		{lm, 304}, {lm.Add(time.Hour), 304}, {lm.Add(-time.Second), 200},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("If-Modified-Since", c.ims.Format(http.TimeFormat))
		if rec := serve(h, req); rec.Code != c.want {
			t.Errorf("If-Modified-Since %v: %d, want %d", c.ims, rec.Code, c.want)
		}
	}
}

func TestConditionalViewETagNotBuffered(t *testing.T) {
	wrote := false
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		_, _ = io.WriteString(w, "x")
		wrote = true
	})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", `"v1"`)
	rec := serve(Conditional(ConditionalConfig{})(view), req)
	if rec.Code != 304 || rec.Body.Len() != 0 || !wrote || rec.Header().Get("ETag") != `"v1"` {
		t.Errorf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestConditionalPassThrough(t *testing.T) {
	cases := []struct {
		name   string
		method string
		view   http.Handler
		code   int
	}{
		{"post", "POST", body("x"), 200},
		{"not found", "GET", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error { return httpx.NotFound("") }), 404},
		{"created", "GET", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(201); _, _ = w.Write([]byte("x")) }), 201},
		{"empty", "GET", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}), 200},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(c.method, "/", nil)
			req.Header.Set("If-None-Match", "*")
			rec := serve(Conditional(ConditionalConfig{})(c.view), req)
			if rec.Code != c.code || rec.Header().Get("ETag") != "" {
				t.Errorf("%d, ETag %q", rec.Code, rec.Header().Get("ETag"))
			}
		})
	}
}

func TestConditionalStreamingPassesThrough(t *testing.T) {
	flushedEarly := false
	rec := httptest.NewRecorder()
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "part1 ")
		if err := http.NewResponseController(w).Flush(); err != nil {
			t.Errorf("flush: %v", err)
		}
		flushedEarly = rec.Flushed && rec.Body.String() == "part1 "
		_, _ = io.WriteString(w, "part2")
	})
	Conditional(ConditionalConfig{})(view).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !flushedEarly || rec.Body.String() != "part1 part2" || rec.Header().Get("ETag") != "" {
		t.Errorf("flushed early %v, body %q, ETag %q", flushedEarly, rec.Body.String(), rec.Header().Get("ETag"))
	}
}

func TestConditionalBufferLimit(t *testing.T) {
	big := strings.Repeat("a", 100)
	h := Conditional(ConditionalConfig{MaxBufferBytes: 64})(body(big))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != big || rec.Header().Get("ETag") != "" {
		t.Errorf("over the buffer limit: %d bytes, ETag %q", rec.Body.Len(), rec.Header().Get("ETag"))
	}
	declared := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, big)
	})
	rec = serve(Conditional(ConditionalConfig{MaxBufferBytes: 64})(declared), httptest.NewRequest("GET", "/", nil))
	if rec.Body.String() != big || rec.Header().Get("ETag") != "" {
		t.Errorf("declared over the limit: ETag %q", rec.Header().Get("ETag"))
	}
}

func TestConditionalNoETagForEncodedBody(t *testing.T) {
	// Gzip below Conditional (the wrong order) pads randomly: hashing its
	// output would give a new ETag each time.
	h := Chain(Conditional(ConditionalConfig{}), Gzip(GzipConfig{}))(typed("text/plain", longText))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := serve(h, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("ETag") != "" {
		t.Errorf("headers %v", rec.Header())
	}
}

// TestConditionalETagValue: the ETag is the quoted hex of the first 16
// bytes of the body's SHA-256, made with one allocation (its string).
func TestConditionalETagValue(t *testing.T) {
	payload := []byte("hello world")
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Length"] = []string{"11"}
		_, _ = w.Write(payload)
	})
	h := Conditional(ConditionalConfig{})(view)
	sum := sha256.Sum256(payload)
	want := `"` + hex.EncodeToString(sum[:16]) + `"`
	if got := serve(h, httptest.NewRequest("GET", "/", nil)).Header().Get("ETag"); got != want {
		t.Fatalf("etag %q, want %q", got, want)
	}
	// The writer, the tag, the view's Content-Length (3 before: the tag
	// took three).
	if got := allocsPerRequest(t, h); got > 3 {
		t.Errorf("%v allocations per request", got)
	}
}
