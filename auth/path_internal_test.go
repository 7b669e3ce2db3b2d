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

// TestUnicodeCIEqual: Django's _unicode_ci_compare, each expectation
// checked with CPython (NFKC, then str.casefold).
func TestUnicodeCIEqual(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"ﬀ@example.com", "FF@EXAMPLE.COM", true},
		{"straße@x.de", "STRASSE@X.DE", true},
		{"K@x", "\u212a@x", true},
		{"İ@x", "i\u0307@x", true},
		{"ann@example.com", "ann@example.con", false},
	} {
		if got := unicodeCIEqual(c.a, c.b); got != c.want {
			t.Errorf("unicodeCIEqual(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
