package djinn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/template"
	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/urls"
)

// TemplateProvider is implemented by apps that ship templates. The
// returned file system's root holds the template names ("polls/index.html");
// the project's TEMPLATE_DIRS are searched first, then the apps' in the
// order they are installed, so a project overrides an app's template by
// writing one of the same name.
type TemplateProvider interface {
	Templates() fs.FS
}

// Templates returns the project's template engine: the Django template
// language over TEMPLATE_DIRS and the apps' templates, reloading changed
// files when DEBUG is on, with {% url %} reversing through the root URLconf
// when it is a *urls.Router. Call it after Routes. It is built once.
func (a *App) Templates() template.Renderer {
	a.tmplOnce.Do(func() {
		if a.templates != nil {
			return
		}
		var dirs []fs.FS
		for _, d := range a.Settings.TemplateDirs {
			dirs = append(dirs, os.DirFS(d))
		}
		for _, app := range a.apps {
			if tp, ok := app.(TemplateProvider); ok {
				if fsys := tp.Templates(); fsys != nil {
					dirs = append(dirs, fsys)
				}
			}
		}
		processors, requestVar := a.contextProcessors()
		cfg := template.Config{
			Loader:            loader.NewFS(dirs...),
			Debug:             a.Settings.Debug,
			ContextProcessors: processors,
			RequestVariable:   requestVar,
			Libraries: map[string]*template.Library{
				"static": template.StaticLibrary(a.Settings.StaticURL),
				"i18n":   template.I18nLibrary(nil),
			},
		}
		if rv, ok := a.routes.(template.Reverser); ok {
			cfg.Reverser = rv
		}
		a.templates = template.New(cfg)
	})
	return a.templates
}

// SetTemplates replaces the template engine, for example with the
// html/template backend. Call it before Handler.
func (a *App) SetTemplates(r template.Renderer) {
	a.templates = r
}

// debugContext is Django's debug context processor: "debug" is true when
// DEBUG is on, and "sql_queries" lists the request's statements so far.
func (a *App) debugContext(r *http.Request) map[string]any {
	if !a.Settings.Debug {
		return nil
	}
	m := map[string]any{"debug": true}
	if l := orm.QueryLogFrom(r.Context()); l != nil {
		var qs []map[string]any
		for _, q := range l.Queries() {
			qs = append(qs, map[string]any{"sql": q.SQL, "time": q.Duration.Seconds()})
		}
		m["sql_queries"] = qs
	}
	return m
}

// templateRenderer adapts a template.Renderer to httpx.TemplateRenderer,
// passing the request to the engine's context processors.
type templateRenderer struct{ r template.Renderer }

// requestRenderer is a Renderer that takes the request as an argument
// (template.Engine): no context.Context is built to carry it.
type requestRenderer interface {
	RenderRequest(ctx context.Context, w io.Writer, r *http.Request, name string, data map[string]any) error
}

func (t templateRenderer) RenderTemplate(w io.Writer, r *http.Request, name string, data map[string]any) error {
	ctx := r.Context()
	if m := urls.MatchFrom(ctx); m != nil && m.Namespace != "" {
		// {% url %} prefers the instance namespace the request came
		// through, as Django's request.current_app does.
		ctx = template.WithCurrentApp(ctx, m.Namespace)
	}
	if rr, ok := t.r.(requestRenderer); ok {
		return rr.RenderRequest(ctx, w, r, name, data)
	}
	return t.r.Render(template.WithRequest(ctx, r), w, name, data)
}

// errorPage renders the project's "404.html", "500.html", … when it has
// one, as Django's default error views do.
func (a *App) errorPage(ctx context.Context, status int, message string) ([]byte, bool) {
	var buf bytes.Buffer
	name := strconv.Itoa(status) + ".html"
	err := a.Templates().Render(ctx, &buf, name, map[string]any{"status": status, "message": message})
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			a.Logger.Error("render error page", "template", name, "error", fmt.Sprint(err))
		}
		return nil, false
	}
	return buf.Bytes(), true
}

// templateSection shows the template source around a syntax or render
// error on debug pages, Django's "Template error" box.
func templateSection(_ *http.Request, err error) []httpx.DebugSection {
	var lines []template.SourceLine
	var name string
	var se *template.SyntaxError
	var re *template.RenderError
	switch {
	case errors.As(err, &se):
		lines, name = se.Around(5), se.Template
	case errors.As(err, &re):
		lines, name = re.Around(5), re.Template
	default:
		return nil
	}
	if len(lines) == 0 {
		return nil
	}
	var b strings.Builder
	for _, l := range lines {
		mark := "   "
		if l.Error {
			mark = ">> "
		}
		fmt.Fprintf(&b, "%s%4d  %s\n", mark, l.Number, l.Text)
	}
	return []httpx.DebugSection{{Title: "Template error in " + name, Pre: b.String()}}
}

// contextProcessors builds TEMPLATE_CONTEXT_PROCESSORS: "request" (the
// request as "request"), "csrf" (a lazy csrf_token), "messages", "debug"
// ("debug" and "sql_queries" when DEBUG is on), "static" (STATIC_URL and
// MEDIA_URL) and "apps" (what the installed apps contribute, e.g. auth's
// "user" and "perms"). Processors of middleware that is not installed are
// skipped: they would do nothing useful. The csrf and messages
// processors of middleware that MIDDLEWARE does not name cost a look at the
// request's context: the middleware may be installed another way (App.Use,
// as docs/messages.md shows); without it, as in Django without the
// processor, csrf_token and messages are empty.
//
// A leading "request" (the default) is returned as the engine's
// RequestVariable instead, which sets the variable without a map per
// render; elsewhere in the list it stays a processor, so that it overrides
// the processors before it as in Django.
func (a *App) contextProcessors() (out []template.ContextProcessor, requestVar string) {
	s := a.Settings
	for i, name := range s.TemplateContextProcessors {
		switch name {
		case "request":
			if i == 0 {
				requestVar = "request"
				continue
			}
			out = append(out, func(r *http.Request) map[string]any { return map[string]any{"request": r} })
		case "csrf":
			if slices.Contains(s.Middleware, "csrf") {
				out = append(out, csrfContext)
			} else {
				// Installed some other way (App.Use, an app's
				// middleware), or not at all: ask the request.
				out = append(out, func(r *http.Request) map[string]any {
					if !csrf.Active(r) {
						return nil
					}
					return csrfContext(r)
				})
			}
		case "messages":
			if slices.Contains(s.Middleware, "messages") {
				out = append(out, messages.ContextProcessor)
			} else {
				out = append(out, func(r *http.Request) map[string]any {
					if !messages.Active(r) {
						return nil
					}
					return messages.ContextProcessor(r)
				})
			}
		case "debug":
			if s.Debug {
				out = append(out, a.debugContext)
			}
		case "static":
			vars := map[string]any{"STATIC_URL": s.StaticURL, "MEDIA_URL": s.MediaURL}
			out = append(out, func(*http.Request) map[string]any { return vars })
		case "apps":
			for _, app := range a.apps {
				if cp, ok := app.(ContextProcessorProvider); ok {
					for _, p := range cp.ContextProcessors() {
						out = append(out, p)
					}
				}
			}
		}
	}
	return out, requestVar
}
