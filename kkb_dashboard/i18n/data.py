"""Texts for the data area, keyed by a stable name: {"id": Bahasa Indonesia, "en": English}."""

MESSAGES: dict[str, dict[str, str]] = {
}
