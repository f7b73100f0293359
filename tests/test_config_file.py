"""The Streamlit settings file parses as strict TOML: a section written twice makes Streamlit drop settings silently
(the Deploy button came back and static serving stopped, so the map had no geometry)."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_config_is_strict_toml_with_the_settings_the_product_relies_on():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["server"]["enableStaticServing"] is True  # the map's layers are served from static/
    assert settings["server"]["address"] == "127.0.0.1"
    assert settings["client"] == {"showErrorDetails": "none", "toolbarMode": "minimal"}
