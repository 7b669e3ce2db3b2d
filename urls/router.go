package urls

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// Router is a URL configuration: an ordered list of patterns, the
// converters they use, and the resolver and reverser built from them. It
// is an [http.Handler]. Build it with [NewRouter]; a zero Router is an
// empty configuration ready to use.
//
// A Router may be changed (Add, RegisterConverter) and used from several
// goroutines; the matching index is rebuilt on the first use after a
// change.
type Router struct {
	mu         sync.Mutex
	gen        int
	prefix     string
	patterns   []Pattern
	converters map[string]Converter
	idx        atomic.Pointer[index]
	checks     atomic.Pointer[[]ViewCheck]
}

// ViewCheck runs between the router's match and the view, Django's
// process_view: it sees the view the request reached (m.View) with the
// match and the router in the request's context. It returns answered
// true when it wrote the response itself (the view then does not run), or
// an error, rendered as the router renders its own.
type ViewCheck func(w http.ResponseWriter, r *http.Request, m *Match) (answered bool, err error)

// AddViewCheck adds c to the checks every request this router routes
// passes before its view, in the order added. Unlike a middleware, a
// check judges the view the router actually serves, whatever prefix was
// stripped in front of it.
func (r *Router) AddViewCheck(c ViewCheck) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var cs []ViewCheck
	if old := r.checks.Load(); old != nil {
		cs = append(cs, *old...)
	}
	cs = append(cs, c)
	r.checks.Store(&cs)
}

// NewRouter returns a router with the given patterns, tried in order.
func NewRouter(patterns ...Pattern) *Router {
	r := &Router{}
	r.patterns = append(r.patterns, patterns...)
	return r
}

// Add appends patterns to the configuration.
func (r *Router) Add(patterns ...Pattern) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.patterns = append(r.patterns, patterns...)
	r.gen++
	r.idx.Store(nil)
}

// RegisterConverter makes c usable in this router's routes as
// <name:param>, Django's register_converter but per router. It may replace
// a builtin (int, str, slug, uuid, path). Patterns of an included
// [*Router] use that router's converters first.
func (r *Router) RegisterConverter(name string, c Converter) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.converters == nil {
		r.converters = map[string]Converter{}
	}
	r.converters[name] = c
	r.gen++
	r.idx.Store(nil)
}

// SetScriptPrefix sets the prefix Reverse puts before the URLs it builds,
// Django's FORCE_SCRIPT_NAME, for an application mounted below the root
// (strip it in front of the router with http.StripPrefix). The default is
// "/".
func (r *Router) SetScriptPrefix(prefix string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prefix = prefix
	r.gen++
	r.idx.Store(nil)
}

// ScriptPrefix returns the prefix set by SetScriptPrefix ("/" by
// default), Django's get_script_prefix().
func (r *Router) ScriptPrefix() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.prefix == "" {
		return "/"
	}
	return r.prefix
}

// URLPatterns returns the router's patterns, so that a router can be
// included in another one. It implements [Conf].
func (r *Router) URLPatterns() []Pattern {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Pattern(nil), r.patterns...)
}

func (r *Router) converterMap() map[string]Converter {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.converters)
}

var _ Conf = (*Router)(nil)

// index returns the compiled configuration, building it when needed. The
// build runs without the lock, so that a router may include routers that
// are being built too.
func (r *Router) index() *index {
	if ix := r.idx.Load(); ix != nil {
		return ix
	}
	r.mu.Lock()
	pats := append([]Pattern(nil), r.patterns...)
	convs := maps.Clone(r.converters)
	prefix, gen := r.prefix, r.gen
	r.mu.Unlock()
	ix := compile(r, pats, convs, prefix)
	r.mu.Lock()
	if r.gen == gen {
		r.idx.Store(ix)
	}
	r.mu.Unlock()
	return ix
}

// part is a compiled route or regular expression: one level of Django's
// resolver tree.
type part struct {
	src      string // the Python regex (generated for a route)
	pstrip   string // src without its leading ^
	isRoute  bool
	endpoint bool
	toks     []tok
	fast     bool // matched by matchFast, without a regexp
	re       matcher
	groups   []string
	named    bool
	convs    map[string]Converter
	literal  string // literal text every match starts with
	static   bool   // a route without parameters: literal is all of it
}

// capture is what a part captured: a named or positional group.
type capture struct {
	name string
	text string
	ok   bool
	conv Converter
}

func compilePart(p Pattern, lookup func(string) (Converter, bool)) (*part, error) {
	pt := &part{endpoint: !p.isInclude()}
	switch p.kind {
	case kindPath, kindInclude:
		pt.isRoute = true
		toks, src, err := parseRoute(p.route, pt.endpoint, lookup)
		if err != nil {
			return nil, err
		}
		pt.toks, pt.src = toks, src
		pt.convs = map[string]Converter{}
		pt.static = true
		lit := true
		for _, t := range toks {
			if t.isP {
				pt.convs[t.name] = t.conv
				pt.static = false
				lit = false
			} else if lit {
				pt.literal += t.lit
			}
		}
		pt.fast = fastRoute(toks)
	default:
		pt.src = p.route
		pt.literal = regexLiteralPrefix(p.route)
	}
	pt.pstrip = strings.TrimPrefix(pt.src, "^")
	if pt.fast {
		return pt, nil
	}
	goSrc, groups, backrefs, err := translate(pt.src, false)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", p, ErrBadPattern, err)
	}
	if !pt.isRoute && pt.endpoint && strings.HasSuffix(pt.src, "$") {
		// Django matches an endpoint regex ending in $ with fullmatch.
		goSrc = `\A(?:` + goSrc + `)\z`
	}
	re, err := compileRegex(goSrc, backrefs)
	if err != nil {
		return nil, fmt.Errorf("%s is not a valid regular expression: %w: %w", p, ErrBadPattern, err)
	}
	if re.NumSubexp() != len(groups) {
		return nil, fmt.Errorf("%s: %w: cannot translate its groups", p, ErrBadPattern)
	}
	pt.re, pt.groups = re, groups
	for _, g := range groups {
		if g != "" {
			pt.named = true
		}
	}
	return pt, nil
}

// fastRoute reports whether a route's parameters can be matched greedily
// without backtracking: each is a builtin whose class cannot contain the
// first byte of the literal after it (or is last, or is a UUID).
func fastRoute(toks []tok) bool {
	for i, t := range toks {
		if !t.isP {
			continue
		}
		if t.kind == convCustom {
			return false
		}
		if t.kind == convUUID || i == len(toks)-1 {
			continue
		}
		next := toks[i+1]
		if next.isP || inClass(t.kind, next.lit[0]) {
			return false
		}
	}
	return true
}

// inClass reports whether byte c can be part of a builtin converter's
// match. Multi-byte UTF-8 characters never contain '/', '\n' or ASCII, so
// bytes stand for characters here.
func inClass(k convKind, c byte) bool {
	switch k {
	case convInt:
		return c >= '0' && c <= '9'
	case convSlug:
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	case convStr:
		return c != '/'
	case convPath:
		return c != '\n'
	}
	return false
}

func isUUIDAt(s string) bool {
	if len(s) < 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// match matches the part at the start of s (a search for an unanchored
// regex) and returns where the match ends, appending the captures.
func (p *part) match(s string, caps []capture) (int, []capture, bool) {
	if p.fast {
		return p.matchFast(s, caps)
	}
	if p.static {
		if p.endpoint {
			if s == p.literal {
				return len(s), caps, true
			}
			return 0, caps, false
		}
		if strings.HasPrefix(s, p.literal) {
			return len(p.literal), caps, true
		}
		return 0, caps, false
	}
	if p.literal != "" && !strings.HasPrefix(s, p.literal) {
		return 0, caps, false
	}
	loc := p.re.FindStringSubmatchIndex(s)
	if loc == nil {
		return 0, caps, false
	}
	for g, name := range p.groups {
		a, b := loc[2*g+2], loc[2*g+3]
		switch {
		case p.isRoute:
			if name != "" {
				caps = append(caps, capture{name: name, text: s[a:b], ok: a >= 0, conv: p.convs[name]})
			}
		case p.named:
			if name != "" && a >= 0 {
				caps = append(caps, capture{name: name, text: s[a:b], ok: true})
			}
		default:
			c := capture{ok: a >= 0}
			if a >= 0 {
				c.text = s[a:b]
			}
			caps = append(caps, c)
		}
	}
	return loc[1], caps, true
}

func (p *part) matchFast(s string, caps []capture) (int, []capture, bool) {
	pos := 0
	for _, t := range p.toks {
		if !t.isP {
			if !strings.HasPrefix(s[pos:], t.lit) {
				return 0, caps, false
			}
			pos += len(t.lit)
			continue
		}
		n := 0
		if t.kind == convUUID {
			if !isUUIDAt(s[pos:]) {
				return 0, caps, false
			}
			n = 36
		} else {
			for pos+n < len(s) && inClass(t.kind, s[pos+n]) {
				n++
			}
		}
		if n == 0 {
			return 0, caps, false
		}
		caps = append(caps, capture{name: t.name, text: s[pos : pos+n], ok: true, conv: t.conv})
		pos += n
	}
	if p.endpoint && pos != len(s) {
		return 0, caps, false
	}
	return pos, caps, true
}

// cnode is one pattern of the configuration tree, compiled.
type cnode struct {
	pat      Pattern
	part     *part
	err      error
	children []*cnode
}

// chain is an endpoint with the includes above it: Django's resolver tree
// flattened, in the order Django tries it.
type chain struct {
	nodes      []*cnode
	view       http.Handler
	urlName    string
	viewName   string
	namespace  string
	namespaces []string
	appName    string
	appNames   []string
	route      string
	literal    string
	static     bool
}

type index struct {
	tree    []*cnode
	chains  []*chain
	static  map[string]*Match
	trie    *trieNode
	root    *nsNode
	prefix  string
	issues  []error
	maxCaps int
}

func compile(root *Router, patterns []Pattern, convs map[string]Converter, prefix string) *index {
	ix := &index{prefix: prefix}
	lookup := func(conv map[string]Converter) func(string) (Converter, bool) {
		return func(name string) (Converter, bool) {
			if c, ok := conv[name]; ok {
				return c, true
			}
			return builtinConverter(name)
		}
	}
	var build func(ps []Pattern, conv map[string]Converter, depth int, seen map[Conf]bool) []*cnode
	build = func(ps []Pattern, conv map[string]Converter, depth int, seen map[Conf]bool) []*cnode {
		nodes := make([]*cnode, 0, len(ps))
		for _, p := range ps {
			n := &cnode{pat: p}
			n.part, n.err = compilePart(p, lookup(conv))
			if n.err == nil && p.isInclude() {
				switch {
				case p.conf == nil:
					n.err = fmt.Errorf("%s includes nothing: %w", p, ErrBadPattern)
				case depth > 64:
					n.err = fmt.Errorf("%s: includes nested too deep: %w", p, ErrBadPattern)
				default:
					sub := conv
					if sr, ok := p.conf.(*Router); ok {
						if seen[sr] {
							n.err = fmt.Errorf("%s includes a router that includes itself: %w", p, ErrBadPattern)
							break
						}
						seen = maps.Clone(seen)
						seen[sr] = true
						sub = maps.Clone(conv)
						if sub == nil {
							sub = map[string]Converter{}
						}
						maps.Copy(sub, sr.converterMap())
					}
					n.children = build(p.conf.URLPatterns(), sub, depth+1, seen)
				}
			}
			if n.err == nil && !p.isInclude() && p.view == nil {
				n.err = fmt.Errorf("%s has no view: %w", p, ErrBadPattern)
			}
			if n.err != nil {
				n.part = nil
				ix.issues = append(ix.issues, n.err)
			}
			nodes = append(nodes, n)
		}
		return nodes
	}
	ix.tree = build(patterns, convs, 0, map[Conf]bool{root: true})
	ix.flatten(ix.tree, nil)
	ix.trie = &trieNode{}
	for i, c := range ix.chains {
		ix.trie.insert(c.literal, int32(i))
	}
	ix.static = map[string]*Match{}
	for _, c := range ix.chains {
		if !c.static {
			continue
		}
		if _, ok := ix.static[c.literal]; ok {
			continue
		}
		if m, ok := ix.resolveSlow(c.literal); ok {
			m.ctx = nil // shared between requests
			ix.static[c.literal] = m
		}
	}
	ix.root = ix.buildNS(ix.tree, "", nil)
	return ix
}

func (ix *index) flatten(nodes []*cnode, above []*cnode) {
	for _, n := range nodes {
		if n.part == nil {
			continue
		}
		path := append(append([]*cnode(nil), above...), n)
		if n.pat.isInclude() {
			ix.flatten(n.children, path)
			continue
		}
		c := &chain{nodes: path, view: n.pat.view, urlName: n.pat.name, static: true}
		lit := "/"
		open := true
		caps := 0
		for _, pn := range path {
			if open {
				lit += pn.part.literal
			}
			if !pn.part.static {
				c.static = false
				open = false
			}
			caps += len(pn.part.convs) + len(pn.part.groups)
			if pn.pat.isInclude() {
				c.appNames = appendNonEmpty(c.appNames, pn.pat.app)
				c.namespaces = appendNonEmpty(c.namespaces, pn.pat.namespace)
			}
		}
		ix.maxCaps = max(ix.maxCaps, caps)
		c.literal = lit
		c.appName = strings.Join(c.appNames, ":")
		c.namespace = strings.Join(c.namespaces, ":")
		vn := c.urlName
		if vn == "" {
			vn = handlerName(c.view)
		}
		c.viewName = strings.Join(append(append([]string(nil), c.namespaces...), vn), ":")
		route := n.pat.route
		for i := len(path) - 2; i >= 0; i-- {
			route = joinRoute(path[i].pat.route, route)
		}
		c.route = route
		ix.chains = append(ix.chains, c)
	}
}

func appendNonEmpty(s []string, v string) []string {
	if v == "" {
		return s
	}
	return append(s, v)
}

// joinRoute joins two routes as Django's _join_route: the start anchor of
// the second goes away.
func joinRoute(a, b string) string {
	if a == "" {
		return b
	}
	return a + strings.TrimPrefix(b, "^")
}

// handlerName names a view without a URL name, as Django's view path.
func handlerName(h http.Handler) string {
	v := reflect.ValueOf(h)
	if v.Kind() == reflect.Func && !v.IsNil() {
		if f := runtime.FuncForPC(v.Pointer()); f != nil {
			return f.Name()
		}
	}
	t := reflect.TypeOf(h)
	if t == nil {
		return "<nil>"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() != "" {
		return t.PkgPath() + "." + t.Name()
	}
	return t.String()
}

// trieNode indexes chains by the literal text their paths must start with.
type trieNode struct {
	label    string
	children []*trieNode
	chains   []int32
}

func (n *trieNode) insert(key string, id int32) {
	for {
		if key == "" {
			n.chains = append(n.chains, id)
			return
		}
		var child *trieNode
		for _, c := range n.children {
			if c.label[0] == key[0] {
				child = c
				break
			}
		}
		if child == nil {
			n.children = append(n.children, &trieNode{label: key, chains: []int32{id}})
			return
		}
		common := 0
		for common < len(key) && common < len(child.label) && key[common] == child.label[common] {
			common++
		}
		if common < len(child.label) {
			// Split the edge.
			lower := &trieNode{label: child.label[common:], children: child.children, chains: child.chains}
			child.label = child.label[:common]
			child.children = []*trieNode{lower}
			child.chains = nil
		}
		n = child
		key = key[common:]
	}
}

// collect appends the chains whose literal prefix is a prefix of path.
func (n *trieNode) collect(path string, out []int32) []int32 {
	out = append(out, n.chains...)
	for {
		var next *trieNode
		if path != "" {
			for _, c := range n.children {
				if c.label[0] == path[0] {
					next = c
					break
				}
			}
		}
		if next == nil || !strings.HasPrefix(path, next.label) {
			return out
		}
		path = path[len(next.label):]
		out = append(out, next.chains...)
		n = next
	}
}

var (
	_ http.Handler = (*Router)(nil)
	// Router is the template engine's Reverser.
	_ interface {
		Reverse(name string, args []any, kwargs map[string]any, currentApp string) (string, error)
	} = (*Router)(nil)
	// Router is what the APPEND_SLASH middleware needs.
	_ interface{ Resolves(path string) bool } = (*Router)(nil)
)
