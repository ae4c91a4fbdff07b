"""Demo: the province's indices for a few years and its own index of units. ILLUSTRATIVE FIGURES ONLY: every
source says so; they are not the published results of Gia Lai."""

from __future__ import annotations

import random
from collections.abc import Callable

from cchc.units.models import OrgUnit

from . import actions
from .models import IndexResult

DEMO_SOURCE = "Số liệu minh họa cho bản demo (không phải kết quả công bố chính thức) — {what} {year}"

HEADLINES = {  # index: [(year, score, rank)]
    "par-index": [(2016, 73.41, 45), (2017, 75.80, 41), (2018, 78.12, 36), (2019, 80.05, 33)],
    "papi": [(2016, 35.10, 48), (2017, 35.92, 44), (2018, 41.20, 40), (2019, 42.35, 37)],
    "sipas": [(2017, 78.60, 50), (2018, 80.40, 44), (2019, 83.10, 38)],
    "pci": [(2016, 59.30, 42), (2017, 61.20, 40), (2018, 62.50, 37), (2019, 63.70, 34)],
}
COMPONENTS = {
    "par-index": [("Công tác chỉ đạo, điều hành CCHC", 11.5), ("Xây dựng và tổ chức thực hiện văn bản QPPL", 9.5),
                  ("Cải cách thủ tục hành chính", 13.0), ("Cải cách tổ chức bộ máy hành chính", 9.0),
                  ("Xây dựng và nâng cao chất lượng đội ngũ CBCCVC", 13.5), ("Cải cách tài chính công", 13.0),
                  ("Hiện đại hóa hành chính", 12.5), ("Tác động của CCHC đến người dân, tổ chức", 18.0)],
    "papi": [("Tham gia của người dân ở cấp cơ sở", 10), ("Công khai, minh bạch", 10),
             ("Trách nhiệm giải trình với người dân", 10), ("Kiểm soát tham nhũng trong khu vực công", 10),
             ("Thủ tục hành chính công", 10), ("Cung ứng dịch vụ công", 10), ("Quản trị môi trường", 10),
             ("Quản trị điện tử", 10)],
    "sipas": [("Tiếp cận dịch vụ", 100), ("Thủ tục hành chính", 100), ("Công chức giải quyết công việc", 100),
              ("Kết quả dịch vụ", 100), ("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", 100)],
    "pci": [("Gia nhập thị trường", 10), ("Tiếp cận đất đai", 10), ("Tính minh bạch", 10), ("Chi phí thời gian", 10),
            ("Chi phí không chính thức", 10), ("Cạnh tranh bình đẳng", 10), ("Tính năng động", 10),
            ("Hỗ trợ doanh nghiệp", 10), ("Đào tạo lao động", 10), ("Thiết chế pháp lý", 10)],
}
NAMES = {"par-index": "PAR INDEX", "papi": "PAPI", "sipas": "SIPAS", "pci": "PCI"}


def load_demo(log: Callable[[str], None] = lambda line: None) -> None:
    if IndexResult.objects.exists():
        log("Chỉ số: dữ liệu minh họa đã có.")
        return
    rng = random.Random(2020)  # noqa: S311 - demo figures
    for index, rows in HEADLINES.items():
        for n, (year, score, rank) in enumerate(rows):
            components = None
            if n == len(rows) - 1 or n == len(rows) - 2:
                components = [(name, round(maximum * rng.uniform(0.55, 0.9), 2), maximum)
                              for name, maximum in COMPONENTS[index]]
            actions.do_save_result(index=index, year=year, score=score, rank=rank, rank_of=63,
                                   source=DEMO_SOURCE.format(what=NAMES[index], year=year), components=components)
    units = list(OrgUnit.objects.select_related("kind").filter(kind__code__in=["department", "district"])
                 .order_by("sort_name"))
    for group in ("department", "district"):
        members = [unit for unit in units if unit.kind.code == group]
        scores = sorted(((round(rng.uniform(72, 93), 2), unit) for unit in members), key=lambda p: -p[0])
        for rank, (score, unit) in enumerate(scores, start=1):
            actions.do_save_unit_result(year=2019, unit=unit, score=score, rank=rank,
                                        source=DEMO_SOURCE.format(what="Chỉ số CCHC của tỉnh", year=2019))
    log(f"Chỉ số: {IndexResult.objects.count()} kết quả minh họa, {len(units)} đơn vị.")
