#!/usr/bin/env python3
"""Make the tokenizer fixtures that Loom's Swift tests compare against (Tests/TokenizersTests/Fixtures).

    pip install tokenizers transformers
    python3 Scripts/tokenizers/make_fixtures.py [--data ../shared/data/text] [--out Tests/TokenizersTests/Fixtures]

No hub access is needed: every tokenizer is trained here with HF `tokenizers` on public-domain text, then given the
exact normalizer / pre-tokenizer / post-processor / decoder configuration of a real model family (GPT-2, Llama 3,
Qwen2, SmolLM, Llama 2 / TinyLlama / Mistral v0.1, and a Metaspace variant used by newer SentencePiece exports).
For each tokenizer it records, for a corpus of Unicode edge cases, the ids HF produces with and without special
tokens and the decoded texts; and for invalid UTF-8 byte strings, the ids of `bytes.decode("utf-8", "replace")`.
"""
import argparse, json, os, random, sys
from tokenizers import Tokenizer, models, pre_tokenizers, trainers, normalizers, decoders, processors, Regex

GPT2_REGEX = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"
LLAMA3_REGEX = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
QWEN2_REGEX = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"

# The fixture corpus: ordinary prose plus the cases that break tokenizers.
CORPUS = [
    "Hello world",
    "Hello, world! How are you doing today?",
    "",
    " ",
    "   leading spaces and trailing spaces   ",
    "tabs\tand\ttabs\t\t\tand a vertical\u000btab and form\u000cfeed",
    "line one\nline two\r\nline three\rline four\n\n\n\nafter blank lines\n",
    "  \n  \n\t\n",
    "I'm sure you've seen what they'd done; it's what we'll do. DON'T SHOUT, I'M HERE. 'Quoted' text.",
    "It'S mIxEd 'Re 'vE 'LL 'D 'M 'T",
    "Numbers: 0 1 12 123 1234 12345 1234567890 3.14159 -42 1,000,000 1e-9 0x1F ½ ² ٣٤٥ 四十二",
    "中文测试：你好，世界！这是一个测试。",
    "日本語のテキスト、カタカナとひらがな。",
    "한국어 텍스트입니다.",
    "Emoji: 😀 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 ❤️ 🇫🇷 family:👨‍👩‍👧",
    "Combining: e\u0301 a\u0308 n\u0303 o\u0302\u0323 Z\u0351\u0352\u0353 \u0301leading mark",
    "Precomposed é vs decomposed e\u0301, Å vs A\u030a, ﬁ ligature, Ⅻ, ｆｕｌｌｗｉｄｔｈ",
    "RTL: مرحبا بالعالم! שלום עולם. Mixed: hello مرحبا 123 world",
    "Control chars: \u0000 \u0001 \u0007 \u001b[31mred\u001b[0m \u007f \u0085 \u200b zero\u200bwidth \ufeffBOM",
    "Unicode spaces:\u00a0nbsp\u2003em\u3000ideographic\u2028line-sep\u2029para-sep\u202fnarrow",
    "def fibonacci(n):\n    if n <= 1:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
    "for (int i = 0; i < 10; ++i) { printf(\"%d\\n\", i); } // C code\n\tx += y->z[i] * 2;",
    "{\"key\": [1, 2, 3], \"nested\": {\"a\": null, \"b\": true}}",
    "https://example.com/path?query=1&other=two#fragment user@example.org",
    "Supercalifragilisticexpialidocious " + "pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
    "a" * 300,
    "ab" * 150 + " " + "🙂" * 40,
    "x" + " " * 40 + "y" + "\n" * 30 + "z",
    "Mixed scripts: Ελληνικά Русский текст हिन्दी ไทย ქართული Ἀρχαῖα",
    "Punctuation runs: ... !!! ??? --- *** ~~~ ((())) [[[]]] <<<>>> \"\"\" ''' ``` ___",
    "Apostrophes: don't can't won't y'all rock'n'roll ’curly’ ‘quotes’ o'clock '90s",
    "Special tokens inline: <|endoftext|>Hello<|endoftext|> <s>Hi</s> <|im_start|>user\nhey<|im_end|>",
    "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>",
    "[INST] Tell me a joke [/INST] Why did the chicken cross the road?</s>",
    "Near-special: <|endoftext <|im_start <s > </ s> < s>",
    "Sherlock Holmes took his bottle from the corner of the mantelpiece.",
    "Mr. Sherlock Holmes, who was usually very late in the mornings, save upon those not infrequent occasions.",
    "First Citizen:\nBefore we proceed any further, hear me speak.\n\nAll:\nSpeak, speak.",
    "MIXED Case WoRdS and ALLCAPS and lowercase and Title Case",
    "unreachableword and ĠUnreachable test",
    "trailing newline\n",
    "\n",
    "\n\nleading newlines",
    "end with spaces  ",
    "Ünïcödé wörds: naïve café résumé coöperate façade",
    "math: ∑_{i=1}^{n} i² = n(n+1)/2 ≤ ∞ ∀x∈ℝ √2 ≈ 1.414",
    "surrogate-range emoji 𝕳𝖊𝖑𝖑𝖔 𝟙𝟚𝟛 and CJK ext B 𠀀𠀁",
    # Normalization traps (Qwen2 uses NFC): conjoining Hangul jamo, old jamo that must not compose, marks after a
    # supplementary-plane letter, marks newer than HF's Unicode 9 tables, canonical reordering.
    "Hangul jamo: \u1107\u1161 \u1107\u1176 \u1113\u1161 \u1107\u1161\u11c3 \uac1c\u11bf \u1100\u1161\u11a8",
    "Marks after astral: \U00010053\u0323\u0307 \U0001F600\u0301\u0323 \U0002F800 \U00011099\U000110BA",
    "Newer marks: \u0b4e\u09fe\u0328\u032f \u0c53\u0d3b\u093c q\u0307\u0323 a\u0301\u0316",
]

INVALID_UTF8 = [
    b"\xff",
    b"abc\xffdef",
    b"\xe2\x82",
    b"truncated euro \xe2\x82 sign",
    b"\xed\xa0\x80 surrogate",
    b"\xf0\x9f\x98 half emoji",
    b"\xc0\xaf overlong",
    b"\xf4\x90\x80\x80 beyond max",
    b"\x80\x80\x80 continuation",
    b"ok \xc3\xa9 then \xc3",
]

def text_files(data):
    names = ["tinyshakespeare_input.txt", "gutenberg_1661_sherlock_holmes_via_markovify.txt",
             "us_senate_bill_titles_via_markovify.txt", "tinystories_sample_via_cs336.txt"]
    return [os.path.join(data, n) for n in names if os.path.exists(os.path.join(data, n))]

def training_iterator(data):
    for path in text_files(data):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                yield line
    # Some of the corpus itself, so that multi-byte characters get merges too.
    for _ in range(20):
        for line in CORPUS:
            yield line

def byte_level_tokenizer(data, vocab_size, regex_split, special_tokens):
    tok = Tokenizer(models.BPE())
    if regex_split is None:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(regex_split), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False)])
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=special_tokens,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(training_iterator(data), trainer=trainer)
    return json.loads(tok.to_str())

def added(id, content, special=True, normalized=False, lstrip=False, rstrip=False, single_word=False):
    return {"id": id, "content": content, "single_word": single_word, "lstrip": lstrip, "rstrip": rstrip,
            "normalized": normalized, "special": special}

def retarget_added(j, tokens):
    """Give added tokens ids after the model vocabulary, like real models (Llama 3: 128000+)."""
    vocab = j["model"]["vocab"]
    for t in j.get("added_tokens", []):
        vocab.pop(t["content"], None)
    # Renumber the vocabulary densely.
    ordered = sorted(vocab.items(), key=lambda kv: kv[1])
    j["model"]["vocab"] = {k: i for i, (k, _) in enumerate(ordered)}
    base = len(ordered)
    out = []
    for i, t in enumerate(tokens):
        t = dict(t)
        t["id"] = base + i
        out.append(t)
    j["added_tokens"] = out
    return {t["content"]: t["id"] for t in out}

def template(bos_name, bos_id, eos=None):
    single = [{"SpecialToken": {"id": bos_name, "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}]
    pair = single + [{"SpecialToken": {"id": bos_name, "type_id": 1}}, {"Sequence": {"id": "B", "type_id": 1}}]
    specials = {bos_name: {"id": bos_name, "ids": [bos_id], "tokens": [bos_name]}}
    return {"type": "TemplateProcessing", "single": single, "pair": pair, "special_tokens": specials}

def make_gpt2(data):
    j = byte_level_tokenizer(data, 3000, None, ["<|endoftext|>"])
    ids = retarget_added(j, [added(0, "<|endoftext|>")])
    j["normalizer"] = None
    j["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    j["post_processor"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True}
    j["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    j["model"].update({"dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                       "fuse_unk": False, "byte_fallback": False, "ignore_merges": False})
    return j

def make_llama3(data):
    j = byte_level_tokenizer(data, 3000, LLAMA3_REGEX, [])
    names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
             "<|finetune_right_pad_id|>", "<|reserved_special_token_2|>", "<|start_header_id|>", "<|end_header_id|>",
             "<|eom_id|>", "<|eot_id|>", "<|python_tag|>"]
    ids = retarget_added(j, [added(0, n) for n in names])
    # A whole word that merges cannot build: only `ignore_merges` finds it.
    vocab = j["model"]["vocab"]
    for w in ["Ġunreachableword", "unreachableword", "ĠUnreachable"]:
        if w not in vocab:
            vocab[w] = len(vocab)
    base = len(vocab)
    for t in j["added_tokens"]:
        pass
    # Keep added tokens after the vocabulary.
    for i, t in enumerate(j["added_tokens"]):
        t["id"] = base + i
    ids = {t["content"]: t["id"] for t in j["added_tokens"]}
    j["normalizer"] = None
    j["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": LLAMA3_REGEX}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    j["post_processor"] = {"type": "Sequence", "processors": [
        {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        template("<|begin_of_text|>", ids["<|begin_of_text|>"])]}
    j["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    j["model"].update({"dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                       "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": True})
    return j

def make_qwen2(data):
    j = byte_level_tokenizer(data, 3000, QWEN2_REGEX, [])
    retarget_added(j, [added(0, "<|endoftext|>"), added(0, "<|im_start|>"), added(0, "<|im_end|>")])
    j["normalizer"] = {"type": "NFC"}
    j["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": QWEN2_REGEX}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]}
    j["post_processor"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    j["decoder"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}
    j["model"].update({"dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                       "fuse_unk": False, "byte_fallback": False, "ignore_merges": False})
    return j

def make_smollm(data):
    """SmolLM (v1): digits one by one, then the GPT-2 byte-level regex; plus non-special added tokens."""
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                 pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)])
    trainer = trainers.BpeTrainer(vocab_size=2500, min_frequency=2, special_tokens=[],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(training_iterator(data), trainer=trainer)
    j = json.loads(tok.to_str())
    retarget_added(j, [added(0, "<|endoftext|>"), added(0, "<|im_start|>"), added(0, "<|im_end|>"),
                       added(0, "<repo_name>"), added(0, "<file_sep>"),
                       # Non-special added tokens with whitespace flags, as fine-tunes add them.
                       added(0, "<think>", special=False, normalized=False, lstrip=True, rstrip=True),
                       added(0, "[MASK]", special=False, normalized=True, single_word=True)])
    j["normalizer"] = None
    j["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}]}
    j["post_processor"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True}
    j["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    j["model"].update({"dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                       "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False})
    return j

def make_roberta(data):
    """RoBERTa: a prefix space before every text run, <s> A </s> around it, and an lstrip <mask> token."""
    j = byte_level_tokenizer(data, 2000, None, ["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    vocab = j["model"]["vocab"]
    j["added_tokens"] = [added(vocab["<s>"], "<s>"), added(vocab["<pad>"], "<pad>"), added(vocab["</s>"], "</s>"),
                         added(vocab["<unk>"], "<unk>"), added(vocab["<mask>"], "<mask>", lstrip=True)]
    j["normalizer"] = None
    j["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    j["post_processor"] = {"type": "RobertaProcessing", "sep": ["</s>", vocab["</s>"]], "cls": ["<s>", vocab["<s>"]],
                           "trim_offsets": True, "add_prefix_space": True}
    j["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    j["model"].update({"dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                       "fuse_unk": False, "byte_fallback": False})
    return j

def make_quicktour(data):
    """A tokenizer trained as in HF's quicktour: Whitespace pre-tokenizer, [UNK] for unseen characters,
    [CLS] $A [SEP] template, and no decoder (decode joins tokens with spaces)."""
    tok = Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(vocab_size=2000, special_tokens=["[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]"],
                                  show_progress=False)
    tok.train_from_iterator(training_iterator(data), trainer=trainer)
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))])
    return json.loads(tok.to_str())

def make_bert_bpe(data):
    """BERT-style pre-tokenization and normalization with a `##` continuing-subword prefix and fused unknowns."""
    tok = Tokenizer(models.BPE(unk_token="[UNK]", continuing_subword_prefix="##", fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.BpeTrainer(vocab_size=2000, special_tokens=["[UNK]", "[CLS]", "[SEP]"],
                                  continuing_subword_prefix="##", limit_alphabet=200, show_progress=False)
    tok.train_from_iterator(training_iterator(data), trainer=trainer)
    tok.post_processor = processors.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")),
                                                   ("[CLS]", tok.token_to_id("[CLS]")))
    return json.loads(tok.to_str())

def sentencepiece_bpe(data, vocab_size):
    """Train a BPE over `▁`-prefixed words with byte fallback, the way SentencePiece BPE models are built."""
    tok = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="never", split=True)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=["<unk>", "<s>", "</s>"],
                                  limit_alphabet=120, show_progress=False)
    tok.train_from_iterator(training_iterator(data), trainer=trainer)
    j = json.loads(tok.to_str())
    # Llama 2 layout: <unk> <s> </s>, then the 256 byte tokens, then the learned pieces.
    vocab = j["model"]["vocab"]
    learned = [k for k, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if k not in ("<unk>", "<s>", "</s>")]
    ordered = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)] + learned
    j["model"]["vocab"] = {k: i for i, k in enumerate(ordered)}
    j["added_tokens"] = [added(0, "<unk>"), added(1, "<s>"), added(2, "</s>")]
    j["model"].update({"dropout": None, "unk_token": "<unk>", "continuing_subword_prefix": None,
                       "end_of_word_suffix": None, "fuse_unk": True, "byte_fallback": True})
    j["model"].pop("ignore_merges", None)
    return j

def make_llama2(data):
    j = sentencepiece_bpe(data, 3000)
    j["normalizer"] = {"type": "Sequence", "normalizers": [
        {"type": "Prepend", "prepend": "▁"}, {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]}
    j["pre_tokenizer"] = None
    j["post_processor"] = template("<s>", 1)
    j["decoder"] = {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
    return j

def make_metaspace(data):
    """Newer SentencePiece exports (Mistral v0.3, Llama 2 with legacy=false): Metaspace instead of normalizers."""
    j = sentencepiece_bpe(data, 2500)
    j["normalizer"] = None
    j["pre_tokenizer"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
    j["post_processor"] = template("<s>", 1)
    j["decoder"] = {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "first", "split": False}
    j["added_tokens"].append(added(len(j["model"]["vocab"]), "[INST]"))
    j["added_tokens"].append(added(len(j["model"]["vocab"]) + 1, "[/INST]"))
    return j

def fuzz_texts(count, seed=1234):
    """Random mixtures of scripts, marks, controls, digits, contractions, white space and special tokens."""
    rng = random.Random(seed)
    pools = [range(0x20, 0x7f), range(0x20, 0x7f), range(0xa0, 0x250), range(0x300, 0x370), range(0x370, 0x530),
             range(0x590, 0x700), range(0x900, 0xe80), range(0x1100, 0x1200), range(0x2000, 0x2070),
             range(0x2100, 0x2400), range(0x3000, 0x30ff), range(0x4e00, 0x4f00), range(0xac00, 0xac80),
             range(0xfe00, 0xff70), range(0x1f300, 0x1f6ff), range(0x1d400, 0x1d800), range(0x10000, 0x10100),
             range(0x0, 0x20)]
    pieces = ["'s", "'S", "'re", "'Ve", "'ll", "'LL", "'d", "'M", "'t", " ", "  ", "\n", "\r\n", "\t", " \n ",
              "\u00a0", "\u3000", "0", "123", "12345", "<|endoftext|>", "<|im_start|>", "<s>", "</s>", "[INST]",
              "<think>", " <think> ", "[MASK]", " [MASK] ", "\u200d", "\ufe0f", "\ufeff"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 16)):
            if rng.random() < 0.35:
                parts.append(rng.choice(pieces))
            else:
                pool = rng.choice(pools)
                parts.append("".join(chr(rng.choice(pool)) for _ in range(rng.randint(1, 5))))
        out.append("".join(c for c in "".join(parts) if not 0xD800 <= ord(c) <= 0xDFFF))
    return out

FUZZ = fuzz_texts(250)

def expectations(tok):
    cases = []
    for text in CORPUS:
        ids = tok.encode(text, add_special_tokens=True).ids
        plain = tok.encode(text, add_special_tokens=False).ids
        cases.append({"text": text, "ids": ids, "ids_without_special": plain,
                      "decoded": tok.decode(ids, skip_special_tokens=False),
                      "decoded_skipping_special": tok.decode(ids, skip_special_tokens=True)})
    invalid = []
    for raw in INVALID_UTF8:
        text = raw.decode("utf-8", "replace")
        invalid.append({"hex": raw.hex(), "replaced": text, "ids": tok.encode(text, add_special_tokens=False).ids})
    fuzz = [{"text": t, "ids": tok.encode(t, add_special_tokens=False).ids} for t in FUZZ]
    pair = tok.encode("First sequence.", "Second sequence.", add_special_tokens=True).ids
    return {"cases": cases, "invalid_utf8": invalid, "fuzz": fuzz, "pair": {"a": "First sequence.", "b": "Second sequence.", "ids": pair}}

def hf_train(files, vocab_size, min_frequency, special_tokens, regex=None):
    """HF's BpeTrainer with the byte-level setup that `loom tokenizer train` uses."""
    tok = Tokenizer(models.BPE())
    if regex is None:
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    else:
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=special_tokens,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train(files, trainer)
    j = json.loads(tok.to_str())
    return tok, j

def trainer_fixtures(out, data):
    """Expected merges of HF's trainer: on a corpus written here (committed), and on Tiny Shakespeare (shared data,
    not committed; the Swift test skips when it is absent)."""
    corpus_path = os.path.join(out, "trainer_corpus.txt")
    with open(corpus_path, "w", encoding="utf-8") as f:
        for line in CORPUS + FUZZ[:60]:
            f.write(line.replace("\r", "") + "\n")
    runs = [("trainer_corpus", [corpus_path], 700, 2, ["<|endoftext|>", "<pad>"], None),
            ("trainer_corpus_llama3", [corpus_path], 600, 0, [], LLAMA3_REGEX)]
    shakespeare = os.path.join(data, "tinyshakespeare_input.txt")
    if os.path.exists(shakespeare):
        runs.append(("trainer_shakespeare", [shakespeare], 1200, 2, ["<|endoftext|>"], None))
    for name, files, vocab_size, min_frequency, specials, regex in runs:
        tok, j = hf_train(files, vocab_size, min_frequency, specials, regex)
        probe = CORPUS[:30]
        expected = {"vocab_size": vocab_size, "min_frequency": min_frequency, "special_tokens": specials,
                    "pattern": "gpt2" if regex is None else "llama3",
                    "merges": [m if isinstance(m, list) else m.split(" ") for m in j["model"]["merges"]],
                    "vocab": j["model"]["vocab"],
                    "probe": [{"text": t, "ids": tok.encode(t).ids} for t in probe]}
        with open(os.path.join(out, f"{name}.expected.json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=True, separators=(",", ":"))
        print(f"{name}: {len(expected['merges'])} merges")

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data", "text"))
    ap.add_argument("--out", default=os.path.join(root, "Tests", "TokenizersTests", "Fixtures"))
    ap.add_argument("--only", help="Regenerate only this fixture (SentencePiece training is not deterministic in HF:"
                                   " limit_alphabet breaks ties by hash order)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    makers = {"gpt2": make_gpt2, "llama3": make_llama3, "qwen2": make_qwen2, "smollm": make_smollm,
              "llama2": make_llama2, "metaspace": make_metaspace, "roberta": make_roberta,
              "quicktour": make_quicktour, "bert_bpe": make_bert_bpe}
    for name, make in makers.items():
        if args.only and name != args.only:
            continue
        j = make(args.data)
        text = json.dumps(j, ensure_ascii=False, indent=None, separators=(",", ":"))
        tok = Tokenizer.from_str(text)  # HF must accept the file exactly as written
        path = os.path.join(args.out, f"{name}.tokenizer.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(args.out, f"{name}.expected.json"), "w", encoding="utf-8") as f:
            # ASCII escapes: swift-corelibs-foundation's JSONSerialization drops a raw U+FEFF after an escape.
            json.dump(expectations(tok), f, ensure_ascii=True, separators=(",", ":"))
        print(f"{name}: vocab {tok.get_vocab_size()} , {os.path.getsize(path)} bytes")
    if not args.only or args.only.startswith("trainer"):
        trainer_fixtures(args.out, args.data)

if __name__ == "__main__":
    main()
