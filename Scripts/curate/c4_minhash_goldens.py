#!/usr/bin/env python3
"""Writes Tests/CurationTests/Fixtures/c4_goldens.jsonl and minhash_goldens.jsonl from datatrove itself
(pip install datatrove spacy "xxhash<4": xxhash 4 refuses the str datatrove 0.10 hashes): C4QualityFilter (FineWeb's setting, filter_no_terminal_punct=False, and C4's
default) on crafted texts with its verdict and rewritten text; MinHash's xxh64 shingles, the first permutation
parameters, and full 14x8 signatures of a few texts. Not run in CI.
"""
import json
import os

import numpy as np
import xxhash
from datatrove.data import Document
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature
from datatrove.pipeline.filters.c4_filters import C4QualityFilter
from datatrove.utils.text import simplify_text

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "Tests", "CurationTests", "Fixtures")

C4_TEXTS = [
    "One sentence here. Two sentences here. Three here!\nFour is this one? Five is here.",
    "One sentence here. Two sentences here. Three here!\nFour is this one?",
    "Short\nOne sentence here. Two sentences here.\nThree here! Four is this one? Five is here.",
    "Mr. Smith went to Washington. He met Dr. Jones there. They spoke of U.S. policy. It was 3.5 hours long. Then home.",
    "This page uses cookies to work. Read our privacy policy today.\nA. B. C. D. E. F.",
    "Some text with lorem ipsum dolor sit amet. And more. And more. And more. And more.",
    "function f() { return 1; } is code. And more. And more. And more. And more.",
    "Enable JavaScript to view this page.\nFirst real one. Second real one. Third. Fourth one. Fifth one here.",
    "The war began in 1914.[12] It ended in 1918.[citation needed] Many died.[edit] Peace came. Then more.",
    "Really?! Yes indeed. Wait... what now? He said \"go.\" Then he left. The USA. The end.",
    "a sentence without an end\nanother line without one\nthird line here too\nfourth line as well\nfifth one",
    "Ends here... and here... and also here... more words here... final words here...",
]

MINHASH_TEXTS = [
    "The quick brown fox jumps over the lazy dog near the river bank today.",
    "THE QUICK, brown fox -- jumps over the lazy dog near the river bank today!",
    "Prices rose 3.5% in 2023, from 1,200 to 1,242 units; café owners said so.",
    "too short text",
]


def main():
    with open(os.path.join(FIXTURES, "c4_goldens.jsonl"), "w") as out:
        for text in C4_TEXTS:
            entry = {"text": text}
            for key, punct in (("fineweb", False), ("c4", True)):
                doc = Document(text=text, id="0")
                result = C4QualityFilter(filter_no_terminal_punct=punct).filter(doc)
                if result is True:
                    entry[key] = {"kept": True, "text": doc.text}
                else:
                    entry[key] = {"kept": False, "rule": result[1]}
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    step = MinhashDedupSignature(output_folder="/tmp/loom-minhash-goldens", config=MinhashConfig())
    a, b = step.parameters
    with open(os.path.join(FIXTURES, "minhash_goldens.jsonl"), "w") as out:
        out.write(json.dumps({"a": [str(x) for x in a[0, :4]] + [str(a[0, -1])],
                              "b": [str(x) for x in b[0, :4]] + [str(b[0, -1])],
                              "xxh64": {s: str(xxhash.xxh64_intdigest(s.encode())) for s in
                                        ["", "a", "hello world", "0123456789abcdefghijklmnopqrstuvwxyz", "café 0 über"]}}) + "\n")
        for text in MINHASH_TEXTS:
            shingles = step.get_shingles(text)
            sig = step.get_signature(shingles) if shingles.size else None
            out.write(json.dumps({"text": text, "simplified": simplify_text(text),
                                  "shingles": [str(int(x)) for x in shingles[:, 0]],
                                  "signature": [str(x) for band in sig for x in band] if sig else None},
                                 ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
