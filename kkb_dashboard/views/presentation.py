"""The page's look in normal and presentation mode, as a CSS style sheet (pure: a flag in, a `<style>` out).

Both modes start the page higher than Streamlit does (a 1366 × 768 screen has no height to spare), style the headline
and the filter strip and let a KPI card's delta line wrap instead of being cut off.
Presentation mode (`?presentasi=1`) is for a projector: less empty space above the page, no Streamlit header bar,
KPI figures three times the body text (16 px → 48 px) and chart text of at least 14 px, so the headline and the
cards fit in a 1366 × 768 window.
"""

from __future__ import annotations

#: The link parameter that turns presentation mode on.
LINK_KEY = "presentasi"

_COMMON = """
[data-testid="stMainBlockContainer"]{padding-top:3rem}
.kkb-view{margin:0 0 .25rem 0}
div.kkb-headline{font-size:1.15rem;font-weight:600;line-height:1.35;margin:0 0 .4rem 0;color:#1f2933}
.kkb-strip{display:flex;flex-wrap:wrap;gap:.35rem .5rem;align-items:center;font-size:.9rem}
.kkb-chip{background:#f0f2f6;border-radius:1rem;padding:.15rem .7rem;white-space:nowrap}
.kkb-chip-on{background:#fde2c4;border:1px solid #e66101}
.kkb-filter-note{color:#a34400;font-weight:600}
[data-testid="stMetricDelta"],[data-testid="stMetricDelta"] div{white-space:normal !important;
overflow:visible !important}
[class*="st-key-kkbloading_"],.st-key-kkbchartcode{display:none}
"""

_PRESENTING = """
[data-testid="stHeader"]{background:transparent;height:2.5rem}
[data-testid="stToolbarActions"],[data-testid="stDecoration"],[data-testid="stAppDeployButton"],
[data-testid="stMainMenu"]{display:none !important}
[data-testid="stMainBlockContainer"]{padding-top:2.2rem !important;padding-bottom:2rem}
h1{font-size:1.9rem !important;padding:0 0 .25rem 0 !important}
div.kkb-headline{font-size:1.5rem;margin-bottom:.5rem}
.kkb-trend figcaption,.kkb-tier-donut figcaption{font-size:16px !important}
.kkb-strip{font-size:1.05rem}
[data-testid="stMetricValue"]{font-size:3rem !important;line-height:1.15}
[data-testid="stMetricLabel"] p{font-size:1.1rem !important}
[data-testid="stMetricDelta"]{font-size:1rem !important}
"""


def css(presenting: bool) -> str:
    """The style sheet for the page: the common rules, plus presentation mode's when `presenting`."""
    return "<style>" + _COMMON + (_PRESENTING if presenting else "") + "</style>"


def from_link(value: str | None) -> bool:
    """`presentasi=1` (or `true`, `ya`) in the link turns presentation mode on."""
    return (value or "").strip().lower() in {"1", "true", "ya", "yes"}
