"""The overview's map picture as a PNG (for the deck): the same paths and colours as `svg.small_map`'s SVG —
`svg.picture` for the shapes, `classes.feature_colors` for the classes — filled with Pillow.

PowerPoint does not show SVG everywhere (older Office, LibreOffice Impress, phone viewers), and no SVG renderer
with a system library is needed this way. Rings are filled even-odd as the SVG is (holes stay open); the picture is
drawn at twice its size and scaled down, which smooths the edges.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from PIL import Image, ImageChops, ImageDraw

from ...rules.filters import Filters
from . import layers, svg
from .classes import feature_colors
from .measures import TIER_METRIC, default_metric, metric_label, unit_text

#: One ring of `svg.picture`'s path data: an absolute start, relative steps, closed.
_RING = re.compile(r"M(-?\d+) (-?\d+)l([-\d ]*)z")
_SUPERSAMPLE = 2
_OUTLINE = (255, 255, 255)


@dataclass(frozen=True)
class MapPicture:
    """The PNG, its size in pixels, and the legend as (colour, label) with the measure's title."""

    png: bytes
    width: int
    height: int
    title: str
    legend: list[tuple[str, str]]


def rings(path: str) -> list[np.ndarray]:
    """The rings of SVG path data written by `svg.picture` as (n, 2) arrays of absolute points."""
    out = []
    for x, y, steps in _RING.findall(path):
        moves = np.array([int(v) for v in steps.split()], dtype=np.int64).reshape(-1, 2)
        start = np.array([[int(x), int(y)]], dtype=np.int64)
        out.append(np.vstack([start, start + np.cumsum(moves, axis=0)]))
    return out


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _fill(image: Image.Image, shape: list[np.ndarray], color: str) -> None:
    """Fill one feature's rings even-odd: each ring toggles the pixels it covers."""
    points = np.vstack(shape)
    left, top = points.min(axis=0)
    right, bottom = points.max(axis=0) + 1
    mask = Image.new("1", (int(right - left) + 1, int(bottom - top) + 1), 0)
    for ring in shape:
        if len(ring) < 3:
            continue
        one = Image.new("1", mask.size, 0)
        ImageDraw.Draw(one).polygon([tuple(p) for p in (ring - [left, top]).tolist()], fill=1)
        mask = ImageChops.logical_xor(mask, one)
    image.paste(Image.new("RGB", mask.size, _rgb(color)), (int(left), int(top)), mask)


def draw(width: int, height: int, shapes: list[tuple[list[np.ndarray], str]], margin: int = 4) -> bytes:
    """A PNG of `width` × `height` picture units: each (rings, colour) filled, with white outlines."""
    scale = _SUPERSAMPLE
    size = ((width + 2 * margin) * scale, (height + 2 * margin) * scale)
    image = Image.new("RGB", size, (255, 255, 255))
    scaled = [([(ring + margin) * scale for ring in shape], color) for shape, color in shapes]
    for shape, color in scaled:
        _fill(image, shape, color)
    pen = ImageDraw.Draw(image)
    for shape, _ in scaled:
        for ring in shape:
            pen.line([tuple(p) for p in ring.tolist()] + [tuple(ring[0].tolist())], fill=_OUTLINE, width=scale)
    image = image.resize((width + 2 * margin, height + 2 * margin), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def map_picture(
    f: Filters,
    values: pd.DataFrame,
    lang: str = "id",
    *,
    metric: str | None = None,
    static_dir=None,
    width: int = 1600,
    height: int = 900,
) -> MapPicture | None:
    """The map of the view's sub-regions (`metrics.region_table` rows) as a PNG of at most `width` × `height`
    pixels, in `svg.small_map`'s classes and colours; None when the layer is not built or nothing matches."""
    if values.empty:
        return None
    level, prov = layers.layer_for(f.wilayah)
    w, h, paths = svg.picture(level, prov, values["kode"], static_dir, width=width, height=height)
    if not paths:
        return None
    metric = metric or default_metric(f.wilayah)
    colors, legend = feature_colors(values, metric, lang)
    shapes = [(rings(paths[code]), colors[code]) for code in values["kode"] if code in paths]
    unit = "" if metric == TIER_METRIC else unit_text(metric, lang)
    title = metric_label(metric, lang, f.wilayah) + (f" ({unit})" if unit else "")
    png = draw(w, h, shapes)
    return MapPicture(png, w + 8, h + 8, title, [(color, str(label)) for color, label in legend])
