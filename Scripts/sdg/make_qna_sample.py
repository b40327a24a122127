#!/usr/bin/env python3
"""Writes Samples/qna.yaml: an InstructLab compositional skill (version 3, grounded: each seed has a context) that the
workbench opens as a dataset of its seed examples and `loom sdg validate` checks.

The contexts are lines of Shakespeare (public domain, matching the bundled sample model); the questions and the plain
English answers were written for Loom, so the project may redistribute them. The file is written in the layout the
InstructLab taxonomy uses (block scalars, two-space indents, a final newline), so that it passes yamllint's relaxed
rules as well as instructlab-schema:

    python3 Scripts/sdg/make_qna_sample.py        # writes Samples/qna.yaml
    swift run loom sdg validate Samples/qna.yaml
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SEEDS = [
    ("But, soft! what light through yonder window breaks?\nIt is the east, and Juliet is the sun.",
     "What is Romeo saying here, in plain modern English?",
     "Romeo sees a light in a window above him and says that the window is like the east, where the sun rises,\n"
     "and that Juliet, who appears there, is the sun: she is the brightest thing he can see."),
    ("To be, or not to be: that is the question:\nWhether 'tis nobler in the mind to suffer\n"
     "The slings and arrows of outrageous fortune,\nOr to take arms against a sea of troubles,\nAnd by opposing end them?",
     "Put Hamlet's question into plain modern English.",
     "Hamlet asks whether it is better to stay alive and put up with everything bad that life throws at him,\n"
     "or to fight against all his troubles and, by fighting, put an end to them."),
    ("All the world's a stage,\nAnd all the men and women merely players:\nThey have their exits and their entrances;",
     "What does Jaques mean by these lines?",
     "He compares life to a play: every person is an actor who comes on stage when born and leaves when they die."),
    ("Now is the winter of our discontent\nMade glorious summer by this sun of York;",
     "Explain these opening lines of Richard III in everyday words.",
     "Richard says that the unhappy times are over: the family of York, whose badge is the sun, has made them\n"
     "as bright and happy as summer."),
    ("The quality of mercy is not strain'd,\nIt droppeth as the gentle rain from heaven\nUpon the place beneath:",
     "What is Portia saying about mercy?",
     "Portia says that mercy cannot be forced out of anyone; it falls freely and gently, like rain from the sky\n"
     "onto the ground below."),
]


def block(text, indent):
    pad = " " * indent
    return "|\n" + "".join(pad + line + "\n" for line in text.split("\n"))


def main():
    out = ["version: 3", "task_description: >-",
           "  Explain a passage of Shakespeare in plain modern English, keeping to what the passage says.",
           "created_by: loom", "seed_examples:"]
    text = "\n".join(out) + "\n"
    for context, question, answer in SEEDS:
        text += "  - context: " + block(context, 6)
        text += "    question: " + question + "\n"
        text += "    answer: " + block(answer, 6)
    path = os.path.join(ROOT, "Samples", "qna.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
