"""extract()/extract_file(): schema, a .docx with a task table built here, the dev corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extraction_samples import NOTICE, source_from_text

from dondoc.extraction import SCHEMA, Gazetteer, extract, extract_file
from dondoc.extraction.source import Block, Source

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dev"

TASK_KEYS = {"text", "section", "lead", "coordinators", "products", "deadline", "urgent", "recurrence"}
DOC_KEYS = {"kind", "number", "symbol", "place", "issued_on", "subject", "meeting_on", "signer", "recipients"}


def check_schema(result: dict) -> None:
    assert result["schema"] == SCHEMA
    assert DOC_KEYS <= set(result["document"])
    for t in result["tasks"]:
        assert TASK_KEYS <= set(t)
        assert isinstance(t["text"], str) and t["text"]
        assert t["lead"] is None or isinstance(t["lead"], str)
        assert isinstance(t["coordinators"], list) and isinstance(t["products"], list)
        assert set(t["deadline"]) >= {"text", "due", "kind"}
        assert isinstance(t["urgent"], bool)
        assert t["recurrence"] in (None, "weekly", "monthly", "quarterly", "half-yearly", "yearly")
        assert 0 <= t["span"]["start"] <= t["span"]["end"]
    json.dumps(result, ensure_ascii=False)


def test_notice_result_schema():
    check_schema(extract(source_from_text(NOTICE)))


def test_custom_gazetteer_ids():
    gaz = Gazetteer(
        [{"id": 41, "name": "Sở Tài chính", "aliases": ["STC"]}, {"id": 42, "name": "Công an tỉnh"}]
    )
    tasks = extract(source_from_text(NOTICE), gazetteer=gaz)["tasks"]
    assert tasks[1]["lead_id"] == 41 and tasks[4]["lead_id"] == 42
    assert tasks[0]["lead"] == "Sở Khoa học và Công nghệ" and tasks[0]["lead_id"] is None


def test_options_before_inclusive():
    tasks = extract(source_from_text(NOTICE), options={"before_is_previous_day": False})["tasks"]
    assert tasks[0]["deadline"]["due"] == "2026-03-15"


def _docx_with_task_table(path: Path) -> None:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH"
    t.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    t.cell(1, 0).text = "Số: 45/KH-UBND"
    t.cell(1, 1).text = "Bắc Ninh, ngày 12 tháng 01 năm 2026"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện chương trình chuyển đổi số năm 2026")
    d.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    d.add_paragraph("- Nâng cao hiệu quả chuyển đổi số trong cơ quan nhà nước.")
    d.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    d.add_paragraph("(Chi tiết tại Phụ lục kèm theo)")
    rows = [
        (
            "STT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Sản phẩm",
        ),
        (
            "1",
            "Xây dựng kho dữ liệu dùng chung của tỉnh",
            "Sở Khoa học và Công nghệ",
            "Sở Tài chính; các sở, ngành",
            "Quý II/2026",
            "Cơ sở dữ liệu",
        ),
        (
            "2",
            "Rà soát thủ tục hành chính trực tuyến",
            "Văn phòng UBND tỉnh",
            "Các sở, ngành",
            "Trước ngày 30/6/2026",
            "Báo cáo",
        ),
        (
            "3",
            "Tập huấn kỹ năng số cho công chức cấp xã",
            "Sở Nội vụ",
            "UBND các xã, phường",
            "Hằng năm",
            "Kế hoạch",
        ),
    ]
    table = d.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            table.cell(r, c).text = val
    d.add_paragraph("Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    d.add_paragraph("Nguyễn Văn Hùng")
    d.save(path)


def test_docx_task_table(tmp_path):
    path = tmp_path / "plan.docx"
    _docx_with_task_table(path)
    try:
        source, result = extract_file(path)
    except ImportError:
        pytest.skip("readers not available")
    check_schema(result)
    doc = result["document"]
    assert (doc["kind"], doc["number"], doc["symbol"], doc["issued_on"]) == (
        "KH",
        "45",
        "KH-UBND",
        "2026-01-12",
    )
    tasks = result["tasks"]
    assert [t["lead"] for t in tasks] == ["Sở Khoa học và Công nghệ", "Văn phòng UBND tỉnh", "Sở Nội vụ"]
    assert [t["deadline"]["due"] for t in tasks] == ["2026-06-30", "2026-06-29", None]
    assert tasks[0]["coordinators"] == ["Sở Tài chính", "các sở, ngành"]
    assert tasks[0]["products"] == ["cơ sở dữ liệu"] and tasks[2]["recurrence"] == "yearly"
    for t in tasks:
        assert t["source"] == "table"
        assert source.text[t["span"]["start"] : t["span"]["end"]] == t["text"]


def test_hand_built_rows_table():
    cells = ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"]
    row = ["1", "Kiểm tra an toàn đập", "Sở Nông nghiệp và Môi trường", "UBND các xã", "Trong tháng 8/2026"]
    blocks, parts, pos = [], [], 0
    for r, cs in enumerate([cells, row]):
        text = " | ".join(cs)
        if parts:
            pos += 1
        blocks.append(Block(text, pos, pos + len(text), kind="row", cells=cs, table=0, row=r))
        parts.append(text)
        pos += len(text)
    (t,) = extract(Source("\n".join(parts), blocks, "docx"))["tasks"]
    assert t["lead"] == "Sở Nông nghiệp và Môi trường" and t["deadline"]["due"] == "2026-08-31"


def _corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(
        p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx") and not p.name.endswith(".gold.json")
    )


def _fold(text: str | None) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("*", " ").replace("_", " ").lower().split())


@pytest.mark.corpus  # deselected by tests/conftest.py without ../shared
@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_dev_corpus_documents(path):
    """Each dev document: schema-valid, header fields right, and its gold tasks found
    (anchor contained in a predicted task, one task per anchor) with few extras."""
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    _, result = extract_file(path)
    check_schema(result)
    doc = result["document"]
    for key in ("kind", "number", "symbol", "issued_on"):
        if key in gold["document"]:
            assert doc[key] == gold["document"][key], key
    if "recipients_count" in gold["document"]:
        assert len(doc["recipients"]) == gold["document"]["recipients_count"]
    texts = [_fold(t["text"]) for t in result["tasks"]]
    used: set[int] = set()
    for g in gold["tasks"]:
        anchor = _fold(g["anchor"])
        hit = next((i for i, t in enumerate(texts) if i not in used and anchor in t), None)
        assert hit is not None, g["anchor"]
        used.add(hit)
    assert len(texts) - len(used) <= max(1, len(gold["tasks"]) // 20)


def test_table_with_two_header_rows():
    rows = [
        ["STT", "Nội dung công việc", "Cơ quan thực hiện", "Thời hạn"],
        ["", "", "Chủ trì", "Phối hợp", ""],
        ["1", "Tổng kết công tác năm", "Sở Nội vụ", "Các sở, ngành", "Tháng 12/2026"],
    ]
    blocks, parts, pos = [], [], 0
    for r, cs in enumerate(rows):
        text = " | ".join(cs)
        if parts:
            pos += 1
        blocks.append(Block(text, pos, pos + len(text), kind="row", cells=cs, table=0, row=r))
        parts.append(text)
        pos += len(text)
    (t,) = extract(Source("\n".join(parts), blocks, "docx"))["tasks"]
    assert (t["lead"], t["coordinators"], t["deadline"]["due"]) == (
        "Sở Nội vụ",
        ["Các sở, ngành"],
        "2026-12-31",
    )
