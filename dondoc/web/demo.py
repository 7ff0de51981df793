"""Demo data: Lạng Sơn's organisation, one account per role, the sample notice imported.

Idempotent: every object is looked up by a natural key before it is created, so running
`dondoc demo` again changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from dondoc.documents.models import Document, DocumentStatus
from dondoc.documents.review import initial_draft, propose_leader_of
from dondoc.documents.services import ingest, process, proposals
from dondoc.lib.calendar_data import load_bundled
from dondoc.lib.models import CalendarDay
from dondoc.org.choices import Role, UnitKind
from dondoc.org.models import Person, Unit, User, UserRole
from dondoc.quality.record import baseline, record_review
from dondoc.tasks.models import Field
from dondoc.tasks.registration import register_document

from .samples import SAMPLE_NOTICE

DEMO_PASSWORD = "dondoc-demo"


DEPARTMENTS = [
    # (code, name, short name, aliases)
    ("snv", "Sở Nội vụ", "SNV", ["Sở NV", "Sở Nội vụ tỉnh Lạng Sơn"]),
    ("stp", "Sở Tư pháp", "STP", ["Sở TP"]),
    ("stc", "Sở Tài chính", "STC", ["Sở TC"]),
    ("sct", "Sở Công Thương", "SCT", ["Sở CT"]),
    ("snnmt", "Sở Nông nghiệp và Môi trường", "SNNMT", ["Sở NN&MT", "Sở Nông nghiệp & Môi trường"]),
    ("sxd", "Sở Xây dựng", "SXD", ["Sở XD"]),
    ("skhcn", "Sở Khoa học và Công nghệ", "SKHCN", ["Sở KH&CN"]),
    (
        "svhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        ["Sở VHTTDL", "Sở Văn hóa - Thể thao và Du lịch"],
    ),
    ("sgddt", "Sở Giáo dục và Đào tạo", "SGDĐT", ["Sở GD&ĐT", "Sở GDĐT"]),
    ("syt", "Sở Y tế", "SYT", []),
    ("snv-ngoai", "Sở Ngoại vụ", "SNgV", []),
    ("sdttg", "Sở Dân tộc và Tôn giáo", "SDTTG", ["Sở DT&TG"]),
    ("ttt", "Thanh tra tỉnh", "TTT", []),
    (
        "bqlkkt",
        "Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
        "BQLKKT",
        ["Ban Quản lý Khu kinh tế"],
    ),
    (
        "bqlda",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        "BQLDA",
        ["Ban QLDA đầu tư xây dựng tỉnh", "BQLDA ĐTXD tỉnh"],
    ),
    ("ttxtdt", "Trung tâm Xúc tiến, Đầu tư và Thương mại", "TTXTĐT&TM", []),
    ("cat", "Công an tỉnh", "CAT", []),
    ("bchqs", "Bộ Chỉ huy Quân sự tỉnh", "BCHQS", []),
]
SNV_DIVISIONS = [
    ("snv-vp", "Văn phòng Sở Nội vụ", "VP Sở", UnitKind.DIVISION),
    ("snv-tcbc", "Phòng Tổ chức, biên chế và tổ chức phi chính phủ", "Phòng TCBC", UnitKind.DIVISION),
    ("snv-ccvc", "Phòng Công chức, viên chức", "Phòng CCVC", UnitKind.DIVISION),
    ("snv-xdcq", "Phòng Xây dựng chính quyền và công tác thanh niên", "Phòng XDCQ", UnitKind.DIVISION),
    ("snv-cchc", "Phòng Cải cách hành chính, văn thư, lưu trữ", "Phòng CCHC", UnitKind.DIVISION),
    ("snv-ldvl", "Phòng Lao động, việc làm và bảo hiểm xã hội", "Phòng LĐVL", UnitKind.DIVISION),
    ("snv-ncc", "Phòng Người có công", "Phòng NCC", UnitKind.DIVISION),
    ("snv-btdkt", "Ban Thi đua - Khen thưởng", "Ban TĐKT", UnitKind.DIVISION),
    ("snv-ttdvvl", "Trung tâm Dịch vụ việc làm", "TTDVVL", UnitKind.SERVICE_UNIT),
]
OFFICE_DIVISIONS = [
    ("vp-nc", "Phòng Nội chính", "Phòng NC"),
    ("vp-kgvx", "Phòng Khoa giáo - Văn xã", "Phòng KGVX"),
    ("vp-kt", "Phòng Kinh tế", "Phòng KT"),
    ("vp-th", "Phòng Tổng hợp", "Phòng TH"),
    ("vp-hctc", "Phòng Hành chính - Tổ chức", "Phòng HCTC"),
    ("vp-tttt", "Trung tâm Thông tin", "TTTT"),
]
# Nghị quyết 1672/NQ-UBTVQH15 (2025): 65 commune-level units, 61 xã and 4 phường.
WARDS = ["Tam Thanh", "Lương Văn Tri", "Đông Kinh", "Kỳ Lừa"]
COMMUNES = [
    "Thất Khê",
    "Đoàn Kết",
    "Tân Tiến",
    "Tràng Định",
    "Quốc Khánh",
    "Kháng Chiến",
    "Quốc Việt",
    "Bình Gia",
    "Tân Văn",
    "Hồng Phong",
    "Hoa Thám",
    "Quý Hòa",
    "Thiện Hòa",
    "Thiện Thuật",
    "Thiện Long",
    "Bắc Sơn",
    "Hưng Vũ",
    "Vũ Lăng",
    "Nhất Hòa",
    "Vũ Lễ",
    "Tân Tri",
    "Văn Quan",
    "Điềm He",
    "Tri Lễ",
    "Yên Phúc",
    "Tân Đoàn",
    "Khánh Khê",
    "Chi Lăng",
    "Quan Sơn",
    "Chiến Thắng",
    "Nhân Lý",
    "Bằng Mạc",
    "Vạn Linh",
    "Đồng Đăng",
    "Cao Lộc",
    "Công Sơn",
    "Ba Sơn",
    "Lộc Bình",
    "Mẫu Sơn",
    "Na Dương",
    "Lợi Bác",
    "Thống Nhất",
    "Xuân Dương",
    "Khuất Xá",
    "Đình Lập",
    "Thái Bình",
    "Châu Sơn",
    "Kiên Mộc",
    "Hữu Lũng",
    "Tuấn Sơn",
    "Tân Thành",
    "Vân Nham",
    "Thiện Tân",
    "Yên Bình",
    "Hữu Liên",
    "Cai Kinh",
    "Na Sầm",
    "Hoàng Văn Thụ",
    "Thụy Hùng",
    "Hội Hoan",
    "Văn Lãng",
]
GROUPS = [
    ("nhom-sbn", "Các sở, ban, ngành", ["Các sở, ban, ngành tỉnh", "các sở, ngành", "Các Sở, ban, ngành"]),
    ("nhom-xp", "UBND các xã, phường", ["Ủy ban nhân dân các xã, phường", "UBND cấp xã"]),
    ("nhom-lq", "Các cơ quan, đơn vị liên quan", ["các cơ quan liên quan", "các cơ quan, đơn vị liên quan"]),
]
# (username, full name, title, unit code, roles, staff?)
ACCOUNTS = [
    ("lanhdao", "Nguyễn Cảnh Toàn", "Chủ tịch UBND tỉnh", "ubnd", [Role.LEADER], False),
    ("vanthu", "Hoàng Thị Lan", "Văn thư Văn phòng UBND tỉnh", "vp", [Role.CLERK], False),
    ("theodoi", "Lương Văn Minh", "Chuyên viên Phòng Tổng hợp", "vp-th", [Role.FOLLOWUP], False),
    ("gd.snv", "Vi Văn Hùng", "Giám đốc Sở Nội vụ", "snv", [Role.LEADER, Role.HEAD], False),
    ("tp.snv", "Nông Thị Hà", "Trưởng phòng Công chức, viên chức", "snv-ccvc", [Role.HEAD], False),
    ("cv.snv", "Lý Văn Tú", "Chuyên viên Phòng Công chức, viên chức", "snv-ccvc", [Role.SPECIALIST], False),
    (
        "gd.bqlda",
        "Hà Văn Sơn",
        "Giám đốc Ban Quản lý dự án đầu tư xây dựng tỉnh",
        "bqlda",
        [Role.HEAD],
        False,
    ),
    ("quantri", "Quản trị hệ thống", "Quản trị viên", "vp", [Role.ADMIN], True),
]


def _unit(code, name, kind, parent=None, short_name="", aliases=(), order=0) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = Unit.objects.create(
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short_name,
            aliases=list(aliases),
            order=order,
        )
    return unit


def build_organisation() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    ubnd = units["ubnd"] = _unit(
        "ubnd",
        "UBND tỉnh Lạng Sơn",
        UnitKind.COMMITTEE,
        short_name="UBND tỉnh",
        aliases=["Ủy ban nhân dân tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh"],
    )
    vp = units["vp"] = _unit(
        "vp",
        "Văn phòng UBND tỉnh",
        UnitKind.OFFICE,
        ubnd,
        "VP UBND tỉnh",
        ["Văn phòng Ủy ban nhân dân tỉnh"],
        order=1,
    )
    for order, (code, name, short) in enumerate(OFFICE_DIVISIONS):
        units[code] = _unit(code, name, UnitKind.DIVISION, vp, short, order=order)
    for order, (code, name, short, aliases) in enumerate(DEPARTMENTS, start=10):
        units[code] = _unit(code, name, UnitKind.DEPARTMENT, ubnd, short, aliases, order=order)
    for order, (code, name, short, kind) in enumerate(SNV_DIVISIONS):
        units[code] = _unit(code, name, kind, units["snv"], short, order=order)
    for order, name in enumerate(WARDS, start=100):
        code = "phuong-" + str(order)
        units[code] = _unit(code, f"UBND phường {name}", UnitKind.WARD, ubnd, f"Phường {name}", order=order)
    for order, name in enumerate(COMMUNES, start=200):
        code = "xa-" + str(order)
        units[code] = _unit(code, f"UBND xã {name}", UnitKind.COMMUNE, ubnd, f"Xã {name}", order=order)
    for order, (code, name, aliases) in enumerate(GROUPS, start=900):
        units[code] = _unit(code, name, UnitKind.GROUP, ubnd, aliases=aliases, order=order)
    return units


def build_accounts(units: dict[str, Unit]) -> list[User]:
    users = []
    for username, full_name, title, unit_code, roles, staff in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            person = Person.objects.create(
                full_name=full_name, title=title, unit=units[unit_code], email=f"{username}@langson.example"
            )
            user = User(
                username=username, person=person, email=person.email, is_staff=staff, is_superuser=staff
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in roles])
        users.append(user)
    return users


# The field (lĩnh vực, seeded codes) the demo gives a task, by its lead department.
DEMO_FIELDS = {
    "snv": "noi-vu",
    "stp": "noi-chinh",
    "ttt": "noi-chinh",
    "stc": "tai-chinh",
    "sct": "cong-thuong",
    "snnmt": "nong-nghiep-moi-truong",
    "sxd": "xay-dung-giao-thong",
    "skhcn": "khoa-hoc-chuyen-doi-so",
    "svhttdl": "van-hoa-xa-hoi",
    "sgddt": "giao-duc",
    "syt": "y-te",
    "sdttg": "dan-toc-ton-giao",
    "snv-ngoai": "doi-ngoai",
    "cat": "quoc-phong-an-ninh",
    "bchqs": "quoc-phong-an-ninh",
}


def import_sample_notice(path: Path, clerk: User, fallback: Unit) -> Document | None:
    """Import the sample notice through the extractor and register its tasks (once), for
    the leader the review proposes from the notice (its Chairman)."""
    if not path.exists():
        return None
    document, _created = ingest(path.read_bytes(), path.name, by=clerk)
    if document.status in (DocumentStatus.PENDING, DocumentStatus.PROCESSING, DocumentStatus.FAILED):
        process(document)
    if document.status == DocumentStatus.READY:
        items = proposals(document)
        fields = {f.code: f for f in Field.objects.all()}
        for item in items:
            item["lead_unit"] = item["lead_unit"] or fallback
            code = item["lead_unit"].code
            item["field"] = fields.get(DEMO_FIELDS.get(code) or DEMO_FIELDS.get(code.split("-")[0], ""))
        leader = propose_leader_of(document).person
        draft = document.review or initial_draft(document)
        proposal = baseline(document, draft)
        with transaction.atomic():
            now = timezone.now()
            tasks = register_document(document, items, by=clerk, assigned_by=leader, now=now)
            # The quality page's first record: the units the demo chose where the
            # extractor resolved none count as corrections.
            for item in items:
                item["assigned_by"] = leader
            kept = [(row, item, task) for row, item, task in zip(draft["rows"], items, tasks, strict=True)]
            record_review(document, proposal, kept, meta=None, by=clerk, now=now)
    return document


def run() -> dict:
    with transaction.atomic():
        load_bundled(CalendarDay)
        units = build_organisation()
        users = build_accounts(units)
    by_name = {u.username: u for u in users}
    document = import_sample_notice(SAMPLE_NOTICE, by_name["vanthu"], units["nhom-lq"])
    # Last month's work of Sở Nội vụ's division, for the evaluation flow (once).
    from dondoc.evaluation import demo as evaluation_demo

    evaluation_demo.run()
    return {"units": units, "users": users, "document": document}
