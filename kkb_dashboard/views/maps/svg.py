"""The overview's small map as SVG: the layer's outlines as path data (`picture`, also filled by `png`) coloured
in the map's classes, each region naming itself and its value on hover. No plotly, no WebGL."""

from __future__ import annotations

import functools
import html
import json
import os
import threading
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ...rules.filters import Filters
from . import layers
from .classes import feature_colors
from .measures import TIER_METRIC, default_metric, measure_frame, metric_label, unit_text, value_texts


def small_map(
    f: Filters, values: pd.DataFrame, lang: str = "id", *, metric: str | None = None, static_dir=None
) -> str | None:
    """The overview's compact map of the view as HTML: an SVG picture of the sub-regions in the map's classes and
    colours, each naming itself and its value on hover, and the legend below. No plotly, no WebGL: it draws at
    once on any PC. None when the layer is not built yet or nothing matches (say so and point to the Peta page).
    """
    level, prov = layers.layer_for(f.wilayah)
    if values.empty:
        return None
    width, height, paths = picture(level, prov, values["kode"], static_dir)
    if not paths:
        return None
    metric = metric or default_metric(f.wilayah)
    frame, unit = measure_frame(values, metric)
    colors, legend = feature_colors(values, metric, lang)
    label = metric_label(metric, lang, f.wilayah)
    unit = "" if metric == TIER_METRIC else unit_text(metric, lang, unit)
    shapes = []
    for code, name, shown in zip(frame["kode"], frame["nama"], value_texts(frame, metric, unit, lang), strict=True):
        if code in paths:
            tip = html.escape(f"{name} ({code})\n{label}: {shown}")
            shapes.append(f'<path d="{paths[code]}" fill="{colors[code]}"><title>{tip}</title></path>')
    keys = "".join(
        f'<span style="white-space:nowrap;margin-right:12px"><span style="display:inline-block;'
        f"width:12px;height:12px;background:{c};border:1px solid #999;vertical-align:middle;"
        f'margin-right:4px"></span>{html.escape(str(text))}</span>'
        for c, text in legend
    )
    title = html.escape(label + (f" ({unit})" if unit else ""))
    return (
        f'<figure class="kkb-small-map" style="margin:0">'
        f"<style>.kkb-small-map path:hover{{stroke:#222;stroke-width:1.5}}</style>"
        f'<svg viewBox="-2 -2 {width + 4} {height + 4}" role="img" aria-label="{title}" '
        f'style="width:100%;height:auto;max-height:320px;display:block" stroke="#fff" stroke-width="0.6" '
        f'stroke-linejoin="round" fill-rule="evenodd">{"".join(shapes)}</svg>'
        f'<figcaption style="font-size:13px;line-height:1.8"><b>{title}</b><br>{keys}</figcaption></figure>'
    )


# --- a small picture of the layer (SVG) ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outline:
    """A feature's rings (exteriors and holes) one after another, projected: x in radians of longitude, y Web
    Mercator; ring `i` is `x[starts[i]:starts[i + 1]]`."""

    x: np.ndarray
    y: np.ndarray
    starts: np.ndarray


#: Held while a layer's outlines are read: the server's start-up reads the national ones while the first page
#: already runs (`warmup`), and a page that needs them meanwhile waits for that read instead of doing it twice.
_READING = threading.Lock()


def _outlines(path: str, mtime: float) -> dict[str, Outline]:
    with _READING:
        return _read_outlines(path, mtime)


@functools.lru_cache(maxsize=8)
def _read_outlines(path: str, mtime: float) -> dict[str, Outline]:
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    out = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [ring for polygon in polygons for ring in polygon]
        points = np.asarray([point for ring in rings for point in ring], dtype=float).reshape(-1, 2)
        starts = np.cumsum([0] + [len(ring) for ring in rings])
        out[feature["properties"]["kode"]] = Outline(np.radians(points[:, 0]), _mercator_y(points[:, 1]), starts)
    return out


def _mercator_y(lat: np.ndarray) -> np.ndarray:
    return np.log(np.tan(np.pi / 4 + np.radians(np.clip(lat, -85.0, 85.0)) / 2))


#: A ring smaller than this on the picture (units²) is left out, unless it is the region's largest: specks of
#: islands would only add bytes.
_MIN_PICTURE_AREA = 3.0


def _path(outline: Outline, left: float, top: float, scale: float) -> str:
    """SVG path data of one feature: each ring snapped to whole units, repeated points dropped, in relative
    moves; rings under `_MIN_PICTURE_AREA` dropped but the largest."""
    x = np.rint((outline.x - left) * scale).astype(np.int64)
    y = np.rint((top - outline.y) * scale).astype(np.int64)
    ring = np.repeat(np.arange(len(outline.starts) - 1), np.diff(outline.starts))
    keep = np.ones(len(x), dtype=bool)
    keep[1:] = (np.diff(x) != 0) | (np.diff(y) != 0) | (np.diff(ring) != 0)
    x, y, ring = x[keep], y[keep], ring[keep]
    starts = np.flatnonzero(np.r_[True, np.diff(ring) != 0])
    ends = np.r_[starts[1:], len(x)]
    nxt = np.arange(1, len(x) + 1)
    nxt[ends - 1] = starts  # each ring closes on its first point
    area = np.abs(np.add.reduceat(x * y[nxt] - x[nxt] * y, starts)) / 2
    counts = ends - starts
    largest = int(np.argmax(np.where(counts >= 3, area, -1)))
    steps = []
    for index, (start, end) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if counts[index] < 3 or (area[index] < _MIN_PICTURE_AREA and index != largest):
            continue
        moves = np.column_stack([np.diff(x[start:end]), np.diff(y[start:end])]).ravel().tolist()
        steps.append(f"M{x[start]} {y[start]}l" + " ".join(map(str, moves)) + "z")
    return "".join(steps)


@functools.lru_cache(maxsize=64)
def _picture(
    path: str, mtime: float, codes: tuple[str, ...], width: int, height: int
) -> tuple[int, int, dict[str, str]]:
    shapes = _outlines(path, mtime)
    found = [(code, shapes[code]) for code in codes if code in shapes]
    if not found:
        return 0, 0, {}
    left = min(o.x.min() for _, o in found)
    right = max(o.x.max() for _, o in found)
    bottom = min(o.y.min() for _, o in found)
    top = max(o.y.max() for _, o in found)
    scale = min(width / max(right - left, 1e-9), height / max(top - bottom, 1e-9))
    paths = {code: _path(outline, left, top, scale) for code, outline in found}
    return round((right - left) * scale), round((top - bottom) * scale), {c: p for c, p in paths.items() if p}


def read_national_outlines(static_dir: str | os.PathLike | None = None) -> None:
    """Read the national provinsi and kab/kota layers into `picture`'s cache: the overview of Indonesia and of any
    province draws its small map from one of these two files (done at server start, see `warmup`)."""
    for level in layers.NATIONAL_LEVELS:
        path = layers.drawn_path(level, None, static_dir)
        if path.exists():
            _outlines(str(path), path.stat().st_mtime)


def picture(
    level: str,
    prov: str | None,
    codes,
    static_dir: str | os.PathLike | None = None,
    *,
    width: int = 1000,
    height: int = 400,
) -> tuple[int, int, dict[str, str]]:
    """The features of `codes` as SVG path data on a picture of at most `width` × `height` units, Web Mercator
    like the plotly map and framed on these features: (picture width, picture height, code → path). Points are
    snapped to whole units and specks of islands left out, so Indonesia's provinces take ~55 KB instead of the
    file's 590 KB. Cached per file version and codes, so a rerun only colours it; empty when not built (nor
    shipped)."""
    path = layers.drawn_path(level, prov, static_dir)
    if not path.exists():
        return 0, 0, {}
    return _picture(str(path), path.stat().st_mtime, tuple(sorted(codes)), width, height)
