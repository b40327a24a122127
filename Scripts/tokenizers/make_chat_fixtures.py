#!/usr/bin/env python3
"""Golden chat-template renderings from `transformers.apply_chat_template` for Loom's prompt formats.

    pip install tokenizers transformers
    python3 Scripts/tokenizers/make_chat_fixtures.py   (after make_fixtures.py)

For each format, the Jinja template that real models ship (ChatML as in Qwen2/SmolLM2-Instruct, Llama 3 Instruct,
Llama 2 chat, Zephyr, and an Alpaca template) is applied by transformers to a few conversations with one of the
fixture tokenizers; the rendered text and token ids are recorded. Loom's formatters must produce the same.
"""
import json, os
from transformers import PreTrainedTokenizerFast

CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
          "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")
LLAMA3 = ("{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + "
          "message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
          "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}"
          "{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}")
LLAMA2 = ("{% if messages[0]['role'] == 'system' %}{% set loop_messages = messages[1:] %}{% set system_message = messages[0]['content'] %}"
          "{% else %}{% set loop_messages = messages %}{% set system_message = false %}{% endif %}{% for message in loop_messages %}"
          "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
          "{% if loop.index0 == 0 and system_message != false %}{% set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}"
          "{% else %}{% set content = message['content'] %}{% endif %}{% if message['role'] == 'user' %}{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}"
          "{% elif message['role'] == 'assistant' %}{{ ' '  + content.strip() + ' ' + eos_token }}{% endif %}{% endfor %}")
ZEPHYR = ("{% for message in messages %}\n{% if message['role'] == 'user' %}\n{{ '<|user|>\n' + message['content'] + eos_token }}\n"
          "{% elif message['role'] == 'system' %}\n{{ '<|system|>\n' + message['content'] + eos_token }}\n"
          "{% elif message['role'] == 'assistant' %}\n{{ '<|assistant|>\n'  + message['content'] + eos_token }}\n{% endif %}\n"
          "{% if loop.last and add_generation_prompt %}\n{{ '<|assistant|>' }}\n{% endif %}\n{% endfor %}")
ALPACA = ("{% if messages[0]['role'] == 'system' %}{{ messages[0]['content'] + '\\n\\n' }}{% set loop_messages = messages[1:] %}"
          "{% else %}{{ 'Below is an instruction that describes a task. Write a response that appropriately completes the request.\\n\\n' }}"
          "{% set loop_messages = messages %}{% endif %}{% for message in loop_messages %}{% if message['role'] == 'user' %}"
          "{{ '### Instruction:\\n' + message['content'] + '\\n\\n' }}{% elif message['role'] == 'assistant' %}"
          "{{ '### Response:\\n' + message['content'] + eos_token + '\\n\\n' }}{% endif %}{% endfor %}"
          "{% if add_generation_prompt %}{{ '### Response:\\n' }}{% endif %}")

# SmolLM2-Instruct's template: ChatML with a default system prompt when the conversation has none.
SMOLLM2 = ("{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
           "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}"
           "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
           "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}")

MISTRAL_V01 = ("{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
               "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
               "{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
               "{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token + ' ' }}"
               "{% else %}{{ raise_exception('Only user and assistant roles are supported!') }}{% endif %}{% endfor %}")
MISTRAL = MISTRAL_V01.replace("eos_token + ' ' }}", "eos_token}}")

FORMATS = {
    "mistral": (MISTRAL, "metaspace", "<s>", "</s>"),
    "mistral_v01": (MISTRAL_V01, "llama2", "<s>", "</s>"),
    "chatml_default_system": (SMOLLM2, "smollm", "<|im_start|>", "<|im_end|>"),
    "chatml": (CHATML, "qwen2", "<|endoftext|>", "<|im_end|>"),
    "llama3": (LLAMA3, "llama3", "<|begin_of_text|>", "<|eot_id|>"),
    "llama2": (LLAMA2, "llama2", "<s>", "</s>"),
    "zephyr": (ZEPHYR, "llama2", "<s>", "</s>"),
    "alpaca": (ALPACA, "gpt2", "<|endoftext|>", "<|endoftext|>"),
}

CONVERSATIONS = [
    [{"role": "user", "content": "Hello!"}, {"role": "assistant", "content": "Hi there. How can I help?"}],
    [{"role": "system", "content": "You are a terse assistant."},
     {"role": "user", "content": "What is 2+2?"}, {"role": "assistant", "content": "4"},
     {"role": "user", "content": "  And 3+3?  "}, {"role": "assistant", "content": " 6 \n"}],
    [{"role": "user", "content": "Écris un haïku sur la mer 🌊\nmerci"},
     {"role": "assistant", "content": "Vagues sur le sable —\n中文 and emoji 👨‍👩‍👧"}],
]

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    fixtures = os.path.join(os.path.dirname(os.path.dirname(here)), "Tests", "TokenizersTests", "Fixtures")
    out = {}
    for name, (template, tok_name, bos, eos) in FORMATS.items():
        tok = PreTrainedTokenizerFast(tokenizer_file=os.path.join(fixtures, f"{tok_name}.tokenizer.json"),
                                      bos_token=bos, eos_token=eos, chat_template=template)
        cases = []
        for conv in CONVERSATIONS:
            if name.startswith("mistral") and conv[0]["role"] == "system":
                continue  # the Mistral templates reject system messages
            for gen in (False, True):
                msgs = conv if not gen else conv[:-1]
                text = tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=gen)
                ids = tok.apply_chat_template(msgs, tokenize=True, add_generation_prompt=gen)
                if isinstance(ids, dict) or hasattr(ids, "keys"):
                    ids = ids["input_ids"]
                cases.append({"messages": msgs, "add_generation_prompt": gen, "text": text, "ids": list(ids)})
        out[name] = {"template": template, "tokenizer": tok_name, "bos": bos, "eos": eos, "cases": cases}
        # A tokenizer_config.json as models ship it, for detection.
    with open(os.path.join(fixtures, "chat_templates.expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=True, indent=1)
    print("wrote", len(out), "formats")

if __name__ == "__main__":
    main()
