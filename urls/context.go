package urls

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/djinn-go/djinn/httpx"
)

// ErrNoRouter is returned by [ReverseCtx] and [Redirect] when the context
// carries no router.
var ErrNoRouter = errors.New("no url router in context")

type matchKey struct{}
type routerKey struct{}

// routeKey is answered by every routeCtx: whether a router (or NewContext)
// already put its values in the context.
type routeKey struct{}

// routeCtx carries the router and the match in one context node, so that
// ServeHTTP adds a single allocation. Attached to the request's
// httpx.Scope it has no parent context and answers only its own keys.
type routeCtx struct {
	context.Context
	router *Router
	match  *Match
}

func (c *routeCtx) Value(key any) any {
	switch key {
	case matchKey{}:
		if c.match != nil {
			return c.match
		}
	case routerKey{}:
		return c.router
	case routeKey{}:
		return c
	}
	if c.Context == nil {
		return nil
	}
	return c.Context.Value(key)
}

// NewContext returns a context carrying the router, for [ReverseCtx] and
// [Redirect] outside the views the router serves (the router's ServeHTTP
// does it for those).
func NewContext(ctx context.Context, r *Router) context.Context {
	return &routeCtx{Context: ctx, router: r}
}

// MatchFrom returns the match of the request the router is serving, or nil.
func MatchFrom(ctx context.Context) *Match {
	m, _ := ctx.Value(matchKey{}).(*Match)
	return m
}

// RouterFrom returns the router carried by ctx, or nil.
func RouterFrom(ctx context.Context) *Router {
	r, _ := ctx.Value(routerKey{}).(*Router)
	return r
}

// ReverseCtx reverses name with the router carried by ctx. The arguments
// are positional, or a single [Kwargs] (map[string]any) of keyword
// arguments. The current application is the namespace of the request's
// match, as Django's {% url %} tag does.
func ReverseCtx(ctx context.Context, name string, args ...any) (string, error) {
	rt := RouterFrom(ctx)
	if rt == nil {
		return "", fmt.Errorf("reverse %q: %w", name, ErrNoRouter)
	}
	var kw map[string]any
	if len(args) == 1 {
		if m, ok := args[0].(map[string]any); ok {
			kw, args = m, nil
		}
	}
	cur := ""
	if m := MatchFrom(ctx); m != nil {
		cur = m.Namespace
	}
	return rt.Reverse(name, args, kw, cur)
}

// Redirect answers with a 302 redirect to the URL of a named pattern,
// Django's redirect(): the arguments are as for [ReverseCtx]. As in
// Django, to may also be a URL: one starting with "./" or "../" is used
// as is, and one containing "/" or "." is used when it is not a pattern
// name.
func Redirect(w http.ResponseWriter, r *http.Request, to string, args ...any) error {
	url, err := resolveURL(r.Context(), to, args...)
	if err != nil {
		return err
	}
	return httpx.Redirect(w, r, url)
}

func resolveURL(ctx context.Context, to string, args ...any) (string, error) {
	if strings.HasPrefix(to, "./") || strings.HasPrefix(to, "../") {
		return to, nil
	}
	url, err := ReverseCtx(ctx, to, args...)
	if err == nil {
		return url, nil
	}
	if (errors.Is(err, ErrNoReverseMatch) || errors.Is(err, ErrNoRouter)) && strings.ContainsAny(to, "/.") {
		return to, nil
	}
	return "", fmt.Errorf("redirect to %q: %w", to, err)
}
