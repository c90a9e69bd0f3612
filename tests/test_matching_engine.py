"""The matching engine on small seeded instances, checked against an independent LP (HiGHS)."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import highspy
import numpy as np
import pytest
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from ecosystem.matching import (
    CoFundingOffer,
    Instance,
    NeedItem,
    Pledge,
    PledgeKind,
    Proposal,
    School,
    Suggester,
    pair_terms,
    shortfalls,
    solve,
    split_components,
)
from ecosystem.matching.engine import coverage_shares
from ecosystem.matching.network import Role
from ecosystem.matching.scoring import (
    ItemTable,
    cap_room,
    coverage_points,
    haversine_km,
    need_terms,
    round_to_whole,
    whole_quantities,
)

TODAY = date(2025, 3, 1)
UNIT = 10_000
CATEGORIES = ["DRINKING_WATER", "LIBRARY", "NUTRITION", "TEACHER_TRAINING"]
COUNTIES = ["370983", "370902", "370101", "450226", "450227", "520525"]
CENTRES = {"37": (36.2, 117.1), "45": (25.6, 109.5), "52": (26.7, 105.3)}


def make_instance(seed: int, n_schools: int = 10, n_items: int = 30, n_pledges: int = 14):
    """A small instance using every rule: restrictions, preferences, caps, radius, windows."""
    rng = random.Random(seed)
    schools = []
    for s in range(n_schools):
        code = rng.choice(COUNTIES)
        lat, lon = CENTRES[code[:2]]
        schools.append(
            School(
                id=f"s{s:02d}",
                region_code=code,
                latitude=lat + rng.uniform(-1, 1),
                longitude=lon + rng.uniform(-1, 1),
                students=rng.randint(40, 900),
                left_behind=rng.randint(0, 40),
                poverty_tier=rng.randint(0, 3),
                waiting_since=TODAY - timedelta(days=rng.randint(0, 400)),
            )
        )
    items = []
    for i in range(n_items):
        category = rng.choice(CATEGORIES)
        items.append(
            NeedItem(
                id=f"i{i:03d}",
                need_id=f"n{i // 2:03d}",
                school_id=rng.choice(schools).id,
                category=category,
                item=rng.choice([None, f"{category.lower()}-kit"]),
                remaining_quantity=rng.randint(1, 8),
                unit_value_fen=rng.choice([5_000, 10_000, 25_000, 40_000]),
                urgency=rng.randint(1, 4),
                deadline=TODAY + timedelta(days=rng.randint(5, 300)),
            )
        )
    pledges = []
    for p in range(n_pledges):
        kind = rng.choice(list(PledgeKind))
        province = rng.choice(list(CENTRES))
        lat, lon = CENTRES[province]
        regions = rng.choice([(), (), (province,), (rng.choice(COUNTIES),)])
        cap = rng.choice([None, None, rng.randint(1, 4)])
        common: dict[str, Any] = {
            "id": f"p{p:02d}",
            "party_id": f"party{p % 5}",
            "party_kind": rng.choice(["ENTERPRISE", "CUSTOMER", "NGO"]),
            "kind": kind,
            "regions": regions,
            "preferred_categories": tuple(rng.sample(CATEGORIES, rng.randint(0, 2))),
            "preferred_regions": rng.choice([(), (province,), (rng.choice(COUNTIES),)]),
        }
        if kind is PledgeKind.MONEY:
            pledges.append(
                Pledge(
                    **common,
                    remaining_quantity=rng.randint(2, 40) * 10_000 + rng.randint(0, 9_999),
                    categories=tuple(rng.sample(CATEGORIES, rng.randint(0, 2))),
                    per_school_cap=None if cap is None else cap * 20_000,
                )
            )
            continue
        category = rng.choice(CATEGORIES)
        window_start = TODAY + timedelta(days=rng.randint(-30, 200))
        pledges.append(
            Pledge(
                **common,
                remaining_quantity=rng.randint(1, 12),
                unit_value_fen=rng.choice([5_000, 10_000, 30_000]),
                category=category,
                item=rng.choice([None, f"{category.lower()}-kit"]),
                per_school_cap=cap,
                latitude=lat + rng.uniform(-1, 1),
                longitude=lon + rng.uniform(-1, 1),
                radius_km=rng.choice([80.0, 150.0, 300.0])
                if kind is not PledgeKind.GOODS
                else None,
                available_from=window_start if kind is not PledgeKind.GOODS else None,
                available_until=(window_start + timedelta(days=90))
                if kind is not PledgeKind.GOODS
                else None,
            )
        )
    # Some capped pledges gave some schools part or all of their cap before (drawn apart, so
    # the rest of the instance stays what it was).
    before = random.Random(seed + 10_000)
    for k, pledge in enumerate(pledges):
        if pledge.per_school_cap is not None and before.random() < 0.5:
            chosen = before.sample(schools, before.randint(1, 3))
            given = tuple((s.id, before.randint(0, pledge.per_school_cap)) for s in chosen)
            pledges[k] = replace(pledge, given=given)
    # Some pledges exclude a few items (declined or rejected pairings); money that excludes any
    # leaves the hubs, and capped money its schools' money nodes.
    ruled_out = random.Random(seed + 20_000)
    for k, pledge in enumerate(pledges):
        if ruled_out.random() < 0.3:
            excluded = ruled_out.sample(items, ruled_out.randint(1, 4))
            pledges[k] = replace(pledge, excluded_items=frozenset(i.id for i in excluded))
    return Instance(today=TODAY, schools=tuple(schools), items=tuple(items), pledges=tuple(pledges))


def lp_optimum(instance: Instance, fixed: dict[tuple[str, str], int] | None = None) -> float:
    """The optimum of the allocation LP over (pledge, item) pairs, without hubs, by HiGHS.

    ``fixed`` pins the flow of some pairs (the incremental path keeps earlier allocations).
    """
    w = instance.weights
    school_of = {s.id: s for s in instance.schools}
    units = {i.id: i.remaining_quantity * i.unit_value_fen // UNIT for i in instance.items}
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("simplex_strategy", 1)
    inf = highspy.kHighsInf
    columns: list[tuple[str, str, str, int]] = []
    for pledge in instance.pledges:
        for item in instance.items:
            terms = pair_terms(instance, pledge, item, school_of[item.school_id])
            if terms is not None and units[item.id] > 0:
                columns.append((pledge.id, item.id, item.school_id, terms.total))
    x = []
    for p, i, _, score in columns:
        low = high = float(fixed[(p, i)]) if fixed and (p, i) in fixed else None
        x.append(h.addVariable(lb=low or 0.0, ub=high if high is not None else inf, obj=score))
    by_pledge, by_item, by_school = defaultdict(list), defaultdict(list), defaultdict(list)
    by_pledge_school = defaultdict(list)
    for var, (p, i, s, _) in zip(x, columns, strict=True):
        by_pledge[p].append(var)
        by_item[i].append(var)
        by_school[s].append(var)
        by_pledge_school[(p, s)].append(var)
    for pledge in instance.pledges:
        supply = pledge.remaining_quantity * pledge.unit_value_fen // UNIT
        if by_pledge[pledge.id]:
            h.addConstr(sum(by_pledge[pledge.id]) <= supply)
        if pledge.per_school_cap is not None:
            given = dict(pledge.given)
            for school in instance.schools:
                room = max(pledge.per_school_cap - given.get(school.id, 0), 0)
                cap = room * pledge.unit_value_fen // UNIT
                if by_pledge_school[(pledge.id, school.id)]:
                    h.addConstr(sum(by_pledge_school[(pledge.id, school.id)]) <= cap)
    for item_id, variables in by_item.items():
        h.addConstr(sum(variables) <= units[item_id])
    for school in instance.schools:
        total = sum(units[i.id] for i in instance.items if i.school_id == school.id)
        cumulative, before, tiers = 0, 0, []
        for share, value in zip(w.coverage_shares_percent, w.coverage_values, strict=True):
            cumulative += share
            upto = total * cumulative // 100
            tiers.append(h.addVariable(lb=0.0, ub=float(upto - before), obj=value))
            before = upto
        h.addConstr(sum(tiers) - sum(by_school[school.id], start=0) == 0)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return float(h.getInfo().objective_function_value)


def school_of(instance: Instance) -> dict[str, School]:
    return {s.id: s for s in instance.schools}


def items_of(instance: Instance) -> dict[str, NeedItem]:
    return {i.id: i for i in instance.items}


def pledges_of(instance: Instance) -> dict[str, Pledge]:
    return {p.id: p for p in instance.pledges}


@pytest.mark.parametrize("seed", range(12))
def test_objective_equals_the_independent_lp_optimum(seed: int) -> None:
    instance = make_instance(seed)
    solution = solve(instance)
    assert solution.flow_objective == round(lp_optimum(instance))
    assert solution.flow_objective > 0


def test_money_through_hubs_equals_pairs_at_a_larger_size() -> None:
    instance = make_instance(99, n_schools=30, n_items=120, n_pledges=40)
    solution = solve(instance)
    assert solution.flow_objective == round(lp_optimum(instance))
    assert any(solution.network.role == Role.PLEDGE_HUB)


def test_each_schools_first_coverage_tier_fills_before_the_next() -> None:
    for seed in range(8):
        network = solve(make_instance(seed)).network
        arcs = np.flatnonzero(network.role == Role.SCHOOL_SINK)
        tiers: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
        for a in arcs.tolist():
            tiers[int(network.target[a])][int(network.tier[a])] = (
                int(network.flow[a]),
                int(network.capacity[a]),
            )
        for by_tier in tiers.values():
            for k in sorted(by_tier)[1:]:
                if by_tier[k][0] > 0:
                    flow, capacity = by_tier[k - 1]
                    assert flow == capacity


def test_score_terms_of_all_proposals_add_up_to_the_objective() -> None:
    for seed in range(8):
        instance = with_offers(make_instance(seed))
        solution = solve(instance)
        assert sum(p.terms.total for p in solution.proposals) == solution.flow_objective
        granted = sum(g.terms.total for g in solution.cofunding)
        assert solution.objective == solution.flow_objective + granted


def test_unfunded_items_report_exactly_how_many_points_they_were_short() -> None:
    checked = positive = 0
    for seed in range(6):
        solution = solve(make_instance(seed, n_pledges=6))
        short = shortfalls(solution)
        assert set(short) == set(solution.unfunded)
        network = solution.network
        position = {item.id: k for k, item in enumerate(solution.instance.items)}
        for item_id, points in list(short.items())[:4]:
            assert points >= 0
            positive += points > 0
            arc = int(
                np.flatnonzero(
                    (network.role == Role.ITEM_SCHOOL) & (network.target == position[item_id])
                )[0]
            )
            # Raising the item's score by its shortfall leaves the optimum's value as it was
            # (at best a tie); one point more and every optimum funds it.
            assert resolve_with_bonus(network, arc, points)[0] == -solution.flow_objective
            cost, flow = resolve_with_bonus(network, arc, points + 1)
            assert cost < -solution.flow_objective
            assert flow > 0
            checked += 1
    assert checked > 5
    assert positive > checked // 2


def resolve_with_bonus(network, arc: int, bonus: int) -> tuple[int, int]:
    solver = SimpleMinCostFlow()
    cost = network.cost.copy()
    cost[arc] -= bonus
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        network.tail.astype(np.int32), network.head.astype(np.int32), network.capacity, cost
    )
    solver.set_nodes_supplies(np.arange(len(network.supply), dtype=np.int32), network.supply)
    assert solver.solve() == SimpleMinCostFlow.OPTIMAL
    return solver.optimal_cost(), int(np.asarray(solver.flows(arcs))[arc])


def allocation(solution) -> list[tuple]:
    return [(p.pledge_id, p.item_id, p.units, p.quantity, p.terms) for p in solution.proposals]


def test_the_same_input_in_any_order_gives_the_same_allocation() -> None:
    instance = with_offers(make_instance(3, n_schools=20, n_items=80, n_pledges=30))
    first, again = solve(instance), solve(instance)
    rng = random.Random(1)
    shuffled = replace(
        instance,
        schools=tuple(rng.sample(instance.schools, len(instance.schools))),
        items=tuple(rng.sample(instance.items, len(instance.items))),
        pledges=tuple(rng.sample(instance.pledges, len(instance.pledges))),
    )
    third = solve(shuffled)
    assert allocation(first) == allocation(again) == allocation(third)
    assert first.cofunding == third.cofunding
    assert first.objective == third.objective


def test_pledges_reach_only_eligible_items() -> None:
    for seed in range(10):
        instance = make_instance(seed)
        solution = solve(instance)
        schools, items, pledges = school_of(instance), items_of(instance), pledges_of(instance)
        for proposal in solution.proposals:
            pledge, item = pledges[proposal.pledge_id], items[proposal.item_id]
            school = schools[item.school_id]
            assert item.id not in pledge.excluded_items
            if pledge.kind is not PledgeKind.MONEY:
                assert item.category == pledge.category
                assert pledge.item is None or item.item in (None, pledge.item)
            if pledge.regions:
                assert school.region_code.startswith(pledge.regions)
            if pledge.kind in (PledgeKind.SERVICE, PledgeKind.VOLUNTEER):
                assert pledge.latitude is not None and pledge.longitude is not None
                km = haversine_km(
                    pledge.latitude, pledge.longitude, school.latitude, school.longitude
                )
                assert km <= (pledge.radius_km or 0)
                assert pledge.available_from is not None and pledge.available_until is not None
                assert pledge.available_from <= item.deadline
                assert pledge.available_until >= TODAY


def handed_over(p: Proposal, pledges: dict[str, Pledge], items: dict[str, NeedItem]) -> int:
    """How many of its item a proposal hands over (money: the whole items it pays for)."""
    if pledges[p.pledge_id].kind is PledgeKind.MONEY:
        return p.quantity // items[p.item_id].unit_value_fen
    return p.quantity


def test_no_pledge_item_or_per_school_cap_is_exceeded() -> None:
    for seed in range(20):
        instance = make_instance(seed)
        solution = solve(instance)
        items, pledges = items_of(instance), pledges_of(instance)
        per_pledge: dict[str, int] = defaultdict(int)
        per_item: dict[str, int] = defaultdict(int)
        whole_items: dict[str, int] = defaultdict(int)
        per_pledge_school: dict[tuple[str, str], int] = defaultdict(int)
        for p in solution.proposals:
            if pledges[p.pledge_id].kind is PledgeKind.MONEY:
                # Money pays whole items.
                assert p.quantity % items[p.item_id].unit_value_fen == 0, (seed, p)
            per_pledge[p.pledge_id] += p.quantity
            per_item[p.item_id] += p.units
            whole_items[p.item_id] += handed_over(p, pledges, items)
            per_pledge_school[(p.pledge_id, p.school_id)] += p.quantity
        for pledge_id, quantity in per_pledge.items():
            assert quantity <= pledges[pledge_id].remaining_quantity, (seed, pledge_id)
        for item_id, units in per_item.items():
            assert units * UNIT <= items[item_id].remaining_value_fen
            assert whole_items[item_id] <= items[item_id].remaining_quantity, (seed, item_id)
        for (pledge_id, school_id), quantity in per_pledge_school.items():
            # What the pledge gave the school before counts against its cap.
            given = dict(pledges[pledge_id].given).get(school_id, 0)
            cap = pledges[pledge_id].per_school_cap
            assert cap is None or given + quantity <= cap, (seed, pledge_id, school_id)


def test_goods_are_whole_items_within_the_line_and_the_need() -> None:
    instance = make_instance(5, n_items=60, n_pledges=30)
    solution = solve(instance)
    items, pledges = items_of(instance), pledges_of(instance)
    goods = [p for p in solution.proposals if pledges[p.pledge_id].kind is PledgeKind.GOODS]
    assert goods
    counted: dict[str, int] = defaultdict(int)
    for p in solution.proposals:
        counted[p.item_id] += handed_over(p, pledges, items)
    for p in goods:
        pledge, item = pledges[p.pledge_id], items[p.item_id]
        # One item for one: never more than the need asks, all pledges together.
        assert counted[p.item_id] <= item.remaining_quantity
        # The flow's value in whole items, one more at most; fewer only where the need ran out
        # (the pledge's items are worth less than the need's).
        flowed = p.units * UNIT
        assert p.quantity * pledge.unit_value_fen < flowed + pledge.unit_value_fen
        if p.quantity * pledge.unit_value_fen <= flowed - pledge.unit_value_fen:
            assert counted[p.item_id] == item.remaining_quantity


def with_offers(instance: Instance) -> Instance:
    offers = (
        CoFundingOffer("o1", "gov37", 100, 60_000, party_kinds=("ENTERPRISE",), regions=("37",)),
        CoFundingOffer("o2", "gov45", 50, 200_000, party_kinds=(), regions=("45",)),
    )
    return replace(instance, offers=offers)


def test_cofunding_goes_with_eligible_money_and_never_past_its_cap() -> None:
    granted_any = False
    for seed in range(15):
        instance = with_offers(make_instance(seed))
        solution = solve(instance)
        schools, pledges = school_of(instance), pledges_of(instance)
        offers = {o.id: o for o in instance.offers}
        money_at: dict[tuple[str, str], int] = defaultdict(int)
        for p in solution.proposals:
            pledge = pledges[p.pledge_id]
            if pledge.kind is PledgeKind.MONEY:
                for offer in instance.offers:
                    kinds_ok = not offer.party_kinds or pledge.party_kind in offer.party_kinds
                    if kinds_ok and schools[p.school_id].region_code.startswith(offer.regions):
                        money_at[(offer.id, p.school_id)] += p.quantity
        given: dict[str, int] = defaultdict(int)
        given_at: dict[tuple[str, str], int] = defaultdict(int)
        for grant in solution.cofunding:
            granted_any = True
            given[grant.offer_id] += grant.amount_fen
            given_at[(grant.offer_id, grant.school_id)] += grant.amount_fen
        for offer_id, amount in given.items():
            assert amount <= offers[offer_id].cap_fen
        for (offer_id, school_id), amount in given_at.items():
            ratio = offers[offer_id].ratio_percent
            assert amount * 100 <= ratio * money_at[(offer_id, school_id)]
        # What changes hands (whole items from goods and money, then co-funding) never passes
        # an item's need.
        items = items_of(instance)
        value: dict[str, int] = defaultdict(int)
        for p in solution.proposals:
            unit_value = items[p.item_id].unit_value_fen
            money = pledges[p.pledge_id].kind is PledgeKind.MONEY
            value[p.item_id] += p.quantity if money else p.quantity * unit_value
        for g in solution.cofunding:
            value[g.item_id] += g.amount_fen
        for item in instance.items:
            assert value[item.id] <= item.remaining_value_fen
    assert granted_any


def test_cofunding_keeps_to_an_offers_cap_at_each_school() -> None:
    capped_any = False
    for seed in range(15):
        instance = with_offers(make_instance(seed))
        schools = [s.id for s in instance.schools]
        # The first offer gives no school more than 300 yuan, counting what it gave before.
        given = ((schools[0], 10_000), (schools[1], 30_000))
        first = replace(instance.offers[0], per_school_cap_fen=30_000, given=given)
        instance = replace(instance, offers=(first, *instance.offers[1:]))
        solution = solve(instance)
        at_school: dict[str, int] = defaultdict(int)
        for grant in solution.cofunding:
            if grant.offer_id == first.id:
                at_school[grant.school_id] += grant.amount_fen
        before = dict(given)
        for school_id, amount in at_school.items():
            assert before.get(school_id, 0) + amount <= 30_000
        capped_any |= bool(at_school)
    assert capped_any


def test_a_suggestion_is_the_best_use_of_a_new_pledge_on_what_remains() -> None:
    compared, capped, kinds = 0, 0, set()
    for seed, k in itertools.product(range(8), range(4)):
        full = make_instance(seed)
        newcomer = full.pledges[k]
        earlier = replace(full, pledges=full.pledges[:k] + full.pledges[k + 1 :])
        capped += newcomer.per_school_cap is not None
        kinds.add(newcomer.kind)
        before = solve(earlier)
        suggestion = Suggester(earlier, before.proposals + before.cofunding).suggest(newcomer)
        # Exactly the optimum with the current allocation held fixed ...
        fixed = {(p.pledge_id, p.item_id): p.units for p in before.proposals}
        held = lp_optimum(full, fixed=fixed)
        assert before.flow_objective + suggestion.gain == round(held)
        # ... and never more than a full re-solve gains.
        assert before.flow_objective + suggestion.gain <= solve(full).flow_objective
        left = defaultdict(int)
        for item in full.items:
            left[item.id] = item.remaining_value_fen // UNIT
        for p in before.proposals:
            left[p.item_id] -= p.units
        for p in suggestion.proposals:
            assert p.units <= left[p.item_id]
            assert p.pledge_id == newcomer.id
        assert sum(p.terms.total for p in suggestion.proposals) == suggestion.gain
        compared += 1
    assert compared == 32
    assert capped >= 4 and kinds == set(PledgeKind)


def test_a_suggestion_stops_at_the_tier_where_a_far_item_stops_paying() -> None:
    # A goods pledge 1,000 km away: the distance term (-20) outweighs the item's own terms
    # (urgency 8, a far deadline, a small new school) in the 5-point tier, not in the first two.
    school = School("far", "450226", 25.6, 109.5, 40, 0, 0, waiting_since=TODAY)
    item = NeedItem(
        "i-far",
        "n-far",
        "far",
        "LIBRARY",
        None,
        20,
        UNIT,
        urgency=1,
        deadline=TODAY + timedelta(days=300),
    )
    far_away = Pledge(
        "p-far",
        "x",
        "ENTERPRISE",
        PledgeKind.GOODS,
        remaining_quantity=50,
        unit_value_fen=UNIT,
        category="LIBRARY",
        latitude=34.6,
        longitude=109.5,
    )
    earlier = Instance(today=TODAY, schools=(school,), items=(item,), pledges=())
    suggestion = Suggester(earlier).suggest(far_away)
    held = lp_optimum(replace(earlier, pledges=(far_away,)), fixed={})
    placed = sum(p.units for p in suggestion.proposals)
    assert suggestion.gain == round(held) > 0
    assert 0 < placed < 20  # the 5-point tier's units would cost more than they earn
    assert all(p.terms.distance == -20 * p.units for p in suggestion.proposals)


def test_accepted_suggestions_are_not_offered_twice() -> None:
    instance = make_instance(4, n_items=20, n_pledges=4)
    solution = solve(instance)
    suggester = Suggester(instance, solution.proposals)
    money = Pledge("new", "x", "CUSTOMER", PledgeKind.MONEY, remaining_quantity=10**9)
    first = suggester.suggest(money)
    suggester.accept(first)
    assert suggester.suggest(money).gain == 0
    assert first.gain > 0


def test_a_new_need_gets_pledges_that_still_have_room() -> None:
    instance = make_instance(2, n_items=10, n_pledges=12)
    solution = solve(instance)
    school = instance.schools[0]
    need = [
        NeedItem("new-1", "new", school.id, "LIBRARY", None, 20, 10_000, 4, TODAY + timedelta(5)),
        NeedItem("new-2", "new", school.id, "NUTRITION", None, 20, 10_000, 4, TODAY),
    ]
    suggestion = Suggester(instance, solution.proposals).suggest_for_need(school, need)
    used: dict[str, int] = defaultdict(int)
    for p in solution.proposals:
        used[p.pledge_id] += p.units
    pledges = pledges_of(instance)
    for p in suggestion.proposals:
        pledge = pledges[p.pledge_id]
        supply = pledge.remaining_quantity * pledge.unit_value_fen // UNIT
        assert p.units <= supply - used[p.pledge_id]
        assert pair_terms(instance, pledge, next(n for n in need if n.id == p.item_id), school)
    assert sum(p.terms.total for p in suggestion.proposals) == suggestion.gain


def test_components_share_no_pledge_and_add_up_to_the_whole() -> None:
    instance = make_instance(7, n_schools=20, n_items=60, n_pledges=20)
    regional = replace(instance, pledges=tuple(p for p in instance.pledges if p.regions))
    parts = split_components(regional)
    assert len(parts) > 1
    seen: set[str] = set()
    for part in parts:
        ids = {p.id for p in part.pledges}
        assert not ids & seen
        seen |= ids
    assert sum(solve(part).flow_objective for part in parts) == solve(regional).flow_objective


def test_goods_and_services_join_only_the_schools_they_can_reach() -> None:
    schools = tuple(
        School(f"s{k}", code, lat, lon, 300, 10, 1, TODAY)
        for k, (code, lat, lon) in enumerate(
            [
                ("370902", 36.2, 117.1),  # Tai'an
                ("370983", 35.9, 116.8),  # Feicheng, 40 km away
                ("450226", 25.4, 109.6),  # Sanjiang, about 1,250 km away
            ]
        )
    )
    items = tuple(
        NeedItem(f"i{k}", f"n{k}", school.id, "LIBRARY", None, 5, UNIT, 2, TODAY + timedelta(30))
        for k, school in enumerate(schools)
    )

    def pledge(name: str, kind: PledgeKind, **rules: Any) -> Pledge:
        return Pledge(name, "party", "NGO", kind, 3, UNIT, "LIBRARY", **rules)

    near = {"latitude": 36.1, "longitude": 117.0, "radius_km": 100.0}
    shandong_money = Pledge("m37", "party", "NGO", PledgeKind.MONEY, 5 * UNIT, regions=("37",))
    base = Instance(TODAY, schools, items, (shandong_money,))

    def parts_of(*extra: Pledge) -> list[list[str]]:
        parts = split_components(replace(base, pledges=(shandong_money, *extra)))
        return [
            sorted([s.id for s in part.schools] + [p.id for p in part.pledges]) for part in parts
        ]

    # A volunteer anywhere in China, but within 100 km: it joins no school in Guangxi.
    assert parts_of(pledge("v", PledgeKind.VOLUNTEER, **near)) == [
        ["m37", "s0", "s1", "v"],
        ["s2"],
    ]
    # Goods restricted to Shandong go with Shandong's part without their items being looked at.
    assert parts_of(pledge("g37", PledgeKind.GOODS, regions=("37",))) == [
        ["g37", "m37", "s0", "s1"],
        ["s2"],
    ]
    # National goods can reach every school: one part.
    assert parts_of(pledge("g", PledgeKind.GOODS)) == [["g", "m37", "s0", "s1", "s2"]]


def with_capped_money(instance: Instance, least: int = 40_000) -> Instance:
    """Every money pledge capped per school (from ``least``; the dearest item is 400 yuan) and
    free to fund any item."""
    pledges = tuple(
        replace(
            p, categories=(), per_school_cap=least + 10_000 * (k % 3), excluded_items=frozenset()
        )
        if p.kind is PledgeKind.MONEY
        else p
        for k, p in enumerate(instance.pledges)
    )
    return replace(instance, pledges=pledges)


@pytest.mark.parametrize("seed", range(6))
def test_capped_money_through_school_nodes_equals_the_lp_and_keeps_each_pairs_terms(
    seed: int,
) -> None:
    instance = with_capped_money(make_instance(seed, n_schools=12, n_items=50, n_pledges=16))
    solution = solve(instance)
    network = solution.network
    money = np.array([p.kind is PledgeKind.MONEY for p in solution.instance.pledges])
    owned_by_money = (network.owner >= 0) & money[np.maximum(network.owner, 0)]
    # One arc per (pledge, school) and none per item, but where what the cap leaves cannot
    # buy one of the school's dearest item; category bonuses sit on shared nodes.
    per_item = np.flatnonzero(
        owned_by_money & np.isin(network.role, [Role.PLEDGE_ITEM, Role.CAP_ITEM])
    )
    items = solution.instance.items
    for arc in per_item.tolist():
        pledge = solution.instance.pledges[int(network.owner[arc])]
        school_id = items[int(network.target[arc])].school_id
        dearest = max(i.unit_value_fen for i in items if i.school_id == school_id)
        room = cap_room(solution.instance, pledge, school_id)
        assert room is not None and room < dearest
    feeds = owned_by_money & (network.role == Role.PLEDGE_HUB)
    pairs = set(zip(network.owner[feeds].tolist(), network.head[feeds].tolist(), strict=True))
    assert len(pairs) == int(feeds.sum())
    assert any((network.role == Role.HUB_ITEM) & (network.preference > 0))
    assert solution.flow_objective == round(lp_optimum(instance))
    assert sum(p.terms.total for p in solution.proposals) == solution.flow_objective
    schools, items, pledges = school_of(instance), items_of(instance), pledges_of(instance)
    given: dict[tuple[str, str], int] = defaultdict(int)
    for p in solution.proposals:
        given[(p.pledge_id, p.school_id)] += p.quantity
        item = items[p.item_id]
        terms = pair_terms(instance, pledges[p.pledge_id], item, schools[item.school_id])
        assert terms is not None
        assert p.terms.donor_preference == terms.times(p.units).donor_preference
    for (pledge_id, _), quantity in given.items():
        cap = pledges[pledge_id].per_school_cap
        assert cap is None or quantity <= cap


@pytest.mark.parametrize("seed", range(6))
def test_capped_money_funds_only_items_it_can_buy_one_of_at_each_school(seed: int) -> None:
    # A cap of 100 or 200 yuan a school and items of 250 and 400 yuan among cheaper ones: the
    # flow used to send such money to the dearer items, where it rounded to nothing (a run
    # proposed nothing at all to a school whose cap was below its purifier's price).
    instance = with_capped_money(make_instance(seed, n_schools=12, n_items=50), least=10_000)
    given = {p.id: ((instance.schools[0].id, 5_000),) for p in instance.pledges[:3]}
    instance = replace(
        instance,
        pledges=tuple(replace(p, given=given.get(p.id, ())) for p in instance.pledges),
    )
    solution = solve(instance)
    assert solution.flow_objective == round(lp_optimum(instance))
    pledges, items = pledges_of(instance), items_of(instance)
    money_proposals = 0
    for p in solution.proposals:
        pledge = pledges[p.pledge_id]
        if pledge.kind is not PledgeKind.MONEY:
            continue
        money_proposals += 1
        room = cap_room(instance, pledge, p.school_id)
        assert room is not None and items[p.item_id].unit_value_fen <= room, (p, room)
    assert money_proposals > 0


def test_item_table_need_terms_equal_the_reference() -> None:
    instance = make_instance(11, n_items=80)
    table = ItemTable(instance, instance.schools)
    schools = school_of(instance)
    for k, item in enumerate(instance.items):
        terms = need_terms(instance, item, schools[item.school_id])
        assert (terms.urgency, terms.deadline, terms.school_priority) == (
            table.urgency[k],
            table.deadline_points[k],
            table.priority[k],
        )


def test_coverage_shares_hand_out_tiers_piece_by_piece() -> None:
    rng = random.Random(3)
    values = (30, 15, 5)
    tier_flow = np.array([[rng.randint(0, 9) for _ in values] for _ in range(5)], np.int64)
    school = np.array([rng.randrange(5) for _ in range(40)], np.int64)
    units = np.zeros(40, np.int64)
    left = tier_flow.sum(axis=1)
    for k, s in enumerate(school.tolist()):
        units[k] = rng.randint(0, int(left[s]))
        left[s] -= units[k]
    expected = []
    rows = tier_flow.tolist()
    for s, u in zip(school.tolist(), units.tolist(), strict=True):
        expected.append(coverage_points(values, rows[s], u))
    assert coverage_shares(values, tier_flow, school, units).tolist() == expected


def with_national_goods(instance: Instance) -> Instance:
    """Every goods pledge national and uncapped, so that far items go through goods hubs."""
    pledges = tuple(
        replace(p, regions=(), per_school_cap=None) if p.kind is PledgeKind.GOODS else p
        for p in instance.pledges
    )
    return replace(instance, pledges=pledges)


def test_far_goods_through_hubs_equal_the_lp_and_keep_each_pairs_terms() -> None:
    carried = 0
    for seed in range(6):
        instance = with_national_goods(make_instance(seed, n_schools=30, n_items=120, n_pledges=40))
        solution = solve(instance)
        network = solution.network
        goods = np.array([p.kind is PledgeKind.GOODS for p in solution.instance.pledges])
        feeds = (network.role == Role.PLEDGE_HUB) & goods[np.maximum(network.owner, 0)]
        assert any(feeds)
        carried += any(feeds & (network.flow > 0))
        assert solution.flow_objective == round(lp_optimum(instance))
        schools, items, pledges = school_of(instance), items_of(instance), pledges_of(instance)
        for p in solution.proposals:
            item = items[p.item_id]
            terms = pair_terms(instance, pledges[p.pledge_id], item, schools[item.school_id])
            assert terms is not None
            expected = terms.times(p.units)
            assert (p.terms.donor_preference, p.terms.distance) == (
                expected.donor_preference,
                expected.distance,
            )
    assert carried >= 3


def test_rounding_up_to_whole_items_stays_within_the_per_school_cap() -> None:
    instance = make_instance(0)
    pledge = Pledge("g", "party", "NGO", PledgeKind.GOODS, 5, 30_000, "LIBRARY", per_school_cap=2)
    flows = [(0, 4), (1, 2)]  # 4/3 and 2/3 of an item at the same school
    needed = np.array([30, 30], np.int64)
    unit_value = np.array([30_000, 30_000], np.int64)
    unbounded = whole_quantities(instance, pledge, flows, needed, unit_value)
    assert sum(unbounded.values()) == 3
    capped = whole_quantities(
        instance, pledge, flows, needed, unit_value, np.array([7, 7], np.int64)
    )
    assert capped == {0: 1, 1: 1}


def test_rounding_up_never_promises_an_item_more_than_it_needs_over_all_pledges() -> None:
    instance = make_instance(0)
    # One item needs 4 x 250 yuan; two pledges of such items flow 2.8 and 1.2 items into it.
    first = Pledge("a", "party", "NGO", PledgeKind.GOODS, 3, 25_000, "LIBRARY")
    second = Pledge("b", "party", "NGO", PledgeKind.GOODS, 2, 25_000, "LIBRARY")
    need, unit_value = np.array([4], np.int64), np.array([25_000], np.int64)

    each_alone = [
        whole_quantities(instance, pledge, [(0, units)], need, unit_value)
        for pledge, units in ((first, 7), (second, 3))
    ]
    together = round_to_whole(instance, [(first, [(0, 7)]), (second, [(0, 3)])], need, unit_value)

    # Alone, each would round up: 3 + 2 items for an item that needs 4.
    assert each_alone == [{0: 3}, {0: 2}]
    # Together, the one item the whole parts leave goes to the larger remainder.
    assert together == [{0: 3}, {0: 1}]
    # Money pays whole items: 700 yuan towards 250-yuan items is 2 of them, or 3 when the
    # pledge has the 50 yuan more.
    money = Pledge("m", "party", "NGO", PledgeKind.MONEY, 70_000)
    richer = replace(money, remaining_quantity=80_000)
    assert whole_quantities(instance, money, [(0, 7)], need, unit_value) == {0: 50_000}
    assert whole_quantities(instance, richer, [(0, 7)], need, unit_value) == {0: 75_000}
    # 200 yuan of a 3,500-yuan purifier line flow into a need for ten 20-yuan filters (both
    # drinking water): one purifier would be worth more than the filters in all, so none.
    purifiers = Pledge("w", "party", "NGO", PledgeKind.GOODS, 3, 350_000, "DRINKING_WATER")
    filters, filter_value = np.array([10], np.int64), np.array([20_000], np.int64)
    assert whole_quantities(instance, purifiers, [(0, 20)], filters, filter_value) == {0: 0}
