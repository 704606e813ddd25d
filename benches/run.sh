#!/usr/bin/env bash
# kuaixun build benchmark.
#
#   bash benches/run.sh            # N = 1000 and 10000
#   bash benches/run.sh --full     # also N = 100000 (about 400 MB of Markdown); same as FULL=1
#
# Builds target/release/kuaixun once, generates one synthetic corpus per N and shape with
# benches/gen_corpus.rs under $BENCH_DIR (reused while N, the seed and the generator source are
# unchanged), and builds each corpus into $BENCH_DIR/out-N (tmpfs) three ways, $RUNS times each:
#   cold      no build cache (.kuaixun/ in the corpus deleted) and an empty output folder;
#   warm      again, nothing changed: the cache and the previous output are there (kuaixun
#             finds the site up to date and rewrites nothing: src/cache/fresh.rs);
#   touched   warm, but every source file touched first (same bytes, new modification time:
#             a fresh checkout, `touch`), so the up-to-date check fails and the build runs with
#             the rest of the cache: rendered Markdown, page keys, unchanged files linked;
#   one edit  one article's body changed (a different sentence each run), then built warm.
# The edited article is restored afterwards. Then one cold build for N = $DISK_N into
# target/bench-out (real disk), and a Markdown table.
#
# Environment:
#   SIZES="1000 10000"   corpus sizes (overrides --full)
#   SHAPES="default weekly"  corpus shapes: `default` (~4 KB news articles) and `weekly`
#                        (~2.5 KB link-dense tech-weekly articles, a code block in 30%)
#   RUNS=3               builds per size; the table shows the median wall time
#   SEED=42              generator seed
#   BENCH_DIR=/dev/shm/kuaixun-bench
#   DISK_N=10000         size of the on-disk run (DISK_N=0 skips it)
#   SERVE=1              also run benches/serve.sh (one edited article in serve, N=10000);
#                        SERVE=0 skips it
#   KEEP_OUTPUT=1        cold builds go over the previous output (kuaixun then also deletes
#                        the old tree when it swaps the new one in) instead of into an empty
#                        folder; the build cache is deleted all the same
#   WARM=0               cold builds only
#
# Needs GNU time at /usr/bin/time (Debian package `time`) for peak RSS. Corpora and outputs stay
# in $BENCH_DIR (RAM, when it is tmpfs) for the next run: `rm -rf /dev/shm/kuaixun-bench` frees it.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

full=${FULL:-0}
for arg in "$@"; do
    case $arg in
        --full) full=1 ;;
        -h | --help)
            usage
            exit 0
            ;;
        *)
            echo "run.sh: unknown argument '$arg' (try --help)" >&2
            exit 2
            ;;
    esac
done

cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-3}
disk_n=${DISK_N:-10000}
keep_output=${KEEP_OUTPUT:-0}
if [[ -n ${SIZES:-} ]]; then
    sizes=$SIZES
elif [[ $full == 1 ]]; then
    sizes="1000 10000 100000"
else
    sizes="1000 10000"
fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
[[ $target_dir == /* ]] || target_dir=$root/$target_dir
bin=$target_dir/release/kuaixun
disk_out=$target_dir/bench-out

if [[ ! -x /usr/bin/time ]] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
    echo "run.sh needs GNU time at /usr/bin/time to measure peak RSS; install it with:" >&2
    echo "    apt-get install -y time" >&2
    exit 1
fi
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: RUNS must be a positive number, got '$runs'" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

log() { printf '%s\n' "$*" >&2; }

log "== cargo build --release"
cargo build --release

# shellcheck source=benches/common.sh
source benches/common.sh

# measure CORPUS OUT [warm]: one build, cold unless `warm` (cold: the corpus's build cache and,
# unless KEEP_OUTPUT=1, the output are deleted first); sets wall_ms, cpu_ms (user + sys), rss_kb,
# pages, kx_ms, articles_built.
measure() {
    local src=$1 out=$2 mode=${3:-cold}
    if [[ $mode == cold ]]; then
        rm -rf "$src/.kuaixun"
        [[ $keep_output == 1 ]] || rm -rf "$out"
    fi
    local t0 t1 busy0
    busy0=$(cpu_busy_ms)
    t0=$(date +%s%N)
    if ! /usr/bin/time -f '%M %U %S' -o "$tmp/rss" "$bin" build --root "$src" -o "$out" \
        >"$tmp/stdout" 2>"$tmp/stderr"; then
        log "kuaixun build failed on $src:"
        cat "$tmp/stderr" "$tmp/stdout" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    wall_ms=$(((t1 - t0) / 1000000))
    local busy=$(($(cpu_busy_ms) - busy0))
    local m
    read -r rss_kb m < <(tail -n1 "$tmp/rss" | awk '{ print $1, int(($2 + $3) * 1000) }')
    cpu_ms=$m
    # CPU time the whole machine spent during the build beyond kuaixun's own (+/- 10 ms ticks).
    other_ms=$((busy > cpu_ms ? busy - cpu_ms : 0))
    local line
    line=$(grep -E '^built [0-9]+ articles, [0-9]+ pages' "$tmp/stdout" | tail -n1 || true)
    if [[ -z $line ]]; then
        log "no summary line in kuaixun's output:"
        cat "$tmp/stdout" >&2
        exit 1
    fi
    articles_built=$(sed -E 's/^built ([0-9]+) articles.*/\1/' <<<"$line")
    pages=$(sed -E 's/^built [0-9]+ articles, ([0-9]+) pages.*/\1/' <<<"$line")
    kx_ms=$(sed -E 's/.* in ([0-9]+) ms.*/\1/' <<<"$line")
    log "   $line  [wall ${wall_ms} ms, CPU ${cpu_ms} ms, peak RSS $((rss_kb / 1024)) MB, other processes ${other_ms} ms CPU]"
}

# Busy CPU time of the whole machine so far (all CPUs, ms), from /proc/stat.
cpu_busy_ms() {
    awk -v hz="$(getconf CLK_TCK)" '/^cpu / { print int(($2 + $3 + $4 + $7 + $8) * 1000 / hz); exit }' /proc/stat
}

secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
mb() { awk -v kb="$1" 'BEGIN { printf "%d MB", kb / 1024 + 0.5 }'; }

rows=()
notes=()
warm=${WARM:-1}
load_start=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
shapes=${SHAPES:-default weekly}

# series MODE SRC OUT: $runs builds; sets med_wall, med_kx, med_cpu, max_rss, walls, other_total.
series() {
    local mode=$1 src=$2 out=$3 r
    : >"$tmp/walls"
    : >"$tmp/kxs"
    : >"$tmp/cpus"
    max_rss=0
    other_total=0
    for ((r = 1; r <= runs; r++)); do
        if [[ $mode == touched ]]; then
            find "$src/content" -type f -exec touch {} +
        fi
        if [[ $mode == edit ]]; then
            # A different sentence each run, so every run has an article to rebuild.
            cp "$tmp/edited.orig" "$edited"
            printf '\n基准测试第 %d 次修改：这一段是新加的，别的文章都没有变。\n' "$r" >>"$edited"
        fi
        log "== $mode build $n $shape articles, run $r/$runs -> $out"
        measure "$src" "$out" "$([[ $mode == cold ]] && echo cold || echo warm)"
        echo "$wall_ms" >>"$tmp/walls"
        echo "$kx_ms" >>"$tmp/kxs"
        echo "$cpu_ms" >>"$tmp/cpus"
        other_total=$((other_total + other_ms))
        if ((rss_kb > max_rss)); then max_rss=$rss_kb; fi
    done
    med_wall=$(median <"$tmp/walls")
    med_kx=$(median <"$tmp/kxs")
    med_cpu=$(median <"$tmp/cpus")
    walls=$(sort -n "$tmp/walls" | paste -sd' ')
}

for shape in $shapes; do
for n in $sizes; do
    src=$(corpus "$n" "$shape")
    out=$bench_dir/out-$n
    series cold "$src" "$out"
    cold_wall=$med_wall cold_rss=$max_rss
    if [[ $articles_built != "$n" ]]; then
        notes+=("$shape N=$n: kuaixun built $articles_built articles, not $n (some hidden?)")
    fi
    written=$(du -sm "$out" | cut -f1)
    cold_pages=$pages
    notes+=("$shape N=$n cold: medians: kuaixun's own time $med_kx ms, CPU (user+sys) $med_cpu ms; walls $walls ms; $(du -sm --apparent-size "$out" | cut -f1) MB apparent size; other processes used ${other_total} ms of CPU during these runs")
    if [[ $warm == 1 ]]; then
        series warm "$src" "$out"
        warm_wall=$med_wall warm_rss=$max_rss
        notes+=("$shape N=$n warm: kuaixun's own time $med_kx ms, CPU $med_cpu ms; walls $walls ms; other processes ${other_total} ms CPU")
        series touched "$src" "$out"
        touched_wall=$med_wall touched_rss=$max_rss
        notes+=("$shape N=$n warm, sources touched: kuaixun's own time $med_kx ms, CPU $med_cpu ms; walls $walls ms; other processes ${other_total} ms CPU")
        edited=$(find "$src/content" -name '*.md' | sort | sed -n "$((n / 2 + 1))p")
        cp "$edited" "$tmp/edited.orig"
        series edit "$src" "$out"
        cp "$tmp/edited.orig" "$edited"
        edit_wall=$med_wall edit_rss=$max_rss
        notes+=("$shape N=$n one edit (${edited#"$src"/}): kuaixun's own time $med_kx ms, CPU $med_cpu ms; walls $walls ms; other processes ${other_total} ms CPU")
        rows+=("| $shape | $n | $(secs "$cold_wall") | $(secs "$warm_wall") | $(secs "$touched_wall") | $(secs "$edit_wall") | $cold_pages | $written | $(mb "$cold_rss") / $(mb "$warm_rss") / $(mb "$touched_rss") / $(mb "$edit_rss") |")
    else
        rows+=("| $shape | $n | $(secs "$cold_wall") | | | | $cold_pages | $written | $(mb "$cold_rss") |")
    fi
done
done

# One build onto the real disk. Its figure depends on the file system's state as much as on
# kuaixun: e.g. on ext4 without a journal, inode allocation slows down for minutes after many
# files were deleted (such as the previous output), so compare it only with runs made the same way.
if [[ $disk_n != 0 && -n $disk_n ]]; then
    src=$(corpus "$disk_n")
    log "== build $disk_n articles on disk -> $disk_out"
    [[ $keep_output == 1 ]] || rm -rf "$disk_out"
    sync
    measure "$src" "$disk_out"
    t0=$(date +%s%N)
    sync
    t1=$(date +%s%N)
    written=$(du -sm "$disk_out" | cut -f1)
    rows+=("| default | $disk_n (disk: target/bench-out) | $(secs "$wall_ms") | | | | $pages | $written | $(mb "$rss_kb") |")
    notes+=("on disk ($(stat -f -c %T "$disk_out" 2>/dev/null || echo '?')): 1 run, kuaixun's own time $kx_ms ms, CPU $cpu_ms ms; a \`sync\` afterwards took $(((t1 - t0) / 1000000)) ms (not included); $(du -sm --apparent-size "$disk_out" | cut -f1) MB apparent size; other processes (including the kernel's writeback of these files) used ${other_ms} ms of CPU")
fi

load_end=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
if [[ $keep_output == 1 ]]; then
    notes+=("KEEP_OUTPUT=1: each cold build replaced the previous output (the first one per size may not have); the build cache was deleted before each")
else
    notes+=("each cold build started without a build cache and wrote into an empty output folder (KEEP_OUTPUT=1 builds over the previous one); warm and one-edit builds reuse the cache and output of the build before")
fi
notes+=("load average (1 min) $load_start at the start, $load_end at the end; \"other processes\" well above 0 means the figures are disturbed")

cat <<EOF

kuaixun $("$bin" --version | awk '{print $2}') at $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?'); $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo '?')); seed $seed; runs per size: $runs; corpora and output in $bench_dir ($(stat -f -c %T "$bench_dir" 2>/dev/null || echo '?')) unless marked disk

| corpus | articles | cold | warm | warm, touched | one edit | pages | MB written | peak RSS (cold / warm / touched / one edit) |
|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${rows[@]}"
if [[ ${SERVE:-1} == 1 ]]; then
    if serve_out=$(N=10000 bash benches/serve.sh 2>"$tmp/serve.err"); then :; fi
    sent=$(sed -nE 's/.*reload sent: +median ([0-9]+) ms.*/\1/p' <<<"$serve_out")
    own=$(sed -nE 's/.*own time\): median ([0-9]+) ms.*/\1/p' <<<"$serve_out")
    if [[ -n $sent ]]; then
        echo "| default | one edited article in serve (10,000) | | | | ${sent} ms change → reload sent (rebuild ${own} ms), median of ${EDITS:-7} edits | | | |"
    else
        echo "| default | one edited article in serve (10,000) | failed: see below | | | | | | |"
        notes+=("benches/serve.sh failed: $(tail -n 5 "$tmp/serve.err" | tr '\n' ' ')")
    fi
fi
echo
printf -- '- %s\n' "${notes[@]}"
