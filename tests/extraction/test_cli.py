"""`dondoc extract FILE [--format json|text]` (dondoc.extraction.cli.main)."""

from __future__ import annotations

import json
import zipfile

import pytest
from extraction_samples import NOTICE

from dondoc.extraction.cli import main, render_text


@pytest.fixture
def notice(tmp_path):
    p = tmp_path / "thong-bao.txt"
    p.write_text(NOTICE, encoding="utf-8")
    return p


def test_json_output(notice, capsys):
    assert main([str(notice)]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["schema"] == "dondoc.extraction/1"
    assert "Sở Tài chính" in out  # ensure_ascii=False: Vietnamese as written
    assert len(data["tasks"]) == 6


def test_text_output(notice, capsys):
    assert main([str(notice), "--format", "text"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "Loại văn bản: TB",
        "Số, ký hiệu: 87/TB-UBND",
        "Trích yếu:",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Thời hạn",
        "Sản phẩm",
    ):
        assert heading in out
    assert "2026-03-14" in out


def test_before_inclusive_flag(notice, capsys):
    assert main([str(notice), "--before-inclusive"]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"][0]["deadline"]["due"] == "2026-03-15"


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "khong-co.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("Không tìm thấy tệp:") and "\n" not in err


def test_empty_document(tmp_path, capsys):
    p = tmp_path / "rong.txt"
    p.write_text("   \n\n", encoding="utf-8")
    assert main([str(p)]) == 2
    assert capsys.readouterr().err.strip() == "Tài liệu không có nội dung."


def test_corrupt_docx(tmp_path, capsys):
    p = tmp_path / "hong.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert main([str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert err and "\n" not in err and "Traceback" not in err


def test_zip_that_is_not_word(tmp_path, capsys):
    p = tmp_path / "a.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    assert main([str(p)]) == 2
    assert capsys.readouterr().err.strip()


def test_directory_and_bad_arguments(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert main([]) == 2
    assert main(["x.txt", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "Lỗi tham số" in err


def test_render_text_without_tasks():
    out = render_text({"document": {"kind": "TB"}, "tasks": []})
    assert "Văn bản không giao nhiệm vụ nào." in out


def test_console_script_dispatch(notice, capsys):
    from dondoc.cli import main as dondoc_main

    assert dondoc_main(["extract", str(notice), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["number"] == "87"
