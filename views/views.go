package views

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/djinn-go/djinn/httpx"
	"github.com/djinn-go/djinn/internal/pyutf8"
	"github.com/djinn-go/djinn/messages"
	"github.com/djinn-go/djinn/orm"
	"github.com/djinn-go/djinn/upload"
	"github.com/djinn-go/djinn/urls"
)

// ErrConfig reports a view configured in a way that cannot work (Django's
// ImproperlyConfigured); it is a programmer error and renders as a 500.
var ErrConfig = errors.New("views: improperly configured")

// DBFunc returns the database a view queries. A *djinn.App's DB method
// has this type (pass app.DB); UseDB wraps an open *orm.DB.
type DBFunc func(ctx context.Context) (*orm.DB, error)

// UseDB returns a DBFunc that always returns db.
func UseDB(db *orm.DB) DBFunc {
	return func(context.Context) (*orm.DB, error) { return db, nil }
}

func (f DBFunc) open(ctx context.Context) (*orm.DB, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: no DB", ErrConfig)
	}
	db, err := f(ctx)
	if err != nil {
		return nil, fmt.Errorf("views: open database: %w", err)
	}
	return db, nil
}

// URLFunc computes a URL for a request, such as a success URL.
type URLFunc func(r *http.Request) (string, error)

// URL returns a URLFunc of a fixed URL.
func URL(u string) URLFunc { return func(*http.Request) (string, error) { return u, nil } }

// Reverse returns a URLFunc reversing a named pattern with the request's
// router (urls.ReverseCtx): positional arguments, or one urls.Kwargs.
func Reverse(name string, args ...any) URLFunc {
	return func(r *http.Request) (string, error) { return urls.ReverseCtx(r.Context(), name, args...) }
}

// ContextFunc adds to or changes a view's template context (Django's
// get_context_data).
type ContextFunc func(r *http.Request, data map[string]any) error

// methods maps HTTP methods to handlers; HEAD runs GET's and OPTIONS
// answers with Allow, as Django's View.dispatch.
type methods map[string]httpx.HandlerFunc

func (m methods) allowed() []string {
	var out []string
	for _, k := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		if m[k] != nil {
			out = append(out, k)
			if k == http.MethodGet {
				out = append(out, http.MethodHead)
			}
		}
	}
	return append(out, http.MethodOptions)
}

func (m methods) handler() http.Handler {
	return httpx.HandlerFunc(func(w http.ResponseWriter, r *http.Request) error {
		method := r.Method
		if method == http.MethodHead && m[http.MethodHead] == nil {
			method = http.MethodGet
		}
		if h := m[method]; h != nil {
			return h(w, r)
		}
		if method == http.MethodOptions {
			w.Header().Set("Allow", strings.Join(m.allowed(), ", "))
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			return nil
		}
		return httpx.MethodNotAllowed(m.allowed()...)
	})
}

// kwargs returns the URL keyword arguments of the request.
func kwargs(r *http.Request) map[string]any {
	if m := urls.MatchFrom(r.Context()); m != nil {
		return m.Kwargs()
	}
	return nil
}

// kwarg returns one URL keyword argument, falling back to the standard
// library's path value of the same name.
func kwarg(r *http.Request, name string) (any, bool) {
	if m := urls.MatchFrom(r.Context()); m != nil {
		if v, ok := m.Kwarg(name); ok {
			return v, true
		}
	}
	if v := r.PathValue(name); v != "" {
		return v, true
	}
	return nil, false
}

func render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any, extra ContextFunc) error {
	if extra != nil {
		if err := extra(r, data); err != nil {
			return err
		}
	}
	return httpx.Render(w, r, status, name, data)
}

// modelName is Django's model_name: the lower-case Go type name.
func modelName(m *orm.Model) string { return strings.ToLower(m.Name) }

// templateName is Django's <app_label>/<model_name><suffix>.html.
func templateName(m *orm.Model, suffix string) string {
	return strings.ToLower(m.App) + "/" + modelName(m) + suffix + ".html"
}

var fieldRef = regexp.MustCompile(`%\(([A-Za-z_][A-Za-z0-9_]*)\)s`)

// interpolate fills Python-style %(name)s references from values, as
// Django's SuccessMessageMixin does with the cleaned data.
func interpolate(msg string, values map[string]any) string {
	return fieldRef.ReplaceAllStringFunc(msg, func(ref string) string {
		name := fieldRef.FindStringSubmatch(ref)[1]
		v, ok := values[name]
		if !ok {
			return ref
		}
		if s, ok := v.(fmt.Stringer); ok {
			return s.String()
		}
		return fmt.Sprint(v)
	})
}

func successMessage(r *http.Request, msg string, values map[string]any) error {
	if msg == "" {
		return nil
	}
	if err := messages.Success(r, interpolate(msg, values)); err != nil {
		return fmt.Errorf("views: success message: %w", err)
	}
	return nil
}

// body returns the submitted form data: the values already parsed by an
// earlier middleware (CSRF reads url-encoded bodies with ParseForm), the
// upload middleware's parse when installed, or a parse of its own within
// Django's default limits. cleanup releases temporary files.
func body(r *http.Request) (*upload.Form, func(), error) {
	if r.PostForm != nil && r.MultipartForm == nil {
		return &upload.Form{Values: validValues(r.PostForm)}, func() {}, nil
	}
	f, err := upload.FormFrom(r)
	if !errors.Is(err, upload.ErrNoMiddleware) {
		return f, func() {}, err
	}
	if r.PostForm != nil {
		// Parsed by ParseMultipartForm: the files are not carried over.
		return &upload.Form{Values: validValues(r.PostForm)}, func() {}, nil
	}
	f, err = upload.Parse(r, upload.Limits{})
	if err != nil {
		return nil, func() {}, err
	}
	return f, func() { _ = f.Cleanup() }, nil
}

// validValues reads the values parsed by net/http as the upload parser
// (and Python's decoding) does: each maximal subpart of an ill-formed
// UTF-8 sequence becomes U+FFFD.
func validValues(vs url.Values) url.Values {
	clean := true
	for k, l := range vs {
		clean = clean && utf8.ValidString(k)
		for _, v := range l {
			clean = clean && utf8.ValidString(v)
		}
	}
	if clean {
		return vs
	}
	// Names that differ only in invalid bytes meet under one name: their
	// values are merged in the order of the raw names, so the result does
	// not depend on the map's order.
	out := make(url.Values, len(vs))
	for _, k := range slices.Sorted(maps.Keys(vs)) {
		name := pyutf8.Decode(k)
		for _, v := range vs[k] {
			out[name] = append(out[name], pyutf8.Decode(v))
		}
	}
	return out
}
