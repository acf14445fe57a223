"""Titles of saved pages: is the title found for each cleaning-dev page its article's headline?

    python -m bench.titles [--data ../shared/bench/cleaning-dev] [--show]

The human-made article text (`truth.txt`) opens with the headline, sometimes after or before a
date, a standfirst or a byline. For each page's `page.txt`, the title cleaning finds is compared
(lower case, punctuation and spacing ignored) with the truth's first line and with its first
three; `--show` lists the pages where it is neither.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from summarize.clean import clean_lines

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "cleaning-dev"


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA, help="the cleaning-dev folder")
    ap.add_argument("--show", action="store_true", help="list the pages whose title is in neither")
    args = ap.parse_args()
    pages = sorted(p for p in (args.data / "pages").iterdir() if p.is_dir())
    first = top3 = 0
    missed = []
    for page in pages:
        title, _ = clean_lines((page / "page.txt").read_text(encoding="utf-8", errors="replace"))
        truth = (page / "truth.txt").read_text(encoding="utf-8", errors="replace").splitlines()
        found = _plain(title)
        lines = [_plain(line) for line in truth[:3]]
        if found and lines and found == lines[0]:
            first += 1
        if found and found in lines:
            top3 += 1
        else:
            missed.append((page.name, title, truth[0] if truth else ""))
    counts = f"the article's first line {first}, one of its first three {top3}, neither {len(missed)}"
    print(f"{len(pages)} pages: title = {counts}")
    if args.show:
        for name, title, line in missed:
            print(f"  {name}: {title[:70]!r}  (article opens: {line[:70]!r})")


if __name__ == "__main__":
    main()
