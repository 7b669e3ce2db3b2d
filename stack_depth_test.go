package djinn_test

import (
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"testing"
	"unsafe"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/urls"
)

// stackAddr returns an address in the caller's frame region of the stack.
//
//go:noinline
func stackAddr() uintptr {
	var b [1]byte
	return uintptr(unsafe.Pointer(&b))
}

// grow uses n bytes of stack, so that the goroutine's stack is big enough
// for what follows and is not copied (which would move it) mid-measure.
//
//go:noinline
func grow(n int) byte {
	var b [1024]byte
	if n <= len(b) {
		return b[n%len(b)]
	}
	return grow(n-len(b)) + b[0]
}

// TestStackDepth bounds the stack that the production stack (the App's
// always-on middleware plus security, clickjacking and limits) and the
// router put between the server and a view. A request's goroutine
// starts, and after every GC shrinks back to, a small stack (net/http's
// connections run on 8 KiB once grown; the driver under a query needs
// about 4 KiB of it, net/http 1.2 KiB): a handler whose deepest call
// does not fit is copied to a bigger stack after every GC cycle, which
// cost the /db benchmark 5-8% of its throughput when the stack added
// 3.4 KiB. The framework's part must stay small: handler types instead of
// HandlerFunc closures, their work in methods that are not inlined.
func TestStackDepth(t *testing.T) {
	budget := uintptr(1024)
	if raceEnabled { // instrumented frames are bigger
		budget = 1536
	}
	var depth uintptr
	router := urls.NewRouter(urls.Path("json", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		depth = stackAddr()
		return httpx.JSON(w, http.StatusOK, map[string]string{"message": "Hello, World!"})
	}), "json"))
	s := settings()
	s.Debug = false
	s.LogLevel = "warn"
	s.Middleware = productionMiddleware
	app := djinn.New(s)
	app.Routes(router)
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(-1)) // no stack shrinking mid-measure
	done := make(chan uintptr)
	go func() {
		grow(64 << 10)
		req := httptest.NewRequest(http.MethodGet, "/json", nil)
		req.Host = "example.com"
		rec := httptest.NewRecorder()
		top := stackAddr()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("status %d", rec.Code)
		}
		done <- top
	}()
	top := <-done
	used := top - depth
	t.Logf("the stack and the router use %d bytes of stack above the view", used)
	if used > budget {
		t.Errorf("the production stack and the router use %d bytes of stack above the view, want at most %d", used, budget)
	}
}
