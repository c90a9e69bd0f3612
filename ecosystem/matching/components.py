"""Independent parts of an instance, so that runs can go to separate jobs.

Two schools are in the same part when one pledge or co-funding offer could reach both. A
restriction by region prefix reaches a contiguous range of schools in region-code order, so
ranges are merged with a sweep; goods and services join the schools they can actually reach
(category, item, radius). Parts share no pledge, offer or school, so their optima add up to
the optimum of the whole.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

import numpy as np

from ecosystem.matching.engine import canonical
from ecosystem.matching.model import Instance, NeedItem, PledgeKind
from ecosystem.matching.scoring import ItemTable, code_number, prefix_range


class _Parts:
    """Union-find over schools, plus the region-code ranges swept at the end."""

    def __init__(self, codes: list[int]) -> None:
        self.parent = list(range(len(codes)))
        self.order = np.lexsort((np.arange(len(codes)), np.array(codes, np.int64)))
        self.sorted_codes = np.array(codes, np.int64)[self.order]
        self.joined = np.zeros(len(codes) + 1, np.int64)

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, schools: list[int]) -> None:
        for a, b in itertools.pairwise(schools):
            self.parent[self.find(a)] = self.find(b)

    def join_regions(self, prefixes: tuple[str, ...]) -> int | None:
        """Join the schools within the prefixes; return one of them (None if there is none)."""
        anchors = []
        for low, high in (prefix_range(p) for p in (prefixes or ("",))):
            start = int(np.searchsorted(self.sorted_codes, low, side="left"))
            stop = int(np.searchsorted(self.sorted_codes, high, side="left"))
            if start < stop:
                self.joined[start] += 1
                self.joined[stop - 1] -= 1
                anchors.append(int(self.order[start]))
        self.join(anchors)
        return anchors[0] if anchors else None

    def finish(self) -> list[int]:
        """The part (a representative school) of every school."""
        covered = np.cumsum(self.joined)[: len(self.parent) - 1] > 0
        for k in np.flatnonzero(covered).tolist():
            self.parent[self.find(int(self.order[k]))] = self.find(int(self.order[k + 1]))
        return [self.find(s) for s in range(len(self.parent))]


def split_components(instance: Instance) -> list[Instance]:
    """The instance cut into parts that share no pledge, offer or school, in a stable order.

    A pledge or offer that can reach no school is left out.
    """
    instance = canonical(instance)
    schools = instance.schools
    if not schools:
        return []
    table = ItemTable(instance, schools)
    parts = _Parts([code_number(s.region_code) for s in schools])
    home: dict[str, int] = {}
    for pledge in instance.pledges:
        if pledge.kind is PledgeKind.MONEY:
            anchor = parts.join_regions(pledge.regions)
        else:
            reached = np.unique(table.school[table.pledge_terms(pledge).items]).tolist()
            parts.join(reached)
            anchor = reached[0] if reached else None
        if anchor is not None:
            home[pledge.id] = anchor
    for offer in instance.offers:
        anchor = parts.join_regions(offer.regions)
        if anchor is not None:
            home[offer.id] = anchor
    part_of = parts.finish()

    school_number = {school.id: k for k, school in enumerate(schools)}
    items_of: dict[int, list[NeedItem]] = defaultdict(list)
    for item in instance.items:
        items_of[part_of[school_number[item.school_id]]].append(item)
    members: dict[int, list[int]] = defaultdict(list)
    for s, root in enumerate(part_of):
        members[root].append(s)
    result = []
    for root, numbers in sorted(members.items(), key=lambda kv: kv[1][0]):
        result.append(
            replace(
                instance,
                schools=tuple(schools[s] for s in numbers),
                items=tuple(items_of[root]),
                pledges=tuple(
                    p for p in instance.pledges if p.id in home and part_of[home[p.id]] == root
                ),
                offers=tuple(
                    o for o in instance.offers if o.id in home and part_of[home[o.id]] == root
                ),
            )
        )
    return result
