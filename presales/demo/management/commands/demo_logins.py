"""`manage.py demo_logins`: who to log in as, printed by make run before it serves."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand

from presales.accounts.models import User
from presales.accounts.roles import Role
from presales.demo.data.people import DEMO_USERNAMES


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


class Command(BaseCommand):
    help = "Print the demo log-ins (user name, name, roles), the shared password and the address."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="address printed for the app")

    def handle(self, *args, url, **options):
        users = {
            user.username: user
            for user in User.objects.filter(username__in=DEMO_USERNAMES, is_active=True)
            .select_related("department")
            .prefetch_related("groups")
        }
        if not users:
            self.stdout.write("No demo data in this database: run `python manage.py load_demo` (make run does).")
            return
        rows = [("username", "name", "department", "roles")]
        for username in DEMO_USERNAMES:
            user = users.get(username)
            if user is None:
                continue
            codes = {group.name for group in user.groups.all()} | ({Role.ADMIN} if user.is_superuser else set())
            roles = ", ".join(f"{Role(code).label} ({code})" for code in Role.values if code in codes)
            department = user.department.name if user.department else ""
            rows.append((username, user.display_name, department, roles))
        widths = [max(_width(str(row[i])) for row in rows) for i in range(3)]
        self.stdout.write(f"售前工作台 Presales Workbench — {url}")
        self.stdout.write(f"Demo log-ins (password for all: {settings.PRESALES_DEMO_PASSWORD})")
        for index, row in enumerate(rows):
            self.stdout.write("  " + "  ".join([*(_pad(str(row[i]), widths[i]) for i in range(3)), row[3]]))
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in [*widths, 5]))
