package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/djinn-go/djinn/httpx"
)

// RecoverConfig configures [Recover]. The zero value is ready to use.
type RecoverConfig struct {
	// Logger receives one record, with the stack, per panic. Nil means
	// slog.Default().
	Logger *slog.Logger
}

// PanicError is the error a recovered panic becomes. It carries the stack,
// which the error renderer shows on debug pages only.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	stack []byte
}

var (
	_ error         = (*PanicError)(nil)
	_ httpx.Stacker = (*PanicError)(nil)
)

// Error implements error.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Stack returns the goroutine's stack at the panic.
func (e *PanicError) Stack() []byte { return e.stack }

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Recover turns a panic in the handlers below it into a logged 500, rendered
// by the request's error renderer (see httpx.WithRenderer) from a
// [*PanicError]: the client sees a plain 500 page, and the stack only when
// the renderer is in debug mode. When the response header has already gone
// out, nothing more can be said to the client: the panic is logged and the
// connection aborted. http.ErrAbortHandler is passed on untouched.
func Recover(cfg RecoverConfig) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return &recoverer{next: next, logger: cfg.Logger}
	}
}

type recoverer struct {
	next   http.Handler
	logger *slog.Logger
}

func (h *recoverer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := recorderFor(w, r)
	defer h.recover(rec, r)
	h.next.ServeHTTP(rec, r)
}

// recover is deferred by ServeHTTP: it answers a panic with a 500.
func (h *recoverer) recover(rec *recorder, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(v)
	}
	perr := &PanicError{Value: v, stack: debug.Stack()}
	logger := h.logger
	if logger == nil {
		logger = slog.Default()
	}
	logger.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
		slog.String("request_id", httpx.RequestID(r.Context())),
		slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.String("error", perr.Error()), slog.String("stack", string(perr.stack)))
	if rec.wrote() {
		panic(http.ErrAbortHandler)
	}
	hdr := rec.Header()
	for _, k := range []string{"ETag", "Last-Modified", "Content-Disposition", "Content-Range", "Location"} {
		hdr.Del(k)
	}
	httpx.RenderError(rec, r, perr)
}
