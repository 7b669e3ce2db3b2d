package httpx

import (
	"context"
	"net/http"
)

// HandlerFunc is a view: a function that writes a response or returns an
// error for the error renderer to turn into one.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

var _ http.Handler = HandlerFunc(nil)

// ServeHTTP calls f and renders a returned error.
func (f HandlerFunc) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := f(w, r); err != nil {
		RenderError(w, r, err)
	}
}

// ErrorRenderer writes the response for an error returned by a view.
type ErrorRenderer interface {
	RenderError(w http.ResponseWriter, r *http.Request, err error)
}

type rendererKey struct{}

// WithRenderer returns a context whose views render errors with er. The
// application installs its renderer this way at the top of the middleware
// stack.
func WithRenderer(ctx context.Context, er ErrorRenderer) context.Context {
	return withValue(ctx, rendererKey{}, er)
}

// RendererFrom returns the renderer installed in ctx, or a zero [Renderer].
func RendererFrom(ctx context.Context) ErrorRenderer {
	if er, ok := ctx.Value(rendererKey{}).(ErrorRenderer); ok {
		return er
	}
	return &Renderer{}
}

// RenderError writes err with the renderer carried by r's context.
func RenderError(w http.ResponseWriter, r *http.Request, err error) {
	recordError(r.Context(), err)
	RendererFrom(r.Context()).RenderError(w, r, err)
}

type requestIDKey struct{}

// WithRequestID returns a context carrying the request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return withValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	switch v := ctx.Value(requestIDKey{}).(type) {
	case string:
		return v
	case *Scope:
		return v.requestID
	}
	return ""
}

type errorSlot struct {
	err    error
	parent *errorSlot
}

type errorSlotKey struct{}

// RecordErrors returns a context in which the error rendered for the
// request (by [RenderError]) is recorded, and a function that returns it
// after the handler has run. Middleware uses it to see the errors of the
// views below it (with a [Scope], [Scope.RecordErrors] does the same without
// allocating):
//
//	ctx, rendered := httpx.RecordErrors(r.Context())
//	next.ServeHTTP(w, r.WithContext(ctx))
//	if err := rendered(); err != nil { … }
func RecordErrors(ctx context.Context) (context.Context, func() error) {
	parent, _ := ctx.Value(errorSlotKey{}).(*errorSlot)
	s := &errorSlot{parent: parent}
	return withValue(ctx, errorSlotKey{}, s), func() error { return s.err }
}

func recordError(ctx context.Context, err error) {
	s, _ := ctx.Value(errorSlotKey{}).(*errorSlot)
	for ; s != nil; s = s.parent {
		s.err = err
	}
}
