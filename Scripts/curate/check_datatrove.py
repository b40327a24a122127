#!/usr/bin/env python3
"""Agreement of `loom curate` with datatrove (pip install datatrove spacy "xxhash<4"; xxhash 4 refuses the str that
datatrove 0.10 hashes): runs datatrove's FineWeb filters (GopherRepetitionFilter, GopherQualityFilter,
C4QualityFilter(filter_no_terminal_punct=False), FineWebQualityFilter) document by document and its MinHash stages
1-3 (5-grams, 14 buckets x 8 hashes, one task) on the same documents, runs `loom curate` on them, and prints, per
filter, the share of identical keep/drop decisions among the documents that reached that filter in both, with
examples of the differences. Not run in CI.

    python3 Scripts/curate/check_datatrove.py                  # Samples/fineweb-sample.parquet and the larger set
    python3 Scripts/curate/check_datatrove.py --loom .build/release/loom --work /tmp/loom-curate-check

The larger set is real English prose from ../shared/data/detect (news, PubMed, Wikipedia, stories, machine-written
text; about 10k documents) plus, for every 8th document, a near-duplicate copy (a sentence dropped, case and
punctuation changed) so MinHash has something to find. It is written to the work folder, never into the project.
"""
import argparse
import glob
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import time

import pyarrow.parquet as pq
from datatrove.data import Document
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                              MinhashDedupSignature)
from datatrove.pipeline.filters.c4_filters import C4QualityFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FILTERS = ["gopher_repetition", "gopher_quality", "c4_quality", "fineweb_quality"]


def larger_set(path):
    rng = random.Random(18)
    docs = []
    for name in sorted(glob.glob(os.path.join(ROOT, "..", "shared", "data", "detect", "*.jsonl"))):
        with open(name) as f:
            for line in f:
                text = json.loads(line).get("text")
                if isinstance(text, str) and text.strip():
                    docs.append(text)
    out = []
    for index, text in enumerate(docs):
        out.append(text)
        if index % 8 == 0:
            sentences = text.split(". ")
            if len(sentences) > 3:
                del sentences[rng.randrange(len(sentences))]
            copy = ". ".join(sentences).replace(",", "").upper() if index % 16 == 0 else ". ".join(sentences)
            out.append(copy)
    with open(path, "w") as f:
        for index, text in enumerate(out):
            f.write(json.dumps({"id": f"doc-{index}", "text": text}) + "\n")
    return path


def read_documents(path):
    if path.endswith(".parquet"):
        table = pq.read_table(path, columns=["id", "text"])
        return [(str(i), t) for i, t in zip(table.column("id").to_pylist(), table.column("text").to_pylist())]
    with open(path) as f:
        return [(str(r["id"]), r["text"]) for r in map(json.loads, f)]


def datatrove_filters(docs):
    """The first filter that drops each document (None: kept), and the text the kept ones continue with."""
    steps = [("gopher_repetition", GopherRepetitionFilter()), ("gopher_quality", GopherQualityFilter()),
             ("c4_quality", C4QualityFilter(filter_no_terminal_punct=False)), ("fineweb_quality", FineWebQualityFilter())]
    verdicts, kept = {}, []
    for doc_id, text in docs:
        doc = Document(text=text, id=doc_id)
        verdicts[doc_id] = None
        for name, step in steps:
            result = step.filter(doc)
            ok = result if isinstance(result, bool) else result[0]
            if not ok:
                verdicts[doc_id] = (name, result[1] if isinstance(result, tuple) else "")
                break
        if verdicts[doc_id] is None:
            kept.append((doc_id, doc.text))
    return verdicts, kept


def datatrove_minhash(kept, work):
    """The ids MinHash removes from `kept` (stages 1-3, one task, as one file)."""
    shutil.rmtree(work, ignore_errors=True)
    config = MinhashConfig()
    documents = [Document(text=t, id=i) for i, t in kept]
    LocalPipelineExecutor(pipeline=[documents, MinhashDedupSignature(output_folder=f"{work}/sigs", config=config)],
                          tasks=1, workers=1, logging_dir=f"{work}/logs1").run()
    LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets",
                                                        config=config)],
                          tasks=config.num_buckets, workers=1, logging_dir=f"{work}/logs2").run()
    LocalPipelineExecutor(pipeline=[MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove",
                                                        config=config)],
                          tasks=1, workers=1, logging_dir=f"{work}/logs3").run()
    removed = set()
    path = f"{work}/remove/000000.remove"
    if os.path.exists(path):
        data = open(path, "rb").read()
        removed = {kept[i][0] for (i,) in struct.iter_unpack("<I", data)}
    return removed


def loom_curate(loom, path, out):
    start = time.perf_counter()
    subprocess.run([loom, "curate", path, "--out", out, "--restart", "--keep-pii"], check=True,
                   stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    verdicts = {}
    with open(os.path.join(out, "kept.jsonl")) as f:
        for record in map(json.loads, f):
            verdicts[str(record["id"])] = None
    with open(os.path.join(out, "dropped.jsonl")) as f:
        for record in map(json.loads, f):
            why = record["_curation"]
            verdicts[str(record["id"])] = (why["filter"], why["rule"], why.get("value"), why.get("threshold"))
    return verdicts, seconds


def compare(name, loom_verdicts, trove_verdicts, trove_removed, texts):
    print(f"\n== {name}: {len(trove_verdicts)} documents")
    for index, filt in enumerate(FILTERS):
        reached = same = 0
        examples = []
        for doc_id, trove in trove_verdicts.items():
            loom = loom_verdicts.get(doc_id)
            earlier = FILTERS[:index]
            if (trove and trove[0] in earlier) or (loom and loom[0] in earlier):
                continue
            reached += 1
            trove_drop = bool(trove) and trove[0] == filt
            loom_drop = bool(loom) and loom[0] == filt
            if trove_drop == loom_drop:
                same += 1
            elif len(examples) < 3:
                examples.append((doc_id, "datatrove " + (trove[1] if trove_drop else "keeps"),
                                 "loom " + (f"{loom[1]} value {loom[2]} threshold {loom[3]}" if loom_drop else "keeps"),
                                 texts[doc_id][:70].replace("\n", " ")))
        share = 100.0 * same / reached if reached else 100.0
        print(f"{filt:18s} {same}/{reached} identical decisions ({share:.2f}%)")
        for example in examples:
            print("    ", " | ".join(example))
    both = [d for d in trove_verdicts if trove_verdicts[d] is None and
            (loom_verdicts.get(d) is None or loom_verdicts[d][0] == "minhash")]
    loom_removed = {d for d in both if loom_verdicts.get(d) is not None}
    trove_removed_both = {d for d in both if d in trove_removed}
    same = sum(1 for d in both if (d in loom_removed) == (d in trove_removed_both))
    share = 100.0 * same / len(both) if both else 100.0
    print(f"{'minhash':18s} {same}/{len(both)} identical decisions ({share:.2f}%); removed: datatrove "
          f"{len(trove_removed_both)}, loom {len(loom_removed)}, both {len(loom_removed & trove_removed_both)}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loom", default=os.path.join(ROOT, ".build", "release", "loom"))
    parser.add_argument("--work", default="/tmp/loom-curate-check")
    parser.add_argument("--skip-larger", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    inputs = [("Samples/fineweb-sample.parquet", os.path.join(ROOT, "Samples", "fineweb-sample.parquet"))]
    if not args.skip_larger:
        inputs.append(("larger set (../shared/data/detect + near-duplicates)",
                       larger_set(os.path.join(args.work, "larger.jsonl"))))
    for name, path in inputs:
        docs = read_documents(path)
        texts = dict(docs)
        start = time.perf_counter()
        trove_verdicts, kept = datatrove_filters(docs)
        removed = datatrove_minhash(kept, os.path.join(args.work, "datatrove-minhash"))
        trove_seconds = time.perf_counter() - start
        loom_verdicts, loom_seconds = loom_curate(args.loom, path, os.path.join(args.work, "loom-out"))
        compare(name, loom_verdicts, trove_verdicts, removed, texts)
        print(f"time: datatrove {trove_seconds:.1f} s, loom curate {loom_seconds:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
