"""Generate django_paginator2.json: real Django's Paginator on edge values the
first corpus leaves out (per_page/orphans at 0, negative and huge; page
numbers with Python int() quirks, signs, unicode digits, huge values; wide
on_each_side/on_ends). Same schema as django_paginator.json, plus an optional
per-case "divergence" naming a documented intended difference.

    /usr/bin/python3 gen_django_paginator2.py > django_paginator2.json
"""
import json
import random

import django
from django.conf import settings

settings.configure()
django.setup()

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator  # noqa: E402

random.seed(11)
NUMBERS = ["1", "2", "0", "-1", "-0", "+2", "3", "4", "10", "12", "x", "abc", "", " ", "1.0", "2.0", "2.5",
           " 2", "2 ", "\t3\n", "01", "007", "1_0", "1__0", "0x2", "1e1", "\u0663", "\uff12", "\u00a02",
           "None", "null", "99999999999999999999", "-99999999999999999999", "9223372036854775807",
           "9223372036854775808", "2\x00", "\u20022", "1,0", "True"]
COUNTS = [0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 19, 20, 21, 30, 31, 99, 100, 101, 250]
PER_PAGE = [1, 1, 2, 3, 4, 5, 7, 10, 25, 100, 1000, 10 ** 9]
ORPHANS = [0, 0, 1, 2, 3, 4, 5, 9, 10, 100, -1, -3]
ELIDED = [(3, 2), (1, 1), (0, 0), (2, 0), (0, 3), (0, 1), (1, 0), (5, 5), (10, 1), (4, 4), (-1, 2), (2, -1)]
cases = []
for i in range(500):
    count = random.choice(COUNTS)
    per_page = random.choice(PER_PAGE)
    orphans = random.choice(ORPHANS)
    allow = random.choice([True, True, False])
    p = Paginator(list(range(1, count + 1)), per_page, orphans=orphans, allow_empty_first_page=allow)
    case = {"count": count, "per_page": per_page, "orphans": orphans, "allow_empty_first_page": allow,
            "num_pages": p.num_pages, "pages": []}
    if orphans < 0:
        case["divergence"] = "negative orphans: djinn treats them as 0"
    nums = random.sample(NUMBERS, 6) + [str(x) for x in random.sample(range(0, p.num_pages + 3), min(3, p.num_pages + 3))]
    for n in nums:
        entry = {"number": n}
        try:
            page = p.page(n)
            items = list(page.object_list)
            entry.update(items_len=len(items), first=items[0] if items else None, last=items[-1] if items else None,
                         has_next=page.has_next(), has_previous=page.has_previous(),
                         start_index=page.start_index(), end_index=page.end_index())
        except PageNotAnInteger as e:
            entry["error"] = "PageNotAnInteger: " + str(e)
        except EmptyPage as e:
            entry["error"] = "EmptyPage: " + str(e)
        try:
            entry["get_page"] = p.get_page(n).number
        except EmptyPage as e:
            entry["get_page_error"] = "EmptyPage: " + str(e)
        try:
            each, ends = random.choice(ELIDED)
            entry["elided"] = {"on_each_side": each, "on_ends": ends,
                               "range": [str(x) for x in p.get_elided_page_range(n, on_each_side=each, on_ends=ends)]}
        except (EmptyPage, PageNotAnInteger) as e:
            entry["elided_error"] = type(e).__name__
        case["pages"].append(entry)
    cases.append(case)
print(json.dumps({"django_version": django.get_version(), "cases": cases}, ensure_ascii=False))
