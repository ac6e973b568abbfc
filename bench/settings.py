"""Settings of the benchmark server: the product's settings with DEBUG off, over plain HTTP on
loopback, plus the floor view (bench/urls.py). Never used by the product itself.

The environment is set before presales.settings reads it (DEBUG decides the static storage,
the secure cookies and the SSL redirect there).
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")  # plain HTTP on 127.0.0.1
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("PRESALES_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "bench"))
# The load sends more than the API's default 600 requests a minute per user.
os.environ.setdefault("PRESALES_API_RATE_USER", "")

from presales.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
