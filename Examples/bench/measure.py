#!/usr/bin/env python3
"""The measuring half of Examples/bench/run.sh (which builds pipe and writes the corpora).

    measure.py --speed PIPE PIPELINE CORPUS      one row per worker count, and the speedups
    measure.py --memory PIPE PIPELINE CORPUS...  peak memory at each corpus size, 2 workers
    measure.py --matches CORPUS SIZE_MB [DOCS]   exit 0 when CORPUS was written with these arguments

Each run is `PIPE run PIPELINE --stats --progress never --concurrency N --var corpus=CORPUS
--var output=<a temporary file>`; its peak resident memory comes from wait4, so no other tool is
needed. Per-stage times are the `--stats` table's (a transformer's time adds up over its workers);
CPU time is the process's user and system time, which a busy machine disturbs less than the clock.
Rows are Markdown table rows, ready for the README.

PIPE_BENCH_WORKERS lists the rows, "1@1 1 2" by default: N runs N workers, N@C runs them on the
first C processors only (sched_setaffinity). "1@1" is one worker on one core, reader and sinks
included: the baseline for what a second core adds; a plain "1" lets the reader and the sinks use
the second core beside the one worker. With PIPE_BENCH_RUNS above 1 the rows' runs take turns
(1@1, 1, 2, 1@1, ...), so that a machine whose speed drifts disturbs every row alike."""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile


def matches(corpus, size, docs):
    try:
        with open(os.path.join(corpus, "corpus.json"), encoding="utf-8") as file:
            manifest = json.load(file)
    except (OSError, ValueError):
        return False
    return manifest.get("size_mb") == float(size) and (not docs or manifest.get("docs") == int(docs))


def run(pipe, pipeline, corpus, workers, cores=None):
    """One run, on the first `cores` processors when given: (wall seconds, peak RSS in bytes, documents
    read, MB read, {stage: seconds}, CPU seconds)."""
    with tempfile.TemporaryDirectory(prefix="pipe-bench-") as scratch:
        command = [
            pipe, "run", pipeline, "--stats", "--progress", "never", "--concurrency", str(workers),
            "--var", f"corpus={corpus}", "--var", f"output={os.path.join(scratch, 'out.jsonl')}",
        ]
        with open(os.path.join(scratch, "stderr"), "w+b") as stderr:
            pin = (lambda: os.sched_setaffinity(0, set(range(cores)))) if cores else None
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, preexec_fn=pin)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            text = stderr.read().decode("utf-8", "replace")
    if process.returncode != 0:
        sys.exit(f"measure.py: {' '.join(command)} failed ({process.returncode}):\n{text}")
    stages = {}
    summary = None
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) == 6 and cells[1] in ("reader", "transformer", "sink") and cells[3].endswith(" s"):
            stages[cells[0]] = float(cells[3][:-2])
        found = re.match(r"(\d+) read, .* in ([\d.]+) s: ([\d.]+) MB/s", line)
        if found:
            summary = found
    if summary is None:
        sys.exit(f"measure.py: no --stats summary in the output of {' '.join(command)}:\n{text}")
    seconds = float(summary.group(2))
    megabytes = float(summary.group(3)) * seconds
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return seconds, peak, int(summary.group(1)), megabytes, stages, usage.ru_utime + usage.ru_stime


def median(results):
    return sorted(results, key=lambda result: result[0])[len(results) // 2]


def corpus_size(corpus):
    with open(os.path.join(corpus, "corpus.json"), encoding="utf-8") as file:
        manifest = json.load(file)
    return manifest["docs"], manifest["bytes"] / 1e6


def speed(pipe, pipeline, corpus):
    runs = int(os.environ.get("PIPE_BENCH_RUNS", "1"))
    rows = os.environ.get("PIPE_BENCH_WORKERS", "1@1 1 2").split()
    docs, megabytes = corpus_size(corpus)
    print(f"corpus: {docs} documents, {megabytes:.1f} MB in {corpus}; pipeline {pipeline}; "
          f"{os.cpu_count()} processors; median of {runs} run(s)")
    results = {row: [] for row in rows}
    for _ in range(runs):
        for row in rows:
            workers, _, cores = row.partition("@")
            results[row].append(run(pipe, pipeline, corpus, int(workers), int(cores) if cores else None))
    chosen = {row: median(results[row]) for row in rows}
    stage_names = list(chosen[rows[0]][4])
    header = (["workers", "time", "MB/s", "docs/s"] + [f"{name} s" for name in stage_names]
              + ["CPU time", "peak memory"])
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if index == 0 else "--:" for index in range(len(header))) + "|")
    for row in rows:
        seconds, peak, read, read_megabytes, stages, cpu = chosen[row]
        workers, _, cores = row.partition("@")
        label = f"{workers} on {cores} core{'s' if cores != '1' else ''}" if cores else workers
        cells = ([label, f"{seconds:.2f} s", f"{read_megabytes / seconds:.1f}", f"{read / seconds:,.0f}"]
                 + [f"{stages.get(name, 0):.2f}" for name in stage_names]
                 + [f"{cpu:.2f} s", f"{peak / 1e6:.0f} MB"])
        print("| " + " | ".join(cells) + " |")
    if "2" in chosen and "1@1" in chosen:
        print(f"speedup, 2 workers on 2 cores against 1 worker on 1 core: "
              f"{chosen['1@1'][0] / chosen['2'][0]:.2f}x")
    if "2" in chosen and "1" in chosen:
        print(f"speedup, 2 workers against 1 (the reader and the sinks free to use the second core): "
              f"{chosen['1'][0] / chosen['2'][0]:.2f}x")


def memory(pipe, pipeline, corpora):
    workers = int(os.environ.get("PIPE_BENCH_WORKERS", "2").split()[-1].partition("@")[0])
    print(f"peak memory with {workers} workers; pipeline {pipeline}")
    print("| corpus | documents | time | MB/s | peak memory |")
    print("|---|--:|--:|--:|--:|")
    peaks = []
    for corpus in corpora:
        docs, megabytes = corpus_size(corpus)
        seconds, peak, _, read_megabytes, _, _ = run(pipe, pipeline, corpus, workers)
        peaks.append(peak)
        print(f"| {megabytes:,.0f} MB | {docs:,} | {seconds:.1f} s | {read_megabytes / seconds:.1f} | "
              f"{peak / 1e6:.0f} MB |")
    if len(peaks) > 1:
        print(f"largest against smallest: {peaks[-1] / peaks[0]:.2f}x the peak memory")


def main(arguments):
    if len(arguments) >= 3 and arguments[0] == "--matches":
        sys.exit(0 if matches(arguments[1], arguments[2], arguments[3] if len(arguments) > 3 else "") else 1)
    if len(arguments) == 4 and arguments[0] == "--speed":
        return speed(*arguments[1:])
    if len(arguments) >= 4 and arguments[0] == "--memory":
        return memory(arguments[1], arguments[2], arguments[3:])
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
