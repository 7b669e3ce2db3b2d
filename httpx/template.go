package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// TemplateRenderer renders a named template for a request. The application
// installs one (backed by its template engine) in each request's context;
// [Render] uses it, so views and generic views need not know the engine.
type TemplateRenderer interface {
	RenderTemplate(w io.Writer, r *http.Request, name string, data map[string]any) error
}

type templatesKey struct{}

// WithTemplates returns a context whose requests render templates with tr.
func WithTemplates(ctx context.Context, tr TemplateRenderer) context.Context {
	return withValue(ctx, templatesKey{}, tr)
}

// TemplatesFrom returns the renderer installed in ctx, or nil.
func TemplatesFrom(ctx context.Context) TemplateRenderer {
	tr, _ := ctx.Value(templatesKey{}).(TemplateRenderer)
	return tr
}

// ErrNoTemplates is returned by [Render] when no template renderer is
// installed in the request's context.
var ErrNoTemplates = errors.New("no template renderer installed")

// renderBuffers recycles the buffers pages are rendered into.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render renders the named template with data as an HTML response with
// the given status: Django's render(). The template is rendered into a
// buffer first, so a rendering error becomes a clean error page rather than
// half a page.
func Render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) error {
	tr := TemplatesFrom(r.Context())
	if tr == nil {
		return fmt.Errorf("render %s: %w", name, ErrNoTemplates)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // don't keep huge pages alive
			renderBuffers.Put(buf)
		}
	}()
	if err := tr.RenderTemplate(buf, r, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	if h.Get("Content-Type") == "" {
		h["Content-Type"] = htmlContentType
	}
	SetContentLength(h, buf.Len())
	w.WriteHeader(status)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write response: %w", err)
	}
	return nil
}
