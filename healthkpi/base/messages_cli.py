"""What the command line refuses and notes, in Vietnamese and in English (part of
`base.messages.ERRORS`): output files and folders, options that do not go together, the
`template` command, and the notes printed about the inputs."""

from __future__ import annotations

CLI_ERRORS: dict[str, dict[str, str]] = {
    # --- output files and folders -----------------------------------------------------------------
    "output_is_input": {
        "vi": "{output}: là một trong các tệp đầu vào; healthkpi không bao giờ ghi đè lên tệp đầu vào — hãy chọn tên khác",
        "en": "{output}: is one of the inputs; healthkpi never overwrites its inputs — choose another name",
    },
    "output_is_input_named": {
        "vi": "{output}: là một trong các tệp đầu vào ({role}); healthkpi không bao giờ ghi đè lên tệp đầu vào — "
        "hãy chọn tên khác",
        "en": "{output}: is one of the inputs ({role}); healthkpi never overwrites its inputs — choose another name",
    },
    "output_name_too_long": {
        "vi": "{target}: tên tệp dài hơn {limit} byte; hãy chọn tên ngắn hơn",
        "en": "{target}: the file name is longer than {limit} bytes; choose a shorter name",
    },
    "output_is_folder": {
        "vi": "{target}: là một thư mục; hãy ghi rõ tên tệp cần ghi (ví dụ {example})",
        "en": "{target}: is a folder; name the file to write (for example {example})",
    },
    "output_folder_missing": {
        "vi": "{target}: thư mục {folder} không tồn tại",
        "en": "{target}: the folder {folder} does not exist",
    },
    "output_folder_not_folder": {
        "vi": "{target}: {folder} không phải là thư mục",
        "en": "{target}: {folder} is not a folder",
    },
    "exists_not_folder": {
        "vi": "{folder}: đã có và không phải là thư mục",
        "en": "{folder}: exists and is not a folder",
    },
    "folder_cannot_be_created": {
        "vi": "{folder}: không tạo được thư mục ghi kết quả ({reason})",
        "en": "{folder}: the output folder cannot be created ({reason})",
    },
    "cannot_write_in_folder": {
        "vi": "{target}: không ghi được vào thư mục {folder} ({reason})",
        "en": "{target}: cannot write in the folder {folder} ({reason})",
    },
    "cannot_be_written": {
        "vi": "{target}: không ghi được tệp ({reason}); chưa có gì được ghi",
        "en": "{target}: cannot be written ({reason}); nothing was written",
    },
    "os_permission_folder": {
        "vi": "không có quyền ghi: thư mục chỉ cho phép đọc hoặc thuộc về người khác",
        "en": "permission denied: the folder is read-only or belongs to someone else",
    },
    "unknown_output_type": {
        "vi": "{output}: không biết ghi loại tệp {suffix!r}; dùng .xlsx, .json, .csv hoặc .md",
        "en": "{output}: unknown output type {suffix!r}; use .xlsx, .json, .csv or .md",
    },
    # --- options that do not go together ----------------------------------------------------------
    "output_or_output_dir": {
        "vi": "chỉ dùng một trong hai: -o TỆP (một bảng điểm) hoặc --output-dir THƯ_MỤC (mỗi tệp đầu vào một bảng), "
        "không dùng cả hai",
        "en": "use either -o FILE (one scorecard) or --output-dir DIR (one per input), not both",
    },
    "report_where": {
        "vi": "hãy chỉ ra nơi ghi báo cáo: -o TỆP.html, hoặc --output-dir THƯ_MỤC để mỗi tệp đầu vào một báo cáo",
        "en": "say where to write the report: -o FILE.html, or --output-dir DIR for one per input",
    },
    "report_output_or_dir": {
        "vi": "chỉ dùng một trong hai: -o TỆP.html (một báo cáo) hoặc --output-dir THƯ_MỤC (mỗi tệp đầu vào một báo "
        "cáo), không dùng cả hai",
        "en": "use either -o FILE.html (one report) or --output-dir DIR (one per input), not both",
    },
    "report_is_html": {
        "vi": "{output}: báo cáo là một tệp HTML; hãy đặt tên có đuôi .html",
        "en": "{output}: a report is an HTML file; name it .html",
    },
    "nothing_to_score": {
        "vi": "không có số liệu để chấm: mọi tệp đầu vào đều là tệp kèm theo của kế hoạch",
        "en": "no data to score: every input is a side file of the plan",
    },
    # --- template ------------------------------------------------------------------------------------
    "actions_not_xlsx": {
        "vi": "{output}: bảng hành động là một tệp Excel; hãy đặt tên tệp có đuôi .xlsx",
        "en": "{output}: the actions sheet is an Excel workbook; name it .xlsx",
    },
    "template_is_xlsx": {
        "vi": "{output}: biểu nhập số liệu là một tệp Excel; hãy đặt tên có đuôi .xlsx",
        "en": "{output}: a template is an Excel workbook; name it .xlsx",
    },
    "units_or_units_file": {
        "vi": "ghi danh sách đơn vị bằng --units hoặc bằng --units-file, không dùng cả hai",
        "en": "give the units with --units or with --units-file, not both",
    },
    "units_file_missing": {
        "vi": "--units-file {path}: không có tệp này; kiểm tra lại tên tệp và thư mục",
        "en": "--units-file {path}: no such file",
    },
    "units_file_unreadable": {
        "vi": "--units-file {problem}",
        "en": "--units-file {problem}",
    },
    "too_many_units": {
        "vi": "{n:,} đơn vị là quá nhiều cho một biểu nhập (nhiều nhất {limit:,})",
        "en": "{n:,} units is more than a template holds ({limit:,})",
    },
    # --- what an input was, for "is one of the inputs (…)" ----------------------------------------------
    "role_data_file": {"vi": "một tệp số liệu", "en": "a data file"},
    "role_plan": {"vi": "một kế hoạch", "en": "a plan"},
    "role_history_file": {"vi": "tệp lịch sử", "en": "the history file"},
    "role_units_file": {"vi": "danh sách đơn vị của --units-file", "en": "the --units-file list"},
    "role_option_file": {"vi": "tệp của {option}", "en": "the {option} file"},
    "role_side_file": {"vi": "tệp {side} của {plan}", "en": "the {side} of {plan}"},
    # --- notes about the inputs (stderr) -------------------------------------------------------------------
    "note_left_out": {"vi": "bỏ qua: {problem}", "en": "left out: {problem}"},
    "note": {"vi": "lưu ý: {text}", "en": "note: {text}"},
    "note_skipped": {"vi": "lưu ý: đã bỏ qua {path}: {why}", "en": "note: {path} was skipped: {why}"},
    "internal_error_in": {
        "vi": "lỗi nội bộ ({kind}: {detail}); đây là lỗi của healthkpi, xin báo lỗi",
        "en": "internal error ({kind}: {detail}); please report it",
    },
}

# Words on screen the command line prints (merged into base.messages.UI).
CLI_UI: dict[str, dict[str, str]] = {
    "template_written": {
        "vi": "{output}: biểu nhập số liệu cho kế hoạch {plan}, {rows}",
        "en": "{output}: data-entry workbook for {plan}, {rows}",
    },
    "template_units": {"vi": "{n} đơn vị", "en": "{n} units"},
    "template_blank_rows": {"vi": "các dòng trống để điền", "en": "blank rows to fill in"},
}
