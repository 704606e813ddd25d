# Shared by the benchmark scripts (source it after `cd` to the repository root):
#   corpus N   prints the path of the N-article benchmark corpus, generating it with
#              benches/gen_corpus.rs unless an identical one (same N, seed, generator) is there.
# Reads SEED (default 42) and BENCH_DIR (default /dev/shm/kuaixun-bench).
seed=${SEED:-42}
bench_dir=${BENCH_DIR:-/dev/shm/kuaixun-bench}

corpus() {
    local n=$1 dir=$bench_dir/corpus-$1
    local key
    key="articles=$n seed=$seed gen=$(sha256sum benches/gen_corpus.rs | cut -c1-16)"
    if [[ -f $dir/.bench-key && $(cat "$dir/.bench-key") == "$key" ]]; then
        echo "== corpus $n: reusing $dir" >&2
    else
        echo "== corpus $n: generating into $dir" >&2
        rm -f "$dir/.bench-key"
        cargo bench -q --bench gen_corpus -- --articles "$n" --out "$dir" --seed "$seed" >&2
        printf '%s\n' "$key" >"$dir/.bench-key"
    fi
    printf '%s\n' "$dir"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
