"""Example of a workbook with one sheet per area: Tam Đường's 14 communes, 2022-2024, on two sheets.

Illustrative figures, not real data: the same figures as tam-duong-2022-2025.xlsx
(built by example_tam_duong_2022_2025.py, without its deliberate flaws), laid out as a district centre that
reports by area does — "Vùng thấp" (the seven central communes) and "Vùng cao"
(the seven remote ones) on sheets of their own, each with its own total row,
and a "Tổng hợp" sheet that repeats a few headline columns for the whole
district. The unit column is headed "Nơi báo cáo" (where the report comes
from), a header healthkpi does not know, so it finds the column by its content
and says so (`unit_column_guessed`); the summary sheet matches the plan less
well than the area sheets and is left out, which is said too (`sheet_skipped`).

`healthkpi score examples/areas/tam-duong-2022-2025-theo-vung.xlsx` reads both
area sheets as one table of 14 communes and scores them as the single-sheet
example does.
"""

from __future__ import annotations

import random
from pathlib import Path

from example_tam_duong_2022_2025 import COLUMNS, COMMUNES, YEARS, commune_rows
from formwriter import ExampleForm, Section
from openpyxl import Workbook

AREAS = {"Vùng thấp": False, "Vùng cao": True}  # the sheet, and whether its communes are remote
SUMMARY_KEYS = ("population", "births")  # the few columns the summary sheet repeats


def build(folder: Path) -> Path:
    rng = random.Random(20222025)  # the single-sheet example's seed: the same figures
    by_commune = {name: commune_rows(rng, name, population, remote) for name, population, remote in COMMUNES}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, remote in AREAS.items():
        names = [name for name, _population, is_remote in COMMUNES if is_remote == remote]
        sections = [Section(f"Năm {year}", [by_commune[n][k] for n in names]) for k, year in enumerate(YEARS)]
        form = _form(sheet, COLUMNS, sections, f"{sheet.upper()}, NĂM 2022 - 2024")
        form.write_sheet(workbook.create_sheet(sheet))
    summary_columns = [c for c in COLUMNS if c.key in SUMMARY_KEYS]
    summary = [Section(f"Năm {year}", [by_commune[n][k] for n, _p, _r in COMMUNES]) for k, year in enumerate(YEARS)]
    _form("Tổng hợp", summary_columns, summary, "TỔNG HỢP TOÀN HUYỆN").write_sheet(workbook.create_sheet("Tổng hợp"))
    meta = workbook.create_sheet("_healthkpi")
    meta["A1"], meta["B1"] = "plan", "tam-duong-2022-2025"
    meta.sheet_state = "hidden"
    path = folder / "areas" / "tam-duong-2022-2025-theo-vung.xlsx"
    path.parent.mkdir(exist_ok=True)
    workbook.save(path)
    return path


def _form(sheet: str, columns: list, sections: list[Section], area: str) -> ExampleForm:
    return ExampleForm(
        plan_id="tam-duong-2022-2025",
        sheet=sheet,
        org=("UBND HUYỆN TAM ĐƯỜNG", "TRUNG TÂM Y TẾ HUYỆN"),
        form_code="Biểu 01/YTCS-2022-2025",
        title=f"KẾT QUẢ THỰC HIỆN ĐỀ ÁN Y TẾ CƠ SỞ — {area}",
        columns=columns,
        sections=sections,
        unit_header="Nơi báo cáo",
        period_header="Năm",
        total_label="Tổng cộng",
        place_date="Tam Đường, ngày 15 tháng 01 năm 2025",
        signers=("Người lập biểu", "GIÁM ĐỐC"),
    )
