package csrf

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestActive(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	if Active(r) {
		t.Error("active without the middleware")
	}
	m, err := New(Config{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	var active bool
	rec := httptest.NewRecorder()
	m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { active = Active(r) })).ServeHTTP(rec, r)
	if !active {
		t.Error("not active below the middleware")
	}
	if rec.Header().Get("Set-Cookie") != "" {
		t.Errorf("Active set a cookie: %v", rec.Header())
	}
}
