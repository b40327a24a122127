#!/usr/bin/env bash
# Builds the libFuzzer targets in Scripts/fuzz/targets/ with the code they exercise and runs each for SECONDS,
# printing one line per target: `TARGET: N execs, K crashes`. Exits non-zero when a target crashed (the input is
# kept under .build-fuzz/crashes/TARGET/ to become a regression test). Not part of CI: sanitizer builds are slow.
#
#   Scripts/fuzz/run.sh 60            # every target for 60 s
#   Scripts/fuzz/run.sh 60 csv gzip   # some targets
#   RUNS=1000000 Scripts/fuzz/run.sh 600 csv   # stop a target after a number of runs (or SECONDS, whichever first)
#
# How the code under test is built: the small parsers (json, toml) are compiled into the target itself from a few
# source files. The others link package layers compiled here, outside SwiftPM, as instrumented static libraries
# (`-sanitize=fuzzer,address -enable-testing`, so targets can `@testable import` internal types such as
# DelimitedScanner): Support, Datasets (+ zlib), Tokenizers, Kernels and Engine, each from all of its sources, into
# .build-fuzz/modules/ (rebuilt when a source is newer than the library). No SwiftPM build is needed or touched.
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
shift || true
out=.build-fuzz
modules="$out/modules"
mkdir -p "$out" "$modules"
status=0

# Package layers: their sources, Swift language mode, the layers they import (built first) and extra flags.
declare -A layer_sources layer_mode layer_deps layer_flags
layer_sources[Support]="Sources/Support";       layer_mode[Support]=6; layer_deps[Support]=""
layer_sources[Datasets]="Sources/Datasets";     layer_mode[Datasets]=6; layer_deps[Datasets]="Support"
layer_flags[Datasets]="-I Sources/CZlib -I Sources/CZstd -I Sources/CBrotli"
layer_sources[Tokenizers]="Sources/Tokenizers"; layer_mode[Tokenizers]=6; layer_deps[Tokenizers]="Support"
# The kernels: KernelsCore, one kernel set (the generic one: the fuzzed code is the parsers, not the SIMD paths) and
# Kernels, which picks the sets it was compiled with.
layer_sources[KernelsCore]="Sources/KernelsCore"; layer_mode[KernelsCore]=5; layer_deps[KernelsCore]=""
layer_flags[KernelsCore]="-I Sources/CKernelHints"
layer_sources[vectorKernelsGeneric]="Sources/KernelSets/Generic"; layer_mode[vectorKernelsGeneric]=5
layer_deps[vectorKernelsGeneric]="KernelsCore"; layer_flags[vectorKernelsGeneric]="-I Sources/CKernelHints -D LOOM_SET_GENERIC"
layer_sources[Kernels]="Sources/Kernels";       layer_mode[Kernels]=5; layer_deps[Kernels]="KernelsCore vectorKernelsGeneric"
layer_flags[Kernels]="-I Sources/CKernelHints"
layer_sources[Engine]="Sources/Engine";         layer_mode[Engine]=5; layer_deps[Engine]="Kernels Support"
layer_flags[Engine]="-I Sources/CKernelHints"
# Yams (qna.yaml) from SwiftPM's checkout, with its C core CYaml (libyaml) built as a C library first.
yams=.build/checkouts/Yams/Sources
layer_sources[Yams]="$yams/Yams"; layer_mode[Yams]=5; layer_deps[Yams]="CYaml"
layer_flags[Yams]="-I $yams/CYaml/include -Xcc -DYAML_DECLARE_STATIC -D SWIFT_PACKAGE"
layer_sources[Taxonomy]="Sources/Taxonomy"; layer_mode[Taxonomy]=6; layer_deps[Taxonomy]="Yams Datasets Support"
layer_flags[Taxonomy]="-I $yams/CYaml/include -Xcc -DYAML_DECLARE_STATIC -I Sources/CZlib -I Sources/CZstd -I Sources/CBrotli"

# libyaml's C sources into $modules/libCYaml.a, instrumented like the Swift layers.
build_cyaml() {
    local library="$modules/libCYaml.a" file objects=()
    [ -d "$yams/CYaml" ] || { echo "layer CYaml: $yams is missing (run a swift build first: it fetches Yams)"; return 1; }
    [ -f "$library" ] && [ -z "$(find "$yams/CYaml" -name '*.[ch]' -newer "$library" | head -1)" ] && return 0
    mkdir -p "$modules/CYaml"
    for file in "$yams"/CYaml/src/*.c; do
        objects+=("$modules/CYaml/$(basename "$file" .c).o")
        clang -O1 -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$yams/CYaml/include" -c "$file" \
            -o "${objects[-1]}" >> "$out/layer-CYaml.build.log" 2>&1 \
            || { echo "layer CYaml: build failed (see $out/layer-CYaml.build.log)"; return 1; }
    done
    rm -f "$library"; ar rcs "$library" "${objects[@]}"
}

# Builds a layer (after the layers it imports) into $modules/lib$1.a and $modules/$1.swiftmodule.
build_layer() {
    local name=$1 dep
    [ "$name" = CYaml ] && { build_cyaml; return; }
    for dep in ${layer_deps[$name]}; do build_layer "$dep" || return 1; done
    local library="$modules/lib$name.a"
    local files
    files=$(find -L "${layer_sources[$name]}" -name '*.swift' | sort)
    # Up to date when no source and no library it imports is newer than it.
    local stale=0
    [ -f "$library" ] || stale=1
    # shellcheck disable=SC2086
    [ $stale -eq 0 ] && [ -n "$(find -L ${layer_sources[$name]} -name '*.swift' -newer "$library" | head -1)" ] && stale=1
    for dep in ${layer_deps[$name]}; do
        [ $stale -eq 0 ] && [ "$modules/lib$dep.a" -nt "$library" ] && stale=1
    done
    [ $stale -eq 0 ] && return 0
    # shellcheck disable=SC2086
    swiftc -O -wmo -sanitize=fuzzer,address -enable-testing -parse-as-library -package-name Loom -swift-version "${layer_mode[$name]}" \
        -module-name "$name" -emit-module -emit-module-path "$modules/$name.swiftmodule" \
        -emit-library -static -o "$library" -I "$modules" ${layer_flags[$name]:-} $files \
        > "$out/layer-$name.build.log" 2>&1 || { echo "layer $name: build failed (see $out/layer-$name.build.log)"; return 1; }
}

# Target name → the package layers it links (in link order: a layer before those it imports), the sources compiled
# into it besides its own file, extra link flags, and its seed folders.
declare -A layers sources links seeds seedbytes
# Datasets reads gzip (zlib) and Parquet's zstd and brotli pages.
datasets_links="-lz -lzstd -lbrotlidec"
sources[json]="Sources/Support/*.swift"
seeds[json]="Tests/TokenizersTests/Fixtures Samples ../shared/data/detect ../shared/data/raft"
sources[toml]="Sources/Support/TOMLDocument.swift"
seeds[toml]="Samples/runs"
layers[csv]="Datasets Support"; links[csv]="$datasets_links"
seeds[csv]="Samples ../shared/data Tests/DatasetsTests"
layers[gzip]="Datasets Support"; links[gzip]="$datasets_links"
seeds[gzip]="$out/seeds/gzip"
layers[raft]="Datasets Support"; links[raft]="$datasets_links"
seeds[raft]="../shared/data/raft Samples"
engine_layers="Engine Kernels vectorKernelsGeneric KernelsCore Support"
layers[safetensors]="$engine_layers"
seeds[safetensors]="$out/seeds/safetensors"
layers[config]="$engine_layers"
seeds[config]="Tests/EngineTests/Fixtures Tests/RunsTests/Fixtures"
layers[adapter]="$engine_layers"
seeds[adapter]="Tests/EngineTests/Fixtures Tests/RunsTests/Fixtures"
layers[tokenizer]="Tokenizers Support"
seeds[tokenizer]="$out/seeds/tokenizer"
layers[parquet]="Datasets Support"; links[parquet]="$datasets_links"
seeds[parquet]="../shared/data/parquet Samples Tests/DatasetsTests"
# Parquet's footer is at the end of the file: seeds are whole files up to 20 KB, never cut.
seedbytes[parquet]=20000
layers[qna]="Taxonomy Yams CYaml Datasets Support"; links[qna]="$datasets_links"
seeds[qna]="Samples ../shared/data/instructlab"

# Generated seeds: gzip members of small text files; safetensors files cut after their header plus a few bytes;
# tokenizer.json fixtures shrunk to a few dozen tokens (a 70 KB vocabulary makes every run slow).
make_seeds() {
    mkdir -p "$out/seeds/gzip" "$out/seeds/safetensors" "$out/seeds/tokenizer"
    local file n=0
    for file in Samples/*.jsonl Samples/*.csv Samples/*.tsv ../shared/data/raft/*; do
        [ -f "$file" ] || continue
        head -c 2048 "$file" | gzip -c > "$out/seeds/gzip/seed-$n.gz"; n=$((n + 1))
    done
    head -c 300 Samples/*.jsonl 2>/dev/null | gzip -c > "$out/seeds/gzip/member-1.gz"
    cat "$out/seeds/gzip/member-1.gz" "$out/seeds/gzip/seed-0.gz" > "$out/seeds/gzip/two-members.gz" 2>/dev/null
    python3 Scripts/fuzz/make_seeds.py "$out/seeds" > "$out/seeds.log" 2>&1 || echo "seeds: make_seeds.py failed (see $out/seeds.log)"
}
make_seeds

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json toml csv gzip raft safetensors config adapter tokenizer parquet qna)
for target in "${targets[@]}"; do
    binary="$out/$target"
    libraries=""
    failed=0
    for layer in ${layers[$target]:-}; do
        build_layer "$layer" || failed=1
        libraries="$libraries -l$layer"
    done
    if [ $failed -eq 1 ]; then status=1; continue; fi
    # Static Swift libraries carry no autolink entries for the linker: name what they import.
    [ -n "$libraries" ] && libraries="-L $modules $libraries -lFoundation -lswiftSynchronization ${links[$target]:-}"
    # shellcheck disable=SC2086
    if ! swiftc -O -sanitize=fuzzer,address -parse-as-library -package-name Loom -module-name "Fuzz$target" -I "$modules" \
            -I Sources/CZlib -I Sources/CZstd -I Sources/CBrotli -I Sources/CKernelHints \
            -I "$yams/CYaml/include" -Xcc -DYAML_DECLARE_STATIC ${sources[$target]:-} "Scripts/fuzz/targets/$target.swift" \
            $libraries -o "$binary" > "$out/$target.build.log" 2>&1; then
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
        limit=${seedbytes[$target]:-4096}
        if [ "$target" = parquet ]; then
            files=$(find "$folder" -type f -name '*.parquet' -size -"$limit"c | sort)
        elif [ "$target" = qna ]; then
            files=$(find "$folder" -type f \( -name '*.yaml' -o -name '*.yml' \) -size -"$limit"c | sort | head -200)
        else
            files=$(find "$folder" -type f \( -name '*.json' -o -name '*.jsonl' -o -name '*.toml' -o -name '*.md' \
                -o -name '*.csv' -o -name '*.tsv' -o -name '*.gz' -o -name '*.safetensors' -o -name '*.seed' \) \
                -size -4M | sort | head -200)
        fi
        for file in $files; do
            head -c "$limit" "$file" > "$corpus/seed-$(echo "$file" | md5sum | cut -c1-12)"
        done
    done
    log="$out/$target.log"
    runs=()
    [ -n "${RUNS:-}" ] && runs=(-runs="$RUNS")
    "$binary" "$corpus" -max_total_time="$seconds" "${runs[@]}" -rss_limit_mb=4096 -artifact_prefix="$crashes/" \
        -print_final_stats=1 > "$log" 2>&1
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    found=$(find "$crashes" -type f | wc -l)
    echo "$target: ${execs:-0} execs, $found crashes"
    [ "$found" -gt 0 ] && status=1
done
exit $status
