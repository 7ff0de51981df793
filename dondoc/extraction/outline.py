"""The outline of a document's body, built before any task is read.

`build_outline(paras)` walks the paragraphs once and says, for each:

* its depth in the outline (headings and list labels: "I.", "1.", "1.1.", "a)", "-",
  "+"; a label of a kind already open closes the deeper levels) and the paragraph
  that encloses it;
* whether it is an **attribution line** ("Đơn vị chủ trì: Sở Y tế", "Lãnh đạo phụ
  trách: …", "Đơn vị chủ trì: …; Đơn vị phối hợp: …", "Thời gian hoàn thành: Quý
  II/2026", "Địa điểm: …", "Kinh phí: …"). Attribution lines describe other
  paragraphs and are never tasks themselves. Their labels are the table
  `lexicon.ATTRIBUTION_LABELS`.

A block of consecutive attribution lines describes either

* **the item just above it** ("1. Tuyên truyền …" then "- Cơ quan chủ trì: …", "- Thời
  gian: …"), when nothing but the block lies under that item: the item is then one
  task whose lead, coordinators and deadline are the block's (`Outline.owned`); or
* **every item of its section** (a heading, its task bullets, and "Lãnh đạo phụ
  trách: …", "Đơn vị chủ trì: …; Đơn vị phối hợp: …" after the bullets or before
  them): each bullet is a task whose lead and coordinators are the block's
  (`Outline.section_attrs`). A block after the bullets covers those back to the
  section's start or the previous block; a block before them covers those up to the
  next block or the section's end.

Order of precedence of a task's lead (tasks.py applies it through `pick_lead`; the
first source that names a body wins). The issuer never leads work it assigns: a source
naming the authority the document speaks for (UBND tỉnh and its Chairman, the Prime
Minister) is passed over everywhere, and one naming the issuing body itself wherever
the lead is inherited (attribution, scope, addressee); an item whose own words name
the issuing department ("Sở Tài chính chủ trì …" in the department's own plan) keeps it.

1. ``cell``: the "chủ trì" cell of a task table's row;
2. ``item``: the item's own words ("Giao Sở X chủ trì …", "Sở X có trách nhiệm …",
   "Sở X: …", "Đề nghị Sở X …");
3. ``attribution``: the attribution lines of the item or of its section;
4. ``scope``: the nearest enclosing heading that names the addressee ("2. Sở Tài
   chính:", "1. Đối với Nhà đầu tư dự án …:", "Đối với các tổ chức, doanh nghiệp:")
   or introduction that addresses one ("yêu cầu Sở Nội vụ … thực hiện tốt … sau:"),
   innermost first;
5. ``addressee``: the body a letter is addressed to ("Kính gửi: Sở Y tế").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .lexicon import ATTRIBUTION_LABELS, PERSON_OPENERS
from .structure import Para
from .textutil import is_upper_text

__all__ = ["LEAD_PRECEDENCE", "Outline", "build_outline", "outline_depths", "parse_attribution", "pick_lead"]

LEAD_PRECEDENCE: tuple[str, ...] = ("cell", "item", "attribution", "scope", "addressee")

T = TypeVar("T")


def pick_lead(
    candidates: Mapping[str, T | None], is_issuer: Callable[[str, T], bool]
) -> tuple[str, T] | None:
    """The lead by LEAD_PRECEDENCE: the first source whose body `is_issuer(source,
    body)` does not pass over."""
    for source in LEAD_PRECEDENCE:
        c = candidates.get(source)
        if c is not None and not is_issuer(source, c):
            return source, c
    return None


def _label_re() -> re.Pattern[str]:
    alts = []
    for phrase, kind in sorted(ATTRIBUTION_LABELS, key=lambda x: -len(x[0])):
        words = r"\s+".join(re.escape(w) for w in phrase.split())
        if kind == "spec":
            # "Địa điểm thực hiện:", "Phương thức truyền thông:": a spec head and a few words.
            words += r"(?:\s+[a-z0-9]+){0,3}"
        alts.append(f"(?P<{kind}_{len(alts)}>{words})")
    return re.compile(r"\W*(?:" + "|".join(alts) + r")\s*:\s*")


_LABEL = _label_re()
_PERSON = re.compile(r"^(?:" + "|".join(r"\s+".join(p.split()) for p in PERSON_OPENERS) + r")\b")


def parse_attribution(body: str, folded: str) -> dict[str, str] | None:
    """The fields of an attribution line ({kind: value}), or None when it is not one.
    Kinds: lead, doer, coord, due, product, leader, spec. A line may hold several
    ("Đơn vị chủ trì: Sở A; Đơn vị phối hợp: Sở B")."""
    m = _LABEL.match(folded)
    if m is None or m.start() != 0 or len(body) > 2000:
        return None
    found: list[tuple[str, int, int]] = []
    pos = 0
    while m is not None:
        kind = (m.lastgroup or "spec").rsplit("_", 1)[0]
        found.append((kind, m.start(), m.end()))
        pos = m.end()
        m = _next_label(folded, pos)
    out: dict[str, str] = {}
    for k, (kind, _s, e) in enumerate(found):
        end = found[k + 1][1] if k + 1 < len(found) else len(body)
        value = body[e:end].strip().rstrip(".;,").strip()
        fv = folded[e:end].strip()
        if kind in ("lead", "doer", "coord") and _PERSON.match(fv):
            kind = "leader"  # "Chủ trì: đồng chí …": the person who presides
        if value and kind not in out:
            out[kind] = value
    return out


def _next_label(folded: str, pos: int) -> re.Match[str] | None:
    # A further label starts a segment after ";" or "." ("…; Đơn vị phối hợp: …").
    for sep in re.finditer(r"[;.]\s*", folded[pos:]):
        m = _LABEL.match(folded, pos + sep.end())
        if m is not None:
            return m
    return None


@dataclass(slots=True)
class Outline:
    depth: list[int]
    parent: list[int]  # index of the enclosing paragraph, -1 at the top
    attribute_lines: set[int] = field(default_factory=set)
    owned: dict[int, dict[str, str]] = field(default_factory=dict)
    section_attrs: dict[int, dict[str, str]] = field(default_factory=dict)


def outline_depths(paras: list[Para]) -> list[int]:
    """The depth of each paragraph in the outline."""
    return _depths(paras)[0]


def _depths(paras: list[Para]) -> tuple[list[int], list[int]]:
    depth: list[int] = []
    parent: list[int] = []
    stack: list[tuple[str, int]] = []  # (marker, index)
    for i, p in enumerate(paras):
        if p.kind != "para":
            depth.append(len(stack))
            parent.append(stack[-1][1] if stack else -1)
            continue
        if p.marker is not None:
            kinds = [k for k, _ in stack]
            if p.marker in kinds:
                while stack[-1][0] != p.marker:
                    stack.pop()
                stack.pop()
            parent.append(stack[-1][1] if stack else -1)
            depth.append(len(stack))
            stack.append((p.marker, i))
        elif _unmarked_heading(p):
            # "NHIỆM VỤ 2. PHÁT TRIỂN HẠ TẦNG SỐ": a title in capitals or bold closes
            # the bullets above it and opens a section of its own.
            while stack and stack[-1][0] in ("dash", "plus", _TITLE):
                stack.pop()
            parent.append(stack[-1][1] if stack else -1)
            depth.append(len(stack))
            stack.append((_TITLE, i))
        else:
            parent.append(stack[-1][1] if stack else -1)
            depth.append(len(stack))
    return depth, parent


_TITLE = "title"


def _unmarked_heading(p: Para) -> bool:
    body = p.body.strip()
    return (
        0 < len(body) < 160
        and not body.endswith((".", ";", ":", "!", "?", ")"))
        and (is_upper_text(body) or bool(p.bold))
    )


def build_outline(paras: list[Para], is_heading: Callable[[int], bool] | None = None) -> Outline:
    """The outline of `paras` (see the module's docstring). `is_heading(i)` says
    whether paragraph i is a heading (a title over items rather than an item)."""
    depth, parent = _depths(paras)
    out = Outline(depth, parent)
    fields: dict[int, dict[str, str]] = {}
    for i, p in enumerate(paras):
        if p.kind != "para" or ":" not in p.body[:70]:
            continue
        at = parse_attribution(p.body.strip(), p.fbody().strip())
        if at is not None:
            fields[i] = at
    if not fields:
        return out
    # Blocks of consecutive attribution lines.
    blocks: list[tuple[int, int]] = []
    for i in sorted(fields):
        if blocks and blocks[-1][1] == i - 1:
            blocks[-1] = (blocks[-1][0], i)
        else:
            blocks.append((i, i))
    n = len(paras)
    for a, b in blocks:
        merged: dict[str, str] = {}
        for i in range(a, b + 1):
            for k, v in fields[i].items():
                merged.setdefault(k, v)
        prev = a - 1 if a > 0 and paras[a - 1].kind == "para" else -1
        nxt = b + 1 if b + 1 < n else -1
        under_prev = prev >= 0 and all(parent[i] == prev or depth[i] > depth[prev] for i in range(a, b + 1))
        # Nothing but the block under prev: the next paragraph is not an item below it.
        alone = prev >= 0 and (
            nxt < 0 or paras[nxt].kind != "para" or paras[nxt].marker is None or depth[nxt] <= depth[prev]
        )
        siblings_before = prev >= 0 and _bare_siblings_before(paras, prev, depth, parent, fields)
        unmarked = all(paras[i].marker is None for i in range(a, b + 1))
        if under_prev and alone and not (unmarked and siblings_before):
            # The item above is described by its block: one task.
            owner = paras[prev]
            if not is_upper_text(owner.body) and ("lead" in merged or "doer" in merged or "due" in merged):
                out.owned[prev] = merged
            out.attribute_lines.update(range(a, b + 1))
            continue
        out.attribute_lines.update(range(a, b + 1))
        if not any(k in merged for k in ("lead", "doer", "coord", "due", "product")):
            continue
        # The section: the paragraph enclosing the block (or, for a block under the
        # last bullet, the bullet's parent).
        if under_prev and unmarked and siblings_before:
            sec = parent[prev]
        elif prev >= 0 and depth[a] > depth[prev] and not alone:
            sec = prev  # a block right under the heading, before its bullets
        else:
            sec = parent[a]
        lo = sec + 1
        hi = n
        for k in range(lo, n):
            if (
                paras[k].kind == "para"
                and k > sec
                and sec >= 0
                and depth[k] <= depth[sec]
                and k not in fields
            ):
                hi = k
                break
        before_bullets = not any(
            k not in fields and paras[k].kind == "para"
            for k in range(lo, a)
            if not _is_heading_at(is_heading, k)
        )
        if before_bullets:
            # The block opens the section: it covers what follows, up to the next block.
            rng = range(b + 1, hi)
        else:
            start = lo
            for _pa, pb in blocks:
                if pb < a and pb >= lo:
                    start = pb + 1
            rng = range(start, a)
        for k in rng:
            if k in fields:
                if k > b:
                    break
                continue
            if paras[k].kind == "para":
                out.section_attrs.setdefault(k, merged)
    return out


def _is_heading_at(is_heading: Callable[[int], bool] | None, k: int) -> bool:
    return is_heading(k) if is_heading is not None else False


def _bare_siblings_before(
    paras: list[Para], prev: int, depth: list[int], parent: list[int], fields: dict[int, dict[str, str]]
) -> bool:
    """Whether items of prev's kind precede it, under the same parent, with no
    attribution lines of their own: then a block under prev describes them all."""
    k = prev - 1
    seen = False
    while k >= 0 and parent[k] == parent[prev]:
        if k in fields:
            return False
        if paras[k].marker == paras[prev].marker:
            seen = True
        k -= 1
    return seen
