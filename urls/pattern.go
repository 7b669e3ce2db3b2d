package urls

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
)

// ErrBadPattern is wrapped by the errors [Router.Check] reports for a
// pattern that cannot be used: an invalid route or regular expression, an
// unknown converter, a bad parameter name.
var ErrBadPattern = errors.New("invalid url pattern")

// Kwargs are keyword arguments: default arguments of a pattern, arguments
// of [Router.Reverse], and what a match captured by name.
type Kwargs = map[string]any

type patternKind uint8

const (
	kindPath patternKind = iota
	kindRegex
	kindInclude
	kindIncludeRegex
)

// Pattern is one entry of a URL configuration: a view mounted with [Path]
// or [RePath], or a group of patterns mounted with [Include] or
// [IncludeRegex]. It is a value; its methods return modified copies.
type Pattern struct {
	kind      patternKind
	route     string
	view      http.Handler
	name      string
	defaults  map[string]any
	conf      Conf
	app       string
	namespace string
}

// Path mounts view at route, Django's path(): literal text with parameters
// written <converter:name> or <name> (the str converter). The route has no
// leading "/"; name is the URL name used by Reverse ("" for none).
func Path(route string, view http.Handler, name string) Pattern {
	return Pattern{kind: kindPath, route: route, view: view, name: name}
}

// RePath mounts view at a regular expression, Django's re_path(). The
// pattern is written in Python's syntax ((?P<name>…) groups, \d, …) and run
// by Go's RE2 engine (by a bounded backtracking matcher when it has
// backreferences): look-arounds and other constructs RE2 lacks make it
// invalid (see the package documentation). Named groups
// become keyword arguments, and when there are none the unnamed groups
// become positional arguments; values are strings.
func RePath(regex string, view http.Handler, name string) Pattern {
	return Pattern{kind: kindRegex, route: regex, view: view, name: name}
}

// Include mounts conf ([Patterns] or a [*Router]) under a route prefix,
// Django's path(prefix, include(...)). app is the application namespace and
// namespace the instance namespace: when namespace is empty it defaults to
// app; when both are empty the patterns join the parent's namespace. An
// included router's patterns and converters are read when the including
// router builds its index, on first use after a change to the including
// router: add to a sub-router before serving.
func Include(prefix string, conf Conf, app, namespace string) Pattern {
	if namespace == "" {
		namespace = app
	}
	return Pattern{kind: kindInclude, route: prefix, conf: conf, app: app, namespace: namespace}
}

// IncludeRegex is [Include] with a regular-expression prefix, Django's
// re_path(regex, include(...)).
func IncludeRegex(regex string, conf Conf, app, namespace string) Pattern {
	p := Include(regex, conf, app, namespace)
	p.kind = kindIncludeRegex
	return p
}

// Defaults returns a copy of p with default keyword arguments, Django's
// kwargs argument of path(): they are passed to the view in
// [Match.Kwargs] (over the captured values) and must agree with the
// arguments of Reverse when they are given there.
func (p Pattern) Defaults(kw Kwargs) Pattern {
	p.defaults = maps.Clone(kw)
	return p
}

// Name is the URL name, "" when none.
func (p Pattern) Name() string { return p.name }

// Route is the route or regular expression as written (Django's
// str(pattern)).
func (p Pattern) Route() string { return p.route }

// String describes the pattern as Django's checks do: 'route' [name='x'].
func (p Pattern) String() string {
	s := "'" + p.route + "'"
	if p.name != "" {
		s += " [name='" + p.name + "']"
	}
	return s
}

func (p Pattern) isInclude() bool { return p.kind == kindInclude || p.kind == kindIncludeRegex }

// Conf is a list of patterns that can be included: [Patterns] or a
// [*Router].
type Conf interface {
	URLPatterns() []Pattern
}

// Patterns is a URL configuration: an app's urlpatterns.
type Patterns []Pattern

// URLPatterns implements [Conf].
func (p Patterns) URLPatterns() []Pattern { return p }

var _ Conf = Patterns(nil)

// tok is one piece of a parsed route: literal text or a parameter.
type tok struct {
	lit  string
	name string
	conv Converter
	kind convKind
	isP  bool
}

// parseRoute splits a path() route into literal text and parameters as
// Django's _route_to_regex does, and returns the equivalent Python regex.
func parseRoute(route string, endpoint bool, lookup func(string) (Converter, bool)) ([]tok, string, error) {
	var toks []tok
	var re strings.Builder
	re.WriteByte('^')
	seen := map[string]bool{}
	rest := route
	for {
		start, end, content := nextParam(rest)
		if start < 0 {
			if rest != "" {
				toks = append(toks, tok{lit: rest})
				re.WriteString(pyEscape(rest))
			}
			break
		}
		if strings.ContainsAny(rest[start:end], " \t\n\r\v\f") {
			return nil, "", fmt.Errorf("route %q cannot contain whitespace in angle brackets <…>: %w", route, ErrBadPattern)
		}
		if start > 0 {
			toks = append(toks, tok{lit: rest[:start]})
			re.WriteString(pyEscape(rest[:start]))
		}
		convName, param := "str", content
		if i := strings.IndexByte(content, ':'); i > 0 {
			convName, param = content[:i], content[i+1:]
		}
		if !isIdentifier(param) {
			return nil, "", fmt.Errorf("route %q uses parameter name %q which isn't a valid identifier: %w", route, param, ErrBadPattern)
		}
		if seen[param] {
			return nil, "", fmt.Errorf("route %q uses parameter name %q more than once: %w", route, param, ErrBadPattern)
		}
		seen[param] = true
		conv, ok := lookup(convName)
		if !ok {
			return nil, "", fmt.Errorf("route %q uses invalid converter %q: %w", route, convName, ErrBadPattern)
		}
		toks = append(toks, tok{name: param, conv: conv, kind: kindOf(conv), isP: true})
		re.WriteString("(?P<" + param + ">" + conv.Regex() + ")")
		rest = rest[end:]
	}
	if endpoint {
		re.WriteString(`\Z`)
	}
	return toks, re.String(), nil
}

// nextParam finds the first <…> parameter in s, as Django's
// <(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)> does.
func nextParam(s string) (start, end int, content string) {
	from := 0
	for {
		i := strings.IndexByte(s[from:], '<')
		if i < 0 {
			return -1, -1, ""
		}
		i += from
		j := strings.IndexByte(s[i+1:], '>')
		if j < 0 {
			return -1, -1, ""
		}
		if j > 0 {
			return i, i + 1 + j + 1, s[i+1 : i+1+j]
		}
		from = i + 1
	}
}
