"""Generate django_multipart2.json: how real Django's MultiPartParser reads
bodies the first corpus covers thinly: odd boundaries, unquoted and RFC 2231
file names, non-UTF-8 names, missing or odd Content-Disposition, parts
without headers, LF line endings, preamble and epilogue, transfer encodings,
and field/file/size limits at their edges (fields 4, files 2, data 120
bytes, file memory 32 bytes).

Same schema as django_multipart.json, plus per case an optional "boundary"
(default "XyZ") and an optional "divergence" naming a documented intended
difference (docs/uploads.md).

    /usr/bin/python3 gen_django_multipart2.py > django_multipart2.json
"""
import base64
import io
import json
import random

import django
from django.conf import settings

LIMITS = {"fields": 4, "files": 2, "memory": 120, "file_memory": 32}
settings.configure(DATA_UPLOAD_MAX_NUMBER_FIELDS=LIMITS["fields"], DATA_UPLOAD_MAX_NUMBER_FILES=LIMITS["files"],
                   DATA_UPLOAD_MAX_MEMORY_SIZE=LIMITS["memory"], FILE_UPLOAD_MAX_MEMORY_SIZE=LIMITS["file_memory"])
django.setup()

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent  # noqa: E402
from django.http.multipartparser import MultiPartParser, MultiPartParserError  # noqa: E402
from django.core.files.uploadhandler import MemoryFileUploadHandler, TemporaryFileUploadHandler  # noqa: E402
try:
    from django.core.exceptions import TooManyFilesSent  # noqa: E402
except ImportError:
    TooManyFilesSent = None

random.seed(17)
BOUNDARIES = ["XyZ", "----WebKitFormBoundary7MA4YWxkTrZu0gW", "a'()+_,-./:=?", "b" * 70, "0", "--", "AaB03x"]
NAMES = [b"a", b"b", b"a", b"title", b"x y", b"\xc3\xa9", b"", b" pad ", b"a;b", b"caf\xe9"]
FILENAMES = [
    b'filename="a.txt"', b"filename=a.txt", b"filename=\"\"", b"filename*=UTF-8''%E2%82%AC%20rates.txt",
    b"filename*=ISO-8859-1''caf%E9.txt", b"filename*=utf-8''caf%C3%A9.txt", b"filename*=UTF-8'en'a%2Fb.txt",
    b'filename="x.txt"; filename*=UTF-8\'\'y.txt', b'filename*=UTF-8\'\'y.txt; filename="x.txt"',
    b'filename="caf\xc3\xa9.txt"', b'filename="caf\xe9.txt"', b'filename="a\x00b.txt"', b'filename=".hidden"',
    b'filename="..\\\\..\\\\w.txt"', b'filename="/etc/passwd"', b'filename="a;b.txt"', b'filename="a\\"q.txt"',
    b'filename="  "', b'filename="dir/.."', b'filename=" lead.txt"', b'filename="C:\\\\x\\\\y.txt"',
    b"filename*=UTF-8''", b"filename*=bogus", b'FILENAME="upper.txt"', b"filename = \"sp.txt\"",
]


def disposition(name, fn=None, kind=b"form-data"):
    h = b"Content-Disposition: " + kind
    if name is not None:
        h += b'; name="' + name + b'"'
    if fn is not None:
        h += b"; " + fn
    return h


def make_part(nl):
    r = random.random()
    value = random.choice([b"", b"v", b"hello", b"x" * random.randint(0, 60), b"\xc3\xbcn", b"caf\xe9", b"a\r\nb", b"--XyZ"])
    if r < 0.35:
        return [disposition(random.choice(NAMES))], value
    if r < 0.65:
        return [disposition(random.choice(NAMES[:4]), random.choice(FILENAMES)), b"Content-Type: text/plain"], \
            random.choice([b"", b"data", b"y" * random.randint(1, 70)])
    if r < 0.70:
        return [b"Content-Type: text/plain"], value  # no Content-Disposition
    if r < 0.74:
        return [], value  # no headers at all
    if r < 0.78:
        return [disposition(random.choice(NAMES[:3]), None, random.choice([b"attachment", b"inline", b"FORM-DATA", b"form-data "]))], value
    if r < 0.82:
        return [disposition(None)], value
    if r < 0.86:
        return [b"content-disposition: form-data; name=a"], value
    if r < 0.90:
        return [disposition(b"b"), b"Content-Transfer-Encoding: base64"], random.choice([b"aGVsbG8=", b"aGVs bG8=", b"!!", b""])
    if r < 0.94:
        return [disposition(b"a"), b"Content-Type: text/plain; charset=latin-1"], b"caf\xe9"
    return [disposition(random.choice(NAMES[:3]), b'filename="f.bin"'), b"Content-Transfer-Encoding: base64"], b"aGVsbG8="


def build(boundary, parts, nl, preamble, epilogue, closing=True):
    b = boundary.encode()
    out = preamble
    for headers, body in parts:
        out += b"--" + b + nl + b"".join(h + nl for h in headers) + nl + body + nl
    if closing:
        out += b"--" + b + b"--" + nl + epilogue
    return out


def limit_case(kind, n, boundary):
    # Bodies right at (and one past) the field/file/memory limits.
    if kind == "fields":
        return [(disposition(b"f%d" % i),) and ([disposition(b"f%d" % i)], b"v") for i in range(n)]
    if kind == "files":
        return [([disposition(b"u", b'filename="f%d.txt"' % i)], b"d") for i in range(n)]
    # memory: one field of name "m" (1 byte) and a value of n bytes.
    return [([disposition(b"m")], b"z" * n)]


cases = []
for i in range(400):
    boundary = random.choice(BOUNDARIES)
    nl = b"\r\n" if random.random() < 0.8 else b"\n"
    preamble = random.choice([b"", b"", b"", b"This is the preamble.\r\n", b"\r\n"])
    epilogue = random.choice([b"", b"", b"epilogue\r\n", b"--" + boundary.encode() + b"\r\njunk"])
    if i < 60:
        kind = ["fields", "files", "memory"][i % 3]
        n = {"fields": [3, 4, 5], "files": [1, 2, 3], "memory": [115, 116, 117, 118, 119, 120, 121]}[kind][(i // 3) % (7 if kind == "memory" else 3)]
        parts = limit_case(kind, n, boundary)
    else:
        parts = [make_part(nl) for _ in range(random.randint(0, 5))]
    raw = build(boundary, parts, nl, preamble, epilogue, closing=random.random() > 0.05)
    meta = {"CONTENT_TYPE": "multipart/form-data; boundary=\"%s\"" % boundary, "CONTENT_LENGTH": str(len(raw))}
    out = {"body": base64.b64encode(raw).decode()}
    if boundary != "XyZ":
        out["boundary"] = boundary
    try:
        parser = MultiPartParser(meta, io.BytesIO(raw), [MemoryFileUploadHandler(), TemporaryFileUploadHandler()], "utf-8")
        post, files = parser.parse()
        out["fields"] = [[k, v] for k in post for v in post.getlist(k)]
        out["files"] = [[k, f.name, f.size] for k in files for f in files.getlist(k)]
    except TooManyFieldsSent:
        out["error"] = "TooManyFields"
    except RequestDataTooBig:
        out["error"] = "DataTooBig"
    except MultiPartParserError:
        out["error"] = "Malformed"
    except Exception as e:
        if TooManyFilesSent and isinstance(e, TooManyFilesSent):
            out["error"] = "TooManyFiles"
        else:
            out["error"] = type(e).__name__
    cases.append(out)
print(json.dumps({"django_version": django.get_version(), "limits": LIMITS, "cases": cases}))
