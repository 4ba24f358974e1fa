"""What each data-issue code is called on screens and in files a person reads (terminal,
Excel, HTML, Markdown). JSON and CSV keep the codes themselves (DESIGN §6): they are a contract.
In English the name is the code, as the documentation spells it."""

from __future__ import annotations

ISSUE_NAMES: dict[str, dict[str, str]] = {
    "not_a_number": {"vi": "không phải số", "en": "not_a_number"},
    "missing_value": {"vi": "thiếu số liệu", "en": "missing_value"},
    "missing_column": {"vi": "thiếu cột", "en": "missing_column"},
    "missing_unit": {"vi": "thiếu đơn vị", "en": "missing_unit"},
    "missing_period": {"vi": "thiếu kỳ", "en": "missing_period"},
    "zero_denominator": {"vi": "mẫu số bằng 0", "en": "zero_denominator"},
    "negative_count": {"vi": "số đếm âm", "en": "negative_count"},
    "non_integer_count": {"vi": "số đếm không nguyên", "en": "non_integer_count"},
    "over_100_percent": {"vi": "vượt 100%", "en": "over_100_percent"},
    "implausible_sex_ratio": {"vi": "tỷ số giới tính bất thường", "en": "implausible_sex_ratio"},
    "check_failed": {"vi": "sai phép kiểm tra", "en": "check_failed"},
    "total_mismatch": {"vi": "dòng tổng không khớp", "en": "total_mismatch"},
    "outlier": {"vi": "giá trị bất thường", "en": "outlier"},
    "outlier_over_time": {"vi": "biến động bất thường theo thời gian", "en": "outlier_over_time"},
    "duplicate_unit": {"vi": "đơn vị bị lặp", "en": "duplicate_unit"},
    "spelling_variant": {"vi": "tên viết khác", "en": "spelling_variant"},
    "unit_column_guessed": {"vi": "đoán cột đơn vị", "en": "unit_column_guessed"},
    "sheet_skipped": {"vi": "bỏ qua trang tính", "en": "sheet_skipped"},
}
