"""numpy/OpenBLAS SGEMM figures for `loom bench gemm` to print beside Loom's.

Usage: python3 Scripts/kernels/bench_numpy_gemm.py --shapes 256x256x256,TN:8x576x1024 [--seconds 1.0]
A shape is MxNxK for C[M x N] = op(A)·op(B); a prefix TN:, NT: or TT: says which operands are stored transposed
(A as K x M, B as N x K), so that numpy passes BLAS a transposed view as the engine's products do.
Prints one JSON object per line: first {"kernel": ...} describing the BLAS (from threadpoolctl when installed),
then {"shape", "threads", "gflops"} per shape, "shape" as given. The thread count is whatever the BLAS was started with
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


def measure(label, seconds, cold_bytes):
    flags, _, size = label.rpartition(":")
    flags = flags.upper() or "NN"
    m, n, k = (int(x) for x in size.split("x"))
    rng = np.random.default_rng(0)
    # With --cold-bytes, several copies of the operands that together exceed that size, used in turn.
    copies = max(2, cold_bytes // (4 * (m * k + k * n + m * n)) + 1) if cold_bytes else 1
    sets = []
    for _ in range(copies):
        a = rng.standard_normal((k, m) if flags[0] == "T" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if flags[1] == "T" else (k, n), dtype=np.float32)
        sets.append((a.T if flags[0] == "T" else a, b.T if flags[1] == "T" else b, np.zeros((m, n), dtype=np.float32)))
    np.matmul(sets[0][0], sets[0][1], out=sets[0][2])  # warm up
    best = float("inf")
    deadline = time.perf_counter() + seconds
    runs = 0
    while runs < 3 or time.perf_counter() < deadline:
        a, b, c = sets[runs % copies]
        start = time.perf_counter()
        np.matmul(a, b, out=c)
        best = min(best, time.perf_counter() - start)
        runs += 1
    return 2.0 * m * n * k / best / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shapes", required=True, help="comma-separated [TN:]MxNxK")
    parser.add_argument("--seconds", type=float, default=1.0, help="time budget per shape")
    parser.add_argument("--cold-bytes", type=int, default=0,
                        help="use copies of the operands that together exceed this many bytes, in turn")
    args = parser.parse_args()
    info = describe_blas()
    print(json.dumps(info), flush=True)
    threads = info.get("threads") or os.environ.get("OPENBLAS_NUM_THREADS")
    for shape in args.shapes.split(","):
        print(json.dumps({"shape": shape, "threads": threads, "gflops": measure(shape, args.seconds, args.cold_bytes)}), flush=True)


if __name__ == "__main__":
    main()
