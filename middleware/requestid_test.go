package middleware

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

func TestRequestID(t *testing.T) {
	var seen string
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = httpx.RequestID(r.Context()) })
	cases := []struct {
		name     string
		cfg      RequestIDConfig
		incoming string
		keep     bool
	}{
		{"generated", RequestIDConfig{Echo: true}, "", false},
		{"untrusted incoming ignored", RequestIDConfig{Echo: true}, "abc-123", false},
		{"trusted incoming kept", RequestIDConfig{TrustIncoming: true, Echo: true}, "abc-123", true},
		{"trusted but insane", RequestIDConfig{TrustIncoming: true, Echo: true}, "abc<script>", false},
		{"trusted but too long", RequestIDConfig{TrustIncoming: true, Echo: true}, strings.Repeat("a", 129), false},
		{"trusted but empty", RequestIDConfig{TrustIncoming: true, Echo: true}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/", nil)
			if c.incoming != "" {
				req.Header.Set("X-Request-ID", c.incoming)
			}
			rec := serve(RequestID(c.cfg)(inner), req)
			if seen == "" || rec.Header().Get("X-Request-ID") != seen {
				t.Fatalf("context id %q, header %q", seen, rec.Header().Get("X-Request-ID"))
			}
			if (seen == c.incoming) != c.keep {
				t.Errorf("id %q, incoming %q, want kept=%v", seen, c.incoming, c.keep)
			}
			if !c.keep && len(seen) != 26 {
				t.Errorf("generated id %q", seen)
			}
		})
	}
}

func TestRequestIDUnique(t *testing.T) {
	h := RequestID(RequestIDConfig{Echo: true})(ok)
	ids := map[string]bool{}
	for range 100 {
		rec := serve(h, httptest.NewRequest("GET", "/", nil))
		ids[rec.Header().Get("X-Request-ID")] = true
	}
	if len(ids) != 100 {
		t.Errorf("%d distinct ids of 100", len(ids))
	}
}

func TestRequestIDCustomHeaderAndGenerator(t *testing.T) {
	h := RequestID(RequestIDConfig{Header: "x-trace", Echo: true, Generate: func() string { return "fixed" }})(ok)
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("X-Trace") != "fixed" {
		t.Errorf("header %v", rec.Header())
	}
}

// TestRequestIDNotEchoedByDefault: without Echo the id reaches the context
// (and so the logs and error pages) but not the response, as in Django.
func TestRequestIDNotEchoedByDefault(t *testing.T) {
	var seen string
	h := RequestID(RequestIDConfig{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = httpx.RequestID(r.Context())
	}))
	rec := serve(h, httptest.NewRequest("GET", "/", nil))
	if len(seen) != 26 {
		t.Errorf("context id %q", seen)
	}
	if v, ok := rec.Header()["X-Request-Id"]; ok {
		t.Errorf("X-Request-Id %q sent without Echo", v)
	}
}
