"""Which leader assigned a notice's tasks, read from the notice itself.

A conclusion notice names the leader whose conclusions it reports, in its trích yếu and
again in its opening ("Kết luận của đồng chí Nguyễn Cảnh Toàn, Chủ tịch UBND tỉnh tại
cuộc làm việc…", "đồng chí …, Phó Chủ tịch UBND tỉnh chủ trì…"); a document the
Committee issues itself is signed by the assigning authority ("TM. ỦY BAN NHÂN DÂN /
CHỦ TỊCH / name", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name"). A notice of the Office signed
"KT. CHÁNH VĂN PHÒNG" names no leader in its signature: the leader is the one it quotes.

The leader proposed is the active Person with the leader role (`candidates`) whose name
is the one written; failing the name, the one whose title is the one written when a
single leader holds it. Nothing is proposed rather than a guess: the reviewer chooses,
and registration refuses a task without its leader.

The matching runs on folded text (`dondoc.lib.text.fold`: no case, no diacritics); the
phrasings are data (`MENTIONS`, `TITLE_SYNONYMS`, `TITLE_END`), one row each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dondoc.lib.text import fold

# How a document quotes the leader whose conclusions or instructions it carries: "đồng
# chí <Họ tên>, <chức vụ>", or "<chức vụ> <Họ tên>" ("Kết luận của Phó Chủ tịch UBND tỉnh
# Trần Thanh Nhân"). A name is two to five capitalised words: all the words before the
# comma in the first form, the capitalised words after the title in the second.
MENTIONS = (
    (re.compile(r"\bđồng\s+chí\s+(?P<name>\w+(?:\s+\w+){1,4}?)\s*,\s*(?P<title>[^,.;:\n]+)", re.I), True),
    (
        re.compile(
            r"\b(?P<title>(?:phó\s+)?chủ\s+tịch\s+(?:ubnd|ủy\s+ban\s+nhân\s+dân)\s+tỉnh)\s+(?P<name>\w+(?:\s+\w+){1,4})",
            re.I,
        ),
        False,
    ),
)
# Where a quoted title stops (folded): the words that follow it in these sentences.
TITLE_END = re.compile(r"\b(?:tai|chu tri|ket luan|da|ve|lam viec|hop|tham du|cung|va|thong bao|giao)\b")
# Spellings of one title, folded: the short form is the one compared.
TITLE_SYNONYMS = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
)
# The titles of those who assign a province's tasks; the longer first, so that "phó chủ
# tịch" is never read as "chủ tịch". A signer's title counts only with one of these.
LEADER_TITLES = ("pho chu tich", "chu tich")
# How much of a document's text is searched for a quoted leader: the opening, before
# the tasks (the subject and the "Ngày …, đồng chí … chủ trì" paragraph).
OPENING_CHARS = 3000


@dataclass(frozen=True)
class Proposal:
    """The leader proposed (None when none can be told) and why, in Vietnamese."""

    person: object | None
    reason: str


def normalise_title(title: str) -> str:
    text = fold(title).strip(" ,.;:")
    for long, short in TITLE_SYNONYMS:
        text = text.replace(long, short)
    return " ".join(text.split())


def _same_title(written: str, held: str) -> bool:
    """Whether a title as written names the title a person holds: one is the start of
    the other ("chủ tịch UBND tỉnh" and "Chủ tịch UBND tỉnh Lạng Sơn"), and both are the
    same rank ("Phó Chủ tịch …" is never "Chủ tịch …")."""
    a, b = normalise_title(written), normalise_title(held)
    if not a or not b:
        return False
    return a.startswith(b) or b.startswith(a)


def _rank(title: str) -> str | None:
    text = normalise_title(title)
    return next((rank for rank in LEADER_TITLES if text.startswith(rank)), None)


def _match(name: str, title: str, people) -> tuple[object | None, str]:
    """(person, how) for a name and title as written: by name, else by a title held by one."""
    folded = fold(name)
    by_name = [p for p in people if fold(p.full_name) == folded]
    if len(by_name) == 1:
        return by_name[0], "name"
    if _rank(title) is None:
        return None, ""
    by_title = [p for p in people if p.title and _same_title(title, p.title)]
    if len(by_title) == 1:
        return by_title[0], "title"
    return None, ""


def mentions(text: str) -> list[tuple[str, str]]:
    """Every (name, title) quoted as "đồng chí <Name>, <title>" in `text`, as written,
    in order; the title cut where the sentence goes on ("… tại cuộc họp")."""
    found = []
    for pattern, whole_name in MENTIONS:
        for m in pattern.finditer(text or ""):
            start = m.start()
            words = m.group("name").split()
            capitalised = next((n for n, word in enumerate(words) if not word[0].isupper()), len(words))
            if capitalised < 2 or (whole_name and capitalised < len(words)):
                continue  # "đồng chí lãnh đạo UBND tỉnh phụ trách…": no name
            name = " ".join(words[:capitalised])
            words = m.group("title").split()
            cut = TITLE_END.search(" ".join(fold(w) or "_" for w in words))
            if cut is not None:
                words = words[: len(" ".join(fold(w) or "_" for w in words)[: cut.start()].split())]
            if words:
                found.append((start, name, " ".join(words)))
    return [(name, title) for _start, name, title in sorted(found)]


def propose_leader(
    *,
    subject: str,
    text: str,
    signer_name: str,
    signer_title: str,
    signing_authority: str,
    candidates,
) -> Proposal:
    """The leader who assigned the tasks of a document (see the module docstring)."""
    people = list(candidates)
    quoted = mentions(subject) + mentions((text or "")[:OPENING_CHARS])
    for name, title in quoted:
        if _rank(title) is None:
            continue
        person, how = _match(name, title, people)
        written = f"đồng chí {name}, {title}"
        if how == "name":
            return Proposal(person, f"Theo văn bản: kết luận, chỉ đạo của {person.full_name}.")
        if how == "title":
            return Proposal(
                person,
                f"Văn bản nêu “{written}”, không trùng tên tài khoản lãnh đạo nào; "
                f"đề xuất theo chức vụ: {person.full_name} – {person.title}. Hãy kiểm tra lại.",
            )
    if signer_name:
        title = signer_title or ""
        if _rank(title) is not None and "ubnd" not in normalise_title(title):
            # "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" sign for the
            # Committee; under another authority the title names someone else's rank.
            authority = normalise_title(signing_authority)
            title = f"{title} UBND tỉnh" if ("ubnd" in authority or "chu tich" in authority) else ""
        person, how = _match(signer_name, title, people)
        if person is not None:
            return Proposal(person, f"Theo người ký văn bản: {signer_name} ({signer_title}).")
    if quoted:
        name, title = quoted[0]
        return Proposal(
            None,
            f"Văn bản nêu “đồng chí {name}, {title}” nhưng không có tài khoản lãnh đạo tương ứng: "
            "hãy chọn lãnh đạo giao nhiệm vụ.",
        )
    return Proposal(None, "Không xác định được lãnh đạo giao nhiệm vụ từ văn bản: hãy chọn.")
