#!/usr/bin/python3
"""Round-2 corpus from real Django 3.2.25 (schema of passwords.json, plus two optional
parts the runner understands: a special value may name the PASSWORD_HASHERS it was
checked under ("hashers", algorithm names, preferred first), and "must_update" lists
hasher.must_update(encoded) answers for hashers with given parameters).

Usage (Debian's python3 with python3-argon2 and python3-bcrypt from apt):
    /usr/bin/python3 gen_django_passwords_round2.py [SEED [OUT.json]]
Seed 2 wrote passwords_gen_round2.json. Deterministic per seed except the
vectors marked "deterministic": false (Django draws their salts).

Covers what the first corpora cover thinly: passwords with non-ASCII, NUL,
control characters, very long values and a UTF-8 character split by bcrypt's
72-byte cut; every hasher Django 3.2 ships that Djinn has (pbkdf2_sha256,
pbkdf2_sha1, argon2 id and i with odd parameters and hash lengths, bcrypt_sha256
and bcrypt with 2a/2b/2y and several costs, md5, sha1, unsalted_md5,
unsalted_sha1); given salts with unusual characters; truncated, re-spelled and
undecodable encodings; identify_hasher's special cases; is_password_usable.
Skipped: crypt (removed in Django 5.0, Djinn has no UNIX crypt) and scrypt
(Django 4.0+, not in 3.2).
"""
import base64
import binascii
import json
import os
import random
import sys

import django
from django.conf import settings

BASE = [
    'django.contrib.auth.hashers.PBKDF2PasswordHasher',
    'django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher',
    'django.contrib.auth.hashers.Argon2PasswordHasher',
    'django.contrib.auth.hashers.BCryptSHA256PasswordHasher',
    'django.contrib.auth.hashers.BCryptPasswordHasher',
]
LEGACY = [
    'django.contrib.auth.hashers.MD5PasswordHasher',
    'django.contrib.auth.hashers.SHA1PasswordHasher',
    'django.contrib.auth.hashers.UnsaltedMD5PasswordHasher',
    'django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher',
]
settings.configure(SECRET_KEY='x', USE_I18N=False, PASSWORD_HASHERS=BASE)
django.setup()

import argon2  # noqa: E402
from django.contrib.auth import hashers as H  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 2
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         'passwords_gen_round2.json')
rng = random.Random(SEED)


class PBKDF2N(H.PBKDF2PasswordHasher):
    iterations = 1000


class PBKDF2SHA1N(H.PBKDF2SHA1PasswordHasher):
    iterations = 1000


def pbkdf2(n, sha1=False):
    cls = PBKDF2SHA1N if sha1 else PBKDF2N
    return type('PBKDF2%s_%d' % ('SHA1' if sha1 else '', n), (cls,), {'iterations': n})()


def argon(t=1, m=64, p=1, hash_len=16, typ=argon2.low_level.Type.ID):
    def params(self):
        return argon2.Parameters(type=typ, version=19, salt_len=16, hash_len=hash_len,
                                 time_cost=t, memory_cost=m, parallelism=p)
    return type('Argon2_t%d_m%d_p%d_h%d' % (t, m, p, hash_len), (H.Argon2PasswordHasher,),
                {'time_cost': t, 'memory_cost': m, 'parallelism': p, 'params': params})()


def bcrypt_h(sha, rounds=4):
    base = H.BCryptSHA256PasswordHasher if sha else H.BCryptPasswordHasher
    return type('%s_%d' % (base.__name__, rounds), (base,), {'rounds': rounds})()


B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'


def rb64(n):
    return ''.join(rng.choice(B64) for _ in range(n))


PASSWORDS = [
    '', ' ', '\x00', 'a\x00b', '\x00' * 3 + 'tail', 'trailing nul\x00', '\t\r\n\x0b\x0c', '\x01\x02\x1f\x7f',
    'é', 'e\u0301', 'Ⅻ', 'ß', 'İ', 'ﬁ', '\u200b\u200d', '\ufeffbom', '\u202eevil', 'עברית', 'العربية',
    '中文密码', '🔑🗝️👩‍👩‍👧', '\U0010ffff', '\u00a0nbsp', 'Ω' * 40, 'a' * 71 + 'é', 'a' * 72 + 'é',
    'é' * 36, 'é' * 37, '日' * 24 + 'x', 'x' * 1000, '密' * 3000, 'p' * 65536,
    'dollar$$sign', '$', '!', '!notunusable', 'back\\slash', '%(x)s{}', "quote'\"`",
]


def rpassword():
    alpha = rng.choice(['abc', 'é日😀\u0301', '\x00\x01 \t', 'xyz$!%', 'ABC123', '\u0400\u04ff\u0600'])
    return ''.join(rng.choice(alpha) for _ in range(rng.randint(0, 40)))


SALTS = [
    'a', 'ab', ' ', '  leading', 'trailing  ', 'tab\there', 'new\nline', 'é', 'ééééééééééééééééééééé',
    'éééééééééééééééééééééé', '日本語のソルト', '😀salt', 'salt=', '==', '+/+/', 'a#b%c&d', "q'u\"o", '\\',
    'x' * 21, 'x' * 22, 'y' * 500, '\x00nul', '0', '00000000', 'seasaltseasalt', '!bang',
]


def vec(h, password, salt=None, iterations=None, note=None, deterministic=None):
    if salt is None:
        enc = h.encode(password, h.salt())
    else:
        enc = h.encode(password, salt.encode() if h.algorithm.startswith('bcrypt') else salt)
    wrong = password + 'x' if password else 'not-empty'
    if rng.random() < 0.3 and password:
        wrong = password[:-1]  # a prefix, not an extension
    v = {'algorithm': h.algorithm,
         'hasher_class': type(h).__name__, 'iterations': iterations, 'password': password, 'encoded': enc,
         'check_right': h.verify(password, enc), 'wrong_password': wrong, 'check_wrong': h.verify(wrong, enc),
         'deterministic': (salt is not None) if deterministic is None else deterministic}
    if salt is not None:
        v['salt'] = salt
    if note:
        v['note'] = note
    return v


vectors = []
# PBKDF2 at odd iteration counts (each below Djinn's 1,000,000: upgraded).
for n in [1, 2, 3, 7, 999, 1000, 1001, 4096, 12345]:
    for sha1 in (False, True):
        pw = rng.choice(PASSWORDS[:30])
        vectors.append(vec(pbkdf2(n, sha1), pw, salt=rng.choice(SALTS), iterations=n))
        vectors.append(vec(pbkdf2(n, sha1), rpassword(), iterations=n))
for pw in PASSWORDS:
    vectors.append(vec(pbkdf2(1000), pw, iterations=1000))
    vectors.append(vec(pbkdf2(1000, True), pw, salt=rng.choice(SALTS), iterations=1000))
for salt in SALTS:
    vectors.append(vec(pbkdf2(1000), rng.choice(PASSWORDS), salt=salt, iterations=1000))
# At Djinn's default count with a 22-character and a 21-character salt.
vectors.append(vec(pbkdf2(1000000), 'pässwörd', iterations=1000000,
                   note='Django 5.2 default count: not upgraded'))
vectors.append(vec(pbkdf2(1000000), 'pässwörd', salt='abcdefghijklmnopqrstu', iterations=1000000,
                   note='21-character salt: upgraded'))
vectors.append(vec(pbkdf2(1000000), 'pässwörd', salt='ééééééééééééééééééééé', iterations=1000000,
                   note='21 characters, 42 bytes: Django counts characters, upgraded'))
vectors.append(vec(pbkdf2(1000000), 'pässwörd', salt='ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕ', iterations=1000000,
                   note='22 non-ASCII characters: not upgraded'))
# Argon2 with odd parameters, both varieties, several hash lengths.
ARGON = [(1, 8, 1, 16), (1, 16, 2, 16), (2, 32, 1, 16), (3, 64, 4, 16), (1, 64, 1, 4), (1, 64, 1, 8),
         (1, 64, 1, 32), (1, 64, 1, 64), (2, 100, 3, 20), (1, 9, 1, 16)]
for t, m, p, hl in ARGON:
    vectors.append(vec(argon(t, m, p, hl), rng.choice(PASSWORDS[:30]), salt=rng.choice(
        ['saltsalt', 'ééééééééé', '日本語のソルト', 'seasaltseasalt', 'x' * 64, 'with space ', '\x00' * 8])))
    vectors.append(vec(argon(t, m, p, hl, argon2.low_level.Type.I), rpassword(), salt='saltsalt' + rb64(4),
                       deterministic=False, note='argon2i: verified and upgraded, never written'))
for pw in PASSWORDS[::3]:
    vectors.append(vec(argon(), pw))
# bcrypt: variants, costs, the 72-byte cut inside a UTF-8 character.
for i, pw in enumerate(PASSWORDS + [rpassword() for _ in range(10)]):
    variant = ['$2b$', '$2a$', '$2y$'][i % 3]
    cost = [4, 4, 5][i % 3]
    salt = variant + '%02d$' % cost + rb64(22)
    vectors.append(vec(bcrypt_h(True, cost), pw, salt=salt))
    if '\x00' not in pw:  # Python's bcrypt refuses NUL bytes
        vectors.append(vec(bcrypt_h(False, cost), pw, salt=salt, note='plain bcrypt truncates at 72 bytes'))
for pw in ['a' * 71 + 'é', 'é' * 36 + 'x', '日' * 24 + 'x']:
    h = bcrypt_h(False)
    enc = h.encode(pw, h.salt())
    wrong = pw.encode()[:72].decode('utf-8', 'ignore') + 'zzz'
    vectors.append({'algorithm': 'bcrypt', 'hasher_class': type(h).__name__, 'iterations': None, 'password': pw,
                    'encoded': enc, 'check_right': h.verify(pw, enc), 'wrong_password': wrong,
                    'check_wrong': h.verify(wrong, enc), 'deterministic': False,
                    'note': 'plain bcrypt truncates at 72 bytes, inside a UTF-8 character'})
# Legacy hashers (md5 ships in Django 5.x; sha1 and the unsalted ones in 3.2 and 4.x).
for pw in PASSWORDS[::2] + [rpassword() for _ in range(6)]:
    vectors.append(vec(H.MD5PasswordHasher(), pw, salt=rng.choice(SALTS)))
    vectors.append(vec(H.SHA1PasswordHasher(), pw, salt=rng.choice(SALTS)))
    vectors.append(vec(H.UnsaltedMD5PasswordHasher(), pw, salt=''))
    vectors.append(vec(H.UnsaltedSHA1PasswordHasher(), pw, salt=''))
for pw in ['password', '', 'é']:
    vectors.append(vec(H.MD5PasswordHasher(), pw))
    vectors.append(vec(H.SHA1PasswordHasher(), pw))
for i, v in enumerate(vectors):
    v['name'] = 'r2_vectors_%03d' % i

# ---- special values: check_password('password', encoded) under a hasher list ----
specials = []  # (encoded, legacy)
p = PBKDF2N().encode('password', 'seasalt')
alg, it, salt, hsh = p.split('$')
p1 = pbkdf2(1000, True).encode('password', 'seasalt')
for n in ['2147483648', '4294967296', '9223372036854775808', '99999999999999999999999', ' 1000', '\t1000\n',
          '1000\n', '-0', '+0', '0x3e8', '1__000', '_1000', '1000_', '１０００', '1000.0', '', '¹⁰⁰⁰', '-1000']:
    specials.append(('%s$%s$%s$%s' % (alg, n, salt, hsh), False))
for s in ['seasalt ', ' seasalt', 'SEASALT', 'seasalt\x00', 'séasalt']:
    specials.append(('%s$%s$%s$%s' % (alg, it, s, hsh), False))
for hv in [hsh.lower(), hsh + '\n', ' ' + hsh, hsh.replace('=', ''), hsh[:-2] + '==', '']:
    specials.append(('%s$%s$%s$%s' % (alg, it, salt, hv), False))
for enc in (p, p1):
    for i in range(len(enc)):
        if enc[i] == '$' or i in (1, len(enc) - 1, len(enc) - 5):
            specials.append((enc[:i], False))
specials += [(p.replace('pbkdf2_sha256', 'pbkdf2_sha1'), False), (p1.replace('pbkdf2_sha1', 'pbkdf2_sha256'), False),
             ('pbkdf2_sha512$1000$seasalt$' + hsh, False), ('pbkdf2_sha256 $1000$seasalt$' + hsh, False)]
# Argon2.
a = argon().encode('password', 'seasaltseasalt')
ap = a.split('$')  # argon2, argon2id, v=19, m=64,t=1,p=1, salt, hash


def swap(i, val):
    q = list(ap)
    q[i] = val
    return '$'.join(q)


STD64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def flip_last(b64):  # the same bytes for a lax decoder: non-zero trailing bits
    return b64[:-1] + STD64[STD64.index(b64[-1]) + 1]


a_i = argon(typ=argon2.low_level.Type.I).encode('password', 'seasaltseasalt')
a_d_raw = argon2.low_level.hash_secret(b'password', b'seasaltseasalt', time_cost=1, memory_cost=64, parallelism=1,
                                       hash_len=16, type=argon2.low_level.Type.D).decode()
a_v16 = argon2.low_level.hash_secret(b'password', b'seasaltseasalt', time_cost=1, memory_cost=64, parallelism=1,
                                     hash_len=16, type=argon2.low_level.Type.ID, version=16).decode()
a_v16t2 = argon2.low_level.hash_secret(b'password', b'seasaltseasalt', time_cost=2, memory_cost=64, parallelism=1,
                                       hash_len=16, type=argon2.low_level.Type.ID, version=16).decode()
specials += [(a, False), (a_i, False), ('argon2' + a_d_raw, False), ('argon2' + a_v16, False),
             ('argon2' + a_v16t2, False), ('argon2' + a_v16.replace('$v=16', ''), False),
             ('argon2' + a_v16t2.replace('$v=16', ''), False),
             (swap(1, 'argon2idx'), False), (swap(1, 'argon2ix'), False), (swap(1, 'argon2'), False),
             (swap(1, 'Argon2id'), False), (swap(2, 'v=18'), False), (swap(2, 'v=020'), False),
             (swap(2, 'v=19,x=1'), False), (swap(3, 'm=64,t=1'), False), (swap(3, 'm=64,t=1,p=1,k=1'), False),
             (swap(3, 'm=64,t=0,p=1'), False), (swap(3, 'm=64,t=1,p=0'), False), (swap(3, 'm=7,t=1,p=1'), False),
             (swap(3, 'm=64,t=1,p=9'), False), (swap(3, 'm=64, t=1,p=1'), False), (swap(3, 'm=+64,t=1,p=1'), False),
             (swap(3, 'm=64,t=1,p=1,'), False), (swap(3, 'm=4294967296,t=1,p=1'), False),
             (swap(4, flip_last(ap[4])), False), (swap(5, flip_last(ap[5])), False),
             (swap(4, base64.b64encode(b'short').decode().rstrip('=')), False),
             (swap(5, base64.b64encode(b'abc').decode().rstrip('=')), False),
             (swap(4, ap[4] + 'A'), False), (swap(5, ap[5][:-1]), False), (swap(4, ap[4].replace('c', '-')), False),
             (swap(5, ap[5] + '\n'), False), (a + '$', False), (a + 'é', False), (swap(4, 'é' + ap[4]), False),
             ('argon2$argon2id', False), ('argon2$argon2id$', False), ('argon2$argon2i', False), ('argon2$$', False),
             ('argon2$argon2id$v=19$m=64,t=1,p=1', False), ('argon2$x', False), ('argon2', False)]
for i in range(len(a)):
    if a[i] == '$':
        specials.append((a[:i], False))
# bcrypt.
bc = bcrypt_h(True).encode('password', b'$2b$04$abcdefghijklmnopqrstuu')
bp = bcrypt_h(False).encode('password', b'$2b$04$abcdefghijklmnopqrstuu')
for e in (bc, bp):
    al, data = e.split('$', 1)
    specials += [(e[:len(al) + 1 + k], False) for k in (0, 1, 3, 4, 6, 7, 28, 29, 30, 59)]
    specials += [(al + '$' + data.replace('$04$', v), False) for v in ('$05$', '$4$', '$004$', '$0x$', '$ 4$', '$32$', '$03$')]
    specials += [(al + '$' + data.replace('$2b$', v), False) for v in ('$2$', '$2c$', '$2B$', '$3b$', '$2bb$')]
    specials += [(al + '$' + data[:10] + '_' + data[11:], False), (al + '$' + data[:10] + 'é' + data[11:], False),
                 (al + '$' + data[:40] + 'é' + data[41:], False), (al + '$' + data[:40] + '\x00' + data[41:], False),
                 (al + '$' + data[:28] + 'v' + data[29:], False), (al + '$' + data[:28] + 'w' + data[29:], False),
                 (e + e[-5:], False), (e.upper(), False), (' ' + e, False)]
# Identify and usability.
md5hex = H.UnsaltedMD5PasswordHasher().encode('password', '')
sha1hex = H.UnsaltedSHA1PasswordHasher().encode('password', '')
md5s = H.MD5PasswordHasher().encode('password', 'seasalt')
sha1s = H.SHA1PasswordHasher().encode('password', 'seasalt')
ident = ['', '$', '$$', '$$$$', '!', ' !', '!!', '!' + p, '\x00!', '\u01c3', 'unknown$1$2$3', 'PBKDF2_SHA256$x',
         md5hex, md5hex.upper(), md5hex[:31], md5hex + 'a', 'md5$$' + md5hex, 'md5$$' + md5hex.upper(),
         'md5$$' + md5hex[:-1], 'md5$' + md5hex, sha1hex, sha1hex[:-1], 'sha1$$' + sha1hex[6:].upper(),
         'sha1$' + sha1hex[6:], md5s, sha1s, 'md5$seasalt', 'md5$', 'md5', 'sha1$seasalt', 'sha1$$', 'sha1',
         md5s.replace('seasalt', ''), 'md5$$$' + md5hex, md5s + '$', md5s.upper(), sha1s + ' ',
         'x' * 32, 'é' * 32, 'unsalted_md5$' + md5hex, 'unsalted_sha1$' + sha1hex, 'crypt$$ab01234567890']
specials += [(e, False) for e in ident] + [(e, True) for e in ident]
specials += [(e, True) for e in ['md5$sea$salt$' + md5hex, 'sha1$' + 'é' * 3 + '$' + sha1hex[6:]]]
specials.append(('md5$seasalt$' + H.MD5PasswordHasher().encode('password', 'seasalt').split('$')[2], True))

special_values = []
seen = set()
for e, legacy in specials:
    if (e, legacy) in seen:
        continue
    seen.add((e, legacy))
    names = BASE + LEGACY if legacy else BASE
    with override_settings(PASSWORD_HASHERS=names):
        sv = {'encoded': e, 'is_password_usable': H.is_password_usable(e)}
        if legacy:
            sv['hashers'] = [h.algorithm for h in H.get_hashers()]
        try:
            H.identify_hasher(e)
            sv['identify'] = H.identify_hasher(e).algorithm
        except ValueError as ex:
            sv['identify_error'] = type(ex).__name__
        try:
            sv['check_password_of_password'] = H.check_password('password', e)
        except Exception as ex:  # noqa
            sv['check_password_error'] = type(ex).__name__
            sv['check_password_error_is_value_error'] = isinstance(ex, ValueError)
    q = e.split('$')
    if sv.get('check_password_of_password') and len(q) > 2 and q[0] == 'argon2' and (
            q[1] == 'argon2d' or q[2] != 'v=19'):
        # Marked: Djinn computes Argon2id and Argon2i version 19 only (docs/passwords.md).
        sv['djinn_check_password_of_password'] = False
        sv['note'] = 'intended divergence: Argon2d and Argon2 version 16 hashes never match in Djinn'
    special_values.append(sv)
u = H.make_password(None)
special_values.append({'make_password(None)': u, 'starts_with': '!', 'length': len(u),
                       'is_password_usable': H.is_password_usable(u), 'note': "random: '!' + 40 random chars"})

# ---- must_update under given parameters (Django 5.2's defaults among them) ----
must = []


def mu(kind, params, h, encs):
    for e in encs:
        m = {'hasher': kind, 'params': params, 'encoded': e}
        try:
            m['must_update'] = h.must_update(e)
        except Exception as ex:  # noqa
            m['error'] = type(ex).__name__
        must.append(m)


pb = ['pbkdf2_sha256$%s$%s$x' % (n, s) for n in ['1000000', '999999', '1000001', '1', '260000', '01000000', ' 1000000']
      for s in ['abcdefghijklmnopqrstuv', 'abcdefghijklmnopqrstu', 'é' * 21, 'é' * 22, '', 'x' * 100]]
mu('pbkdf2_sha256', {'iterations': 1000000}, pbkdf2(1000000), pb + ['pbkdf2_sha256$1e6$abcdefghijklmnopqrstuv$x'])
mu('pbkdf2_sha256', {'iterations': 260000}, pbkdf2(260000), pb[:12])
mu('pbkdf2_sha1', {'iterations': 1000000}, pbkdf2(1000000, True),
   [e.replace('sha256', 'sha1') for e in pb[:12]])
ag = []
for t, m, pp, hl in [(2, 102400, 8, 16), (1, 102400, 8, 16), (2, 65536, 8, 16), (2, 102400, 4, 16), (2, 102400, 8, 32),
                     (1, 64, 1, 16)]:
    for slen in (16, 15, 22, 8):
        salt = base64.b64encode(b's' * slen).decode().rstrip('=')
        hh = base64.b64encode(b'h' * hl).decode().rstrip('=')
        ag.append('argon2$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s' % (m, t, pp, salt, hh))
ag += [e.replace('argon2id', 'argon2i') for e in ag[:4]]
ag += ['argon2$argon2id$m=102400,t=2,p=8$' + ag[0].split('$')[-2] + '$' + ag[0].split('$')[-1],
       ag[0].replace('v=19', 'v=16')]
mu('argon2', {'time_cost': 2, 'memory_cost': 102400, 'parallelism': 8}, argon(2, 102400, 8), ag)
mu('argon2', {'time_cost': 1, 'memory_cost': 64, 'parallelism': 1}, argon(1, 64, 1), ag)
bb = ['bcrypt_sha256$$2b$%s$%s' % (c, rb64(53)) for c in ('12', '04', '13', '31')] + \
     ['bcrypt_sha256$$2a$12$' + rb64(53), 'bcrypt_sha256$$2y$12$' + rb64(53)]
mu('bcrypt_sha256', {'rounds': 12}, bcrypt_h(True, 12), bb)
mu('bcrypt_sha256', {'rounds': 4}, bcrypt_h(True, 4), bb)
mu('bcrypt', {'rounds': 12}, bcrypt_h(False, 12), [e.replace('bcrypt_sha256', 'bcrypt') for e in bb])
mu('md5', {}, H.MD5PasswordHasher(), ['md5$abcdefghijklmnopqrstuv$x', 'md5$abcdefghijklmnopqrstu$x',
                                      'md5$' + 'é' * 21 + '$x', 'md5$' + 'é' * 22 + '$x', md5s])
mu('sha1', {}, H.SHA1PasswordHasher(), ['sha1$abcdefghijklmnopqrstuv$x', sha1s])

out = {'django_version': django.get_version(), 'seed': SEED,
       'note': 'hashers: algorithms of the PASSWORD_HASHERS a special value was checked under, preferred first '
               '(absent: pbkdf2_sha256, pbkdf2_sha1, argon2, bcrypt_sha256, bcrypt)',
       'vectors': vectors, 'special_values': special_values, 'must_update': must}
with open(OUT, 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(len(vectors), len(special_values), len(must))
