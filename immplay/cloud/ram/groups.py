"""RAM user groups and membership (reference §1, §6).

Rules: 300 groups per account (``LimitExceeded.Group``); a user joins at most 10 groups
(``LimitExceeded.User.Group``); GroupName 1-64 of ``[A-Za-z0-9._-]``; DeleteGroup refused with
``DeleteConflict.Group.User`` then ``DeleteConflict.Group.Policy`` (409).

Example::

    cloud.dispatch(ApiCall("ram", "AddUserToGroup", params={"GroupName": "devs", "UserName": "alice"}, ...))
"""

from __future__ import annotations

from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.params import GROUP_NAME, check_length, check_name
from immplay.cloud.ram.entities import GROUPS
from immplay.cloud.ram.users import find_user
from immplay.cloud.ram.views import group_view, page, wrapped
from immplay.cloud.routing import Invocation
from immplay.cloud.state import Group, Membership

MAX_GROUPS_PER_USER = 10


def find_group(inv: Invocation, name: str) -> Group:
    """The group ``name``, or ``EntityNotExist.Group`` (404)."""
    return GROUPS.find(inv.state.groups, name)


def create_group(inv: Invocation) -> dict:
    name = check_name(inv.params["GroupName"], "GroupName", GROUP_NAME, 64)
    GROUPS.check_new(name in inv.state.groups, name, len(inv.state.groups))
    group = Group(inv.cloud.ids.group_id(), name, inv.now, inv.now, check_length(inv.params, "Comments", 128))
    inv.state.groups[name] = group
    created = group_view(group)
    created.pop("UpdateDate")  # CreateGroup answers no UpdateDate
    return {"Group": created}


def get_group(inv: Invocation) -> dict:
    return {"Group": group_view(find_group(inv, inv.params["GroupName"]))}


def list_groups(inv: Invocation) -> dict:
    return page(inv.params, [group_view(g) for g in inv.state.groups.values()], "Groups", "Group")


def update_group(inv: Invocation) -> dict:
    state, params = inv.state, inv.params
    group = find_group(inv, params["GroupName"])
    new_name = GROUPS.new_name(state.groups, group.name, params.get("NewGroupName"), "NewGroupName", GROUP_NAME)
    if new_name is not None:
        old = group.name
        state.groups[new_name] = state.groups.pop(old)
        group.name = new_name
        for membership in state.memberships:
            if membership.group_name == old:
                membership.group_name = new_name
        for attachment in state.attachments_of("Group", old):
            attachment.entity_name = new_name
    if "NewComments" in params:
        group.comments = check_length(params, "NewComments", 128)
    group.update_date = inv.now
    return {"Group": group_view(group)}


def delete_group(inv: Invocation) -> dict:
    state = inv.state
    name = find_group(inv, inv.params["GroupName"]).name
    if state.members_of(name):
        raise CloudError("DeleteConflict.Group.User",
                         f"The group {name} still has members; remove them before deleting the group.", 409)
    if state.attachments_of("Group", name):
        raise CloudError("DeleteConflict.Group.Policy",
                         f"The group {name} still has attached policies; detach them first.", 409)
    del state.groups[name]
    return {}


def add_user_to_group(inv: Invocation) -> dict:
    state = inv.state
    group = find_group(inv, inv.params["GroupName"])
    user = find_user(inv, inv.params["UserName"])
    groups = state.groups_of(user.name)
    if group.name in groups:
        raise CloudError("EntityAlreadyExists.User.Group",
                         f"The user {user.name} is already in the group {group.name}.", 409)
    if len(groups) >= MAX_GROUPS_PER_USER:
        raise CloudError("LimitExceeded.User.Group",
                         f"The count of groups of the user beyond the current limit ({MAX_GROUPS_PER_USER}).", 409)
    state.memberships.append(Membership(group.name, user.name, inv.now))
    return {}


def remove_user_from_group(inv: Invocation) -> dict:
    state = inv.state
    group = find_group(inv, inv.params["GroupName"])
    user = find_user(inv, inv.params["UserName"])
    for membership in state.memberships:
        if membership.group_name == group.name and membership.user_name == user.name:
            state.memberships.remove(membership)
            return {}
    raise CloudError("EntityNotExist.User.Group", f"The user {user.name} is not in the group {group.name}.", 404)


def list_groups_for_user(inv: Invocation) -> dict:
    state = inv.state
    user = find_user(inv, inv.params["UserName"])
    items = []
    for membership in state.memberships:
        if membership.user_name == user.name:
            group = state.groups[membership.group_name]
            items.append({"GroupId": group.group_id, "GroupName": group.name, "Comments": group.comments,
                          "JoinDate": ram_date(membership.join_date)})
    return wrapped(items, "Groups", "Group")


def list_users_for_group(inv: Invocation) -> dict:
    state = inv.state
    group = find_group(inv, inv.params["GroupName"])
    items = [{"UserName": m.user_name, "DisplayName": state.users[m.user_name].display_name,
              "JoinDate": ram_date(m.join_date)} for m in state.members_of(group.name)]
    return page(inv.params, items, "Users", "User")
