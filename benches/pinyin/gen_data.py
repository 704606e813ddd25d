"""Writes kuaixun's pinyin tables from pypinyin's data (MIT; its phrase and character
readings come from the pinyin-data and phrase-pinyin-data projects, also MIT).

    python3 -m venv /tmp/venv-pyp && /tmp/venv-pyp/bin/pip install pypinyin
    /tmp/venv-pyp/bin/python benches/pinyin/gen_data.py

Output (toneless, `ü` written `v`, as pypinyin's `lazy_pinyin` NORMAL style):
- src/content/pinyin/chars.txt: `<char><reading>` per line, the first (most common) reading;
- src/content/pinyin/phrases.txt: `<phrase> <syllable> <syllable>…` per line.
"""
import os
import sys

import pypinyin
from pypinyin import Style
from pypinyin.phrases_dict import phrases_dict
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style import convert

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "content", "pinyin")


def normal(py):
    s = convert(py, Style.NORMAL, strict=True)
    return s.replace("ü", "v")


def main():
    os.makedirs(OUT, exist_ok=True)
    chars = []
    for code in sorted(pinyin_dict):
        first = pinyin_dict[code].split(",")[0]
        r = normal(first)
        if r and r.isascii():
            chars.append(f"{chr(code)}{r}\n")
    phrases = []
    for phrase in sorted(phrases_dict):
        readings = [normal(p[0]) for p in phrases_dict[phrase]]
        if len(readings) != len(phrase) or not all(r.isascii() and r for r in readings):
            continue
        phrases.append(f"{phrase} {' '.join(readings)}\n")
    with open(os.path.join(OUT, "chars.txt"), "w", encoding="utf-8") as f:
        f.write("".join(chars))
    with open(os.path.join(OUT, "phrases.txt"), "w", encoding="utf-8") as f:
        f.write("".join(phrases))
    print(f"pypinyin {pypinyin.__version__}: {len(chars)} characters, {len(phrases)} phrases", file=sys.stderr)


if __name__ == "__main__":
    main()
