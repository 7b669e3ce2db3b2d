package httpx

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
)

// maxExt is the number of extensions a Scope has room for: sessions, CSRF,
// messages, authentication, and two to spare.
const maxExt = 6

var nExt atomic.Int32

// Ext is a place in every [Scope] for the per-request state of a package
// above this one (sessions, CSRF, messages, authentication), so that its
// middleware keeps that state without a context value and a request copy
// of its own. A package makes one with [NewExt], once, in a package-level
// variable.
type Ext struct{ i uint8 }

// NewExt returns a new extension place. It panics after six: it is meant
// for a few framework packages, each calling it once at initialisation.
func NewExt() Ext {
	n := nExt.Add(1)
	if n > maxExt {
		panic("httpx: more than six NewExt calls")
	}
	return Ext{i: uint8(n - 1)}
}

// HeaderHook is a middleware that must act just before the response's
// headers are written (set a cookie, save a session), as its own
// ResponseWriter wrapper would. See [Enter].
type HeaderHook interface {
	// BeforeHeader runs once per request, when the headers are about to
	// be written with status through w, or with status 0 when the
	// middleware's handler returns without anything written ([Scope.Finish]).
	// It returns the status to write instead (the same one, usually), or
	// 0 after it wrote a response itself on w, in which case what the
	// handler writes afterwards is dropped.
	BeforeHeader(s *Scope, w http.ResponseWriter, status int) int
}

// extEntry is one extension's place in a Scope.
type extEntry struct {
	mw      any           // the middleware that entered; nil: none
	r       *http.Request // the request it passed on
	val     any           // its per-request state, once made
	entered bool
	// done: its hook ran (or is running). Set under the hookWriter's
	// lock, read without it: a hook may ask HeadersSent (a package making
	// its state from a template rendered by another's hook).
	done atomic.Bool
}

// ExtRoom is the room of a Scope's extensions. A per-request record that
// embeds a Scope can embed one beside it and hand it over with
// [Scope.UseRoom], when its stack has extension middleware, so that the
// first [Enter] makes none (one allocation for both).
type ExtRoom struct{ t extTable }

// UseRoom makes room the place of s's extensions. Call it right after
// [Scope.Init], before s is used.
func (s *Scope) UseRoom(room *ExtRoom) { s.exts.Store(&room.t) }

// Entered reports whether a middleware of any extension entered s.
func (s *Scope) Entered() bool {
	t := s.exts.Load()
	if t == nil {
		return false
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	return t.nOrder > 0
}

// roomyScope is a Scope with its extensions' room, made by Enter when the
// request has no Scope yet.
type roomyScope struct {
	Scope
	room ExtRoom
}

// extTable is the room of a Scope's extensions, made by the first [Enter]
// unless the Scope was given one ([Scope.UseRoom]).
type extTable struct {
	ext    [maxExt]extEntry
	order  [maxExt]uint8 // ext indexes in the order the middleware entered
	nOrder uint8
	hw     hookWriter
}

type extKey struct{}

// Enter records that the middleware mw of extension e handles r, in r's
// nearest Scope (a new one, with its request copy, when r has none or when
// another middleware of e entered it already), and returns the writer and
// request to pass on and the Scope. When mw is a [HeaderHook], its hook runs
// before the response's headers are written: the writer returned is the
// Scope's own wrapper of w, which runs the hooks of every middleware that
// entered, the innermost first, or w itself when that wrapper is already in
// place above. The middleware calls [Scope.Finish] when its handler returns.
func Enter(w http.ResponseWriter, r *http.Request, e Ext, mw any) (http.ResponseWriter, *http.Request, *Scope) {
	s, _ := r.Context().Value(extKey{}).(*Scope)
	if s == nil || !s.enter(e, mw, r) {
		rs := new(roomyScope)
		rs.Init(r.Context(), nil, nil)
		rs.UseRoom(&rs.room)
		s = &rs.Scope
		r = r.WithContext(s)
		s.enter(e, mw, r)
	}
	if _, ok := mw.(HeaderHook); ok {
		hw := &s.exts.Load().hw
		hw.mu.Lock()
		install := !hw.installed
		if install {
			hw.installed = true
			hw.ResponseWriter = w
			hw.s = s
		}
		hw.mu.Unlock()
		if install {
			return hw, r, s
		}
	}
	return w, r, s
}

// enter records mw in e's place, if it is free.
func (s *Scope) enter(e Ext, mw any, r *http.Request) bool {
	s.extMu.Lock()
	defer s.extMu.Unlock()
	t := s.exts.Load()
	if t == nil {
		t = new(extTable)
		s.exts.Store(t)
	}
	x := &t.ext[e.i]
	if x.entered {
		return false
	}
	*x = extEntry{mw: mw, r: r, entered: true}
	t.order[t.nOrder] = e.i
	t.nOrder++
	return true
}

// ExtScope returns the nearest Scope of ctx that a middleware of e
// entered, or nil.
func ExtScope(ctx context.Context, e Ext) *Scope {
	for {
		s, _ := ctx.Value(extKey{}).(*Scope)
		if s == nil {
			return nil
		}
		if t := s.exts.Load(); t != nil {
			s.extMu.Lock()
			ok := t.ext[e.i].entered
			s.extMu.Unlock()
			if ok {
				return s
			}
		}
		ctx = s.Context
	}
}

// Ext returns the middleware that entered e's place, the request it passed
// on, and the state stored with [Scope.SetExt] (nil until then).
func (s *Scope) Ext(e Ext) (mw any, r *http.Request, val any) {
	t := s.exts.Load()
	if t == nil {
		return nil, nil, nil
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	x := &t.ext[e.i]
	return x.mw, x.r, x.val
}

// LoadOrStoreExt stores val as e's state unless there is one already, and
// returns the state in force: with it, concurrent first uses of a lazily
// made state agree on one. s must be a Scope a middleware of e entered
// (see [ExtScope]).
func (s *Scope) LoadOrStoreExt(e Ext, val any) any {
	t := s.exts.Load()
	if t == nil {
		return val // no middleware of e entered s: nowhere to keep it
	}
	s.extMu.Lock()
	defer s.extMu.Unlock()
	x := &t.ext[e.i]
	if x.val == nil {
		x.val = val
	}
	return x.val
}

// HeadersSent reports whether e's hook ran: the response's headers are
// out (or its middleware returned).
func (s *Scope) HeadersSent(e Ext) bool {
	t := s.exts.Load()
	return t != nil && t.ext[e.i].done.Load()
}

// Finish runs e's hook, with status 0, unless it ran already; its
// middleware calls it when its handler returns. It reports whether the
// hook ran now, and the status the hook returned.
func (s *Scope) Finish(e Ext) (ran bool, status int) {
	t := s.exts.Load()
	if t == nil {
		return false, 0
	}
	t.hw.mu.Lock()
	defer t.hw.mu.Unlock()
	x := &t.ext[e.i]
	h, ok := x.mw.(HeaderHook)
	if !ok || x.done.Load() {
		return false, 0
	}
	x.done.Store(true)
	w := t.hw.ResponseWriter
	if w == nil {
		return false, 0
	}
	return true, h.BeforeHeader(s, w, 0)
}

// hookWriter is the Scope's ResponseWriter wrapper that runs the hooks
// before the headers go out.
type hookWriter struct {
	http.ResponseWriter
	s         *Scope
	mu        sync.Mutex
	installed bool
	committed bool
	dropped   bool // a hook wrote the response: drop the handler's
}

// commit runs the hooks not run yet, innermost first, and returns the
// status to write; first reports whether this call committed, and drop
// that the handler's response must be dropped.
func (w *hookWriter) commit(status int) (code int, first, drop bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.committed {
		return status, false, w.dropped
	}
	w.committed = true
	s := w.s
	t := s.exts.Load()
	for i := int(t.nOrder) - 1; i >= 0; i-- {
		x := &t.ext[t.order[i]]
		h, ok := x.mw.(HeaderHook)
		if !ok || x.done.Load() {
			continue
		}
		x.done.Store(true)
		if status = h.BeforeHeader(s, w.ResponseWriter, status); status == 0 {
			w.dropped = true
			return 0, true, true
		}
	}
	return status, true, false
}

func (w *hookWriter) WriteHeader(code int) {
	if code >= 100 && code < 200 {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if code, _, drop := w.commit(code); !drop {
		w.ResponseWriter.WriteHeader(code)
	}
}

// start commits, when it is the first write, writing the status a hook
// changed; it reports whether the handler's bytes must be dropped.
func (w *hookWriter) start() (drop bool) {
	code, first, drop := w.commit(http.StatusOK)
	if first && !drop && code != http.StatusOK {
		w.ResponseWriter.WriteHeader(code)
	}
	return drop
}

func (w *hookWriter) Write(b []byte) (int, error) {
	if w.start() {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush implements http.Flusher.
func (w *hookWriter) Flush() {
	if w.start() {
		return
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *hookWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
