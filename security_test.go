package djinn_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// TestCSRFSeesTheRoutersPath: CSRF decides on the view the router will
// reach. A path with bytes that are not UTF-8 is resolved percent-encoded
// (as Django does); CSRF must resolve it the same way, or a POST to such a
// path would reach the view unchecked (a path with no route is let through
// to the router's 404).
func TestCSRFSeesTheRoutersPath(t *testing.T) {
	router := urls.NewRouter(urls.Path("x%FF/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		_, err := io.WriteString(w, "reached")
		return err
	}), "raw"))
	if m, err := router.Resolve("/x\xff/"); err == nil {
		t.Fatalf("the raw path resolves too (%s): the test needs one that only resolves re-encoded", m.Route)
	}
	a := djinn.New(settings())
	a.Routes(router)
	h, err := a.Handler()
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader("a=1"))
	r.URL.Path = "/x\xff/"
	r.Host = "example.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusForbidden {
		t.Fatalf("POST %q without a token: %d %q", r.URL.Path, w.Code, w.Body.String())
	}
	// And the router does serve that path (with a token it would pass).
	g := httptest.NewRequest("GET", "/", nil)
	g.URL.Path, g.Host = "/x\xff/", "example.com"
	w = httptest.NewRecorder()
	h.ServeHTTP(w, g)
	if w.Code != http.StatusOK || w.Body.String() != "reached" {
		t.Fatalf("GET %q: %d %q", g.URL.Path, w.Code, w.Body.String())
	}
}
