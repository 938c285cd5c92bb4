"""The RAM 2015-05-01 route table (``ROUTES``): action -> handler, ``ram:<Action>``, resource ARN builder.

Every RAM action is authorized as ``ram:<Action>`` on the ARN from ``ram_resources`` (user and
group ARNs are inferred, see there). Actions of the RAM API that the emulator does not model
(password policy, account alias, tags, service-linked roles...) are still authorized, then answer
``OperationNotEmulated`` (400).

Example::

    ROUTES["CreateUser"].action     # "ram:CreateUser"
"""

from __future__ import annotations

from immplay.cloud.authorization import RAM_DENIED
from immplay.cloud.diagnostic import decode
from immplay.cloud.errors import CloudError
from immplay.cloud.ram import groups, mfa, policies, roles, users
from immplay.cloud.ram.resources import (
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
from immplay.cloud.routing import ApiRoute, Handler, IdentityPolicies, Invocation, ResourceBuilder


def decode_diagnostic_message(inv: Invocation) -> dict:
    return {"DecodedDiagnosticMessage": decode(inv.params["EncodedDiagnosticMessage"])}


def not_emulated(inv: Invocation) -> dict:
    raise CloudError("OperationNotEmulated",
                     f"{inv.call.action} is authorized (the caller may call it) but immplay does not emulate it.", 400)


def _r(name: str, handler: Handler, resource: ResourceBuilder, *required: str,
       reads: bool = False) -> tuple[str, ApiRoute]:
    return name, ApiRoute(handler, IdentityPolicies(f"ram:{name}", resource, RAM_DENIED), tuple(required),
                          mutates=not reads)


ROUTES: dict[str, ApiRoute] = dict([
    # users
    _r("CreateUser", users.create_user, any_user, "UserName"),
    _r("GetUser", users.get_user, user_arn, "UserName", reads=True),
    _r("ListUsers", users.list_users, any_user, reads=True),
    _r("UpdateUser", users.update_user, user_arn, "UserName"),
    _r("DeleteUser", users.delete_user, user_arn, "UserName"),
    # access keys
    _r("CreateAccessKey", users.create_access_key, target_user_arn),
    _r("ListAccessKeys", users.list_access_keys, target_user_arn, reads=True),
    _r("UpdateAccessKey", users.update_access_key, target_user_arn, "UserAccessKeyId", "Status"),
    _r("DeleteAccessKey", users.delete_access_key, target_user_arn, "UserAccessKeyId"),
    _r("GetAccessKeyLastUsed", users.get_access_key_last_used, target_user_arn, "UserAccessKeyId", reads=True),
    # login profiles
    _r("CreateLoginProfile", users.create_login_profile, user_arn, "UserName", "Password"),
    _r("GetLoginProfile", users.get_login_profile, user_arn, "UserName", reads=True),
    _r("UpdateLoginProfile", users.update_login_profile, user_arn, "UserName"),
    _r("DeleteLoginProfile", users.delete_login_profile, user_arn, "UserName"),
    # groups
    _r("CreateGroup", groups.create_group, any_group, "GroupName"),
    _r("GetGroup", groups.get_group, group_arn, "GroupName", reads=True),
    _r("ListGroups", groups.list_groups, any_group, reads=True),
    _r("UpdateGroup", groups.update_group, group_arn, "GroupName"),
    _r("DeleteGroup", groups.delete_group, group_arn, "GroupName"),
    _r("AddUserToGroup", groups.add_user_to_group, group_arn, "GroupName", "UserName"),
    _r("RemoveUserFromGroup", groups.remove_user_from_group, group_arn, "GroupName", "UserName"),
    _r("ListGroupsForUser", groups.list_groups_for_user, user_arn, "UserName", reads=True),
    _r("ListUsersForGroup", groups.list_users_for_group, group_arn, "GroupName", reads=True),
    # policies and versions
    _r("CreatePolicy", policies.create_policy, any_policy, "PolicyName", "PolicyDocument"),
    _r("GetPolicy", policies.get_policy, policy_arn, "PolicyName", "PolicyType", reads=True),
    _r("ListPolicies", policies.list_policies, any_policy, reads=True),
    _r("UpdatePolicyDescription", policies.update_policy_description, policy_arn, "PolicyName"),
    _r("DeletePolicy", policies.delete_policy, policy_arn, "PolicyName"),
    _r("CreatePolicyVersion", policies.create_policy_version, policy_arn, "PolicyName", "PolicyDocument"),
    _r("GetPolicyVersion", policies.get_policy_version, policy_arn, "PolicyName", "PolicyType", "VersionId", reads=True),
    _r("ListPolicyVersions", policies.list_policy_versions, policy_arn, "PolicyName", "PolicyType", reads=True),
    _r("SetDefaultPolicyVersion", policies.set_default_policy_version, policy_arn, "PolicyName", "VersionId"),
    _r("DeletePolicyVersion", policies.delete_policy_version, policy_arn, "PolicyName", "VersionId"),
    # attachments
    _r("AttachPolicyToUser", policies.attach_policy_to_user, user_arn, "PolicyType", "PolicyName", "UserName"),
    _r("DetachPolicyFromUser", policies.detach_policy_from_user, user_arn, "PolicyType", "PolicyName", "UserName"),
    _r("AttachPolicyToGroup", policies.attach_policy_to_group, group_arn, "PolicyType", "PolicyName", "GroupName"),
    _r("DetachPolicyFromGroup", policies.detach_policy_from_group, group_arn, "PolicyType", "PolicyName", "GroupName"),
    _r("AttachPolicyToRole", policies.attach_policy_to_role, role_arn, "PolicyType", "PolicyName", "RoleName"),
    _r("DetachPolicyFromRole", policies.detach_policy_from_role, role_arn, "PolicyType", "PolicyName", "RoleName"),
    _r("ListPoliciesForUser", policies.list_policies_for_user, user_arn, "UserName", reads=True),
    _r("ListPoliciesForGroup", policies.list_policies_for_group, group_arn, "GroupName", reads=True),
    _r("ListPoliciesForRole", policies.list_policies_for_role, role_arn, "RoleName", reads=True),
    _r("ListEntitiesForPolicy", policies.list_entities_for_policy, policy_arn, "PolicyName", "PolicyType", reads=True),
    # roles
    _r("CreateRole", roles.create_role, any_role, "RoleName", "AssumeRolePolicyDocument"),
    _r("GetRole", roles.get_role, role_arn, "RoleName", reads=True),
    _r("ListRoles", roles.list_roles, any_role, reads=True),
    _r("UpdateRole", roles.update_role, role_arn, "RoleName"),
    _r("DeleteRole", roles.delete_role, role_arn, "RoleName"),
    # MFA
    _r("CreateVirtualMFADevice", mfa.create_virtual_mfa_device, any_mfa, "VirtualMFADeviceName"),
    _r("BindMFADevice", mfa.bind_mfa_device, user_arn, "SerialNumber", "UserName", "AuthenticationCode1",
       "AuthenticationCode2"),
    _r("UnbindMFADevice", mfa.unbind_mfa_device, user_arn, "UserName"),
    _r("GetUserMFAInfo", mfa.get_user_mfa_info, user_arn, "UserName", reads=True),
    _r("ListVirtualMFADevices", mfa.list_virtual_mfa_devices, any_mfa, reads=True),
    _r("DeleteVirtualMFADevice", mfa.delete_virtual_mfa_device, mfa_arn, "SerialNumber"),
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
ROUTES.update({name: ApiRoute(not_emulated, IdentityPolicies(f"ram:{name}", everything, RAM_DENIED))
               for name in NOT_EMULATED})
