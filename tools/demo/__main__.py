"""`python -m tools.demo`: rewrite data/demo (seed 2024; the same seed gives byte-identical files)."""

from . import generate

for kind, path in generate().items():
    print(f"{kind:12} {path}  {path.stat().st_size:>9,} bytes")
