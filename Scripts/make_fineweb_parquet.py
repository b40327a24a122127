#!/usr/bin/env python3
"""Writes FineWeb-schema Parquet files of made-up web-like text (no scraped content, nothing to license).

    python3 Scripts/make_fineweb_parquet.py --sample                     # Samples/fineweb-sample.parquet (committed)
    python3 Scripts/make_fineweb_parquet.py --docs 400000 --out DIR      # DIR/fineweb-400k.snappy.parquet and .zstd

The columns are FineWeb's (text, id, dump, url, date, file_path, language, language_score, token_count). Words come
from a made-up vocabulary built from syllables, drawn with a Zipf law so the text compresses and repeats like web
text; the sample also mixes in page kinds that curation filters care about (boilerplate lists, repeated lines,
short lines, an e-mail address). Deterministic for a given seed. Needs pyarrow and numpy; not run in CI.
"""
import argparse
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SYLLABLES = ["ka", "lo", "mi", "ten", "ra", "vo", "sil", "ne", "tor", "an", "el", "qui", "bar", "su", "den", "ro",
             "pa", "lin", "go", "ver", "ma", "tis", "ul", "cor", "fe", "nar", "di", "os", "ber", "ta"]
COMMON = ["the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "with", "as", "was", "on", "be", "at", "by",
          "this", "have", "from", "or", "are", "but", "not", "you", "all", "we", "can", "one", "which"]
DUMPS = ["CC-MAIN-2013-20", "CC-MAIN-2017-09", "CC-MAIN-2019-35", "CC-MAIN-2021-43", "CC-MAIN-2023-50"]
SITES = ["example.com", "example.org", "example.net", "sample.test", "demo.invalid"]


def vocabulary(rng, size):
    words = set(COMMON)
    while len(words) < size:
        count = int(rng.integers(1, 4))
        words.add("".join(rng.choice(SYLLABLES, count)))
    rest = sorted(words - set(COMMON))
    ordered = COMMON + [rest[i] for i in rng.permutation(len(rest))]
    return np.array(ordered, dtype=object)


def document(rng, vocab, cdf, words):
    """Sentences of Zipf-drawn words; about one in eight sentences ends a paragraph."""
    tokens = vocab[np.searchsorted(cdf, rng.random(words))]
    ends = np.flatnonzero(rng.random(words) < 0.09)
    out = []
    start = 0
    for end in list(ends) + [words - 1]:
        if end - start < 6 and end != words - 1:
            continue
        sentence = " ".join(tokens[start:end + 1])
        start = end + 1
        if not sentence:
            continue
        out.append(sentence[0].upper() + sentence[1:] + ("." if rng.random() < 0.9 else "?"))
        if rng.random() < 0.12:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n").strip()


def special(rng, kind, vocab):
    """Pages a curation pipeline drops or rewrites."""
    if kind == 0:  # navigation boilerplate: short repeated lines
        return "\n".join(["Home", "About us", "Contact", "Login", "Home", "About us", "Contact"] * 3)
    if kind == 1:  # a list of bullets
        return "\n".join("- " + " ".join(rng.choice(vocab[:300], 3)) for _ in range(25))
    if kind == 2:  # a repeated paragraph
        paragraph = " ".join(rng.choice(vocab[:500], 40)) + "."
        return "\n\n".join([paragraph] * 6)
    return ("Write to the editors at editor@example.com or visit the office. "
            + " ".join(rng.choice(vocab[:800], 120)) + ".")


def table(rng, docs, sample, mean_log_words=6.0):
    vocab = vocabulary(rng, 20000)
    ranks = np.arange(1, len(vocab) + 1)
    weights = 1.0 / ranks ** 1.05
    cdf = np.cumsum(weights / weights.sum())
    cdf[-1] = 1.0
    texts, ids, dumps, urls, dates, paths, langs, scores, tokens = [], [], [], [], [], [], [], [], []
    for index in range(docs):
        if sample and index % 7 == 3:
            text = special(rng, index // 7 % 4, vocab)
        else:
            words = int(min(20000, max(40, rng.lognormal(mean_log_words, 0.8))))
            text = document(rng, vocab, cdf, words)
        texts.append(text)
        ids.append("<urn:uuid:%08x-%04x-4%03x-8%03x-%012x>" % tuple(int(x) for x in rng.integers(0, [2**32, 2**16, 2**12, 2**12, 2**48])))
        dump = DUMPS[index % len(DUMPS)]
        dumps.append(dump)
        site = SITES[int(rng.integers(0, len(SITES)))]
        urls.append("https://%s/%s/%d" % (site, vocab[int(rng.integers(30, 2000))], index))
        year = int(dump[8:12])
        dates.append("%d-%02d-%02dT%02d:%02d:%02dZ" % (year, rng.integers(1, 13), rng.integers(1, 29),
                                                     rng.integers(0, 24), rng.integers(0, 60), rng.integers(0, 60)))
        paths.append("s3://commoncrawl/crawl-data/%s/segments/%d/warc/part-%05d.warc.gz" % (dump, 1368696381249 + index // 1000, index % 100000))
        langs.append("en")
        scores.append(float(np.round(0.65 + 0.35 * rng.random(), 6)))
        tokens.append(int(len(text) / 4.3))
    return pa.table({
        "text": pa.array(texts, pa.string()), "id": pa.array(ids, pa.string()), "dump": pa.array(dumps, pa.string()),
        "url": pa.array(urls, pa.string()), "date": pa.array(dates, pa.string()),
        "file_path": pa.array(paths, pa.string()), "language": pa.array(langs, pa.string()),
        "language_score": pa.array(scores, pa.float64()), "token_count": pa.array(tokens, pa.int64()),
    })


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", action="store_true", help="write Samples/fineweb-sample.parquet")
    parser.add_argument("--docs", type=int, default=400000)
    parser.add_argument("--out", default=".")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--row-group-size", type=int, default=None, help="rows per row group (pyarrow's default if unset)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="write the documents this many times (as more row groups): a bigger file for first-screen timing")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    if args.sample:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        path = os.path.join(root, "Samples", "fineweb-sample.parquet")
        pq.write_table(table(rng, 210, True, mean_log_words=5.2), path, compression="snappy", row_group_size=70)
        print("wrote", path, os.path.getsize(path), "bytes")
        return
    data = table(rng, args.docs, False)
    os.makedirs(args.out, exist_ok=True)
    for codec in ("snappy", "zstd"):
        suffix = "" if args.repeat == 1 else "x%d" % args.repeat
        path = os.path.join(args.out, "fineweb-%dk%s.%s.parquet" % (args.docs // 1000, suffix, codec))
        with pq.ParquetWriter(path, data.schema, compression=codec) as writer:
            for _ in range(args.repeat):
                writer.write_table(data, row_group_size=args.row_group_size)
        print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
