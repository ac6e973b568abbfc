"""The benchmark: `make bench` (PROFILE=large, DB=sqlite|postgres|both). See bench/README.md.

For each database:

1. generate the `small` profile and count the queries of every page in-process
   (bench/queries.py), then the chosen profile (bench/generate.py) and count again;
2. collect the static files (whitenoise serves them with DEBUG off);
3. start gunicorn (sync workers, DEBUG off, bench.settings, a free port on 127.0.0.1) with
   one worker and run locust headless (bench/locustfile.py): every page sequentially for
   p50/p95 as the manager and as the rep, then the mixed load and the floor alone; then four
   workers: the mixed load and the floor alone (and, unless --no-baseline, the mixed load and
   the floor at the small profile with one worker: the throughput share's reference);
4. write the report to bench/results/<profile>-<db>-<timestamp>.md and print it.

Everything runs on loopback, bounded in requests and time; the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
PY = sys.executable
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/bench"
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"


def log(message: str) -> None:
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}, **extra)
    return env


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def generate(profile: str, url: str) -> float:
    started = time.perf_counter()
    run([PY, str(BENCH / "generate.py"), "--profile", profile], env_for(url))
    return time.perf_counter() - started


def queries(url: str, out: Path) -> dict:
    run([PY, str(BENCH / "queries.py"), str(out)], env_for(url))
    return json.loads(out.read_text())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, url: str, workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = env_for(url)
        self.process = subprocess.Popen(
            [
                PY,
                "-m",
                "gunicorn",
                "presales.wsgi:application",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def locust(server: Gunicorn, spec: Path, out: Path, *, mode: str, login: str = "manager", users: int = 1,
           seconds: int = 0, rounds: float = 1.0) -> dict:  # fmt: skip
    env = env_for(
        "",
        BENCH_MODE=mode,
        BENCH_LOGIN=login,
        BENCH_OUT=str(out),
        BENCH_PAGES=str(spec),
        BENCH_ROUNDS=str(rounds),
        BENCH_GUNICORN_PID=str(server.process.pid),
        BENCH_USERS=str(users),
        BENCH_SECONDS=str(seconds),
    )
    # Both modes stop by themselves (the pages done; the counted seconds over): -t is the bound.
    limit = seconds + 120 if seconds else 1800
    run(
        [
            PY,
            "-m",
            "locust",
            "-f",
            str(BENCH / "locustfile.py"),
            "--headless",
            "--host",
            server.base,
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{limit}s",
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "60",
        ],  # fmt: skip
        env,
    )
    return json.loads(out.read_text())


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1]


def collectstatic(url: str) -> None:
    """With DEBUG off whitenoise serves the collected files and {% static %} reads their
    manifest. Collecting (and compressing) takes minutes on 2 busy cores: skipped while the
    manifest is newer than every source file."""
    manifest = ROOT / "var" / "bench" / "static" / "staticfiles.json"
    sources = [p for p in (ROOT / "presales").glob("**/static/**/*") if p.is_file()]
    if manifest.exists() and all(p.stat().st_mtime < manifest.stat().st_mtime for p in sources):
        return
    log("collectstatic (DEBUG is off: whitenoise's manifest)")
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env_for(url), check=True)


def bench_database(db: str, profile: str, work: Path, *, rounds: float, seconds: int, baseline: bool) -> dict:
    url = SQLITE_URL if db == "sqlite" else POSTGRES_URL
    result: dict = {"db": db, "profile": profile}
    collectstatic(url)
    log(f"{db}: generating small")
    generate("small", url)
    small_spec = work / f"{db}-queries-small.json"
    result["queries_small"] = queries(url, small_spec)
    if profile != "small" and baseline:
        # the throughput share at demo size, the reference for the large one
        server = Gunicorn(url, 1)
        try:
            for mode in ("mixed", "floor"):
                log(f"{db}: {mode} load at small, 4 users, 1 worker, {seconds} s")
                result[f"{mode}_small_1"] = locust(
                    server, small_spec, work / f"{db}-{mode}-small-1.json", mode=mode, users=4, seconds=seconds
                )
                result[f"{mode}_small_1"]["users"] = 4
        finally:
            server.stop()
    log(f"{db}: generating {profile}")
    result["generate_seconds"] = generate(profile, url)
    spec = work / f"{db}-queries-{profile}.json"
    result["queries_large"] = queries(url, spec)
    for workers in (1, 4):
        server = Gunicorn(url, workers)
        try:
            if workers == 1:
                for login in ("manager", "rep"):
                    log(f"{db}: per-page run as {login} (1 worker)")
                    result[f"pages_{login}"] = locust(
                        server, spec, work / f"{db}-pages-{login}.json", mode="pages", login=login, rounds=rounds
                    )
            users = 8 if workers == 4 else 4
            for mode in ("mixed", "floor"):
                log(f"{db}: {mode} load, {users} users, {workers} worker(s), {seconds} s")
                result[f"{mode}_{workers}"] = locust(
                    server, spec, work / f"{db}-{mode}-{workers}.json", mode=mode, users=users, seconds=seconds
                )
                result[f"{mode}_{workers}"]["users"] = users
        finally:
            server.stop()
    return result


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def report(r: dict) -> str:
    lines = [f"## {r['db']} — profile {r['profile']}", ""]
    lines.append(f"Data generated in {r['generate_seconds']:.0f} s.")
    lines.append("")
    for login in ("manager", "rep"):
        pages = r[f"pages_{login}"]["pages"]
        floor = statistics.median(pages["floor"]["samples_ms"]) if "floor" in pages else None
        qs, ql = r["queries_small"]["logins"][login], r["queries_large"]["logins"][login]
        lines += [
            f"### Pages as the {login} (1 gunicorn worker, 1 user, sequential)",
            "",
            "| page | p50 ms | p95 ms | ratio to floor (p50) | queries small | queries large | HTML bytes "
            "| worker RSS MiB before → after |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]  # fmt: skip
        for name, page in pages.items():
            p50 = statistics.median(page["samples_ms"])
            ratio = f"{p50 / floor:.1f}" if floor else "—"
            q_small = qs.get(name, {}).get("queries", "—")
            q_large = ql.get(name, {}).get("queries", "—")
            lines.append(
                f"| {name} | {p50:.1f} | {pct(page['samples_ms'], 95):.1f} | {ratio} | {q_small} | {q_large} | "
                f"{page['bytes']:,} | {mib(page['rss_before_kib'])} → {mib(page['rss_after_kib'])} |"
            )
        refused = [name for name, row in ql.items() if row["status"] != 200]
        if refused:
            lines += ["", f"Not measured for the {login} (not 200 for him): " + ", ".join(
                f"{name} ({ql[name]['status']})" for name in refused) + "."]  # fmt: skip
        lines.append("")
    lines += [
        "### Throughput (no think time; mixed = every page by its weight, manager and rep logins in turn)",
        "",
        "| workers | users | mixed RPS | floor-only RPS | mixed / floor | failures (mixed, floor) |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    shares = {}
    for key, label in (("small_1", "1 (small profile)"), ("1", "1"), ("4", "4")):
        if f"mixed_{key}" not in r:
            continue
        mixed, floor = r[f"mixed_{key}"], r[f"floor_{key}"]
        shares[key] = share = mixed.get("rps", 0) / floor["rps"] if floor.get("rps") else 0
        lines.append(
            f"| {label} | {mixed['users']} | {mixed.get('rps', 0):.1f} | {floor.get('rps', 0):.1f} | {share:.3f} | "
            f"{mixed.get('failures', 0)}, {floor.get('failures', 0)} |"
        )
    if shares.get("small_1"):
        lines += [
            "",
            f"Share at {r['profile']} / share at small (1 worker): {shares['1'] / shares['small_1']:.0%} "
            "(the issue's target: at least 80 %).",
        ]
    lines.append("")
    lines += ["### Worker memory (VmRSS, MiB)", "", "| run | start | end |", "| --- | ---: | ---: |"]
    for key in ("pages_manager", "pages_rep", "mixed_1", "floor_1", "mixed_4", "floor_4"):
        start = sum(r[key].get("rss_start_kib", {}).values())
        end = sum(r[key].get("rss_end_kib", {}).values())
        lines.append(f"| {key} | {mib(start)} | {mib(end)} |")
    errors = [e for key in r if isinstance(r[key], dict) for e in r[key].get("errors", [])]
    if errors:
        lines += ["", "Errors: " + "; ".join(errors)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The benchmark of bench/README.md")
    parser.add_argument("--profile", default=os.environ.get("PROFILE", "large"), choices=["small", "large", "xlarge"])
    parser.add_argument("--db", default=os.environ.get("DB", "sqlite"), choices=["sqlite", "postgres", "both"])
    parser.add_argument("--rounds", type=float, default=float(os.environ.get("BENCH_ROUNDS", "1")),
                        help="multiplies each page's number of requests in the per-page run")  # fmt: skip
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", "40")),
                        help="duration of each throughput run")  # fmt: skip
    parser.add_argument("--no-baseline", action="store_true", help="skip the throughput runs at the small profile")
    args = parser.parse_args(argv)
    databases = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    with tempfile.TemporaryDirectory(prefix="presales-bench-") as tmp:
        for db in databases:
            started = time.perf_counter()
            r = bench_database(
                db, args.profile, Path(tmp), rounds=args.rounds, seconds=args.seconds, baseline=not args.no_baseline
            )
            text = (
                f"# Benchmark {args.profile} on {db}, {stamp} UTC\n\n"
                f"Commit {git_head()}; {os.cpu_count()} cores; whole run {time.perf_counter() - started:.0f} s.\n\n"
                + report(r)
            )
            path = RESULTS / f"{args.profile}-{db}-{stamp}.md"
            path.write_text(text)
            (RESULTS / f"{args.profile}-{db}-{stamp}.json").write_text(json.dumps(r, indent=1, default=str))
            print(text)
            log(f"written {path.relative_to(ROOT)}")


def git_head() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


if __name__ == "__main__":
    main()
