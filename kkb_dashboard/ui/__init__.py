"""The only package that imports streamlit: cached loaders, the shared view and sidebar, and small widgets.

Pages call `ui.X` (`from kkb_dashboard import ui`): the names below are the interface they use; each lives in
the module named after what it holds.
"""

from ..plaintext import plain
from .data import IMPORT_LOG_ORDER, cached, data_version, database, import_log, lang, prefetch, tr
from .login import PAGE_PATHS, account_box, current_user, gate, login_configured, users_admin
from .shared_view import (
    ICON,
    current_filters,
    go_to,
    go_to_region,
    months,
    page_style,
    presenting,
    selected_region,
    sidebar,
    view_header,
)
from .upload import import_upload, preview_upload, run_import, upload_key, upload_result
from .widgets import (
    chart_code_ahead,
    data_errors_help,
    data_folder_note,
    data_source_note,
    friendly_errors,
    kpi_cards,
    map_loading,
    meeting_month,
    page_help,
    sheet_choice,
    small_map,
    table,
    table_downloads,
)

__all__ = [
    "ICON",
    "IMPORT_LOG_ORDER",
    "PAGE_PATHS",
    "account_box",
    "cached",
    "chart_code_ahead",
    "current_filters",
    "current_user",
    "data_errors_help",
    "data_folder_note",
    "data_source_note",
    "data_version",
    "database",
    "friendly_errors",
    "gate",
    "go_to",
    "go_to_region",
    "import_log",
    "import_upload",
    "kpi_cards",
    "lang",
    "login_configured",
    "map_loading",
    "meeting_month",
    "months",
    "page_help",
    "page_style",
    "plain",
    "prefetch",
    "presenting",
    "preview_upload",
    "run_import",
    "selected_region",
    "sheet_choice",
    "sidebar",
    "small_map",
    "table",
    "table_downloads",
    "tr",
    "upload_key",
    "upload_result",
    "users_admin",
    "view_header",
]
