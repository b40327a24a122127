#!/usr/bin/env python3
"""Writes Loom's bundled sample datasets into Samples/ (all content generated here from templates, deterministic).

    python3 Scripts/datasets/make_samples.py

- instructions.jsonl  Alpaca form (instruction/input/output), ~200 rows: arithmetic, unit conversion, strings, lists.
- chat.jsonl          chat form ({"messages": [{"role", "content"}...]}), ~100 conversations.
- runs.csv            a CSV of ~100 fine-tuning runs, with quoted fields, commas and a multi-line note.
- edge-cases.jsonl    rows the browser must survive: malformed lines, control characters and terminal escape
                      sequences inside strings, invalid UTF-8, deep nesting, wide characters, a long line.
"""
import csv
import io
import json
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Samples")
rng = random.Random(20261126)


def arithmetic():
    a, b = rng.randint(2, 999), rng.randint(2, 99)
    op = rng.choice(["+", "-", "*", "//", "%"])
    value = {"+": a + b, "-": a - b, "*": a * b, "//": a // b, "%": a % b}[op]
    words = {"+": "sum", "-": "difference", "*": "product", "//": "integer quotient", "%": "remainder"}[op]
    if op == "%":
        return ("What is the remainder when the first number is divided by the second?", f"{a}, {b}",
                f"{a} divided by {b} is {a // b} with remainder {value}, so the answer is {value}.")
    if op == "//":
        return ("Divide the first number by the second and give the whole-number part.", f"{a}, {b}",
                f"{a} / {b} = {a / b:.4g}, whose whole-number part is {value}.")
    return (f"Compute the {words} of the two numbers.", f"{a} and {b}", f"{a} {op} {b} = {value}.")


UNITS = [
    ("kilometres", "miles", 0.621371), ("miles", "kilometres", 1.609344), ("kilograms", "pounds", 2.204623),
    ("litres", "US gallons", 0.264172), ("metres", "feet", 3.280840), ("inches", "centimetres", 2.54),
]
SINGULAR = {"kilometres": "kilometre", "miles": "mile", "kilograms": "kilogram", "litres": "litre",
            "metres": "metre", "inches": "inch"}


def conversion():
    if rng.random() < 0.3:
        c = rng.randint(-30, 45)
        return ("Convert this temperature from Celsius to Fahrenheit.", f"{c} °C",
                f"F = C × 9/5 + 32 = {c} × 1.8 + 32 = {c * 1.8 + 32:.1f} °F.")
    source, target, factor = rng.choice(UNITS)
    amount = rng.choice([1, 2.5, 5, 10, 12, 42, 100, 250])
    return (f"How many {target} are there in {amount} {source if amount != 1 else SINGULAR[source]}?", "",
            f"1 {SINGULAR[source]} is about {factor} {target}, "
            f"so {amount} {source if amount != 1 else SINGULAR[source]} is about {amount * factor:.3f} {target}.")


WORDS = ["lantern", "harbour", "copper", "meadow", "signal", "orbit", "velvet", "thistle", "glacier", "ember",
         "cobalt", "willow", "quartz", "saffron", "tundra", "falcon", "marble", "nectar", "pixel", "rhythm"]


def strings():
    word = rng.choice(WORDS)
    kind = rng.randrange(5)
    if kind == 0:
        return ("Reverse the letters of the word.", word, word[::-1])
    if kind == 1:
        vowels = sum(ch in "aeiou" for ch in word)
        return ("Count the vowels in the word.", word, f"\"{word}\" has {vowels} vowel{'s' if vowels != 1 else ''}.")
    if kind == 2:
        phrase = " ".join(rng.sample(WORDS, 4))
        return ("Convert the phrase to title case.", phrase, phrase.title())
    if kind == 3:
        phrase = " ".join(rng.sample(WORDS, 3))
        return ("Turn the phrase into a snake_case identifier.", phrase, phrase.replace(" ", "_"))
    return ("Is the word a palindrome? Answer yes or no, then explain.", word,
            f"No: reversed it reads \"{word[::-1]}\"." if word != word[::-1] else "Yes.")


def lists():
    numbers = rng.sample(range(1, 100), rng.randint(4, 8))
    kind = rng.randrange(3)
    if kind == 0:
        return ("Sort the numbers in ascending order.", ", ".join(map(str, numbers)),
                ", ".join(map(str, sorted(numbers))))
    if kind == 1:
        return ("Find the largest and the smallest number.", ", ".join(map(str, numbers)),
                f"Largest: {max(numbers)}. Smallest: {min(numbers)}.")
    return ("What is the mean of these numbers? Round to two decimals.", ", ".join(map(str, numbers)),
            f"The sum is {sum(numbers)} over {len(numbers)} numbers, so the mean is {sum(numbers) / len(numbers):.2f}.")


def write_jsonl(name, rows):
    with open(os.path.join(ROOT, name), "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def instructions():
    makers = [arithmetic, conversion, strings, lists]
    rows = []
    for index in range(200):
        instruction, given, output = makers[index % len(makers)]()
        rows.append({"instruction": instruction, "input": given, "output": output})
    write_jsonl("instructions.jsonl", rows)


SYSTEM = "You are Loom's sample assistant: brief, exact, and friendly."


def chat():
    rows = []
    for index in range(100):
        makers = [arithmetic, conversion, strings, lists]
        messages = [{"role": "system", "content": SYSTEM}] if index % 3 == 0 else []
        for _ in range(1 + index % 3):
            instruction, given, output = makers[rng.randrange(4)]()
            question = instruction if not given else f"{instruction}\n\n{given}"
            messages.append({"role": "user", "content": question})
            messages.append({"role": "assistant", "content": output})
        rows.append({"id": f"chat-{index:03d}", "messages": messages,
                     "meta": {"source": "loom-samples", "turns": len(messages) // 2}})
    write_jsonl("chat.jsonl", rows)


def runs():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["run", "model", "method", "rank", "learning_rate", "epochs", "train_loss", "eval_loss",
                     "tokens_per_second", "notes"])
    models = ["SmolLM2-135M", "Qwen2.5-0.5B", "TinyLlama-1.1B", "gpt2"]
    notes = ["", "baseline", "warmup 100 steps, cosine decay", "loss spiked at step 340, then recovered",
             "data: instructions.jsonl, chat.jsonl", "stopped early: eval loss rose for 3 evals",
             "rank sweep, alpha = 2 × rank", "\"quoted\" note, with a comma",
             "first line of a long note\nsecond line: gradients clipped at 1.0"]
    for index in range(100):
        rank = rng.choice([4, 8, 16, 32])
        loss = rng.uniform(0.8, 2.6)
        writer.writerow([f"run-{index + 1:03d}", rng.choice(models), rng.choice(["lora", "lora", "full"]), rank,
                         rng.choice(["1e-4", "2e-4", "5e-5", "3e-4"]), rng.randint(1, 5), f"{loss:.4f}",
                         f"{loss + rng.uniform(0.01, 0.3):.4f}", rng.randint(400, 9000), notes[index % len(notes)]])
    with open(os.path.join(ROOT, "runs.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(buffer.getvalue())


def edge_cases():
    lines = [
        json.dumps({"case": "plain", "text": "An ordinary row before the strange ones."}),
        json.dumps({"case": "terminal escape", "text": "red \u001b[31mALERT\u001b[0m and a bell \u0007 here"}),
        json.dumps({"case": "control characters", "text": "tab\there, carriage\rreturn, nul-ish \u0001\u0002 "
                    "backspace\b, form feed\f, delete \u007f"}),
        json.dumps({"case": "newlines in a string", "text": "line one\nline two\n\nline four"}),
        '{"case": "malformed: missing closing brace", "text": "unfinished"',
        json.dumps({"case": "wide characters", "text": "日本語のテキスト, emoji 🧵🪡, combining e\u0301 and a\u0308"},
                   ensure_ascii=False),
        "this line is not JSON at all",
        json.dumps({"case": "escapes", "text": "quote \" backslash \\ slash / unicode \u00e9 \ud83d\ude00"}),
        json.dumps({"case": "deep nesting", "value": {"a": {"b": {"c": {"d": {"e": {"f": [1, [2, [3, [4]]]]}}}}}}}),
        json.dumps({"case": "long text", "text": " ".join(rng.choice(WORDS) for _ in range(3000))}),
        '{"case": "trailing comma", "text": "almost JSON",}',
        json.dumps({"case": "numbers", "big": 12345678901234567890123, "small": -1.5e-300, "zero": 0,
                    "flag": True, "nothing": None}),
        json.dumps({"case": "right-to-left", "text": "עברית \u202eRIGHT-TO-LEFT OVERRIDE\u202c العربية"},
                   ensure_ascii=False),
    ]
    data = "\n".join(lines).encode("utf-8") + b"\n"
    # One row with bytes that are not UTF-8 (shown as U+FFFD by the browser).
    data += b'{"case": "invalid UTF-8", "text": "bad bytes: \xff\xfe and \xc3( here"}\n'
    with open(os.path.join(ROOT, "edge-cases.jsonl"), "wb") as f:
        f.write(data)


if __name__ == "__main__":
    os.makedirs(ROOT, exist_ok=True)
    instructions()
    chat()
    runs()
    edge_cases()
    total = sum(os.path.getsize(os.path.join(ROOT, n)) for n in os.listdir(ROOT) if os.path.isfile(os.path.join(ROOT, n)))
    print(f"wrote Samples/ ({total} bytes)")
