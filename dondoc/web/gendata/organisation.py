"""The generated organisation: a province's unit tree in its real shape and its people.

Shape (../shared/DOMAIN.md): the provincial People's Committee; its Office with
divisions; about twenty departments (sở, ban, ngành), each with its divisions and public
service units (with their own sub-units); about a hundred communes and wards directly
under the province (two-tier local government), each with its divisions and its schools
and health station. The tree is filled out to the number of units asked for with more
public service units. People are spread by unit size; each has an account and roles:
the Committee's leaders, heads and deputies of every unit, clerks, specialists, and the
Office's follow-up staff. The demo's accounts (`lanhdao`, `vanthu`, `theodoi`,
`gd.snv`, `tp.snv`, `cv.snv`, `gd.bqlda`, `quantri`) exist with the demo password.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from dondoc.lib.text import fold
from dondoc.org.choices import Role, UnitKind
from dondoc.org.models import Person, Unit, User, UserRole
from dondoc.web import demo

from . import vocab
from .writer import Bulk, next_id

PROVINCE = "Lạng Sơn"


@dataclass(eq=False)
class GUnit:
    id: int
    code: str
    name: str
    kind: str
    parent: GUnit | None
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    order: int = 0
    path: str = ""
    children: list[GUnit] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)  # person ids, the head first
    clerks: list[int] = field(default_factory=list)
    staff: list[int] = field(default_factory=list)  # specialists (follow-up staff in the Office)

    @property
    def root(self) -> GUnit:
        """The department, commune or Office this unit belongs to (itself at that level)."""
        unit = self
        while unit.parent is not None and unit.parent.kind != UnitKind.COMMITTEE:
            unit = unit.parent
        return unit

    def members(self) -> list[int]:
        return self.heads + self.staff + self.clerks


@dataclass
class GPerson:
    id: int
    user_id: int
    full_name: str
    title: str
    unit: GUnit
    email: str


@dataclass
class Organisation:
    committee: GUnit
    office: GUnit
    departments: list[GUnit]
    communes: list[GUnit]
    units: list[GUnit]
    people: dict[int, GPerson]
    leaders: list[int]  # the Chairman first, then the Vice-Chairmen (person ids)
    followup: list[int]
    office_clerks: list[int]
    by_code: dict[str, GUnit]

    def user(self, person_id: int) -> int:
        return self.people[person_id].user_id

    def person_name(self, person_id: int) -> str:
        return self.people[person_id].full_name


def _scaled(total: int, share: float, low: int, high: int) -> int:
    return max(low, min(high, round(total * share)))


class _Builder:
    def __init__(self, rng: random.Random, first_id: int):
        self.rng = rng
        self.next_id = first_id
        self.units: list[GUnit] = []
        self.by_code: dict[str, GUnit] = {}

    def add(self, code, name, kind, parent=None, short_name="", aliases=(), order=0) -> GUnit:
        unit = GUnit(self.next_id, code, name, kind, parent, short_name, list(aliases), order)
        self.next_id += 1
        unit.path = (parent.path if parent else "/") + f"{unit.id}/"
        if parent is not None:
            parent.children.append(unit)
        self.units.append(unit)
        self.by_code[code] = unit
        return unit


def build_units(rng: random.Random, total: int, departments: int | None, communes: int | None) -> _Builder:
    """The unit tree, `total` units (at least the core: committee, Office, departments and
    communes with their divisions)."""
    b = _Builder(rng, next_id(Unit))
    n_depts = departments or _scaled(total, 0.01, 3, 20)
    n_communes = communes or _scaled(total, 0.05, 2, 100)
    committee = b.add(
        "ubnd",
        f"UBND tỉnh {PROVINCE}",
        UnitKind.COMMITTEE,
        short_name="UBND tỉnh",
        aliases=[f"Ủy ban nhân dân tỉnh {PROVINCE}", "Ủy ban nhân dân tỉnh"],
    )
    office = b.add(
        "vp",
        "Văn phòng UBND tỉnh",
        UnitKind.OFFICE,
        committee,
        "VP UBND tỉnh",
        ["Văn phòng Ủy ban nhân dân tỉnh"],
        order=1,
    )
    for order, (code, name, short) in enumerate(demo.OFFICE_DIVISIONS):
        b.add(code, name, UnitKind.DIVISION, office, short, order=order)
    dept_specs = (list(demo.DEPARTMENTS) + vocab.EXTRA_DEPARTMENTS)[:n_depts]
    depts = []
    for order, (code, name, short, aliases) in enumerate(dept_specs, start=10):
        dept = b.add(code, name, UnitKind.DEPARTMENT, committee, short, aliases, order=order)
        depts.append(dept)
        if code == "snv":
            divisions = [(c, n, s, k) for c, n, s, k in demo.SNV_DIVISIONS]
        else:
            names = vocab.DEPARTMENT_COMMON_DIVISIONS + vocab.DEPARTMENT_DIVISIONS.get(code, [])
            divisions = [(f"{code}-p{i}", n, "", UnitKind.DIVISION) for i, n in enumerate(names)]
        for i, (dcode, dname, dshort, dkind) in enumerate(divisions):
            b.add(dcode, dname, dkind, dept, dshort, order=i)
    names = [(f"phuong-{i}", n, UnitKind.WARD) for i, n in enumerate(demo.WARDS, start=100)]
    names += [(f"xa-{i}", n, UnitKind.COMMUNE) for i, n in enumerate(demo.COMMUNES, start=200)]
    names += [(f"xa-{i}", n, UnitKind.COMMUNE) for i, n in enumerate(vocab.EXTRA_COMMUNES, start=300)]
    while len(names) < n_communes:
        i = len(names)
        names.append((f"xa-{400 + i}", f"{names[i % 60][1]} {i // 60 + 1}", UnitKind.COMMUNE))
    communes = []
    for order, (code, place, kind) in enumerate(names[:n_communes], start=100):
        word = "phường" if kind == UnitKind.WARD else "xã"
        commune = b.add(
            code, f"UBND {word} {place}", kind, committee, f"{word.capitalize()} {place}", order=order
        )
        communes.append(commune)
        for i, dname in enumerate(vocab.COMMUNE_DIVISIONS):
            if kind == UnitKind.WARD and dname == "Phòng Kinh tế":
                dname = "Phòng Kinh tế, Hạ tầng và Đô thị"
            b.add(f"{code}-p{i}", f"{dname} {word} {place}", UnitKind.DIVISION, commune, order=i)
    for order, (code, name, aliases) in enumerate(demo.GROUPS, start=900):
        b.add(code, name, UnitKind.GROUP, committee, aliases=aliases, order=order)
    # Fill up to the total with public service units: under departments (with two
    # sub-units each) and under communes (schools, the health station), in turn.
    places = [c.name.split(" ", 2)[-1] for c in communes] or [PROVINCE]
    dept_turn = commune_turn = 0
    while len(b.units) < total:
        if depts and (not communes or rng.random() < 0.45):
            dept = depts[dept_turn % len(depts)]
            dept_turn += 1
            pattern = vocab.SERVICE_UNIT_NAMES.get(dept.code, "Trung tâm {what} số {n}")
            n = sum(1 for c in dept.children if c.kind == UnitKind.SERVICE_UNIT) + 1
            name = pattern.format(place=places[(dept_turn * 7) % len(places)], what=dept.short_name, n=n)
            unit = b.add(f"{dept.code}-dv{n}", name, UnitKind.SERVICE_UNIT, dept, order=50 + n)
            for i in range(2):
                if len(b.units) >= total:
                    break
                sub = vocab.SERVICE_SUBUNITS[(n + i) % len(vocab.SERVICE_SUBUNITS)]
                b.add(f"{unit.code}-t{i}", f"{sub} - {name}", UnitKind.DIVISION, unit, order=i)
        else:
            commune = communes[commune_turn % len(communes)]
            commune_turn += 1
            n = sum(1 for c in commune.children if c.kind == UnitKind.SERVICE_UNIT)
            base = vocab.COMMUNE_SERVICE_UNITS[n % len(vocab.COMMUNE_SERVICE_UNITS)]
            suffix = (
                ""
                if n < len(vocab.COMMUNE_SERVICE_UNITS)
                else f" số {n // len(vocab.COMMUNE_SERVICE_UNITS) + 1}"
            )
            place = commune.name.split(" ", 2)[-1]
            b.add(
                f"{commune.code}-dv{n}",
                f"{base}{suffix} {place}",
                UnitKind.SERVICE_UNIT,
                commune,
                order=50 + n,
            )
    b.committee, b.office, b.depts, b.communes = committee, office, depts, communes
    return b


def _name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE_MALE)} {rng.choice(vocab.GIVEN_MALE)}"
    return f"{rng.choice(vocab.FAMILY)} {rng.choice(vocab.MIDDLE_FEMALE)} {rng.choice(vocab.GIVEN_FEMALE)}"


# Specialists per unit kind, as weights (a school or a commune's service unit is larger
# than a department's division).
STAFF_WEIGHT = {
    UnitKind.DIVISION: 8,
    UnitKind.SERVICE_UNIT: 16,
    UnitKind.DEPARTMENT: 2,
    UnitKind.COMMUNE: 3,
    UnitKind.WARD: 3,
    UnitKind.OFFICE: 0,
    UnitKind.COMMITTEE: 0,
    UnitKind.GROUP: 0,
}
ROOT_TITLES = {
    UnitKind.DEPARTMENT: ("Giám đốc", "Phó Giám đốc"),
    UnitKind.COMMUNE: ("Chủ tịch", "Phó Chủ tịch"),
    UnitKind.WARD: ("Chủ tịch", "Phó Chủ tịch"),
    UnitKind.SERVICE_UNIT: ("Giám đốc", "Phó Giám đốc"),
    UnitKind.DIVISION: ("Trưởng phòng", "Phó Trưởng phòng"),
}
# The demo's accounts, found by where they sit: (username, unit code, which person).
DEMO_ACCOUNTS = {
    "lanhdao": ("ubnd", "head"),
    "vanthu": ("vp", "clerk"),
    "theodoi": ("vp-th", "staff"),
    "gd.snv": ("snv", "head"),
    "tp.snv": ("snv-ccvc", "head"),
    "cv.snv": ("snv-ccvc", "staff"),
    "gd.bqlda": ("bqlda", "head"),
}


def build_people(rng: random.Random, b: _Builder, total: int) -> Organisation:
    """People, at least the heads and clerks every unit needs, then specialists spread
    by unit size until `total`."""
    first_person = next_id(Person)
    first_user = next_id(User)
    people: dict[int, GPerson] = {}
    counter = [first_person]

    def person(unit: GUnit, title: str, bucket: list[int]) -> int:
        pid = counter[0]
        counter[0] += 1
        people[pid] = GPerson(pid, first_user + (pid - first_person), _name(rng), title, unit, "")
        bucket.append(pid)
        return pid

    committee, office = b.committee, b.office
    person(committee, f"Chủ tịch UBND tỉnh {PROVINCE}", committee.heads)
    for _ in range(3):
        person(committee, f"Phó Chủ tịch UBND tỉnh {PROVINCE}", committee.heads)
    person(office, "Chánh Văn phòng UBND tỉnh", office.heads)
    for _ in range(3):
        person(office, "Phó Chánh Văn phòng UBND tỉnh", office.heads)
    for _ in range(3):
        person(office, "Văn thư Văn phòng UBND tỉnh", office.clerks)
    for unit in b.units:
        if unit.kind in (UnitKind.COMMITTEE, UnitKind.GROUP) or unit is office:
            continue
        if unit.parent is office:
            person(unit, f"Trưởng phòng {unit.name}", unit.heads)
            person(unit, f"Phó Trưởng phòng {unit.name}", unit.heads)
            for _ in range(4):
                person(unit, f"Chuyên viên {unit.name}", unit.staff)
            continue
        head, deputy = ROOT_TITLES.get(unit.kind, ("Trưởng", "Phó"))
        suffix = unit.name
        person(unit, f"{head} {suffix}", unit.heads)
        deputies = 2 if unit.kind in (UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.WARD) else 1
        for _ in range(deputies):
            person(unit, f"{deputy} {suffix}", unit.heads)
        if unit.kind in (UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.WARD):
            person(unit, f"Văn thư {suffix}", unit.clerks)
        person(unit, f"Chuyên viên {suffix}", unit.staff)
    # The rest: specialists by weight.
    slots = [u for u in b.units for _ in range(STAFF_WEIGHT.get(u.kind, 0)) if u.parent is not office]
    rng.shuffle(slots)
    i = 0
    while len(people) < total and slots:
        unit = slots[i % len(slots)]
        i += 1
        person(unit, f"Chuyên viên {unit.name}", unit.staff)
    leaders = list(committee.heads)
    followup = [p for u in office.children for p in u.staff]
    return Organisation(
        committee=committee,
        office=office,
        departments=b.depts,
        communes=b.communes,
        units=b.units,
        people=people,
        leaders=leaders,
        followup=followup,
        office_clerks=list(office.clerks),
        by_code=b.by_code,
    )


def usernames(org: Organisation) -> dict[int, str]:
    """{person id: username}: the demo's names for the demo's people, `cb<id>` otherwise."""
    names = {pid: f"cb{pid:05d}" for pid in org.people}
    for username, (code, which) in DEMO_ACCOUNTS.items():
        unit = org.by_code.get(code)
        if unit is None:
            continue
        bucket = {"head": unit.heads, "clerk": unit.clerks, "staff": unit.staff}[which]
        if bucket:
            names[bucket[0]] = username
    return names


def roles_of(org: Organisation, person: GPerson) -> list[str]:
    unit = person.unit
    if unit is org.committee:
        return [Role.LEADER]
    if unit is org.office:
        return [Role.CLERK] if person.id in unit.clerks else [Role.LEADER]
    if unit.parent is org.office:
        return [Role.HEAD] if person.id in unit.heads else [Role.FOLLOWUP]
    if person.id in unit.heads:
        if unit.kind == UnitKind.DEPARTMENT and person.id == unit.heads[0]:
            return [Role.LEADER, Role.HEAD]
        return [Role.HEAD]
    if person.id in unit.clerks:
        return [Role.CLERK]
    return [Role.SPECIALIST]


def write_organisation(bulk: Bulk, org: Organisation, rng: random.Random, password: str) -> dict[int, str]:
    """Units, people, accounts and roles; returns {person id: username}."""
    units = bulk.table(
        Unit,
        [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "parent_id",
            "aliases",
            "active",
            "order",
            "path",
            "name_folded",
        ],
    )
    for u in org.units:
        parent_id = u.parent.id if u.parent else None
        units.add(
            u.id,
            u.name,
            u.short_name,
            u.code,
            u.kind,
            parent_id,
            u.aliases,
            True,
            u.order,
            u.path,
            fold(u.name),
        )
    names = usernames(org)
    hashed = make_password(password)  # one hash for every account: 30,000 hashes would take hours
    joined = timezone.now()
    persons = bulk.table(Person, ["id", "full_name", "title", "unit_id", "email", "phone", "active"])
    users = bulk.table(
        User,
        ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
         "is_active", "date_joined", "calendar_token", "person_id"],
    )  # fmt: skip
    roles = bulk.table(UserRole, ["user_id", "role"])
    for p in org.people.values():
        username = names[p.id]
        p.email = "" if rng.random() < 0.05 and "." not in username else f"{username}@langson.example"
        persons.add(p.id, p.full_name, p.title, p.unit.id, p.email, "", True)
        token = f"{rng.getrandbits(128):032x}"
        users.add(p.user_id, hashed, False, username, "", "", p.email, False, True, joined, token, p.id)
        for role in roles_of(org, p):
            roles.add(p.user_id, role)
    # The administrator, as in the demo.
    admin_user = max(p.user_id for p in org.people.values()) + 1
    users.add(
        admin_user,
        hashed,
        True,
        "quantri",
        "",
        "",
        "",
        True,
        True,
        joined,
        f"{rng.getrandbits(128):032x}",
        None,
    )
    roles.add(admin_user, Role.ADMIN)
    return names
