"""extract() never raises, returns schema-valid output, and stays linear in time on
random, mutated and pathological documents."""

from __future__ import annotations

import random
import time

from extraction_samples import MINUTES, NOTICE, source_from_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_extract import check_schema

from dondoc.extraction import extract
from dondoc.extraction.deadlines import parse_deadline
from dondoc.extraction.source import Block, Source

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINES = [line for line in (NOTICE + MINUTES).splitlines() if line.strip()]
VIET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ALPHABET = st.sampled_from(list(VIET + VIET.upper() + " 0123456789/.,;:-()|*+\n\t\u0301\u0323\u00a0"))


def blocks_source(lines: list[str], fmt: str = "txt") -> Source:
    blocks, parts, pos = [], [], 0
    for i, line in enumerate(lines):
        if parts:
            pos += 1
        if "|" in line and i % 3 == 0:
            cells = [c.strip() for c in line.split("|")]
            text = " | ".join(cells)
            blocks.append(Block(text, pos, pos + len(text), kind="row", cells=cells, table=i % 4, row=i))
        else:
            text = line
            blocks.append(Block(text, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return Source("\n".join(parts), blocks, fmt)


@SETTINGS
@given(st.lists(st.text(ALPHABET, max_size=200), max_size=40))
def test_random_text_never_raises(lines):
    check_schema(extract(blocks_source(lines)))


@SETTINGS
@given(st.lists(st.text(max_size=120), max_size=25))
def test_any_unicode_never_raises(lines):
    check_schema(extract(blocks_source(lines, "docx")))


@SETTINGS
@given(st.randoms(use_true_random=False), st.integers(0, 3))
def test_mutated_documents(rnd, op):
    lines = list(LINES)
    if op == 0:
        rnd.shuffle(lines)
    elif op == 1:
        lines = [x for x in lines for _ in range(rnd.randint(1, 3))]
    elif op == 2:
        lines = lines[: rnd.randint(0, len(lines))]
    else:
        k = rnd.randint(0, len(lines))
        lines = (
            lines[:k]
            + ["| STT | Nội dung | Cơ quan chủ trì | Thời hạn |", "| 1 | Rà soát | Sở Y tế | Quý II/2026 |"]
            + lines[k:]
        )
    # Random cuts inside lines, as a broken PDF dump makes them.
    out = []
    for line in lines:
        if line and rnd.random() < 0.2:
            cut = rnd.randint(0, len(line))
            out += [line[:cut], line[cut:]]
        else:
            out.append(line)
    result = extract(blocks_source([x for x in out if x]))
    check_schema(result)


@SETTINGS
@given(st.text(ALPHABET, max_size=300), st.one_of(st.none(), st.integers(1900, 2100)))
def test_parse_deadline_never_raises(text, year):
    d = parse_deadline(text, context_year=year)
    assert d.kind and (d.due is None or 1899 <= d.due.year <= 2101)


def _timed(src: Source) -> float:
    # CPU time of this process: the test machines are shared, wall time is noisy.
    t0 = time.process_time()
    check_schema(extract(src))
    return time.process_time() - t0


def test_one_megabyte_notice_is_fast():
    body = "\n".join(
        f"{i % 9 + 1}. Giao Sở Tài chính chủ trì, phối hợp với Sở Nội vụ và các cơ quan liên quan "
        f"rà soát nhiệm vụ {i}, báo cáo UBND tỉnh trước ngày {i % 27 + 1}/{i % 12 + 1}/2026."
        for i in range(5800)
    )
    text = NOTICE.replace("Văn phòng UBND tỉnh thông báo", body + "\nVăn phòng UBND tỉnh thông báo")
    assert len(text.encode()) > 1_000_000
    assert _timed(source_from_text(text)) < 6.0  # ~1-2 s on an idle core; slack for shared CI


def test_pathological_inputs_are_linear():
    """No catastrophic backtracking: long runs of the characters the patterns loop on."""
    nasty = [
        "Sở " * 200_000,
        "các sở, ban, ngành, " * 50_000,
        "trước ngày 1/" * 80_000,
        ("ngày " + "1 " * 5000 + "x ") * 40,
        "- " * 300_000,
        "a" * 1_000_000,
        ("Nơi nhận: - " + "A; - " * 1000) * 50,
        "1." * 400_000,
        ("| " * 50 + "\n") * 5_000,
        ("Giao " * 100 + "Sở Y tế phối hợp với " * 100) * 100,
    ]
    for text in nasty:
        lines = [text[i : i + 5000] for i in range(0, len(text), 5000)]
        assert _timed(blocks_source(lines)) < 8.0, text[:30]
        assert _timed(Source(text, [Block(text, 0, len(text))], "txt")) < 8.0, text[:30]


def test_time_is_linear():
    unit = NOTICE.split("2. Nhiệm vụ thời gian tới")[1].split("Văn phòng UBND tỉnh thông báo")[0]
    small = source_from_text(NOTICE + unit * 50)
    big = source_from_text(NOTICE + unit * 400)
    t_small = min(_timed(small) for _ in range(2))
    t_big = min(_timed(big) for _ in range(2))
    assert t_big < t_small * 8 * 2.5 + 0.2


def test_random_mixtures_of_real_lines():
    rnd = random.Random(7)
    for _ in range(30):
        lines = [rnd.choice(LINES) for _ in range(rnd.randint(0, 60))]
        check_schema(extract(source_from_text("\n".join(lines))))
