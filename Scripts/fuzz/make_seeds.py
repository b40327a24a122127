#!/usr/bin/env python3
"""Seeds for the fuzz targets that need files smaller than the test fixtures (Scripts/fuzz/run.sh calls this).

- tokenizer/: each Tests/TokenizersTests fixture shrunk to its first tokens (ids below 64, the merges between them
  and the added tokens), so one run parses a few KB rather than 70 KB; checked with Hugging Face `tokenizers` when
  it is installed, so the seeds are valid files the fuzzer mutates from.
- safetensors/: small files of every dtype Loom reads (F32, F16, BF16), a scalar, an empty tensor and
  `__metadata__`, written with the reference `safetensors` package, plus the start of each Engine fixture.

Usage: make_seeds.py OUT_FOLDER
"""
import glob
import json
import os
import sys

out = sys.argv[1]
os.makedirs(os.path.join(out, "tokenizer"), exist_ok=True)
os.makedirs(os.path.join(out, "safetensors"), exist_ok=True)

KEEP = 64
for path in sorted(glob.glob("Tests/TokenizersTests/Fixtures/*.tokenizer.json")):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    model = data.get("model", {})
    vocab = model.get("vocab")
    if isinstance(vocab, dict):
        kept = {token: index for token, index in vocab.items() if index < KEEP}
        model["vocab"] = kept
        merges = []
        for merge in model.get("merges", []):
            left, right = merge.split(" ", 1) if isinstance(merge, str) else merge
            if left in kept and right in kept and left + right in kept:
                merges.append(merge)
        model["merges"] = merges
        if model.get("unk_token") not in kept:
            model["unk_token"] = None
    data["added_tokens"] = [dict(token, id=KEEP + n) for n, token in enumerate(data.get("added_tokens", [])[:4])]
    text = json.dumps(data, ensure_ascii=False)
    try:
        import tokenizers
        tokenizers.Tokenizer.from_str(text)
    except ImportError:
        pass
    except Exception as error:  # a seed the reference refuses is still a useful mutation base
        print(f"{path}: the reference refuses the shrunk file ({error})")
    name = os.path.basename(path).replace(".tokenizer.json", ".seed")
    with open(os.path.join(out, "tokenizer", name), "w", encoding="utf-8") as handle:
        handle.write(text)

try:
    import numpy
    from safetensors.numpy import save_file
    tensors = {
        "f32": numpy.arange(6, dtype=numpy.float32).reshape(2, 3),
        "f16": numpy.ones((3,), dtype=numpy.float16),
        "scalar": numpy.array(2.5, dtype=numpy.float32),
        "empty": numpy.zeros((0, 4), dtype=numpy.float32),
    }
    save_file(tensors, os.path.join(out, "safetensors", "dtypes.safetensors"), metadata={"format": "pt"})
    save_file({"one": numpy.ones((1,), dtype=numpy.float32)}, os.path.join(out, "safetensors", "one.safetensors"))
    try:
        import torch
        from safetensors.torch import save_file as save_torch
        save_torch({"bf16": torch.ones(2, 2, dtype=torch.bfloat16)}, os.path.join(out, "safetensors", "bf16.safetensors"))
    except ImportError:
        pass
except ImportError as error:
    print(f"safetensors seeds: {error}")

for path in sorted(glob.glob("Tests/EngineTests/Fixtures/*/*/*.safetensors")):
    with open(path, "rb") as handle:
        raw = handle.read(4096)
    name = path.replace("/", "_") + ".seed"
    with open(os.path.join(out, "safetensors", name), "wb") as handle:
        handle.write(raw)
