#!/usr/bin/env bash
# The benchmark: builds pipe in release, writes a generated news corpus if it is not there yet, runs
# pipelines/bench.yaml over it with 1 worker on 1 core, 1 worker, and 2 workers, and prints one table
# (MB/s, documents/s, per-stage time, peak memory) and the speedups of 2 workers.
#
#   bash Examples/bench/run.sh [SIZE_MB] [DOCS]         # default 100 MB, one document per 4.5 kB
#   bash Examples/bench/run.sh --memory SIZE_MB[:DOCS]... # peak memory at each size, 2 workers
#                                                       # (default: 100 1000)
#
# Environment: PIPE_BENCH_BUILD=release (default) | debug | none (use the binary already built);
# PIPE_BENCH_DIR, where corpora go (default /tmp; a corpus is reused while its arguments match);
# PIPE_BENCH_RUNS, runs per row, taken in turns, the median shown (default 1); PIPE_BENCH_WORKERS (default
# "1@1 1 2": one worker on one core, one worker, two; see measure.py);
# PIPE_BENCH_PIPELINE (default pipelines/bench.yaml; any pipeline with ${corpus} and ${output}).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"

memory=0
if [ "${1:-}" = "--memory" ]; then
    memory=1
    shift
    [ $# -gt 0 ] || set -- 100 1000
fi

build="${PIPE_BENCH_BUILD:-release}"
case "$build" in
    release | debug)
        echo "building pipe ($build)" >&2
        swift build -c "$build" --product pipe >&2
        pipe="$(swift build -c "$build" --show-bin-path)/pipe"
        ;;
    none) pipe="$(swift build -c release --show-bin-path)/pipe" ;;
    *) echo "PIPE_BENCH_BUILD is release, debug or none, not '$build'" >&2; exit 2 ;;
esac
[ -x "$pipe" ] || { echo "no pipe binary at $pipe" >&2; exit 2; }

corpus() { # SIZE_MB [DOCS]: the corpus folder, written when missing or made with other arguments
    local dir="${PIPE_BENCH_DIR:-/tmp}/pipe-bench-${1}mb${2:+-$2}"
    if ! python3 Examples/bench/measure.py --matches "$dir" "$1" "${2:-}"; then
        python3 Examples/bench/make-corpus.py "$1" "$dir" ${2:+--docs "$2"} >&2
    fi
    echo "$dir"
}

if [ $memory = 1 ]; then
    dirs=()
    for size in "$@"; do
        if [[ "$size" == *:* ]]; then dirs+=("$(corpus "${size%%:*}" "${size#*:}")"); else dirs+=("$(corpus "$size")"); fi
    done
    python3 Examples/bench/measure.py --memory "$pipe" "${PIPE_BENCH_PIPELINE:-pipelines/bench.yaml}" "${dirs[@]}"
else
    dir="$(corpus "${1:-100}" "${2:-}")"
    python3 Examples/bench/measure.py --speed "$pipe" "${PIPE_BENCH_PIPELINE:-pipelines/bench.yaml}" "$dir"
fi
