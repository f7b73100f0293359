"""The user guide (docs/panduan/, Bahasa Indonesia; docs/guide/, English) as the app's help: which section of the
guide belongs to which page, and that section's Markdown made fit to show inside the app.

The guide is our own text, read at run time from the repository, so the in-app help and the guide never disagree
and the help works offline. Pictures are left out (they are files beside the guide, not served by the app), and
links to other sections become the section's name with its file path, which a user can open from the folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: language → the guide's folder (English falls back to the Indonesian guide while docs/guide/ is absent)
FOLDERS = {"id": ROOT / "docs" / "panduan", "en": ROOT / "docs" / "guide"}
#: page → (file, heading anchor) of the guide section that explains it, per language
SECTIONS: dict[str, dict[str, tuple[str, str]]] = {
    "ringkasan": {
        "id": ("rapat.md", "1-ringkasan-pesan-utama-dalam-lima-detik"),
        "en": ("meeting.md", "1-overview-the-message-in-five-seconds"),
    },
    "peta": {
        "id": ("rapat.md", "2-peta-sampai-ke-satu-desa"),
        "en": ("meeting.md", "2-map-down-to-one-village"),
    },
    "kegiatan": {"id": ("rapat.md", "5-kegiatan"), "en": ("meeting.md", "5-activities")},
    "klasifikasi": {
        "id": ("membaca-klasifikasi.md", "aturannya-dalam-tiga-langkah"),
        "en": ("reading-tiers.md", "the-rule-in-three-steps"),
    },
    "simulasi": {
        "id": ("rapat.md", "4-simulasi-menuju-target"),
        "en": ("meeting.md", "4-what-if-toward-the-target"),
    },
    "tindak_lanjut": {
        "id": ("rapat.md", "6-sejak-rapat-lalu-dan-daftar-tindak-lanjut"),
        "en": ("meeting.md", "6-since-the-last-meeting-and-follow-up-lists"),
    },
    "data": {
        "id": ("menyiapkan-data.md", "mengimpor-di-halaman-data"),
        "en": ("preparing-data.md", "importing-on-the-data-page"),
    },
}
#: where the Data page's error messages point: how to prepare and fix a file
DATA_ERRORS = {
    "id": ("menyiapkan-data.md", "kesalahan-yang-sering-terjadi"),
    "en": ("preparing-data.md", "common-mistakes"),
}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Section:
    """One guide section: `title` (its heading), `path` (repository-relative file#anchor) and `markdown` (body)."""

    title: str
    path: str
    markdown: str


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def headings(markdown: str) -> list[tuple[int, str]]:
    """Every heading of a Markdown text outside code blocks, as (level, text)."""
    found, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def _cut(markdown: str, anchor: str) -> tuple[str, list[str]]:
    """The heading with `anchor` and the lines under it, up to the next heading of the same or a higher level."""
    lines, start, level, fenced, title = markdown.splitlines(), None, 0, False, ""
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            continue
        if start is not None and len(match.group(1)) <= level:
            return title, lines[start:number]
        if start is None and slug(match.group(2)) == anchor:
            title, start, level = match.group(2), number + 1, len(match.group(1))
    if start is None:
        raise KeyError(f"no heading #{anchor}")
    return title, lines[start:]


def _fit(lines: list[str], folder: str) -> str:
    """Markdown for the app: no pictures, links to other files as 'name (docs/…/file.md)', smaller headings."""
    text = _IMAGE.sub("", "\n".join(lines))

    def link(match: re.Match) -> str:
        label, target = match.group(1), match.group(2)
        if "://" in target:
            return match.group(0)
        return f"{label} (`{folder}/{target}`)" if not target.startswith("#") else label

    text = _LINK.sub(link, text)
    text = re.sub(r"^#{1,6}\s+", "##### ", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def section(page: str, lang: str = "id") -> Section:
    """The guide section for `page` in `lang` (the Indonesian guide when the English one is missing)."""
    return _read(*SECTIONS[page].get(lang, SECTIONS[page]["id"]), lang, page)


def data_errors(lang: str = "id") -> Section:
    """The guide section that explains the importer's messages and how to fix a file."""
    return _read(*DATA_ERRORS.get(lang, DATA_ERRORS["id"]), lang, None)


def _read(file: str, anchor: str, lang: str, page: str | None) -> Section:
    path = FOLDERS.get(lang, FOLDERS["id"]) / file
    if not path.exists():  # no guide in this language yet: the Indonesian one
        file, anchor = SECTIONS[page]["id"] if page else DATA_ERRORS["id"]
        path = FOLDERS["id"] / file
    title, lines = _cut(path.read_text(encoding="utf-8"), anchor)
    folder = path.parent.relative_to(ROOT).as_posix()
    return Section(title=title, path=f"{folder}/{file}#{anchor}", markdown=_fit(lines, folder))
