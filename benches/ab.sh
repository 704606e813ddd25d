#!/usr/bin/env bash
# A/B of two kuaixun binaries on the same corpus, in one run, alternating (a noisy machine
# slows both alike, so the ratio holds when the absolute times drift).
#
#   OLD=/path/to/old/kuaixun bash benches/ab.sh            # NEW defaults to target/release/kuaixun
#   OLD=… NEW=… N=10000 RUNS=5 bash benches/ab.sh
#
# Build the old binary from another commit first, e.g.
#   git worktree add /tmp/kx-old <rev> && (cd /tmp/kx-old && CARGO_TARGET_DIR=/tmp/kx-old-target cargo build --release)
# Prints each run's wall time and peak RSS, the medians and NEW/OLD. Needs GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${OLD:?set OLD to the binary to compare against}"
NEW=${NEW:-target/release/kuaixun}
N=${N:-10000}
RUNS=${RUNS:-5}
[ -x /usr/bin/time ] || { echo "ab.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$N")

run_one() { # binary out → "wall_seconds peak_kb cpu_seconds"
    rm -rf "$2" "$src/.kuaixun" # cold: no output, no build cache
    { /usr/bin/time -f "TIME %e %M %U %S" "$1" build --root "$src" -o "$2" >/dev/null; } 2>&1 |
        awk '/^TIME/ {print $2, $3, $4 + $5}'
}
old_t=(); new_t=(); old_m=(); new_m=(); old_c=(); new_c=()
for r in $(seq "$RUNS"); do
    read -r t m c < <(run_one "$OLD" "$bench_dir/ab-old")
    old_t+=("$t"); old_m+=("$m"); old_c+=("$c")
    read -r t2 m2 c2 < <(run_one "$NEW" "$bench_dir/ab-new")
    new_t+=("$t2"); new_m+=("$m2"); new_c+=("$c2")
    echo "run $r: old ${t} s (cpu $c s, ${m} KB)   new ${t2} s (cpu $c2 s, ${m2} KB)"
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }
mo=$(med "${old_t[@]}"); mn=$(med "${new_t[@]}")
ro=$(med "${old_m[@]}"); rn=$(med "${new_m[@]}")
co=$(med "${old_c[@]}"); cn=$(med "${new_c[@]}")
echo "cpu medians: old $co s, new $cn s, new/old $(awk -v a="$cn" -v b="$co" 'BEGIN {printf "%.3f", a / b}')"
echo "N=$N, $RUNS runs each, medians: old $mo s ($((ro / 1024)) MB), new $mn s ($((rn / 1024)) MB), new/old $(awk -v a="$mn" -v b="$mo" 'BEGIN {printf "%.3f", a / b}')"
diff -rq "$bench_dir/ab-old" "$bench_dir/ab-new" >/dev/null && echo "outputs identical" || echo "outputs differ (diff -rq $bench_dir/ab-old $bench_dir/ab-new)"
