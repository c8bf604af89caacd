#!/usr/bin/env python3
"""Reads JSON Lines from the files named (or stdin) and writes them sorted by their "id", each line
unchanged: two runs that wrote the same records in any order give the same bytes. Fails on a
duplicate id, so a document written twice is caught rather than sorted away."""
import json
import sys

lines = []
for name in sys.argv[1:] or ["-"]:
    stream = sys.stdin.buffer if name == "-" else open(name, "rb")
    lines += [line for line in stream.read().split(b"\n") if line]
keyed = sorted((json.loads(line)["id"], line) for line in lines)
for (first, _), (second, _) in zip(keyed, keyed[1:]):
    if first == second:
        sys.exit(f"sort-by-id: id {first!r} appears twice")
sys.stdout.buffer.write(b"".join(line + b"\n" for _, line in keyed))
