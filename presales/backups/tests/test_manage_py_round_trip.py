"""The round trip on a real SQLite file in WAL mode, through `manage.py` in processes of its
own (as cron and an operator run it): build data with the test builders, back up, damage,
restore, and every table row and file is as before."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[3]

BUILD = """
from django.conf import settings
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from django.core.files.uploadedfile import SimpleUploadedFile
from presales.opportunities.services import deliverable_submit
from presales.testing import make_customer, make_opportunity, make_user
rep = make_user("rep", "sales_rep", full_name="王销售")
engineer = make_user("engineer", "presales_engineer", full_name="张工")
first = make_customer(rep, "杭州市公安局")
make_customer(rep, "宁波港集团")
opportunity = make_opportunity(rep, first, presales_lead=engineer)
dtype = opportunity.current_stage.deliverable_types.filter(fulfilled_by="").first()
for name in ("拜访记录.pdf", "拜访记录（修订）.pdf"):
    deliverable_submit(opportunity=opportunity, user=engineer, deliverable_type=dtype,
                       file=SimpleUploadedFile(name, ("%PDF-1.4 " + name).encode()), draft=True)
"""

DAMAGE = """
from pathlib import Path
from django.conf import settings
from presales.customers.models import Customer
from presales.opportunities.models import Deliverable
Customer.objects.filter(name="宁波港集团").delete()
Customer.objects.update(name="改错的名字")
first, second = Deliverable.objects.order_by("pk")
Path(first.file.path).unlink()
first.delete()
Path(second.file.path).write_bytes(b"overwritten")
(Path(settings.MEDIA_ROOT) / "stray.txt").write_text("x")
"""

STATE = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT * FROM "{table}"')
        tables[table] = sorted(repr(row) for row in cursor.fetchall())
root = Path(settings.MEDIA_ROOT)
files = {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
         for p in root.rglob("*") if p.is_file()}
cursor = connection.cursor()
cursor.execute("PRAGMA journal_mode")
print(json.dumps({"tables": tables, "files": files, "journal": cursor.fetchone()[0]}))
"""


# transaction=True: the copy of the test database's schema below reads it with the SQLite backup
# API, which waits forever for a transaction held by its own connection.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_on_a_sqlite_file_through_manage_py(tmp_path):
    database = tmp_path / "presales.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "presales.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "PRESALES_VAR_DIR": str(tmp_path / "var"),
        "PRESALES_MEDIA_ROOT": str(tmp_path / "media"),
    }

    def run(*args: str) -> str:
        result = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def python(code: str) -> str:
        return run(sys.executable, "-c", "import django; django.setup()\n" + code)

    if connection.vendor == "sqlite":  # the test database is migrated already: copy its schema
        connection.ensure_connection()
        target = sqlite3.connect(database)
        connection.connection.backup(target)
        target.close()
    else:
        run(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
    python(BUILD)
    before = json.loads(python(STATE))
    assert before["journal"] == "wal" and len(before["files"]) == 2
    archive = Path(run(sys.executable, "manage.py", "backup").strip())
    assert archive.parent == tmp_path / "var" / "backups"

    python(DAMAGE)
    assert json.loads(python(STATE)) != before
    run(sys.executable, "manage.py", "restore", str(archive), "--yes")

    assert json.loads(python(STATE)) == before
