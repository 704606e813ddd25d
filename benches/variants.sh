#!/usr/bin/env bash
# The 10k build with two script editions (`variants: [zh-TW, zh-HK]`) beside the plain 10k
# build, in one run, alternating (issue 19's target: with two variants ≤ 2.2× the
# single-edition build).
#
#   bash benches/variants.sh                    # N=10000 RUNS=5, BIN=target/release/kuaixun
#   VARIANTS="[zh-TW]" bash benches/variants.sh # one edition
# Needs GNU time. The variant corpus is a copy of the plain one with `variants:` added to
# config.yaml. KUAIXUN_TIMINGS=1 shows each edition's steps (convert, pages, search).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-target/release/kuaixun}
N=${N:-10000}
RUNS=${RUNS:-5}
VARIANTS=${VARIANTS:-"[zh-TW, zh-HK]"}
[ -x /usr/bin/time ] || { echo "variants.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$N")
ext=$bench_dir/corpus-$N-variants
key="$(cat "$src/.bench-key") variants=$VARIANTS"
if [[ ! -f $ext/.bench-key || $(cat "$ext/.bench-key") != "$key" ]]; then
    echo "== variant corpus: writing $ext" >&2
    rm -rf "$ext"
    cp -r "$src" "$ext"
    printf '\nvariants: %s\n' "$VARIANTS" >>"$ext/config.yaml"
    printf '%s\n' "$key" >"$ext/.bench-key"
fi

run_one() { # corpus out → "wall_seconds peak_kb"
    rm -rf "$2" "$1/.kuaixun" # cold: no output, no build cache
    { /usr/bin/time -f "TIME %e %M" "$BIN" build --root "$1" -o "$2" >/dev/null; } 2>&1 |
        awk '/^TIME/ {print $2, $3}'
}
plain_t=(); plain_m=(); ext_t=(); ext_m=()
for r in $(seq "$RUNS"); do
    read -r t m < <(run_one "$src" "$bench_dir/var-plain")
    plain_t+=("$t"); plain_m+=("$m")
    read -r t2 m2 < <(run_one "$ext" "$bench_dir/var-ext")
    ext_t+=("$t2"); ext_m+=("$m2")
    echo "run $r: plain ${t} s (${m} KB)   variants ${t2} s (${m2} KB)"
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }
mp=$(med "${plain_t[@]}"); me=$(med "${ext_t[@]}")
rp=$(med "${plain_m[@]}"); re=$(med "${ext_m[@]}")
echo "N=$N, $RUNS runs each, medians: plain $mp s ($((rp / 1024)) MB), variants $VARIANTS $me s ($((re / 1024)) MB), ratio $(awk -v a="$me" -v b="$mp" 'BEGIN {printf "%.3f", a / b}')"
echo "pages: $(find "$bench_dir/var-plain" -name '*.html' | wc -l) plain, $(find "$bench_dir/var-ext" -name '*.html' | wc -l) with variants"
