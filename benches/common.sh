# Shared by the benchmark scripts (source it after `cd` to the repository root):
#   corpus N [SHAPE]  prints the path of the N-article benchmark corpus (SHAPE `default`, or
#              `weekly`: link-dense tech-weekly articles), generating it with
#              benches/gen_corpus.rs unless an identical one (same N, seed, shape, generator)
#              is there.
# Reads SEED (default 42) and BENCH_DIR (default /dev/shm/kuaixun-bench).
seed=${SEED:-42}
bench_dir=${BENCH_DIR:-/dev/shm/kuaixun-bench}

corpus() {
    local n=$1 shape=${2:-default}
    local dir=$bench_dir/corpus-$n
    [[ $shape == default ]] || dir=$bench_dir/corpus-$shape-$n
    local key
    key="articles=$n seed=$seed shape=$shape gen=$(cat benches/gen_corpus.rs benches/gen_corpus/*.rs | sha256sum | cut -c1-16)"
    if [[ -f $dir/.bench-key && $(cat "$dir/.bench-key") == "$key" ]]; then
        echo "== corpus $n: reusing $dir" >&2
    else
        echo "== corpus $n: generating into $dir" >&2
        rm -f "$dir/.bench-key"
        cargo bench -q --bench gen_corpus -- --articles "$n" --out "$dir" --seed "$seed" --shape "$shape" >&2
        printf '%s\n' "$key" >"$dir/.bench-key"
    fi
    printf '%s\n' "$dir"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
