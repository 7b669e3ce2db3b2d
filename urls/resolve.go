package urls

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/httpx"
)

// Match is the result of resolving a path, Django's ResolverMatch. A Match
// returned by the router may be shared between requests: treat it, its
// slices and its map as read-only.
type Match struct {
	// View is the handler the path resolved to (Django's func).
	View http.Handler
	// Args are the positional arguments: the unnamed groups of an RePath
	// without named groups, as strings (nil for a group that did not
	// take part in the match).
	Args []any
	// URLName is the pattern's name, "" when it has none.
	URLName string
	// ViewName is the namespaced name, "ns:name" (the view's Go function
	// name in place of a missing URL name).
	ViewName string
	// Namespace is the instance namespaces joined with ":"; Namespaces
	// lists them.
	Namespace  string
	Namespaces []string
	// AppName is the application namespaces joined with ":"; AppNames
	// lists them.
	AppName  string
	AppNames []string
	// Route is the matched pattern as written, includes joined (Django's
	// route: "blog/<slug:slug>/").
	Route string

	// kw are the keyword arguments in increasing precedence: a later
	// entry with the same name wins (inner patterns over outer ones,
	// default arguments over captured values).
	kw         []kwEntry
	pathValues []pathValue
	ctx        *routeCtx // set on matches built for one request
}

type pathValue struct{ name, text string }

type kwEntry struct {
	name string
	v    any
}

// Kwarg returns the keyword argument name: a captured parameter converted
// by its converter (int, string, UUID, …; a string for an RePath group) or
// a pattern's default argument. It does not allocate.
func (m *Match) Kwarg(name string) (any, bool) {
	for i := len(m.kw) - 1; i >= 0; i-- {
		if m.kw[i].name == name {
			return m.kw[i].v, true
		}
	}
	return nil, false
}

// Kwargs returns the keyword arguments as a new map (Django's
// ResolverMatch.kwargs), nil when there are none. Prefer [Match.Kwarg] on
// hot paths: it does not allocate.
func (m *Match) Kwargs() map[string]any {
	if len(m.kw) == 0 {
		return nil
	}
	out := make(map[string]any, len(m.kw))
	for _, e := range m.kw {
		out[e.name] = e.v
	}
	return out
}

// matchBox holds a Match built for one request with room for its first
// path values and the context node ServeHTTP needs: one allocation.
type matchBox struct {
	m   Match
	pv  [2]pathValue
	kw  [2]kwEntry
	ctx routeCtx
}

// NotFoundError is returned by [Router.Resolve] for a path no pattern
// matches. It wraps httpx.ErrNotFound and lists the patterns tried, for
// the debug 404 page.
type NotFoundError struct {
	// Path is the path that was resolved.
	Path string
	ix   *index
}

// Error implements error.
func (e *NotFoundError) Error() string { return "no url pattern matches " + strconv.Quote(e.Path) }

// Unwrap returns httpx.ErrNotFound.
func (e *NotFoundError) Unwrap() error { return httpx.ErrNotFound }

// HTTPStatus reports 404.
func (e *NotFoundError) HTTPStatus() int { return http.StatusNotFound }

// Tried lists the patterns that were tried, in order, as Django's debug
// page shows them: the routes of the includes and the endpoint separated by
// spaces, with the URL name. It implements httpx.TriedPatterns.
func (e *NotFoundError) Tried() []string {
	if e.ix == nil || !strings.HasPrefix(e.Path, "/") {
		return nil
	}
	var out []string
	for _, t := range e.ix.tried(e.ix.tree, e.Path[1:]) {
		var b strings.Builder
		for i, n := range t {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(n.pat.route)
		}
		if last := t[len(t)-1]; !last.pat.isInclude() && last.pat.name != "" {
			b.WriteString(" [name='" + last.pat.name + "']")
		}
		out = append(out, b.String())
	}
	return out
}

var _ httpx.TriedPatterns = (*NotFoundError)(nil)

// tried walks the tree as Django's resolver does for a path that did not
// resolve and returns the pattern lists it tried.
func (ix *index) tried(nodes []*cnode, s string) [][]*cnode {
	var out [][]*cnode
	for _, n := range nodes {
		if n.part == nil {
			continue
		}
		if !n.pat.isInclude() {
			out = append(out, []*cnode{n})
			continue
		}
		end, caps, ok := n.part.match(s, nil)
		if ok {
			for _, c := range caps {
				if c.conv != nil && c.ok {
					if _, err := c.conv.ToGo(c.text); err != nil {
						ok = false
						break
					}
				}
			}
		}
		if !ok {
			out = append(out, []*cnode{n})
			continue
		}
		for _, t := range ix.tried(n.children, s[end:]) {
			out = append(out, append([]*cnode{n}, t...))
		}
	}
	return out
}

// Resolve finds the view for a URL path, Django's resolve(): path is the
// decoded path with its leading "/" (r.URL.Path). It returns a
// [*NotFoundError] when nothing matches.
func (r *Router) Resolve(path string) (*Match, error) {
	ix := r.index()
	if m, ok := ix.static[path]; ok {
		return m, nil
	}
	if m, ok := ix.resolveSlow(path); ok {
		return m, nil
	}
	return nil, &NotFoundError{Path: path, ix: ix}
}

// Resolves reports whether path resolves to a view, for the APPEND_SLASH
// check of the common middleware.
func (r *Router) Resolves(path string) bool {
	ix := r.index()
	if _, ok := ix.static[path]; ok {
		return true
	}
	return ix.find(path, nil)
}

const stackCands = 64

// candidates returns, in order, the chains that may match path.
func (ix *index) candidates(path string, buf []int32) []int32 {
	cands := ix.trie.collect(path, buf)
	// Insertion sort: the lists are short and nearly sorted.
	for i := 1; i < len(cands); i++ {
		for j := i; j > 0 && cands[j] < cands[j-1]; j-- {
			cands[j], cands[j-1] = cands[j-1], cands[j]
		}
	}
	return cands
}

// find reports whether path resolves; with out set, it fills the match.
func (ix *index) find(path string, out **Match) bool {
	if path == "" || path[0] != '/' {
		return false
	}
	var buf [stackCands]int32
	var capBuf [16]capture
	var valBuf [16]any
	for _, ci := range ix.candidates(path, buf[:0]) {
		c := ix.chains[ci]
		caps, bounds, ok := c.run(path[1:], capBuf[:0])
		if !ok {
			continue
		}
		vals := valBuf[:0]
		if len(caps) > len(valBuf) {
			vals = make([]any, 0, len(caps))
		}
		vals, ok = convert(caps, vals)
		if !ok {
			continue
		}
		if out != nil {
			*out = c.build(caps, vals, bounds)
		}
		return true
	}
	return false
}

func (ix *index) resolveSlow(path string) (*Match, bool) {
	var m *Match
	if ix.find(path, &m) {
		return m, true
	}
	return nil, false
}

// maxDepth bounds the include depth a chain's capture bounds are tracked
// for on the stack.
const maxDepth = 8

type bounds struct {
	n   int
	arr [maxDepth + 1]int
	ext []int
}

func (b *bounds) add(v int) {
	if b.n < len(b.arr) {
		b.arr[b.n] = v
	} else {
		if b.ext == nil {
			b.ext = append([]int(nil), b.arr[:]...)
		}
		b.ext = append(b.ext, v)
	}
	b.n++
}

func (b *bounds) at(i int) int {
	if b.ext != nil {
		return b.ext[i]
	}
	return b.arr[i]
}

// run matches the chain's parts one after the other on s, the path
// without its leading "/".
func (c *chain) run(s string, caps []capture) ([]capture, bounds, bool) {
	var bd bounds
	for _, n := range c.nodes {
		bd.add(len(caps))
		end, next, ok := n.part.match(s, caps)
		if !ok {
			return caps, bd, false
		}
		caps = next
		s = s[end:]
	}
	bd.add(len(caps))
	return caps, bd, true
}

// convert runs the converters of the captured parameters; a converter
// error means the pattern does not match.
func convert(caps []capture, vals []any) ([]any, bool) {
	for _, c := range caps {
		switch {
		case c.conv != nil && c.ok:
			v, err := c.conv.ToGo(c.text)
			if err != nil {
				return vals, false
			}
			vals = append(vals, v)
		case c.ok:
			vals = append(vals, c.text)
		default:
			vals = append(vals, nil)
		}
	}
	return vals, true
}

// build assembles the Match, merging arguments level by level as Django's
// resolver does: a level's captured keywords, then its default arguments,
// then what the level below returned; positional arguments only count when
// there are no keywords at all.
func (c *chain) build(caps []capture, vals []any, bd bounds) *Match {
	// One allocation for the match, its first path values and keyword
	// arguments, and its context node.
	box := &matchBox{m: Match{
		View: c.view, URLName: c.urlName, ViewName: c.viewName,
		Namespace: c.namespace, Namespaces: c.namespaces,
		AppName: c.appName, AppNames: c.appNames, Route: c.route,
	}}
	m := &box.m
	m.pathValues = box.pv[:0]
	m.kw = box.kw[:0]
	m.ctx = &box.ctx
	// Keyword arguments, outermost level first, so that later entries
	// take precedence as Django's merging of include levels does: inner
	// over outer, and a level's default arguments over its captures.
	for lvl := range c.nodes {
		lo, hi := 0, 0
		if len(caps) > 0 {
			lo, hi = bd.at(lvl), bd.at(lvl+1)
		}
		for i := lo; i < hi; i++ {
			if caps[i].name != "" {
				m.kw = append(m.kw, kwEntry{caps[i].name, vals[i]})
				m.pathValues = append(m.pathValues, pathValue{caps[i].name, caps[i].text})
			}
		}
		for k, v := range c.nodes[lvl].pat.defaults {
			m.kw = append(m.kw, kwEntry{k, v})
		}
	}
	if len(caps) == 0 {
		return m
	}
	// Positional arguments: the innermost pattern's unnamed groups; an
	// outer level's are prepended only while no keyword argument has been
	// gathered at that level or below (Django's URLResolver.resolve).
	var args []any
	haveKw := false
	for lvl := len(c.nodes) - 1; lvl >= 0; lvl-- {
		lo, hi := bd.at(lvl), bd.at(lvl+1)
		var lvlArgs []any
		for i := lo; i < hi; i++ {
			if caps[i].name != "" {
				haveKw = true
			}
		}
		if len(c.nodes[lvl].pat.defaults) > 0 {
			haveKw = true
		}
		if lvl == len(c.nodes)-1 {
			for i := lo; i < hi; i++ {
				if caps[i].name == "" {
					lvlArgs = append(lvlArgs, vals[i])
				}
			}
			args = lvlArgs
			continue
		}
		if !haveKw {
			for i := lo; i < hi; i++ {
				if caps[i].name == "" {
					lvlArgs = append(lvlArgs, vals[i])
				}
			}
			if len(lvlArgs) > 0 {
				args = append(lvlArgs, args...)
			}
		}
	}
	m.Args = args
	return m
}

// ServeHTTP resolves r.URL.Path and calls the view with the [Match] and the
// router in the request's context ([MatchFrom], [RouterFrom]) and the
// captured parameters as path values (r.PathValue). A path that resolves
// to nothing is a 404 rendered by httpx.RenderError.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if m, req := r.route(w, req); m != nil {
		if cs := r.checks.Load(); cs != nil && !r.passChecks(*cs, w, req, m) {
			return
		}
		m.View.ServeHTTP(w, req)
	}
}

// passChecks runs the view checks; false when one answered or failed.
func (r *Router) passChecks(cs []ViewCheck, w http.ResponseWriter, req *http.Request, m *Match) bool {
	for _, c := range cs {
		answered, err := c(w, req, m)
		if err != nil {
			httpx.RenderError(w, req, err)
			return false
		}
		if answered {
			return false
		}
	}
	return true
}

// route resolves req and returns the match and the request to pass to
// its view, or nil after answering the error. It is not inlined, so
// that the view runs one small frame below ServeHTTP (see DB.read in
// the orm: a handler's deepest call should fit its goroutine's stack).
//
//go:noinline
func (r *Router) route(w http.ResponseWriter, req *http.Request) (*Match, *http.Request) {
	m, err := r.ResolveRequest(req)
	if err != nil {
		httpx.RenderError(w, req.WithContext(&routeCtx{Context: req.Context(), router: r}), err)
		return nil, nil
	}
	ctx := m.ctx
	if ctx == nil {
		ctx = &routeCtx{}
	}
	// With the request's record (an httpx.Scope, which djinn's App
	// installs), the match rides in it and the path values are set on
	// req, as net/http's ServeMux does: no request copy. Not when a
	// router's values are in the context already (a router in another's
	// view, NewContext): they would be nearer than the scope's.
	if sc := httpx.ScopeFrom(req.Context()); sc != nil && req.Context().Value(routeKey{}) == nil {
		*ctx = routeCtx{router: r, match: m}
		if sc.Attach(ctx) {
			for _, pv := range m.pathValues {
				req.SetPathValue(pv.name, pv.text)
			}
			return m, req
		}
	}
	*ctx = routeCtx{Context: req.Context(), router: r, match: m}
	r2 := req.WithContext(ctx)
	for _, pv := range m.pathValues {
		r2.SetPathValue(pv.name, pv.text)
	}
	return m, r2
}

// ResolveRequest resolves req's path exactly as [Router.ServeHTTP] does
// (bytes that are not valid UTF-8 percent-encoded first, as Django does).
// Middleware that must know which view a request will reach (CSRF
// exemption) uses it, so that it never decides on a different path.
func (r *Router) ResolveRequest(req *http.Request) (*Match, error) {
	path := req.URL.Path
	if !utf8.ValidString(path) {
		path = repercent(path)
	}
	return r.Resolve(path)
}

// repercent percent-encodes the bytes of s that are not valid UTF-8, as
// Django does for the path of a WSGI request.
func repercent(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("%" + string("0123456789ABCDEF"[s[i]>>4]) + string("0123456789ABCDEF"[s[i]&15]))
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}
