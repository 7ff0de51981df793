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
