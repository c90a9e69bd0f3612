"""Why an eligible need item got nothing: how many points per unit it was short.

After an optimal flow, pushing one unit into an unfunded item i means sending it round a cycle
of the residual graph that uses the arc i -> school; the cheapest such cycle costs exactly what
the plan would lose. So the item's shortfall is the cost of that cycle: had its score been
higher by more than this many points per unit, the optimum would fund it; by this many or fewer,
the current plan stays optimal. It is an exact reduced cost: with node potentials D (the
distance to the sink in the residual graph, found by Bellman-Ford) every residual arc has a
non-negative reduced cost, and Dijkstra from the item's school finds the cheapest cycle (with
a bucket per distance, numpy throughout: ``_distances``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from ecosystem.matching.engine import Solution
from ecosystem.matching.network import Network, Role
from ecosystem.matching.scoring import IntArray

_UNREACHABLE = 2**62


def shortfalls(solution: Solution, item_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Points per unit by which each unfunded eligible item missed out (all of them by default).

    Reads the pledge flow; co-funding comes after it and does not change the answer.
    """
    wanted = solution.unfunded if item_ids is None else tuple(item_ids)
    unfunded = set(solution.unfunded)
    network = solution.network
    position = {item.id: k for k, item in enumerate(solution.instance.items)}
    school_of = _school_of_item(network)
    targets: dict[int, list[int]] = defaultdict(list)
    for item_id in wanted:
        if item_id not in unfunded:
            raise ValueError(f"item {item_id} is not an unfunded eligible item")
        item = position[item_id]
        school = network.school_node(int(school_of[item]))
        targets[school].append(network.item_node(item))
    if not targets:
        return {}

    tail, head, cost = _residual(network)
    potential = _distance_to_sink(len(network.supply), network.sink, tail, head, cost)
    usable = (potential[tail] < _UNREACHABLE) & (potential[head] < _UNREACHABLE)
    tail, head = tail[usable], head[usable]
    reduced = cost[usable] + potential[head] - potential[tail]
    order = np.argsort(tail, kind="stable")
    starts = np.searchsorted(tail[order], np.arange(len(network.supply) + 1))
    heads, weights = head[order], reduced[order]

    item_arc = np.flatnonzero(network.role == Role.ITEM_SCHOOL)
    closing = {
        int(network.tail[a]): int(
            network.cost[a] + potential[network.head[a]] - potential[network.tail[a]]
        )
        for a in item_arc.tolist()
    }
    result: dict[str, int] = {}
    for school, nodes in sorted(targets.items()):
        distances = _distances(starts, heads, weights, school, np.array(nodes, np.int64))
        for node, distance in zip(nodes, distances.tolist(), strict=True):
            if distance >= _UNREACHABLE:
                raise RuntimeError("an unfunded item's school cannot reach it: flow not optimal")
            item = node - network.n_pledges
            result[solution.instance.items[item].id] = distance + closing[node]
    return result


def _school_of_item(network: Network) -> IntArray:
    arcs = np.flatnonzero(network.role == Role.ITEM_SCHOOL)
    schools = np.full(network.n_items, -1, np.int64)
    schools[network.target[arcs]] = network.head[arcs] - network.n_pledges - network.n_items
    return schools


def _residual(network: Network) -> tuple[IntArray, IntArray, IntArray]:
    forward = network.flow < network.capacity
    backward = network.flow > 0
    tail = np.concatenate([network.tail[forward], network.head[backward]])
    head = np.concatenate([network.head[forward], network.tail[backward]])
    cost = np.concatenate([network.cost[forward], -network.cost[backward]])
    return tail, head, cost


def _distance_to_sink(
    n_nodes: int, sink: int, tail: IntArray, head: IntArray, cost: IntArray
) -> IntArray:
    """Bellman-Ford towards the sink; an optimal flow leaves no negative cycle to loop on."""
    distance = np.full(n_nodes, _UNREACHABLE, np.int64)
    distance[sink] = 0
    for _ in range(n_nodes):
        known = distance[head] < _UNREACHABLE
        updated = distance.copy()
        np.minimum.at(updated, tail[known], cost[known] + distance[head[known]])
        if np.array_equal(updated, distance):
            return distance
        distance = updated
    raise RuntimeError("the residual graph has a negative cycle: the flow is not optimal")


def _distances(
    starts: IntArray, heads: IntArray, weights: IntArray, source: int, targets: IntArray
) -> IntArray:
    """Distances from ``source`` to ``targets`` over non-negative integer weights.

    Dijkstra with a bucket per distance (Dial): the reduced costs are small integers, so the
    buckets are few, and each is settled breadth first over its zero-weight arcs, a whole
    frontier of nodes per numpy step. Stops once every target is settled.
    """
    distance = np.full(len(starts) - 1, _UNREACHABLE, np.int64)
    settled = np.zeros(len(starts) - 1, bool)
    distance[source] = 0
    buckets: dict[int, list[IntArray]] = {0: [np.array([source], np.int64)]}
    while buckets and not settled[targets].all():
        level = min(buckets)
        frontier = np.concatenate(buckets.pop(level))
        while len(frontier):
            frontier = np.sort(frontier[(distance[frontier] == level) & ~settled[frontier]])
            frontier = frontier[np.diff(frontier, prepend=-1) > 0]
            settled[frontier] = True
            count = starts[frontier + 1] - starts[frontier]
            first = np.repeat(starts[frontier] - np.cumsum(count) + count, count)
            arcs = first + np.arange(int(count.sum()))
            head, reach = heads[arcs], level + weights[arcs]
            closer = reach < distance[head]
            head, reach = head[closer], reach[closer]
            np.minimum.at(distance, head, reach)
            frontier = head[reach == level]
            later = reach > level
            for d in set(reach[later].tolist()):
                buckets.setdefault(d, []).append(head[later & (reach == d)])
    result: IntArray = distance[targets]
    return result
