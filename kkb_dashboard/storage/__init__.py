"""Everything that touches files or the database: readers, validation, import, the store, rollups."""
