"""pg_dump and pg_restore get the connection settings through the environment."""

from __future__ import annotations

from types import SimpleNamespace

from presales.backups import services


def test_the_database_password_never_reaches_the_command_line(tmp_path):
    fake = SimpleNamespace(
        settings_dict={"NAME": "presales", "USER": "app", "PASSWORD": "s3cret-pw", "HOST": "db", "PORT": 5433}
    )

    for command, env in (
        services.pg_dump_command(fake, tmp_path / "x", "00000003-1"),
        services.pg_restore_command(fake, tmp_path / "x"),
    ):
        assert not any("s3cret-pw" in part for part in command)
        assert (env["PGPASSWORD"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == ("s3cret-pw", "app", "db", "5433")
