"""Query count, status and HTML size of every benchmark page, in-process (django.test.Client
and CaptureQueriesContext), for each login of bench/pages.py. Writes JSON:

    DATABASE_URL=… python bench/queries.py OUT.json

Also used by bench/run.py to learn the addresses and which pages each login may open (the
load only asks a login for the pages that answer it 200).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def measure() -> dict:
    import django

    django.setup()
    # A page the login may not open answers 403 and is left out of his load: not an error here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import LOGINS, pages
    from presales.accounts.models import User

    result: dict = {"vendor": connection.vendor, "pages": [p.as_dict() for p in pages()], "logins": {}}
    for login, username in LOGINS.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        rows = {}
        for page in pages():
            client.get(page.path)  # warm-up: templates compiled, caches filled
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
                body = b"".join(response.streaming_content) if response.streaming else response.content
            rows[page.name] = {"status": response.status_code, "queries": len(queries), "bytes": len(body)}
        result["logins"][login] = rows
    return result


if __name__ == "__main__":
    out = measure()
    Path(sys.argv[1]).write_text(json.dumps(out, indent=1))
