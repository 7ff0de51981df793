"""Bodies (cơ quan, đơn vị) named in a document: the gazetteer and the phrase parser.

`Gazetteer(entries)` indexes the aliases of known bodies once (folded: case, diacritics
and tone placement do not matter; "UBND" = "Ủy ban nhân dân"); `parse_body` and
`parse_body_list` read the name of a body as written at a token position, using the
gazetteer first and generic patterns ("các sở, ban, ngành", "Trung tâm Dịch vụ việc
làm", "UBND phường Yên Bái", "các cơ quan liên quan") for the rest.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .lexicon import (
    ABBREVIATIONS,
    ADMIN_WORDS,
    AMBIGUOUS_STOPS,
    BARE_BODIES,
    CO_VERB_PHRASES,
    COLLECTIVE_NOUNS,
    COMPOUND_NOUNS,
    LOWER_HEADS,
    NAME_WORDS,
    NOT_BODY_AFTER,
    NOUN_HEADS,
    OBJECT_NOUNS,
    OWNER_QUALIFIERS,
    PROPER_HEADS,
    STOP_PHRASES,
    TITLES,
)
from .textutil import collapse, ffold

__all__ = [
    "Entry",
    "Gazetteer",
    "Token",
    "tokenize",
    "BodySpan",
    "parse_body",
    "parse_body_list",
    "expand_distributive",
]


@dataclass(slots=True)
class Token:
    start: int
    end: int
    w: str  # folded word or punctuation character
    cap: bool  # first letter upper case in the original
    word: bool  # a word (letters/digits), not punctuation
    text: str = ""  # the word as written, lower case (to tell "đã" from "đa")


_TOKEN_RE = re.compile(r"(?P<w>[a-z0-9]+(?:&[a-z0-9]+)*)|(?P<p>[^\sa-z0-9\u00b7])")


def tokenize(text: str, folded: str | None = None, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens with offsets (+offset) and folded forms.
    Cached: the rules look at the same window of a paragraph more than once; callers
    must not modify the returned list."""
    f = folded if folded is not None else ffold(text)
    if len(text) > 2048:
        return _tokenize(text, f, offset)
    return _tokenize_cached(text, f, offset)


@functools.lru_cache(maxsize=4096)
def _tokenize_cached(text: str, f: str, offset: int) -> list[Token]:
    return _tokenize(text, f, offset)


def _tokenize(text: str, f: str, offset: int) -> list[Token]:
    new = Token
    out: list[Token] = []
    append = out.append
    # One span() call and an integer group test per token: this loop runs over every
    # window the rules look at, so the per-token method calls show in the profile.
    for m in _TOKEN_RE.finditer(f):
        s, e = m.span()
        if m.lastindex == 1:  # group "w": a word
            append(new(s + offset, e + offset, m.group(), text[s].isupper(), True, text[s:e]))
        else:
            append(new(s + offset, e + offset, m.group(), False, False))
    return out


def _variants(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    out = {words}
    for _ in range(2):
        new = set()
        for v in out:
            for long, short in ABBREVIATIONS:
                for a, b in ((long, short), (short, long)):
                    n = len(a)
                    for i in range(len(v) - n + 1):
                        if v[i : i + n] == a:
                            new.add(v[:i] + b + v[i + n :])
        out |= new
    return out


@dataclass(slots=True)
class Entry:
    id: object
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "unit"


class Gazetteer:
    """Known bodies, matched tolerantly. Build once, reuse: the index is precomputed."""

    def __init__(self, entries: Iterable[Entry | dict | tuple]):
        self.entries: list[Entry] = []
        # Aliases indexed by their first two words (one-word aliases by the word):
        # matching at a token is one or two dict look-ups, whatever the list's size.
        self._index: dict[object, list[tuple[tuple[str, ...], Entry]]] = {}
        for e in entries:
            if isinstance(e, dict):
                e = Entry(e["id"], e["name"], list(e.get("aliases") or []), e.get("kind") or "unit")
            elif isinstance(e, tuple):
                e = Entry(*e)
            self.entries.append(e)
            for alias in [e.name, *e.aliases]:
                words = tuple(t.w for t in tokenize(alias) if t.word)
                if not words:
                    continue
                for v in _variants(words):
                    key = v[0] if len(v) == 1 else (v[0], v[1])
                    self._index.setdefault(key, []).append((v, e))
        for lst in self._index.values():
            lst.sort(key=lambda p: -len(p[0]))

    def first_words(self) -> frozenset[str]:
        """Folded words an alias can start with."""
        fw = self.__dict__.get("_first") if hasattr(self, "__dict__") else None
        if fw is None:
            fw = frozenset(k if isinstance(k, str) else k[0] for k in self._index)
            self._first = fw
        return fw

    @classmethod
    def default(cls) -> Gazetteer:
        global _DEFAULT
        if _DEFAULT is None:
            from .gazetteer_data import ENTRIES

            _DEFAULT = cls(Entry(i, n, list(a), k) for i, n, a, k in ENTRIES)
        return _DEFAULT

    def match(self, tokens: list[Token], i: int) -> tuple[Entry, int] | None:
        """Longest alias starting at token i; returns (entry, index after the match).
        Commas and dashes inside a name are skipped ("Sở Văn hóa, Thể thao và Du lịch")."""
        if i >= len(tokens) or not tokens[i].word:
            return None
        w0 = tokens[i].w
        cands = self._index.get((w0, tokens[i + 1].w), ()) if i + 1 < len(tokens) else ()
        single = self._index.get(w0, ())
        if not cands and not single:
            return None
        for words, entry in [*cands, *single]:
            j = i
            ok = True
            for k, w in enumerate(words):
                if k:
                    while j < len(tokens) and tokens[j].w in (",", "-") and k < len(words):
                        j += 1
                if j < len(tokens) and tokens[j].w == w:
                    j += 1
                else:
                    ok = False
                    break
            if ok:
                return entry, j
        return None

    def resolve(self, name: str | None) -> Entry | None:
        """The entry a written name refers to, or None."""
        if not name:
            return None
        toks = [t for t in tokenize(name)]
        start = 0
        while start < len(toks) and toks[start].w in ("cac", "toan", "the"):
            start += 1
        for s in (start, 0):
            m = self.match(toks, s)
            if m:
                entry, j = m
                rest = [t for t in toks[j:] if t.word]
                if not rest or rest[0].w in ("tinh", "thanh", "lien", "co"):
                    return entry
        return None


_DEFAULT: Gazetteer | None = None


# ----------------------------------------------------------------------------------
# Generic body phrases.
# ----------------------------------------------------------------------------------


def _phrases(*items: str) -> dict[str, list[tuple[str, ...]]]:
    d: dict[str, list[tuple[str, ...]]] = {}
    for it in items:
        ws = tuple(it.split())
        d.setdefault(ws[0], []).append(ws)
    for v in d.values():
        v.sort(key=lambda p: -len(p))
    return d


_COLLECTIVE = _phrases(*COLLECTIVE_NOUNS)

_PROPER_HEADS = _phrases(*PROPER_HEADS)

_OWNERS = _phrases(*OWNER_QUALIFIERS)

_CO_VERBS = _phrases(*CO_VERB_PHRASES)

_LOWER_HEADS = _phrases(*LOWER_HEADS)

_TITLES = _phrases(*TITLES)


_STOP = _phrases(*STOP_PHRASES)

_STRONG_STOP = _phrases(*[p for p in STOP_PHRASES if p not in NAME_WORDS], "to chuc")

_SEPARATORS = {",", ";", "va", "cung", "/"}


def _match_phrase(tokens: list[Token], i: int, table: dict[str, list[tuple[str, ...]]]) -> int:
    """Length in tokens of the longest phrase of `table` at i (0 if none)."""
    if i >= len(tokens) or not tokens[i].word:
        return 0
    for ws in table.get(tokens[i].w, ()):
        n = len(ws)
        if i + n <= len(tokens) and all(tokens[i + k].w == ws[k] for k in range(n)):
            return n
    return 0


@dataclass(slots=True)
class BodySpan:
    i: int  # first token
    j: int  # token after the last
    start: int
    end: int
    entry: Entry | None = None
    text: str = ""


def _is_stop(tokens: list[Token], i: int, strong: bool) -> bool:
    if i >= len(tokens):
        return True
    t = tokens[i]
    if not t.word:
        return True
    if t.w in ("lien",) and i + 1 < len(tokens) and tokens[i + 1].w == "quan":
        return False
    if t.w == "co" and i + 2 < len(tokens) and tokens[i + 1].w == "lien" and tokens[i + 2].w == "quan":
        return False
    n = _match_phrase(tokens, i, _STRONG_STOP if strong else _STOP)
    if n == 1 and t.w in AMBIGUOUS_STOPS and t.text and t.text.lower() not in AMBIGUOUS_STOPS[t.w]:
        return False  # "đa khoa" is not "đã", "Tài" is not "tại"
    return n > 0


_OBJECT_NOUNS = _phrases(*OBJECT_NOUNS)


def _tail(tokens: list[Token], j: int, *, proper: bool, limit: int) -> int:
    """Extend a name from token j: modifiers up to a verb or punctuation."""
    n = 0
    title_run = 0
    after_tinh = False
    while j < len(tokens) and n < limit:
        t = tokens[j]
        if t.w in ("lien",) and j + 1 < len(tokens) and tokens[j + 1].w == "quan":
            return j + 2  # "liên quan" closes a generic name
        if t.w == "co" and j + 2 < len(tokens) and tokens[j + 1].w == "lien" and tokens[j + 2].w == "quan":
            return j + 3
        if not t.word:
            # "Sở Văn hóa, Thể thao ..." / "Lao động - Thương binh": punctuation then a
            # capitalised word that is not a new head continues a proper name.
            if proper and t.w in (",", "-") and j + 1 < len(tokens):
                nt = tokens[j + 1]
                if nt.word and nt.cap and not _match_phrase(tokens, j + 1, _PROPER_HEADS) and nt.w != "cac":
                    j += 1
                    continue
            if (
                t.w == ","
                and j + 1 < len(tokens)
                and tokens[j + 1].w in ADMIN_WORDS
                and not tokens[j + 1].cap
            ):
                j += 1
                continue
            if (
                t.w == ","
                and j > 0
                and j + 1 < len(tokens)
                and tokens[j - 1].w == "phong"
                and tokens[j + 1].w == "chong"
            ):
                # "Ban Chỉ đạo phòng, chống thiên tai": one expression in the name.
                j += 1
                continue
            return j
        if (
            t.w == "co"
            and (not proper or (j > 0 and not tokens[j - 1].cap and t.text.lower() == "có"))
            and j + 1 < len(tokens)
            and tokens[j + 1].word
        ):
            # "có rừng", "(UBND các xã) có dự án": a short qualifier (up to three
            # words) that ends where the sentence's verb or punctuation begins; "có
            # trách nhiệm" is the verb itself.
            if _match_phrase(tokens, j, _STOP) > 1 or _match_phrase(tokens, j, _CO_VERBS):
                return j
            k = j + 1
            while k < len(tokens) and k - j <= 3 and not _is_stop(tokens, k, strong=False):
                k += 1
            if k > j + 1 and k - j <= 3 and _is_stop(tokens, k, strong=False):
                return k
            return j
        if t.w == "va":
            nt = tokens[j + 1] if j + 1 < len(tokens) else None
            if nt is not None and nt.w in ADMIN_WORDS:
                j += 1
                continue
            if (
                proper
                and nt is not None
                and nt.word
                and nt.cap
                and not _match_phrase(tokens, j + 1, _PROPER_HEADS)
            ):
                j += 1
                continue
            if nt is not None and nt.w in ("thanh",) and not proper:
                j += 1
                continue
            return j
        if (
            t.w.isdigit()
            and len(t.w) <= 2
            and t.text == t.w
            and (title_run >= 1 or (j > 0 and tokens[j - 1].w in ("so", "vuc") and tokens[j - 1].word))
        ):
            # "UBND xã Đông Ngũ 2", "phường Hạ Long 3": since the 2025 mergers a
            # numeral after the place is part of the unit's name.
            j += 1
            n += 1
            title_run = 0
            continue
        # A proper name that ends with a place ("Công ty Điện lực Bắc Kạn", two or
        # more Title-case words) is over at a lower-case word that is not an
        # administrative level ("tỉnh"): "... Bắc Kạn vận hành" is the verb.
        if proper and not t.cap and (title_run >= 2 or after_tinh) and t.w not in ADMIN_WORDS:
            return j
        title_run = title_run + 1 if t.cap and not t.text.isupper() else 0
        # "Ban Dân tộc tỉnh khảo sát ...": a lower-case "tỉnh" closes the name too.
        after_tinh = t.w == "tinh" and not t.cap
        if proper and not t.cap and t.w in _STOP:
            # "Cục Điện lực xây dựng chương trình ...": a verb (one a name may also
            # hold, "Ban Quản lý dự án đầu tư xây dựng") whose object is a document.
            n = _match_phrase(tokens, j, _STOP)
            if n and j + n < len(tokens) and tokens[j + n].w in _OBJECT_NOUNS:
                if _match_phrase(tokens, j + n, _OBJECT_NOUNS):
                    return j
        # In a proper name only a lower-case word can end it: folded, "Tài" (a name
        # word) and "tại" (a preposition) are the same letters. The second syllable
        # of a noun ("công trình", "quy trình") is not the verb it spells alone.
        if (
            not (proper and t.cap)
            and _is_stop(tokens, j, strong=proper)
            and not (j > 0 and (tokens[j - 1].w, t.w) in COMPOUND_NOUNS)
        ):
            return j
        if t.w == "cac":
            if proper and j + 1 < len(tokens) and tokens[j + 1].w in ("xa", "phuong", "tinh", "huyen"):
                # "Phòng Văn hóa - Xã hội các xã, phường": the same unit of every
                # commune, one collective name.
                k = _more_collective(tokens, j + 1 + (_match_phrase(tokens, j + 1, _COLLECTIVE) or 1))
                return k
            return j
        j += 1
        n += 1
    return j


def _more_collective(tokens: list[Token], j: int) -> int:
    """More nouns of one collective: "sở, ban, ngành", "cơ quan, đơn vị, địa phương".
    "và" starts another body ("các sở, ngành và địa phương" names two)."""
    while j + 1 < len(tokens) and tokens[j].w == "," and _match_phrase(tokens, j + 1, _COLLECTIVE):
        if tokens[j + 1].w == "cac" or tokens[j + 1].cap:
            break
        j += 1 + _match_phrase(tokens, j + 1, _COLLECTIVE)
    return j


def parse_body(
    tokens: list[Token],
    i: int,
    gazetteer: Gazetteer | None,
    *,
    lower_ok: bool = False,
) -> BodySpan | None:
    """The body named at token i, or None. `lower_ok` also accepts lower-case generic
    bodies without "các" ("cơ quan liên quan", "địa phương có rừng")."""
    if i >= len(tokens) or not tokens[i].word:
        return None
    start_i = i
    # Title before the body: "Chủ tịch UBND các xã, phường", "Giám đốc các Sở".
    tn = _match_phrase(tokens, i, _TITLES)
    if tn and i + tn < len(tokens):
        inner = parse_body(tokens, i + tn, gazetteer, lower_ok=True)
        if inner is not None:
            return BodySpan(start_i, inner.j, tokens[start_i].start, inner.end, inner.entry)
        # A bare title in a list of titles: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, ...".
        if (
            tokens[i + tn].w in (",", "va", ":")
            and i + tn + 1 < len(tokens)
            and _match_phrase(tokens, i + tn + 1, _TITLES)
        ):
            return BodySpan(start_i, i + tn, tokens[start_i].start, tokens[i + tn - 1].end)
        return None
    if gazetteer is not None:
        m = gazetteer.match(tokens, i)
        if m:
            entry, j = m
            # "UBND các xã, phường ven biển": a collective known to the gazetteer
            # narrowed by what follows it.
            if (
                j < len(tokens)
                and tokens[j - 1].w in ADMIN_WORDS
                and tokens[j].word
                and not tokens[j].cap
                and any(t.w == "cac" for t in tokens[i:j])
            ):
                k = _tail(tokens, j, proper=False, limit=4)
                # Verbs a plain name may carry ("tổ chức") still end this one.
                k = next(
                    (x for x in range(j, k) if tokens[x].w != "co" and _is_stop(tokens, x, strong=True)), k
                )
                if k > j:
                    return BodySpan(start_i, k, tokens[start_i].start, tokens[k - 1].end, entry)
            # "Sở Công Thương các tỉnh, thành phố": the same department of every
            # province, a collective, not the province's own.
            if (
                j + 1 < len(tokens)
                and tokens[j].w == "cac"
                and tokens[j + 1].w in ("tinh", "thanh", "xa", "phuong", "huyen", "dia")
            ):
                n = _match_phrase(tokens, j + 1, _COLLECTIVE)
                if n:
                    k = _more_collective(tokens, j + 1 + n)
                    k = _tail(tokens, k, proper=False, limit=5)
                    return BodySpan(start_i, k, tokens[start_i].start, tokens[k - 1].end, entry)
            # "Ban Quản lý Khu kinh tế tỉnh kêu gọi ...": a bare "tỉnh" after the name
            # is how the province's own body is written; "Sở Nội vụ tỉnh Lạng Sơn":
            # the place is part of what is written, not of the name.
            if (
                j + 1 < len(tokens)
                and tokens[j].w == "tinh"
                and not tokens[j].cap
                and tokens[j + 1].word
                and not tokens[j + 1].cap
            ):
                j += 1
            return BodySpan(start_i, j, tokens[start_i].start, tokens[j - 1].end, entry)
    t = tokens[i]
    if t.w in ("cac", "toan", "moi") and i + 1 < len(tokens):
        j = i + 1
        if gazetteer is not None:
            m = gazetteer.match(tokens, j)
            if m:
                entry, j2 = m
                return BodySpan(start_i, j2, tokens[start_i].start, tokens[j2 - 1].end, entry)
        n = _match_phrase(tokens, j, _COLLECTIVE)
        if not n:
            return None
        head = tokens[j].w
        nxt = tokens[j + n].w if j + n < len(tokens) else ""
        if head in NOT_BODY_AFTER and nxt in NOT_BODY_AFTER[head]:
            return None
        j += n
        # Distributive list "các Bộ: Công Thương, Tài chính" / "UBND các phường: Yên Bái".
        if j < len(tokens) and tokens[j].w == ":" and j + 1 < len(tokens) and tokens[j + 1].cap:
            k = j + 1
            while (
                k < len(tokens)
                and tokens[k].w not in (";", ".", ":")
                and not (tokens[k].word and not tokens[k].cap and _match_phrase(tokens, k, _STRONG_STOP) >= 2)
            ):
                k += 1
            return BodySpan(start_i, k, tokens[start_i].start, tokens[k - 1].end)
        # More collective nouns: "các sở, ban, ngành", "các cơ quan, đơn vị".
        j = _more_collective(tokens, j)
        proper = j < len(tokens) and tokens[j].cap
        j = _tail(tokens, j, proper=proper, limit=8)
        # "các cơ quan, đơn vị của Trung ương": whose bodies they are.
        j += _match_phrase(tokens, j, _OWNERS)
        return BodySpan(start_i, j, tokens[start_i].start, tokens[j - 1].end)
    n = _match_phrase(tokens, i, _PROPER_HEADS)
    if n and t.cap:
        nxt = tokens[i + n] if i + n < len(tokens) else None
        if t.w in NOT_BODY_AFTER and n == 1 and nxt is not None and nxt.w in NOT_BODY_AFTER[t.w]:
            return None
        if nxt is None or not nxt.word:
            return None
        # "Sở Nội vụ", "UBND phường Yên Bái", "UBND cấp xã", "Ban QLDA ...".
        if (
            nxt.w in ("cac", "cap")
            and tokens[i].w in ("uy", "ubnd", "hdnd", "hoi")
            and i + n + 1 < len(tokens)
        ):
            j = _tail(tokens, i + n + 1, proper=True, limit=10)
            return BodySpan(start_i, j, tokens[start_i].start, tokens[j - 1].end)
        if not (
            nxt.cap
            or nxt.w in ("cac", "cap", "tinh", "xa", "phuong", "huyen", "thanh", "dac", "quan", "ly")
            or " ".join(x.w for x in tokens[i : i + n]) in NOUN_HEADS
        ):
            return None
        j = _tail(tokens, i + n, proper=True, limit=10)
        if j <= i + n and " ".join(x.w for x in tokens[i : i + n]) not in BARE_BODIES:
            return None
        return BodySpan(start_i, j, tokens[start_i].start, tokens[j - 1].end)
    if lower_ok:
        n = _match_phrase(tokens, i, _LOWER_HEADS)
        if n:
            nxt = tokens[i + n].w if i + n < len(tokens) else ""
            if t.w in ("to", "phong") and nxt in ("chuc", "thuc", "hien", "trien", "chong"):
                if t.w == "to" and n == 2 and nxt not in ("thuc", "trien"):
                    pass
                else:
                    return None
            j = _more_collective(tokens, i + n)
            j = _tail(tokens, j, proper=False, limit=6)
            return BodySpan(start_i, j, tokens[start_i].start, tokens[j - 1].end)
    return None


_OPENERS1 = frozenset(
    [
        ws[0]
        for tbl in (_PROPER_HEADS, _LOWER_HEADS, _TITLES)
        for v in tbl.values()
        for ws in v
        if len(ws) == 1
    ]
    + ["cac", "toan", "moi"]
)
_OPENERS2 = frozenset(
    (ws[0], ws[1])
    for tbl in (_PROPER_HEADS, _LOWER_HEADS, _TITLES)
    for v in tbl.values()
    for ws in v
    if len(ws) > 1
)


def may_open_body(w1: str, gazetteer: Gazetteer | None, w2: str = "") -> bool:
    """Whether a body's name can start with these folded words (a cheap pre-check that
    spares tokenizing clauses that open with a verb such as "Tổ chức", "Chủ trì")."""
    if w1 in _OPENERS1 or (w1, w2) in _OPENERS2:
        return True
    if gazetteer is None:
        return False
    idx = gazetteer._index
    return w1 in idx or (w1, w2) in idx


def parse_body_list(
    tokens: list[Token],
    i: int,
    gazetteer: Gazetteer | None,
    *,
    lower_ok: bool = True,
    limit: int = 12,
) -> tuple[list[BodySpan], int]:
    """Bodies listed from token i ("Bộ Tài chính, Bộ Tư pháp và các cơ quan liên quan").
    Returns the spans and the token index after the list."""
    out: list[BodySpan] = []
    j = i
    while j < len(tokens) and len(out) < limit:
        b = parse_body(tokens, j, gazetteer, lower_ok=lower_ok or bool(out))
        if b is None:
            break
        out.append(b)
        j = b.j
        if j < len(tokens) and tokens[j].w in _SEPARATORS:
            k = j + 1
            # "phối hợp với A, B và C" / "A; B" — continue only if a body follows.
            if k < len(tokens) and tokens[k].w == "cac" or parse_body(tokens, k, gazetteer, lower_ok=True):
                j = k
                continue
        break
    return out, j


def expand_distributive(text: str, gazetteer: Gazetteer | None) -> list[str]:
    """'các Bộ: Công Thương, Tài chính' -> ['Bộ Công Thương', 'Bộ Tài chính'];
    'các Bộ Tài nguyên và Môi trường, Tư pháp' likewise. Other names are returned as is."""
    m = re.match(r"^\s*[Cc]ác\s+(Bộ|Sở|bộ|sở)\s*:?\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ])", text)
    if not m:
        return [text]
    head = m.group(1).capitalize()
    rest = text[m.end() :]
    toks = tokenize(rest)
    names: list[str] = []
    k = 0
    while k < len(toks):
        if not toks[k].word:
            k += 1
            continue
        if toks[k].w == "va" or not toks[k].cap:
            k += 1
            continue
        if _match_phrase(toks, k, _PROPER_HEADS):
            # "các Sở: Tài chính, Xây dựng, Công ty …": a body with its own head ends
            # the shared one; it and those after it are named as written.
            bl, _ = parse_body_list(toks, k, gazetteer, lower_ok=True)
            names.extend(collapse(rest[b.start : b.end]).strip(" ,;:") for b in bl)
            break
        got = None
        if gazetteer is not None:
            virtual = tokenize(head + " " + rest[toks[k].start :])
            mm = gazetteer.match(virtual, 0)
            if mm:
                _, jv = mm
                end = virtual[jv - 1].end - len(head) - 1 + toks[k].start
                got = end
        if got is None:
            e = k
            while e < len(toks) and toks[e].w not in (",", ";", ":"):
                e += 1
            got = toks[e - 1].end
        names.append(head + " " + rest[toks[k].start : got].strip())
        while k < len(toks) and toks[k].start < got:
            k += 1
        # The list goes on only after "," or "và".
        if k >= len(toks) or toks[k].w not in (",", "va"):
            break
    return names or [text]
