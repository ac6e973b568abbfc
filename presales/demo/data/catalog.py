"""The demo's product catalog (issue 4): the product tree with its parameters, the products
of both businesses, and the configurator's model-code and system rules."""

from __future__ import annotations

from presales.demo.data.products_it import IT_PRODUCTS
from presales.demo.data.products_power import POWER_PRODUCTS

# (path, order, [(key, label, unit, value type, required)])
CATEGORIES = [
    ("电力市场产品", 1, [("voltage", "标称电压", "V", "int", False)]),
    (
        "电力市场产品/一体化电源系统",
        1,
        [("current", "直流额定输出电流", "A", "int", True), ("ups_kva", "INV/UPS额定容量", "kVA", "int", False)],
    ),
    (
        "电力市场产品/直流操作电源系统",
        2,
        [("current", "额定输出电流", "A", "int", True), ("battery_ah", "蓄电池容量", "Ah", "int", False)],
    ),
    ("电力市场产品/通信电源系统", 3, [("current", "额定输出电流", "A", "int", True)]),
    (
        "电力市场产品/模块单元",
        4,
        [("current", "模块额定电流", "A", "decimal", True), ("input", "输入电压范围", "", "text", False)],
    ),
    (
        "电力市场产品/监控单元",
        5,
        [("protocol", "通信规约", "", "text", False), ("applies_to", "适用系统", "", "text", False)],
    ),
    ("电力市场产品/配件", 6, []),
    ("电力市场产品/配件/蓄电池", 1, [("capacity_ah", "额定容量", "Ah", "int", True)]),
    ("电力市场产品/配件/监测装置", 2, [("channels", "监测路数", "路", "int", False)]),
    (
        "电力市场产品/配件/开关及配电",
        3,
        [("current", "额定电流", "A", "int", False), ("poles", "极数", "P", "int", False)],
    ),
    ("系统集成产品", 2, [("maker", "厂商", "", "text", False)]),
    ("系统集成产品/服务器", 1, [("cpu", "处理器", "", "text", True), ("memory_gb", "内存", "GB", "int", False)]),
    ("系统集成产品/交换机", 2, [("ports", "端口数", "口", "int", True), ("layer", "层级", "", "text", False)]),
    ("系统集成产品/摄像机", 3, [("resolution_mp", "分辨率", "MP", "int", True)]),
    ("系统集成产品/存储", 4, [("capacity_tb", "可用容量", "TB", "decimal", True)]),
    ("系统集成产品/软件许可", 5, [("licences", "授权数", "", "int", False)]),
    ("系统集成产品/实施服务", 6, []),
]

# (category path, model code, name, unit, list price, standard cost, channel price, lead days, params)
PRODUCTS = [*POWER_PRODUCTS, *IT_PRODUCTS]

# family, pattern, category path, description, order, [(key, label, unit, allowed)]
CODE_RULES = [
    (
        "IMPS通信电源",
        "IMPS{voltage}/{current}",
        "电力市场产品/通信电源系统",
        "IMPS采用30A模块小系统，例：IMPS48/150 = 系统标称电压48V、额定输出电流150A。",
        1,
        [("voltage", "标称电压", "V", "24,48"), ("current", "额定输出电流", "A", "30-600")],
    ),
    (
        "IPS通信电源",
        "IPS{voltage}/{current}",
        "电力市场产品/通信电源系统",
        "IPS采用50A模块大系统，例：IPS48/600。",
        2,
        [("voltage", "标称电压", "V", "48"), ("current", "额定输出电流", "A", "100-1500")],
    ),
    (
        "ZHDCS直流操作电源",
        "ZHDCS{voltage}/{current}-{battery_ah}",
        "电力市场产品/直流操作电源系统",
        "例：ZHDCS220/100-300 = 系统标称电压220V、直流额定输出电流100A、蓄电池容量300Ah（DL/T 5044—2014）。",
        3,
        [
            ("voltage", "标称电压", "V", "110,220"),
            ("current", "额定输出电流", "A", "10-200"),
            ("battery_ah", "蓄电池容量", "Ah", "100,200,300,400,500,800"),
        ],
    ),
    (
        "ZHYT一体化电源",
        "ZHYT{voltage}/{current}-{ups_kva}",
        "电力市场产品/一体化电源系统",
        "数字化变电站一体化电源系统：直流额定电流、INV/UPS额定容量。例：ZHYT220/250-3。",
        4,
        [
            ("voltage", "标称电压", "V", "110,220"),
            ("current", "直流额定输出电流", "A", "20-400"),
            ("ups_kva", "INV/UPS额定容量", "kVA", "3,5,10,20"),
        ],
    ),
]

# rule family, name, module, rating A, redundancy, cabinet, [(accessory, quantity, per module)]
SYSTEM_RULES = [
    (
        "IMPS通信电源",
        "IMPS48 通信电源（30A模块，N+1）",
        "ZHR4830",
        30,
        1,
        "IMPS48-JG",
        [("ZHM08", 1, False), ("ZHKG-2P63", 1, True), ("ACDB04", 1, False)],
    ),
    (
        "IPS通信电源",
        "IPS48 大容量通信电源（50A模块，N+1）",
        "ZHR4850",
        50,
        1,
        "IPS48-JG",
        [("ZHM08", 1, False), ("ZHKG-2P63", 1, True), ("ACDB04", 2, False)],
    ),
    (
        "ZHDCS直流操作电源",
        "ZHDCS220 直流系统（10A模块，N+1）",
        "ZHR22010",
        10,
        1,
        "ZHDCS220-GZ",
        [("ZHM05P", 1, False), ("ZHJY-64", 1, False), ("ZHJC-108", 1, False), ("ZHKG-2P63", 2, True)],
    ),
    (
        "ZHDCS直流操作电源",
        "ZHDCS110 直流系统（20A模块，N+1）",
        "ZHR11020",
        20,
        1,
        "ZHDCS110-GZ",
        [("ZHM05P", 1, False), ("ZHJY-64", 1, False), ("ZHJC-108", 1, False), ("ZHKG-2P63", 2, True)],
    ),
    (
        "ZHYT一体化电源",
        "ZHYT220 一体化电源（20A模块，N+1，三监控）",
        "ZHR22020",
        20,
        1,
        "ZHYT220-GZ",
        [
            ("ZHM05IM", 1, False),
            ("ZHM05ID", 2, False),
            ("ZHJY-64", 1, False),
            ("ZHJC-108", 1, False),
            ("ZHD22048", 2, False),
            ("ZHKG-2P63", 2, True),
        ],
    ),
]
