"""The one loader of the catalog's data files (package data, each with its sources inside)."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@cache
def load(name: str) -> Any:
    """Parsed content of ``immplay/catalog/data/<name>``, read once."""
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as f:
        return json.load(f)
