package filters

import (
	"math/big"
	"testing"
	"time"

	"github.com/djinn-go/djinn/template/value"
)

// Cases found by differential testing against Django (testdata/
// django_filters.json); each failed before its fix.

func TestDifferentialSafety(t *testing.T) {
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		// An is_safe filter marks even a non-string result of a safe input
		// safe, as its str() (Django's mark_safe).
		{"safeseq", S("<i>"), noArg, true, S("['<', 'i', '>']"), nil},
		{"last", S("a&'"), noArg, true, S("'"), nil},
		{"last", "a&'", noArg, true, "'", nil},
		// length is not is_safe in Django.
		{"length", S("<b>"), noArg, true, 3, nil},
	})
}

func TestDifferentialArguments(t *testing.T) {
	runCases(t, []fcase{
		// Filters whose only extra parameter is autoescape accept an
		// argument at parse time and fail when rendering.
		{"linebreaks", "x", "y", true, nil, value.ErrType},
		{"linebreaksbr", "x", "y", true, nil, value.ErrType},
		{"linenumbers", "x", "y", true, nil, value.ErrType},
		{"unordered_list", []any{"x"}, "y", true, nil, value.ErrType},
		{"urlize", "x", "y", true, nil, value.ErrType},
		{"linebreaksbr", "a\nb", noArg, true, value.SafeString("a<br>b"), nil},
		// Arguments that must be strings.
		{"cut", "a1b", 1, true, nil, value.ErrType},
		{"urlencode", "a/b", 1, true, nil, value.ErrType},
		{"pluralize", 2, 1, true, nil, value.ErrType},
		{"pluralize", 2, nil, true, nil, value.ErrType},
		{"yesno", true, 1, true, nil, value.ErrAttribute},
		{"yesno", true, nil, true, "yes", nil},
		// join escapes nothing with autoescape off (Django 5.0+), and its
		// argument must then be a string.
		{"join", []any{"<a>", "b"}, "<&>", false, value.SafeString("<a><&>b"), nil},
		{"join", []any{"<a>", "b"}, "<&>", true, value.SafeString("&lt;a&gt;&lt;&amp;&gt;b"), nil},
		{"join", []any{"a", "b"}, 1, false, nil, value.ErrAttribute},
		{"join", []any{"a", "b"}, 1, true, value.SafeString("a1b"), nil},
		// Values of the wrong type.
		{"phone2numeric", 5, noArg, true, nil, value.ErrAttribute},
		{"phone2numeric", nil, noArg, true, nil, value.ErrAttribute},
		{"phone2numeric", "1-800-FLOWERS", noArg, true, "1-800-3569377", nil},
		{"unordered_list", nil, noArg, true, nil, value.ErrType},
	})
}

func TestDifferentialDictsort(t *testing.T) {
	people := []any{
		map[string]any{"name": "Zed", "age": 19},
		map[string]any{"name": "amy", "age": 22},
	}
	pairs := []any{[]any{"b", 1}, []any{"a", 2}}
	runCases(t, []fcase{
		// A dotted path only follows keys and attributes, never indexes.
		{"dictsort", people, "name.0", true, "", nil},
		// A number, or a string float() accepts, is an index or a key: a
		// missing key or index fails, a wrong kind of index is silent.
		{"dictsort", people, 0, true, nil, value.ErrIndex},
		{"dictsort", people, "0", true, nil, value.ErrIndex},
		{"dictsort", pairs, 5, true, nil, value.ErrIndex},
		{"dictsort", pairs, "1", true, "", nil},
		{"dictsort", pairs, 1, true, []any{pairs[0], pairs[1]}, nil},
		{"dictsortreversed", pairs, 0, true, []any{pairs[0], pairs[1]}, nil},
		{"dictsort", []any{"b", "a"}, 0, true, []any{"a", "b"}, nil},
		// An empty path fails (Python's arg[0]); a private one is silent.
		{"dictsort", people, "", true, nil, value.ErrIndex},
		{"dictsort", people, "_name", true, "", nil},
		{"dictsort", people, nil, true, "", nil},
	})
}

func TestDifferentialBigIntegers(t *testing.T) {
	big20, _ := new(big.Int).SetString("100000000000000000000", 10)
	big21, _ := new(big.Int).SetString("100000000000000000001", 10)
	runCases(t, []fcase{
		{"add", big20, 1, true, big21, nil},
		{"add", big20, "1", true, big21, nil},
		{"add", 1e20, 1, true, big21, nil},
		{"divisibleby", 1e20, 3, true, false, nil},
		{"divisibleby", big20, "4", true, true, nil},
		{"divisibleby", big20, 0, true, nil, value.ErrZeroDivision},
		{"get_digit", big21, 1, true, 1, nil},
		{"get_digit", big20, 2, true, 0, nil},
		{"stringformat", big20, "x", true, "56bc75e2d63100000", nil},
		{"stringformat", big20, "#o", true, "0o12657072742654304000000", nil},
		{"stringformat", big20, "c", true, nil, errOverflow},
	})
}

func TestDifferentialStringformatMapping(t *testing.T) {
	m := map[string]any{"a": 1}
	runCases(t, []fcase{
		// A mapping need not be used up, and must not be compared.
		{"stringformat", m, "%", true, "%", nil},
		{"stringformat", m, "%s", true, "%s", nil},
		{"stringformat", m, "d", true, "", nil},
		{"stringformat", m, "s", true, "{'a': 1}", nil},
	})
}

func TestDifferentialWordwrap(t *testing.T) {
	runCases(t, []fcase{
		// Blank and whitespace-only lines and a final newline are kept.
		{"wordwrap", "one two\n\nthree\n", 3, true, "one\ntwo\n\nthree\n", nil},
		{"wordwrap", "first line\n    \nsecond", 5, true, "first\nline\n    \nsecond", nil},
		// Whitespace at a break is consumed; leading space survives only on
		// the first line, and only when it fits.
		{"wordwrap", "  leading spaces and   multiple", 10, true, "  leading\nspaces and\nmultiple", nil},
		{"wordwrap", "  leading spaces", 1, true, "leading\nspaces", nil},
		{"wordwrap", "x  y  z  w", 4, true, "x  y\nz  w", nil},
		// Tabs expand to 8 columns.
		{"wordwrap", "a\tb c", 9, true, "a       b\nc", nil},
		// A width below 1 is a ValueError, except for empty text.
		{"wordwrap", "x", -1, true, nil, value.ErrValue},
		{"wordwrap", "", 0, true, "", nil},
	})
}

func TestDifferentialFloatformatHugeExponent(t *testing.T) {
	runCases(t, []fcase{
		// More than 200 digits plus exponent: the value comes back as is.
		{"floatformat", 5e-324, noArg, true, "5e-324", nil},
		{"floatformat", 1e200, 2, true, "1e+200", nil},
		{"floatformat", 1e-20, 2, true, value.SafeString("0.00"), nil},
		// Strings are read exactly, not through a float (Django 4.0+).
		{"floatformat", "12345678901234567890.123", 1, true, value.SafeString("12345678901234567890.1"), nil},
	})
}

func TestDifferentialFilesizeformatHuge(t *testing.T) {
	runCases(t, []fcase{
		// Django's number_format reads a float with an exponent as the
		// decimal of its repr, and keeps scientific notation past 200 digits.
		{"filesizeformat", 1e40, noArg, true, "8881784197001253000000000.0\u00a0PB", nil},
		{"filesizeformat", 1e300, noArg, true, "8.8e+284\u00a0PB", nil},
		{"filesizeformat", -1e300, noArg, true, "-8.8e+284\u00a0PB", nil},
		{"filesizeformat", 1.5e35, noArg, true, "133226762955018780000.0\u00a0PB", nil},
	})
}

func TestDifferentialDateRFC5322OfDate(t *testing.T) {
	d := value.Date{Year: 2024, Month: 3, Day: 5}
	runCases(t, []fcase{
		// Modern Django writes a date's midnight for 'r' (3.2 raised).
		{"date", d, "r", true, "Tue, 05 Mar 2024 00:00:00 +0000", nil},
		{"date", d, `D \r r`, true, "Tue r Tue, 05 Mar 2024 00:00:00 +0000", nil},
		{"date", d, "r H", true, nil, value.ErrType},
	})
}

// A translated literal _("…") that starts an expression is Django's lazy
// proxy: string filters see its text as a SafeString, the others the proxy,
// which int() and float() reject (values from Django 3.2.25).
func TestDifferentialLazyText(t *testing.T) {
	L := value.NewLazyText
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		{"add", L("5"), 3, true, "", nil},
		{"add", L("5"), S("1"), true, S("51"), nil},
		{"add", L("<b>"), "<i>", true, "<b><i>", nil},
		{"add", L("5"), L("1"), true, "", nil},
		{"add", "x", L("5"), true, "x5", nil},
		{"add", S("x"), L("5"), true, "", nil},
		{"add", 3, L("5"), true, "", nil},
		{"add", []any{1}, L("5"), true, "", nil},
		{"floatformat", L("5"), noArg, true, "", nil},
		{"filesizeformat", L("5"), noArg, true, "0\u00a0bytes", nil},
		{"divisibleby", L("5"), 5, true, nil, value.ErrType},
		{"get_digit", L("5"), 1, true, nil, value.ErrType},
		{"pluralize", L("5"), noArg, true, "", nil},
		{"pluralize", L("15"), noArg, true, "s", nil},
		{"pluralize", 5, L("2"), true, "2", nil},
		{"stringformat", L("<b>"), "s", true, S("<b>"), nil},
		{"stringformat", L("5"), "d", true, "", nil},
		{"stringformat", L("5"), "r", true, "'5'", nil},
		{"pprint", L("5"), noArg, true, "'5'", nil},
		{"lower", L("<B>"), noArg, true, S("<b>"), nil},
		{"escape", L("<b>"), noArg, true, S("<b>"), nil},
		{"force_escape", L("<b>"), noArg, true, S("&lt;b&gt;"), nil},
		{"first", L("<b>"), noArg, true, "<", nil},
		{"last", L("<b>"), noArg, true, ">", nil},
		{"slice", L("<b>"), ":2", true, "<b", nil},
		{"length", L("é"), noArg, true, 1, nil},
		{"phone2numeric", L("<a>"), noArg, true, "<2>", nil},
		{"yesno", 1, L("y,n"), true, "y", nil},
		{"json_script", L("5"), "i", true, S(`<script id="i" type="application/json">"5"</script>`), nil},
		{"default", L(""), "x", true, "x", nil},
	})
}

// int() of None, a list or a lazy proxy is a TypeError, which Django's
// truncating filters and floatformat do not catch (only ValueError).
func TestDifferentialIntArgTypeError(t *testing.T) {
	runCases(t, []fcase{
		{"truncatechars", "abc", nil, true, nil, value.ErrType},
		{"truncatewords", "a b c", []any{1}, true, nil, value.ErrType},
		{"truncatechars_html", "abc", nil, true, nil, value.ErrType},
		{"truncatewords_html", "a b", value.NewLazyText("2"), true, nil, value.ErrType},
		{"floatformat", 1.5, nil, true, nil, value.ErrType},
		{"truncatechars", "abc", "x", true, "abc", nil},
		{"floatformat", 1.5, "x", true, "1.5", nil},
	})
}

// Cases found by the second differential corpus (testdata/
// django_filters2.json); each failed before its fix.
func TestDifferential2(t *testing.T) {
	dt := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	runCases(t, []fcase{
		// "%%" is taken only bare; a flag or width before it is an error.
		{"stringformat", []any{1, 2}, "#%", true, "", nil},
		{"stringformat", map[string]any{"a": 1}, "-12.0%", true, "", nil},
		// %a is ascii(): a mapping is formatted, non-ASCII is escaped.
		{"stringformat", map[string]any{"a": 1}, "a", true, "{'a': 1}", nil},
		{"stringformat", "日本", "a", true, `'\u65e5\u672c'`, nil},
		{"stringformat", "é", "a", true, `'\xe9'`, nil},
		// '#' keeps the point of %g with precision 0.
		{"stringformat", 0, "-#1.0g", true, "0.", nil},
		{"stringformat", 42, "#.0G", true, "4.E+01", nil},
		// A None format is the default one.
		{"date", dt, nil, true, "March 5, 2024", nil},
		{"time", dt, nil, true, "2:07 p.m.", nil},
		// The default truncation text is always appended.
		{"truncatechars", "…already… ellipsis", 2, true, "……", nil},
		// quote("") returns before looking at safe.
		{"urlencode", "", 1, true, "", nil},
		// dictsort resolves its argument before its value.
		{"dictsort", nil, "", true, nil, value.ErrIndex},
		{"dictsortreversed", nil, "", true, nil, value.ErrIndex},
		// Python's int(), float() and Decimal() read Unicode digits.
		{"get_digit", "٣٤٥", 2, true, 4, nil},
		{"floatformat", "١٢٣", 2, true, value.SafeString("123.00"), nil},
	})
}
