"""The field (lĩnh vực) proposed for a task from its content (`dondoc.extraction.fields`,
words in `lexicon.FIELD_KEYWORDS`): one example per field, and the rules around them."""

from __future__ import annotations

import pytest

from dondoc.extraction.fields import propose_field
from dondoc.extraction.lexicon import FIELD_KEYWORDS

EXAMPLES = {
    "noi-vu": "Rà soát, sắp xếp tổ chức bộ máy và vị trí việc làm của các cơ quan",
    "tai-chinh": "Tham mưu bố trí kinh phí từ nguồn ngân sách tỉnh năm 2026",
    "dau-tu": "Đẩy nhanh tiến độ giải ngân vốn đầu tư công",
    "cong-thuong": "Tạo thuận lợi cho hoạt động xuất nhập khẩu qua các cửa khẩu",
    "nong-nghiep-moi-truong": "Kiểm tra công tác quản lý, bảo vệ rừng và phòng cháy rừng mùa khô",
    "xay-dung-giao-thong": "Kiểm tra chất lượng thi công tuyến đường giao thông nông thôn",
    "giao-duc": "Chuẩn bị tốt kỳ thi tốt nghiệp trung học phổ thông cho học sinh",
    "y-te": "Tổ chức tiêm chủng mở rộng, bảo đảm an toàn thực phẩm",
    "van-hoa-xa-hoi": "Tổ chức lễ hội truyền thống, phát triển du lịch cộng đồng",
    "khoa-hoc-chuyen-doi-so": "Đẩy mạnh chuyển đổi số, cung cấp dịch vụ công trực tuyến toàn trình",
    "noi-chinh": "Giải quyết dứt điểm các vụ khiếu nại, tố cáo kéo dài",
    "quoc-phong-an-ninh": "Bảo đảm an ninh, trật tự, an toàn xã hội trong dịp Tết",
    "dan-toc-ton-giao": "Thực hiện chính sách đối với người có uy tín trong đồng bào dân tộc thiểu số",
    "doi-ngoai": "Chuẩn bị nội dung làm việc với đoàn khách nước ngoài về hợp tác quốc tế",
}


@pytest.mark.parametrize(("code", "text"), EXAMPLES.items())
def test_it_proposes_the_field_the_content_speaks_of(code, text):
    assert propose_field(text) == code


def test_every_field_with_words_has_an_example():
    assert set(EXAMPLES) == set(FIELD_KEYWORDS)


@pytest.mark.django_db
def test_the_words_are_keyed_by_seeded_field_codes():
    from dondoc.tasks.models import Field

    seeded = set(Field.objects.values_list("code", flat=True))
    assert set(FIELD_KEYWORDS) <= seeded
    assert seeded - set(FIELD_KEYWORDS) == {"khac"}  # the clerk's choice only


def test_nothing_is_proposed_without_a_word_or_on_a_tie():
    assert propose_field("Tổng hợp, báo cáo kết quả thực hiện định kỳ hằng tháng") == ""
    assert propose_field("") == ""
    # "kinh phí" (Tài chính) and "trường học" (Giáo dục) once each: no guess
    assert propose_field("Bố trí kinh phí sửa chữa trường học") == ""


def test_the_names_of_the_units_say_who_not_what():
    text = "Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo rà soát kinh phí"
    assert propose_field(text, names=["Sở Y tế", "Sở Giáo dục và Đào tạo"]) == "tai-chinh"


def test_a_longer_phrase_is_read_as_itself():
    # "phổ biến, giáo dục pháp luật" is Nội chính, not Giáo dục
    assert propose_field("Đẩy mạnh công tác phổ biến, giáo dục pháp luật") == "noi-chinh"
    # "môi trường đầu tư" is Đầu tư, not Môi trường
    assert propose_field("Cải thiện môi trường đầu tư, kinh doanh") == "dau-tu"


def test_old_tone_placement_and_case_read_the_same():
    assert propose_field("Chăm sóc SỨC KHOẺ nhân dân") == "y-te"
    assert propose_field("Công tác thuỷ lợi") == "nong-nghiep-moi-truong"


def test_the_section_headings_speak_when_the_content_does_not():
    assert (
        propose_field("Triển khai thực hiện", headings=["II. LĨNH VỰC VĂN HÓA, DU LỊCH"]) == "van-hoa-xa-hoi"
    )
    assert propose_field("Rà soát kinh phí", headings=["II. LĨNH VỰC VĂN HÓA"]) == "tai-chinh"
