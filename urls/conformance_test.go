package urls

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// namedView is a view identified by name, as the corpus names its views.
type namedView string

func (v namedView) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	_, _ = w.Write([]byte(v))
}

type corpus struct {
	URLConf        []corpusEntry            `json:"urlconf"`
	SharedPatterns map[string][]corpusEntry `json:"shared_patterns"`
	Resolve        []resolveCase            `json:"resolve"`
	Reverse        []reverseCase            `json:"reverse"`
}

type corpusEntry struct {
	Kind          string                   `json:"kind"`
	Route         string                   `json:"route"`
	View          string                   `json:"view"`
	Name          *string                  `json:"name"`
	Namespace     *string                  `json:"namespace"`
	AppName       *string                  `json:"app_name"`
	Patterns      json.RawMessage          `json:"patterns"`
	DefaultKwargs map[string]any           `json:"default_kwargs"`
	Converter     map[string]converterSpec `json:"converter"`
}

type converterSpec struct {
	Regex    string `json:"regex"`
	ToPython string `json:"to_python"`
	ToURL    string `json:"to_url"`
}

type resolveCase struct {
	Name       string            `json:"name"`
	Path       string            `json:"path"`
	Result     string            `json:"result"`
	View       string            `json:"view"`
	URLName    *string           `json:"url_name"`
	ViewName   string            `json:"view_name"`
	Namespace  string            `json:"namespace"`
	Namespaces []string          `json:"namespaces"`
	AppName    string            `json:"app_name"`
	AppNames   []string          `json:"app_names"`
	Route      string            `json:"route"`
	Args       []any             `json:"args"`
	Kwargs     map[string]any    `json:"kwargs"`
	ArgTypes   []string          `json:"arg_types"`
	KwargTypes map[string]string `json:"kwarg_types"`
}

type reverseCase struct {
	Name       string            `json:"name"`
	ViewName   string            `json:"viewname"`
	Args       []any             `json:"args"`
	ArgTypes   []string          `json:"arg_types"`
	Kwargs     map[string]any    `json:"kwargs"`
	KwargTypes map[string]string `json:"kwarg_types"`
	CurrentApp *string           `json:"current_app"`
	Path       *string           `json:"path"`
	Error      string            `json:"error"`
}

// specConverter is a converter described by the corpus: its regex, the
// Python type to_python returns, and to_url in words ("zero-padded to 4
// digits").
type specConverter struct {
	regex, toPython string
	pad             int
}

func (c specConverter) Regex() string { return c.regex }

func (c specConverter) ToGo(s string) (any, error) {
	switch c.toPython {
	case "int":
		return strconv.Atoi(s)
	case "float":
		return strconv.ParseFloat(s, 64)
	}
	return s, nil
}

func (c specConverter) ToURL(v any) (string, error) {
	if c.pad > 0 {
		// Python's '%04d' % value: floats are truncated, booleans are
		// 1 and 0, anything else is a TypeError.
		var n int
		switch x := v.(type) {
		case int:
			n = x
		case float64:
			n = int(x)
		case bool:
			if x {
				n = 1
			}
		default:
			return "", fmt.Errorf("%%d format: a number is required, not %T", v)
		}
		return fmt.Sprintf("%0*d", c.pad, n), nil
	}
	return text(v), nil
}

var padRE = regexp.MustCompile(`zero-padded to (\d+) digits`)

func newSpecConverter(s converterSpec) specConverter {
	c := specConverter{regex: s.Regex, toPython: s.ToPython}
	if m := padRE.FindStringSubmatch(s.ToURL); m != nil {
		c.pad, _ = strconv.Atoi(m[1])
	}
	return c
}

// jsonValue turns a decoded JSON number into int when it is integral, as
// Python's json module does.
func jsonValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := strconv.Atoi(x.String()); err == nil {
			return n
		}
		f, _ := x.Float64()
		return f
	case map[string]any:
		for k, e := range x {
			x[k] = jsonValue(e)
		}
	case []any:
		for i, e := range x {
			x[i] = jsonValue(e)
		}
	}
	return v
}

func typed(v any, typ string) (any, error) {
	v = jsonValue(v)
	switch typ {
	case "uuid", "UUID", "uuid.UUID":
		s, _ := v.(string)
		return ParseUUID(s)
	case "int":
		if s, ok := v.(string); ok {
			return strconv.Atoi(s)
		}
	case "str":
		if n, ok := v.(int); ok {
			return strconv.Itoa(n), nil
		}
	case "float":
		if n, ok := v.(int); ok {
			return float64(n), nil
		}
	}
	return v, nil
}

func loadCorpus(t testing.TB) (*corpus, *Router) {
	t.Helper()
	file := "testdata/urls.json"
	if env := os.Getenv("DJINN_CONFORMANCE_URLS"); env != "" {
		file = env
	}
	return loadCorpusFile(t, file)
}

// corpusFiles are the corpora TestConformance runs: the one named by
// DJINN_CONFORMANCE_URLS, or else the public sample and the generated ones
// (testdata/gen_django_urls.py).
func corpusFiles(t testing.TB) []string {
	if env := os.Getenv("DJINN_CONFORMANCE_URLS"); env != "" {
		return []string{env}
	}
	gen, err := filepath.Glob("testdata/urls_gen_*.json")
	if err != nil {
		t.Fatal(err)
	}
	return append([]string{"testdata/urls.json"}, gen...)
}

func loadCorpusFile(t testing.TB, file string) (*corpus, *Router) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var c corpus
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	// Numbers again, keeping integers integral.
	var raw struct {
		URLConf        json.RawMessage            `json:"urlconf"`
		SharedPatterns map[string]json.RawMessage `json:"shared_patterns"`
	}
	_ = json.Unmarshal(data, &raw)
	router := NewRouter()
	pats, err := buildConf(raw.URLConf, raw.SharedPatterns, router)
	if err != nil {
		t.Fatal(err)
	}
	router.Add(pats...)
	if errs := router.index().issues; len(errs) > 0 {
		t.Fatalf("urlconf: %v", errs)
	}
	return &c, router
}

func decodeNumbers(data []byte, v any) error {
	d := json.NewDecoder(bytesReader(data))
	d.UseNumber()
	return d.Decode(v)
}

func buildConf(data json.RawMessage, shared map[string]json.RawMessage, router *Router) ([]Pattern, error) {
	var entries []corpusEntry
	if err := decodeNumbers(data, &entries); err != nil {
		return nil, err
	}
	var out []Pattern
	for _, e := range entries {
		for name, spec := range e.Converter {
			router.RegisterConverter(name, newSpecConverter(spec))
		}
		name := ""
		if e.Name != nil {
			name = *e.Name
		}
		var p Pattern
		switch e.Kind {
		case "path":
			p = Path(e.Route, namedView(e.View), name)
		case "re_path":
			p = RePath(e.Route, namedView(e.View), name)
		case "include", "re_include":
			sub := json.RawMessage(e.Patterns)
			var ref string
			if json.Unmarshal(e.Patterns, &ref) == nil {
				var ok bool
				if sub, ok = shared[ref]; !ok {
					return nil, fmt.Errorf("unknown shared patterns %q", ref)
				}
			}
			children, err := buildConf(sub, shared, router)
			if err != nil {
				return nil, err
			}
			app, ns := "", ""
			if e.AppName != nil {
				app = *e.AppName
			}
			if e.Namespace != nil {
				ns = *e.Namespace
			}
			// A regex prefix: Django's re_path(regex, include(...)).
			if e.Kind == "re_include" || strings.HasPrefix(e.Route, "^") {
				p = IncludeRegex(e.Route, Patterns(children), app, ns)
			} else {
				p = Include(e.Route, Patterns(children), app, ns)
			}
		default:
			return nil, fmt.Errorf("unknown kind %q", e.Kind)
		}
		if len(e.DefaultKwargs) > 0 {
			p = p.Defaults(jsonValue(e.DefaultKwargs).(map[string]any))
		}
		out = append(out, p)
	}
	return out, nil
}

func TestConformance(t *testing.T) {
	for _, file := range corpusFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			c, router := loadCorpusFile(t, file)
			runCorpus(t, c, router, file)
		})
	}
}

func runCorpus(t *testing.T, c *corpus, router *Router, file string) {
	passed, total := 0, 0
	for _, rc := range c.Resolve {
		total++
		if err := checkResolve(router, rc); err != nil {
			t.Errorf("%s (%q): %v", rc.Name, rc.Path, err)
			continue
		}
		passed++
	}
	for _, rc := range c.Reverse {
		total++
		if err := checkReverse(router, rc); err != nil {
			t.Errorf("%s (%s): %v", rc.Name, rc.ViewName, err)
			continue
		}
		passed++
	}
	// The N/M line reads as it always has for a corpus given through the
	// environment, and names the file for the default corpora.
	label := "urls conformance"
	if os.Getenv("DJINN_CONFORMANCE_URLS") == "" {
		label += " (" + filepath.Base(file) + ")"
	}
	fmt.Printf("%s: %d/%d passed\n", label, passed, total)
	if passed != total {
		t.Errorf("%s: %d/%d passed", label, passed, total)
	}
}

func checkResolve(router *Router, rc resolveCase) error {
	m, err := router.Resolve(rc.Path)
	if rc.Result == "404" {
		if err == nil {
			return fmt.Errorf("resolved to %v, want 404", m.View)
		}
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			return fmt.Errorf("error %v is not a NotFoundError", err)
		}
		return nil
	}
	if err != nil {
		return err
	}
	want := map[string]any{
		"view": rc.View, "view_name": rc.ViewName, "namespace": rc.Namespace,
		"namespaces": nonNil(rc.Namespaces), "app_name": rc.AppName, "app_names": nonNil(rc.AppNames), "route": rc.Route,
	}
	urlName := ""
	if rc.URLName != nil {
		urlName = *rc.URLName
	}
	want["url_name"] = urlName
	view := ""
	if v, ok := m.View.(namedView); ok {
		view = string(v)
	}
	got := map[string]any{
		"view": view, "view_name": m.ViewName, "namespace": m.Namespace,
		"namespaces": nonNil(m.Namespaces), "app_name": m.AppName, "app_names": nonNil(m.AppNames), "route": m.Route,
		"url_name": m.URLName,
	}
	if rc.URLName == nil {
		// An unnamed pattern's view_name ends with the view's dotted
		// Python path ("app.views.func"); a Go view has no such name, so
		// only the namespace part is compared.
		ns := ""
		if i := strings.LastIndexByte(rc.ViewName, ':'); i >= 0 {
			ns = rc.ViewName[:i+1]
		}
		if !strings.HasPrefix(m.ViewName, ns) || strings.Contains(m.ViewName[len(ns):], ":") {
			return fmt.Errorf("view_name = %q, want the namespace %q", m.ViewName, ns)
		}
		delete(want, "view_name")
	}
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			return fmt.Errorf("%s = %#v, want %#v", k, got[k], want[k])
		}
	}
	if len(m.Args) != len(rc.Args) {
		return fmt.Errorf("args = %#v, want %#v", m.Args, rc.Args)
	}
	for i, a := range rc.Args {
		typ := ""
		if i < len(rc.ArgTypes) {
			typ = rc.ArgTypes[i]
		}
		if err := sameValue(m.Args[i], a, typ); err != nil {
			return fmt.Errorf("args[%d]: %w", i, err)
		}
	}
	if len(m.Kwargs()) != len(rc.Kwargs) {
		return fmt.Errorf("kwargs = %#v, want %#v", m.Kwargs(), rc.Kwargs)
	}
	for k, v := range rc.Kwargs {
		g, ok := m.Kwargs()[k]
		if !ok {
			return fmt.Errorf("kwargs = %#v, want %#v", m.Kwargs(), rc.Kwargs)
		}
		if err := sameValue(g, v, rc.KwargTypes[k]); err != nil {
			return fmt.Errorf("kwargs[%s]: %w", k, err)
		}
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// sameValue compares a Go value with the corpus's JSON value of a Python
// type.
func sameValue(got, want any, typ string) error {
	switch typ {
	case "int":
		n, ok := got.(int)
		w, _ := want.(float64)
		if !ok || float64(n) != w {
			return fmt.Errorf("got %#v, want int %v", got, want)
		}
	case "str":
		s, ok := got.(string)
		if !ok || s != want {
			return fmt.Errorf("got %#v, want str %q", got, want)
		}
	case "uuid", "UUID", "uuid.UUID":
		u, ok := got.(UUID)
		if !ok || u.String() != want {
			return fmt.Errorf("got %#v, want uuid %v", got, want)
		}
	case "float":
		f, ok := got.(float64)
		w, _ := want.(float64)
		if !ok || f != w {
			return fmt.Errorf("got %#v, want float %v", got, want)
		}
	case "NoneType", "None":
		if got != nil {
			return fmt.Errorf("got %#v, want None", got)
		}
	default:
		if want == nil && got == nil {
			return nil
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("got %#v, want %#v (%s)", got, want, typ)
		}
	}
	return nil
}

func checkReverse(router *Router, rc reverseCase) error {
	var args []any
	for i, a := range rc.Args {
		typ := ""
		if i < len(rc.ArgTypes) {
			typ = rc.ArgTypes[i]
		}
		v, err := typed(jsonNumber(a), typ)
		if err != nil {
			return fmt.Errorf("bad case arg: %w", err)
		}
		args = append(args, v)
	}
	var kwargs map[string]any
	if rc.Kwargs != nil {
		kwargs = map[string]any{}
		for k, v := range rc.Kwargs {
			tv, err := typed(jsonNumber(v), rc.KwargTypes[k])
			if err != nil {
				return fmt.Errorf("bad case kwarg: %w", err)
			}
			kwargs[k] = tv
		}
	}
	cur := ""
	if rc.CurrentApp != nil {
		cur = *rc.CurrentApp
	}
	got, err := router.Reverse(rc.ViewName, args, kwargs, cur)
	switch rc.Error {
	case "":
		if err != nil {
			return err
		}
		if rc.Path == nil || got != *rc.Path {
			return fmt.Errorf("got %q, want %v", got, deref(rc.Path))
		}
	case "NoReverseMatch":
		if !errors.Is(err, ErrNoReverseMatch) {
			return fmt.Errorf("got %q, %v; want NoReverseMatch", got, err)
		}
	case "ValueError":
		var fe *FormatError
		if !errors.Is(err, ErrMixedArgs) && !(errors.As(err, &fe) && fe.Python == "ValueError") {
			return fmt.Errorf("got %q, %v; want ValueError", got, err)
		}
	default:
		if err == nil {
			return fmt.Errorf("got %q, want %s", got, rc.Error)
		}
	}
	return nil
}

// jsonNumber turns float64 values without a fraction into json.Number so
// that jsonValue makes them int.
func jsonNumber(v any) any {
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		return json.Number(strconv.FormatInt(int64(f), 10))
	}
	return v
}

func deref(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
