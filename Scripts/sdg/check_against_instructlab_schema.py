#!/usr/bin/env python3
"""Compares `loom sdg validate` with instructlab-schema's TaxonomyParser (the validator `ilab` and InstructLab's SDG
use, with the version read from each file as they do: schema_version=0) on ../shared/data/instructlab and on crafted
invalid files. Each file is copied to <tmp>/<knowledge|compositional_skills>/<name>/qna.yaml first (InstructLab only
reads files named qna.yaml, and takes the schema from the taxonomy folder).

    pip install instructlab-schema yamllint
    python3 Scripts/sdg/check_against_instructlab_schema.py [--loom .build/release/loom] [--data ../shared/data/instructlab]

For every file it prints both verdicts (valid / invalid) and the error lines each reports; it exits 1 if a verdict
differs. Not run in CI (it needs the two packages).
"""
import argparse
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import redirect_stdout

from instructlab.schema.taxonomy import TaxonomyMessageFormat, TaxonomyParser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

VALID_SKILL = """version: 3
task_description: Say hello in the style of the question.
created_by: loom
seed_examples:
""" + "".join(f"  - question: Question {i}?\n    answer: Answer {i}.\n" for i in range(5))

CRAFTED = {
    "skill_too_few_seeds": VALID_SKILL.split("  - question: Question 3")[0],
    "skill_trailing_space": VALID_SKILL.replace("created_by: loom", "created_by: loom  "),
    "skill_tab_indent": VALID_SKILL.replace("    answer: Answer 2.", "\tanswer: Answer 2."),
    "skill_duplicate_key": VALID_SKILL.replace("created_by: loom\n", "created_by: loom\ncreated_by: other\n"),
    "skill_no_final_newline": VALID_SKILL.rstrip("\n"),
    "skill_unknown_key": VALID_SKILL + "colour: blue\n",
    "skill_empty_answer": VALID_SKILL.replace("answer: Answer 4.", "answer: ''"),
    "skill_number_answer": VALID_SKILL.replace("answer: Answer 4.", "answer: 4"),
    "skill_duplicate_seed": VALID_SKILL.replace("Question 1?\n    answer: Answer 1.", "Question 0?\n    answer: Answer 0."),
    "skill_missing_description": VALID_SKILL.replace("task_description: Say hello in the style of the question.\n", ""),
    "skill_version_string": VALID_SKILL.replace("version: 3", "version: three"),
    "skill_v1_one_seed": "created_by: loom\ntask_description: x\nseed_examples:\n- question: Q?\n  answer: A.\n",
    "skill_v2_valid": VALID_SKILL.replace("version: 3", "version: 2"),
    "skill_valid": VALID_SKILL,
    "skill_grounded_valid": VALID_SKILL.replace("  - question:", "  - context: Some context.\n    question:"),
    "skill_top_level_list": "- a\n- b\n",
    "skill_three_blank_lines": VALID_SKILL.replace("seed_examples:\n", "seed_examples:\n\n\n\n"),
}


def instructlab_verdict(path):
    out = io.StringIO()
    parser = TaxonomyParser(schema_version=0, message_format=TaxonomyMessageFormat.STANDARD)
    parser.yq_available = False  # line numbers come from yq (mikefarah's); without it InstructLab reports line 1
    with redirect_stdout(out):
        try:
            taxonomy = parser.parse(path)
            errors = taxonomy.errors
        except Exception as error:  # a YAML syntax error raises
            print(f"ERROR: {path}:1:1 {error.__cause__ or error}")
            errors = 1
    lines = [line for line in out.getvalue().splitlines() if line.startswith("ERROR")]
    return errors == 0, lines


def loom_verdict(loom, path):
    result = subprocess.run([loom, "sdg", "validate", path], capture_output=True, text=True)
    lines = [line for line in result.stdout.splitlines() if ": error:" in line]
    return result.returncode == 0, lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loom", default=os.path.join(ROOT, ".build", "release", "loom"))
    parser.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data", "instructlab"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="loom-sdg-check-")
    cases = []
    for source in sorted(glob.glob(os.path.join(args.data, "*.yaml"))):
        name = os.path.basename(source)[:-len(".yaml")]
        folder = "knowledge" if name.startswith("knowledge") or "knowledge" in name else "compositional_skills"
        cases.append((name, folder, open(source, encoding="utf-8").read()))
    for name, text in CRAFTED.items():
        cases.append((name, "compositional_skills", text))
    disagreements = 0
    try:
        for name, folder, text in cases:
            target = os.path.join(work, folder, name)
            os.makedirs(target)
            path = os.path.join(target, "qna.yaml")
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            ilab_ok, ilab_lines = instructlab_verdict(path)
            loom_ok, loom_lines = loom_verdict(args.loom, path)
            same = ilab_ok == loom_ok
            disagreements += not same
            print(f"{'same ' if same else 'DIFF '} {name}: instructlab {'valid' if ilab_ok else 'invalid'}, "
                  f"loom {'valid' if loom_ok else 'invalid'}")
            if not same or not ilab_ok:
                for line in ilab_lines[:4]:
                    print("        ilab: " + re.sub(r"^ERROR: \S+?qna\.yaml:", "", line))
                for line in loom_lines[:4]:
                    print("        loom: " + line.split("qna.yaml:", 1)[-1])
    finally:
        shutil.rmtree(work)
    print(f"{len(cases)} files, {disagreements} disagreements")
    sys.exit(1 if disagreements else 0)


if __name__ == "__main__":
    main()
