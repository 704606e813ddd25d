"""Headline-like titles for the slug comparison: the hand-written polyphone-rich headlines of
headlines.txt, plus titles made by putting multi-word phrases from jieba's dictionary (words
that hold a character with more than one reading) into headline frames written for this
bench. Deterministic (seeded), so every run compares the same titles.

    python titles.py [COUNT] > titles.txt
"""
import os
import random
import sys

import jieba
from pypinyin.pinyin_dict import pinyin_dict

HERE = os.path.dirname(__file__)

FRAMES = [
    "{a}成为今年最热门的话题",
    "专家解读：{a}与{b}的关系",
    "国产{a}迎来新一轮融资",
    "一文读懂{a}",
    "{a}市场规模突破千亿",
    "从{a}到{b}：一家创业公司的十年",
    "监管发文规范{a}",
    "{a}，{b}和未来的工作",
    "开发者大会聚焦{a}",
    "{a}新规下月起施行",
    "为什么说{a}是下一个风口",
    "{a}遭遇寒冬，{b}逆势增长",
    "深度：{a}背后的{b}",
    "第三季度{a}报告发布",
    "开源社区热议{a}",
    "{a}走进千家万户",
    "如何评价{a}的最新进展",
    "{a}专题：{b}",
    "高校联合企业攻关{a}",
    "年度盘点：{a}十大事件",
    "{a}的2026：机遇与挑战",
    "周报第12期：{a}、{b}",
    "手机厂商押注{a}",
    "{a}能否带动{b}",
]


def polyphone_words():
    poly = {chr(c) for c, v in pinyin_dict.items() if "," in v}
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ")
            if 2 <= len(word) <= 4 and int(freq) >= 50 and all("\u4e00" <= c <= "\u9fff" for c in word):
                if any(c in poly for c in word):
                    words.append(word)
    return words


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2400
    rng = random.Random(20261201)
    with open(os.path.join(HERE, "headlines.txt"), encoding="utf-8") as f:
        titles = [l.strip() for l in f if l.strip()]
    words = polyphone_words()
    while len(titles) < count:
        frame = rng.choice(FRAMES)
        titles.append(frame.format(a=rng.choice(words), b=rng.choice(words)))
    print(f"{len(titles)} titles ({len(words)} polyphone words to draw from)", file=sys.stderr)
    sys.stdout.write("".join(t + "\n" for t in titles))


if __name__ == "__main__":
    main()
