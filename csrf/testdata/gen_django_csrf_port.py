#!/usr/bin/python3
"""CSRF_COOKIE_DOMAIN given with a port, answered by Django 3.2.25 (schema of csrf.json).

Run from this directory with Debian's Django: /usr/bin/python3 gen_django_csrf_port.py
Writes csrf_gen_port.json. Reuses the setup of gen_django_csrf.py. HTTPS POSTs with a good
token under CSRF_COOKIE_DOMAIN 'example.com:8443', '.example.com:8443' and 'example.com:443',
with and without a port in the Host header, against Referers with and without ports; and the
cookie such a setting sends. Left out: a domain without a port with 'Host: example.com:8443'
(Django takes the port from SERVER_PORT, 443 under its test client; Djinn from the Host header:
see docs/csrf.md).
"""
import json
import os

src = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gen_django_csrf.py')).read()
exec(src.split("F = 'csrfmiddlewaretoken'")[0])
out['masking_vectors'] = []
F = 'csrfmiddlewaretoken'
good = dict(cookie=COOKIE, form={F: TOKEN})
for dom in ['example.com:8443', '.example.com:8443', 'example.com:443']:
    for host in [None, 'example.com', 'example.com:8443', 'example.com:9000']:
        for ref in ['https://example.com/', 'https://example.com:8443/', 'https://www.example.com:8443/',
                    'https://example.com:443/', 'https://testserver/', 'https://example.com:8443.evil/']:
            h = {'Referer': ref}
            if host:
                h['Host'] = host
            run('HTTPS POST, CSRF_COOKIE_DOMAIN=%s, Host %s, Referer %s' % (dom, host, ref), 'POST', '/ok/',
                secure=True, headers=h, settings_={'CSRF_COOKIE_DOMAIN': dom}, **good)
    run('GET /token/ with CSRF_COOKIE_DOMAIN=%s' % dom, 'GET', '/token/', settings_={'CSRF_COOKIE_DOMAIN': dom})
    run('HTTP POST with CSRF_COOKIE_DOMAIN=%s (no Referer check)' % dom, 'POST', '/ok/',
        headers={'Referer': 'https://evil/'}, settings_={'CSRF_COOKIE_DOMAIN': dom}, **good)
with open('csrf_gen_port.json', 'w') as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
    f.write('\n')
print(len(out['scenarios']))
