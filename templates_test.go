package djinn_test

import (
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/djinn-go/djinn"
	"github.com/djinn-go/djinn/csrf"
	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/urls"
)

type procApp struct{}

func (procApp) Label() string { return "proc" }
func (procApp) Templates() fs.FS {
	return fstest.MapFS{
		"form.html": {Data: []byte(`<form>{% csrf_token %}</form>`)},
		"msgs.html": {Data: []byte(`{% for m in messages %}[{{ m }}]{% endfor %}{% if DEFAULT_MESSAGE_LEVELS %}levels{% endif %}`)},
	}
}

// processorApp serves form.html and msgs.html (after adding a message when
// it can) with MIDDLEWARE mw and the extra middleware use.
func processorApp(t *testing.T, mw []string, use ...func(http.Handler) http.Handler) http.Handler {
	t.Helper()
	s := settings()
	s.Middleware = mw
	app := djinn.New(s, procApp{})
	app.Logger = discardLogger()
	app.Use(use...)
	render := func(name string) http.Handler {
		return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			_ = messages.Info(r, "hello")
			return httpx.Render(w, r, 200, name, nil)
		})
	}
	app.Routes(urls.NewRouter(urls.Path("form/", render("form.html"), "form"), urls.Path("msgs/", render("msgs.html"), "msgs")))
	h, err := app.Handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestProcessorsWithoutMiddleware: without the csrf and messages middleware
// a template using them still renders, with csrf_token and messages empty
// as in Django without their context processors.
func TestProcessorsWithoutMiddleware(t *testing.T) {
	h := processorApp(t, []string{"security"})
	if w := get(h, "example.com", "/form/"); w.Code != 200 || w.Body.String() != "<form></form>" || w.Header().Get("Set-Cookie") != "" {
		t.Errorf("form: %d %q %v", w.Code, w.Body, w.Header())
	}
	if w := get(h, "example.com", "/msgs/"); w.Code != 200 || w.Body.String() != "" {
		t.Errorf("messages: %d %q", w.Code, w.Body)
	}
}

// TestProcessorsMiddlewareInstalledByUse: csrf and messages middleware
// installed with App.Use rather than MIDDLEWARE still feed templates.
func TestProcessorsMiddlewareInstalledByUse(t *testing.T) {
	cm, err := csrf.New(csrf.Config{})
	if err != nil {
		t.Fatal(err)
	}
	mm, err := messages.New(messages.Config{Storage: messages.NewCookieStorage([]byte(strings.Repeat("k", 50)))})
	if err != nil {
		t.Fatal(err)
	}
	h := processorApp(t, []string{"security"}, cm.Handler, mm.Handler)
	if w := get(h, "example.com", "/form/"); !strings.Contains(w.Body.String(), `name="csrfmiddlewaretoken" value="`) {
		t.Errorf("form: %d %q", w.Code, w.Body)
	}
	if w := get(h, "example.com", "/msgs/"); w.Body.String() != "[hello]levels" {
		t.Errorf("messages: %d %q", w.Code, w.Body)
	}
	// And through MIDDLEWARE, as before.
	h = processorApp(t, []string{"security", "sessions", "csrf", "messages"})
	if w := get(h, "example.com", "/form/"); !strings.Contains(w.Body.String(), `name="csrfmiddlewaretoken" value="`) {
		t.Errorf("form: %d %q", w.Code, w.Body)
	}
	if w := get(h, "example.com", "/msgs/"); w.Body.String() != "[hello]levels" {
		t.Errorf("messages: %d %q", w.Code, w.Body)
	}
}

// reqApp has a template showing the "request" variable and a context
// processor that sets a variable of the same name.
type reqApp struct{}

func (reqApp) Label() string { return "reqapp" }
func (reqApp) Templates() fs.FS {
	return fstest.MapFS{"req.html": {Data: []byte(`{{ request.Method }} {{ request.URL.Path }}|{% if request == "app" %}app{% endif %}`)}}
}
func (reqApp) ContextProcessors() []func(*http.Request) map[string]any {
	return []func(*http.Request) map[string]any{func(*http.Request) map[string]any { return map[string]any{"request": "app"} }}
}

// The "request" context processor, in the default first place or later,
// overrides the processors before it and yields to those after it, as in
// Django.
func TestRequestContextProcessorOrder(t *testing.T) {
	for _, c := range []struct {
		procs []string
		want  string
	}{
		{[]string{"request"}, "GET /req/|"},
		{[]string{"request", "apps"}, " |app"},
		{[]string{"apps", "request"}, "GET /req/|"},
		{[]string{"static"}, " |"},
	} {
		s := settings()
		s.TemplateContextProcessors = c.procs
		app := djinn.New(s, reqApp{})
		app.Logger = discardLogger()
		app.Routes(urls.NewRouter(urls.Path("req/", httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
			return httpx.Render(w, r, 200, "req.html", nil)
		}), "req")))
		h, err := app.Handler()
		if err != nil {
			t.Fatal(err)
		}
		w := get(h, "example.com", "/req/")
		if w.Code != 200 || w.Body.String() != c.want {
			t.Errorf("%v: %d %q, want %q", c.procs, w.Code, w.Body, c.want)
		}
	}
}
