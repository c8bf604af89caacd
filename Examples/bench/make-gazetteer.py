#!/usr/bin/env python3
"""Writes a user gazetteer of 100,000+ names for the entities benchmark: the first names and the
surnames that ship with pipe's recognizer (US Census lists, public domain) crossed, one
"First Last" a line, and the places list (GeoNames, CC BY 4.0) as they are.

    python3 Examples/bench/make-gazetteer.py [COUNT] [OUT]     # default 120000 /tmp/pipe-bench-names.txt

Used by pipelines/bench-entities.yaml (`gazetteers: [{path: ${names}, label: PERSON}]`)."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
lists = os.path.join(here, "..", "..", "Sources", "TextAnalysis", "Resources", "Entities")
count = int(sys.argv[1]) if len(sys.argv) > 1 else 120_000
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/pipe-bench-names.txt"


def read(name):
    with open(os.path.join(lists, name), encoding="utf-8") as f:
        return [line.split("\t")[0].strip() for line in f if line.strip()]


first = read("first-names.txt")
last = read("surnames.txt")
names = []
for surname in last:
    for given in first[:40]:
        names.append(f"{given} {surname.capitalize()}")
        if len(names) >= count:
            break
    if len(names) >= count:
        break
with open(out, "w", encoding="utf-8") as f:
    f.write("\n".join(names) + "\n")
print(f"{len(names)} names in {out}")
