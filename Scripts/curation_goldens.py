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
import datatrove.pipeline.filters.gopher_repetition_filter as gopher_module
from datatrove.data import Document

WORD = re.compile(r"[\w]+(?:['’][\w]+)*|[^\w\s]", re.UNICODE)


def loom_words(text, language=None):
    return WORD.findall(text)


gopher_module.split_into_words = loom_words
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
]


def main():
    gopher = gopher_module.GopherRepetitionFilter()
    fineweb = fineweb_module.FineWebQualityFilter()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = os.path.join(root, "Tests", "CurationTests", "Fixtures", "filter_goldens.jsonl")
    with open(out, "w", encoding="utf-8") as handle:
        for text in TEXTS:
            document = Document(text=text, id="0")
            results = {}
            for name, flt in (("gopher_repetition", gopher), ("fineweb_quality", fineweb)):
                try:
                    verdict = flt.filter(document)
                except ZeroDivisionError:
                    verdict = (False, "empty")
                results[name] = None if verdict is True else verdict[1]
            handle.write(json.dumps({"text": text, "verdicts": results}, ensure_ascii=False) + "\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
