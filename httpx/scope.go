package httpx

import (
	"context"
	"sync"
	"sync/atomic"
)

// Scope is a request's record of the values this package keeps in its
// context: the error renderer, the template renderer, the request id and
// the slot in which [RenderError] records the rendered error. A stack that
// installs one at the top (djinn's App does, through middleware.Renderers)
// pays one allocation and one request copy for all of them, where
// [WithRenderer], [WithTemplates], [WithRequestID] and [RecordErrors] add a
// context value (and usually a request copy) each.
//
// A Scope is itself the request's context: it embeds its parent and answers
// this package's keys. It is meant to be embedded in a larger per-request
// record (initialised with [Scope.Init]) or made with [NewScope]; it must not
// be copied after its first use. [RendererFrom], [TemplatesFrom] and
// [RequestID] read it like any context value; middleware that owns the
// request changes it in place through [ScopeFrom].
type Scope struct {
	context.Context
	renderer  ErrorRenderer
	templates TemplateRenderer
	requestID string
	slot      errorSlot
	recording bool
	attached  interface{ Value(key any) any }

	// The extensions of packages above this one (see [Ext]), made when
	// the first middleware enters: a stack without sessions, CSRF,
	// messages or authentication does not pay for their room.
	extMu sync.Mutex
	exts  atomic.Pointer[extTable]
}

type scopeKey struct{}

// NewScope returns a Scope below parent with the error renderer er and the
// template renderer tr (either may be nil: the values above parent, or the
// defaults, apply then).
func NewScope(parent context.Context, er ErrorRenderer, tr TemplateRenderer) *Scope {
	s := new(Scope)
	s.Init(parent, er, tr)
	return s
}

// Init makes s a fresh Scope below parent, as [NewScope] does, for a Scope
// embedded in another per-request record.
func (s *Scope) Init(parent context.Context, er ErrorRenderer, tr TemplateRenderer) {
	*s = Scope{Context: parent, renderer: er, templates: tr}
}

// Value answers this package's keys from the record and passes the others to
// the parent.
func (s *Scope) Value(key any) any {
	switch key.(type) {
	case scopeKey:
		return s
	case extKey:
		return s
	case rendererKey:
		if s.renderer != nil {
			return s.renderer
		}
	case templatesKey:
		if s.templates != nil {
			return s.templates
		}
	case requestIDKey:
		if s.requestID != "" {
			return s // RequestID reads the field: boxing the string would allocate
		}
	case errorSlotKey:
		if s.recording {
			return &s.slot
		}
	default:
		if s.attached != nil {
			if v := s.attached.Value(key); v != nil {
				return v
			}
		}
	}
	return s.Context.Value(key)
}

// Attach adds v's values to the scope: keys that v answers (with a non-nil
// value) are answered by the scope before its parent, as if v were a
// context between them. A lower package uses it to keep its own
// per-request values (the router its match) without a context node and a
// request copy of its own. There is room for one: Attach reports false,
// and changes nothing, when the place is taken. Only the owner of the
// request may call it (see [ScopeFrom]): every context below s sees v's
// values.
func (s *Scope) Attach(v interface{ Value(key any) any }) bool {
	if s.attached != nil {
		return false
	}
	s.attached = v
	return true
}

// ScopeFrom returns the Scope of ctx, or nil when there is none or when a
// value of this package was added below it ([WithRenderer], [WithTemplates],
// [WithRequestID], [RecordErrors]): a change made in the Scope would then be
// hidden, or would reach contexts it should not, and the caller must use
// those functions instead.
func ScopeFrom(ctx context.Context) *Scope {
	s, _ := ctx.Value(scopeKey{}).(*Scope)
	return s
}

// SetRequestID sets the request id that [RequestID] reports for every
// context below s.
func (s *Scope) SetRequestID(id string) { s.requestID = id }

// RecordErrors makes [RenderError] record in s, from now on, the error it
// renders for the request, as the function [RecordErrors] does in a new
// context, without allocating; [Scope.RenderedError] returns it. Calling it
// again changes nothing.
func (s *Scope) RecordErrors() {
	if s.recording {
		return
	}
	parent, _ := s.Context.Value(errorSlotKey{}).(*errorSlot)
	s.slot = errorSlot{parent: parent}
	s.recording = true
}

// RenderedError returns the error recorded since [Scope.RecordErrors], or nil.
func (s *Scope) RenderedError() error { return s.slot.err }

// valueCtx is context.WithValue's node for this package's keys; it also
// hides the Scope above it from [ScopeFrom].
type valueCtx struct {
	context.Context
	key, val any
}

func withValue(parent context.Context, key, val any) context.Context {
	return &valueCtx{Context: parent, key: key, val: val}
}

func (c *valueCtx) Value(key any) any {
	if key == c.key {
		return c.val
	}
	if _, ok := key.(scopeKey); ok {
		return (*Scope)(nil)
	}
	return c.Context.Value(key)
}
