"""The RAM 2015-05-01 routing table: action -> handler, ``ram:<Action>``, resource ARN builder.

Every RAM action is authorized as ``ram:<Action>`` on the ARN from ``ram_resources`` (user and
group ARNs are inferred, see there). Actions of the RAM API that the emulator does not model
(password policy, account alias, tags, service-linked roles...) are still authorized, then answer
``OperationNotEmulated`` (400).

Example::

    ROUTES["CreateUser"].action     # "ram:CreateUser"
"""

from __future__ import annotations

from immplay.cloud import ram_groups as g
from immplay.cloud import ram_mfa as m
from immplay.cloud import ram_policies as p
from immplay.cloud import ram_roles as r
from immplay.cloud import ram_users as u
from immplay.cloud.diagnostic import decode
from immplay.cloud.errors import CloudError
from immplay.cloud.ram_resources import (
    any_group,
    any_mfa,
    any_policy,
    any_role,
    any_user,
    everything,
    group_arn,
    mfa_arn,
    policy_arn,
    role_arn,
    target_user_arn,
    user_arn,
)
from immplay.cloud.routing import Invocation, Route


def decode_diagnostic_message(inv: Invocation) -> dict:
    return {"DecodedDiagnosticMessage": decode(inv.params["EncodedDiagnosticMessage"])}


def not_emulated(inv: Invocation) -> dict:
    raise CloudError("OperationNotEmulated",
                     f"{inv.call.action} is authorized (the caller may call it) but immplay does not emulate it.", 400)


def _r(name: str, handler, resource, *required: str, reads: bool = False) -> tuple[str, Route]:
    return name, Route(handler, f"ram:{name}", resource, tuple(required), mutates=not reads)


ROUTES: dict[str, Route] = dict([
    # users
    _r("CreateUser", u.create_user, any_user, "UserName"),
    _r("GetUser", u.get_user, user_arn, "UserName", reads=True),
    _r("ListUsers", u.list_users, any_user, reads=True),
    _r("UpdateUser", u.update_user, user_arn, "UserName"),
    _r("DeleteUser", u.delete_user, user_arn, "UserName"),
    # access keys
    _r("CreateAccessKey", u.create_access_key, target_user_arn),
    _r("ListAccessKeys", u.list_access_keys, target_user_arn, reads=True),
    _r("UpdateAccessKey", u.update_access_key, target_user_arn, "UserAccessKeyId", "Status"),
    _r("DeleteAccessKey", u.delete_access_key, target_user_arn, "UserAccessKeyId"),
    _r("GetAccessKeyLastUsed", u.get_access_key_last_used, target_user_arn, "UserAccessKeyId", reads=True),
    # login profiles
    _r("CreateLoginProfile", u.create_login_profile, user_arn, "UserName", "Password"),
    _r("GetLoginProfile", u.get_login_profile, user_arn, "UserName", reads=True),
    _r("UpdateLoginProfile", u.update_login_profile, user_arn, "UserName"),
    _r("DeleteLoginProfile", u.delete_login_profile, user_arn, "UserName"),
    # groups
    _r("CreateGroup", g.create_group, any_group, "GroupName"),
    _r("GetGroup", g.get_group, group_arn, "GroupName", reads=True),
    _r("ListGroups", g.list_groups, any_group, reads=True),
    _r("UpdateGroup", g.update_group, group_arn, "GroupName"),
    _r("DeleteGroup", g.delete_group, group_arn, "GroupName"),
    _r("AddUserToGroup", g.add_user_to_group, group_arn, "GroupName", "UserName"),
    _r("RemoveUserFromGroup", g.remove_user_from_group, group_arn, "GroupName", "UserName"),
    _r("ListGroupsForUser", g.list_groups_for_user, user_arn, "UserName", reads=True),
    _r("ListUsersForGroup", g.list_users_for_group, group_arn, "GroupName", reads=True),
    # policies and versions
    _r("CreatePolicy", p.create_policy, any_policy, "PolicyName", "PolicyDocument"),
    _r("GetPolicy", p.get_policy, policy_arn, "PolicyName", "PolicyType", reads=True),
    _r("ListPolicies", p.list_policies, any_policy, reads=True),
    _r("UpdatePolicyDescription", p.update_policy_description, policy_arn, "PolicyName"),
    _r("DeletePolicy", p.delete_policy, policy_arn, "PolicyName"),
    _r("CreatePolicyVersion", p.create_policy_version, policy_arn, "PolicyName", "PolicyDocument"),
    _r("GetPolicyVersion", p.get_policy_version, policy_arn, "PolicyName", "PolicyType", "VersionId", reads=True),
    _r("ListPolicyVersions", p.list_policy_versions, policy_arn, "PolicyName", "PolicyType", reads=True),
    _r("SetDefaultPolicyVersion", p.set_default_policy_version, policy_arn, "PolicyName", "VersionId"),
    _r("DeletePolicyVersion", p.delete_policy_version, policy_arn, "PolicyName", "VersionId"),
    # attachments
    _r("AttachPolicyToUser", p.attach_policy_to_user, user_arn, "PolicyType", "PolicyName", "UserName"),
    _r("DetachPolicyFromUser", p.detach_policy_from_user, user_arn, "PolicyType", "PolicyName", "UserName"),
    _r("AttachPolicyToGroup", p.attach_policy_to_group, group_arn, "PolicyType", "PolicyName", "GroupName"),
    _r("DetachPolicyFromGroup", p.detach_policy_from_group, group_arn, "PolicyType", "PolicyName", "GroupName"),
    _r("AttachPolicyToRole", p.attach_policy_to_role, role_arn, "PolicyType", "PolicyName", "RoleName"),
    _r("DetachPolicyFromRole", p.detach_policy_from_role, role_arn, "PolicyType", "PolicyName", "RoleName"),
    _r("ListPoliciesForUser", p.list_policies_for_user, user_arn, "UserName", reads=True),
    _r("ListPoliciesForGroup", p.list_policies_for_group, group_arn, "GroupName", reads=True),
    _r("ListPoliciesForRole", p.list_policies_for_role, role_arn, "RoleName", reads=True),
    _r("ListEntitiesForPolicy", p.list_entities_for_policy, policy_arn, "PolicyName", "PolicyType", reads=True),
    # roles
    _r("CreateRole", r.create_role, any_role, "RoleName", "AssumeRolePolicyDocument"),
    _r("GetRole", r.get_role, role_arn, "RoleName", reads=True),
    _r("ListRoles", r.list_roles, any_role, reads=True),
    _r("UpdateRole", r.update_role, role_arn, "RoleName"),
    _r("DeleteRole", r.delete_role, role_arn, "RoleName"),
    # MFA
    _r("CreateVirtualMFADevice", m.create_virtual_mfa_device, any_mfa, "VirtualMFADeviceName"),
    _r("BindMFADevice", m.bind_mfa_device, user_arn, "SerialNumber", "UserName", "AuthenticationCode1",
       "AuthenticationCode2"),
    _r("UnbindMFADevice", m.unbind_mfa_device, user_arn, "UserName"),
    _r("GetUserMFAInfo", m.get_user_mfa_info, user_arn, "UserName", reads=True),
    _r("ListVirtualMFADevices", m.list_virtual_mfa_devices, any_mfa, reads=True),
    _r("DeleteVirtualMFADevice", m.delete_virtual_mfa_device, mfa_arn, "SerialNumber"),
    # diagnostics
    _r("DecodeDiagnosticMessage", decode_diagnostic_message, everything, "EncodedDiagnosticMessage", reads=True),
])

# In the RAM API (alibabacloud-ram20150501) but not modelled: authorized on "*", then refused loudly.
NOT_EMULATED = (
    "ChangePassword", "GetPasswordPolicy", "SetPasswordPolicy", "GetSecurityPreference", "SetSecurityPreference",
    "SetAccountAlias", "GetAccountAlias", "ClearAccountAlias", "CreateServiceLinkedRole",
    "DeleteServiceLinkedRole", "GetServiceLinkedRoleTemplate", "TagResources", "UntagResources",
    "ListTagResources",
)
ROUTES.update({name: Route(not_emulated, f"ram:{name}", everything) for name in NOT_EMULATED})
