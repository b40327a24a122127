#!/usr/bin/env python3
"""Writes the reference fixtures that Tests/EngineTests compare Loom's engine against.

For each tiny random model (Llama with GQA, Llama tied, Qwen2 with q/k/v bias, GPT-2, Phi-3 with fused qkv/gate_up,
GQA and partial rotary embeddings, Qwen3 with q/k norms and an explicit head_dim, Llama 3.2 with `llama3` rope scaling
and tied embeddings, Llama with YaRN, SmolLM3 with NoPE layers, Gemma 2 with soft-capping, post-norms and a
sliding window shorter than the sequence, Gemma 3 with q/k norms and separate local/global RoPE, Llama whose pad
token is among the inputs) this script:
  1. saves the model as a Hugging Face folder (config.json + model.safetensors),
  2. wraps it with a PEFT LoRA adapter (B randomised so that every gradient is non-zero) and saves the adapter in
     PEFT's layout (adapter_config.json + adapter_model.safetensors),
  3. runs a forward pass on fixed tokens, the causal-LM loss with ignore index -100 (a loss mask), a backward pass,
     and 3 AdamW steps with gradient clipping, and
  4. writes expected.safetensors: input ids, aligned targets, logits, loss, the LoRA gradients of step 1, the loss
     of every step and the LoRA weights after 3 steps (names as PEFT saves them), plus train.json with the
     hyper-parameters. For the `full` cases the same is done with every base weight trainable instead.
  5. writes rope_scaling.json: configs with each rope scaling type Loom reads, in transformers 5's
     `rope_parameters` and the older `rope_scaling` spelling, with the inverse frequencies and attention factor that
     transformers' ROPE_INIT_FUNCTIONS compute for them.

Usage: pip install torch transformers peft safetensors; python Scripts/engine/make_fixtures.py [OUT]
(OUT defaults to Tests/EngineTests/Fixtures). Runs in f32 on the CPU with eager attention.
"""
import json
import os
import shutil
import sys

import torch
from safetensors.torch import save_file
from transformers import (Gemma2Config, Gemma2ForCausalLM, Gemma3ForCausalLM, Gemma3TextConfig, GPT2Config,
                          GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, Phi3Config, Phi3ForCausalLM, Qwen2Config,
                          Qwen2ForCausalLM, Qwen3Config, Qwen3ForCausalLM, SmolLM3Config, SmolLM3ForCausalLM)
from transformers.modeling_rope_utils import ROPE_INIT_FUNCTIONS
from peft import LoraConfig, get_peft_model

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "EngineTests", "Fixtures")
BATCH, SEQ = 2, 8
# eps is 1e-4 rather than torch's 1e-8. Adam's first steps are close to lr * sign(g), and an element whose gradient
# is near zero (GPT-2's key bias has an exactly-zero gradient in exact arithmetic) has an update of sensitivity
# lr / eps to its gradient: with eps = 1e-8 the f32 rounding noise of the gradient (~1e-8) becomes an update
# difference of ~1e-2, and the comparison would measure noise instead of the implementation. The gradients
# themselves are compared exactly as computed.
TRAIN = dict(lr=1e-2, beta1=0.9, beta2=0.999, eps=1e-4, weight_decay=0.01, max_grad_norm=1.0, steps=3)


def llama_config(**extra):
    base = dict(vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                num_key_value_heads=2, max_position_embeddings=64, rms_norm_eps=1e-5, rope_theta=10000.0,
                attention_dropout=0.0, attn_implementation="eager")
    base.update(extra)
    return base


CASES = [
    dict(name="llama_gqa_untied", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=llama_config(tie_word_embeddings=False, rope_theta=500000.0),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    dict(name="llama_tied_rslora", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=llama_config(tie_word_embeddings=True, num_key_value_heads=4),
         targets=["q_proj", "v_proj", "down_proj"], r=2, alpha=4, rslora=True, full=False),
    dict(name="qwen2_bias", cls=Qwen2ForCausalLM, cfg=Qwen2Config,
         config=llama_config(tie_word_embeddings=True, use_sliding_window=False, rms_norm_eps=1e-6),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=16, rslora=False, full=False),
    # Odd sizes: hidden 40 with 5 heads of 8 (GQA 5:1 would not divide, so 5 heads over 1 KV head), intermediate 72,
    # rotary on 6 of each head's 8 dimensions (partial_rotary_factor 0.75, as Phi-4-mini).
    dict(name="phi3_fused", cls=Phi3ForCausalLM, cfg=Phi3Config,
         config=llama_config(hidden_size=40, intermediate_size=72, num_attention_heads=5, num_key_value_heads=1,
                             partial_rotary_factor=0.75, tie_word_embeddings=False, pad_token_id=0,
                             bos_token_id=1, eos_token_id=2, resid_pdrop=0.0, embd_pdrop=0.0),
         targets=["qkv_proj", "o_proj", "gate_up_proj", "down_proj"], r=4, alpha=8, rslora=False, full=True),
    # head_dim 12 is neither hidden / heads (36 / 6 = 6) nor a power of two; 6 heads over 2 KV heads.
    dict(name="qwen3_qknorm", cls=Qwen3ForCausalLM, cfg=Qwen3Config,
         config=llama_config(hidden_size=36, intermediate_size=52, num_attention_heads=6, num_key_value_heads=2,
                             head_dim=12, tie_word_embeddings=True, rms_norm_eps=1e-6, use_sliding_window=False),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    # Llama 3.2: `llama3` rope scaling, tied embeddings. head_dim 16 and original context 32 put one frequency in each
    # regime (wavelength 6.3 < 8 kept, 19.9 smoothed, the rest > 32 divided by the factor).
    dict(name="llama3_rope", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=llama_config(hidden_size=64, num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=True,
                             rope_parameters=dict(rope_type="llama3", rope_theta=10000.0, factor=8.0,
                                                  low_freq_factor=1.0, high_freq_factor=4.0,
                                                  original_max_position_embeddings=32)),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    # YaRN: blended frequencies and an attention factor that scales cos and sin.
    dict(name="llama_yarn", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=llama_config(hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
                             rope_parameters=dict(rope_type="yarn", rope_theta=10000.0, factor=4.0,
                                                  original_max_position_embeddings=16)),
         targets=["q_proj", "v_proj"], r=2, alpha=4, rslora=False, full=False),
    # SmolLM3: every second layer without RoPE (no_rope_layers [1, 0, 1]).
    dict(name="smollm3_nope", cls=SmolLM3ForCausalLM, cfg=SmolLM3Config,
         config=llama_config(num_hidden_layers=3, no_rope_layer_interval=2, tie_word_embeddings=True,
                             rope_parameters=dict(rope_type="default", rope_theta=50000.0),
                             pad_token_id=0, bos_token_id=1, eos_token_id=2),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    # Gemma 2: head_dim 10 with hidden 36 and 4 heads, layers sliding/full/sliding with a window of 3 (< the 8 tokens,
    # and the greedy continuation runs to 10), soft-capping small enough to bite, query_pre_attn_scalar 12.
    dict(name="gemma2_softcap", cls=Gemma2ForCausalLM, cfg=Gemma2Config,
         config=llama_config(hidden_size=36, intermediate_size=56, num_hidden_layers=3, num_attention_heads=4,
                             num_key_value_heads=2, head_dim=10, query_pre_attn_scalar=12, sliding_window=3,
                             attn_logit_softcapping=3.0, final_logit_softcapping=4.0, rms_norm_eps=1e-6,
                             tie_word_embeddings=True, hidden_activation="gelu_pytorch_tanh",
                             pad_token_id=0, bos_token_id=2, eos_token_id=1),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    # Gemma 3 (text): q/k norms, layers sliding/sliding/full with a window of 3, local RoPE base 10000, global
    # 1e6 with linear scaling 4 (as the 4B model scales its global layers), final soft-capping off.
    dict(name="gemma3_text", cls=Gemma3ForCausalLM, cfg=Gemma3TextConfig,
         config=llama_config(hidden_size=36, intermediate_size=56, num_hidden_layers=3, num_attention_heads=4,
                             num_key_value_heads=2, head_dim=10, query_pre_attn_scalar=10, sliding_window=3,
                             layer_types=["sliding_attention", "sliding_attention", "full_attention"],
                             rope_parameters=dict(sliding_attention=dict(rope_type="default", rope_theta=10000.0),
                                                  full_attention=dict(rope_type="linear", factor=4.0,
                                                                      rope_theta=1000000.0)),
                             rms_norm_eps=1e-6, tie_word_embeddings=True, hidden_activation="gelu_pytorch_tanh",
                             pad_token_id=0, bos_token_id=2, eos_token_id=1),
         targets=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
         r=4, alpha=8, rslora=False, full=True),
    # The pad token (53) is one of the batch's inputs: nn.Embedding's padding_idx gives its row no gradient, so a
    # full fine-tune must leave it unchanged (untied, so the output projection does not update it either).
    dict(name="llama_pad_untied", cls=LlamaForCausalLM, cfg=LlamaConfig,
         config=llama_config(tie_word_embeddings=False, pad_token_id=53, bos_token_id=1, eos_token_id=2),
         targets=["q_proj", "v_proj"], r=2, alpha=4, rslora=False, full=True),
    dict(name="gpt2", cls=GPT2LMHeadModel, cfg=GPT2Config,
         config=dict(vocab_size=96, n_embd=32, n_layer=2, n_head=4, n_positions=64, resid_pdrop=0.0,
                     embd_pdrop=0.0, attn_pdrop=0.0, layer_norm_epsilon=1e-5, tie_word_embeddings=True,
                     attn_implementation="eager"),
         targets=["c_attn", "c_proj", "c_fc"], r=4, alpha=8, rslora=False, full=True),
]


def fixed_batch(vocab):
    g = torch.Generator().manual_seed(1234)
    ids = torch.randint(0, vocab, (BATCH, SEQ), generator=g)
    labels = ids.clone()
    labels[0, :3] = -100          # a masked prompt
    labels[1, :2] = -100
    labels[1, 6] = -100           # a masked token in the middle
    # Targets aligned with positions: position t predicts labels[t + 1]; the last position predicts nothing.
    targets = torch.full_like(ids, -100)
    targets[:, :-1] = labels[:, 1:]
    return ids, targets


def loss_of(model, ids, targets):
    logits = model(input_ids=ids).logits
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100)
    return logits, loss


def peft_name(name):
    return name.replace(".default", "")


def train(model, params, ids, targets):
    """One forward/backward (gradients recorded), then TRAIN['steps'] AdamW steps with clipping."""
    opt = torch.optim.AdamW([p for _, p in params], lr=TRAIN["lr"], betas=(TRAIN["beta1"], TRAIN["beta2"]),
                            eps=TRAIN["eps"], weight_decay=TRAIN["weight_decay"])
    losses, grads, logits0 = [], {}, None
    for step in range(TRAIN["steps"]):
        opt.zero_grad()
        logits, loss = loss_of(model, ids, targets)
        loss.backward()
        if step == 0:
            logits0 = logits.detach().clone()
            grads = {n: p.grad.detach().clone() for n, p in params}
        torch.nn.utils.clip_grad_norm_([p for _, p in params], TRAIN["max_grad_norm"])
        opt.step()
        losses.append(loss.item())
    return logits0, losses, grads


def make(case):
    torch.manual_seed(0)
    folder = os.path.join(OUT, case["name"])
    shutil.rmtree(folder, ignore_errors=True)
    config = case["cfg"](**case["config"])
    model = case["cls"](config).float()
    # Gemma's norms multiply by (1 + weight): weights near 0 there are what weights near 1 are elsewhere.
    norm_centre = 0.0 if case["cls"] in (Gemma2ForCausalLM, Gemma3ForCausalLM) else 1.0
    with torch.no_grad():  # larger than the init's 0.02 so that the layers do real work
        for name, p in model.named_parameters():
            if p.dim() > 1:
                p.normal_(0, 0.2)
            elif "bias" in name:
                p.normal_(0, 0.1)
            else:
                p.copy_(norm_centre + 0.1 * torch.randn_like(p))
    model.save_pretrained(os.path.join(folder, "model"), safe_serialization=True)
    ids, targets = fixed_batch(config.vocab_size)
    expected = {"input_ids": ids.float(), "targets": targets.float()}

    if case["full"]:
        torch.manual_seed(1)
        full = case["cls"].from_pretrained(os.path.join(folder, "model"), attn_implementation="eager").float()
        full.train()
        params = [(n, p) for n, p in full.named_parameters()]
        logits, losses, grads = train(full, params, ids, targets)
        expected["full.loss_steps"] = torch.tensor(losses)
        for n, g in grads.items():
            expected["full.grad." + n] = g
        for n, p in params:
            expected["full.updated." + n] = p.detach()

    lora = LoraConfig(r=case["r"], lora_alpha=case["alpha"], lora_dropout=0.0, target_modules=case["targets"],
                      use_rslora=case["rslora"], bias="none", task_type="CAUSAL_LM",
                      fan_in_fan_out=case["cls"] is GPT2LMHeadModel)
    base = case["cls"].from_pretrained(os.path.join(folder, "model"), attn_implementation="eager").float()
    peft_model = get_peft_model(base, lora)
    with torch.no_grad():
        for name, p in peft_model.named_parameters():
            if "lora_B" in name:
                p.normal_(0, 0.1)
    peft_model.save_pretrained(os.path.join(folder, "adapter"), safe_serialization=True)
    os.remove(os.path.join(folder, "adapter", "README.md"))
    peft_model.eval()
    with torch.no_grad():  # greedy continuation of the first 4 tokens of row 0, by repeated full forwards
        prompt = ids[0, :4].tolist()
        for _ in range(6):
            next_logits = peft_model(input_ids=torch.tensor([prompt])).logits[0, -1]
            prompt.append(int(next_logits.argmax()))
    expected["greedy"] = torch.tensor(prompt, dtype=torch.float32)
    peft_model.train()
    params = [(n, p) for n, p in peft_model.named_parameters() if p.requires_grad]
    logits, losses, grads = train(peft_model, params, ids, targets)
    expected["logits"] = logits
    expected["loss"] = torch.tensor([losses[0]])
    expected["lora.loss_steps"] = torch.tensor(losses)
    for n, g in grads.items():
        expected["lora.grad." + peft_name(n)] = g
    for n, p in params:
        expected["lora.updated." + peft_name(n)] = p.detach()
    save_file({k: v.contiguous().float() for k, v in expected.items()}, os.path.join(folder, "expected.safetensors"))
    with open(os.path.join(folder, "train.json"), "w") as f:
        json.dump(dict(TRAIN, lora_r=case["r"], lora_alpha=case["alpha"], use_rslora=case["rslora"],
                       targets=case["targets"], full=case["full"], torch=torch.__version__), f, indent=1, sort_keys=True)
    print(case["name"], "loss", losses)


# Rope scaling as configs spell it: (name, the rope fields in transformers 5's spelling, the same in the older one).
ROPE_CASES = [
    ("default", dict(rope_parameters=dict(rope_type="default", rope_theta=500000.0)), dict(rope_theta=500000.0)),
    ("linear", dict(rope_parameters=dict(rope_type="linear", rope_theta=10000.0, factor=4.0)),
     dict(rope_theta=10000.0, rope_scaling=dict(type="linear", factor=4.0))),
    ("dynamic", dict(rope_parameters=dict(rope_type="dynamic", rope_theta=10000.0, factor=2.0)),
     dict(rope_theta=10000.0, rope_scaling=dict(type="dynamic", factor=2.0))),
    ("llama3_1", dict(rope_parameters=dict(rope_type="llama3", rope_theta=500000.0, factor=8.0, low_freq_factor=1.0,
                                           high_freq_factor=4.0, original_max_position_embeddings=8192)),
     dict(rope_theta=500000.0, rope_scaling=dict(rope_type="llama3", factor=8.0, low_freq_factor=1.0,
                                                 high_freq_factor=4.0, original_max_position_embeddings=8192))),
    ("llama3_2", dict(rope_parameters=dict(rope_type="llama3", rope_theta=500000.0, factor=32.0, low_freq_factor=1.0,
                                           high_freq_factor=4.0, original_max_position_embeddings=8192)),
     dict(rope_theta=500000.0, rope_scaling=dict(rope_type="llama3", factor=32.0, low_freq_factor=1.0,
                                                 high_freq_factor=4.0, original_max_position_embeddings=8192))),
    ("yarn", dict(rope_parameters=dict(rope_type="yarn", rope_theta=1000000.0, factor=4.0,
                                       original_max_position_embeddings=32768)),
     dict(rope_theta=1000000.0, rope_scaling=dict(rope_type="yarn", factor=4.0, original_max_position_embeddings=32768))),
    ("yarn_betas_mscale", dict(rope_parameters=dict(rope_type="yarn", rope_theta=10000.0, factor=16.0, beta_fast=16.0,
                                                    beta_slow=2.0, mscale=0.707, mscale_all_dim=0.707,
                                                    original_max_position_embeddings=4096, truncate=False)),
     dict(rope_theta=10000.0, rope_scaling=dict(type="yarn", factor=16.0, beta_fast=16.0, beta_slow=2.0, mscale=0.707,
                                                mscale_all_dim=0.707, original_max_position_embeddings=4096,
                                                truncate=False))),
]


def rope_cases():
    """The inverse frequencies and attention factor transformers computes for each rope case, from both spellings."""
    out = []
    for name, new, old in ROPE_CASES:
        shape = dict(vocab_size=32, hidden_size=256, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                     max_position_embeddings=131072)
        results = []
        for fields in (new, old):
            config = LlamaConfig(**shape, **fields)
            kind = config.rope_parameters["rope_type"]
            if kind == "default":
                inv, factor = LlamaForCausalLM(LlamaConfig(**dict(shape, num_hidden_layers=0), **fields)).model.rotary_emb.inv_freq, 1.0
            else:
                inv, factor = ROPE_INIT_FUNCTIONS[kind](config)
            results.append((inv, factor))
        assert torch.equal(results[0][0], results[1][0]) and results[0][1] == results[1][1], name
        for spelling, fields in (("rope_parameters", new), ("rope_scaling", old)):
            out.append(dict(name=f"{name} ({spelling})", config=dict(model_type="llama", **shape, **fields),
                            inv_freq=results[0][0].tolist(), attention_factor=results[0][1]))
    with open(os.path.join(OUT, "rope_scaling.json"), "w") as f:
        json.dump(out, f, indent=1)
    print("rope_scaling.json:", len(out), "configs")


if __name__ == "__main__":
    torch.set_num_threads(1)
    only = set(sys.argv[2:])  # optional case names after OUT: regenerate just those
    for case in CASES:
        if not only or case["name"] in only:
            make(case)
    if not only or "rope_scaling" in only:
        rope_cases()
