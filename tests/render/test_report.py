"""`healthkpi report`: the self-contained HTML report, checked as parsed HTML and in a real browser;
and the native charts of the Excel scorecard."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from healthkpi.cli import app
from healthkpi.read.sidefiles import load_plan_and_side_files as load_plan
from healthkpi.read.workbook import read_data
from healthkpi.render.charts import PALETTE
from healthkpi.render.grid import MARKS, PARTIAL_MARK, score_grids
from healthkpi.render.html import render_html
from healthkpi.scoring.engine import score
from tests.conftest import write_plan
from tests.forms import BEDS_COLUMNS, Form
from tests.paths import ROOT

EXAMPLES = ROOT / "examples"
SCRIPT_UNIT = "<script>alert(1)</script>"
CHROMIUM = shutil.which("chromium")
runner = CliRunner()

# Two periods, an on-track target (by/baseline) and a plain one with a near band.
TREND_PLAN = """\
healthkpi: 1
plan:
  id: report-test
  title: Kế hoạch thử <b>đậm</b>
  title_en: Test plan
  issuer: Sở Y tế & "Ban" thử
  document: Kế hoạch số 1/KH-SYT
  total_label: Toàn tỉnh
variables:
  population:
    label: Dân số trung bình
    aliases: [Dân số]
  hospital_beds:
    label: Số giường bệnh
    aliases: [Giường bệnh]
  doctors:
    label: Số bác sỹ
    aliases: [Bác sỹ]
indicators:
  - id: beds_per_10k
    name: Số giường bệnh/vạn dân
    name_en: Beds per 10,000
    numerator: hospital_beds
    denominator: population
    per: 10000
    target: ">= 36.5"
    by: "2025"
    baseline: "2020"
    near: 5%
    source: Mục II.3 <i>nghiêng</i>
  - id: doctors_per_10k
    name: Số bác sỹ/vạn dân
    name_en: Doctors per 10,000
    numerator: doctors
    denominator: population
    per: 10000
    target: ">= 11.5"
    near: 5%
    source: Mục II.3
"""


def trend_form() -> Form:
    """Four units over 2020 and 2021; one is named like a script, one reports "n/a" doctors."""
    base = {
        "Thọ Xuân": (395000, 1234, 400),
        "Hà Trung": (200000, 730, 230),
        SCRIPT_UNIT: (100000, 380, 112),
        "Mường Lát": (40000, 100, 40),
    }
    units = []
    for year, grow in (("2020", 0), ("2021", 30)):
        for name, (population, beds, doctors) in base.items():
            values: dict[str, object] = {
                "period": year,
                "population": population,
                "hospital_beds": beds + grow,
                "doctors": doctors + grow // 3,
            }
            if name == "Mường Lát" and year == "2021":
                values["doctors"] = "chưa báo cáo"
            units.append((name, values))
    return Form(columns=BEDS_COLUMNS, units=units, period_column="Năm", total=None)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("report")
    data = trend_form().write(folder / "district.xlsx")
    plan = write_plan(folder, TREND_PLAN)
    return data, plan


@pytest.fixture(scope="module")
def card(inputs: tuple[Path, Path]):
    data, plan_path = inputs
    plan = load_plan(plan_path)
    return score(plan, read_data([data], plan))


@pytest.fixture(scope="module")
def page(card) -> str:
    return render_html(card, "vi")


class Page(HTMLParser):
    """What a reader sees: the text; and what a browser would fetch or run: tags and attributes."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []  # rows of the scorecard tables (class "sc"), each cell's text
        self._in_scorecard = 0
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "table" and "sc" in (found.get("class") or "").split():
            self._in_scorecard += 1
        elif self._in_scorecard and tag == "tr":
            self.rows.append([])
        elif self._in_scorecard and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_scorecard:
            self._in_scorecard -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


# --- contents ---------------------------------------------------------------------------


def test_every_unit_indicator_and_status_is_in_the_scorecard(card, page: str) -> None:
    parsed = Page(page)
    (grid,) = score_grids(card, "vi")
    shown: dict[str, list[str]] = {}
    for row in parsed.rows:
        if row:
            shown.setdefault(row[0], []).extend(row[1:])
    for indicator in grid.indicators:
        assert indicator.label("vi") in shown["Đơn vị"]
    assert shown["Chỉ tiêu"][:2] == ["≥ 36,5 đến 2025", "≥ 11,5"]  # the target row on top
    for unit_row in [*grid.rows, grid.total]:
        expected = [
            (f"{c.text} {MARKS[c.status]}" if c.text else MARKS[c.status])
            + (PARTIAL_MARK if c.covered is not None else "")
            + (c.compared or "")
            for c in unit_row.cells
        ]  # the line (or a total's own target) it was compared with is printed under the value
        assert shown[unit_row.label][: len(expected)] == expected, unit_row.label
    statuses = {c.status for r in grid.rows for c in r.cells}
    assert statuses >= {"pass", "fail", "no_data"}  # the fixture shows several kinds of result
    assert SCRIPT_UNIT in shown  # the odd name is a unit like the others


def test_heading_sources_issues_charts_and_trends(card, inputs: tuple[Path, Path], page: str) -> None:
    parsed = Page(page)
    text = parsed.all_text
    _data, plan_path = inputs
    assert "Kế hoạch thử <b>đậm</b>" in text  # the title as text, tags and all
    assert 'Sở Y tế & "Ban" thử' in text
    assert "Kế hoạch số 1/KH-SYT" in text
    assert str(plan_path) in text
    info = card.data.inputs[0]
    assert info.path in text
    assert info.sha256 in text
    assert info.sheet in text
    assert card.issues, "the fixture has data issues"
    for issue in card.issues:
        assert issue.message("vi") in text
    assert "không phải số" in text  # the issue not_a_number, named in Vietnamese
    assert "Mục II.3 <i>nghiêng</i>" in text  # the plan's sources
    assert "Độ đầy đủ" in text  # completeness
    ids = {attrs.get("id") for tag, attrs in parsed.tags}
    assert {"scorecard", "charts", "trends", "quality", "targets"} <= ids
    assert {"c-beds_per_10k", "c-doctors_per_10k"} <= ids  # a chart per indicator
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg" and attrs.get("role") == "img"]
    assert len(svgs) == 4  # two bar charts, two trends
    assert sum(tag == "polyline" and attrs.get("class") == "tt" for tag, attrs in parsed.tags) == 2  # total trends
    assert any(tag == "line" and attrs.get("class") == "ot" for tag, attrs in parsed.tags)  # the on-track line
    assert any(tag == "rect" and attrs.get("class") == "band" for tag, attrs in parsed.tags)  # the near band
    assert any("tot" in (attrs.get("class") or "") for tag, attrs in parsed.tags)  # the total marked


def test_nothing_is_fetched_or_run(page: str) -> None:
    parsed = Page(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "link", "iframe", "object", "embed", "img")]
    for _tag, attrs in parsed.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "xlink:href", "action", "srcset", "poster", "data"):
                assert not re.match(r"\s*(https?:|//|ftp:)", value or ""), (name, value)
            assert "url(" not in (value or "").replace(" ", "") or "http" not in (value or "")
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page)
    assert "@import" not in page
    assert re.search(r"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';", page)


def test_a_unit_named_like_a_script_stays_text(page: str) -> None:
    assert SCRIPT_UNIT not in page
    assert "<script" not in page.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f'<th class="u">{escaped}</th>' in page  # its row of the scorecard
    assert f"<g><title>{escaped}: " in page  # its bar's tooltip, inside the SVG
    assert f'text-anchor="end">{escaped}</text>' in page  # and its name beside the bar
    parsed = Page(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "i")]  # nor the plan's <i> in a source
    assert SCRIPT_UNIT in parsed.all_text


# Quotes, ampersands and tags in the plan's own texts: the title, an indicator's name, the total's name.
HOSTILE = {
    "title: Kế hoạch thử <b>đậm</b>": """title: 'Kế hoạch "thử" & <script>alert(2)</script> it''s'""",
    "name: Số giường bệnh/vạn dân": """name: 'Giường "bệnh" & <u>vạn</u>'""",
    "total_label: Toàn tỉnh": """total_label: 'Toàn "tỉnh" & <i>x</i>'""",
}


def test_the_templates_autoescape_every_text_from_the_inputs(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, _plan = inputs
    text = TREND_PLAN
    for before, after in HOSTILE.items():
        assert before in text
        text = text.replace(before, after)
    plan = load_plan(write_plan(tmp_path, text))
    page = render_html(score(plan, read_data([data], plan)), "vi")
    title = 'Kế hoạch "thử" & <script>alert(2)</script> it\'s'
    beds = 'Giường "bệnh" & <u>vạn</u>'
    total = 'Toàn "tỉnh" & <i>x</i>'
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    esc_title = "Kế hoạch &#34;thử&#34; &amp; &lt;script&gt;alert(2)&lt;/script&gt; it&#39;s"
    assert f"<title>{esc_title}</title>" in page
    assert f"<h1>{esc_title}</h1>" in page
    esc_beds = "Giường &#34;bệnh&#34; &amp; &lt;u&gt;vạn&lt;/u&gt;"
    assert f'<th title="beds_per_10k">{esc_beds}</th>' in page  # the scorecard's column
    assert f'role="img" aria-label="{esc_beds}"><title>{esc_beds}</title>' in page  # an attribute and a title in SVG
    assert "Toàn &#34;tỉnh&#34; &amp; &lt;i&gt;x&lt;/i&gt;</text>" in page  # the total's name beside its bar
    parsed = Page(page)
    assert not [tag for tag, _ in parsed.tags if tag in ("script", "i", "u")]  # the report has <b>s of its own
    labels = [attrs.get("aria-label") for tag, attrs in parsed.tags if tag == "svg" and attrs.get("role") == "img"]
    assert labels.count(beds) == 2  # its bar chart and its trend, the name intact
    for shown in (title, beds, total, SCRIPT_UNIT):
        assert shown in parsed.all_text


def test_same_inputs_give_the_same_bytes(card, page: str) -> None:
    assert render_html(card, "vi") == page
    assert "<!DOCTYPE html>" in page
    assert page.endswith("</html>\n")


def test_activities_and_a_plan_without_indicators() -> None:
    plan = load_plan(ROOT / "targets" / "hcmc-2023.yaml")
    card = score(plan, read_data([EXAMPLES / "hcmc-2023.xlsx"], plan))
    text = Page(render_html(card, "en")).all_text
    assert "Focus activities" in text
    for result in card.activities.results:
        assert result.text in text
    for group in card.activities.groups:
        assert group.group in text
    assert "Scorecard" not in text  # no indicators: no grid, no charts


# --- the command ----------------------------------------------------------------------------


def test_cli_writes_the_report_with_score_s_exit_code(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(data), "-t", str(plan), "-o", str(out)])
    assert result.exit_code == 1, result.output  # targets missed, as `score` says
    assert str(out) in result.stdout
    assert "<svg" in out.read_text(encoding="utf-8")
    again = tmp_path / "again.html"
    never = runner.invoke(app, ["report", str(data), "-t", str(plan), "-o", str(again), "--fail-on", "never", "-q"])
    assert never.exit_code == 0
    assert never.stdout == ""
    assert again.read_bytes() == out.read_bytes()  # byte-identical for the same inputs


def test_cli_english(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    out = tmp_path / "report.html"
    runner.invoke(app, ["report", str(data), "-t", str(plan), "-o", str(out), "--lang", "en", "-q"])
    page = out.read_text(encoding="utf-8")
    text = Page(page).all_text
    assert '<html lang="en">' in page
    for label in ("Scorecard", "Charts by indicator", "Trends over periods", "Data quality", "Beds per 10,000"):
        assert label in text
    assert "✓ Met" in text
    assert "✗ Missed" in text
    assert "Bảng điểm" not in text
    assert "is not a number" in text  # issues in English too


def test_cli_refuses_bad_calls(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    same = tmp_path / "same.html"
    same.write_bytes(b"<p>an input that happens to end in .html</p>")
    result = runner.invoke(app, ["report", str(same), "-t", str(plan), "-o", str(same), "--lang", "en"])
    assert result.exit_code == 2
    assert "never overwrites its inputs" in result.stderr
    assert same.read_bytes() == b"<p>an input that happens to end in .html</p>"
    for args, fragment in (
        (["-o", str(tmp_path / "r.xlsx")], "name it .html"),
        ([], "-o FILE.html"),
        (["-o", str(tmp_path / "r.html"), "--output-dir", str(tmp_path)], "not both"),
        (["-o", str(tmp_path / "r.html"), "--period", "1999"], "no such period"),
    ):
        result = runner.invoke(app, ["report", str(data), "-t", str(plan), "--lang", "en", *args])
        assert result.exit_code == 2, (args, result.output)
        assert fragment in result.stderr
        assert "Traceback" not in result.output


def test_output_dir_writes_one_report_per_input(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    for name in ("north.xlsx", "south.xlsx"):
        shutil.copy(data, tmp_path / name)
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["report", str(tmp_path / "*.xlsx"), "-t", str(plan), "--output-dir", str(out)])
    assert result.exit_code == 1, result.output  # one input could not be read
    assert sorted(p.name for p in out.iterdir()) == ["north.html", "south.html"]
    assert "broken.xlsx" in result.stderr
    assert (out / "north.html").read_text(encoding="utf-8").count("Toàn tỉnh") > 1


def test_subprocess_writes_a_report(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    out = tmp_path / "district.html"
    result = subprocess.run(
        [sys.executable, "-m", "healthkpi", "report", str(data), "-t", str(plan), "-o", out.name, "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # some targets are missed
    assert "Traceback" not in result.stderr
    text = Page(out.read_text(encoding="utf-8")).all_text
    assert "Beds per 10,000" in text
    assert "Toàn tỉnh" in text
    assert SCRIPT_UNIT in text


def test_report_module_is_not_imported_by_the_command_line() -> None:
    code = "import sys, healthkpi.cli, healthkpi.cli.score; print('healthkpi.render.html' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"


# --- Excel charts ------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "sheet"), [("vi", "Biểu đồ"), ("en", "Charts")])
def test_excel_scorecard_has_a_chart_per_indicator(
    inputs: tuple[Path, Path], tmp_path: Path, lang: str, sheet: str
) -> None:
    from openpyxl import load_workbook

    data, plan = inputs
    out = tmp_path / "card.xlsx"
    result = runner.invoke(app, ["score", str(data), "-t", str(plan), "-o", str(out), "--lang", lang, "-q"])
    assert result.exit_code == 1, result.output
    with zipfile.ZipFile(out) as archive:
        charts = [n for n in archive.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = "".join(archive.read(n).decode("utf-8") for n in charts)
    assert len(charts) == 2  # one per indicator
    assert "<c:barChart>" in xml
    assert "<c:lineChart>" in xml
    assert PALETTE["pass"]["bg_color"].lstrip("#") in xml  # the scorecard's colours
    wb = load_workbook(out)
    assert sheet in wb.sheetnames
    assert wb.sheetnames.index(sheet) == 4  # right after the Targets sheet
    assert wb[sheet].page_setup.orientation == "landscape"


# --- in a real browser ---------------------------------------------------------------------------


def png_pixels(path: Path) -> np.ndarray:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes) to an array of pixels, standard library and NumPy only."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8
    assert colour in (2, 6)
    assert interlace == 0
    channels = 3 if colour == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), dtype=np.uint8)
    previous = np.zeros(width * channels, dtype=np.int32)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            row = line
        elif kind == 1:  # Sub: a running sum per channel
            row = np.cumsum(line.reshape(width, channels), axis=0).reshape(-1) % 256
        elif kind == 2:  # Up
            row = (line + previous) % 256
        else:  # Average, Paeth: each byte needs the one decoded before it
            row = np.zeros_like(line)
            up = previous.tolist()
            values = line.tolist()
            decoded = row.tolist()
            for i, value in enumerate(values):
                left = decoded[i - channels] if i >= channels else 0
                if kind == 3:
                    decoded[i] = (value + (left + up[i]) // 2) % 256
                else:
                    corner = up[i - channels] if i >= channels else 0
                    p = left + up[i] - corner
                    pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
                    guess = left if pa <= pb and pa <= pc else (up[i] if pb <= pc else corner)
                    decoded[i] = (value + guess) % 256
            row = np.array(decoded, dtype=np.int32)
        out[y] = row
        previous = row
    return out.reshape(height, width, channels)[:, :, :3]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
def test_chromium_renders_the_report_without_errors(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    data, plan = inputs
    report = tmp_path / "report.html"
    runner.invoke(app, ["report", str(data), "-t", str(plan), "-o", str(report), "-q"])
    screenshot = tmp_path / "report.png"
    result = subprocess.run(
        [
            CHROMIUM,  # type: ignore[list-item]
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--force-device-scale-factor=0.5",  # a smaller picture to decode; the page is laid out at 1400 × 2000
            f"--screenshot={screenshot}",
            "--window-size=1400,2000",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert screenshot.exists(), result.stderr[-2000:]
    # Console messages (script errors, blocked requests, CSP violations) are logged as ":CONSOLE"
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    assert console == []
    pixels = png_pixels(screenshot)
    colours = {tuple(p) for p in pixels.reshape(-1, 3)[::7].tolist()}
    assert len(colours) > 50, "the page looks blank"
    for status in ("pass", "fail"):  # the scorecard's own fills are on screen
        rgb = tuple(int(PALETTE[status]["bg_color"][i : i + 2], 16) for i in (1, 3, 5))
        assert (pixels == rgb).all(axis=2).sum() > 100, status
