#!/usr/bin/env bash
# Compares kuaixun's pinyin slugs with pypinyin on ≥ 2,000 headline-like titles and times
# 10,000 slugs. Needs PyPI (pypinyin, jieba) in a throwaway venv; the product does not.
#   bash benches/pinyin/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-/tmp/kuaixun-pinyin-venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q pypinyin==0.55.0 jieba==0.42.1
work=$(mktemp -d)
"$VENV/bin/python" benches/pinyin/titles.py "${1:-2400}" > "$work/titles.txt"
cargo bench -q --bench pinyin_slugs -- --print "$work/titles.txt" > "$work/slugs.txt"
"$VENV/bin/python" benches/pinyin/compare.py "$work/titles.txt" "$work/slugs.txt"
cargo bench -q --bench pinyin_slugs -- "$work/titles.txt"
rm -rf "$work"
