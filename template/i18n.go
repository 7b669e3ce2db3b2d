package template

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/djinn-go/djinn/template/value"
)

// Translator looks up translations for {% translate %} and
// {% blocktranslate %}. Messages use gettext's Python format: a literal "%"
// is "%%" and a variable is "%(name)s". msgctx is the message context ("" for
// none); the language comes from ctx (see WithLanguage).
type Translator interface {
	Translate(ctx context.Context, msgctx, msgid string) string
	TranslatePlural(ctx context.Context, msgctx, singular, plural string, n int) string
}

// identity is the translator used when none is given: English as written.
type identity struct{}

func (identity) Translate(_ context.Context, _, msgid string) string { return msgid }

func (identity) TranslatePlural(_ context.Context, _, singular, plural string, n int) string {
	if n == 1 {
		return singular
	}
	return plural
}

type languageKey struct{}

// WithLanguage returns a context whose renders use language code lang
// ("de", "pt-br") for {% get_current_language %} and the Translator.
func WithLanguage(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, languageKey{}, lang)
}

// LanguageFrom returns the language set by WithLanguage, or "en-us".
func LanguageFrom(ctx context.Context) string {
	if s, ok := ctx.Value(languageKey{}).(string); ok && s != "" {
		return s
	}
	return "en-us"
}

// I18nLibrary returns Django's "i18n" library: translate (trans),
// blocktranslate (blocktrans) with with/count/plural/context/trimmed/asvar,
// get_current_language, get_current_language_bidi and language. With a nil
// Translator messages are shown as written. Register it as "i18n".
func I18nLibrary(tr Translator) *Library {
	if tr == nil {
		tr = identity{}
	}
	lib := NewLibrary("i18n")
	translate := func(p *Parser, t Token) (Node, error) { return parseTranslate(p, t, tr) }
	block := func(p *Parser, t Token) (Node, error) { return parseBlockTranslate(p, t, tr) }
	lib.Tag("translate", translate).Tag("trans", translate)
	lib.Tag("blocktranslate", block).Tag("blocktrans", block)
	lib.Tag("get_current_language", func(p *Parser, t Token) (Node, error) {
		return parseLanguageVar(p, t, func(lang string) any { return lang })
	})
	lib.Tag("get_current_language_bidi", func(p *Parser, t Token) (Node, error) {
		return parseLanguageVar(p, t, func(lang string) any {
			base, _, _ := strings.Cut(lang, "-")
			switch base {
			case "ar", "ckb", "fa", "he", "ug", "ur":
				return true
			}
			return false
		})
	})
	lib.Tag("language", parseLanguage)
	return lib
}

// --- translate

type translateNode struct {
	at
	msg    *Expr
	noop   bool
	msgctx *Expr
	asvar  string
	tr     Translator
}

func parseTranslate(p *Parser, t Token, tr Translator) (Node, error) {
	bits := t.SplitContents()
	if len(bits) < 2 {
		return nil, p.Errorf("'%s' takes at least one argument", bits[0])
	}
	msg, err := p.CompileExpr(bits[1])
	if err != nil {
		return nil, err
	}
	n := &translateNode{msg: msg, tr: tr}
	seen := map[string]bool{}
	rest := bits[2:]
	for len(rest) > 0 {
		opt := rest[0]
		rest = rest[1:]
		if seen[opt] {
			return nil, p.Errorf("The '%s' option was specified more than once.", opt)
		}
		switch opt {
		case "noop":
			n.noop = true
		case "context":
			if len(rest) == 0 {
				return nil, p.Errorf("No argument provided to the '%s' tag for the context option.", bits[0])
			}
			if rest[0] == "as" || rest[0] == "noop" {
				return nil, p.Errorf("Invalid argument '%s' provided to the '%s' tag for the context option", rest[0], bits[0])
			}
			if n.msgctx, err = p.CompileExpr(rest[0]); err != nil {
				return nil, err
			}
			rest = rest[1:]
		case "as":
			if len(rest) == 0 {
				return nil, p.Errorf("No argument provided to the '%s' tag for the as option.", bits[0])
			}
			n.asvar = rest[0]
			rest = rest[1:]
		default:
			return nil, p.Errorf("Unknown argument for '%s' tag: '%s'. The only options available are 'noop', 'context' \"xxx\", and 'as VAR'.", bits[0], opt)
		}
		seen[opt] = true
	}
	if !n.noop {
		// The message is translated before any filter applies.
		msg.transform = func(c *Context, v any) (any, error) {
			s, ok := asString(v)
			if !ok {
				s = value.ToString(v)
			}
			msgctx := ""
			if n.msgctx != nil {
				mc, err := n.msgctx.Resolve(c)
				if err != nil {
					return nil, err
				}
				msgctx = value.ToString(mc)
			}
			out := tr.Translate(c.Context(), msgctx, s)
			if value.IsSafe(v) {
				return value.SafeString(out), nil
			}
			return out, nil
		}
	}
	return n, nil
}

func (n *translateNode) Render(w *Buffer, c *Context) error {
	v, err := n.msg.Resolve(c)
	if err != nil {
		return err
	}
	var b Buffer
	b.WriteValue(v, c.autoescape)
	if n.asvar != "" {
		if c.autoescape || value.IsSafe(v) {
			c.Set(n.asvar, value.SafeString(b.String()))
		} else {
			c.Set(n.asvar, b.String())
		}
		return nil
	}
	w.Write(b.b)
	return nil
}

// --- blocktranslate

type blockTranslateNode struct {
	at
	tag      string
	with     []kwarg
	counter  *kwarg
	msgctx   *Expr
	trimmed  bool
	asvar    string
	singular []Token
	plural   []Token
	tr       Translator
}

func parseBlockTranslate(p *Parser, t Token, tr Translator) (Node, error) {
	bits := t.SplitContents()
	n := &blockTranslateNode{tag: bits[0], tr: tr}
	seen := map[string]bool{}
	rest := bits[1:]
	for len(rest) > 0 {
		opt := rest[0]
		rest = rest[1:]
		if seen[opt] {
			return nil, p.Errorf("The '%s' option was specified more than once.", opt)
		}
		switch opt {
		case "with":
			kw, err := tokenKwargs(p, &rest, true)
			if err != nil {
				return nil, err
			}
			if len(kw) == 0 {
				return nil, p.Errorf("\"with\" in '%s' tag needs at least one keyword argument.", bits[0])
			}
			n.with = kw
		case "count":
			kw, err := tokenKwargs(p, &rest, true)
			if err != nil {
				return nil, err
			}
			if len(kw) != 1 {
				return nil, p.Errorf("\"count\" in '%s' tag expected exactly one keyword argument.", bits[0])
			}
			n.counter = &kw[0]
		case "context":
			if len(rest) == 0 {
				return nil, p.Errorf("\"context\" in '%s' tag expected exactly one argument.", bits[0])
			}
			e, err := p.CompileExpr(rest[0])
			if err != nil {
				return nil, err
			}
			n.msgctx = e
			rest = rest[1:]
		case "trimmed":
			n.trimmed = true
		case "asvar":
			if len(rest) == 0 {
				return nil, p.Errorf("No argument after 'asvar' in '%s' tag.", bits[0])
			}
			n.asvar = rest[0]
			rest = rest[1:]
		default:
			return nil, p.Errorf("Unknown argument for '%s' tag: '%s'.", bits[0], opt)
		}
		seen[opt] = true
	}
	collect := func() ([]Token, Token, bool) {
		var toks []Token
		for {
			tok, ok := p.NextToken()
			if !ok {
				return toks, Token{}, false
			}
			if tok.Kind == TextToken || tok.Kind == VarToken {
				toks = append(toks, tok)
				continue
			}
			return toks, tok, true
		}
	}
	var end Token
	var ok bool
	n.singular, end, ok = collect()
	if ok && n.counter != nil {
		if end.Contents != "plural" {
			return nil, p.Errorf("'%s' doesn't allow other block tags inside it", bits[0])
		}
		n.plural, end, ok = collect()
	}
	if !ok {
		return nil, p.Errorf("Unclosed tag on line %d: '%s'. Looking for one of: end%s.", t.Line, bits[0], bits[0])
	}
	if end.Contents != "end"+bits[0] {
		return nil, p.Errorf("'%s' doesn't allow other block tags (seen '%s') inside it", bits[0], end.Contents)
	}
	return n, nil
}

// message builds the gettext message of tokens and the variables it uses.
func (n *blockTranslateNode) message(toks []Token) (string, []string) {
	var b strings.Builder
	var vars []string
	for _, t := range toks {
		if t.Kind == TextToken {
			b.WriteString(strings.ReplaceAll(t.Contents, "%", "%%"))
			continue
		}
		b.WriteString("%(" + t.Contents + ")s")
		vars = append(vars, t.Contents)
	}
	msg := b.String()
	if n.trimmed {
		msg = trimWhitespace(msg)
	}
	return msg, vars
}

// trimWhitespace collapses each newline and the whitespace around it into
// one space, after trimming both ends (Django's trimmed option).
func trimWhitespace(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	var b strings.Builder
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if i > 0 {
			l = strings.TrimLeftFunc(l, unicode.IsSpace)
		}
		if i < len(lines)-1 {
			l = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(l)
	}
	return b.String()
}

func (n *blockTranslateNode) Render(w *Buffer, c *Context) error {
	out, err := n.render(c, true)
	if err != nil {
		return err
	}
	if n.asvar != "" {
		c.Set(n.asvar, value.SafeString(out))
		return nil
	}
	w.WriteString(out)
	return nil
}

func (n *blockTranslateNode) render(c *Context, translate bool) (string, error) {
	msgctx := ""
	if n.msgctx != nil {
		v, err := n.msgctx.Resolve(c)
		if err != nil {
			return "", err
		}
		msgctx = value.ToString(v)
	}
	vals := make([]any, len(n.with))
	for i, kv := range n.with {
		v, err := kv.e.Resolve(c)
		if err != nil {
			return "", err
		}
		vals[i] = v
	}
	c.Push()
	defer c.Pop()
	for i, kv := range n.with {
		c.Set(kv.name, vals[i])
	}
	var tr Translator = identity{}
	if translate {
		tr = n.tr
	}
	singular, vars := n.message(n.singular)
	var result string
	if n.counter != nil {
		cv, err := n.counter.e.Resolve(c)
		if err != nil {
			return "", err
		}
		var count int
		switch x := cv.(type) {
		case int:
			count = x
		case int64:
			count = int(x)
		case float64:
			count = int(x)
		default:
			return "", &SyntaxError{Msg: fmt.Sprintf("'%s' argument to '%s' tag must be a number.", n.counter.name, n.tag)}
		}
		c.Set(n.counter.name, cv)
		plural, pvars := n.message(n.plural)
		vars = append(vars, pvars...)
		result = tr.TranslatePlural(c.Context(), msgctx, singular, plural, count)
	} else {
		result = tr.Translate(c.Context(), msgctx, singular)
	}
	data := make(map[string]string, len(vars))
	for _, name := range vars {
		v, ok := c.Get(name)
		if !ok {
			inv := c.invalid()
			if strings.Contains(inv, "%s") {
				inv = strings.ReplaceAll(inv, "%s", name)
			}
			v = inv
		}
		var b Buffer
		b.WriteValue(v, c.autoescape)
		data[name] = b.String()
	}
	out, ok := pyFormat(result, data)
	if !ok {
		if !translate {
			return "", &SyntaxError{Msg: fmt.Sprintf("'%s' is unable to format string returned by gettext: %q using %v", n.tag, result, data)}
		}
		// A broken translation falls back to the message as written.
		return n.render(c, false)
	}
	return out, nil
}

// pyFormat applies Python's "%" formatting with %(name)s and %%; anything
// else, or a missing name, is a failure.
func pyFormat(s string, data map[string]string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '(' {
			end := strings.Index(s[i+2:], ")")
			if end < 0 || i+2+end+1 >= len(s) || s[i+2+end+1] != 's' {
				return "", false
			}
			v, ok := data[s[i+2:i+2+end]]
			if !ok {
				return "", false
			}
			b.WriteString(v)
			i = i + 2 + end + 1
			continue
		}
		return "", false
	}
	return b.String(), true
}

// --- language tags

type languageVarNode struct {
	at
	name string
	fn   func(string) any
}

func parseLanguageVar(p *Parser, t Token, fn func(string) any) (Node, error) {
	bits := t.SplitContents()
	if len(bits) != 3 || bits[1] != "as" {
		return nil, p.Errorf("'%s' requires 'as variable' (got %v)", bits[0], bits)
	}
	return &languageVarNode{name: bits[2], fn: fn}, nil
}

func (n *languageVarNode) Render(_ *Buffer, c *Context) error {
	c.Set(n.name, n.fn(LanguageFrom(c.goContext())))
	return nil
}

type languageNode struct {
	at
	lang *Expr
	body NodeList
}

func (n *languageNode) Children() []NodeList { return []NodeList{n.body} }

func parseLanguage(p *Parser, t Token) (Node, error) {
	bits := t.SplitContents()
	if len(bits) != 2 {
		return nil, p.Errorf("'%s' takes one argument (language)", bits[0])
	}
	e, err := p.CompileExpr(bits[1])
	if err != nil {
		return nil, err
	}
	body, err := p.Parse("endlanguage")
	if err != nil {
		return nil, err
	}
	p.NextToken()
	return &languageNode{lang: e, body: body}, nil
}

func (n *languageNode) Render(w *Buffer, c *Context) error {
	v, err := n.lang.Resolve(c)
	if err != nil {
		return err
	}
	saved := c.ctx
	c.ctx = WithLanguage(c.goContext(), value.ToString(v))
	err = n.body.Render(w, c)
	c.ctx = saved
	return err
}
