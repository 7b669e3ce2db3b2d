#!/usr/bin/python3
"""Second differential round for URLs, answered by Django 3.2.25.

Usage: /usr/bin/python3 gen_django_urls_round2.py SEED OUT.json (deterministic per seed).
The committed urls_gen_round2_<seed>.json files come from seeds 1, 2 and 3.

Each seed builds one urlconf of the urls.json schema with: path() routes using the int, str,
slug, uuid and path converters and two custom ones (yyyy: zero-padded int; flt: a float),
literal text with non-ASCII, spaces, "+", "~" and a literal "%"; re_path patterns with optional
groups (nested), unnamed groups, named backreferences (?P=name) and numeric ones (\\1);
includes nested up to three deep with application and instance namespaces (an application
deployed twice), converters and groups in include prefixes, default kwargs; routes with and
without a trailing slash. Then it resolves paths filled from the routes, their variants
(trailing slash added or removed, percent-encoded text, non-ASCII, doubled slashes) and
reverses every name, namespaced or not, with args or kwargs of mixed types (int, str, float,
bool, None, UUID objects and strings) and current_app values.
"""
import json
import random
import re
import sys
import uuid

sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import djurls  # noqa: E402

seed = int(sys.argv[1])
rng = random.Random(seed)
U1 = '12345678-1234-5678-1234-567812345678'
U2 = 'abcdef01-2345-6789-abcd-ef0123456789'
CONV = {'yyyy': {'regex': '[0-9]{4}', 'to_python': 'int', 'to_url': 'zero-padded to 4 digits'},
        'flt': {'regex': '[0-9]+\\.[0-9]+', 'to_python': 'float', 'to_url': 'str(value)'}}
LIT = ['a', 'b', 'x-y', 'é', '日本', 'a.b', 'a+b', '~t', 'q_1', 'A B', 'Zz', 'ü-1', 'p%', '50%off', 'c%2F']
CONVS = ['int', 'str', 'slug', 'uuid', 'path', 'yyyy', 'flt']
cnt = [0]


def name():
    cnt[0] += 1
    return rng.choice(['n%d' % cnt[0], 'n%d' % rng.randint(1, cnt[0]), 'shared', None, 'n%d' % cnt[0]])


def route(depth, endpoint, params):
    parts = []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.5:
            parts.append(rng.choice(LIT))
        else:
            c = rng.choice(CONVS)
            if c == 'path' and not endpoint:
                c = 'str'
            p = 'p%d_%d' % (depth, len(params))
            params.append(p)
            parts.append('<%s:%s>' % (c, p) if c != 'str' or rng.random() < 0.5 else '<%s>' % p)
    r = '/'.join(parts)
    if r and rng.random() < (0.75 if endpoint else 0.95):
        r += '/'
    return r


def regex(depth, endpoint):
    g = 'g%d' % depth
    opts = [r'(?P<%s>[0-9]+)/' % g, r'([a-z]+)/', r'(?:opt/)?', r'(?:page-(?P<%s_n>[0-9]+)/)?' % g,
            r'(?P<%s_a>[a-z]+)-(?P=%s_a)/' % (g, g), r'([a-z]+)-\1/', r'x{2}/', r'(?:(?P<%s_o>[a-z]+)/(?:(?P<%s_i>[0-9]+)/)?)?' % (g, g),
            r'é/(?P<%s_u>\w+)/' % g, r'\d+-(?P<%s_w>\w+)/' % g, r'p%%/(?P<%s_p>[0-9]+)/' % g]
    body = ''.join(rng.sample(opts, rng.randint(1, 2)))
    end = '$' if endpoint else ''
    return '^' + body + end


def conf(depth, prefix_params):
    out = []
    for _ in range(rng.randint(4, 8)):
        r = rng.random()
        if depth < 3 and r < 0.25:
            params = list(prefix_params)
            app = rng.choice([None, 'app%d' % rng.randint(1, 3), 'app%d' % rng.randint(1, 3)])
            ns = rng.choice([None, 'ns%d' % cnt[0]]) if app else None
            cnt[0] += 1
            if rng.random() < 0.75:
                rt = route(depth, False, params)
                kind = 'include'
            else:
                rt = regex(depth, False)
                kind = 're_include'
            e = dict(kind=kind, route=rt, namespace=ns, app_name=app, patterns=conf(depth + 1, params))
        elif r < 0.7:
            e = dict(kind='path', route=route(depth, True, list(prefix_params)), view='v%d' % cnt[0], name=name())
        else:
            e = dict(kind='re_path', route=regex(depth, True), view='v%d' % cnt[0], name=name())
        if rng.random() < 0.12:
            e['default_kwargs'] = {'d': rng.choice([1, 'x', None, True])}
        out.append(e)
    return out


uc = conf(0, [])
uc.insert(0, dict(kind='path', route='yy/<yyyy:y>/', view='yv', name='yy', converter={'yyyy': CONV['yyyy']}))
uc.insert(1, dict(kind='path', route='ff/<flt:f>/', view='fv', name='ff', converter={'flt': CONV['flt']}))
# An application deployed twice, and a default instance.
shared = [dict(kind='path', route='', view='s_index', name='index'),
          dict(kind='path', route='<int:pk>/', view='s_detail', name='detail'),
          dict(kind='re_path', route=r'^(?P<slug>[-\w]+)/edit/$', view='s_edit', name='edit')]
uc.append(dict(kind='include', route='one/', namespace='one', app_name='shop', patterns=shared))
uc.append(dict(kind='include', route='shop/', namespace='shop', app_name='shop', patterns=shared))
uc.append(dict(kind='include', route='two/<slug:store>/', namespace='two', app_name='shop', patterns=shared))

try:
    mod = djurls.load(uc, {})
    from django.urls import get_resolver
    res = get_resolver(mod)
    res.reverse_dict
except Exception as e:  # noqa
    print('bad conf', type(e).__name__, e, file=sys.stderr)
    sys.exit(3)

VALS = {'int': ['0', '7', '007', '2024'], 'str': ['abc', 'é', 'a b', 'a%20b', 'x.y', '%', 'ü日'],
        'slug': ['a-b', 'A_1', 'x'], 'uuid': [U1, U2, U1.upper()], 'path': ['a/b', 'x', 'é/ü/', 'a%2Fb'],
        'yyyy': ['2024', '0001', '99'], 'flt': ['1.5', '2.0', '10.25'], None: ['1', 'abc', 'é', '']}


def fill(rt):
    if rt.startswith('^'):
        return rng.choice(['1/', 'abc/', 'opt/', 'xx/', '', '5-w/', 'page-3/', 'abc-abc/', 'ab-ac/', 'é/w/',
                           'p%/4/', 'abc/12/', 'x/', 'é/ü/', 'abc/1/page-2/'])
    return re.sub(r'<(?:(\w+):)?(\w+)>', lambda m: rng.choice(VALS.get(m.group(1) or 'str', VALS[None])), rt)


paths = []


def walk(entries, prefix):
    for e in entries:
        rt2 = fill(e['route'])
        if e['kind'] in ('include', 're_include'):
            pats = e['patterns']
            walk(pats if isinstance(pats, list) else [], prefix + rt2)
        else:
            paths.append('/' + prefix + rt2)


for _ in range(3):
    walk(uc, '')
extra = []
for p in paths:
    r = rng.random()
    if r < 0.2:
        extra.append(p[:-1] if p.endswith('/') else p + '/')
    elif r < 0.3:
        extra.append(p.replace('é', '%C3%A9').replace(' ', '%20'))
    elif r < 0.4:
        extra.append(p + '%2F')
    elif r < 0.45:
        extra.append('/' + p[1:].replace('/', '//', 1))
paths += extra + ['/', '/nothing/', '/one/', '/one/5/', '/two/s/5/', '/shop/x-y/edit/', '/two/s/a_b/edit/']
res_cases = [djurls.do_resolve(mod, p, 'r2_resolve_%03d' % i) for i, p in enumerate(paths)]

# Reverse.
names = sorted(k for k in res.reverse_dict.keys() if isinstance(k, str))
nss = sorted(set(res.namespace_dict.keys()) | set(res.app_dict.keys()))


def nested_names(resolver, prefix, depth):
    out = []
    for ns, (_, sub) in resolver.namespace_dict.items():
        for k in sub.reverse_dict.keys():
            if isinstance(k, str):
                out.append(prefix + ns + ':' + k)
        if depth < 3:
            out += nested_names(sub, prefix + ns + ':', depth + 1)
    return out


full = nested_names(res, '', 0)
apps = ['%s:%s' % (a, k.split(':', 1)[1]) for a in res.app_dict for k in full if ':' in k][:20]
targets = names + full + apps + ['shop:index', 'shop:detail', 'shop:edit', 'nope', 'nope:index', 'shop:nope']
PARAMS = ['p0_0', 'p0_1', 'p1_0', 'p1_1', 'p2_0', 'g0', 'g1', 'g0_n', 'g0_a', 'g0_o', 'g0_i', 'g1_a', 'g0_u',
          'g0_w', 'g0_p', 'y', 'f', 'd', 'pk', 'slug', 'store']
uuid1 = str(uuid.UUID(U1))


def value():
    t = rng.random()
    if t < 0.3:
        return rng.choice([0, 1, 7, 2024, -3, 10 ** 6]), 'int'
    if t < 0.55:
        return rng.choice(['abc', 'a-b', 'é', 'a b', 'a/b', '%', '50%', '?x', '#', 'x.y', '', 'ünï', '2024']), 'str'
    if t < 0.65:
        return rng.choice([1.5, 2.0, 0.1]), 'float'
    if t < 0.75:
        return uuid1, 'uuid'
    if t < 0.8:
        return uuid1, 'str'
    if t < 0.9:
        return rng.choice([True, False]), 'bool'
    return None, 'NoneType'


def param_sets(target):
    """The parameter lists Django's reverse() may use for target."""
    parts = target.split(':')
    r = res
    for ns in parts[:-1]:
        if ns in r.app_dict and ns not in r.namespace_dict:
            ns = r.app_dict[ns][-1]
        if ns not in r.namespace_dict:
            return []
        r = r.namespace_dict[ns][1]
    out = []
    for poss, _pat, defaults, _conv in r.reverse_dict.getlist(parts[-1]):
        for _result, params in poss:
            out.append((list(params), dict(defaults)))
    return out


def typed_value(p):
    """A value that fits the parameter p most of the time."""
    if rng.random() < 0.3:
        return value()
    if p.startswith('p') or p in ('store', 'slug'):
        return rng.choice([(7, 'int'), ('abc', 'str'), ('a-b', 'str'), ('é', 'str'), (uuid1, 'uuid'),
                           (uuid1, 'str'), ('a/b', 'str'), (2024, 'int'), (1.5, 'float'), ('a b', 'str')])
    if p == 'y':
        return rng.choice([(2024, 'int'), (7, 'int'), ('2024', 'str'), (7.9, 'float'), (True, 'bool')])
    if p == 'f':
        return rng.choice([(1.5, 'float'), (2.0, 'float'), (3, 'int'), ('1.25', 'str')])
    return rng.choice([(5, 'int'), ('abc', 'str'), ('12', 'str'), ('', 'str'), ('ab', 'str'), (None, 'NoneType')])


rev = []
i = 0
for k in targets:
    sets = param_sets(k)
    for _ in range(6 if sets else 2):
        kind = rng.random()
        ps, defaults = rng.choice(sets) if sets else ([], {})
        if kind < 0.15:
            args, at, kwargs, kt = None, None, None, None
        elif kind < 0.5 and ps:
            vs = [typed_value(p) for p in ps]
            if rng.random() < 0.15:
                vs = vs[:-1] if len(vs) > 1 else vs + [value()]
            args, at, kwargs, kt = [v for v, _ in vs], [t for _, t in vs], None, None
        elif kind < 0.6:
            vs = [value() for _ in range(rng.randint(1, 3))]
            args, at, kwargs, kt = [v for v, _ in vs], [t for _, t in vs], None, None
        else:
            ks = list(ps) if ps and rng.random() < 0.8 else rng.sample(PARAMS, rng.randint(1, 3))
            if defaults and rng.random() < 0.5:
                ks.append(rng.choice(list(defaults)))
            if ks and rng.random() < 0.1:
                ks = ks[1:]
            vs = [typed_value(kk) for kk in ks]
            if ks and rng.random() < 0.3 and set(ks) & set(defaults):
                d = rng.choice(sorted(set(ks) & set(defaults)))
                vs[ks.index(d)] = (defaults[d], djurls.tname(defaults[d]))
            kwargs = {kk: v for kk, (v, _) in zip(ks, vs)}
            kt = {kk: t for kk, (_, t) in zip(ks, vs)}
            args, at = None, None
        ca = rng.choice([None, None, None] + nss + ['one', 'two', 'shop', 'nope'])
        rev.append(djurls.do_reverse(mod, k, args, at, kwargs, kt, ca, 'r2_reverse_%03d' % i))
        i += 1

json.dump({'django_version': '3.2.25', 'urlconf': uc, 'shared_patterns': {}, 'resolve': res_cases, 'reverse': rev},
          open(sys.argv[2], 'w'), ensure_ascii=False, indent=0)
