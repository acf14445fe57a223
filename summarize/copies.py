"""Sources that carry the same text: an article saved twice in one folder, a feed that lists one
item under two addresses, a page given both as a file and as its address.

Such copies are one outlet's article, not two outlets that carried it: crediting both would count
it twice as corroboration and as a story's size. The first copy in input order is used; each later
one is skipped with the name of the first. Texts are compared whitespace-insensitively by their
64-bit hash (`state.text_key`), so a re-wrapped copy is the same text.
"""

from __future__ import annotations

SAME_TEXT = "the same text as "  # the start of the reason a later copy is skipped


class FirstCopies:
    """The first source of each cleaned text met so far, by its text's key."""

    def __init__(self) -> None:
        self._first: dict[int, str] = {}

    def reason(self, key: int) -> str | None:
        """Why a source of this key is skipped (a copy of one used before), or None."""
        first = self._first.get(key)
        return None if first is None else f"{SAME_TEXT}{first}"

    def keep(self, key: int, name: str) -> None:
        """Remember a used source's key, so that its later copies are skipped."""
        self._first.setdefault(key, name)
