"""RAM's entity errors, one rule for users, groups, roles, policies and virtual MFA devices (reference §6).

Each kind of entity answers the same three errors with its own code suffix and words:
``EntityNotExist.<Kind>`` (404) "The user does not exist: alice.", ``EntityAlreadyExists.<Kind>`` (409)
"The user already exists: alice." and ``LimitExceeded.<Kind>`` (409) "The count of users beyond the
current limit (5000)." (reference §1 has the limits).

Example::

    USERS.find(inv.state.users, "alice")          # the User, or EntityNotExist.User (404)
    USERS.check_new(name in inv.state.users, name, len(inv.state.users))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from immplay.cloud.errors import CloudError
from immplay.cloud.params import check_name

T = TypeVar("T")


@dataclass(frozen=True)
class EntityKind:
    """A kind of RAM entity: ``code`` in error codes ("User"), ``noun`` and ``plural`` in messages,
    ``limit`` per account."""

    code: str
    noun: str
    plural: str
    limit: int

    def not_found(self, name: str) -> CloudError:
        """``EntityNotExist.<Kind>`` (404) naming ``name``."""
        return CloudError(f"EntityNotExist.{self.code}", f"The {self.noun} does not exist: {name}.", 404)

    def already_exists(self, name: str) -> CloudError:
        """``EntityAlreadyExists.<Kind>`` (409) naming ``name``."""
        return CloudError(f"EntityAlreadyExists.{self.code}", f"The {self.noun} already exists: {name}.", 409)

    def find(self, table: dict[str, T], key: str) -> T:
        """``table[key]``, or raise ``not_found(key)``."""
        entity = table.get(key)
        if entity is None:
            raise self.not_found(key)
        return entity

    def check_new(self, taken: bool, name: str, count: int) -> None:
        """Refuse a new entity ``name``: ``already_exists`` when ``taken``, ``LimitExceeded.<Kind>`` (409)
        when the account already has ``count`` >= ``limit`` of them."""
        if taken:
            raise self.already_exists(name)
        if count >= self.limit:
            raise CloudError(f"LimitExceeded.{self.code}",
                             f"The count of {self.plural} beyond the current limit ({self.limit}).", 409)

    def new_name(self, table: dict[str, T], current: str, new: str | None, param: str,
                 pattern: re.Pattern) -> str | None:
        """The name ``param`` renames entity ``current`` to, checked (1-64 characters of ``pattern``,
        not taken: ``already_exists``); None when ``new`` is absent or unchanged."""
        if not new or new == current:
            return None
        check_name(new, param, pattern, 64)
        if new in table:
            raise self.already_exists(new)
        return new


USERS = EntityKind("User", "user", "users", 5000)
GROUPS = EntityKind("Group", "group", "groups", 300)
ROLES = EntityKind("Role", "role", "roles", 1000)
POLICIES = EntityKind("Policy", "policy", "policies", 1500)
MFA_DEVICES = EntityKind("VirtualMFADevice", "virtual MFA device", "virtual MFA devices", 1000)
