#!/usr/bin/env python3
"""A pipe `command` stage in Python: counts positive and negative words in each document.

pipe starts this program once per worker and writes one JSON document per line to its stdin
(the JSON Lines export: id, text, title, metadata, fields, ...). For each line it must print
exactly one line back, and flush: here, the fields to set. It may also answer null (or
{"drop": true}) to drop the document, or {"error": "..."} to fail it.

SENTIMENT_NEUTRAL (from the stage's `env:`) is the score below which a text counts as neutral.
"""
import json
import os
import re
import sys

POSITIVE = set("""
    agree agreed benefit best better celebrate celebrated confident cooperation deal gain gains
    good great growth help helped hope hopeful improve improved improvement joy peace peaceful
    progress protect recover recovered relief rescue rescued safe safety success successful
    support supported thank thanks win won welcome
""".split())

NEGATIVE = set("""
    accident alarm angry attack attacked bad blame collapse conflict crisis damage damaged dead
    death deaths destroyed died disaster dispute fail failed failure fear fire fled injured
    injury kill killed killing loss lost threat threatened tragedy victim victims violence war
    worse worst wounded
""".split())

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
NEUTRAL = float(os.environ.get("SENTIMENT_NEUTRAL", "0.1"))


def sentiment(text):
    words = WORD.findall(text.lower())
    positive = sum(word in POSITIVE for word in words)
    negative = sum(word in NEGATIVE for word in words)
    total = positive + negative
    score = round((positive - negative) / total, 3) if total else 0.0
    label = "neutral" if abs(score) < NEUTRAL else ("positive" if score > 0 else "negative")
    return {"positive": positive, "negative": negative, "score": score, "label": label}


for line in sys.stdin:
    document = json.loads(line)
    fields = document.get("fields", {})
    fields["sentiment"] = sentiment(document["text"])
    print(json.dumps({"fields": fields}), flush=True)
