#!/usr/bin/env bash
# Image pipeline: kuaixun vs Hugo on the same 200 real photos, same variants, same run.
#
#   bash benches/images.sh                 # N=200 photos, RUNS=3 (second builds)
#   N=50 bash benches/images.sh
#
# Photos: the wallpapers of Debian packages (plasma-workspace-wallpapers, mate-backgrounds,
# gnome-backgrounds, ukui-wallpapers, lomiri-wallpapers-20.04), fetched with
# `apt-get download` into $BENCH_DIR (default /dev/shm/kuaixun-bench) and never committed.
# Files are deduplicated by content; when fewer than N distinct ones remain, the largest
# JPEGs are copied with a JPEG comment segment added (same pixels, a different file, so each
# tool decodes and encodes it on its own).
#
# Each photo is in one article. Both tools make the same variants: WebP at quality 80 for
# each of 480, 960 and 1600 px narrower than the photo, plus one at the photo's own width
# when it is under 1600 (kuaixun's default `images:`; Hugo: `.Resize "<w>x webp q80"` in
# benches/hugo-images/). Measured:
#   first build   no cache (kuaixun: .kuaixun/ removed; Hugo: resources/_gen removed)
#   second build  nothing changed (RUNS times, median)
#   no-images     the same site with `images: {enabled: false}` (originals copied as they
#                 are, no image stage), for what the cached image stage adds
# Needs hugo (`apt-get install hugo`), GNU time, dpkg-deb and python3 (standard library).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-/dev/shm/kuaixun-bench}
work=$BENCH_DIR/images
command -v hugo >/dev/null || { echo "images.sh: hugo not found: apt-get install -y hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "images.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }

# KX=/path/to/kuaixun uses that binary instead of building target/release/kuaixun.
if [ -z "${KX:-}" ]; then cargo build --release -q; fi
kx=${KX:-$PWD/target/release/kuaixun}
mkdir -p "$work"

# 1. Photos.
photos=$work/photos-$N
if [ ! -f "$photos/.done" ]; then
    mkdir -p "$work/debs" "$work/extract"
    (cd "$work/debs" && apt-get download -q plasma-workspace-wallpapers mate-backgrounds \
        gnome-backgrounds ukui-wallpapers lomiri-wallpapers-20.04 >&2)
    for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/extract"; done
    rm -rf "$photos"
    mkdir -p "$photos"
    python3 - "$work/extract" "$photos" "$N" <<'PY'
import hashlib, os, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen, files = set(), []
for dirpath, _, names in sorted(os.walk(src)):
    for name in sorted(names):
        p = os.path.join(dirpath, name)
        ext = name.lower().rsplit(".", 1)[-1]
        if ext not in ("jpg", "jpeg", "png", "webp") or os.path.islink(p):
            continue
        data = open(p, "rb").read()
        h = hashlib.sha256(data).digest()
        if len(data) < 20_000 or h in seen:
            continue
        seen.add(h)
        files.append((ext.replace("jpeg", "jpg"), data))
real = len(files)
jpegs = sorted((f for f in files if f[0] == "jpg"), key=lambda f: -len(f[1]))
i = 0
while len(files) < n and jpegs:
    ext, data = jpegs[i % len(jpegs)]
    text = b"kuaixun benchmark copy %d" % i
    files.append((ext, data[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + data[2:]))
    i += 1
for k, (ext, data) in enumerate(files[:n]):
    open(os.path.join(out, "%03d.%s" % (k, ext)), "wb").write(data)
print("photos: %d distinct wallpapers, %d comment-segment copies" % (min(real, n), max(0, n - real)), file=sys.stderr)
PY
    touch "$photos/.done"
fi
mb=$(du -sm "$photos" | cut -f1)
echo "== $N photos, $mb MB, in $photos" >&2

# 2. Sites.
ksite=$work/kuaixun-$N
hsite=$work/hugo-$N
if [ ! -f "$ksite/.done" ]; then
    rm -rf "$ksite" "$hsite"
    mkdir -p "$ksite/content/posts" "$ksite/static" "$hsite/content/posts" "$hsite/assets"
    cp -r "$photos" "$ksite/static/photos"
    cp -r "$photos" "$hsite/assets/photos"
    rm -f "$ksite/static/photos/.done" "$hsite/assets/photos/.done"
    printf 'title: 图片基准\nbase_url: https://example.com/\nsearch: false\n' >"$ksite/config.yaml"
    cp -r benches/hugo-images/. "$hsite/"
    k=0
    for f in "$photos"/*; do
        name=$(basename "$f")
        day=$(printf '%02d' $((k % 28 + 1)))
        printf -- '---\ntitle: 图片报道 %s\ndate: 2025-10-%s 10:00:00\n---\n现场照片如下。\n\n![现场照片 %s](/photos/%s)\n' \
            "$k" "$day" "$k" "$name" >"$ksite/content/posts/p$k.md"
        printf -- '---\ntitle: "图片报道 %s"\ndate: 2025-10-%sT10:00:00+08:00\nphoto: "%s"\n---\n现场照片如下。\n' \
            "$k" "$day" "$name" >"$hsite/content/posts/p$k.md"
        k=$((k + 1))
    done
    cp -r "$ksite" "$ksite-off"
    printf 'images:\n  enabled: false\n' >>"$ksite-off/config.yaml"
    touch "$ksite/.done"
fi

# secs CMD…: wall seconds of one run; its stdout is left in $work/last.out.
secs() {
    /usr/bin/time -f "TIME %e" -o "$work/time.txt" "$@" >"$work/last.out"
    awk '/^TIME/ {print $2}' "$work/time.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
kbuild() { secs "$kx" build --root "$1" -o "$work/out-k"; }
hbuild() { secs hugo --quiet --source "$hsite" -d "$work/out-h"; }

# 3. First builds (no caches).
rm -rf "$ksite/.kuaixun" "$work/out-k"
kfirst=$(kbuild "$ksite")
first_line=$(grep '^images:' "$work/last.out")
rm -rf "$hsite/resources" "$work/out-h"
hfirst=$(hbuild)
kvariants=$(find "$work/out-k/_img" -name '*.webp' | wc -l)
hvariants=$(find "$work/out-h" -name '*.webp' | wc -l)

# 4. Second builds (caches kept) and the same site without the image stage.
ks=(); hs=(); ko=()
for _ in $(seq "$RUNS"); do
    ks+=("$(kbuild "$ksite")")
    kline=$(grep '^images:' "$work/last.out")
    hs+=("$(hbuild)")
    ko+=("$(kbuild "$ksite-off")")
done
ksecond=$(printf '%s\n' "${ks[@]}" | median)
hsecond=$(printf '%s\n' "${hs[@]}" | median)
koff=$(printf '%s\n' "${ko[@]}" | median)

echo "kuaixun first build:  $kfirst s   ($first_line; $kvariants WebP files)"
echo "hugo    first build:  $hfirst s   ($hvariants WebP files)"
echo "first build, hugo/kuaixun: $(awk -v h="$hfirst" -v k="$kfirst" 'BEGIN {printf "%.2f", h / k}')x"
echo "kuaixun second build: $ksecond s   (${kline:-second run}; runs: ${ks[*]})"
echo "hugo    second build: $hsecond s   (runs: ${hs[*]})"
echo "kuaixun, images off:  $koff s   (runs: ${ko[*]})"
echo "second build - images off: $(awk -v a="$ksecond" -v b="$koff" 'BEGIN {printf "%.2f", a - b}') s"
