"""numpy/OpenBLAS SGEMM figures for `loom bench gemm` to print beside Loom's.

Usage: python3 Scripts/kernels/bench_numpy_gemm.py --shapes 256x256x256,1024x8x576 [--seconds 1.0]
Prints one JSON object per line: first {"kernel": ...} describing the BLAS (from threadpoolctl when installed),
then {"m", "n", "k", "threads", "gflops"} per shape. The thread count is whatever the BLAS was started with
(set OPENBLAS_NUM_THREADS / OMP_NUM_THREADS in the environment; loom runs this once per thread count).
"""
import argparse
import json
import os
import time

import numpy as np


def describe_blas():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return {"kernel": "unknown (pip install threadpoolctl to see it)", "numpy": np.__version__}
    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not blas:
        return {"kernel": "no BLAS found by threadpoolctl", "numpy": np.__version__}
    info = blas[0]
    return {"kernel": f"{info.get('internal_api')} {info.get('version')} {info.get('architecture')}",
            "threads": info.get("num_threads"), "numpy": np.__version__}


def measure(m, n, k, seconds):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((m, k), dtype=np.float32)
    b = rng.standard_normal((k, n), dtype=np.float32)
    c = np.empty((m, n), dtype=np.float32)
    np.matmul(a, b, out=c)  # warm up
    best = float("inf")
    deadline = time.perf_counter() + seconds
    runs = 0
    while runs < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - start)
        runs += 1
    return 2.0 * m * n * k / best / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapes", required=True, help="comma-separated MxNxK")
    parser.add_argument("--seconds", type=float, default=1.0, help="time budget per shape")
    args = parser.parse_args()
    info = describe_blas()
    print(json.dumps(info), flush=True)
    threads = info.get("threads") or os.environ.get("OPENBLAS_NUM_THREADS")
    for shape in args.shapes.split(","):
        m, n, k = (int(x) for x in shape.split("x"))
        print(json.dumps({"m": m, "n": n, "k": k, "threads": threads,
                          "gflops": measure(m, n, k, args.seconds)}), flush=True)


if __name__ == "__main__":
    main()
