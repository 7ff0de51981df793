"""The vocabulary of evaluation (Nghị định 335/2025/NĐ-CP; Nghị định 90/2020/NĐ-CP as
amended by 48/2023/NĐ-CP).

Glossary (administrative term -> code name): bộ tiêu chí -> criteria set; tiêu chí chung
-> general criteria; kết quả thực hiện nhiệm vụ -> task results; số lượng / chất lượng /
tiến độ -> quantity / quality / timeliness; hệ số quy đổi -> coefficient; nguyên nhân
khách quan -> objective cause; tự đánh giá -> self-assessment; nhận xét, đánh giá của
trưởng phòng -> review; phê duyệt, quyết định xếp loại -> approval; kỳ đánh giá -> period;
xếp loại -> rating.
"""

from django.db import models


class EvaluationGroup(models.TextChoices):
    """Who a criteria set is for: the staff groups of `org.choices.StaffGroup`, and agencies."""

    CIVIL_SERVANT = "civil_servant", "Công chức"
    LEADER = "leader", "Công chức lãnh đạo, quản lý"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức"
    OTHER = "other", "Cán bộ, người lao động ngoài phạm vi Nghị định 335"
    AGENCY = "agency", "Cơ quan, đơn vị"


class Regime(models.TextChoices):
    POINTS = "points", "Chấm điểm theo tháng/quý (Nghị định 335/2025/NĐ-CP)"
    LEVELS = "levels", "Xếp loại năm theo 4 mức (Nghị định 90/2020/NĐ-CP, sửa đổi bởi 48/2023/NĐ-CP)"


class Averaging(models.TextChoices):
    """How the three components of task results combine (the law's exact formula is
    published as an image and provinces differ: a field of the criteria set)."""

    WEIGHTED_MEAN = "weighted_mean", "Trung bình có trọng số của số lượng, chất lượng, tiến độ"
    PRODUCT = "product", "Tích các tỷ lệ số lượng × chất lượng × tiến độ"


class Rounding(models.TextChoices):
    HALF_UP = "half_up", "0,5 trở lên làm tròn lên"
    DOWN = "down", "bỏ phần lẻ"
    HALF_EVEN = "half_even", "0,5 làm tròn về số chẵn"


class Rating(models.TextChoices):
    """Mức xếp loại chất lượng."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    PASS = "pass", "Hoàn thành nhiệm vụ"
    FAIL = "fail", "Không hoàn thành nhiệm vụ"
    NOT_RATED = "not_rated", "Không xếp loại"


# From best to worst: the order in which bands are tried and ratings are capped.
RATING_ORDER = (Rating.EXCELLENT, Rating.GOOD, Rating.PASS, Rating.FAIL)


class PeriodKind(models.TextChoices):
    MONTH = "month", "Tháng"
    QUARTER = "quarter", "Quý"
    YEAR = "year", "Năm"


class EvaluationState(models.TextChoices):
    COMPUTED = "computed", "Chờ tự đánh giá"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá, chờ trưởng phòng"
    REVIEWED = "reviewed", "Trưởng phòng đã đánh giá, chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt (khóa)"


class EvaluationEventKind(models.TextChoices):
    CREATED = "created", "Tạo phiếu đánh giá"
    SELF_ASSESSED = "self_assessed", "Tự đánh giá"
    REVIEWED = "reviewed", "Trưởng phòng nhận xét, đánh giá"
    APPROVED = "approved", "Phê duyệt, quyết định xếp loại"
    AMENDED = "amended", "Sửa đổi sau phê duyệt (phiên bản mới)"


class CriteriaSetStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    PUBLISHED = "published", "Đã ban hành"
