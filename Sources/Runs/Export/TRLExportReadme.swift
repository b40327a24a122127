/// The README.md and requirements.txt of an export.
enum TRLExportReadme {
    /// The versions `Scripts/export/check_trl_export.py` ran the exported train.py with.
    static let requirements = """
        # Versions the export was checked with (Scripts/export/check_trl_export.py in Loom's repository).
        torch==2.15.0
        transformers==5.25.0
        peft==0.22.0
        accelerate==1.16.0
        safetensors==0.8.0
        tokenizers==0.23.3
        # Only for accelerate/deepspeed_zero2.yaml:
        # deepspeed

        """

    static func text(config: RunConfig, totalSteps: Int, report: DataReport) -> String {
        let t = config.training
        return """
            # \(TRLTrainScript.comment(config.name)): a Loom run for transformers + peft

            Written by `loom export-run`. The data is Loom's own: `examples.jsonl` holds the \(report.trainSequences) train and \
            \(report.evalSequences) eval sequences of \(config.data.sequenceLength) tokens that Loom's trainer consumes \
            (`input_ids`, and `labels` with -100 where a token is not learned\(config.data.packing ? "; examples packed end to end" : "")), \
            `train_order.json` the order Loom visits them in, and `initial_adapter/` the LoRA weights Loom starts from. \
            `train.py` trains on them with the run's settings (at its top): \(totalSteps) steps of \(t.batchSize) × \
            \(t.gradientAccumulation) sequences, AdamW at \(t.learningRate) with a \(t.schedule.rawValue) schedule after \
            \(t.warmupSteps) warm-up steps, clipping at \(t.maxGradNorm), seed \(config.seed).

            ```
            pip install -r requirements.txt
            accelerate launch --config_file accelerate/single_gpu.yaml train.py --base BASE_MODEL_PATH_OR_HUB_ID
            ```

            Run it from this folder (the DeepSpeed config is found relative to it). `--base` defaults to the base model's
            path on the machine that exported the run; `--stop-after N` stops early (the schedule stays the run's);
            `--precision fp32|bf16` (default: bf16 on GPUs that support it); `--fresh-lora-init` lets PEFT draw the LoRA
            weights instead of loading `initial_adapter/`.

            | setup | command |
            | --- | --- |
            | one GPU | `accelerate launch --config_file accelerate/single_gpu.yaml train.py` |
            | the GPUs of one machine (DDP) | `accelerate launch --config_file accelerate/ddp.yaml train.py` |
            | FSDP across machines | `accelerate launch --config_file accelerate/fsdp.yaml --machine_rank R train.py` on each machine |
            | DeepSpeed ZeRO-2 across machines | `accelerate launch --config_file accelerate/deepspeed_zero2.yaml --machine_rank R train.py` on each machine |

            Edit `num_processes` (all GPUs), `num_machines` and `main_process_ip` in the YAML files. However many
            processes run, each optimizer step takes the same \(t.batchSize * t.gradientAccumulation) sequences Loom's
            step takes (train.py splits them into per-device micro-batches and accumulation).

            ## Following the run from Loom

            A callback writes Loom's run folder to `output/loom-runs/\(TRLTrainScript.comment(config.name))-trl/` (or
            `--run-dir`): `config.toml`, `metrics.jsonl`, `status.json` (with the host and GPUs), `log.txt`, and at the end
            `adapter/` in PEFT layout. Sync it into the `runs/` folder where you start `loom` (e.g.
            `rsync -a cluster:PATH/output/loom-runs/ runs/` in a loop, or open a mounted share with `loom --runs DIR`):
            the Runs section lists it and follows its loss, evaluations and samples live, and marks it stale when its
            files stop changing. When it completes, `loom score --adapter runs/NAME/adapter`, `loom merge` and Chat use
            its adapter like a local run's.

            """
    }
}
