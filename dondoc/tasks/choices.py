"""The one vocabulary of task states, official status categories and event kinds.

Glossary (administrative term -> code name): chủ trì -> lead_unit; phối hợp ->
coordinating_units; sản phẩm -> products; thời hạn -> due_date; gia hạn -> extension;
tiếp nhận -> receive; giao xử lý / phân công -> assign; báo cáo tiến độ -> progress;
báo cáo kết quả -> submit; đánh giá đạt -> accept; trả lại -> return; thu hồi -> recall;
hủy -> cancel; đôn đốc -> urging; nhắc việc -> reminder.
"""

from django.db import models


class TaskState(models.TextChoices):
    """Where a task is in its workflow (what happened, not whether it is late)."""

    NEW = "new", "Mới giao"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    SUBMITTED = "submitted", "Chờ đánh giá kết quả"
    DONE = "done", "Đã hoàn thành"
    RECALLED = "recalled", "Đã thu hồi"
    CANCELLED = "cancelled", "Đã hủy"


OPEN_STATES = (TaskState.NEW, TaskState.IN_PROGRESS, TaskState.SUBMITTED)
CLOSED_STATES = (TaskState.DONE, TaskState.RECALLED, TaskState.CANCELLED)


class Status(models.TextChoices):
    """The official categories of report 1270/BC-TCTTTg (2017), then the tasks without a
    dated deadline, split in two (../shared/DOMAIN.md: tasks with no time limit are kept
    out of the overdue figures, in a category of their own): recurring or continuous
    tasks ("thường xuyên", "hằng tháng"…) and tasks whose notice simply set no time
    limit. Every list, count, filter and report iterates over this class."""

    DONE_ON_TIME = "done_on_time", "Hoàn thành đúng hạn"
    DONE_LATE = "done_late", "Hoàn thành quá hạn"
    OPEN_ON_TIME = "open_on_time", "Chưa hoàn thành, trong hạn"
    OPEN_OVERDUE = "open_overdue", "Chưa hoàn thành, quá hạn"
    RECURRING = "recurring", "Thường xuyên, định kỳ"
    NO_DEADLINE = "no_deadline", "Không có thời hạn"
    NOT_COUNTED = "not_counted", "Không tính (đã thu hồi, hủy)"


class Recurrence(models.TextChoices):
    """How often a task comes back (định kỳ), or that it never stops (thường xuyên). A
    task with a recurrence and no dated deadline is in `Status.RECURRING`."""

    CONTINUOUS = "continuous", "Thường xuyên, liên tục"
    WEEKLY = "weekly", "Hằng tuần"
    MONTHLY = "monthly", "Hằng tháng"
    QUARTERLY = "quarterly", "Hằng quý"
    HALF_YEARLY = "half-yearly", "6 tháng"
    YEARLY = "yearly", "Hằng năm"


class Acceptance(models.TextChoices):
    PASSED = "passed", "Đạt"
    RETURNED = "returned", "Trả lại"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "Chờ quyết định"
    GRANTED = "granted", "Đã đồng ý gia hạn"
    REFUSED = "refused", "Không đồng ý gia hạn"
    WITHDRAWN = "withdrawn", "Đã rút đề nghị"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", "Báo cáo tiến độ"
    CONTRIBUTION = "contribution", "Ý kiến, kết quả phối hợp"
    RESULT = "result", "Báo cáo kết quả"


class EventKind(models.TextChoices):
    CREATED = "created", "Giao nhiệm vụ"
    UPDATED = "updated", "Cập nhật thông tin"
    RECEIVED = "received", "Tiếp nhận"
    ASSIGNED = "assigned", "Phân công xử lý"
    PROGRESS = "progress", "Báo cáo tiến độ"
    CONTRIBUTION = "contribution", "Ý kiến phối hợp"
    SUBMITTED = "submitted", "Báo cáo kết quả"
    ACCEPTED = "accepted", "Đánh giá đạt"
    RETURNED = "returned", "Trả lại"
    EXTENSION_REQUESTED = "extension_requested", "Đề nghị gia hạn"
    EXTENSION_GRANTED = "extension_granted", "Đồng ý gia hạn"
    EXTENSION_REFUSED = "extension_refused", "Không đồng ý gia hạn"
    EXTENSION_WITHDRAWN = "extension_withdrawn", "Rút đề nghị gia hạn"
    RECALLED = "recalled", "Thu hồi"
    CANCELLED = "cancelled", "Hủy"
    DELETED = "deleted", "Xóa"
    RESTORED = "restored", "Khôi phục"
    URGED = "urged", "Đôn đốc"
    REMINDED = "reminded", "Nhắc việc"


class WaitingReason(models.TextChoices):
    """Why a task is in someone's "Việc của tôi" (`dondoc.tasks.queues`)."""

    TO_RECEIVE = "to_receive", "Chờ tiếp nhận"
    ASSIGNED = "assigned", "Được giao"
    RETURNED = "returned", "Kết quả bị trả lại, cần hoàn thiện"
    TO_ASSIGN = "to_assign", "Chờ phân công hoặc thực hiện"
    TO_SUBMIT = "to_submit", "Các phần việc đã xong, chờ báo cáo kết quả"
    TO_JUDGE = "to_judge", "Chờ anh/chị đánh giá kết quả"
    TO_DECIDE = "to_decide", "Chờ anh/chị quyết định gia hạn"


class OfficeQueue(models.TextChoices):
    """What the Office follows up on behalf of each assigning leader (top-level tasks)."""

    RESULTS = "results", "Kết quả chờ đánh giá"
    EXTENSIONS = "extensions", "Đề nghị gia hạn chờ quyết định"
    NOT_RECEIVED = "not_received", "Chưa tiếp nhận"


class DueBand(models.TextChoices):
    """Where a deadline stands today, for sorting and grouping a work queue."""

    OVERDUE = "overdue", "Quá hạn"
    DUE_SOON = "due_soon", "Sắp đến hạn"
    LATER = "later", "Còn hạn"
    NO_DEADLINE = "no_deadline", "Không có thời hạn"
