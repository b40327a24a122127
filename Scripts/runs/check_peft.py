#!/usr/bin/env python3
"""Check that an adapter exported by Loom loads in PEFT and gives Loom's numbers.

Loads BASE with transformers, the adapter with peft.PeftModel.from_pretrained, and compares the log-probability of
every token of TEXT (log_softmax of PEFT's logits at the next token) with `loom score --model BASE --adapter ADAPTER`.
Also merges the adapter with `loom merge` and checks that transformers loads the merged folder and gives the same
logits as PEFT. Prints the max relative errors and exits 1 when one exceeds 1e-4.

    python3 Scripts/runs/check_peft.py --loom .build/release/loom --base Samples/models/loom-shakespeare \
        --adapter runs/sample-lora/adapter [--write-fixture Tests/RunsTests/Fixtures/peft]

With --write-fixture, copies the adapter and writes expected.json (token ids and PEFT's log-probabilities and
last-position logits) that RunsTests/PEFTRoundTripTests checks without Python.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM, AutoTokenizer

TEXT = ("Below is an instruction that describes a task. Write a response that appropriately completes the request."
        "\n\n### Instruction:\nCompute the sum of the two numbers.\n\n12 and 30\n\n### Response:\n12 + 30 = 42.")


def max_rel(a, b):
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    return ((a - b).abs() / b.abs().clamp_min(1e-6)).max().item()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loom", default=".build/release/loom")
    p.add_argument("--base", default="Samples/models/loom-shakespeare")
    p.add_argument("--adapter", required=True)
    p.add_argument("--write-fixture")
    args = p.parse_args()
    torch.set_num_threads(2)

    tokenizer = AutoTokenizer.from_pretrained(args.base)
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    base = AutoModelForCausalLM.from_pretrained(args.base, dtype=torch.float32)
    model = PeftModel.from_pretrained(base, args.adapter).eval()
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0].double()
    logprobs = torch.log_softmax(logits, -1)[:-1].gather(1, torch.tensor(ids[1:])[:, None])[:, 0]

    out = subprocess.run([args.loom, "score", "--model", args.base, "--adapter", args.adapter, "--ids", json.dumps(ids)],
                         check=True, capture_output=True, text=True).stdout
    loom = json.loads(out.splitlines()[-1])["logprobs"][1:]
    score_err = max_rel(loom, logprobs)
    print(f"{len(ids)} tokens; loom score vs peft log-probs: max rel err {score_err:.2e}")

    with tempfile.TemporaryDirectory() as merged:
        subprocess.run([args.loom, "merge", "--model", args.base, "--adapter", args.adapter, "--out", merged],
                       check=True, capture_output=True)
        merged_model = AutoModelForCausalLM.from_pretrained(merged, dtype=torch.float32).eval()
        with torch.no_grad():
            merged_logits = merged_model(torch.tensor([ids])).logits[0].double()
    # Logits cross zero, so their error is relative to the largest logit (elementwise relative error is undefined there).
    merge_err = ((merged_logits - logits).abs().max() / logits.abs().max()).item()
    print(f"transformers on the loom-merged folder vs peft logits: max abs err {(merged_logits - logits).abs().max().item():.2e}, "
          f"relative to the largest logit {merge_err:.2e}")

    if args.write_fixture:
        os.makedirs(args.write_fixture, exist_ok=True)
        target = os.path.join(args.write_fixture, "adapter")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(args.adapter, target)
        with open(os.path.join(target, "adapter_config.json")) as f:
            config = json.load(f)
        config["base_model_name_or_path"] = "Samples/models/loom-shakespeare"
        with open(os.path.join(target, "adapter_config.json"), "w") as f:
            json.dump(config, f, indent=2, sort_keys=True)
        with open(os.path.join(args.write_fixture, "expected.json"), "w") as f:
            json.dump({"base": "Samples/models/loom-shakespeare", "ids": ids,
                       "logprobs": [float(x) for x in logprobs],
                       "last_logits": [float(x) for x in logits[-1]],
                       "made_by": "Scripts/runs/check_peft.py (torch %s, peft, transformers)" % torch.__version__}, f)
        print(f"fixture written to {args.write_fixture}")
    sys.exit(0 if max(score_err, merge_err) <= 1e-4 else 1)


if __name__ == "__main__":
    main()
