"""Grouping by shared keys: items that share any key end up in one group.

Union-find over item positions, with a dict from key to the first item that had it, so
grouping n items with k keys each costs O(n k) dict look-ups (no pairwise comparison).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass


class UnionFind:
    """Disjoint sets over 0..n-1; the smaller index is always the root (deterministic)."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def find(self, index: int) -> int:
        root = index
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[index] != root:  # path compression
            self._parent[index], index = root, self._parent[index]
        return root

    def union(self, first: int, second: int) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self._parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        """Members of every set, sets ordered by their smallest member, members ascending."""
        by_root: dict[int, list[int]] = {}
        for index in range(len(self._parent)):
            by_root.setdefault(self.find(index), []).append(index)
        return list(by_root.values())


@dataclass(frozen=True)
class Keyed:
    """One item's identity keys: `keys` join any item; `cross_part_keys` only another part's,
    and only while no part holds two items with that key (then it tells nothing)."""

    part: int
    keys: Sequence[Hashable]
    cross_part_keys: Sequence[Hashable] = ()


def union_by_keys(sets: UnionFind, items: Sequence[Keyed]) -> None:
    """Join every item with the first earlier item that shares one of its keys."""
    ambiguous = _ambiguous_cross_keys(items)
    first_owner: dict[Hashable, int] = {}
    cross_owner: dict[Hashable, tuple[int, int]] = {}  # key -> (first item, its part)
    for index, item in enumerate(items):
        for key in item.keys:
            sets.union(index, first_owner.setdefault(key, index))
        for key in item.cross_part_keys:
            owner, part = cross_owner.setdefault(key, (index, item.part))
            if part != item.part and key not in ambiguous:
                sets.union(index, owner)


def _ambiguous_cross_keys(items: Sequence[Keyed]) -> set[Hashable]:
    """Cross-part keys that two items of one part share (two speakers of one quote)."""
    seen: set[tuple[Hashable, int]] = set()
    ambiguous: set[Hashable] = set()
    for item in items:
        for key in set(item.cross_part_keys):
            if (key, item.part) in seen:
                ambiguous.add(key)
            seen.add((key, item.part))
    return ambiguous


def first_value(values: Iterable[str | None]) -> str | None:
    """The first value a member of a group gives (members in chunk order)."""
    return next((value for value in values if value is not None), None)
