package template

import (
	"strconv"

	"github.com/djinn-go/djinn/template/value"
)

// Buffer collects rendered output.
type Buffer struct {
	b []byte
}

// WriteString appends s.
func (b *Buffer) WriteString(s string) (int, error) {
	b.b = append(b.b, s...)
	return len(s), nil
}

// Write appends p.
func (b *Buffer) Write(p []byte) (int, error) {
	b.b = append(b.b, p...)
	return len(p), nil
}

// WriteByte appends c.
func (b *Buffer) WriteByte(c byte) error {
	b.b = append(b.b, c)
	return nil
}

// String returns the output so far.
func (b *Buffer) String() string { return string(b.b) }

// Bytes returns the output so far; it aliases the buffer.
func (b *Buffer) Bytes() []byte { return b.b }

// Len returns the number of bytes written.
func (b *Buffer) Len() int { return len(b.b) }

// Reset empties the buffer, keeping its memory.
func (b *Buffer) Reset() { b.b = b.b[:0] }

// WriteEscaped appends s with HTML special characters escaped the way
// Django's escape does (& < > " ').
func (b *Buffer) WriteEscaped(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		case '\'':
			rep = "&#x27;"
		default:
			continue
		}
		b.b = append(b.b, s[last:i]...)
		b.b = append(b.b, rep...)
		last = i + 1
	}
	b.b = append(b.b, s[last:]...)
}

// WriteValue renders v as a variable would: converted to text, localized,
// and escaped when autoescape is on and v is not safe.
func (b *Buffer) WriteValue(v any, autoescape bool) {
	switch x := v.(type) {
	case string:
		if autoescape {
			b.WriteEscaped(x)
		} else {
			b.b = append(b.b, x...)
		}
		return
	case value.SafeString:
		b.b = append(b.b, x...)
		return
	case *value.LazyText:
		// Printed as Django's str() of the proxy: the safe literal.
		b.b = append(b.b, x.String()...)
		return
	case int:
		b.b = strconv.AppendInt(b.b, int64(x), 10)
		return
	case int64:
		b.b = strconv.AppendInt(b.b, x, 10)
		return
	case int32:
		b.b = strconv.AppendInt(b.b, int64(x), 10)
		return
	case bool:
		if x {
			b.b = append(b.b, "True"...)
		} else {
			b.b = append(b.b, "False"...)
		}
		return
	}
	s := renderText(v)
	if autoescape && !value.IsSafe(v) {
		b.WriteEscaped(s)
	} else {
		b.b = append(b.b, s...)
	}
}

type textNode struct{ s string }

func (n *textNode) Render(w *Buffer, _ *Context) error {
	w.b = append(w.b, n.s...)
	return nil
}

// literalNode prints fixed text a tag produced ({% templatetag %},
// {% verbatim %}). Unlike textNode it is a tag: {% extends %} may not
// follow it, as in Django.
type literalNode struct{ s string }

func (n *literalNode) Render(w *Buffer, _ *Context) error {
	w.b = append(w.b, n.s...)
	return nil
}

type varNode struct {
	at
	e *Expr
	// simple is set for a bare one-step variable without filters.
	simple string
	// dotted is set for a multi-step variable without filters.
	dotted bool
}

func newVarNode(e *Expr) *varNode {
	n := &varNode{e: e}
	if !e.v.isLit && len(e.filters) == 0 {
		if len(e.v.path) == 1 {
			n.simple = e.v.path[0]
		} else {
			n.dotted = true
		}
	}
	return n
}

func (n *varNode) Render(w *Buffer, c *Context) error {
	if n.simple != "" {
		if v, ok := c.Get(n.simple); ok {
			w.WriteValue(v, c.autoescape)
			return nil
		}
	} else if n.dotted {
		path := n.e.v.path
		last := path[len(path)-1]
		if v, ok := c.resolvePath(path[:len(path)-1]); ok {
			if fv, ok := c.structField(v, last); ok && writeField(w, fv, c.autoescape) {
				return nil
			}
			if r, ok := c.lookup(v, last); ok {
				w.WriteValue(r, c.autoescape)
				return nil
			}
		}
	}
	v, err := n.e.Resolve(c)
	if err != nil {
		return err
	}
	w.WriteValue(v, c.autoescape)
	return nil
}

// Nodes with bodies expose them, so blocks inside take part in inheritance.
var (
	_ Container = (*autoescapeNode)(nil)
	_ Container = (*blockNode)(nil)
	_ Container = (*extendsNode)(nil)
	_ Container = (*filterNode)(nil)
	_ Container = (*forNode)(nil)
	_ Container = (*ifChangedNode)(nil)
	_ Container = (*ifNode)(nil)
	_ Container = (*partialDefNode)(nil)
	_ Container = (*spacelessNode)(nil)
	_ Container = (*withNode)(nil)
	_ Node      = (*varNode)(nil)
	_ Node      = (*textNode)(nil)
	_ Node      = (*literalNode)(nil)
)

// SafeString is text that is already safe HTML and is printed without
// escaping — Djinn's mark_safe. It is value.SafeString under a shorter name.
type SafeString = value.SafeString
