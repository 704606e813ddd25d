#!/usr/bin/env bash
# kuaixun deploy benchmark (issue 20): the N-article site to a local S3 server (moto,
# `pip install 'moto[server]'`), first deploy, a redeploy with no change, and a redeploy
# after one article is edited. Prints files and bytes sent (kuaixun's summary line, checked
# against the number of PUT requests the server logged) and the wall time of each.
#
#   bash benches/deploy.sh          # N=10000
#
# Environment: N=10000, PORT=18211, SEED, BENCH_DIR (see common.sh). Network: 127.0.0.1 only.
set -euo pipefail

cd "$(dirname "$0")/.."
n=${N:-10000}
port=${PORT:-18211}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/kuaixun

echo "== cargo build --release" >&2
cargo build --release -q
# shellcheck source=benches/common.sh
source benches/common.sh
src=$(corpus "$n")
site=$bench_dir/deploy-$n
rm -rf "$site"
cp -r "$src" "$site"
rm -rf "$site/public"
cat >>"$site/config.yaml" <<YAML
deploy:
  bench:
    endpoint: http://127.0.0.1:$port
    bucket: bench
    path_style: true
    concurrency: 8
YAML

log=$site/moto.log
python3 -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.2
done
curl -s -X PUT -o /dev/null "http://127.0.0.1:$port/bench"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench

"$bin" build --root "$site" >/dev/null
echo "site: $n articles, $(find "$site/public" -type f | wc -l) files, $(du -sm "$site/public" | cut -f1) MB"

step() {
    local name=$1
    shift
    local before after t0 t1
    before=$(grep -c '"PUT /bench/' "$log" || true)
    t0=$(date +%s.%N)
    summary=$("$bin" deploy --root "$site" "$@" | tail -1)
    t1=$(date +%s.%N)
    after=$(grep -c '"PUT /bench/' "$log" || true)
    printf '%-22s %6.2f s   %s   (server saw %d PUTs, manifest included)\n' \
        "$name" "$(echo "$t1 - $t0" | bc)" "$summary" "$((after - before))"
}

step "first deploy"
step "no change"
post=$(find "$site/content" -name '*.md' | sort | awk 'NR == 1')
printf '\n本文已更新：补充了一段说明。\n' >>"$post"
"$bin" build --root "$site" >/dev/null
step "one article edited"
