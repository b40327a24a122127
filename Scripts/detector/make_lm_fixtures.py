#!/usr/bin/env python3
"""Reference scores for the language-model tier of the detector, from torch + transformers.

Makes two small random checkpoints that share a vocabulary (an "observer" Llama and a "performer" Qwen3, so the
two differ in architecture as real pairs may), and for fixed token sequences computes, in float64 from the models'
float32 logits:
  - Fast-DetectGPT's analytic discrepancy (Bao et al. 2024, the formula of its released get_sampling_discrepancy_
    analytic): D = (sum_t log q(x_t) - sum_t mu_t) / sqrt(sum_t var_t), mu_t = sum_v p(v) log q(v),
    var_t = sum_v p(v) log^2 q(v) - mu_t^2, positions t = 0..T-2 predicting x_{t+1};
    white-box (p = q = observer) and with two models (p = observer, q = performer);
  - Binoculars (Hans et al. 2024, as its released detector computes it): ppl = mean over t = 0..T-2 of
    -log softmax(performer)[x_{t+1}]; x_ppl = mean over ALL t = 0..T-1 (no shift, padding mask only) of
    -sum_v softmax(observer)_v log softmax(performer)_v; score = ppl / x_ppl.
Writes Tests/DetectorTests/Fixtures/{observer,performer}/ (HF folders) and expected.json.

    pip install torch transformers safetensors; python3 Scripts/detector/make_lm_fixtures.py [OUT]
"""
import json, os, shutil, sys

import torch
from transformers import LlamaConfig, LlamaForCausalLM, Qwen3Config, Qwen3ForCausalLM

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "DetectorTests", "Fixtures")
VOCAB = 211  # odd, so no SIMD width divides it


def make(cls, cfg, seed, **shape):
    torch.manual_seed(seed)
    model = cls(cfg(vocab_size=VOCAB, max_position_embeddings=64, attn_implementation="eager", **shape)).float().eval()
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() > 1:
                p.normal_(0, 0.15)
            elif "norm" in name:
                p.copy_(1 + 0.1 * torch.randn_like(p))
    return model


def logits(model, ids):
    with torch.no_grad():
        return model(torch.tensor([ids])).logits[0].double()


def fast_detect_gpt(q_logits, p_logits, ids):
    lq = torch.log_softmax(q_logits[:-1], -1)
    p = torch.softmax(p_logits[:-1], -1)
    labels = torch.tensor(ids[1:])
    ll = lq.gather(1, labels[:, None])[:, 0]
    mu = (p * lq).sum(-1)
    var = (p * lq * lq).sum(-1) - mu * mu
    return ((ll.sum() - mu.sum()) / var.sum().sqrt()).item()


def binoculars(observer_logits, performer_logits, ids):
    lq = torch.log_softmax(performer_logits, -1)
    ppl = -lq[:-1].gather(1, torch.tensor(ids[1:])[:, None])[:, 0].mean()
    x_ppl = -(torch.softmax(observer_logits, -1) * lq).sum(-1).mean()
    return (ppl / x_ppl).item()


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    observer = make(LlamaForCausalLM, LlamaConfig, 1, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                    num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=False)
    performer = make(Qwen3ForCausalLM, Qwen3Config, 2, hidden_size=40, intermediate_size=72, num_hidden_layers=2,
                     num_attention_heads=4, num_key_value_heads=1, head_dim=12, tie_word_embeddings=True)
    observer.save_pretrained(os.path.join(OUT, "observer"), safe_serialization=True)
    performer.save_pretrained(os.path.join(OUT, "performer"), safe_serialization=True)
    g = torch.Generator().manual_seed(7)
    cases = []
    for length in [2, 9, 40]:
        ids = torch.randint(0, VOCAB, (length,), generator=g).tolist()
        lo, lp = logits(observer, ids), logits(performer, ids)
        cases.append(dict(ids=ids,
                          fast_detectgpt_white_box=fast_detect_gpt(lo, lo, ids),
                          fast_detectgpt_two_models=fast_detect_gpt(lp, lo, ids),
                          binoculars=binoculars(lo, lp, ids),
                          observer_logprobs=torch.log_softmax(lo[:-1], -1).gather(1, torch.tensor(ids[1:])[:, None])[:, 0].tolist()))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(dict(cases=cases, made_by="Scripts/detector/make_lm_fixtures.py, torch %s" % torch.__version__), f, indent=1)
    for c in cases:
        print(len(c["ids"]), c["fast_detectgpt_white_box"], c["fast_detectgpt_two_models"], c["binoculars"])


if __name__ == "__main__":
    main()
