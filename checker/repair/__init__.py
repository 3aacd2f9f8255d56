"""The repair layer: changing the registry safely.

``repin`` plans and applies in-place repairs of drifted quotes (with
``repin_values`` for pinned value spellings); ``yamledit`` rewrites scalars of
a YAML file without touching anything else; ``atomic`` writes files all or
nothing; ``changed`` selects the claims that a git change touches.

``fetching`` (``claimcheck fetch``) stores a document from the web in ``sources/`` and
catalogs it; ``refresh`` fetches sources again and reports what their changes break;
``catalog_edit`` adds or changes catalog entries in place; ``store`` writes into
``sources/``, the only modules that do.

May import: every layer below it, the engine included.
"""

from checker.repair.atomic import ChangedUnderfoot, write_atomic
from checker.repair.catalog_edit import CatalogEditError, append_entry, update_entry
from checker.repair.changed import since as changed_since
from checker.repair.fetching import Fetched, FetchUsageError, fetch_source
from checker.repair.refresh import RefreshReport, RefreshUsageError, SourceRefresh, refresh
from checker.repair.repin import RepinPlan, RepinStopped, apply_plan, plan_repin

__all__ = [
    "CatalogEditError",
    "ChangedUnderfoot",
    "FetchUsageError",
    "Fetched",
    "RefreshReport",
    "RefreshUsageError",
    "RepinPlan",
    "RepinStopped",
    "SourceRefresh",
    "append_entry",
    "apply_plan",
    "changed_since",
    "fetch_source",
    "plan_repin",
    "refresh",
    "update_entry",
    "write_atomic",
]
