#!/usr/bin/env bash
# Kill -9 a real `loom train` run after it passes step KILL_AFTER, resume it with --resume, and compare its losses at
# every step with an uninterrupted run of the same config. Prints the steps compared and how many differ (want 0).
#   Scripts/runs/resume_check.sh [CONFIG] [KILL_AFTER]     (default: Samples/runs/sample-lora.toml, 70)
set -euo pipefail
LOOM=${LOOM:-.build/release/loom}
CONFIG=${1:-Samples/runs/sample-lora.toml}
KILL_AFTER=${2:-70}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$LOOM" train "$CONFIG" --out "$WORK/reference" --lines > "$WORK/reference.log"
"$LOOM" train "$CONFIG" --out "$WORK/crashed" --lines > "$WORK/crashed.log" &
PID=$!
until [ -f "$WORK/crashed/metrics.jsonl" ] && \
      [ "$(grep -c '"kind":"train"' "$WORK/crashed/metrics.jsonl" || true)" -ge "$KILL_AFTER" ]; do sleep 0.05; done
kill -9 "$PID"; wait "$PID" 2>/dev/null || true
echo "killed at step $(grep -c '"kind":"train"' "$WORK/crashed/metrics.jsonl"); checkpoints: $(ls "$WORK/crashed/checkpoints" | tr '\n' ' ')"
"$LOOM" train --resume "$WORK/crashed" --lines > "$WORK/resumed.log"
python3 - "$WORK/reference/metrics.jsonl" "$WORK/crashed/metrics.jsonl" <<'PY'
import json, sys
def losses(path):
    out = {}
    for line in open(path):
        try: r = json.loads(line)
        except ValueError: continue
        if r["kind"] == "resume":
            print(f"resume marker at step {r['step']}")
            out = {s: l for s, l in out.items() if s <= r["step"]}
        elif r["kind"] == "train":
            out[r["step"]] = r["loss"]
    return out
a, b = losses(sys.argv[1]), losses(sys.argv[2])
differ = [s for s in a if a[s] != b.get(s)]
print(f"steps compared: {len(a)} (reference) vs {len(b)} (killed + resumed); steps whose loss differs: {len(differ)}")
sys.exit(1 if differ or len(a) != len(b) else 0)
PY
