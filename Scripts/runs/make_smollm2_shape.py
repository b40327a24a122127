#!/usr/bin/env python3
"""A randomly initialised model folder with SmolLM2-135M's shape, for measuring Loom's memory estimate and step time
against a real-size run (no pretrained weights are reachable here; the numbers do not depend on the values).

    pip install torch transformers
    python3 Scripts/runs/make_smollm2_shape.py OUT_DIR

Writes config.json + model.safetensors (SmolLM2-135M: 30 layers, hidden 576, 9 heads / 3 KV heads, intermediate 1536,
vocabulary 49,152, tied embeddings, rope theta 100000) and copies the SmolLM fixture tokenizer (its ids are a subset
of the vocabulary) with a ChatML tokenizer_config.json.
"""
import json, os, shutil, sys
import torch
from transformers import LlamaConfig, LlamaForCausalLM

def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=49152, hidden_size=576, intermediate_size=1536, num_hidden_layers=30,
                         num_attention_heads=9, num_key_value_heads=3, max_position_embeddings=8192,
                         rope_theta=100000.0, rms_norm_eps=1e-5, tie_word_embeddings=True,
                         bos_token_id=1, eos_token_id=2)
    model = LlamaForCausalLM(config)
    model.save_pretrained(out, safe_serialization=True)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    shutil.copy(os.path.join(root, "Tests", "TokenizersTests", "Fixtures", "smollm.tokenizer.json"),
                os.path.join(out, "tokenizer.json"))
    with open(os.path.join(out, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": "<|im_start|>", "eos_token": "<|im_end|>", "pad_token": "<|im_end|>",
                   "chat_template": "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"}, f)
    print("wrote", out, sum(p.numel() for p in model.parameters()), "parameters")

if __name__ == "__main__":
    main()
