#!/usr/bin/env python3
"""Checks a GGUF file written by `loom export-gguf` against the reference implementations (not run in CI).

1. Reads FILE with gguf-py's GGUFReader: version 3, every tensor offset aligned and the data contiguous in
   tensor-info order, names under 64 bytes.
2. Rebuilds every key and tensor independently of Loom from the Hugging Face folder (config.json, tokenizer.json,
   tokenizer_config.json, model.safetensors, and a PEFT adapter merged here in numpy): keys must have exactly the
   types llama.cpp reads (UINT32 counts, FLOAT32 rope base / eps, ...) and the same values; tensors must be
   byte-identical to the reference encoding (convert_hf_to_gguf's q/k permutation for the llama architecture,
   numpy's f16, gguf-py's Q8_0 quantiser).
3. --golden OUT.json writes the reference file's header, metadata and per-tensor FNV-1a digests (a file written
   with gguf-py's GGUFWriter from the reference arrays): the Swift tests compare Loom's export with it.
4. --llama: loads FILE in llama.cpp (llama-cpp-python; with --adapter-only, --base-gguf plus the adapter) and compares per-token log-probs and greedy continuations with `loom score` / `loom generate`.

  pip install gguf llama-cpp-python
  python3 Scripts/export/check_gguf.py out.gguf --model DIR [--adapter DIR] [--adapter-only] [--golden G.json]
  (FILE "-" only writes the golden.) The committed goldens:
  python3 Scripts/export/check_gguf.py - --model Samples/models/loom-shakespeare --type q8_0 \
      --golden Tests/RunsTests/Fixtures/gguf/loom-shakespeare-q8_0.json     (and --type f16, …-f16.json)
  python3 Scripts/export/check_gguf.py - --model Tests/EngineTests/Fixtures/llama_gqa_untied/model \
      --adapter Tests/EngineTests/Fixtures/llama_gqa_untied/adapter --adapter-only --type f32 \
      --golden Tests/RunsTests/Fixtures/gguf/llama_gqa_untied-adapter-f32.json
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from safetensors.numpy import load_file

import gguf
from gguf import GGMLQuantizationType as Q, GGUFReader, GGUFValueType as V

FTYPE = {"f32": 0, "f16": 1, "q8_0": 7}
QTYPE = {"f32": Q.F32, "f16": Q.F16, "q8_0": Q.Q8_0}


def fnv(data: bytes) -> str:
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def load_folder(folder):
    weights = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.safetensors"))):
        weights.update(load_file(path))
    return {k: v.astype(np.float32) for k, v in weights.items()}


def adapter_weights(adapter):
    config = json.load(open(os.path.join(adapter, "adapter_config.json")))
    r, alpha = config["r"], config["lora_alpha"]
    scale = alpha / (r ** 0.5) if config.get("use_rslora") else alpha / r
    tensors = load_file(os.path.join(adapter, "adapter_model.safetensors"))
    pairs = {}
    for key, value in tensors.items():
        base = key.removeprefix("base_model.model.")
        for part in ("lora_A", "lora_B"):
            if f".{part}." in base:
                module = base.split(f".{part}.")[0]
                pairs.setdefault(module, {})[part] = value.astype(np.float32)
    return pairs, scale, r, config


def merge(weights, adapter, conv1d):
    pairs, scale, _, _ = adapter_weights(adapter)
    for module, p in pairs.items():
        delta = scale * (p["lora_B"] @ p["lora_A"])
        name = module + ".weight"
        weights[name] = weights[name] + (delta.T if conv1d else delta)


def permute(w, n_head):
    # convert_hf_to_gguf.py LlamaModel.permute: HF rotate-half rows -> llama.cpp adjacent pairs.
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def architecture(config):
    return {"llama": "llama", "mistral": "llama", "qwen2": "qwen2", "qwen3": "qwen3", "gpt2": "gpt2"}[config["model_type"]]


def reference_tensors(config, weights):
    """(gguf name, float32 array in GGUF's outer-to-inner shape), in the order Loom writes them."""
    arch = architecture(config)
    out = []
    if arch == "gpt2":
        p = "transformer." if "transformer.wte.weight" in weights else ""
        out += [("token_embd.weight", weights[p + "wte.weight"]), ("position_embd.weight", weights[p + "wpe.weight"])]
        for i in range(config["n_layer"]):
            h = f"{p}h.{i}."
            for gg, hf, transpose in [("attn_norm", "ln_1", False), ("attn_qkv", "attn.c_attn", True),
                                      ("attn_output", "attn.c_proj", True), ("ffn_norm", "ln_2", False),
                                      ("ffn_up", "mlp.c_fc", True), ("ffn_down", "mlp.c_proj", True)]:
                w = weights[h + hf + ".weight"]
                out.append((f"blk.{i}.{gg}.weight", np.ascontiguousarray(w.T) if transpose else w))
                out.append((f"blk.{i}.{gg}.bias", weights[h + hf + ".bias"]))
        out += [("output_norm.weight", weights[p + "ln_f.weight"]), ("output_norm.bias", weights[p + "ln_f.bias"])]
        return out
    heads = config["num_attention_heads"]
    kv = config.get("num_key_value_heads") or heads
    out.append(("token_embd.weight", weights["model.embed_tokens.weight"]))
    for i in range(config["num_hidden_layers"]):
        m = f"model.layers.{i}."
        out.append((f"blk.{i}.attn_norm.weight", weights[m + "input_layernorm.weight"]))
        for gg, hf, n in [("attn_q", "q_proj", heads), ("attn_k", "k_proj", kv), ("attn_v", "v_proj", None),
                          ("attn_output", "o_proj", None)]:
            for kind in ("weight", "bias"):
                w = weights.get(m + f"self_attn.{hf}.{kind}")
                if w is None:
                    continue
                out.append((f"blk.{i}.{gg}.{kind}", permute(w, n) if arch == "llama" and n else w))
            norm = m + f"self_attn.{hf[0]}_norm.weight"
            if gg in ("attn_q", "attn_k") and norm in weights:
                out.append((f"blk.{i}.{gg}_norm.weight", weights[norm]))
        out.append((f"blk.{i}.ffn_norm.weight", weights[m + "post_attention_layernorm.weight"]))
        for gg, hf in [("ffn_gate", "gate_proj"), ("ffn_up", "up_proj"), ("ffn_down", "down_proj")]:
            out.append((f"blk.{i}.{gg}.weight", weights[m + f"mlp.{hf}.weight"]))
    out.append(("output_norm.weight", weights["model.norm.weight"]))
    if not config.get("tie_word_embeddings", False):
        out.append(("output.weight", weights["lm_head.weight"]))
    return out


def reference_adapter_tensors(config, adapter):
    pairs, scale, r, _ = adapter_weights(adapter)
    arch = architecture(config)
    heads = config.get("num_attention_heads") or config.get("n_head")
    kv = config.get("num_key_value_heads") or heads
    names = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
             "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
             "mlp.down_proj": "ffn_down", "attn.c_attn": "attn_qkv", "attn.c_proj": "attn_output",
             "mlp.c_fc": "ffn_up", "mlp.c_proj": "ffn_down"}
    order = list(names.values())
    found = []
    for module, p in pairs.items():
        parts = module.split(".")
        layer = int(parts[parts.index("layers" if "layers" in parts else "h") + 1])
        short = names[".".join(parts[-2:])]
        b = p["lora_B"]
        if arch == "llama" and short in ("attn_q", "attn_k"):
            b = permute(b, heads if short == "attn_q" else kv)
        found.append(((layer, order.index(short)), f"blk.{layer}.{short}.weight", p["lora_A"], b))
    out = []
    for _, name, a, b in sorted(found, key=lambda t: t[0]):
        out += [(name + ".lora_a", a), (name + ".lora_b", b)]
    return out, scale * r


def stored_type(arr, requested):
    if arr.ndim == 1:
        return Q.F32
    if requested == Q.Q8_0 and arr.shape[-1] % 32 != 0:
        return Q.F16
    return requested


def encode(arr, qtype):
    if qtype == Q.F32:
        return arr.astype(np.float32).tobytes()
    if qtype == Q.F16:
        return arr.astype(np.float16).tobytes()
    return gguf.quants.quantize(arr.astype(np.float32), qtype).tobytes()


def tokenizer_metadata(folder, vocab_size):
    tok = json.load(open(os.path.join(folder, "tokenizer.json")))
    cfg_path = os.path.join(folder, "tokenizer_config.json")
    cfg = json.load(open(cfg_path)) if os.path.exists(cfg_path) else {}
    config = json.load(open(os.path.join(folder, "config.json")))
    by_id = {i: t for t, i in tok["model"]["vocab"].items()}
    added = {a["id"]: a for a in tok.get("added_tokens", [])}
    for i, a in added.items():
        by_id[i] = a["content"]
    tokens, types = [], []
    for i in range(vocab_size):
        if i not in by_id:
            tokens.append(f"[PAD{i}]"); types.append(5)
        elif i in added:
            tokens.append(by_id[i]); types.append(3 if added[i]["special"] else 4)
        else:
            tokens.append(by_id[i]); types.append(1)
    merges = [m if isinstance(m, str) else " ".join(m) for m in tok["model"].get("merges", [])]
    pre = tok["pre_tokenizer"]
    name = None
    if pre["type"] == "ByteLevel" and pre.get("use_regex", True) and not pre.get("add_prefix_space", True) is True:
        name = "gpt-2"
    elif pre["type"] == "Sequence":
        kinds = [p["type"] for p in pre["pretokenizers"]]
        if kinds == ["Digits", "ByteLevel"]:
            name = "smollm"
        elif kinds == ["Split", "ByteLevel"]:
            regex = pre["pretokenizers"][0]["pattern"]["Regex"]
            name = "llama-bpe" if "\\p{N}{1,3}" in regex else "qwen2"
    out = [("tokenizer.ggml.model", V.STRING, "gpt2"), ("tokenizer.ggml.pre", V.STRING, name),
           ("tokenizer.ggml.tokens", V.ARRAY, (V.STRING, tokens)), ("tokenizer.ggml.token_type", V.ARRAY, (V.INT32, types)),
           ("tokenizer.ggml.merges", V.ARRAY, (V.STRING, merges))]

    def token_id(key, config_key):
        value = cfg.get(key)
        if isinstance(value, dict):
            value = value["content"]
        if value is not None:
            return next(i for i, t in by_id.items() if t == value)
        ids = config.get(config_key)
        return ids[0] if isinstance(ids, list) else ids

    for key, config_key in [("bos", "bos_token_id"), ("eos", "eos_token_id"), ("padding", None)]:
        value = token_id("pad_token" if key == "padding" else key + "_token", config_key or "-")
        if value is not None:
            out.append((f"tokenizer.ggml.{key}_token_id", V.UINT32, value))
    unk = tok["model"].get("unk_token")
    if unk is not None and unk in tok["model"]["vocab"]:
        out.append(("tokenizer.ggml.unknown_token_id", V.UINT32, tok["model"]["vocab"][unk]))
    add_bos = cfg.get("add_bos_token")
    if add_bos is None:
        post = tok.get("post_processor") or {}
        add_bos = post.get("type") == "TemplateProcessing" and "SpecialToken" in post["single"][0]
    out.append(("tokenizer.ggml.add_bos_token", V.BOOL, bool(add_bos)))
    if "add_eos_token" in cfg:
        out.append(("tokenizer.ggml.add_eos_token", V.BOOL, bool(cfg["add_eos_token"])))
    template = cfg.get("chat_template")
    jinja = os.path.join(folder, "chat_template.jinja")
    if template is None and os.path.exists(jinja):
        template = open(jinja).read()
    if template is not None:
        out.append(("tokenizer.chat_template", V.STRING, template))
    return out


def model_metadata(config, name, ftype):
    arch = architecture(config)
    a = arch
    md = [("general.architecture", V.STRING, arch), ("general.type", V.STRING, "model"), ("general.name", V.STRING, name)]
    if arch == "gpt2":
        h = config["n_embd"]
        md += [(f"{a}.context_length", V.UINT32, config.get("n_positions", 1024)), (f"{a}.embedding_length", V.UINT32, h),
               (f"{a}.block_count", V.UINT32, config["n_layer"]),
               (f"{a}.feed_forward_length", V.UINT32, config.get("n_inner") or 4 * h),
               (f"{a}.attention.head_count", V.UINT32, config["n_head"]),
               (f"{a}.attention.layer_norm_epsilon", V.FLOAT32, config.get("layer_norm_epsilon", 1e-5))]
    else:
        heads = config["num_attention_heads"]
        head_dim = config.get("head_dim") or config["hidden_size"] // heads
        theta = config.get("rope_theta") or (config.get("rope_parameters") or {}).get("rope_theta", 10000)
        context = config.get("max_position_embeddings", 2048)
        window = config.get("sliding_window")
        if window and (config["model_type"] == "mistral" or config.get("use_sliding_window")):
            context = min(context, window)
        md += [(f"{a}.context_length", V.UINT32, context), (f"{a}.embedding_length", V.UINT32, config["hidden_size"]),
               (f"{a}.block_count", V.UINT32, config["num_hidden_layers"]),
               (f"{a}.feed_forward_length", V.UINT32, config["intermediate_size"]),
               (f"{a}.attention.head_count", V.UINT32, heads),
               (f"{a}.attention.head_count_kv", V.UINT32, config.get("num_key_value_heads") or heads),
               (f"{a}.rope.dimension_count", V.UINT32, head_dim), (f"{a}.rope.freq_base", V.FLOAT32, theta),
               (f"{a}.attention.layer_norm_rms_epsilon", V.FLOAT32, config.get("rms_norm_eps", 1e-6))]
        if head_dim * heads != config["hidden_size"] or arch == "qwen3":
            md += [(f"{a}.attention.key_length", V.UINT32, head_dim), (f"{a}.attention.value_length", V.UINT32, head_dim)]
    md.append((f"{a}.vocab_size", V.UINT32, config["vocab_size"]))
    md += [("general.file_type", V.UINT32, FTYPE[ftype]), ("general.quantization_version", V.UINT32, 2)]
    return md


def adapter_metadata(config, name, ftype, alpha):
    return [("general.architecture", V.STRING, architecture(config)), ("general.type", V.STRING, "adapter"),
            ("general.name", V.STRING, name), ("general.file_type", V.UINT32, FTYPE[ftype]),
            ("general.quantization_version", V.UINT32, 2), ("adapter.type", V.STRING, "lora"),
            ("adapter.lora.alpha", V.FLOAT32, alpha)]


def field_value(field):
    t = field.types[0]
    if t == V.ARRAY:
        sub = field.types[1]
        values = [bytes(field.parts[i]).decode("utf-8") if sub == V.STRING else field.parts[i][0].item() for i in field.data]
        return (sub, values)
    if t == V.STRING:
        return bytes(field.parts[field.data[0]]).decode("utf-8")
    return field.parts[field.data[0]][0].item()


def same_value(t, expected, actual):
    if t == V.FLOAT32:
        return np.float32(expected) == np.float32(actual)
    if t == V.BOOL:
        return bool(expected) == bool(actual)
    return expected == actual


def check(path, metadata, tensors, ftype, merged=False):
    reader = GGUFReader(path)
    problems = []
    fields = {k: f for k, f in reader.fields.items() if not k.startswith("GGUF.")}
    alignment = field_value(fields["general.alignment"]) if "general.alignment" in fields else 32
    for key, t, value in metadata:
        field = fields.get(key)
        if field is None:
            problems.append(f"missing key {key}"); continue
        if field.types[0] != t:
            problems.append(f"{key}: type {field.types[0].name}, expected {t.name}"); continue
        actual = field_value(field)
        if t == V.ARRAY:
            if actual[0] != value[0] or actual[1] != list(value[1]):
                problems.append(f"{key}: array differs (type {actual[0].name}, {len(actual[1])} values)")
        elif not same_value(t, value, actual):
            problems.append(f"{key}: {actual!r}, expected {value!r}")
    extra = set(fields) - {k for k, _, _ in metadata}
    problems += [f"unexpected key {k}" for k in sorted(extra)]
    by_name = {t.name: t for t in reader.tensors}
    expected_offset = None
    for info in reader.tensors:
        if len(info.name.encode()) >= 64:
            problems.append(f"{info.name}: name too long")
        if (info.data_offset % alignment) != 0:
            problems.append(f"{info.name}: data at {info.data_offset} not aligned to {alignment}")
        if expected_offset is not None and info.data_offset != expected_offset:
            problems.append(f"{info.name}: data at {info.data_offset}, expected {expected_offset} (contiguous)")
        expected_offset = info.data_offset + (info.n_bytes + alignment - 1) // alignment * alignment
    worst = 0.0
    for name, arr in tensors:
        info = by_name.get(name)
        if info is None:
            problems.append(f"missing tensor {name}"); continue
        qtype = stored_type(arr, QTYPE[ftype])
        if info.tensor_type != qtype:
            problems.append(f"{name}: type {info.tensor_type.name}, expected {qtype.name}"); continue
        if list(info.shape) != list(reversed(arr.shape)):
            problems.append(f"{name}: dims {list(info.shape)}, expected {list(reversed(arr.shape))}"); continue
        values = gguf.quants.dequantize(info.data, info.tensor_type).reshape(arr.shape)
        if merged:
            # Loom's sgemm and numpy sum B·A in different orders (f32 differences of ~1e-8), so a merged tensor is
            # compared by value: within the reference encoding's own error of the checkpoint, plus 1e-6.
            reference = gguf.quants.dequantize(np.frombuffer(encode(arr, qtype), dtype=np.uint8), qtype).reshape(arr.shape) \
                if qtype == Q.Q8_0 else np.frombuffer(encode(arr, qtype), dtype=np.float32 if qtype == Q.F32 else np.float16).reshape(arr.shape)
            bound = 2 * float(np.abs(reference.astype(np.float64) - arr).max()) + 1e-6
            if float(np.abs(values.astype(np.float64) - reference).max()) > bound:
                problems.append(f"{name}: values differ from the reference by more than {bound:.2e}")
        elif bytes(info.data.tobytes()) != encode(arr, qtype):
            problems.append(f"{name}: data differs from the reference {qtype.name} encoding")
        worst = max(worst, float(np.abs(values - arr).max()) if arr.size else 0)
    problems += [f"unexpected tensor {n}" for n in sorted(set(by_name) - {n for n, _ in tensors})]
    return problems, worst, len(reader.tensors), len(fields)


def write_golden(out, metadata, tensors, ftype):
    """Writes the reference file with gguf-py's writer, then a summary of it (what the Swift tests compare)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "reference.gguf")
        writer = gguf.GGUFWriter(path, metadata[0][2])
        for key, t, value in metadata[1:]:
            if t == V.ARRAY:
                writer.add_key_value(key, list(value[1]), t, sub_type=value[0])
            else:
                writer.add_key_value(key, value, t)
        for name, arr in tensors:
            qtype = stored_type(arr, QTYPE[ftype])
            data = np.frombuffer(encode(arr, qtype), dtype=np.uint8) if qtype == Q.Q8_0 else \
                np.frombuffer(encode(arr, qtype), dtype=np.float32 if qtype == Q.F32 else np.float16).reshape(arr.shape)
            if qtype == Q.Q8_0:
                writer.add_tensor(name, data.reshape(arr.shape[0], -1), raw_shape=data.reshape(arr.shape[0], -1).shape, raw_dtype=qtype)
            else:
                writer.add_tensor(name, data, raw_dtype=qtype)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        raw = open(path, "rb").read()
        reader = GGUFReader(path)
    summary = {"version": 3, "alignment": 32, "file_size": len(raw), "file_fnv": fnv(raw), "metadata": [], "tensors": []}
    for key, t, value in metadata:
        if t == V.ARRAY:
            sub, values = value
            if sub == V.STRING:
                digest = fnv(b"".join(s.encode() + b"\0" for s in values))
            else:
                digest = fnv(np.asarray(values, dtype=np.int32).tobytes())
            summary["metadata"].append([key, f"ARRAY[{sub.name}]", {"count": len(values), "fnv": digest}])
        else:
            summary["metadata"].append([key, t.name, float(np.float32(value)) if t == V.FLOAT32 else value])
    start = reader.data_offset
    for info in reader.tensors:
        summary["tensors"].append([info.name, [int(d) for d in info.shape], info.tensor_type.name,
                                   int(info.data_offset - start), fnv(bytes(info.data.tobytes()))])
    with open(out, "w") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)
        f.write("\n")


def log_softmax_at(logits, token):
    logits = np.asarray(logits, dtype=np.float64)
    m = logits.max()
    return float(logits[token] - m - np.log(np.exp(logits - m).sum()))


def compare_with_llama(args, texts):
    """llama.cpp through llama-cpp-python (built from source: llama-cpp-py-sync's prebuilt libllama needs glibc
    2.38). Per-token log-probs of the ids `loom score` tokenised, tokenisation agreement, and greedy continuations."""
    from llama_cpp import Llama
    options = dict(n_ctx=256, n_batch=256, n_threads=2, logits_all=True, verbose=False)
    if args.adapter_only:
        llm = Llama(args.base_gguf, lora_path=args.file, **options)
    else:
        llm = Llama(args.file, **options)
    adapter = ["--adapter", args.adapter] if args.adapter else []
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for t in texts:
            f.write(json.dumps({"text": t}) + "\n")
    scored = [json.loads(line) for line in subprocess.run(
        [args.loom, "score", "--model", args.model] + adapter + [f.name], check=True, capture_output=True, text=True).stdout.splitlines()]
    worst, agree, same_greedy = 0.0, 0, 0
    for text, row in zip(texts, scored):
        ids = row["ids"]
        llm.reset()
        llm.eval(ids)
        ours = [log_softmax_at(llm.scores[i], ids[i + 1]) for i in range(len(ids) - 1)]
        diff = float(np.max(np.abs(np.array(ours) - np.array(row["logprobs"][1:]))))
        worst = max(worst, diff)
        # loom score keeps the first max_position_embeddings tokens of a longer text.
        agree += int(list(llm.tokenize(text.encode(), add_bos=False, special=False))[:len(ids)] == list(ids))
        prompt = ids[:8]
        llm.reset()
        llm.eval(prompt)
        greedy = []
        for _ in range(16):
            token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
            greedy.append(token)
            llm.eval([token])
        loom = json.loads(subprocess.run([args.loom, "generate", "--model", args.model] + adapter + [
            "--prompt-ids", json.dumps(prompt), "--max-new-tokens", "16", "--json"], check=True, capture_output=True,
            text=True).stdout)["ids"]
        n = min(len(loom), len(greedy))
        same_greedy += int(loom[:n] == greedy[:n])
        print(f"  {len(ids):3d} tokens  max |Δ log-prob| {diff:.2e}  greedy 16 tokens {'agree' if loom[:n] == greedy[:n] else 'differ'}")
    print(f"llama.cpp vs loom score: max |Δ log-prob| {worst:.3e} over {len(texts)} texts; tokenization agrees on "
          f"{agree}/{len(texts)}; greedy continuations agree on {same_greedy}/{len(texts)}")
    return worst


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--model", required=True, help="the Hugging Face folder the export was made from")
    ap.add_argument("--adapter", help="the PEFT adapter that was merged (or exported with --adapter-only)")
    ap.add_argument("--adapter-only", action="store_true")
    ap.add_argument("--type", default="f16", choices=sorted(QTYPE))
    ap.add_argument("--name", help="general.name (default: the folder's name)")
    ap.add_argument("--golden", help="write the reference summary to this JSON file")
    ap.add_argument("--llama", action="store_true", help="compare log-probs with llama.cpp")
    ap.add_argument("--base-gguf", help="with --adapter-only --llama: the base model's GGUF")
    ap.add_argument("--loom", default=".build/release/loom")
    ap.add_argument("--texts", default="Samples/chat.jsonl")
    args = ap.parse_args()
    config = json.load(open(os.path.join(args.model, "config.json")))
    if args.adapter_only:
        tensors, alpha = reference_adapter_tensors(config, args.adapter)
        metadata = adapter_metadata(config, args.name or os.path.basename(os.path.normpath(args.adapter)), args.type, alpha)
    else:
        weights = load_folder(args.model)
        if args.adapter:
            merge(weights, args.adapter, conv1d=config["model_type"] == "gpt2")
        tensors = reference_tensors(config, weights)
        name = args.name or os.path.basename(os.path.normpath(args.model))
        metadata = model_metadata(config, name, args.type) + tokenizer_metadata(args.model, config["vocab_size"])
    problems = []
    if args.file != "-":
        problems, worst, n_tensors, n_keys = check(args.file, metadata, tensors, args.type, merged=bool(args.adapter) and not args.adapter_only)
        for p in problems:
            print("MISMATCH", p)
        print(f"{args.file}: {n_keys} keys, {n_tensors} tensors; {len(problems)} mismatches against the reference; "
              f"largest |dequantised - checkpoint| {worst:.3e} ({args.type})")
    if args.golden:
        write_golden(args.golden, metadata, tensors, args.type)
        print(f"wrote {args.golden}")
    if args.llama:
        texts = []
        for line in open(args.texts):
            row = json.loads(line)
            text = row.get("text") or " ".join(m.get("content", "") for m in row.get("messages", []))
            if text:
                texts.append(text[:400])
            if len(texts) == 5:
                break
        compare_with_llama(args, texts)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
