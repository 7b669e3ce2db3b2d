#!/usr/bin/python3
"""Second differential round for sessions, answered by Django 3.2.25 (schema of sessions.json).

Usage: /usr/bin/python3 gen_django_sessions_round2.py SEED OUT.json (deterministic per seed;
sessions_gen_round2.json is seed 2). A non-ASCII SECRET_KEY; random sessions encoded by the
database backend's SessionStore (JSON, compressed when shorter), each decoded, and a "tampered"
value that is one of: the encoding with its last character changed; the same session signed
with another salt, another key, or with a timestamp from another time (no max age applies to
stored sessions); payloads signed by hand (latin-1 and UTF-8 bytes, base64 with junk, JSON that
is not an object, duplicate keys); and the pre-3.1 format Django 3.2 still reads
(base64 of "<salted_hmac sha1 hex>:<json>"), good and bad.
"""
import base64
import json
import random
import sys
import zlib

import django
from django.conf import settings

KEY = 'clé-secrète-sessions-ünïcode-日本-0123456789'
NOW = 1700000000
settings.configure(SECRET_KEY=KEY, USE_I18N=False, INSTALLED_APPS=['django.contrib.sessions'],
                   DATABASES={'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}})
django.setup()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core import signing  # noqa: E402
from django.utils.crypto import salted_hmac  # noqa: E402

clock = [NOW]


class FakeTime:
    @staticmethod
    def time():
        return clock[0]


signing.time = FakeTime
rng = random.Random(int(sys.argv[1]))


def tamper(s):
    return s[:-1] + ('B' if s[-1] == 'A' else 'A')


def rstr():
    alpha = rng.choice(['abc', 'éü日本😀', '"\\\n\t\x00\x7f', 'xyz_:-/.', '\u2028\ud7ff\ue000', '\x80\xa0\xff'])
    return ''.join(rng.choice(alpha) for _ in range(rng.randint(0, 12)))


def rval(d=0):
    r = rng.random()
    if d < 3 and r < 0.15:
        return {rstr(): rval(d + 1) for _ in range(rng.randint(0, 4))}
    if d < 3 and r < 0.3:
        return [rval(d + 1) for _ in range(rng.randint(0, 4))]
    if r < 0.5:
        return rstr() * rng.choice([1, 1, 8])
    if r < 0.65:
        return rng.choice([0, 1, -1, 2 ** 31, 2 ** 63, 10 ** 20, rng.randint(-10 ** 6, 10 ** 6)])
    if r < 0.8:
        return rng.choice([0.1, 1.0, -0.0, 1e-7, 1e16, 1.5e300, 2.5, 123.456])
    return rng.choice([True, False, None])


def b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip('=')


store = SessionStore()


def legacy(serialized, key_salt='django.contrib.sessionsSessionStore', secret=KEY):
    h = salted_hmac(key_salt, serialized, secret=secret).hexdigest()
    return base64.b64encode(h.encode() + b':' + serialized).decode('ascii')


def crafted(s):
    """Another stored value for session s, and what it is."""
    data = json.dumps(s, separators=(',', ':')).encode('latin-1')
    k = rng.random()
    if k < 0.2:
        return tamper(store.encode(s))
    if k < 0.3:
        return signing.dumps(s, salt=rng.choice(['django.contrib.sessions.backends.signed_cookies', 'other']),
                             compress=True)
    if k < 0.35:
        return signing.dumps(s, key='another key', salt=store.key_salt, compress=True)
    if k < 0.45:
        clock[0] = rng.choice([0, NOW - 10 ** 8, NOW + 10 ** 6])
        try:
            return store.encode(s)
        finally:
            clock[0] = NOW
    if k < 0.7:
        choice = rng.choice([
            b64(json.dumps(s, ensure_ascii=False, separators=(',', ':')).encode('utf-8')),
            b64(b'{"k":"\xe9\xff"}'), '.' + b64(zlib.compress(b'{"\xe9":"\xe8"}')),
            b64(b'[1,2]'), b64(b'"str"'), b64(b'null'), b64(b'{"a":1,"a":2,"b":3}'),
            b64(b' {"a" : [ 1 , {"b":2} ] } '), 'ey!!JhIjoxfQ', b64(b'{"a":1}') + '==', b64(b'{"a":'),
            b64(b'{"a":NaN}'), b64(b'{"a":1e400}')])
        return signing.TimestampSigner(salt=store.key_salt).sign(choice)
    if k < 0.85:
        return legacy(data)
    return rng.choice([legacy(data, key_salt='django.contrib.sessionsOther'), legacy(data, secret='other'),
                       legacy(data)[:-2], 'bm90IGxlZ2FjeQ==', base64.b64encode(b'abc:' + data).decode(),
                       legacy(b'[1,2]'), legacy(b'{"k":"\xe9"}'), legacy(data).replace('=', ''),
                       base64.b64encode(b':' + data).decode()])


def safe(v):
    text = json.dumps(v)
    return 'NaN' not in text and 'Infinity' not in text


out = {'django_version': django.get_version(), 'secret_key': KEY, 'fixed_now': NOW, 'salt': store.key_salt,
       'note': "session_data = SessionStore().encode(session) (database backend); 'tampered' is another stored "
               "value (changed, other salt/key/time, hand-signed payloads, the pre-3.1 format)",
       'vectors': []}
for i in range(150):
    s = {rstr(): rval() for _ in range(rng.randint(0, 8))}
    clock[0] = NOW
    data = store.encode(s)
    t = crafted(s)
    try:
        dt = store.decode(t)
    except Exception:  # noqa
        # 3.2 raises (a 500) for a payload that verifies but does not decode when
        # the pre-3.1 reader then fails on its base64; Djinn gives an empty session.
        continue
    if not isinstance(dt, dict) or not safe(dt):
        continue  # a list, a string, NaN: the corpus cannot hold it as a session
    out['vectors'].append({'name': 'r2_session_%03d' % i, 'session': s, 'session_data': data,
                           'decode': store.decode(data), 'tampered': t, 'decode_tampered': dt})
with open(sys.argv[2], 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(len(out['vectors']))
