#!/usr/bin/python3
"""Round 2, random regular expressions: re_path patterns built at random from literals
(non-ASCII, "%", space), classes, escapes, named and unnamed groups, alternation inside
non-capturing groups, (?P=name) backreferences and every quantifier Django's reverse reads
(?, *, +, {m}, {m,n}, lazy forms), with ^/$/\\Z anchors or none; then resolve of random short
paths and reverse with random args/kwargs, answered by Django 3.2.25.

Usage: /usr/bin/python3 gen_django_urls_round2_regex.py SEED OUT.json (deterministic per seed;
urls_gen_round2_regex_<seed>.json are seeds 7, 19, 43 and 80). With a third argument
"boundaries", \\b and \\B are among the atoms and paths use letters of several scripts
(urls_gen_round2_regex_b54.json is seed 54 so). Seeds whose urlconf Django cannot
load (its reverse cannot read a pattern: "{,n}", inline flags) exit with status 3.
"""
import json, random, sys, re
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import djurls
seed = int(sys.argv[1]); rng = random.Random(seed)
BOUNDARIES = len(sys.argv) > 3 and sys.argv[3] == 'boundaries'
EXTRA = [r'\b', r'\B'] if BOUNDARIES else []
gc = [0]
def atom(depth, names):
    r = rng.random()
    if r < 0.3: return rng.choice(['a', 'b', 'ab', 'x-y', 'é', '/', r'\.', r'\-', '%', ' ', '日'])
    if r < 0.45: return rng.choice(['[a-z]', '[0-9]', r'\d', r'\w', '.', '[^/]', '[abc]', r'[\w-]', r'\s', '[-a]', r'[.]'] + EXTRA)
    if r < 0.75 and depth < 3:
        inner = seq(depth + 1, names)
        k = rng.random()
        if k < 0.4:
            gc[0] += 1; n = 'g%d' % gc[0]; names.append(n)
            return '(?P<%s>%s)' % (n, inner)
        if k < 0.6: return '(%s)' % inner
        if k < 0.8: return '(?:%s|%s)' % (inner, seq(depth + 1, names))
        return '(?:%s)' % inner
    if r < 0.8 and names: return '(?P=%s)' % rng.choice(names)
    return rng.choice(['x', 'y', '1'])
def quant(a):
    r = rng.random()
    if r < 0.6: return a
    return a + rng.choice(['?', '*', '+', '{2}', '{1,3}', '??', '+?', '{0,1}'])
def seq(depth, names):
    return ''.join(quant(atom(depth, names)) for _ in range(rng.randint(1, 3)))
entries = []
for i in range(12):
    names = []
    body = seq(0, names)
    pre = rng.choice(['^', '^', '^', ''])
    end = rng.choice(['$', '$', r'\Z', '', '/$'])
    flags = ''  # inline flags make Django fail to load the urlconf
    rx = flags + pre + body + end
    try:
        re.compile(rx)
    except Exception:
        continue
    entries.append(dict(kind='re_path', route=rx, view='v%d' % i, name=rng.choice(['n%d' % i, 'same'])))
try:
    mod = djurls.load(entries, {})
    from django.urls import get_resolver
    get_resolver(mod).reverse_dict
except Exception as e:
    print('bad', e, file=sys.stderr); sys.exit(3)
alpha = ['a', 'b', 'x', 'y', '1', '/', '.', '-', 'é', '%', ' ', 'A', 'ab', 'xy', '日', '\n']
if BOUNDARIES:
    alpha = ['a', 'b', 'é', '日', ' ', '-', 'x', '1', '٣', 'ab']
paths = ['/' + ''.join(rng.choice(alpha) for _ in range(rng.randint(0, 6))) for _ in range(300)]
res = [djurls.do_resolve(mod, p, 'rx_res_%03d' % i) for i, p in enumerate(paths)]
res = [r for r in res if r.get('result') == '404' or True]
rev = []
names = sorted(set(e['name'] for e in entries))
i = 0
for n in names:
    for _ in range(25):
        k = rng.random()
        vals = ['a', 'b', 'ab', '1', 'x', 'é', '', 'aa', 'xy', 'A', '/', 'abc', 1, 2]
        if k < 0.2: a, kw = None, None
        elif k < 0.6: a, kw = [rng.choice(vals) for _ in range(rng.randint(1, 3))], None
        else: a, kw = None, {rng.choice(['g1','g2','g3','g4','g5','g6','g7','g8']): rng.choice(vals) for _ in range(rng.randint(1, 3))}
        at = [djurls.tname(x) for x in a] if a else None
        kt = {kk: djurls.tname(vv) for kk, vv in kw.items()} if kw else None
        rev.append(djurls.do_reverse(mod, n, a, at, kw, kt, None, 'rx_rev_%03d' % i)); i += 1
json.dump({'urlconf': entries, 'shared_patterns': {}, 'resolve': res, 'reverse': rev}, open(sys.argv[2], 'w'), ensure_ascii=False)
