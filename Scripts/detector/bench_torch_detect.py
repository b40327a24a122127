#!/usr/bin/env python3
"""PyTorch anchor of `loom bench detect --lm`: language-model-tier texts/s on SmolLM2-135M's shape (random weights).

Per text (fixed random token ids of --tokens length): the forward of each model, then per position the statistics
Loom computes (log q of the next token, mu = sum_v p log q, var = sum_v p log^2 q - mu^2, the token's rank), as
Fast-DetectGPT white-box (one model) and Binoculars (two models). f32, torch.set_num_threads(--threads).
Prints one JSON line: {"fast_detectgpt_texts_per_s": …, "binoculars_texts_per_s": …}.

    pip install torch transformers; python3 Scripts/detector/bench_torch_detect.py --threads 2 --texts 4 --tokens 300
"""
import argparse, json, time

import torch
from transformers import LlamaConfig, LlamaForCausalLM


def model(seed):
    torch.manual_seed(seed)
    cfg = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                      num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192, rms_norm_eps=1e-5,
                      rope_theta=100000.0, tie_word_embeddings=True)
    return LlamaForCausalLM(cfg).float().eval()


def statistics(q_logits, p_logits, ids):
    log_q = torch.log_softmax(q_logits, -1)
    p = torch.softmax(p_logits, -1)
    mu = (p * log_q).sum(-1)
    var = (p * log_q * log_q).sum(-1) - mu * mu
    target = ids[1:]
    ll = log_q[:-1].gather(-1, target[:, None])[:, 0]
    rank = (log_q[:-1] > ll[:, None]).sum(-1)
    return ll, mu, var, rank


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--texts", type=int, default=4)
    ap.add_argument("--tokens", type=int, default=300)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    observer, performer = model(1), model(2)
    g = torch.Generator().manual_seed(3)
    texts = [torch.randint(0, 49152, (a.tokens,), generator=g) for _ in range(a.texts)]
    out = {}
    with torch.no_grad():
        for name, pair in (("fast_detectgpt", (observer, None)), ("binoculars", (performer, observer))):
            scoring, reference = pair
            ids = texts[0]
            scoring(ids[None]).logits  # warm-up
            start = time.perf_counter()
            for ids in texts:
                q = scoring(ids[None]).logits[0]
                p = reference(ids[None]).logits[0] if reference is not None else q
                statistics(q, p, ids)
            out[name + "_texts_per_s"] = a.texts / (time.perf_counter() - start)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
