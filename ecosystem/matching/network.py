"""The flow network of one matching run, as arrays ready for OR-Tools.

Nodes, in this order: one per pledge, one per need item, one per school, the sink, then the
money hubs and the per-school cap nodes. Every arc has a role, so that flows can be read back
as proposals.

Money hubs: a money pledge's score for an item is a donor term (its preference for the item's
category and region) plus a need term (the item's own urgency, deadline and school priority).
The donor term depends only on (region prefix, category), so the pledge can send money to a
(region prefix, category) hub at cost -donor term, and the hub passes it down a tree of finer
prefixes to the items at cost 0; the need term sits on the item -> school arc. Any path from
pledge p to item i then costs exactly -score(p, i) (or more, through a coarser hub that misses
a regional preference, which an optimum never prefers), so the optimum equals the one over
all (pledge, item) pairs with one arc per hub instead of one per pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from ecosystem.matching.model import Instance, Pledge, PledgeKind
from ecosystem.matching.scoring import (
    CODE_DIGITS,
    IntArray,
    ItemTable,
    cap_units,
    coverage_caps,
    units_of_pledge,
)


class Role(IntEnum):
    """What an arc stands for."""

    BYPASS = 0
    PLEDGE_HUB = 1
    HUB_HUB = 2
    HUB_ITEM = 3
    PLEDGE_ITEM = 4
    PLEDGE_CAP = 5
    CAP_ITEM = 6
    ITEM_SCHOOL = 7
    SCHOOL_SINK = 8


@dataclass
class Network:
    """Arcs as parallel arrays; ``flow`` is filled in by the solver.

    ``owner`` is the pledge of pledge-side arcs, ``target`` the item (pair and item arcs) or the
    school (coverage arcs), ``tier`` the coverage tier; ``preference``/``distance`` are the
    per-unit donor terms of pair and hub arcs.
    """

    tail: IntArray
    head: IntArray
    capacity: IntArray
    cost: IntArray
    role: npt.NDArray[np.int8]
    owner: IntArray
    target: IntArray
    tier: IntArray
    preference: IntArray
    distance: IntArray
    supply: IntArray
    n_pledges: int
    n_items: int
    n_schools: int
    hub_order: IntArray
    """Hub nodes, coarser prefixes first, for reading money flow back down the tree."""
    flow: IntArray

    @property
    def sink(self) -> int:
        """The sink node."""
        return self.n_pledges + self.n_items + self.n_schools

    def item_node(self, item: int) -> int:
        """The node of item number ``item``."""
        return self.n_pledges + item

    def school_node(self, school: int) -> int:
        """The node of school number ``school``."""
        return self.n_pledges + self.n_items + school


class _Arcs:
    """Collects arcs in chunks of arrays."""

    def __init__(self) -> None:
        self.chunks: list[tuple[IntArray, ...]] = []

    def add(
        self,
        role: Role,
        tail: IntArray,
        head: IntArray,
        capacity: IntArray,
        cost: IntArray,
        *,
        owner: IntArray | int = -1,
        target: IntArray | int = -1,
        tier: int = -1,
        preference: IntArray | int = 0,
        distance: IntArray | int = 0,
    ) -> None:
        n = len(tail)
        if n == 0:
            return

        def column(value: IntArray | int) -> IntArray:
            return np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy()

        self.chunks.append(
            (
                column(int(role)),
                column(tail),
                column(head),
                column(capacity),
                column(cost),
                column(owner),
                column(target),
                column(tier),
                column(preference),
                column(distance),
            )
        )

    def column(self, k: int) -> IntArray:
        if not self.chunks:
            return np.zeros(0, np.int64)
        return np.concatenate([chunk[k] for chunk in self.chunks])


def _hub_arcs(table: ItemTable, pledge: Pledge) -> dict[tuple[str, int], int]:
    """(region prefix, category) hubs a money pledge feeds, with its per-unit donor term.

    One arc per restriction prefix (national: ""); a preferred region finer than a restriction
    gets its own arc with the regional bonus, so every item is reached by its exact donor term.
    """
    w = table.instance.weights
    restrictions = pledge.regions or ("",)
    arcs: dict[tuple[str, int], int] = {}
    names = {number: name for name, number in table.categories.items()}
    for category in table.pledge_categories(pledge):
        base = w.preferred_category if names[category] in pledge.preferred_categories else 0
        for prefix in restrictions:
            regional = any(prefix.startswith(q) for q in pledge.preferred_regions)
            bonus = base + (w.preferred_region if regional else 0)
            arcs[(prefix, category)] = max(arcs.get((prefix, category), bonus), bonus)
            for preferred in pledge.preferred_regions:
                if preferred.startswith(prefix) and len(preferred) > len(prefix):
                    key = (preferred, category)
                    arcs[key] = max(arcs.get(key, 0), base + w.preferred_region)
    return arcs


def build_network(instance: Instance, table: ItemTable) -> Network:
    """The min-cost flow network of ``instance`` (already in canonical id order)."""
    pledges, schools = instance.pledges, table.schools
    n_p, n_i, n_s = len(pledges), len(instance.items), len(schools)
    item_base, school_base, sink = n_p, n_p + n_i, n_p + n_i + n_s
    next_node = sink + 1
    supply = np.array([units_of_pledge(instance, p) for p in pledges], np.int64)
    big = max(int(supply.sum()), 1)
    arcs = _Arcs()

    live = np.flatnonzero(supply > 0)
    arcs.add(
        Role.BYPASS, live, np.full(len(live), sink), supply[live], np.zeros(len(live), np.int64)
    )

    items = np.flatnonzero(table.units > 0)
    arcs.add(
        Role.ITEM_SCHOOL,
        item_base + items,
        school_base + table.school[items],
        table.units[items],
        -table.need_points[items],
        target=items,
    )
    total = np.bincount(table.school[items], weights=table.units[items], minlength=n_s)
    caps = coverage_caps(instance, total.astype(np.int64))
    for k, value in enumerate(instance.weights.coverage_values):
        has = np.flatnonzero(caps[:, k] > 0)
        arcs.add(
            Role.SCHOOL_SINK,
            school_base + has,
            np.full(len(has), sink),
            caps[has, k],
            np.full(len(has), -value),
            target=has,
            tier=k,
        )

    hub_feeds: list[tuple[int, str, int, int]] = []
    for p in live.tolist():
        pledge = pledges[p]
        cap = cap_units(instance, pledge)
        if pledge.kind is PledgeKind.MONEY and cap is None:
            for (prefix, category), bonus in _hub_arcs(table, pledge).items():
                hub_feeds.append((p, prefix, category, bonus))
            continue
        block = table.pledge_terms(pledge)
        if len(block.items) == 0:
            continue
        pair_cost = -(block.preference + block.distance)
        if cap is None:
            arcs.add(
                Role.PLEDGE_ITEM,
                np.full(len(block.items), p),
                item_base + block.items,
                table.units[block.items],
                pair_cost,
                owner=p,
                target=block.items,
                preference=block.preference,
                distance=block.distance,
            )
            continue
        if cap <= 0:
            continue
        item_schools = table.school[block.items]
        unique_schools, which = np.unique(item_schools, return_inverse=True)
        cap_nodes = next_node + np.arange(len(unique_schools))
        next_node += len(unique_schools)
        arcs.add(
            Role.PLEDGE_CAP,
            np.full(len(cap_nodes), p),
            cap_nodes,
            np.full(len(cap_nodes), cap),
            np.zeros(len(cap_nodes), np.int64),
            owner=p,
        )
        arcs.add(
            Role.CAP_ITEM,
            cap_nodes[which],
            item_base + block.items,
            table.units[block.items],
            pair_cost,
            owner=p,
            target=block.items,
            preference=block.preference,
            distance=block.distance,
        )

    hub_order, next_node = _add_hubs(arcs, table, hub_feeds, next_node, item_base, big)
    node_supply = np.zeros(next_node, np.int64)
    node_supply[:n_p] = supply
    node_supply[sink] = -int(supply.sum())
    return Network(
        tail=arcs.column(1),
        head=arcs.column(2),
        capacity=arcs.column(3),
        cost=arcs.column(4),
        role=arcs.column(0).astype(np.int8),
        owner=arcs.column(5),
        target=arcs.column(6),
        tier=arcs.column(7),
        preference=arcs.column(8),
        distance=arcs.column(9),
        supply=node_supply,
        n_pledges=n_p,
        n_items=n_i,
        n_schools=n_s,
        hub_order=hub_order,
        flow=np.zeros(0, np.int64),
    )


def _add_hubs(
    arcs: _Arcs,
    table: ItemTable,
    feeds: list[tuple[int, str, int, int]],
    next_node: int,
    item_base: int,
    big: int,
) -> tuple[IntArray, int]:
    """Hub nodes, the tree between them, pledge -> hub and hub -> item arcs."""
    keys = sorted({(len(prefix), prefix, category) for _, prefix, category, _ in feeds})
    hub_node = {(prefix, category): next_node + k for k, (_, prefix, category) in enumerate(keys)}
    next_node += len(keys)
    if feeds:
        feed = np.array([(p, hub_node[(prefix, c)], bonus) for p, prefix, c, bonus in feeds])
        arcs.add(
            Role.PLEDGE_HUB,
            feed[:, 0],
            feed[:, 1],
            np.full(len(feed), big),
            -feed[:, 2],
            owner=feed[:, 0],
            preference=feed[:, 2],
        )
    by_category: dict[int, list[str]] = {}
    for _, prefix, category in keys:
        by_category.setdefault(category, []).append(prefix)
    tree_tails: list[int] = []
    tree_heads: list[int] = []
    for category, prefixes in by_category.items():
        present = set(prefixes)
        lengths = sorted({len(p) for p in prefixes}, reverse=True)
        for prefix in prefixes:
            parent = next(
                (prefix[:n] for n in lengths if n < len(prefix) and prefix[:n] in present), None
            )
            if parent is not None:
                tree_tails.append(hub_node[(parent, category)])
                tree_heads.append(hub_node[(prefix, category)])
        _attach_items(arcs, table, category, prefixes, lengths, hub_node, item_base)
    arcs.add(
        Role.HUB_HUB,
        np.array(tree_tails, np.int64),
        np.array(tree_heads, np.int64),
        np.full(len(tree_tails), big),
        np.zeros(len(tree_tails), np.int64),
    )
    order = np.array([hub_node[(prefix, c)] for _, prefix, c in keys], np.int64)
    return order, next_node


def _attach_items(
    arcs: _Arcs,
    table: ItemTable,
    category: int,
    prefixes: list[str],
    lengths: list[int],
    hub_node: dict[tuple[str, int], int],
    item_base: int,
) -> None:
    """Each item of ``category`` hangs under the hub of the longest prefix matching its code."""
    base = category * 10**CODE_DIGITS
    start = np.searchsorted(table.sorted_key, base, side="left")
    stop = np.searchsorted(table.sorted_key, base + 10**CODE_DIGITS, side="left")
    items = np.sort(table.index[start:stop])
    items = items[table.units[items] > 0]
    hub_of = np.full(len(items), -1, np.int64)
    for length in lengths:
        numbers = sorted(int(p) if p else 0 for p in prefixes if len(p) == length)
        wanted = np.array(numbers, np.int64)
        nodes = np.array(
            [hub_node[(str(n).zfill(length) if length else "", category)] for n in numbers],
            np.int64,
        )
        item_prefix = table.code[items] // 10 ** (CODE_DIGITS - length)
        slot = np.clip(np.searchsorted(wanted, item_prefix), 0, len(wanted) - 1)
        match = (hub_of < 0) & (wanted[slot] == item_prefix)
        hub_of[match] = nodes[slot[match]]
    reached = hub_of >= 0
    arcs.add(
        Role.HUB_ITEM,
        hub_of[reached],
        item_base + items[reached],
        table.units[items[reached]],
        np.zeros(int(reached.sum()), np.int64),
        target=items[reached],
    )
