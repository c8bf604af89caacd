#!/usr/bin/env python3
"""Writes a JSON Lines corpus for the distributed recipes: every paragraph of the sample articles
in Examples/data, COPIES times (default 40), one record a line with a unique id, on stdout.

    python3 Examples/distributed/make-corpus.py [COPIES] > corpus.jsonl

The articles are CC BY 2.5, Wikinews contributors (see Examples/data/NOTICE.md)."""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
copies = int(sys.argv[1]) if len(sys.argv) > 1 else 40
for copy in range(copies):
    for path in sorted(glob.glob(os.path.join(here, "..", "data", "*.txt"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as file:
            paragraphs = [part.strip() for part in file.read().split("\n\n") if part.strip()]
        for number, paragraph in enumerate(paragraphs):
            record = {"id": f"{name}#{number}/{copy}", "text": paragraph, "fields": {"copy": copy}}
            print(json.dumps(record, ensure_ascii=False))
