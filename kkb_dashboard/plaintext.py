"""Text from users (link parameters, file names, names, e-mails) made safe for Streamlit's Markdown elements.

`st.warning`, `st.info`, `st.caption`, `st.error`, `st.title` and `st.markdown` read their text as Markdown:
`[Login ulang](http://…)` in a link parameter would become a live link, `**`, `#` or `:red[…]` would restyle the
page. `plain` backslash-escapes every character Markdown (and Streamlit's own `:directive[…]`, `$math$`)
gives a meaning to and breaks bare web and e-mail addresses with an invisible joiner, so the text is shown as
typed and nothing in it is a link; HTML is never enabled for these elements anyway.
"""

from __future__ import annotations

import re

# Characters with a meaning anywhere in a line (CommonMark lets any ASCII punctuation be backslash-escaped):
# emphasis, code, links and images, HTML and entities, strikethrough, tables, math, Streamlit's `:color[…]`,
# e-mail autolinks. A dot is left alone: file names stay readable.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>&~|$:@!])")
# GitHub-flavoured Markdown also links bare `http://…`, `www.…` and `name@host` in text, escaped or not: an
# invisible word joiner (U+2060) inside each of them keeps them text.
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(\\:|\\@|\bwww(?=\.))")
# Block markers count only at the start of the text: a heading, quote, list item or numbered item.
_LEADING = re.compile(r"^(\s*|\s*\d+)((?<=\d)[.)]|(?<!\d)[#>+=-])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def plain(text: object) -> str:
    """`text` as Markdown that renders as exactly this text, on one line (control characters become spaces)."""
    escaped = _SPECIAL.sub(r"\\\1", _CONTROL.sub(" ", str(text)))
    escaped = _AUTOLINK.sub(lambda m: _JOINER + m.group(1) if m.group(1) == "\\@" else m.group(1) + _JOINER, escaped)
    return _LEADING.sub(r"\1\\\2", escaped)
