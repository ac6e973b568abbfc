"""The load of the benchmark (locust, headless; bench/run.py starts it). Users log in through
the real login form (its CSRF token and session cookie), as the presales manager (sees every
opportunity) or the sales rep of bench/pages.py, then ask for pages.

BENCH_MODE chooses what the users do:

* `pages`: one user, sequential: each page BENCH_ROUNDS × its `rounds` times in a row, then
  the run stops by itself. Every response time is kept (p50/p95 come from these, not from
  locust's rounded buckets), with the body size and the gunicorn workers' memory (VmRSS of
  each worker from /proc) before and after each page.
* `mixed`: every page by its weight, no wait between requests; users take the manager's and
  the rep's logins in turn (the rep only asks for what answers him 200). Counted for
  BENCH_SECONDS from the moment all BENCH_USERS have logged in (a login hashes a password for
  a second or more), then the run stops by itself.
* `floor`: the same users asking only for the floor view: the throughput the mixed load is
  compared with.

Results go to BENCH_OUT as JSON. BENCH_PAGES is the JSON of bench/queries.py (addresses,
which login may open which page).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, constant, events, task

MODE = os.environ.get("BENCH_MODE", "pages")
LOGIN = os.environ.get("BENCH_LOGIN", "manager")
ROUNDS = float(os.environ.get("BENCH_ROUNDS", "1"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-pass-2026")
OUT = os.environ.get("BENCH_OUT", "bench-locust.json")
MASTER_PID = int(os.environ.get("BENCH_GUNICORN_PID", "0") or 0)
SPEC = json.loads(Path(os.environ["BENCH_PAGES"]).read_text()) if os.environ.get("BENCH_PAGES") else {}
USERNAMES = {"manager": "bench_manager", "rep": "bench_rep"}

results: dict = {"mode": MODE, "login": LOGIN, "pages": {}, "errors": []}
_turn = itertools.count()
_counted = {"n": 0, "first": None, "last": None}
SECONDS = float(os.environ.get("BENCH_SECONDS", "40"))
USERS = int(os.environ.get("BENCH_USERS", "1"))
_logged_in = {"n": 0, "deadline": None}


def pages_for(login: str) -> list[dict]:
    allowed = SPEC.get("logins", {}).get(login, {})
    return [p for p in SPEC.get("pages", []) if allowed.get(p["name"], {}).get("status") == 200]


def worker_rss_kib() -> dict[int, int]:
    """VmRSS of each gunicorn worker (the master's children), from /proc."""
    if not MASTER_PID:
        return {}
    rss = {}
    try:
        children = Path(f"/proc/{MASTER_PID}/task/{MASTER_PID}/children").read_text().split()
    except OSError:
        return {}
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        if match:
            rss[int(pid)] = int(match.group(1))
    return rss


class BenchUser(HttpUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        self.login = LOGIN if MODE == "pages" else ("manager", "rep")[next(_turn) % 2]
        page = self.client.get("/accounts/login/", name="login (form)")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token, "username": USERNAMES[self.login], "password": PASSWORD},
            headers={"Referer": page.url},
            name="login (post)",
        )
        if "/accounts/login/" in response.url:
            results["errors"].append(f"login as {self.login} failed ({response.status_code})")
            self.environment.runner.quit()
        self.my_pages = pages_for(self.login)
        if MODE == "floor":
            self.my_pages = [p for p in self.my_pages if p["name"] == "floor"]
        self.weights = list(itertools.accumulate(p["weight"] for p in self.my_pages))
        _logged_in["n"] += 1

    def _get(self, page: dict):
        started = time.perf_counter()
        with self.client.get(page["path"], name=page["name"], catch_response=True) as response:
            elapsed = (time.perf_counter() - started) * 1000
            size = len(response.content or b"")
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            else:
                response.success()
        return elapsed, size, response.status_code

    @task
    def work(self) -> None:
        if MODE == "pages":
            self._sequential()
            return
        page = random.choices(self.my_pages, cum_weights=self.weights)[0] if self.my_pages else None
        if page is None:
            self.environment.runner.quit()
            return
        self._get(page)
        if _logged_in["n"] < USERS:
            return  # logins still hashing passwords: not part of the throughput
        now = time.perf_counter()
        if _logged_in["deadline"] is None:
            _logged_in["deadline"] = now + SECONDS
        elif now >= _logged_in["deadline"]:
            self.environment.runner.quit()
            return
        # the throughput: requests completed from the first one after every login
        _counted["first"] = _counted["first"] or now
        _counted["last"] = now
        _counted["n"] += 1

    def _sequential(self) -> None:
        for page in self.my_pages:
            rounds = max(1, round(page["rounds"] * ROUNDS))
            self._get(page)  # warm-up (not counted)
            before = worker_rss_kib()
            samples, sizes, statuses = [], set(), set()
            for _ in range(rounds):
                elapsed, size, status = self._get(page)
                samples.append(elapsed)
                sizes.add(size)
                statuses.add(status)
            after = worker_rss_kib()
            results["pages"][page["name"]] = {
                "path": page["path"],
                "samples_ms": samples,
                "bytes": max(sizes),
                "statuses": sorted(statuses),
                "rss_before_kib": sum(before.values()),
                "rss_after_kib": sum(after.values()),
            }
        self.environment.runner.quit()


@events.test_start.add_listener
def _start(environment, **_kwargs) -> None:
    results["started"] = time.time()
    results["rss_start_kib"] = worker_rss_kib()


@events.quitting.add_listener
def _quit(environment, **_kwargs) -> None:
    results["rss_end_kib"] = worker_rss_kib()
    stats = environment.stats
    results["requests"] = {
        name: {"n": s.num_requests, "failures": s.num_failures, "median_ms": s.median_response_time}
        for (name, _method), s in stats.entries.items()
    }
    results["failures"] = stats.total.num_failures
    if _counted["n"] > 1 and _counted["last"] > _counted["first"]:
        results["rps"] = (_counted["n"] - 1) / (_counted["last"] - _counted["first"])
        results["counted"] = _counted["n"]
    Path(OUT).write_text(json.dumps(results, indent=1))
