"""The one loader of the catalog's data files (package data, each with its sources inside)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """Parsed content of ``immplay/catalog/data/<name>``, read once."""
    return json.loads(resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8"))
