/// The accelerate launch configurations an export carries (accelerate 1.x `ClusterConfig` YAML), one per way of
/// scaling out: one GPU, data-parallel over the GPUs of one machine, FSDP across machines, DeepSpeed ZeRO-2 across
/// machines. Machine counts, addresses and process counts are examples for the user to edit; the per-step batch is
/// kept by train.py, which splits Loom's step over however many processes run.
enum AccelerateConfigs {
    static let files: [(name: String, text: String)] = [
        ("single_gpu.yaml", """
            # One GPU: accelerate launch --config_file accelerate/single_gpu.yaml train.py
            compute_environment: LOCAL_MACHINE
            distributed_type: 'NO'
            mixed_precision: bf16
            num_machines: 1
            num_processes: 1
            gpu_ids: '0'
            machine_rank: 0
            main_training_function: main
            use_cpu: false

            """),
        ("ddp.yaml", """
            # Data parallel on the GPUs of one machine (set num_processes to their number):
            #   accelerate launch --config_file accelerate/ddp.yaml train.py
            compute_environment: LOCAL_MACHINE
            distributed_type: MULTI_GPU
            mixed_precision: bf16
            num_machines: 1
            num_processes: 8
            gpu_ids: all
            machine_rank: 0
            main_training_function: main
            rdzv_backend: static
            same_network: true
            use_cpu: false

            """),
        ("fsdp.yaml", """
            # FSDP (weights, gradients and optimizer state sharded) across machines: run the same command on every
            # machine with its own machine_rank (0 on the one at main_process_ip); num_processes counts all GPUs.
            #   accelerate launch --config_file accelerate/fsdp.yaml --machine_rank 0 train.py
            compute_environment: LOCAL_MACHINE
            distributed_type: FSDP
            fsdp_config:
              fsdp_auto_wrap_policy: TRANSFORMER_BASED_WRAP
              fsdp_backward_prefetch: BACKWARD_PRE
              fsdp_cpu_ram_efficient_loading: true
              fsdp_forward_prefetch: false
              fsdp_offload_params: false
              fsdp_sharding_strategy: FULL_SHARD
              fsdp_state_dict_type: SHARDED_STATE_DICT
              fsdp_sync_module_states: true
              fsdp_use_orig_params: false
            mixed_precision: bf16
            num_machines: 2
            num_processes: 16
            machine_rank: 0
            main_process_ip: 10.0.0.1
            main_process_port: 29500
            main_training_function: main
            rdzv_backend: static
            same_network: true
            use_cpu: false

            """),
        ("deepspeed_zero2.yaml", """
            # DeepSpeed ZeRO-2 (optimizer state and gradients sharded) across machines; needs `pip install deepspeed`.
            # Batch sizes, accumulation, clipping and precision come from train.py through deepspeed_zero2.json's "auto".
            #   accelerate launch --config_file accelerate/deepspeed_zero2.yaml --machine_rank 0 train.py
            compute_environment: LOCAL_MACHINE
            deepspeed_config:
              deepspeed_config_file: accelerate/deepspeed_zero2.json
              zero3_init_flag: false
            distributed_type: DEEPSPEED
            num_machines: 2
            num_processes: 16
            machine_rank: 0
            main_process_ip: 10.0.0.1
            main_process_port: 29500
            main_training_function: main
            rdzv_backend: static
            same_network: true
            use_cpu: false

            """),
        ("deepspeed_zero2.json", """
            {
              "bf16": {"enabled": "auto"},
              "zero_optimization": {
                "stage": 2,
                "overlap_comm": true,
                "contiguous_gradients": true,
                "reduce_bucket_size": "auto",
                "allgather_bucket_size": 200000000
              },
              "gradient_accumulation_steps": "auto",
              "gradient_clipping": "auto",
              "train_batch_size": "auto",
              "train_micro_batch_size_per_gpu": "auto"
            }

            """),
    ]
}
