package template

import (
	"errors"
	"fmt"
	"path"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/djinn-go/djinn/template/value"
)

// --- block

type blockNode struct {
	at
	name string
	body NodeList
}

func (n *blockNode) Children() []NodeList { return []NodeList{n.body} }

func tagBlock(p *Parser, t Token) (Node, error) {
	bits := value.Fields(t.Contents)
	if len(bits) != 2 {
		return nil, p.syntaxf("'%s' tag takes only one argument", bits[0])
	}
	name := bits[1]
	if p.blockNames[name] {
		return nil, p.syntaxf("'%s' tag with name '%s' appears more than once", bits[0], name)
	}
	if p.blockNames == nil {
		p.blockNames = map[string]bool{}
	}
	p.blockNames[name] = true
	body, err := p.Parse("endblock")
	if err != nil {
		return nil, err
	}
	end := p.expectEnd()
	if end.Contents != "endblock" && end.Contents != "endblock "+name {
		return nil, p.atPosition(p.invalidBlockTag(end, "endblock", []string{"endblock", "endblock " + name}), end)
	}
	return &blockNode{name: name, body: body}, nil
}

// blockContext holds, per block name, the chain of blocks that define it,
// from the most derived template to the most basic, and a cursor: the
// blocks before the cursor are being rendered (a block.super walks it).
type blockContext struct {
	active bool
	chains []blockChain
}

type blockChain struct {
	name  string
	nodes []*blockNode
	pos   int
}

func (b *blockContext) chain(name string) *blockChain {
	for i := range b.chains {
		if b.chains[i].name == name {
			return &b.chains[i]
		}
	}
	return nil
}

// add appends the blocks of a more basic template.
func (b *blockContext) add(blocks []*blockNode) {
	for _, n := range blocks {
		if ch := b.chain(n.name); ch != nil {
			ch.nodes = append(ch.nodes, n)
			continue
		}
		if len(b.chains) < cap(b.chains) {
			// Reuse a slot (and its nodes slice) left by an earlier render.
			b.chains = b.chains[:len(b.chains)+1]
			ch := &b.chains[len(b.chains)-1]
			ch.name, ch.nodes, ch.pos = n.name, append(ch.nodes[:0], n), 0
			continue
		}
		b.chains = append(b.chains, blockChain{name: n.name, nodes: []*blockNode{n}})
	}
}

// pop takes the most derived block not being rendered yet.
func (b *blockContext) pop(name string) *blockNode {
	ch := b.chain(name)
	if ch == nil || ch.pos >= len(ch.nodes) {
		return nil
	}
	ch.pos++
	return ch.nodes[ch.pos-1]
}

// push undoes the last pop of name.
func (b *blockContext) push(name string) {
	if ch := b.chain(name); ch != nil && ch.pos > 0 {
		ch.pos--
	}
}

func (b *blockContext) next(name string) *blockNode {
	ch := b.chain(name)
	if ch == nil || ch.pos >= len(ch.nodes) {
		return nil
	}
	return ch.nodes[ch.pos]
}

// The value of `block` inside a block is the *blockNode being rendered;
// block.super (see Context.lookup) renders the block it overrides.
func (n *blockNode) super(c *Context) (any, bool) {
	bc := &c.rs.blocks
	if !bc.active {
		// Django: a block outside inheritance has no super to render.
		c.rs.lookupErr = &SyntaxError{Msg: "'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?"}
		return nil, false
	}
	if bc.next(n.name) == nil {
		return value.SafeString(""), true
	}
	var b Buffer
	if err := renderBlock(&b, c, n); err != nil {
		// As in Django, a failed variable lookup inside the parent's block
		// makes block.super itself a failed lookup; other errors propagate.
		if !errors.Is(err, ErrVariableDoesNotExist) {
			c.rs.lookupErr = err
		}
		return nil, false
	}
	return value.SafeString(b.String()), true
}

// String renders the block like Django's BlockNode repr, listing its nodes
// the way Django's node classes print themselves.
func (n *blockNode) String() string {
	var b strings.Builder
	b.WriteString("<Block Node: ")
	b.WriteString(n.name)
	b.WriteString(". Contents: [")
	for i, x := range n.body {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(nodeRepr(x))
	}
	b.WriteString("]>")
	return b.String()
}

// nodeRepr is the repr of Django's node class for x, for the nodes whose
// Django repr does not show a memory address.
func nodeRepr(x Node) string {
	switch n := x.(type) {
	case *textNode:
		s := n.s
		if utf8.RuneCountInString(s) > 25 {
			r := []rune(s)
			s = string(r[:25])
		}
		return "<TextNode: " + value.Repr(s) + ">"
	case *varNode:
		return "<Variable Node: " + n.e.src + ">"
	case *blockNode:
		return n.String()
	case *forNode:
		rev := ""
		if n.reversed {
			rev = " reversed"
		}
		return fmt.Sprintf("<ForNode: for %s in %s, tail_len: %d%s>", strings.Join(n.vars, ", "), n.seq.src, len(n.body), rev)
	case *ifNode:
		return "<IfNode>"
	case *withNode:
		return "<WithNode>"
	}
	return "<Node>"
}

func (n *blockNode) Render(w *Buffer, c *Context) error {
	return renderBlock(w, c, n)
}

func renderBlock(w *Buffer, c *Context, n *blockNode) error {
	bc := &c.rs.blocks
	c.Push()
	defer c.Pop()
	if !bc.active {
		c.Set("block", n)
		return n.body.Render(w, c)
	}
	pushed := bc.pop(n.name)
	block := pushed
	if block == nil {
		block = n
	}
	c.Set("block", block)
	err := block.body.Render(w, c)
	if pushed != nil {
		bc.push(n.name)
	}
	return err
}

// --- extends

type extendsNode struct {
	at
	parent *Expr
	body   NodeList
	blocks []*blockNode
}

func (n *extendsNode) Children() []NodeList { return []NodeList{n.body} }

func tagExtends(p *Parser, t Token) (Node, error) {
	bits := t.SplitContents()
	if len(bits) != 2 {
		return nil, p.syntaxf("'%s' takes one argument", bits[0])
	}
	pname, err := relativeName(p.name, bits[1], false)
	if err != nil {
		return nil, err
	}
	parent, err := p.compileExpr(pname)
	if err != nil {
		return nil, err
	}
	body, err := p.Parse()
	if err != nil {
		return nil, err
	}
	n := &extendsNode{parent: parent, body: body, blocks: collectBlocks(body)}
	var dup bool
	body.walk(func(x Node) {
		if _, ok := x.(*extendsNode); ok {
			dup = true
		}
	})
	if dup {
		return nil, p.syntaxf("'%s' cannot appear more than once in the same template", bits[0])
	}
	return n, nil
}

func (n *extendsNode) Render(w *Buffer, c *Context) error {
	parent, err := n.getParent(c)
	if err != nil {
		return err
	}
	bc := &c.rs.blocks
	bc.active = true
	bc.add(n.blocks)
	if !parent.extends {
		bc.add(parent.blocks)
	}
	if c.depth > maxDepth {
		return fmt.Errorf("template inheritance nested more than %d deep: %w", maxDepth, ErrRecursion)
	}
	c.depth++
	prev := c.tmpl
	c.tmpl = parent
	err = parent.root.Render(w, c)
	c.tmpl = prev
	c.depth--
	return err
}

func (n *extendsNode) getParent(c *Context) (*Template, error) {
	v, err := n.parent.Resolve(c)
	if err != nil {
		return nil, err
	}
	if t, ok := v.(*Template); ok {
		return t, nil
	}
	if !value.Truthy(v) {
		return nil, &SyntaxError{Msg: fmt.Sprintf("Invalid template name in 'extends' tag: %s.", value.Repr(v))}
	}
	name, findable, err := templateNameOf(v)
	if err != nil {
		return nil, err
	}
	if c.eng == nil || !findable {
		return nil, &NotExistError{Name: name}
	}
	if len(c.rs.history) == 0 && c.tmpl != nil {
		c.rs.history = append(c.rs.history, histEntry{c.tmpl.name, c.tmpl.origin})
	}
	// Only origins of templates with the same name can be what the loader
	// would return for name; the others need not be skipped (and keeping
	// them out keeps the cache key short).
	var skip []string
	for _, h := range c.rs.history {
		if h.name == name {
			skip = append(skip, h.origin)
		}
	}
	t, err := c.eng.find(c.goContext(), name, skip)
	if err != nil {
		return nil, err
	}
	c.rs.history = append(c.rs.history, histEntry{name, t.origin})
	return t, nil
}

// collectBlocks lists the blocks in l, depth first, first of each name.
func collectBlocks(l NodeList) []*blockNode {
	var out []*blockNode
	l.walk(func(x Node) {
		if b, ok := x.(*blockNode); ok {
			for _, o := range out {
				if o.name == b.name {
					return
				}
			}
			out = append(out, b)
		}
	})
	return out
}

// firstIsExtends reports whether the first node that is not text extends
// another template.
func firstIsExtends(l NodeList) bool {
	for _, x := range l {
		if _, ok := x.(*textNode); ok {
			continue
		}
		_, ok := x.(*extendsNode)
		return ok
	}
	return false
}

// histEntry is a template an inheritance chain has used.
type histEntry struct{ name, origin string }

// maxDepth bounds nested includes and inheritance so a template that
// includes itself fails instead of exhausting the stack.
const maxDepth = 64

// relativeName resolves a "./x" or "../x" template name (quoted or not)
// against the current template's name, as Django's construct_relative_path
// does; anything else is returned unchanged. It fails, as Django does, when
// the current template has no name (a template made from a string), when
// the name climbs out of the current template's folders, and, unless
// recursion is allowed ({% include %}), when it names the current template.
func relativeName(current, name string, recursion bool) (string, error) {
	inner := strings.Trim(name, `'"`)
	if !strings.HasPrefix(inner, "./") && !strings.HasPrefix(inner, "../") {
		return name, nil
	}
	if current == "" {
		return "", &SyntaxError{Msg: fmt.Sprintf("The relative path %s cannot be evaluated due to an unknown template origin.", name)}
	}
	base := strings.TrimLeft(current, "/")
	joined := path.Join(path.Dir(base), inner)
	if strings.HasPrefix(joined, "../") {
		return "", &SyntaxError{Msg: fmt.Sprintf("The relative path '%s' points outside the file hierarchy that template '%s' is in.", name, current)}
	}
	if !recursion && joined == base {
		return "", &SyntaxError{Msg: fmt.Sprintf("The relative path '%s' was translated to template name '%s', the same template in which the tag appears.", name, current)}
	}
	if len(name) >= 2 && (name[0] == '"' || name[0] == '\'') && name[len(name)-1] == name[0] {
		return `"` + joined + `"`, nil
	}
	return joined, nil
}

// --- include

type includeNode struct {
	at
	tmpl     *Expr
	with     []kwarg
	only     bool
	relative string
}

func tagInclude(p *Parser, t Token) (Node, error) {
	bits := t.SplitContents()
	if len(bits) < 2 {
		return nil, p.syntaxf("'%s' tag takes at least one argument: the name of the template to be included.", bits[0])
	}
	n := &includeNode{}
	seen := map[string]bool{}
	rest := bits[2:]
	for len(rest) > 0 {
		opt := rest[0]
		rest = rest[1:]
		if seen[opt] {
			return nil, p.syntaxf("The '%s' option was specified more than once.", opt)
		}
		switch opt {
		case "with":
			kw, err := tokenKwargs(p, &rest, false)
			if err != nil {
				return nil, err
			}
			if len(kw) == 0 {
				return nil, p.syntaxf("\"with\" in '%s' tag needs at least one keyword argument.", bits[0])
			}
			n.with = kw
		case "only":
			n.only = true
		default:
			return nil, p.syntaxf("Unknown argument for '%s' tag: '%s'.", bits[0], opt)
		}
		seen[opt] = true
	}
	name, err := relativeName(p.name, bits[1], true)
	if err != nil {
		return nil, err
	}
	e, err := p.compileExpr(name)
	if err != nil {
		return nil, err
	}
	n.tmpl = e
	n.relative = p.name
	return n, nil
}

func (n *includeNode) Render(w *Buffer, c *Context) error {
	v, err := n.tmpl.Resolve(c)
	if err != nil {
		return err
	}
	var t *Template
	switch x := v.(type) {
	case *Template:
		t = x
	default:
		if c.eng == nil {
			return &NotExistError{Name: renderText(v)}
		}
		t, err = n.selectTemplate(c, v)
		if err != nil {
			return err
		}
	}
	vals := make([]any, len(n.with))
	for i, kv := range n.with {
		v, err := kv.e.Resolve(c)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	if c.depth > maxDepth {
		return fmt.Errorf("include nested more than %d deep: %w", maxDepth, ErrRecursion)
	}
	// An included template gets its own render state (cycles, blocks).
	savedFrames, savedRS, savedT := c.frames, c.rs, c.tmpl
	c.rs = renderState{}
	c.tmpl = t
	c.depth++
	if n.only {
		c.frames = make([]frame, 0, 4)
		c.frames = append(c.frames, frame{})
	} else {
		c.Push()
	}
	for i, kv := range n.with {
		c.Set(kv.name, vals[i])
	}
	err = t.root.Render(w, c)
	if n.only {
		c.frames = savedFrames
	} else {
		c.Pop()
	}
	c.rs, c.tmpl = savedRS, savedT
	c.depth--
	return err
}

// selectTemplate finds the template that v names, as Django's include
// does: a string is one name (relative to the including template); a
// false value names none (TemplateDoesNotExist); anything else is
// iterated as a list of names (a number is a TypeError, and so is a list
// or dict among the names, which Django hashes) and the first that exists
// is taken. A name that is not a string (a number, None) never exists.
func (n *includeNode) selectTemplate(c *Context, v any) (*Template, error) {
	if s, isStr := templateNameString(v); isStr {
		name, err := relativeName(n.relative, s, true)
		if err != nil {
			return nil, err
		}
		return c.eng.selectTemplate(c.goContext(), []string{name})
	}
	if !value.Truthy(v) {
		return nil, &NotExistError{Name: "No template names provided"}
	}
	seq, err := iterateStrict(v)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, seq.n)
	found := make([]string, 0, seq.n)
	notStr := -1 // the first name that is not a str
	for i := 0; i < seq.n; i++ {
		item := seq.at(i)
		name, findable, err := templateNameOf(item)
		if err != nil {
			return nil, err
		}
		names = append(names, name)
		if findable {
			found = append(found, name)
		}
		if _, isStr := templateNameString(item); !isStr && notStr < 0 {
			notStr = i
		}
	}
	if len(found) > 0 {
		t, err := c.eng.selectTemplate(c.goContext(), found)
		if err == nil || !errors.Is(err, ErrNotExist) {
			return t, err
		}
	}
	if notStr >= 0 {
		// Django's message joins the names, which fails on one that is
		// not a str.
		return nil, fmt.Errorf("sequence item %d: expected str instance, %s found: %w", notStr, value.TypeName(seq.at(notStr)), value.ErrType)
	}
	return nil, &NotExistError{Name: strings.Join(names, ", "), Tried: found}
}

// templateNameString returns the text of a template name given as a string
// (of any string type, but not a translated literal: Django's include does
// not take its lazy proxy for a str).
func templateNameString(v any) (string, bool) {
	if s, ok := asString(v); ok {
		return s, true
	}
	if _, lazy := v.(*value.LazyText); !lazy && v != nil && reflect.ValueOf(v).Kind() == reflect.String {
		return reflect.ValueOf(v).String(), true
	}
	return "", false
}

// templateNameOf reads v as the name of a template to load, as Django's
// loaders key on it: a string (or translated literal) is findable; a number,
// bool or None is a name no template has; a list or dict is a TypeError
// (Django hashes the name); anything else is looked up by its text.
func templateNameOf(v any) (name string, findable bool, err error) {
	if s, ok := templateNameString(v); ok {
		return s, true, nil
	}
	if l, ok := v.(*value.LazyText); ok {
		return l.String(), true, nil
	}
	if v == nil {
		return "None", false, nil
	}
	if _, ok := value.AsNumber(v); ok {
		return renderText(v), false, nil
	}
	if _, ok := v.(*value.Dict); ok {
		return "", false, fmt.Errorf("unhashable type: 'dict': %w", value.ErrType)
	}
	switch reflect.ValueOf(v).Kind() {
	case reflect.Slice, reflect.Array:
		return "", false, fmt.Errorf("unhashable type: 'list': %w", value.ErrType)
	case reflect.Map:
		return "", false, fmt.Errorf("unhashable type: 'dict': %w", value.ErrType)
	}
	return renderText(v), true, nil
}

// --- partials (Django 6.0)

type partialDef struct {
	name string
	body NodeList
}

type partialDefNode struct {
	def    *partialDef
	inline bool
}

func (n *partialDefNode) Children() []NodeList { return []NodeList{n.def.body} }

func (n *partialDefNode) Render(w *Buffer, c *Context) error {
	if !n.inline {
		return nil
	}
	return n.def.body.Render(w, c)
}

func tagPartialDef(p *Parser, t Token) (Node, error) {
	bits := value.Fields(t.Contents)
	if len(bits) < 2 || len(bits) > 3 || (len(bits) == 3 && bits[2] != "inline") {
		return nil, p.syntaxf("'partialdef' tag requires a name and optionally 'inline'")
	}
	name := bits[1]
	if p.partials == nil {
		p.partials = &partialSet{}
	}
	if _, dup := p.partials.m[name]; dup {
		return nil, p.syntaxf("Partial '%s' is already defined in the '%s' template.", name, p.name)
	}
	body, err := p.Parse("endpartialdef")
	if err != nil {
		return nil, err
	}
	end := p.expectEnd()
	if end.Contents != "endpartialdef" && end.Contents != "endpartialdef "+name {
		return nil, p.atPosition(p.syntaxf("expected 'endpartialdef' or 'endpartialdef %s', got '%s'", name, end.Contents), end)
	}
	def := &partialDef{name: name, body: body}
	if p.partials.m == nil {
		p.partials.m = map[string]*partialDef{}
	}
	p.partials.m[name] = def
	return &partialDefNode{def: def, inline: len(bits) == 3}, nil
}

type partialNode struct {
	at
	name string
	defs *partialSet
}

// partialSet is the partials a template defines; partial tags share it so
// they can refer to partials defined further down.
type partialSet struct {
	m     map[string]*partialDef
	tmpls sync.Map // name -> *Template, for "page.html#name"
}

func tagPartial(p *Parser, t Token) (Node, error) {
	bits := value.Fields(t.Contents)
	if len(bits) != 2 {
		return nil, p.syntaxf("'partial' tag requires a single argument")
	}
	if p.partials == nil {
		p.partials = &partialSet{}
	}
	return &partialNode{name: bits[1], defs: p.partials}, nil
}

func (n *partialNode) Render(w *Buffer, c *Context) error {
	def, ok := n.defs.m[n.name]
	if !ok {
		return &SyntaxError{Msg: fmt.Sprintf("Partial '%s' is not defined in the current template.", n.name)}
	}
	if c.depth > maxDepth {
		return fmt.Errorf("partial nested more than %d deep: %w", maxDepth, ErrRecursion)
	}
	c.depth++
	err := def.body.Render(w, c)
	c.depth--
	return err
}

var errTooDeep = fmt.Errorf("templates nested more than %d deep: %w", maxDepth, ErrRecursion)
