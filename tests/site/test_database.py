"""How the site talks to its database."""

from tests.site.test_security import run_django


def test_sqlite_file_keeps_a_write_ahead_log_so_the_worker_never_blocks_readers(
    tmp_path,
):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "cursor.execute('PRAGMA synchronous').fetchone()[0])"
    )
    result = run_django(
        code,
        DJANGO_SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    # synchronous 1 is NORMAL: a commit is safe from a crashed process at once,
    # and reaches the disk with the log.
    assert result.stdout.split() == ["wal", "1"], result.stderr
