"""Generate django_urlencoded_bytes.json: how real Django's QueryDict reads
request bodies given as bytes, as HttpRequest.POST and WSGIRequest.GET
give them, with raw bytes that are not UTF-8 among the escapes (a body
that is not UTF-8 is read as Latin-1 as a whole; escapes decode as UTF-8
with U+FFFD for ill-formed parts). Bodies are stored in hex
(python3 gen_django_urlencoded_bytes.py)."""
import json
import random

import django
from django.conf import settings

settings.configure(DATA_UPLOAD_MAX_NUMBER_FIELDS=6)
django.setup()

from django.core.exceptions import TooManyFieldsSent  # noqa: E402
from django.http import QueryDict  # noqa: E402

random.seed(11)
TOK = [b"a", b"=", b"&", b"+", b"%", b"%41", b"%E2%82", b"%E2%82%AC", b"%C3", b"%A9", b"%ff", b"%ED%A0%80",
       b"\xff", b"\xfe", b"\xc3\xa9", b"\xe2\x82", b"\xe2\x82\xac", b"\xa9", b"\xc3", b"x=1", b";"]
cases = []
for i in range(400):
    qs = b"".join(random.choice(TOK) for _ in range(random.randint(1, 10)))
    out = {"body_hex": qs.hex()}
    try:
        q = QueryDict(qs)
        out["values"] = [[k, q.getlist(k)] for k in q]
    except TooManyFieldsSent:
        out["error"] = "TooManyFields"
    cases.append(out)
print(json.dumps({"django_version": django.get_version(), "max_fields": 6, "cases": cases}, ensure_ascii=False))
