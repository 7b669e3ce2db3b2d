package value

// LazyText is the value of a translation literal _("…") that starts a
// filter expression ({{ _("5") }}, {% with v=_("5") %}, {% if _("a") … %}):
// Django's lazy translation proxy. It prints as its text, marked safe as
// the literal is, and it behaves as a string for truthiness, comparisons,
// lengths, iteration, lookups and as the container of "in". But it is not a
// str: Python's int() and float() reject it (add, floatformat, divisibleby,
// widthratio see no number in it), concatenating it works only with a
// string on its right, and with it on the left of "in <string>" the test
// fails. A string filter (upper, escape, …) receives its text as a
// SafeString; as a filter argument (add:_("5")) the literal is a plain
// SafeString.
type LazyText struct{ text string }

// NewLazyText returns the proxy of the translated text s.
func NewLazyText(s string) *LazyText { return &LazyText{text: s} }

// String returns the text.
func (l *LazyText) String() string { return l.text }

// Text returns the text as the SafeString Django's str() of the proxy is.
func (l *LazyText) Text() SafeString { return SafeString(l.text) }
