#!/usr/bin/python3
"""Second differential round for signing, answered by Django 3.2.25.

Usage: /usr/bin/python3 gen_django_signing_round2.py SEED OUT.json (deterministic per seed;
signing_gen_round2.json is seed 2). The schema is signing.json's, with a non-ASCII secret key,
random separators (the unsafe ones left out: Signer() refuses them), salts, algorithms, values,
TimestampSigner checks with max_age None, 0, floats and negatives around the signing time,
dumps with and without compression, and three sections only this round has:
  loads_crafted: signing.loads of payload text signed by hand (TimestampSigner.sign of any text):
    latin-1 and UTF-8 bytes in the JSON, base64 with the standard alphabet, padding and junk;
  timestamp_crafted: TimestampSigner.unsign of 'value:<timestamp>' signed by a plain Signer with
    the TimestampSigner salt (odd timestamps: '-', '00', very long ones);
  b64_decode: signing.b64_decode of random text (hex of the bytes, or the error).
"""
import base64
import binascii
import json
import random
import sys
import zlib

import django
from django.conf import settings

KEY = 'clé-secrète-ünïcode-日本-0123456789-round-2'
NOW = 1700000000
settings.configure(SECRET_KEY=KEY, USE_I18N=False)
django.setup()

from django.core import signing  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402

clock = [NOW]


class FakeTime:
    @staticmethod
    def time():
        return clock[0]


signing.time = FakeTime
rng = random.Random(int(sys.argv[1]))


def op(f):
    try:
        return {'result': f()}
    except Exception as e:  # noqa
        return {'error': type(e).__name__, 'error_message': str(e)}


def tamper(s):
    return s[:-1] + ('B' if s[-1] == 'A' else 'A')


def rstr(n=12):
    alpha = rng.choice(['abc', 'éü日本😀ÿ', ':/|#!@', '"\\\n\t\x00\x7f', 'xyz_-.=', 'ABC123', '\x80\xa0\xff'])
    return ''.join(rng.choice(alpha) for _ in range(rng.randint(0, n)))


def rval(d=0):
    r = rng.random()
    if d < 3 and r < 0.2:
        return {rstr(): rval(d + 1) for _ in range(rng.randint(0, 4))}
    if d < 3 and r < 0.35:
        return [rval(d + 1) for _ in range(rng.randint(0, 5))]
    if r < 0.6:
        return rstr(40) * rng.choice([1, 1, 5])
    if r < 0.75:
        return rng.choice([0, -1, 2 ** 63, 10 ** 20, rng.randint(-10 ** 6, 10 ** 6)])
    if r < 0.9:
        return rng.choice([0.1, 1.0, 1e-7, 1e16, -0.0, 123456.789])
    return rng.choice([True, False, None])


out = {'django_version': django.get_version(), 'secret_key': KEY, 'fixed_now': NOW,
       'signer': [], 'signer_misc': [], 'sign_object': [], 'timestamp_signer': [], 'dumps': [],
       'loads_garbage': [], 'b64_encode': [], 'signed_cookies': [], 'salted_hmac': [],
       'loads_crafted': [], 'timestamp_crafted': [], 'b64_decode': []}
seps = [':', '/', '|', '#', '!', '@', '.~', '::', ':/', ' ', '~', 'é', '日', '=:', '-.', '%', '\t', '$$']
algs = ['sha256', 'sha1', 'sha512', 'md5', 'sha384', 'sha224', 'sha3_256', 'blake2b', 'blake2s']

for i in range(120):
    v, salt, sep, alg = rstr(30), rng.choice([None, '', rstr(), 'ünï-salt']), rng.choice(seps), rng.choice(algs)
    s = signing.Signer(KEY, sep=sep, salt=salt, algorithm=alg)
    signed = s.sign(v)
    t = tamper(signed)
    o_salt = signing.Signer(KEY, sep=sep, salt=(salt or '') + '-other', algorithm=alg)
    o_key = signing.Signer('some-other-secret-key', sep=sep, salt=salt, algorithm=alg)
    out['signer'].append({'value': v, 'salt': salt, 'sep': sep, 'algorithm': alg, 'signed': signed,
                          'unsign': op(lambda: s.unsign(signed)), 'tampered': t,
                          'unsign_tampered': op(lambda: s.unsign(t)),
                          'unsign_with_other_salt': op(lambda: o_salt.unsign(signed)),
                          'unsign_with_other_key': op(lambda: o_key.unsign(signed)), 'name': 'r2_signer_%03d' % i})

d = signing.Signer(KEY)
good = d.sign('välue')
misc = [('valid non-ASCII', good), ('value with the separator', d.sign('a:b:')),
        ('signature of a prefix', 'välu:' + good.split(':')[-1]),
        ('non-ASCII signature', 'välue:' + good.split(':')[-1][:-1] + 'é'),
        ('two separators', 'välue::' + good.split(':')[-1]), ('empty value', d.sign('')),
        ('only separators', '::::'), ('signature with a space', good + ' ')]
for i, (case, inp) in enumerate(misc):
    e = {'case': case, 'input': inp}
    e.update(op(lambda: d.unsign(inp)))
    e['name'] = 'r2_signer_misc_%03d' % i
    out['signer_misc'].append(e)

for i in range(30):
    o, c = rval(), rng.random() < 0.6
    signed = d.sign_object(o, compress=c)
    out['sign_object'].append({'object': o, 'compress': c, 'signed': signed,
                               'unsign_object': op(lambda: d.unsign_object(signed)), 'name': 'r2_sign_object_%03d' % i})

for i in range(40):
    v, salt = rstr(20), rng.choice([None, '', rstr(), 'ünï'])
    now = rng.choice([NOW, 0, 1, 2 ** 31, NOW + rng.randint(-10 ** 6, 10 ** 6)])
    clock[0] = now
    s = signing.TimestampSigner(KEY, salt=salt)
    signed = s.sign(v)
    checks = []
    for _ in range(10):
        dn = rng.choice([0, 1, 5, 10, 11, 59, 60, 61, 3600, -5, -1, 86400 * 14, 86400 * 14 + 1])
        ma = rng.choice([None, 0, 1, 10, 60, 4.5, 0.5, -1, -10, 86400 * 14, 1e-9])
        clock[0] = now + dn
        c = {'now': now + dn, 'max_age': ma}
        c.update(op(lambda: s.unsign(signed, max_age=ma)))
        checks.append(c)
    clock[0] = now
    plain = signing.Signer(KEY, salt=salt)
    out['timestamp_signer'].append({'value': v, 'salt': salt, 'now': now, 'signed': signed,
                                    'timestamp_base62': signing.baseconv.base62.encode(now), 'checks': checks,
                                    'unsign_tampered': op(lambda: s.unsign(tamper(signed))),
                                    'plain_signer_unsign': op(lambda: plain.unsign(signed)),
                                    'name': 'r2_timestamp_signer_%03d' % i})
clock[0] = NOW

for i in range(60):
    o, c, salt = rval(), rng.random() < 0.6, rng.choice(['django.core.signing', rstr(), 'ünï'])
    clock[0] = NOW
    dumped = signing.dumps(o, salt=salt, compress=c)
    ent = {'object': o, 'compress': c, 'salt': salt, 'now': NOW, 'dumps': dumped,
           'compressed_marker': dumped.startswith('.'),
           'loads': op(lambda: signing.loads(dumped, salt=salt)),
           'loads_tampered': op(lambda: signing.loads(tamper(dumped), salt=salt)),
           'loads_wrong_salt': op(lambda: signing.loads(dumped, salt=salt + '-wrong'))}
    clock[0] = NOW + 61
    ent['loads_max_age_60_after_61s'] = op(lambda: signing.loads(dumped, salt=salt, max_age=60))
    ent['name'] = 'r2_dumps_%03d' % i
    out['dumps'].append(ent)
clock[0] = NOW

for i, g in enumerate(['é:1r31eq:x', 'eyJhIjoxfQ:1r31eq:' + 'A' * 43, 'x' * 100, '::1r31eq:',
                       signing.dumps('v', key='other key')]):
    r = op(lambda: signing.loads(g))
    if r.get('error') == 'BadSignature':
        out['loads_garbage'].append({'input': g, 'error': r['error'], 'error_message': r['error_message'],
                                     'name': 'r2_loads_garbage_%03d' % i})

for i in range(20):
    s = rstr(20)
    out['b64_encode'].append({'input': s, 'output': signing.b64_encode(s.encode()).decode(),
                              'name': 'r2_b64_encode_%03d' % i})

for i in range(20):
    name, value, salt = rng.choice(['c', 'sessionid', 'x-y', 'ünï']), rstr(20), rstr(8)
    r = HttpResponse()
    try:
        r.set_signed_cookie(name, value, salt=salt)
    except Exception:
        continue
    cv = r.cookies[name].value
    signer = signing.get_cookie_signer(salt=name + salt)
    out['signed_cookies'].append({'cookie_name': name, 'value': value, 'salt': salt, 'now': NOW, 'cookie_value': cv,
                                  'verify': op(lambda: signer.unsign(cv)), 'name': 'r2_signed_cookies_%03d' % i})

for i in range(20):
    ks, v, sec, alg = rstr(), rstr(50), rng.choice([KEY, rstr(20) or 'k', 'ключ']), rng.choice(algs)
    out['salted_hmac'].append({'key_salt': ks, 'value': v, 'secret': sec, 'algorithm': alg,
                               'hexdigest': salted_hmac(ks, v, secret=sec, algorithm=alg).hexdigest(),
                               'name': 'r2_salted_hmac_%03d' % i})


def b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


crafted = [b64('"é"'.encode()), b64(b'"\xe9"'), b64(b'{"\xff":1}'), b64(b'[1,2,3]>>>??'),
           base64.b64encode(b'"\xfb\xff"').decode(), 'WzEs!!MV0', 'WzFd==', 'Wz=Fd', 'WzF=d', 'W===zFd',
           '.' + b64(zlib.compress(b'"\xe9\xe8"')), '.' + b64(zlib.compress('"日本"'.encode())),
           b64(b'\xef\xbb\xbf[1]'), b64(b' [1] \n'), b64(b'{"a":1,"a":2}'), b64(b'123456789012345678901234567890'),
           '', '.', 'W', b64(b'"a\x01b"'), b64(b'"\\u00e9\xe9"'), b64(b'[1.0e400]'), b64(b'{"k":[true,null]}') + '%%',
           'ey JhIjox fQ', b64(b'"\x80\x9f"')]
for i in range(10):
    raw = bytes(rng.choice([0x22, 0x41, 0x5b, 0x5d, 0x31, 0x2c, 0xe9, 0xc3, 0xa9, 0x80, 0xff]) for _ in range(rng.randint(0, 8)))
    crafted.append(b64(raw))
for i, p in enumerate(crafted):
    salt = rng.choice(['django.core.signing', 'ünï'])
    clock[0] = NOW
    tok = signing.TimestampSigner(KEY, salt=salt).sign(p)
    e = {'input': tok, 'salt': salt, 'now': NOW, 'payload': p}
    e.update(op(lambda: signing.loads(tok, salt=salt)))
    if 'result' in e and 'Infinity' in json.dumps(e['result']):
        continue  # not JSON: the corpus cannot hold it
    e['name'] = 'r2_loads_crafted_%03d' % i
    out['loads_crafted'].append(e)

plain = signing.Signer(KEY, salt='django.core.signing.TimestampSigner')
for i, ts in enumerate(['', '-', '-1', '00', '-0', '0', 'zzzzzzzzzzzz', 'z' * 40, '-' + 'z' * 30, 'é', '+1', '1-1',
                        signing.baseconv.base62.encode(NOW), signing.baseconv.base62.encode(NOW - 100),
                        '0' * 20 + signing.baseconv.base62.encode(NOW)]):
    tok = plain.sign('välue:' + ts)
    for ma in [None, 10, 0, -1, 200]:
        clock[0] = NOW
        e = {'input': tok, 'now': NOW, 'max_age': ma}
        e.update(op(lambda: signing.TimestampSigner(KEY).unsign(tok, max_age=ma)))
        e['name'] = 'r2_timestamp_crafted_%03d_%s' % (i, ma)
        out['timestamp_crafted'].append(e)

for i in range(150):
    s = ''.join(rng.choice('AZaz09-_+/=!é. ') for _ in range(rng.randint(0, 12)))
    e = {'input': s}
    try:
        e['hex'] = signing.b64_decode(s.encode()).hex()
    except (binascii.Error, ValueError) as ex:
        e['error'] = type(ex).__name__
    e['name'] = 'r2_b64_decode_%03d' % i
    out['b64_decode'].append(e)
# base64.b64decode, as the pre-3.1 session format is read (standard alphabet, no padding added).
for i in range(100):
    s = ''.join(rng.choice('AZaz09-_+/=!. ') for _ in range(rng.randint(0, 12)))
    e = {'input': s, 'std': True}
    try:
        e['hex'] = base64.b64decode(s.encode()).hex()
    except (binascii.Error, ValueError) as ex:
        e['error'] = type(ex).__name__
    e['name'] = 'r2_b64decode_std_%03d' % i
    out['b64_decode'].append(e)

with open(sys.argv[2], 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
