package forms

import (
	"maps"
	"slices"
	"strings"
)

// HTML is markup that is safe to write into a page as it is: everything the
// package renders is HTML, with user data escaped. It is the package's
// equivalent of Django's SafeString; a template engine should output an
// HTML value without escaping it again (String returns the markup).
type HTML string

// String returns the markup.
func (h HTML) String() string { return string(h) }

var htmlEscaper = strings.NewReplacer(
	"&", "&amp;",
	"<", "&lt;",
	">", "&gt;",
	`"`, "&quot;",
	"'", "&#x27;",
)

// Escape escapes s for HTML text and quoted attribute values, as Django's
// escape: & < > " ' become &amp; &lt; &gt; &quot; &#x27;.
func Escape(s string) HTML { return HTML(htmlEscaper.Replace(s)) }

// Attrs are extra HTML attributes for a widget. Because a Go map has no
// order, they are written in sorted order of their names, before the
// attributes a field and form add (maxlength, required, id…). A value of
// BoolAttr writes the attribute without a value (e.g. "autofocus").
type Attrs map[string]string

// BoolAttr as an Attrs value writes a boolean attribute with no value.
const BoolAttr = "\x00true"

// Attr is one rendered attribute; a Flag attribute has no value.
type Attr struct {
	Name, Value string
	Flag        bool
}

// AttrList is an ordered attribute list, as a widget renders it (Django
// keeps its attribute dicts in insertion order).
type AttrList []Attr

func fromAttrs(a Attrs) AttrList {
	var out AttrList
	for _, k := range slices.Sorted(maps.Keys(a)) {
		v := a[k]
		if v == BoolAttr {
			out = append(out, Attr{Name: k, Flag: true})
		} else {
			out = append(out, Attr{Name: k, Value: v})
		}
	}
	return out
}

func (l AttrList) index(name string) int {
	for i, a := range l {
		if a.Name == name {
			return i
		}
	}
	return -1
}

// Get returns an attribute's value and whether it is present.
func (l AttrList) Get(name string) (string, bool) {
	if i := l.index(name); i >= 0 {
		return l[i].Value, true
	}
	return "", false
}

// set updates an attribute in place or appends it (dict update semantics).
func (l AttrList) set(name, value string) AttrList {
	if i := l.index(name); i >= 0 {
		l[i] = Attr{Name: name, Value: value}
		return l
	}
	return append(l, Attr{Name: name, Value: value})
}

func (l AttrList) setFlag(name string) AttrList {
	if i := l.index(name); i >= 0 {
		l[i] = Attr{Name: name, Flag: true}
		return l
	}
	return append(l, Attr{Name: name, Flag: true})
}

// setDefault adds an attribute only when absent.
func (l AttrList) setDefault(name, value string) AttrList {
	if l.index(name) >= 0 {
		return l
	}
	return append(l, Attr{Name: name, Value: value})
}

func (l AttrList) clone() AttrList { return slices.Clone(l) }

// merge returns l updated with m (m's order for new names).
func (l AttrList) merge(m AttrList) AttrList {
	out := l.clone()
	for _, a := range m {
		if i := out.index(a.Name); i >= 0 {
			out[i] = a
		} else {
			out = append(out, a)
		}
	}
	return out
}

func (l AttrList) write(b *strings.Builder) {
	for _, a := range l {
		b.WriteByte(' ')
		b.WriteString(string(Escape(a.Name)))
		if !a.Flag {
			b.WriteString(`="`)
			b.WriteString(string(Escape(a.Value)))
			b.WriteByte('"')
		}
	}
}

// String renders the attributes, each preceded by a space.
func (l AttrList) String() string {
	var b strings.Builder
	l.write(&b)
	return b.String()
}

// SafeHTML implements the template engine's HTML protocol
// (template/value.HTMLer): templates print h unescaped.
func (h HTML) SafeHTML() string { return string(h) }

// SafeHTML renders the form for templates: {{ form }}.
func (f *Form) SafeHTML() string { return string(f.HTML()) }

// SafeHTML renders the field's widget for templates: {{ form.subject }}.
func (bf *BoundField) SafeHTML() string { return string(bf.HTML()) }

// SafeHTML renders the list for templates: {{ form.errors }}.
func (l ErrorList) SafeHTML() string { return string(l.HTML()) }

// SafeHTML renders the formset for templates: {{ formset }}.
func (fs *FormSet) SafeHTML() string { return string(fs.HTML()) }

// SafeHTML renders the sub-widget for templates.
func (s Subwidget) SafeHTML() string { return string(s.HTML()) }

// TemplateItems lets templates iterate the form's bound fields:
// {% for field in form %}.
func (f *Form) TemplateItems() []any {
	out := make([]any, 0, len(f.Fields))
	for _, fl := range f.Fields {
		out = append(out, f.Field(fl.Opts().Name))
	}
	return out
}

// TemplateAttr gives templates Django 5's {{ field.errors }}: the error
// list rendered with the field's id (aria-describedby points at it).
func (bf *BoundField) TemplateAttr(name string) (any, bool) {
	if name == "errors" {
		return bf.ErrorsHTML(), true
	}
	return nil, false
}
