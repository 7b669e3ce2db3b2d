package forms

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/djinn-go/djinn/upload"
)

// Data is what a bound form reads: submitted fields and uploaded files.
type Data struct {
	Values url.Values
	Files  map[string][]*upload.File
}

// get returns the last value under name, as Django's QueryDict.get.
func (d Data) get(name string) (string, bool) {
	vs, ok := d.Values[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[len(vs)-1], true
}

func (d Data) has(name string) bool {
	_, ok := d.Values[name]
	return ok
}

// RenderArgs is what a widget renders from.
type RenderArgs struct {
	// Name is the HTML name (with the form's prefix).
	Name string
	// Value is the value to show, prepared by the field; nil for none.
	Value any
	// Attrs are the final attributes: the widget's, the field's (maxlength,
	// min…) and the form's (required, disabled, aria-*, id), in that order.
	Attrs AttrList
	// Choices are the field's choices, for choice widgets.
	Choices []Choice
	// Required reports whether the field is required.
	Required bool
}

// Widget renders a field as HTML and extracts its raw value from submitted
// data (Django's widget).
type Widget interface {
	// Render returns the widget's HTML.
	Render(a RenderArgs) HTML
	// ValueFrom extracts the raw value for name from the data (Django's
	// value_from_datadict).
	ValueFrom(d Data, name string, required bool) any
	// OmittedFrom reports whether the data has no value at all for name.
	OmittedFrom(d Data, name string) bool
}

// Optional widget abilities, checked with a type assertion.
type (
	// HiddenWidget reports whether the widget is invisible (HiddenInput).
	HiddenWidget interface{ IsHidden() bool }
	// AttrsWidget returns the widget's own attributes (defaults and Attrs).
	AttrsWidget interface{ BaseAttrs() AttrList }
	// LabelWidget returns the id a <label for> should point at ("" for none).
	LabelWidget interface{ IDForLabel(id string) string }
	// RequiredAttrWidget decides whether to render the required attribute.
	RequiredAttrWidget interface{ UseRequiredAttribute(initial any) bool }
	// FieldsetWidget reports that the widget is a group of inputs to render
	// in a <fieldset> with a <legend> (RadioSelect, CheckboxSelectMultiple).
	FieldsetWidget interface{ UseFieldset() bool }
	// MultipartWidget reports that the form needs multipart encoding.
	MultipartWidget interface{ NeedsMultipart() bool }
)

func isHidden(w Widget) bool {
	h, ok := w.(HiddenWidget)
	return ok && h.IsHidden()
}

func baseAttrs(w Widget) AttrList {
	if a, ok := w.(AttrsWidget); ok {
		return a.BaseAttrs().clone()
	}
	return nil
}

func idForLabel(w Widget, id string) string {
	if l, ok := w.(LabelWidget); ok {
		return l.IDForLabel(id)
	}
	return id
}

func useRequiredAttribute(w Widget, initial any) bool {
	if r, ok := w.(RequiredAttrWidget); ok {
		return r.UseRequiredAttribute(initial)
	}
	return !isHidden(w)
}

func useFieldset(w Widget) bool {
	f, ok := w.(FieldsetWidget)
	return ok && f.UseFieldset()
}

// input is the shared part of the <input> widgets.
type input struct {
	typ    string
	format string // Go layout for time.Time values; date/time inputs also show ""
}

func (in input) formatValue(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		// Django's date and time inputs write value="" for empty data.
		return x, x != "" || in.format != ""
	case time.Time:
		if in.format != "" {
			return x.Format(in.format), true
		}
	}
	return pyStr(v), true
}

func (in input) render(a RenderArgs) HTML {
	var b strings.Builder
	b.WriteString(`<input type="`)
	b.WriteString(string(Escape(in.typ)))
	b.WriteString(`" name="`)
	b.WriteString(string(Escape(a.Name)))
	b.WriteByte('"')
	if s, ok := in.formatValue(a.Value); ok {
		b.WriteString(` value="`)
		b.WriteString(string(Escape(s)))
		b.WriteByte('"')
	}
	a.Attrs.write(&b)
	b.WriteByte('>')
	return HTML(b.String())
}

func valueFromData(d Data, name string) any {
	if v, ok := d.get(name); ok {
		return v
	}
	return nil
}

func omitted(d Data, name string) bool { return !d.has(name) }

// TextInput is <input type="text">.
type TextInput struct{ Attrs Attrs }

func (w *TextInput) Render(a RenderArgs) HTML                  { return input{typ: "text"}.render(a) }
func (w *TextInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *TextInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *TextInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// NumberInput is <input type="number">.
type NumberInput struct{ Attrs Attrs }

func (w *NumberInput) Render(a RenderArgs) HTML                  { return input{typ: "number"}.render(a) }
func (w *NumberInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *NumberInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *NumberInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// EmailInput is <input type="email">.
type EmailInput struct{ Attrs Attrs }

func (w *EmailInput) Render(a RenderArgs) HTML                  { return input{typ: "email"}.render(a) }
func (w *EmailInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *EmailInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *EmailInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// URLInput is <input type="url">.
type URLInput struct{ Attrs Attrs }

func (w *URLInput) Render(a RenderArgs) HTML                  { return input{typ: "url"}.render(a) }
func (w *URLInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *URLInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *URLInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// SearchInput is <input type="search"> (Django 5.2).
type SearchInput struct{ Attrs Attrs }

func (w *SearchInput) Render(a RenderArgs) HTML                  { return input{typ: "search"}.render(a) }
func (w *SearchInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *SearchInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *SearchInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// TelInput is <input type="tel"> (Django 5.2).
type TelInput struct{ Attrs Attrs }

func (w *TelInput) Render(a RenderArgs) HTML                  { return input{typ: "tel"}.render(a) }
func (w *TelInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *TelInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *TelInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// ColorInput is <input type="color"> (Django 5.2).
type ColorInput struct{ Attrs Attrs }

func (w *ColorInput) Render(a RenderArgs) HTML                  { return input{typ: "color"}.render(a) }
func (w *ColorInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *ColorInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *ColorInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// PasswordInput is <input type="password">; the value is only written back
// when RenderValue is set.
type PasswordInput struct {
	Attrs       Attrs
	RenderValue bool
}

func (w *PasswordInput) Render(a RenderArgs) HTML {
	if !w.RenderValue {
		a.Value = nil
	}
	return input{typ: "password"}.render(a)
}
func (w *PasswordInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *PasswordInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *PasswordInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// HiddenInput is <input type="hidden">.
type HiddenInput struct{ Attrs Attrs }

func (w *HiddenInput) Render(a RenderArgs) HTML                  { return input{typ: "hidden"}.render(a) }
func (w *HiddenInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *HiddenInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *HiddenInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }
func (w *HiddenInput) IsHidden() bool                            { return true }

// MultipleHiddenInput is one <input type="hidden"> per value of a list.
type MultipleHiddenInput struct{ Attrs Attrs }

func (w *MultipleHiddenInput) Render(a RenderArgs) HTML {
	var vals []string
	switch x := a.Value.(type) {
	case []string:
		vals = x
	case nil:
	default:
		vals = []string{pyStr(x)}
	}
	id, hasID := a.Attrs.Get("id")
	var b strings.Builder
	for i, v := range vals {
		attrs := a.Attrs.clone()
		if hasID {
			attrs = attrs.set("id", id+"_"+strconv.Itoa(i))
		}
		b.WriteString(string(input{typ: "hidden"}.render(RenderArgs{Name: a.Name, Value: v, Attrs: attrs})))
	}
	return HTML(b.String())
}
func (w *MultipleHiddenInput) ValueFrom(d Data, name string, _ bool) any { return d.Values[name] }
func (w *MultipleHiddenInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *MultipleHiddenInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }
func (w *MultipleHiddenInput) IsHidden() bool                            { return true }

// DateInput is <input type="text"> showing a date; Format is a Go layout
// ("2006-01-02" when empty, Django's first DATE_INPUT_FORMATS).
type DateInput struct {
	Attrs  Attrs
	Format string
}

func (w *DateInput) Render(a RenderArgs) HTML {
	return input{typ: "text", format: or(w.Format, "2006-01-02")}.render(a)
}
func (w *DateInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *DateInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *DateInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// DateTimeInput is <input type="text"> showing a date and time ("2006-01-02
// 15:04:05" when Format is empty).
type DateTimeInput struct {
	Attrs  Attrs
	Format string
}

func (w *DateTimeInput) Render(a RenderArgs) HTML {
	return input{typ: "text", format: or(w.Format, "2006-01-02 15:04:05")}.render(a)
}
func (w *DateTimeInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *DateTimeInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *DateTimeInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// TimeInput is <input type="text"> showing a time ("15:04:05" when Format is empty).
type TimeInput struct {
	Attrs  Attrs
	Format string
}

func (w *TimeInput) Render(a RenderArgs) HTML {
	return input{typ: "text", format: or(w.Format, "15:04:05")}.render(a)
}
func (w *TimeInput) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *TimeInput) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *TimeInput) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Textarea is <textarea>, 40 columns by 10 rows unless Attrs say otherwise.
type Textarea struct{ Attrs Attrs }

func (w *Textarea) BaseAttrs() AttrList {
	return AttrList{{Name: "cols", Value: "40"}, {Name: "rows", Value: "10"}}.merge(fromAttrs(w.Attrs))
}
func (w *Textarea) Render(a RenderArgs) HTML {
	var b strings.Builder
	b.WriteString(`<textarea name="`)
	b.WriteString(string(Escape(a.Name)))
	b.WriteByte('"')
	a.Attrs.write(&b)
	b.WriteString(">\n")
	if a.Value != nil && a.Value != "" {
		b.WriteString(string(Escape(pyStr(a.Value))))
	}
	b.WriteString("</textarea>")
	return HTML(b.String())
}
func (w *Textarea) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *Textarea) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }

// CheckboxInput is <input type="checkbox">. Its raw value is a bool: absent
// is false, "false" is false, any other value true. CheckTest decides from
// the displayed value whether the box is checked (truthiness when nil).
type CheckboxInput struct {
	Attrs     Attrs
	CheckTest func(value any) bool
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case int:
		return x != 0
	case int64:
		return x != 0
	}
	return !isEmpty(v)
}

func (w *CheckboxInput) Render(a RenderArgs) HTML {
	check := truthy
	if w.CheckTest != nil {
		check = w.CheckTest
	}
	attrs := a.Attrs.clone()
	if check(a.Value) {
		attrs = attrs.setFlag("checked")
	}
	var val any
	switch a.Value.(type) {
	case bool, nil:
	default:
		if a.Value != "" {
			val = a.Value
		}
	}
	return input{typ: "checkbox"}.render(RenderArgs{Name: a.Name, Value: val, Attrs: attrs})
}
func (w *CheckboxInput) ValueFrom(d Data, name string, _ bool) any {
	v, ok := d.get(name)
	if !ok {
		return false
	}
	switch strings.ToLower(v) {
	case "true":
		return true
	case "false":
		return false
	}
	return v != ""
}
func (w *CheckboxInput) OmittedFrom(Data, string) bool { return false }
func (w *CheckboxInput) BaseAttrs() AttrList           { return fromAttrs(w.Attrs) }

// choiceValues formats the selected value(s) of a choice widget.
func choiceValues(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case []string:
		return x
	case []any:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = pyStr(e)
		}
		return out
	}
	return []string{pyStr(v)}
}

// option is one rendered choice.
type option struct {
	value, label string
	attrs        AttrList
}

type optgroup struct {
	name    string
	options []option
}

// optgroups lays out choices with selection and option ids as Django's
// ChoiceWidget.optgroups.
func optgroups(a RenderArgs, choices []Choice, multiple, inheritAttrs bool, selectedAttr string, indexedIDs bool) []optgroup {
	selected := map[string]bool{}
	values := choiceValues(a.Value)
	if a.Value == nil && !multiple {
		values = []string{""} // no value selects the empty choice, as Django
	}
	for _, v := range values {
		selected[v] = true
	}
	hasSelected := false
	var groups []optgroup
	mk := func(c Choice, index string) option {
		sel := (!hasSelected || multiple) && selected[c.Value]
		hasSelected = hasSelected || sel
		var attrs AttrList
		if inheritAttrs {
			attrs = a.Attrs.clone()
		}
		if sel {
			attrs = attrs.setFlag(selectedAttr)
		}
		if id, ok := attrs.Get("id"); ok && indexedIDs && id != "" {
			attrs = attrs.set("id", id+"_"+index)
		}
		return option{value: c.Value, label: c.Label, attrs: attrs}
	}
	for i, c := range choices {
		if len(c.Options) > 0 {
			g := optgroup{name: c.Label}
			for j, sub := range c.Options {
				g.options = append(g.options, mk(sub, strconv.Itoa(i)+"_"+strconv.Itoa(j)))
			}
			groups = append(groups, g)
			continue
		}
		groups = append(groups, optgroup{options: []option{mk(c, strconv.Itoa(i))}})
	}
	return groups
}

func renderSelect(a RenderArgs, choices []Choice, multiple bool) HTML {
	var b strings.Builder
	b.WriteString(`<select name="`)
	b.WriteString(string(Escape(a.Name)))
	b.WriteByte('"')
	a.Attrs.write(&b)
	b.WriteByte('>')
	for _, g := range optgroups(a, choices, multiple, false, "selected", false) {
		if g.name != "" {
			b.WriteString("\n  <optgroup label=\"" + string(Escape(g.name)) + "\">")
		}
		for _, o := range g.options {
			b.WriteString("\n  <option value=\"" + string(Escape(o.value)) + "\"")
			o.attrs.write(&b)
			b.WriteString(">" + string(Escape(o.label)) + "</option>\n")
		}
		if g.name != "" {
			b.WriteString("\n  </optgroup>")
		}
	}
	b.WriteString("\n</select>")
	return HTML(b.String())
}

// Select is a <select> of the field's choices.
type Select struct{ Attrs Attrs }

func (w *Select) Render(a RenderArgs) HTML                  { return renderSelect(a, a.Choices, false) }
func (w *Select) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *Select) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *Select) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }

// requiredWithChoices is Django's Select.use_required_attribute: only when
// the first choice has an empty value (HTML requires a placeholder option
// for a required select).
func (w *Select) requiredWithChoices(choices []Choice) bool { return selectRequired(choices) }

func (w *NullBooleanSelect) requiredWithChoices([]Choice) bool { return false }

func selectRequired(choices []Choice) bool {
	if len(choices) == 0 {
		return false
	}
	c := choices[0]
	return len(c.Options) == 0 && c.Value == ""
}

// SelectMultiple is a <select multiple>.
type SelectMultiple struct{ Attrs Attrs }

func (w *SelectMultiple) Render(a RenderArgs) HTML {
	a.Attrs = a.Attrs.clone().setFlag("multiple")
	return renderSelect(a, a.Choices, true)
}
func (w *SelectMultiple) ValueFrom(d Data, name string, _ bool) any {
	if v := d.Values[name]; v != nil {
		return v
	}
	return []string{}
}
func (w *SelectMultiple) OmittedFrom(Data, string) bool { return false }
func (w *SelectMultiple) BaseAttrs() AttrList           { return fromAttrs(w.Attrs) }

// NullBooleanSelect is a <select> of Unknown / Yes / No.
type NullBooleanSelect struct{ Attrs Attrs }

var nullBooleanChoices = []Choice{{Value: "unknown", Label: "Unknown"}, {Value: "true", Label: "Yes"}, {Value: "false", Label: "No"}}

func (w *NullBooleanSelect) Render(a RenderArgs) HTML {
	v := "unknown"
	switch a.Value {
	case true, "true", "True", "2":
		v = "true"
	case false, "false", "False", "3":
		v = "false"
	}
	a.Value = v
	return renderSelect(a, nullBooleanChoices, false)
}
func (w *NullBooleanSelect) ValueFrom(d Data, name string, _ bool) any {
	v, _ := d.get(name)
	switch v {
	case "True", "true", "2":
		return true
	case "False", "false", "3":
		return false
	}
	return nil
}
func (w *NullBooleanSelect) OmittedFrom(d Data, name string) bool { return omitted(d, name) }
func (w *NullBooleanSelect) BaseAttrs() AttrList                  { return fromAttrs(w.Attrs) }

func renderMultipleInput(a RenderArgs, typ string, multiple bool) HTML {
	var b strings.Builder
	b.WriteString("<div")
	if id, ok := a.Attrs.Get("id"); ok && id != "" {
		b.WriteString(` id="` + string(Escape(id)) + `"`)
	}
	if class, ok := a.Attrs.Get("class"); ok && class != "" {
		b.WriteString(` class="` + string(Escape(class)) + `"`)
	}
	b.WriteByte('>')
	for _, g := range optgroups(a, a.Choices, multiple, true, "checked", true) {
		if g.name != "" {
			b.WriteString("\n  <div><label>" + string(Escape(g.name)) + "</label>")
		}
		for _, o := range g.options {
			b.WriteString("<div>\n    ")
			id, _ := o.attrs.Get("id")
			if id != "" {
				b.WriteString(`<label for="` + string(Escape(id)) + `">`)
			} else {
				b.WriteString("<label>")
			}
			b.WriteString(string(input{typ: typ}.render(RenderArgs{Name: a.Name, Value: o.value, Attrs: o.attrs})))
			b.WriteString(" " + string(Escape(o.label)) + "</label></div>")
		}
		if g.name != "" {
			b.WriteString("\n  </div>")
		}
	}
	b.WriteString("\n</div>")
	return HTML(b.String())
}

// RadioSelect is a list of radio buttons in <div>s, rendered in a fieldset.
type RadioSelect struct{ Attrs Attrs }

func (w *RadioSelect) Render(a RenderArgs) HTML                  { return renderMultipleInput(a, "radio", false) }
func (w *RadioSelect) ValueFrom(d Data, name string, _ bool) any { return valueFromData(d, name) }
func (w *RadioSelect) OmittedFrom(d Data, name string) bool      { return omitted(d, name) }
func (w *RadioSelect) BaseAttrs() AttrList                       { return fromAttrs(w.Attrs) }
func (w *RadioSelect) IDForLabel(string) string                  { return "" }
func (w *RadioSelect) UseFieldset() bool                         { return true }

// CheckboxSelectMultiple is a list of checkboxes in <div>s, rendered in a
// fieldset; it never renders the required attribute.
type CheckboxSelectMultiple struct{ Attrs Attrs }

func (w *CheckboxSelectMultiple) Render(a RenderArgs) HTML {
	return renderMultipleInput(a, "checkbox", true)
}
func (w *CheckboxSelectMultiple) ValueFrom(d Data, name string, _ bool) any {
	if v := d.Values[name]; v != nil {
		return v
	}
	return []string{}
}
func (w *CheckboxSelectMultiple) OmittedFrom(Data, string) bool { return false }
func (w *CheckboxSelectMultiple) BaseAttrs() AttrList           { return fromAttrs(w.Attrs) }
func (w *CheckboxSelectMultiple) IDForLabel(string) string      { return "" }
func (w *CheckboxSelectMultiple) UseFieldset() bool             { return true }
func (w *CheckboxSelectMultiple) UseRequiredAttribute(any) bool { return false }

// FileInput is <input type="file">; its raw value is the last file uploaded
// under the name.
type FileInput struct{ Attrs Attrs }

func fileFromData(d Data, name string) any {
	fs := d.Files[name]
	if len(fs) == 0 {
		return nil
	}
	return fs[len(fs)-1]
}

func (w *FileInput) Render(a RenderArgs) HTML {
	a.Value = nil // a file input never shows a value
	return input{typ: "file"}.render(a)
}
func (w *FileInput) ValueFrom(d Data, name string, _ bool) any { return fileFromData(d, name) }
func (w *FileInput) OmittedFrom(d Data, name string) bool {
	_, ok := d.Files[name]
	return !ok
}
func (w *FileInput) BaseAttrs() AttrList  { return fromAttrs(w.Attrs) }
func (w *FileInput) NeedsMultipart() bool { return true }

// InitialFile is a stored file shown by ClearableFileInput as the current
// value (the ORM's file field values implement it).
type InitialFile interface {
	Name() string
	URL() string
}

// ClearFile is the raw value of a ClearableFileInput whose "clear" box is
// checked, and the cleaned value of an optional file field being cleared
// (Django's False).
var ClearFile = clearFile{}

type clearFile struct{}

func (clearFile) String() string { return "False" }

// contradiction is a file uploaded while clear is checked.
type contradiction struct{}

// ClearableFileInput is a file input that, for an optional field with a
// current file, shows a link to it and a "Clear" checkbox.
type ClearableFileInput struct{ Attrs Attrs }

func (w *ClearableFileInput) Render(a RenderArgs) HTML {
	var b strings.Builder
	if f, ok := a.Value.(InitialFile); ok && f != nil {
		b.WriteString(`Currently: <a href="` + string(Escape(f.URL())) + `">` + string(Escape(f.Name())) + `</a>`)
		if !a.Required {
			cb := a.Name + "-clear"
			b.WriteString("\n" + `<input type="checkbox" name="` + string(Escape(cb)) + `" id="` + string(Escape(cb+"_id")) + `"`)
			if _, ok := a.Attrs.Get("disabled"); ok {
				b.WriteString(" disabled")
			}
			b.WriteString(">\n" + `<label for="` + string(Escape(cb+"_id")) + `">Clear</label>`)
		}
		b.WriteString("<br>\nChange:\n")
	}
	a.Value = nil
	b.WriteString(string(input{typ: "file"}.render(a)))
	return HTML(b.String())
}
func (w *ClearableFileInput) ValueFrom(d Data, name string, required bool) any {
	upload := fileFromData(d, name)
	if !required {
		if v, ok := d.get(name + "-clear"); ok && v != "" && strings.ToLower(v) != "false" {
			if upload != nil {
				return contradiction{}
			}
			return ClearFile
		}
	}
	return upload
}
func (w *ClearableFileInput) OmittedFrom(d Data, name string) bool {
	_, ok := d.Files[name]
	return !ok && !d.has(name+"-clear")
}
func (w *ClearableFileInput) BaseAttrs() AttrList  { return fromAttrs(w.Attrs) }
func (w *ClearableFileInput) NeedsMultipart() bool { return true }
func (w *ClearableFileInput) UseRequiredAttribute(initial any) bool {
	return isEmpty(initial)
}

var (
	_ Widget = (*TextInput)(nil)
	_ Widget = (*NumberInput)(nil)
	_ Widget = (*EmailInput)(nil)
	_ Widget = (*URLInput)(nil)
	_ Widget = (*PasswordInput)(nil)
	_ Widget = (*SearchInput)(nil)
	_ Widget = (*TelInput)(nil)
	_ Widget = (*ColorInput)(nil)
	_ Widget = (*HiddenInput)(nil)
	_ Widget = (*MultipleHiddenInput)(nil)
	_ Widget = (*Textarea)(nil)
	_ Widget = (*CheckboxInput)(nil)
	_ Widget = (*Select)(nil)
	_ Widget = (*SelectMultiple)(nil)
	_ Widget = (*NullBooleanSelect)(nil)
	_ Widget = (*RadioSelect)(nil)
	_ Widget = (*CheckboxSelectMultiple)(nil)
	_ Widget = (*DateInput)(nil)
	_ Widget = (*DateTimeInput)(nil)
	_ Widget = (*TimeInput)(nil)
	_ Widget = (*FileInput)(nil)
	_ Widget = (*ClearableFileInput)(nil)
)
