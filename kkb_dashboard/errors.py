"""The one exception type that carries a message meant for a user (file, row, column and the fix)."""

from __future__ import annotations


class InputError(Exception):
    """Unusable input: the message says what is wrong and how to fix it, in the user's language.

    The CLI turns it into exit code 2 and the UI into an error box; it never reaches a user as a traceback.
    """

    def __init__(self, message: str, *, file: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return f"{self.file}: {self.message}" if self.file else self.message
