"""Example for units that change: Tam Đường's communes before and after the 2025 merger.

Illustrative figures and an illustrative merger, not real data and not the real
decision: since 1 July 2025 communes have been merged and the district level
has ended, so a plan with a 2022 baseline now meets data in two sets of units.

Writes examples/reorganisation/:
- tam-duong-2022-2025-sap-xep.xlsx: 2022-2024 reported by the 14 old communes
  (the same figures as examples/tam-duong-2022-2025.xlsx, without its deliberate
  flaws), 2025 by the 6 new communes;
- unit-map.xlsx: old commune → new commune from 2025, with Bản Hon split 60/40
  between two new communes;
- hierarchy.csv: each new commune's area (khu vực), for subtotals;
- healthkpi.yaml: the bundled tam-duong-2022-2025 plan plus the map and the
  areas, found without -t because the workbook records that plan's id.

`healthkpi score examples/reorganisation/tam-duong-2022-2025-sap-xep.xlsx`
scores the 6 new communes in 2025 against on-track lines and per-year changes
whose 2022 baselines are rolled up from the old communes inside each.
"""

from __future__ import annotations

import random
from pathlib import Path

from example_tam_duong_2022_2025 import COLUMNS, COMMUNES, STATION_FLAGS, commune_rows
from formwriter import ILLUSTRATIVE, ExampleForm, Section
from openpyxl import Workbook
from openpyxl.styles import Font

FOLDER = "reorganisation"
NEW_FROM = 2025

# old commune → [(new commune, share)]; Bản Hon is split between two new communes.
MERGER: dict[str, list[tuple[str, float]]] = {
    "Thị trấn Tam Đường": [("Xã Tam Đường", 1)],
    "Bản Giang": [("Xã Tam Đường", 1)],
    "Bản Hon": [("Xã Tam Đường", 0.6), ("Xã Bình Lư", 0.4)],
    "Bình Lư": [("Xã Bình Lư", 1)],
    "Nà Tăm": [("Xã Bình Lư", 1)],
    "Bản Bo": [("Xã Bản Bo", 1)],
    "Sơn Bình": [("Xã Bản Bo", 1)],
    "Khun Há": [("Xã Khun Há", 1)],
    "Hồ Thầu": [("Xã Khun Há", 1)],
    "Giang Ma": [("Xã Khun Há", 1)],
    "Nùng Nàng": [("Xã Nùng Nàng", 1)],
    "Sùng Phài": [("Xã Nùng Nàng", 1)],
    "Tả Lèng": [("Xã Tả Lèng", 1)],
    "Thèn Sin": [("Xã Tả Lèng", 1)],
}
AREAS = {
    "Xã Tam Đường": "Khu vực trung tâm",
    "Xã Bình Lư": "Khu vực trung tâm",
    "Xã Bản Bo": "Khu vực trung tâm",
    "Xã Khun Há": "Khu vực vùng cao",
    "Xã Nùng Nàng": "Khu vực vùng cao",
    "Xã Tả Lèng": "Khu vực vùng cao",
}
# Coverage numerators and what caps them, for the 2025 step.
CAPPED = {
    "staff_university": "staff",
    "techniques": "techniques_list",
    "monitored": "population",
    "ehr": "monitored",
    "immunised": "under_1",
}


def year_2025(rng: random.Random, rows: list[dict]) -> dict:
    """One old commune's 2025 figures, continuing its 2023 → 2024 course (as whole counts)."""
    before, last = rows[1], rows[2]
    row = dict(last, period=NEW_FROM, note="")
    row["population"] = round(last["population"] * 1.016)
    for key in ("live_births", "under_1", "weighed"):
        row[key] = max(0, round(last[key] * rng.uniform(0.97, 1.03)))
    row["staff"] = last["staff"] + rng.choice([0, 0, 1])
    for key, cap in CAPPED.items():
        step = last[key] - before[key]
        row[key] = max(0, min(row[cap], last[key] + round(step * rng.uniform(0.2, 1.4))))
    for key in ("underweight", "stunted", "hiv"):
        row[key] = max(0, round(last[key] * rng.uniform(0.86, 1.02)))
    for key in STATION_FLAGS:
        row[key] = int(last[key] or rng.random() < 0.5)
    row["ncd"] = max(row["ncd"], row["family_medicine"])
    return row


def merged(old_rows: dict[str, dict]) -> list[dict]:
    """The new communes' 2025 rows: the old communes' counts summed, Bản Hon's split by its shares."""
    keys = [column.key for column in COLUMNS if column.key != "note"]
    new: dict[str, dict] = {}
    for old, parts in MERGER.items():
        for name, share in parts:
            row = new.setdefault(name, {"name": name, "period": NEW_FROM, "note": "", **dict.fromkeys(keys, 0.0)})
            for key in keys:
                row[key] += old_rows[old][key] * share
    for row in new.values():
        for key in keys:
            row[key] = round(row[key])
        row["note"] = "Gồm: " + ", ".join(
            old for old, parts in MERGER.items() if any(n == row["name"] for n, _ in parts)
        )
    return list(new.values())


def write_map(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chuyển đổi"
    ws["A1"] = "BẢNG CHUYỂN ĐỔI ĐƠN VỊ HÀNH CHÍNH CẤP XÃ (SẮP XẾP NĂM 2025)"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = ILLUSTRATIVE + " — phương án sáp nhập minh họa, không phải nghị quyết thật"
    ws.append([])
    ws.append(["STT", "Đơn vị cũ", "Đơn vị mới", "Tỷ lệ", "Từ năm"])
    number = 0
    for old, parts in MERGER.items():
        for name, share in parts:
            number += 1
            ws.append([number, old, name, share if share != 1 else None, NEW_FROM])
    ws.append([])
    ws.append(["Ghi chú: Tỷ lệ là phần dân số của xã cũ chuyển sang xã mới; bỏ trống = toàn bộ."])
    for column, width in zip("ABCDE", (5, 22, 18, 8, 8), strict=True):
        ws.column_dimensions[column].width = width
    wb.save(path)
    return path


def build(folder: Path) -> Path:
    out = folder / FOLDER
    out.mkdir(exist_ok=True)
    rng = random.Random(20222025)  # the same draws as the Tam Đường example
    by_commune = {name: commune_rows(rng, name, population, remote) for name, population, remote in COMMUNES}
    later = random.Random(2025)
    sections = [
        Section(f"Năm {year}", [rows[k] for rows in by_commune.values()]) for k, year in enumerate(range(2022, 2025))
    ]
    sections.append(
        Section(
            "Năm 2025 (sau sắp xếp đơn vị hành chính)",
            merged({name: year_2025(later, rows) for name, rows in by_commune.items()}),
        )
    )
    form = ExampleForm(
        plan_id="tam-duong-2022-2025",
        sheet="Biểu 01",
        org=("UBND TỈNH LAI CHÂU", "SỞ Y TẾ"),
        form_code="Biểu 01/YTCS-2022-2025",
        title="KẾT QUẢ Y TẾ CƠ SỞ KHU VỰC TAM ĐƯỜNG 2022 - 2025, TRƯỚC VÀ SAU SẮP XẾP ĐƠN VỊ HÀNH CHÍNH",
        columns=COLUMNS,
        sections=sections,
        unit_header="Xã, thị trấn",
        period_header="Năm",
        total_label="Toàn khu vực",
        notes=(
            "Ghi chú: Số liệu minh họa dùng cho ví dụ của healthkpi. Năm 2022-2024 báo cáo theo 14 xã, "
            "thị trấn cũ; năm 2025 theo 6 xã mới (phương án sáp nhập minh họa, xem unit-map.xlsx).",
        ),
        place_date="Lai Châu, ngày 15 tháng 01 năm 2026",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
    write_map(out / "unit-map.xlsx")
    (out / "hierarchy.csv").write_text(
        "Xã,Khu vực\n" + "".join(f"{unit},{area}\n" for unit, area in AREAS.items()), encoding="utf-8"
    )
    (out / "healthkpi.yaml").write_text(
        "# Tam Đường's plan after the 2025 reorganisation (illustrative merger): the bundled\n"
        "# plan, with the map that rolls the old communes' 2022-2024 figures into the new\n"
        "# communes and the areas that group the new communes for subtotals.\n"
        "healthkpi: 1\n"
        "extends: tam-duong-2022-2025\n"
        "unit_map: unit-map.xlsx\n"
        "hierarchy: hierarchy.csv\n",
        encoding="utf-8",
    )
    return form.write(out / "tam-duong-2022-2025-sap-xep.xlsx")
