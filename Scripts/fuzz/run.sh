#!/usr/bin/env bash
# Builds the libFuzzer targets in Scripts/fuzz/targets/ with the sources they exercise and runs each for SECONDS,
# printing one line per target: `TARGET: N execs, K crashes`. Exits non-zero when a target crashed (the input is
# kept under .build-fuzz/crashes/TARGET/ to become a regression test). Not part of CI: sanitizer builds are slow.
#
#   Scripts/fuzz/run.sh 60            # every target for 60 s
#   Scripts/fuzz/run.sh 60 json       # one target
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
out=.build-fuzz
mkdir -p "$out"
status=0

# target name → the package sources it needs (besides its own file) and its seed folders.
declare -A sources seeds
sources[json]="Sources/Support/*.swift"
seeds[json]="Tests/TokenizersTests/Fixtures Samples ../shared/data/detect ../shared/data/raft"
sources[toml]="Sources/Runs/TOMLDocument.swift"
seeds[toml]="Samples/runs"

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${!sources[@]}")
for target in "${targets[@]}"; do
    binary="$out/$target"
    # shellcheck disable=SC2086
    if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "Fuzz$target" ${sources[$target]} \
            "Scripts/fuzz/targets/$target.swift" -o "$binary" 2> "$out/$target.build.log"; then
        echo "$target: build failed (see $out/$target.build.log)"
        status=1
        continue
    fi
    corpus="$out/corpus/$target"
    crashes="$out/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    # Seeds: small files of the kinds the parser reads, cut to 4 KiB each (libFuzzer mutates small inputs fastest).
    for folder in ${seeds[$target]}; do
        [ -d "$folder" ] || continue
        find "$folder" -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.toml' -o -name '*.md' \) -size -4M | head -200 | while read -r file; do
            head -c 4096 "$file" > "$corpus/seed-$(echo "$file" | md5sum | cut -c1-12)"
        done
    done
    log="$out/$target.log"
    "$binary" "$corpus" -max_total_time="$seconds" -artifact_prefix="$crashes/" -print_final_stats=1 > "$log" 2>&1
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    found=$(find "$crashes" -type f | wc -l)
    echo "$target: ${execs:-0} execs, $found crashes"
    [ "$found" -gt 0 ] && status=1
done
exit $status
