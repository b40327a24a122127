#!/usr/bin/env python3
"""Writes Samples/raft-sample.jsonl: a small RAFT dataset in gorilla's schema for the workbench's RAFT section.

The documents are short encyclopedia-style notes written for Loom (facts in the public domain, prose of our own), so
the project may redistribute them. Each note gets hand-written questions whose chain-of-thought answers quote the note
verbatim between ##begin_quote## and ##end_quote## and end in <ANSWER>: …, as gorilla's teacher prompt asks. Records
are assembled as gorilla's raft.py does: the note plus D distractor notes, the note kept with probability P (else
replaced by another distractor), shuffled, with oracle_context and the <DOCUMENT> instruction layout. Seeded, so the
file is the same on every run:

    python3 Scripts/raft/make_raft_sample.py            # writes Samples/raft-sample.jsonl
    swift run loom raft validate Samples/raft-sample.jsonl --p 0.8
"""
import json
import os
import random

SEED = 7
DISTRACTORS = 3
P = 0.8

NOTES = [
    ("Nile",
     "The Nile flows north through eleven countries of north-eastern Africa. It is usually measured at about 6,650 "
     "kilometres, which makes it one of the two longest rivers on Earth. Its two main branches, the White Nile and the "
     "Blue Nile, meet at Khartoum, the capital of Sudan."),
    ("Mount Kilimanjaro",
     "Mount Kilimanjaro in Tanzania is the highest mountain in Africa, rising to 5,895 metres above sea level. It is a "
     "dormant volcano with three volcanic cones: Kibo, Mawenzi and Shira. Its summit was first reached in 1889 by Hans "
     "Meyer and Ludwig Purtscheller."),
    ("Lake Baikal",
     "Lake Baikal in southern Siberia is the deepest lake in the world, reaching 1,642 metres at its deepest point. It "
     "holds roughly a fifth of the fresh surface water on Earth. The lake is home to the Baikal seal, one of the few "
     "seals that live only in fresh water."),
    ("Sahara",
     "The Sahara is the largest hot desert in the world and covers much of North Africa. Its area is about nine million "
     "square kilometres, close to that of the United States. Most of the Sahara is rocky plateau rather than sand dunes."),
    ("Printing press",
     "Johannes Gutenberg introduced printing with movable metal type in Mainz around 1450. His best-known work, the "
     "Gutenberg Bible, was printed in the 1450s in about 180 copies. The method spread across Europe within a few "
     "decades and made books far cheaper to produce."),
    ("Telescope",
     "The first telescopes were made in the Netherlands in 1608, when Hans Lipperhey applied for a patent on one. "
     "Galileo Galilei built his own the following year and turned it to the sky. With it he discovered the four largest "
     "moons of Jupiter in January 1610."),
    ("Honey bee",
     "A honey bee colony has one queen, thousands of female workers and, in summer, a few hundred male drones. Workers "
     "tell each other where flowers are with the waggle dance, whose angle points the way relative to the sun. Bees "
     "make honey by evaporating the water from nectar until it keeps without spoiling."),
    ("Penicillin",
     "Alexander Fleming noticed in 1928 that a mould had killed the bacteria around it on a culture plate. He named the "
     "substance it released penicillin. Howard Florey and Ernst Chain later purified it, and mass production began "
     "during the Second World War."),
]

# (note index, question, the sentence quoted, reasoning after the quote, answer)
QUESTIONS = [
    (0, "Where do the White Nile and the Blue Nile meet?",
     "Its two main branches, the White Nile and the Blue Nile, meet at Khartoum, the capital of Sudan.",
     "so the two branches join at Khartoum.", "Khartoum"),
    (0, "In which direction does the Nile flow?",
     "The Nile flows north through eleven countries of north-eastern Africa.",
     "so it flows towards the north.", "north"),
    (1, "How high is Mount Kilimanjaro?",
     "Mount Kilimanjaro in Tanzania is the highest mountain in Africa, rising to 5,895 metres above sea level.",
     "which gives its height.", "5,895 metres"),
    (1, "Who first reached the summit of Kilimanjaro?",
     "Its summit was first reached in 1889 by Hans Meyer and Ludwig Purtscheller.",
     "so two climbers reached it together.", "Hans Meyer and Ludwig Purtscheller"),
    (2, "How deep is Lake Baikal at its deepest point?",
     "Lake Baikal in southern Siberia is the deepest lake in the world, reaching 1,642 metres at its deepest point.",
     "which is the depth asked for.", "1,642 metres"),
    (2, "Which seal lives only in the fresh water of Lake Baikal?",
     "The lake is home to the Baikal seal, one of the few seals that live only in fresh water.",
     "so the seal is named after the lake.", "the Baikal seal"),
    (3, "What covers most of the Sahara?",
     "Most of the Sahara is rocky plateau rather than sand dunes.",
     "so it is mostly rock, not sand.", "rocky plateau"),
    (3, "How large is the Sahara?",
     "Its area is about nine million square kilometres, close to that of the United States.",
     "which gives its area.", "about nine million square kilometres"),
    (4, "Where did Gutenberg introduce printing with movable metal type?",
     "Johannes Gutenberg introduced printing with movable metal type in Mainz around 1450.",
     "so the place was Mainz.", "Mainz"),
    (4, "About how many copies of the Gutenberg Bible were printed?",
     "His best-known work, the Gutenberg Bible, was printed in the 1450s in about 180 copies.",
     "which gives the number of copies.", "about 180"),
    (5, "Who applied for a patent on a telescope in 1608?",
     "The first telescopes were made in the Netherlands in 1608, when Hans Lipperhey applied for a patent on one.",
     "so the applicant was Lipperhey.", "Hans Lipperhey"),
    (5, "What did Galileo discover with his telescope in January 1610?",
     "With it he discovered the four largest moons of Jupiter in January 1610.",
     "so the discovery was of Jupiter's moons.", "the four largest moons of Jupiter"),
    (6, "How do worker bees tell each other where flowers are?",
     "Workers tell each other where flowers are with the waggle dance, whose angle points the way relative to the sun.",
     "so they use a dance.", "the waggle dance"),
    (6, "How do bees turn nectar into honey?",
     "Bees make honey by evaporating the water from nectar until it keeps without spoiling.",
     "so the water is taken out of the nectar.", "by evaporating the water from nectar"),
    (7, "In what year did Fleming notice the effect of penicillin?",
     "Alexander Fleming noticed in 1928 that a mould had killed the bacteria around it on a culture plate.",
     "so the year was 1928.", "1928"),
    (7, "Who purified penicillin after Fleming?",
     "Howard Florey and Ernst Chain later purified it, and mass production began during the Second World War.",
     "so the purification was their work.", "Howard Florey and Ernst Chain"),
]


def cot_answer(question, quote, reasoning, answer):
    return (f"##Reason: The question asks: {question} The document says ##begin_quote## {quote} ##end_quote## "
            f"{reasoning} <ANSWER>: {answer}")


def main():
    rng = random.Random(SEED)
    chunks = [text for _, text in NOTES]
    records = []
    for number, (i, question, quote, reasoning, answer) in enumerate(QUESTIONS):
        assert quote in chunks[i], quote
        others = [j for j in range(len(chunks)) if j != i]
        docs = [chunks[i]] + [chunks[j] for j in rng.sample(others, DISTRACTORS)]
        if rng.uniform(0, 1) >= P:
            # Gorilla replaces the oracle with one more distractor; the answer still quotes the oracle.
            unused = [j for j in others if chunks[j] not in docs]
            docs[0] = chunks[rng.choice(unused)]
        rng.shuffle(docs)
        titles = [next(title for title, text in NOTES if text == doc) for doc in docs]
        records.append({
            "id": f"seed_task_{number}",
            "type": "general",
            "question": question,
            "context": {"title": [titles], "sentences": [docs]},
            "oracle_context": chunks[i],
            "cot_answer": cot_answer(question, quote, reasoning, answer),
            "instruction": "".join(f"<DOCUMENT>{doc}</DOCUMENT>\n" for doc in docs) + question,
        })
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "Samples", "raft-sample.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kept = sum(1 for r in records if r["oracle_context"] in r["context"]["sentences"][0])
    print(f"wrote {path}: {len(records)} records, oracle kept in {kept}")


if __name__ == "__main__":
    main()
