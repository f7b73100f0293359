"""Texts of the app's pages and the command line."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.unexpected": {
        "id": "Terjadi kesalahan tak terduga ({error}). Laporkan ke pengelola dasbor beserta berkasnya.",
        "en": "An unexpected error occurred ({error}). Report it to the dashboard's maintainers with the file.",
    },
}
