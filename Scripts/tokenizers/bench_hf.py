#!/usr/bin/env python3
"""HF `tokenizers` throughput on one thread, the anchor of `loom bench tokenize`.

    RAYON_NUM_THREADS=1 python3 Scripts/tokenizers/bench_hf.py TOKENIZER_JSON FILE [--seconds S]

The file is read as UTF-8 (invalid bytes replaced), split on "\\n", and every line is encoded without special
tokens, exactly as `loom bench tokenize` does. Two figures: `encode_batch` (Rust loop, no Python per line; forced
onto one thread with RAYON_NUM_THREADS=1) and a Python loop of `encode` per line. Each is warmed up once and the
best of the timed passes is kept. Prints one JSON line.
"""
import json, os, sys, time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

def main():
    args = sys.argv[1:]
    seconds = 3.0
    if "--seconds" in args:
        i = args.index("--seconds")
        seconds = float(args[i + 1])
        del args[i:i + 2]
    tokenizer_path, path = args
    if os.path.isdir(tokenizer_path):
        tokenizer_path = os.path.join(tokenizer_path, "tokenizer.json")
    from tokenizers import Tokenizer
    import tokenizers
    tok = Tokenizer.from_file(tokenizer_path)
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    lines = text.split("\n")
    size = sum(len(l.encode("utf-8")) for l in lines)

    def best(run):
        run()  # warm-up
        times, deadline = [], time.perf_counter() + seconds
        while True:
            start = time.perf_counter()
            tokens = run()
            times.append(time.perf_counter() - start)
            if time.perf_counter() > deadline and len(times) >= 2:
                return min(times), tokens

    batch_time, tokens = best(lambda: sum(len(e.ids) for e in tok.encode_batch(lines, add_special_tokens=False)))
    loop_time, _ = best(lambda: sum(len(tok.encode(l, add_special_tokens=False).ids) for l in lines))
    print(json.dumps({"version": tokenizers.__version__, "bytes": size, "lines": len(lines), "tokens": tokens,
                      "batch_mb_per_s": size / batch_time / 1e6, "loop_mb_per_s": size / loop_time / 1e6}))

if __name__ == "__main__":
    main()
