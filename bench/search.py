"""The search benchmark (issue 12): index 100,000 passages of about 90 Chinese characters
through the search module's bulk path, then time 30 typical queries as a manager (sees every
row) and as a restricted user (a visibility subquery, one row in ten).

    python bench/search.py --db sqlite|postgres|both [--passages 100000] [--rounds 5]
    make bench-search DB=both

SQLite: a file under var/bench/ (made anew). PostgreSQL: the database `bench_search` on
127.0.0.1:5432, created and dropped by the script (it refuses names not starting with
`bench`). The passages are deterministic (a seeded random over the domain's vocabulary). Each
database runs in a process of its own (Django's settings are read once). Not a test: nothing
asserts a time; the target is p95 ≤ 30 ms at 100k on both.
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
SQLITE_PATH = ROOT / "var" / "bench" / "search.sqlite3"
PG_NAME = os.environ.get("BENCH_SEARCH_PG", "bench_search")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
TYPE = "bench_passage"
LIBRARIES = [f"资料库{n}" for n in range(10)]  # the restricted user sees 资料库0: a tenth

WORDS = (
    "直流屏 一体化电源 蓄电池 充电模块 绝缘监测 监控单元 交流屏 UPS 高频开关电源 纹波系数 电压纹波 均流"
    " 均流不平衡度 均流精度 稳压精度 稳流精度 技术偏差表 偏差表 应答集锦 招标文件 投标文件 型式试验报告"
    " 视频监控 门禁系统 网络交换机 摄像机 存储 防火墙 机房 变电站 电力公司 运检部 馈线柜 断路器 母线"
    " 方案 报价 合同 验收 勘察 培训 调试 安装 运维 售后 质保 交货期 付款 预算 评审 签字 客户 项目 需求"
    " 配置 选型 参数 指标 额定电压 额定电流 容量 寿命 放电 充电 告警 通信 后台 冗余 热插拔 散热 效率"
    " 可靠性 安全 标准 规程 设计 施工 图纸 清单 价格 成本 利润 竞争对手 优势 劣势 案例 行业 电网 轨道交通"
    " 地铁 高铁 医院 学校 园区 数据中心 光伏 储能 风电 充电桩 拼接屏 大屏 人脸识别 周界报警 云平台"
).split()
FILLERS = "的 和 与 及 在 对 为 采用 支持 满足 要求 提供 包括 通过 实现 进行 按照 根据 确保".split()
CODES = ["ZHDCS220", "IMPS48/150", "IMPS220/20", "ZHM05P", "DL/T 5044—2014", "GZDW-220", "PZ30"]

QUERIES = [
    "屏",
    "桩",
    "均流",
    "直流",
    "存储",  # one and two characters
    "IMPS48/150",
    "imps48",
    "IMPS 48",
    "ZHDCS220",
    "ZHM05P",
    "DL/T 5044",  # model codes
    "纹波系数",
    "电压纹波",
    "均流精度",
    "直流屏",
    "一体化电源",  # synonyms
    "蓄电池 放电",
    "视频监控 存储",
    "招标文件 评审",
    "变电站 直流屏 验收",
    "充电模块 热插拔",  # several terms
    "技术偏差表",
    "应答集锦",
    "绝缘监测",
    "高频开关电源",
    "网络交换机",
    "型式试验报告",
    "数据中心 UPS",
    "轨道交通 门禁系统",
    "不存在的词语组合",
]


def passage(rng: random.Random, n: int) -> tuple[str, str]:
    title = "".join(rng.sample(WORDS, 2)) + rng.choice(["方案", "说明", "记录", "报告", "清单"])
    parts: list[str] = []
    while sum(len(p) for p in parts) < 90:
        parts.append(rng.choice(WORDS))
        parts.append(rng.choice(FILLERS))
        if rng.random() < 0.04:
            parts.append(rng.choice(CODES))
        if rng.random() < 0.15:
            parts.append("，")
    return title, "".join(parts)[:100] + "。"


def worker(url: str, passages: int, rounds: int, reuse: bool = False) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("AXES_ENABLED", "false")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from presales.search import registry, text
    from presales.search.models import SearchEntry
    from presales.search.registry import Passage, Source
    from presales.search.selectors import search
    from presales.search.services import write_passages

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        # The restricted user's rule reads an indexed column, as an app's access rule reads its
        # own table's indexed owner or folder (e.g. documents of the folders he may open).
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_search_library ON search_searchentry (type, library, object_id)"
        )
    restricted, manager = object(), object()
    registry.register(
        Source(
            type=TYPE,
            label="基准段落",
            model="",
            document=lambda obj: None,
            queryset=lambda: SearchEntry.objects.none(),
            visible=lambda user: (
                None
                if user is manager
                else SearchEntry.objects.filter(type=TYPE, library=LIBRARIES[0]).values("object_id")
            ),
        )
    )
    text.tokens("预热")  # jieba's dictionary loads once per process: not part of the indexing rate
    rng = random.Random(20261201)
    started = time.perf_counter()
    segmenting = 0.0
    chunk = 500
    # --reuse: a database already holding the passages (an earlier --keep run) is only timed.
    reused = reuse and SearchEntry.objects.filter(type=TYPE).count() == passages
    for start in range(0, 0 if reused else passages, chunk):
        batch = {}
        for n in range(start + 1, min(start + chunk, passages) + 1):
            title, body = passage(rng, n)
            batch[n] = Passage(title=title, body=body, library=LIBRARIES[n % 10], year=2020 + n % 6)
        segmenting += write_passages(TYPE, batch)[1]
        if start % 10000 == 0:
            print(f"\r  indexed {start + len(batch):>7}/{passages}", end="", file=sys.stderr, flush=True)
    indexing = time.perf_counter() - started
    print(file=sys.stderr)
    if reused:
        pass
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("VACUUM ANALYZE search_searchfacet")
    else:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    result = {
        "vendor": connection.vendor,
        "passages": passages,
        "indexing_seconds": round(indexing, 1),
        "passages_per_second": round(passages / indexing),
        "segmenting_seconds": round(segmenting, 1),
        "database_seconds": round(indexing - segmenting, 1),
        "users": {},
    }
    for name, user in (("manager", manager), ("restricted", restricted)):
        timings: list[float] = []
        per_query = {}
        for q in QUERIES:
            search(user, q)  # warm-up
            mine = []
            for _ in range(rounds):
                t0 = time.perf_counter()
                results = search(user, q)
                mine.append((time.perf_counter() - t0) * 1000)
            timings += mine
            per_query[q] = {"ms_p50": round(statistics.median(mine), 1), "total": results.total_display}
        timings.sort()
        result["users"][name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            "max_ms": round(timings[-1], 1),
            "queries": per_query,
        }
    return result


def recreate_postgres(drop_only: bool = False) -> None:
    assert PG_NAME.startswith("bench")
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        if not drop_only:
            admin.execute(f'CREATE DATABASE "{PG_NAME}"')


def postgres_exists() -> bool:
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres", autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_NAME]).fetchone() is not None


def run_one(db: str, passages: int, rounds: int, reuse: bool = False, keep: bool = False) -> dict:
    if db == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        if not (reuse and SQLITE_PATH.exists()):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        if not (reuse and postgres_exists()):
            recreate_postgres()
        url = PG_URL
    extra = ["--reuse"] if reuse else []
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--worker", url, "--passages", str(passages), "--rounds", str(rounds), *extra],
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    finally:
        if db == "postgres" and not keep:
            recreate_postgres(drop_only=True)
    return json.loads(out.strip().splitlines()[-1])


def report(result: dict) -> str:
    lines = [
        f"## {result['vendor']}: {result['passages']:,} passages",
        "",
        f"indexing: {result['indexing_seconds']} s, {result['passages_per_second']:,} passages/s "
        f"(segmentation {result['segmenting_seconds']} s, database {result['database_seconds']} s)",
        "",
        "| user | p50 ms | p95 ms | max ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, figures in result["users"].items():
        lines.append(f"| {name} | {figures['p50_ms']} | {figures['p95_ms']} | {figures['max_ms']} |")
    lines += ["", "| query | manager p50 ms (hits) | restricted p50 ms (hits) |", "| --- | ---: | ---: |"]
    manager, restricted = result["users"]["manager"]["queries"], result["users"]["restricted"]["queries"]
    for q in QUERIES:
        lines.append(
            f"| {q} | {manager[q]['ms_p50']} ({manager[q]['total']}) | "
            f"{restricted[q]['ms_p50']} ({restricted[q]['total']}) |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5, help="timed runs of every query per user")
    parser.add_argument("--reuse", action="store_true", help="time an existing database holding the passages")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (for --reuse)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.passages, args.rounds, args.reuse), ensure_ascii=False))
        return
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        print(f"[bench-search] {db}: indexing {args.passages:,} passages …", flush=True)
        print(report(run_one(db, args.passages, args.rounds, args.reuse, args.keep)), "\n", flush=True)


if __name__ == "__main__":
    main()
