package middleware

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/djinn-go/djinn/httpx"
)

// state is the per-request record that the middlewares of this package
// share, around httpx's [httpx.Scope] (error and template renderers,
// request id, rendered error): the first one that needs it ([Renderers],
// else [RequestID], [Hosts] or [Security]) puts it in the request's
// context, the others fill in what they learn. One value per request, and
// one request copy, keeps allocations low.
//
// The record is itself the request's context (the Scope embeds the parent
// and answers httpx's keys, state answers its own).
type state struct {
	httpx.Scope
	info
	// rec is the response recorder of [AccessLog] and [Recover], for
	// the first writer that one of them wraps (see recorderFor).
	rec recorder
	// idValue backs the request id header's value.
	idValue [1]string
}

// info is what the middlewares learn about the request.
type info struct {
	host   string // the host validated by Hosts, with its port
	port   string // the port, from X-Forwarded-Port when trusted
	secure int8   // 0: not decided by Security; 1: plain HTTP; 2: HTTPS
}

type infoKey struct{}

// Value answers infoKey with the record itself, and httpx's keys from the
// Scope.
func (st *state) Value(key any) any {
	if _, ok := key.(infoKey); ok {
		return st
	}
	return st.Scope.Value(key)
}

// newState returns a record below ctx with the renderers er and tr (nil
// leaves those of ctx in force). What an enclosing record learned about the
// request is kept.
func newState(ctx context.Context, er httpx.ErrorRenderer, tr httpx.TemplateRenderer) *state {
	return initState(new(state), ctx, er, tr)
}

// roomyState is a record with the room of the extensions' state (see
// httpx.ExtRoom), for stacks with sessions, CSRF, messages or
// authentication: one allocation for both.
type roomyState struct {
	state
	room httpx.ExtRoom
}

func newRoomyState(ctx context.Context, er httpx.ErrorRenderer, tr httpx.TemplateRenderer) *state {
	rs := new(roomyState)
	initState(&rs.state, ctx, er, tr)
	rs.Scope.UseRoom(&rs.room)
	return &rs.state
}

func initState(st *state, ctx context.Context, er httpx.ErrorRenderer, tr httpx.TemplateRenderer) *state {
	st.Scope.Init(ctx, er, tr)
	if outer := stateOf(ctx); outer != nil {
		st.info = outer.info
	}
	return st
}

func stateOf(ctx context.Context) *state {
	st, _ := ctx.Value(infoKey{}).(*state)
	return st
}

// requestState returns the record of r, adding one to r's context when
// there is none yet.
func requestState(r *http.Request) (*state, *http.Request) {
	if st := stateOf(r.Context()); st != nil {
		return st, r
	}
	st := newState(r.Context(), nil, nil)
	return st, r.WithContext(st)
}

// requestInfo is requestState's info.
func requestInfo(r *http.Request) (*info, *http.Request) {
	st, r := requestState(r)
	return &st.info, r
}

func infoOf(r *http.Request) *info {
	if st := stateOf(r.Context()); st != nil {
		return &st.info
	}
	return nil
}

// recorderFor returns the recorder wrapping w for [AccessLog] and
// [Recover]: w itself when it is one, else the record's when it is still
// free, else a new one.
func recorderFor(w http.ResponseWriter, r *http.Request) *recorder {
	if rec, ok := w.(*recorder); ok {
		return rec
	}
	if st := stateOf(r.Context()); st != nil && st.rec.ResponseWriter == nil {
		st.rec.ResponseWriter = w
		return &st.rec
	}
	return &recorder{ResponseWriter: w}
}

// Renderers is the outermost middleware of a stack: it installs the error
// renderer er (for httpx.RenderError) and the template renderer tr (for
// httpx.Render) for the requests below it, and starts the per-request record
// that httpx (an [httpx.Scope]) and this package's middleware share — the
// request id, the access log's recorder and error, the validated host — so
// that the whole stack costs one request copy. Either renderer may be nil.
// djinn's App puts it at the top of its stack.
func Renderers(er httpx.ErrorRenderer, tr httpx.TemplateRenderer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return &renderers{next: next, er: er, tr: tr}
	}
}

// The middlewares of this package are handler types rather than
// http.HandlerFuncs, and keep their work out of line (in methods that
// are not inlined) when it is more than a few words: each level of the
// chain then adds one small frame to the request's stack. A handler
// whose deepest call (a query, through the driver) fits in the
// goroutine's 8 KiB stack is never copied to a bigger one; one that
// does not is copied again after every GC, which shrinks idle stacks.
//
// The record is made with the room of the extensions' state (sessions,
// CSRF, messages, authentication) once a request showed that the stack
// below has one of them: a stack without them keeps its records small,
// one with them makes the record and the room in one allocation.
type renderers struct {
	next http.Handler
	er   httpx.ErrorRenderer
	tr   httpx.TemplateRenderer
	room atomic.Bool
}

func (h *renderers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h.room.Load() {
		h.next.ServeHTTP(w, r.WithContext(newRoomyState(r.Context(), h.er, h.tr)))
		return
	}
	st := newState(r.Context(), h.er, h.tr)
	h.next.ServeHTTP(w, r.WithContext(st))
	if st.Scope.Entered() {
		h.room.Store(true)
	}
}

// Host returns the request's host as validated by [Hosts] against the
// allowed hosts (Django's request.get_host(): the Host header, or
// X-Forwarded-Host when trusted, port included). It returns "" when Hosts
// did not validate this request, so that nobody builds an absolute URL from
// an unchecked header.
func Host(r *http.Request) string {
	if in := infoOf(r); in != nil {
		return in.host
	}
	return ""
}

// hostOf is the host the middlewares of this package put in absolute URLs:
// the validated one, else the raw Host header (as Django does with
// ALLOWED_HOSTS = ["*"]). Hosts belongs before them in the chain.
func hostOf(r *http.Request) string {
	if h := Host(r); h != "" {
		return h
	}
	return r.Host
}

// IsSecure reports whether the request came over HTTPS, as Django's
// request.is_secure(): the decision [Security] made (which honours the
// proxy header of [SecurityConfig]) or, without Security in the chain,
// whether the connection itself is TLS.
func IsSecure(r *http.Request) bool {
	if in := infoOf(r); in != nil && in.secure != 0 {
		return in.secure == 2
	}
	return r.TLS != nil
}

// Scheme returns "https" when [IsSecure] holds, else "http".
func Scheme(r *http.Request) string {
	if IsSecure(r) {
		return "https"
	}
	return "http"
}

// Port returns the port the client connected to, as Django's
// request.get_port(): X-Forwarded-Port when [HostsConfig.UseXForwardedPort]
// trusts it, else the server's local port ("" when unknown).
func Port(r *http.Request) string {
	if in := infoOf(r); in != nil && in.port != "" {
		return in.port
	}
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
		if _, p, err := net.SplitHostPort(a.String()); err == nil {
			return p
		}
	}
	return ""
}
