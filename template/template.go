package template

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Template is a compiled template. It is immutable and safe for concurrent
// use.
type Template struct {
	name     string
	origin   string
	src      string
	root     NodeList
	eng      *Engine
	partials *partialSet
	// blocks and extends describe the template as a parent in inheritance.
	blocks  []*blockNode
	extends bool
}

// partial returns the partial called name as a template of its own
// ("page.html#name"), built once per compiled template.
func (t *Template) partial(name string) (*Template, error) {
	if pt, ok := t.partials.tmpls.Load(name); ok {
		return pt.(*Template), nil
	}
	def, ok := t.partials.m[name]
	if !ok {
		return nil, &NotExistError{Name: t.name + "#" + name}
	}
	pt := &Template{name: t.name + "#" + name, origin: t.origin, src: t.src, root: def.body, eng: t.eng,
		partials: t.partials, blocks: collectBlocks(def.body), extends: firstIsExtends(def.body)}
	actual, _ := t.partials.tmpls.LoadOrStore(name, pt)
	return actual.(*Template), nil
}

// Name returns the template's name ("" for one built from a string).
func (t *Template) Name() string { return t.name }

// Render renders the template with data into w. The output is built in a
// buffer and written with one call, so nothing is written when rendering
// fails.
func (t *Template) Render(ctx context.Context, w io.Writer, data map[string]any) error {
	b := t.eng.getBuffer()
	defer t.eng.putBuffer(b)
	if err := t.renderTo(ctx, b, data, true); err != nil {
		return err
	}
	_, err := w.Write(b.b)
	return err
}

// RenderRequest is Render for a request: the context processors see r and
// tags reach it through [Context.Request], as with Render of
// WithRequest(ctx, r), without adding r to ctx.
func (t *Template) RenderRequest(ctx context.Context, w io.Writer, r *http.Request, data map[string]any) error {
	b := t.eng.getBuffer()
	defer t.eng.putBuffer(b)
	if err := t.render(ctx, r, b, data, true); err != nil {
		return err
	}
	_, err := w.Write(b.b)
	return err
}

// RenderString renders the template with data and returns the output.
func (t *Template) RenderString(ctx context.Context, data map[string]any) (string, error) {
	b := t.eng.getBuffer()
	defer t.eng.putBuffer(b)
	if err := t.renderTo(ctx, b, data, true); err != nil {
		return "", err
	}
	return string(b.b), nil
}

// renderTo renders into b for the request ctx carries, if any.
func (t *Template) renderTo(ctx context.Context, b *Buffer, data map[string]any, guard bool) error {
	return t.render(ctx, nil, b, data, guard)
}

// render renders into b; req, when nil, is the request ctx carries.
func (t *Template) render(ctx context.Context, req *http.Request, b *Buffer, data map[string]any, guard bool) (err error) {
	if guard {
		defer func() {
			if r := recover(); r != nil {
				err = &RenderError{Template: t.name, Err: fmt.Errorf("internal error: %v", r)}
			}
		}()
	}
	if ctx == nil {
		ctx = context.Background()
	}
	c := newContext(ctx, t.eng, data, t.eng.autoescape)
	defer c.release()
	c.tmpl = t
	if req == nil {
		req = RequestFrom(ctx)
	}
	if req != nil {
		c.req = req
		if len(t.eng.processors) > 0 || t.eng.requestVar != "" {
			// Processors sit below the view's data, as in Django's
			// RequestContext: a variable the view passes wins over one of
			// the same name from a processor ("user" in a reset e-mail).
			var saved [2]frame
			n := copy(saved[:], c.frames)
			for i := range saved[:n] {
				// Both frames are empty apart from the data map: give them
				// their own (nil) slices, since the processors' frames
				// reuse the pooled storage below.
				saved[i].keys, saved[i].vals = nil, nil
			}
			c.frames = c.frames[:0]
			if name := t.eng.requestVar; name != "" {
				c.Push()
				f := &c.frames[len(c.frames)-1]
				f.keys = append(f.keys, name)
				f.vals = append(f.vals, req)
			}
			for _, p := range t.eng.processors {
				if m := p(req); m != nil {
					c.pushMap(m)
				}
			}
			c.frames = append(c.frames, saved[:n]...)
		}
	}
	if err := t.root.Render(b, c); err != nil {
		return wrapRender(t.name, err)
	}
	return nil
}

func wrapRender(name string, err error) error {
	switch err.(type) {
	case *SyntaxError, *NotExistError, *RenderError:
		return err
	}
	if name == "" {
		return err
	}
	return &RenderError{Template: name, Err: err}
}

// String returns the template's source, abbreviated.
func (t *Template) String() string {
	s := t.src
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return fmt.Sprintf("<Template %q: %s>", t.name, strings.ReplaceAll(s, "\n", " "))
}
