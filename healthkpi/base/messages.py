"""Every sentence healthkpi says about data, in Vietnamese and in English.

Issues and notes carry facts; the words live here, one template per language,
so adding a language or fixing a phrase touches this file only.
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from healthkpi.base.display import format_number
from healthkpi.base.messages_cli import CLI_ERRORS, CLI_UI
from healthkpi.base.messages_names import ISSUE_NAMES
from healthkpi.base.messages_plan import PLAN_ERRORS
from healthkpi.base.messages_read import READ_ERRORS

if TYPE_CHECKING:  # NumPy loads with the first batch of sentences: healthkpi's own import needs none
    import numpy as np


class _Issue(Protocol):
    """What a sentence about a data issue needs (base.issues.Issue has it)."""

    @property
    def code(self) -> str: ...
    @property
    def template(self) -> str | None: ...
    @property
    def where(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def variable(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def facts(self) -> Mapping[str, Any]: ...


class _Note(Protocol):
    """What a note on a result needs (base.issues.Note has it)."""

    @property
    def key(self) -> str: ...
    @property
    def facts(self) -> tuple[tuple[str, Any], ...]: ...


ISSUES: dict[str, dict[str, str]] = {
    "not_a_number": {
        "vi": '{where}: {unit}{in_period}: "{text}" không phải là số ({label}); coi như thiếu số liệu',
        "en": '{where}: {unit}{in_period}: "{text}" is not a number ({label}); treated as missing',
    },
    "too_large": {
        "vi": "{where}: {unit}{in_period}: {text} quá lớn, không thể là số liệu (lớn hơn 10^15) ({label}); "
        "coi như thiếu số liệu",
        "en": "{where}: {unit}{in_period}: {text} is too large to be a figure (beyond 10^15) ({label}); "
        "treated as missing",
    },
    "percent_in_count": {
        "vi": '{where}: {unit}{in_period}: ô ghi {text} — một tỷ lệ phần trăm, mà "{label}" là số đếm; '
        "ô này không được dùng (coi như thiếu số liệu). Hãy ghi số đếm, không ghi tỷ lệ",
        "en": '{where}: {unit}{in_period}: the cell holds {text} — a percentage, but "{label}" is a count; '
        "the cell is not used (treated as missing). Enter the count, not the rate",
    },
    "count_shown_as_percent": {
        "vi": "{where}: {unit}{in_period}: ô định dạng phần trăm (hiện là {shown}%) nhưng chứa {value}, mà "
        '"{label}" là {what}: được đọc là {value}. Hãy kiểm tra ô này và bỏ định dạng phần trăm',
        "en": "{where}: {unit}{in_period}: the cell is formatted as a percentage (shown as {shown}%) but holds "
        '{value}, and "{label}" is {what}: read as {value}. Check the cell and remove the percentage format',
    },
    "shown_as_percent_one": {
        "vi": '{where}: "{label}": một ô định dạng phần trăm trong bảng tính (ô ghi {raw} hiện là {shown}%) '
        "được đọc như hiện trên màn hình ({shown})",
        "en": '{where}: "{label}": a cell formatted as a percentage in the workbook ({raw}, shown as {shown}%) is '
        "read as shown ({shown})",
    },
    "shown_as_percent": {
        "vi": '{where}: "{label}": {n} ô định dạng phần trăm trong bảng tính (ví dụ ô ghi {raw} hiện là {shown}%) '
        "được đọc như hiện trên màn hình ({shown})",
        "en": '{where}: "{label}": {n} cells formatted as percentages in the workbook (for example {raw}, shown as '
        "{shown}%) are read as shown ({shown})",
    },
    "percent_as_fraction": {
        "vi": '{where}: {unit}{in_period}: "{label}" là {value}, mà mọi số của cột này (trong trang tính, cùng kỳ) '
        'đều từ 0 đến 1 trong khi chỉ tiêu "{name}" là {target}: có vẻ đây là tỷ lệ phần trăm ghi dưới dạng phân '
        "số (ô định dạng %, {value} hiện là {shown}%). Hãy ghi chính tỷ lệ phần trăm ({shown}), không ghi phân số",
        "en": '{where}: {unit}{in_period}: "{label}" is {value}, and every figure of this column (in the sheet, for '
        'the period) lies between 0 and 1 while the target of "{name}" is {target}: they look like percentages '
        "written as fractions (a cell formatted as %, {value} shown as {shown}%). Enter the percentage itself "
        "({shown}), not the fraction",
    },
    "percent_as_fraction_among": {
        "vi": '{where}: {unit}{in_period}: "{label}" là {value}, mà các số khác của cột này là tỷ lệ phần trăm (trung '
        'vị {middle}) và chỉ tiêu "{name}" là {target}: có vẻ đây là tỷ lệ phần trăm ghi dưới dạng phân số '
        "({shown}%). Hãy ghi chính tỷ lệ phần trăm ({shown}), không ghi phân số",
        "en": '{where}: {unit}{in_period}: "{label}" is {value}, while the column\'s other figures are percentages '
        '(median {middle}) and the target of "{name}" is {target}: it looks like a percentage written as a '
        "fraction ({shown}%). Enter the percentage itself ({shown}), not the fraction",
    },
    "formula_error": {
        "vi": "{where}: {unit}{in_period}: công thức bị lỗi {text} ({label}); coi như thiếu số liệu",
        "en": "{where}: {unit}{in_period}: the formula gives the error {text} ({label}); treated as missing",
    },
    "formula_not_saved": {
        "vi": '{where}: {unit}{in_period}: "{label}" là công thức chưa có giá trị (tệp do chương trình tạo, chưa '
        "được lưu bằng Excel); coi như thiếu số liệu. Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi chạy lại",
        "en": '{where}: {unit}{in_period}: "{label}" is a formula with no saved value (the file was written by a '
        "program and never saved in Excel); treated as missing. Open the file in Excel or LibreOffice, save it, "
        "and run again",
    },
    "missing_value": {
        "vi": '{where}: {unit}{in_period}: thiếu số liệu "{label}"',
        "en": '{where}: {unit}{in_period}: no value for "{label}"',
    },
    "no_unit_name": {
        "vi": "{where}: dòng {row} có số liệu nhưng không có tên đơn vị; không được tính",
        "en": "{where}: row {row} has figures but no unit name; it was left out",
    },
    "missing_column": {
        "vi": 'trang tính {where}: không có cột cho "{label}" ({variable}); các chỉ tiêu cần số liệu này là không có dữ liệu',
        "en": 'sheet {where}: no column for "{label}" ({variable}); indicators that need it have no data',
    },
    "missing_column_close": {
        "vi": 'trang tính {where}: không có cột cho "{label}" ({variable}) — có phải cột "{closest}"? '
        "Nếu đúng, thêm tên này vào aliases của biến trong kế hoạch",
        "en": 'sheet {where}: no column for "{label}" ({variable}) — did you mean "{closest}"? '
        "If so, add that header to the variable's aliases in the plan",
    },
    "duplicate_unit": {
        "vi": "{where}: {unit}{in_period} có {count} dòng (dòng {rows}); chỉ dùng dòng {first_row}",
        "en": "{where}: {unit}{in_period} appears {count} times (rows {rows}); only row {first_row} is used",
    },
    "duplicate_across_inputs": {
        "vi": "{where}: {unit} đã có trong {first}; dòng này trong {path} không được tính",
        "en": "{where}: {unit} already came from {first}; this row of {path} was left out",
    },
    "unit_column_guessed": {
        "vi": "{where}: không tiêu đề nào cho biết cột tên đơn vị; đã chọn cột {column} {header!r} theo nội dung "
        "({distinct} tên khác nhau trên {rows} dòng). Nếu sai, chỉ ra cột đơn vị (unit_column trong kế hoạch, "
        "hoặc --unit-column)",
        "en": "{where}: no header names the unit column; column {column} {header!r} was chosen by its content "
        "({distinct} different names on {rows} rows). If that is wrong, name the unit column (unit_column in the "
        "plan, or --unit-column)",
    },
    "sheet_hidden": {
        "vi": "trang tính ẩn {sheet!r} có {found} cột của kế hoạch nhưng không được đọc vì đang ẩn; muốn đọc nó, "
        "chỉ ra bằng --sheet {sheet!r} (hoặc bỏ ẩn trang tính)",
        "en": "the hidden sheet {sheet!r} has {found} of the plan's columns but was not read, being hidden; to read "
        "it, name it with --sheet {sheet!r} (or unhide it)",
    },
    "sheet_skipped": {
        "vi": "trang tính {sheet!r} có {found} cột của kế hoạch nhưng không được đọc (trang tính {chosen!r} có {best}); "
        "muốn đọc cả trang tính này, chỉ ra các trang tính bằng --sheet (hoặc --sheet '*')",
        "en": "sheet {sheet!r} has {found} of the plan's columns but was not read ({chosen!r} has {best}); to read it "
        "too, name the sheets with --sheet (or --sheet '*')",
    },
    "unit_is_total": {
        "vi": "{where}: dòng {row} ({unit}) bằng tổng của các đơn vị khác; được coi là dòng tổng, không phải một đơn vị",
        "en": "{where}: row {row} ({unit}) is the sum of the other units; it was taken as the total, not as a unit",
    },
    "second_total": {
        "vi": "{where}: có thêm dòng tổng cho cùng kỳ (dòng {rows}); chỉ dòng tổng đầu tiên được đối chiếu",
        "en": "{where}: another total row for the same period (rows {rows}); only the first one is compared",
    },
    "placeholder_unit": {
        "vi": "{where}: {count} dòng có số liệu nhưng ô tên đơn vị là ký hiệu (dòng {rows}); không phải đơn vị, "
        "không được tính",
        "en": "{where}: {count} rows have figures but a placeholder for a unit name (rows {rows}); not units, left out",
    },
    "statistic_row": {
        "vi": "{where}: {count} dòng bình quân, so sánh hoặc của một kỳ khác (dòng {rows}) không phải đơn vị; "
        "không được tính",
        "en": "{where}: {count} rows of an average, a comparison or another period (rows {rows}) are not units; "
        "left out",
    },
    "of_which_row": {
        "vi": '{where}: {count} dòng "Trong đó …" (dòng {rows}) là một phần của các đơn vị đã tính, không phải '
        "đơn vị; không được tính",
        "en": '{where}: {count} "of which" rows (rows {rows}) are part of the units already counted, not units; '
        "left out",
    },
    "another_table": {
        "vi": "{where}: dòng {row} mở đầu một bảng khác{title}, {why}; {count} dòng số liệu của bảng đó không được "
        "đọc. Chỉ bảng đầu tiên (tiêu đề ở dòng {header}) được chấm; để chấm bảng kia, dùng --header-row {row}",
        "en": "{where}: row {row} begins another table{title}, {why}; its {count} rows of figures are not read. Only "
        "the first table (header at row {header}) is scored; to score the other one, give --header-row {row}",
    },
    "hidden_twin_column": {
        "vi": '{where}: cột {column} ẩn, cùng tiêu đề "{header}" với cột {read}; chỉ đọc cột {read} (cột đang hiện)',
        "en": '{where}: column {column} is hidden and headed "{header}" like column {read}; only column {read} '
        "(the one shown) is read",
    },
    "repeated_header": {
        "vi": "{where}: dòng tiêu đề lặp lại hoặc tiêu đề của một bảng khác (dòng {rows}); không được tính",
        "en": "{where}: the header again, or another table's header (rows {rows}); not read as data",
    },
    "english_thousands": {
        "vi": '{where}: {unit}{in_period}: "{label}" ghi "{text}": theo cách viết Việt Nam là {read}, nhưng cột này '
        "ghi số kiểu tiếng Anh (dấu phẩy ngăn hàng nghìn); nếu là số hàng nghìn, chạy lại với --locale en",
        "en": '{where}: {unit}{in_period}: "{label}" is typed "{text}": read the Vietnamese way it is {read}, but this '
        "column writes its numbers the English way (a comma between thousands); if they are thousands, run again "
        "with --locale en",
    },
    "marked_missing": {
        "vi": '{where}: {unit}{in_period}: "{label}" ghi "{text}" (không có số liệu)',
        "en": '{where}: {unit}{in_period}: "{label}" is marked "{text}" (no value)',
    },
    "subtotal_mismatch": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} ghi "{label}" là {total}, nhưng cộng {count} đơn vị của nó được '
        "{sum}{missing_note}",
        "en": '{where}: the subtotal row "{unit}"{in_period} says "{label}" is {total}, but its {count} units add up '
        "to {sum}{missing_note}",
    },
    "subtotal_block_above_mismatch": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} ghi "{label}" là {total}, nhưng cộng {count} đơn vị ngay trên '
        "nó được {sum}{missing_note}",
        "en": '{where}: the subtotal row "{unit}"{in_period} says "{label}" is {total}, but the {count} units above it '
        "add up to {sum}{missing_note}",
    },
    "subtotal_block_below_mismatch": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} ghi "{label}" là {total}, nhưng cộng {count} đơn vị ngay dưới '
        "nó được {sum}{missing_note}",
        "en": '{where}: the subtotal row "{unit}"{in_period} says "{label}" is {total}, but the {count} units below it '
        "add up to {sum}{missing_note}",
    },
    "subtotal_block_empty": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} không phải một đơn vị và không được tính; không có đơn vị nào '
        "trong phần của nó trên trang tính nên không đối chiếu được",
        "en": '{where}: the subtotal row "{unit}"{in_period} is not a unit and was left out; no unit stands in its '
        "part of the sheet, so it could not be compared",
    },
    "subtotal_block_unclear": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} không phải một đơn vị và không được tính; đây là dòng cộng duy '
        "nhất ở cấp của nó và không có tiêu đề phần nào giới hạn, nên không rõ nó cộng những đơn vị nào và không "
        "đối chiếu được",
        "en": '{where}: the subtotal row "{unit}"{in_period} is not a unit and was left out; it is the only subtotal '
        "of its level and no section heading bounds it, so which units it adds up is not clear and it could not be "
        "compared",
    },
    "subtotal_not_compared": {
        "vi": '{where}: dòng cộng "{unit}"{in_period} không phải một đơn vị và không được tính; không đơn vị nào '
        "thuộc {group!r} nên không đối chiếu được",
        "en": '{where}: the subtotal row "{unit}"{in_period} is not a unit and was left out; no unit belongs to '
        "{group!r}, so it could not be compared",
    },
    "zero_denominator": {
        "vi": '{where}: {unit}{in_period}: "{label}" bằng 0 (mẫu số của {indicator})',
        "en": '{where}: {unit}{in_period}: "{label}" is zero (the denominator of {indicator})',
    },
    "missing_period_relative": {
        "vi": "chỉ tiêu {indicator} so sánh với kỳ {period}, nhưng số liệu không có kỳ {period}",
        "en": "indicator {indicator} compares with {period}, but the data has no period {period}",
    },
    "period_from_sub_columns": {
        "vi": "{where}: các cột con dưới tiêu đề ghi kỳ; các cột của kỳ {period} được đọc là số liệu kỳ {period}",
        "en": "{where}: the columns under the headers name periods; those of {period} are read as {period}'s figures",
    },
    "sub_columns_shared": {
        "vi": "{where}: các cột {columns} chỉ có một cột cho mọi kỳ mà các cột con ghi ({periods}), nên được đọc vào "
        "từng kỳ; nếu đó là số liệu của một năm thôi, kết quả các kỳ khác tính từ số liệu ấy",
        "en": "{where}: {columns} have one column for every period the sub-columns name ({periods}), so they are "
        "read into each; if they are one year's figures only, the other periods' results are computed from them",
    },
    "sub_column_done": {
        "vi": "{where}: tiêu đề của {count} biến trải trên nhiều cột con ({header!r}: {others}); cột {text!r} (số "
        "thực hiện) của mỗi biến được đọc",
        "en": "{where}: the headers of {count} variables span several columns ({header!r}: {others}); the column "
        "{text!r} (figures done) of each is read",
    },
    "sheet_named_for_another_period": {
        "vi": "{where}: trang tính tên là {named} nhưng được chấm cho kỳ {period} của kế hoạch (tên một trang tính "
        "riêng lẻ không được coi là kỳ); nếu số liệu là của {named}, hãy thêm cột Năm ghi {named}",
        "en": "{where}: the sheet is named {named} but is scored for the plan's period {period} (a lone sheet's name "
        "is not taken as its period); if the figures are {named}'s, add a year column holding {named}",
    },
    "period_from_title": {
        "vi": "{where}: trang tính không có cột kỳ, tên trang tính không phải là kỳ; tiêu đề của nó ghi kỳ {period}",
        "en": "{where}: no period column, and the sheet's name is no period; its title gives the period {period}",
    },
    "period_year_from_title": {
        "vi": "{where}: kỳ {period!r} không ghi năm; lấy năm {year} từ tiêu đề của sheet: kỳ {label}",
        "en": "{where}: the period {period!r} has no year; the sheet's title gives {year}: period {label}",
    },
    "period_year_from_sheet": {
        "vi": "{where}: kỳ {period!r} không ghi năm; lấy năm {year} từ tên sheet: kỳ {label}",
        "en": "{where}: the period {period!r} has no year; the sheet's name gives {year}: period {label}",
    },
    "period_year_from_plan": {
        "vi": "{where}: kỳ {period!r} không ghi năm, tiêu đề cũng không; lấy năm {year} của kế hoạch: kỳ {label}",
        "en": "{where}: the period {period!r} has no year, nor has the title; the plan's year {year} is used: period {label}",
    },
    "period_year_unknown": {
        "vi": "{where}: kỳ {period!r} không ghi năm và không tìm được năm (tên trang tính, tiêu đề, kế hoạch); "
        "không cộng dồn từ đầu năm được",
        "en": "{where}: the period {period!r} has no year and none was found (sheet name, title, plan); "
        "it cannot be summed from the start of the year",
    },
    "missing_period_accumulate": {
        "vi": "{unit}: thiếu số liệu kỳ {period}, nên không cộng dồn được {indicator} đến kỳ {scored}",
        "en": "{unit}: no figures for {period}, so {indicator} cannot be summed up to {scored}",
    },
    "missing_period_baseline": {
        "vi": "chỉ tiêu {indicator} cần kỳ gốc {period} để tính lộ trình, nhưng số liệu không có kỳ {period}",
        "en": "indicator {indicator} needs its baseline {period} for the on-track line, but the data has no period {period}",
    },
    "not_finite": {
        "vi": "{where}: {unit}{in_period}: {name} không tính được vì các số quá lớn",
        "en": "{where}: {unit}{in_period}: {name} cannot be computed: the numbers are too large",
    },
    "missing_unit_target": {
        "vi": "{where}: {unit} được giao chỉ tiêu riêng ({indicator}) nhưng không có trong số liệu",
        "en": "{where}: {unit} has its own target ({indicator}) but is not in the data",
    },
    "not_in_unit_map": {
        "vi": "{unit} không có trong bảng chuyển đổi đơn vị ({where}); giữ nguyên như một đơn vị riêng",
        "en": "{unit} is on neither side of the unit map ({where}); kept as a unit of its own",
    },
    "old_name_after_map": {
        "vi": "{unit} báo cáo kỳ {period} bằng tên cũ, dù bảng chuyển đổi ({where}) áp dụng từ {start}; đã gộp vào {new}",
        "en": "{unit} reports {period} under its old name though the unit map ({where}) applies from {start}; rolled into {new}",
    },
    "period_blank": {
        "vi": "kỳ {period}: chưa đơn vị nào có số liệu (các dòng còn trống), nên không được chấm",
        "en": "period {period}: no unit has a value yet (its rows are blank), so it is not scored",
    },
    "no_parent": {
        "vi": "{where}: {unit} không có đơn vị cấp trên (cột cấp trên hoặc tệp hierarchy)",
        "en": "{where}: {unit} has no parent (neither a parent column nor the hierarchy file names one)",
    },
    "parent_two_ways": {
        "vi": "đơn vị cấp trên được viết nhiều cách: {names}",
        "en": "a parent is written in several ways: {names}",
    },
    "unknown_status": {
        "vi": '{where}: hoạt động {id}: trạng thái "{text}" không rõ (dùng Hoàn thành / Đang thực hiện / Chưa thực hiện)',
        "en": '{where}: activity {id}: status "{text}" is not one we know (use done / in progress / not started)',
    },
    "activity_missing": {
        "vi": "hoạt động {id} không có trong trang tính hoạt động",
        "en": "activity {id} is not listed in the activity sheet",
    },
    "activity_blank": {
        "vi": "{where}: hoạt động {id} chưa ghi trạng thái",
        "en": "{where}: activity {id} has no status",
    },
    "no_activity_sheet": {
        "vi": "kế hoạch có các hoạt động trọng tâm nhưng không có trang tính nào ghi mã hoạt động và trạng thái",
        "en": "the plan tracks activities, but no sheet has an activity-id column and a status column",
    },
    "missing_unit": {
        "vi": "{unit}: có trong danh sách đơn vị của {source} nhưng không có trong số liệu",
        "en": "{unit}: listed by the {source} but absent from the data",
    },
    "unit_missing_period": {
        "vi": "{unit}: không có số liệu kỳ {period}, trong khi các đơn vị khác có",
        "en": "{unit}: no data for {period}, which the other units report",
    },
    "negative_count": {
        "vi": '{where}: {unit}{in_period}: "{label}" là {value}, số đếm không thể âm',
        "en": '{where}: {unit}{in_period}: "{label}" is {value}; a count cannot be negative',
    },
    "non_integer_count": {
        "vi": '{where}: {unit}{in_period}: "{label}" là {value}, số đếm phải là số nguyên',
        "en": '{where}: {unit}{in_period}: "{label}" is {value}; a count is a whole number',
    },
    "over_100_percent": {
        "vi": "{where}: {unit}{in_period}: {name}: tử số {numerator} lớn hơn mẫu số {denominator} (tỷ lệ {value}%)",
        "en": "{where}: {unit}{in_period}: {name}: the numerator {numerator} exceeds the denominator {denominator} ({value}%)",
    },
    "implausible_sex_ratio": {
        "vi": "{where}: {unit}{in_period}: tỷ số giới tính khi sinh {value} nằm ngoài khoảng hợp lý 90–130",
        "en": "{where}: {unit}{in_period}: sex ratio at birth {value} is outside the plausible 90–130",
    },
    "outside_valid_range": {
        "vi": "{where}: {unit}{in_period}: {name} là {value}, ngoài khoảng hợp lệ {range} mà kế hoạch khai báo; "
        "không được dùng (không có số liệu)",
        "en": "{where}: {unit}{in_period}: {name} is {value}, outside the valid range {range} the plan declares; "
        "not used (no data)",
    },
    "check_failed": {
        "vi": "{where}: {unit}{in_period}: không thỏa {check} ({left} = {left_value}, {right} = {right_value})",
        "en": "{where}: {unit}{in_period}: {check} does not hold ({left} = {left_value}, {right} = {right_value})",
    },
    "check_failed_unlisted": {
        "vi": "{check} còn không thỏa ở {count} dòng nữa, không liệt kê từng dòng (đã đủ 100.000 vấn đề từ các "
        "quy tắc kiểm tra); hãy sửa số liệu hoặc quy tắc rồi chạy lại",
        "en": "{check} fails on {count} more rows, not listed one by one (the plan's checks already gave 100,000 "
        "issues); correct the data or the check and run again",
    },
    "outlier": {
        "vi": "{where}: {unit}{in_period}: {name} = {value}, khác xa các đơn vị khác (trung vị {median}, điểm z hiệu chỉnh {score})",
        "en": "{where}: {unit}{in_period}: {name} = {value} stands far from the other units (median {median}, modified z-score {score})",
    },
    # Over time (quality/overtime.py): a count far from its own history and unlikely to be chance,
    # up from nothing, or a value (no chance model) far from its history. Built in bulk (batch_messages).
    "over_time_chance": {
        "vi": '{where}: {unit}: "{label}" kỳ {period} là {value}, bằng {ratio} lần {basis} ({reference}); thay đổi '
        "quá ±{change} mà chỉ do ngẫu nhiên thì xác suất là {p}",
        "en": '{where}: {unit}: "{label}" in {period} is {value}, {ratio} times {basis} ({reference}); a change beyond '
        "±{change} that chance alone would give with probability {p}",
    },
    "over_time_from_zero": {
        "vi": '{where}: {unit}: "{label}" kỳ {period} là {value}, trong khi {periods} là 0; chỉ do ngẫu nhiên thì xác '
        "suất là {p}",
        "en": '{where}: {unit}: "{label}" in {period} is {value}, up from 0 in {periods}; chance alone would give this '
        "with probability {p}",
    },
    "over_time_change": {
        "vi": '{where}: {unit}: "{label}" kỳ {period} là {value}, bằng {ratio} lần {basis} ({reference}); thay đổi '
        "quá ±{change}",
        "en": '{where}: {unit}: "{label}" in {period} is {value}, {ratio} times {basis} ({reference}); a change beyond '
        "±{change}",
    },
    "spelling_same_unit": {
        "vi": "{where}: cùng một đơn vị được viết nhiều cách: {names}; đã gộp làm một",
        "en": "{where}: one unit written several ways: {names}; treated as one",
    },
    "spelling_listed_prefix": {
        "vi": '{where}: kế hoạch ghi "{listed}", số liệu ghi "{unit}" (chỉ khác ở chữ chỉ cấp hành chính); tính là '
        "cùng một đơn vị, áp dụng chỉ tiêu riêng của đơn vị này nếu có",
        "en": '{where}: the plan lists "{listed}", the data writes "{unit}" (they differ only by the administrative '
        "word); taken as the same unit, with its own target where it has one",
    },
    "spelling_prefix": {
        "vi": "{where}: tên đơn vị chỉ khác nhau ở chữ chỉ cấp hành chính: {names}; có phải cùng một đơn vị? "
        "(đang tính là hai đơn vị, cả hai đều vào tổng)",
        "en": "{where}: unit names that differ only by the administrative word: {names}; are they the same unit? "
        "(they are counted as two, both in the total)",
    },
    "spelling_maybe_same": {
        "vi": "{where}: tên đơn vị chỉ khác nhau ở dấu: {names}; có phải cùng một đơn vị?",
        "en": "{where}: unit names that differ only by accents: {names}; are they the same unit?",
    },
    "spelling_maybe_same_official": {
        "vi": "{where}: tên đơn vị chỉ khác nhau ở dấu: {names}; danh sách đơn vị ghi là {official}",
        "en": "{where}: unit names that differ only by accents: {names}; the list of units spells it {official}",
    },
    "total_mismatch": {
        "vi": '{where}: dòng tổng "{unit}"{in_period} ghi "{label}" là {total}, nhưng cộng các đơn vị được {sum}{missing_note}',
        "en": '{where}: the total row "{unit}"{in_period} says "{label}" is {total}, but the units add up to {sum}{missing_note}',
    },
}

NOTES: dict[str, dict[str, str]] = {
    "missing": {"vi": "thiếu số liệu: {variables}", "en": "missing: {variables}"},
    "not_used": {
        "vi": "không dùng số liệu {variables}: số đếm âm hoặc ngoài khoảng hợp lệ (xem vấn đề về số liệu)",
        "en": "{variables} not used: a negative count or outside its valid range (see the data issues)",
    },
    "zero_denominator": {
        "vi": "mẫu số ({denominator}) bằng 0",
        "en": "the denominator ({denominator}) is zero",
    },
    "no_baseline": {"vi": "không có số liệu kỳ {period}", "en": "no value for {period}"},
    "not_due": {
        "vi": "chỉ tiêu áp dụng từ {by}; kế hoạch không có năm gốc (baseline) để xét lộ trình kỳ này",
        "en": "the target applies from {by}; the plan has no baseline to draw the way there",
    },
    "accumulate_missing": {
        "vi": "thiếu kỳ {period}: không cộng dồn từ đầu năm được",
        "en": "{period} is missing: no year-to-date sum",
    },
    "accumulate_missing_value": {
        "vi": "một kỳ trước trong năm thiếu số liệu: không cộng dồn từ đầu năm được",
        "en": "an earlier period of the year has a missing figure: no year-to-date sum",
    },
    "accumulate_no_period": {
        "vi": "kỳ {period} không phải tháng, quý hay năm: không đặt được lên đường giám sát",
        "en": "{period} is not a month, quarter or year: it cannot be placed on the monitoring line",
    },
    "no_old_units": {
        "vi": "không có số liệu kỳ {period}: bảng chuyển đổi không có đơn vị cũ nào gộp vào đơn vị này cho kỳ đó",
        "en": "no value for {period}: the unit map rolls no old unit into this one for that period",
    },
    "baseline_zero": {"vi": "số liệu kỳ {period} bằng 0", "en": "the {period} value is zero"},
    "vs_not_before": {
        "vi": "kỳ so sánh {vs} không ở trước kỳ này",
        "en": "the comparison period {vs} is not before this one",
    },
    "no_units": {"vi": "không đơn vị nào có đủ số liệu", "en": "no unit has all the figures"},
    "not_additive": {
        "vi": "không có tổng: cộng điểm số hay tỷ lệ của các đơn vị không ra điểm số hay tỷ lệ chung (cho chỉ tiêu "
        "một mẫu số để tính trung bình hoặc tỷ lệ của tổng)",
        "en": "no total: adding the units' scores or rates gives no score or rate for the whole (give the indicator a "
        "denominator for a mean, or a ratio of sums)",
    },
    "not_computable": {"vi": "không tính được", "en": "cannot be computed"},
}

# Errors that stop a run. `{setting_x}` is how the reader names setting x: `--period` on the
# command line, `period` from Python (base.errors.HealthkpiError.render).
ERRORS: dict[str, dict[str, str]] = {
    "yaml_unquoted_operator": {
        "vi": "`{text}`: trong YAML, dấu > hoặc | ở đầu giá trị mở ra một đoạn văn bản, nên mục tiêu này "
        "không đọc được; hãy đặt mục tiêu trong dấu nháy kép: {quoted}",
        "en": "`{text}`: in YAML a value starting with > or | opens a block of text, so this target cannot be "
        "read; put the target in double quotes: {quoted}",
    },
    "yaml_indentation": {
        "vi": "`{text}` thụt vào {spaces} dấu cách, không thẳng hàng với khối nào ở trên (các khóa của khối "
        "trong thụt vào {inner}, của khối ngoài {outer}); các khóa cùng cấp phải thẳng hàng — sửa số dấu cách ở đầu dòng này",
        "en": "`{text}` has an indent of {spaces}, in line with no block above it (the keys of the inner "
        "block have an indent of {inner}, those of the outer one {outer}); keys of one level must line up — fix the spaces "
        "at the start of this line",
    },
    "yaml_under_a_value": {
        "vi": "`{text}` thụt vào sâu hơn dòng trên ({spaces} so với {inner} dấu cách), nhưng dòng trên đã có giá "
        "trị nên không chứa được khóa con; các khóa cùng cấp phải thẳng hàng — bớt dấu cách ở đầu dòng này",
        "en": "`{text}` is indented deeper than the line above (an indent of {spaces} against {inner}), but that line "
        "already has a value and cannot hold keys; keys of one level must line up — remove spaces at the start "
        "of this line",
    },
    # the parser's other problems (plan/yamlslips.py `plain_problem`), each on its line
    "yaml_tab": {
        "vi": "có ký tự Tab ở cột {column}; YAML chỉ thụt lề bằng dấu cách — thay Tab bằng dấu cách",
        "en": "a Tab character at column {column}; YAML indents with spaces only — replace the Tab with spaces",
    },
    "yaml_bad_start": {
        "vi": "`{text}`: một giá trị không được bắt đầu bằng ký tự {char} (cột {column}); hãy đặt giá trị trong "
        "dấu nháy kép",
        "en": "`{text}`: a value cannot start with the character {char} (column {column}); put the value in "
        "double quotes",
    },
    "yaml_missing_colon": {
        "vi": "`{text}`: dòng này thiếu dấu hai chấm sau khóa (viết khóa: giá trị), hoặc là phần tiếp của dòng "
        "trên bị xuống dòng",
        "en": "`{text}`: this line lacks the colon after its key (write key: value), or is the rest of the line "
        "above, broken off",
    },
    "yaml_undefined_alias": {
        "vi": "`{text}`: dấu * ở đầu giá trị (*{name}) là tham chiếu tới một neo &{name} không có trong tệp; nếu "
        "đây là chữ, đặt giá trị trong dấu nháy kép",
        "en": "`{text}`: a * at the start of a value (*{name}) refers to an anchor &{name} the file does not "
        "have; if it is text, put the value in double quotes",
    },
    "yaml_duplicate_anchor": {
        "vi": "`{text}`: tên neo sau dấu & đã dùng ở một dòng trên; mỗi neo cần một tên riêng (nếu đây là chữ, đặt "
        "giá trị trong dấu nháy kép)",
        "en": "`{text}`: the anchor name after & is used on a line above already; each anchor needs its own "
        "name (if it is text, put the value in double quotes)",
    },
    "yaml_unclosed_quote": {
        "vi": "`{text}`: dấu nháy {quote} mở ở dòng này không được đóng; thêm dấu nháy đóng ở cuối giá trị",
        "en": "`{text}`: the {quote} quote opened on this line is never closed; add the closing quote at the "
        "end of the value",
    },
    "yaml_unknown_escape": {
        "vi": "`{text}`: trong dấu nháy kép, dấu \\ mở đầu một ký tự đặc biệt, nhưng ký tự ở cột {column} không "
        "phải; dùng dấu nháy đơn ('…') hoặc viết \\\\",
        "en": "`{text}`: inside double quotes a \\ starts a special character, and the one at column {column} is "
        "none; use single quotes ('…') or write \\\\",
    },
    "yaml_quote_trouble": {
        "vi": "`{text}`: giá trị trong dấu nháy {quote} mở ở dòng này không đọc được; kiểm tra dấu nháy đóng",
        "en": "`{text}`: the value in {quote} quotes opened on this line cannot be read; check its closing quote",
    },
    "yaml_unclosed_brace": {
        "vi": "`{text}`: dấu {{ mở ở dòng này chưa được đóng bằng }} trước dòng {problem_line}, hoặc thiếu dấu phẩy "
        "giữa hai mục",
        "en": "`{text}`: the {{ opened on this line is not closed with }} before line {problem_line}, or a "
        "comma is missing between two items",
    },
    "yaml_unclosed_bracket": {
        "vi": "`{text}`: dấu [ mở ở dòng này chưa được đóng bằng ] trước dòng {problem_line}, hoặc thiếu dấu phẩy "
        "giữa hai mục",
        "en": "`{text}`: the [ opened on this line is not closed with ] before line {problem_line}, or a "
        "comma is missing between two items",
    },
    "yaml_empty_in_brackets": {
        "vi": "`{text}`: thiếu một mục giữa hai dấu phẩy (hoặc thừa một dấu phẩy) ở cột {column}",
        "en": "`{text}`: an item is missing between two commas (or a comma is one too many) at column {column}",
    },
    "yaml_anchor_name": {
        "vi": "`{text}`: dấu & hoặc * ở đầu giá trị cần một tên ngay sau nó; nếu đây là chữ, đặt giá trị trong "
        "dấu nháy kép",
        "en": "`{text}`: a & or * at the start of a value needs a name right after it; if it is text, put the "
        "value in double quotes",
    },
    "yaml_tag_syntax": {
        "vi": "`{text}`: dấu ! ở đầu giá trị mở một thẻ YAML viết sai; nếu đây là chữ, đặt giá trị trong dấu nháy kép",
        "en": "`{text}`: a ! at the start of a value opens a YAML tag, here written wrong; if it is text, put the "
        "value in double quotes",
    },
    "yaml_directive": {
        "vi": "`{text}`: một dòng bắt đầu bằng % là chỉ thị YAML không được hỗ trợ; xóa dòng này",
        "en": "`{text}`: a line starting with % is a YAML directive that is not supported; remove the line",
    },
    "yaml_many_documents": {
        "vi": "tệp có hơn một tài liệu YAML (dấu --- ở dòng này bắt đầu tài liệu thứ hai); một kế hoạch là một "
        "tài liệu — xóa dấu --- và phần thừa sau nó",
        "en": "the file holds more than one YAML document (the --- on this line starts a second one); a plan is "
        "one document — remove the --- and what is left over after it",
    },
    "yaml_colon_in_value": {
        "vi": "`{text}`: có dấu hai chấm và dấu cách (': ') bên trong một giá trị, nên YAML hiểu đó là một khóa "
        "mới; đặt giá trị trong dấu nháy kép",
        "en": "`{text}`: a colon and a space (': ') inside a value make YAML read a new key; put the value in "
        "double quotes",
    },
    "yaml_list_item": {
        "vi": "`{text}`: dòng này ở giữa một danh sách nhưng không bắt đầu bằng '- ' như các mục khác, hoặc thụt "
        "lề khác các mục; mỗi mục một dòng bắt đầu bằng '- ', các mục thẳng hàng nhau",
        "en": "`{text}`: this line is inside a list but does not start with '- ' as the items do, or is indented "
        "differently; one item a line, each starting with '- ', all in line",
    },
    "yaml_line_out_of_place": {
        "vi": "`{text}`: dòng này không khớp với khối nào ở trên — thường do thụt lề sai, hoặc có chữ thừa sau "
        "một giá trị trong dấu nháy; các khóa cùng cấp phải thẳng hàng",
        "en": "`{text}`: this line fits no block above it — most often wrong indentation, or more text after a "
        "quoted value; keys of one level must line up",
    },
    "yaml_block_text": {
        "vi": "`{text}`: dấu > hoặc | ở dòng này mở một đoạn văn bản viết sai; nếu giá trị bắt đầu bằng > hoặc "
        "|, đặt nó trong dấu nháy kép",
        "en": "`{text}`: the > or | on this line opens a block of text, written wrong; if the value starts with "
        "> or |, put it in double quotes",
    },
    "yaml_control_character": {
        "vi": "có ký tự điều khiển {code} ở cột {column}; tệp kế hoạch là văn bản thường — xóa ký tự đó, hoặc "
        "lưu lại tệp dạng văn bản UTF-8",
        "en": "a control character {code} at column {column}; a plan is plain text — remove that character, or "
        "save the file again as UTF-8 text",
    },
    "yaml_unknown_problem": {
        "vi": "YAML không đọc được ở cột {column} của dòng này; kiểm tra dấu hai chấm, dấu nháy, dấu ngoặc và "
        "thụt lề quanh chỗ đó",
        "en": "YAML cannot be read at column {column} of this line ({detail}); check the colons, quotes, "
        "brackets and indentation around it",
    },
    "unknown_level": {
        "vi": "{setting_level} {level}: cần là unit hoặc parent",
        "en": "{setting_level} {level}: expected unit or parent",
    },
    "no_parents": {
        "vi": "{setting_level} parent: không đơn vị nào có đơn vị cấp trên (số liệu không có cột cấp trên, "
        "kế hoạch không có tệp hierarchy)",
        "en": "{setting_level} parent: no unit has a parent (no parent column in the data, no hierarchy file in the plan)",
    },
    "unknown_period": {
        "vi": "{setting_period} {period}: số liệu không có kỳ này; các kỳ có: {found}",
        "en": "{setting_period} {period}: the data has no such period; periods found: {found}",
    },
    "unknown_period_none": {
        "vi": "{setting_period} {period}: số liệu không có kỳ này; các kỳ có: không có (số liệu không có cột kỳ)",
        "en": "{setting_period} {period}: the data has no such period; periods found: none (the data has no period column)",
    },
    "unknown_period_plan": {
        "vi": "{setting_period} {period}: số liệu không có cột kỳ, nên được coi là số liệu kỳ {plan_period} của kế "
        "hoạch; không có kỳ {period}",
        "en": "{setting_period} {period}: the data has no period column, so it is taken to be the plan's period "
        "{plan_period}; there is no {period} in it",
    },
    "unknown_unit": {
        "vi": "{setting_unit} {unit}: không có đơn vị này trong số liệu (hoặc {setting_unit} total cho dòng tổng)",
        "en": "{setting_unit} {unit}: no such unit in the data (or {setting_unit} total for the total)",
    },
    "unknown_unit_close": {
        "vi": "{setting_unit} {unit}: không có đơn vị này trong số liệu; gần nhất: {closest} "
        "(hoặc {setting_unit} total cho dòng tổng)",
        "en": "{setting_unit} {unit}: no such unit in the data; closest: {closest} (or {setting_unit} total for the total)",
    },
    "filters_table_only": {
        "vi": "--matrix, -i, -g, -u và --status chỉ định dạng bảng in ra màn hình; JSON, CSV, Markdown và các "
        "tệp ghi ra luôn có mọi kết quả. Bỏ các tùy chọn này, hoặc bỏ -f / --output-dir",
        "en": "--matrix, -i, -g, -u and --status shape the table printed in the terminal; JSON, CSV, Markdown "
        "and the files written always hold every result. Leave them out, or leave out -f / --output-dir",
    },
    "unknown_status_filter": {
        "vi": "{setting_status} {status}: không phải kết quả nào; dùng đạt, gần-đạt, không-đạt, không-có-số-liệu "
        "(hoặc pass, near, fail, no_data), cách nhau bằng dấu phẩy",
        "en": "{setting_status} {status}: not a status; use pass, near, fail or no_data (or the Vietnamese "
        "đạt, gần-đạt, không-đạt, không-có-số-liệu), separated by commas",
    },
    "unknown_group": {
        "vi": "{setting_group} {group}: kế hoạch không có nhóm chỉ tiêu này; các nhóm: {groups}",
        "en": "{setting_group} {group}: the plan has no such group of indicators; its groups: {groups}",
    },
    "unknown_indicator": {
        "vi": "{setting_indicator} {indicator}: không có trong kế hoạch {plan}; các chỉ tiêu của kế hoạch: {ids}",
        "en": "{setting_indicator} {indicator}: not in plan {plan}; its indicators: {ids}",
    },
    "unknown_indicator_close": {
        "vi": "{setting_indicator} {indicator}: không có trong kế hoạch {plan}; có phải {closest}?",
        "en": "{setting_indicator} {indicator}: not in plan {plan}; did you mean {closest}?",
    },
    "not_a_size": {
        "vi": "{setting_max_size} {given}: không phải là một kích thước; hãy ghi ví dụ 500MB hoặc 2GB",
        "en": "{setting_max_size} {given}: not a size; write one such as 500MB or 2GB",
    },
    "size_not_positive": {
        "vi": "{setting_max_size} {given}: giới hạn phải lớn hơn 0 byte (ví dụ 500MB hoặc 2GB; mặc định 300MB)",
        "en": "{setting_max_size} {given}: the limit must be more than 0 bytes (e.g. 500MB or 2GB; the default is 300MB)",
    },
    "recorded_plan_not_found": {
        "vi": "{path}: tệp được lập cho kế hoạch {plan!r}, nhưng kế hoạch này không có sẵn và không nằm cạnh tệp; "
        "hãy chỉ ra bằng {setting_plan} KẾ_HOẠCH. Các kế hoạch có sẵn: {bundled} (xem `healthkpi plans`).",
        "en": "{path}: the workbook was made for plan {plan!r}, which is neither bundled nor next to the file; "
        "give it with {setting_plan} PLAN. Bundled plans: {bundled} (see `healthkpi plans`).",
    },
    "no_plan_found": {
        "vi": "{path}: chưa chỉ ra kế hoạch và không tìm thấy kế hoạch nào (tệp không ghi mã kế hoạch, không có "
        "healthkpi.yaml hay targets.yaml cạnh tệp hoặc trong thư mục hiện tại). Hãy chỉ ra bằng {setting_plan} "
        "KẾ_HOẠCH: một tệp YAML hoặc mã một kế hoạch có sẵn. Các kế hoạch có sẵn: {bundled} (xem `healthkpi plans`).",
        "en": "{path}: no plan given and none found (no plan recorded in the workbook, no healthkpi.yaml or "
        "targets.yaml next to it or in the current folder). Give one with {setting_plan} PLAN, a YAML file or a "
        "bundled plan id. Bundled plans: {bundled} (see `healthkpi plans`).",
    },
    "too_large": {
        "vi": "{path}: tệp có dung lượng {size}, vượt giới hạn {limit} — biểu của một huyện nhỏ hơn nhiều, nên tệp "
        "có thể bị hỏng hoặc là một 'bom nén'; nếu tệp đúng là như vậy, hãy nâng giới hạn bằng {setting_max_size} "
        "(ví dụ {setting_max_size} 2GB)",
        "en": "{path}: the workbook is {size}, more than the limit of {limit} — a district form is far smaller, so "
        "it is probably damaged or a compression bomb; if it is genuine, raise the limit with {setting_max_size} "
        "(for example {setting_max_size} 2GB)",
    },
    "expands_too_large": {
        "vi": "{path}: khi giải nén, tệp sẽ có dung lượng {size}, vượt giới hạn {limit} — biểu của một huyện nhỏ hơn "
        "nhiều, nên tệp có thể bị hỏng hoặc là một 'bom nén'; nếu tệp đúng là như vậy, hãy nâng giới hạn bằng "
        "{setting_max_size} (ví dụ {setting_max_size} 2GB)",
        "en": "{path}: the workbook would expand to {size}, more than the limit of {limit} — a district form is far "
        "smaller, so it is probably damaged or a compression bomb; if it is genuine, raise the limit with "
        "{setting_max_size} (for example {setting_max_size} 2GB)",
    },
    "no_variables": {
        "vi": "{path}: không trang tính nào có cột cho biến nào của kế hoạch {plan!r} (đã tìm trong các trang tính {sheets} "
        "các tiêu đề như {wanted}); đây có đúng kế hoạch và tệp không? Dùng {setting_sheet} để chỉ ra trang tính, hoặc "
        "thêm tên cột dùng trong tệp này vào aliases của biến trong kế hoạch",
        "en": "{path}: no sheet has a column for any variable of plan {plan!r} (looked in sheets {sheets} for headers "
        "such as {wanted}); is this the right plan and file? Use {setting_sheet} to name the sheet, or add the "
        "headers used in this file as aliases in the plan",
    },
    "no_variables_recorded": {
        "vi": "{path}: không trang tính nào có cột cho biến nào của kế hoạch {plan!r} (đã tìm trong các trang tính {sheets} "
        "các tiêu đề như {wanted}); tệp ghi rằng nó được lập cho kế hoạch {recorded!r}: chấm lại với -t {recorded}",
        "en": "{path}: no sheet has a column for any variable of plan {plan!r} (looked in sheets {sheets} for headers "
        "such as {wanted}); the workbook records that it was made for plan {recorded!r}: score it with -t {recorded}",
    },
    "and_more_sheets": {"vi": "{names} và {n} trang tính khác", "en": "{names} and {n} more"},
    "none_listed": {"vi": "không có", "en": "none"},
    "unit_candidate": {
        "vi": "{letter}{header} ({different} tên khác nhau trên {filled} trong {rows} dòng, ví dụ {sample})",
        "en": "{letter}{header} ({different} different on {filled} of {rows} rows, e.g. {sample})",
    },
    "header_row_beyond_sheet": {
        "vi": "{path}: trang tính {sheets} chỉ có {rows} dòng, không có dòng {row}; kiểm tra lại {setting_header_row}",
        "en": "{path}: sheet {sheets} has only {rows} rows, no row {row}; check {setting_header_row}",
    },
    "no_variables_in_row": {
        "vi": "{path}: dòng {row} của trang tính {sheets} không có tiêu đề cột nào của kế hoạch {plan!r} (tìm các tiêu đề như "
        "{wanted}); kiểm tra lại {setting_header_row}",
        "en": "{path}: row {row} of sheet {sheets} holds no column header of plan {plan!r} (headers such as {wanted}); "
        "check {setting_header_row}",
    },
    "plan_does_not_fit": {
        "vi": "{path}: chỉ có {found} trong {needed} biến mà các chỉ tiêu của kế hoạch {plan!r} cần — tệp này không "
        "thuộc kế hoạch đó. {suggestion} Chọn kế hoạch khác bằng {setting_plan}, hoặc dùng {setting_allow_partial} "
        "để chấm những gì có thể.",
        "en": "{path}: holds only {found} of the {needed} variables plan {plan!r} needs for its indicators — the file "
        "does not belong to that plan. {suggestion} Choose another plan with {setting_plan}, or use "
        "{setting_allow_partial} to score what can be scored.",
    },
    "plan_activities_do_not_fit": {
        "vi": "{path}: trang tính hoạt động chỉ có {found} trong {needed} hoạt động của kế hoạch {plan!r} — tệp này "
        "không thuộc kế hoạch đó. {suggestion} Chọn kế hoạch khác bằng {setting_plan}, hoặc dùng {setting_allow_partial} "
        "để chấm những gì có thể.",
        "en": "{path}: the activity sheet holds only {found} of the {needed} activities of plan {plan!r} — the file "
        "does not belong to that plan. {suggestion} Choose another plan with {setting_plan}, or use "
        "{setting_allow_partial} to score what can be scored.",
    },
    "better_plan_activities": {
        "vi": "Tệp khớp với kế hoạch {plan} hơn ({found}/{needed} hoạt động).",
        "en": "It fits plan {plan} better ({found} of its {needed} activities).",
    },
    "better_plan": {
        "vi": "Tệp khớp với kế hoạch {plan} hơn ({found}/{needed} biến).",
        "en": "It fits plan {plan} better ({found} of its {needed} variables).",
    },
    "no_better_plan": {
        "vi": "Không kế hoạch có sẵn nào (hay nằm cạnh tệp) khớp hơn.",
        "en": "No bundled plan (nor one beside the file) fits it better.",
    },
    "inputs_of_other_plans": {
        "vi": "các tệp số liệu thuộc những kế hoạch khác nhau nên không thể đọc chung một bảng theo kế hoạch {plan!r}: "
        "{groups}. Chấm từng nhóm với kế hoạch của nó ({setting_plan}), hoặc dùng --output-dir để chấm mỗi tệp theo "
        "kế hoạch riêng.",
        "en": "the inputs belong to different plans and cannot be read as one table for plan {plan!r}: {groups}. "
        "Score each group with its own plan ({setting_plan}), or use --output-dir to score each input with its own.",
    },
    "plan_group": {"vi": "{files} → {plan}", "en": "{files} → {plan}"},
    "nested_levels": {
        "vi": "{path}: trang tính {sheet!r}: dòng {row} ({unit}) bằng tổng của {count} dòng ngay dưới nó ({first} … {last}): "
        "trang tính liệt kê đơn vị ở nhiều cấp, nên cộng tất cả sẽ tính mỗi đơn vị nhiều lần. Lọc ra một cấp (một trang tính hoặc "
        "tệp chỉ gồm các đơn vị cùng cấp) rồi chấm lại.",
        "en": "{path}: sheet {sheet!r}: row {row} ({unit}) is the sum of the {count} rows right below it ({first} … "
        "{last}): the sheet lists units at several levels, and a total of them all would count each unit more than "
        "once. Keep one level (a sheet or file of units of one level) and score that.",
    },
    "same_data_twice": {
        "vi": "{first} và {second} có cùng các đơn vị với cùng tổng số: cùng một số liệu hai lần (một trang tính "
        "chép thành 'Biểu 02 (2)', hay một bảng xếp theo hai cách), đọc chung một bảng sẽ tính mỗi đơn vị hai lần. "
        "Chỉ ra trang tính hoặc tệp cần đọc ({setting_sheet}).",
        "en": "{first} and {second} hold the same units adding up to the same figures: the same data twice (a sheet "
        "copied as 'Biểu 02 (2)', or one table grouped two ways), and read as one table every unit would count "
        "twice. Name the sheet or file to read ({setting_sheet}).",
    },
    "same_whole_twice": {
        "vi": "{first} và {second} có cùng tổng số: đó là cùng một tổng thể ở hai cấp (ví dụ bệnh viện và vùng, xã và "
        "huyện), đọc chung một bảng sẽ tính mỗi đơn vị hai lần. Chỉ ra trang tính hoặc tệp cần đọc ({setting_sheet}).",
        "en": "{first} and {second} add up to the same figures: they are one whole at two levels (hospitals and "
        "regions, communes and districts), and read as one table every unit would count twice. Name the sheet or "
        "file to read ({setting_sheet}).",
    },
    "inputs_of_several_plans": {
        "vi": "các tệp số liệu được lập cho những kế hoạch khác nhau, nên không đọc chung một bảng được: {groups}. "
        "Chấm từng nhóm riêng (có thể với {setting_plan}), hoặc dùng --output-dir để chấm mỗi tệp theo kế hoạch của nó.",
        "en": "the inputs were made for different plans and cannot be read as one table: {groups}. Score each group "
        "on its own (with {setting_plan} if needed), or use --output-dir to score each input with its own plan.",
    },
    "plan_group_none": {
        "vi": "{files} → không kế hoạch có sẵn nào khớp",
        "en": "{files} → no bundled plan fits",
    },
    "no_such_column": {
        "vi": "{path}: trang tính {sheet!r} không có cột {hint!r} (cột {role} được chỉ ra); các cột: {headers}",
        "en": "{path}: sheet {sheet!r} has no column {hint!r} (asked for as the {role} column); its columns are: "
        "{headers}",
    },
    "role_unit": {"vi": "đơn vị", "en": "unit"},
    "role_parent": {"vi": "đơn vị cấp trên", "en": "parent"},
    "role_period": {"vi": "kỳ báo cáo", "en": "period"},
    "unit_column_unclear": {
        "vi": "{path}: trang tính {sheet!r}: không tiêu đề nào cho biết cột tên đơn vị, và không cột chữ nào rõ ràng là tên "
        "đơn vị (các cột ứng viên: {candidates}). Chỉ ra cột đơn vị bằng {setting_unit_column} (tiêu đề hoặc chữ cái "
        "của cột).",
        "en": "{path}: sheet {sheet!r}: no header names the unit column, and no text column is clearly the units "
        "(candidates: {candidates}). Name the unit column with {setting_unit_column} (its header or its letter).",
    },
    "unit_column_repeats": {
        "vi": "{path}: trang tính {sheet!r}: cột {column} {header!r} lặp lại tên — {name!r} có mặt ở {count} trên {rows} "
        "dòng, nên đây không thể là cột đơn vị. Chỉ ra cột đơn vị bằng {setting_unit_column} (tiêu đề hoặc chữ cái "
        "của cột).",
        "en": "{path}: sheet {sheet!r}: column {column} {header!r} repeats its values — {name!r} is on {count} of "
        "{rows} rows, so it cannot be the column of units. Name the unit column with {setting_unit_column} (its "
        "header or its letter).",
    },
}


for _part in (READ_ERRORS, PLAN_ERRORS, CLI_ERRORS):
    assert not set(_part) & set(ERRORS), set(_part) & set(ERRORS)  # one key, one sentence
    ERRORS.update(_part)


@dataclass(frozen=True)
class Phrase:
    """A piece of a message said in the message's own language (a list with "and 3 more")."""

    key: str
    facts: tuple[tuple[str, Any], ...] = ()


def error_message(key: str, lang: str, facts: Mapping[str, Any]) -> str:
    """An error's sentence in `lang`; facts that are Phrases are said in the same language, with the
    words for the settings (`setting_max_size`: "--max-size") handed down to them."""
    settings = {name: value for name, value in facts.items() if name.startswith("setting_")}
    said = _Facts({name: _said(value, lang, settings) for name, value in facts.items()})
    return ERRORS[key][_lang(lang)].format_map(said)


class _Facts(dict[str, Any]):
    """A fact not (yet) given shows as its name, rather than breaking the message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _said(value: Any, lang: str, settings: Mapping[str, Any] | None = None) -> Any:
    """Phrases in the message's language; a list of them joined with "; ", a tuple one a line."""
    if isinstance(value, Phrase):
        return error_message(value.key, lang, {**(settings or {}), **dict(value.facts)})
    if isinstance(value, Sentence):
        return value.say(lang)
    if isinstance(value, Size):
        return value.say(lang)
    if isinstance(value, Listing):
        return ", ".join(str(_said(v, lang, settings)) for v in value)
    if isinstance(value, list | tuple) and value and any(isinstance(v, Phrase | Sentence) for v in value):
        return ("; " if isinstance(value, list) else "\n").join(str(_said(v, lang, settings)) for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and lang != "en":
        return _Count(value)
    return value


class _Count(int):
    """A whole number in a Vietnamese sentence: `{n:,}` groups thousands with "." (1.024 MB)."""

    def __format__(self, spec: str) -> str:
        text = format(int(self), spec)
        return text.replace(",", ".") if "," in spec else text


class Size(float):
    """A size in bytes, said with the reader's decimal mark: "1,5 MB" in Vietnamese, "1.5 MB" in English."""

    def say(self, lang: str) -> str:
        size, units = float(self), ("byte" if _lang(lang) == "vi" else "bytes", "KB", "MB", "GB", "TB")
        for unit in units:
            if size < 1024 or unit == units[-1]:
                return f"{format_number(size, 0 if unit == units[0] else 1, _lang(lang))} {unit}"
            size /= 1024
        raise AssertionError("unreachable")  # pragma: no cover

    def __str__(self) -> str:
        return self.say("en")


class Listing(tuple[Any, ...]):
    """Items of a message (places, names) joined with ", ", each said in the message's language."""


class Sentence(str):
    """A sentence from the catalogue that is also its English text: kept where a plain string is
    expected (JSON, a note carried across processes), said in the reader's language by `say`."""

    key: str
    facts: dict[str, Any]

    def __new__(cls, key: str, **facts: Any) -> Sentence:
        made = super().__new__(cls, error_message(key, "en", facts))
        made.key = key
        made.facts = facts
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (_sentence, (self.key, self.facts))

    def say(self, lang: str) -> str:
        return error_message(self.key, lang, self.facts)


def _sentence(key: str, facts: dict[str, Any]) -> Sentence:
    return Sentence(key, **facts)


def say(text: str, lang: str) -> str:
    """`text` in `lang` if it is a Sentence; as it is otherwise."""
    return text.say(lang) if isinstance(text, Sentence) else text


_SOURCES = {"vi": ("biểu mẫu", "kế hoạch"), "en": ("template", "plan")}  # who listed a missing unit
_MISSING_UNITS = {
    "vi": " ({n} đơn vị thiếu số liệu)",
    "en": " ({n} units have no value)",
    "en_one": " (1 unit has no value)",
}


def issue_message(issue: _Issue, lang: str) -> str:
    if issue.template in BULK_TEMPLATES:
        return batch_messages(_one_row(issue), lang)[0]
    template = ISSUES[issue.template or str(issue.code)][_lang(lang)]
    facts: dict[str, Any] = {
        "where": issue.where or "",
        "unit": issue.unit or "",
        "variable": issue.variable or "",
        "period": issue.period or "",
        "in_period": (f" (kỳ {issue.period})" if lang != "en" else f" ({issue.period})") if issue.period else "",
        **issue.facts,
    }
    decimals = facts.get("decimals")
    for key, value in list(facts.items()):
        if isinstance(value, dict) and value.keys() == {"vi", "en"}:  # a fact said in each language
            facts[key] = value[_lang(lang)]
        elif isinstance(value, float) and key != "decimals":
            places = decimals if isinstance(decimals, int) and key in ("value", "median", "mean") else _decimals(value)
            facts[key] = format_number(value, places, lang)
    if issue.code == "total_mismatch":
        missing = issue.facts.get("missing", 0)
        said = "en_one" if missing == 1 and _lang(lang) == "en" else _lang(lang)
        facts["missing_note"] = _MISSING_UNITS[said].format(n=missing) if missing else ""
        if facts.get("count") == 1 and _lang(lang) == "en":  # "its 1 unit adds up", not "1 units add up"
            template = (
                template.replace("{count} units add up", "{count} unit adds up")
                .replace("{count} units above it add up", "{count} unit above it adds up")
                .replace("{count} units below it add up", "{count} unit below it adds up")
            )
    if issue.code == "missing_unit":
        facts["source"] = _SOURCES[_lang(lang)][facts.get("source") == "plan"]
    text = template.format(**facts)
    return trimmed(text, facts["where"])


def trimmed(text: str, where: str) -> str:
    """A sentence without what an empty place left in it: ": " at its start (no cell to name) and
    spaces at its ends. A cell's address it begins with is kept as written: a sheet may be named
    " S", and the message then begins as its `where` does."""
    if where and text.startswith(where):
        return text.rstrip()
    return text.removeprefix(": ").strip()


# --- sentences for many issues at once ------------------------------------------------------

BULK_TEMPLATES = frozenset({"over_time_chance", "over_time_from_zero", "over_time_change"})


class _Batch(Protocol):
    """What sentences for a batch of issues need (base.issues.IssueBatch has it)."""

    @property
    def template(self) -> str: ...
    @property
    def where(self) -> Sequence[str | None]: ...
    @property
    def unit(self) -> Sequence[str | None]: ...
    @property
    def period(self) -> Sequence[str | None]: ...
    @property
    def facts(self) -> Mapping[str, Any]: ...
    def __len__(self) -> int: ...


@dataclass(frozen=True)
class Sentences:
    """The sentences of a batch of issues, as pieces put one after another: a text that is the same
    in every sentence (the template's words, a fact said once for all), or a column of one text per
    sentence. Joined into texts (`texts`), or written straight into JSON lines (render/jsonlines.py)."""

    pieces: list[str | list[str]]
    count: int

    def texts(self) -> list[str]:
        n = self.count
        if not self.pieces:
            return [""] * n
        columns = [piece if isinstance(piece, list) else [piece] * n for piece in self.pieces]
        return list(map("".join, zip(*columns, strict=True)))


def batch_messages(batch: _Batch, lang: str) -> list[str]:
    """The sentence of every issue of a batch (`batch_sentences` joined)."""
    return batch_sentences(batch, lang).texts()


def batch_sentences(batch: _Batch, lang: str) -> Sentences:
    """The sentences of a batch, built column by column: each fact is formatted for all issues at
    once (a number column, a list of periods said once per distinct list), and kept with the
    template's words as pieces. A hundred thousand issues take a fraction of a second. `where` and
    `unit` are the batch's own lists where they hold no None, so that a writer that puts them in a
    line too (render/jsondoc.py) encodes them once."""
    lang = _lang(lang)
    template = ISSUES[batch.template][lang]
    n = len(batch)
    columns: dict[str, Any] = {
        "where": _texts_of(batch.where),
        "unit": _texts_of(batch.unit),
        "period": _texts_of(batch.period),
    }
    for fact, value in batch.facts.items():
        columns.update(_fact_columns(fact, value, n, lang))
    pieces: list[str | list[str]] = []
    for literal, field, spec, conversion in _parsed(template):
        if literal:
            pieces.append(literal)
        if field is not None:
            column = columns[field]
            if conversion == "r" or spec:
                each = column if isinstance(column, list) else [column]
                said = [format(repr(v) if conversion == "r" else v, spec or "") for v in each]
                column = said if isinstance(column, list) else said[0]
            pieces.append(column)
    sentences = Sentences(pieces, n)
    if not _may_need_trimming(pieces, n):
        return sentences
    texts = sentences.texts()
    wheres = columns["where"]
    return Sentences([list(map(trimmed, texts, wheres))], n)


def _texts_of(values: Sequence[str | None]) -> list[str]:
    """`values` with "" for None: the very list where it holds no None."""
    if isinstance(values, list) and None not in values:
        return values  # no None in it: a list of texts
    return [v or "" for v in values]


def _may_need_trimming(pieces: list[str | list[str]], n: int) -> bool:
    """Whether a sentence can begin with ": " (its place left empty) or end with a space: only
    when its first piece can be empty or start so, or its last can be empty or end with a space."""
    if not pieces or not n:
        return False
    first, last = (piece if isinstance(piece, list) else [piece] for piece in (pieces[0], pieces[-1]))
    # by searching the pieces joined, not text by text (a line break within a text can only
    # make it say "may", which is safe: the trimming itself looks at each sentence)
    try:
        starts, ends = "\n" + "\n".join(first) + "\n", "\n" + "\n".join(last) + "\n"
    except TypeError:  # a piece that is not text yet: look at every sentence
        return True
    return "\n\n" in starts or "\n: " in starts or "\n " in starts or "\n\n" in ends or " \n" in ends


def _parsed(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return list(string.Formatter().parse(template))


def _fact_columns(name: str, value: Any, n: int, lang: str) -> dict[str, Any]:
    """A fact as the text (one for all, or a list of one per issue) its placeholders show."""
    import numpy as np

    if name == "history":  # the earlier periods compared with: "2020" / "the mean of 2019, 2020 and 2021"
        said = {h: (_basis(h, lang), _periods(h, lang)) for h in dict.fromkeys(_as_list(value, n))}
        rows = _as_list(value, n)
        return {"basis": [said[h][0] for h in rows], "periods": [said[h][1] for h in rows]}
    if name == "p":
        return {"p": _p_values(np.broadcast_to(np.asarray(value, dtype=float), (n,)), lang)}
    if name == "change":
        return {"change": format_number(float(value) * 100, _decimals(float(value) * 100), lang) + "%"}
    if name in ("value", "reference", "ratio"):
        return {name: _numbers(np.broadcast_to(np.asarray(value, dtype=float), (n,)), lang)}
    return {name: [str(v) for v in value] if isinstance(value, np.ndarray | list) else str(value)}


def _as_list(value: Any, n: int) -> list[Any]:
    import numpy as np

    return list(value) if isinstance(value, np.ndarray | list) else [value] * n


def _numbers(values: np.ndarray, lang: str) -> list[str]:
    """As many decimals as a number has, up to 2; thousands separated; "" where missing: `_number` of
    each value. Done by what is written, each distinct text once: a column of 400,000 ratios holds a
    few thousand distinct hundredths. A value is taken to its hundredths by NumPy only where that
    cannot round otherwise than `format` does (not within rounding of a half); the others one by one."""
    import numpy as np

    out = np.full(len(values), "", dtype=object)
    finite = np.isfinite(values)
    ordinary = finite & (np.abs(values) < 1e9)
    whole = ordinary & (values == np.round(values))
    tenths = ordinary & ~whole & (values * 10 == np.round(values * 10))
    scaled = values * 100
    with np.errstate(invalid="ignore"):  # infinities: not finite, written as ""
        halfway = np.abs(np.abs(scaled - np.trunc(scaled)) - 0.5) <= 1e-6 + np.abs(scaled) * 1e-15
    hundredths = ordinary & ~whole & ~tenths & ~halfway & (np.abs(values) >= 0.005)  # no "-0.00" here
    alone = finite & ~whole & ~tenths & ~hundredths
    small = whole & (np.abs(values) < 1000)  # counts of a commune's events: no separator, looked up at once
    out[small] = _small_whole_numbers()[values[small].astype(np.int64) + 999]
    whole &= ~small
    local = functools.partial(_all_localised, lang=lang)
    _write(out, whole, values[whole], functools.partial(_whole_numbers, lang=lang))
    tenth = functools.partial(_said_once, "tenths", lang, lambda ks: local([f"{k / 10:,.1f}" for k in ks]))
    _write(out, tenths, values[tenths] * 10, tenth)
    hundredth = functools.partial(_said_once, "hundredths", lang, lambda cs: local([f"{c / 100:,.2f}" for c in cs]))
    _write(out, hundredths, np.round(scaled[hundredths]), hundredth)
    _write(out, alone, values[alone], lambda vs: [_number(v, lang) for v in vs])
    return out.tolist()


@functools.cache
def _small_whole_numbers() -> np.ndarray:
    """The texts of -999 … 999, at index n + 999 (the same in both languages: no separator)."""
    import numpy as np

    return np.array([str(n) for n in range(-999, 1000)], dtype=object)


_SAID: dict[tuple[str, str], dict[float, str]] = {}


def _whole_numbers(values: list[float], lang: str) -> list[str]:
    """The texts of whole numbers (1,000 and over)."""
    return _said_once("whole", lang, lambda new: _all_localised([f"{int(v):,}" for v in new], lang), values)


def _said_once(kind: str, lang: str, say: Callable[[list[float]], list[str]], keys: list[float]) -> list[str]:
    """The texts of `keys` (whole numbers, or tenths or hundredths counted as whole numbers), each said
    by `say` once and kept for the next batch: the chunks of a noisy national run say the same few
    thousand counts, means and ratios again and again (0.1 s saved of 0.4 s for the counts alone)."""
    said = _SAID.setdefault((kind, lang), {})
    if len(said) > 1 << 17:  # a long batch of runs: kept within bounds
        said.clear()
    new = [k for k in keys if k not in said]
    if new:
        said.update(zip(new, say(new), strict=True))
    return [said[k] for k in keys]


def _write(out: np.ndarray, where: np.ndarray, keys: np.ndarray, said: Callable[[list[float]], list[str]]) -> None:
    """out[where] = the text of each key: `said` is given the distinct keys, once each."""
    import numpy as np

    if where.any():
        distinct, position = np.unique(keys, return_inverse=True)
        out[where] = np.array(said(distinct.tolist()), dtype=object)[position.reshape(-1)]


def _localised(text: str, lang: str) -> str:
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "vi" else text


def _all_localised(texts: list[str], lang: str) -> list[str]:
    """`_localised` of many numbers at once (they hold no line break to part them by)."""
    if lang != "vi" or not texts:
        return texts
    return _localised("\n".join(texts), lang).split("\n")


def _number(v: float, lang: str) -> str:
    if not math.isfinite(v):
        return ""
    if v == round(v) and abs(v) < 2**53:
        text = f"{int(v):,}"
    else:
        text = f"{v:,.1f}" if v * 10 == round(v * 10) else f"{v:,.2f}"
    return _localised(text, lang)


def _p_values(values: np.ndarray, lang: str) -> list[str]:
    """Two significant digits ("0.0034"), or "< 0.0001"; each distinct value written once."""
    import numpy as np

    out = np.full(len(values), "", dtype=object)
    below = np.isfinite(values) & (values < 0.0001)  # most of what is flagged: one text for them all
    out[below] = _p_value(0.0, lang)
    _write(out, ~below, values[~below], lambda vs: [_p_value(v, lang) for v in vs])
    return out.tolist()


def _p_value(v: float, lang: str) -> str:
    if not math.isfinite(v):
        return ""
    if v < 0.0001:
        text = "dưới 0.0001" if lang == "vi" else "below 0.0001"
    else:
        text = f"{v:.{max(2, 1 - math.floor(math.log10(v)))}f}"
    return text.replace(".", ",") if lang == "vi" else text


def _basis(history: tuple[str, ...], lang: str) -> str:
    if len(history) == 1:
        return f"kỳ {history[0]}" if lang == "vi" else history[0]
    return ("trung bình các kỳ " if lang == "vi" else "the mean of ") + _listed(history, lang)


def _periods(history: tuple[str, ...], lang: str) -> str:
    if len(history) == 1:
        return f"kỳ {history[0]}" if lang == "vi" else history[0]
    return ("các kỳ " if lang == "vi" else "") + _listed(history, lang)


def _listed(items: tuple[str, ...], lang: str) -> str:
    return ", ".join(items[:-1]) + (" và " if lang == "vi" else " and ") + items[-1]


def _one_row(issue: _Issue) -> _Batch:
    """One issue as a batch of one, so that it reads exactly as it does among many."""
    return _OneRow(issue)


@dataclass(frozen=True)
class _OneRow:
    issue: _Issue

    @property
    def template(self) -> str:
        return self.issue.template or str(self.issue.code)

    @property
    def where(self) -> Sequence[str | None]:
        return [self.issue.where]

    @property
    def unit(self) -> Sequence[str | None]:
        return [self.issue.unit]

    @property
    def period(self) -> Sequence[str | None]:
        return [self.issue.period]

    @property
    def facts(self) -> Mapping[str, Any]:
        return self.issue.facts  # one value each: said as the value for all rows of a batch is

    def __len__(self) -> int:
        return 1


def note_text(note: _Note, lang: str) -> str:
    facts = dict(note.facts)
    if "variables" in facts:
        facts["variables"] = ", ".join(facts["variables"])
    return NOTES[note.key][_lang(lang)].format(**facts)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "vi"


def _decimals(value: float) -> int:
    """As many decimals as the number has, up to 2 (counts show none)."""
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    return min(2, len(text.split(".")[1].rstrip("0")))


# --- words on screens and in files ---------------------------------------------

UI: dict[str, dict[str, str]] = {
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "target_row": {"vi": "Chỉ tiêu", "en": "Target"},
    "met": {"vi": "Đạt", "en": "Met"},
    "target_col": {"vi": "Mục tiêu", "en": "Target"},
    "written": {"vi": "Đã ghi {path}", "en": "Wrote {path}"},
    "interrupted": {"vi": "đã dừng giữa chừng; không tệp nào được ghi", "en": "interrupted; no output was written"},
    "internal_error": {
        "vi": "lỗi nội bộ — đây là lỗi của healthkpi, không phải của các tệp của bạn; xin báo lỗi kèm thông báo ở trên",
        "en": "internal error — this is a bug in healthkpi, not a problem with your files; please report it "
        "with the message above",
    },
    "nothing_shown": {"vi": "Không có ô nào khớp bộ lọc.", "en": "No cell matches the filters."},
    "furthest": {"vi": "Xa mục tiêu nhất", "en": "Furthest off"},
    "view_hint": {
        "vi": "Bảng đầy đủ đơn vị × chỉ tiêu: --matrix; lọc: -i CHỈ_TIÊU, -u ĐƠN_VỊ, --group NHÓM, --status không-đạt",
        "en": "The full units × indicators grid: --matrix; filters: -i INDICATOR, -u UNIT, --group GROUP, --status fail",
    },
    "plan": {"vi": "Kế hoạch", "en": "Plan"},
    "data": {"vi": "Số liệu", "en": "Data"},
    "sheet": {"vi": "trang tính", "en": "sheet"},
    "units": {"vi": "đơn vị", "en": "units"},
    "input_line": {"vi": "Số liệu: {path} (trang tính {sheet}{count})", "en": "Data: {path} (sheet {sheet}{count})"},
    "input_units": {"vi": ", {n} đơn vị", "en": ", {n} units"},
    "input_activities": {"vi": ", {n} hoạt động", "en": ", {n} activities"},
    "activities_count": {"vi": "{n} hoạt động", "en": "{n} activities"},
    "period": {"vi": "Kỳ", "en": "Period"},
    "pass": {"vi": "Đạt", "en": "Met"},
    "near": {"vi": "Gần đạt", "en": "Near"},
    "fail": {"vi": "Không đạt", "en": "Missed"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "results": {"vi": "kết quả", "en": "results"},
    "total_met": {
        "vi": "{label}: đạt {met}/{n} chỉ tiêu",
        "en": "{label}: {met} of {n} targets met",
    },
    "issues": {"vi": "Vấn đề về số liệu", "en": "Data issues"},
    # The data-quality report card (quality/reportcard.py): per check and indicator, the units flagged.
    "quality_card": {
        "vi": "Theo loại kiểm tra và chỉ tiêu: số đơn vị có vấn đề",
        "en": "By check and indicator: units flagged",
    },
    "card_check": {"vi": "Kiểm tra", "en": "Check"},
    "card_units": {"vi": "Số đơn vị có vấn đề", "en": "Units flagged"},
    "card_share": {"vi": "Tỷ lệ đơn vị", "en": "Share of units"},
    "card_issues": {"vi": "Số vấn đề", "en": "Issues"},
    # a line about no one indicator: a unit's row (a duplicate), the form (a subtotal, a skipped sheet)
    "card_no_indicator": {"vi": "(không riêng chỉ tiêu nào)", "en": "(no one indicator)"},
    "card_line": {
        "vi": "{units}/{of} đơn vị ({share}%); số vấn đề: {issues}",
        "en": "{units} of {of} units ({share}%); issues: {issues}",
    },
    # a line about the workbook's total or subtotal rows, which are no unit of the data
    "card_rows": {
        "vi": "dòng tổng cộng, không phải đơn vị; số vấn đề: {issues}",
        "en": "total rows, no unit; issues: {issues}",
    },
    # a line whose issues name no unit: a column missing from the sheet, a period
    "card_no_unit": {
        "vi": "không gắn với đơn vị nào; số vấn đề: {issues}",
        "en": "about no unit; issues: {issues}",
    },
    "card_more": {
        "vi": "… và {n} dòng khác (--all-issues để xem hết)",
        "en": "… and {n} more lines (--all-issues lists them all)",
    },
    "issues_more": {
        "vi": "… và {n} vấn đề khác (--all-issues để xem hết, hoặc --format json, -o scorecard.xlsx)",
        "en": "… and {n} more (--all-issues lists them all; so do --format json and -o scorecard.xlsx)",
    },
    "more_activities": {
        "vi": "… và {n} hoạt động khác (--all-issues để xem hết)",
        "en": "… and {n} more (--all-issues lists them all)",
    },
    "strict_blocked_first": {
        "vi": "--strict: {n} vấn đề về số liệu, vấn đề đầu tiên: {first}",
        "en": "--strict: {n} data issue(s), first: {first}",
    },
    "strict_blocked": {
        "vi": "--strict: {n} vấn đề về số liệu; không chấm điểm:",
        "en": "--strict: {n} data issue(s); nothing was scored:",
    },
    "and_more": {
        "vi": "… và {n} vấn đề khác (--all-issues để xem hết)",
        "en": "… and {n} more (--all-issues lists them all)",
    },
    "batch_interrupted": {
        "vi": "đã dừng (bị ngắt); {written}/{n} bảng điểm đã được ghi đầy đủ (có tên tệp ở bảng trên), "
        "các đầu vào còn lại không được ghi",
        "en": "interrupted; {written} of {n} scorecards were written in full (named in the table above), "
        "none of the other inputs",
    },
    "reports_interrupted": {
        "vi": "đã dừng (bị ngắt); {written}/{n} báo cáo đã được ghi đầy đủ (các dòng ở trên), "
        "các đầu vào còn lại không được ghi",
        "en": "interrupted; {written} of {n} reports were written in full (the lines above), none of the other inputs",
    },
    "rows_not_listed": {
        "vi": "… và {n} dòng nữa không có trong trang tính này (Excel chỉ có 1.048.576 dòng); "
        "đầy đủ trong --format json hoặc -o bang-diem.json",
        "en": "… and {n} more rows that do not fit on this sheet (Excel has 1,048,576 rows); "
        "all of them are in --format json or -o scorecard.json",
    },
    "not_written_stopped": {"vi": "đã dừng", "en": "stopped"},
    "error": {"vi": "lỗi", "en": "error"},
    "warning": {"vi": "cảnh báo", "en": "warning"},
    "info": {"vi": "thông tin", "en": "info"},
    "notes": {"vi": "Ghi chú", "en": "Notes"},
    "covered": {
        "vi": "{covered}/{total} đơn vị có đủ số liệu",
        "en": "{covered} of {total} units have all figures",
    },
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "formula": {"vi": "Cách tính", "en": "Formula"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "near_band": {"vi": "Gần đạt", "en": "Near band"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "variables": {"vi": "Biến số liệu", "en": "Variables"},
    "label": {"vi": "Tên", "en": "Label"},
    "aliases": {"vi": "Tên cột khác", "en": "Other headers"},
    "checks": {"vi": "Kiểm tra nhất quán", "en": "Consistency checks"},
    "constants": {"vi": "Hằng số", "en": "Constants"},
    "issuer": {"vi": "Cơ quan ban hành", "en": "Issuer"},
    "document": {"vi": "Văn bản", "en": "Document"},
    "level": {"vi": "Cấp", "en": "Level"},
    "id": {"vi": "Mã", "en": "Id"},
    "title": {"vi": "Tên kế hoạch", "en": "Title"},
    "count": {"vi": "Số chỉ tiêu", "en": "Indicators"},
    "bundled_plan_path": {
        "vi": "{name} (kế hoạch có sẵn trong healthkpi {version})",
        "en": "{name} (bundled with healthkpi {version})",
    },
    "level_province": {"vi": "tỉnh", "en": "province"},
    "level_district": {"vi": "huyện", "en": "district"},
    "level_commune": {"vi": "xã", "en": "commune"},
    "on_track": {
        "vi": "lộ trình đến {by} (gốc {baseline})",
        "en": "on track to {by} (baseline {baseline})",
    },
    "by": {"vi": "đến {by}", "en": "by {by}"},
    "vs": {"vi": "so với {vs}", "en": "vs {vs}"},
    "change": {"vi": "thay đổi", "en": "change"},
    "change_pct": {"vi": "thay đổi %", "en": "% change"},
    "change_pct_per_year": {"vi": "thay đổi %/năm", "en": "% change a year"},
    "activities": {"vi": "Hoạt động trọng tâm", "en": "Focus activities"},
    "group": {"vi": "Nhóm", "en": "Group"},
    "done": {"vi": "Hoàn thành", "en": "Done"},
    "in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
    "not_started": {"vi": "Chưa thực hiện", "en": "Not started"},
    "completion": {"vi": "Tỷ lệ hoàn thành", "en": "Completion"},
    "overall": {"vi": "Chung", "en": "Overall"},
    "not_done": {"vi": "Chưa hoàn thành", "en": "Not done"},
    "completeness": {"vi": "Độ đầy đủ", "en": "Completeness"},
    "cells_reported": {
        "vi": "({reported} trên {expected} ô số liệu cần có)",
        "en": "({reported} of {expected} expected cells reported)",
    },
    "least_complete": {"vi": "Đơn vị thiếu số liệu nhiều nhất", "en": "Least complete units"},
    "no_issues": {"vi": "Không phát hiện vấn đề về số liệu.", "en": "No data issues found."},
    "own_target_note": {
        "vi": "mục tiêu riêng của đơn vị (điều chỉnh trong kế hoạch hoặc phụ lục giao chỉ tiêu), không phải "
        "mục tiêu chung; nguồn của nó: explain, hoặc cột nguồn mục tiêu trong Excel",
        "en": "the unit's own target (a plan override or the annex of assigned targets), not the plan's; "
        "where it comes from: explain, or the target source column in Excel",
    },
    "year_to_date": {"vi": "lũy kế", "en": "year to date"},
    "accumulate_year": {
        "vi": "lũy kế từ đầu năm, so với đường giám sát (× số tháng / 12)",
        "en": "year to date, against the monitoring line (× months / 12)",
    },
    "accumulate_quarter": {
        "vi": "lũy kế từ đầu quý, so với đường giám sát (× số tháng / 3)",
        "en": "quarter to date, against the monitoring line (× months / 3)",
    },
    "monitoring_note": {
        "vi": "lũy kế: tử số cộng dồn từ đầu năm đến kỳ này trên mẫu số của cả năm, so với đường giám sát "
        "(mục tiêu × số tháng đã qua / 12; cả mục tiêu vào cuối năm)",
        "en": "year to date: the numerator summed from the start of the year to this period over the year's "
        "denominator, compared with the monitoring line (the target × months elapsed / 12; the whole target at year end)",
    },
    "line_note": {
        "vi": "so với lộ trình của chính đơn vị (từ giá trị năm gốc đến mục tiêu), không phải mục tiêu cuối kỳ",
        "en": "compared with the unit's own on-track line (from its baseline value to the target), not the final target",
    },
    "line_where": {
        "vi": "giá trị lộ trình từng đơn vị: -f json (trường line), chú thích ô trong Excel, báo cáo HTML, explain",
        "en": "each unit's line: -f json (line), the Excel cell comments, the HTML report, explain",
    },
    "flag_note": {
        "vi": "tính từ số liệu có vấn đề (cảnh báo hoặc lỗi; xem danh sách vấn đề); ở dòng tổng: gồm đơn vị như vậy, "
        "hoặc khác dòng tổng của biểu",
        "en": "computed from data with issues (warnings or errors; see the data issues); on a total: it includes such units, "
        "or the form's own total row says otherwise",
    },
    "on_flagged": {"vi": "{n} kết quả tính từ số liệu có vấn đề", "en": "{n} on flagged data"},
    "compared_line": {"vi": "so với lộ trình: {line}", "en": "compared with its line: {line}"},
    "compared_total": {
        "vi": "tổng so với mục tiêu chung: {target}",
        "en": "the total against its own target: {target}",
    },
    "doubt": {"vi": "cần xem lại", "en": "check this"},
    "doubt_percent_per_1": {
        "vi": 'chỉ tiêu {indicator}: đơn vị "%" nhưng không có per: 100, nên giá trị là tỷ số (0,96), không phải '
        "phần trăm (96); nếu là phần trăm, thêm per: 100",
        "en": 'indicator {indicator}: its unit is "%" but it has no per: 100, so its values are ratios (0.96), not '
        "percentages (96); if they are percentages, add per: 100",
    },
    "doubt_share_target": {
        "vi": "chỉ tiêu {indicator}: mục tiêu {target} trên một tỷ lệ phần trăm (per: 100) là {target}%; nếu ý là "
        "{percent}%, viết mục tiêu là {percent}",
        "en": "indicator {indicator}: the target {target} on a percentage (per: 100) means {target}%; if {percent}% "
        "is meant, write the target as {percent}",
    },
    "partial_total_note": {
        "vi": "tổng chỉ cộng các đơn vị có số liệu: thiếu một số đơn vị (xem độ đầy đủ)",
        "en": "a total over only the units with data: some units are missing (see completeness)",
    },
    "units_covered_of": {
        "vi": "tổng chỉ gồm {covered}/{total} đơn vị: các đơn vị khác không có số liệu",
        "en": "a total over {covered} of {total} units: the others have no value",
    },
    "total_row_disagrees": {
        "vi": "dòng tổng của biểu ghi khác tổng cộng các đơn vị (total_mismatch; xem danh sách vấn đề)",
        "en": "the form's own total row says otherwise (total_mismatch; see the data issues)",
    },
    "flagged_units": {
        "vi": "đơn vị có số liệu cần xem lại trong tổng: {n}",
        "en": "units in it whose data have issues: {n}",
    },
    "missing_short": {"vi": "thiếu {variables}", "en": "missing {variables}"},
    "in_range": {"vi": "nằm trong", "en": "is within"},
    "out_of_range": {"vi": "nằm ngoài", "en": "is outside"},
    "within_band": {"vi": "trong khoảng gần đạt {band}", "en": "within the near band of {band}"},
    "cells_read": {"vi": "Ô đã đọc", "en": "Cells read"},
    "exact": {"vi": "Giá trị chính xác", "en": "Exact value"},
    "shown": {"vi": "Hiển thị", "en": "Shown"},
    "applied_target": {"vi": "Mục tiêu áp dụng", "en": "Target applied"},
    "source_annex": {"vi": "phụ lục: {file} dòng {row}", "en": "annex: {file} row {row}"},
    "source_override": {"vi": "điều chỉnh trong kế hoạch: {label}", "en": "override: {label}"},
    "status": {"vi": "Kết quả", "en": "Status"},
    "reason": {"vi": "Vì", "en": "Because"},
    "baseline_line": {"vi": "Kỳ gốc {period}: {value}", "en": "Baseline {period}: {value}"},
    "line_value": {"vi": "giá trị lộ trình kỳ này: {line}", "en": "on-track line for this period: {line}"},
    "units_counted": {"vi": "Đơn vị được cộng ({n})", "en": "Units counted ({n})"},
    "counted_per_unit": {
        "vi": "số và hằng số trong công thức được tính cho từng đơn vị rồi cộng lại, {n} đơn vị",
        "en": "numbers and constants in the formula are counted for each unit, then added up: {n} units",
    },
    "absent_from_period": {
        "vi": "không có dòng nào của kỳ {period} trong tệp số liệu",
        "en": "no row for {period} in the data",
    },
    "absent_from_data": {"vi": "không có trong tệp số liệu", "en": "not in the data"},
    "not_in_total": {
        "vi": "không có số liệu kỳ gốc {period}",
        "en": "no value for the baseline period {period}",
    },
    "units_left_out": {"vi": "Đơn vị bị loại ({n})", "en": "Units left out ({n})"},
    "made_of": {"vi": "gộp từ các đơn vị cũ: {units}", "en": "rolled up from the old units: {units}"},
    "made_of_value": {
        "vi": "số liệu kỳ này gộp từ các đơn vị cũ: {units}",
        "en": "this period's figures rolled up from the old units: {units}",
    },
    "valid_plan": {"vi": "hợp lệ: {id}, {n} chỉ tiêu", "en": "valid: {id}, {n} indicators"},
    "valid_plan_one": {"vi": "hợp lệ: {id}, 1 chỉ tiêu", "en": "valid: {id}, 1 indicator"},
    # the HTML report and the Charts sheet
    "no_indicators": {"vi": "Kế hoạch không có chỉ tiêu số liệu.", "en": "The plan has no numeric indicators."},
    "charts_note": {
        "vi": "Mỗi biểu đồ một chỉ tiêu: các đơn vị xếp từ tốt nhất, màu theo kết quả, đường nét đứt là mục tiêu. "
        "Số liệu của biểu đồ ở bên phải, từ cột {column}.",
        "en": "One chart per indicator: units best first, coloured by status, the dashed line is the target. "
        "The charts' numbers are to the right, from column {column}.",
    },
    "best_worst": {
        "vi": "{k} đơn vị tốt nhất và {k} đơn vị kém nhất trong {n}",
        "en": "the best {k} and the worst {k} of {n} units",
    },
    "scorecard": {"vi": "Bảng điểm", "en": "Scorecard"},
    "charts": {"vi": "Biểu đồ theo chỉ tiêu", "en": "Charts by indicator"},
    "trends": {"vi": "Xu hướng qua các kỳ", "en": "Trends over periods"},
    "monitoring": {"vi": "Biểu đồ giám sát lũy kế từ đầu năm", "en": "Monitoring chart, year to date"},
    "monitoring_line": {"vi": "đường giám sát", "en": "monitoring line"},
    "month": {"vi": "Tháng", "en": "Month"},
    "monitoring_data": {
        "vi": "Số liệu của các biểu đồ ở bên phải, từ cột {column}",
        "en": "The charts' figures are to the right, from column {column}",
    },
    "month_short": {"vi": "T", "en": "M"},
    "monitoring_line_legend": {
        "vi": "đường giám sát (từ 0 đầu năm đến mục tiêu cuối năm)",
        "en": "monitoring line (from 0 at the start of the year to the target at its end)",
    },
    "year_to_date_legend": {"vi": "lũy kế từ đầu năm (mỗi chấm: một kỳ)", "en": "year to date (a dot per period)"},
    "quality": {"vi": "Chất lượng số liệu", "en": "Data quality"},
    "targets_sources": {"vi": "Chỉ tiêu, cách tính và nguồn", "en": "Targets, formulas and sources"},
    "data_files": {"vi": "Tệp số liệu", "en": "Data files"},
    "contents": {"vi": "Mục lục", "en": "Contents"},
    "summary": {"vi": "Tóm tắt", "en": "Summary"},
    "target_line": {"vi": "mục tiêu", "en": "target"},
    "near_zone": {"vi": "vùng gần đạt", "en": "near band"},
    "on_track_line": {"vi": "lộ trình đến mục tiêu", "en": "on-track line"},
    "units_band": {"vi": "80% đơn vị ở giữa, trung vị", "en": "middle 80% of units, median"},
    "total_mark": {"vi": "dòng tổng", "en": "the total"},
    "more_units": {"vi": "… {n} đơn vị khác, xem bảng điểm", "en": "… {n} more units, see the scorecard"},
    "distribution": {"vi": "Phân bố {n} đơn vị", "en": "Distribution of {n} units"},
    "no_data_units": {"vi": "{n} đơn vị không có số liệu", "en": "{n} units have no data"},
    "bars_of_period": {"vi": "Các đơn vị kỳ {period}", "en": "Units in {period}"},
    "issues_shown": {
        "vi": "Hiển thị {shown} trên {n} vấn đề; danh sách đầy đủ: -o scorecard.xlsx hoặc --format json.",
        "en": "{shown} of {n} issues shown; the full list: -o scorecard.xlsx or --format json.",
    },
    "activity": {"vi": "Hoạt động", "en": "Activity"},
    "cell_marked": {
        "vi": "góc đen: giá trị tính từ số liệu có vấn đề (cảnh báo hoặc lỗi; xem mục Chất lượng số liệu)",
        "en": "black corner: the value rests on data with warnings or errors (see Data quality)",
    },
    "unscored": {
        "vi": "kỳ không được chấm trong báo cáo này (--period all để chấm mọi kỳ)",
        "en": "a period this report does not score (--period all scores each)",
    },
    "print_note": {
        "vi": "In: khổ A4 nằm ngang; màu và ký hiệu ✓ ~ ✗ – đọc được cả khi in đen trắng.",
        "en": "Print: A4 landscape; colours and the marks ✓ ~ ✗ – read in black and white too.",
    },
}


assert not set(CLI_UI) & set(UI), set(CLI_UI) & set(UI)
UI.update(CLI_UI)


def input_line(path: object, sheet: object, units: int, activities: int, lang: str) -> str:
    """ "Số liệu: a.xlsx (trang tính Hoạt động, 11 hoạt động)": what was read from an input. A sheet
    of activities has no units: it is counted by its activities (none: by nothing)."""
    if units:
        count = ui("input_units", lang, n=units)
    elif activities:
        count = ui("input_activities", lang, n=activities)
    else:
        count = ""
    return ui("input_line", lang, path=path, sheet=sheet, count=count)


def input_count(units: int, activities: int, lang: str) -> int | str:
    """What an input's "units" cell says: its units, or for a sheet of activities (no units) how
    many activities it holds ("11 hoạt động"), never a 0 that reads as an empty file."""
    return units if units or not activities else ui("activities_count", lang, n=activities)


def issue_name(code: str, lang: str) -> str:
    """A data-issue code as a reader of `lang` calls it (the code itself when it has no name)."""
    names = ISSUE_NAMES.get(str(code))
    return names[_lang(lang)] if names else str(code)


def ui(key: str, lang: str, **facts: object) -> str:
    text = UI[key][_lang(lang)]
    return text.format(**facts) if facts else text


# --- the Excel scorecard's sheet names and column headings ------------------------------------

SHEETS = {
    "summary": {"vi": "Tổng hợp", "en": "Summary"},
    "scorecard": {"vi": "Bảng điểm", "en": "Scorecard"},
    "details": {"vi": "Chi tiết", "en": "Details"},
    "targets": {"vi": "Chỉ tiêu", "en": "Targets"},
    "issues": {"vi": "Vấn đề số liệu", "en": "Data issues"},
    "quality_card": {"vi": "Chất lượng số liệu", "en": "Data quality"},
    "activities": {"vi": "Hoạt động", "en": "Activities"},
    "charts": {"vi": "Biểu đồ", "en": "Charts"},
    "monitoring": {"vi": "Giám sát lũy kế", "en": "Monitoring"},
}
HEADINGS = {
    "file": {"vi": "Tệp số liệu", "en": "Data file"},
    "units_count": {"vi": "Số đơn vị", "en": "Units"},
    "activities_count": {"vi": "Số hoạt động", "en": "Activities"},
    "as_written": {"vi": "Ghi trong tệp", "en": "As written"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "met_count": {"vi": "Số chỉ tiêu đạt", "en": "Targets met"},
    "scored": {"vi": "Số chỉ tiêu có số liệu", "en": "Targets with data"},
    "generated": {"vi": "Lập bằng healthkpi {version}", "en": "Made with healthkpi {version}"},
    "legend": {"vi": "Chú thích", "en": "Legend"},
    "name": {"vi": "Tên chỉ tiêu", "en": "Indicator name"},
    "per": {"vi": "Nhân với", "en": "Per"},
    "unit_of": {"vi": "Đơn vị tính", "en": "Unit of measure"},
    "total_target": {"vi": "Mục tiêu {total}", "en": "Target for {total}"},
    "by": {"vi": "Hạn", "en": "Due"},
    "baseline": {"vi": "Kỳ gốc", "en": "Baseline"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "level": {"vi": "Mức", "en": "Level"},
    "code": {"vi": "Loại vấn đề", "en": "Code"},
    "where": {"vi": "Vị trí", "en": "Where"},
    "message": {"vi": "Nội dung", "en": "Message"},
    "variable": {"vi": "Biến", "en": "Variable"},
    "state": {"vi": "Trạng thái", "en": "State"},
    "text": {"vi": "Nội dung", "en": "Text"},
}


def sheet_name(key: str, lang: str) -> str:
    return SHEETS[key][_lang(lang)]


def total_target_heading(total: str | None, lang: str) -> str:
    """ "Mục tiêu toàn thành phố": the total's own target, named after the plan's total (a city is not a
    province); "the total" when the plan does not name it."""
    if not total:
        return heading("total_target", lang, total="chung" if _lang(lang) == "vi" else "the total")
    return heading("total_target", lang, total=total[:1].lower() + total[1:] if _lang(lang) == "vi" else total)


def heading(key: str, lang: str, **facts: object) -> str:
    text = HEADINGS[key][_lang(lang)]
    return text.format(**facts) if facts else text


# --- follow-up across runs (history, changes, actions): its own module, taken in here ----------

from healthkpi.base import messages_followup as _followup  # noqa: E402 — after the catalogues it extends

ERRORS.update(_followup.ERRORS)
UI.update(_followup.UI)
SHEETS.update(_followup.SHEETS)
