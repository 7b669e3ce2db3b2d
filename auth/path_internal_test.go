package auth

import (
	"net/http/httptest"
	"testing"

	"github.com/djinn-go/djinn/urls"
)

// TestRequestPath: the login loop check compares with Django's
// request.path, which keeps the script prefix http.StripPrefix removed.
func TestRequestPath(t *testing.T) {
	r := httptest.NewRequest("GET", "/accounts/login/", nil)
	if got := requestPath(r); got != "/accounts/login/" {
		t.Errorf("no router: %q", got)
	}
	rt := urls.NewRouter()
	r = r.WithContext(urls.NewContext(r.Context(), rt))
	if got := requestPath(r); got != "/accounts/login/" {
		t.Errorf("default prefix: %q", got)
	}
	rt.SetScriptPrefix("/app/")
	if got := requestPath(r); got != "/app/accounts/login/" {
		t.Errorf("prefix /app/: %q", got)
	}
}
