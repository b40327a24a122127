#!/usr/bin/env python3
"""End-to-end check of the model families added on the one model description: Phi-3, Qwen3, Llama 3.2 (llama3 rope
scaling, tied embeddings), SmolLM3 (NoPE layers), Gemma 2 and Gemma 3 (text).

For each family this script
  1. makes a random checkpoint with transformers at odd sizes with GQA (Phi-3: fused qkv_proj / gate_up_proj and
     partial rotary; Qwen3: q/k norms and a head_dim that is not hidden / heads; Gemma: sliding windows of 16 inside
     the 96-token training sequences, soft-capping, post-norms), with the bundled sample model's
     tokenizer (its vocabulary size), into a temporary folder;
  2. compares `loom score --model DIR --ids …` with transformers' per-token log-probabilities on a sample text
     (goal: max absolute difference ≤ 2e-3);
  3. trains a short LoRA run on the family's PEFT target names with `loom train` (Samples/instructions.jsonl),
     loads the adapter Loom wrote with peft.PeftModel.from_pretrained, and compares `loom score --adapter` with
     PEFT's log-probabilities (same goal), then merges with `loom merge` and checks transformers loads the result.

Prints one line per check and exits 1 if any fails.

    pip install torch transformers peft safetensors
    swift build -c release && python3 Scripts/engine/check_families.py [--loom .build/release/loom]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

import torch
from peft import PeftModel
from transformers import (AutoModelForCausalLM, AutoTokenizer, Gemma2Config, Gemma2ForCausalLM, Gemma3ForCausalLM,
                          Gemma3TextConfig, LlamaConfig, LlamaForCausalLM, Phi3Config, Phi3ForCausalLM, Qwen3Config,
                          Qwen3ForCausalLM, SmolLM3Config, SmolLM3ForCausalLM)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SAMPLE = os.path.join(ROOT, "Samples", "models", "loom-shakespeare")
TEXT = "Compute the sum of the two numbers.\n\n12 and 30\n\n### Response:\n12 + 30 = 42. ROMEO: But soft, what light?"

FAMILIES = [
    dict(name="phi3", cls=Phi3ForCausalLM, cfg=Phi3Config,
         config=dict(hidden_size=96, intermediate_size=232, num_hidden_layers=3, num_attention_heads=6,
                     num_key_value_heads=2, partial_rotary_factor=0.75, max_position_embeddings=256,
                     rms_norm_eps=1e-5, tie_word_embeddings=False, pad_token_id=0, bos_token_id=0, eos_token_id=0,
                     sliding_window=None),
         targets=["qkv_proj", "o_proj", "gate_up_proj", "down_proj"]),
    dict(name="qwen3", cls=Qwen3ForCausalLM, cfg=Qwen3Config,
         config=dict(hidden_size=100, intermediate_size=212, num_hidden_layers=3, num_attention_heads=5,
                     num_key_value_heads=1, head_dim=28, max_position_embeddings=256, rms_norm_eps=1e-6,
                     tie_word_embeddings=True, use_sliding_window=False, bos_token_id=0, eos_token_id=0),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]),
    dict(name="llama3", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=dict(hidden_size=96, intermediate_size=200, num_hidden_layers=3, num_attention_heads=6,
                     num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-5, tie_word_embeddings=True,
                     rope_parameters=dict(rope_type="llama3", rope_theta=500000.0, factor=32.0, low_freq_factor=1.0,
                                          high_freq_factor=4.0, original_max_position_embeddings=64),
                     bos_token_id=0, eos_token_id=0),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]),
    dict(name="smollm3", cls=SmolLM3ForCausalLM, cfg=SmolLM3Config,
         config=dict(hidden_size=96, intermediate_size=200, num_hidden_layers=4, num_attention_heads=6,
                     num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-6, no_rope_layer_interval=2,
                     pad_token_id=0, bos_token_id=0, eos_token_id=0),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]),
    dict(name="gemma2", cls=Gemma2ForCausalLM, cfg=Gemma2Config,
         config=dict(hidden_size=96, intermediate_size=200, num_hidden_layers=4, num_attention_heads=4,
                     num_key_value_heads=2, head_dim=40, query_pre_attn_scalar=40, sliding_window=16,
                     max_position_embeddings=256, attn_logit_softcapping=20.0, final_logit_softcapping=15.0,
                     pad_token_id=0, bos_token_id=0, eos_token_id=0, attn_implementation="eager"),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], norm_centre=0.0),
    dict(name="gemma3", cls=Gemma3ForCausalLM, cfg=Gemma3TextConfig,
         config=dict(hidden_size=96, intermediate_size=200, num_hidden_layers=4, num_attention_heads=4,
                     num_key_value_heads=1, head_dim=32, query_pre_attn_scalar=32, sliding_window=16,
                     max_position_embeddings=256, sliding_window_pattern=2, rope_theta=1000000.0,
                     rope_local_base_freq=10000.0, rope_scaling=dict(rope_type="linear", factor=8.0),
                     pad_token_id=0, bos_token_id=0, eos_token_id=0, attn_implementation="eager"),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"], norm_centre=0.0),
]


def logprobs_of(model, ids):
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0].double()
    return torch.log_softmax(logits, -1)[:-1].gather(1, torch.tensor(ids[1:])[:, None])[:, 0]


def loom_logprobs(loom, args):
    out = subprocess.run([loom, "score", *args], check=True, capture_output=True, text=True).stdout
    return torch.tensor(json.loads(out.splitlines()[-1])["logprobs"][1:], dtype=torch.float64)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loom", default=os.path.join(ROOT, ".build", "release", "loom"))
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("families", nargs="*", help="names to check (default: all)")
    args = p.parse_args()
    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(SAMPLE)
    vocab = json.load(open(os.path.join(SAMPLE, "config.json")))["vocab_size"]
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    failed = False
    for family in FAMILIES:
        if args.families and family["name"] not in args.families:
            continue
        with tempfile.TemporaryDirectory() as work:
            folder = os.path.join(work, "model")
            torch.manual_seed(0)
            model = family["cls"](family["cfg"](vocab_size=vocab, **family["config"])).float().eval()
            with torch.no_grad():  # larger than the init's 0.02 so the layers do real work
                for name, weight in model.named_parameters():
                    if weight.dim() > 1:
                        weight.normal_(0, 0.08)
                    elif "norm" in name:  # Gemma's norms scale by 1 + weight
                        weight.copy_(family.get("norm_centre", 1.0) + 0.1 * torch.randn_like(weight))
            model.save_pretrained(folder, safe_serialization=True)
            for name in ["tokenizer.json", "tokenizer_config.json"]:
                shutil.copy(os.path.join(SAMPLE, name), folder)

            base_error = (loom_logprobs(args.loom, ["--model", folder, "--ids", json.dumps(ids)]) - logprobs_of(model, ids)).abs().max().item()
            print(f"{family['name']}: loom score vs transformers, {len(ids)} tokens: max abs log-prob difference {base_error:.2e}")

            run = os.path.join(work, "run.toml")
            with open(run, "w") as f:
                f.write(f'''name = "{family['name']}-lora"
seed = 7
runs_folder = "{work}/runs"
[model]
base = "{folder}"
[data]
train = ["{os.path.join(ROOT, 'Samples', 'instructions.jsonl')}"]
format = "alpaca"
prompt_format = "alpaca"
loss = "assistant"
sequence_length = 96
eval_fraction = 0.0
[lora]
rank = 4
alpha = 8
dropout = 0.0
targets = {json.dumps(family['targets'])}
[training]
learning_rate = 5e-3
max_steps = {args.steps}
batch_size = 2
[checkpoint]
every = 1000
''')
            subprocess.run([args.loom, "train", run], check=True, capture_output=True, text=True)
            adapter = os.path.join(work, "runs", f"{family['name']}-lora", "adapter")
            peft_model = PeftModel.from_pretrained(family["cls"].from_pretrained(folder, dtype=torch.float32), adapter).eval()
            reference = logprobs_of(peft_model, ids)
            adapter_error = (loom_logprobs(args.loom, ["--model", folder, "--adapter", adapter, "--ids", json.dumps(ids)]) - reference).abs().max().item()
            moved = (reference - logprobs_of(model, ids)).abs().max().item()
            print(f"{family['name']}: {args.steps}-step LoRA on {family['targets']}: PEFT loads Loom's adapter; "
                  f"loom score --adapter vs peft: max abs difference {adapter_error:.2e} (the adapter moved log-probs by {moved:.2e})")

            merged = os.path.join(work, "merged")
            subprocess.run([args.loom, "merge", "--model", folder, "--adapter", adapter, "--out", merged], check=True, capture_output=True)
            merged_error = (logprobs_of(AutoModelForCausalLM.from_pretrained(merged, dtype=torch.float32).eval(), ids) - reference).abs().max().item()
            print(f"{family['name']}: transformers on the loom-merged folder vs peft: max abs difference {merged_error:.2e}")
            failed |= max(base_error, adapter_error, merged_error) > 2e-3 or moved < 1e-3
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
