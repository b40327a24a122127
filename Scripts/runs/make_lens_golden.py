#!/usr/bin/env python3
"""Golden token ids and loss masks for the lens and the training pass, from transformers' apply_chat_template.

    pip install tokenizers transformers
    python3 Scripts/runs/make_lens_golden.py

For the bundled chat and Alpaca samples (Samples/chat.jsonl, Samples/instructions.jsonl), each record is rendered by
transformers with a real model's chat template (SmolLM2-Instruct's ChatML with its default system prompt, and
Llama 3 Instruct's), tokenized with the fixture tokenizers of Tests/TokenizersTests/Fixtures, and its assistant mask
taken from `return_assistant_tokens_mask` (the same templates with `{% generation %}` around what is learned: each
reply and the end token that closes it, which is what Loom trains on). Alpaca records become the conversation Loom
builds from them: the instruction, a blank line and the input as the user turn, the output as the reply.

Loom's test (Tests/RunsTests/LensGoldenTests.swift) asserts that ExampleBuilder.rendered, the function both the
trainer and the lens call, gives exactly these ids and this mask.
"""
import json, os
from transformers import PreTrainedTokenizerFast

SMOLLM2 = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
           "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}"
           "{% endif %}{% if message['role'] == 'assistant' %}{{ '<|im_start|>assistant\n' }}"
           "{% generation %}{{ message['content'] + '<|im_end|>' }}{% endgeneration %}{{ '\n' }}"
           "{% else %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endif %}"
           "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")
LLAMA3 = ("{% for message in messages %}{% if loop.index0 == 0 %}{{ bos_token }}{% endif %}"
          "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}"
          "{% if message['role'] == 'assistant' %}{% generation %}{{ message['content'] | trim + '<|eot_id|>' }}{% endgeneration %}"
          "{% else %}{{ message['content'] | trim + '<|eot_id|>' }}{% endif %}{% endfor %}"
          "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}")

TEMPLATES = {
    # name: (Loom's prompt_format, template, fixture tokenizer, bos, eos)
    "chatml_smollm2": ("chatml", SMOLLM2, "smollm", "<|im_start|>", "<|im_end|>"),
    "llama3": ("llama3", LLAMA3, "llama3", "<|begin_of_text|>", "<|eot_id|>"),
}
SAMPLES = {"chat": "chat.jsonl", "alpaca": "instructions.jsonl"}
RECORDS_PER_SAMPLE = 40


def conversation(record, kind):
    if kind == "chat":
        return [{"role": m["role"], "content": m["content"]} for m in record["messages"]]
    user = record["instruction"] + ("\n\n" + record["input"] if record.get("input") else "")
    return [{"role": "user", "content": user}, {"role": "assistant", "content": record["output"]}]


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    tokenizers = os.path.join(root, "Tests", "TokenizersTests", "Fixtures")
    out = {"records_per_sample": RECORDS_PER_SAMPLE, "templates": {}}
    for name, (fmt, template, tok_name, bos, eos) in TEMPLATES.items():
        tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(tokenizers, f"{tok_name}.tokenizer.json"),
                                      bos_token=bos, eos_token=eos, chat_template=template)
        cases = []
        for kind, file in SAMPLES.items():
            with open(os.path.join(root, "Samples", file), encoding="utf-8") as f:
                lines = [l for l in f.read().split("\n")]
            taken = 0
            for number, line in enumerate(lines, start=1):
                if taken == RECORDS_PER_SAMPLE:
                    break
                if not line.strip():
                    continue
                record = json.loads(line)
                messages = conversation(record, kind)
                encoded = tok.apply_chat_template(messages, tokenize=True, return_dict=True,
                                                  return_assistant_tokens_mask=True)
                cases.append({"sample": file, "line": number, "ids": list(encoded["input_ids"]),
                              "mask": [bool(m) for m in encoded["assistant_masks"]]})
                taken += 1
        out["templates"][name] = {"prompt_format": fmt, "tokenizer": tok_name, "chat_template": template,
                                  "bos": bos, "eos": eos, "cases": cases}
    path = os.path.join(root, "Tests", "RunsTests", "Fixtures", "lens_golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, sum(len(t["cases"]) for t in out["templates"].values()), "records")


if __name__ == "__main__":
    main()
