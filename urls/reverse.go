package urls

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// ErrNoReverseMatch is wrapped by every error of Reverse that means no URL
// could be built (Django's NoReverseMatch).
var ErrNoReverseMatch = errors.New("no reverse match")

// ErrMixedArgs is returned by Reverse when both positional and keyword
// arguments are given (Django's ValueError).
var ErrMixedArgs = errors.New("don't mix args and kwargs in a call to reverse")

// NoReverseMatchError says why Reverse could not build a URL: an unknown
// name or namespace, or arguments no pattern of the name accepts. It lists
// the patterns tried as regular expressions, as Django's message does.
type NoReverseMatchError struct {
	Name   string
	Args   []any
	Kwargs map[string]any
	// Tried lists the candidate patterns (empty when the name is unknown).
	Tried []string
	// Reason is set for namespace errors.
	Reason string
}

// Error implements error.
func (e *NoReverseMatchError) Error() string {
	if e.Reason != "" {
		return "reverse for '" + e.Name + "': " + e.Reason
	}
	if len(e.Tried) == 0 {
		return fmt.Sprintf("reverse for '%s' not found: '%s' is not a valid view function or pattern name", e.Name, e.Name)
	}
	var with string
	switch {
	case len(e.Args) > 0:
		with = fmt.Sprintf("arguments %v", e.Args)
	case len(e.Kwargs) > 0:
		with = fmt.Sprintf("keyword arguments %v", e.Kwargs)
	default:
		with = "no arguments"
	}
	return fmt.Sprintf("reverse for '%s' with %s not found: %d pattern(s) tried: ['%s']", e.Name, with, len(e.Tried), strings.Join(e.Tried, "', '"))
}

// Unwrap returns ErrNoReverseMatch.
func (e *NoReverseMatchError) Unwrap() error { return ErrNoReverseMatch }

// nsNode is what Reverse sees of a namespace (the root, or an include with
// an instance namespace).
type nsNode struct {
	prefix     string
	convs      map[string]Converter
	names      map[string][]*revCand
	namespaces map[string]*nsNode
	apps       map[string][]string
}

// revCand is one pattern a name may reverse to.
type revCand struct {
	full     string
	poss     []possibility
	check    matcher
	defaults map[string]any
	convs    map[string]Converter
	err      error
}

func (ix *index) buildNS(nodes []*cnode, prefix string, convs map[string]Converter) *nsNode {
	ns := &nsNode{prefix: prefix, convs: convs, names: map[string][]*revCand{}, namespaces: map[string]*nsNode{}, apps: map[string][]string{}}
	var walk func(nodes []*cnode, rel string, relConvs map[string]Converter, incDefaults []map[string]any)
	walk = func(nodes []*cnode, rel string, relConvs map[string]Converter, incDefaults []map[string]any) {
		for _, n := range nodes {
			if n.part == nil {
				continue
			}
			piece := n.part.pstrip
			switch {
			case !n.pat.isInclude():
				if n.pat.name == "" {
					continue
				}
				defs := maps.Clone(n.pat.defaults)
				for i := len(incDefaults) - 1; i >= 0; i-- {
					if len(incDefaults[i]) > 0 && defs == nil {
						defs = map[string]any{}
					}
					maps.Copy(defs, incDefaults[i])
				}
				cv := mergeConvs(convs, relConvs, n.part.convs)
				ns.names[n.pat.name] = append(ns.names[n.pat.name], newCand(prefix+rel+piece, defs, cv))
			case n.pat.namespace != "":
				app := n.pat.app
				if app == "" {
					app = n.pat.namespace
				}
				if _, dup := ns.namespaces[n.pat.namespace]; !dup {
					ns.namespaces[n.pat.namespace] = ix.buildNS(n.children, prefix+rel+piece, mergeConvs(convs, relConvs, n.part.convs))
				}
				ns.apps[app] = append(ns.apps[app], n.pat.namespace)
			default:
				walk(n.children, rel+piece, mergeConvs(relConvs, n.part.convs), append(slices.Clip(incDefaults), n.pat.defaults))
			}
		}
	}
	walk(nodes, "", nil, nil)
	// Django tries the last pattern of a name first and picks the last
	// deployed instance of an application by default.
	for _, l := range ns.names {
		slices.Reverse(l)
	}
	for _, l := range ns.apps {
		slices.Reverse(l)
	}
	return ns
}

func mergeConvs(ms ...map[string]Converter) map[string]Converter {
	var out map[string]Converter
	for _, m := range ms {
		if len(m) == 0 {
			continue
		}
		if out == nil {
			out = map[string]Converter{}
		}
		maps.Copy(out, m)
	}
	return out
}

func newCand(full string, defaults map[string]any, convs map[string]Converter) *revCand {
	c := &revCand{full: full, defaults: defaults, convs: convs}
	c.poss, c.err = normalize(full)
	if c.err != nil {
		return c
	}
	for i, p := range c.poss {
		if !slices.ContainsFunc(p.toks, func(t rtok) bool { return strings.IndexByte(t.lit, '%') >= 0 }) {
			continue
		}
		c.poss[i].format = p.shape()
	}
	goSrc, _, backrefs, err := translate("^/"+full, true)
	if err != nil {
		c.err = err
		return c
	}
	c.check, c.err = compileRegex(goSrc, backrefs)
	return c
}

// Reverse builds the URL of a named pattern, Django's reverse(): name may
// be namespaced ("polls:detail"); args or kwargs (not both) fill the
// parameters through their converters' ToURL; currentApp (a namespace path
// like "polls" or "blog:admin") picks among the instances of an
// application namespace. The result is percent-encoded as Django does.
// Errors wrap [ErrNoReverseMatch], or are [ErrMixedArgs].
func (r *Router) Reverse(name string, args []any, kwargs map[string]any, currentApp string) (string, error) {
	ix := r.index()
	parts := strings.Split(name, ":")
	view := parts[len(parts)-1]
	var current []string
	if currentApp != "" {
		current = strings.Split(currentApp, ":")
	}
	node := ix.root
	var resolved []string
	for _, ns := range parts[:len(parts)-1] {
		curNs, hasCur := "", false
		if len(current) > 0 {
			curNs, hasCur, current = current[0], true, current[1:]
		}
		if apps, ok := node.apps[ns]; ok {
			if hasCur && curNs != "" && slices.Contains(apps, curNs) {
				ns = curNs
			} else if !slices.Contains(apps, ns) {
				ns = apps[0]
			}
		}
		if !hasCur || ns != curNs {
			current = nil
		}
		child, ok := node.namespaces[ns]
		if !ok {
			reason := fmt.Sprintf("'%s' is not a registered namespace", ns)
			if len(resolved) > 0 {
				reason = fmt.Sprintf("'%s' is not a registered namespace inside '%s'", ns, strings.Join(resolved, ":"))
			}
			return "", &NoReverseMatchError{Name: name, Args: args, Kwargs: kwargs, Reason: reason}
		}
		resolved = append(resolved, ns)
		node = child
	}
	if len(args) > 0 && len(kwargs) > 0 {
		return "", ErrMixedArgs
	}
	cands := node.names[view]
	for _, c := range cands {
		if c.err != nil {
			continue
		}
		u, ok, ferr := c.build(args, kwargs, ix.prefix)
		if ferr != nil {
			ferr.Name = name
			return "", ferr
		}
		if ok {
			return u, nil
		}
	}
	e := &NoReverseMatchError{Name: name, Args: args, Kwargs: kwargs}
	for _, c := range cands {
		e.Tried = append(e.Tried, c.full)
	}
	return "", e
}

// build tries the candidate's possibilities with the arguments. A
// possibility whose text cannot be %-formatted stops Reverse with that
// error, as Django's exception does.
func (c *revCand) build(args []any, kwargs map[string]any, prefix string) (string, bool, *FormatError) {
next:
	for _, p := range c.poss {
		var subs map[string]string
		if len(args) > 0 {
			if len(args) != len(p.params) {
				continue
			}
			subs = make(map[string]string, len(args))
			for i, name := range p.params {
				s, ok := c.toURL(name, args[i])
				if !ok {
					continue next
				}
				subs[name] = s
			}
		} else {
			for k := range kwargs {
				if !slices.Contains(p.params, k) {
					if _, ok := c.defaults[k]; !ok {
						continue next
					}
				}
			}
			for _, k := range p.params {
				if _, ok := kwargs[k]; !ok {
					if _, ok := c.defaults[k]; !ok {
						continue next
					}
				}
			}
			// As in Django, a given keyword argument that has a default
			// must equal it, even when the route captures it too.
			for k, v := range c.defaults {
				if given, ok := kwargs[k]; ok && !equalValues(given, v) {
					continue next
				}
			}
			subs = make(map[string]string, len(kwargs))
			for k, v := range kwargs {
				s, ok := c.toURL(k, v)
				if !ok {
					continue next
				}
				subs[k] = s
			}
		}
		var candidate string
		if p.format != "" {
			order := p.params
			if len(args) == 0 {
				order = slices.Sorted(maps.Keys(subs))
			}
			// Django formats the script prefix ("/") and the shape
			// together.
			s, ferr := pyFormat("/"+p.format, subs, order)
			if ferr != nil {
				ferr.Pattern = p.format
				return "", false, ferr
			}
			candidate = s
		} else {
			var b strings.Builder
			b.WriteByte('/')
			for _, t := range p.toks {
				if !t.slot {
					b.WriteString(t.lit)
					continue
				}
				s, ok := subs[t.param]
				if !ok {
					// A shape that needs a group the arguments do not
					// give, as a backreference to an optional group
					// can: Python's KeyError.
					return "", false, &FormatError{Pattern: p.shape(), Python: "KeyError", Msg: pyRepr(t.param)}
				}
				b.WriteString(s)
			}
			candidate = b.String()
		}
		if !c.check.MatchString(candidate) {
			continue
		}
		u := quotePath(strings.TrimSuffix(prefix, "/") + candidate)
		if strings.HasPrefix(u, "//") {
			u = "/%2F" + u[2:]
		}
		return u, true, nil
	}
	return "", false, nil
}

// shape is the possibility as Django's %-format text.
func (p possibility) shape() string {
	if p.format != "" {
		return p.format
	}
	var f strings.Builder
	for _, t := range p.toks {
		if t.slot {
			f.WriteString("%(" + t.param + ")s")
		} else {
			f.WriteString(t.lit)
		}
	}
	return f.String()
}

func (c *revCand) toURL(name string, v any) (string, bool) {
	if conv, ok := c.convs[name]; ok {
		s, err := conv.ToURL(v)
		return s, err == nil
	}
	return text(v), true
}

// equalValues compares a default argument with a given one as Python's ==
// would: numbers (and booleans) by value, everything else by deep
// equality of values of the same type.
func equalValues(a, b any) bool {
	if fa, ok := number(a); ok {
		if fb, ok := number(b); ok {
			return fa == fb
		}
		return false
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false
	}
	if ta == nil {
		return true
	}
	// DeepEqual, not ==: a comparable type may hold an uncomparable value
	// in an interface field, and == would panic.
	return reflect.DeepEqual(a, b)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// quotePath percent-encodes s as Python's quote(s, safe="/~:@!$&'()*+,;=")
// does: letters, digits, "_.-~" and those characters stay, every other byte
// becomes %XX.
func quotePath(s string) string {
	i := 0
	for i < len(s) && pathSafe(s[i]) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if pathSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

func pathSafe(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~/:@!$&'()*+,;=", c) >= 0
}
