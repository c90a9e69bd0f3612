"""The matching engine: pledges to school needs as one exact min-cost flow.

Pure: plain records in (``model``), proposals with their explanations out. No database, no
Redis, no web framework. ``solve`` runs a whole instance, ``shortfalls`` explains unfunded
items, ``Suggester`` gives instant suggestions for a new pledge or need, and
``split_components`` cuts an instance into parts that can be solved as separate jobs.
"""

from ecosystem.matching.components import split_components
from ecosystem.matching.engine import Solution, solve
from ecosystem.matching.explain import shortfalls
from ecosystem.matching.incremental import Suggester, Suggestion
from ecosystem.matching.model import (
    CoFundingOffer,
    CoFundingProposal,
    Instance,
    NeedItem,
    Pledge,
    PledgeKind,
    Proposal,
    School,
    ScoreTerms,
    Weights,
)
from ecosystem.matching.network import NetworkTooLarge
from ecosystem.matching.scoring import pair_terms

__all__ = [
    "CoFundingOffer",
    "CoFundingProposal",
    "Instance",
    "NeedItem",
    "NetworkTooLarge",
    "Pledge",
    "PledgeKind",
    "Proposal",
    "School",
    "ScoreTerms",
    "Solution",
    "Suggester",
    "Suggestion",
    "Weights",
    "pair_terms",
    "shortfalls",
    "solve",
    "split_components",
]
