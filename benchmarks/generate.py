"""Deterministic benchmark inputs (written to benchmarks/data/, which git ignores).

    python benchmarks/generate.py [--scale 1] [--districts 100]

- national.xlsx: every commune (10,600 × scale) for 3 years × 40 variables,
  in the layout of a real form (title rows, two-level header, column numbers,
  a total row per year), for national.yaml: 20 indicators over them. Each
  year's figures drift a few percent from the year before, as real series do.
- national-noisy.xlsx: the same, made the same way, but with every year's
  figures drawn afresh: the counts jump from year to year, so the over-time
  checks flag most of them (data issues by the hundred thousand).
- districts/: `--districts` district workbooks of 10–40 communes each.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
COMMUNES = 10_600
YEARS = ("2022", "2023", "2024")
VARIABLES = 40
INDICATORS = 20


def plan_text() -> str:
    """A plan with 40 variables and 20 indicators: ten percentages, five rates per 10,000, five counts."""
    lines = [
        "healthkpi: 1",
        "plan: {id: national-benchmark, title: Bộ chỉ tiêu thử tải toàn quốc, period: '2022-2024', total_label: Toàn quốc}",
        "variables:",
    ]
    for v in range(1, VARIABLES + 1):
        lines.append(f"  v{v:02d}: {{label: 'Chỉ số {v:02d}', aliases: ['Biến {v:02d}']}}")
    lines.append("indicators:")
    for i in range(1, INDICATORS + 1):
        numerator, denominator = 2 * i - 1, 2 * i
        if i <= 10:
            target, per, near = "'>= 90'", 100, "2"
        elif i <= 15:
            target, per, near = "'>= 30'", 10000, "5%"
        else:
            target, per, near = "'>= 500'", 1, "5%"
        denominator_line = f"    denominator: v{denominator:02d}\n" if i <= 15 else ""
        lines.append(
            f"  - id: ind{i:02d}\n    name: Chỉ tiêu {i:02d}\n    numerator: v{numerator:02d}\n{denominator_line}"
            f"    per: {per}\n    target: {target}\n    near: {near}\n    source: benchmark"
        )
    return "\n".join(lines) + "\n"


def unit_values(rng: random.Random) -> list[float]:
    values: list[float] = []
    for i in range(1, VARIABLES // 2 + 1):
        whole = rng.randint(800, 12_000)
        if i <= 10:
            part = round(whole * rng.uniform(0.82, 1.0))
        elif i <= 15:
            part = round(whole * rng.uniform(0.0025, 0.0045))
        else:
            part = rng.randint(300, 700)
        values += [part, whole]
    return values


def drift(values: list[float], rng: random.Random) -> list[float]:
    """Next year's figures: a few percent away from this year's, as real series move."""
    moved = [round(v * rng.uniform(0.97, 1.05)) for v in values]
    for i in range(0, 20, 2):  # a part never outgrows its whole (vaccinated ≤ children)
        moved[i] = min(moved[i], moved[i + 1])
    return moved


def write_form(path: Path, units: list[str], years: tuple[str, ...], rng: random.Random, noisy: bool = False) -> int:
    """A form like a province's: returns the number of cells written. `noisy`: each year drawn afresh."""
    base = {unit: unit_values(rng) for unit in units}
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Biểu 01")
    bold = workbook.add_format({"bold": True})
    sheet.write_string(0, 0, "BỘ Y TẾ", bold)
    sheet.write_string(1, 0, "BÁO CÁO SỐ LIỆU Y TẾ CƠ SỞ (số liệu thử tải, không phải số liệu thật)", bold)
    header, sub = 3, 4
    for col, text in enumerate(("STT", "Xã/phường", "Năm")):
        sheet.write_string(header, col, text, bold)
    for v in range(VARIABLES):
        sheet.write_string(header, 3 + v, f"Nhóm {v // 10 + 1}", bold)
        sheet.write_string(sub, 3 + v, f"Chỉ số {v + 1:02d}", bold)
    for col in range(3 + VARIABLES):
        sheet.write_string(sub + 1, col, f"({col + 1})")
    row = sub + 2
    cells = 0
    for year in years:
        totals = [0.0] * VARIABLES
        for n, unit in enumerate(units, start=1):
            sheet.write_number(row, 0, n)
            sheet.write_string(row, 1, unit)
            sheet.write_string(row, 2, year)
            first = year == years[0]
            figures = base[unit] if first else unit_values(rng) if noisy else drift(base[unit], rng)
            base[unit] = figures
            for v, value in enumerate(figures):
                sheet.write_number(row, 3 + v, value)
                totals[v] += value
            cells += 3 + VARIABLES
            row += 1
        sheet.write_string(row, 1, "Tổng cộng", bold)
        sheet.write_string(row, 2, year)
        for v, value in enumerate(totals):
            sheet.write_number(row, 3 + v, value, bold)
        row += 1
    sheet.write_string(row + 1, 1, "Người lập biểu")
    workbook.close()
    return cells


def generate(scale: int, districts: int) -> None:
    DATA.mkdir(exist_ok=True)
    (DATA / "national.yaml").write_text(plan_text(), encoding="utf-8")
    rng = random.Random(20241124)
    units = [f"Xã {n:05d}" for n in range(1, COMMUNES * scale + 1)]
    name = "national.xlsx" if scale == 1 else f"national-x{scale}.xlsx"
    cells = write_form(DATA / name, units, YEARS, rng)
    print(f"wrote {DATA / name}: {len(units)} communes × {len(YEARS)} years, {cells:,} cells")
    noisy = "national-noisy.xlsx" if scale == 1 else f"national-noisy-x{scale}.xlsx"
    write_form(DATA / noisy, units, YEARS, random.Random(20241125), noisy=True)
    print(f"wrote {DATA / noisy}: the same, each year's figures drawn afresh")
    folder = DATA / "districts"
    folder.mkdir(exist_ok=True)
    for d in range(1, districts + 1):
        count = rng.randint(10, 40)
        write_form(folder / f"huyen-{d:03d}.xlsx", [f"Xã {d:03d}-{k:02d}" for k in range(1, count + 1)], YEARS, rng)
    print(f"wrote {districts} district workbooks in {folder}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="communes × this (1 = the national 10,600)")
    parser.add_argument("--districts", type=int, default=100, help="district workbooks to write")
    options = parser.parse_args()
    generate(options.scale, options.districts)


if __name__ == "__main__":
    main()
