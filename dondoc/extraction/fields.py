"""The field of state management (lĩnh vực) a task's content suggests, by its words.

A proposal for the clerk, who may change it: the words of `lexicon.FIELD_KEYWORDS`
are counted in the content, and the field with the most wins; a tie or no word at
all proposes nothing, rather than a guess.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from .lexicon import FIELD_KEYWORDS
from .normalize import fix_tone_placement


def _key(text: str) -> str:
    """Text as the words are matched: NFC, new tone placement ("hoà" -> "hòa"), lower
    case, spaces collapsed; diacritics kept."""
    text = fix_tone_placement(unicodedata.normalize("NFC", text or ""))
    return " ".join(text.lower().split())


@functools.cache
def _pattern() -> re.Pattern[str]:
    """One alternation of every phrase, longest first, so that "giáo dục nghề nghiệp"
    or "phổ biến, giáo dục pháp luật" is read once, as itself, not as "giáo dục"."""
    phrases = sorted({_key(p) for words in FIELD_KEYWORDS.values() for p in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


@functools.cache
def _codes() -> dict[str, str]:
    """Each phrase (matched form) -> its field code; a phrase listed under two fields
    would count for neither."""
    owners: dict[str, set[str]] = {}
    for code, words in FIELD_KEYWORDS.items():
        for phrase in words:
            owners.setdefault(_key(phrase), set()).add(code)
    return {phrase: next(iter(codes)) for phrase, codes in owners.items() if len(codes) == 1}


def _score(text: str, names: Iterable[str]) -> Counter[str]:
    text = _key(text)
    for name in sorted({_key(n) for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, " ")
    codes = _codes()
    return Counter(codes[m] for m in _pattern().findall(text) if m in codes)


def _winner(scores: Counter[str]) -> str:
    best = scores.most_common(2)
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return ""
    return best[0][0]


def propose_field(text: str, *, names: Iterable[str] = (), headings: Iterable[str] = ()) -> str:
    """The code of the field whose words `text` holds most (`lexicon.FIELD_KEYWORDS`),
    not counting what the `names` of its units say; when the text has none, the same
    rule on its section `headings` ("II. LĨNH VỰC Y TẾ"). "" when nothing is found or
    two fields are level."""
    names = list(names)
    scores = _score(text, names)
    if not scores:
        scores = _score("\n".join(headings), names)
    return _winner(scores)
