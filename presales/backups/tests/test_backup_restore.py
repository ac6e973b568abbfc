"""`manage.py backup` / `manage.py restore`: a round trip brings every record and file back,
verified by checksum; a damaged archive, another vendor, newer migrations or a missing
confirmation are refused before anything changes.

The tests run on whichever database the run uses (SQLite by default, PostgreSQL by
DATABASE_URL), with committed data (transaction=True): pg_dump reads from its own session."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from presales.backups import services
from presales.customers.models import Customer
from presales.opportunities.models import Deliverable, Opportunity
from presales.opportunities.services import deliverable_submit
from presales.testing import make_customer, make_opportunity

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRST = b"%PDF-1.4\n% first visit record\n" + bytes(range(256)) * 40
SECOND = b"%PDF-1.4\n% second visit record, revised\n" + bytes(range(255, -1, -1)) * 40


@pytest.fixture(autouse=True)
def _var_in_tmp(settings, tmp_path):
    """Safety backups go under VAR_DIR/backups: a test keeps them in its own folder."""
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture(autouse=True)
def _drop_the_later_table():
    """A refused restore leaves the table `damage` made; the flush between tests would not."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS zz_made_later")


@pytest.fixture
def data(rep, engineer):
    """Two customers, an opportunity and two uploaded versions of its first deliverable."""
    first = make_customer(rep, "杭州市公安局")
    second = make_customer(rep, "宁波港集团")
    opportunity = make_opportunity(rep, first, presales_lead=engineer)
    dtype = opportunity.current_stage.deliverable_types.filter(fulfilled_by="").first()
    versions = [
        deliverable_submit(
            opportunity=opportunity,
            user=engineer,
            deliverable_type=dtype,
            file=SimpleUploadedFile(name, content),
            draft=True,
        )
        for name, content in (("拜访记录.pdf", FIRST), ("拜访记录（修订）.pdf", SECOND))
    ]
    return SimpleNamespace(first=first, second=second, opportunity=opportunity, versions=versions, rep=rep)


def table_rows() -> dict[str, list]:
    """Every row of every table, in key order: what 'every record is back' compares."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f'SELECT * FROM "{table}"')
            rows[table] = sorted((tuple(map(str, row)) for row in cursor.fetchall()), key=repr)
    return rows


def media_files() -> dict[str, str]:
    root = Path(django_settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", output=tmp_path / "backups", stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.is_file() and archive.parent == tmp_path / "backups"
    return archive


def restore(archive, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, **options)
    return out.getvalue()


def damage(data):
    """What goes wrong after the backup: rows deleted and altered, a row added, a file deleted,
    a file altered, a stray file, and a table a later migration made."""
    v1, v2 = data.versions
    Customer.objects.filter(pk=data.second.pk).delete()
    Customer.objects.filter(pk=data.first.pk).update(name="改错的名字")
    Opportunity.objects.filter(pk=data.opportunity.pk).update(name="改错的项目")
    Path(v1.file.path).unlink()
    Deliverable.objects.filter(pk=v1.pk).delete()
    Path(v2.file.path).write_bytes(b"overwritten by mistake")
    (Path(django_settings.MEDIA_ROOT) / "stray.txt").write_text("not in the backup")
    make_customer(data.rep, "备份之后的客户")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE zz_made_later (id integer PRIMARY KEY)")
        cursor.execute("INSERT INTO zz_made_later VALUES (1)")


def test_round_trip_brings_every_record_and_file_back(data, tmp_path, client):
    rows, files = table_rows(), media_files()
    assert len(files) == 2
    archive = backup(tmp_path)

    damage(data)
    assert table_rows() != rows and media_files() != files
    output = restore(archive, yes=True)

    assert table_rows() == rows
    assert media_files() == files
    assert "checked against the manifest" in output
    # the application reads it back: the deleted version downloads with its first bytes
    client.force_login(data.rep)
    v1 = data.versions[0]
    response = client.get(reverse("opportunities:deliverable_download", args=[data.opportunity.pk, v1.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FIRST
    # the state before the restore was saved first, so the restore can be undone
    [safety] = (tmp_path / "var" / "backups").glob("presales-before-restore-*.tar.gz")
    saved = services.backup_verify(safety)
    assert "media/stray.txt" in {entry["path"] for entry in saved["files"]}
    assert saved["database"]["tables"]["zz_made_later"] == 1


def test_the_manifest_describes_the_archive(data, tmp_path):
    archive = backup(tmp_path)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
        members = {entry["path"]: tar.extractfile(entry["path"]).read() for entry in manifest["files"]}

    assert manifest["format"] == 1 and manifest["app_version"]
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["customers_customer"] == 2
    assert "0001_initial" in manifest["migrations"]["customers"]
    assert names == {"manifest.json", *members}
    for entry in manifest["files"]:
        assert hashlib.sha256(members[entry["path"]]).hexdigest() == entry["sha256"]
        assert len(members[entry["path"]]) == entry["size"]
    assert {path for path in members if path.startswith("media/")} == {f"media/{p}" for p in media_files()}
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


def rewrite(archive: Path, target: Path, *, change=None, add=None, manifest=None) -> Path:
    """Copy an archive, changing members on the way (a well-formed tar with bad content)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for info in source:
            content = source.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                content = json.dumps(manifest(json.loads(content))).encode()
            if change and info.name in change:
                content = change[info.name](content)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
        for name, content in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))
    return target


def refused(archive, message: str) -> None:
    rows, files = table_rows(), media_files()
    with pytest.raises(CommandError, match=message):
        restore(archive, yes=True)
    assert table_rows() == rows
    assert media_files() == files
    assert not list((Path(django_settings.VAR_DIR) / "backups").glob("*"))  # not even a safety backup


def test_a_damaged_archive_is_refused_and_nothing_changes(data, tmp_path):
    archive = backup(tmp_path)
    damage(data)
    media = next(entry for entry in services.backup_verify(archive)["files"] if entry["path"].startswith("media/"))
    database = services.backup_verify(archive)["database"]["file"]

    refused(rewrite(archive, tmp_path / "file.tar.gz", change={media["path"]: lambda b: b[:-1] + b"x"}), "checksum")
    refused(rewrite(archive, tmp_path / "db.tar.gz", change={database: lambda b: b + b"\0"}), "checksum")
    refused(rewrite(archive, tmp_path / "extra.tar.gz", add={"media/planted.exe": b"MZ"}), "does not list")
    refused(rewrite(archive, tmp_path / "slip.tar.gz", add={"../outside.txt": b"x"}), "never does")
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refused(cut, "damaged")
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive at all")
    refused(garbage, "not a readable backup archive")
    with pytest.raises(CommandError, match="checksum"):
        restore(tmp_path / "file.tar.gz", verify_only=True)


def test_a_backup_of_another_vendor_is_refused(data, tmp_path):
    archive = backup(tmp_path)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def relabel(manifest):
        manifest["database"]["vendor"] = other
        return manifest

    refused(rewrite(archive, tmp_path / "other.tar.gz", manifest=relabel), f"backup is of a {other} database")


def test_a_backup_from_newer_code_is_refused(data, tmp_path):
    archive = backup(tmp_path)

    def newer(manifest):
        manifest["migrations"]["customers"].append("0999_from_the_future")
        return manifest

    refused(rewrite(archive, tmp_path / "newer.tar.gz", manifest=newer), "newer version")


def test_restore_asks_before_overwriting(data, tmp_path, monkeypatch):
    archive = backup(tmp_path)
    damage(data)
    rows = table_rows()

    with pytest.raises(CommandError, match="add --yes"):  # no terminal to ask on
        restore(archive)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        restore(archive)
    assert table_rows() == rows

    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    restore(archive)
    assert Customer.objects.filter(name="宁波港集团").exists()


def test_keep_deletes_the_oldest_archives(data, tmp_path):
    made = []
    for _ in range(3):
        out = io.StringIO()
        call_command("backup", output=tmp_path / "backups", keep=2, stdout=out)
        made.append(Path(out.getvalue().strip()))

    assert sorted((tmp_path / "backups").glob("*.tar.gz")) == made[1:]
