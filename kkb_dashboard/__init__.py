"""Dasbor Kampung KB: data, tiers, scenarios, charts and maps for Indonesia's Kampung Keluarga Berkualitas."""

__version__ = "0.1.0"
