"""Independent parts of an instance, so that runs can go to separate jobs.

Two schools are in the same part when one pledge or co-funding offer could reach both. A
restriction by region prefix reaches a contiguous range of schools in region-code order, so
ranges are merged with a sweep; goods and services join the schools they can actually reach
(category, item, radius). Money and offers go first: a goods or services pledge whose regions
then lie within one part can reach nothing outside it, so it joins that part without its items
being looked at (at L this skips nearly every one). Parts share no pledge, offer or school, so
their optima add up to the optimum of the whole.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import numpy as np

from ecosystem.matching.engine import canonical
from ecosystem.matching.model import Instance, NeedItem, PledgeKind
from ecosystem.matching.scoring import IntArray, ItemTable, code_number, prefix_range


class _Parts:
    """Union-find over schools as a numpy array of parents, plus the region-code ranges swept
    at the end.

    A pledge of goods or services may reach thousands of schools, so a join takes the roots of
    all of them at once (pointer jumping over the array) and hangs every root, and every school
    it was given, directly under one of them; the trees stay flat.
    """

    def __init__(self, codes: list[int]) -> None:
        self.parent = np.arange(len(codes), dtype=np.int64)
        self.order = np.lexsort((np.arange(len(codes)), np.array(codes, np.int64)))
        self.sorted_codes = np.array(codes, np.int64)[self.order]
        self.joined = np.zeros(len(codes) + 1, np.int64)
        # Regions found within one part, with their anchor: parts only ever merge, so a region
        # within one part stays within one, and many pledges name the same regions.
        self.whole: dict[tuple[str, ...], int] = {}

    def roots(self, schools: IntArray) -> IntArray:
        """The root of each school."""
        found = self.parent[schools]
        while True:
            above = self.parent[found]
            if np.array_equal(above, found):
                return found
            found = above

    def join(self, schools: IntArray) -> None:
        """Put ``schools`` in one part."""
        if len(schools) < 2:
            return
        roots = np.unique(self.roots(schools))
        self.parent[roots] = roots[0]
        self.parent[schools] = roots[0]

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
        self.join(np.array(anchors, np.int64))
        return anchors[0] if anchors else None

    def within_one_part(self, prefixes: tuple[str, ...]) -> int | None:
        """A school of the regions when all their schools are already in one part, else None."""
        if prefixes in self.whole:
            return self.whole[prefixes]
        found: set[int] = set()
        anchor = None
        for low, high in (prefix_range(p) for p in (prefixes or ("",))):
            start = int(np.searchsorted(self.sorted_codes, low, side="left"))
            stop = int(np.searchsorted(self.sorted_codes, high, side="left"))
            if start < stop:
                found.update(np.unique(self.roots(self.order[start:stop])).tolist())
                anchor = int(self.order[start]) if anchor is None else anchor
            if len(found) > 1:
                return None
        if anchor is not None:
            self.whole[prefixes] = anchor
        return anchor

    def sweep(self) -> None:
        """Join the region ranges recorded so far."""
        covered = np.cumsum(self.joined)[: len(self.parent) - 1] > 0
        # Each run of covered positions k joins the schools at k and k + 1, so a run from a to b
        # joins the schools at positions a..b + 1 in code order.
        edges = np.diff(np.concatenate([[0], covered.astype(np.int8), [0]]))
        for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            self.join(self.order[a : b + 1])
        self.joined[:] = 0

    def finish(self) -> list[int]:
        """The part (a representative school) of every school."""
        self.sweep()
        everyone = np.arange(len(self.parent), dtype=np.int64)
        result: list[int] = self.roots(everyone).tolist()
        return result


def split_components(instance: Instance) -> list[Instance]:
    """The instance cut into parts that share no pledge, offer or school, in a stable order.

    A pledge or offer left out can reach no school; one kept may still reach none in its part
    (goods of a category that no school there needs), and the solve leaves it unused.
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
            if anchor is not None:
                home[pledge.id] = anchor
    for offer in instance.offers:
        anchor = parts.join_regions(offer.regions)
        if anchor is not None:
            home[offer.id] = anchor
    parts.sweep()
    for pledge in instance.pledges:
        if pledge.kind is PledgeKind.MONEY:
            continue
        anchor = parts.within_one_part(pledge.regions)
        if anchor is None:
            reached = np.unique(table.school[table.pledge_terms(pledge).items])
            parts.join(reached)
            anchor = int(reached[0]) if len(reached) else None
        if anchor is not None:
            home[pledge.id] = anchor
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
