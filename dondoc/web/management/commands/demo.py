from django.conf import settings
from django.core.management.base import BaseCommand

from dondoc.web import demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: tổ chức tỉnh Lạng Sơn, tài khoản mẫu, thông báo kết luận mẫu (chạy lại không thay đổi gì)."

    def handle(self, *args, **options):
        result = demo.run()
        document = result["document"]
        if document is None:
            self.stdout.write(self.style.WARNING(f"Không tìm thấy văn bản mẫu {demo.SAMPLE_NOTICE}; bỏ qua."))
        else:
            self.stdout.write(
                f"Văn bản mẫu: {document.original_name} – {document.get_status_display()}, "
                f"{document.tasks.count()} nhiệm vụ."
            )
        site = settings.SITE_URL
        self.stdout.write(f"\nĐịa chỉ: {site}/  — tài khoản mẫu (mật khẩu: {demo.DEMO_PASSWORD}):")
        for user in result["users"]:
            roles = ", ".join(r.get_role_display() for r in user.roles.all())
            self.stdout.write(f"  {user.username:10} {user.person.full_name} – {user.person.title} [{roles}]")
