#!/usr/bin/env bash
# Hugo vs kuaixun on the same generated corpus, in the same run, alternating.
#
#   bash benches/compare.sh              # N=10000, RUNS=3
#   N=1000 RUNS=5 bash benches/compare.sh
#   HUGO_RELATED=0 bash benches/compare.sh   # Hugo without its related-articles block
#   SHAPES="weekly default" bash benches/compare.sh   # the corpora compared (default: both)
#
# Hugo gets a theme and config in benches/hugo/ that render the same pages with the same
# furniture as kuaixun's default theme: paginated home and term pages, article pages (TOC,
# five related articles, prev/next, JSON-LD, Open Graph), term lists, archives, 404, RSS,
# sitemap, robots.txt, highlighting into classes. Not matched: kuaixun also writes an Atom
# feed and the search index. Hugo's `.Related` dominates its time on this corpus (it scores
# every article sharing a tag); HUGO_RELATED=0 drops that block from Hugo's article pages
# (kuaixun's pages keep theirs) to show the ratio without it. Outputs go to tmpfs
# ($BENCH_DIR, default /dev/shm/kuaixun-bench) so both are measured on their own CPU cost. Both build cold: kuaixun's build cache is deleted
# before each of its runs.
# Needs hugo (`apt-get install hugo`) and GNU time (`apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
RUNS=${RUNS:-3}
SEED=${SEED:-42}
BENCH_DIR=${BENCH_DIR:-/dev/shm/kuaixun-bench}
command -v hugo >/dev/null || { echo "compare.sh: hugo not found: apt-get install -y hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }

cargo build --release -q
source benches/common.sh
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
table=()
ratios=()
for shape in ${SHAPES:-weekly default}; do
corpus=$(corpus "$N" "$shape")
k_times=(); h_times=(); k_rss=(); h_rss=()
for run in $(seq "$RUNS"); do
    rm -rf "$BENCH_DIR/cmp-hugo"
    out=$( { HUGO_PARAMS_RELATED=$([ "${HUGO_RELATED:-1}" = 0 ] && echo false || echo true) \
        /usr/bin/time -f "TIME %e %M" hugo --quiet --source "$corpus" --config "$PWD/benches/hugo/hugo.toml" \
        --themesDir "$PWD/benches/hugo/themes" -d "$BENCH_DIR/cmp-hugo" >/dev/null; } 2>&1 | grep '^TIME')
    h_times+=("$(echo "$out" | awk '{print $2}')"); h_rss+=("$(echo "$out" | awk '{print $3}')")
    rm -rf "$BENCH_DIR/cmp-kuaixun" "$corpus/.kuaixun"
    out=$( { /usr/bin/time -f "TIME %e %M" target/release/kuaixun build --root "$corpus" -o "$BENCH_DIR/cmp-kuaixun" >/dev/null; } 2>&1 | grep '^TIME')
    k_times+=("$(echo "$out" | awk '{print $2}')"); k_rss+=("$(echo "$out" | awk '{print $3}')")
    echo "$shape run $run: hugo ${h_times[-1]} s, kuaixun ${k_times[-1]} s"
done
hm=$(printf '%s\n' "${h_times[@]}" | median)
km=$(printf '%s\n' "${k_times[@]}" | median)
hr=$(printf '%s\n' "${h_rss[@]}" | median)
kr=$(printf '%s\n' "${k_rss[@]}" | median)
hp=$(find "$BENCH_DIR/cmp-hugo" -name '*.html' | wc -l)
kp=$(find "$BENCH_DIR/cmp-kuaixun" -name '*.html' | wc -l)
table+=("$(printf '| %s | hugo %s (related articles: %s) | %s | %s s | %s MB | %s |' "$shape" "$(hugo version | awk '{print $2}')" "$([ "${HUGO_RELATED:-1}" = 0 ] && echo off || echo on)" "$N" "$hm" "$(awk -v r="$hr" 'BEGIN{printf "%.0f", r/1024}')" "$hp")")
table+=("$(printf '| %s | kuaixun | %s | %s s | %s MB | %s |' "$shape" "$N" "$km" "$(awk -v r="$kr" 'BEGIN{printf "%.0f", r/1024}')" "$kp")")
ratios+=("$(awk -v h="$hm" -v k="$km" -v s="$shape" 'BEGIN { printf "%s corpus: kuaixun is %.1fx faster than Hugo", s, h / k }')")
done
echo
echo "| corpus | generator | articles | wall (median of $RUNS) | peak RSS | HTML pages |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${table[@]}"
echo
printf '%s\n' "${ratios[@]}"
