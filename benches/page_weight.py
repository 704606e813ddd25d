#!/usr/bin/env python3
"""Bytes of images a phone downloads for a built page: each <img> on the page, the file a
browser picks from its srcset for the slot its `sizes` gives at the viewport width (the
smallest candidate at least slot × DPR wide, else the widest), or its src without a srcset.
Standard library only.

    python3 benches/page_weight.py OUT_DIR PAGE [WIDTH [DPR]]
    python3 benches/page_weight.py public index.html 390 2
"""
import html.parser
import os
import re
import sys
import urllib.parse


class Imgs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.imgs.append(dict(attrs))


def length(text, viewport):
    text = text.strip()
    m = re.fullmatch(r"([\d.]+)(vw|px|em|rem)", text)
    if not m:
        return viewport
    n, unit = float(m.group(1)), m.group(2)
    return {"vw": viewport * n / 100, "px": n}.get(unit, n * 16)


def slot(sizes, viewport):
    for part in (sizes or "100vw").split(","):
        part = part.strip()
        m = re.fullmatch(r"\(max-width:\s*([\d.]+)(px|em|rem)\)\s+(.+)", part)
        if m:
            limit = float(m.group(1)) * (1 if m.group(2) == "px" else 16)
            if viewport <= limit:
                return length(m.group(3), viewport)
            continue
        return length(part, viewport)
    return viewport


def pick(img, viewport, dpr):
    srcset = img.get("srcset")
    if not srcset:
        return img.get("src")
    cands = []
    for c in srcset.split(","):
        url, w = c.strip().rsplit(" ", 1)
        cands.append((int(w.rstrip("w")), url))
    need = slot(img.get("sizes"), viewport) * dpr
    fit = [c for c in sorted(cands) if c[0] >= need]
    return (fit[0] if fit else max(cands))[1]


def main():
    out, page = sys.argv[1], sys.argv[2]
    viewport = float(sys.argv[3]) if len(sys.argv) > 3 else 390
    dpr = float(sys.argv[4]) if len(sys.argv) > 4 else 1
    p = Imgs()
    p.feed(open(os.path.join(out, page), encoding="utf-8").read())
    total = 0
    for img in p.imgs:
        url = pick(img, viewport, dpr)
        if not url or "//" in url:
            continue
        path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lstrip("/")
        size = os.path.getsize(os.path.join(out, path))
        total += size
        print(f"  {size:>9,} B  {url}", file=sys.stderr)
    print(total)


if __name__ == "__main__":
    main()
