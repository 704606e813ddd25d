#!/usr/bin/env bash
# The 10k build with a third taxonomy (a 专题 series on every article, ~20 articles per
# series, read oldest first) and an author registry that every article's byline resolves
# against, beside the plain 10k build, in one run, alternating (issue 13's target: the
# extended build ≤ 2.2 s and ≤ 300 MB on this machine).
#
#   bash benches/taxonomies.sh                  # N=10000 RUNS=5, BIN=target/release/kuaixun
# Needs GNU time. The extended corpus is a copy of the plain one with `series:` added to each
# article and `taxonomies:` / `authors:` added to config.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-target/release/kuaixun}
N=${N:-10000}
RUNS=${RUNS:-5}
[ -x /usr/bin/time ] || { echo "taxonomies.sh: /usr/bin/time not found: apt-get install -y time" >&2; exit 1; }
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$N")
ext=$bench_dir/corpus-$N-taxonomies
key="$(cat "$src/.bench-key") taxonomies=$(sha256sum benches/taxonomies.sh | cut -c1-16)"
if [[ ! -f $ext/.bench-key || $(cat "$ext/.bench-key") != "$key" ]]; then
    echo "== extended corpus: writing $ext" >&2
    rm -rf "$ext"
    cp -r "$src" "$ext"
    # Each article joins one of 500 series, by its number.
    find "$ext/content" -name '*.md' -print0 |
        xargs -0 perl -pi -e 's/^slug: post-(\d+)$/"slug: post-$1\nseries: 系列报道" . ($1 % 500)/e'
    cat >>"$ext/config.yaml" <<'YAML'
taxonomies:
  - name: series
    label: 专题
    sort: oldest
authors:
  zhangwei: {name: 张伟, bio: 半导体记者}
  lina: {name: 李娜, bio: 大模型编辑}
  wanglei: {name: 王磊}
  chenjing: {name: 陈静}
  liuyang: {name: 刘洋}
  zhaomin: {name: 赵敏}
  sunhao: {name: 孙浩}
  zhouting: {name: 周婷}
  wuhao: {name: 吴昊}
  zhengying: {name: 郑颖}
  bianjibu: {name: 快讯编辑部}
  alexchen: {name: Alex Chen}
YAML
    printf '%s\n' "$key" >"$ext/.bench-key"
fi

run_one() { # corpus out → "wall_seconds peak_kb"
    rm -rf "$2" "$1/.kuaixun" # cold: no output, no build cache
    { /usr/bin/time -f "TIME %e %M" "$BIN" build --root "$1" -o "$2" >/dev/null; } 2>&1 |
        awk '/^TIME/ {print $2, $3}'
}
plain_t=(); plain_m=(); ext_t=(); ext_m=()
for r in $(seq "$RUNS"); do
    read -r t m < <(run_one "$src" "$bench_dir/tax-plain")
    plain_t+=("$t"); plain_m+=("$m")
    read -r t2 m2 < <(run_one "$ext" "$bench_dir/tax-ext")
    ext_t+=("$t2"); ext_m+=("$m2")
    echo "run $r: plain ${t} s (${m} KB)   series+authors ${t2} s (${m2} KB)"
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; print m}'; }
mp=$(med "${plain_t[@]}"); me=$(med "${ext_t[@]}")
rp=$(med "${plain_m[@]}"); re=$(med "${ext_m[@]}")
echo "N=$N, $RUNS runs each, medians: plain $mp s ($((rp / 1024)) MB), series+authors $me s ($((re / 1024)) MB), ratio $(awk -v a="$me" -v b="$mp" 'BEGIN {printf "%.3f", a / b}')"
echo "pages: $(find "$bench_dir/tax-ext/series" -name index.html | wc -l) series pages, $(find "$bench_dir/tax-ext/authors" -name index.html | wc -l) author pages"
