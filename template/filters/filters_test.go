package filters

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/djinn-go/djinn/template/value"
)

type fcase struct {
	filter string
	in     any
	arg    any // noArg for none
	auto   bool
	want   any
	err    error
}

type noArgT struct{}

var noArg = noArgT{}

func runCases(t *testing.T, cases []fcase) {
	t.Helper()
	fs := BuiltinsWith(Options{Now: func() time.Time { return time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC) }})
	for _, c := range cases {
		f, ok := fs[c.filter]
		if !ok {
			t.Errorf("no filter %q", c.filter)
			continue
		}
		arg := Arg{Value: c.arg, Given: true}
		if c.arg == noArg {
			arg = Arg{}
		}
		got, err := Apply(f, c.in, arg, c.auto)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s(%#v, %#v): error %v, want %v", c.filter, c.in, c.arg, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s(%#v, %#v): unexpected error %v", c.filter, c.in, c.arg, err)
			continue
		}
		if !sameValue(got, c.want) {
			t.Errorf("%s(%#v, %#v) = %#v, want %#v", c.filter, c.in, c.arg, got, c.want)
		}
	}
}

// sameValue compares results including their type and safety.
func sameValue(got, want any) bool {
	switch w := want.(type) {
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameValue(g[i], w[i]) {
				return false
			}
		}
		return true
	case string, value.SafeString, int, bool, float64:
		return got == want
	}
	return value.Equal(got, want)
}

func TestStringFilters(t *testing.T) {
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		{"addslashes", `I'm "here" \ ok`, noArg, true, `I\'m \"here\" \\ ok`, nil},
		{"addslashes", S("<'>"), noArg, true, S(`<\'>`), nil},
		{"capfirst", "hello world", noArg, true, "Hello world", nil},
		{"capfirst", "ßa", noArg, true, "SSa", nil},
		{"capfirst", "", noArg, true, "", nil},
		{"capfirst", 12, noArg, true, "12", nil},
		{"center", "abc", "11", true, "    abc    ", nil},
		{"center", "abc", 8, true, "  abc   ", nil},
		{"center", "ab", 5, true, "  ab ", nil},
		{"center", "abc", 2, true, "abc", nil},
		{"center", "abc", "x", true, nil, value.ErrValue},
		{"ljust", "abc", 5, true, "abc  ", nil},
		{"rjust", "é", 3, true, "  é", nil},
		{"rjust", "abc", -3, true, "abc", nil},
		{"cut", "a b c", " ", true, "abc", nil},
		{"cut", S("a&amp;b"), "&", true, S("aamp;b"), nil},
		{"cut", S("a&amp;b"), ";", true, "a&ampb", nil},
		{"escape", "<a>", noArg, true, S("&lt;a&gt;"), nil},
		{"escape", S("<a>"), noArg, true, S("<a>"), nil},
		{"force_escape", S("<a>"), noArg, true, S("&lt;a&gt;"), nil},
		{"escapejs", "testing\r\njavascript 'string\" <b>escaping</b>", noArg, true, S(`testing\u000D\u000Ajavascript \u0027string\u0022 \u003Cb\u003Eescaping\u003C/b\u003E`), nil},
		{"escapejs", "\\ & = - ; `\u2028\u2029\t\x01é", noArg, true, S(`\u005C \u0026 \u003D \u002D \u003B \u0060\u2028\u2029\u0009\u0001é`), nil},
		{"iriencode", "/a b/été?x=1&y=☃#frag", noArg, true, "/a%20b/%C3%A9t%C3%A9?x=1&y=%E2%98%83#frag", nil},
		{"iriencode", "Sør%20ok", noArg, true, "S%C3%B8r%20ok", nil},
		{"urlencode", "/a b/c?d=e&f=g", noArg, true, "/a%20b/c%3Fd%3De%26f%3Dg", nil},
		{"urlencode", "/a b/c?d=e&f=g", "", true, "%2Fa%20b%2Fc%3Fd%3De%26f%3Dg", nil},
		{"urlencode", "a+b%20c~", "/", true, "a%2Bb%2520c~", nil},
		{"urlencode", "a/b:c", "/:", true, "a/b:c", nil},
		{"linebreaks", "line one\nline two\n\npara two", noArg, true, S("<p>line one<br>line two</p>\n\n<p>para two</p>"), nil},
		{"linebreaks", "a\r\nb\r\n\r\n\r\nc", noArg, true, S("<p>a<br>b</p>\n\n<p>c</p>"), nil},
		{"linebreaks", "", noArg, true, S("<p></p>"), nil},
		{"linebreaks", "<a>\nb", noArg, true, S("<p>&lt;a&gt;<br>b</p>"), nil},
		{"linebreaks", "<a>\nb", noArg, false, S("<p><a><br>b</p>"), nil},
		{"linebreaks", S("<a>\nb"), noArg, true, S("<p><a><br>b</p>"), nil},
		{"linebreaksbr", "a\nb\r\nc\rd<", noArg, true, S("a<br>b<br>c<br>d&lt;"), nil},
		{"linenumbers", "<a>\n&", noArg, true, S("1. &lt;a&gt;\n2. &amp;"), nil},
		{"linenumbers", "<a>\n&", noArg, false, S("1. <a>\n2. &"), nil},
		{"linenumbers", strings.Repeat("x\n", 9) + "y", noArg, true, S("01. x\n02. x\n03. x\n04. x\n05. x\n06. x\n07. x\n08. x\n09. x\n10. y"), nil},
		{"lower", "HeLLo ÉTÉ", noArg, true, "hello été", nil},
		{"lower", S("<B>"), noArg, true, S("<b>"), nil},
		{"upper", "hello straße", noArg, true, "HELLO STRASSE", nil},
		{"upper", S("&amp;"), noArg, true, "&AMP;", nil},
		{"title", "o'neil and mc-donald", noArg, true, "O'Neil And Mc-Donald", nil},
		{"title", "it's 1st of the élève's", noArg, true, "It's 1st Of The Élève's", nil},
		{"title", "ab'c'd", noArg, true, "Ab'c'D", nil},
		{"title", "ΟΔΟΣ ΣΟΦΙΑΣ", noArg, true, "Οδος Σοφιας", nil},
		{"title", "ⅷ ﬁx", noArg, true, "Ⅷ Fix", nil},
		{"lower", "ΟΔΟΣ Σ", noArg, true, "οδος σ", nil},
		{"title", "<b>hello</b>", noArg, true, "<B>Hello</B>", nil},
		{"make_list", "abc", noArg, true, []any{"a", "b", "c"}, nil},
		{"make_list", 123, noArg, true, []any{"1", "2", "3"}, nil},
		{"make_list", "hé", noArg, true, []any{"h", "é"}, nil},
		{"phone2numeric", "1-800-COLLECT", noArg, true, "1-800-2655328", nil},
		{"phone2numeric", "0800 flowers", noArg, true, "0800 3569377", nil},
		{"safe", "<b>", noArg, true, S("<b>"), nil},
		{"safe", 3, noArg, true, S("3"), nil},
		{"slugify", "Hello World!", noArg, true, "hello-world", nil},
		{"slugify", "Un éléphant à l'orée du bois", noArg, true, "un-elephant-a-loree-du-bois", nil},
		{"slugify", " -_Jack & Jill like numbers 1,2,3 and 4 and silly characters ?%.$!/_- ", noArg, true, "jack-jill-like-numbers-123-and-4-and-silly-characters", nil},
		{"slugify", "foo.bar", noArg, true, "foobar", nil},
		{"slugify", "ﬁne ½", noArg, true, "fine-12", nil},
		{"slugify", "你好", noArg, true, "", nil},
		{"stringformat", 7, "03d", true, "007", nil},
		{"stringformat", 255, "x", true, "ff", nil},
		{"stringformat", 255, "#X", true, "0XFF", nil},
		{"stringformat", 8, "o", true, "10", nil},
		{"stringformat", 8, "#o", true, "0o10", nil},
		{"stringformat", "<b>", "s", true, "<b>", nil},
		{"stringformat", 3.14159, ".2f", true, "3.14", nil},
		{"stringformat", 3.14159, "8.3f", true, "   3.142", nil},
		{"stringformat", -3.5, "08.2f", true, "-0003.50", nil},
		{"stringformat", 12345.678, "e", true, "1.234568e+04", nil},
		{"stringformat", 0.00001234, "g", true, "1.234e-05", nil},
		{"stringformat", 100000.0, "g", true, "100000", nil},
		{"stringformat", 7.9, "d", true, "7", nil},
		{"stringformat", "abc", "d", true, "", nil},
		{"stringformat", 7.5, "x", true, "", nil},
		{"stringformat", "abc", "-5s|", true, "abc  |", nil},
		{"stringformat", "abc", ".2s", true, "ab", nil},
		{"stringformat", "x", "r", true, "'x'", nil},
		{"stringformat", 5, "+d", true, "+5", nil},
		{"stringformat", 5, "d items", true, "5 items", nil},
		{"stringformat", 5, "d %d", true, "", nil},
		{"stringformat", 65, "c", true, "A", nil},
		{"stringformat", []any{1, "a"}, "s", true, "[1, 'a']", nil},
		{"stringformat", value.Tuple{1, 2}, "d-%d", true, "1-2", nil},
		{"stringformat", map[string]any{"n": "x"}, "(n)s!", true, "x!", nil},
		{"stringformat", math.Inf(1), "f", true, "inf", nil},
		{"stringformat", 1e20, "d", true, "100000000000000000000", nil},
		{"stringformat", math.NaN(), "d", true, "", nil},
		{"stringformat", -7, "c", true, nil, value.ErrValue},
		{"stringformat", []any{1}, "%", true, "%", nil},
		{"wordcount", "  spaced   out\nwords\t", noArg, true, 3, nil},
		{"wordcount", "", noArg, true, 0, nil},
		{"wordwrap", "Joel is a slug that wraps nicely", 10, true, "Joel is a\nslug that\nwraps\nnicely", nil},
		{"wordwrap", "averyveryverylongword and short", 5, true, "averyveryverylongword\nand\nshort", nil},
		{"wordwrap", "this is a\nlong paragraph of text", 14, true, "this is a\nlong paragraph\nof text", nil},
		{"wordwrap", "this is a long paragraph of text that really needs to be wrapped I'm afraid", 14, true,
			"this is a long\nparagraph of\ntext that\nreally needs\nto be wrapped\nI'm afraid", nil},
		{"wordwrap", "this is a short paragraph of text.\n  But this line should be indented", 14, true,
			"this is a\nshort\nparagraph of\ntext.\n  But this\nline should be\nindented", nil},
		{"wordwrap", "this is a short paragraph of text.\n  But this line should be indented", 15, true,
			"this is a short\nparagraph of\ntext.\n  But this line\nshould be\nindented", nil},
		{"wordwrap", "a b", 0, true, nil, value.ErrValue}, // TextWrapper refuses widths below 1
		{"wordwrap", "abc", "x", true, nil, value.ErrValue},
		{"truncatechars", "Joel is a slug", 7, true, "Joel i…", nil},
		{"truncatechars", "Joel is a slug", 0, true, "…", nil},
		{"truncatechars", "Joel is a slug", 14, true, "Joel is a slug", nil},
		{"truncatechars", "Joel is a slug", "x", true, "Joel is a slug", nil},
		{"truncatechars", "cafe\u0301 au lait", 5, true, "café…", nil},
		{"truncatechars", "ab…cd", 4, true, "ab……", nil}, // Django appends "…" after a text ending in "…"
		{"truncatewords", "Joel is a slug", 2, true, "Joel is …", nil},
		{"truncatewords", "Joel is a slug", 4, true, "Joel is a slug", nil},
		{"truncatewords", "  lots   of\n\twhite space  ", 1, true, "lots …", nil},
		{"truncatewords", "  lots   of\n\twhite space  ", 5, true, "lots of white space", nil},
		{"truncatewords", "Joel is a slug", "x", true, "Joel is a slug", nil},
		{"truncatewords", "a b c", -1, true, "a b …", nil},
	})
}

func TestHTMLFilters(t *testing.T) {
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		{"striptags", "<p>Hello <b>World</b>!</p>", noArg, true, "Hello World!", nil},
		{"striptags", `a<p onclick="alert('<test>')">b</p>c`, noArg, true, "abc", nil},
		{"striptags", "a<p a >b</p>c", noArg, true, "abc", nil},
		{"striptags", "d<a:b c:d>e</p>f", noArg, true, "def", nil},
		{"striptags", "<adf>a", noArg, true, "a", nil},
		{"striptags", "</adf>a", noArg, true, "a", nil},
		{"striptags", "<asdf><asdf>e", noArg, true, "e", nil},
		{"striptags", "hi, <f x", noArg, true, "hi, <f x", nil},
		{"striptags", "234<235, right?", noArg, true, "234<235, right?", nil},
		{"striptags", "a4<a5 right?", noArg, true, "a4<a5 right?", nil},
		{"striptags", "b7>b2!", noArg, true, "b7>b2!", nil},
		{"striptags", "</fe", noArg, true, "</fe", nil},
		{"striptags", "<x>b<y>", noArg, true, "b", nil},
		{"striptags", "&gotcha&#;<>", noArg, true, "&gotcha&#;<>", nil},
		{"striptags", "<sc<!-- -->ript>test<<!-- -->/script>", noArg, true, "ript>test", nil},
		{"striptags", "<script>alert()</script>&h", noArg, true, "alert()&h", nil},
		{"striptags", "X<<<<br>br>br>br>X", noArg, true, "XX", nil},
		{"striptags", "a<!-- x > y -->b", noArg, true, "ab", nil},
		{"striptags", S("<b>x</b>&amp;"), noArg, true, S("x&amp;"), nil},
		{"striptags", "<b>a</b> &amp b &#33 c", noArg, true, "a &amp; b &#33; c", nil},
		{"striptags", "a &amp b <> c", noArg, true, "a &amp b <> c", nil},
		{"striptags", "<script>alert('<b>x</b>')</script>!", noArg, true, "alert('x')!", nil},
		{"striptags", "a<script>alert(1)", noArg, true, "a", nil},
		{"striptags", "a<script>alert(1)<b>", noArg, true, "a", nil},
		{"striptags", "<!-- c -->a<!--b>c", noArg, true, "a<!--b>c", nil},
		{"striptags", `<a title="x>y`, noArg, true, `<a title="x>y`, nil},
		{"striptags", "</a><<<!DOCTYPE html>a<img src='x>'><=<p><?xml?>--><!DOCTYPE html>", noArg, true, "<", nil},
		{"truncatechars_html", "<p>Joel is a slug</p>", 7, true, "<p>Joel i…</p>", nil},
		{"truncatechars_html", "<p>Joel <b>is</b> a slug</p>", 4, true, "<p>Joe…</p>", nil},
		{"truncatechars_html", "<p>Joel <b>is</b> a slug</p>", 7, true, "<p>Joel <b>i…</b></p>", nil},
		{"truncatechars_html", "<p>Joel is a slug</p>", 100, true, "<p>Joel is a slug</p>", nil},
		{"truncatechars_html", "<p>Jo&amp;el is</p>", 9, true, "<p>Jo&amp;e…</p>", nil},
		{"truncatechars_html", "<p>x</p>", 0, true, "…", nil},
		{"truncatechars_html", "<br/>ab<img src='x'>cdef", 3, true, "<br/>ab…", nil},
		{"truncatechars_html", "<br/>a<img src='x'>bcdef", 3, true, "<br/>a<img src='x'>b…", nil},
		{"truncatechars_html", "a<b>", 1, true, "a<b>", nil},
		{"truncatechars_html", "a < b and c", 5, true, "a < …", nil},
		{"truncatewords_html", "<p>one two three</p>", 2, true, "<p>one two …</p>", nil},
		{"truncatewords_html", "<p>one <a href='x'>two three</a> four</p>", 2, true, "<p>one <a href='x'>two …</a></p>", nil},
		{"truncatewords_html", "<p>one two</p>", 0, true, "", nil},
		{"truncatewords_html", "<p>one two</p>", 5, true, "<p>one two</p>", nil},
		{"truncatewords_html", "<div><p>a b</div> c d", 2, true, "<div><p>a b …</p></div>", nil},
		{"truncatewords_html", "<div><p>a</div> b c", 2, true, "<div><p>a</div> b …", nil},
		{"truncatewords_html", "<i>a</I> b c", 1, true, "<i>a …</i>", nil},
		{"truncatewords_html", "</ x>a b", 1, true, "</ x>a …<//>", nil},
		{"urlize", "Visit www.example.com today", noArg, true, S(`Visit <a href="http://www.example.com" rel="nofollow">www.example.com</a> today`), nil},
		{"urlize", "mail me: someone@example.com", noArg, true, S(`mail me: <a href="mailto:someone@example.com">someone@example.com</a>`), nil},
		{"urlize", "<b>http://example.com</b>", noArg, true, S(`&lt;b&gt;<a href="http://example.com" rel="nofollow">http://example.com</a>&lt;/b&gt;`), nil},
		{"urlize", "https://example.com/été", noArg, true, S(`<a href="https://example.com/%C3%A9t%C3%A9" rel="nofollow">https://example.com/été</a>`), nil},
		{"urlize", "ftp://example.com is not linked", noArg, true, S(`<a href="http://ftp://example.com" rel="nofollow">ftp://example.com</a> is not linked`), nil},
		{"urlize", "trailing http://example.com/, and (http://example.com/a_(b)).", noArg, true,
			S(`trailing <a href="http://example.com/" rel="nofollow">http://example.com/</a>, and (<a href="http://example.com/a_(b)" rel="nofollow">http://example.com/a_(b)</a>).`), nil},
		{"urlize", "see http://example.com/?a=1&b=<2>", noArg, false, S(`see <a href="http://example.com/?a=1&amp;b=" rel="nofollow">http://example.com/?a=1&b=</a><2>`), nil},
		{"urlize", "see http://example.com/?q=a+b&x=%20y", noArg, true, S(`see <a href="http://example.com/?q=a+b&amp;x=+y" rel="nofollow">http://example.com/?q=a+b&amp;x=%20y</a>`), nil},
		{"urlize", "example.com and djangoproject.org/x and foo.bar", noArg, true,
			S(`<a href="http://example.com" rel="nofollow">example.com</a> and <a href="http://djangoproject.org/x" rel="nofollow">djangoproject.org/x</a> and foo.bar`), nil},
		{"urlize", "http://bücher.de/", noArg, true, S(`<a href="http://xn--bcher-kva.de/" rel="nofollow">http://bücher.de/</a>`), nil},
		{"urlize", "a@b@c.com x@.com @x.com", noArg, true, S("a@b@c.com x@.com @x.com"), nil},
		{"urlize", "http://example.com&amp;", noArg, true, S(`<a href="http://example.com&amp;" rel="nofollow">http://example.com&amp;amp;</a>`), nil},
		{"urlize", S("<b>www.x.com</b>"), noArg, true, S(`<b><a href="http://www.x.com" rel="nofollow">www.x.com</a></b>`), nil},
		{"urlize", "www.foo.net&#33;", noArg, true, S(`<a href="http://www.foo.net" rel="nofollow">www.foo.net&amp;#3</a>3;`), nil},
		{"urlize", "x@xn--bücher.de", noArg, true, S("x@xn--bücher.de"), nil},
		{"urlize", "http://[::1]:80/a and http://[x]/", noArg, true, S(`http://[::1]:80/a and <a href="http://[x]/" rel="nofollow">http://[x]/</a>`), nil},
		{"urlize", "http://[2001:db8::1]/p", noArg, true, S(`<a href="http://[2001:db8::1]/p" rel="nofollow">http://[2001:db8::1]/p</a>`), nil},
		{"urlize", "[www.x.com]!", noArg, true, S(`[<a href="http://www.x.com" rel="nofollow">www.x.com</a>]!`), nil},
		{"urlizetrunc", "Check http://www.example.com/a/very/long/path/here", 15, true, S(`Check <a href="http://www.example.com/a/very/long/path/here" rel="nofollow">http://www.exa…</a>`), nil},
		{"urlizetrunc", "http://example.com", "5", true, S(`<a href="http://example.com" rel="nofollow">http…</a>`), nil},
		{"urlizetrunc", "http://example.com", 100, true, S(`<a href="http://example.com" rel="nofollow">http://example.com</a>`), nil},
		{"urlizetrunc", "http://example.com", "x", true, nil, value.ErrValue},
	})
}

func TestNumberFilters(t *testing.T) {
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		{"add", 2, 3, true, 5, nil},
		{"add", "2", 3, true, 5, nil},
		{"add", 1.5, 2, true, 3, nil},
		{"add", true, 1, true, 2, nil},
		{"add", "", 2, true, "", nil},
		{"add", "a", "b", true, "ab", nil},
		{"add", S("<y>"), S("<x>"), true, S("<y><x>"), nil},
		{"add", S("<y>"), "<x>", true, "<y><x>", nil},
		{"add", []any{1}, []any{2}, true, []any{1, 2}, nil},
		{"add", "1.5", "x", true, "1.5x", nil},
		{"add", "a", 1, true, "", nil},
		{"add", math.Inf(1), 1, true, nil, value.ErrOverflow}, // OverflowError in Django
		{"divisibleby", 21, 3, true, true, nil},
		{"divisibleby", 22, 3, true, false, nil},
		{"divisibleby", "16", "4", true, true, nil},
		{"divisibleby", 4, 0, true, nil, value.ErrZeroDivision},
		{"divisibleby", "abc", 2, true, nil, value.ErrValue},
		{"divisibleby", nil, 2, true, nil, value.ErrType},
		{"get_digit", 123456789, 1, true, 9, nil},
		{"get_digit", 123456789, 2, true, 8, nil},
		{"get_digit", 123456789, 10, true, 0, nil},
		{"get_digit", 123, 0, true, 123, nil},
		{"get_digit", "abc", 1, true, "abc", nil},
		{"get_digit", 123, "x", true, 123, nil},
		{"pluralize", 0, noArg, true, "s", nil},
		{"pluralize", 1, noArg, true, "", nil},
		{"pluralize", "1", noArg, true, "", nil},
		{"pluralize", 1.0, noArg, true, "", nil},
		{"pluralize", []any{1}, noArg, true, "", nil},
		{"pluralize", []any{1, 2}, noArg, true, "s", nil},
		{"pluralize", 2, "es", true, "es", nil},
		{"pluralize", 1, "y,ies", true, "y", nil},
		{"pluralize", 2, "y,ies", true, "ies", nil},
		{"pluralize", 2, "a,b,c", true, "", nil},
		{"pluralize", "abc", noArg, true, "", nil},
		{"pluralize", nil, noArg, true, "", nil},
		{"filesizeformat", 0, noArg, true, "0\u00a0bytes", nil},
		{"filesizeformat", 1, noArg, true, "1\u00a0byte", nil},
		{"filesizeformat", 1023, noArg, true, "1023\u00a0bytes", nil},
		{"filesizeformat", 1024, noArg, true, "1.0\u00a0KB", nil},
		{"filesizeformat", 10 * 1024, noArg, true, "10.0\u00a0KB", nil},
		{"filesizeformat", 1024*1024 - 1, noArg, true, "1024.0\u00a0KB", nil},
		{"filesizeformat", 1048576, noArg, true, "1.0\u00a0MB", nil},
		{"filesizeformat", 50 * 1024 * 1024, noArg, true, "50.0\u00a0MB", nil},
		{"filesizeformat", 1073741824, noArg, true, "1.0\u00a0GB", nil},
		{"filesizeformat", 1 << 40, noArg, true, "1.0\u00a0TB", nil},
		{"filesizeformat", 1 << 50, noArg, true, "1.0\u00a0PB", nil},
		{"filesizeformat", 1 << 60, noArg, true, "1024.0\u00a0PB", nil},
		{"filesizeformat", -1024, noArg, true, "-1.0\u00a0KB", nil},
		{"filesizeformat", "abc", noArg, true, "0\u00a0bytes", nil},
		{"filesizeformat", nil, noArg, true, "0\u00a0bytes", nil},
		{"filesizeformat", 1e21, noArg, true, "888178.4\u00a0PB", nil},
		{"floatformat", 34.23234, noArg, true, S("34.2"), nil},
		{"floatformat", 34.0, noArg, true, S("34"), nil},
		{"floatformat", 34.26, noArg, true, S("34.3"), nil},
		{"floatformat", 34.23234, 3, true, S("34.232"), nil},
		{"floatformat", 34.0, 3, true, S("34.000"), nil},
		{"floatformat", 34.26, 3, true, S("34.260"), nil},
		{"floatformat", 34.23234, "-3", true, S("34.232"), nil},
		{"floatformat", 34.0, "-3", true, S("34"), nil},
		{"floatformat", 34.26, "-3", true, S("34.260"), nil},
		{"floatformat", 34.23234, "0", true, S("34"), nil},
		{"floatformat", 39.56, "0", true, S("40"), nil},
		{"floatformat", 2.675, 2, true, S("2.68"), nil},
		{"floatformat", -0.0001, 2, true, S("0.00"), nil},
		{"floatformat", -1.5, 0, true, S("-2"), nil},
		{"floatformat", 0.5, 0, true, S("1"), nil},
		{"floatformat", 1234.5678, "-2g", true, S("1,234.57"), nil},
		{"floatformat", 34232.34, "2g", true, S("34,232.34"), nil},
		{"floatformat", 34232.00, "g", true, S("34,232"), nil},
		// Unlocalized grouping is NUMBER_GROUPING, 0 by default (Django 4.0+).
		{"floatformat", 1000000, "gu", true, S("1000000"), nil},
		{"floatformat", 1234.5, "2ug", true, S("1234.50"), nil},
		{"floatformat", 34232.34, "u", true, S("34232.3"), nil},
		{"floatformat", "1e3", "2g", true, S("1,000.00"), nil},
		{"floatformat", 1e30, 2, true, S("1000000000000000000000000000000.00"), nil},
		{"floatformat", 0.1, 20, true, S("0.10000000000000000000"), nil},
		{"floatformat", 1e-20, 1, true, S("0.0"), nil},
		{"floatformat", "abc", 2, true, "", nil},
		{"floatformat", nil, 2, true, "", nil},
		{"floatformat", "", noArg, true, "", nil},
		{"floatformat", 1.5, "x", true, "1.5", nil},
		{"floatformat", 1.5, "", true, nil, value.ErrIndex}, // modern Django reads arg[-1]
		{"floatformat", "abc", "", true, nil, value.ErrIndex},
		{"floatformat", math.Inf(1), noArg, true, "inf", nil},
		{"floatformat", math.NaN(), 2, true, "nan", nil},
		{"floatformat", true, 2, true, S("1.00"), nil},
		{"floatformat", 7, 2, true, S("7.00"), nil},
		{"floatformat", int64(-7), noArg, true, S("-7"), nil},
		{"floatformat", "  12.5 ", noArg, true, S("12.5"), nil},
		{"floatformat", "1_000.25", 1, true, S("1000.3"), nil},
		{"floatformat", "1e999999999", 2, true, "1e999999999", nil},
		{"floatformat", 9.995, 2, true, S("10.00"), nil},
		{"floatformat", 99.9, 0, true, S("100"), nil},
	})
}

func TestListFilters(t *testing.T) {
	S := func(s string) value.SafeString { return value.SafeString(s) }
	people := []any{
		map[string]any{"name": "Zed", "age": 19, "city": map[string]any{"n": "B"}},
		map[string]any{"name": "amy", "age": 22, "city": map[string]any{"n": "A"}},
		map[string]any{"name": "Bob", "age": 3, "city": map[string]any{"n": "C"}},
	}
	names := func(v any) any {
		l, ok := v.([]any)
		if !ok {
			return v
		}
		out := []any{}
		for _, p := range l {
			n, _ := value.Lookup(p, "name")
			out = append(out, n)
		}
		return out
	}
	fs := Builtins()
	for _, c := range []struct {
		filter string
		arg    any
		want   []any
	}{
		{"dictsort", "name", []any{"Bob", "Zed", "amy"}},
		{"dictsortreversed", "name", []any{"amy", "Zed", "Bob"}},
		{"dictsort", "age", []any{"Bob", "Zed", "amy"}},
		{"dictsort", "city.n", []any{"amy", "Zed", "Bob"}},
	} {
		got, err := Apply(fs[c.filter], people, Arg{Value: c.arg, Given: true}, true)
		if err != nil || !sameValue(names(got), c.want) {
			t.Errorf("%s:%v = %v, %v", c.filter, c.arg, names(got), err)
		}
	}
	type person struct {
		Name string
		Age  int
	}
	structs := []person{{"b", 2}, {"a", 1}}
	got, _ := Apply(fs["dictsort"], structs, Arg{Value: "age", Given: true}, true)
	if value.ToString(names(got)) != "['a', 'b']" {
		t.Errorf("dictsort structs = %v", got)
	}
	runCases(t, []fcase{
		{"dictsort", "notalist", "name", true, "", nil},
		{"dictsort", people, "nokey", true, "", nil},
		{"dictsort", people, "_private", true, "", nil},
		{"dictsort", []any{[]any{"b", 1}, []any{"a", 2}, []any{"c", 0}}, 1, true, []any{[]any{"c", 0}, []any{"b", 1}, []any{"a", 2}}, nil},
		{"dictsort", []any{map[string]any{"k": 1}, map[string]any{"k": "x"}}, "k", true, "", nil},
		{"default", "", "none", true, "none", nil},
		{"default", 0, "none", true, "none", nil},
		{"default", []any{}, "none", true, "none", nil},
		{"default", "x", "none", true, "x", nil},
		{"default_if_none", nil, "none", true, "none", nil},
		{"default_if_none", "", "none", true, "", nil},
		{"first", []any{"a", "b"}, noArg, true, "a", nil},
		{"first", []any{}, noArg, true, "", nil},
		{"first", "xyz", noArg, true, "x", nil},
		{"first", 5, noArg, true, nil, value.ErrType},
		{"last", []any{"a", "b"}, noArg, true, "b", nil},
		{"last", "", noArg, true, "", nil},
		{"join", []any{"a", "b", "c"}, ", ", true, S("a, b, c"), nil},
		{"join", []any{"<a>", "b"}, S(" & "), true, S("&lt;a&gt; & b"), nil},
		{"join", []any{"<a>", "b"}, " & ", true, S("&lt;a&gt; &amp; b"), nil},
		{"join", []any{"<a>", "<b>"}, "<br>", false, S("<a><br><b>"), nil},
		{"join", []any{S("<a>"), "<b>"}, ", ", true, S("<a>, &lt;b&gt;"), nil},
		{"join", []any{1, 2}, "-", true, S("1-2"), nil},
		{"join", []any{1, 2}, "-", false, []any{1, 2}, nil},
		{"join", 5, "-", true, 5, nil},
		{"join", "abc", "-", true, S("a-b-c"), nil},
		{"length", []any{1, 2, 3}, noArg, true, 3, nil},
		{"length", "é😀", noArg, true, 2, nil},
		{"length", 5, noArg, true, 0, nil},
		{"length", nil, noArg, true, 0, nil},
		{"length", S("<b>"), noArg, true, 3, nil},
		{"random", []any{"only"}, noArg, true, "only", nil},
		{"random", []any{}, noArg, true, nil, value.ErrIndex},
		{"slice", []any{"a", "b", "c", "d"}, ":2", true, []any{"a", "b"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "1:3", true, []any{"b", "c"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "::-1", true, []any{"d", "c", "b", "a"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "::2", true, []any{"a", "c"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "-2:", true, []any{"c", "d"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "2", true, []any{"a", "b"}, nil},
		{"slice", []any{"a", "b", "c", "d"}, "3:0:-1", true, []any{"d", "c", "b"}, nil},
		{"slice", []any{"a", "b"}, "x", true, []any{"a", "b"}, nil},
		{"slice", []any{"a", "b"}, "::0", true, []any{"a", "b"}, nil},
		{"slice", "abcdef", "1:-1", true, "bcde", nil},
		{"slice", S("<b>"), "0:2", true, S("<b"), nil},
		{"slice", 5, ":1", true, 5, nil},
		{"safeseq", []any{"<a>", 1}, noArg, true, []any{S("<a>"), S("1")}, nil},
		{"escapeseq", []any{"<a>", S("<b>")}, noArg, true, []any{S("&lt;a&gt;"), S("<b>")}, nil},
		{"unordered_list", []any{"States", []any{"Kansas", []any{"Lawrence", "Topeka"}, "Illinois"}}, noArg, true,
			S("\t<li>States\n\t<ul>\n\t\t<li>Kansas\n\t\t<ul>\n\t\t\t<li>Lawrence</li>\n\t\t\t<li>Topeka</li>\n\t\t</ul>\n\t\t</li>\n\t\t<li>Illinois</li>\n\t</ul>\n\t</li>"), nil},
		{"unordered_list", []any{"<a>", []any{}}, noArg, true, S("\t<li>&lt;a&gt;</li>"), nil},
		{"unordered_list", []any{"<a>"}, noArg, false, S("\t<li><a></li>"), nil},
		{"yesno", true, noArg, true, "yes", nil},
		{"yesno", false, noArg, true, "no", nil},
		{"yesno", nil, noArg, true, "maybe", nil},
		{"yesno", nil, "yeah,no", true, "no", nil},
		{"yesno", false, "yeah,no,maybe", true, "no", nil},
		{"yesno", 1, "yeah", true, 1, nil},
		{"yesno", []any{}, "a,b,c,d", true, "b", nil},
		{"pprint", map[string]any{"b": []any{1, 2}, "a": "x"}, noArg, true, "{'a': 'x', 'b': [1, 2]}", nil},
		{"pprint", "str", noArg, true, "'str'", nil},
		{"pprint", strings.Repeat("lorem ipsum dolor sit amet ", 5), noArg, true,
			"('lorem ipsum dolor sit amet lorem ipsum dolor sit amet lorem ipsum dolor sit '\n 'amet lorem ipsum dolor sit amet lorem ipsum dolor sit amet ')", nil},
		{"json_script", map[string]any{"a": "</script><b>&'", "n": []any{1, 2.5, nil, true}}, "data", true,
			S(`<script id="data" type="application/json">{"a": "\u003C/script\u003E\u003Cb\u003E\u0026'", "n": [1, 2.5, null, true]}</script>`), nil},
		{"json_script", "hello", noArg, true, S(`<script type="application/json">"hello"</script>`), nil},
		{"json_script", "\u2028é😀", "x\"", true, S(`<script id="x&quot;" type="application/json">"\u2028\u00e9\ud83d\ude00"</script>`), nil},
		{"json_script", time.Date(2024, 3, 5, 14, 7, 9, 123456000, time.UTC), "d", true, S(`<script id="d" type="application/json">"2024-03-05T14:07:09.123"</script>`), nil},
		{"json_script", struct {
			A int `json:"a"`
		}{3}, "s", true, S(`<script id="s" type="application/json">{"a": 3}</script>`), nil},
		{"json_script", make(chan int), "c", true, nil, value.ErrType},
	})
	long := make([]any, 30)
	for i := range long {
		long[i] = i * 1000
	}
	got, _ = Apply(fs["pprint"], map[string]any{"k": long}, Arg{}, false)
	if s := got.(string); !strings.HasPrefix(s, "{'k': [0,\n       1000,\n") || !strings.HasSuffix(s, "29000]}") {
		t.Errorf("pprint wrapping = %q", s)
	}
}

func TestDateFilters(t *testing.T) {
	dt := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	runCases(t, []fcase{
		{"date", dt, "Y-m-d H:i:s", true, "2024-03-05 14:07:09", nil},
		{"date", dt, noArg, true, "March 5, 2024", nil},
		{"date", dt, "", true, "March 5, 2024", nil},
		{"date", value.Date{Year: 2024, Month: 3, Day: 5}, "SHORT_DATE_FORMAT", true, "03/05/2024", nil},
		{"date", value.Date{Year: 2024, Month: 3, Day: 5}, "H", true, nil, value.ErrType},
		{"date", "x", "Y", true, "", nil},
		{"date", nil, "Y", true, "", nil},
		{"date", value.TimeOfDay{Hour: 9, Minute: 5}, "H:i", true, "09:05", nil},
		{"time", dt, "H:i", true, "14:07", nil},
		{"time", dt, noArg, true, "2:07 p.m.", nil},
		{"time", dt, "Y", true, "", nil},
		{"time", value.TimeOfDay{Hour: 0}, noArg, true, "midnight", nil},
		{"time", value.Date{Year: 2024, Month: 3, Day: 5}, "H", true, "", nil},
		{"timesince", time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), dt, true, "4\u00a0years", nil},
		{"timesince", dt, dt, true, "0\u00a0minutes", nil},
		{"timesince", dt.Add(-25 * time.Hour), noArg, true, "1\u00a0day, 1\u00a0hour", nil},
		{"timesince", dt.Add(-time.Minute), noArg, true, "1\u00a0minute", nil},
		{"timesince", dt.Add(time.Hour), noArg, true, "0\u00a0minutes", nil},
		{"timesince", value.Date{Year: 2023, Month: 1, Day: 1}, value.Date{Year: 2024, Month: 1, Day: 15}, true, "1\u00a0year", nil},
		{"timesince", time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), true, "1\u00a0month", nil},
		{"timesince", "x", dt, true, nil, value.ErrAttribute},
		{"timesince", "", dt, true, "", nil},
		{"timeuntil", time.Date(2024, 3, 6, 1, 0, 0, 0, time.UTC), time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), true, "1\u00a0day, 1\u00a0hour", nil},
		{"timeuntil", time.Date(2024, 4, 20, 0, 0, 0, 0, time.UTC), time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), true, "1\u00a0month, 2\u00a0weeks", nil},
		{"timeuntil", dt.Add(48 * time.Hour), noArg, true, "2\u00a0days", nil},
	})
}

func TestAddOverflow(t *testing.T) {
	got, err := Apply(Builtins()["add"], int64(math.MaxInt64), Arg{Value: 1, Given: true}, true)
	if err != nil || value.ToString(got) != "9223372036854775808" {
		t.Errorf("add overflow = %v, %v", got, err)
	}
}

func TestApplySafety(t *testing.T) {
	fs := Builtins()
	got, _ := Apply(fs["capfirst"], value.SafeString("<b>x</b>"), Arg{}, true)
	if got != value.SafeString("<b>x</b>") {
		t.Errorf("is_safe filter lost safety: %#v", got)
	}
	got, _ = Apply(fs["capfirst"], "<b>x</b>", Arg{}, true)
	if got != "<b>x</b>" {
		t.Errorf("is_safe filter made unsafe input safe: %#v", got)
	}
	got, _ = Apply(fs["length"], value.SafeString("abc"), Arg{}, true)
	if got != 3 {
		t.Errorf("non-string result changed: %#v", got)
	}
	got, _ = Apply(fs["addslashes"], "x", Arg{}, true)
	if _, ok := got.(string); !ok {
		t.Errorf("plain result type %T", got)
	}
}

func TestBuiltinsComplete(t *testing.T) {
	want := strings.Fields(`add addslashes capfirst center cut date default default_if_none dictsort dictsortreversed
		divisibleby escape escapejs escapeseq filesizeformat first floatformat force_escape get_digit iriencode join
		json_script last length linebreaks linebreaksbr linenumbers ljust lower make_list phone2numeric pluralize pprint
		random rjust safe safeseq slice slugify stringformat striptags time timesince timeuntil title truncatechars
		truncatechars_html truncatewords truncatewords_html unordered_list upper urlencode urlize urlizetrunc wordcount
		wordwrap yesno`)
	a, b := Builtins(), Builtins()
	if len(a) != len(want) {
		t.Errorf("Builtins has %d filters, want %d", len(a), len(want))
	}
	for _, name := range want {
		if a[name].Func == nil {
			t.Errorf("missing filter %s", name)
		}
	}
	delete(a, "add")
	if b["add"].Func == nil {
		t.Error("Builtins maps are shared")
	}
	args := map[string]ArgMode{"add": RequiredArg, "date": OptionalArg, "upper": NoArg, "json_script": OptionalArg, "default": RequiredArg}
	for name, mode := range args {
		if b[name].Arg != mode {
			t.Errorf("%s arg mode %v, want %v", name, b[name].Arg, mode)
		}
	}
}

func TestTruncateHTMLInputCap(t *testing.T) {
	s := strings.Repeat("a", maxLengthHTML+10)
	got := truncateChars(s, maxLengthHTML*2, true)
	if len(got) != maxLengthHTML+len("…") || !strings.HasSuffix(got, "…") {
		t.Errorf("capped truncation has length %d", len(got))
	}
}

func TestOrderedDict(t *testing.T) {
	v, err := value.DecodeJSON(strings.NewReader(`{"d": {"b": [1, {"z": 1, "y": 2}], "a": "x"}, "l": [{"n": "b"}, {"n": "a"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ctx := v.(map[string]any)
	d := ctx["d"]
	S := func(s string) value.SafeString { return value.SafeString(s) }
	runCases(t, []fcase{
		{"json_script", d, "i", true, S(`<script id="i" type="application/json">{"b": [1, {"z": 1, "y": 2}], "a": "x"}</script>`), nil},
		{"pprint", d, noArg, true, "{'a': 'x', 'b': [1, {'y': 2, 'z': 1}]}", nil},
		{"join", d, "-", true, S("b-a"), nil},
		{"length", d, noArg, true, 2, nil},
		{"first", d, noArg, true, nil, value.ErrIndex},
		{"default", d, "x", true, d, nil},
	})
	got, err := Apply(Builtins()["dictsort"], ctx["l"], Arg{Value: "n", Given: true}, true)
	if err != nil || value.ToString(got) != "[{'n': 'a'}, {'n': 'b'}]" {
		t.Errorf("dictsort of dicts = %v, %v", value.ToString(got), err)
	}
}
