package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/httpx"
)

var extA, extB = httpx.NewExt(), httpx.NewExt()

// hookMW is a middleware with a header hook that logs to log.
type hookMW struct {
	name string
	log  *[]string
	drop bool // answer 503 itself and drop the handler's response
}

func (m *hookMW) BeforeHeader(s *httpx.Scope, w http.ResponseWriter, status int) int {
	*m.log = append(*m.log, m.name+":"+http.StatusText(status))
	w.Header().Add("X-Hook", m.name)
	if m.drop {
		w.WriteHeader(http.StatusServiceUnavailable)
		return 0
	}
	return status
}

func (m *hookMW) wrap(e httpx.Ext, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, e, m)
		next.ServeHTTP(w, r)
		if ran, _ := sc.Finish(e); ran {
			*m.log = append(*m.log, m.name+":finished")
		}
	})
}

// The hooks of the middleware that entered run once, innermost first,
// just before the headers go out; without a write, each runs when its
// middleware returns (innermost first too).
func TestHooksRunBeforeHeaders(t *testing.T) {
	var log []string
	a, b := &hookMW{name: "a", log: &log}, &hookMW{name: "b", log: &log}
	h := a.wrap(extA, b.wrap(extB, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log = append(log, "view")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("x"))
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if got := strings.Join(log, " "); got != "view b:Created a:Created" || rec.Code != http.StatusCreated {
		t.Errorf("log %q, status %d", got, rec.Code)
	}
	if got := rec.Header().Values("X-Hook"); strings.Join(got, ",") != "b,a" {
		t.Errorf("hook headers %v", got)
	}
	log = nil
	h = a.wrap(extA, b.wrap(extB, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if got := strings.Join(log, " "); got != "b: b:finished a: a:finished" {
		t.Errorf("without a write: %q", got)
	}
}

// A hook that answers itself (status 0) drops the handler's response.
func TestHookDropsResponse(t *testing.T) {
	var log []string
	a := &hookMW{name: "a", log: &log, drop: true}
	h := a.wrap(extA, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("view body"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Body.Len() != 0 {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}

// The state is found from below values of this package (which hide the
// Scope from ScopeFrom), one per Scope; a second middleware of the same
// extension gets a Scope of its own, and each finds its own state.
func TestExtState(t *testing.T) {
	var log []string
	outer, inner := &hookMW{name: "outer", log: &log}, &hookMW{name: "inner", log: &log}
	var seen []any
	view := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := httpx.WithRequestID(r.Context(), "id")
		sc := httpx.ExtScope(ctx, extA)
		mw, _, _ := sc.Ext(extA)
		if got := sc.LoadOrStoreExt(extA, "first"); got != "first" {
			t.Errorf("LoadOrStoreExt: %v", got)
		}
		if got := sc.LoadOrStoreExt(extA, "second"); got != "first" {
			t.Errorf("LoadOrStoreExt again: %v", got)
		}
		outerScope := httpx.ExtScope(sc.Context, extA)
		omw, _, oval := outerScope.Ext(extA)
		seen = append(seen, mw, omw, oval)
	})
	h := outer.wrap(extA, inner.wrap(extA, view))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if len(seen) != 3 || seen[0] != inner || seen[1] != outer || seen[2] != nil {
		t.Errorf("seen %v", seen)
	}
	if httpx.ExtScope(httptest.NewRequest(http.MethodGet, "/", nil).Context(), extA) != nil {
		t.Error("scope without a middleware")
	}
}

// Below a Scope given its extensions' room (UseRoom), entering costs no
// allocation; below one without, the first entering middleware makes the
// room (one allocation, whatever the number of extensions); with no Scope
// at all, Enter makes the Scope and its room together.
func TestEnterAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts vary under the race detector")
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w, r, sc := httpx.Enter(w, r, extA, quietHook{})
		w2, r2, _ := httpx.Enter(w, r, extB, quietHook{})
		w2.WriteHeader(http.StatusOK)
		sc.Finish(extB)
		sc.Finish(extA)
		_ = r2
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	w := httptest.NewRecorder()
	type roomy struct {
		httpx.Scope
		room httpx.ExtRoom
	}
	n := testing.AllocsPerRun(100, func() {
		rs := new(roomy)
		rs.Init(req.Context(), nil, nil)
		rs.UseRoom(&rs.room)
		h.ServeHTTP(w, req.WithContext(&rs.Scope))
	})
	if n > 2 { // the record and the request copy of the test
		t.Errorf("with a room: %v allocations, want 2", n)
	}
	n = testing.AllocsPerRun(100, func() {
		sc := httpx.NewScope(req.Context(), nil, nil)
		h.ServeHTTP(w, req.WithContext(sc))
	})
	if n > 3 { // the Scope, the request copy, the room
		t.Errorf("without a room: %v allocations, want 3", n)
	}
	n = testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) })
	if n > 2 { // Enter's Scope with its room, its request copy
		t.Errorf("without a Scope: %v allocations, want 2", n)
	}
}

// A Scope that no middleware of an extension entered answers for it as
// empty, and keeps nothing for it.
func TestExtOnScopeNobodyEntered(t *testing.T) {
	sc := httpx.NewScope(httptest.NewRequest(http.MethodGet, "/", nil).Context(), nil, nil)
	if mw, r, val := sc.Ext(extA); mw != nil || r != nil || val != nil {
		t.Errorf("Ext = %v, %v, %v", mw, r, val)
	}
	if sc.HeadersSent(extA) {
		t.Error("HeadersSent on a scope nobody entered")
	}
	if ran, status := sc.Finish(extA); ran || status != 0 {
		t.Errorf("Finish = %v, %d", ran, status)
	}
	if got := sc.LoadOrStoreExt(extA, "state"); got != "state" {
		t.Errorf("LoadOrStoreExt = %v", got)
	}
	if _, _, val := sc.Ext(extA); val != nil {
		t.Errorf("state kept on a scope nobody entered: %v", val)
	}
	if httpx.ExtScope(sc, extA) != nil {
		t.Error("ExtScope found a scope nobody entered")
	}
}

type quietHook struct{}

func (quietHook) BeforeHeader(s *httpx.Scope, w http.ResponseWriter, status int) int { return status }

// askingHook asks, from its hook, whether another extension's headers are
// out, as a session's error page that renders a template with the
// request's CSRF token or messages does.
type askingHook struct {
	other httpx.Ext
	sent  *[]bool
}

func (h askingHook) BeforeHeader(s *httpx.Scope, w http.ResponseWriter, status int) int {
	*h.sent = append(*h.sent, s.HeadersSent(h.other))
	return status
}

// A hook may ask HeadersSent (a package making its state then) without
// deadlocking on the writer's lock, whether the hook runs on the first
// write or when its middleware returns.
func TestHeadersSentFromHook(t *testing.T) {
	for _, write := range []bool{true, false} {
		var sent []bool
		outer := askingHook{other: extB, sent: &sent}
		inner := quietHook{}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w, r, sc := httpx.Enter(w, r, extA, outer)
			defer sc.Finish(extA)
			w, _, sc2 := httpx.Enter(w, r, extB, inner)
			defer sc2.Finish(extB)
			if write {
				w.WriteHeader(http.StatusOK)
			}
		})
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("write %v: deadlock: HeadersSent called from a hook never returned", write)
		}
		if len(sent) != 1 || !sent[0] {
			t.Errorf("write %v: HeadersSent from the outer hook = %v, want [true] (the inner hook ran)", write, sent)
		}
	}
}
