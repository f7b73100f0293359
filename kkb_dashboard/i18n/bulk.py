"""Texts of the bulk (large table) validation path."""

MESSAGES = {
    "bulk.more_issues": {
        "id": "Kolom '{column}': {count} baris lain dengan masalah yang sama tidak ditampilkan "
        "(hanya {shown} pertama): {example}",
        "en": "Column '{column}': {count} more rows with the same problem are not shown "
        "(only the first {shown}): {example}",
        "en_one": "Column '{column}': 1 more row with the same problem is not shown "
        "(only the first {shown}): {example}",
        "plural": "count",
    },
}
