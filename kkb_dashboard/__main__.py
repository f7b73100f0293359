"""Entry point for `python -m kkb_dashboard`."""

import sys

from .cli import main

sys.exit(main())
