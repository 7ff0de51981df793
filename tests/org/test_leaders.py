"""The assigning leader read from the notice: quoted by name, by title, or the signer."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dondoc.org.leaders import mentions, propose_leader
from dondoc.web.samples import SAMPLE_NOTICE

CHAIRMAN = SimpleNamespace(full_name="Nguyễn Cảnh Toàn", title="Chủ tịch UBND tỉnh")
VICE_1 = SimpleNamespace(full_name="Trần Thanh Nhân", title="Phó Chủ tịch UBND tỉnh")
VICE_2 = SimpleNamespace(full_name="Đoàn Thu Hà", title="Phó Chủ tịch UBND tỉnh")
DIRECTOR = SimpleNamespace(full_name="Vi Văn Hùng", title="Giám đốc Sở Nội vụ")
LEADERS = [CHAIRMAN, VICE_1, VICE_2, DIRECTOR]


def propose(subject="", text="", signer=("", "", ""), people=LEADERS):
    name, title, authority = signer
    return propose_leader(
        subject=subject,
        text=text,
        signer_name=name,
        signer_title=title,
        signing_authority=authority,
        candidates=people,
    )


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        (
            "Kết luận của đồng chí Nguyễn Cảnh Toàn, Chủ tịch UBND tỉnh tại cuộc làm việc với Sở Nội vụ",
            CHAIRMAN,
        ),
        ("Kết luận của đồng chí Trần Thanh Nhân, Phó Chủ tịch UBND tỉnh tại cuộc họp", VICE_1),
        ("Kết luận của Phó Chủ tịch UBND tỉnh Đoàn Thu Hà tại buổi kiểm tra", VICE_2),
        ("KẾT LUẬN CỦA ĐỒNG CHÍ NGUYỄN CẢNH TOÀN, CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", CHAIRMAN),
        ("Kết luận của đồng chí Nguyen Canh Toan, Chu tich UBND tinh", CHAIRMAN),  # typed without marks
    ],
)
def test_it_proposes_the_leader_quoted_by_name(subject, expected):
    proposal = propose(subject=subject)
    assert proposal.person is expected
    assert proposal.reason.startswith("Theo văn bản")


def test_it_falls_back_on_a_title_only_one_leader_holds():
    proposal = propose(subject="Kết luận của đồng chí Lê Văn Mới, Chủ tịch UBND tỉnh tại cuộc họp")
    assert proposal.person is CHAIRMAN
    assert "không trùng tên" in proposal.reason and "Hãy kiểm tra lại" in proposal.reason


def test_it_never_reads_a_vice_chairman_as_the_chairman_nor_picks_among_several():
    proposal = propose(subject="Kết luận của đồng chí Lê Văn Mới, Phó Chủ tịch UBND tỉnh")
    assert proposal.person is None  # two vice-chairmen hold that title
    assert "Lê Văn Mới, Phó Chủ tịch UBND tỉnh" in proposal.reason
    assert (
        propose(subject="Kết luận của đồng chí Lê Văn Mới, Phó Chủ tịch UBND tỉnh", people=[CHAIRMAN]).person
        is None
    )


def test_it_reads_the_chair_of_the_meeting_in_the_opening():
    text = (
        "THÔNG BÁO\nKết luận cuộc họp về công tác cán bộ\n"
        "Ngày 04/5/2026, đồng chí Đoàn Thu Hà, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. "
        "Tham dự có đồng chí Vi Văn Hùng, Giám đốc Sở Nội vụ."
    )
    assert propose(subject="Kết luận cuộc họp về công tác cán bộ", text=text).person is VICE_2


@pytest.mark.parametrize(
    ("signer", "expected"),
    [
        (("Nguyễn Cảnh Toàn", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), CHAIRMAN),
        (("Trần Thanh Nhân", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"), VICE_1),
        (("Người Khác Tên", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"), CHAIRMAN),  # by the title, one holder
        (("Người Khác Tên", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"), None),  # two vice-chairmen
        (("Nguyễn Thị Thúy", "PHÓ CHÁNH VĂN PHÒNG", "KT. CHÁNH VĂN PHÒNG"), None),  # the Office signs
        (("Người Khác Tên", "CHỦ TỊCH", "TM. HỘI ĐỒNG NHÂN DÂN"), None),  # another body's chairman
    ],
)
def test_it_falls_back_on_the_signing_authority(signer, expected):
    assert propose(subject="Về việc triển khai nhiệm vụ", signer=signer).person is expected


def test_the_sample_notice_names_the_chairman_not_the_office_signer_nor_an_attendee():
    text = SAMPLE_NOTICE.read_text(encoding="utf-8")
    assert ("Trần Thanh Nhân", "Phó Chủ tịch UBND tỉnh") in mentions(text)  # an attendee
    proposal = propose(
        subject="Kết luận của đồng chí Nguyễn Cảnh Toàn, Chủ tịch UBND tỉnh tại cuộc làm việc với Sở Nội vụ",
        text=text,
        signer=("Nguyễn Thị Thúy", "PHÓ CHÁNH VĂN PHÒNG", "KT. CHÁNH VĂN PHÒNG"),
    )
    assert proposal.person is CHAIRMAN


def test_it_proposes_nobody_rather_than_a_guess():
    proposal = propose(subject="Về việc tăng cường công tác phòng cháy", text="Các sở, ngành thực hiện.")
    assert proposal.person is None and "hãy chọn" in proposal.reason
    assert mentions("xin ý kiến đồng chí lãnh đạo UBND tỉnh phụ trách lĩnh vực về đối tượng, rồi") == []
