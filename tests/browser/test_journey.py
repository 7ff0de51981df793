"""The acceptance journey, all through the browser as a new user would take it:

1. the Office's clerk uploads the sample notice (text) and a .docx notice, reviews the
   proposed tasks and registers them;
2. the Sở Nội vụ director assigns one task to a specialist, who reports progress with a
   file and submits the result; the director accepts it and reports to the Chairman,
   who accepts: the task is "Hoàn thành đúng hạn";
3. another task gets an extension, asked by the director and granted by the Chairman;
4. a third task goes overdue (time frozen, then moved on) and the reminder run mails
   its digest to the director through a local SMTP server; the reminded task's page
   opens (its reminder is the system's event, with no actor), the Office urges it and
   the urged task's page opens too.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
import socket
import time

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import Page, expect
from util import assert_fits, nav

from dondoc.web import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VN = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2026, 4, 27, 8, 30, tzinfo=VN)  # a Monday, the week the notice came
OVERDUE_DAY = dt.datetime(2026, 5, 6, 7, 30, tzinfo=VN)  # the working day after 05/5/2026
PASSWORD = demo.DEMO_PASSWORD

# The tasks the journey follows (words of their text).
CRITERIA = "xây dựng bộ tiêu chí đánh giá kết quả thực hiện nhiệm vụ"  # sample notice, "trong tháng 5/2026"
REVIEW = "Sơ kết 01 năm thực hiện chính quyền địa phương 02 cấp"  # sample, "trước ngày 06/5/2026"
INSPECTION = "kế hoạch kiểm tra công tác cải cách hành chính năm 2026"  # docx, "trong tháng 6/2026"

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def docx_notice(path):
    """A short notice with three tasks, their lead units and deadlines (python-docx)."""
    import docx

    document = docx.Document()
    for line in [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LẠNG SƠN",
        "Số: 512/TB-UBND",
        "Lạng Sơn, ngày 24 tháng 4 năm 2026",
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về công tác cải cách hành chính",
        "Chủ tịch UBND tỉnh kết luận như sau:",
        "1. Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát danh mục vị trí việc làm "
        "của các cơ quan hành chính tỉnh, báo cáo UBND tỉnh trước ngày 08/5/2026.",
        "2. Giao Sở Nội vụ chủ trì xây dựng kế hoạch kiểm tra công tác cải cách hành chính năm 2026, "
        "trình UBND tỉnh trong tháng 6/2026.",
        "3. Giao Sở Tài chính chủ trì tổng hợp nhu cầu kinh phí thực hiện chuyển đổi số, "
        "báo cáo UBND tỉnh trước ngày 15/5/2026.",
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "- Sở Tài chính;",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Nguyễn Cảnh Toàn",
    ]:
        document.add_paragraph(line)
    document.save(path)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield mailbox
    controller.stop()


@pytest.fixture
def province(settings, transactional_db):
    """Lạng Sơn's organisation and one account per role, as the demo builds them; jobs
    run inline (the immediate backend) so that an upload is read before the page loads."""
    from dondoc.lib.calendar import reset_calendar_cache
    from dondoc.lib.calendar_data import load_bundled
    from dondoc.lib.models import CalendarDay

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # The journey jumps weeks ahead between steps: sessions must outlive the jumps
    # (they end after DONDOC_SESSION_IDLE_MINUTES of real inactivity otherwise).
    settings.SESSION_COOKIE_AGE = 400 * 24 * 3600
    load_bundled(CalendarDay)
    reset_calendar_cache()
    units = demo.build_organisation()
    demo.build_accounts(units)
    return units


# --- steps -------------------------------------------------------------------------------


def flash(page: Page, text: str):
    expect(page.locator(".messages li.success")).to_contain_text(text)
    assert_fits(page)


def upload_and_register(page: Page, path, *, tasks: int, unresolved: bool):
    nav(page, "Văn bản")
    page.get_by_role("link", name="Tải lên văn bản", exact=True).click()
    assert_fits(page)
    page.get_by_label("Tệp văn bản").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()
    flash(page, "Đã tải lên")
    expect(page.locator("[data-status-label]")).to_have_text("Chờ rà soát")
    page.get_by_role("link", name="Rà soát và đăng ký nhiệm vụ").click()
    expect(page.get_by_role("heading", name="Rà soát nhiệm vụ trước khi đăng ký")).to_be_visible()
    # The heading shows before a long review page is fully parsed: count rows only once
    # the whole document has loaded.
    page.wait_for_load_state("load")
    assert_fits(page)

    leader = page.get_by_label("Lãnh đạo giao nhiệm vụ (cho mọi nhiệm vụ của văn bản)")
    expect(leader).to_have_value(re.compile(r"\d+"))  # proposed from the notice
    leader.select_option(label="Nguyễn Cảnh Toàn – Chủ tịch UBND tỉnh")
    # A row whose lead unit the extractor could not tell ("giao các cơ quan trình khen
    # thưởng…") is not one unit's task: the clerk leaves it out.
    leads = page.locator("select[name$='-lead_unit']")
    kept = leads.count()
    for i in range(leads.count()):
        if leads.nth(i).input_value() == "":
            page.locator(f"input[name='form-{i}-drop']").check()
            kept -= 1
    assert kept == tasks
    page.get_by_role("button", name="Đăng ký nhiệm vụ").click()
    if unresolved:
        # Deadline phrases without a date are listed; the clerk confirms, a second step.
        confirm = page.locator("#xac-nhan")
        expect(confirm).to_contain_text("chưa tính được ngày")
        assert_fits(page)
        confirm.get_by_role("button", name=f"Vẫn đăng ký {tasks} nhiệm vụ").click()
    flash(page, f"Đã đăng ký {tasks} nhiệm vụ")
    expect(page.locator("table.tasks tbody tr")).to_have_count(tasks)


def open_task(page: Page, words: str):
    """Find a task through the list's search box and open it."""
    nav(page, "Nhiệm vụ")
    page.get_by_placeholder("Nội dung, đơn vị").fill(words)
    page.get_by_role("button", name="Lọc").click()
    assert_fits(page)
    page.locator("table.tasks a", has_text=re.compile(re.escape(words), re.I)).first.click()
    expect(page.get_by_role("heading", name="Lịch sử")).to_be_visible()
    assert_fits(page)


def act(page: Page, action: str):
    """Open an action's panel on the task page; returns it."""
    panel = page.locator(f"#act-{action}")
    panel.locator("summary").click()
    return panel


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_the_journey_from_notice_to_acceptance_extension_and_reminder(page, log_in, province, smtp, tmp_path):
    started = time.monotonic()
    with time_machine.travel(START, tick=True) as traveller:
        # 1. The clerk registers the tasks of two notices.
        log_in("vanthu", PASSWORD)
        upload_and_register(page, demo.SAMPLE_NOTICE, tasks=20, unresolved=True)
        upload_and_register(
            page, docx_notice(tmp_path / "thong-bao-512-cchc.docx"), tasks=3, unresolved=False
        )

        # 2. The director gives the criteria task to a specialist of the Civil Servants division.
        log_in("gd.snv", PASSWORD)
        open_task(page, CRITERIA)
        parent_url = page.url
        expect(page.locator(".facts")).to_contain_text("31/05/2026")
        page.locator("#thao-tac").get_by_role("button", name="Tiếp nhận").click()
        flash(page, "Đã tiếp nhận nhiệm vụ.")
        panel = act(page, "assign")
        panel.get_by_label("Phòng, đơn vị thực hiện").select_option(label="Phòng Công chức, viên chức")
        panel.get_by_label("Người thực hiện").select_option(label="Lý Văn Tú – Phòng Công chức, viên chức")
        panel.get_by_label("Thời hạn nội bộ").fill("2026-05-20")
        panel.get_by_label("Ghi chú").fill("Gửi dự thảo trước ngày 15/5 để Giám đốc cho ý kiến.")
        panel.locator("button[type=submit]").click()
        flash(page, "Đã phân công xử lý nhiệm vụ.")
        expect(page.locator("table.children")).to_contain_text("Lý Văn Tú")

        # The specialist finds it in "Việc của tôi", reports progress with a file, submits.
        log_in("cv.snv", PASSWORD)
        nav(page, "Việc của tôi")
        expect(page.locator("table.my-tasks")).to_contain_text("Được giao")
        page.locator("table.tasks a", has_text="xây dựng bộ tiêu chí").click()
        assert_fits(page)
        child_url = page.url
        (tmp_path / "du-thao-bo-tieu-chi.pdf").write_bytes(MINIMAL_PDF)
        panel = act(page, "report-progress")
        panel.get_by_label("Tiến độ (%)").fill("60")
        panel.get_by_label("Nội dung báo cáo").fill(
            "Đã xây dựng dự thảo bộ tiêu chí, đang lấy ý kiến các phòng."
        )
        panel.locator("input[type=file]").set_input_files(str(tmp_path / "du-thao-bo-tieu-chi.pdf"))
        panel.locator("button[type=submit]").click()
        flash(page, "Đã gửi báo cáo tiến độ.")
        with page.expect_download() as download:
            page.get_by_role("link", name="du-thao-bo-tieu-chi.pdf").click()
        assert download.value.suggested_filename == "du-thao-bo-tieu-chi.pdf"
        (tmp_path / "bo-tieu-chi.txt").write_text("Bộ tiêu chí đánh giá cán bộ, công chức (hoàn chỉnh).\n")
        panel = act(page, "submit")
        panel.locator("textarea").fill("Hoàn thành bộ tiêu chí, trình Giám đốc Sở.")
        panel.locator("input[type=file]").set_input_files(str(tmp_path / "bo-tieu-chi.txt"))
        panel.locator("button[type=submit]").click()
        flash(page, "Đã gửi báo cáo kết quả, chờ đánh giá.")

        # The director accepts the specialist's work and reports to the Chairman.
        log_in("gd.snv", PASSWORD)
        page.goto(child_url)
        act(page, "accept").locator("button[type=submit]").click()
        flash(page, "Đã đánh giá đạt, nhiệm vụ hoàn thành.")
        page.goto(parent_url)
        panel = act(page, "submit")
        panel.locator("textarea").fill("Sở Nội vụ đã hoàn thành bộ tiêu chí, kèm Tờ trình.")
        panel.locator("button[type=submit]").click()
        flash(page, "Đã gửi báo cáo kết quả, chờ đánh giá.")

        # 3. The director asks for more time on the inspection plan.
        open_task(page, INSPECTION)
        inspection_url = page.url
        panel = act(page, "request-extension")
        panel.get_by_label("Thời hạn đề nghị").fill("2026-07-15")
        panel.get_by_label("Lý do đề nghị gia hạn").fill("Chờ hướng dẫn của Bộ Nội vụ về bộ chỉ số mới.")
        panel.locator("button[type=submit]").click()
        flash(page, "Đã gửi đề nghị gia hạn, chờ lãnh đạo quyết định.")

        # The Chairman accepts the result, then grants the extension.
        log_in("lanhdao", PASSWORD)
        nav(page, "Việc của tôi")
        expect(page.locator("table.my-tasks")).to_contain_text("Chờ anh/chị đánh giá kết quả")
        expect(page.locator("table.my-tasks")).to_contain_text("Chờ anh/chị quyết định gia hạn")
        page.goto(parent_url)
        assert_fits(page)
        act(page, "accept").get_by_label("Nhận xét").fill("Đạt yêu cầu.")
        page.locator("#act-accept button[type=submit]").click()
        flash(page, "Đã đánh giá đạt, nhiệm vụ hoàn thành.")
        expect(page.locator("#tinh-trang")).to_contain_text("Hoàn thành đúng hạn")
        expect(page.locator("#tinh-trang")).to_contain_text("Đã hoàn thành")

        page.goto(inspection_url)
        pending = page.locator(".pending")
        expect(pending).to_contain_text("Đề nghị gia hạn đến ngày 15/07/2026")
        pending.get_by_label("Đồng ý gia hạn").check()
        pending.get_by_role("button", name="Ghi quyết định").click()
        flash(page, "Đã đồng ý gia hạn đến ngày 15/07/2026.")
        extensions = page.locator("table.extensions")
        expect(extensions).to_contain_text("30/06/2026 → 15/07/2026")
        expect(extensions).to_contain_text("Đã đồng ý gia hạn")
        expect(extensions).to_contain_text("Nguyễn Cảnh Toàn")
        expect(page.locator(".facts")).to_contain_text("Thời hạn ban đầu 30/06/2026, đã gia hạn 1 lần")
        expect(page.locator("table.history")).to_contain_text("Thời hạn: 30/06/2026 → 15/07/2026")

        # 4. Nobody reports on the one-year review; its deadline passes.
        traveller.move_to(OVERDUE_DAY)
        open_task(page, REVIEW)
        review_path = re.sub(r"^https?://[^/]+", "", page.url)
        expect(page.locator("#tinh-trang")).to_contain_text("Chưa hoàn thành, quá hạn")
        out = io.StringIO()
        call_command("remind", date=OVERDUE_DAY.date(), stdout=out)
        assert "đã gửi" in out.getvalue()

        # The reminded task's page opens; the reminder is the system's doing, not a person's.
        page.goto(review_path)
        history = page.locator("table.history")
        reminded = history.locator("tr", has_text="Nhắc việc")
        expect(reminded).to_contain_text("Hệ thống dondoc")
        expect(reminded).to_contain_text("Đã nhắc việc Vi Văn Hùng")

        # The Office urges the late unit; the urged task's page opens with the urging in its history.
        log_in("theodoi", PASSWORD)
        page.goto(review_path)
        page.locator("#thao-tac").get_by_role("link", name="Đôn đốc").click()
        page.get_by_label("Nội dung đôn đốc").fill(
            "Đề nghị Sở Nội vụ hoàn thành dự thảo báo cáo sơ kết ngay."
        )
        page.get_by_role("button", name="Gửi đôn đốc").click()
        flash(page, "Đã gửi Đôn đốc số 1/2026 tới Sở Nội vụ.")
        urged = page.locator("table.history tr", has_text="Đôn đốc số 1/2026")
        expect(urged).to_contain_text("Lương Văn Minh")
        expect(page.locator("table.history tr", has_text="Nhắc việc")).to_contain_text("Hệ thống dondoc")

    to_director = [m for m in smtp.messages if "gd.snv@langson.example" in m["X-Envelope-To"]]
    subjects = [str(m["Subject"]).strip() for m in to_director]
    assert len(to_director) == 2, subjects  # the reminder digest, then the urging
    assert subjects[1].startswith("[dondoc] Đôn đốc số 1/2026: Sở Nội vụ, 1 nhiệm vụ"), subjects
    mail = to_director[0]
    assert str(mail["Subject"]).strip().startswith("[dondoc] Nhắc việc ngày 06/5/2026: 1 nhiệm vụ quá hạn")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    assert "QUÁ HẠN (1)" in body
    # The digest lists the task by the start of its text, with its deadline and its link.
    assert "UBND cấp xã tiến hành sơ kết 01 năm thực hiện chính quyền địa phương 02 cấp" in body
    assert "Hạn 05/05/2026, quá hạn 1 ngày" in body
    assert review_path in body
    assert time.monotonic() - started < 120
