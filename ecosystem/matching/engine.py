"""The matching engine: one exact min-cost flow from pledges to need items.

Units. The flow counts integer *value units* of ``Instance.value_unit_fen`` fen (100 yuan by
default). A money pledge offers ``amount // unit`` units; a goods line or a service slot offers
``quantity * unit value // unit``; an item needs ``remaining value // unit``. Remainders under
one unit are left for direct pledges. Scores are integer points per unit, so costs, flows and
the objective are exact integers.

Network (see ``ecosystem.matching.network``): source supplies are the pledges' units; pledge ->
sink bypass at cost 0, so nothing is forced; money reaches items through (region, category)
hubs, or, when capped per school, through each school's money node; goods and services through
direct arcs to eligible items (through a per-school cap node where a cap can bind), except that
goods reach the items beyond the distance cap through (region, category, item) hubs; item ->
school carries the item's need terms; school -> sink is cut into tiers of strictly decreasing
value (by default the first 50% of a school's open need is worth 30 points a unit, the next
30% 15, the rest 5). A concave utility is exactly a chain of
parallel arcs of falling value, so the min-cost flow spreads resources across schools without
giving up optimality, and an optimum always fills a tier before the next.

Reading the flow back, with numpy throughout. Direct arcs give (pledge, item) proposals at
once; hub flow is followed down the hub trees (and through the school money nodes), parcel by
parcel in id order, so each proposal keeps the donor terms it paid. Coverage points are handed
out per school in tier order. Every term is an integer multiple of the flow on the arc it came
from, so the terms of all proposals add up exactly to the optimum.

Every proposal is then rounded to whole items or sessions, money included (money pays whole
items): the whole part of each flow, then one more for the largest remainders while the pledge
has enough left, and never beyond what the item needs over all pledges nor a per-school cap.
Terms and units stay those of the flow, so they still add up to the optimum. Co-funding offers are
allocated afterwards with the money they match (``ecosystem.matching.cofunding``, HiGHS).

Determinism: the input is first put in id order, so the arcs and therefore OR-Tools' choice
among equally good flows are the same for the same input, whatever order it came in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
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
from ecosystem.matching.scoring import IntArray, ItemTable, round_to_whole


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


def solve(instance: Instance, *, max_arcs: int | None = None) -> Solution:
    """Allocate the pledges of ``instance`` to its need items, optimally and explainably.

    With ``max_arcs``, an instance whose network would pass that many arcs raises
    ``NetworkTooLarge`` while the network is being built, before the solver runs.
    """
    started = time.perf_counter()
    instance = canonical(instance)
    table = ItemTable(instance, instance.schools)
    network = build_network(instance, table, max_arcs)
    built = time.perf_counter()
    cost = run_min_cost_flow(network)
    solved = time.perf_counter()

    pieces = _pieces(network)
    tier_flow = _tier_flows(network)
    quantities = _quantities(instance, table, pieces)
    proposals = _proposals(instance, table, pieces, tier_flow, quantities)
    flow_objective = -cost

    # Co-funding matches the money that changes hands (whole items' worth) and fills what the
    # whole items leave of each item.
    money = np.array([p.kind is PledgeKind.MONEY for p in instance.pledges], dtype=bool)
    paid = money[pieces.pledge] if len(pieces.pledge) else np.zeros(0, bool)
    counts = np.where(paid, quantities // table.unit_value_fen[pieces.item], quantities)
    given = np.bincount(pieces.item, weights=counts, minlength=len(instance.items))
    room = (table.quantity - given.astype(np.int64)) * table.unit_value_fen
    cofunding, cofunding_objective = allocate_cofunding(
        instance,
        table,
        _money_at_schools(instance, table, pieces, quantities, paid),
        np.minimum(room // instance.value_unit_fen, table.units),
        network_tier_residual(network, tier_flow),
    )
    # Unfunded: no flow at all (a flow that rounds to no whole item is still the optimum's,
    # and ``explain`` reads the flow).
    allocated = np.bincount(pieces.item, weights=pieces.units, minlength=len(instance.items))
    allocated = allocated.astype(np.int64)
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
    # Nodes in the network's locality order, arcs sorted by (tail, head) in it: OR-Tools then
    # walks the nodes' arrays nearly in order (measured at M: 80 s to solve in the builder's
    # numbering, 56 s renumbered, 49 s with the arcs sorted too).
    number = network.solver_node
    tail, head = number[network.tail], number[network.head]
    order = np.argsort(tail * len(number) + head, kind="stable")
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        tail[order].astype(np.int32),
        head[order].astype(np.int32),
        network.capacity[order],
        network.cost[order],
    )
    del tail, head
    solver.set_nodes_supplies(number.astype(np.int32), network.supply)
    status = solver.solve()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    network.flow = np.empty(len(order), np.int64)
    network.flow[order] = solver.flows(arcs)
    return int(solver.optimal_cost())


@dataclass(frozen=True)
class Pieces:
    """The flow as (pledge, item) pieces in (pledge, item) order, with the donor terms earned.

    ``preference`` and ``distance`` are points already multiplied by the units.
    """

    pledge: IntArray
    item: IntArray
    units: IntArray
    preference: IntArray
    distance: IntArray


def _pieces(network: Network) -> Pieces:
    """Direct arcs give pieces at once; money and far goods are followed down the hubs
    (``_through_hubs``)."""
    flow = network.flow
    direct = np.flatnonzero(np.isin(network.role, [Role.PLEDGE_ITEM, Role.CAP_ITEM]) & (flow > 0))
    hub_pledge, hub_item, hub_units, hub_preference, hub_distance = _through_hubs(network)
    return _aggregate(
        np.concatenate([network.owner[direct], hub_pledge]),
        np.concatenate([network.target[direct], hub_item]),
        np.concatenate([flow[direct], hub_units]),
        np.concatenate([flow[direct] * network.preference[direct], hub_preference]),
        np.concatenate([flow[direct] * network.distance[direct], hub_distance]),
    )


def _aggregate(
    pledge: IntArray, item: IntArray, units: IntArray, preference: IntArray, distance: IntArray
) -> Pieces:
    """Pieces of the same (pledge, item) added up, in (pledge, item) order."""
    if len(units) == 0:
        return Pieces(pledge, item, units, preference, distance)
    order = np.lexsort((item, pledge))
    pledge, item = pledge[order], item[order]
    starts = np.flatnonzero(
        np.concatenate([[True], (pledge[1:] != pledge[:-1]) | (item[1:] != item[:-1])])
    )
    return Pieces(
        pledge=pledge[starts],
        item=item[starts],
        units=np.add.reduceat(units[order], starts),
        preference=np.add.reduceat(preference[order], starts),
        distance=np.add.reduceat(distance[order], starts),
    )


def _through_hubs(
    network: Network,
) -> tuple[IntArray, IntArray, IntArray, IntArray, IntArray]:
    """Flow followed down the hubs: (pledge, item, units, preference, distance points) per
    parcel.

    A hub's flow is a queue of parcels, each with its pledge and the donor terms it paid: first
    what pledges sent to it in pledge order, then what its parent hubs passed down. The queue is
    poured into the hub's outgoing arcs in head order; an arc to an item may add a bonus of its
    own (a preference node's category bonus). Every hub of
    one depth is poured at once: the parcels and the arcs laid end to end, hub after hub, cut
    at every boundary of either. Every item under a hub is eligible for every pledge feeding it
    or a hub above it, so the parcels form an allocation over (pledge, item) pairs; each pair
    earns at least the terms its parcel paid, and as the flow is optimal, exactly those.
    """
    flow, role, head, tail = network.flow, network.role, network.head, network.tail
    feeds = np.flatnonzero((role == Role.PLEDGE_HUB) & (flow > 0))
    tree = np.flatnonzero(role == Role.HUB_HUB)
    depth = np.zeros(len(network.supply), np.int64)
    for _ in range(len(tree)):
        deeper = depth.copy()
        deeper[head[tree]] = depth[tail[tree]] + 1
        if np.array_equal(deeper, depth):
            break
        depth = deeper
    outs = np.flatnonzero(np.isin(role, [Role.HUB_HUB, Role.HUB_ITEM]) & (flow > 0))
    outs = outs[np.lexsort((head[outs], tail[outs]))]
    found: list[tuple[IntArray, ...]] = []
    # Parcels as (hub, pledge, bonus, distance, units, rank): rank orders direct feeds before
    # passed ones.
    empty = np.zeros(0, np.int64)
    passed = [empty] * 6
    for level in range(int(depth[network.hub_order].max(initial=0)) + 1):
        mine = feeds[depth[head[feeds]] == level]
        hub = np.concatenate([head[mine], passed[0]])
        pledge = np.concatenate([network.owner[mine], passed[1]])
        bonus = np.concatenate([network.preference[mine], passed[2]])
        distance = np.concatenate([network.distance[mine], passed[3]])
        units = np.concatenate([flow[mine], passed[4]])
        rank = np.concatenate([network.owner[mine], len(network.supply) + passed[5]])
        order = np.lexsort((rank, hub))
        pledge, bonus, distance, units = pledge[order], bonus[order], distance[order], units[order]
        arcs = outs[depth[tail[outs]] == level]
        in_end, out_end = np.cumsum(units), np.cumsum(flow[arcs])
        ends = np.union1d(in_end, out_end)
        if len(ends) == 0:
            passed = [empty] * 6
            continue
        starts = np.concatenate([[0], ends[:-1]])
        amount = ends - starts
        parcel = np.searchsorted(in_end, starts, side="right")
        arc = arcs[np.searchsorted(out_end, starts, side="right")]
        to_item = role[arc] == Role.HUB_ITEM
        into = parcel[to_item]
        found.append(
            (
                pledge[into],
                network.target[arc[to_item]],
                amount[to_item],
                amount[to_item] * (bonus[into] + network.preference[arc[to_item]]),
                amount[to_item] * distance[into],
            )
        )
        down = ~to_item
        passed = [
            head[arc[down]],
            pledge[parcel[down]],
            bonus[parcel[down]],
            distance[parcel[down]],
            amount[down],
            np.arange(int(down.sum()), dtype=np.int64),
        ]
    if not found:
        return empty, empty, empty, empty, empty
    columns = [np.concatenate([f[k] for f in found]) for k in range(5)]
    return columns[0], columns[1], columns[2], columns[3], columns[4]


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


def coverage_shares(
    values: tuple[int, ...], tier_flow: IntArray, school: IntArray, units: IntArray
) -> IntArray:
    """Coverage points of pieces handed out per school in the given order, tiers filled first.

    The same as ``scoring.coverage_points`` applied piece after piece to each school's
    ``tier_flow`` row: a piece covers the stretch [before, before + units) of its school's
    flow, and each tier k holds the stretch that starts where the tiers before it end.
    """
    if len(units) == 0:
        return np.zeros(0, np.int64)
    order = np.argsort(school, kind="stable")
    ordered_units = units[order]
    running = np.cumsum(ordered_units)
    first = np.concatenate([[True], school[order][1:] != school[order][:-1]])
    group_start = np.maximum.accumulate(np.where(first, running - ordered_units, 0))
    before = np.empty_like(units)
    before[order] = running - ordered_units - group_start
    tiers = tier_flow[school]
    tier_start = np.cumsum(tiers, axis=1) - tiers

    def filled(upto: IntArray) -> IntArray:
        inside = np.clip(upto[:, None] - tier_start, 0, tiers)
        result: IntArray = inside @ np.array(values, np.int64)
        return result

    return filled(before + units) - filled(before)


def _proposals(
    instance: Instance, table: ItemTable, pieces: Pieces, tier_flow: IntArray, quantities: IntArray
) -> list[Proposal]:
    """Proposals with their terms in (pledge, item) order; coverage handed out per school in
    (item, pledge) order."""
    school = table.school[pieces.item]
    by_item = np.lexsort((pieces.pledge, pieces.item))
    coverage = np.empty_like(pieces.units)
    coverage[by_item] = coverage_shares(
        instance.weights.coverage_values, tier_flow, school[by_item], pieces.units[by_item]
    )
    units, item = pieces.units, pieces.item
    columns = zip(
        pieces.pledge.tolist(),
        item.tolist(),
        school.tolist(),
        units.tolist(),
        quantities.tolist(),
        (units * table.urgency[item]).tolist(),
        (units * table.deadline_points[item]).tolist(),
        (units * table.priority[item]).tolist(),
        pieces.preference.tolist(),
        pieces.distance.tolist(),
        coverage.tolist(),
        strict=True,
    )
    pledges, items, schools = instance.pledges, instance.items, table.schools
    return [
        Proposal(
            pledge_id=pledges[p].id,
            item_id=items[i].id,
            school_id=schools[s].id,
            units=u,
            quantity=q,
            terms=ScoreTerms(
                urgency=urgency,
                deadline=deadline,
                school_priority=priority,
                donor_preference=preference,
                distance=distance,
                coverage=points,
            ),
        )
        for p, i, s, u, q, urgency, deadline, priority, preference, distance, points in columns
    ]


def _quantities(instance: Instance, table: ItemTable, pieces: Pieces) -> IntArray:
    """What changes hands per piece, in whole items: fen for money (whole items' worth), items
    or sessions otherwise (see ``scoring.round_to_whole``, which keeps every item within what
    it needs over all pledges)."""
    result = np.zeros(len(pieces.units), np.int64)
    if len(result) == 0:
        return result
    # Pieces come in pledge order.
    starts = np.flatnonzero(np.concatenate([[True], pieces.pledge[1:] != pieces.pledge[:-1]]))
    chunks = np.split(np.arange(len(result)), starts[1:])
    pledge_flows = [
        (
            instance.pledges[int(pieces.pledge[chunk[0]])],
            list(zip(pieces.item[chunk].tolist(), pieces.units[chunk].tolist(), strict=True)),
        )
        for chunk in chunks
    ]
    wholes = round_to_whole(
        instance, pledge_flows, table.quantity, table.unit_value_fen, table.school
    )
    for chunk, (_, flows), quantities in zip(chunks, pledge_flows, wholes, strict=True):
        result[chunk] = [quantities[i] for i, _ in flows]
    return result


def _money_at_schools(
    instance: Instance,
    table: ItemTable,
    pieces: Pieces,
    quantities: IntArray,
    mine: npt.NDArray[np.bool_],
) -> list[MoneyAtSchool]:
    """Whole units of money each money pledge gives each school (its whole items' worth,
    rounded down to value units), for co-funding; ``mine`` marks the money pieces."""
    if not instance.offers or len(pieces.units) == 0:
        return []
    fen = quantities[mine]  # money's quantities are fen
    at = _aggregate(pieces.pledge[mine], table.school[pieces.item[mine]], fen, fen, fen)
    unit = instance.value_unit_fen
    return [
        MoneyAtSchool(pledge=p, school=s, units=amount // unit)
        for p, s, amount in zip(
            at.pledge.tolist(), at.item.tolist(), at.units.tolist(), strict=True
        )
    ]
