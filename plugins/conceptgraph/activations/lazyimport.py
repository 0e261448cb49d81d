"""A module imported when one of its names is first used, not when the code that uses it is.

A warm site build reads the activation registry and the plot cache but computes nothing: it
need not import numpy or scipy (about a twentieth and a tenth of a second). On first use the
stand-in puts the real module in its place, so later uses cost nothing extra.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    """Stands for module ``name`` as the global ``alias`` of the module ``namespace`` is."""

    def __init__(self, name: str, namespace: dict[str, Any], alias: str):
        self._name, self._namespace, self._alias = name, namespace, alias

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self._name)
        self._namespace[self._alias] = module
        return getattr(module, attr)
