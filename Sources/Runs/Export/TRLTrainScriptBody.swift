/// The fixed parts of the exported train.py (the run's constants go between `header` and `body`). A template kept
/// as Swift string resources: plain transformers + peft, readable top to bottom.
enum TRLTrainScriptBody {
    static let header = #"""
        #!/usr/bin/env python3
        """Train a Loom run on transformers + peft (written by `loom export-run --to trl`).

        The data is Loom's own: examples.jsonl holds the sequences Loom's trainer consumes (ids and labels, -100 where
        not learned) and train_order.json the order Loom visits them, so this trains on the same batches, from the
        LoRA initialisation Loom would use (initial_adapter/). A callback writes Loom's run folder (config.toml,
        metrics.jsonl, status.json, log.txt, adapter/) so the run can be followed from `loom` as it trains:

            accelerate launch --config_file accelerate/single_gpu.yaml train.py --base BASE_MODEL_PATH_OR_HUB_ID

        See README.md for the multi-GPU setups.
        """

        """#

    static let body = #"""

        import argparse
        import json
        import math
        import os
        import resource
        import shutil
        import socket
        import time
        from datetime import datetime, timezone
        from pathlib import Path

        import torch
        from peft import LoraConfig, PeftModel, get_peft_model
        from torch.utils.data import Dataset
        from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainerCallback, TrainingArguments, set_seed

        HERE = Path(__file__).resolve().parent


        def parse_args():
            p = argparse.ArgumentParser(description=f"Train the Loom run {RUN_NAME!r} with transformers + peft.")
            p.add_argument("--base", default=BASE_MODEL, help="base model folder or Hugging Face Hub id")
            p.add_argument("--output-dir", default=str(HERE / "output"), help="checkpoints of the Trainer")
            p.add_argument("--run-dir", default=None, help="Loom's run folder (default: OUTPUT_DIR/loom-runs/RUN_NAME-trl)")
            p.add_argument("--stop-after", type=int, default=0, help="stop after this many steps (the schedule stays the run's)")
            p.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                           help="auto: bf16 mixed precision on GPUs that have it, else fp32")
            p.add_argument("--fresh-lora-init", action="store_true",
                           help="let PEFT initialise the LoRA weights instead of starting from Loom's initial_adapter/")
            p.add_argument("--no-samples", action="store_true", help="skip the sample generations at each evaluation")
            return p.parse_args()


        # ---- Data: Loom's sequences, in Loom's order ----

        class Sequences(Dataset):
            def __init__(self, rows):
                self.rows = rows

            def __len__(self):
                return len(self.rows)

            def __getitem__(self, i):
                row = self.rows[i]
                return {"input_ids": row["input_ids"], "labels": row["labels"]}


        def load_data():
            train, evaluation = [], []
            with open(HERE / "examples.jsonl", encoding="utf-8") as f:
                for line in f:
                    row = json.loads(line)
                    (train if row["split"] == "train" else evaluation).append(row)
            order = json.loads((HERE / "train_order.json").read_text())
            if EVAL_MAX_BATCHES > 0:
                evaluation = evaluation[: EVAL_MAX_BATCHES * BATCH_SIZE]
            return train, order, evaluation


        def device_split(world):
            """Per-device micro-batch and accumulation that keep Loom's BATCH_SIZE x GRADIENT_ACCUMULATION sequences
            per optimizer step over `world` processes (consecutive rows of train_order, as Loom's step takes them)."""
            per_step = BATCH_SIZE * GRADIENT_ACCUMULATION
            for batch in range(BATCH_SIZE, 0, -1):
                if per_step % (batch * world) == 0:
                    return batch, per_step // (batch * world)
            raise SystemExit(f"Loom's step takes {per_step} sequences, which {world} processes cannot share evenly; "
                             f"re-export with training.batch_size x gradient_accumulation a multiple of {world}")


        # ---- Model: the base, with Loom's LoRA ----

        def build_model(args, dtype):
            model = AutoModelForCausalLM.from_pretrained(args.base, dtype=dtype)
            model.config.use_cache = False
            if METHOD != "lora":
                return model
            initial = HERE / "initial_adapter"
            if initial.exists() and not args.fresh_lora_init:
                return PeftModel.from_pretrained(model, str(initial), is_trainable=True)
            return get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", bias="none", **LORA))


        class LoomTrainer(Trainer):
            """Trainer with Loom's loss conventions: a step's loss is the mean over its micro-batches of each
            micro-batch's mean over learned tokens; the eval loss is the mean over every learned eval token."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.model_accepts_loss_kwargs = False  # per micro-batch means, divided by the accumulation

            def evaluate(self, eval_dataset=None, ignore_keys=None, metric_key_prefix="eval"):
                metrics = {}
                if eval_dataset is not None or self.eval_dataset is not None:
                    model = self.model
                    model.eval()
                    sums, counts = [], []
                    with torch.no_grad():
                        for batch in self.get_eval_dataloader(eval_dataset):
                            batch = self._prepare_inputs(batch)
                            logits = model(input_ids=batch["input_ids"]).logits.float()
                            labels = batch["labels"][:, 1:]
                            losses = torch.nn.functional.cross_entropy(
                                logits[:, :-1].transpose(1, 2), labels, ignore_index=-100, reduction="none")
                            sums.append(losses.sum(dim=1))
                            counts.append((labels != -100).sum(dim=1))
                    model.train()
                    total = self.accelerator.gather_for_metrics(torch.cat(sums)).sum().item()
                    count = self.accelerator.gather_for_metrics(torch.cat(counts)).sum().item()
                    metrics = {f"{metric_key_prefix}_loss": total / max(count, 1)}
                    self.log(metrics)
                self.control = self.callback_handler.on_evaluate(self.args, self.state, self.control, metrics)
                return metrics


        # ---- Loom's run folder ----

        def finite(value):
            """Loom writes non-finite numbers as the strings "nan", "inf", "-inf"."""
            if isinstance(value, float) and not math.isfinite(value):
                return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
            return value


        class LoomRunFolder(TrainerCallback):
            """Writes the run folder Loom's trainer writes: metrics.jsonl (one JSON object per step, evaluation and
            sample, keys sorted), status.json (rewritten atomically), log.txt, config.toml, and adapter/ at the end."""

            def __init__(self, folder, info, order, tokenizer, sample_model_getter, stop_after, samples):
                self.folder = Path(folder)
                self.info = info
                self.tokenizer = tokenizer
                self.get_model = sample_model_getter
                self.stop_after = stop_after
                self.samples = samples
                learned = info["learned_tokens"]
                per_step = BATCH_SIZE * GRADIENT_ACCUMULATION
                self.tokens_until = [0]
                for step in range(MAX_STEPS):
                    rows = order[step * per_step:(step + 1) * per_step]
                    self.tokens_until.append(self.tokens_until[-1] + sum(learned[i] for i in rows))
                self.main = True
                self.started = time.time()
                self.step_started = None
                self.recent_step_seconds = None
                self.status = {"name": RUN_NAME, "status": "preparing", "step": 0, "total_steps": MAX_STEPS, "epoch": 0.0,
                               "activity": "loading the model", "elapsed_seconds": 0.0, "memory_bytes": 0,
                               "train_examples": info["train_examples"], "eval_examples": info["eval_examples"],
                               "skipped_records": info["skipped_records"], "pid": os.getpid(),
                               "host": socket.gethostname(), "gpus": gpu_description()}
                self.best_eval = None
                self.evals_without_improvement = 0

            def start(self, is_main):
                self.main = is_main
                if not self.main:
                    return
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / "checkpoints").mkdir(exist_ok=True)
                shutil.copyfile(HERE / "config.toml", self.folder / "config.toml")
                self.metrics = open(self.folder / "metrics.jsonl", "a", encoding="utf-8")
                self.log(f"starting run {RUN_NAME} with transformers + peft on {self.status['host']} ({self.status['gpus']})")
                self.write_status()

            def log(self, message):
                if self.main:
                    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    with open(self.folder / "log.txt", "a", encoding="utf-8") as f:
                        f.write(f"{stamp} {message}\n")

            def append(self, record):
                if self.main:
                    record = {k: finite(v) for k, v in record.items() if v is not None}
                    self.metrics.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
                    self.metrics.flush()

            def write_status(self, **changes):
                if not self.main:
                    return
                self.status.update(changes)
                self.status["elapsed_seconds"] = time.time() - self.started
                self.status["memory_bytes"] = peak_memory_bytes()
                self.status["updated"] = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                temporary = self.folder / f".status.json.tmp-{os.getpid()}"
                temporary.write_text(json.dumps({k: finite(v) for k, v in self.status.items() if v is not None},
                                                indent=2, sort_keys=True))
                os.replace(temporary, self.folder / "status.json")

            def epoch(self, step):
                return step * GRADIENT_ACCUMULATION / self.info["micro_batches_per_epoch"]

            def on_train_begin(self, args, state, control, **kwargs):
                self.write_status(status="running", activity="training")

            def on_step_begin(self, args, state, control, **kwargs):
                self.step_started = time.time()

            def on_step_end(self, args, state, control, **kwargs):
                step = state.global_step
                if self.step_started is not None:
                    seconds = time.time() - self.step_started
                    self.recent_step_seconds = seconds if self.recent_step_seconds is None else 0.8 * self.recent_step_seconds + 0.2 * seconds
                if (EVAL_EVERY > 0 and step % EVAL_EVERY == 0) or step == MAX_STEPS:
                    control.should_evaluate = True
                if self.stop_after and step >= self.stop_after:
                    control.should_training_stop = True
                return control

            def on_log(self, args, state, control, logs=None, **kwargs):
                if not logs or "loss" not in logs:
                    return
                step = state.global_step
                per_step = self.recent_step_seconds or 1e-9
                tokens_per_step = BATCH_SIZE * SEQUENCE_LENGTH * GRADIENT_ACCUMULATION
                self.append({"kind": "train", "step": step, "epoch": self.epoch(step), "loss": float(logs["loss"]),
                             "learning_rate": float(logs.get("learning_rate", 0.0)), "grad_norm": float(logs.get("grad_norm", 0.0)),
                             "tokens_per_second": tokens_per_step / per_step, "tokens": self.tokens_until[min(step, MAX_STEPS)],
                             "elapsed_seconds": time.time() - self.started})
                self.write_status(step=step, epoch=self.epoch(step), last_loss=float(logs["loss"]),
                                  learning_rate=float(logs.get("learning_rate", 0.0)), grad_norm=float(logs.get("grad_norm", 0.0)),
                                  seconds_per_step=self.recent_step_seconds, tokens_per_second=tokens_per_step / per_step,
                                  eta_seconds=(MAX_STEPS - step) * per_step)

            def on_evaluate(self, args, state, control, metrics=None, **kwargs):
                step = state.global_step
                loss = (metrics or {}).get("eval_loss")
                if loss is not None:
                    self.append({"kind": "eval", "step": step, "epoch": self.epoch(step), "eval_loss": loss,
                                 "tokens": self.tokens_until[min(step, MAX_STEPS)], "elapsed_seconds": time.time() - self.started})
                    if self.best_eval is not None and loss >= self.best_eval - EARLY_STOPPING_MIN_DELTA:
                        self.evals_without_improvement += 1
                    else:
                        self.best_eval, self.evals_without_improvement = loss, 0
                    self.write_status(last_eval_loss=loss, best_eval_loss=self.best_eval)
                    if 0 < EARLY_STOPPING_PATIENCE <= self.evals_without_improvement and step < MAX_STEPS:
                        self.log(f"early stopping at step {step}: eval loss has not improved for {EARLY_STOPPING_PATIENCE} evaluations")
                        control.should_training_stop = True
                if self.samples and self.info["sample_prompts"]:
                    self.write_status(activity="sampling")
                    model = self.get_model()
                    was_training = model.training
                    model.eval()
                    for sample in self.info["sample_prompts"]:
                        ids = torch.tensor([sample["ids"]], device=model.device)
                        with torch.no_grad():
                            out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=SAMPLE_MAX_TOKENS,
                                                 do_sample=False, eos_token_id=self.info["stop_ids"] or None,
                                                 pad_token_id=(self.info["stop_ids"] or [0])[0])
                        text = self.tokenizer.decode(out[0, ids.shape[1]:].tolist(), skip_special_tokens=True)
                        self.append({"kind": "sample", "step": step, "prompt": sample["prompt"], "text": text})
                    if was_training:
                        model.train()
                    self.write_status(activity="training")
                return control

            def on_save(self, args, state, control, **kwargs):
                self.log(f"checkpoint {args.output_dir}/checkpoint-{state.global_step}")

            def finish(self, status, activity, error=None):
                self.write_status(status=status, activity=activity, error=error)
                self.log(f"{status}: {activity}" + (f" ({error})" if error else ""))


        def gpu_description():
            world = int(os.environ.get("WORLD_SIZE", "1"))
            nodes = max(1, world // max(1, int(os.environ.get("LOCAL_WORLD_SIZE", str(world)))))
            if torch.cuda.is_available():
                device = f"{world} x {torch.cuda.get_device_name(0)}"
            else:
                device = f"{world} x CPU process"
            return device + (f" on {nodes} machines" if nodes > 1 else "")


        def peak_memory_bytes():
            if torch.cuda.is_available():
                return int(torch.cuda.max_memory_allocated())
            return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


        # ---- The run ----

        def main():
            args = parse_args()
            set_seed(SEED)
            world = int(os.environ.get("WORLD_SIZE", "1"))
            device_batch, device_accumulation = device_split(world)
            bf16 = args.precision == "bf16" or (args.precision == "auto" and torch.cuda.is_available() and torch.cuda.is_bf16_supported())
            run_dir = Path(args.run_dir) if args.run_dir else Path(args.output_dir) / "loom-runs" / f"{RUN_NAME}-trl"
            train, order, evaluation = load_data()
            info = json.loads((HERE / "run.json").read_text())

            model = build_model(args, torch.float32)
            tokenizer = AutoTokenizer.from_pretrained(args.base)
            steps = MAX_STEPS if not args.stop_after else min(MAX_STEPS, args.stop_after)
            folder = LoomRunFolder(run_dir, info, order, tokenizer, lambda: trainer.model, args.stop_after, not args.no_samples)
            training_args = TrainingArguments(
                output_dir=args.output_dir,
                seed=SEED,
                max_steps=MAX_STEPS,
                per_device_train_batch_size=device_batch,
                per_device_eval_batch_size=device_batch,
                gradient_accumulation_steps=device_accumulation,
                learning_rate=LEARNING_RATE,
                lr_scheduler_type=LR_SCHEDULER_TYPE,
                warmup_steps=WARMUP_STEPS,
                weight_decay=WEIGHT_DECAY,
                adam_beta1=ADAM_BETA1,
                adam_beta2=ADAM_BETA2,
                adam_epsilon=ADAM_EPSILON,
                optim="adamw_torch",
                max_grad_norm=MAX_GRAD_NORM,  # 0: no clipping, as in Loom
                train_sampling_strategy="sequential",  # train_order.json is already Loom's order
                eval_strategy="no",  # the callback asks for evaluations on Loom's cadence
                save_strategy="steps" if CHECKPOINT_EVERY > 0 else "no",
                save_steps=max(1, CHECKPOINT_EVERY),
                save_total_limit=CHECKPOINT_KEEP,
                logging_steps=1,
                bf16=bf16,
                remove_unused_columns=False,
                dataloader_drop_last=False,
                report_to="none",
            )
            trainer = LoomTrainer(model=model, args=training_args, train_dataset=Sequences([train[i] for i in order]),
                                  eval_dataset=Sequences(evaluation) if evaluation else None, callbacks=[folder])
            folder.start(trainer.is_world_process_zero())
            folder.log(f"data: {len(train)} train / {len(evaluation)} eval sequences of {SEQUENCE_LENGTH} tokens; "
                       f"{steps} of {MAX_STEPS} steps; per device: micro-batch {device_batch} x {device_accumulation} "
                       f"on {world} process(es)")
            try:
                trainer.train()
                folder.write_status(activity="exporting")
                if trainer.is_fsdp_enabled:  # gather the shards into one adapter file
                    trainer.accelerator.state.fsdp_plugin.set_state_dict_type("FULL_STATE_DICT")
                trainer.save_model(str(run_dir / ("adapter" if METHOD == "lora" else "model")))  # every process takes part
                if trainer.is_world_process_zero():  # Loom never loads pickles; the adapter folder needs none
                    (run_dir / ("adapter" if METHOD == "lora" else "model") / "training_args.bin").unlink(missing_ok=True)
            except BaseException as error:
                if isinstance(error, KeyboardInterrupt):
                    folder.finish("stopped", "stopped by the user")
                else:
                    folder.finish("failed", "failed", repr(error))
                raise
            if trainer.state.global_step >= MAX_STEPS or trainer.control.should_training_stop and not args.stop_after:
                folder.finish("completed", "done")
            else:
                folder.finish("stopped", f"stopped after step {trainer.state.global_step} (--stop-after)")


        if __name__ == "__main__":
            main()

        """#
}
