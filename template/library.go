package template

import (
	"maps"

	"github.com/djinn-go/djinn/template/filters"
	"github.com/djinn-go/djinn/template/value"
)

// Library is a named set of tags and filters that templates load with
// {% load name %}. Register libraries on an engine through
// [Config.Libraries] (or [Config.Builtins] to have them everywhere).
type Library struct {
	// Name is the name templates use in {% load %}.
	Name    string
	tags    map[string]TagFunc
	filters map[string]filters.Filter
}

// NewLibrary returns an empty library.
func NewLibrary(name string) *Library {
	return &Library{Name: name, tags: map[string]TagFunc{}, filters: map[string]filters.Filter{}}
}

// Tag registers a tag compiled by fn.
func (l *Library) Tag(name string, fn TagFunc) *Library {
	l.tags[name] = fn
	return l
}

// Filter registers a filter. Set IsSafe when the filter keeps safe input
// safe, and NeedsAutoescape when it must know whether output is escaped.
func (l *Library) Filter(name string, f filters.Filter) *Library {
	l.filters[name] = f
	return l
}

// Tags returns a copy of the library's tags.
func (l *Library) Tags() map[string]TagFunc { return maps.Clone(l.tags) }

// Filters returns a copy of the library's filters.
func (l *Library) Filters() map[string]filters.Filter { return maps.Clone(l.filters) }

// SimpleFunc computes a simple tag's value from its resolved arguments:
// positional ones in args and name=value ones in kwargs.
type SimpleFunc func(c *Context, args []any, kwargs map[string]any) (any, error)

// SimpleTag registers a tag like Django's @simple_tag:
//
//	{% name arg1 arg2 key=value %}
//	{% name arg1 as result %}
//
// Arguments are filter expressions. The value fn returns is printed
// (escaped unless it is a value.SafeString) or, with "as", stored.
func (l *Library) SimpleTag(name string, fn SimpleFunc) *Library {
	l.tags[name] = func(p *Parser, t Token) (Node, error) {
		n := &simpleNode{fn: fn}
		if err := n.args.parse(p, t.SplitContents()[1:], true); err != nil {
			return nil, err
		}
		return n, nil
	}
	return l
}

// InclusionFunc computes the data an inclusion tag renders its template with.
type InclusionFunc func(c *Context, args []any, kwargs map[string]any) (map[string]any, error)

// InclusionTag registers a tag like Django's @inclusion_tag: fn's result is
// the context for rendering the template called templateName. The
// csrf_token of the calling context is passed along.
func (l *Library) InclusionTag(name, templateName string, fn InclusionFunc) *Library {
	l.tags[name] = func(p *Parser, t Token) (Node, error) {
		n := &inclusionNode{fn: fn, tmpl: templateName}
		if err := n.args.parse(p, t.SplitContents()[1:], false); err != nil {
			return nil, err
		}
		return n, nil
	}
	return l
}

type tagArgs struct {
	args   []*Expr
	kwargs []kwarg
	asvar  string
}

func (a *tagArgs) parse(p *Parser, bits []string, allowAs bool) error {
	if allowAs && len(bits) >= 2 && bits[len(bits)-2] == "as" {
		a.asvar = bits[len(bits)-1]
		bits = bits[:len(bits)-2]
	}
	for _, b := range bits {
		m := kwargRe.FindStringSubmatch(b)
		if m != nil && m[1] != "" {
			e, err := p.compileExpr(m[2])
			if err != nil {
				return err
			}
			for _, kv := range a.kwargs {
				if kv.name == m[1] {
					return p.syntaxf("received multiple values for keyword argument '%s'", m[1])
				}
			}
			a.kwargs = append(a.kwargs, kwarg{m[1], e})
			continue
		}
		if len(a.kwargs) > 0 {
			return p.syntaxf("received some positional argument(s) after some keyword argument(s)")
		}
		e, err := p.compileExpr(b)
		if err != nil {
			return err
		}
		a.args = append(a.args, e)
	}
	return nil
}

func (a *tagArgs) resolve(c *Context) ([]any, map[string]any, error) {
	args := make([]any, len(a.args))
	for i, e := range a.args {
		v, err := e.Resolve(c)
		if err != nil {
			return nil, nil, err
		}
		args[i] = v
	}
	kwargs := make(map[string]any, len(a.kwargs))
	for _, kv := range a.kwargs {
		v, err := kv.e.Resolve(c)
		if err != nil {
			return nil, nil, err
		}
		kwargs[kv.name] = v
	}
	return args, kwargs, nil
}

type simpleNode struct {
	at
	fn   SimpleFunc
	args tagArgs
}

func (n *simpleNode) Render(w *Buffer, c *Context) error {
	args, kwargs, err := n.args.resolve(c)
	if err != nil {
		return err
	}
	v, err := n.fn(c, args, kwargs)
	if err != nil {
		return err
	}
	if n.args.asvar != "" {
		c.Set(n.args.asvar, v)
		return nil
	}
	if c.autoescape {
		w.WriteString(value.ConditionalEscape(v))
	} else {
		w.WriteString(value.ToString(v))
	}
	return nil
}

type inclusionNode struct {
	at
	fn   InclusionFunc
	tmpl string
	args tagArgs
}

func (n *inclusionNode) Render(w *Buffer, c *Context) error {
	args, kwargs, err := n.args.resolve(c)
	if err != nil {
		return err
	}
	data, err := n.fn(c, args, kwargs)
	if err != nil {
		return err
	}
	if c.eng == nil {
		return &NotExistError{Name: n.tmpl}
	}
	t, err := c.eng.Get(c.goContext(), n.tmpl)
	if err != nil {
		return err
	}
	if c.depth > maxDepth {
		return errTooDeep
	}
	savedFrames, savedRS, savedT := c.frames, c.rs, c.tmpl
	c.frames = make([]frame, 0, 4)
	if data != nil {
		c.frames = append(c.frames, frame{m: data})
	}
	c.frames = append(c.frames, frame{})
	if tok, ok := lookupIn(savedFrames, "csrf_token"); ok {
		c.Set("csrf_token", tok)
	}
	c.rs, c.tmpl = renderState{}, t
	c.depth++
	err = t.root.Render(w, c)
	c.depth--
	c.frames, c.rs, c.tmpl = savedFrames, savedRS, savedT
	return err
}

func lookupIn(frames []frame, name string) (any, bool) {
	c := Context{frames: frames}
	return c.Get(name)
}
