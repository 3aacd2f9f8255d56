"""The repair layer: changing the registry safely.

``repin`` plans and applies in-place repairs of drifted quotes (with
``repin_values`` for pinned value spellings); ``yamledit`` rewrites scalars of
a YAML file without touching anything else; ``atomic`` writes files all or
nothing; ``changed`` selects the claims that a git change touches.

May import: every layer below it, the engine included. Never writes ``sources/``.
"""

from checker.repair.atomic import ChangedUnderfoot
from checker.repair.changed import since as changed_since
from checker.repair.repin import RepinPlan, apply_plan, plan_repin

__all__ = [
    "ChangedUnderfoot",
    "RepinPlan",
    "apply_plan",
    "changed_since",
    "plan_repin",
]
