#!/usr/bin/env python3
"""Writes the graded judgments (TREC qrels: `topic 0 record grade`) of tests/relevance
from the public records of the sample and the rules of judgments.tsv.

    tests/relevance/make_qrels.py RECORDS.tsv > tests/relevance/qrels.txt

RECORDS.tsv is what `bench_search export` writes (id, level, fonds, dept, access, start,
end, decade, title, body). Grade 2: the title matches the topic's grade-2 rule; grade 1:
the title or body matches the grade-1 rule. Both need the topic's fonds and dates.
Records that match neither are not listed (grade 0)."""
import re
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
rules = []
for line in (here / "judgments.tsv").read_text(encoding="utf-8").splitlines():
    if not line or line.startswith("#"):
        continue
    topic, g2, g1, fonds, start_max, end_min = line.split("\t")
    rules.append((topic, re.compile(g2), re.compile(g1), re.compile(fonds) if fonds else None,
                  int(start_max), int(end_min)))

records = []
for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
    if not line or line.startswith("#"):
        continue
    f = line.split("\t")
    records.append((f[0], f[2], int(f[5] or 0), int(f[6] or 0), f[8], f[9] if len(f) > 9 else ""))

print("# tests/relevance/qrels.txt: made by make_qrels.py from judgments.tsv; do not edit")
for topic, g2, g1, fonds, start_max, end_min in rules:
    for rid, rfonds, start, end, title, body in records:
        if fonds and not fonds.fullmatch(rfonds):
            continue
        if start_max or end_min:
            if not start or (start_max and start > start_max) or (end_min and end < end_min):
                continue
        grade = 2 if g2.search(title) else 1 if g1.search(title + " " + body) else 0
        if grade:
            print(f"{topic} 0 {rid} {grade}")
