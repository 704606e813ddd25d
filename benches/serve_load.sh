#!/usr/bin/env bash
# kuaixun serve under load (issue 22): throughput and latency of one article page, then a
# normal request while 2,000 idle connections are held open.
#
#   bash benches/serve_load.sh
#
# Builds the release binary, serves the demo site in the repository root (content/) on
# 127.0.0.1, runs wrk against an article route (installing wrk with apt-get if missing),
# prints req/s and p99 (targets: >= 6,000 req/s, p99 <= 20 ms), then opens IDLE idle
# connections with python3 and times REQUESTS normal requests while they are open
# (target: each under a second). Only 127.0.0.1 is ever contacted.
#
# Environment: PORT=18311, ROUTE=/posts/ai-datacenter-cooling/, THREADS=1, CONNECTIONS=50,
# DURATION=10s, IDLE=2000, REQUESTS=20. One wrk thread by default: on a 2-core machine a
# second one competes with the server's two workers and the tail latency measures that.
set -euo pipefail

cd "$(dirname "$0")/.."
port=${PORT:-18311}
route=${ROUTE:-/posts/ai-datacenter-cooling/}
threads=${THREADS:-1}
conns=${CONNECTIONS:-50}
duration=${DURATION:-10s}
idle=${IDLE:-2000}
requests=${REQUESTS:-20}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
bin=$target_dir/release/kuaixun
url=http://127.0.0.1:$port$route

if ! command -v wrk >/dev/null 2>&1; then
    echo "== apt-get install wrk" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
echo "== cargo build --release" >&2
cargo build --release -q

# The idle connections below need one descriptor each in this shell's children.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

log=$(mktemp)
"$bin" serve --root . --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 300); do
    grep -q '^serving ' "$log" && break
    kill -0 $pid 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
grep -q '^serving ' "$log" || { echo "serve did not start:" >&2; cat "$log" >&2; exit 1; }
status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$status" = 200 ] || { echo "GET $url answered $status" >&2; exit 1; }

echo "== wrk -t$threads -c$conns -d$duration --latency $url" >&2
out=$(wrk -t"$threads" -c"$conns" -d"$duration" --latency "$url")
echo "$out" >&2
rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
errors=$(awk '/Non-2xx|Socket errors/' <<<"$out")
echo "article route: $rps req/s, p99 $p99${errors:+ ($errors)}"

echo "== $idle idle connections, then $requests normal requests" >&2
python3 - "$port" "$idle" "$requests" "$url" <<'EOF'
import resource, socket, subprocess, sys, time

port, idle, requests, url = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
held = []
start = time.monotonic()
for _ in range(idle):
    if time.monotonic() - start > 30:
        break
    held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
opened = time.monotonic() - start
times, statuses = [], []
for _ in range(requests):
    t = time.monotonic()
    code = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-m", "5", "-w", "%{http_code}", url],
        capture_output=True, text=True,
    ).stdout
    times.append((time.monotonic() - t) * 1000)
    statuses.append(code)
# The idle ones must still be open (the head timeout is 10 s).
alive = 0
for s in held:
    s.setblocking(False)
    try:
        alive += s.recv(1) != b""
    except BlockingIOError:
        alive += 1
times.sort()
ok = statuses.count("200")
print(f"{len(held)} idle connections opened in {opened:.2f} s, {alive} still open; "
      f"normal GET during them: {ok}/{requests} answered 200, "
      f"median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms (curl, incl. process start)")
EOF
