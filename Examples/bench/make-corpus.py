#!/usr/bin/env python3
"""Writes a news corpus for pipe's benchmarks: the Wikinews articles of ../shared/dev, COPIES
times each, as .txt files in OUT (default /tmp/pipe-bench). Each copy gets a one-line note with
its copy number, so no two files are byte-for-byte the same.

    python3 Examples/bench/make-corpus.py [COPIES] [OUT]

The articles are CC BY 2.5, Wikinews contributors (see Examples/data/NOTICE.md)."""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "..", "..", "..", "shared", "dev", "wikinews.jsonl")
copies = int(sys.argv[1]) if len(sys.argv) > 1 else 80
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/pipe-bench"
os.makedirs(out, exist_ok=True)
articles = [json.loads(line) for line in open(source, encoding="utf-8")]
total = 0
for copy in range(copies):
    for article in articles:
        text = article["text"].rstrip("\n") + f"\n\n(Copy {copy + 1} of {copies}.)\n"
        with open(os.path.join(out, f"{article['id']}-{copy:03d}.txt"), "w", encoding="utf-8") as file:
            file.write(text)
        total += len(text.encode("utf-8"))
print(f"{copies * len(articles)} files, {total / 1e6:.1f} MB in {out}")
