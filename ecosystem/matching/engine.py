"""The matching engine: one exact min-cost flow from pledges to need items.

Units. The flow counts integer *value units* of ``Instance.value_unit_fen`` fen (100 yuan by
default). A money pledge offers ``amount // unit`` units; a goods line or a service slot offers
``quantity * unit value // unit``; an item needs ``remaining value // unit``. Remainders under
one unit are left for direct pledges. Scores are integer points per unit, so costs, flows and
the objective are exact integers.

Network (see ``ecosystem.matching.network``): source supplies are the pledges' units; pledge ->
sink bypass at cost 0, so nothing is forced; money reaches items through (region, category)
hubs, goods and services through direct arcs to eligible items (through a per-school cap node
when the pledge has a cap); item -> school carries the item's need terms; school -> sink is
cut into tiers of strictly decreasing value (by default the first 50% of a school's open need
is worth 30 points a unit, the next 30% 15, the rest 5). A concave utility is exactly a chain of
parallel arcs of falling value, so the min-cost flow spreads resources across schools without
giving up optimality, and an optimum always fills a tier before the next.

Reading the flow back. Direct arcs give (pledge, item) proposals at once; money is followed
down the hub tree, parcel by parcel in id order, so each proposal keeps the donor term it paid.
Coverage points are handed out per school in tier order. Every term is an integer multiple of
the flow on the arc it came from, so the terms of all proposals add up exactly to the optimum.

Goods and services are then rounded to whole items or sessions (largest remainder within the
pledge, never beyond the pledge's quantity nor the item's value). Co-funding offers are
allocated afterwards with the money they match (``ecosystem.matching.cofunding``, HiGHS).

Determinism: the input is first put in id order, so the arcs and therefore OR-Tools' choice
among equally good flows are the same for the same input, whatever order it came in.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from ecosystem.matching.cofunding import MoneyAtSchool, allocate_cofunding
from ecosystem.matching.model import (
    CoFundingProposal,
    Instance,
    PledgeKind,
    Proposal,
    ScoreTerms,
)
from ecosystem.matching.network import Network, Role, build_network
from ecosystem.matching.scoring import IntArray, ItemTable, coverage_points, whole_quantities


@dataclass(frozen=True)
class Solution:
    """The outcome of a run: proposals, their explanations and the optimum.

    ``objective`` is the sum of the terms of all proposals and co-funding proposals;
    ``flow_objective`` is the min-cost flow's optimum (minus its cost) and equals the sum of
    the terms of ``proposals``. ``unfunded`` lists items some pledge could have funded that got
    nothing; ``ecosystem.matching.explain.shortfalls`` says by how many points they lost.
    """

    instance: Instance
    objective: int
    flow_objective: int
    proposals: tuple[Proposal, ...]
    cofunding: tuple[CoFundingProposal, ...]
    unfunded: tuple[str, ...]
    network: Network
    timings: dict[str, float] = field(default_factory=dict)


def canonical(instance: Instance) -> Instance:
    """The same instance with every collection in id order."""
    return replace(
        instance,
        schools=tuple(sorted(instance.schools, key=lambda s: s.id)),
        items=tuple(sorted(instance.items, key=lambda i: i.id)),
        pledges=tuple(sorted(instance.pledges, key=lambda p: p.id)),
        offers=tuple(sorted(instance.offers, key=lambda o: o.id)),
    )


def solve(instance: Instance) -> Solution:
    """Allocate the pledges of ``instance`` to its need items, optimally and explainably."""
    started = time.perf_counter()
    instance = canonical(instance)
    table = ItemTable(instance, instance.schools)
    network = build_network(instance, table)
    built = time.perf_counter()
    cost = run_min_cost_flow(network)
    solved = time.perf_counter()

    pieces = _money_and_direct_pieces(network)
    tier_flow = _tier_flows(network)
    proposals = _proposals(instance, table, pieces, tier_flow)
    flow_objective = -cost

    allocated = np.zeros(len(instance.items), np.int64)
    for (_, item), piece in pieces.items():
        allocated[item] += piece[0]
    money = [
        MoneyAtSchool(pledge=p, school=int(table.school[i]), units=piece[0])
        for (p, i), piece in pieces.items()
        if instance.pledges[p].kind is PledgeKind.MONEY
    ]
    cofunding, cofunding_objective = allocate_cofunding(
        instance, table, money, table.units - allocated, network_tier_residual(network, tier_flow)
    )
    for grant in cofunding:
        allocated[table.item_position[grant.item_id]] += grant.units

    eligible = np.zeros(len(instance.items), dtype=bool)
    pair_roles = np.isin(network.role, [Role.HUB_ITEM, Role.PLEDGE_ITEM, Role.CAP_ITEM])
    eligible[network.target[pair_roles]] = True
    unfunded = tuple(
        instance.items[i].id for i in np.flatnonzero(eligible & (allocated == 0)).tolist()
    )
    finished = time.perf_counter()
    return Solution(
        instance=instance,
        objective=flow_objective + cofunding_objective,
        flow_objective=flow_objective,
        proposals=tuple(proposals),
        cofunding=tuple(cofunding),
        unfunded=unfunded,
        network=network,
        timings={
            "build": built - started,
            "solve": solved - built,
            "read": finished - solved,
        },
    )


def run_min_cost_flow(network: Network) -> int:
    """Solve ``network`` with OR-Tools, store the flows on it and return the optimal cost."""
    if len(network.tail) == 0:
        network.flow = np.zeros(0, np.int64)
        return 0
    solver = SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        network.tail.astype(np.int32),
        network.head.astype(np.int32),
        network.capacity,
        network.cost,
    )
    solver.set_nodes_supplies(np.arange(len(network.supply), dtype=np.int32), network.supply)
    status = solver.solve()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    network.flow = np.asarray(solver.flows(arcs), dtype=np.int64)
    return int(solver.optimal_cost())


# (pledge, item) -> [units, preference points, distance points]
Pieces = dict[tuple[int, int], list[int]]


def _money_and_direct_pieces(network: Network) -> Pieces:
    """The flow as (pledge, item) pieces, each with the donor terms it earned."""
    pieces: Pieces = defaultdict(lambda: [0, 0, 0])
    flow = network.flow
    direct = np.flatnonzero(np.isin(network.role, [Role.PLEDGE_ITEM, Role.CAP_ITEM]) & (flow > 0))
    for arc in direct.tolist():
        f = int(flow[arc])
        piece = pieces[(int(network.owner[arc]), int(network.target[arc]))]
        piece[0] += f
        piece[1] += f * int(network.preference[arc])
        piece[2] += f * int(network.distance[arc])

    parcels: dict[int, list[list[int]]] = defaultdict(list)
    feeds = np.flatnonzero((network.role == Role.PLEDGE_HUB) & (flow > 0))
    for arc in feeds[np.lexsort((network.owner[feeds], network.head[feeds]))].tolist():
        parcels[int(network.head[arc])].append(
            [int(network.owner[arc]), int(network.preference[arc]), int(flow[arc])]
        )
    outs = np.flatnonzero(np.isin(network.role, [Role.HUB_HUB, Role.HUB_ITEM]) & (flow > 0))
    outs = outs[np.lexsort((network.head[outs], network.tail[outs]))]
    by_hub: dict[int, list[int]] = defaultdict(list)
    for arc in outs.tolist():
        by_hub[int(network.tail[arc])].append(arc)
    for hub in network.hub_order.tolist():
        queue = parcels.pop(hub, [])
        position = 0
        for arc in by_hub.get(hub, []):
            wanted = int(flow[arc])
            while wanted > 0:
                pledge, bonus, units = queue[position]
                take = min(units, wanted)
                if network.role[arc] == Role.HUB_HUB:
                    parcels[int(network.head[arc])].append([pledge, bonus, take])
                else:
                    piece = pieces[(pledge, int(network.target[arc]))]
                    piece[0] += take
                    piece[1] += take * bonus
                wanted -= take
                queue[position][2] -= take
                if queue[position][2] == 0:
                    position += 1
    return dict(pieces)


def _tier_flows(network: Network) -> IntArray:
    """Flow per (school, coverage tier)."""
    arcs = np.flatnonzero(network.role == Role.SCHOOL_SINK)
    n_tiers = int(network.tier[arcs].max()) + 1 if len(arcs) else 1
    result = np.zeros((network.n_schools, n_tiers), np.int64)
    result[network.target[arcs], network.tier[arcs]] = network.flow[arcs]
    return result


def network_tier_residual(network: Network, tier_flow: IntArray) -> IntArray:
    """What is left of each school's coverage tiers after the flow."""
    arcs = np.flatnonzero(network.role == Role.SCHOOL_SINK)
    caps = np.zeros_like(tier_flow)
    caps[network.target[arcs], network.tier[arcs]] = network.capacity[arcs]
    return caps - tier_flow


def _proposals(
    instance: Instance, table: ItemTable, pieces: Pieces, tier_flow: IntArray
) -> list[Proposal]:
    """Proposals with their terms; coverage handed out per school in tier order."""
    values = instance.weights.coverage_values
    remaining_tiers = {s: row for s, row in enumerate(tier_flow.tolist())}
    ordered = sorted(
        pieces.items(), key=lambda kv: (int(table.school[kv[0][1]]), kv[0][1], kv[0][0])
    )
    quantities = _whole_quantities(instance, table, pieces)
    proposals: list[Proposal] = []
    for (p, i), (units, preference, distance) in ordered:
        school = int(table.school[i])
        terms = ScoreTerms(
            urgency=units * int(table.urgency[i]),
            deadline=units * int(table.deadline_points[i]),
            school_priority=units * int(table.priority[i]),
            donor_preference=preference,
            distance=distance,
            coverage=coverage_points(values, remaining_tiers[school], units),
        )
        proposals.append(
            Proposal(
                pledge_id=instance.pledges[p].id,
                item_id=instance.items[i].id,
                school_id=table.schools[school].id,
                units=units,
                quantity=quantities[(p, i)],
                terms=terms,
            )
        )
    proposals.sort(key=lambda x: (x.pledge_id, x.item_id))
    return proposals


def _whole_quantities(
    instance: Instance, table: ItemTable, pieces: Pieces
) -> dict[tuple[int, int], int]:
    """What changes hands per piece, pledge by pledge (see ``scoring.whole_quantities``)."""
    by_pledge: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (p, i), (units, _, _) in pieces.items():
        by_pledge[p].append((i, units))
    result: dict[tuple[int, int], int] = {}
    for p, flows in by_pledge.items():
        quantities = whole_quantities(instance, instance.pledges[p], flows, table.value_fen)
        result.update({(p, i): q for i, q in quantities.items()})
    return result
