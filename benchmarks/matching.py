"""Matching engine benchmark: build, solve, memory and quality on seeded synthetic instances.

What it measures
    A seeded generator makes schools in 31 provinces x 8 cities x 6 counties, needs of 1-2 items
    over the 11 categories, and pledges mixed 40% money / 40% goods / 20% services and volunteer
    time, 2.5% of them national, the rest restricted to a province or a city, with total supply
    0.6 of demand, plus a few provincial co-funding offers. Sizes (needs x pledges):
    S = 20k x 2k, M = 200k x 20k, L = 1M x 100k.

    Each size runs in a fresh process, so peak memory (ru_maxrss) is that size's alone. The
    table gives arcs, build / solve / read-back time, peak memory and the objective; below it,
    how many items the proposals promise beyond their need (as a run stores them) and the
    share of the money flow handed over as whole items. On S also:
    the same network's LP optimum by HiGHS (dual simplex), a greedy first-come baseline (pledges
    in arrival order fill eligible items in posting order), the share of schools left with
    nothing and the Gini coefficient of coverage (allocated / open value per school) for the
    engine, the engine with flat coverage tiers, and the greedy baseline; the incremental
    suggestion latency (p50/p95) at 100k open needs; and the share of the offline optimum reached
    when 10% of the supply arrives later through the incremental path. With ``--workers 2`` the
    regional pledges are solved as independent components in 2 processes and the national
    pledges then arrive through the incremental path (national pledges join every region, so
    no exact split exists with them in it); the objective is compared with the single solve.

How to run (from the repository root)
    python benchmarks/matching.py                 # S and M
    python benchmarks/matching.py --sizes S       # just S
    python benchmarks/matching.py --large         # S, M and L (L: about 10 minutes)

    Before building a network the script counts the arcs no exact hub can stand in for; when
    they would not fit in the memory available (L here), the single solve is skipped and said
    so, and only the component path runs.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import highspy
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ecosystem.catalogue import Category
from ecosystem.matching import (
    CoFundingOffer,
    Instance,
    NeedItem,
    Pledge,
    PledgeKind,
    School,
    Suggester,
    Weights,
    solve,
    split_components,
)
from ecosystem.matching.engine import canonical
from ecosystem.matching.scoring import ItemTable, coverage_caps, units_of_pledge

SIZES = {"S": (20_000, 2_000), "M": (200_000, 20_000), "L": (1_000_000, 100_000)}
BYTES_PER_ARC = 240
"""Peak memory per arc of a whole run, as measured at M (1,868 MB for 7.87M arcs)."""
TODAY = date(2025, 3, 1)
CATEGORIES = [c.value for c in Category]
PROVINCES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
]  # fmt: skip
PARTY_KINDS = ["ENTERPRISE", "MICROENTERPRISE", "SPECIALTY_STORE", "MEDIA", "NGO", "CUSTOMER"]


def generate(n_needs: int, n_pledges: int, seed: int) -> Instance:
    """A seeded instance of ``n_needs`` needs and ``n_pledges`` pledges."""
    rng = np.random.default_rng(seed)
    centre = {p: (rng.uniform(22, 44), rng.uniform(90, 124)) for p in PROVINCES}
    counties = [f"{p}{c:02d}{k:02d}" for p in PROVINCES for c in range(1, 9) for k in range(1, 7)]
    n_schools = max(n_needs // 4, 1)
    county_of = rng.integers(0, len(counties), n_schools)
    lat_jitter, lon_jitter = rng.normal(0, 1.0, n_schools), rng.normal(0, 1.0, n_schools)
    schools = []
    for s in range(n_schools):
        code = counties[county_of[s]]
        lat, lon = centre[code[:2]]
        students = int(rng.integers(30, 1500))
        schools.append(
            School(
                id=f"S{s:07d}",
                region_code=code,
                latitude=lat + lat_jitter[s],
                longitude=lon + lon_jitter[s],
                students=students,
                left_behind=int(rng.integers(0, students // 2 + 1)),
                poverty_tier=int(rng.integers(0, 4)),
                waiting_since=TODAY - timedelta(days=int(rng.integers(0, 720))),
            )
        )
    values = np.array([5_000, 10_000, 20_000, 50_000, 100_000, 300_000])
    n_items = int(n_needs * 1.5)
    need_of = np.sort(rng.integers(0, n_needs, n_items))
    need_school = rng.integers(0, n_schools, n_needs)
    category = rng.integers(0, len(CATEGORIES), n_items)
    named = rng.random(n_items) < 0.3
    quantity = rng.integers(1, 21, n_items)
    unit_value = values[rng.integers(0, len(values), n_items)]
    urgency = rng.integers(1, 5, n_items)
    deadline = rng.integers(7, 365, n_items)
    items = tuple(
        NeedItem(
            id=f"I{i:08d}",
            need_id=f"N{need_of[i]:07d}",
            school_id=schools[need_school[need_of[i]]].id,
            category=CATEGORIES[category[i]],
            item=f"{CATEGORIES[category[i]].lower()}-{category[i] % 3}" if named[i] else None,
            remaining_quantity=int(quantity[i]),
            unit_value_fen=int(unit_value[i]),
            urgency=int(urgency[i]),
            deadline=TODAY + timedelta(days=int(deadline[i])),
        )
        for i in range(n_items)
    )
    demand = int((quantity * unit_value).sum())
    pledges = _pledges(rng, n_pledges, demand, counties, centre)
    offers = tuple(
        CoFundingOffer(
            id=f"O{k:03d}",
            party_id=f"GOV{k:03d}",
            ratio_percent=int(rng.choice([50, 100])),
            cap_fen=int(demand * 0.002),
            party_kinds=("ENTERPRISE", "MICROENTERPRISE"),
            regions=(province,),
        )
        for k, province in enumerate(PROVINCES[::6])
    )
    return Instance(
        today=TODAY, schools=tuple(schools), items=items, pledges=pledges, offers=offers
    )


def _pledges(
    rng: np.random.Generator,
    n: int,
    demand: int,
    counties: list[str],
    centre: dict[str, tuple[float, float]],
) -> tuple[Pledge, ...]:
    kinds = rng.choice(
        [PledgeKind.MONEY, PledgeKind.GOODS, PledgeKind.SERVICE, PledgeKind.VOLUNTEER],
        size=n,
        p=[0.4, 0.4, 0.1, 0.1],
    )
    size = rng.lognormal(0, 1, n)
    value = size / size.sum() * demand * 0.6
    pledges = []
    for k in range(n):
        kind = PledgeKind(kinds[k])
        home = counties[int(rng.integers(0, len(counties)))]
        lat, lon = centre[home[:2]]
        lat, lon = lat + rng.normal(0, 1.0), lon + rng.normal(0, 1.0)
        national = rng.random() < 0.025
        wide = rng.random() < (0.6 if kind is PledgeKind.MONEY else 0.3)
        regions = () if national else ((home[:2],) if wide else (home[:4],))
        common: dict[str, Any] = {
            "id": f"P{k:07d}",
            "party_id": f"PARTY{k % max(n // 3, 1):07d}",
            "party_kind": PARTY_KINDS[int(rng.integers(0, len(PARTY_KINDS)))],
            "kind": kind,
            "regions": regions,
            "preferred_categories": tuple(rng.choice(CATEGORIES, int(rng.integers(0, 3)), False)),
            "preferred_regions": (home[:4],) if rng.random() < 0.3 else (),
        }
        cap = rng.random() < 0.1
        if kind is PledgeKind.MONEY:
            amount = max(int(value[k]), 10_000)
            pledges.append(
                Pledge(
                    **common,
                    remaining_quantity=amount,
                    per_school_cap=max(amount // 5, 10_000) if cap else None,
                )
            )
            continue
        category = CATEGORIES[int(rng.integers(0, len(CATEGORIES)))]
        unit = int(rng.choice([5_000, 10_000, 20_000, 50_000]))
        quantity = max(int(value[k] / unit), 1)
        service = kind is not PledgeKind.GOODS
        start = TODAY + timedelta(days=int(rng.integers(-30, 120)))
        pledges.append(
            Pledge(
                **common,
                remaining_quantity=quantity,
                unit_value_fen=unit,
                category=category,
                item=f"{category.lower()}-{int(rng.integers(0, 3))}"
                if rng.random() < 0.2
                else None,
                per_school_cap=max(quantity // 4, 1) if cap else None,
                latitude=lat,
                longitude=lon,
                radius_km=float(rng.choice([50, 100, 200])) if service else None,
                available_from=start if service else None,
                available_until=start + timedelta(days=180) if service else None,
            )
        )
    return tuple(pledges)


def peak_mb() -> float:
    """Peak resident memory of this process in MB (ru_maxrss is in KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lp_optimum(solution: Any) -> tuple[float, float]:
    """The optimum of the run's network as an LP, by HiGHS dual simplex; (value, seconds)."""
    net = solution.network
    n_nodes, n_arcs = len(net.supply), len(net.tail)
    started = time.perf_counter()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_arcs, n_nodes
    lp.col_cost_ = net.cost.astype(float)
    lp.col_lower_ = np.zeros(n_arcs)
    lp.col_upper_ = net.capacity.astype(float)
    lp.row_lower_ = lp.row_upper_ = net.supply.astype(float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = (2 * np.arange(n_arcs + 1)).astype(np.int32)
    lp.a_matrix_.index_ = np.stack([net.tail, net.head], axis=1).ravel().astype(np.int32)
    lp.a_matrix_.value_ = np.tile([1.0, -1.0], n_arcs)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("simplex_strategy", 1)
    h.passModel(lp)
    h.run()
    return -h.getInfo().objective_function_value, time.perf_counter() - started


def greedy(instance: Instance) -> tuple[int, np.ndarray]:
    """First come, first served: objective and allocated units per school (same scoring)."""
    instance = canonical(instance)
    table = ItemTable(instance, instance.schools)
    left = table.units.copy()
    points = 0
    at_school = np.zeros(len(instance.schools), np.int64)
    for pledge in instance.pledges:
        supply = units_of_pledge(instance, pledge)
        block = table.pledge_terms(pledge)
        given: dict[int, int] = defaultdict(int)
        cap = (
            None
            if pledge.per_school_cap is None
            else (pledge.per_school_cap * pledge.unit_value_fen // instance.value_unit_fen)
        )
        for k, i in enumerate(block.items.tolist()):
            if supply == 0:
                break
            school = int(table.school[i])
            room = left[i] if cap is None else min(left[i], cap - given[school])
            take = int(min(room, supply))
            if take <= 0:
                continue
            left[i] -= take
            supply -= take
            given[school] += take
            at_school[school] += take
            score = table.need_points[i] + block.preference[k] + block.distance[k]
            points += take * int(score)
    totals = np.bincount(table.school, weights=table.units, minlength=len(instance.schools))
    return points + coverage_value(instance, totals.astype(np.int64), at_school), at_school


def coverage_value(instance: Instance, totals: np.ndarray, allocated: np.ndarray) -> int:
    """Coverage points of ``allocated`` units per school, tiers filled in order."""
    caps = coverage_caps(instance, totals)
    before = np.cumsum(caps, axis=1) - caps
    filled = np.clip(allocated[:, None] - before, 0, caps)
    return int((filled * np.array(instance.weights.coverage_values)).sum())


def fairness(instance: Instance, allocated: np.ndarray) -> tuple[float, float]:
    """Share of schools (with open need) left with nothing, and Gini of their coverage."""
    instance = canonical(instance)
    table = ItemTable(instance, instance.schools)
    totals = np.bincount(table.school, weights=table.units, minlength=len(instance.schools))
    open_ = totals > 0
    coverage = np.sort(allocated[open_] / totals[open_])
    n = len(coverage)
    gini = float((2 * np.arange(1, n + 1) - n - 1) @ coverage / (n * coverage.sum()))
    return float((allocated[open_] == 0).mean()), gini


def units_per_school(solution: Any) -> np.ndarray:
    position = {s.id: k for k, s in enumerate(solution.instance.schools)}
    result = np.zeros(len(position), np.int64)
    for p in (*solution.proposals, *solution.cofunding):
        result[position[p.school_id]] += p.units
    return result


def unmergeable_pairs(instance: Instance) -> int:
    """Arcs no exact hub can stand in for: each goods or services pledge's eligible items nearer
    than the distance cap, and each capped money pledge's schools."""
    instance = canonical(instance)
    table = ItemTable(instance, instance.schools)
    far = -instance.weights.distance_max
    total = 0
    for pledge in instance.pledges:
        if pledge.kind is PledgeKind.MONEY and pledge.per_school_cap is None:
            continue
        block = table.pledge_terms(pledge)
        if pledge.kind is PledgeKind.MONEY:
            total += len(np.unique(table.school[block.items]))
        else:
            total += int((block.distance > far).sum())
    return total


def available_mb() -> float:
    """MemAvailable from /proc/meminfo, in MB."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("inf")


def run_size(name: str, seed: int, workers: int) -> dict[str, Any]:
    """Everything measured for one size (runs in its own process)."""
    n_needs, n_pledges = SIZES[name]
    instance = generate(n_needs, n_pledges, seed)
    pairs = unmergeable_pairs(instance)
    needed_mb = pairs * BYTES_PER_ARC / 2**20
    if needed_mb > available_mb():
        # One network would not fit: say so, and measure the component path alone.
        row_skipped: dict[str, Any] = {
            "size": name,
            "needs": n_needs,
            "items": len(instance.items),
            "pledges": n_pledges,
            "pairs": pairs,
            "needed_mb": needed_mb,
            "available_mb": available_mb(),
        }
        if workers > 1:
            row_skipped["parallel"] = parallel(instance, workers, None)
        return row_skipped
    solution = solve(instance)
    row: dict[str, Any] = {
        "size": name,
        "needs": n_needs,
        "items": len(instance.items),
        "pledges": n_pledges,
        "pairs": pairs,
        "arcs": len(solution.network.tail),
        "build_s": solution.timings["build"],
        "solve_s": solution.timings["solve"],
        "read_s": solution.timings["read"],
        "peak_mb": peak_mb(),
        "objective": solution.objective,
        "flow_objective": solution.flow_objective,
        "proposals": len(solution.proposals),
        "cofunding": len(solution.cofunding),
        **whole_items(solution),
    }
    if name == "S":
        row["lp_optimum"], row["lp_s"] = lp_optimum(solution)
        row["greedy"], greedy_units = greedy(instance)
        flat = Weights(coverage_values=(15, 15, 15))
        flat_solution = solve(replace(instance, weights=flat, offers=()))
        row["empty_engine"], row["gini_engine"] = fairness(instance, units_per_school(solution))
        row["empty_flat"], row["gini_flat"] = fairness(instance, units_per_school(flat_solution))
        row["empty_greedy"], row["gini_greedy"] = fairness(instance, greedy_units)
        row["late_share"] = late_arrivals(instance, solution.flow_objective)
    if workers > 1:
        row["parallel"] = parallel(instance, workers, solution.objective)
    return row


def whole_items(solution: Any) -> dict[str, float]:
    """What the proposals hand over, as a run stores them (whole items, at most the item's
    remaining quantity per proposal): items promised beyond their need over all proposals, and
    the share of the money flow that becomes whole items."""
    items = {item.id: item for item in solution.instance.items}
    pledges = {pledge.id: pledge for pledge in solution.instance.pledges}
    given: dict[str, int] = defaultdict(int)
    money_flow = money_kept = 0
    for p in solution.proposals:
        item, money = items[p.item_id], pledges[p.pledge_id].kind is PledgeKind.MONEY
        count = min(
            p.quantity // item.unit_value_fen if money else p.quantity, item.remaining_quantity
        )
        given[p.item_id] += count
        if money:
            money_flow += p.units * solution.instance.value_unit_fen
            money_kept += count * item.unit_value_fen
    beyond = sum(max(0, n - items[i].remaining_quantity) for i, n in given.items())
    return {"beyond_need": beyond, "money_whole": money_kept / money_flow if money_flow else 1.0}


def late_arrivals(instance: Instance, offline: int) -> float:
    """Share of the offline optimum when 10% of the supply arrives through the incremental path."""
    instance = replace(instance, offers=())
    rng = np.random.default_rng(7)
    order = rng.permutation(len(instance.pledges))
    supply = np.array([units_of_pledge(instance, instance.pledges[k]) for k in order])
    late = set(order[np.cumsum(supply) <= 0.1 * supply.sum()].tolist())
    early = replace(
        instance, pledges=tuple(p for k, p in enumerate(instance.pledges) if k not in late)
    )
    first = solve(early)
    suggester = Suggester(instance, first.proposals)
    total = first.flow_objective
    for k in sorted(late):
        suggestion = suggester.suggest(instance.pledges[k])
        suggester.accept(suggestion)
        total += suggestion.gain
    return total / offline


def suggestion_latency(seed: int, n_needs: int = 100_000, count: int = 300) -> dict[str, float]:
    """p50/p95 of one suggestion at ``n_needs`` open needs (after a full run)."""
    instance = generate(n_needs, n_needs // 10, seed)
    solution = solve(instance)
    started = time.perf_counter()
    suggester = Suggester(solution.instance, solution.proposals + solution.cofunding)
    index_s = time.perf_counter() - started
    newcomers = generate(2_000, count, seed + 1).pledges
    times = []
    for pledge in newcomers:
        started = time.perf_counter()
        suggester.suggest(pledge).best(5)
        times.append(time.perf_counter() - started)
    return {
        "open_items": float(len(instance.items)),
        "index_s": index_s,
        "p50_ms": 1000 * float(np.percentile(times, 50)),
        "p95_ms": 1000 * float(np.percentile(times, 95)),
    }


_PARTS: list[Instance] = []


def _solve_part(k: int) -> tuple[int, list[Any], list[Any], float]:
    started = time.perf_counter()
    solution = solve(_PARTS[k])
    return (
        solution.objective,
        list(solution.proposals),
        list(solution.cofunding),
        time.perf_counter() - started,
    )


def parallel(instance: Instance, workers: int, single: int | None) -> dict[str, float]:
    """Regional components in ``workers`` processes, then national pledges incrementally."""
    started = time.perf_counter()
    regional = replace(instance, pledges=tuple(p for p in instance.pledges if p.regions))
    national = [p for p in canonical(instance).pledges if not p.regions]
    _PARTS[:] = split_components(regional)
    split_s = time.perf_counter() - started
    biggest_first = sorted(range(len(_PARTS)), key=lambda k: -len(_PARTS[k].items))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_solve_part, biggest_first, chunksize=1)
    solved_s = time.perf_counter() - started
    objective = sum(r[0] for r in results)
    taken = [x for r in results for x in (*r[1], *r[2])]
    suggester = Suggester(instance, taken)
    for pledge in national:
        suggestion = suggester.suggest(pledge)
        suggester.accept(suggestion)
        objective += suggestion.gain
    return {
        "components": float(len(_PARTS)),
        "split_s": split_s,
        "components_wall_s": solved_s,
        "wall_s": time.perf_counter() - started,
        "objective": objective,
        "share_of_single": objective / single if single else float("nan"),
    }


def _child(name: str, seed: int, workers: int, queue: Any) -> None:
    queue.put(run_size(name, seed, workers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="S,M", help="comma-separated among S, M, L")
    parser.add_argument("--large", action="store_true", help="also run L (memory and time)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--workers", type=int, default=2, help="processes for components")
    parser.add_argument("--no-latency", action="store_true", help="skip suggestion latency")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.large and "L" not in sizes:
        sizes.append("L")
    context = multiprocessing.get_context("fork")
    rows = []
    for name in sizes:
        queue = context.Queue()
        process = context.Process(target=_child, args=(name, args.seed, args.workers, queue))
        process.start()
        rows.append(queue.get())
        process.join()
    print_table(rows)
    if not args.no_latency:
        queue = context.Queue()
        process = context.Process(
            target=lambda q: q.put(suggestion_latency(args.seed)), args=(queue,)
        )
        process.start()
        latency = queue.get()
        process.join()
        print(
            f"\nincremental suggestions at {latency['open_items']:.0f} open items "
            f"(100k needs): index {latency['index_s']:.2f} s, "
            f"p50 {latency['p50_ms']:.1f} ms, p95 {latency['p95_ms']:.1f} ms (goal <= 50 ms)"
        )


def print_table(rows: list[dict[str, Any]]) -> None:
    header = (
        f"{'size':<4} {'needs':>9} {'items':>9} {'pledges':>8} {'pairs':>11} {'arcs':>10} "
        f"{'build s':>8} {'solve s':>8} {'read s':>7} {'peak MB':>8} {'objective':>14}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        start = (
            f"{r['size']:<4} {r['needs']:>9} {r['items']:>9} {r['pledges']:>8} {r['pairs']:>11} "
        )
        if "arcs" not in r:
            print(start + f"{'not solved in one process (see below)':>51}")
            continue
        print(
            start + f"{r['arcs']:>10} {r['build_s']:>8.2f} {r['solve_s']:>8.2f} "
            f"{r['read_s']:>7.2f} {r['peak_mb']:>8.0f} {r['objective']:>14}"
        )
    print("pairs: arcs no exact hub can stand in for (goods and services nearer than the")
    print("distance cap, capped money per school); the network has at least these.")
    for r in rows:
        if "arcs" not in r:
            print(
                f"\n{r['size']}: one network needs at least {r['pairs']} arcs, about "
                f"{r['needed_mb']:,.0f} MB at {BYTES_PER_ARC} bytes an arc (measured at M); "
                f"{r['available_mb']:,.0f} MB available, so it was not built"
            )
        else:
            total = r["build_s"] + r["solve_s"] + r["read_s"]
            print(
                f"\n{r['size']}: build + solve + read = {total:.2f} s; pledge flow optimum "
                f"{r['flow_objective']}; {r['proposals']} proposals, {r['cofunding']} co-funding"
            )
            print(
                f"  whole items: {r['beyond_need']} items promised beyond their need; "
                f"{r['money_whole']:.1%} of the money flow handed over as whole items"
            )
        if "lp_optimum" in r:
            same = "equal" if round(r["lp_optimum"]) == r["flow_objective"] else "DIFFERENT"
            print(
                f"  HiGHS LP optimum (dual simplex, {r['lp_s']:.1f} s): "
                f"{r['lp_optimum']:.0f} ({same})"
            )
            print(
                f"  greedy first-come objective: {r['greedy']} "
                f"({r['greedy'] / r['objective']:.1%} of the engine)"
            )
            for label, key in (("engine", "engine"), ("flat tiers", "flat"), ("greedy", "greedy")):
                print(
                    f"  {label:<10}: schools with nothing {r['empty_' + key]:.1%}, "
                    f"Gini of coverage {r['gini_' + key]:.2f}"
                )
            print(
                f"  10% of supply through the incremental path: "
                f"{r['late_share']:.2%} of the offline optimum (goal >= 99%)"
            )
        if "parallel" in r:
            p = r["parallel"]
            print(
                f"  {p['components']:.0f} components: split {p['split_s']:.1f} s, components "
                f"solved by then {p['components_wall_s']:.1f} s, total wall {p['wall_s']:.1f} s "
                f"with national pledges incremental; objective {p['objective']}"
                + (
                    f", {p['share_of_single']:.2%} of the single-process objective"
                    if p["share_of_single"] == p["share_of_single"]
                    else ""
                )
            )


if __name__ == "__main__":
    main()
