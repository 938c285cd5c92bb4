"""Custom policies and versions, system policies, attachments and roles (reference §1, §5.4, §6)."""

from __future__ import annotations

import json

import pytest
from cloud_clients import allow, trust

READ = json.dumps(allow("imm:Get*"))
ALICE = "acs:ram::1509100000000000:user/alice"


def test_create_policy_answers_custom_v1(root):
    policy = root("ram", "CreatePolicy", PolicyName="imm-read", PolicyDocument=READ, Description="d")["Policy"]
    assert policy == {"PolicyName": "imm-read", "PolicyType": "Custom", "Description": "d",
                      "DefaultVersion": "v1", "CreateDate": "2026-01-01T00:00:00Z"}


def test_malformed_policy_document_names_line_and_column(root):
    text = '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow" "Action": "imm:*"}\n  ]\n}'
    error = root.fails("ram", "CreatePolicy", PolicyName="broken", PolicyDocument=text)
    assert (error.code, error.http_status) == ("MalformedPolicyDocument", 400)
    assert "line 4" in error.message and "column" in error.message


def test_policy_grammar_error_is_malformed_policy_document(root):
    text = json.dumps({"Version": "1", "Statement": [{"Effect": "Permit", "Action": "imm:*", "Resource": "*"}]})
    error = root.fails("ram", "CreatePolicy", PolicyName="broken", PolicyDocument=text)
    assert error.code == "MalformedPolicyDocument" and "Effect" in error.message


def test_policy_document_over_6144_characters_is_refused(root):
    statements = [{"Effect": "Allow", "Action": f"imm:GetProject{n}", "Resource": "*"} for n in range(120)]
    text = json.dumps({"Version": "1", "Statement": statements})
    assert len(text) > 6144
    error = root.fails("ram", "CreatePolicy", PolicyName="big", PolicyDocument=text)
    assert (error.code, error.http_status) == ("InvalidParameter.PolicyDocument.Length", 400)


def test_custom_policy_name_allows_no_underscore(root):
    error = root.fails("ram", "CreatePolicy", PolicyName="imm_read", PolicyDocument=READ)
    assert error.code == "InvalidParameter.PolicyName.InvalidChars"


def test_custom_policy_may_not_take_a_system_policy_name(root):
    error = root.fails("ram", "CreatePolicy", PolicyName="AliyunIMMFullAccess", PolicyDocument=READ)
    assert (error.code, error.http_status) == ("EntityAlreadyExists.Policy", 409)


def test_policy_version_limit_is_five(root):
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=READ)
    for _ in range(4):
        root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=READ)
    error = root.fails("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=READ)
    assert (error.code, error.http_status) == ("LimitExceeded.Policy.Version", 409)


def test_rotate_strategy_deletes_the_oldest_non_default_version(root):
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=READ)
    for _ in range(4):
        root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=READ)
    version = root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=READ, SetAsDefault="true",
                   RotateStrategy="DeleteOldestNonDefaultVersionWhenLimitExceeded")["PolicyVersion"]
    assert version["VersionId"] == "v6" and version["IsDefaultVersion"] is True
    versions = root("ram", "ListPolicyVersions", PolicyName="p", PolicyType="Custom")["PolicyVersions"]
    assert [v["VersionId"] for v in versions["PolicyVersion"]] == ["v1", "v3", "v4", "v5", "v6"]


def test_default_version_decides_and_cannot_be_deleted(root):
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=READ)
    root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=json.dumps(allow("imm:List*")))
    assert root("ram", "GetPolicy", PolicyName="p", PolicyType="Custom")["DefaultPolicyVersion"]["VersionId"] == "v1"
    root("ram", "SetDefaultPolicyVersion", PolicyName="p", VersionId="v2")
    got = root("ram", "GetPolicy", PolicyName="p", PolicyType="Custom")
    assert got["Policy"]["DefaultVersion"] == "v2" and "imm:List*" in got["Policy"]["PolicyDocument"]
    error = root.fails("ram", "DeletePolicyVersion", PolicyName="p", VersionId="v2")
    assert (error.code, error.http_status) == ("DeleteConflict.Policy.Version.Default", 409)
    assert root("ram", "DeletePolicyVersion", PolicyName="p", VersionId="v1") == {}
    assert root.fails("ram", "GetPolicyVersion", PolicyName="p", PolicyType="Custom",
                      VersionId="v1").code == "EntityNotExist.Policy.Version"
    assert root.fails("ram", "GetPolicyVersion", PolicyName="p", PolicyType="Custom",
                      VersionId="1").code == "InvalidParameter.VersionId.Format"


def test_changing_the_default_version_changes_what_the_user_may_do(root):
    from cloud_clients import make_user
    alice = make_user(root, "alice", custom=allow("imm:ListProjects"))
    assert alice("imm", "ListProjects") == {"Projects": []}
    root("ram", "CreatePolicyVersion", PolicyName="alice-policy", PolicyDocument=READ, SetAsDefault="true")
    assert alice.fails("imm", "ListProjects").http_status == 403


def test_delete_policy_conflicts(root):
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=READ)
    root("ram", "CreateUser", UserName="alice")
    root("ram", "AttachPolicyToUser", PolicyName="p", PolicyType="Custom", UserName="alice")
    assert root.fails("ram", "DeletePolicy", PolicyName="p").code == "DeleteConflict.Policy.User"
    root("ram", "DetachPolicyFromUser", PolicyName="p", PolicyType="Custom", UserName="alice")
    root("ram", "CreatePolicyVersion", PolicyName="p", PolicyDocument=READ)
    assert root.fails("ram", "DeletePolicy", PolicyName="p").code == "DeleteConflict.Policy.Version"
    root("ram", "DeletePolicyVersion", PolicyName="p", VersionId="v2")
    assert root("ram", "DeletePolicy", PolicyName="p") == {}


def test_cascading_delete_detaches_everywhere(root):
    root("ram", "CreatePolicy", PolicyName="p", PolicyDocument=READ)
    root("ram", "CreateGroup", GroupName="g")
    root("ram", "AttachPolicyToGroup", PolicyName="p", PolicyType="Custom", GroupName="g")
    root("ram", "DeletePolicy", PolicyName="p", CascadingDelete="true")
    assert root("ram", "ListPoliciesForGroup", GroupName="g")["Policies"]["Policy"] == []


def test_system_policies_are_listed_and_read_only(root):
    listed = root("ram", "ListPolicies", PolicyType="System", MaxItems=1000)["Policies"]["Policy"]
    names = {p["PolicyName"] for p in listed}
    assert {"AliyunIMMFullAccess", "AliyunIMMReadOnlyAccess"} <= names
    got = root("ram", "GetPolicy", PolicyName="AliyunIMMReadOnlyAccess", PolicyType="System")
    assert got["Policy"]["PolicyType"] == "System" and "imm:Get*" in got["Policy"]["PolicyDocument"]
    assert root.fails("ram", "DeletePolicy", PolicyName="AliyunIMMFullAccess").code == "EntityNotExist.Policy"
    assert root.fails("ram", "GetPolicy", PolicyName="AliyunIMMFullAccess", PolicyType="Other").code == \
        "InvalidParameter.PolicyType"


def test_attach_twice_and_detach_missing(root):
    root("ram", "CreateUser", UserName="alice")
    kwargs = {"PolicyType": "System", "PolicyName": "AliyunIMMFullAccess", "UserName": "alice"}
    root("ram", "AttachPolicyToUser", **kwargs)
    assert root.fails("ram", "AttachPolicyToUser", **kwargs).code == "EntityAlreadyExists.User.Policy"
    root("ram", "DetachPolicyFromUser", **kwargs)
    error = root.fails("ram", "DetachPolicyFromUser", **kwargs)
    assert (error.code, error.http_status) == ("EntityNotExist.User.Policy", 404)
    assert root.fails("ram", "AttachPolicyToUser", PolicyType="System", PolicyName="NoSuchPolicy",
                      UserName="alice").code == "EntityNotExist.Policy"


def test_at_most_ten_custom_policies_per_user(root):
    root("ram", "CreateUser", UserName="alice")
    for n in range(11):
        root("ram", "CreatePolicy", PolicyName=f"p{n}", PolicyDocument=READ)
    for n in range(10):
        root("ram", "AttachPolicyToUser", PolicyName=f"p{n}", PolicyType="Custom", UserName="alice")
    error = root.fails("ram", "AttachPolicyToUser", PolicyName="p10", PolicyType="Custom", UserName="alice")
    assert (error.code, error.http_status) == ("LimitExceeded.User.Policy", 409)


def test_list_policies_for_entities_and_entities_for_policy(root):
    root("ram", "CreateUser", UserName="alice")
    root("ram", "CreateGroup", GroupName="g")
    root("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=trust(ALICE))
    for kind, name in (("User", "alice"), ("Group", "g"), ("Role", "r")):
        root("ram", f"AttachPolicyTo{kind}", PolicyType="System", PolicyName="AliyunIMMReadOnlyAccess",
             **{f"{kind}Name": name})
        listed = root("ram", f"ListPoliciesFor{kind}", **{f"{kind}Name": name})["Policies"]["Policy"]
        assert [(p["PolicyName"], p["PolicyType"]) for p in listed] == [("AliyunIMMReadOnlyAccess", "System")]
    entities = root("ram", "ListEntitiesForPolicy", PolicyName="AliyunIMMReadOnlyAccess", PolicyType="System")
    assert [u["UserName"] for u in entities["Users"]["User"]] == ["alice"]
    assert [g["GroupName"] for g in entities["Groups"]["Group"]] == ["g"]
    assert [r["Arn"] for r in entities["Roles"]["Role"]] == ["acs:ram::1509100000000000:role/r"]
    got = root("ram", "GetPolicy", PolicyName="AliyunIMMReadOnlyAccess", PolicyType="System")
    assert got["Policy"]["AttachmentCount"] == 3


# --- roles ---------------------------------------------------------------------------------------

def test_create_role_answers_arn_and_defaults(root):
    role = root("ram", "CreateRole", RoleName="imm-worker", AssumeRolePolicyDocument=trust(ALICE))["Role"]
    assert role["Arn"] == "acs:ram::1509100000000000:role/imm-worker"
    assert role["MaxSessionDuration"] == 3600 and len(role["RoleId"]) == 18
    assert json.loads(role["AssumeRolePolicyDocument"])["Statement"][0]["Principal"] == {"RAM": [ALICE]}


def test_create_role_rejects_a_trust_policy_with_resource(root):
    document = json.loads(trust(ALICE))
    document["Statement"][0]["Resource"] = "*"
    error = root.fails("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=json.dumps(document))
    assert (error.code, error.http_status) == ("MalformedPolicyDocument", 400)
    assert "Resource" in error.message


def test_create_role_rejects_a_trust_policy_without_principal(root):
    document = json.loads(trust(ALICE))
    del document["Statement"][0]["Principal"]
    error = root.fails("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=json.dumps(document))
    assert error.code == "MalformedPolicyDocument" and "Principal" in error.message


@pytest.mark.parametrize("seconds, ok", [(3599, False), (3600, True), (43200, True), (43201, False)])
def test_max_session_duration_bounds(root, seconds, ok):
    params = {"RoleName": "r", "AssumeRolePolicyDocument": trust(ALICE), "MaxSessionDuration": seconds}
    if ok:
        assert root("ram", "CreateRole", **params)["Role"]["MaxSessionDuration"] == seconds
    else:
        error = root.fails("ram", "CreateRole", **params)
        assert (error.code, error.http_status) == ("InvalidParameter.MaxSessionDuration", 400)


def test_role_name_allows_no_underscore(root):
    error = root.fails("ram", "CreateRole", RoleName="imm_worker", AssumeRolePolicyDocument=trust(ALICE))
    assert error.code == "InvalidParameter.RoleName.InvalidChars"


def test_update_role_validates_the_new_trust_policy(root):
    root("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=trust(ALICE))
    assert root.fails("ram", "UpdateRole", RoleName="r", NewAssumeRolePolicyDocument="{").code == \
        "MalformedPolicyDocument"
    role = root("ram", "UpdateRole", RoleName="r", NewMaxSessionDuration=7200, NewDescription="x")["Role"]
    assert (role["MaxSessionDuration"], role["Description"]) == (7200, "x")
    assert root("ram", "GetRole", RoleName="r")["Role"]["MaxSessionDuration"] == 7200


def test_delete_role_is_refused_while_policies_are_attached(root):
    root("ram", "CreateRole", RoleName="r", AssumeRolePolicyDocument=trust(ALICE))
    root("ram", "AttachPolicyToRole", RoleName="r", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    error = root.fails("ram", "DeleteRole", RoleName="r")
    assert (error.code, error.http_status) == ("DeleteConflict.Role.Policy", 409)
    root("ram", "DetachPolicyFromRole", RoleName="r", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    assert root("ram", "DeleteRole", RoleName="r") == {}
    assert root("ram", "ListRoles")["Roles"]["Role"] == []


def test_ram_actions_are_authorized_on_inferred_arns(root):
    from cloud_clients import make_user
    alice = make_user(root, "alice", custom={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "ram:GetUser", "Resource": "acs:ram:*:*:user/alice"}]})
    assert alice("ram", "GetUser", UserName="alice")["User"]["UserName"] == "alice"
    root("ram", "CreateUser", UserName="bob")
    error = alice.fails("ram", "GetUser", UserName="bob")
    assert (error.code, error.http_status) == ("NoPermission", 403)
    assert error.access_denied_detail["AuthAction"] == "ram:GetUser"
