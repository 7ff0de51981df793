from django.db import models


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", "UBND tỉnh"
    OFFICE = "office", "Văn phòng UBND tỉnh"
    DEPARTMENT = "department", "Sở, ban, ngành"
    DIVISION = "division", "Phòng, đơn vị thuộc sở"
    SERVICE_UNIT = "service_unit", "Đơn vị sự nghiệp công lập"
    COMMUNE = "commune", "UBND xã"
    WARD = "ward", "UBND phường"
    EXTERNAL = "external", "Cơ quan ngoài tỉnh"
    GROUP = "group", "Nhóm cơ quan"


class Role(models.TextChoices):
    LEADER = "leader", "Lãnh đạo"
    HEAD = "head", "Trưởng phòng, thủ trưởng đơn vị"
    SPECIALIST = "specialist", "Chuyên viên"
    CLERK = "clerk", "Văn thư"
    FOLLOWUP = "followup", "Chuyên viên theo dõi, đôn đốc (Văn phòng)"
    ADMIN = "admin", "Quản trị hệ thống"
    # Sở Nội vụ's staff who own the evaluation of civil servants: they edit the criteria
    # sets and the product catalogue and see every evaluation (Nghị định 335/2025/NĐ-CP).
    HR = "hr", "Quản lý đánh giá cán bộ (Sở Nội vụ)"


class StaffGroup(models.TextChoices):
    """Which evaluation rules apply to a person: the criteria set of their group
    (Nghị định 335/2025/NĐ-CP for công chức; Nghị định 90/2020/NĐ-CP, amended by
    48/2023/NĐ-CP, for those outside it)."""

    CIVIL_SERVANT = "civil_servant", "Công chức"
    LEADER = "leader", "Công chức lãnh đạo, quản lý"
    PUBLIC_EMPLOYEE = "public_employee", "Viên chức"
    OTHER = "other", "Cán bộ, người lao động ngoài phạm vi Nghị định 335"


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật (Luật Cán bộ, công chức; Nghị định 112/2020/NĐ-CP)."""

    REPRIMAND = "reprimand", "Khiển trách"
    WARNING = "warning", "Cảnh cáo"
    DEMOTION = "demotion", "Hạ bậc lương"
    DOWNGRADE = "downgrade", "Giáng chức"
    DISMISSAL_FROM_POST = "removal", "Cách chức"
    DISMISSAL = "dismissal", "Buộc thôi việc"


class AbsenceKind(models.TextChoices):
    """Why a person did not work part of a period. Maternity leave counts as time worked
    for the rating (Nghị định 90/2020/NĐ-CP, Điều 2, khoản 3, as amended): see
    `ABSENCE_COUNTS_AS_WORKED`."""

    MATERNITY = "maternity", "Nghỉ chế độ thai sản"
    SICK = "sick", "Nghỉ ốm dài ngày"
    UNPAID = "unpaid", "Nghỉ không hưởng lương"
    STUDY = "study", "Đi học tập trung dài hạn"
    NOT_IN_SERVICE = "not_in_service", "Chưa nhận công tác, đã chuyển công tác hoặc nghỉ việc"
    OTHER = "other", "Vắng mặt khác"


ABSENCE_COUNTS_AS_WORKED = frozenset({AbsenceKind.MATERNITY})
