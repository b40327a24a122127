#!/usr/bin/env python3
"""Compare `loom tokenize` with HF `tokenizers` on random multi-script text and on real text, for any tokenizer.json.

    python3 Scripts/tokenizers/crosscheck.py --loom .build/release/loom TOKENIZER_JSON [--count 3000] [--seed 1]
        [--jsonl FILE.jsonl ...]

Random strings mix ASCII, Latin, combining marks, Greek/Cyrillic, Hebrew/Arabic, Indic, Hangul jamo, symbols,
CJK, syllables, half/full-width forms, emoji, mathematical alphanumerics, astral letters, controls, contractions,
white-space runs and special tokens. Real texts come from the "text" field of the given JSONL files. Prints the
first mismatches and a count; exits 1 on any mismatch.
"""
import argparse, json, random, subprocess, sys, tempfile
from tokenizers import Tokenizer

POOLS = [range(0x20, 0x7f), range(0x20, 0x7f), range(0xa0, 0x250), range(0x300, 0x370), range(0x370, 0x530),
         range(0x590, 0x700), range(0x900, 0xe80), range(0x1100, 0x1200), range(0x2000, 0x2070), range(0x2100, 0x2400),
         range(0x3000, 0x30ff), range(0x4e00, 0x4f00), range(0xac00, 0xac80), range(0xfe00, 0xff70),
         range(0x1f300, 0x1f6ff), range(0x1d400, 0x1d800), range(0x10000, 0x10100), range(0xe000, 0xe010), range(0, 0x20)]
PIECES = ["'s", "'S", "'re", "'Ve", "'ll", "'LL", "'d", "'M", "'t", " ", "  ", "\n", "\r\n", "\t", " \n ", "\u00a0",
          "\u3000", "0", "123", "12345", "<|endoftext|>", "<|im_start|>", "<s>", "</s>", "[INST]", "<think>", "[MASK]",
          " [MASK] ", "\u200d", "\ufe0f", "\ufeff"]

def random_text(rng):
    parts = []
    for _ in range(rng.randint(1, 40)):
        if rng.random() < 0.35:
            parts.append(rng.choice(PIECES))
        else:
            pool = rng.choice(POOLS)
            parts.append("".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 6))))
    return "".join(c for c in "".join(parts) if not 0xD800 <= ord(c) <= 0xDFFF)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loom", required=True)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jsonl", action="append", default=[])
    ap.add_argument("tokenizer")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    texts = [random_text(rng) for _ in range(a.count)]
    for path in a.jsonl:
        with open(path, encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    hf = Tokenizer.from_file(a.tokenizer)
    expected = [e.ids for e in hf.encode_batch(texts, add_special_tokens=False)]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for t in texts:  # ASCII escapes: JSONSerialization on Linux drops a raw U+FEFF after an escape
            f.write(json.dumps({"text": t}, ensure_ascii=True) + "\n")
        path = f.name
    out = subprocess.run([a.loom, "tokenize", "--tokenizer", a.tokenizer, "--no-special-tokens", path],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    got = [json.loads(l) for l in out]
    bad = [(t, e, g) for t, e, g in zip(texts, expected, got) if e != g]
    for t, e, g in bad[:5]:
        print("MISMATCH", repr(t)[:200], "\n  hf  ", e[:40], "\n  loom", g[:40])
    print(f"{a.tokenizer}: {len(texts)} texts, {len(bad)} mismatches" + ("" if len(got) == len(texts) else
          f" (loom printed {len(got)} lines)"))
    sys.exit(1 if bad or len(got) != len(texts) else 0)

if __name__ == "__main__":
    main()
