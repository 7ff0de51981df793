"""Word tables of the generated history: names, fields (lĩnh vực), verbs and objects of
tasks, products. Data only; `organisation.py` and `history.py` draw from them."""

from __future__ import annotations

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Vi", "Nông", "Lương", "Hà", "Triệu", "Lăng", "Mã", "Chu", "Đinh", "Tô", "Hứa",
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Xuân", "Thanh", "Công", "Tiến", "Mạnh"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Kim", "Minh", "Hồng", "Phương", "Thúy"]
GIVEN_MALE = [
    "Hùng", "Dũng", "Minh", "Sơn", "Toàn", "Tú", "Long", "Hải", "Nam", "Thắng", "Cường", "Tuấn",
    "Đạt", "Khánh", "Phong", "Quân", "Trung", "Vinh", "Bình", "Hiếu", "Kiên", "Lâm", "Nghĩa", "Tài",
]  # fmt: skip
GIVEN_FEMALE = [
    "Lan", "Hà", "Hương", "Thảo", "Mai", "Linh", "Hạnh", "Ngân", "Trang", "Yến", "Huyền", "Nga",
    "Thủy", "Loan", "Dung", "Phương", "Vân", "Nhung", "Hoa", "Huệ", "Quyên", "Tâm",
]  # fmt: skip

# Departments beyond the demo's eighteen, to reach the usual twenty.
EXTRA_DEPARTMENTS = [
    ("dpttt", "Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", ["Đài PTTH tỉnh"]),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh", ["BHXH"]),
]
# Commune-level names beyond the demo's 61 xã and 4 phường (a larger province).
EXTRA_COMMUNES = [
    "Tân Lập", "Quyết Thắng", "Hưng Đạo", "Kim Đồng", "Bình Trung", "Minh Khai", "Quang Trung",
    "Đồng Tâm", "Hòa Bình", "Tân Yên", "Phú Xá", "Hợp Thành", "Xuân Long", "Gia Cát", "Mai Pha",
    "Hồng Thái", "Tân Mỹ", "Bắc Thủy", "Trấn Yên", "Vân Mộng", "Sàn Viên", "Hữu Khánh",
    "Tú Mịch", "Xuân Lễ", "Bính Xá", "Đồng Bục", "Cường Lợi", "Nam Quan", "Bắc Xa", "Thanh Lòa",
    "Lâm Ca", "Hòa Lạc", "Yên Vượng", "Minh Tiến", "Đô Lương", "Tân Hòa", "Hòa Sơn", "Vạn Thắng",
]  # fmt: skip

# Divisions every department has, then a few of its own (by department code).
DEPARTMENT_COMMON_DIVISIONS = ["Văn phòng Sở", "Phòng Kế hoạch - Tài chính"]
DEPARTMENT_DIVISIONS = {
    "stp": ["Phòng Xây dựng và kiểm tra văn bản", "Phòng Hành chính tư pháp", "Phòng Bổ trợ tư pháp"],
    "stc": ["Phòng Quản lý ngân sách", "Phòng Tài chính đầu tư", "Phòng Quản lý giá, công sản"],
    "sct": ["Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại", "Phòng Năng lượng"],
    "snnmt": ["Phòng Trồng trọt", "Phòng Quản lý đất đai", "Phòng Môi trường", "Phòng Thủy lợi"],
    "sxd": ["Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc", "Phòng Quản lý giao thông"],
    "skhcn": ["Phòng Quản lý khoa học", "Phòng Chuyển đổi số", "Phòng Bưu chính, viễn thông"],
    "svhttdl": ["Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch"],
    "sgddt": ["Phòng Giáo dục phổ thông", "Phòng Giáo dục mầm non", "Phòng Khảo thí"],
    "syt": ["Phòng Nghiệp vụ Y", "Phòng Nghiệp vụ Dược", "Phòng Bảo trợ xã hội"],
    "snv-ngoai": ["Phòng Lãnh sự", "Phòng Biên giới"],
    "sdttg": ["Phòng Chính sách dân tộc", "Phòng Tôn giáo"],
    "ttt": ["Phòng Tiếp công dân", "Phòng Phòng, chống tham nhũng", "Phòng Thanh tra kinh tế"],
    "bqlkkt": ["Phòng Quản lý đầu tư", "Phòng Quản lý cửa khẩu"],
    "bqlda": ["Phòng Quản lý dự án 1", "Phòng Quản lý dự án 2", "Phòng Kỹ thuật"],
    "ttxtdt": ["Phòng Xúc tiến đầu tư", "Phòng Xúc tiến thương mại"],
    "cat": ["Phòng Cảnh sát giao thông", "Phòng An ninh kinh tế", "Phòng Cảnh sát PCCC"],
    "bchqs": ["Phòng Tham mưu", "Phòng Chính trị"],
    "dpttt": ["Phòng Thời sự", "Phòng Kỹ thuật"],
    "bhxh": ["Phòng Thu", "Phòng Chế độ BHXH"],
}
# Public service units under departments (by department code); the rest get "Trung tâm".
SERVICE_UNIT_NAMES = {
    "sgddt": "Trường THPT {place}",
    "syt": "Trung tâm Y tế khu vực {place}",
    "snnmt": "Trung tâm Dịch vụ nông nghiệp {place}",
    "svhttdl": "Trung tâm Văn hóa {place}",
}
SERVICE_SUBUNITS = [
    "Phòng Hành chính - Tổng hợp",
    "Phòng Chuyên môn",
    "Tổ Nghiệp vụ",
    "Khoa Nội",
    "Tổ Toán - Tin",
]
COMMUNE_DIVISIONS = [
    "Văn phòng HĐND và UBND",
    "Phòng Kinh tế",
    "Phòng Văn hóa - Xã hội",
    "Trung tâm Phục vụ hành chính công",
]
COMMUNE_SERVICE_UNITS = ["Trạm Y tế", "Trường Mầm non", "Trường Tiểu học", "Trường THCS"]

# Fields (lĩnh vực): a heading, the departments that usually lead, what tasks are about.
FIELDS = [
    (
        "Lĩnh vực nội vụ",
        ["snv"],
        [
            "sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
            "tinh giản biên chế giai đoạn {y}-{y2}",
            "đánh giá, xếp loại công chức năm {y}",
            "Kế hoạch cải cách hành chính năm {y}",
            "công tác thi đua, khen thưởng năm {y}",
            "vận hành chính quyền địa phương hai cấp",
            "tuyển dụng công chức cấp xã",
        ],
    ),
    (
        "Lĩnh vực tài chính, ngân sách",
        ["stc", "bhxh"],
        [
            "dự toán ngân sách địa phương năm {y2}",
            "giải ngân vốn đầu tư công năm {y}",
            "thu ngân sách nhà nước trên địa bàn",
            "quyết toán các dự án hoàn thành",
            "đấu giá quyền sử dụng đất",
            "sắp xếp, xử lý trụ sở, nhà đất dôi dư",
        ],
    ),
    (
        "Lĩnh vực nông nghiệp và môi trường",
        ["snnmt"],
        [
            "phòng, chống thiên tai và tìm kiếm cứu nạn",
            "trồng rừng và bảo vệ rừng năm {y}",
            "cấp giấy chứng nhận quyền sử dụng đất",
            "thu gom, xử lý rác thải sinh hoạt",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            "phòng, chống dịch tả lợn châu Phi",
        ],
    ),
    (
        "Lĩnh vực xây dựng, giao thông",
        ["sxd", "bqlda"],
        [
            "dự án đường cao tốc Đồng Đăng - Trà Lĩnh",
            "điều chỉnh quy hoạch chung đô thị",
            "giải phóng mặt bằng các dự án trọng điểm",
            "sửa chữa, bảo trì các tuyến đường tỉnh",
            "nhà ở xã hội trên địa bàn tỉnh",
        ],
    ),
    (
        "Lĩnh vực văn hóa - xã hội",
        ["sgddt", "syt", "svhttdl", "sdttg"],
        [
            "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
            "xóa nhà tạm, nhà dột nát",
            "tuyển sinh vào lớp 10 năm học {y}-{y2}",
            "phòng, chống dịch bệnh mùa hè",
            "bảo hiểm y tế học sinh, sinh viên",
            "Lễ hội Đền Kỳ Cùng - Tả Phủ",
        ],
    ),
    (
        "Lĩnh vực nội chính",
        ["ttt", "cat", "stp", "bchqs"],
        [
            "giải quyết khiếu nại, tố cáo tồn đọng",
            "phòng, chống tham nhũng, tiêu cực",
            "bảo đảm an ninh trật tự dịp Tết Nguyên đán",
            "phòng cháy, chữa cháy tại các chợ",
            "rà soát văn bản quy phạm pháp luật",
        ],
    ),
    (
        "Lĩnh vực khoa học, công nghệ và chuyển đổi số",
        ["skhcn"],
        [
            "chuyển đổi số năm {y}",
            "triển khai Đề án 06 của Chính phủ",
            "dịch vụ công trực tuyến toàn trình",
            "Hệ thống thông tin báo cáo của tỉnh",
            "bảo đảm an toàn thông tin mạng",
        ],
    ),
    (
        "Lĩnh vực công thương, đầu tư",
        ["sct", "bqlkkt", "ttxtdt", "snv-ngoai"],
        [
            "xúc tiến đầu tư năm {y}",
            "thông quan hàng hóa tại các cửa khẩu",
            "quản lý thị trường, chống buôn lậu",
            "hạ tầng các cụm công nghiệp",
            "cung ứng điện mùa khô",
        ],
    ),
]
# The seeded field (dondoc.tasks.models.Field, by code) of each heading's tasks.
FIELD_CODES = {
    "Lĩnh vực nội vụ": "noi-vu",
    "Lĩnh vực tài chính, ngân sách": "tai-chinh",
    "Lĩnh vực nông nghiệp và môi trường": "nong-nghiep-moi-truong",
    "Lĩnh vực xây dựng, giao thông": "xay-dung-giao-thong",
    "Lĩnh vực văn hóa - xã hội": "van-hoa-xa-hoi",
    "Lĩnh vực nội chính": "noi-chinh",
    "Lĩnh vực khoa học, công nghệ và chuyển đổi số": "khoa-hoc-chuyen-doi-so",
    "Lĩnh vực công thương, đầu tư": "cong-thuong",
}
VERBS = [
    "Chủ trì, phối hợp với các cơ quan liên quan rà soát, đánh giá",
    "Tham mưu UBND tỉnh ban hành kế hoạch thực hiện",
    "Khẩn trương hoàn thiện hồ sơ",
    "Tổ chức triển khai thực hiện",
    "Chỉ đạo đẩy nhanh tiến độ",
    "Xây dựng dự thảo đề án về",
    "Kiểm tra, đôn đốc việc thực hiện",
    "Tổng hợp, báo cáo kết quả",
    "Rà soát, đề xuất giải pháp tháo gỡ khó khăn, vướng mắc về",
    "Nghiên cứu, tiếp thu ý kiến các thành viên dự họp, hoàn chỉnh",
]
TAILS = [
    "báo cáo UBND tỉnh",
    "trình UBND tỉnh xem xét, quyết định",
    "báo cáo Chủ tịch UBND tỉnh",
    "gửi Văn phòng UBND tỉnh tổng hợp",
]
PRODUCTS = ["Báo cáo", "Kế hoạch", "Tờ trình", "Quyết định", "Đề án", "Công văn", "Phương án"]
MEETINGS = [
    "cuộc họp giao ban tháng {m}/{y}",
    "buổi làm việc với {unit}",
    "cuộc họp về tiến độ giải ngân vốn đầu tư công",
    "Hội nghị trực tuyến về cải cách hành chính",
    "cuộc họp Ban Chỉ đạo chuyển đổi số tỉnh",
    "buổi kiểm tra thực địa tại {place}",
]
PROGRESS_TEXTS = [
    "Đã xây dựng dự thảo, đang lấy ý kiến các cơ quan liên quan.",
    "Đã tổ chức họp triển khai, phân công nhiệm vụ cho các phòng chuyên môn.",
    "Đang tổng hợp số liệu từ các đơn vị.",
    "Đã hoàn thành khảo sát thực địa, đang hoàn thiện báo cáo.",
    "Đã trình lãnh đạo Sở cho ý kiến.",
    "Gặp vướng mắc về nguồn vốn, đang phối hợp Sở Tài chính tháo gỡ.",
]
RESULT_TEXTS = [
    "Đã hoàn thành nhiệm vụ, gửi kèm sản phẩm.",
    "Đã ban hành văn bản theo chỉ đạo, gửi kèm bản chụp.",
    "Đã báo cáo UBND tỉnh, gửi kèm báo cáo.",
]
CONTRIBUTION_TEXTS = [
    "Thống nhất với dự thảo, không có ý kiến bổ sung.",
    "Đề nghị bổ sung số liệu năm trước để so sánh.",
    "Đã cử cán bộ phối hợp, gửi kèm ý kiến bằng văn bản.",
]
EXTENSION_REASONS = [
    "Cần thêm thời gian lấy ý kiến các bộ, ngành trung ương.",
    "Chờ số liệu quyết toán của các đơn vị.",
    "Nội dung phức tạp, phải tổ chức khảo sát bổ sung.",
]
RETURN_REASONS = [
    "Báo cáo chưa đủ số liệu, đề nghị bổ sung.",
    "Sản phẩm chưa đúng yêu cầu, đề nghị hoàn thiện.",
]
CLOSE_REASONS = [
    "Nhiệm vụ không còn phù hợp do thay đổi chủ trương.",
    "Nhiệm vụ được giao lại tại văn bản khác.",
]
