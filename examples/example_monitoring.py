"""Example of monthly monitoring: Tam Đường's 14 communes report immunisation every month of 2024.

Illustrative figures, not real data. The district health centre keeps one sheet per month,
"Tháng 1" to "Tháng 9" (the review at nine months, "sơ kết 9 tháng"), each the monthly
immunisation form of a commune health station: the infants under 1 the commune must immunise
this year (the EPI target population, the same figure every month) and the infants fully
immunised during the month. The sheets' names carry no year; their titles do ("… THÁNG 1 NĂM
2024"), and healthkpi says it took the year from there.

The plan beside the workbook (monitoring/healthkpi.yaml) extends the bundled
tam-duong-2022-2025 with its immunisation target (95.2 %) as an accumulating indicator: each
month the sum since January over the year's infants is compared with the monitoring line,
95.2 % × months / 12. Most communes keep to the line; the remote ones fall behind over the
summer, and Hồ Thầu sent no June report, so from June on its year to date cannot be summed
(no data, with the missing month named).

`healthkpi score examples/monitoring/tam-duong-tiem-chung-2024.xlsx` scores September, the
latest month; `--period all` scores every month, and `report` draws the monitoring chart.
"""

from __future__ import annotations

import random
from pathlib import Path

from example_tam_duong_2022_2025 import COMMUNES
from formwriter import Column, ExampleForm, Section
from openpyxl import Workbook

YEAR = 2024
MONTHS = range(1, 10)
BIRTH_RATE = 0.0185  # infants under 1 per head of population (illustrative)
MISSED = {("Hồ Thầu", 6)}  # (commune, month) with no report
COLUMNS = [
    Column("Số trẻ em dưới 1 tuổi (đối tượng tiêm chủng năm 2024)", None, "infants"),
    Column("Số trẻ được tiêm chủng đầy đủ (trong tháng)", None, "immunised"),
]


def monthly_figures(rng: random.Random) -> dict[str, list[tuple[int, int] | None]]:
    """Each commune's (infants of the year, fully immunised in the month) for months 1-9."""
    figures: dict[str, list[tuple[int, int] | None]] = {}
    for name, population, remote in COMMUNES:
        infants = round(population * BIRTH_RATE * rng.uniform(0.9, 1.1))
        pace = rng.uniform(0.93, 1.04) if not remote else rng.uniform(0.82, 0.97)  # of 1/12 of the year a month
        months: list[tuple[int, int] | None] = []
        for month in MONTHS:
            slowdown = 0.8 if remote and month in (6, 7, 8) else 1.0  # the rainy season in the mountains
            done = max(0, round(infants / 12 * pace * slowdown * rng.uniform(0.8, 1.2)))
            months.append(None if (name, month) in MISSED else (infants, done))
        figures[name] = months
    return figures


def build(folder: Path) -> Path:
    rng = random.Random(2024_09)
    figures = monthly_figures(rng)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for k, month in enumerate(MONTHS):
        rows = []
        for name, _population, _remote in COMMUNES:
            reported = figures[name][k]
            if reported is not None:
                rows.append({"name": name, "infants": reported[0], "immunised": reported[1]})
        form = ExampleForm(
            plan_id="tam-duong-2022-2025",
            sheet=f"Tháng {month}",
            org=("TRUNG TÂM Y TẾ HUYỆN TAM ĐƯỜNG", "KHOA KIỂM SOÁT BỆNH TẬT"),
            form_code="Biểu 01/TCMR",
            title=f"BÁO CÁO KẾT QUẢ TIÊM CHỦNG MỞ RỘNG THÁNG {month} NĂM {YEAR}",
            columns=COLUMNS,
            sections=[Section(None, rows)],
            unit_header="Tên xã, thị trấn",
            total_label="Cộng",
            place_date=f"Tam Đường, ngày 05 tháng {month % 12 + 1:02d} năm {YEAR}",
            signers=("Người lập biểu", "GIÁM ĐỐC"),
        )
        form.write_sheet(workbook.create_sheet(form.sheet))
    meta = workbook.create_sheet("_healthkpi")
    meta["A1"], meta["B1"] = "plan", "tam-duong-2022-2025"
    meta.sheet_state = "hidden"
    path = folder / "monitoring" / "tam-duong-tiem-chung-2024.xlsx"
    path.parent.mkdir(exist_ok=True)
    workbook.save(path)
    return path
