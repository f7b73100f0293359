"""Administrative boundaries: the pinned upstream SQL dumps or a user's file, converted once and cached per layer.

`source` downloads the upstream dumps (or a mirror's) and `fetch`es a layer, `build` turns a dump into polygons,
`cache` keeps one GeoParquet file per layer, `user_files` reads and imports a user's own file. The names below are
the package's interface for the rest of the app.
"""

from .build import dump_to_frame, parse_dump, path_to_geometry, repair
from .cache import LEVELS, cache_path, cached_files, load, status
from .source import ATTRIBUTION, TIMEOUT_SECONDS, FetchResult, fetch, license_text
from .user_files import BoundaryReport, import_file, read_boundary_file

__all__ = [
    "ATTRIBUTION",
    "LEVELS",
    "TIMEOUT_SECONDS",
    "BoundaryReport",
    "FetchResult",
    "cache_path",
    "cached_files",
    "dump_to_frame",
    "fetch",
    "import_file",
    "license_text",
    "load",
    "parse_dump",
    "path_to_geometry",
    "read_boundary_file",
    "repair",
    "status",
]
