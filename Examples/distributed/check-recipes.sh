#!/usr/bin/env bash
# Runs the README's "Running on many machines" recipes on a corpus of 3,520 records and checks that
# each one's merged output equals a single run, byte for byte after sorting by id:
#   1. --shard I/4 over a shared folder (files reader), four processes started by GNU parallel;
#   2. --shard I/4 over one JSON Lines file, the same way;
#   3. parallel --pipe: GNU parallel cuts the JSON Lines into blocks, one pipe process per block;
#   4. Spark's RDD.pipe in local mode, when pyspark can be imported (skipped, and said so, otherwise).
# Usage: bash Examples/distributed/check-recipes.sh [path/to/pipe]   (CI runs it from .ci/run)
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
pipe="$(cd "$(dirname "${1:-.build/debug/pipe}")" && pwd)/$(basename "${1:-.build/debug/pipe}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sort_by_id() { python3 "$root/Examples/distributed/sort-by-id.py" "$@"; }
same() {
    if cmp -s "$1" "$2"; then
        echo "ok: $3 equals the single run ($(wc -l <"$1") records)"
    else
        echo "FAIL: $3 differs from the single run"
        diff <(cut -c1-200 "$1") <(cut -c1-200 "$2") | head -20
        exit 1
    fi
}

python3 Examples/distributed/make-corpus.py >"$work/corpus.jsonl"
"$pipe" run pipelines/stdin-jsonl.yaml --progress never <"$work/corpus.jsonl" >"$work/single.jsonl"
sort_by_id "$work/single.jsonl" >"$work/single.sorted"

# 1. A files pipeline; each shard writes its own folder, as N machines would on a shared disk.
mkdir -p "$work/articles"
cp Examples/data/*.txt "$work/articles/"
cat >"$work/articles.yaml" <<'YAML'
name: articles
reader: {type: files, paths: ["articles/*.txt"]}
stages: [{type: parse}]
sinks: [{type: jsonl, path: "${out}/articles.jsonl"}]
YAML
"$pipe" run "$work/articles.yaml" --progress never --var out="$work/all" 2>/dev/null
parallel --will-cite "'$pipe' run '$work/articles.yaml' --progress never --var out='$work/shard-{}' --shard {}/4" \
    ::: 0 1 2 3 2>/dev/null
sort_by_id "$work/all/articles.jsonl" >"$work/articles.sorted"
sort_by_id "$work"/shard-*/articles.jsonl >"$work/articles-shards.sorted"
same "$work/articles-shards.sorted" "$work/articles.sorted" "--shard I/4 on a files reader (4 processes)"

# 2. Four shards of one JSON Lines file.
parallel --will-cite \
    "'$pipe' run pipelines/stdin-jsonl.yaml --progress never --shard {}/4 <'$work/corpus.jsonl' >'$work/part-{}.jsonl'" \
    ::: 0 1 2 3
for index in 0 1 2 3; do
    [ -s "$work/part-$index.jsonl" ] || { echo "FAIL: shard $index is empty"; exit 1; }
done
sort_by_id "$work"/part-*.jsonl >"$work/shards.sorted"
same "$work/shards.sorted" "$work/single.sorted" "--shard I/4 on JSON Lines (4 processes)"

# 3. GNU parallel splits stdin at line ends into 100 kB blocks, one pipe process per block, 4 at a time.
parallel --will-cite --pipe --block 100k -j 4 "'$pipe' run pipelines/stdin-jsonl.yaml --progress never" \
    <"$work/corpus.jsonl" >"$work/piped.jsonl"
sort_by_id "$work/piped.jsonl" >"$work/piped.sorted"
same "$work/piped.sorted" "$work/single.sorted" "parallel --pipe --block 100k (-j 4)"

# 4. Spark, local mode.
if python3 -c "import pyspark" 2>/dev/null && command -v java >/dev/null; then
    python3 Examples/spark/pipe_spark.py "$work/corpus.jsonl" "$work/spark" --pipe "$pipe" --partitions 4 2>"$work/spark.log" \
        || { cat "$work/spark.log"; exit 1; }
    sort_by_id "$work"/spark/part-* >"$work/spark.sorted"
    same "$work/spark.sorted" "$work/single.sorted" "Spark RDD.pipe (local[2], 4 partitions)"
else
    echo "skipped: Spark RDD.pipe recipe (pyspark or java is missing; pip install pyspark to run it)"
fi
