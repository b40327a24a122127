#!/usr/bin/env python3
"""Check that `loom tokenizer train` writes what HF `tokenizers` trains, and that HF loads it and encodes as Loom.

    python3 Scripts/tokenizers/check_trained.py --loom .build/release/loom --vocab-size 2000 \\
        --special '<|endoftext|>' --min-frequency 2 FILES...

1. runs `loom tokenizer train` on FILES;
2. trains HF's BpeTrainer with the same settings (ByteLevel alphabet, GPT-2 regex) and compares merges and vocab;
3. loads Loom's tokenizer.json with HF and compares HF's ids with `loom tokenize` on every line of FILES.
"""
import argparse, json, os, subprocess, sys, tempfile
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loom", required=True)
    ap.add_argument("--vocab-size", type=int, required=True)
    ap.add_argument("--special", action="append", default=[])
    ap.add_argument("--min-frequency", type=int, default=0)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(), "tokenizer.json")
    cmd = [a.loom, "tokenizer", "train", "--vocab-size", str(a.vocab_size), "--min-frequency", str(a.min_frequency),
           "--out", out] + sum([["--special", s] for s in a.special], []) + a.files
    print(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())

    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    hf.train(a.files, trainers.BpeTrainer(vocab_size=a.vocab_size, min_frequency=a.min_frequency,
                                          special_tokens=a.special, show_progress=False,
                                          initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    hj = json.loads(hf.to_str())
    lj = json.load(open(out, encoding="utf-8"))
    hm = [m if isinstance(m, list) else m.split(" ") for m in hj["model"]["merges"]]
    same_merges = hm == lj["model"]["merges"]
    same_vocab = hj["model"]["vocab"] == lj["model"]["vocab"]
    print(f"merges identical to HF: {same_merges} ({len(lj['model']['merges'])} merges); vocab identical: {same_vocab}")

    loaded = Tokenizer.from_file(out)  # HF loads Loom's file
    lines = []
    for f in a.files:
        with open(f, "rb") as h:
            lines += h.read().decode("utf-8", "replace").split("\n")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as t:
        t.write("\n".join(lines))
        joined = t.name
    loom_ids = [json.loads(l) for l in subprocess.run([a.loom, "tokenize", "--tokenizer", out, joined], check=True,
                                                      capture_output=True, text=True).stdout.splitlines()]
    hf_ids = [e.ids for e in loaded.encode_batch([l.rstrip("\r") for l in lines])]
    # loom tokenize drops a trailing \r of CRLF lines and reads a final line without newline.
    n = min(len(loom_ids), len(hf_ids))
    mismatches = sum(1 for x, y in zip(loom_ids[:n], hf_ids[:n]) if x != y)
    print(f"HF loads Loom's tokenizer.json; lines compared: {n}, id mismatches: {mismatches}")
    sys.exit(0 if same_merges and same_vocab and mismatches == 0 else 1)

if __name__ == "__main__":
    main()
