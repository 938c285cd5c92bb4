"""The emulated account's state: plain dataclasses, no behaviour beyond small lookups.

Everything here is data that ``export_state`` writes to JSON and ``import_state`` reads back:
parsed ``Policy`` objects are never stored here (the ``Cloud`` keeps a cache keyed by document
text), so state survives a round trip exactly. Times are aware UTC datetimes from the emulated clock.

Example::

    state = AccountState(account_id="1509100000000000")
    state.users["alice"] = User(user_id="2169...", name="alice", create_date=clock.now())
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class User:
    user_id: str
    name: str
    create_date: datetime
    update_date: datetime | None = None
    display_name: str = ""
    mobile_phone: str = ""
    email: str = ""
    comments: str = ""
    last_login_date: datetime | None = None


@dataclass
class AccessKey:
    """A long-term AccessKey pair. ``user_name`` is None for the account root's own keys."""

    access_key_id: str
    secret: str
    create_date: datetime
    user_name: str | None = None
    status: str = "Active"
    last_used: datetime | None = None


@dataclass
class Group:
    group_id: str
    name: str
    create_date: datetime
    update_date: datetime | None = None
    comments: str = ""


@dataclass
class Membership:
    group_name: str
    user_name: str
    join_date: datetime


@dataclass
class PolicyVersion:
    version_id: str
    document: str
    create_date: datetime


@dataclass
class CustomPolicy:
    name: str
    create_date: datetime
    update_date: datetime
    default_version: str = "v1"
    description: str = ""
    versions: dict[str, PolicyVersion] = field(default_factory=dict)
    next_version: int = 2
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Attachment:
    """A policy attached to a user, group or role (``entity_type`` "User" | "Group" | "Role")."""

    entity_type: str
    entity_name: str
    policy_type: str
    policy_name: str
    attach_date: datetime


@dataclass
class Role:
    role_id: str
    name: str
    trust_document: str
    create_date: datetime
    update_date: datetime | None = None
    description: str = ""
    max_session_duration: int = 3600
    allow_console_login: bool = False


@dataclass
class LoginProfile:
    """Console logon settings. The password itself is not kept (no console is emulated)."""

    user_name: str
    create_date: datetime
    password_reset_required: bool = False
    mfa_bind_required: bool = False


@dataclass
class VirtualMFADevice:
    serial_number: str
    name: str
    seed: str
    create_date: datetime
    user_name: str | None = None
    activate_date: datetime | None = None


@dataclass
class StsSession:
    """Temporary credentials issued by AssumeRole, and what they may do."""

    access_key_id: str
    secret: str
    security_token: str
    role_name: str
    role_id: str
    session_name: str
    expiration: datetime
    issued: datetime
    session_policy: str | None = None
    source_identity: str = ""


@dataclass
class Dataset:
    name: str
    create_time: datetime
    update_time: datetime
    description: str = ""
    template_id: str = ""
    file_count: int = 0
    total_file_size: int = 0
    limits: dict[str, int] = field(default_factory=dict)
    workflow_parameters: list[dict] = field(default_factory=list)


@dataclass
class Task:
    task_id: str
    task_type: str
    event_id: str
    start_time: datetime
    end_time: datetime
    request: dict[str, str] = field(default_factory=dict)
    status: str = "Succeeded"
    user_data: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class Project:
    name: str
    region: str
    create_time: datetime
    update_time: datetime
    service_role: str = "AliyunIMMDefaultRole"
    description: str = ""
    template_id: str = ""
    limits: dict[str, int] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)


@dataclass
class AccountState:
    """Every resource of one emulated account, keyed by name (projects by region, then name)."""

    account_id: str
    users: dict[str, User] = field(default_factory=dict)
    access_keys: dict[str, AccessKey] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    policies: dict[str, CustomPolicy] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    login_profiles: dict[str, LoginProfile] = field(default_factory=dict)
    mfa_devices: dict[str, VirtualMFADevice] = field(default_factory=dict)
    sessions: dict[str, StsSession] = field(default_factory=dict)
    projects: dict[str, dict[str, Project]] = field(default_factory=dict)

    def groups_of(self, user_name: str) -> list[str]:
        """Names of the groups ``user_name`` belongs to, in joining order."""
        return [m.group_name for m in self.memberships if m.user_name == user_name]

    def members_of(self, group_name: str) -> list[Membership]:
        return [m for m in self.memberships if m.group_name == group_name]

    def attachments_of(self, entity_type: str, entity_name: str) -> list[Attachment]:
        return [a for a in self.attachments
                if a.entity_type == entity_type and a.entity_name == entity_name]

    def attachments_for(self, policy_type: str, policy_name: str) -> list[Attachment]:
        return [a for a in self.attachments
                if a.policy_type == policy_type and a.policy_name == policy_name]

    def mfa_of(self, user_name: str) -> VirtualMFADevice | None:
        return next((d for d in self.mfa_devices.values() if d.user_name == user_name), None)

    def keys_of(self, user_name: str | None) -> list[AccessKey]:
        return [k for k in self.access_keys.values() if k.user_name == user_name]
