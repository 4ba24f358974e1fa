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
    "output_not_a_file": {
        "vi": "{target}{link}: không phải một tệp thường (là thiết bị, ống dẫn hay ổ cắm), nên không ghi vào "
        "đó; hãy ghi rõ tên một tệp (ví dụ {example})",
        "en": "{target}{link}: is not an ordinary file (a device, a pipe or a socket), so nothing is written "
        "there; name a file to write (for example {example})",
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
    "stdout_cannot_be_written": {
        "vi": "không ghi được ra đầu ra chuẩn ({reason}); những gì đã in có thể bị cắt dở — hãy ghi vào tệp "
        "bằng -o TỆP, hoặc dọn chỗ trống nơi đầu ra được chuyển tới",
        "en": "standard output cannot be written ({reason}); what was printed may be cut short — write to a "
        "file with -o FILE, or make room where the output is redirected",
    },
    "cannot_be_written": {
        "vi": "{target}: không ghi được tệp ({reason}); chưa có gì được ghi",
        "en": "{target}: cannot be written ({reason}); nothing was written",
    },
    "os_permission_folder": {
        "vi": "không có quyền ghi: thư mục chỉ cho phép đọc hoặc thuộc về người khác",
        "en": "permission denied: the folder is read-only or belongs to someone else",
    },
    "option_as_value": {
        "vi": "{option}: nhận được {value}, là tên một tùy chọn, chứ không phải giá trị của {option}; ghi giá trị "
        "ngay sau {option}, rồi mới đến tùy chọn khác (ví dụ: -o bang-diem.xlsx --lang en)",
        "en": "{option}: given {value}, which is an option's name, not a value for {option}; put the value right "
        "after {option}, then the other options (for example: -o scorecard.xlsx --lang en)",
    },
    "unknown_output_type": {
        "vi": "{output}: không biết ghi loại tệp {suffix!r}; dùng .xlsx, .json, .csv hoặc .md (báo cáo HTML "
        "thì dùng lệnh report: healthkpi report SỐ_LIỆU -o baocao.html)",
        "en": "{output}: unknown output type {suffix!r}; use .xlsx, .json, .csv or .md (an HTML report is "
        "written by the report command: healthkpi report DATA -o report.html)",
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
    "template_over_a_file": {
        "vi": "{output}: tệp này đã có; ghi biểu nhập trống đè lên sẽ mất những gì tệp đang chứa (số liệu đã nhập, "
        "nếu có). Hãy đặt tên khác cho biểu mới, ví dụ -o {example}, hoặc thêm --force nếu đúng là muốn thay tệp này",
        "en": "{output}: this file exists already; a blank template written over it would lose what it holds (the "
        "figures entered, if any). Give the new template another name, for example -o {example}, or add --force if "
        "you do mean to replace this file",
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
    "note_recorded_plan": {
        "vi": "lưu ý: {path} ghi rằng biểu này lập cho kế hoạch '{recorded}', nhưng được chấm theo kế hoạch "
        "'{plan}'; nếu nhầm kế hoạch, chạy lại với -t {recorded}",
        "en": "note: {path} records that it is a form of plan '{recorded}', but is scored against plan '{plan}'; "
        "if that is the wrong plan, run again with -t {recorded}",
    },
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

# The command line's own help (`-h`), in Vietnamese: each option's and command's English help as it
# is written in cli/options.py and cli/app.py (spaces and line breaks aside), with its Vietnamese.
# cli/usage_words.py says it when the help is shown in Vietnamese; a test checks every help has one.
CLI_HELP: dict[str, str] = {
    "Show the version and exit.": "Hiện số phiên bản rồi thoát.",
    "Score health-plan targets against district and commune workbooks.": "Chấm điểm chỉ tiêu kế hoạch y tế từ số liệu các "
    "đơn vị (biểu Excel của huyện, xã).",
    "Workbooks (.xlsx .xlsm .xlsb .xls .ods .csv), folders or globs.": "Tệp số liệu (.xlsx .xlsm .xlsb .xls .ods "
    ".csv), thư mục hoặc mẫu tên tệp (*.xlsx).",
    "Targets file (YAML) or bundled plan id.": "Tệp kế hoạch (YAML) hoặc mã một kế hoạch có sẵn.",
    "What to print on standard output.": "Kiểu kết quả in ra màn hình.",
    "Write the scorecard to a file: .xlsx, .json, .csv or .md.": "Ghi bảng điểm ra tệp: .xlsx, .json, .csv hoặc .md.",
    "Score each input on its own and write one scorecard per input here (Excel, or the --format given: json, "
    "csv, markdown).": "Chấm riêng từng tệp đầu vào và ghi mỗi tệp một bảng điểm vào thư mục này (Excel, hoặc "
    "theo --format: json, csv, markdown).",
    'Period to score (default: the latest; "all" for each).': 'Kỳ cần chấm (mặc định: kỳ mới nhất; "all" để '
    "chấm mọi kỳ).",
    'Sheet(s) to read: a name (repeat the option, or "A;B", for several) or "*" for every sheet whose header '
    "matches (default: every sheet that matches as well as the best one).": "Trang tính cần đọc: một tên (lặp "
    'lại tùy chọn, hoặc "A;B", cho nhiều trang) hoặc "*" cho mọi trang có tiêu đề khớp (mặc định: mọi trang '
    "khớp ngang với trang khớp nhất).",
    "Row of the header (its last line, 1-based).": "Dòng tiêu đề (dòng cuối của tiêu đề, đếm từ 1).",
    "Column of the unit names: its header text or its letter (C).": "Cột tên đơn vị: chữ ở tiêu đề cột hoặc "
    "chữ cái của cột (C).",
    "Column of each unit's parent: header text or letter.": "Cột đơn vị cấp trên của mỗi đơn vị: chữ ở tiêu "
    "đề hoặc chữ cái của cột.",
    "Column of the periods: header text or letter.": "Cột kỳ báo cáo: chữ ở tiêu đề hoặc chữ cái của cột.",
    "Score a workbook that holds fewer than half of the plan's variables.": "Vẫn chấm tệp có ít hơn một nửa "
    "số biến của kế hoạch.",
    "Exit 1 when a result is at or above this level.": "Thoát với mã 1 khi có kết quả ở mức này hoặc kém hơn.",
    "Language of labels and messages.": "Ngôn ngữ của nhãn và thông báo.",
    "How numbers typed as text are written: vi = 1.234,5; en = 1,234.5.": "Cách viết số được gõ dạng chữ: "
    "vi = 1.234,5; en = 1,234.5.",
    "Encoding of CSV files (default: detected).": "Bảng mã của tệp CSV (mặc định: tự nhận ra).",
    "Stop with exit 2 on any data issue.": "Dừng với mã 2 khi số liệu có bất kỳ vấn đề nào.",
    "Print nothing but errors; use the exit code.": "Chỉ in lỗi; dùng mã thoát để biết kết quả.",
    "Inputs scored at once with --output-dir (default: all cores).": "Số tệp chấm cùng lúc với --output-dir "
    "(mặc định: theo số nhân của máy).",
    "List every data issue, not only the first few.": "Liệt kê mọi vấn đề số liệu, không chỉ vài vấn đề đầu.",
    "Largest size a workbook may expand to when read (default 300MB; e.g. 2GB for a genuine giant).": "Dung "
    "lượng lớn nhất một tệp được bung ra khi đọc (mặc định 300MB; ví dụ 2GB cho một tệp thật sự rất lớn).",
    "Record the run in this history file (SQLite; created if need be) and show what changed since the last run "
    "of the same plan on the same units.": "Ghi lần chạy vào tệp lịch sử này (SQLite; tự tạo nếu chưa có) và cho "
    "biết những gì đã thay đổi so với lần chạy trước của cùng kế hoạch trên cùng các đơn vị.",
    "old_unit, new_unit[, share][, from_period]: roll old units into new ones.": "old_unit, new_unit[, share]"
    "[, from_period]: gộp đơn vị cũ vào đơn vị mới.",
    "unit: score each unit (with subtotals per parent); parent: score the parents.": "unit: chấm từng đơn vị "
    "(có tổng theo đơn vị cấp trên); parent: chấm các đơn vị cấp trên.",
    "Print the full units × indicators grid, however wide the plan (by default a plan too wide for one table "
    "is printed as an overview).": "In bảng đầy đủ đơn vị × chỉ tiêu dù kế hoạch rộng đến đâu (mặc định kế "
    "hoạch quá rộng cho một bảng được in dạng tổng quan).",
    'Only this indicator (id or name); repeat, or "A;B", for more.': "Chỉ chỉ tiêu này (mã hoặc tên); lặp lại "
    'hoặc ghi "A;B" để chọn thêm.',
    'Only the indicators of this group; repeat, or "A;B", for more.': "Chỉ các chỉ tiêu của nhóm này; lặp lại "
    'hoặc ghi "A;B" để chọn thêm.',
    'Only this unit (or parent); repeat, or "A;B", for more.': "Chỉ đơn vị này (hoặc đơn vị cấp trên); lặp lại "
    'hoặc ghi "A;B" để chọn thêm.',
    "Only cells with these statuses: fail, near, pass, no_data (or đạt, gần-đạt, không-đạt); comma-separated or "
    "repeated.": "Chỉ các ô có kết quả này: không-đạt, gần-đạt, đạt (hoặc fail, near, pass, no_data); cách nhau "
    "bằng dấu phẩy hoặc lặp lại tùy chọn.",
    "Score workbooks against a plan and print the scorecard.\n\nThe terminal shows a plan that fits in one table "
    "as the units × indicators grid, and a wider one as an overview: a line per indicator (target, total, units "
    "met/near/missed, the unit furthest off) and a line per unit. --matrix prints the full grid; -i, -g, -u and "
    "--status print the grid cut down to what they name. They shape the terminal table only: files written, "
    "JSON, CSV and the exit code hold every result.": "Chấm điểm các tệp số liệu theo một kế hoạch và in bảng "
    "điểm.\n\nKế hoạch vừa một bảng được in thành bảng đơn vị × chỉ tiêu; kế hoạch rộng hơn được in dạng tổng "
    "quan: mỗi chỉ tiêu một dòng (mục tiêu, tổng, số đơn vị đạt/gần đạt/không đạt, đơn vị xa mục tiêu nhất) và "
    "mỗi đơn vị một dòng. --matrix in bảng đầy đủ; -i, -g, -u và --status in bảng chỉ gồm những gì được chọn. "
    "Các tùy chọn này chỉ đổi bảng trên màn hình: tệp được ghi, JSON, CSV và mã thoát luôn có mọi kết quả.",
    "table for people, json for programs.": "table để người đọc, json cho các chương trình khác.",
    "Check the data only: completeness, plausibility, consistency, outliers, names.": "Chỉ kiểm tra số liệu: độ "
    "đầy đủ, tính hợp lý, tính nhất quán, giá trị bất thường, tên đơn vị.",
    'The unit to explain ("total" for the total).': 'Đơn vị cần giải thích ("total" cho dòng tổng).',
    "Only this indicator (id or name).": "Chỉ chỉ tiêu này (mã hoặc tên).",
    "Period (default: the latest).": "Kỳ (mặc định: kỳ mới nhất).",
    "Show how each number of one unit (or the total) was reached: cells, formula, target, status.": "Cho thấy "
    "mỗi con số của một đơn vị (hoặc dòng tổng) được tính ra sao: các ô, công thức, mục tiêu, kết quả.",
    "Targets file or bundled plan id.": "Tệp kế hoạch hoặc mã một kế hoạch có sẵn.",
    "The workbook to write (.xlsx).": "Tệp Excel cần ghi (.xlsx).",
    'Units, separated by ";": "Mường Lát;Quan Hóa;Quan Sơn".': 'Các đơn vị, cách nhau bằng ";": '
    '"Mường Lát;Quan Hóa;Quan Sơn".',
    "Write over an existing file (the figures entered in it are lost).": "Ghi đè lên tệp đã có (số liệu đã nhập "
    "trong tệp sẽ mất).",
    "A text or CSV file listing the units, one per line.": "Tệp văn bản hoặc CSV liệt kê các đơn vị, mỗi dòng "
    "một đơn vị.",
    "Write a blank data-entry workbook for a plan.": "Ghi một biểu nhập số liệu trống cho một kế hoạch.",
    "The report to write (.html), one file with everything inside.": "Báo cáo cần ghi (.html), một tệp chứa "
    "đủ mọi thứ.",
    "Report each input on its own: DIR/<input name>.html.": "Mỗi tệp đầu vào một báo cáo riêng: THƯ_MỤC/<tên "
    "tệp>.html.",
    'Period to report (default: the latest; "all" for each).': 'Kỳ cần báo cáo (mặc định: kỳ mới nhất; "all" '
    "cho mọi kỳ).",
    "Write a self-contained HTML scorecard with charts, printable on A4 landscape.": "Ghi bảng điểm dạng HTML "
    "trọn trong một tệp, có biểu đồ, in được trên khổ A4 nằm ngang.",
    "The history file (--history of score and report).": "Tệp lịch sử (--history của score và report).",
    "Only the runs of this plan (its id).": "Chỉ các lần chạy của kế hoạch này (mã kế hoạch).",
    'A unit\'s trend across runs and periods ("total" for the total).': "Xu hướng của một đơn vị qua các lần "
    'chạy và các kỳ ("total" cho dòng tổng).',
    "An indicator's trend across runs and periods (its id).": "Xu hướng của một chỉ tiêu qua các lần chạy và "
    "các kỳ (mã chỉ tiêu).",
    "List the runs recorded in a history file; with --unit or --indicator, the trend of each across runs.": "Liệt "
    "kê các lần chạy đã ghi trong tệp lịch sử; với --unit hoặc --indicator, xu hướng của từng cái qua các lần "
    "chạy.",
    "The actions workbook to write (.xlsx).": "Tệp Excel hành động cần ghi (.xlsx).",
    "Write a sheet of the targets missed now, to fill in with actions, owners and due dates at the review; name "
    "it as the plan's actions: file and the next run shows each beside its target.": "Ghi bảng các chỉ tiêu "
    "chưa đạt để điền hành động, người phụ trách và thời hạn tại buổi rà soát; ghi tên tệp này vào khóa actions: "
    "của kế hoạch, lần chạy sau sẽ in mỗi hành động bên cạnh chỉ tiêu của nó.",
    "Targets files or bundled plan ids.": "Các tệp kế hoạch hoặc mã các kế hoạch có sẵn.",
    "Validate targets files and report every problem in each.": "Kiểm tra các tệp kế hoạch và báo mọi lỗi "
    "trong từng tệp.",
    "Print a plan's indicators, formulas, targets and sources.": "In các chỉ tiêu, công thức, mục tiêu và nguồn "
    "của một kế hoạch.",
    "List the bundled plans.": "Liệt kê các kế hoạch có sẵn.",
}
