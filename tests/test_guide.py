"""The guide (docs/panduan/, docs/guide/) stays true to the code: every `python -m kkb_dashboard …` command it shows
parses with the CLI's own parser, every repository path it names exists (or is where the code puts it), every
picture is one docs/screenshots.py makes, every link between sections resolves to a file and a heading, the
importer messages and the tier example it quotes are what the code says today on the demo, and every page shows its
help with the matching guide section in both languages."""

from __future__ import annotations

import ast
import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import open_app

from kkb_dashboard import cli, config, i18n
from kkb_dashboard.rules import explanation
from kkb_dashboard.storage.concurrency import lock_file
from kkb_dashboard.storage.importer import import_file
from kkb_dashboard.views import guide
from kkb_dashboard.views.maps import layers

REPO = Path(__file__).resolve().parent.parent
GUIDES = [folder for folder in (REPO / "docs" / "panduan", REPO / "docs" / "guide") if folder.exists()]
FILES = sorted(path for folder in GUIDES for path in folder.glob("*.md"))
SECTIONS_ID = ["README.md", "memulai.md", "menyiapkan-data.md", "rapat.md", "membaca-klasifikasi.md"]
#: paths the guide names that the app creates at run time (checked against the code that creates them below)
RUNTIME = {"data/kkb.duckdb", "data/kkb.duckdb.lock", "data/uploads/", ".streamlit/secrets.toml", "static/geo/"}
PAGES = sorted(path.stem for path in (REPO / "pages").glob("*.py"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _code_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def _commands(markdown: str) -> list[list[str]]:
    """The arguments after `-m kkb_dashboard` of every command line in the code blocks."""
    found = []
    for block in _code_blocks(markdown):
        for line in block.splitlines():
            if "-m kkb_dashboard " not in line:
                continue
            line = re.split(r"\s+#\s", line)[0]  # a trailing shell comment
            words = shlex.split(line.split("-m kkb_dashboard ", 1)[1])
            found.append([w for w in words if not w.startswith(">")][: _end(words)])
    return found


def _end(words: list[str]) -> int:
    return next((n for n, word in enumerate(words) if word in (">", ">>", "|", "&&")), len(words))


def _repo_paths(markdown: str) -> set[str]:
    """Backticked names that are repository paths: under a top-level folder of the repository, or a root file."""
    top = {path.name for path in REPO.iterdir() if not path.name.startswith(".git")}
    found = set()
    for token in re.findall(r"`([^`\s]+)`", markdown):
        token = token.split("#", 1)[0]
        if "/" in token and token.split("/", 1)[0] in top and "://" not in token:
            found.add(token)
        elif token in {"app.py", "requirements.txt", "requirements-test.txt"}:
            found.add(token)
    return found


def _screenshot_names() -> set[str]:
    """The names docs/screenshots.py writes: the keys of its VIEWS dict (read from the script, not imported)."""
    tree = ast.parse(_text(REPO / "docs" / "screenshots.py"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "VIEWS" for t in node.targets):
            return {key.value for key in node.value.keys}
    raise AssertionError("docs/screenshots.py has no VIEWS")


def test_the_indonesian_guide_has_every_section():
    present = {path.name for path in (REPO / "docs" / "panduan").glob("*.md")}
    assert set(SECTIONS_ID) | {"untuk-pengelola.md"} <= present
    index = _text(REPO / "docs" / "panduan" / "README.md")
    for name in SECTIONS_ID[1:] + ["untuk-pengelola.md"]:
        assert f"]({name})" in index, name


def test_the_english_guide_has_the_same_sections():
    english = ["README.md", "getting-started.md", "preparing-data.md", "meeting.md", "reading-tiers.md"]
    index = _text(REPO / "docs" / "guide" / "README.md")
    for name in english[1:] + ["for-administrators.md"]:
        assert (REPO / "docs" / "guide" / name).exists() and f"]({name})" in index, name
    assert "](../guide/README.md)" in _text(REPO / "docs" / "panduan" / "README.md")
    assert "docs/panduan/" in _text(REPO / "README.md") and "docs/guide/" in _text(REPO / "README.md")


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_command_parses_with_the_cli(path):
    parser = cli._parser()
    for words in _commands(_text(path)):
        try:
            args = parser.parse_args(words)
        except SystemExit:
            pytest.fail(f"{path.name}: python -m kkb_dashboard {' '.join(words)} is not a valid command")
        assert args.command in cli._HANDLERS


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_repository_path_exists(path):
    for name in sorted(_repo_paths(_text(path))):
        assert name in RUNTIME or (REPO / name).exists(), f"{path.name} names `{name}`, which does not exist"


def test_runtime_paths_are_where_the_code_puts_them(monkeypatch):
    monkeypatch.delenv("KKB_DB", raising=False)
    monkeypatch.delenv("KKB_DATA_DIR", raising=False)
    db = config.db_path()
    assert db == REPO / "data" / "kkb.duckdb"
    assert lock_file(db) == REPO / "data" / "kkb.duckdb.lock"
    assert config.uploads_dir(db) == REPO / "data" / "uploads"
    assert (REPO / ".gitignore").read_text().count("data/uploads/") == 1  # originals never land in git
    monkeypatch.delenv("KKB_STATIC_DIR", raising=False)
    assert layers.static_path("provinsi").parent == REPO / "static" / "geo"  # the map files the CLI builds


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_picture_is_made_by_the_screenshot_script(path):
    names = _screenshot_names()
    for target in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _text(path)):
        picture = (path.parent / target).resolve()
        assert picture.parent == REPO / "docs" / "screenshots", target
        assert picture.suffix == ".png" and picture.stem in names, f"{target} is not made by docs/screenshots.py"
        assert picture.exists(), target


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_links_between_sections_resolve(path):
    text = re.sub(r"^```.*?^```", "", _text(path), flags=re.MULTILINE | re.DOTALL)
    for target in re.findall(r"(?<!!)\[[^\]]+\]\(([^)\s]+)\)", text):
        if "://" in target:
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.exists(), f"{path.name}: {target}"
        if anchor:
            slugs = {guide.slug(heading) for _, heading in guide.headings(_text(linked))}
            assert anchor in slugs, f"{path.name}: #{anchor} is no heading of {linked.name}"


DATA_GUIDES = [
    ("panduan/menyiapkan-data.md", "id", "3 dari 3 baris diimpor ke 'kegiatan'."),
    ("guide/preparing-data.md", "en", "3 of 3 rows imported into 'kegiatan'."),
]


@pytest.mark.parametrize(("file", "lang", "done"), DATA_GUIDES)
def test_the_example_file_with_one_mistake_gives_the_quoted_messages(tmp_path, db, file, lang, done):
    """The guide's monthly activity file: its one mistake and the fix give exactly the texts the guide shows."""
    text = _text(REPO / "docs" / file)
    example = next(block for block in _code_blocks(text) if block.startswith("kode_desa,tanggal"))
    path = tmp_path / "kegiatan_juni.csv"
    path.write_text(example, encoding="utf-8")
    report = import_file(path, "kegiatan", db=db, lang=lang, dry_run=True)
    assert [e.row for e in report.errors] == [3]
    assert f"kegiatan_juni.csv: {report.errors[0].message}" in text
    path.write_text(example.replace("2024-06-31", "2024-06-30"), encoding="utf-8")
    fixed = import_file(path, "kegiatan", db=db, lang=lang)
    assert fixed.exit_code == 0 and fixed.rows_imported == 3
    assert done in text


@pytest.mark.parametrize(("file", "lang", "done"), DATA_GUIDES)
def test_the_common_mistakes_table_quotes_the_importer(tmp_path, db, file, lang, done):
    """Each row problem the table quotes, made again from a small file, reads word for word as in the guide."""
    text = _text(REPO / "docs" / file)
    path = tmp_path / "a.csv"
    path.write_text(
        "kode_desa,tanggal,jenis_kegiatan,jumlah,peserta\n36.72.01.9999,2024-07-05,Posyandu,1,35\n"
        "36.72.01.1003,2024-07-05,Posyandu,-2,35\n36.72.01.1003,2024-07-05,Posyandu,1,1_000\n"
        "36.72.01.1003,2024-07-05,,1,3\n",
        encoding="utf-8",
    )
    report = import_file(path, "kegiatan", db=db, lang=lang, dry_run=True)
    assert len(report.errors) == 5
    for error in report.errors:
        assert f"`{error.message}`" in text, error.message
    path.write_text("kode_wilayah,tahun,target_mandiri_plus_persen\n36.72,2025,140\n", encoding="utf-8")
    (error,) = import_file(path, "target", db=db, lang=lang, dry_run=True).errors
    assert f"`{error.message}`" in text


@pytest.mark.parametrize(("file", "lang"), [("panduan/membaca-klasifikasi.md", "id"), ("guide/reading-tiers.md", "en")])
def test_the_worked_tier_example_is_the_demo_profile(file, lang):
    """KKB Raudhatunnisa (Bagendung), profile of July 2024 in data/demo: indices, tier and lift as the guide says."""
    text = " ".join(_text(REPO / "docs" / file).split())  # lines rewrapped
    report = import_file(REPO / "data" / "demo" / "profil.csv", "profil", lang=lang, dry_run=True)
    rows = report.frame[(report.frame["kode_desa"] == "36.72.02.1001") & (report.frame["periode"] == "2024-07")]
    card = explanation.explain(rows.iloc[0], lang)
    assert card["klasifikasi"] == "Dasar"
    for index in card["indeks"].values():
        assert index["teks"].split(":")[0] in text  # "Indeks Input 2,80 (3 + 4 + 4 + 2 + 1)"
    assert card["naik"]["ringkasan"] in text and card["naik"]["teks"][0] in text
    for score in card["skor"].values():
        value = score["teks"].rsplit(" → ", 1)[0].split(": ", 1)[1]  # "6 (APBD, APBN, …)", "995 peserta KB ÷ …"
        assert value in text or value.split(" (")[0] + " (" in text, value


MEETING = {
    "id": (
        "panduan/rapat.md",
        "{n} Kampung KB di {desa} kelurahan ({cover} %); {dasar} Dasar",
        "Mandiri plus {plus} dari {n} ({share} %)",
        "{n} Kampung KB, {plus} di antaranya Mandiri plus ({share} %)",
        "**{needed} desa lagi**",
    ),
    "en": (
        "guide/meeting.md",
        "{n} Kampung KB in {desa} kelurahan ({cover} %); {dasar} Dasar",
        "Mandiri plus {plus} of {n} ({share} %)",
        "{n} Kampung KB, {plus} of them Mandiri plus ({share} %)",
        "**{needed} more villages**",
    ),
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_meeting_figures_are_the_demo_figures(demo_db, capsys, lang):
    """Kota Cilegon's December 2024 and Kab. Serang's 2023 what-if, from the CLI on the demo, as the guide says."""
    file, cards, plus_text, serang, needed = MEETING[lang]
    text = " ".join(_text(REPO / "docs" / file).split())
    assert cli.main(["summary", "--wilayah", "36.72", "--periode", "2024-12", "--db", str(demo_db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    count, mix = summary["kampung_kb"], summary["tiers"]
    plus = mix["Mandiri"] + mix["Berkelanjutan"]
    cover = i18n.format_number(summary["coverage_percent"], 2, lang)
    assert cards.format(n=count, desa=summary["desa"], cover=cover, dasar=mix["Dasar"]) in text
    assert plus_text.format(plus=plus, n=count, share=i18n.format_number(100 * plus / count, 2, lang)) in text
    args = ["scenario", "--wilayah", "36.04", "--tahun", "2023", "--target-persen", "40", "--db", str(demo_db)]
    assert cli.main([*args, "--json"]) == 0
    what_if = json.loads(capsys.readouterr().out)
    share = i18n.format_number(what_if["mandiri_plus_percent"], 2, lang)
    assert serang.format(n=what_if["kampung_kb"], plus=what_if["mandiri_plus"], share=share) in text
    assert needed.format(needed=what_if["needed"]) in text
    first = what_if["villages"][0]
    assert f"{first['name']}: {first['change'].split(' (')[0]}" in text


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_page_has_help_and_a_guide_section(lang):
    assert set(guide.SECTIONS) == set(PAGES)
    for page in PAGES:
        assert i18n.t(f"help.{page}", lang) and i18n.CATALOG[f"help.{page}"].get(lang)
        section = guide.section(page, lang)
        assert section.title and len(section.markdown) > 100
        assert "![" not in section.markdown and ".png" not in section.markdown  # no pictures inside the app
        assert not re.search(r"\]\((?!https?://)", section.markdown)  # no links the app could not follow
        assert (REPO / section.path.split("#")[0]).exists()
        last = [line for line in _text(REPO / "pages" / f"{page}.py").splitlines() if line.strip()][-1]
        assert last == f'ui.page_help("{page}")'


def test_a_section_ends_at_the_next_heading_of_its_level():
    section = guide.section("peta", "id")
    assert section.title == "2. Peta: sampai ke satu desa"
    assert "Klik sebuah kecamatan" in section.markdown and "Kegiatan" not in section.markdown
    linked = guide.section("simulasi", "id").markdown  # a link to another file becomes its name and path
    assert "Sukadalem" in linked and "3. Klasifikasi" not in linked
    assert guide.slug("4. Simulasi: menuju target") == "4-simulasi-menuju-target"


@pytest.mark.parametrize(("lang", "heading"), [("id", "Bantuan halaman ini"), ("en", "Help for this page")])
def test_the_page_shows_its_help_in_the_sidebar(demo_db, tmp_path, lang, heading):
    at = open_app("klasifikasi", {"wilayah": "36.72", "lang": lang})
    assert not at.exception
    box = [e for e in at.sidebar.get("popover") if e.proto.popover.label == heading]
    assert len(box) == 1
    shown = " ".join(m.value for m in box[0].markdown)
    assert i18n.t("help.klasifikasi", lang) in shown
    assert "Dasar" in shown and {"id": "3,00", "en": "3.00"}[lang] in shown  # the tier rule from the guide


def test_the_data_page_points_rejected_rows_to_the_guide(demo_db, tmp_path, monkeypatch):
    """An upload with a rejected row shows, under its errors, the guide's section on fixing a file."""
    monkeypatch.chdir(REPO)
    at = open_app("data", {"wilayah": "36.72"})
    label = i18n.t("help.data_errors", "id")
    assert not at.exception and not [e for e in at.expander if e.label == label]
    example = next(b for b in _code_blocks(_text(REPO / "docs/panduan/menyiapkan-data.md")) if b.startswith("kode_"))
    at.selectbox(key="upload_kind").set_value("kegiatan").run()
    at.file_uploader(key="upload_file").set_value(("kegiatan_juni.csv", example.encode(), "text/csv")).run()
    assert not at.exception
    (box,) = [e for e in at.expander if e.label == label]
    shown = " ".join(m.value for m in box.markdown)
    assert "Kesalahan yang sering terjadi" in shown and "docs/panduan/menyiapkan-data.md" in shown
    assert "tidak boleh negatif" in shown
