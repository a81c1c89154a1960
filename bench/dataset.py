"""A station at benchmark scale: N products and M past sales, generated deterministically.

Products go in through the catalog's own `upsert_product` (so the search index is the
real one). Past sales are bulk-loaded with plain SQL: they are only the setting in
which reports, scans and new sales are measured, and loading a million of them
through `complete_sale` would take hours for nothing.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from station_app.core.audit import GENESIS_HASH
from station_app.core.barcodes import make_ean13
from station_app.core.catalog import NewProduct, upsert_product
from station_app.core.clock import Clock
from station_app.core.ids import uuid7
from station_app.core.operators import Role, create_operator
from station_app.core.settings import save_settings
from station_app.storage import open_database

GENERATOR_VERSION = 12  # bump whenever the schema or the generated data change
FIRST_DAY = date(2023, 12, 1)
SALE_DAYS = 1000

_BRANDS = (
    "康师傅",
    "统一",
    "农夫山泉",
    "怡宝",
    "伊利",
    "蒙牛",
    "旺旺",
    "达利园",
    "金龙鱼",
    "福临门",
    "海天",
    "老干妈",
    "心相印",
    "清风",
    "立白",
    "雕牌",
    "舒肤佳",
    "高露洁",
    "娃哈哈",
    "可口可乐",
    "百事",
    "青岛",
    "雪花",
    "燕京",
    "双汇",
    "雨润",
    "白象",
    "今麦郎",
    "洽洽",
    "良品铺子",
    "三只松鼠",
    "卫龙",
    "徐福记",
    "好丽友",
    "奥利奥",
    "康佳",
    "南孚",
    "中华",
    "黑人",
    "云南白药",
    "六神",
    "蓝月亮",
    "汰渍",
    "奥妙",
    "维达",
    "五月花",
    "太太乐",
    "李锦记",
    "加加",
    "鲁花",
    "中粮",
    "北大荒",
    "五常",
    "史丹利",
    "金正大",
    "先玉",
    "登海",
    "红双喜",
    "晨光",
    "得力",
)
_NOUNS = (
    "矿泉水",
    "纯净水",
    "绿茶",
    "红茶",
    "冰红茶",
    "奶茶",
    "酸奶",
    "纯牛奶",
    "方便面",
    "挂面",
    "饼干",
    "薯片",
    "瓜子",
    "花生",
    "辣条",
    "火腿肠",
    "面包",
    "蛋糕",
    "糖果",
    "巧克力",
    "可乐",
    "雪碧",
    "啤酒",
    "白酒",
    "黄酒",
    "酱油",
    "香醋",
    "料酒",
    "蚝油",
    "鸡精",
    "味精",
    "食盐",
    "白糖",
    "大米",
    "面粉",
    "食用油",
    "花生油",
    "调和油",
    "洗衣粉",
    "洗衣液",
    "肥皂",
    "香皂",
    "洗发水",
    "沐浴露",
    "牙膏",
    "牙刷",
    "抽纸",
    "卷纸",
    "湿巾",
    "电池",
    "蚊香",
    "灯泡",
    "打火机",
    "复合肥",
    "尿素",
    "玉米种子",
    "水稻种子",
    "农药",
    "地膜",
    "笔记本",
    "中性笔",
    "铅笔",
    "橡皮",
    "毛巾",
    "拖鞋",
    "雨伞",
    "手套",
    "塑料袋",
    "保鲜膜",
    "一次性杯",
    "蜡烛",
    "老陈醋",
    "豆瓣酱",
    "腐乳",
)
_VARIANTS = (
    "",
    "经典",
    "原味",
    "香辣",
    "麻辣",
    "红烧",
    "鲜虾",
    "草莓味",
    "柠檬味",
    "无糖",
    "低脂",
    "加钙",
    "家庭装",
    "特惠装",
    "精装",
    "升级版",
    "清香",
    "浓香",
    "老坛酸菜",
    "番茄",
    "黑椒",
    "五香",
    "蒜香",
    "海苔",
    "蓝莓味",
    "薄荷",
    "竹炭",
    "茉莉",
)
_SPECS = (
    "250ml",
    "330ml",
    "500ml",
    "550ml",
    "1L",
    "1.5L",
    "2L",
    "5L",
    "50g",
    "100g",
    "200g",
    "500g",
    "1kg",
    "2.5kg",
    "5kg",
    "10kg",
    "40kg",
    "1包",
    "3包",
    "5连包",
    "10支",
    "12卷",
    "24罐",
    "6瓶",
    "1盒",
    "2盒",
    "4节",
    "8节",
    "10个",
    "1件",
)
_UNITS = ("瓶", "袋", "包", "盒", "罐", "桶", "支", "个", "件", "条")
_WEIGHED = (
    "散装大米",
    "鸡蛋",
    "猪肉",
    "五花肉",
    "排骨",
    "苹果",
    "橙子",
    "香蕉",
    "梨",
    "葡萄",
    "土豆",
    "白菜",
    "西红柿",
    "黄瓜",
    "花生米",
    "绿豆",
    "红豆",
    "白糖",
    "散装挂面",
)


@dataclass(frozen=True)
class Dataset:
    """Where the benchmark station is and what it holds."""

    path: Path
    products: int
    sales: int
    barcodes: tuple[str, ...]
    plus: tuple[str, ...]
    first_day: date
    last_day: date
    build_seconds: float
    cached: bool


def _names(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < count:
        name = (
            f"{rng.choice(_BRANDS)}{rng.choice(_VARIANTS)}{rng.choice(_NOUNS)} {rng.choice(_SPECS)}"
        )
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def _load_products(db, count: int, rng: random.Random, clock: Clock) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    barcodes: list[str] = []
    plus: list[str] = []
    weighed_count = max(1, count // 50)
    at = clock.stamp()
    with db.atomic():
        for n, name in enumerate(_names(count - weighed_count, rng)):
            codes = tuple(make_ean13(f"69{n:06d}{k:04d}") for k in range(rng.choice((1, 1, 2, 3))))
            barcodes.extend(codes)
            upsert_product(
                db,
                NewProduct(
                    name,
                    rng.choice(_UNITS),
                    rng.randrange(100, 20_000),
                    codes,
                    initial_stock=rng.randrange(0, 200),
                ),
                at,
            )
        for n in range(weighed_count):
            plu = str(10_000 + n)
            plus.append(plu)
            upsert_product(
                db,
                NewProduct(
                    f"{_WEIGHED[n % len(_WEIGHED)]} {n:05d}",
                    "kg",
                    rng.randrange(300, 8000),
                    (),
                    True,
                    plu,
                    initial_stock=100_000,
                ),
                at,
            )
    return barcodes, plus


def _load_sales(db, count: int, rng: random.Random, operator_id: str) -> None:  # type: ignore[no-untyped-def]
    products = db.execute("SELECT id, name, unit, price_fen, is_weighed FROM products").fetchall()
    methods = ("cash", "cash", "wechat", "wechat", "alipay", "unionpay")
    prev_hash = db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev_hash = bytes(prev_hash[0]).hex() if prev_hash else GENESIS_HASH
    audit_seq = db.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0]
    sales, lines, payments, audits, events = [], [], [], [], []
    per_day = max(1, count // SALE_DAYS)
    for n in range(count):
        day = FIRST_DAY + timedelta(days=min(n // per_day, SALE_DAYS - 1))
        at = f"{day.isoformat()}T{2 + (n % per_day) * 12 // per_day:02d}:{n % 60:02d}:00.000Z"
        sale_id = uuid7()
        total = 0
        event_lines: list[dict[str, object]] = []
        for line_no in range(1, rng.choice((1, 1, 2, 2, 3, 4, 5)) + 1):
            pid, name, unit, price, weighed = products[rng.randrange(len(products))]
            quantity, weight = (
                (1, rng.randrange(100, 3000)) if weighed else (rng.choice((1, 1, 1, 2, 3)), None)
            )
            amount = (price * weight + 500) // 1000 if weighed else price * quantity
            total += amount
            line_id = str(line_no)  # as core.sales numbers a sale's lines
            lines.append(
                (
                    line_id,
                    n + 1,
                    line_no,
                    pid,
                    None,
                    name,
                    unit,
                    price,
                    quantity,
                    weight,
                    amount,
                    0,
                    amount,
                )
            )
            event_lines.append(
                {
                    "line_id": line_id,
                    "product_id": pid,
                    "code": None,
                    "name": name,
                    "unit_price_fen": price,
                    "quantity": quantity,
                    "weight_g": weight,
                    "discount_fen": 0,
                    "total_fen": amount,
                }
            )
        receipt = f"{day:%Y%m%d}-T1-{n + 1:07d}"
        sales.append(
            (
                sale_id,
                n + 1,
                receipt,
                "T1",
                operator_id,
                at,
                480,
                day.isoformat(),
                total,
                0,
                0,
                total,
                total,
                0,
                None,
            )
        )
        method = rng.choice(methods)
        payments.append((n + 1, method, total, None, None, None))
        events.append(
            (uuid7(), at, _sale_event(sale_id, receipt, n + 1, at, total, method, event_lines))
        )
        audit_seq += 1
        detail = json.dumps({"receipt_no": receipt, "total_fen": total}, sort_keys=True)
        digest = hashlib.sha256(
            json.dumps(
                [prev_hash, audit_seq, at, operator_id, "sale.completed", sale_id, detail],
                ensure_ascii=False,
                separators=(",", ":"),
            ).encode()
        ).hexdigest()
        audits.append(
            (audit_seq, at, operator_id, "sale.completed", sale_id, detail, bytes.fromhex(digest))
        )
        prev_hash = digest
        if len(sales) == 20_000 or n == count - 1:
            _flush(db, sales, lines, payments, audits, events)
    db.execute(
        "INSERT INTO counters(name, value) VALUES ('sale:T1', ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [count],
    )


def _sale_event(  # type: ignore[no-untyped-def]
    sale_id, receipt, seq, at, total, method, lines
) -> str:
    """The `sale.completed` payload the station would have sent (events.sale_completed)."""
    payload = {
        "station_id": "DEMO-001",
        "sale_id": sale_id,
        "receipt_no": receipt,
        "terminal_id": "T1",
        "seq": seq,
        "created_at": at,
        "tz_offset_min": 480,
        "operator": "店主",
        "subtotal_fen": total,
        "discount_fen": 0,
        "rounding_fen": 0,
        "total_fen": total,
        "lines": lines,
        "payments": [
            {"method": method, "amount_fen": total, "reference": None, "villager_id": None}
        ],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True)


def _flush(db, sales, lines, payments, audits, events) -> None:  # type: ignore[no-untyped-def]
    with db.atomic():
        db.conn.executemany("INSERT INTO sales VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", sales)
        db.conn.executemany(
            "INSERT INTO sale_lines(id, sale_seq, line_no, product_id, code, name, unit, "
            "unit_price_fen, quantity, weight_g, gross_fen, discount_fen, total_fen) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            lines,
        )
        db.conn.executemany(
            "INSERT INTO payments(sale_seq, method, amount_fen, villager_id, tendered_fen, "
            "reference) VALUES (?,?,?,?,?,?)",
            payments,
        )
        db.conn.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?)", audits)
        # Every past sale's event, delivered when it was made (a station that syncs daily).
        db.conn.executemany(
            "INSERT INTO outbox(event_id, kind, payload, created_at, sent_at, status, "
            "hub_result, attempts) VALUES (?1, 'sale.completed', ?3, ?2, ?2, 'delivered', "
            "'accepted', 1)",
            events,
        )
    for batch in (sales, lines, payments, audits, events):
        batch.clear()


def build(path: Path, products: int, sales: int, seed: int = 2026) -> None:
    """Create the station at `path` (which must not exist)."""
    rng = random.Random(seed)
    clock = Clock()
    db = open_database(path)
    try:
        owner = create_operator(db, "店主", Role.OWNER, "8888", clock)
        create_operator(db, "店员", Role.CLERK, "1234", clock)
        _load_products(db, products, rng, clock)
        _load_sales(db, sales, rng, owner.id)
        # The sync figures time uploads; the catch-up pruning of years of past events
        # would land in them. size_figures prunes with the default retention instead.
        save_settings(db, outbox_retention_days=3650)
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def prepare(work_dir: Path, cache_dir: Path, products: int, sales: int) -> Dataset:
    """A fresh copy of the benchmark station in `work_dir`, built once and cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached_path = cache_dir / f"station-v{GENERATOR_VERSION}-{products}p-{sales}s.db"
    started = time.perf_counter()
    cached = cached_path.exists()
    if not cached:
        partial = cached_path.with_suffix(".partial")
        for leftover in cache_dir.glob(partial.name + "*"):
            leftover.unlink()
        build(partial, products, sales)
        partial.rename(cached_path)
    target = work_dir / "station.db"
    shutil.copyfile(cached_path, target)
    db = open_database(target)
    barcodes = tuple(r[0] for r in db.execute("SELECT barcode FROM product_barcodes"))
    plus = tuple(r[0] for r in db.execute("SELECT plu FROM products WHERE plu IS NOT NULL"))
    days = db.execute("SELECT min(local_date), max(local_date) FROM sales").fetchone()
    db.close()
    first = date.fromisoformat(days[0]) if days[0] else FIRST_DAY
    last = date.fromisoformat(days[1]) if days[1] else FIRST_DAY
    return Dataset(
        target, products, sales, barcodes, plus, first, last, time.perf_counter() - started, cached
    )
