#!/usr/bin/python3
"""Generate django_filters2.json: a second, seeded differential corpus of
template filter cases rendered by real Django 3.2.25.

Run with Debian's Django:

    /usr/bin/python3 template/filters/testdata/gen_django_filters2.py

It reuses gen_django_filters.py's settings, rendering and "modern Django"
patches (the sections between its marker comments are executed here, so the
two corpora are made the same way) and aims at what the first corpus covers
thinly: every date/time format character on many fixed datetimes, timesince
and timeuntil between fixed datetimes (never the current clock), stringformat
conversions and flags, floatformat on exact decimal strings, slice forms,
truncation of markup and unicode, wordwrap, padding, line breaking, urlize,
escaping, pluralize/yesno arguments, filesizeformat boundaries, dictsort on
mixed data, unordered_list nesting, get_digit, phone2numeric, make_list and
join. Random choices come from random.Random(SEED), so the output is
deterministic.
"""

import decimal
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240305

with open(os.path.join(HERE, "gen_django_filters.py"), encoding="utf-8") as f:
    FIRST = f.read()


def section(start, end):
    i = FIRST.index(start)
    j = FIRST.index(end, i)
    return FIRST[i:j]


# Settings, to_py, render_case, q, DT/D/T helpers.
exec(FIRST[:FIRST.index("# ---------------------------------------------------------------- inputs")])  # noqa: S102
OUT = os.path.join(HERE, "django_filters2.json")

cases = []
counters = {}
seen = set()


def add(area, template, context=None, autoescape=True, note=None):
    context = json.loads(json.dumps(context or {}))
    key = (template, json.dumps(context, sort_keys=True), autoescape)
    if key in seen:
        return
    seen.add(key)
    counters[area] = counters.get(area, 0) + 1
    case = {
        "name": "df2_%s_%03d" % (area, counters[area]),
        "template": template,
        "context": context,
        "autoescape": autoescape,
    }
    if note:
        case["note"] = note
    cases.append(render_case(case))  # noqa: F821


rnd = random.Random(SEED)

# ---------------------------------------------------------------- date / time

FMT_CHARS = "aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTuUwWyYzZ"
DTS = ["2024-03-05T14:07:09", "2024-12-31T23:59:59.999999", "2025-01-01T00:00:00", "2020-02-29T12:00:00",
       "2021-01-03T00:30:00", "2008-12-29T11:59:59", "2009-12-31T12:00:01", "1970-01-01T00:00:00",
       "0001-01-01T00:00:00", "0999-06-15T08:09:10", "9999-12-31T23:59:59", "2024-07-04T12:00:00.000123",
       "2024-11-11T01:01:01", "2024-09-22T13:45:00", "2023-01-01T00:00:00", "2026-12-31T18:00:00"]
for _ in range(20):
    y = rnd.randint(1, 9999)
    mo, d = rnd.randint(1, 12), rnd.randint(1, 28)
    h, mi, s, us = rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59), rnd.choice([0, 0, 1, 500000, 999999])
    DTS.append("%04d-%02d-%02dT%02d:%02d:%02d" % (y, mo, d, h, mi, s) + (".%06d" % us if us else ""))
DATES = ["2024-03-05", "2024-02-29", "2021-01-03", "2008-12-29", "0001-01-01", "9999-12-31", "1900-03-01", "2010-01-04"]
TIMES = ["00:00:00", "12:00:00", "11:59:59", "23:59:59.999999", "00:00:01", "13:05:00", "12:30:00", "00:30:00.000500"]

for s in DTS:
    for c in FMT_CHARS:
        add("date", "[{{ v|date:\"%s\" }}]" % c, {"v": DT(s)})  # noqa: F821
    add("date", "[{{ v|date }}]", {"v": DT(s)})  # noqa: F821
    add("time", "[{{ v|time }}]", {"v": DT(s)})  # noqa: F821
    add("date", "[{{ v|date:\"r\" }}]", {"v": DT(s)})  # noqa: F821
for s in DATES:
    for c in FMT_CHARS:
        add("date", "[{{ v|date:\"%s\" }}]" % c, {"v": D(s)})  # noqa: F821
    add("date", "[{{ v|date }}]", {"v": D(s)})  # noqa: F821
for s in TIMES:
    for c in FMT_CHARS:
        add("time", "[{{ v|time:\"%s\" }}]" % c, {"v": T(s)})  # noqa: F821
        add("date", "[{{ v|date:\"%s\" }}]" % c, {"v": T(s)})  # noqa: F821
    add("time", "[{{ v|time }}]", {"v": T(s)})  # noqa: F821
for s in DTS[:8] + ["2024-03-05T00:00:00", "2024-03-05T12:00:00", "2024-03-05T00:01:00"]:
    for c in "aAfgGhHiPsu" + "Y":
        add("time", "[{{ v|time:\"%s\" }}]" % c, {"v": DT(s)})  # noqa: F821
MIXED_FMTS = ["\\\\", "\\", "Y\\", "\\\\Y", "jS \\o\\f F", "H\\h i\\m", "%d/%m", "{Y}", "Y-m-d H:i:s.u", "<Y>&",
              "N j, Y, P", "D d M Y H:i:s O", "l, F jS, Y", "W o", "L t z", "b B", "ÿ Y é", "y\\y"]
for fmt in MIXED_FMTS:
    for v in [DT("2024-03-05T14:07:09.012345"), D("2024-09-01"), T("00:00:00")]:
        add("date", "[{{ v|date:%s }}]" % q(fmt), {"v": v})  # noqa: F821
        add("time", "[{{ v|time:%s }}]" % q(fmt), {"v": v})  # noqa: F821
        add("date", "[{{ v|date:%s }}]" % q(fmt), {"v": v}, False)  # noqa: F821
for v in ["2024-03-05", 0, 1.5, None, "", True, [], {"a": 1}]:
    for f in ["date", "time"]:
        add(f, "[{{ v|%s:\"Y H\" }}]" % f, {"v": v})
        add(f, "[{{ v|%s }}]" % f, {"v": v})
for f in ["date", "time"]:
    add(f, "[{{ v|%s:fmt }}]" % f, {"v": DT("2024-03-05T14:07:09"), "fmt": "j N"})  # noqa: F821
    add(f, "[{{ v|%s:fmt }}]" % f, {"v": DT("2024-03-05T14:07:09"), "fmt": None})  # noqa: F821
    add(f, "[{{ v|%s:fmt }}]" % f, {"v": DT("2024-03-05T14:07:09"), "fmt": 5})  # noqa: F821
    add(f, "[{{ v|%s:fmt }}]" % f, {"v": DT("2024-03-05T14:07:09")})  # noqa: F821

# ---------------------------------------------------------------- timesince / timeuntil

BASE = "2024-03-05T14:07:09"
OFFSETS = ["2024-03-05T14:07:09", "2024-03-05T14:07:10", "2024-03-05T14:07:59", "2024-03-05T14:08:08",
           "2024-03-05T14:08:09", "2024-03-05T15:07:08", "2024-03-05T15:07:09", "2024-03-06T14:07:08",
           "2024-03-06T14:07:09", "2024-03-12T14:07:09", "2024-03-12T14:06:09", "2024-04-05T14:07:09",
           "2024-04-05T14:07:08", "2024-04-04T14:07:09", "2025-03-05T14:07:09", "2025-03-05T14:07:08",
           "2025-04-06T15:08:10", "2034-03-05T14:07:09", "2024-03-31T00:00:00", "2024-02-29T14:07:09",
           "2023-03-05T14:07:09", "2024-03-05T14:06:09", "2024-03-05T13:07:09", "2024-03-04T14:07:09",
           "2024-02-05T14:07:09", "2024-01-31T00:00:00", "2000-01-01T00:00:00", "2024-03-26T14:07:09",
           "2024-05-31T23:59:59", "2024-12-25T00:00:00", "2099-12-31T23:59:59", "2024-03-05T14:07:09.500000"]
for o in OFFSETS:
    for f in ["timesince", "timeuntil"]:
        add(f, "[{{ a|%s:b }}]" % f, {"a": DT(BASE), "b": DT(o)})  # noqa: F821
        add(f, "[{{ a|%s:b }}]" % f, {"a": DT(o), "b": DT(BASE)})  # noqa: F821
PAIRS = [("2024-01-31", "2024-02-29"), ("2024-01-31", "2024-03-01"), ("2023-01-31", "2023-02-28"),
         ("2024-02-29", "2025-02-28"), ("2024-02-29", "2025-03-01"), ("2020-02-29", "2024-02-29"),
         ("2024-03-31", "2024-04-30"), ("2024-01-15", "2024-03-14"), ("2024-01-15", "2024-03-15"),
         ("2023-12-31", "2024-01-01"), ("2024-08-31", "2024-09-30"), ("2022-05-31", "2024-06-30")]
for a, b in PAIRS:
    for f in ["timesince", "timeuntil"]:
        add(f, "[{{ a|%s:b }}]" % f, {"a": D(a), "b": D(b)})  # noqa: F821
        add(f, "[{{ a|%s:b }}]" % f, {"a": D(b), "b": D(a)})  # noqa: F821
        add(f, "[{{ a|%s:b }}]" % f, {"a": DT(a + "T10:00:00"), "b": D(b)})  # noqa: F821
        add(f, "[{{ a|%s:b }}]" % f, {"a": D(a), "b": DT(b + "T09:00:00")})  # noqa: F821
for _ in range(60):
    a = "%04d-%02d-%02dT%02d:%02d:%02d" % (rnd.randint(2000, 2030), rnd.randint(1, 12), rnd.randint(1, 28),
                                           rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59))
    b = "%04d-%02d-%02dT%02d:%02d:%02d" % (rnd.randint(2000, 2030), rnd.randint(1, 12), rnd.randint(1, 28),
                                           rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59))
    add("timesince", "[{{ a|timesince:b }}]", {"a": DT(a), "b": DT(b)})  # noqa: F821
    add("timeuntil", "[{{ a|timeuntil:b }}]", {"a": DT(a), "b": DT(b)})  # noqa: F821
for bad in [None, "", "x", 0, [], T("10:00:00")]:
    for f in ["timesince", "timeuntil"]:
        add(f, "[{{ a|%s:b }}]" % f, {"a": bad, "b": DT(BASE)})  # noqa: F821
        if bad:
            # A false argument means "now": never the current clock here.
            add(f, "[{{ a|%s:b }}]" % f, {"a": DT(BASE), "b": bad})  # noqa: F821
add("timesince", "[{{ a|timesince:b }}]", {"a": T("10:00:00"), "b": T("12:30:00")})  # noqa: F821

# ---------------------------------------------------------------- stringformat

SF_VALS = [0, 1, -1, 42, -42, 255, 65, 1114111, 10**20, -10**20, 0.0, -0.0, 0.5, -0.5, 1.5, 2.5, 3.14159, -3.14159,
           1e20, 1e-7, 123456.789, 1e16, 1e300, "abc", "", "<b>&", "日本", "42", None, True, False, [1, 2], {"a": 1}]
SF_CONV = ["d", "i", "o", "u", "x", "X", "e", "E", "f", "F", "g", "G", "c", "r", "s", "a", "%"]
SF_FLAGS = ["", "#", "0", "-", " ", "+", "#0", "-+", " 0", "+0", "-#"]
for v in SF_VALS:
    for c in SF_CONV:
        add("stringformat", "[{{ v|stringformat:\"%s\" }}]" % c, {"v": v})
    for _ in range(6):
        spec = rnd.choice(SF_FLAGS) + rnd.choice(["", "", "1", "5", "12"]) + rnd.choice(["", "", ".0", ".2", ".10"]) + \
            rnd.choice(SF_CONV)
        add("stringformat", "[{{ v|stringformat:%s }}]" % q(spec), {"v": v})  # noqa: F821
for spec in ["*d", ".*f", "(x)s", "ld", "hd", "Ld", "5.2.1f", "-", "0", "5", "%%", "s%s", "d ", " d", "\"", "ss"]:
    for v in [42, "x", 1.5]:
        add("stringformat", "[{{ v|stringformat:%s }}]" % q(spec), {"v": v})  # noqa: F821
for v in ["<b>", "a&b"]:
    add("stringformat", "[{{ v|stringformat:\"s\" }}]", {"v": v}, False)
    add("stringformat", "[{{ v|safe|stringformat:\"r\" }}]", {"v": v})

# ---------------------------------------------------------------- floatformat

FF_VALS = [0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 0.05, 0.005, 0.0005, 1.005, 2.675, 123.456, -123.456,
           1e16, 1e20, 1e-10, 1e300, 10**20, -10**20, 10**30, 9999.99999, 0.9999, -0.9999, 34.23234, 34.00000,
           "0", "-0", "1.2345678901234567890", "-0.0001", "1e-10", "1E5", "  1.5  ", "1_000.5", "nan", "NaN",
           "inf", "-inf", "Infinity", "sNaN", "1e400", "-1e400", "0.000", "12.", ".5", "+3.25", "1,5", "0x10",
           "99999999999999999999.99", "-99.995", "1.0e+2", True, False, None, "", "abc", [1], "١٢٣"]
FF_ARGS = ["", "0", "1", "2", "3", "-1", "-2", "-3", "10", "-10", "25", "\"2\"", "\"-2\"", "\"x\"", "\"g\"", "\"3g\"",
           "\"-3g\"", "\"u\"", "\"2u\"", "\"-2u\"", "\"2gu\"", "\"-2ug\"", "1.5", "\"1.5\"", "None", "True", "\" 2\""]
for v in FF_VALS:
    for a in FF_ARGS:
        t = "[{{ v|floatformat }}]" if a == "" else "[{{ v|floatformat:%s }}]" % a
        add("floatformat", t, {"v": v})

# ---------------------------------------------------------------- slice

SL_VALS = [["a", "b", "c", "d", "e", "f", "g"], "abcdefg", "日本語テキスト", "", [], [1], "x", None, 12345, True,
           {"a": 1, "b": 2}, "a\u0301e\u0301"]
SL_ARGS = [":", "::", "::-1", "-1:", ":-1", "1:-1:2", "-3:", ":-3", "2:5", "5:2", "5:2:-1", "::2", "1::2", "::-2",
           "-1::-1", "", "0", "1", "-1", "3", "100", "-100:", ":100", "1:2:0", "x", "1:x", "1:2:3:4", " 1:3",
           "1 : 3", "+1:", "None:2", ":None", "1.5:", "0:0", "-0:"]
for v in SL_VALS:
    for a in SL_ARGS:
        add("slice", "[{{ v|slice:%s }}]" % q(a), {"v": v})  # noqa: F821
for a in [0, 1, -1, 2]:
    add("slice", "[{{ v|slice:%d }}]" % a, {"v": "abcdef"})
    add("slice", "[{{ v|slice:%d }}]" % a, {"v": ["a", "b", "c"]})
add("slice", "[{{ v|slice:\":2\" }}]", {"v": ["<a>", "&"]}, False)

# ---------------------------------------------------------------- truncation

TR_VALS = ["Joel is a slug", "é à ü ö ß straße café", "日本語 の テキスト です よ", "a\u0301b\u0301c\u0301 d\u0301e\u0301",
           "<p>Hello <b>big</b> world</p>", "<a href=\"x\">link text here</a> and more", "<p>one</p><p>two three</p>",
           "<br/>a b c<br />d", "<!-- c --> a b c d", "<script>var x = 1 < 2;</script> a b c", "&amp; &lt;tag&gt; word",
           "&eacute;t&eacute; long words", "<b>unclosed <i>tags a b c", "a <b >b</b > c <i\n>d</i>", "<img src=x> a b",
           "😀😃😄 😁😆 😅", "word\u00a0nbsp\u2003em space", "  lead  trail  ", "one\ntwo\tthree\rfour",
           "<p>\n  para\n</p>", "x" * 25, "<b>" + "y" * 25 + "</b>", "…already… ellipsis", ""]
for f in ["truncatechars", "truncatewords", "truncatechars_html", "truncatewords_html"]:
    for v in TR_VALS:
        for a in ["0", "1", "2", "3", "5", "8", "13", "30", "-1"]:
            add(f, "[{{ v|%s:%s }}]" % (f, a), {"v": v})
        add(f, "[{{ v|%s:4 }}]" % f, {"v": v}, False)
        add(f, "[{{ v|safe|%s:4 }}]" % f, {"v": v})

# ---------------------------------------------------------------- wordwrap

WW_VALS = ["Joel is a slug", "this is a long paragraph of text that really needs to be wrapped", "a b c d e f g h",
           "supercalifragilisticexpialidocious word", "line one\nline two is longer\n\nline four", "trailing\n",
           "\n\nleading", "tabs\there\tand\tthere", "日本語 テキスト です 日本語テキストです", "é à ü ö ß straße café au lait",
           "  leading spaces and  double  spaces", "hyphen-ated-words are-here", "x", "", "a\r\nb c d\re f", "<b>x</b> & y",
           "multiple   \n   spaces around newline", "ends with space ", 12345, None]
for v in WW_VALS:
    for a in ["1", "2", "3", "5", "8", "10", "20", "80"]:
        add("wordwrap", "[{{ v|wordwrap:%s }}]" % a, {"v": v})
    add("wordwrap", "[{{ v|wordwrap:5 }}]", {"v": v}, False)
for a in ["0", "-1", "\"x\"", "\"4\"", "1.5"]:
    add("wordwrap", "[{{ v|wordwrap:%s }}]" % a, {"v": "a bb ccc dddd"})

# ---------------------------------------------------------------- ljust / rjust / center

PAD_VALS = ["", "a", "ab", "abc", "日本", "é", "e\u0301", "😀", "<&>", "straße", 42, None, -1.5, ["a"]]
for f in ["ljust", "rjust", "center"]:
    for v in PAD_VALS:
        for a in ["0", "1", "2", "3", "4", "5", "6", "7", "10", "-3", "\"6\""]:
            add(f, "[{{ v|%s:%s }}]" % (f, a), {"v": v})
        add(f, "[{{ v|%s:7 }}]" % f, {"v": v}, False)

# ---------------------------------------------------------------- linebreaks / urlize

LB_VALS = ["a\nb", "a\n\nb", "a\n\n\n\nb", "\na\n", "a\r\n\r\nb\r\nc", "a\rb\r\rc", " \n \n ", "x\n \ny",
           "<p>a</p>\n\n<p>b</p>", "a & b\n<c>", "\t\n\t", "\u2028line sep\u2029para sep", "a\x0bb\x0cc\x1cd",
           "end\n\n", "\n\n", "😀\n😀", "one\n\ntwo\n\nthree\nfour"]
for f in ["linebreaks", "linebreaksbr"]:
    for v in LB_VALS:
        add(f, "[{{ v|%s }}]" % f, {"v": v})
        add(f, "[{{ v|%s }}]" % f, {"v": v}, False)
        add(f, "[{{ v|safe|%s }}]" % f, {"v": v})

URL_VALS = ["see http://example.com.", "(http://example.com)", "[http://example.com]", "http://example.com/a_(b)",
            "<http://example.com>", "\"http://example.com\"", "'www.example.com'", "www.example.com/path?q=1&r=2",
            "mail me@example.com!", "me@example.com, you@example.org", "me@ex@ample.com", "a@b", "user@localhost",
            "http://例え.テスト/パス", "https://user:pass@example.com:8080/p?q#f", "example.com", "example.org.",
            "goo.gl", "sub.example.co.uk", "http://example.com/?a=1&amp;b=2", "&lt;http://example.com&gt;",
            "http://example.com/<script>", "ftp://example.com", "HTTP://EXAMPLE.COM", "www.ex ample.com",
            "http://-bad-.com", "http://example.com/…", "text http://a.b text www.c.d e@f.gh", "javascript:alert(1)",
            "http://example.com/%20space", "http://[::1]:80/", "http://127.0.0.1/", "x.com;", "www.example.com!!!",
            "http://example.com).", "http://example.com'); alert(1)//", "http://example.com/\"quoted\"",
            "https://example.com/path/to/a/really/long/resource/name.html", "Email: <a@b.com>", "foo@bar.com."]
for v in URL_VALS:
    add("urlize", "[{{ v|urlize }}]", {"v": v})
    add("urlize", "[{{ v|urlize }}]", {"v": v}, False)
    add("urlize", "[{{ v|safe|urlize }}]", {"v": v})
    for a in ["0", "1", "5", "10", "15", "30"]:
        add("urlizetrunc", "[{{ v|urlizetrunc:%s }}]" % a, {"v": v})
    add("urlizetrunc", "[{{ v|urlizetrunc:12 }}]", {"v": v}, False)

# ---------------------------------------------------------------- escaping

EJ_VALS = ["\x00\x07\x08\t\n\x0b\x0c\r\x1b\x1f", "\"'\\`", "<>&=-;", "\u2028\u2029\u0085", "\x7f\x80\x9f\xa0",
           "é日😀", "</script><!--", "a\\u0041", "${x}", "", 123, None, True, ["<a>"]]
for v in EJ_VALS:
    add("escapejs", "[{{ v|escapejs }}]", {"v": v})
    add("escapejs", "[{{ v|escapejs }}]", {"v": v}, False)
URLENC_VALS = ["http://example.com/a b?x=1&y=2#f", "~-._!*'();:@&=+$,/?#[]%", "ünï/日本", "a%20b%zz%2", " ", "", 5,
               None, "\x00\x7f"]
for v in URLENC_VALS:
    add("iriencode", "[{{ v|iriencode }}]", {"v": v})
    for a in ["\"\"", "\"/\"", "\":/?=&\"", "\"~\"", "\"abc\"", "\"%\"", "\" \"", "\"日\"", "1"]:
        add("urlencode", "[{{ v|urlencode:%s }}]" % a, {"v": v})
    add("urlencode", "[{{ v|urlencode }}]", {"v": v}, False)

# ---------------------------------------------------------------- pluralize / yesno / default_if_none

PL_VALS = [0, 1, 2, -1, -2, 1.0, 0.5, 1.5, "0", "1", "2", "1.0", "abc", "", None, True, False, [], [1], [1, 2],
           {"a": 1}, 10**20]
PL_ARGS = ["", "\"es\"", "\"y,ies\"", "\",\"", "\",s\"", "\"y,\"", "\"a,b,c\"", "\"\"", "\",,\"", "\"<b>,&\"",
           "\"one,many\"", "1", "\" , \""]
for v in PL_VALS:
    for a in PL_ARGS:
        t = "[{{ v|pluralize }}]" if a == "" else "[{{ v|pluralize:%s }}]" % a
        add("pluralize", t, {"v": v})
add("pluralize", "[{{ v|pluralize:\"<b>,&\" }}]", {"v": 2}, False)

YN_VALS = [True, False, None, 0, 1, "", "x", [], [0], {}, 0.0, "False"]
YN_ARGS = ["", "\"yes,no\"", "\"yes,no,maybe\"", "\"yes\"", "\"a,b,c,d\"", "\",\"", "\",,\"", "\"\"", "\"<y>,&n\"",
           "\"y,n,\"", "1"]
for v in YN_VALS:
    for a in YN_ARGS:
        t = "[{{ v|yesno }}]" if a == "" else "[{{ v|yesno:%s }}]" % a
        add("yesno", t, {"v": v})
add("yesno", "[{{ v|yesno:\"<y>,&n\" }}]", {"v": True}, False)

for v in [None, "", 0, False, [], "x", "<b>", 1.5]:
    for a in ["\"d\"", "\"<d>\"", "None", "0", "v", "w"]:
        add("default_if_none", "[{{ v|default_if_none:%s }}]" % a, {"v": v, "w": "<w>"})
        add("default", "[{{ v|default:%s }}]" % a, {"v": v, "w": "<w>"})
add("default_if_none", "[{{ missing|default_if_none:\"d\" }}]", {})

# ---------------------------------------------------------------- filesizeformat

FS_VALS = [0, 1, 2, 1023, 1024, 1025, 1536, 1024 * 1024 - 1, 1024 * 1024, 1024 ** 2 * 1.5, 1024 ** 3 - 1, 1024 ** 3,
           1024 ** 4 - 1, 1024 ** 4, 1024 ** 5 - 1, 1024 ** 5, 1024 ** 6, 1024 ** 7, 1024 ** 8, -1, -1023, -1024,
           -1024 ** 3, 0.5, 1023.95, 1023.96, 1024 * 10.05, 1e20, 1e300, -0.0, "1024", "1e3", "abc", "", None, True,
           [1], 10**30, 1048524.8, 1048525, 1073689395]
for v in FS_VALS:
    add("filesizeformat", "[{{ v|filesizeformat }}]", {"v": v})

# ---------------------------------------------------------------- dictsort

DS_LISTS = [
    [{"a": 2, "b": "x"}, {"a": 1, "b": "y"}, {"a": 3, "b": "z"}],
    [{"a": 2}, {"a": "1"}],
    [{"a": None}, {"a": 1}],
    [{"a": 1.5}, {"a": 1}, {"a": True}, {"a": 0}],
    [{"a": "b"}, {"a": "B"}, {"a": "a"}, {"a": "é"}, {"a": ""}],
    [{"a": [2, 1]}, {"a": [1, 5]}, {"a": [1]}],
    [{"a": 1}, {"b": 2}],
    [{"a": {"x": 2}}, {"a": {"x": 1}}],
    [["b", 2], ["a", 3], ["c", 1]],
    [[3, "x"], [1, "y"], [2]],
    ["cab", "abc", "bca"],
    [{"a": 1, "n": "one"}, {"a": 1, "n": "two"}, {"a": 0, "n": "zero"}],
    [],
    [{"a": 2}, 5],
    "abc",
    None,
    {"a": 1},
]
DS_ARGS = ["\"a\"", "\"b\"", "\"a.x\"", "0", "1", "\"0\"", "\"1\"", "-1", "\"n\"", "\"missing\"", "\"a.0\"", "\"\"",
           "\"_a\"", "\"a.b.c\"", "None"]
for lst in DS_LISTS:
    for a in DS_ARGS:
        for f in ["dictsort", "dictsortreversed"]:
            add(f, "[{{ v|%s:%s }}]" % (f, a), {"v": lst})

# ---------------------------------------------------------------- unordered_list

UL_VALS = [
    ["a", ["b", ["c", ["d", ["e"]]]]],
    [["a", "b"]],
    [["x"], "y"],
    ["a", [], "b"],
    ["a", ["b"], ["c"]],
    ["a", ["b", "c"], "d", ["e", ["f"]]],
    [1, [2.5, [None, [True]]]],
    ["<a>", ["&amp;", ["'q'"]]],
    [[]],
    [[[]]],
    ["only"],
    "abc",
    [{"k": "v"}],
    ["a", "b", ["c", "d"], ["e"]],
]
for v in UL_VALS:
    add("unordered_list", "[{{ v|unordered_list }}]", {"v": v})
    add("unordered_list", "[{{ v|unordered_list }}]", {"v": v}, False)
    add("unordered_list", "[{{ v|safeseq|unordered_list }}]", {"v": v})

# ---------------------------------------------------------------- small numeric/text filters

for v in [123456789, 0, 7, -123, "123", "-123", "12a", 12.5, 1.0, None, "", True, 10**20, "٣٤٥", [1]]:
    for a in ["0", "1", "2", "3", "9", "10", "-1", "\"2\"", "\"x\"", "1.5"]:
        add("get_digit", "[{{ v|get_digit:%s }}]" % a, {"v": v})
for v in ["1-800-FLOWERS", "ABC def GHI jkl MNO pqrs TUV wxyz", "ÀÉ qz QZ", "", 123, None, "<A>&B", "1-800-ß"]:
    add("phone2numeric", "[{{ v|phone2numeric }}]", {"v": v})
    add("phone2numeric", "[{{ v|phone2numeric }}]", {"v": v}, False)
for v in [0, 1, -12, 3.5, -0.0, 1e20, 10**20, True, False, None, "", "a\u0301", "<&>", ["a", "bc"], {"k": 1, "j": 2}]:
    add("make_list", "[{{ v|make_list }}]", {"v": v})
    add("make_list", "[{{ v|make_list }}]", {"v": v}, False)
JOIN_VALS = [[1, 2, 3], [1.5, None, True], [["a", "b"], ["c"]], [{"a": 1}], ["<a>", "&b"], [], ["x"], "abc", "", 12,
             None, {"a": 1, "b": 2}, [1, "<b>"], ["é", "日本"]]
for v in JOIN_VALS:
    for a in ["\", \"", "\"\"", "\"<br>\"", "\"&\"", "1", "None"]:
        add("join", "[{{ v|join:%s }}]" % a, {"v": v})
        add("join", "[{{ v|join:%s }}]" % a, {"v": v}, False)
    add("join", "[{{ v|safeseq|join:\"<br>\" }}]", {"v": v})

# ---------------------------------------------------------------- modern Django (as in gen_django_filters.py)

exec(section("# ---------------------------------------------------------------- modern Django",  # noqa: S102
             "\nfor c in cases:"))

ORIG_CONTEXT = dflt.Context  # noqa: F821


def modern_context(prec=None, **kw):
    """Django >= 5.0 (ticket #34272): floatformat raises its decimal
    precision to at least the default context's, so a zero with trailing
    zeros ("0.000") to few places no longer fails with ValueError."""
    return ORIG_CONTEXT(prec=max(decimal.getcontext().prec, prec), **kw)


PATCHES.append((  # noqa: F821
    "floatformat does not crash on zero with trailing zeros since Django 5.0 (ticket #34272)",
    lambda: set_attr(dflt, "Context", modern_context)))  # noqa: F821

for c in cases:
    modernize(c)  # noqa: F821

doc = {
    "django_version": django.get_version(),  # noqa: F821
    "settings": {"USE_TZ": False, "TIME_ZONE": "UTC", "USE_L10N": True, "USE_I18N": True,
                 "LANGUAGE_CODE": "en-us", "string_if_invalid": "", "debug": False},
    "generator": "template/filters/testdata/gen_django_filters2.py",
    "seed": SEED,
    "cases": cases,
}
with open(OUT, "w", encoding="utf-8") as f:
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, ensure_ascii=False)
    f.write(head[:-1] + ', "cases": [\n')
    f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
    f.write("\n]}\n")
print("%d cases -> %s" % (len(cases), OUT), file=sys.stderr)
