#!/usr/bin/env python3
"""Writes a news-like corpus for pipe's benchmarks: SIZE_MB megabytes of .txt files in OUT.

    python3 Examples/bench/make-corpus.py [SIZE_MB] [OUT] [--docs N] [--seed N]

SIZE_MB defaults to 80, OUT to /tmp/pipe-bench; --docs sets the number of documents (by default
one per 4.5 kB, the source articles' mean size), so SIZE_MB / N is the mean document size.

Every document is built from the source articles: one article's title and dateline, then a
mix of its paragraphs and paragraphs of other articles, shuffled and trimmed to a length drawn
around the mean; in each, numbers and years shift, the dateline moves to another day (weekday
kept right), and common first names are swapped, consistently within the document. No two
documents are byte-for-byte the same (the script checks). The same arguments write the same
bytes. OUT/corpus.json records the arguments and totals, so run.sh reuses a corpus it matches.

Sources: Examples/data/*.txt, and ../shared/dev/wikinews.jsonl (275 articles) beside the
repository when it is there. The Wikinews articles are by Wikinews contributors under CC BY 2.5
(https://creativecommons.org/licenses/by/2.5/; see Examples/data/NOTICE.md); the generated
documents are changed copies of them, under the same licence."""
import datetime
import glob
import hashlib
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
WIKINEWS = os.path.normpath(os.path.join(REPO, "..", "shared", "dev", "wikinews.jsonl"))

FIRST_NAMES = """James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew
Anthony Mark Paul Steven Andrew Joshua Kevin Brian George Edward Peter Mary Patricia Jennifer Linda
Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Margaret Sandra Ashley Emily Anna Laura Maria
Helen""".split()
NAME_PATTERN = re.compile(r"\b(" + "|".join(FIRST_NAMES) + r")\b")
NUMBER_PATTERN = re.compile(r"\b\d+(?:[.,]\d+)*\b")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
DATELINE = re.compile(r"^(" + "|".join(WEEKDAYS) + r"), (" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})$")


def usage(message):
    sys.exit(f"make-corpus.py: {message}\nusage: make-corpus.py [SIZE_MB] [OUT] [--docs N] [--seed N]")


def parse_arguments(arguments):
    size, out, docs, seed = 80.0, "/tmp/pipe-bench", None, 1
    positional = []
    index = 0
    while index < len(arguments):
        argument = arguments[index]
        if argument in ("--docs", "--seed"):
            if index + 1 == len(arguments):
                usage(f"{argument} needs a number")
            try:
                value = int(arguments[index + 1])
            except ValueError:
                usage(f"{argument} needs a whole number, not '{arguments[index + 1]}'")
            if argument == "--docs":
                docs = value
            else:
                seed = value
            index += 2
            continue
        if argument in ("-h", "--help"):
            print(__doc__)
            sys.exit(0)
        positional.append(argument)
        index += 1
    if len(positional) > 2:
        usage("too many arguments")
    if positional:
        try:
            size = float(positional[0])
        except ValueError:
            usage(f"SIZE_MB must be a number, not '{positional[0]}'")
    if len(positional) == 2:
        out = positional[1]
    if size <= 0:
        usage("SIZE_MB must be more than 0")
    if docs is not None and docs < 1:
        usage("--docs must be at least 1")
    return size, out, docs, seed


def load_articles():
    """Each source article as (title, dateline or None, [paragraphs])."""
    texts = []
    for path in sorted(glob.glob(os.path.join(REPO, "Examples", "data", "*.txt"))):
        with open(path, encoding="utf-8") as file:
            texts.append(file.read())
    if os.path.exists(WIKINEWS):
        with open(WIKINEWS, encoding="utf-8") as file:
            texts.extend(json.loads(line)["text"] for line in file if line.strip())
    articles = []
    for text in texts:
        blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
        if len(blocks) < 3:
            continue
        title, rest = blocks[0], blocks[1:]
        dateline = rest[0] if DATELINE.match(rest[0]) else None
        if dateline:
            rest = rest[1:]
        articles.append((title, dateline, rest))
    return articles


def shifted_number(match, random_number, years):
    text = match.group(0)
    if re.fullmatch(r"(19|20)\d\d", text):
        return str(int(text) + years)
    digits = [c for c in text if c.isdigit()]
    if len(digits) == 1:
        return str(random_number.randint(1, 9)) if text != "0" else text
    # The same shape ("1,250.5" stays d,ddd.d) with other digits, never a leading zero.
    out = []
    first = True
    for c in text:
        if c.isdigit():
            out.append(str(random_number.randint(1 if first else 0, 9)))
            first = False
        else:
            out.append(c)
    return "".join(out)


def make_document(number, articles, target, rng):
    title, dateline, paragraphs = articles[rng.randrange(len(articles))]
    body = list(paragraphs)
    rng.shuffle(body)
    length = len(title) + 40 + sum(len(p) + 2 for p in body)
    while length < target:
        other = articles[rng.randrange(len(articles))][2]
        paragraph = other[rng.randrange(len(other))]
        body.insert(rng.randrange(len(body) + 1), paragraph)
        length += len(paragraph) + 2
    while len(body) > 1 and length - len(body[-1]) - 2 >= target:
        length -= len(body.pop()) + 2
    years = rng.randint(-6, 6)
    names = FIRST_NAMES[:]
    rng.shuffle(names)
    swap = dict(zip(FIRST_NAMES, names))

    def vary(text):
        text = NUMBER_PATTERN.sub(lambda m: shifted_number(m, rng, years), text)
        return NAME_PATTERN.sub(lambda m: swap[m.group(0)], text)

    blocks = [vary(title)]
    if dateline:
        _, month, day, year = DATELINE.match(dateline).groups()
        date = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
        date = date + datetime.timedelta(days=rng.randint(-400, 400) + 365 * years)
        blocks.append(f"{WEEKDAYS[date.weekday()]}, {MONTHS[date.month - 1]} {date.day}, {date.year}")
    blocks.extend(vary(p) for p in body)
    return "\n\n".join(blocks) + "\n"


def main():
    size, out, docs, seed = parse_arguments(sys.argv[1:])
    articles = load_articles()
    if not articles:
        sys.exit("make-corpus.py: no source articles found in Examples/data")
    total_target = int(size * 1e6)
    docs = docs or max(1, round(total_target / 4500))
    os.makedirs(out, exist_ok=True)
    for old in glob.glob(os.path.join(out, "doc-*.txt")):
        os.remove(old)
    manifest = os.path.join(out, "corpus.json")
    if os.path.exists(manifest):
        os.remove(manifest)
    rng = random.Random(seed)
    seen = set()
    written = 0
    width = max(6, len(str(docs)))
    for number in range(docs):
        # Spread what is left over the documents left, each drawn between half and one and a half
        # times the mean, so the total lands on SIZE_MB.
        mean = max(200, (total_target - written) / (docs - number))
        target = int(mean * (0.5 + rng.random())) if number < docs - 1 else int(mean)
        text = make_document(number, articles, target, rng)
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        while digest in seen:
            text = make_document(number, articles, target, rng)
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()
        seen.add(digest)
        data = text.encode("utf-8")
        with open(os.path.join(out, f"doc-{number:0{width}d}.txt"), "wb") as file:
            file.write(data)
        written += len(data)
    with open(manifest, "w", encoding="utf-8") as file:
        json.dump(
            {"size_mb": size, "docs": docs, "seed": seed, "bytes": written, "sources": len(articles)}, file)
        file.write("\n")
    print(f"{docs} documents, {written / 1e6:.1f} MB in {out} (from {len(articles)} source articles)")


if __name__ == "__main__":
    main()
