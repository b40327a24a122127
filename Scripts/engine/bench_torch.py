#!/usr/bin/env python3
"""PyTorch + PEFT anchor for `loom bench train`: the same model shape, batch, modes and thread count.

A randomly initialised model with SmolLM2-135M's shape (hidden 576, intermediate 1536, 30 layers, 9 heads, 3 KV
heads, vocab 49152, tied embeddings), f32, batch 4 x 256 tokens, AdamW (lr 1e-4), gradient clipping at 1.0:
  lora     LoRA r=8, alpha=16 on q,k,v,o,gate,up,down (PEFT), frozen base
  full     every weight trainable
  forward  forward pass and loss under torch.no_grad()
Prints one JSON line per mode: tokens_per_second and peak_rss_bytes (of the process that ran that mode alone).
Each mode runs in its own process so that peak RSS is per mode.

Usage: python Scripts/engine/bench_torch.py [--modes lora,full,forward] [--threads N] [--steps 3] [--layers 30]
"""
import argparse
import json
import resource
import subprocess
import sys
import time


def run_mode(mode, threads, steps, warmup, layers, batch, seq):
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=layers,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192,
                         rms_norm_eps=1e-5, rope_theta=100000.0, tie_word_embeddings=True)
    model = LlamaForCausalLM(config).float()
    if mode == "lora":
        from peft import LoraConfig, get_peft_model
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, lora_dropout=0.0, task_type="CAUSAL_LM",
                                                 target_modules=["q_proj", "k_proj", "v_proj", "o_proj",
                                                                 "gate_proj", "up_proj", "down_proj"]))
    ids = torch.randint(0, config.vocab_size, (batch, seq), generator=torch.Generator().manual_seed(1))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4) if mode != "forward" else None

    def step():
        if mode == "forward":
            with torch.no_grad():
                return model(input_ids=ids, labels=ids).loss.item()
        opt.zero_grad(set_to_none=True)
        loss = model(input_ids=ids, labels=ids).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return loss.item()

    model.train(mode != "forward")
    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step()
    seconds = (time.perf_counter() - start) / steps
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return dict(mode=mode, tokens_per_second=batch * seq / seconds, seconds_per_step=seconds,
                peak_rss_bytes=peak, loss=loss, threads=threads, torch=torch.__version__)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--modes", default="lora,full,forward")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--layers", type=int, default=30)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--seq", type=int, default=256)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    modes = args.modes.split(",")
    if args.child:
        print(json.dumps(run_mode(modes[0], args.threads, args.steps, args.warmup, args.layers, args.batch, args.seq)))
        return
    for mode in modes:
        command = [sys.executable, __file__, "--child", "--modes", mode, "--threads", str(args.threads),
                   "--steps", str(args.steps), "--warmup", str(args.warmup), "--layers", str(args.layers),
                   "--batch", str(args.batch), "--seq", str(args.seq)]
        out = subprocess.run(command, capture_output=True, text=True)
        line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
        if line is None:
            print(json.dumps(dict(mode=mode, error=out.stderr.strip().splitlines()[-1:] or ["no output"])))
        else:
            print(line, flush=True)


if __name__ == "__main__":
    main()
