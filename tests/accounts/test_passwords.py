"""Every user changes their password; a forgotten one is reset through a link sent by
e-mail over real SMTP; weak passwords are refused in Vietnamese."""

from __future__ import annotations

import re

from django.urls import reverse

NEW = "Mat-khau-moi-2026!"


def test_a_user_changes_their_password(client, cast):
    client.force_login(cast.specialist)
    page = client.get(reverse("password-change"))
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        reverse("password-change"),
        {"old_password": cast.password, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Đã đổi mật khẩu." in response.content.decode()
    cast.specialist.refresh_from_db()
    assert cast.specialist.check_password(NEW)
    # Still logged in (the session hash was updated).
    assert client.get(reverse("account")).status_code == 200


def test_weak_passwords_are_refused_in_vietnamese(client, cast):
    client.force_login(cast.specialist)
    for weak, message in (
        ("12345678901", "hoàn toàn là số"),
        ("abc", "quá ngắn"),
        ("password123", "quá phổ biến"),
    ):
        response = client.post(
            reverse("password-change"),
            {"old_password": cast.password, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200
        assert message in response.content.decode(), weak
    cast.specialist.refresh_from_db()
    assert cast.specialist.check_password(cast.password)


def test_a_wrong_old_password_changes_nothing(client, cast):
    client.force_login(cast.specialist)
    response = client.post(
        reverse("password-change"), {"old_password": "sai", "new_password1": NEW, "new_password2": NEW}
    )
    assert "Mật khẩu cũ không chính xác" in response.content.decode()
    cast.specialist.refresh_from_db()
    assert cast.specialist.check_password(cast.password)


def test_a_forgotten_password_is_reset_through_a_link_sent_by_smtp(client, cast, smtp_server, settings):
    settings.SITE_URL = "https://dondoc.langson.gov.vn"
    response = client.post(reverse("password-reset"), {"email": cast.specialist.email}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    [mail] = smtp_server.messages
    assert mail["To"] == cast.specialist.email
    assert mail["Subject"] == "[dondoc] Đặt lại mật khẩu"
    body = mail.get_body(("plain",)).get_content()
    assert "Kính gửi Lý Văn Tú" in body
    link = re.search(r"https://dondoc\.langson\.gov\.vn(/dat-lai-mat-khau/\S+)", body).group(1)

    form = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    cast.specialist.refresh_from_db()
    assert cast.specialist.check_password(NEW)
    # The link works once.
    again = client.get(link, follow=True)
    assert "không hợp lệ" in again.content.decode()


def test_an_unknown_address_sends_nothing_and_says_the_same(client, cast, smtp_server):
    response = client.post(reverse("password-reset"), {"email": "khong-co@example.vn"}, follow=True)
    assert "Kiểm tra hộp thư" in response.content.decode()
    assert smtp_server.messages == []


def test_the_login_page_links_to_password_reset(client, db):
    assert reverse("password-reset") in client.get("/dang-nhap/").content.decode()
