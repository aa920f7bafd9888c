"""A typed registry: how an app above registers something with an app below it (reminder
kinds with notifications, case page sections with complaints) without the lower app
importing it. Keys are unique: two apps cannot silently take the same one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, key: Callable[[T], str], what: str) -> None:
        self._key = key
        self._what = what
        self._items: dict[str, T] = {}

    def register(self, item: T) -> T:
        key = self._key(item)
        if key in self._items and self._items[key] != item:
            raise ValueError(f"{self._what} {key!r} is already registered")
        self._items[key] = item
        return item

    def get(self, key: str) -> T:
        return self._items[key]

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items.values()))
