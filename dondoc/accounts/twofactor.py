"""Optional two-factor login (TOTP, django-otp) for administrators and leaders.

Enrolment creates an unconfirmed TOTP device, shows its key as a QR code drawn here
(segno, SVG: no image service, no CDN) and confirms it with a first code. From then on
a password alone opens only the code page (`TwoFactorMiddleware`).
"""

from __future__ import annotations

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from dondoc.org.choices import Role

DEVICE_NAME = "Ứng dụng xác thực"


def may_use_two_factor(user) -> bool:
    """Administrators and leaders may turn on two-factor login."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN, Role.LEADER))


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device of an enrolment in progress (one per user), created once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL of `device` as an SVG QR code in a data: URI (allowed by the
    Content-Security-Policy's img-src, unlike inline markup with style attributes)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The base32 key in groups of four, for apps where the QR code cannot be scanned."""
    import base64

    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def verify(device: TOTPDevice, code: str) -> bool:
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    return len(code) == 6 and device.verify_token(code)
