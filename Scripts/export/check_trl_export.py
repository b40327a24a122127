#!/usr/bin/env python3
"""Check `loom export-run --to trl` for real, on the CPU, with transformers + peft (+ accelerate) from PyPI.

1. Exports the bundled sample run (Samples/runs/sample-lora.toml) with `loom export-run`.
2. Trains it with Loom (`loom train` on a copy of the config with absolute paths) for Loom's losses.
3. Runs the exported train.py for STEPS steps (fp32, CPU), recording every micro-batch the Trainer consumed.
4. Checks: the micro-batches equal the exported sequences in Loom's order (ids and labels); the exported sequences
   equal Loom's (the Swift tests compare them with the trainer's own batches, and here the first-step loss is the
   witness: the same tokens, masks and initial weights give the same loss); step 1's loss equals Loom's within 1e-4
   relative; the adapter train.py wrote loads in Loom (`loom score --adapter`) with log-probs within 2e-3 of peft's;
   the accelerate YAML files load as accelerate configs; the run folder the callback wrote reads as Loom's.
5. With --write-fixture DIR, copies the callback's metrics.jsonl and status.json into DIR for the Swift tests;
   with --write-sample DIR, copies the whole run folder (adapter included, paths made relative) to DIR/NAME, the
   bundled example of a run trained elsewhere that the workbench lists on first launch (use --steps 150).

    python3 Scripts/export/check_trl_export.py [--loom .build/release/loom] [--steps 30]
        [--write-fixture Tests/RunsTests/Fixtures/trl-callback] [--write-sample Samples/runs/cluster]

Prints the figures and exits 1 when a check fails.
"""
import argparse, importlib.util, json, os, re, shutil, subprocess, sys, tempfile
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("Below is an instruction that describes a task. Write a response that appropriately completes the request."
        "\n\n### Instruction:\nHow many miles are there in 5 kilometres?\n\n### Response:\nAbout 3.107 miles.")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loom", default=str(ROOT / ".build/release/loom"))
    p.add_argument("--config", default=str(ROOT / "Samples/runs/sample-lora.toml"))
    p.add_argument("--steps", type=int, default=30, help="steps to train (30: one evaluation with samples at 25)")
    p.add_argument("--keep", help="keep the work folder here instead of a temporary one")
    p.add_argument("--write-fixture")
    p.add_argument("--write-sample")
    args = p.parse_args()
    torch.set_num_threads(1)  # the machine is shared; the figures do not depend on it
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="loom-trl-check-"))
    work.mkdir(parents=True, exist_ok=True)
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failures.append(what)

    # 1. Export.
    export = work / "export"
    shutil.rmtree(export, ignore_errors=True)
    subprocess.run([args.loom, "export-run", args.config, "--to", "trl", "--out", str(export)], check=True)

    # 2. Loom's own run, from a copy of the config with absolute paths.
    config_dir = Path(args.config).resolve().parent
    text = Path(args.config).read_text()
    text = re.sub(r'"(\.\./[^"]*)"', lambda m: json.dumps(str((config_dir / m.group(1)).resolve())), text)
    (work / "loom.toml").write_text(text)
    loom_run = work / "loom-run"
    shutil.rmtree(loom_run, ignore_errors=True)
    subprocess.run([args.loom, "train", str(work / "loom.toml"), "--out", str(loom_run), "--lines"], check=True,
                   capture_output=True)
    loom_steps = [json.loads(l) for l in (loom_run / "metrics.jsonl").read_text().splitlines()]
    loom_losses = {r["step"]: r["loss"] for r in loom_steps if r["kind"] == "train"}
    loom_evals = {r["step"]: r["eval_loss"] for r in loom_steps if r["kind"] == "eval"}

    # 3. The exported train.py, with the Trainer's micro-batches recorded.
    spec = importlib.util.spec_from_file_location("exported_train", export / "train.py")
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    consumed = []
    original_step = train.LoomTrainer.training_step

    def recording_step(self, model, inputs, *rest, **kwargs):
        consumed.append((inputs["input_ids"].tolist(), inputs["labels"].tolist()))
        return original_step(self, model, inputs, *rest, **kwargs)

    train.LoomTrainer.training_step = recording_step
    run_dir = work / "trl-run"
    shutil.rmtree(run_dir, ignore_errors=True)
    sys.argv = ["train.py", "--output-dir", str(work / "trl-output"), "--run-dir", str(run_dir),
                "--stop-after", str(args.steps), "--precision", "fp32"]
    train.main()

    # 4. Checks.
    rows = {"train": [], "eval": []}
    for line in (export / "examples.jsonl").read_text().splitlines():
        row = json.loads(line)
        rows[row["split"]].append(row)
    order = json.loads((export / "train_order.json").read_text())
    expected = [(rows["train"][i]["input_ids"], rows["train"][i]["labels"]) for i in order]
    batch = train.BATCH_SIZE
    seen = [(ids, labels) for b_ids, b_labels in consumed for ids, labels in zip(b_ids, b_labels)]
    check(seen == expected[:len(seen)] and len(seen) == args.steps * batch * train.GRADIENT_ACCUMULATION,
          f"train.py consumed {len(seen)} sequences = the exported ones in Loom's order (ids and labels)")
    learned = sum(1 for _, labels in seen[:batch] for x in labels[1:] if x != -100)
    print(f"     first micro-batch: {batch} x {len(seen[0][0])} tokens, {learned} learned")

    trl_records = [json.loads(l) for l in (run_dir / "metrics.jsonl").read_text().splitlines()]
    trl_losses = {r["step"]: r["loss"] for r in trl_records if r["kind"] == "train"}
    for step in range(1, args.steps + 1):
        a, b = trl_losses.get(step), loom_losses.get(step)
        rel = abs(a - b) / abs(b) if a is not None and b is not None else float("inf")
        line = f"step {step} loss: transformers+peft {a:.6f}, loom {b:.6f}, relative difference {rel:.2e}"
        if step == 1:
            check(rel <= 1e-4, line + " (goal 1e-4)")
        else:
            print("     " + line + " (after updates: dropout masks differ between the engines)")

    for record in trl_records:
        if record["kind"] == "eval" and record["step"] in loom_evals:
            print(f"     step {record['step']} eval loss: transformers+peft {record['eval_loss']:.4f}, "
                  f"loom {loom_evals[record['step']]:.4f}")
        if record["kind"] == "sample":
            print(f"     sample at step {record['step']}: {record['prompt'][:30]!r} -> {record['text'][:40]!r}")

    adapter = run_dir / "adapter"
    check((adapter / "adapter_model.safetensors").exists(), f"train.py wrote the adapter to {adapter}")
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer
    base_path = train.BASE_MODEL
    tokenizer = AutoTokenizer.from_pretrained(base_path)
    ids = tokenizer(TEXT, add_special_tokens=False)["input_ids"]
    base = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.float32)
    model = PeftModel.from_pretrained(base, str(adapter)).eval()
    with torch.no_grad():
        logits = model(torch.tensor([ids])).logits[0].double()
    peft_logprobs = torch.log_softmax(logits, -1)[:-1].gather(1, torch.tensor(ids[1:])[:, None])[:, 0]
    out = subprocess.run([args.loom, "score", "--model", base_path, "--adapter", str(adapter), "--ids", json.dumps(ids)],
                         check=True, capture_output=True, text=True).stdout
    loom_logprobs = torch.tensor(json.loads(out.splitlines()[-1])["logprobs"][1:], dtype=torch.float64)
    score_err = (loom_logprobs - peft_logprobs).abs().max().item()
    check(score_err <= 2e-3, f"loom score --adapter on train.py's adapter vs peft: {len(ids)} tokens, "
                             f"max |Δ log-prob| {score_err:.2e} (goal 2e-3)")

    from accelerate.commands.config.config_args import load_config_from_file
    for name in ["single_gpu.yaml", "ddp.yaml", "fsdp.yaml", "deepspeed_zero2.yaml"]:
        try:
            config = load_config_from_file(str(export / "accelerate" / name))
            check(True, f"accelerate/{name} loads: {config.distributed_type}, {config.num_processes} process(es)")
        except Exception as error:  # noqa: BLE001 - report any failure to parse
            check(False, f"accelerate/{name} does not load: {error!r}")

    status = json.loads((run_dir / "status.json").read_text())
    kinds = sorted({r["kind"] for r in trl_records})
    finished = "completed" if args.steps >= train.MAX_STEPS else "stopped"
    check(status["status"] == finished and status["step"] == min(args.steps, train.MAX_STEPS) and (run_dir / "config.toml").exists(),
          f"run folder: status {status['status']} at step {status['step']}/{status['total_steps']} on {status['host']} "
          f"({status['gpus']}); metrics kinds {kinds}")

    if args.write_fixture:
        fixture = Path(args.write_fixture)
        fixture.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(run_dir / "metrics.jsonl", fixture / "metrics.jsonl")
        shutil.copyfile(run_dir / "status.json", fixture / "status.json")
        print(f"fixture written to {fixture}")
    if args.write_sample:
        sample = Path(args.write_sample).resolve() / f"{train.RUN_NAME}-trl"
        shutil.rmtree(sample, ignore_errors=True)
        shutil.copytree(run_dir, sample)
        samples_root = (ROOT / "Samples").resolve()
        relative = os.path.relpath(samples_root, sample)
        config_text = (sample / "config.toml").read_text().replace(json.dumps(str(samples_root))[1:-1], relative)
        config_text = re.sub(r'(?m)^runs_folder = .*$', 'runs_folder = ""', config_text)
        (sample / "config.toml").write_text(config_text)
        (sample / "adapter" / "README.md").unlink(missing_ok=True)  # peft's empty model card
        adapter_config = json.loads((sample / "adapter" / "adapter_config.json").read_text())
        adapter_config["base_model_name_or_path"] = "Samples/models/loom-shakespeare"
        (sample / "adapter" / "adapter_config.json").write_text(json.dumps(adapter_config, indent=2, sort_keys=True) + "\n")
        print(f"sample run folder written to {sample}")
    print(f"work folder: {work}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
