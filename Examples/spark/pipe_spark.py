#!/usr/bin/env python3
"""Runs a pipe pipeline on Spark: RDD.pipe starts one `pipe run` per partition, feeds it the
partition's JSON Lines on stdin and reads the records it prints on stdout.

    python3 Examples/spark/pipe_spark.py INPUT.jsonl OUTPUT_DIR \\
        [--pipeline pipelines/stdin-jsonl.yaml] [--pipe pipe] [--partitions 4] [--master local[2]]

INPUT is any path or URI Spark's textFile reads (a local file, hdfs://, s3a://); OUTPUT_DIR receives
Spark's part-* files, which together hold one record per input record (sort by "id" to compare with
a single run). On a cluster, `pipe` and the pipeline file must be on every worker at the same path
(a shared folder, or SparkContext.addFile). Needs pyspark (pip install pyspark) and a JDK.
"""
import argparse
import os
import shlex

from pyspark.sql import SparkSession


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--pipeline", default="pipelines/stdin-jsonl.yaml")
    parser.add_argument("--pipe", default="pipe", help="the pipe executable")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()

    spark = SparkSession.builder.master(args.master).appName("pipe").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    source = args.input if "://" in args.input else "file://" + os.path.abspath(args.input)
    lines = spark.sparkContext.textFile(source, minPartitions=args.partitions)
    # checkCode: a pipe run that fails (exit 1) fails its Spark task, which Spark retries.
    command = [args.pipe, "run", os.path.abspath(args.pipeline), "--progress", "never"]
    records = lines.pipe(shlex.join(command), checkCode=True).cache()
    records.saveAsTextFile(args.output)
    print(f"{records.count()} records in {lines.getNumPartitions()} partitions -> {args.output}")
    spark.stop()


if __name__ == "__main__":
    main()
