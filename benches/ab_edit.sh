#!/usr/bin/env bash
# A/B of two kuaixun binaries on warm builds, in one run, alternating: each side builds its own
# copy of the corpus (the build cache is per binary), then each round edits one article on
# both sides and builds ("one edit"), then builds again without the up-to-date manifest
# ("warm, full path": what a warm build does when the up-to-date check fails).
#
#   OLD=/path/to/old/kuaixun bash benches/ab_edit.sh       # NEW defaults to target/release/kuaixun
#   OLD=… N=10000 SHAPE=weekly RUNS=8 bash benches/ab_edit.sh
#
# Prints each round's wall times, the medians and NEW/OLD. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${OLD:?set OLD to the binary to compare against}"
NEW=${NEW:-target/release/kuaixun}
N=${N:-10000}
SHAPE=${SHAPE:-weekly}
RUNS=${RUNS:-8}
[ -x /usr/bin/time ] || { echo "ab_edit.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$N" "$SHAPE")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for side in old new; do
    rm -rf "$bench_dir/abe-$side" "$bench_dir/abe-$side-out"
    mkdir -p "$bench_dir/abe-$side"
    cp -r "$src/content" "$src/config.yaml" "$bench_dir/abe-$side/"
done
rel=$(cd "$src" && find content -name '*.md' | sort | sed -n "$((N / 2 + 1))p")
cp "$src/$rel" "$tmp/orig.md"
bin_of() { if [[ $1 == old ]]; then echo "$OLD"; else echo "$NEW"; fi; }
build() { # side → wall seconds
    /usr/bin/time -f "%e" -o "$tmp/t" "$(bin_of "$1")" build --root "$bench_dir/abe-$1" \
        -o "$bench_dir/abe-$1-out" >/dev/null 2>&1
    cat "$tmp/t"
}
for side in old new; do build "$side" >/dev/null; done # cold, fills each cache
sleep 1.1 # older than the up-to-date check's trust window
: >"$tmp/old.edit"; : >"$tmp/new.edit"; : >"$tmp/old.warm"; : >"$tmp/new.warm"
for r in $(seq "$RUNS"); do
    line="round $r:"
    for side in old new; do
        cp "$tmp/orig.md" "$bench_dir/abe-$side/$rel"
        printf '\n基准测试第 %d 次修改：这一段是新加的。\n' "$r" >>"$bench_dir/abe-$side/$rel"
        e=$(build "$side")
        rm -f "$bench_dir/abe-$side"/.kuaixun/cache/build/fresh-*
        w=$(build "$side")
        echo "$e" >>"$tmp/$side.edit"; echo "$w" >>"$tmp/$side.warm"
        line+="  $side edit $e s, warm (full path) $w s"
    done
    echo "$line"
done
med() { sort -n "$1" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }
for kind in edit warm; do
    o=$(med "$tmp/old.$kind"); n=$(med "$tmp/new.$kind")
    echo "$kind medians: old $o s, new $n s, new/old $(awk -v a="$n" -v b="$o" 'BEGIN {printf "%.3f", a / b}')"
done
rm -rf "$bench_dir/abe-old" "$bench_dir/abe-new" "$bench_dir/abe-old-out" "$bench_dir/abe-new-out"
