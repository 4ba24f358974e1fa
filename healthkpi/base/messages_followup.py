"""The words of the follow-up across runs (history file, what changed, actions), in Vietnamese
and English. Kept beside the main catalogue (`base.messages`), which takes them in."""

from __future__ import annotations

ERRORS: dict[str, dict[str, str]] = {
    "action_unknown_indicator": {
        "vi": "{where}: kế hoạch không có chỉ tiêu {named!r}",
        "en": "{where}: no indicator {named!r} in the plan",
    },
    "action_unknown_indicator_close": {
        "vi": "{where}: kế hoạch không có chỉ tiêu {named!r}; có phải là {close!r}?",
        "en": "{where}: no indicator {named!r} in the plan; did you mean {close!r}?",
    },
    "action_no_unit": {
        "vi": "{where}: chưa ghi đơn vị",
        "en": "{where}: the unit is empty",
    },
    "action_unknown_status": {
        "vi": "{where}: trạng thái {text!r} không rõ; hãy ghi một trong: {allowed}",
        "en": "{where}: unknown status {text!r}; write one of {allowed}",
    },
    "action_bad_due": {
        "vi": "{where}: {text} không phải là ngày; hãy ghi dạng 31/10/2026 hoặc 2026-10-31",
        "en": "{where}: {text} is not a date: write it as 31/10/2026 or 2026-10-31",
    },
    "history_is_input": {
        "vi": "{path}: là một trong các tệp đầu vào ({read}); tệp lịch sử phải là một tệp riêng",
        "en": "{path}: is one of the inputs ({read}); the history file must be a file of its own",
    },
    "history_newer": {
        "vi": "{path}: tệp lịch sử này do phiên bản healthkpi mới hơn tạo ra (lược đồ {found}; phiên bản "
        "{version} chỉ đọc được đến {supported}); hãy cập nhật healthkpi hoặc dùng tệp lịch sử khác. "
        "Tệp không bị thay đổi.",
        "en": "{path}: this history file was made by a newer healthkpi (schema {found}; version {version} reads "
        "up to {supported}); upgrade healthkpi or use another history file. The file was left as it was.",
    },
    "history_not_sqlite": {
        "vi": "{path}: không phải tệp lịch sử healthkpi (không phải cơ sở dữ liệu SQLite); chọn tệp khác, "
        "hoặc một tên mới để tạo tệp lịch sử",
        "en": "{path}: is not a healthkpi history file (not an SQLite database); choose another file, or a new "
        "name to start a history",
    },
    "history_not_ours": {
        "vi": "{path}: là cơ sở dữ liệu SQLite của chương trình khác, không phải tệp lịch sử healthkpi; "
        "chọn một tên mới để tạo tệp lịch sử",
        "en": "{path}: is an SQLite database of another program, not a healthkpi history file; choose a new "
        "name to start a history",
    },
    "history_not_file": {
        "vi": "{path}: không phải tệp thường (thư mục, pipe hoặc thiết bị); tệp lịch sử là một tệp",
        "en": "{path}: is not an ordinary file (a folder, a pipe or a device); the history is one file",
    },
    "history_no_folder": {
        "vi": "{path}: thư mục {folder} không tồn tại",
        "en": "{path}: the folder {folder} does not exist",
    },
    "history_unreadable": {
        "vi": "{path}: không đọc hoặc ghi được tệp lịch sử ({reason})",
        "en": "{path}: the history file cannot be read or written ({reason})",
    },
    "sqlite_damaged": {"vi": "tệp lịch sử bị hỏng", "en": "the history file is damaged"},
    "sqlite_not_database": {
        "vi": "đây không phải tệp lịch sử (không phải cơ sở dữ liệu SQLite)",
        "en": "it is not a history file (not an SQLite database)",
    },
    "sqlite_cannot_open": {"vi": "không mở được tệp lịch sử", "en": "the history file cannot be opened"},
    "sqlite_read_only": {
        "vi": "tệp lịch sử chỉ cho phép đọc; không ghi thêm được",
        "en": "the history file is read-only; nothing can be added to it",
    },
    "sqlite_io": {
        "vi": "lỗi đọc/ghi của ổ đĩa khi dùng tệp lịch sử",
        "en": "an input/output error of the disk while using the history file",
    },
    "sqlite_full": {"vi": "ổ đĩa đã đầy", "en": "the disk is full"},
    "sqlite_other": {"vi": "lỗi cơ sở dữ liệu SQLite", "en": "SQLite said: {detail}"},
    "history_busy": {
        "vi": "{path}: tệp lịch sử đang được một lần chạy khác ghi quá {seconds} giây; thử lại sau",
        "en": "{path}: another run has been writing the history file for over {seconds} seconds; try again later",
    },
    "history_empty": {
        "vi": "{path}: tệp lịch sử chưa ghi lần chạy nào{of_plan}",
        "en": "{path}: the history file holds no run{of_plan}",
    },
    "history_no_trend": {
        "vi": "{path}: không có kết quả nào cho {what} trong các lần chạy đã ghi",
        "en": "{path}: no recorded run has a result for {what}",
    },
    "no_history_file": {
        "vi": "{path}: không có tệp lịch sử này",
        "en": "{path}: no such history file",
    },
}

UI: dict[str, dict[str, str]] = {
    "follow_up": {"vi": "Theo dõi", "en": "Follow-up"},
    "changes": {"vi": "Thay đổi so với lần chạy trước", "en": "Changes since the last run"},
    "changes_since": {
        "vi": "Lần chạy #{run}, so với lần chạy #{since} ({time})",
        "en": "Run #{run}, against run #{since} ({time})",
    },
    "changes_first": {
        "vi": "Lần chạy #{run} đã được ghi vào {history}; chưa có lần chạy trước của kế hoạch này trên các đơn vị này",
        "en": "Run #{run} recorded in {history}; no earlier run of this plan on these units to compare with",
    },
    "no_changes": {"vi": "Không có gì thay đổi.", "en": "Nothing changed."},
    "change_status": {"vi": "Kết quả thay đổi", "en": "Status changed"},
    "change_revised": {"vi": "Số liệu được sửa", "en": "Figure revised"},
    "change_new_issue": {"vi": "Vấn đề mới", "en": "New issue"},
    "change_resolved_issue": {"vi": "Vấn đề đã hết", "en": "Issue resolved"},
    "n_status_changes": {"vi": "{n} kết quả thay đổi", "en": "{n} status changes"},
    "n_revised": {"vi": "{n} số liệu được sửa", "en": "{n} revised figures"},
    "n_new_issues": {"vi": "{n} vấn đề mới", "en": "{n} new issues"},
    "n_resolved_issues": {"vi": "{n} vấn đề đã hết", "en": "{n} resolved issues"},
    "more_lines": {"vi": "… và {n} dòng khác (đầy đủ: -f json)", "en": "… and {n} more (all of them: -f json)"},
    "actions": {"vi": "Chỉ tiêu chưa đạt và hành động", "en": "Missed targets and actions"},
    "actions_summary": {
        "vi": "{missed} kết quả chưa đạt, {without} trong đó chưa có hành động (danh sách đầy đủ: healthkpi actions "
        "… -o actions.xlsx, hoặc trang tính Theo dõi trong Excel); {actions} hành động đang mở, {overdue} quá hạn",
        "en": "{missed} missed targets, {without} of them without an action (the full list: healthkpi actions … "
        "-o actions.xlsx, or the Follow-up sheet in Excel); {actions} open actions, {overdue} overdue",
    },
    "no_action": {"vi": "chưa có hành động", "en": "no action yet"},
    "overdue": {"vi": "quá hạn", "en": "overdue"},
    "due_on": {"vi": "hạn {due}", "en": "due {due}"},
    "action": {"vi": "Hành động", "en": "Action"},
    "owner": {"vi": "Người phụ trách", "en": "Owner"},
    "due": {"vi": "Hạn", "en": "Due"},
    "action_state": {"vi": "Trạng thái", "en": "Status"},
    "action_open": {"vi": "chưa thực hiện", "en": "open"},
    "action_in_progress": {"vi": "đang thực hiện", "en": "in progress"},
    "action_done": {"vi": "hoàn thành", "en": "done"},
    "action_cancelled": {"vi": "hủy", "en": "cancelled"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "unchanged_totals": {
        "vi": "{n} chỉ tiêu khác: tổng không đổi qua các lần chạy",
        "en": "{n} other indicators: the total is the same in every run",
    },
    "change_kind": {"vi": "Loại", "en": "Kind"},
    "history_trend": {"vi": "Tổng qua các lần chạy", "en": "The total across runs"},
    "run": {"vi": "Lần chạy", "en": "Run"},
    "time": {"vi": "Thời gian", "en": "Time"},
    "runs_listed": {"vi": "{n} lần chạy trong {path}", "en": "{n} runs in {path}"},
    "trend": {"vi": "Xu hướng", "en": "Trend"},
    "points": {"vi": "{n} điểm", "en": "{n} points"},
    "actions_written": {
        "vi": "Đã ghi {path}: {missed} chỉ tiêu chưa đạt, {carried} hành động mang sang",
        "en": "Wrote {path}: {missed} missed targets, {carried} actions carried over",
    },
    "actions_sheet_note": {
        "vi": "Điền hành động, người phụ trách, hạn (ngày/tháng/năm) và trạng thái (chưa thực hiện, đang thực hiện, "
        "hoàn thành, hủy); dòng không có hành động được bỏ qua. Ghi tệp này vào actions: của kế hoạch để lần "
        "chạy sau hiển thị.",
        "en": "Fill in the action, owner, due date and status (open, in progress, done, cancelled); rows without "
        "an action are skipped. Name this file in the plan's actions: to see it in the next run.",
    },
}

SHEETS: dict[str, dict[str, str]] = {
    "follow_up": {"vi": "Theo dõi", "en": "Follow-up"},
    "actions": {"vi": "Hành động", "en": "Actions"},
}
