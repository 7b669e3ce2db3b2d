package urls

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

// TestViewChecks: checks run in order after the match and before the
// view, see the matched view and the router in the context, and stop the
// request by answering or by an error; a path with no view runs none.
func TestViewChecks(t *testing.T) {
	var calls []string
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "view") })
	rt := NewRouter(Path("open/", view, "open"), Path("closed/", view, "closed"), Path("broken/", view, "broken"))
	rt.AddViewCheck(func(w http.ResponseWriter, r *http.Request, m *Match) (bool, error) {
		calls = append(calls, "first:"+m.URLName)
		if RouterFrom(r.Context()) != rt || MatchFrom(r.Context()) != m {
			t.Error("router or match missing from the context")
		}
		return false, nil
	})
	rt.AddViewCheck(func(w http.ResponseWriter, r *http.Request, m *Match) (bool, error) {
		calls = append(calls, "second:"+m.URLName)
		switch m.URLName {
		case "closed":
			http.Error(w, "no", http.StatusForbidden)
			return true, nil
		case "broken":
			return false, httpx.Wrap(http.StatusTeapot, "teapot", errors.New("check failed"))
		}
		return false, nil
	})
	do := func(path string) *httptest.ResponseRecorder {
		calls = nil
		rec := httptest.NewRecorder()
		rt.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	if rec := do("/open/"); rec.Body.String() != "view" || strings.Join(calls, ",") != "first:open,second:open" {
		t.Errorf("open: %d %q %v", rec.Code, rec.Body, calls)
	}
	if rec := do("/closed/"); rec.Code != 403 || strings.Contains(rec.Body.String(), "view") {
		t.Errorf("closed: %d %q", rec.Code, rec.Body)
	}
	if rec := do("/broken/"); rec.Code != http.StatusTeapot {
		t.Errorf("broken: %d %q", rec.Code, rec.Body)
	}
	if rec := do("/nowhere/"); rec.Code != 404 || len(calls) != 0 {
		t.Errorf("no view: %d %v", rec.Code, calls)
	}
}
