#!/usr/bin/env python3
"""Writes Tests/CurationTests/Fixtures/filter_goldens.jsonl: datatrove's own GopherRepetitionFilter and
FineWebQualityFilter (pip install datatrove) run on crafted texts, with their verdicts (kept, or the rule that fired).

datatrove splits English words with spaCy; this script swaps in the word splitter Loom uses (runs of letters, digits
and '_' with inner apostrophes; every other non-space character alone) so that the goldens test the filters' rules
and arithmetic, not the tokenizer. Not run in CI.
"""
import json
import os
import re

import datatrove.pipeline.filters.fineweb_quality_filter as fineweb_module
import datatrove.pipeline.filters.gopher_quality_filter as quality_module
import datatrove.pipeline.filters.gopher_repetition_filter as gopher_module
from datatrove.data import Document

WORD = re.compile(r"[\w]+(?:['’][\w]+)*|[^\w\s]", re.UNICODE)


def loom_words(text, language=None):
    return WORD.findall(text)


gopher_module.split_into_words = loom_words
quality_module.split_into_words = loom_words
fineweb_module.split_into_words = loom_words

TEXTS = [
    "First para here.\n\nSecond para here.\n\nFirst para here.",
    "one line here.\ntwo line here.\none line here.\nthree line here.",
    "\n".join("line %d without an ending mark, number %d" % (i, i * 7) for i in range(12)),
    "\n".join(["Home", "About", "Shop", "Contact", "Sign in to see the offers we have for you today."] * 1),
    "A sentence that ends well.\nAnother sentence that ends well too!\nA third line that is long enough to count?\n"
    "And a fourth with plenty of words in it to keep the ratio low.",
    "The cat sat on the mat and the dog sat on the log while the bird sang in the tree near the house by the lake.",
    " ".join(["spam eggs ham"] * 12) + ".",
    "alpha beta gamma delta epsilon zeta eta theta iota kappa. " * 2 + "lambda mu nu xi omicron pi rho sigma tau.",
    "Words, words; more words: many words here, none repeated much, we hope. Each sentence adds something new. "
    "Rivers flow into seas. Mountains rise above valleys. Cities grow beside harbours, and forests cover the hills.",
    "",
    "x",
    "Short.\nLines.\nOnly.\nHere.",
    # Long enough for Gopher quality (50 words and more).
    "The river that runs past the old mill has been the heart of the valley for as long as anyone can remember. "
    "Farmers bring their grain to be ground, children fish from the stone bridge, and in the evening the light "
    "falls gold across the water. With the new road, fewer carts come, and the miller wonders what the next "
    "season will bring to the families that have lived here for generations.",
    "\n".join("- item number %d in the list of things to buy at the market today" % i for i in range(12)),
    " ".join("#tag%d #more%d" % (i, i) for i in range(40)) + " the and of to",
    " ".join("zorbi quanta flimbex dortle wexa plimb" for _ in range(12)) + ".",
    " ".join("a b c d e f g h" for _ in range(10)) + " the of.",
    "\n".join("And so the story went on and on, with the hero walking to the hills..." for _ in range(8)),
    "Prices: 10 20 30 40 50 60 70 80 90 100 110 120 130 140 150 160 170 180 190 200 210 220 230 240 250 260 "
    "270 280 290 300 310 320 330 340 350 360 370 380 390 400 and the total of the bill with tax.",
]


PII_TEXTS = [
    "Write to jane.doe@mail.example.net or to bob@sub.domain.org today.",
    "Server 8.8.8.8 answered; 10.0.0.1 and 192.168.1.20 are private, 100.64.3.4 is shared, 172.32.0.1 is public.",
    "Not addresses: 999.1.2.3, 1.2.3, user@localhost, and a@b.c.d at 1.2.3.4.",
]


def main():
    gopher = gopher_module.GopherRepetitionFilter()
    quality = quality_module.GopherQualityFilter()
    fineweb = fineweb_module.FineWebQualityFilter()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "Tests", "CurationTests", "Fixtures", "filter_goldens.jsonl")
    with open(out, "w", encoding="utf-8") as handle:
        for text in TEXTS:
            document = Document(text=text, id="0")
            results = {}
            for name, flt in (("gopher_repetition", gopher), ("gopher_quality", quality), ("fineweb_quality", fineweb)):
                try:
                    verdict = flt.filter(document)
                except (ZeroDivisionError, ValueError):
                    verdict = (False, "empty")
                results[name] = None if verdict is True else verdict[1]
            handle.write(json.dumps({"text": text, "verdicts": results}, ensure_ascii=False) + "\n")
    from datatrove.pipeline.formatters.pii import PIIFormatter

    with open(os.path.join(os.path.dirname(out), "pii_goldens.jsonl"), "w", encoding="utf-8") as handle:
        for text in PII_TEXTS:
            handle.write(json.dumps({"text": text, "masked": PIIFormatter().format(text)}, ensure_ascii=False) + "\n")
    print("wrote", out, "and pii_goldens.jsonl")


if __name__ == "__main__":
    main()
