"""The answer-matching benchmark (issue 13): auto-fill of a 300-clause specification against a
100,000-entry answer library — match_clauses over the 300 clauses, then the auto-fill's whole
proposal (presales.responses.fill.fill), as a sales rep (the approved entries), on SQLite and
PostgreSQL. Target ≤ 3 s.

    python bench/answers_match.py --db sqlite|postgres|both [--entries 100000] [--rounds 3]
    make bench-answers DB=both

The library is deterministic: each entry is one of the labelled set's entries
(presales/answers/tests/eval/library.json) with a subsystem and a few domain words added
(a seeded random), so its words are spread as a real library's are; the clauses are the
labelled set's 273 clauses and the first 27 again (300). SQLite: a file under var/bench/
(made anew). PostgreSQL: the database `bench_answers` on 127.0.0.1:5432, created and dropped
by the script. Each database runs in a process of its own. Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SQLITE_PATH = ROOT / "var" / "bench" / "answers.sqlite3"
PG_NAME = os.environ.get("BENCH_ANSWERS_PG", "bench_answers")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
CLAUSES = 300

SUBSYSTEMS = (
    "变电站 换流站 开闭所 配电室 数据中心 通信机房 地铁车站 高铁站房 医院 学校 园区 光伏电站 储能电站 风电场"
    " 水电站 调度中心 营业厅 仓库 停车场 周界 出入口 会议室 指挥中心 控制室 档案室 实验室 生产车间 办公楼"
).split()
EXTRA = (
    "一期 二期 改造 扩建 新建 备用 主用 室外 室内 集中 分散 远程 本地 双路 单路 冗余 智能 节能 国产化 高可靠"
    " 模块化 标准化 可视化 一体化 分布式 集中式 嵌入式 壁挂式 落地式 机架式 防爆 防腐 防潮 低温 高温 高海拔"
).split()


def synthetic_entries(library: list[dict], count: int) -> list[tuple[str, dict]]:
    rng = random.Random(20261202)
    rows = []
    for n in range(1, count + 1):
        base = library[(n - 1) % len(library)] if n <= len(library) else rng.choice(library)
        if n <= len(library):  # the labelled entries themselves, as they are
            requirement = base["requirement"]
        else:
            words = "".join(rng.sample(EXTRA, 2))
            requirement = f"{rng.choice(SUBSYSTEMS)}{words}{base['requirement']}"
        rows.append((f"BN-{n:06d}", {**base, "requirement": requirement}))
    return rows


def worker(url: str, entries: int, rounds: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.utils import timezone

    from presales.accounts.models import User
    from presales.answers import evaluation, indexing, matching
    from presales.answers.models import AnswerCategory, AnswerEntry, AnswerStatus
    from presales.answers.values import stated_values
    from presales.search import text

    call_command("migrate", verbosity=0)
    from django.contrib.auth.models import Group

    owner = User.objects.create_user(username="bench_engineer", password="x")
    owner.groups.add(Group.objects.get(name="presales_engineer"))
    rep = User.objects.create_user(username="bench_rep", password="x")
    rep.groups.add(Group.objects.get(name="sales_rep"))
    library, clauses = evaluation.read_set()
    texts = [c["text"] for c in clauses]
    texts = (texts * 2)[:CLAUSES]
    text.tokens("预热")  # jieba loads once per process
    started = time.perf_counter()
    categories = {}
    for item in library:
        if item["category"] not in categories:
            categories[item["category"]] = AnswerCategory.objects.create(name=item["category"], owner=owner)
    values = {item["code"]: stated_values(item["answer"]) for item in library}
    now = timezone.now()
    batch = []
    for code, item in synthetic_entries(library, entries):
        batch.append(
            AnswerEntry(
                code=code,
                category=categories[item["category"]],
                requirement=item["requirement"],
                answer=item["answer"],
                deviation=item["deviation"],
                stated_values=values[item["code"]],
                owner=owner,
                status=AnswerStatus.APPROVED,
                approved_at=now,
            )
        )
        if len(batch) == 2000:
            AnswerEntry.objects.bulk_create(batch)
            batch = []
    AnswerEntry.objects.bulk_create(batch)
    loading = time.perf_counter() - started
    started = time.perf_counter()
    indexed = indexing.rebuild()
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE answers_answerterm")
            cursor.execute("VACUUM ANALYZE answers_answertermstat")
            cursor.execute("VACUUM ANALYZE answers_answerentry")
        else:
            cursor.execute("ANALYZE")
    matching.match_clauses(texts[:10], user=rep)  # warm-up
    timings, cpu = [], []
    for _ in range(rounds):
        rep = User.objects.get(pk=rep.pk)  # a fresh request's user: roles read again
        reset_queries()
        t0, c0 = time.perf_counter(), time.process_time()
        results = matching.match_clauses(texts, user=rep)
        timings.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    # The auto-fill's whole proposal (presales.responses.fill.fill: the matching, then each
    # clause's deviation from the stated values, its reasons and suggestions), over the same
    # 300 clauses as a specification's rows hold them; the write of 300 rows is not in it.
    from types import SimpleNamespace

    from presales.responses.fill import fill

    rows = [SimpleNamespace(text=t, parameter="", required_value="") for t in texts]
    fill_timings = []
    for _ in range(rounds):
        rep = User.objects.get(pk=rep.pk)
        t0 = time.perf_counter()
        fill(rows, user=rep)
        fill_timings.append(time.perf_counter() - t0)
    with_match = sum(1 for r in results if r)
    confident = sum(1 for r in results if r and r[0].score >= matching.CONFIDENT)
    from presales.answers.models import AnswerTerm

    return {
        "vendor": connection.vendor,
        "entries": indexed,
        "clauses": len(texts),
        "loading_seconds": round(loading, 1),
        "indexing_seconds": round(index_seconds, 1),
        "terms": AnswerTerm.objects.count(),
        "match_seconds_median": round(statistics.median(timings), 2),
        "match_seconds_max": round(max(timings), 2),
        # this process's CPU (SQLite runs in it; PostgreSQL's server time is not in it)
        "match_cpu_seconds_median": round(statistics.median(cpu), 2),
        "fill_seconds_median": round(statistics.median(fill_timings), 2),
        "fill_seconds_max": round(max(fill_timings), 2),
        "clauses_with_a_match": with_match,
        "clauses_with_a_confident_match": confident,
    }


def recreate_postgres(drop_only: bool = False) -> None:
    assert PG_NAME.startswith("bench")
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{PG_NAME}"')


def run_one(db: str, entries: int, rounds: int) -> dict:
    if db == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        recreate_postgres()
        url = PG_URL
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", url, "--entries", str(entries), "--rounds", str(rounds)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    finally:
        if db == "postgres":
            recreate_postgres(drop_only=True)
    return json.loads(out.strip().splitlines()[-1])


def report(result: dict) -> str:
    return "\n".join(
        [
            f"## {result['vendor']}: {result['clauses']} clauses against {result['entries']:,} entries",
            "",
            f"loading {result['loading_seconds']} s, indexing {result['indexing_seconds']} s "
            f"({result['terms']:,} index rows)",
            f"match_clauses: median {result['match_seconds_median']} s, max {result['match_seconds_max']} s "
            f"(target ≤ 3 s), CPU of this process {result['match_cpu_seconds_median']} s; "
            f"{result['clauses_with_a_match']} clauses with a match, "
            f"{result['clauses_with_a_confident_match']} confident",
            f"auto-fill proposal (fill: matching, deviations, reasons): median {result['fill_seconds_median']} s, "
            f"max {result['fill_seconds_max']} s (target ≤ 3 s)",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="timed runs of the 300 clauses")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.entries, args.rounds), ensure_ascii=False))
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        print(f"[bench-answers] {db}: loading {args.entries:,} entries …", flush=True)
        print(report(run_one(db, args.entries, args.rounds)), "\n", flush=True)


if __name__ == "__main__":
    main()
