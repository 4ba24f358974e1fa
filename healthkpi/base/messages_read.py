"""What stops reading a data file or a side table, in Vietnamese and in English (part of
`base.messages.ERRORS`; the reading layer raises these by key)."""

from __future__ import annotations

READ_ERRORS: dict[str, dict[str, str]] = {
    # --- the file itself -----------------------------------------------------------------
    "no_such_file": {
        "vi": "{path}: không có tệp này; kiểm tra lại tên tệp và thư mục",
        "en": "{path}: no such file",
    },
    "cannot_open": {
        "vi": "{path}: không mở được tệp ({reason})",
        "en": "{path}: cannot be opened ({reason})",
    },
    "cannot_read_file": {
        "vi": "{path}: không đọc được tệp ({reason})",
        "en": "{path}: cannot be read ({reason})",
    },
    "is_a_folder": {
        "vi": "{path}: là một thư mục, không phải tệp số liệu",
        "en": "{path}: is a folder, not a workbook",
    },
    "not_a_regular_file": {
        "vi": "{path}: không phải tệp thông thường (là một pipe, thiết bị hoặc socket); healthkpi đọc các tệp "
        "Excel và bảng văn bản đã lưu thành tệp",
        "en": "{path}: is not an ordinary file (a pipe, a device or a socket); healthkpi reads workbooks and "
        "text tables saved as files",
    },
    "empty_file": {
        "vi": "{path}: tệp rỗng (0 byte); đề nghị đơn vị gửi lại tệp",
        "en": "{path}: the file is empty (0 bytes); ask for it to be sent again",
    },
    "damaged_zip": {
        "vi": "{path}: tệp Excel bị hỏng hoặc không đầy đủ (không mở được phần nén bên trong — thường do tải về "
        "hoặc đính kèm thư bị ngắt giữa chừng); đề nghị đơn vị gửi lại tệp",
        "en": "{path}: the workbook is damaged or incomplete (its zip container cannot be opened — often a "
        "download or e-mail attachment cut short); ask for it to be sent again",
    },
    "not_a_spreadsheet_kind": {
        "vi": "{path}: là {kind}, không phải bảng tính",
        "en": "{path}: is {kind}, not a spreadsheet",
    },
    "kind_word": {"vi": "một văn bản Word", "en": "a Word document"},
    "kind_odt": {"vi": "một văn bản OpenDocument", "en": "an OpenDocument text document"},
    "kind_pptx": {"vi": "một bản trình chiếu PowerPoint", "en": "a PowerPoint presentation"},
    "kind_zip": {"vi": "một tệp nén zip", "en": "a zip archive"},
    "encrypted": {
        "vi": "{path}: tệp Excel được bảo vệ bằng mật khẩu (đã mã hóa); mở tệp trong Excel, gỡ mật khẩu "
        "(Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại",
        "en": "{path}: the workbook is protected with a password (encrypted); open it in Excel, remove the "
        "password (File › Info › Protect Workbook) and save it again",
    },
    "excel_before_1995": {
        "vi": "{path}: là trang tính Excel 2.x–4.0 (định dạng từ trước năm 1995) mà healthkpi không đọc được; "
        "mở tệp trong Excel hoặc LibreOffice rồi lưu thành .xlsx",
        "en": "{path}: is an Excel 2.x–4.0 worksheet (a format from before 1995) that healthkpi cannot read; "
        "open it in Excel or LibreOffice and save it as .xlsx",
    },
    "flat_opendocument": {
        "vi": "{path}: là tệp OpenDocument dạng phẳng (.fods); mở tệp trong LibreOffice rồi lưu thành .ods hoặc .xlsx",
        "en": "{path}: is a flat OpenDocument file (.fods); open it in LibreOffice and save it as .ods or .xlsx",
    },
    "excel_2003_xml": {
        "vi": "{path}: là bảng tính XML của Excel 2003; mở tệp trong Excel rồi lưu thành .xlsx",
        "en": "{path}: is an Excel 2003 XML spreadsheet; open it in Excel and save it as .xlsx",
    },
    "xml_document": {
        "vi": "{path}: là một tài liệu XML, không phải bảng tính",
        "en": "{path}: is an XML document, not a spreadsheet",
    },
    "binary_unknown": {
        "vi": "{path}: không phải bảng tính hay bảng văn bản (là dữ liệu nhị phân không rõ loại)",
        "en": "{path}: is not a spreadsheet or a text table (it is binary data of an unknown kind)",
    },
    "named_but_is": {
        "vi": "{name} có đuôi {suffix} nhưng thực ra là {kind}; đã được đọc theo đúng loại đó",
        "en": "{name} is named {suffix} but is {kind}; it was read as such",
    },
    "format_xlsx": {"vi": "một tệp Excel (.xlsx)", "en": "an Excel workbook (.xlsx)"},
    "format_xlsb": {"vi": "một tệp Excel nhị phân (.xlsb)", "en": "an Excel binary workbook (.xlsb)"},
    "format_ods": {"vi": "một bảng tính OpenDocument (.ods)", "en": "an OpenDocument spreadsheet (.ods)"},
    "format_xls": {"vi": "một tệp Excel 97–2003 (.xls)", "en": "an Excel 97–2003 workbook (.xls)"},
    "format_html": {
        "vi": "một trang web (bảng HTML, như các hệ thống trực tuyến xuất ra dưới tên .xls)",
        "en": "a web page (an HTML table, as web systems export under a .xls name)",
    },
    "format_csv": {"vi": "một bảng văn bản (CSV)", "en": "a text table (CSV)"},
    # why the system refused (base.errors.os_reason), by errno; the system's own words are English
    "os_permission": {"vi": "không có quyền truy cập", "en": "permission denied"},
    "os_not_found": {"vi": "không tồn tại", "en": "it does not exist"},
    "os_no_space": {"vi": "ổ đĩa đã đầy", "en": "the disk is full"},
    "os_quota": {
        "vi": "đã dùng hết dung lượng ổ đĩa được cấp cho tài khoản này",
        "en": "the disk quota of this account is used up",
    },
    "os_read_only": {"vi": "ổ đĩa chỉ cho phép đọc", "en": "the disk is read-only"},
    "os_name_too_long": {"vi": "tên quá dài", "en": "the name is too long"},
    "os_is_folder": {"vi": "đây là một thư mục", "en": "it is a folder"},
    "os_not_folder": {
        "vi": "một phần của đường dẫn là tệp, không phải thư mục",
        "en": "a part of the path is a file, not a folder",
    },
    "os_link_loop": {
        "vi": "đường dẫn có quá nhiều liên kết tắt (có thể các liên kết trỏ vòng vào nhau)",
        "en": "the path goes through too many symbolic links (they may point at each other in a circle)",
    },
    "os_exists": {"vi": "đã có một tệp hoặc thư mục trùng tên", "en": "a file or folder of that name exists"},
    "os_too_many_open": {
        "vi": "hệ thống đang mở quá nhiều tệp cùng lúc; đóng bớt chương trình rồi thử lại",
        "en": "too many files are open at once; close some programs and try again",
    },
    "os_io": {
        "vi": "lỗi đọc/ghi của ổ đĩa (ổ đĩa, thẻ nhớ hoặc ổ mạng có thể bị hỏng hay đã bị rút ra)",
        "en": "an input/output error of the disk (the disk, memory card or network drive may be failing or unplugged)",
    },
    "os_busy": {
        "vi": "tệp hoặc thiết bị đang được dùng; thử lại sau",
        "en": "the file or device is in use; try again later",
    },
    "os_cross_device": {
        "vi": "không chuyển được tệp sang một ổ đĩa khác",
        "en": "the file cannot be moved to another disk",
    },
    "os_too_big": {"vi": "tệp vượt quá dung lượng tối đa cho phép", "en": "the file is larger than allowed"},
    "os_no_memory": {"vi": "không đủ bộ nhớ", "en": "not enough memory"},
    "os_try_again": {
        "vi": "hệ thống tạm thời không đáp ứng được; thử lại sau",
        "en": "the system cannot do it just now; try again later",
    },
    "os_no_device": {
        "vi": "không có thiết bị hoặc ổ đĩa này (có thể đã bị rút ra)",
        "en": "no such device or drive (it may have been unplugged)",
    },
    "os_network": {
        "vi": "mất kết nối với ổ mạng; kiểm tra mạng rồi thử lại",
        "en": "the network drive cannot be reached; check the network and try again",
    },
    "os_not_empty": {"vi": "thư mục không trống", "en": "the folder is not empty"},
    "os_text_busy": {
        "vi": "tệp đang được một chương trình khác chạy",
        "en": "the file is being run by another program",
    },
    "os_invalid": {
        "vi": "hệ thống không chấp nhận thao tác này trên tệp (tên hoặc loại tệp không hợp lệ ở đây)",
        "en": "the system refuses this on the file (a name or a kind of file it does not accept here)",
    },
    "os_interrupted": {"vi": "thao tác bị ngắt giữa chừng; thử lại", "en": "interrupted; try again"},
    "os_other": {"vi": "lỗi hệ thống {symbol}", "en": "{detail} ({symbol})"},
    # --- reading the cells -----------------------------------------------------------------
    "workbook_password": {
        "vi": "{path}: tệp Excel được bảo vệ bằng mật khẩu; gỡ mật khẩu trong Excel rồi lưu lại",
        "en": "{path}: the workbook is protected with a password; remove the password in Excel and save it again",
    },
    "workbook_unreadable": {
        "vi": "{path}{in_sheet}: {kind} không đọc được ({cause}) — tệp bị hỏng hoặc được lưu bởi một chương trình "
        "ghi sai định dạng; mở tệp trong Excel hoặc LibreOffice rồi lưu lại",
        "en": "{path}{in_sheet}: {kind} that cannot be read ({cause}; reader said: {detail}) — it is damaged or was "
        "saved by a program that wrote it incorrectly; open it in Excel or LibreOffice and save it again",
    },
    # what the spreadsheet reader's own (English) words mean (read/grid.py `reader_cause`)
    "cause_zip": {"vi": "phần nén bên trong tệp bị hỏng", "en": "its zip container is damaged"},
    "cause_cut_short": {
        "vi": "tệp bị cắt ngắn, thiếu phần cuối",
        "en": "the file is cut short, its end missing",
    },
    "cause_xml": {
        "vi": "phần XML bên trong tệp bị hỏng hoặc viết sai",
        "en": "an XML part inside it is damaged or malformed",
    },
    "cause_not_workbook": {
        "vi": "nội dung không phải một bảng tính mà bộ đọc nhận ra",
        "en": "its content is not a spreadsheet the reader knows",
    },
    "cause_old_version": {
        "vi": "phiên bản Excel quá cũ hoặc không được hỗ trợ",
        "en": "an Excel version too old or not supported",
    },
    "cause_container": {
        "vi": "cấu trúc lưu trữ bên trong tệp bị hỏng",
        "en": "its inner storage structure is damaged",
    },
    "cause_text_encoding": {
        "vi": "chữ trong tệp được lưu bằng một bảng mã sai hoặc bị hỏng",
        "en": "the text in it is in a wrong or damaged encoding",
    },
    "cause_part_missing": {
        "vi": "thiếu một phần bắt buộc bên trong tệp",
        "en": "a part it must have is missing",
    },
    "cause_out_of_range": {
        "vi": "một giá trị bên trong tệp vượt quá giới hạn cho phép",
        "en": "a value inside it is out of range",
    },
    "cause_other": {"vi": "bộ đọc bảng tính báo lỗi", "en": "the spreadsheet reader refused it"},
    "in_sheet": {"vi": " (trang tính {sheet!r})", "en": " (sheet {sheet!r})"},
    "unknown_encoding": {
        "vi": "{path}: không có bảng mã {encoding!r}; thử utf-8, utf-16 hoặc cp1258",
        "en": "{path}: unknown encoding {encoding!r}; try utf-8, utf-16 or cp1258",
    },
    "not_in_encoding": {
        "vi": "{path}: tệp không đúng bảng mã {encoding} (byte thứ {byte}); thử bảng mã khác hoặc bỏ tùy chọn "
        "bảng mã để healthkpi tự nhận ra",
        "en": "{path}: the file is not valid {encoding} (byte {byte}); try another encoding, or leave it out for "
        "healthkpi to detect",
    },
    "text_too_large": {
        "vi": "{path}: tệp văn bản lớn hơn {limit:,} byte",
        "en": "{path}: the text file is larger than {limit:,} bytes",
    },
    "cell_too_long": {
        "vi": '{path}: dòng {line}: một ô chứa hơn {limit:,} ký tự — đây không phải bảng số liệu, hoặc có dấu ngoặc kép (") '
        "mở ra mà không đóng",
        "en": "{path}: line {line}: a cell holds more than {limit:,} characters — not a table of figures, or a "
        'double quote (") that is never closed',
    },
    "cannot_split": {
        "vi": "{path}: dòng {line}: không tách được bảng văn bản thành các ô (dấu ngoặc kép, dấu phân cách hoặc ký "
        "tự lạ viết sai chỗ)",
        "en": "{path}: line {line}: the text table cannot be split into cells ({detail})",
    },
    "stray_quote": {
        "vi": '{path}: dòng {line}: một dấu ngoặc kép (") mở một ô mà không đóng trên cùng dòng, nên {what} sẽ bị '
        'đọc vào ô đó và mất các đơn vị; xóa dấu ngoặc thừa (hoặc ghi ô dạng "chữ", có dấu đóng) rồi gửi lại tệp',
        "en": '{path}: line {line}: a double quote (") opens a cell that is not closed on its line, so {what} would '
        'be read into that one cell, their units lost; remove the stray quote (or write the cell as "text", '
        "with its closing quote) and send the file again",
    },
    "stray_lines": {"vi": "{n} dòng sau nó", "en": "the {n} line(s) after it"},
    "stray_rest": {"vi": "toàn bộ phần còn lại của tệp", "en": "the rest of the file"},
    "html_too_many_cells": {
        "vi": "{path}: trang web có hơn {limit:,} ô bảng",
        "en": "{path}: the web page holds more than {limit:,} table cells",
    },
    "html_no_table": {
        "vi": "{path}: là một trang web (HTML) không có bảng nào, không phải bảng tính",
        "en": "{path}: is a web page (HTML) with no table in it, not a spreadsheet",
    },
    # --- the reading sandbox ---------------------------------------------------------------------
    "read_timeout": {
        "vi": "{path}: đọc tệp mất hơn {seconds:.0f} giây nên đã bị dừng; tệp bị hỏng hoặc được tạo ra để gây treo "
        "chương trình (biểu của một huyện đọc mất chưa đến một giây)",
        "en": "{path}: reading the workbook took longer than {seconds:.0f} s and was stopped; it is damaged or "
        "built to trap readers (a district form reads in well under a second)",
    },
    "read_crash_signal": {
        "vi": "{path}: tệp bị hỏng khiến bộ đọc bảng tính dừng đột ngột ({signal}; ví dụ tệp đòi hơn {memory:,} MB "
        "bộ nhớ hoặc cấu trúc bên trong bị lặp vòng); mở tệp trong Excel hoặc LibreOffice rồi lưu lại",
        "en": "{path}: the workbook is damaged in a way that makes the spreadsheet reader fail ({signal}; for "
        "example it asks for more than {memory:,} MB of memory or its internal structure loops); open it in "
        "Excel or LibreOffice and save it again",
    },
    "read_crash": {
        "vi": "{path}: bộ đọc bảng tính dừng đột ngột (mã thoát {exitcode}); có thể tệp bị hỏng",
        "en": "{path}: the spreadsheet reader stopped unexpectedly (exit {exitcode}); the workbook is probably damaged",
    },
    "read_memory": {
        "vi": "{path}: đọc tệp này cần hơn {memory:,} MB bộ nhớ, quá nhiều so với dung lượng của tệp; tệp bị hỏng "
        "hoặc được tạo ra để làm cạn bộ nhớ",
        "en": "{path}: reading this workbook needs more than {memory:,} MB of memory, far more than its size "
        "justifies; it is damaged or built to exhaust memory",
    },
    # --- sheets ---------------------------------------------------------------------------
    "no_activity_sheet": {
        "vi": "{path}: kế hoạch {plan!r} theo dõi hoạt động, nhưng không trang tính nào có cột mã hoạt động và cột "
        "trạng thái",
        "en": "{path}: plan {plan!r} tracks activities, but no sheet has an activity-id column and a status column",
    },
    "twin_columns": {
        "vi": '{path}: trang tính {sheet!r}: hai cột {columns} cùng tiêu đề "{header}"{named} nhưng số liệu '
        "khác nhau (dòng {row}: {first} và {second}); không rõ phải đọc cột nào. Hãy đổi tiêu đề của cột không dùng "
        '(ví dụ "{header} năm trước") hoặc ẩn cột đó (cột ẩn không được đọc), rồi chạy lại.',
        "en": '{path}: sheet {sheet!r}: columns {columns} are both headed "{header}"{named} but hold different '
        "figures (row {row}: {first} and {second}); which one to read is unclear. Rename the header of the one not "
        'to read ("{header} năm trước", last year\'s, say) or hide that column (a hidden column is not read), and run '
        "again.",
    },
    "nothing_under_header": {
        "vi": "{path}: trang tính {sheet!r} có dòng tiêu đề của kế hoạch (dòng {row}) nhưng bên dưới {what}; không "
        "có gì để chấm — đây có phải biểu mẫu trống thay vì biểu đã điền số liệu?",
        "en": "{path}: sheet {sheet!r} has the plan's header (row {row}) but {what} under it; there is nothing to "
        "score — is this the blank form rather than the filled one?",
    },
    "only_total_row": {"vi": "chỉ có dòng tổng", "en": "only a total row"},
    "no_unit_rows": {"vi": "không có dòng đơn vị nào", "en": "no unit rows"},
    "ambiguous_sub_columns": {
        "vi": "{path}: trang tính {sheet!r}: tiêu đề {header!r} (biến {variable}) trải trên nhiều cột con: {columns} "
        "({count} biến có tiêu đề như vậy); không rõ cột nào là số liệu cần chấm, nên healthkpi không đoán. Cách sửa: "
        "trong kế hoạch, cho mỗi biến như vậy thêm tên khác là tiêu đề kèm tên cột con cần đọc (ví dụ aliases: "
        '["{header} Thực hiện"]) và chỉ dòng tiêu đề là dòng của các cột con (workbook: header_row)',
        "en": "{path}: sheet {sheet!r}: the header {header!r} (variable {variable}) spans several columns: {columns} "
        "({count} variables are headed so); which one holds the figures to score is not clear, so healthkpi does not "
        "guess. To fix it: in the plan, give each such variable an alias that is its header followed by the column's "
        'own name (e.g. aliases: ["{header} Actual"]), and set the header row to that of the sub-columns '
        "(workbook: header_row)",
    },
    "no_such_sheet": {
        "vi": "{path}: không có trang tính {sheet!r}; các trang tính của tệp: {sheets}",
        "en": "{path}: has no sheet {sheet!r}; its sheets are: {sheets}",
    },
    "text_not_workbook": {
        "vi": "{path}: là tệp văn bản thường, không phải tệp Excel (dù có đuôi {suffix}), và không tìm thấy tiêu đề "
        "cột nào của kế hoạch {plan!r} trong đó",
        "en": "{path}: is a plain text file, not a workbook (despite its {suffix} name), and no column header of "
        "plan {plan!r} was found in it",
    },
    "no_visible_sheet": {
        "vi": "{path}: tệp không có trang tính nào đang hiện",
        "en": "{path}: the workbook has no visible sheet",
    },
    # --- inputs ------------------------------------------------------------------------------
    "folder_no_workbooks": {
        "vi": "{path}: thư mục không có tệp số liệu nào ({extensions})",
        "en": "{path}: the folder holds no workbooks ({extensions})",
    },
    "no_pattern_match": {
        "vi": "{pattern}: không có tệp số liệu nào khớp với mẫu này",
        "en": "{pattern}: no workbook matches this pattern",
    },
    "no_input_readable": {
        "vi": "không đọc được tệp số liệu nào:\n{errors}",
        "en": "no input could be read:\n{errors}",
    },
    "skipped_side_file": {
        "vi": "đây là tệp kèm theo của kế hoạch, không phải số liệu",
        "en": "it is a side file of the plan, not data",
    },
    "skipped_same_content": {
        "vi": "nội dung giống hệt {first}; chỉ đọc một lần",
        "en": "it has the same content as {first}; read once",
    },
    # --- side tables (unit targets, hierarchy, unit map, units list) ------------------------------
    "side_unreadable": {
        "vi": "không đọc được {name}: {problem}",
        "en": "{name} cannot be read: {problem}",
    },
    "side_no_header": {
        "vi": "{name}: không có dòng tiêu đề với các cột {columns}",
        "en": "{name}: no header with the columns {columns}",
    },
    "annex_no_indicator": {
        "vi": "{where}: kế hoạch không có chỉ tiêu {named!r}{hint}",
        "en": "{where}: no indicator {named!r} in the plan{hint}",
    },
    "did_you_mean": {"vi": "; có phải {close!r}?", "en": "; did you mean {close!r}?"},
    "annex_no_unit": {"vi": "{where}: chưa ghi đơn vị", "en": "{where}: the unit is empty"},
    "annex_target": {"vi": "{where}: {problem}", "en": "{where}: {problem}"},
    "target_empty": {"vi": "chưa ghi chỉ tiêu", "en": "the target is empty"},
    "not_a_target": {
        "vi": "{text!r} không phải là chỉ tiêu: ghi một số hoặc một phép so sánh như '>= 20'",
        "en": "{text!r} is not a target: write a number or a comparison such as '>= 20'",
    },
    "bare_number_needs_comparison": {
        "vi": "chỉ ghi một số thì chỉ tiêu của kế hoạch phải là một phép so sánh; hãy ghi đầy đủ chỉ tiêu",
        "en": "a bare number needs an indicator whose own target is a comparison; write the full target",
    },
    "target_too_large": {
        "vi": "{number!r} quá lớn, không thể là chỉ tiêu (lớn hơn 10^15)",
        "en": "{number!r} is too large to be a target (beyond 10^15)",
    },
    "not_a_share": {
        "vi": "{where}: {raw!r} không phải là tỷ lệ chia (từ 0 đến 1, hoặc phần trăm)",
        "en": "{where}: {raw!r} is not a share (0–1 or a percentage)",
    },
    "shares_not_one": {
        "vi": "các tỷ lệ chia của {old!r} cộng lại bằng {total}, không phải 1 ({places})",
        "en": "the shares of {old!r} add up to {total}, not 1 ({places})",
    },
    "at_row": {"vi": "{name} dòng {row}", "en": "{name} row {row}"},
}
