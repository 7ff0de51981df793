"""Names a clerk maps to a unit in review, kept as the unit's alias (tên gọi khác): stored
with who, when and the document, used by the next extraction, removed by an administrator."""

from __future__ import annotations

import pytest
from conftest_intake import NOTICE, extraction_for, make_ready_document, payload
from django.urls import reverse

from dondoc.documents.models import DocumentStatus
from dondoc.org.choices import Role, UnitKind
from dondoc.org.gazetteer import gazetteer_entries, resolve_unit
from dondoc.org.models import Unit, UnitAlias, User, UserRole
from dondoc.quality import aliases
from dondoc.quality.models import ReviewRecord
from dondoc.tasks.models import Task

pytestmark = pytest.mark.django_db

NAME = "Ban Quản lý dự án đầu tư xây dựng tỉnh"


def notice(number: int, lead: str = NAME) -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: {number}/TB-UBND
Lạng Sơn, ngày 25 tháng 4 năm 2026
THÔNG BÁO
Kết luận của đồng chí Nguyễn Văn Lãnh, Chủ tịch UBND tỉnh tại cuộc họp ngày 21/4/2026
1. {lead} chủ trì rà soát tiến độ các công trình trọng điểm, báo cáo UBND tỉnh trước ngày 30/5/2026.
2. Sở Tài chính bố trí kinh phí thực hiện trong tháng 6/2026.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


@pytest.fixture
def bqlda(cast):
    return Unit.objects.create(
        code="bqlda",
        name="Ban QLDA ĐTXD các công trình dân dụng",
        kind=UnitKind.SERVICE_UNIT,
        parent=cast.province,
    )


@pytest.fixture
def admin_user(cast):
    user = User.objects.create(username="quantri")
    UserRole.objects.create(user=user, role=Role.ADMIN)
    return user


def read(text: str, cast):
    """Upload and read a document with the real extractor (in its child process)."""
    from dondoc.documents.services import ingest, process

    document, _created = ingest(text.encode(), "thong-bao.txt", by=cast.clerk)
    process(document)
    assert document.status == DocumentStatus.READY, document.error
    return document


def test_a_kept_alias_is_used_by_the_next_extraction(client, cast, bqlda):
    first = read(notice(21), cast)
    assert first.review["rows"][0]["lead"] == NAME
    assert first.review["rows"][0]["lead_unit"] == ""  # the extractor does not know the name
    client.force_login(cast.clerk)
    page = client.get(reverse("document-review", args=[first.pk])).content.decode()
    assert f"Lưu “{NAME}” làm tên gọi khác của đơn vị chủ trì đã chọn" in page
    response = client.post(
        reverse("document-review", args=[first.pk]),
        payload(first, **{"form-0-lead_unit": str(bqlda.pk), "form-0-alias_lead": "on"}),
        follow=True,
    )
    assert f"Đã lưu “{NAME}” làm tên gọi khác của {bqlda.name}." in response.content.decode()
    alias = UnitAlias.objects.get()
    assert (alias.name, alias.unit, alias.created_by, alias.document) == (NAME, bqlda, cast.clerk, first)
    assert alias.created_at == ReviewRecord.objects.get().registered_at
    assert NAME in next(e for e in gazetteer_entries() if e["id"] == bqlda.pk)["aliases"]

    second = read(notice(22), cast)
    assert second.extraction["tasks"][0]["lead_id"] == bqlda.pk
    assert second.review["rows"][0]["lead_unit"] == str(bqlda.pk)
    # and by name, for a proposal made before the alias existed
    assert resolve_unit(NAME.upper()) == bqlda


def test_the_box_is_not_offered_for_a_resolved_lead(client, cast):
    document = make_ready_document(cast)
    client.force_login(cast.clerk)
    page = client.get(reverse("document-review", args=[document.pk])).content.decode()
    assert "làm tên gọi khác của đơn vị chủ trì" not in page


def test_an_unresolved_coordinator_can_be_kept_too(client, cast, bqlda):
    extraction = extraction_for(NOTICE)
    extraction["tasks"][0]["coordinators"] = ["Sở Tài chính", "BQLDA tỉnh"]
    document = make_ready_document(cast, extraction=extraction)
    assert document.review["rows"][0]["unresolved_coordinators"] == ["BQLDA tỉnh"]
    client.force_login(cast.clerk)
    url = reverse("document-review", args=[document.pk])
    assert "Lưu “BQLDA tỉnh” làm tên gọi khác của đơn vị phối hợp" in client.get(url).content.decode()
    data = payload(document, **{"form-0-alias_coordinator": "on"})
    data["form-0-coordinating_units"] = [str(cast.stc.pk), str(bqlda.pk)]
    client.post(url, data)
    assert UnitAlias.objects.get().unit == bqlda


def test_a_coordinator_alias_needs_exactly_one_unit_added(client, cast, bqlda):
    extraction = extraction_for(NOTICE)
    extraction["tasks"][0]["coordinators"] = ["Sở Tài chính", "BQLDA tỉnh"]
    document = make_ready_document(cast, extraction=extraction)
    client.force_login(cast.clerk)
    response = client.post(
        reverse("document-review", args=[document.pk]),
        payload(document, **{"form-0-alias_coordinator": "on"}),
        follow=True,
    )
    assert "hãy thêm đúng một đơn vị phối hợp cho tên này (đang thêm 0)" in response.content.decode()
    assert not Task.objects.exists() and not UnitAlias.objects.exists()


def test_a_conflicting_alias_refuses_registration_with_a_clear_message(client, cast, bqlda):
    document = make_ready_document(
        cast, extraction=extraction_for(NOTICE, leads=("Sở NV", "Sở Tài chính", "Sở Nội vụ"))
    )
    client.force_login(cast.clerk)
    # "Sở NV" is Sở Nội vụ's alias: mapping it to another unit is refused
    response = client.post(
        reverse("document-review", args=[document.pk]),
        payload(document, **{"form-0-lead_unit": str(bqlda.pk), "form-0-alias_lead": "on"}),
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "“Sở NV” đã là tên (hoặc tên gọi khác) của Sở Nội vụ" in page
    assert "Chưa đăng ký: chưa lưu được tên gọi khác" in page
    assert not Task.objects.exists() and not UnitAlias.objects.exists() and not ReviewRecord.objects.exists()


def test_the_same_name_for_two_units_in_one_review_is_refused(client, cast, bqlda):
    document = make_ready_document(
        cast, extraction=extraction_for(NOTICE, leads=("Ban X", "Ban X", "Sở Nội vụ"))
    )
    client.force_login(cast.clerk)
    response = client.post(
        reverse("document-review", args=[document.pk]),
        payload(
            document,
            **{
                "form-0-lead_unit": str(bqlda.pk),
                "form-0-alias_lead": "on",
                "form-1-lead_unit": str(cast.stc.pk),
                "form-1-alias_lead": "on",
            },
        ),
        follow=True,
    )
    assert "“Ban X” được chọn là tên gọi khác của hai đơn vị khác nhau" in response.content.decode()
    assert not UnitAlias.objects.exists() and not Task.objects.exists()


def test_a_duplicate_alias_is_told_and_registration_goes_on(client, cast, bqlda):
    aliases.learn("Ban X", bqlda, by=cast.clerk)
    document = make_ready_document(
        cast, extraction=extraction_for(NOTICE, leads=("Ban X", "Sở Tài chính", "Sở Nội vụ"))
    )
    # proposed before the alias was kept: unresolved in the extraction, resolved by name now
    document.review["rows"][0]["lead_unit"] = ""
    document.review["proposal"]["rows"]["k1"]["lead_unit"] = ""
    document.save(update_fields=["review"])
    client.force_login(cast.clerk)
    response = client.post(
        reverse("document-review", args=[document.pk]),
        payload(document, **{"form-0-lead_unit": str(bqlda.pk), "form-0-alias_lead": "on"}),
        follow=True,
    )
    assert (
        "“Ban X” đã là tên (hoặc tên gọi khác) của Ban QLDA ĐTXD các công trình dân dụng; không cần lưu thêm."
        in (response.content.decode())
    )
    assert Task.objects.count() == 3 and UnitAlias.objects.count() == 1


def test_learn_refuses_names_of_other_units_and_empty_names(cast, bqlda):
    with pytest.raises(aliases.AliasExists):
        aliases.learn("snv", cast.snv)
    with pytest.raises(aliases.AliasError, match="Sở Nội vụ"):
        aliases.learn("Sở Nội vụ tỉnh Lạng Sơn", bqlda)  # the gazetteer reads it as Sở Nội vụ
    with pytest.raises(aliases.AliasError, match="trống"):
        aliases.learn("  ", bqlda)
    aliases.learn("Ban X", bqlda)
    with pytest.raises(aliases.AliasError, match="Ban QLDA"):
        aliases.learn("BAN X", cast.stc)


def test_an_administrator_sees_and_removes_aliases(client, cast, bqlda, admin_user):
    alias = aliases.learn(NAME, bqlda, by=cast.clerk)
    url = reverse("quality-aliases")
    client.force_login(cast.followup)
    page = client.get(url).content.decode()
    assert NAME in page and "Gỡ</button>" not in page
    assert client.post(reverse("quality-alias-remove", args=[alias.pk])).status_code == 403
    client.force_login(cast.clerk)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert "Gỡ</button>" in client.get(url).content.decode()
    response = client.post(reverse("quality-alias-remove", args=[alias.pk]), follow=True)
    assert f"Đã gỡ tên gọi khác “{NAME}”" in response.content.decode()
    alias.refresh_from_db()
    assert alias.removed_by == admin_user and alias.removed_at is not None
    assert NAME not in next(e for e in gazetteer_entries() if e["id"] == bqlda.pk)["aliases"]
    assert resolve_unit(NAME) is None
    # removed, the name may be kept again (for another unit)
    aliases.learn(NAME, cast.stc)
