#!/usr/bin/env bash
# kuaixun serve benchmark (issues 5 and 7): one edited article on the N-article site.
#
#   bash benches/serve.sh           # N=10000, EDITS=7
#
# Copies the benchmark corpus (benches/common.sh) to a scratch folder, starts
# `kuaixun serve` on it with KUAIXUN_TIMINGS=1, waits for the first build, then edits one
# article EDITS times (a new title each time, PAUSE seconds apart) and reads the server's log
# lines `rebuilt … pages … in X ms; reload sent Y ms after the change`. Y runs from the first
# file-system event to the reload message being sent to the browsers, so it includes the
# watcher's debounce. Prints every edit and the medians (target: ≤ 100 ms).
#
# Environment: N=10000, EDITS=7, PAUSE=1.5, PORT=18111, SEED, BENCH_DIR (see common.sh).
set -euo pipefail

cd "$(dirname "$0")/.."
n=${N:-10000}
edits=${EDITS:-7}
pause=${PAUSE:-1.5}
port=${PORT:-18111}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/kuaixun

echo "== cargo build --release" >&2
cargo build --release -q
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$n")
site=$bench_dir/serve-$n
rm -rf "$site"
cp -r "$src" "$site"
log=$(mktemp)
KUAIXUN_TIMINGS=1 "$bin" serve --root "$site" --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"; rm -rf "$site"' EXIT

for _ in $(seq 600); do
    grep -q '^serving ' "$log" && break
    kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
grep -q '^serving ' "$log" || { echo "serve did not start:" >&2; cat "$log" >&2; exit 1; }
sleep 2 # let the first feeds/sitemap/search pass finish

article=$(find "$site/content" -name '*.md' | sort | sed -n '500p')
echo "editing ${article#"$site"/} $edits times, $pause s apart" >&2
for i in $(seq "$edits"); do
    sed -i -E "s/^title: (.*)（改[0-9]+）\$/title: \\1/; s/^title: (.*)\$/title: \\1（改$i）/" "$article"
    sleep "$pause"
done
sleep 1

grep -E 'rebuilt|timings' "$log" | tail -n $((2 * edits)) >&2 || true
mapfile -t sent < <(sed -nE 's/.*reload sent ([0-9]+) ms after the change.*/\1/p' "$log")
mapfile -t rebuilt < <(sed -nE 's/^rebuilt .* in ([0-9]+) ms; reload sent.*/\1/p' "$log")
if ((${#sent[@]} < edits)); then
    echo "expected $edits rebuilds, saw ${#sent[@]}:" >&2
    cat "$log" >&2
    exit 1
fi
echo "serve, $n articles, one edited article ($edits edits):"
echo "  rebuild (kuaixun's own time): median $(printf '%s\n' "${rebuilt[@]}" | median) ms ($(printf '%s ' "${rebuilt[@]}")ms)"
med=$(printf '%s\n' "${sent[@]}" | median)
echo "  change -> reload sent:        median $med ms ($(printf '%s ' "${sent[@]}")ms); target ≤ 100 ms"
((med <= 100)) || { echo "TARGET MISSED"; exit 1; }
