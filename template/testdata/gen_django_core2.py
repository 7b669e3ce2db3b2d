#!/usr/bin/env python3
"""Generate django_core2.json: a second round of engine-core cases rendered by real Django.

Run with the Django 3.2.25 that Debian ships:

    /usr/bin/python3 template/testdata/gen_django_core2.py > template/testdata/django_core2.json

Same schema and settings as django_core.json (gen_django_core.py), aimed at
what that round covered thinly: translated literals used as values,
non-string template names, {% cycle %} with as/silent in nested loops,
{% ifchanged %} with and without arguments and {% else %}, {% regroup %} on
dicts and lists with missing keys, {% firstof %} ... as, {% filter %} chains,
{% spaceless %}, {% templatetag %}, {% autoescape %} nesting with
safe/escape/force_escape, {% for %} reversed/unpacking/empty,
forloop.parentloop three levels deep, {% if %} operators over None, lists,
strings, ints, floats and bools with precedence, {% with %} with several
assignments, string and numeric literals, and lookups through dicts, lists
and integer indices. Randomness is seeded, so the file is reproducible.
Clock-dependent tags ({% now %}) and {% url %} are left out.
"""
import datetime
import itertools
import json
import random
import sys

import django
from django.conf import settings

settings.configure(
    USE_TZ=False, TIME_ZONE="UTC", USE_L10N=True, USE_I18N=True,
    LANGUAGE_CODE="en-us", INSTALLED_APPS=[],
)
django.setup()

from django.template import Context, Engine  # noqa: E402

CASES = []
NAMES = set()
COUNTERS = {}
SEEN = set()


def typed(v):
    """JSON value -> Python value (the $datetime/$date/$time convention)."""
    if isinstance(v, dict):
        if len(v) == 1:
            (k, s), = v.items()
            if k == "$datetime":
                return datetime.datetime.fromisoformat(s)
            if k == "$date":
                return datetime.date.fromisoformat(s)
            if k == "$time":
                return datetime.time.fromisoformat(s)
        return {k: typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [typed(x) for x in v]
    return v


def case(prefix, template, context=None, templates=None, autoescape=True):
    context = context or {}
    key = json.dumps([template, context, templates, autoescape], sort_keys=True)
    if key in SEEN:
        return
    SEEN.add(key)
    n = COUNTERS.get(prefix, 0) + 1
    COUNTERS[prefix] = n
    name = "%s_%03d" % (prefix, n)
    assert name not in NAMES
    NAMES.add(name)
    c = {"name": name, "template": template, "context": context, "autoescape": autoescape}
    if templates:
        c["templates"] = templates
    eng = Engine(
        loaders=[("django.template.loaders.locmem.Loader", dict(templates or {}))],
        autoescape=autoescape, string_if_invalid="", debug=False,
    )
    try:
        t = eng.from_string(template)
    except Exception as e:  # noqa: BLE001
        c.update(error=type(e).__name__, error_phase="parse", error_message=str(e))
        CASES.append(c)
        return
    try:
        # Through JSON, as the corpus harness does (fresh objects).
        out = t.render(Context(typed(json.loads(json.dumps(context))), autoescape=autoescape))
    except Exception as e:  # noqa: BLE001
        c.update(error=type(e).__name__, error_phase="render", error_message=str(e))
        CASES.append(c)
        return
    c["output"] = str(out)
    CASES.append(c)


rng = random.Random(20261122)

# ---------------------------------------------------------------- translated literals as values
LZ = {"l": ["5", 1], "n": 5, "s": "x", "h": "<h>", "d": {"a": 1, "5": "five"}, "e": "", "none": None, "t": "abc"}
lazy_tpls = [
    '{{ 3|add:_("5") }}', '{{ _("5")|add:3 }}', '{{ _("5")|add:"1" }}', '{{ "1"|add:_("5") }}', '{{ _("5")|add:_("1") }}',
    '{{ _("<b>")|add:"<i>" }}', '{{ _("<b>")|add:h }}', '{{ h|add:_("<b>") }}',
    '{% with v=_("5") %}{{ v }}|{{ v|add:1 }}|{{ v|add:v }}|{{ "a"|add:v }}|{{ s|add:v }}|{{ v|add:s }}|{{ l|add:v }}{% endwith %}',
    '{% widthratio _("5") 10 100 %}', '{% widthratio 5 _("10") 100 %}', '{% widthratio 5 10 _("100") %}',
    '{% widthratio _("5") 10 100 as w %}[{{ w }}]', '{% with v=_("5") %}{% widthratio v 10 100 %}{% endwith %}',
    '{% with v=_("50") %}{% widthratio 5 10 v %}{% endwith %}',
]
lazy_vals = ['_("5")', '_("")', '_("abc")', '_("<b>")', '_("1")', '_("a,b")', '_("5.5")', "_('x')", '_("é")']
lazy_filters = ["", "|add:1", "|add:'1'", "|add:l", "|floatformat", "|floatformat:2", "|filesizeformat", "|divisibleby:5",
                "|get_digit:1", "|pluralize", "|pluralize:'y,ies'", "|stringformat:'s'", "|stringformat:'5s'",
                "|stringformat:'d'", "|stringformat:'r'", "|length", "|first", "|last", "|slice:':2'", "|random|length",
                "|upper", "|lower", "|escape", "|force_escape", "|safe", "|safe|add:1", "|upper|add:1", "|default:'d'",
                "|default:'d'|add:1", "|default_if_none:'n'", "|yesno", "|yesno:'<y>,<n>'", "|pprint", "|safeseq",
                "|join:'-'", "|make_list", "|capfirst", "|title", "|cut:'b'", "|center:7", "|json_script:'i'",
                "|date:'Y'", "|time", "|dictsort:'0'", "|unordered_list", "|phone2numeric", "|escapejs",
                "|urlencode", "|linebreaksbr", "|wordcount", "|truncatechars:2", "|iriencode", "|slugify",
                "|make_list|first|add:1"]
for v in lazy_vals:
    for f in lazy_filters:
        lazy_tpls.append("{{ %s%s }}" % (v, f))
ops = ["==", "!=", "<", ">", "<=", ">=", "in", "not in", "is", "is not"]
others = ['"5"', "5", "'abc'", "s", "l", "d", "t", "none", '_("5")', "n", "'a'"]
for v in ['_("5")', '_("a")', '_("")', '_("abc")']:
    for op in ops:
        for o in others:
            lazy_tpls.append("{%% if %s %s %s %%}y{%% else %%}n{%% endif %%}" % (v, op, o))
            lazy_tpls.append("{%% if %s %s %s %%}y{%% else %%}n{%% endif %%}" % (o, op, v))
for v in ['_("5")', '_("<b>")', '_("ab")', '_("")']:
    for body in ["{{ v }}", "{{ v|add:1 }}", "{{ v|add:'1' }}", "{{ v.0 }}", "{{ v.upper }}", "{{ v|length }}",
                 "{% for c in v %}{{ c }},{% endfor %}", "{% for c in v reversed %}{{ c }}{% endfor %}",
                 "{% if v %}T{% else %}F{% endif %}", "{% if v is v %}same{% endif %}", "{{ 10|add:v }}",
                 "{{ 'abcdef'|truncatechars:v }}", "{{ 1.25|floatformat:v }}", "{{ l|join:v }}", "{{ 2|pluralize:v }}",
                 "{{ 1|yesno:v }}", "{{ 'abc'|cut:v }}", "{{ 'a b c'|truncatewords:v }}", "{{ 'x'|ljust:v }}|",
                 "{{ 10|divisibleby:v }}", "{{ e|default:v }}", "{% firstof e v %}", "{% cycle v 'z' %}",
                 "{% include 'inc.html' %}", "{% ifchanged v %}c{% endifchanged %}", "{{ v|stringformat:'s' }}"]:
        lazy_tpls.append("{%% with v=%s %%}%s{%% endwith %%}" % (v, body))
for tpl in lazy_tpls:
    case("lazy", tpl, LZ, templates={"inc.html": "[{{ v }}{{ v|add:1 }}]", "a": "A", "5": "FIVE"})
# a "%" in a translated literal is doubled (gettext's message id format)
for tpl in ['{{ _("50%") }}', '{{ _("50%")|length }}', '{% with v=_("a%b") %}{{ v }}{{ v|upper }}{% endwith %}',
            '{{ e|default:_("5%") }}', '{% if _("5%") == "5%" %}y{% else %}n{% endif %}', '{% firstof _("%") %}',
            '{{ _("%s")|stringformat:"s" }}', '{% for c in _("%") %}{{ c }}{% endfor %}', '{{ "x"|add:_("%") }}',
            '{% with v=_("%%") %}{{ v }}{% endwith %}', '{{ _("%(x)s") }}', '{% cycle _("%") "b" %}', "{{ _('100 %')|upper }}"]:
    case("lazy_pct", tpl, LZ)
for tpl in ['{% include _("inc.html") %}', '{% include _("a") %}', '{% include _("5") %}', '{% extends _("a") %}',
            '{% include "inc.html" with v=_("5") %}', '{% include _("") %}', '{% extends _("") %}']:
    case("lazy_inc", tpl, LZ, templates={"inc.html": "[{{ v }}{{ v|add:1 }}]", "a": "A", "5": "FIVE"})
# ... and in the first round's places, but as the value of a tag argument
for tpl in ['{% firstof _("") _("0") %}', '{% firstof _("<b>") %}', '{% firstof x _("<b>") as v %}{{ v }}{{ v|add:"1" }}',
            '{% for x in l %}{% cycle _("<a>") _("b") as c %}{{ c|add:"!" }}{% endfor %}',
            '{% for x in l %}{% ifchanged _("a") %}{{ x }}{% endifchanged %}{% endfor %}',
            '{% regroup l by 0 as g %}{{ g|length }}', '{% with a=_("1") b=_("2") %}{{ a }}{{ b }}{{ a|add:b }}{% endwith %}',
            '{% autoescape off %}{{ _("<b>")|first }}{{ _("<b>")|pprint }}{% endautoescape %}',
            '{% autoescape off %}{% with v=_("<b>") %}{{ v|force_escape }}{{ v|slice:":2" }}{% endwith %}{% endautoescape %}']:
    case("lazy_tag", tpl, LZ)

# ---------------------------------------------------------------- template names that are not strings
TN = {"inc.html": "I", "a": "A", "1": "ONE", "None": "NONE", "True": "TRUE", "base.html": "<{% block b %}B{% endblock %}>"}
for val in [5, 1, 0, 1.5, 0.0, True, False, None, [], {}, ["inc.html"], [1, "inc.html"], [None, "a"], [["inc.html"]],
            [{"a": 1}], {"a": 1}, {"x": 1, "inc.html": 2}, "a", "", "1", ["1"], [1], [True], [0, ""], ["", "a"],
            ["nope", "a"], "nope", [1.5], -1, 10**20]:
    case("tname", "{% include n %}", {"n": val}, templates=TN)
    case("tname", "{% extends n %}{% block b %}c{% endblock %}", {"n": val}, templates=TN)
for lit in ["5", "1", "0", "1.5", "None", "True", "False", "-1", "'1'", "'a'", "''", "n|length", "n|first", "n|make_list",
            "n|slice:'1'", "n.0", "n.1", "n|default:1"]:
    case("tname_lit", "{%% include %s %%}" % lit, {"n": ["a", "inc.html"]}, templates=TN)
    case("tname_lit", "{%% extends %s %%}" % lit, {"n": ["a", "inc.html"]}, templates=TN)

# ---------------------------------------------------------------- cycle
CY = {"l": [1, 2, 3], "m": ["a", "b"], "rows": [[1, 2], [3], [], [4, 5, 6]], "v": "<v>", "w": "&w", "e": [], "n": None}
cyc_parts = ["{% cycle 'a' 'b' %}", "{% cycle 'a' 'b' 'c' %}", "{% cycle 'x' 'y' as c %}", "{% cycle 'x' 'y' as c silent %}",
             "{% cycle c %}", "{{ c }}", "{% resetcycle %}", "{% resetcycle c %}", "{% cycle v w %}", "{% cycle v|safe w %}",
             "{% cycle 1 2 as num %}{{ num|add:10 }}", "{% cycle x 'z' %}", "{% cycle forloop.counter 'k' %}",
             "{{ forloop.counter }}", "{% cycle 'p' %}", "{% cycle '<' '>' %}", "{% cycle 'a' 'b' as d silent %}{{ d }}"]
for i in range(260):
    depth = rng.choice([1, 1, 2, 2, 3])
    seqs = ["l", "m", "rows", "e", "x", "l reversed"]

    def body(d):
        parts = []
        for _ in range(rng.randrange(1, 4)):
            if d > 0 and rng.random() < 0.4:
                seq = "x" if rng.random() < 0.5 else rng.choice(["l", "m"])
                inner = body(d - 1)
                emp = "{% empty %}E" if rng.random() < 0.3 else ""
                parts.append("{%% for y in %s %%}%s%s{%% endfor %%}" % (seq, inner, emp))
            else:
                parts.append(rng.choice(cyc_parts))
        return "".join(parts)
    pre = rng.choice(["", "", "{% cycle 'x' 'y' as c silent %}", "{% cycle 'x' 'y' as c %}", "{% cycle 'q' 'r' as c %}{% cycle c %}"])
    tpl = "%s{%% for x in %s %%}%s{%% endfor %%}%s" % (pre, rng.choice(["rows", "l", "m", "e"]), body(depth - 1),
                                                      rng.choice(["", "{{ c }}", "{% cycle c %}", "{% cycle c %}{{ c }}"]))
    case("cycle2", tpl, CY, autoescape=rng.random() < 0.8)
for tpl in ["{% cycle 'a' 'b' as c silent %}{{ c }}{% cycle c %}{{ c }}{% cycle c %}{{ c }}",
            "{% cycle 'a' 'b' as c %}{% with c='w' %}{{ c }}{% cycle c %}{% endwith %}{{ c }}",
            "{% for x in l %}{% cycle 'a' 'b' as c silent %}{% endfor %}{{ c }}|{% cycle c %}",
            "{% for x in l %}{% cycle 'a' 'b' as c %}{% for y in m %}{% cycle c %}{% endfor %}|{% endfor %}",
            "{% for x in l %}{% for y in m %}{% cycle 'a' 'b' 'c' as c %}{% endfor %}{% resetcycle c %}|{% endfor %}",
            "{% for x in l %}{% cycle 'a' 'b' as c silent %}{% if forloop.last %}{{ c }}{% endif %}{% endfor %}",
            "{% for x in l %}{% cycle 'a' 'b' %}{% cycle 'a' 'b' %}{% endfor %}",
            "{% for x in l %}{% cycle 'a' 'b' as c %}{% cycle 'a' 'b' as c %}{% endfor %}",
            "{% cycle 'a' 'b' as c silent %}{% for x in l %}{% cycle c %}{% endfor %}{{ c }}",
            "{% for x in l %}{% cycle 'a' 'b' as c silent %}{% include 'cyc.html' %}{% endfor %}",
            "{% for x in l %}{% include 'cyc.html' %}{% endfor %}", "{% include 'cyc2.html' %}{% include 'cyc2.html' %}",
            "{% cycle 'a' 'b' as c silent %}{% resetcycle %}{% cycle c %}", "{% resetcycle c %}", "{% cycle c silent %}",
            "{% cycle 'a' 'b' as c silent %}{% cycle c silent %}", "{% cycle 'a' silent %}", "{% cycle 'a' 'b' silent %}",
            "{% cycle 'a' as %}", "{% cycle as c %}", "{% cycle 'a' 'b' as c sillent %}", "{% cycle 'a' 'b' c silent %}",
            "{% for x in l %}{% cycle x|add:1 x|add:2 as c %}{% endfor %}{{ c }}",
            "{% autoescape off %}{% for x in l %}{% cycle v w as c %}{{ c }}{% endfor %}{% endautoescape %}",
            "{% for x in l %}{% cycle v w as c silent %}{{ c|safe }}{% endfor %}"]:
    case("cycle2_misc", tpl, CY, templates={"cyc.html": "[{% cycle 'i' 'j' %}{{ c }}]", "cyc2.html": "{% cycle 'u' 'v' as k %}{% cycle k %}"})

# ---------------------------------------------------------------- ifchanged
IC = {"l": [1, 1, 2, 2, 3, 1, 1], "s": ["a", "a", "b"], "days": [{"d": 1, "h": 1}, {"d": 1, "h": 2}, {"d": 2, "h": 2}, {"d": 2, "h": 3}],
      "grid": [[1, 1], [1, 2], [2, 2]], "e": [], "n": None}
ic_bodies = ["{{ x }}", "x", "{{ forloop.counter }}", "{{ x.d }}", "-", "{% cycle 'a' 'b' %}", "<{{ x }}>", ""]
ic_args = ["", " x", " x.d", " x.h", " x.d x.h", " forloop.counter", " 'k'", " missing", " x|add:0", " x.0", " y"]
for i in range(200):
    seq = rng.choice(["l", "s", "days", "grid"])
    inner = "{%% ifchanged%s %%}%s" % (rng.choice(ic_args), rng.choice(ic_bodies))
    if rng.random() < 0.5:
        inner += "{% else %}" + rng.choice(ic_bodies + ["."])
    inner += "{% endifchanged %}"
    if rng.random() < 0.3:
        inner = "{%% for y in %s %%}%s{%% endfor %%}|" % (rng.choice(["x", "l", "s"]), inner.replace(" x", " y").replace("{{ x", "{{ y"))
    extra = rng.choice(["", "", "{% ifchanged %}{{ x }}{% endifchanged %}", "{% ifchanged x %}!{% endifchanged %}"])
    case("ifchanged2", "{%% for x in %s %%}%s%s{%% endfor %%}" % (seq, inner, extra), IC)
for tpl in ["{% ifchanged %}a{% endifchanged %}{% ifchanged %}a{% endifchanged %}",
            "{% for x in l %}{% ifchanged %}{% ifchanged %}{{ x }}{% endifchanged %}{% endifchanged %}{% endfor %}",
            "{% for x in l %}{% ifchanged %}{{ x }}{% else %}{% ifchanged %}{{ x }}{% endifchanged %}{% endifchanged %}{% endfor %}",
            "{% for x in days %}{% ifchanged x.d %}<{{ x.d }}>{% for y in l %}{% ifchanged y %}{{ y }}{% endifchanged %}{% endfor %}{% endifchanged %}{% endfor %}",
            "{% for x in e %}{% ifchanged x %}{{ x }}{% endifchanged %}{% empty %}E{% endfor %}",
            "{% for x in l %}{% with z=x %}{% ifchanged z %}{{ z }}{% endifchanged %}{% endwith %}{% endfor %}",
            "{% for x in l %}{% ifchanged x %}{{ x }}{% else %}{% cycle 'a' 'b' %}{% endifchanged %}{% endfor %}",
            "{% for x in l %}{% ifchanged %}{% cycle 'a' 'b' %}{% endifchanged %}{% endfor %}",
            "{% for x in l %}{% include 'ic.html' %}{% endfor %}",
            "{% for x in l %}{% ifchanged x %}{{ x }}{% else %}s{% else %}t{% endifchanged %}{% endfor %}",
            "{% for x in l %}{% ifchanged x %}{{ x }}{% endifchanged x %}{% endfor %}",
            "{% for x in l %}{% ifchanged x as y %}{{ x }}{% endifchanged %}{% endfor %}",
            "{% for x in n %}{% ifchanged %}{% endifchanged %}{% endfor %}ok"]:
    case("ifchanged2_misc", tpl, IC, templates={"ic.html": "{% ifchanged %}{{ x }}{% endifchanged %}"})

# ---------------------------------------------------------------- regroup
RG = {"p": [{"n": "A", "g": "m", "c": {"k": 1}}, {"n": "B", "g": "m"}, {"n": "C", "g": None, "c": {"k": 1}},
            {"n": "D"}, {"n": "E", "g": "f", "c": {"k": 2}}, {"n": "F", "g": "f"}],
      "lists": [["a", 1], ["a", 2], ["b", 3], ["c"], [], ["b", 4]], "mixed": [{"g": 1}, ["g"], "g", 5, None],
      "d": {"x": {"g": 1}, "y": {"g": 1}}, "nums": [1, 1, 2, 3, 3, 3], "strs": ["aa", "ab", "ba"], "e": [], "n": None,
      "nested": [{"t": {"u": "p"}, "v": 1}, {"t": {"u": "p"}, "v": 2}, {"t": {"u": "q"}, "v": 3}]}
rg_srcs = ["p", "lists", "mixed", "d", "nums", "strs", "e", "n", "missing", "nested", "p|dictsort:'n'", "lists|slice:'3'", "d.items",
           "d.values", "p|slice:'::-1'"]
rg_keys = ["g", "n", "c", "c.k", "missing", "0", "1", "2", "g.upper", "t.u", "v", "real", "0.0", "g|default:'?'", "n|lower"]
rg_shows = ["{% for x in grp %}{{ x.grouper }}:{{ x.list|length }};{% endfor %}",
            "{% for x in grp %}[{{ x.grouper }}]{% for i in x.list %}{{ i.n }}{{ i.0 }}{% endfor %}{% endfor %}",
            "{% for g, l in grp %}{{ g }}={{ l|length }},{% endfor %}", "{{ grp|length }}", "{{ grp.0.grouper }}|{{ grp.1.list }}",
            "{% for x in grp %}{{ x }};{% endfor %}"]
for src in rg_srcs:
    for key in rg_keys:
        case("regroup2", "{%% regroup %s by %s as grp %%}%s" % (src, key, rng.choice(rg_shows)), RG)
for tpl in ["{% regroup p by g as grp %}{% regroup grp by grouper as g2 %}{{ g2|length }}",
            "{% regroup p by g as p %}{{ p|length }}", "{% for q in lists %}{% regroup lists by 0 as grp %}{% endfor %}{{ grp|length }}",
            "{% regroup p by g as grp %}{% for x in grp %}{% regroup x.list by c.k as sub %}{{ x.grouper }}({{ sub|length }}){% endfor %}",
            "{% regroup p by 'g' as grp %}{{ grp|length }}", "{% regroup p by _('g') as grp %}{{ grp|length }}",
            "{% regroup p by g  as  grp %}{{ grp|length }}", "{% regroup p by g as grp.x %}", "{% regroup p by as grp %}",
            "{% regroup p by g by n as grp %}", "{% regroup p|length by g as grp %}{{ grp }}",
            "{% regroup nums by real as grp %}{% for x in grp %}{{ x.grouper }}{% endfor %}"]:
    case("regroup2_misc", tpl, RG)

# ---------------------------------------------------------------- firstof ... as
FO = {"a": "", "b": 0, "c": "<c>", "n": None, "f": False, "l": [], "t": [0], "d": {}, "s": "S"}
fo_args = ["a", "b", "c", "n", "f", "l", "t", "d", "s", "missing", "'lit'", "'<lit>'", "0", "''", "None", "1.5", "c|safe",
           "c|upper", "a|default:'def'", "_('tr')", "_('')", "b|add:1", "s|lower"]
for i in range(160):
    args = " ".join(rng.choice(fo_args) for _ in range(rng.randrange(1, 4)))
    asv = rng.choice(["", " as v", " as v", " as c"])
    after = "{{ v }}|{{ c }}" if asv else ""
    case("firstof2", "{%% firstof %s%s %%}%s" % (args, asv, after), FO, autoescape=rng.random() < 0.75)
for tpl in ["{% firstof as %}", "{% firstof a as %}", "{% firstof a as v w %}", "{% firstof a as as %}{{ as }}",
            "{% firstof a b as v %}{{ v|default:'empty' }}", "{% with v='old' %}{% firstof c as v %}{{ v }}{% endwith %}{{ v }}",
            "{% for x in t %}{% firstof x s as v %}{% endfor %}{{ v }}", "{% firstof c as v %}{% autoescape off %}{{ v }}{% endautoescape %}",
            "{% autoescape off %}{% firstof c as v %}{% endautoescape %}{{ v }}", "{% firstof 'a' 'b' as v %}{{ v|add:'!' }}"]:
    case("firstof2_misc", tpl, FO)

# ---------------------------------------------------------------- filter tag chains, spaceless, templatetag
FT = {"s": "<b>Hello</b>  World & 'q'", "l": ["x", "y"], "n": 5, "h": "<i>", "e": ""}
chains = ["upper", "lower", "title", "capfirst", "escape", "force_escape", "safe", "striptags", "cut:' '", "slice:':5'",
          "truncatechars:6", "wordcount", "length", "first", "last", "center:30", "linebreaksbr", "urlize", "addslashes",
          "default:'D'", "make_list", "join:'-'", "add:'!'", "escapejs", "iriencode", "urlencode", "slugify", "wordwrap:5",
          "yesno", "stringformat:'s'", "truncatewords:1", "pluralize", "rjust:20", "force_escape|safe"]
for i in range(220):
    chain = "|".join(rng.choice(chains) for _ in range(rng.randrange(1, 4)))
    body = rng.choice(["{{ s }}", "{{ h }}", "<a>{{ n }}</a>", "x & y", "{{ s|safe }}", "{{ l }}", "", "{% for x in l %}{{ x }} {% endfor %}",
                       "{% filter upper %}{{ h }}{% endfilter %}", "{% autoescape off %}{{ h }}{% endautoescape %}"])
    case("filter2", "{%% filter %s %%}%s{%% endfilter %%}" % (chain, body), FT, autoescape=rng.random() < 0.7)
for tpl in ["{% filter escape|escape %}<{% endfilter %}", "{% filter safe|escape %}<{% endfilter %}", "{% filter force_escape|force_escape %}<{% endfilter %}",
            "{% filter upper|safe %}{{ h }}{% endfilter %}", "{% filter add:n %}1{% endfilter %}", "{% filter add:'1' %}1{% endfilter %}",
            "{% filter default:h %}{% endfilter %}", "{% filter default:h|safe %}{% endfilter %}", "{% filter upper %}{% filter lower %}{% filter title %}aB cD{% endfilter %}{% endfilter %}{% endfilter %}",
            "{% filter escape %}", "{% filter upper %}{% endfilter upper %}", "{% filter 'upper' %}x{% endfilter %}", "{% filter upper|%}x{% endfilter %}",
            "{% filter |upper %}x{% endfilter %}", "{% filter upper: %}x{% endfilter %}", "{% filter date:'Y' %}x{% endfilter %}",
            "{% filter length_is:1 %}x{% endfilter %}", "{% filter yesno:'a,b' %}{% endfilter %}", "{% filter upper %}{{ block.super }}{% endfilter %}"]:
    case("filter2_misc", tpl, FT)
sp_atoms = ["<p>", "</p>", "<a href='x'>", "</a>", " ", "  ", "\n", "\t", "text", " t ", "{{ h }}", "{{ s }}", "<!-- c -->", "<br/>",
            "&nbsp;", "<pre> x </pre>", "{% if n %} <i> </i> {% endif %}", "{% for x in l %} <li>{{ x }}</li> {% endfor %}", "> <", "<>"]
for i in range(140):
    body = "".join(rng.choice(sp_atoms) for _ in range(rng.randrange(1, 8)))
    case("spaceless2", "{%% spaceless %%}%s{%% endspaceless %%}" % body, FT, autoescape=rng.random() < 0.8)
for tpl in ["{% spaceless %}{% spaceless %}<a> </a>{% endspaceless %} <b> </b>{% endspaceless %}",
            "{% spaceless %}{% filter upper %}<a> </a>{% endfilter %}{% endspaceless %}",
            "{% filter upper %}{% spaceless %}<a> </a> <b>{% endspaceless %}{% endfilter %}",
            "{% spaceless %}{% include 'ws.html' %}{% endspaceless %}", "{% spaceless %}{% verbatim %}<a> </a>{% endverbatim %}{% endspaceless %}"]:
    case("spaceless2_misc", tpl, FT, templates={"ws.html": "<a>\n  </a>\n\n<b>"})
for a in ["openblock", "closeblock", "openvariable", "closevariable", "openbrace", "closebrace", "opencomment", "closecomment"]:
    case("templatetag2", "{%% templatetag %s %%}" % a, {})
    case("templatetag2", "{%% autoescape on %%}{%% templatetag %s %%}{%% endautoescape %%}" % a, {})
    case("templatetag2", "{%% filter force_escape %%}{%% templatetag %s %%}{%% endfilter %%}" % a, {})
for tpl in ["{% templatetag openblock %} if x {% templatetag closeblock %}", "{% templatetag openvariable %}x{% templatetag closevariable %}",
            "{% templatetag %}", "{% templatetag OPENBLOCK %}", "{% templatetag openblock closeblock %}", "{% templatetag 'openblock' %}",
            "{% templatetag open %}", "{% templatetag openblock as x %}", "{% for x in l %}{% templatetag openbrace %}{% endfor %}",
            "{% templatetag  openblock  %}"]:
    case("templatetag2", tpl, {"l": [1, 2]})

# ---------------------------------------------------------------- autoescape nesting with safe/escape/force_escape
AE = {"h": "<b>&amp;'\"", "s": "plain", "l": ["<x>", "&"], "d": {"k": "<k>"}, "n": 3}
ae_leaves = ["{{ h }}", "{{ h|safe }}", "{{ h|escape }}", "{{ h|force_escape }}", "{{ h|safe|escape }}", "{{ h|escape|safe }}",
             "{{ h|force_escape|safe }}", "{{ h|safe|force_escape }}", "{{ h|escape|escape }}", "{{ h|force_escape|force_escape }}",
             "{{ h|escape|force_escape }}", "{{ l }}", "{{ l|safeseq }}", "{{ l|join:'<>' }}", "{{ l|safeseq|join:'<>' }}",
             "{{ l|join:'<>'|safe }}", "{{ d.k }}", "{{ d }}", "{{ '<lit>' }}", "{{ '<lit>'|escape }}", "{{ h|upper }}",
             "{{ h|safe|upper }}", "{{ h|safe|lower }}", "{{ h|cut:'&' }}", "{{ h|safe|cut:'&' }}", "{{ h|first }}", "{{ h|safe|first }}",
             "{{ h|last }}", "{{ h|safe|last }}", "{{ h|slice:':2' }}", "{{ h|safe|slice:':2' }}", "{{ h|escapejs }}", "{{ h|urlize }}",
             "{{ h|linebreaksbr }}", "{{ h|safe|linebreaksbr }}", "{{ h|default:'x' }}", "{{ missing|default:h }}",
             "{{ missing|default:'<d>' }}", "{% firstof h %}", "{% cycle h 'x' %}", "{% filter escape %}{{ h }}{% endfilter %}",
             "{% filter force_escape %}{{ h }}{% endfilter %}", "{% filter safe %}{{ h }}{% endfilter %}", "{% with v=h %}{{ v }}{% endwith %}",
             "{% with v=h|safe %}{{ v }}{% endwith %}", "{% include 'h.html' %}", "{{ h|stringformat:'s' }}", "{{ h|safe|stringformat:'s' }}",
             "{{ h|truncatechars:3 }}", "{{ h|safe|truncatechars:3 }}", "{{ h|add:'<z>' }}", "{{ h|safe|add:'<z>' }}"]


def ae_gen(d):
    if d <= 0 or rng.random() < 0.35:
        return rng.choice(ae_leaves)
    mode = rng.choice(["on", "off"])
    inner = "".join(ae_gen(d - 1) for _ in range(rng.randrange(1, 3)))
    return "{%% autoescape %s %%}%s{%% endautoescape %%}" % (mode, inner)


for i in range(360):
    tpl = "".join(ae_gen(3) for _ in range(rng.randrange(1, 3)))
    case("autoescape2", tpl, AE, templates={"h.html": "[{{ h }}]"}, autoescape=rng.random() < 0.6)

# ---------------------------------------------------------------- for: reversed, unpacking, empty
FR = {"pairs": [["a", 1], ["b", 2], ["c", 3]], "triples": [[1, 2, 3], [4, 5, 6]], "ragged": [[1, 2], [3], [4, 5, 6]],
      "dict": {"x": 1, "y": 2, "z": 3}, "ld": [{"k": 1, "v": 2}, {"k": 3, "v": 4}], "strs": ["ab", "cd", "ef"], "s": "xyz",
      "e": [], "ee": [[]], "n": None, "i": 7, "nested": [[["a", 1], ["b", 2]], [["c", 3]]], "tuples": [["p", ["q", "r"]]],
      "one": [[1]], "mixed": [["a", 1], "bc", [2, 3]]}
fr_srcs = ["pairs", "triples", "ragged", "dict", "dict.items", "dict.keys", "dict.values", "ld", "strs", "s", "e", "ee", "n", "i",
           "missing", "nested", "tuples", "one", "mixed", "pairs|slice:'1:'", "pairs|dictsort:0", "pairs|dictsortreversed:1", "'ab'"]
fr_vars = ["x", "a, b", "a,b", "a , b", "a, b, c", "k, v", "a,b,c,d"]
for src in fr_srcs:
    for var in fr_vars:
        rev = rng.choice(["", " reversed"])
        names = [v.strip() for v in var.split(",")]
        body = "".join("{{ %s }}" % v for v in names) + rng.choice([";", "{{ forloop.counter }};", "{{ forloop.revcounter0 }}{{ forloop.last }};"])
        emp = rng.choice(["", "{% empty %}E", "{% empty %}{{ forloop }}"])
        case("for2", "{%% for %s in %s%s %%}%s%s{%% endfor %%}" % (var, src, rev, body, emp), FR)
for tpl in ["{% for a, b in nested %}{% for c, d in a %}{% endfor %}{% endfor %}",
            "{% for x in nested %}{% for a, b in x reversed %}{{ a }}{{ b }}{% endfor %}|{% endfor %}",
            "{% for a, (b, c) in tuples %}{% endfor %}", "{% for a, b in tuples %}{{ a }}{{ b.0 }}{{ b.1 }}{% endfor %}",
            "{% for x in pairs reversed reversed %}{% endfor %}", "{% for x in pairs  reversed %}{{ x.0 }}{% endfor %}",
            "{% for x in pairs reversed%}{{ x.0 }}{% endfor %}", "{% for x in e reversed %}{% empty %}E{% endfor %}",
            "{% for x in e %}{% empty %}{% for y in pairs %}{{ y.0 }}{% endfor %}{% endfor %}",
            "{% for x in pairs %}{% for y in e %}{% empty %}[{{ x.0 }}]{% endfor %}{% endfor %}",
            "{% for x in pairs %}{{ x.0 }}{% empty %}E{% endfor %}{{ x }}", "{% for a, b in pairs %}{% endfor %}{{ a }}{{ b }}",
            "{% with a='A' %}{% for a, b in pairs %}{% endfor %}{{ a }}{% endwith %}",
            "{% for x in pairs %}{% with x=x.0 %}{{ x }}{% endwith %}{{ x.1 }}{% endfor %}",
            "{% for forloop in pairs %}{{ forloop }}{% endfor %}", "{% for x in pairs %}{{ forloop.counter0|add:forloop.revcounter }}{% endfor %}",
            "{% for x in i|make_list %}{{ x }}{% endfor %}", "{% for x in 'ab'|make_list reversed %}{{ x }}{% endfor %}",
            "{% for x, in pairs %}{% endfor %}", "{% for x in pairs reversed as y %}{% endfor %}", "{% for x in in pairs %}{% endfor %}",
            "{% for in in pairs %}{{ in }}{% endfor %}", "{% for x in pairs %}{% empty %}{% empty %}{% endfor %}"]:
    case("for2_misc", tpl, FR)

# ---------------------------------------------------------------- forloop.parentloop, three levels
PL = {"a": [1, 2], "b": ["x", "y", "z"], "c": [True, False], "e": []}
pl_leaves = ["{{ forloop.counter }}", "{{ forloop.parentloop.counter }}", "{{ forloop.parentloop.parentloop.counter }}",
             "{{ forloop.parentloop.parentloop.parentloop.counter }}", "{{ forloop.parentloop.first }}", "{{ forloop.parentloop.last }}",
             "{{ forloop.parentloop.parentloop.revcounter }}", "{{ forloop.parentloop.revcounter0 }}", "{{ forloop.parentloop.parentloop.last }}",
             "{% if forloop.parentloop.first %}F{% endif %}", "{% if forloop.parentloop.parentloop.last and forloop.last %}L{% endif %}",
             "{{ x }}{{ y }}{{ z }}", "{{ forloop.parentloop.counter0|add:forloop.counter }}", "{{ forloop.parentloop.parentloop }}",
             "{% with p=forloop.parentloop %}{{ p.counter }}{% endwith %}", "{{ forloop.parentloop.parentloop.parentloop }}"]
for i in range(160):
    l1, l2, l3 = (rng.choice(["a", "b", "c", "e"]) for _ in range(3))
    leaf = "".join(rng.choice(pl_leaves) for _ in range(rng.randrange(1, 3)))
    mid = rng.choice(["", "{{ forloop.counter }}", "{{ forloop.parentloop.counter }}"])
    tpl = ("{%% for x in %s %%}{%% for y in %s%s %%}%s{%% for z in %s %%}%s;{%% endfor %%}{%% endfor %%}|{%% endfor %%}"
           % (l1, l2, rng.choice(["", " reversed"]), mid, l3, leaf))
    case("parentloop", tpl, PL)
for tpl in ["{% for x in a %}{% include 'pl.html' %}{% endfor %}", "{% for x in a %}{% for y in b %}{% include 'pl.html' %}{% endfor %}{% endfor %}",
            "{% for x in a %}{% with f=forloop %}{% for y in b %}{{ f.counter }}{{ forloop.parentloop.counter }}{% endfor %}{% endwith %}{% endfor %}",
            "{% for x in a %}{% for y in b %}{% for z in c %}{% endfor %}{{ forloop.counter }}{% endfor %}{{ forloop.counter }}{% endfor %}",
            "{% for x in a %}{% for y in e %}{% empty %}{{ forloop.counter }}{% endfor %}{% endfor %}",
            "{% for x in a %}{% for y in e %}{% empty %}{{ forloop.parentloop }}{% endfor %}{% endfor %}"]:
    case("parentloop_misc", tpl, PL, templates={"pl.html": "{{ forloop.counter }}.{{ forloop.parentloop.counter }}"})

# ---------------------------------------------------------------- if: typed operands, operators, precedence
IF = {"n": None, "t": True, "f": False, "z": 0, "one": 1, "neg": -2, "fl": 1.5, "fz": 0.0, "es": "", "s": "abc", "s1": "1",
      "l": [1, "a", None, True], "el": [], "ll": [[1], [2]], "d": {"a": 1, "1": 2}, "ed": {}, "big": 10**20, "nan": "nan",
      "lb": [False], "ls": ["abc", "b"], "f1": 1.0}
if_ops = ["a", "n", "t", "f", "z", "one", "neg", "fl", "fz", "es", "s", "s1", "l", "el", "ll", "d", "ed", "big", "lb", "ls", "f1",
          "None", "True", "False", "0", "1", "-2", "1.5", "0.0", "1.0", "''", "'abc'", "'a'", "'1'", "missing", "l.0", "l.2",
          "ll.0", "d.a", "s|length", "l|length", "s.0", "10000000000000000000"]
binops = ["==", "!=", "<", ">", "<=", ">=", "in", "not in", "is", "is not"]
pairs = list(itertools.product(if_ops, binops, if_ops))
rng.shuffle(pairs)
for x, op, y in pairs[:1100]:
    case("if2", "{%% if %s %s %s %%}y{%% else %%}n{%% endif %%}" % (x, op, y), IF)
atoms = ["t", "f", "n", "z", "one", "s", "el", "not t", "not f", "one == 1", "z < one", "'a' in s", "n is None", "s1 != 1",
         "1 in l", "el", "missing", "l.9", "fl > one", "f is False", "t is not None", "z in l", "s not in ls", "neg < z <= one"]
for i in range(400):
    k = rng.choice([2, 3, 3, 4, 5])
    parts = [rng.choice(atoms)]
    for _ in range(k - 1):
        parts.append(rng.choice(["and", "or", "and", "or"]))
        a = rng.choice(atoms)
        if rng.random() < 0.15:
            a = "not " + a
        parts.append(a)
    if rng.random() < 0.2:
        parts.insert(0, "not")
    tail = rng.choice(["{% else %}n", "{% elif t %}e{% else %}n", "{% elif f %}e", ""])
    case("if2_prec", "{%% if %s %%}y%s{%% endif %%}" % (" ".join(parts), tail), IF)
for tpl in ["{% if not not not n %}y{% endif %}", "{% if not t == f %}y{% else %}n{% endif %}", "{% if not one in l %}y{% else %}n{% endif %}",
            "{% if not n is None %}y{% else %}n{% endif %}", "{% if t and not f or n %}y{% else %}n{% endif %}",
            "{% if t or f and n %}y{% else %}n{% endif %}", "{% if n or z or es or el or 'x' %}y{% endif %}",
            "{% if one < 2 == True %}y{% else %}n{% endif %}", "{% if one == one == one %}y{% else %}n{% endif %}",
            "{% if 1 < 2 < 3 %}y{% else %}n{% endif %}", "{% if 3 > 2 > 1 %}y{% else %}n{% endif %}", "{% if s in ls in ll %}y{% else %}n{% endif %}",
            "{% if not %}y{% endif %}", "{% if not not %}y{% endif %}", "{% if a not not b %}y{% endif %}", "{% if a is not not b %}y{% endif %}",
            "{% if a == == b %}y{% endif %}", "{% if a in in b %}y{% endif %}", "{% if a not %}y{% endif %}", "{% if and %}y{% endif %}",
            "{% if or %}y{% endif %}", "{% if not and %}y{% endif %}", "{% if == %}y{% endif %}", "{% if a==b %}y{% else %}n{% endif %}",
            "{% if a ==b %}y{% endif %}", "{% if 'a'in s %}y{% endif %}", "{% if t and%}y{% endif %}", "{% if n is None is None %}y{% else %}n{% endif %}",
            "{% if fl == 1.5 and fz == 0 and f1 == one and f1 is one %}y{% else %}n{% endif %}", "{% if big > 10**2 %}y{% endif %}",
            "{% if nan == nan %}y{% endif %}", "{% if d.1 == 2 %}y{% else %}n{% endif %}", "{% if 1 in d %}y{% else %}n{% endif %}",
            "{% if '1' in d %}y{% else %}n{% endif %}", "{% if None in l %}y{% else %}n{% endif %}", "{% if True in lb %}y{% else %}n{% endif %}",
            "{% if 0 in lb %}y{% else %}n{% endif %}", "{% if [] %}y{% endif %}", "{% if l.1 is 'a' %}y{% else %}n{% endif %}"]:
    case("if2_misc", tpl, IF)

# ---------------------------------------------------------------- with: several assignments
WI = {"a": 1, "b": "<b>", "l": [1, 2], "d": {"k": "v", "n": {"m": 3}}, "n": None}
w_vals = ["a", "b", "l", "d", "d.k", "d.n.m", "l.1", "l.5", "missing", "n", "'lit'", "\"<q>\"", "1", "-1.5", "None", "True",
          "a|add:1", "b|safe", "b|upper", "l|length", "_('t')", "d.n", "1e3"]
w_names = ["x", "y", "z", "a", "b", "l", "forloop", "True", "w_1"]
for i in range(200):
    k = rng.randrange(1, 5)
    names = [rng.choice(w_names) for _ in range(k)]
    vals = [rng.choice(w_vals) for _ in range(k)]
    if rng.random() < 0.2 and k == 1:
        head = "%s as %s" % (vals[0], names[0])
    else:
        head = " ".join("%s=%s" % nv for nv in zip(names, vals))
    body = "".join("[{{ %s }}]" % n for n in sorted(set(names)))
    if rng.random() < 0.3:
        body += "{%% with %s=%s %%}{{ %s }}{%% endwith %%}{{ %s }}" % (names[0], rng.choice(w_vals), names[0], names[0])
    case("with2", "{%% with %s %%}%s{%% endwith %%}{{ %s }}" % (head, body, names[-1]), WI, autoescape=rng.random() < 0.8)
for tpl in ["{% with x=a y=x %}{{ y }}{% endwith %}", "{% with x=1 %}{% with x=x|add:1 y=x %}{{ x }}{{ y }}{% endwith %}{% endwith %}",
            "{% with x=a x=b %}{{ x }}{% endwith %}", "{% with x=a  y=b %}{{ x }}{{ y }}{% endwith %}", "{% with x=a\ny=b %}{{ x }}{{ y }}{% endwith %}",
            "{% with x=a y= b %}{% endwith %}", "{% with x=a y %}{% endwith %}", "{% with =a %}{% endwith %}", "{% with x==a %}{{ x }}{% endwith %}",
            "{% with x=a as y %}{% endwith %}", "{% with a as b c=d %}{% endwith %}", "{% with x='a b' y=\"c d\" %}{{ x }}|{{ y }}{% endwith %}",
            "{% with x='a=b' %}{{ x }}{% endwith %}", "{% with x=l %}{% for i in x %}{{ i }}{% endfor %}{% endwith %}",
            "{% for i in l %}{% with x=forloop.counter %}{{ x }}{% endwith %}{% endfor %}", "{% with x=a %}{% include 'w.html' %}{% endwith %}",
            "{% with x=a %}{% include 'w.html' only %}{% endwith %}", "{% with x=a %}{% include 'w.html' with x=2 %}{{ x }}{% endwith %}"]:
    case("with2_misc", tpl, WI, templates={"w.html": "<{{ x }}>"})

# ---------------------------------------------------------------- string literals
str_lits = ["'a\\'b'", '"a\\"b"', "'a\\\\b'", "'a\\\\'", '"\\\\"', "'\\n'", "'\\t'", "'\\x41'", "'\\u00e9'", "'\\''", '"\\""',
            "'a\"b'", '"a\'b"', "'\u00e9\u00e8'", "'\u2603 snow'", "'\U0001F600'", "'日本'", "'a b  c'", "' '", "''", '""',
            "'%'", "'%s'", "'%(x)s'", "'{'", "'}'", "'{{'", "'a|b'", "'a:b'", "'a,b'", "'<&>'", "'\u00a0'", "'\u200b'", "'a\\b'",
            "'\\\\\\''", "'it\\'s \"q\"'", "\"\\'\"", "'\\\"'", "'a\\\\\\\\b'"]
for lit in str_lits:
    for tpl in ["{{ %s }}", "{{ %s|length }}", "{{ e|default:%s }}", "{%% with v=%s %%}{{ v }}{%% endwith %%}", "{%% firstof %s %%}",
                "{%% if %s == 'a\\'b' %%}y{%% else %%}n{%% endif %%}", "{{ %s|upper }}", "{{ %s|escape }}", "{{ %s|force_escape }}",
                "{{ 'x'|add:%s }}", "{%% cycle %s 'z' %%}", "{{ %s|make_list|length }}"]:
        case("strlit2", tpl % ((lit,) * tpl.count("%s")), {"e": ""})

# ---------------------------------------------------------------- numeric literals
num_lits = ["0", "-0", "+0", "1", "-1", "+1", "007", "-007", "1.0", "-1.0", "1.", "-1.", ".5", "-.5", "+.5", "1e3", "1E3", "-1e3",
            "1e-3", "1e+3", "1.5e2", "-2.5e-3", "1e308", "1e309", "-1e309", "1e-400", "123456789012345678901234567890",
            "-99999999999999999999", "0.1", "0.30000000000000004", "1_000", "1__0", "_1", "1_", "0x10", "0b1", "1j", "1e", "1e1.5",
            "1.2.3", "--1", "+-1", "-+1", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "3.14159265358979323846", "1.0e0", "00.5", "0e0", "5e-324", "2.5e-324"]
for lit in num_lits:
    for tpl in ["{{ %s }}", "{{ %s|add:1 }}", "{{ %s|floatformat:2 }}", "{%% with v=%s %%}{{ v }}{%% endwith %%}",
                "{%% if %s == 1 %%}y{%% else %%}n{%% endif %%}", "{%% if %s > 0 %%}y{%% else %%}n{%% endif %%}", "{{ 1|add:%s }}",
                "{%% widthratio %s 10 100 %%}", "{{ %s|stringformat:'s' }}", "{{ %s|stringformat:'r' }}", "{%% firstof %s 'x' %%}"]:
        case("numlit", tpl % ((lit,) * tpl.count("%s")), {})

# ---------------------------------------------------------------- lookups through dicts, lists and integer indices
LK = {"l": [10, [20, 21], {"k": "lk", "0": "zero", "1": [5, 6]}, None, "str"], "d": {"0": "d0", "1": {"2": "d12"}, "a": [1, 2, 3],
      "-1": "dneg", "01": "d01", "1.5": "dfloat", "b": {"c": {"d": "deep"}}, "items": "shadow", "keys": "kshadow", "n": None},
      "s": "hello", "e": [], "nested": [[["x"]]], "m": [[1, 2], [3, 4]], "i": 1, "ed": {}, "dl": [{"a": {"b": [7, 8]}}]}
lk_exprs = ["l.0", "l.1", "l.1.0", "l.1.1", "l.1.2", "l.2.k", "l.2.0", "l.2.1", "l.2.1.1", "l.3", "l.3.x", "l.4", "l.4.0", "l.4.9",
            "l.5", "l.-1", "l.00", "l.01", "l.+1", "l.1.-1", "d.0", "d.1", "d.1.2", "d.a.0", "d.a.2", "d.a.3", "d.-1", "d.01",
            "d.1.5", "d.b.c.d", "d.b.c.e", "d.items", "d.keys", "d.values", "d.n", "d.n.x", "s.0", "s.4", "s.5", "s.-1", "s.01",
            "e.0", "nested.0.0.0", "nested.0.0.1", "m.1.0", "m.0.1", "m.i", "i.0", "ed.0", "dl.0.a.b.1", "dl.0.a.b.2", "l.1.0.x",
            "l.2.k.0", "d.a.1.real", "l.0.real", "d.b.items", "m.0.count", "s.upper.0", "d.a.copy", "l.1.copy.0"]
for e in lk_exprs:
    case("lookup", "{{ %s }}" % e, LK)
    case("lookup", "{%% if %s %%}T{%% else %%}F{%% endif %%}" % e, LK)
    case("lookup", "{{ %s|default:'D' }}" % e, LK)
    case("lookup", "{%% for x in %s %%}{{ x }},{%% empty %%}E{%% endfor %%}" % e, LK)
    case("lookup", "{{ e|default:%s }}" % e, LK)

# ---------------------------------------------------------------- dict views, falsy values, add over types
# Left out: {{ d.popitem }} (mutates the dict) and {{ d.keys.isdisjoint }}
# (Python cannot inspect the builtin's signature: a ValueError), {{ d.items.mapping }}
# (Python 3.10+: the dict behind the view).
VW = {"d": {"a": 1, "b": 2}, "e": {}, "l": [1], "dv": {"a": {"x": 1}, "b": {"x": 1}}, "dl": {"a": [1, 2]}}
for tpl in ["{{ d.items.0 }}", "{{ d.keys.0 }}", "{{ d.values.0 }}", "{{ d.items.0.0 }}", "{% with v=d.items %}{{ v.0 }}{% endwith %}",
            "{% if 'a' in d.keys %}y{% endif %}{% if 1 in d.values %}y{% endif %}{% if d.items %}y{% endif %}{% if e.items %}y{% endif %}",
            "{{ d.items|length }}{{ d.keys|first }}{{ d.values|last }}", "{{ d.items|join:',' }}", "{{ d.items|dictsort:0 }}",
            "{{ d.items|slice:':1' }}", "{% for x in d.items|dictsortreversed:1 %}{{ x.0 }}{% endfor %}",
            "{% for k in d.keys reversed %}{{ k }}{% endfor %}", "{% for k, v in d.items reversed %}{{ k }}{{ v }}{% endfor %}",
            "{% for v in dv.values %}{{ v.x }}{% endfor %}", "{{ d.keys|length }}{{ d.keys|join:',' }}{{ d.values|join:',' }}",
            "{% if d.keys == d.keys %}y{% else %}n{% endif %}", "{% if d.items == d.items %}y{% else %}n{% endif %}",
            "{% if d.values == d.values %}y{% else %}n{% endif %}", "{% if d.keys in l %}y{% else %}n{% endif %}",
            "{% if d.keys in d %}y{% else %}n{% endif %}", "{% if d.items not in e %}y{% else %}n{% endif %}",
            "{{ d.items|first|first }}", "{{ d.keys|random }}", "{{ d|random }}", "{{ e|random }}", "{{ d.keys|slice:'1' }}",
            "{{ d.keys|unordered_list }}", "{{ d.keys|safeseq }}", "{{ d.keys|make_list }}", "{{ d.keys|pprint }}",
            "{{ d.items|pprint }}", "{{ d.keys|dictsort:0 }}", "{{ d.keys|yesno }}{{ e.keys|yesno }}", "{{ d.keys|add:l }}",
            "{{ l|add:d.keys }}", "{{ d.keys|json_script:'i' }}", "{{ d.items|json_script:'i' }}", "{{ d.items|stringformat:'s' }}",
            "{% for a, b in dl.items %}{% for c in b %}{{ c }}{% endfor %}{% endfor %}",
            "{% regroup d.items by 1 as g %}{% for x in g %}{{ x.grouper }}{{ x.list }}{% endfor %}",
            "{% regroup dv.values by x as g %}{{ g|length }}", "{% cycle d.keys d.values %}", "{% firstof e.keys d.keys %}",
            "{% widthratio d.keys|length 2 10 %}", "{{ d.keys.count }}", "{{ d.copy }}{{ d.copy.a }}",
            "{{ l.copy.0 }}{{ l.copy|length }}", "{{ d.fromkeys }}", "{{ d.get }}{{ d.setdefault }}", "{{ e|default:d.get }}",
            "{{ e|default:l.count }}", "{{ e|default:l.index }}", "{{ 'x'|default:l.append }}"]:
    case("views", tpl, VW)
B3 = [
    ('{% for k, v in d.items %}{% ifchanged v %}{{ k }}{% endifchanged %}{% endfor %}', {"d": {"a": [1], "b": [1], "c": {"x": 1}, "e": {"x": 1}}}),
    ('{% for x in l %}{% ifchanged x %}{{ x }}{% endifchanged %}{% endfor %}', {"l": [[1], [1], {"a": 1}, {"a": 1}, None, None]}),
    ('{% regroup l by g as gr %}{% for x in gr %}{{ x.grouper }}:{{ x.list|length }};{% endfor %}', {"l": [{"g": [1]}, {"g": [1]}, {"g": {"a": 1}}, {"g": {"a": 1}}]}),
    ('{{ l.0.0 }}{{ l.0.5 }}', {"l": ["abc"]}), ("{{ 'a' 'b' }}", {}), ('{{ "a"|add:1|add:"b" }}', {}), ('{{ 1|add:"a"|add:2 }}', {}),
    ('{{ s|slice:"1:-1"|upper|slice:"::2" }}', {"s": "abcdef"}), ('{{ f }}', {"f": 1e16}), ('{{ f }}', {"f": 1.5e-7}),
    ('{{ f|add:1 }}', {"f": 0.1}), ('{{ f|floatformat:3 }}', {"f": 2.0005}),
]
FALSY = [0, "", None, [], {}, False, "0", 0.0, True, -0.0, " ", 1e100, 123456789.123]
for tpl in ["{% for x in l %}{{ x|default:'-' }},{% endfor %}", "{% for x in l %}{{ x|yesno:'y,n,m' }}{% endfor %}",
            "{% for x in l %}{{ x|length }},{% endfor %}", "{% for x in l %}{{ x }},{% endfor %}",
            "{% for x in l %}{% if x %}T{% else %}F{% endif %}{% endfor %}", "{% for x in l %}{{ x|add:1 }},{% endfor %}",
            "{% for x in l %}{{ x|pluralize }},{% endfor %}", "{% for x in l %}{{ x|floatformat }},{% endfor %}",
            "{% for x in l %}{{ x|default_if_none:'N' }},{% endfor %}", "{% for x in l %}{{ x|stringformat:'r' }},{% endfor %}"]:
    B3.append((tpl, {"l": FALSY}))
ADD_VALS = ["1", [1], "a", {"a": 1}, True, 1.5, "1.5", None, "2", 0, -1, "", [], "<b>"]
for a in ADD_VALS:
    for b in ADD_VALS:
        B3.append(("{{ n|add:m }}", {"n": a, "m": b}))
for tpl, ctx in B3:
    case("misc2", tpl, ctx)

# ---------------------------------------------------------------- blocks with loops, cycle, ifchanged, with, include
IH = {"base.html": "<{% block a %}A{% endblock %}|{% for x in l %}{% block b %}B{{ x }}{% cycle 'p' 'q' %}{% endblock %}{% endfor %}|"
                   "{% block c %}{% with w='W' %}{% block d %}D{{ w }}{% endblock %}{% endwith %}{% endblock %}>",
      "mid.html": "{% extends 'base.html' %}{% block b %}m{{ block.super }}{% ifchanged x %}!{% endifchanged %}{% endblock %}",
      "inc.html": "{% block b %}IB{{ x }}{% endblock %}"}
for tpl, l in [
    ("{% extends 'base.html' %}", [1, 2]), ("{% extends 'base.html' %}{% block b %}{{ forloop.counter }}{{ block.super }}{% endblock %}", [1, 2]),
    ("{% extends 'mid.html' %}", [1, 1, 2]), ("{% extends 'mid.html' %}{% block b %}[{{ block.super }}]{% endblock %}", [1, 1, 2]),
    ("{% extends 'mid.html' %}{% block d %}{{ w }}{{ block.super }}{% endblock %}", []),
    ("{% extends 'mid.html' %}{% block c %}c{% endblock %}{% block d %}never{% endblock %}", []),
    ("{% extends 'base.html' %}{% block b %}{% include 'inc.html' %}{% endblock %}", [1, 2]),
    ("{% extends 'base.html' %}{% block b %}{% cycle 'x' 'y' %}{{ block.super }}{% endblock %}", [1, 2, 3]),
    ("{% extends 'base.html' %}{% block b %}{% cycle 'x' 'y' as cc %}{{ block.super }}{% endblock %}", [1, 2, 3]),
    ("{% extends 'base.html' %}{% block a %}{% for x in l %}{{ block.super }}{% endfor %}{% endblock %}", [1, 2]),
    ("{% extends 'base.html' %}{% block a %}{{ block.super|length }}{{ block.super|upper }}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{% with s=block.super %}{{ s }}{{ s }}{% endwith %}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{% if block.super == 'A' %}eq{% endif %}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{{ block.super|add:'x' }}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{% firstof block.super 'x' %}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{% autoescape off %}{{ block.super }}{% endautoescape %}{% endblock %}", []),
    ("{% extends 'base.html' %}{% block a %}{{ block.name }}{{ block.super.super }}{% endblock %}", []),
    ("{% extends 'mid.html' %}{% block b %}{{ block.super.super }}{{ block.name }}{% endblock %}", [1]),
    ("{% block b %}{{ block.name }}{% endblock %}", []), ("{% block b %}{% block c %}{{ block.name }}{% endblock %}{{ block.name }}{% endblock %}", []),
    ("{% include 'mid.html' %}", [1]), ("{% for x in l %}{% include 'inc.html' %}{% endfor %}", [1, 2]),
]:
    case("inherit2", tpl, {"l": l}, templates=IH)

json.dump({
    "django_version": django.get_version(),
    "settings": {"USE_TZ": False, "TIME_ZONE": "UTC", "USE_L10N": True, "USE_I18N": True,
                 "LANGUAGE_CODE": "en-us", "string_if_invalid": "", "debug": False},
    "generator": "template/testdata/gen_django_core2.py",
    "cases": CASES,
}, sys.stdout, ensure_ascii=False, indent=1)
sys.stdout.write("\n")
print("%d cases" % len(CASES), file=sys.stderr)
