"""What is wrong in a targets file, in Vietnamese and in English (part of `base.messages.ERRORS`).

Each is one problem of a plan (`base.errors.Problem`): the file, the line and the key are said
before it, so a sentence here says only what is wrong at that key and how to put it right.
"""

from __future__ import annotations

_COMPARISON_VI = 'cần một phép so sánh như ">= 36.5", "> 95", "<= 14.2", "< 0.12" hoặc "== 100", hoặc một khoảng như "between 30 and 40" (hay "từ 30 đến 40")'
_COMPARISON_EN = (
    'expected a comparison such as ">= 36.5", "> 95", "<= 14.2", "< 0.12" or "== 100", '
    'or a range such as "between 30 and 40"'
)

PLAN_ERRORS: dict[str, dict[str, str]] = {
    # --- the file and its structure --------------------------------------------------------
    "plan_duplicate_key": {
        "vi": "khóa bị lặp; mỗi khóa chỉ được ghi một lần",
        "en": "duplicate key; each key may appear once",
    },
    "plan_not_mapping": {
        "vi": "đây chưa phải tệp kế hoạch: tệp cần là một bảng khóa–giá trị có healthkpi, plan và indicators",
        "en": "expected a targets file: a mapping with healthkpi, plan and indicators",
    },
    "extends_only_adds": {
        "vi": "kế hoạch kế thừa (extends) một kế hoạch khác chỉ được thêm {keys}",
        "en": "a plan that extends another may only add {keys}",
    },
    "extends_not_found": {
        "vi": "không có kế hoạch có sẵn hay tệp nào tên {name!r}",
        "en": "no bundled plan or file {name!r}",
    },
    "extends_itself": {"vi": "kế hoạch kế thừa chính nó", "en": "the plan extends itself"},
    "extends_circle": {
        "vi": "các kế hoạch kế thừa nhau thành vòng tròn ({cycle})",
        "en": "the plan makes a circle of plans ({cycle})",
    },
    "extends_too_deep": {
        "vi": "có hơn {n} kế hoạch kế thừa lẫn nhau",
        "en": "more than {n} plans extend each other",
    },
    # --- pydantic's findings, in plain words ------------------------------------------------------
    "unknown_key": {
        "vi": "khóa không hợp lệ; {hint}các khóa được phép: {allowed}",
        "en": "unknown key; {hint}allowed keys: {allowed}",
    },
    "key_hint": {"vi": "có phải {close!r}? ", "en": "did you mean {close!r}? "},
    "required_key": {
        "vi": "thiếu khóa bắt buộc {name!r}",
        "en": "required key {name!r} is missing",
    },
    "schema_version": {
        "vi": "cần ghi 1, phiên bản của lược đồ (healthkpi: 1); đang ghi {given!r}",
        "en": "expected 1, the schema version (healthkpi: 1); got {given!r}",
    },
    "expected_kebab": {
        "vi": "cần viết thường, nối bằng gạch ngang, như thanh-hoa-2021; đang ghi {given!r}",
        "en": "expected kebab-case, like thanh-hoa-2021; got {given!r}",
    },
    "expected_snake": {
        "vi": "cần chữ ASCII viết thường nối bằng gạch dưới, như beds_per_10k; đang ghi {given!r}",
        "en": "expected snake_case ASCII, like beds_per_10k; got {given!r}",
    },
    "expected_text": {"vi": "cần một đoạn chữ; đang ghi {given!r}", "en": "expected text; got {given!r}"},
    "expected_number": {"vi": "cần một số; đang ghi {given!r}", "en": "expected a number; got {given!r}"},
    "expected_integer": {
        "vi": "cần một số nguyên; đang ghi {given!r}",
        "en": "expected a whole number; got {given!r}",
    },
    "expected_yes_no": {
        "vi": "cần true hoặc false; đang ghi {given!r}",
        "en": "expected true or false; got {given!r}",
    },
    "expected_list": {
        "vi": "cần một danh sách (mỗi mục một dòng bắt đầu bằng '- '); đang ghi {given!r}",
        "en": "expected a list (one item a line, each starting with '- '); got {given!r}",
    },
    "expected_mapping": {
        "vi": "cần các khóa và giá trị (khóa: giá trị); đang ghi {given!r}",
        "en": "expected keys with values (key: value); got {given!r}",
    },
    "expected_one_of": {
        "vi": "cần một trong các giá trị {expected}; đang ghi {given!r}",
        "en": "expected one of {expected}; got {given!r}",
    },
    "text_too_short": {
        "vi": "không được để trống (cần ít nhất {n} ký tự)",
        "en": "must not be empty (at least {n} characters)",
    },
    "too_few_items": {"vi": "cần ít nhất {n} mục", "en": "needs at least {n} items"},
    "text_too_long": {"vi": "quá dài: nhiều nhất {n} ký tự", "en": "too long: at most {n} characters"},
    "too_many_items": {"vi": "quá nhiều: nhiều nhất {n} mục", "en": "too long: at most {n} items"},
    "not_above": {"vi": "cần lớn hơn {limit}; đang ghi {given!r}", "en": "must be more than {limit}; got {given!r}"},
    "not_at_least": {
        "vi": "cần lớn hơn hoặc bằng {limit}; đang ghi {given!r}",
        "en": "must be at least {limit}; got {given!r}",
    },
    "not_below": {"vi": "cần nhỏ hơn {limit}; đang ghi {given!r}", "en": "must be less than {limit}; got {given!r}"},
    "not_at_most": {
        "vi": "cần nhỏ hơn hoặc bằng {limit}; đang ghi {given!r}",
        "en": "must be at most {limit}; got {given!r}",
    },
    "not_multiple": {
        "vi": "cần là bội số của {limit}; đang ghi {given!r}",
        "en": "must be a multiple of {limit}; got {given!r}",
    },
    "number_unreadably_long": {
        "vi": "số quá dài để đọc được; đang ghi {given!r}",
        "en": "the number is too long to read; got {given!r}",
    },
    "expected_plain_items": {
        "vi": "các mục của danh sách cần là chữ hoặc số; đang ghi {given!r}",
        "en": "the items of the list must be text or numbers; got {given!r}",
    },
    "expected_text_key": {
        "vi": "khóa cần là chữ; đang ghi {given!r}",
        "en": "a key must be text; got {given!r}",
    },
    "expected_ascii": {
        "vi": "chỉ được dùng chữ không dấu, số và dấu gạch (ASCII); đang ghi {given!r}",
        "en": "only ASCII letters, digits and dashes; got {given!r}",
    },
    "expected_nothing": {
        "vi": "khóa này không nhận giá trị (để trống hoặc xóa khóa); đang ghi {given!r}",
        "en": "this key takes no value (leave it empty or remove it); got {given!r}",
    },
    "value_refers_to_itself": {
        "vi": "giá trị tham chiếu vòng vào chính nó (neo & và tham chiếu * lồng nhau)",
        "en": "the value refers to itself (an anchor & and an alias * inside each other)",
    },
    "value_too_deep": {
        "vi": "giá trị lồng nhau quá nhiều tầng",
        "en": "the value is nested too deep",
    },
    "expected_date": {
        "vi": "cần một ngày dạng 2021-12-31; đang ghi {given!r}",
        "en": "expected a date such as 2021-12-31; got {given!r}",
    },
    "invalid_value": {
        "vi": "giá trị {given!r} không dùng được ở đây; khóa này cần {wanted}",
        "en": "the value {given!r} cannot be used here; the key takes {wanted} ({detail})",
    },
    # what a key takes, for "khóa này cần …"
    "want_text": {"vi": "một đoạn chữ", "en": "text"},
    "want_number": {"vi": "một số", "en": "a number"},
    "want_integer": {"vi": "một số nguyên", "en": "a whole number"},
    "want_yes_no": {"vi": "true hoặc false", "en": "true or false"},
    "want_list": {"vi": "một danh sách (mỗi mục một dòng bắt đầu bằng '- ')", "en": "a list (one item a line, '- ')"},
    "want_mapping": {"vi": "các khóa và giá trị (khóa: giá trị)", "en": "keys with values (key: value)"},
    "want_one_of": {"vi": "một trong các giá trị được phép", "en": "one of its allowed values"},
    "want_other": {
        "vi": "một giá trị như trong các kế hoạch mẫu (xem `healthkpi show`)",
        "en": "a value as in the bundled plans (see `healthkpi show`)",
    },
    # --- rules across fields ---------------------------------------------------------------
    "per_thousands": {
        "vi": "{text} không được đọc là {meant}: trong tệp kế hoạch dấu '.' và ',' không ngăn hàng nghìn "
        "(10.000 là 10); viết per: {meant}",
        "en": "{text} is not read as {meant}: in a plan file '.' and ',' do not separate thousands "
        "(10.000 is 10); write per: {meant}",
    },
    "variable_name": {
        "vi": "tên biến cần là chữ ASCII viết thường nối bằng gạch dưới, như hospital_beds; đang ghi {name!r}",
        "en": "variable names are snake_case ASCII, like hospital_beds; got {name!r}",
    },
    "constant_name": {
        "vi": "tên hằng số cần là chữ ASCII viết thường nối bằng gạch dưới; đang ghi {name!r}",
        "en": "constant names are snake_case ASCII; got {name!r}",
    },
    "variable_and_constant": {
        "vi": "{name!r} được khai báo vừa là biến vừa là hằng số",
        "en": "{name!r} is declared both as a variable and as a constant",
    },
    "no_indicators": {
        "vi": "kế hoạch cần ít nhất một chỉ tiêu (hoặc các hoạt động cần theo dõi)",
        "en": "a plan needs at least one indicator (or activities to track)",
    },
    "indicator_id_twice": {
        "vi": "mã chỉ tiêu {ident!r} bị dùng hai lần",
        "en": "indicator id {ident!r} is used twice",
    },
    "activity_id_twice": {
        "vi": "mã hoạt động {ident!r} bị dùng hai lần",
        "en": "activity id {ident!r} is used twice",
    },
    "quality_switch": {"vi": "cần on hoặc off; đang ghi {got}", "en": "expected on or off; got {got}"},
    "quality_settings": {
        "vi": "cần on, off hoặc các ngưỡng của phép kiểm tra (dạng khóa: giá trị); đang ghi {got}",
        "en": "expected on, off or a mapping of the check's thresholds; got {got}",
    },
    "quality_percent": {
        "vi": "cần một tỷ lệ phần trăm như 33%; đang ghi {got}",
        "en": "expected a percentage such as 33%; got {got}",
    },
    "quality_p_order": {
        "vi": "p_warning ({warning}) không được lớn hơn p_info ({info})",
        "en": "p_warning ({warning}) must not be above p_info ({info})",
    },
    "quality_low_high": {
        "vi": "low ({low}) phải nhỏ hơn high ({high})",
        "en": "low ({low}) must be below high ({high})",
    },
    "extends_indicators_list": {
        "vi": "cần một danh sách chỉ tiêu (mỗi mục bắt đầu bằng '- id: …')",
        "en": "expected a list of indicators (each item starting '- id: …')",
    },
    "extends_indicator_id": {
        "vi": "cần một chỉ tiêu có id (id của một chỉ tiêu trong kế hoạch gốc để sửa nó, hoặc một id mới)",
        "en": "expected an indicator with an id (a base plan indicator's id to change it, or a new id)",
    },
    "accumulate_no_denominator": {
        "vi": "accumulate: {how} chia tử số cộng dồn từ đầu {how} cho số của cả {how} (ví dụ số trẻ phải tiêm "
        "trong năm); chỉ tiêu này không có mẫu số",
        "en": "accumulate: {how} divides the numerator summed since the start of the {how} by the {how}'s "
        "figure (the infants to immunise this year, say); this indicator has no denominator",
    },
    "accumulate_relative": {
        "vi": "mục tiêu so sánh (vs) so một kỳ với một kỳ trước; số cộng dồn từ đầu {how} không có giá trị kỳ "
        "trước của chính nó để so, nên không cộng dồn được",
        "en": "a relative target (vs) compares a period with an earlier one; a sum since the start of the {how} "
        "has no earlier value of its own to compare with, so it cannot accumulate",
    },
    "accumulate_range": {
        "vi": "một khoảng không có một mức duy nhất để đường giám sát tiến tới; accumulate cần mục tiêu dạng "
        "so sánh như '>= 95'",
        "en": "a range has no single edge for the monitoring line to grow to; accumulate needs a comparison "
        "target such as '>= 95'",
    },
    "accumulate_by_baseline": {
        "vi": "by/baseline vẽ lộ trình qua các năm, còn accumulate: {how} vẽ đường trong từng {how}; hãy giao "
        "mục tiêu từng năm bằng overrides theo kỳ",
        "en": "by/baseline draw a line across years, accumulate: {how} one inside the {how}; give each year's "
        "target with overrides by period instead",
    },
    "override_needs_unit": {
        "vi": "một mục ghi đè (override) cần ghi đơn vị, kỳ, hoặc cả hai",
        "en": "an override needs a unit, a period or both",
    },
    "check_repeated": {
        "vi": "phép kiểm tra {check!r} được ghi {times:,} lần; chỉ cần ghi một lần",
        "en": "the check {check!r} is listed {times:,} times; list it once",
    },
    "unknown_name": {
        "vi": "tên {name!r} chưa được khai báo: khai báo nó trong variables: hoặc constants:{hint}",
        "en": "unknown name {name!r}: declare it under variables: or constants:{hint}",
    },
    "name_hint": {"vi": "; có phải {close!r}?", "en": "; did you mean {close!r}?"},
    "constant_denominator": {
        "vi": "mẫu số {text!r} chỉ gồm hằng số, không có biến nào, nên dòng tổng sẽ chia cho nó một lần cho mỗi đơn vị "
        "(số đơn vị × {text}). Nếu đây là số liệu của cả địa bàn, hãy chia cho nó ngay trong tử số và bỏ mẫu số "
        "(numerator: x / {text}); nếu mỗi đơn vị có số riêng, hãy khai báo một biến để các đơn vị báo cáo",
        "en": "the denominator {text!r} is made of constants and holds no variable, so the total row would divide by "
        "it once per unit (units × {text}). If it is a figure for the whole area, divide by it in the numerator "
        "and leave out the denominator (numerator: x / {text}); if each unit has its own, declare a variable the "
        "units report",
    },
    "baseline_needs_by": {
        "vi": 'baseline cần có by: kỳ phải đạt chỉ tiêu, ví dụ by: "2025"',
        "en": 'baseline needs by: the period the target is due, e.g. by: "2025"',
    },
    "by_needs_comparison": {
        "vi": "by/baseline chỉ dùng với chỉ tiêu so sánh, không dùng với chỉ tiêu tương đối (vs)",
        "en": "by/baseline work with comparison targets, not with relative (vs) targets",
    },
    "baseline_after_by": {
        "vi": "kỳ gốc baseline {baseline!r} phải ở trước kỳ hạn by {by!r}",
        "en": "baseline {baseline!r} must come before by {by!r}",
    },
    "on_track_needs_comparison": {
        "vi": "đường tiến độ cần một chỉ tiêu so sánh như '>= 70', không phải một khoảng",
        "en": "an on-track line needs a comparison target such as '>= 70', not a range",
    },
    # --- values inside the plan: targets, bands, checks, valid ranges, numbers -------------------------
    "check_not_comparison": {
        "vi": "một phép kiểm tra phải so sánh hai vế, ví dụ 'a <= b'; đang ghi {given!r}",
        "en": "a check must compare two sides, e.g. 'a <= b'; got {given!r}",
    },
    "valid_range_reversed": {
        "vi": "khoảng hợp lệ [{low}, {high}] có cận dưới lớn hơn cận trên",
        "en": "the valid range [{low}, {high}] has its lower bound above its upper bound",
    },
    "valid_range_empty": {
        "vi": "khoảng hợp lệ cần cận dưới, cận trên hoặc cả hai, ví dụ [0, 100]",
        "en": "a valid range needs a lower bound, an upper bound or both, e.g. [0, 100]",
    },
    "expected_comparison": {
        "vi": _COMPARISON_VI + "; đang ghi {given}{hint}",
        "en": _COMPARISON_EN + "; got {given}{hint}",
    },
    "comparison_bare_number": {
        "vi": _COMPARISON_VI + '; đang ghi một số đơn thuần {given} — hãy ghi cả phép so sánh, ví dụ ">= {given}"',
        "en": _COMPARISON_EN + '; got the bare number {given} — write the comparison, for example ">= {given}"',
    },
    "comparison_comma": {
        "vi": _COMPARISON_VI + '; đang ghi {given} — dùng dấu "." để ghi phần thập phân',
        "en": _COMPARISON_EN + '; got {given} — use "." as the decimal mark',
    },
    "comparison_hint": {"vi": ' — có phải "{better}"?', "en": ' — did you mean "{better}"?'},
    "range_reversed": {
        "vi": "khoảng {given} có cận dưới lớn hơn cận trên",
        "en": "range {given} has its lower bound above its upper bound",
    },
    "relative_unknown_key": {
        "vi": "chỉ tiêu tương đối không có khóa {name!r}; các khóa được phép: vs, {allowed}",
        "en": "unknown key {name!r} in a relative target; allowed keys: vs, {allowed}",
    },
    "relative_needs_vs": {
        "vi": 'chỉ tiêu tương đối cần "vs", kỳ để so sánh, ví dụ vs: "2020"',
        "en": 'a relative target needs "vs", the period to compare with, e.g. vs: "2020"',
    },
    "relative_needs_one_kind": {
        "vi": "chỉ tiêu tương đối cần đúng một trong change, change_pct, change_pct_per_year bên cạnh vs, ví dụ "
        '{{vs: "2020", change_pct: ">= 5"}}; đang có {n}',
        "en": "a relative target needs exactly one of change, change_pct, change_pct_per_year next to vs, e.g. "
        '{{vs: "2020", change_pct: ">= 5"}}; got {n}',
    },
    "relative_not_range": {
        "vi": '{kind} cần một phép so sánh như ">= 5", không phải một khoảng',
        "en": '{kind} takes a comparison such as ">= 5", not a range',
    },
    "expected_band": {
        "vi": 'cần một khoảng gần đạt như "5%" hoặc 0.5; đang ghi {given}',
        "en": 'expected a band such as "5%" or 0.5; got {given}',
    },
    "expected_band_positive": {
        "vi": 'cần một khoảng gần đạt như "5%" hoặc 0.5 (không âm); đang ghi {given}',
        "en": 'expected a band such as "5%" or 0.5 (not negative); got {given}',
    },
    "number_too_long": {
        "vi": "số {shown} có {n:,} ký tự; một số trong kế hoạch có nhiều nhất {limit} ký tự",
        "en": "the number {shown} has {n:,} characters; a number in a plan has at most {limit}",
    },
    "not_a_plan_number": {"vi": "{shown} không phải là số", "en": "{shown} is not a number"},
    "not_finite": {"vi": "{shown} không phải là một số hữu hạn", "en": "{shown} is not a finite number"},
    "number_too_large": {
        "vi": "số {shown} quá lớn để tính toán: các số trong kế hoạch nằm trong khoảng từ 1e-15 đến 1e15",
        "en": "the number {shown} is too large to compute with: numbers in a plan lie between 1e-15 and 1e15",
    },
    "number_too_small": {
        "vi": "số {shown} quá nhỏ để tính toán: các số trong kế hoạch nằm trong khoảng từ 1e-15 đến 1e15",
        "en": "the number {shown} is too small to compute with: numbers in a plan lie between 1e-15 and 1e15",
    },
    "too_many_decimals": {
        "vi": "số {shown} có {n} chữ số thập phân; một số trong kế hoạch có nhiều nhất {limit}",
        "en": "the number {shown} has {n} decimals; a number in a plan has at most {limit}",
    },
    # --- formulas (numerator, denominator, checks) ---------------------------------------------------
    "expression_not_text": {
        "vi": "cần một biểu thức dạng chữ; đang ghi một giá trị kiểu {kind}",
        "en": "expected an expression as text, got {kind}",
    },
    "expression_too_long": {
        "vi": "biểu thức dài hơn {limit} ký tự",
        "en": "expression is longer than {limit} characters",
    },
    "function_call": {
        "vi": "không được gọi hàm ({name!r} ở vị trí {at}); chỉ dùng tên, số, + - * / và dấu ngoặc",
        "en": "function calls are not allowed ({name!r} at position {at}); use names, numbers, + - * / and parentheses",
    },
    "function_call_at": {
        "vi": "không được gọi hàm (vị trí {at}); chỉ dùng + - * / và dấu ngoặc",
        "en": "function calls are not allowed (position {at}); use + - * / and parentheses",
    },
    "unexpected_character": {
        "vi": "ký tự không được phép {bad!r} ở vị trí {at}: chỉ dùng tên, số, + - * / và dấu ngoặc",
        "en": "unexpected {bad!r} at position {at}: only names, numbers, + - * / and parentheses are allowed",
    },
    "expression_ends_early": {"vi": "biểu thức kết thúc quá sớm", "en": "expression ends too early"},
    "unexpected_name": {
        "vi": "tên {name!r} ở vị trí {at} không đúng chỗ",
        "en": "unexpected name {name!r} at position {at}",
    },
    "unexpected_token": {
        "vi": "{token!r} ở vị trí {at} không đúng chỗ",
        "en": "unexpected {token!r} at position {at}",
    },
    "chained_comparison": {
        "vi": "không được so sánh nối tiếp; chỉ ghi một phép so sánh",
        "en": "chained comparisons are not allowed; write one comparison",
    },
    "expression_too_deep": {
        "vi": "biểu thức lồng nhau quá {limit} cấp",
        "en": "expression is nested more than {limit} levels deep",
    },
    "at_position": {"vi": "{problem} (ở vị trí {at})", "en": "{problem} (at position {at})"},
    "expression_number_too_large": {"vi": "số {value!r} quá lớn", "en": "number {value!r} is too large"},
    "missing_parenthesis": {
        "vi": "thiếu dấu ')' cho dấu '(' ở vị trí {at}",
        "en": "missing ')' for the '(' at position {at}",
    },
    # --- reading the YAML text --------------------------------------------------------------------
    "yaml_too_large": {
        "vi": "tệp có {size:,} byte; một tệp kế hoạch có nhiều nhất {limit:,} byte",
        "en": "the file is {size:,} bytes; a targets file is at most {limit:,}",
    },
    "yaml_cannot_read": {"vi": "không đọc được tệp: {reason}", "en": "cannot read the file: {reason}"},
    "yaml_not_utf8": {
        "vi": "tệp không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8",
        "en": "the file is not UTF-8 text; save it as UTF-8",
    },
    "yaml_too_deep": {
        "vi": "tài liệu lồng nhau quá {limit} cấp",
        "en": "the document is nested more than {limit} levels deep",
    },
    "yaml_too_many_values": {
        "vi": "tài liệu bung ra thành hơn {limit:,} giá trị (anchor và alias lặp lại quá nhiều); một tệp kế hoạch "
        "nhỏ hơn nhiều",
        "en": "the document expands to more than {limit:,} values (anchors and aliases repeated too often); a "
        "targets file is much smaller",
    },
    "yaml_too_deep_flat": {
        "vi": "tài liệu lồng nhau quá {limit} cấp; một tệp kế hoạch phẳng hơn nhiều",
        "en": "the document is nested more than {limit} levels deep; a targets file is much flatter",
    },
    "yaml_number_too_long": {
        "vi": "một số có {n:,} ký tự; một số trong kế hoạch có nhiều nhất {limit} ký tự",
        "en": "a number of {n:,} characters; a number in a plan has at most {limit}",
    },
    "yaml_invalid": {
        "vi": "không phải YAML hợp lệ; mở tệp bằng một trình soạn thảo văn bản và kiểm tra lại",
        "en": "not valid YAML: {detail}",
    },
    "yaml_tag": {"vi": "không được dùng thẻ {tag!r}", "en": "the tag {tag!r} is not allowed"},
    "yaml_key_not_text": {"vi": "khóa phải là chữ thường", "en": "a key must be plain text"},
    "yaml_merge_key": {"vi": "không hỗ trợ khóa gộp (<<)", "en": "merge keys (<<) are not supported"},
    "yaml_binary": {"vi": "không được dùng giá trị nhị phân", "en": "binary values are not allowed"},
    "yaml_not_plain": {
        "vi": "không phải một giá trị thông thường (chữ, số, true/false); nếu đây là chữ, đặt nó trong dấu nháy kép",
        "en": "not a plain value: {detail}",
    },
    # --- finding the plan -----------------------------------------------------------------------
    "bundled_hint": {
        "vi": "Các kế hoạch có sẵn: {bundled} (xem `healthkpi plans`).",
        "en": "Bundled plans: {bundled} (see `healthkpi plans`).",
    },
    "plan_is_folder": {
        "vi": "{given}: là một thư mục, không phải tệp kế hoạch",
        "en": "{given}: is a folder, not a targets file",
    },
    "plan_not_regular_file": {
        "vi": "{given}: không phải tệp thông thường (là một thiết bị, pipe hoặc socket); kế hoạch là một tệp YAML",
        "en": "{given}: is not an ordinary file (a device, a pipe or a socket); a plan is a YAML file",
    },
    "plan_not_found": {
        "vi": "{given}: không có tệp kế hoạch này và cũng không có kế hoạch có sẵn nào mang mã đó. {hint}",
        "en": "{given}: no such targets file and no bundled plan with that id. {hint}",
    },
}
