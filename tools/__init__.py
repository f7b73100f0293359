"""Generators and build scripts run by developers, never by the app: the demo data, the national benchmark data,
the committed map layers. Run from the repository root, e.g. `python -m tools.demo`."""
