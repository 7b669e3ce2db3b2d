package httpx_test

import (
	"net/http"
	"testing"

	"github.com/djinn-go/djinn/httpx"
)

type markA struct{ http.Handler }

func (m markA) Unwrap() http.Handler { return m.Handler }

type markB struct{ http.Handler }

func (m markB) Unwrap() http.Handler { return m.Handler }

// loop unwraps to itself.
type loop struct{}

func (loop) ServeHTTP(http.ResponseWriter, *http.Request) {}
func (l loop) Unwrap() http.Handler                       { return l }

func TestHandlerMarked(t *testing.T) {
	isA := func(h http.Handler) bool { _, ok := h.(markA); return ok }
	plain := http.NotFoundHandler()
	for _, c := range []struct {
		name string
		h    http.Handler
		want bool
	}{
		{"marked", markA{plain}, true},
		{"under another mark", markB{markA{plain}}, true},
		{"other mark only", markB{plain}, false},
		{"plain", plain, false},
		{"nil", nil, false},
		{"unwrap cycle", loop{}, false},
	} {
		if got := httpx.HandlerMarked(c.h, isA); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
