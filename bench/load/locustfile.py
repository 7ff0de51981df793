"""Locust scenario: civil servants at work on dondoc.

Each simulated user logs in as one of the load accounts (bench/load/setup.py), then,
with 2-5 s of thinking between actions: browses the task list (pages, a search, a
status filter), opens tasks, opens "Việc của tôi" and the documents, reports progress
on one of their tasks, and now and then attaches a product file to the report.

LOAD_HOSTS: comma-separated base URLs (one per server process); each user sticks to
one, as a proxy with sticky sessions would do. LOAD_PASSWORD: the accounts' password.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

HOSTS = [h.strip() for h in os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8101").split(",") if h.strip()]
PASSWORD = os.environ.get("LOAD_PASSWORD", "tai-thu-2026")
ACCOUNTS = int(os.environ.get("LOAD_ACCOUNTS", "200"))
_numbers = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TASK_LINK = re.compile(r'href="/nhiem-vu/(\d+)/"')
PRODUCT = ("Báo cáo tiến độ thực hiện nhiệm vụ.\n" * 200).encode()


class CivilServant(HttpUser):
    wait_time = between(2, 5)
    host = HOSTS[0]

    def on_start(self):
        number = next(_numbers)
        self.client.base_url = HOSTS[number % len(HOSTS)]
        self.username = f"tai{number % ACCOUNTS:03d}"
        page = self.client.get("/dang-nhap/", name="/dang-nhap/")
        token = CSRF.search(page.text).group(1)
        response = self.client.post(
            "/dang-nhap/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/dang-nhap/ [POST]",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure(f"login of {self.username} answered {response.status_code}")
        self.my_tasks = []
        listing = self.client.get("/viec-cua-toi/", name="/viec-cua-toi/")
        self.my_tasks = [int(pk) for pk in TASK_LINK.findall(listing.text)]

    @task(6)
    def browse_tasks(self):
        page = random.choice(["", "?page=2", "?q=ke+hoach", "?status=open_in_time", "?page=3"])
        response = self.client.get(f"/nhiem-vu/{page}", name="/nhiem-vu/")
        links = TASK_LINK.findall(response.text)
        if links:
            self.client.get(f"/nhiem-vu/{random.choice(links)}/", name="/nhiem-vu/[id]/")

    @task(3)
    def open_my_task(self):
        if self.my_tasks:
            self.client.get(f"/nhiem-vu/{random.choice(self.my_tasks)}/", name="/nhiem-vu/[id]/")
        else:
            self.client.get("/viec-cua-toi/", name="/viec-cua-toi/")

    @task(1)
    def documents(self):
        self.client.get("/van-ban/", name="/van-ban/")

    @task(2)
    def report_progress(self, with_file: bool = False):
        if not self.my_tasks:
            return
        pk = random.choice(self.my_tasks)
        page = self.client.get(f"/nhiem-vu/{pk}/", name="/nhiem-vu/[id]/")
        match = CSRF.search(page.text)
        if not match:
            return
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "report_progress-percent": str(random.randint(10, 90)),
            "report_progress-text": f"Đã thực hiện, cập nhật lúc {random.randint(1, 10**6)}",
        }
        files = None
        name = f"/nhiem-vu/[id]/bao-cao-tien-do/ [POST{' + tệp' if with_file else ''}]"
        if with_file:
            # Distinct bytes each time: a new product file is stored, not deduplicated.
            body = PRODUCT + str(random.randint(1, 10**12)).encode()
            files = {"report_progress-files": ("san-pham.txt", body, "text/plain")}
        with self.client.post(
            f"/nhiem-vu/{pk}/bao-cao-tien-do/",
            data=data,
            files=files,
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"progress report answered {response.status_code}")

    @task(1)
    def upload_product(self):
        self.report_progress(with_file=True)
