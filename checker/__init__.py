"""claimcheck: every factual claim backed by a verbatim quote from a source, and kept so."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import ModuleType
from typing import Any

__version__ = "0.1.0"


def _submodule(name: str) -> ModuleType:
    __import__(name)  # not importlib.import_module: python -X importtime times only what goes through the import statement
    return sys.modules[name]


class _Layer(ModuleType):
    """A layer package (``lazy_layer``): each exported name is imported from its module the first time it is used."""

    _origins: dict[str, str]
    """Exported name -> the module (under the package) that defines it."""

    def __getattr__(self, name: str) -> Any:
        origin = self.__dict__["_origins"].get(name)
        if origin is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        value = getattr(_submodule(f"{self.__name__}.{origin}"), name)
        ModuleType.__setattr__(self, name, value)  # once found, an ordinary attribute
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule sets it as the package's attribute. Where an export has a submodule's name
        # (documents.normalise, the function), the export wins, as it did when __init__ imported everything.
        if isinstance(value, ModuleType) and value.__name__ == f"{self.__name__}.{name}" and name in self.__dict__["_origins"]:
            value = getattr(_submodule(f"{self.__name__}.{self.__dict__['_origins'][name]}"), name)
        ModuleType.__setattr__(self, name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__["_origins"]})


def lazy_layer(package: str, exports: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Make ``package`` (a layer's ``__init__``: ``__all__ = lazy_layer(__name__, {module: names})``) import each of its
    exports only when it is first used, and return the names for ``__all__``.

    Why: ``claimcheck check`` after editing one source needs a few modules of each layer (reading a source,
    locating quotes, the stored report), not the YAML loader, the value grammars or the conflict rules, and on a
    machine that does not keep bytecode every module imported is compiled again on every run. Importing from the
    layer package stays the one way across layers (``from checker.documents import normalise``).
    """
    module = sys.modules[package]
    module.__dict__["_origins"] = {name: origin for origin, names in exports.items() for name in names}
    module.__class__ = _Layer
    return sorted(module.__dict__["_origins"])
