"""Rows with a random unique code (registration references, badge codes, transfer references)."""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

T = TypeVar("T")


def create_with_unique_code(create: Callable[[str], T], new_code: Callable[[], str], *,
                            attempts: int, what: str) -> T:
    """``create(code)`` with a freshly drawn code, drawing again when the database's unique
    constraint says it is taken. Each attempt runs in its own savepoint, so a collision leaves the
    caller's transaction usable. Codes are long enough that a second draw is already rare; after
    ``attempts`` collisions something else is wrong, and RuntimeError says what was drawn."""
    for _attempt in range(attempts):
        try:
            with transaction.atomic():
                return create(new_code())
        except IntegrityError:
            continue
    raise RuntimeError(f"Could not draw an unused {what}.")
