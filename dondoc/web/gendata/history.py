"""The generated history: documents that assign tasks, and each task's life as if the
workflow had run (dondoc/tasks/services.py is the script it follows).

Each task is first *planned* as a list of events over its whole life (registered,
received, broken down, progress, contributions, extensions asked and decided, reminders,
urging, result submitted, returned, accepted — or recalled, cancelled, deleted), then
*emitted* up to `now`: only the events that happened by then are written, and the
task's row is what those events left (state, progress, submitted_on, completed_on,
acceptance, deadlines, extension_count, closed_on), applied field by field from each
event's `changes` exactly as the services write them. So the status of any past day
replayed from the history (`dondoc.tasks.status`) is right, and the rows agree with the
events by construction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from bisect import bisect_left
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings

from dondoc.documents.models import Document, DocumentStatus
from dondoc.lib.text import fold
from dondoc.notifications.models import MessageKind, Notification, Urging
from dondoc.org.choices import UnitKind
from dondoc.tasks.choices import Acceptance, EventKind, ExtensionStatus, Recurrence, ReportKind, TaskState
from dondoc.tasks.models import Attachment, Extension, Field, Report, Task, TaskEvent

from . import vocab
from .organisation import PROVINCE, GUnit, Organisation
from .writer import Bulk, next_id

TZ = ZoneInfo(settings.TIME_ZONE)

# Shares of the generated history (per top-level task unless said otherwise).
NO_DEADLINE = 0.04
RECURRING = 0.04
CLOSED = 0.025  # recalled or cancelled
DELETED = 0.0015  # registered twice by mistake, deleted the same day
STALE = 0.03  # never finished: overdue for good
ON_TIME = 0.72  # of the tasks finished
EXTENSION = 0.10
RETURNED = 0.08
BREAKDOWN = 0.35  # of the tasks led by a unit with divisions
CONTRIBUTION = 0.5  # per coordinating unit
URGED = 0.25  # of the tasks late by more than ten days
UPDATED = 0.03
OVERDUE_REMINDERS = 8  # weekly overdue reminders kept per deadline (the tail is cut)
INBOX_DAYS = 60  # reminders and urgings of the last days also land in the inbox
RECURRENCES = [Recurrence.CONTINUOUS, Recurrence.CONTINUOUS, Recurrence.MONTHLY, Recurrence.QUARTERLY,
               Recurrence.YEARLY, Recurrence.WEEKLY]  # fmt: skip
RECURRENCE_TEXTS = {
    Recurrence.CONTINUOUS: "Thường xuyên",
    Recurrence.MONTHLY: "Thường xuyên; báo cáo hằng tháng",
    Recurrence.QUARTERLY: "Định kỳ hằng quý",
    Recurrence.YEARLY: "Định kỳ hằng năm",
    Recurrence.WEEKLY: "Báo cáo hằng tuần",
}


class WorkingDays:
    """The working-day calendar over the generated period as arrays, for speed; same
    answers as `dondoc.lib.calendar.WorkingCalendar` (tested)."""

    def __init__(self, calendar, start: dt.date, end: dt.date):
        self.base = start.toordinal()
        self.days = []
        self.first_at_or_after = []
        day = start
        while day <= end:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += dt.timedelta(days=1)
        ordinals = [d.toordinal() for d in self.days]
        for o in range(self.base, end.toordinal() + 1):
            self.first_at_or_after.append(bisect_left(ordinals, o))
        self.end = end

    def _index(self, day: dt.date) -> int:
        offset = day.toordinal() - self.base
        if not 0 <= offset < len(self.first_at_or_after):
            raise ValueError(f"{day} is outside the generated calendar")
        return self.first_at_or_after[offset]

    def next(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the next one (effective deadline)."""
        return self.days[self._index(day)]

    def add(self, day: dt.date, count: int) -> dt.date:
        """The working day `count` working days after (or before) `day`."""
        if count == 0:
            return day
        if count > 0:
            return self.days[self._index(day + dt.timedelta(days=1)) + count - 1]
        return self.days[self._index(day) + count]


@dataclass(slots=True)
class ReportSpec:
    kind: str
    author: int  # user id
    unit: int
    percent: int | None
    text: str
    files: int = 0


@dataclass(slots=True)
class ExtSpec:
    requested_by: int
    requested_at: dt.datetime
    reason: str
    current_due: dt.date
    proposed: dt.date
    id: int | None = None
    status: str = ExtensionStatus.PENDING
    decided_by: int | None = None
    decided_at: dt.datetime | None = None
    granted: dt.date | None = None
    note: str = ""


@dataclass(slots=True)
class Ev:
    at: dt.datetime
    kind: str
    actor: int | None
    sets: dict  # task field -> value after the event
    note: str = ""
    extra: dict = field(default_factory=dict)  # changes that are not task fields
    report: ReportSpec | None = None
    ext: ExtSpec | None = None
    decision: str = ""  # granted / refused / withdrawn, for decision events
    child: Plan | None = None
    told: int | None = None  # reminders: the person told
    urging: bool = False


@dataclass
class Plan:
    content: str
    lead: GUnit
    assigned_on: dt.date
    due: dt.date | None
    deadline_text: str
    recurrence: str
    products: list[str]
    coords: list[GUnit]
    assigned_by: int | None  # person id
    created_by: int  # user id
    assignee: int | None = None
    parent_id: int | None = None
    document_id: int | None = None
    source: tuple[int, int] | None = None
    section: list[str] = field(default_factory=list)
    number: int | None = None
    lead_text: str = ""
    field_id: int | None = None  # lĩnh vực (Task.field)
    events: list[Ev] = field(default_factory=list)


class FastFold:
    """`dondoc.lib.text.fold` by a per-character table: the same result for any text
    (decomposition, dropping combining marks and lower-casing act character by
    character; tested), several times faster on a million contents."""

    def __init__(self):
        self.table: dict[int, str] = {}

    def __call__(self, text: str) -> str:
        table = self.table
        for ch in set(text):
            if ord(ch) not in table:
                table[ord(ch)] = ch if ch.isspace() else fold(ch)
        return " ".join(text.translate(table).lower().split())


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _tiny_pdf(n: int) -> bytes:
    body = f"BT /F1 12 Tf 72 720 Td (San pham so {n}) Tj ET".encode()
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode()
        + body
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


class History:
    def __init__(
        self, *, bulk: Bulk, org: Organisation, rng: random.Random, now: dt.datetime, years: int, calendar
    ):
        self.bulk = bulk
        self.org = org
        self.rng = rng
        self.now = now
        self.today = now.astimezone(TZ).date()
        self.start = self.today.replace(year=self.today.year - years)
        self.wd = WorkingDays(
            calendar, self.start - dt.timedelta(days=60), self.today + dt.timedelta(days=1200)
        )
        self.remind_before = sorted(settings.DONDOC.get("REMIND_BEFORE_WORKING_DAYS", [5, 2]), reverse=True)
        self.remind_every = max(1, settings.DONDOC.get("REMIND_OVERDUE_EVERY_DAYS", 7))
        self.remind_hour = settings.DONDOC.get("REMIND_HOUR", 7)
        self.ids = {
            m: next_id(m)
            for m in (Document, Task, TaskEvent, Report, Attachment, Extension, Urging, Notification)
        }
        self.documents = bulk.table(
            Document,
            ["id", "file", "original_name", "sha256", "size", "content_type", "source_format", "status",
             "progress", "text", "proposed_count", "kind", "number", "symbol", "place", "issued_on",
             "issued_text", "issued_year", "subject", "issuing_body", "issuing_unit_id", "signer_name",
             "signer_title", "signing_authority", "recipients", "meeting_on", "chaired_by", "uploaded_by_id",
             "created_at", "registered_at"],
        )  # fmt: skip
        self.tasks = bulk.table(
            Task,
            ["id", "document_id", "source_start", "source_end", "section", "number", "content",
             "content_folded", "assigned_by_id", "lead_unit_id", "lead_text", "coordinators_text", "products",
             "parent_id", "assignee_id", "assigned_on", "deadline_text", "original_due_date", "due_date",
             "effective_due_date", "urgent", "recurrence", "state", "progress", "submitted_on", "completed_on",
             "acceptance", "accepted_by_id", "extension_count", "closed_on", "created_by_id", "created_at",
             "updated_at", "deleted_at", "deleted_by_id", "deletion_reason", "field_id"],
        )  # fmt: skip
        self.coordination = bulk.table(Task.coordinating_units.through, ["task_id", "unit_id"])
        self.reports = bulk.table(
            Report, ["id", "task_id", "kind", "author_id", "unit_id", "at", "percent", "text"]
        )
        self.attachments = bulk.table(
            Attachment, ["id", "report_id", "file", "original_name", "sha256", "size", "content_type"]
        )
        self.extensions = bulk.table(
            Extension,
            ["id", "task_id", "requested_by_id", "requested_at", "reason", "current_due_date", "proposed_date",
             "status", "decided_by_id", "decided_at", "granted_date", "decision_note"],
        )  # fmt: skip
        self.events = bulk.table(
            TaskEvent,
            [
                "id",
                "task_id",
                "kind",
                "at",
                "actor_id",
                "changes",
                "note",
                "lead_unit_id",
                "state",
                "due_date",
            ],
        )
        self.urgings = bulk.table(Urging, ["id", "year", "number", "unit_id", "by_id", "at", "text"])
        self.urged_tasks = bulk.table(Urging.tasks.through, ["urging_id", "task_id"])
        self.notifications = bulk.table(
            Notification, ["id", "recipient_id", "kind", "title", "body", "url", "created_at", "read_at"]
        )
        self.pending_urgings: list[tuple] = []
        self.inbox: dict[tuple[int, dt.date], list[int]] = {}
        self.doc_numbers: dict[tuple[int, str], int] = {}
        self.products: list[tuple[str, str, int]] = []
        # Units that lead tasks, by kind.
        org_units = org.units
        self.lead_depts = [u for u in org.departments if u.heads]
        self.lead_communes = [u for u in org.communes if u.heads]
        self.service_units = [
            u
            for u in org_units
            if u.kind == UnitKind.SERVICE_UNIT and u.parent.kind == UnitKind.DEPARTMENT and u.heads
        ]
        self.coord_pool = self.lead_depts + self.lead_communes
        self.groups = [u for u in org_units if u.kind == UnitKind.GROUP]
        self.field_leads = [
            (heading, [org.by_code[c] for c in codes if c in org.by_code and org.by_code[c].heads], objects)
            for heading, codes, objects in vocab.FIELDS
        ]
        # The seeded fields (lĩnh vực, migration tasks 0004) a notice's section maps to.
        self.field_ids = dict(Field.objects.values_list("code", "pk"))
        self.fold = FastFold()
        self.stats = {"documents": 0, "tasks": 0, "events": 0, "children": 0}

    # --- Small helpers -------------------------------------------------------------------

    def moment(self, day: dt.date, lo: int = 7 * 60 + 30, hi: int = 17 * 60) -> dt.datetime:
        minute = self.rng.randrange(lo, hi)
        return dt.datetime(
            day.year, day.month, day.day, minute // 60, minute % 60, self.rng.randrange(60), tzinfo=TZ
        )

    def later(self, t: dt.datetime, working_days: int) -> dt.datetime:
        """A moment `working_days` working days after `t` (the same day, later, for 0)."""
        if working_days <= 0:
            return t + dt.timedelta(minutes=self.rng.randrange(5, 240), seconds=self.rng.randrange(60))
        return self.moment(self.wd.add(t.astimezone(TZ).date(), working_days))

    def pick(self, people: list[int]) -> int:
        return people[self.rng.randrange(len(people))]

    def user(self, person: int) -> int:
        return self.org.people[person].user_id

    def any_member(self, unit: GUnit) -> int:
        return self.pick(unit.staff or unit.heads)

    def products_pool(self, media_root) -> None:
        """A few tiny product files shared by every attachment row (rows matter, not bytes)."""
        for n in range(8):
            data = _tiny_pdf(n)
            sha = hashlib.sha256(data).hexdigest()
            path = f"products/{sha[:2]}/{sha}"
            target = media_root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.write_bytes(data)
            self.products.append((path, sha, len(data)))

    # --- Documents ---------------------------------------------------------------------

    def plan_sizes(self, tasks_wanted: int) -> list[int]:
        """Top-level task counts per document, enough for about `tasks_wanted` tasks with
        their breakdowns (about 0.44 breakdown children per top-level task, measured)."""
        target_top = tasks_wanted / 1.44
        sizes, total = [], 0
        while total < target_top:
            n = self.rng.randint(5, 40) if self.rng.random() < 0.9 else self.rng.randint(1, 4)
            sizes.append(n)
            total += n
        return sizes

    def run(self, tasks_wanted: int, flush_every: int, log) -> dict:
        sizes = self.plan_sizes(tasks_wanted)
        span = (self.today - self.start).days
        days = sorted(self.start + dt.timedelta(days=int(span * self.rng.random())) for _ in sizes)
        for i, (issued, n) in enumerate(zip(days, sizes, strict=True)):
            issued = self.wd.next(issued)
            if issued > self.today:
                issued = self.today
            self.document(issued, n)
            if self.bulk.pending() >= flush_every:
                self.flush(log, i + 1, len(sizes))
        self.finish_urgings()
        self.finish_inbox()
        self.flush(log, len(sizes), len(sizes))
        return self.stats

    def flush(self, log, done: int, total: int) -> None:
        from django.db import transaction

        with transaction.atomic():
            self.bulk.flush()
        log(f"  {done}/{total} văn bản, {self.stats['tasks']} nhiệm vụ, {self.stats['events']} sự kiện")

    def document(self, issued: dt.date, n_tasks: int) -> None:
        rng, org = self.rng, self.org
        doc_id = self.ids[Document]
        self.ids[Document] += 1
        notice = n_tasks >= 5
        symbol = "TB-UBND" if notice else f"UBND-{rng.choice(['KT', 'NC', 'KGVX', 'TH'])}"
        key = (issued.year, symbol)
        number = self.doc_numbers[key] = self.doc_numbers.get(key, 0) + 1
        leader = org.leaders[0] if rng.random() < 0.4 else self.pick(org.leaders[1:] or org.leaders)
        leader_name = org.person_name(leader)
        chairman = leader == org.leaders[0]
        leader_title = "Chủ tịch UBND tỉnh" if chairman else "Phó Chủ tịch UBND tỉnh"
        clerk = self.user(self.pick(org.office_clerks))
        registered = self.moment(
            self.wd.add(issued, rng.choice([0, 1, 1, 2])) if issued < self.today else issued
        )
        if registered > self.now:
            registered = self.now - dt.timedelta(minutes=rng.randrange(1, 600))
        meeting = issued - dt.timedelta(days=rng.randint(1, 6))
        topic = rng.choice(vocab.MEETINGS).format(
            m=meeting.month,
            y=meeting.year,
            unit=rng.choice(self.lead_depts).name,
            place=rng.choice(self.lead_communes).name,
        )
        subject = (
            f"Kết luận của {leader_title} {leader_name} tại {topic}"
            if notice
            else f"V/v triển khai ý kiến chỉ đạo của {leader_title} {leader_name}"
        )
        date_text = f"{PROVINCE}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
        reference = f"Số: {number:02d}/{symbol}" if number < 10 else f"Số: {number}/{symbol}"
        lines = [
            "ỦY BAN NHÂN DÂN",
            f"TỈNH {PROVINCE.upper()}",
            reference,
            date_text,
            "THÔNG BÁO" if notice else "",
            subject,
            f"Ngày {meeting:%d/%m/%Y}, {leader_title} {leader_name} chủ trì {topic}.",
            f"{leader_title} kết luận, chỉ đạo như sau:",
        ]
        text = "\n".join(line for line in lines if line) + "\n"
        y, y2 = issued.year, issued.year + 1
        n_sections = max(1, min(len(self.field_leads), n_tasks // 8 + 1))
        sections = rng.sample(self.field_leads, n_sections)
        plans = []
        for k in range(n_tasks):
            heading, leads, objects = sections[k * n_sections // n_tasks]
            roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][
                sections.index((heading, leads, objects))
            ]
            section_title = f"{roman}. {heading.upper()}"
            if k == 0 or sections[(k - 1) * n_sections // n_tasks][0] != heading:
                text += section_title + "\n"
            plan = self.plan_task(
                issued, leads, objects, y, y2, leader, clerk, registered + dt.timedelta(microseconds=k)
            )
            plan.document_id = doc_id
            plan.section = [section_title]
            plan.field_id = self.field_ids.get(vocab.FIELD_CODES.get(heading, ""))
            plan.number = k + 1
            paragraph = f"{k + 1}. {plan.content}"
            start = len(text) + len(f"{k + 1}. ")
            text += paragraph + "\n"
            plan.source = (start, start + len(plan.content))
            plans.append(plan)
        text += (
            "Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n"
            "Nơi nhận:\n- Như trên;\n- Chủ tịch, các PCT UBND tỉnh;\n- Lưu: VT, TH.\n"
            f"{'TM.' if chairman else 'KT.'} CHỦ TỊCH\n{'CHỦ TỊCH' if chairman else 'PHÓ CHỦ TỊCH'}\n{leader_name}\n"
        )
        data = text.encode()
        self.documents.add(
            doc_id, "documents/bench/notice.txt", f"{number}-{symbol}.txt", hashlib.sha256(data).hexdigest(),
            len(data), "text/plain", "txt", DocumentStatus.REGISTERED, 100, text, n_tasks,
            "TB" if notice else "", str(number), symbol, PROVINCE, issued, date_text.split(", ", 1)[1], issued.year,
            subject, f"UBND tỉnh {PROVINCE}", org.committee.id, leader_name, leader_title,
            "" if chairman else "KT. CHỦ TỊCH", ["Như trên", "Lưu: VT, TH"], meeting, f"{leader_title} {leader_name}",
            clerk, registered - dt.timedelta(minutes=rng.randrange(10, 120)), registered,
        )  # fmt: skip
        self.stats["documents"] += 1
        for plan in plans:
            self.emit(plan)

    # --- Planning one task --------------------------------------------------------------

    def choose_lead(self, leads: list[GUnit]) -> GUnit:
        r = self.rng.random()
        if r < 0.55 and leads:
            return self.rng.choice(leads)
        if r < 0.75 or not self.lead_communes:
            return self.rng.choice(self.lead_depts)
        if r < 0.95 or not self.service_units:
            return self.rng.choice(self.lead_communes)
        return self.rng.choice(self.service_units)

    def deadline(self, issued: dt.date) -> tuple[dt.date | None, str, str]:
        """(due date, deadline text as written, recurrence)."""
        rng = self.rng
        r = rng.random()
        if r < NO_DEADLINE:
            return None, "", ""
        if r < NO_DEADLINE + RECURRING:
            recurrence = rng.choice(RECURRENCES)
            return None, RECURRENCE_TEXTS[recurrence], recurrence
        r = rng.random()
        if r < 0.15:
            days = rng.randint(7, 15)
        elif r < 0.45:
            days = rng.randint(15, 30)
        elif r < 0.70:
            days = rng.randint(30, 60)
        elif r < 0.90:
            days = rng.randint(60, 120)
        else:
            days = rng.randint(120, 365)
        target = issued + dt.timedelta(days=days)
        style = rng.random()
        if style < 0.45:
            # "Trước ngày D" is read as D-1 (BEFORE_IS_PREVIOUS_DAY).
            return target, f"trước ngày {target + dt.timedelta(days=1):%d/%m/%Y}", ""
        if style < 0.7:
            return target, f"chậm nhất ngày {target:%d/%m/%Y}", ""
        if style < 0.9:
            last = (target.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            return last, f"trong tháng {target.month}/{target.year}", ""
        quarter = (target.month - 1) // 3
        end_month = 3 * quarter + 3
        last = (dt.date(target.year, end_month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
            days=1
        )
        return last, f"trong quý {['I', 'II', 'III', 'IV'][quarter]}/{target.year}", ""

    def plan_task(self, issued, leads, objects, y, y2, leader, clerk, t0: dt.datetime) -> Plan:
        rng = self.rng
        lead = self.choose_lead(leads)
        coords = []
        if rng.random() < 0.4:
            pool = [u for u in rng.sample(self.coord_pool, min(4, len(self.coord_pool))) if u is not lead]
            coords = pool[: rng.randint(1, 3)]
        if self.groups and rng.random() < 0.03:
            coords.append(rng.choice(self.groups))
        due, deadline_text, recurrence = self.deadline(issued)
        products = rng.sample(vocab.PRODUCTS, rng.choice([0, 1, 1, 1, 2]))
        what = rng.choice(objects).format(y=y, y2=y2)
        verb = rng.choice(vocab.VERBS)
        coord_text = f", phối hợp với {', '.join(u.name for u in coords)}" if coords else ""
        tail = rng.choice(vocab.TAILS)
        when = f" {deadline_text}" if deadline_text and not recurrence else ""
        product_text = f" ({', '.join(products)})" if products else ""
        content = (
            f"Giao {lead.name} {verb[0].lower()}{verb[1:]} {what}{coord_text}; {tail}{product_text}{when}."
        )
        if recurrence:
            content = content[:-1] + f"; {deadline_text.lower()}."
        plan = Plan(
            content=content,
            lead=lead,
            assigned_on=issued,
            due=due,
            deadline_text=deadline_text,
            recurrence=recurrence,
            products=products,
            coords=coords,
            assigned_by=leader,
            created_by=clerk,
            lead_text=lead.short_name or lead.name,
        )
        self.plan_life(plan, t0=t0, top=True, leader=leader)
        return plan

    def reminders(
        self, plan: Plan, eff: dt.date, valid_from: dt.datetime, valid_to: dt.datetime, told: int
    ) -> None:
        """Reminder events for deadline `eff` between two moments (see notifications.reminders)."""
        days = [self.wd.add(eff, -n) for n in self.remind_before] + [eff]
        first = self.wd.add(eff, 1)
        days.append(first)
        for k in range(1, OVERDUE_REMINDERS):
            days.append(self.wd.next(first + dt.timedelta(days=self.remind_every * k)))
        for day in days:
            at = dt.datetime(
                day.year, day.month, day.day, self.remind_hour, 0, self.rng.randrange(60), tzinfo=TZ
            )
            if valid_from < at < valid_to:
                plan.events.append(Ev(at, EventKind.REMINDED, None, {}, told=told))

    def plan_life(
        self,
        plan: Plan,
        *,
        t0: dt.datetime,
        top: bool,
        leader: int,
        horizon: dt.datetime | None = None,
        closing: tuple | None = None,
    ) -> None:
        """The events of a task's whole life from its registration at `t0` (possibly
        beyond now; `emit` cuts at now). For a child: `horizon` is when its parent's
        result is submitted, `closing` the parent's recall or cancellation (the child
        goes with it, as `services._close_tree` does)."""
        rng, wd = self.rng, self.wd
        lead = plan.lead
        head = self.user(lead.heads[0]) if lead.heads else plan.created_by
        ev = plan.events
        changes = {}
        ev.append(Ev(t0, EventKind.CREATED, plan.created_by, {}, extra=changes))
        changes.update({"lead_unit": [None, lead.id]})
        if plan.due:
            changes["due_date"] = [None, plan.due.isoformat()]
        if plan.coords:
            changes["coordinating_units"] = [[], sorted(u.id for u in plan.coords)]
        if top and rng.random() < DELETED:
            at = self.later(t0, 0)
            who = self.user(self.pick(self.org.followup))
            reason = "Đăng ký trùng nhiệm vụ."
            ev.append(
                Ev(
                    at,
                    EventKind.DELETED,
                    who,
                    {"deleted_at": at, "deleted_by": who, "deletion_reason": reason},
                    note=reason,
                )
            )
            return
        if top and rng.random() < UPDATED:
            who = self.user(self.pick(self.org.followup))
            ev.append(Ev(self.later(t0, 0), EventKind.UPDATED, who, {"urgent": True}))
        # Received.
        receiver = (
            self.user(plan.assignee) if plan.assignee else self.user(self.pick(lead.clerks or lead.heads))
        )
        t_recv = self.later(t0, rng.choice([0, 1, 1, 2, 3]))
        if closing is not None:
            t_recv = min(t_recv, closing[0] - dt.timedelta(seconds=1))
        if rng.random() < 0.92:
            ev.append(Ev(t_recv, EventKind.RECEIVED, receiver, {"state": TaskState.IN_PROGRESS}))
        due = plan.due
        eff = wd.next(due) if due else None
        # When the result is submitted (None: not in the planned life).
        fate = rng.random()
        closed_at = None
        if top and fate < CLOSED:
            limit = max(
                4, min(((eff or plan.assigned_on + dt.timedelta(days=200)) - plan.assigned_on).days + 60, 200)
            )
            closed_at = self.moment(wd.next(plan.assigned_on + dt.timedelta(days=rng.randint(3, limit))))
            closed_at = max(closed_at, t_recv + dt.timedelta(minutes=30))
            kind = EventKind.RECALLED if rng.random() < 0.6 else EventKind.CANCELLED
            who = self.user(leader) if rng.random() < 0.5 else self.user(self.pick(self.org.followup))
            closing = (closed_at, kind, rng.choice(vocab.CLOSE_REASONS), who)
        elif closing is not None:
            closed_at = closing[0] + dt.timedelta(microseconds=1)
        duration = ((eff - plan.assigned_on).days if eff else rng.randint(30, 400)) or 1
        # Extensions (asked at least 3 working days before the deadline in force).
        decisions_end = t_recv
        due_windows = []  # (effective deadline, from, to) for reminders
        window_from = t0
        if eff and closed_at is None and rng.random() < EXTENSION:
            count = 0
            while count < settings.DONDOC.get("EXTENSION_MAX_COUNT", 2):
                ask_day = wd.add(eff, -rng.randint(3, 10))
                ask_at = self.moment(ask_day)
                if ask_at <= decisions_end + dt.timedelta(hours=1):
                    break
                proposed = due + dt.timedelta(days=rng.randint(15, 60))
                ext = ExtSpec(
                    self.user(self.pick(lead.heads)),
                    ask_at,
                    rng.choice(vocab.EXTENSION_REASONS),
                    due,
                    proposed,
                )
                ev.append(Ev(ask_at, EventKind.EXTENSION_REQUESTED, ext.requested_by, {}, note=ext.reason,
                             extra={"proposed_date": [None, proposed.isoformat()]}, ext=ext))  # fmt: skip
                decided_at = self.later(ask_at, rng.randint(1, 4))
                decider = self.user(leader) if rng.random() < 0.4 else self.user(self.pick(self.org.followup))
                r = rng.random()
                if r < 0.78:
                    due_windows.append((eff, window_from, decided_at))
                    window_from = decided_at
                    new_eff = wd.next(proposed)
                    ev.append(Ev(decided_at, EventKind.EXTENSION_GRANTED, decider,
                                 {"due_date": proposed, "effective_due_date": new_eff, "extension_count": count + 1,
                                  "original_due_date": plan.due}, ext=ext, decision=ExtensionStatus.GRANTED))  # fmt: skip
                    due, eff = proposed, new_eff
                    count += 1
                    decisions_end = decided_at
                    if rng.random() < 0.8:
                        break
                    continue
                if r < 0.95:
                    note = "Đề nghị đơn vị tập trung hoàn thành đúng thời hạn đã giao."
                    ev.append(Ev(decided_at, EventKind.EXTENSION_REFUSED, decider, {}, note=note, ext=ext,
                                 decision=ExtensionStatus.REFUSED))  # fmt: skip
                else:
                    ev.append(Ev(decided_at, EventKind.EXTENSION_WITHDRAWN, ext.requested_by, {}, ext=ext,
                                 decision=ExtensionStatus.WITHDRAWN))  # fmt: skip
                decisions_end = decided_at
                break
        # Submission.
        submit_at = None
        if closed_at is None and not (top and fate < CLOSED + STALE):
            if eff is None:
                if rng.random() < 0.4 or not top:
                    submit_at = self.moment(
                        wd.next(plan.assigned_on + dt.timedelta(days=rng.randint(20, 400)))
                    )
            elif rng.random() < ON_TIME:
                lo = plan.assigned_on + dt.timedelta(days=max(1, int(duration * 0.3)))
                day = lo + dt.timedelta(days=rng.randint(0, max(0, (eff - lo).days)))
                submit_at = self.moment(min(wd.next(day), eff) if wd.next(day) <= eff else eff)
            else:
                late = 1 + int(rng.expovariate(1 / 25))
                submit_at = self.moment(wd.next(eff + dt.timedelta(days=min(late, 500))))
            if horizon is not None and submit_at is not None and submit_at >= horizon:
                submit_at = horizon - dt.timedelta(hours=rng.randint(2, 60))
            if submit_at is not None and submit_at <= decisions_end:
                submit_at = self.later(decisions_end, 1)
        end_of_work = (
            submit_at or closed_at or (horizon if horizon is not None else t_recv + dt.timedelta(days=400))
        )
        if eff:
            due_windows.append((eff, window_from, end_of_work))
            told = plan.assignee or (lead.heads[0] if lead.heads else None)
            if told is not None:
                for window_eff, start, stop in due_windows:
                    self.reminders(plan, window_eff, start, stop, told)
        # Breakdown to divisions and people.
        children_units = [
            c for c in lead.children if c.heads and c.kind in (UnitKind.DIVISION, UnitKind.SERVICE_UNIT)
        ]
        if top and children_units and lead.kind != UnitKind.OFFICE and rng.random() < BREAKDOWN:
            assign_at = self.later(t_recv, rng.randint(0, 3))
            if assign_at < end_of_work - dt.timedelta(hours=4):
                for _ in range(1 if rng.random() < 0.7 else 2):
                    division = rng.choice(children_units)
                    assignee = self.pick(division.staff) if division.staff and rng.random() < 0.7 else None
                    child_due = due
                    if due is not None and rng.random() < 0.5:
                        earlier = due - dt.timedelta(days=rng.randint(1, 7))
                        if earlier > assign_at.astimezone(TZ).date():
                            child_due = earlier
                    child = Plan(
                        content=plan.content if rng.random() < 0.5 else f"Tham mưu thực hiện: {plan.content}",
                        lead=division,
                        assigned_on=assign_at.astimezone(TZ).date(),
                        due=child_due,
                        deadline_text="" if child_due != plan.due else plan.deadline_text,
                        recurrence=plan.recurrence,
                        products=plan.products,
                        coords=[],
                        assigned_by=lead.heads[0],
                        created_by=head,
                        assignee=assignee,
                        lead_text="",
                    )
                    self.plan_life(
                        child,
                        t0=assign_at + dt.timedelta(seconds=1),
                        top=False,
                        leader=lead.heads[0],
                        horizon=end_of_work,
                        closing=closing if closed_at is not None else None,
                    )
                    ev.append(
                        Ev(assign_at, EventKind.ASSIGNED, head, {"state": TaskState.IN_PROGRESS}, child=child)
                    )
                    assign_at += dt.timedelta(seconds=5)
        # Progress reports and contributions before the result (or the close).
        work_end = (
            submit_at
            or closed_at
            or min(t_recv + dt.timedelta(days=duration + 120), t_recv + dt.timedelta(days=500))
        )
        span = (work_end - t_recv).total_seconds()
        if span > 3600:
            percents = sorted(rng.sample(range(10, 95, 5), rng.choice([0, 1, 2, 2, 3, 3, 4, 5, 6])))
            moments = sorted(t_recv + dt.timedelta(seconds=rng.uniform(600, span - 600)) for _ in percents)
            author = plan.assignee or self.any_member(lead)
            for at, percent in zip(moments, percents, strict=True):
                text = rng.choice(vocab.PROGRESS_TEXTS)
                who = self.user(author)
                report = ReportSpec(ReportKind.PROGRESS, who, self.org.people[author].unit.id, percent, text,
                                    1 if rng.random() < 0.2 else 0)  # fmt: skip
                ev.append(Ev(at, EventKind.PROGRESS, who, {"progress": percent, "state": TaskState.IN_PROGRESS},
                             note=text, report=report))  # fmt: skip
            for unit in plan.coords:
                if unit.kind == UnitKind.GROUP or not unit.members() or rng.random() >= CONTRIBUTION:
                    continue
                member = self.any_member(unit)
                who = self.user(member)
                text = rng.choice(vocab.CONTRIBUTION_TEXTS)
                at = t_recv + dt.timedelta(seconds=rng.uniform(600, span - 600))
                report = ReportSpec(
                    ReportKind.CONTRIBUTION, who, unit.id, None, text, 1 if rng.random() < 0.3 else 0
                )
                ev.append(Ev(at, EventKind.CONTRIBUTION, who, {}, note=text, report=report))
        # Urging of late tasks.
        if top and eff and rng.random() < URGED:
            urge_at = self.moment(wd.add(eff, rng.randint(8, 25)))
            if urge_at < end_of_work:
                ev.append(
                    Ev(urge_at, EventKind.URGED, self.user(self.pick(self.org.followup)), {}, urging=True)
                )
        if closed_at is not None:
            _, kind, reason, who = closing
            state = TaskState.RECALLED if kind == EventKind.RECALLED else TaskState.CANCELLED
            ev.append(
                Ev(
                    closed_at,
                    kind,
                    who,
                    {"state": state, "closed_on": closed_at.astimezone(TZ).date()},
                    note=reason,
                )
            )
            return
        if submit_at is None:
            return
        # Result, perhaps returned once, then accepted.
        submitter = self.user(plan.assignee) if plan.assignee else head
        judge = (
            head
            if not top
            else (self.user(leader) if rng.random() < 0.4 else self.user(self.pick(self.org.followup)))
        )
        for attempt in range(2):
            text = rng.choice(vocab.RESULT_TEXTS)
            report = ReportSpec(ReportKind.RESULT, submitter, (self.org.people[plan.assignee].unit.id if plan.assignee else lead.id),
                                100, text, max(1, len(plan.products)))  # fmt: skip
            ev.append(Ev(submit_at, EventKind.SUBMITTED, submitter,
                         {"state": TaskState.SUBMITTED, "submitted_on": submit_at.astimezone(TZ).date(), "progress": 100},
                         note=text, report=report))  # fmt: skip
            judged_at = self.later(submit_at, rng.randint(0 if not top else 1, 6))
            if attempt == 0 and rng.random() < RETURNED:
                reason = rng.choice(vocab.RETURN_REASONS)
                ev.append(Ev(judged_at, EventKind.RETURNED, judge,
                             {"state": TaskState.IN_PROGRESS, "submitted_on": None, "acceptance": Acceptance.RETURNED},
                             note=reason))  # fmt: skip
                submit_at = self.moment(
                    wd.next(judged_at.astimezone(TZ).date() + dt.timedelta(days=rng.randint(2, 15)))
                )
                continue
            ev.append(Ev(judged_at, EventKind.ACCEPTED, judge,
                         {"state": TaskState.DONE, "acceptance": Acceptance.PASSED,
                          "completed_on": submit_at.astimezone(TZ).date(), "accepted_by": judge}))  # fmt: skip
            break

    # --- Emitting one task up to now ----------------------------------------------------------

    def emit(self, plan: Plan, parent: Plan | None = None, parent_id: int | None = None) -> int | None:
        now = self.now
        if parent is not None:
            # A breakdown is part of its task: it keeps the notice's paragraph (services.assign).
            plan.document_id, plan.source = parent.document_id, parent.source
            plan.section, plan.number = parent.section, parent.number
            plan.field_id = parent.field_id  # and its field (services.create_task)
        events = sorted((e for e in plan.events if e.at <= now), key=lambda e: e.at)
        if not events:
            return None
        task_id = self.ids[Task]
        self.ids[Task] += 1
        lead = plan.lead
        row = {
            "state": TaskState.NEW,
            "progress": 0,
            "submitted_on": None,
            "completed_on": None,
            "acceptance": "",
            "accepted_by": None,
            "due_date": plan.due,
            "original_due_date": plan.due,
            "effective_due_date": self.wd.next(plan.due) if plan.due else None,
            "extension_count": 0,
            "closed_on": None,
            "urgent": False,
            "deleted_at": None,
            "deleted_by": None,
            "deletion_reason": "",
        }
        exts: list[ExtSpec] = []
        event_table = self.events
        for e in events:
            changes = dict(e.extra)
            for name, value in e.sets.items():
                before = row[name]
                if before != value:
                    changes[name] = [_plain(before), _plain(value)]
                    row[name] = value
            if e.report is not None:
                rid = self.ids[Report]
                self.ids[Report] += 1
                r = e.report
                self.reports.add(rid, task_id, r.kind, r.author, r.unit, e.at, r.percent, r.text)
                for k in range(r.files):
                    path, sha, size = self.products[(rid + k) % len(self.products)]
                    aid = self.ids[Attachment]
                    self.ids[Attachment] += 1
                    self.attachments.add(
                        aid, rid, path, f"san-pham-{rid}-{k + 1}.pdf", sha, size, "application/pdf"
                    )
                changes["report"] = [None, rid]
            if e.ext is not None:
                ext = e.ext
                if e.kind == EventKind.EXTENSION_REQUESTED:
                    ext.id = self.ids[Extension]
                    self.ids[Extension] += 1
                    exts.append(ext)
                    changes = {"extension": [None, ext.id], **changes}
                else:
                    ext.status = e.decision
                    if e.decision != ExtensionStatus.WITHDRAWN:
                        ext.decided_by, ext.decided_at, ext.note = e.actor, e.at, e.note
                    if e.decision == ExtensionStatus.GRANTED:
                        ext.granted = row["due_date"]
                    changes["extension"] = [ext.id, ext.id]
                    changes["extension_status"] = [ExtensionStatus.PENDING, e.decision]
            if e.child is not None:
                child_id = self.emit(e.child, parent=plan, parent_id=task_id)
                changes["child"] = [None, child_id]
            note = e.note
            if e.told is not None:
                note = f"Đã nhắc việc {self.org.people[e.told].full_name}."
                day = e.at.astimezone(TZ).date()
                if (self.today - day).days <= INBOX_DAYS:
                    self.inbox.setdefault((self.org.people[e.told].user_id, day), []).append(task_id)
            if e.urging:
                # Numbered within the year once every urging is known (finish_urgings).
                self.pending_urgings.append((e.at, task_id, lead.id, e.actor, row["state"], row["due_date"]))
                continue
            eid = self.ids[TaskEvent]
            self.ids[TaskEvent] += 1
            event_table.add(
                eid, task_id, e.kind, e.at, e.actor, changes, note, lead.id, row["state"], row["due_date"]
            )
            self.stats["events"] += 1
        for ext in exts:
            self.extensions.add(ext.id, task_id, ext.requested_by, ext.requested_at, ext.reason, ext.current_due,
                                ext.proposed, ext.status, ext.decided_by, ext.decided_at, ext.granted, ext.note)  # fmt: skip
        for unit in plan.coords:
            self.coordination.add(task_id, unit.id)
        self.tasks.add(
            task_id, plan.document_id, *(plan.source or (None, None)), plan.section, plan.number, plan.content,
            self.fold(plan.content), plan.assigned_by, lead.id, plan.lead_text, [u.name for u in plan.coords],
            plan.products, parent_id, plan.assignee, plan.assigned_on, plan.deadline_text,
            row["original_due_date"], row["due_date"], row["effective_due_date"], row["urgent"], plan.recurrence,
            row["state"], row["progress"], row["submitted_on"], row["completed_on"], row["acceptance"],
            row["accepted_by"], row["extension_count"], row["closed_on"], plan.created_by, events[0].at,
            events[-1].at, row["deleted_at"], row["deleted_by"], row["deletion_reason"], plan.field_id,
        )  # fmt: skip
        self.stats["tasks"] += 1
        if parent_id is not None:
            self.stats["children"] += 1
        return task_id

    # --- After every task ---------------------------------------------------------------------

    def finish_urgings(self) -> None:
        """Urgings numbered within each year in the order they were sent, with their event
        on the task's history (the note cites the number, as `urge_task` writes it)."""
        numbers: dict[int, int] = {}
        for at, task_id, unit_id, by, state, due in sorted(self.pending_urgings):
            year = at.astimezone(TZ).year
            number = numbers[year] = numbers.get(year, 0) + 1
            uid = self.ids[Urging]
            self.ids[Urging] += 1
            text = "Đề nghị đơn vị khẩn trương thực hiện nhiệm vụ, báo cáo kết quả về Văn phòng UBND tỉnh."
            self.urgings.add(uid, year, number, unit_id, by, at, text)
            self.urged_tasks.add(uid, task_id)
            eid = self.ids[TaskEvent]
            self.ids[TaskEvent] += 1
            self.events.add(
                eid,
                task_id,
                EventKind.URGED,
                at,
                by,
                {},
                f"Đôn đốc số {number}/{year}: {text}",
                unit_id,
                state,
                due,
            )
            self.stats["events"] += 1
        self.stats["urgings"] = len(self.pending_urgings)

    def finish_inbox(self) -> None:
        """The in-app digests of the last INBOX_DAYS days: one per person and day."""
        for (user_id, day), task_ids in sorted(self.inbox.items()):
            nid = self.ids[Notification]
            self.ids[Notification] += 1
            at = dt.datetime(day.year, day.month, day.day, self.remind_hour, 5, tzinfo=TZ)
            read = (
                at + dt.timedelta(hours=3)
                if (self.today - day).days > 3 and self.rng.random() < 0.7
                else None
            )
            title = (
                f"Nhắc việc ngày {day.day:02d}/{day.month}/{day.year}: {len(task_ids)} nhiệm vụ cần theo dõi"
            )
            url = f"/nhiem-vu/{task_ids[0]}/" if len(task_ids) == 1 else "/nhiem-vu/"
            self.notifications.add(nid, user_id, MessageKind.REMINDER, title, title, url, at, read)
        self.stats["notifications"] = len(self.inbox)
