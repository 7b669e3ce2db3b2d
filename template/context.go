package template

import (
	"context"
	"net/http"
	"strconv"

	"github.com/djinn-go/djinn/template/value"
)

// Context is the state of one render: a stack of variable scopes, the
// autoescape flag, and per-render bookkeeping for tags (cycles, blocks).
// Tags receive it in [Node.Render]; it must not be kept after the render
// returns.
type Context struct {
	frames     []frame
	autoescape bool
	eng        *Engine
	ctx        context.Context
	req        *http.Request
	rs         renderState
	tmpl       *Template
	depth      int
	ticks      uint
}

// frame is one scope: either a caller's map (read-only) or a small list of
// names and values that tags push.
type frame struct {
	m    map[string]any
	keys []string
	vals []any
}

// renderState is Django's render_context: state that belongs to the
// template being rendered, not to a scope. An include gets a fresh one.
type renderState struct {
	cycles    map[*cycleNode]int
	ifchanged map[*ifChangedNode]any
	blocks    blockContext
	history   []histEntry
	// lookupErr is an error raised inside a lookup step (block.super
	// failing to render) that the expression resolving it reports.
	lookupErr error
}

// takeLookupErr returns and clears the error a failed lookup left.
func (rs *renderState) takeLookupErr() error {
	err := rs.lookupErr
	rs.lookupErr = nil
	return err
}

func newContext(ctx context.Context, eng *Engine, data map[string]any, autoescape bool) *Context {
	var c *Context
	if eng != nil {
		c, _ = eng.ctxs.Get().(*Context)
	}
	if c == nil {
		c = &Context{frames: make([]frame, 0, 8)}
	}
	c.autoescape, c.eng, c.ctx = autoescape, eng, ctx
	if data != nil {
		c.pushMap(data)
	}
	c.Push()
	return c
}

// release returns a context to its engine's pool.
func (c *Context) release() {
	for i := range c.frames {
		f := &c.frames[i]
		clear(f.vals)
		f.m, f.keys, f.vals = nil, f.keys[:0], f.vals[:0]
	}
	if cap(c.frames) > 64 {
		c.frames = nil
	}
	c.frames = c.frames[:0]
	// Keep the inheritance bookkeeping's memory too.
	chains, history := c.rs.blocks.chains, c.rs.history
	for i := range chains[:cap(chains)] {
		ch := &chains[:cap(chains)][i]
		clear(ch.nodes)
		ch.name, ch.nodes, ch.pos = "", ch.nodes[:0], 0
	}
	clear(history)
	eng := c.eng
	*c = Context{frames: c.frames}
	c.rs.blocks.chains, c.rs.history = chains[:0], history[:0]
	if eng != nil {
		eng.ctxs.Put(c)
	}
}

// Context returns the context.Context the render was started with. For a
// render with a request it carries the request ([RequestFrom]), also when
// the render was started with [Engine.RenderRequest].
func (c *Context) Context() context.Context {
	ctx := c.goContext()
	if c.req != nil && RequestFrom(ctx) != c.req {
		// Added on demand: RenderRequest spares renders that never ask.
		ctx = WithRequest(ctx, c.req)
		c.ctx = ctx
	}
	return ctx
}

// goContext is the render's context.Context for the engine's own use
// (loaders, the reverser), which has no need of the request.
func (c *Context) goContext() context.Context {
	if c.ctx == nil {
		return context.Background()
	}
	return c.ctx
}

// Request returns the HTTP request attached with [WithRequest], or nil.
func (c *Context) Request() *http.Request { return c.req }

// Engine returns the engine the template belongs to.
func (c *Context) Engine() *Engine { return c.eng }

// Autoescape reports whether output is being HTML-escaped.
func (c *Context) Autoescape() bool { return c.autoescape }

// SetAutoescape switches escaping on or off until changed again.
func (c *Context) SetAutoescape(on bool) { c.autoescape = on }

// TemplateName returns the name of the template being rendered.
func (c *Context) TemplateName() string {
	if c.tmpl == nil {
		return ""
	}
	return c.tmpl.name
}

// Get returns the value bound to name in the innermost scope that has it.
func (c *Context) Get(name string) (any, bool) {
	for i := len(c.frames) - 1; i >= 0; i-- {
		f := &c.frames[i]
		if f.m != nil {
			if v, ok := f.m[name]; ok {
				return v, true
			}
			continue
		}
		for j := len(f.keys) - 1; j >= 0; j-- {
			if f.keys[j] == name {
				return f.vals[j], true
			}
		}
	}
	return nil, false
}

// Set binds name in the innermost scope.
func (c *Context) Set(name string, v any) {
	f := &c.frames[len(c.frames)-1]
	if f.m != nil {
		c.Push()
		f = &c.frames[len(c.frames)-1]
	}
	for j := range f.keys {
		if f.keys[j] == name {
			f.vals[j] = v
			return
		}
	}
	f.keys = append(f.keys, name)
	f.vals = append(f.vals, v)
}

// SetUpward rebinds name in the innermost scope that has it, or binds it in
// the innermost scope.
func (c *Context) SetUpward(name string, v any) {
	for i := len(c.frames) - 1; i >= 0; i-- {
		f := &c.frames[i]
		if f.m != nil {
			continue
		}
		for j := range f.keys {
			if f.keys[j] == name {
				f.vals[j] = v
				return
			}
		}
	}
	c.Set(name, v)
}

// Push opens a new scope; Pop closes it.
func (c *Context) Push() {
	if len(c.frames) < cap(c.frames) {
		c.frames = c.frames[:len(c.frames)+1]
		f := &c.frames[len(c.frames)-1]
		f.m, f.keys, f.vals = nil, f.keys[:0], f.vals[:0]
		return
	}
	c.frames = append(c.frames, frame{})
}

// Pop closes the innermost scope opened with Push.
func (c *Context) Pop() {
	if len(c.frames) > 1 {
		// Keep the scope's slices for the next Push, but drop references.
		f := &c.frames[len(c.frames)-1]
		clear(f.vals)
		f.m, f.keys, f.vals = nil, f.keys[:0], f.vals[:0]
		c.frames = c.frames[:len(c.frames)-1]
	}
}

// pushMap opens a scope backed by m, which is never written.
func (c *Context) pushMap(m map[string]any) {
	c.Push()
	c.frames[len(c.frames)-1].m = m
}

// Flatten returns every visible binding, innermost winning.
func (c *Context) Flatten() map[string]any {
	out := map[string]any{}
	for _, f := range c.frames {
		for k, v := range f.m {
			out[k] = v
		}
		for j, k := range f.keys {
			out[k] = f.vals[j]
		}
	}
	return out
}

func (c *Context) invalid() string {
	if c.eng == nil {
		return ""
	}
	return c.eng.stringIfInvalid
}

// Lookup resolves a dotted path ("user.name", "items.0") in the context.
func (c *Context) Lookup(path string) (any, bool) {
	start := 0
	var parts []string
	for i := 0; i <= len(path); i++ {
		if i == len(path) || path[i] == '.' {
			parts = append(parts, path[start:i])
			start = i + 1
		}
	}
	return c.resolvePath(parts)
}

func (c *Context) resolvePath(path []string) (any, bool) {
	v, ok := c.Get(path[0])
	if !ok {
		switch path[0] {
		case "True":
			v, ok = true, true
		case "False":
			v, ok = false, true
		case "None":
			v, ok = nil, true
		default:
			return nil, false
		}
	}
	for i, seg := range path[1:] {
		next, ok := c.lookup(v, seg)
		if !ok {
			if i == len(path)-2 && c.rs.lookupErr == nil && value.NeedsArguments(v, seg) {
				// Django calls the method, which wants arguments, and
				// takes the engine's string_if_invalid instead.
				return c.invalid(), true
			}
			return nil, false
		}
		v = next
	}
	return v, true
}

// lookupStep performs one step of a dotted lookup, with fast paths for the
// common shapes before handing over to value.Lookup.
func lookupStep(v any, seg string) (any, bool) {
	switch x := v.(type) {
	case map[string]any:
		if r, ok := x[seg]; ok {
			return r, true
		}
	case []any:
		if n, err := strconv.Atoi(seg); err == nil && n >= 0 && n < len(x) {
			return x[n], true
		}
	case *ForLoop:
		return x.lookup(seg)
	case *blockNode:
		return nil, false
	case *Group:
		return x.lookup(seg)
	case nil:
		return nil, false
	}
	return value.Lookup(v, seg)
}

// ForLoop is the value of `forloop` inside a {% for %} loop.
type ForLoop struct {
	Counter0   int
	Length     int
	ParentLoop *ForLoop
	state      map[*ifChangedNode]any
	// outer, when not nil, is what a variable named forloop held when the
	// outermost loop started: Django makes it the loop's parentloop.
	outer *any
}

func (f *ForLoop) lookup(seg string) (any, bool) {
	switch seg {
	case "counter":
		return f.Counter0 + 1, true
	case "counter0":
		return f.Counter0, true
	case "revcounter":
		return f.Length - f.Counter0, true
	case "revcounter0":
		return f.Length - f.Counter0 - 1, true
	case "first":
		return f.Counter0 == 0, true
	case "last":
		return f.Counter0 == f.Length-1, true
	case "parentloop":
		if f.ParentLoop == nil {
			if f.outer != nil {
				return *f.outer, true
			}
			return map[string]any{}, true
		}
		return f.ParentLoop, true
	}
	return nil, false
}

// String renders the loop like Django's forloop dict.
func (f *ForLoop) String() string {
	parent := "{}"
	if f.ParentLoop != nil {
		parent = f.ParentLoop.String()
	} else if f.outer != nil {
		parent = value.Repr(*f.outer)
	}
	b := func(x bool) string {
		if x {
			return "True"
		}
		return "False"
	}
	return "{'parentloop': " + parent +
		", 'counter0': " + strconv.Itoa(f.Counter0) +
		", 'counter': " + strconv.Itoa(f.Counter0+1) +
		", 'revcounter': " + strconv.Itoa(f.Length-f.Counter0) +
		", 'revcounter0': " + strconv.Itoa(f.Length-f.Counter0-1) +
		", 'first': " + b(f.Counter0 == 0) +
		", 'last': " + b(f.Counter0 == f.Length-1) + "}"
}

// Group is one item of the list {% regroup %} builds: the shared key and the
// items that have it, in their original order.
type Group struct {
	Grouper any
	List    []any
}

func (g *Group) lookup(seg string) (any, bool) {
	switch seg {
	case "grouper", "0":
		return g.Grouper, true
	case "list", "1":
		return g.List, true
	}
	return nil, false
}

// String renders the group like Django's GroupedResult.
func (g *Group) String() string {
	return "GroupedResult(grouper=" + value.Repr(g.Grouper) + ", list=" + value.Repr(g.List) + ")"
}
