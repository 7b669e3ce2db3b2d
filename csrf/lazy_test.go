package csrf

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A safe request whose view makes no token costs no state: no secret,
// no cookie, no allocation beyond the request record the middleware makes
// when it has none; a malformed cookie is still replaced, and a token
// still sends the secret it came with.
func TestSafeRequestStateIsLazy(t *testing.T) {
	m, err := New(Config{Logger: discardLogger()})
	if err != nil {
		t.Fatal(err)
	}
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			w.Write([]byte(Token(r)))
		}
		w.WriteHeader(http.StatusOK)
	}))
	serve := func(path, cookie string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != "" {
			req.Header.Set("Cookie", DefaultCookieName+"="+cookie)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	secret := NewSecret()
	if rec := serve("/", secret); len(rec.Header().Values("Set-Cookie")) != 0 || rec.Header().Get("Vary") != "" {
		t.Errorf("no token: headers %v", rec.Header())
	}
	rec := serve("/", "bad!")
	if sc := rec.Header().Get("Set-Cookie"); !strings.HasPrefix(sc, DefaultCookieName+"=") || strings.HasPrefix(sc, DefaultCookieName+"=bad") {
		t.Errorf("malformed cookie not replaced: %q", sc)
	}
	rec = serve("/token", secret)
	if sc := rec.Header().Get("Set-Cookie"); !strings.HasPrefix(sc, DefaultCookieName+"="+secret+";") || Unmask(rec.Body.String()) != secret {
		t.Errorf("token: cookie %q, token %q", sc, rec.Body)
	}
	if raceEnabled {
		return
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Cookie", "sessionid=abc; "+DefaultCookieName+"="+secret)
	w := &discardWriter{h: http.Header{}}
	if n := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) }); n > 2 {
		t.Errorf("safe request without a token: %v allocations, want at most 2 (the record)", n)
	}
}

type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(int)             {}
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
