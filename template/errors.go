package template

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors; test with errors.Is.
var (
	// ErrSyntax is matched by every *SyntaxError (Django's TemplateSyntaxError).
	ErrSyntax = errors.New("template syntax error")
	// ErrNotExist is matched when a template cannot be found (Django's
	// TemplateDoesNotExist).
	ErrNotExist = errors.New("template does not exist")
	// ErrVariableDoesNotExist is matched when a filter argument names a
	// variable that cannot be found.
	ErrVariableDoesNotExist = errors.New("variable does not exist")
	// ErrRecursion is matched when includes, inheritance or partials nest
	// more than 64 deep (a template including itself): where Python would
	// hit its recursion limit (Django's RecursionError).
	ErrRecursion = errors.New("templates nested too deeply")
	// ErrNoReverser is returned by {% url %} when the engine has no Reverser.
	ErrNoReverser = errors.New("template engine has no url reverser")
)

// SyntaxError reports a template that cannot be compiled. It names the
// template, the line and the offending token, and keeps the source so a
// debug page can show the lines around it (see [SyntaxError.Around]).
type SyntaxError struct {
	Template string // template name ("" for a template built from a string)
	Line     int    // 1-based line of Token
	Token    string // the token as written, e.g. "{% endfor %}"
	Msg      string // Django's message, e.g. "Invalid block tag on line 1: 'endfor'…"
	Err      error  // underlying cause, when there is one
	src      string
}

func (e *SyntaxError) Error() string {
	var b strings.Builder
	b.WriteString("template syntax error")
	if e.Template != "" {
		fmt.Fprintf(&b, " in %q", e.Template)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, " at line %d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes errors.Is(err, ErrSyntax) true.
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// Unwrap returns the underlying cause.
func (e *SyntaxError) Unwrap() error { return e.Err }

// SourceLine is one numbered line of a template's source.
type SourceLine struct {
	Number int
	Text   string
	Error  bool // the line the error is on
}

// Around returns the error's line with up to n lines before and after it.
func (e *SyntaxError) Around(n int) []SourceLine {
	return around(e.src, e.Line, n)
}

func around(src string, line, n int) []SourceLine {
	if src == "" || line <= 0 {
		return nil
	}
	lines := strings.Split(src, "\n")
	if line > len(lines) {
		return nil
	}
	lo := max(line-1-n, 0)
	hi := min(line-1+n, len(lines)-1)
	var out []SourceLine
	for i := lo; i <= hi; i++ {
		out = append(out, SourceLine{Number: i + 1, Text: lines[i], Error: i == line-1})
	}
	return out
}

// NotExistError reports a template that no loader has.
type NotExistError struct {
	Name  string
	Tried []string // where the loaders looked, when they say (Django's loader postmortem)
}

func (e *NotExistError) Error() string {
	return fmt.Sprintf("template %q does not exist", e.Name)
}

// Is makes errors.Is(err, ErrNotExist) true.
func (e *NotExistError) Is(target error) bool { return target == ErrNotExist }

// VariableError reports a variable that a filter argument or tag needed but
// that cannot be found (Django's VariableDoesNotExist).
type VariableError struct {
	Name string
}

func (e *VariableError) Error() string {
	return fmt.Sprintf("failed lookup for %q", e.Name)
}

// Is makes errors.Is(err, ErrVariableDoesNotExist) true.
func (e *VariableError) Is(target error) bool { return target == ErrVariableDoesNotExist }

// RenderError wraps an error raised while rendering with the template and
// line of the node that failed. Errors.Is and errors.As see through it to the
// cause (a *NotExistError, *VariableError, a filter's error, …).
type RenderError struct {
	Template string
	Line     int
	Err      error
	src      string
}

// Around returns the failing line with up to n lines before and after it,
// for a debug page.
func (e *RenderError) Around(n int) []SourceLine {
	return around(e.src, e.Line, n)
}

func (e *RenderError) Error() string {
	if e.Template != "" {
		return fmt.Sprintf("render %q line %d: %v", e.Template, e.Line, e.Err)
	}
	return fmt.Sprintf("render line %d: %v", e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *RenderError) Unwrap() error { return e.Err }
