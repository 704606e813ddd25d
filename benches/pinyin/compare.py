"""Agreement of kuaixun's pinyin slugs with pypinyin's `lazy_pinyin`, syllable for syllable.

    bash benches/pinyin/run.sh      # sets up the venv, generates the titles, runs this

Reads titles.txt and kuaixun's slugs (one per line, same order); prints the agreement and
every title that differs, marking those that contain a word of src/content/pinyin/extra.txt
(words kuaixun reads on purpose differently from pypinyin, which gets them wrong).
"""
import os
import re
import sys

from pypinyin import lazy_pinyin

HERE = os.path.dirname(__file__)
EXTRA = os.path.join(HERE, "..", "..", "src", "content", "pinyin", "extra.txt")


def reference(title):
    words = []
    for chunk in lazy_pinyin(title):
        words.extend(w.lower() for w in re.findall(r"[A-Za-z0-9]+", chunk))
    return "-".join(words)


def main():
    titles_path, slugs_path = sys.argv[1], sys.argv[2]
    with open(titles_path, encoding="utf-8") as f:
        titles = [l.strip() for l in f if l.strip()]
    with open(slugs_path, encoding="utf-8") as f:
        slugs = [l.strip() for l in f]
    assert len(titles) == len(slugs), (len(titles), len(slugs))
    with open(EXTRA, encoding="utf-8") as f:
        extra = [l.split(" ")[0] for l in f if l.strip()]
    same = 0
    differ, corrected = [], []
    for t, s in zip(titles, slugs):
        ref = reference(t)
        if ref == s:
            same += 1
        elif any(w in t for w in extra):
            corrected.append((t, s, ref))
        else:
            differ.append((t, s, ref))
    n = len(titles)
    print(f"{n} titles: {same} agree with pypinyin ({100 * same / n:.2f}%)")
    print(f"  {len(corrected)} differ on purpose (a word of extra.txt that pypinyin reads wrong)")
    print(f"  {len(differ)} differ otherwise; agreement without the extra.txt words: "
          f"{100 * same / max(1, n - len(corrected)):.2f}%")
    for t, s, ref in corrected[:10]:
        print(f"  extra: {t}\n         kuaixun  {s}\n         pypinyin {ref}")
    for t, s, ref in differ:
        print(f"  DIFF:  {t}\n         kuaixun  {s}\n         pypinyin {ref}")


if __name__ == "__main__":
    main()
