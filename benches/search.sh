#!/usr/bin/env bash
# kuaixun search index benchmark (issues 6 and 18).
#
#   bash benches/search.sh          # N=10000
#
# Generates (or reuses) the N-article benchmark corpus with benches/gen_corpus.rs, builds it
# $RUNS times with KUAIXUN_TIMINGS=1 and reports the index's share of the build time (target:
# ≤ 15%), then runs benches/search_size.rs on the output: index size against the HTML size
# (≤ 25%) and the gzipped bytes the client fetches for the first 10 results of a fixed query
# list (median ≤ 80 KB) and per "show more" (≤ 40 KB).
#
# Environment: N=10000, RUNS=3, SEED=42, BENCH_DIR=/dev/shm/kuaixun-bench (shared with run.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
n=${N:-10000}
runs=${RUNS:-3}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/kuaixun

echo "== cargo build --release" >&2
cargo build --release -q
source benches/common.sh
out=$bench_dir/out-$n
src=$(corpus "$n")

shares=()
for ((i = 1; i <= runs; i++)); do
    log=$(KUAIXUN_TIMINGS=1 "$bin" build --root "$src" -o "$out" 2>&1)
    index_ms=$(sed -nE 's/^search index: .* total ([0-9.]+) ms;.*/\1/p' <<<"$log")
    build_ms=$(sed -nE 's/^built .* in ([0-9]+) ms.*/\1/p' <<<"$log")
    if [[ -z $index_ms || -z $build_ms ]]; then
        echo "unexpected build output:" >&2
        printf '%s\n' "$log" >&2
        exit 1
    fi
    share=$(awk -v a="$index_ms" -v b="$build_ms" 'BEGIN { printf "%.1f", 100 * a / b }')
    echo "run $i: build $build_ms ms, search index $index_ms ms = $share% of the build"
    shares+=("$share")
done
median=$(printf '%s\n' "${shares[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "index share of build time: median $median% (target ≤ 15%)"
echo
status=0
cargo bench -q --bench search_size -- "$out" || status=$?
if awk -v s="$median" 'BEGIN { exit !(s > 15) }'; then
    echo "TARGET MISSED: index build share $median% > 15%"
    status=1
fi
exit $status
