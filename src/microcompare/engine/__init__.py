"""Filter, score, rank and compare devices: pure functions that return result objects.

The modules read in one direction: `facts` (numbers out of claims) ← `criteria` (what a
ranking weighs) ← `results` (what commands return) ← `safety` (conditions) ← `listing`
(list, show, sources; argument checks) ← `cost` (cost of ownership), `plan` (routines),
`rank` ← `compare`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .chart import chart_devices
    from .compare import advantages, compare_devices
    from .cost import check_months, money_text, ownership_cost, ownership_costs, sessions_text
    from .criteria import (
        CONSUMER_WINDOW_UA,
        CRITERIA,
        DEFAULT_PROFILE,
        PROFILES,
        Criterion,
        Direction,
        Profile,
        criterion_names,
        find_profile,
        parse_weight,
        profile_names,
        weighted_criteria,
    )
    from .facts import (
        app_dependency,
        best_evidence,
        budget_price,
        current_range,
        current_types,
        fda_cleared,
        fda_cleared_as_model,
        features,
        is_adjustable,
        price_range,
    )
    from .listing import (
        KEY_FACTS,
        DeviceFilter,
        Known,
        check_amount,
        check_min_known,
        cited_sources,
        describe_device,
        known_facts,
        list_criteria,
        list_devices,
        list_sources,
        sort_devices,
    )
    from .plan import check_weeks, plan_routine, session_days
    from .rank import dominates, pareto_front, rank_devices
    from .results import (
        Advantage,
        Advice,
        Bar,
        Chart,
        Comparison,
        ComparisonRow,
        Contribution,
        CostPart,
        CriteriaListing,
        DeviceDetail,
        DeviceListing,
        Dominated,
        Mark,
        Notice,
        OwnershipCost,
        Pick,
        PickKind,
        Plan,
        PlanWeek,
        RankedDevice,
        Ranking,
        Result,
        RoutinePhase,
        SafetyListing,
        Session,
        SourceListing,
    )
    from .safety import (
        EXCLUDING,
        Screening,
        applies,
        condition_names,
        contraindication_sources,
        find_condition,
        find_conditions,
        list_safety,
        screen,
        severity_sources,
        strictest,
    )

# In the order they read each other, so a name is found after importing only what it needs:
# `list` never pays for ranking, charts or plans.
_MODULES = (
    *("facts", "criteria", "results", "safety", "listing"),
    *("cost", "plan", "uncertainty", "rank", "compare", "chart"),
)


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for module in _MODULES:
        found = importlib.import_module(f"{__name__}.{module}")
        if name in vars(found):
            value = vars(found)[name]
            globals()[name] = value
            return value
    raise AssertionError(f"{name} is in __all__ but in no module")


__all__ = [
    "CONSUMER_WINDOW_UA",
    "CRITERIA",
    "DEFAULT_PROFILE",
    "EXCLUDING",
    "KEY_FACTS",
    "PROFILES",
    "Advantage",
    "Advice",
    "Bar",
    "Chart",
    "Comparison",
    "ComparisonRow",
    "Contribution",
    "CostPart",
    "CriteriaListing",
    "Criterion",
    "DeviceDetail",
    "DeviceFilter",
    "DeviceListing",
    "Direction",
    "Dominated",
    "Known",
    "Mark",
    "Notice",
    "OwnershipCost",
    "Pick",
    "PickKind",
    "Plan",
    "PlanWeek",
    "Profile",
    "RankedDevice",
    "Ranking",
    "Result",
    "RoutinePhase",
    "SafetyListing",
    "Screening",
    "Session",
    "SourceListing",
    "advantages",
    "app_dependency",
    "applies",
    "best_evidence",
    "budget_price",
    "chart_devices",
    "check_amount",
    "check_min_known",
    "check_months",
    "check_weeks",
    "cited_sources",
    "compare_devices",
    "condition_names",
    "contraindication_sources",
    "criterion_names",
    "current_range",
    "current_types",
    "describe_device",
    "dominates",
    "fda_cleared",
    "fda_cleared_as_model",
    "features",
    "find_condition",
    "find_conditions",
    "find_profile",
    "is_adjustable",
    "known_facts",
    "list_criteria",
    "list_devices",
    "list_safety",
    "list_sources",
    "money_text",
    "ownership_cost",
    "ownership_costs",
    "pareto_front",
    "parse_weight",
    "plan_routine",
    "price_range",
    "profile_names",
    "rank_devices",
    "screen",
    "session_days",
    "sessions_text",
    "severity_sources",
    "sort_devices",
    "strictest",
    "weighted_criteria",
]
