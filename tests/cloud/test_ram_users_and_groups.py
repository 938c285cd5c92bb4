"""RAM users, AccessKeys, login profiles and groups: the rules of reference §1 and §6."""

from __future__ import annotations

import pytest
from cloud_clients import make_user


def test_create_user_returns_the_user_with_an_emulated_clock_date(root):
    user = root("ram", "CreateUser", UserName="alice", DisplayName="Alice")["User"]
    assert user["UserName"] == "alice" and user["DisplayName"] == "Alice"
    assert user["CreateDate"] == "2026-01-01T00:00:00Z"
    assert len(user["UserId"]) == 16 and user["UserId"].isdigit()


def test_duplicate_user_is_entity_already_exists_409(root):
    root("ram", "CreateUser", UserName="alice")
    error = root.fails("ram", "CreateUser", UserName="alice")
    assert (error.code, error.http_status) == ("EntityAlreadyExists.User", 409)


@pytest.mark.parametrize("name, code", [("bad name", "InvalidParameter.UserName.InvalidChars"),
                                        ("x" * 65, "InvalidParameter.UserName.Length")])
def test_user_name_rules(root, name, code):
    error = root.fails("ram", "CreateUser", UserName=name)
    assert (error.code, error.http_status) == (code, 400)


def test_missing_required_parameter_is_missing_param_400(root):
    error = root.fails("ram", "CreateUser")
    assert (error.code, error.http_status, error.message) == ("MissingUserName", 400,
                                                              "UserName is mandatory for this action.")


def test_unknown_user_is_entity_not_exist_404(root):
    error = root.fails("ram", "GetUser", UserName="ghost")
    assert (error.code, error.http_status) == ("EntityNotExist.User", 404)


def test_list_users_pages_with_marker(root):
    for n in range(5):
        root("ram", "CreateUser", UserName=f"u{n}")
    first = root("ram", "ListUsers", MaxItems=2)
    assert [u["UserName"] for u in first["Users"]["User"]] == ["u0", "u1"]
    assert first["IsTruncated"] is True
    rest = root("ram", "ListUsers", MaxItems=10, Marker=first["Marker"])
    assert [u["UserName"] for u in rest["Users"]["User"]] == ["u2", "u3", "u4"]
    assert rest["IsTruncated"] is False and "Marker" not in rest


def test_update_user_renames_and_keeps_keys_and_groups(root):
    make_user(root, "alice")
    root("ram", "CreateGroup", GroupName="devs")
    root("ram", "AddUserToGroup", GroupName="devs", UserName="alice")
    renamed = root("ram", "UpdateUser", UserName="alice", NewUserName="alicia", NewDisplayName="A")["User"]
    assert (renamed["UserName"], renamed["DisplayName"]) == ("alicia", "A")
    assert len(root("ram", "ListAccessKeys", UserName="alicia")["AccessKeys"]["AccessKey"]) == 1
    groups = root("ram", "ListGroupsForUser", UserName="alicia")["Groups"]["Group"]
    assert [g["GroupName"] for g in groups] == ["devs"]


def test_third_access_key_is_refused(root):
    root("ram", "CreateUser", UserName="alice")
    root("ram", "CreateAccessKey", UserName="alice")
    root("ram", "CreateAccessKey", UserName="alice")
    error = root.fails("ram", "CreateAccessKey", UserName="alice")
    assert (error.code, error.http_status) == ("LimitExceeded.User.AccessKey", 409)


def test_access_key_secret_is_returned_only_by_create(root):
    root("ram", "CreateUser", UserName="alice")
    created = root("ram", "CreateAccessKey", UserName="alice")["AccessKey"]
    assert created["AccessKeySecret"] and created["Status"] == "Active"
    assert created["AccessKeyId"].startswith("LTAI")
    listed = root("ram", "ListAccessKeys", UserName="alice")["AccessKeys"]["AccessKey"]
    assert listed == [{"AccessKeyId": created["AccessKeyId"], "Status": "Active",
                       "CreateDate": created["CreateDate"]}]


def test_update_access_key_status_must_be_active_or_inactive(root):
    root("ram", "CreateUser", UserName="alice")
    key = root("ram", "CreateAccessKey", UserName="alice")["AccessKey"]["AccessKeyId"]
    error = root.fails("ram", "UpdateAccessKey", UserName="alice", UserAccessKeyId=key, Status="Off")
    assert (error.code, error.http_status) == ("InvalidParameter.Status", 400)
    root("ram", "UpdateAccessKey", UserName="alice", UserAccessKeyId=key, Status="Inactive")
    assert root("ram", "ListAccessKeys", UserName="alice")["AccessKeys"]["AccessKey"][0]["Status"] == "Inactive"


def test_a_user_manages_its_own_keys_without_user_name(root):
    alice = make_user(root, "alice", custom={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "ram:*AccessKey*", "Resource": "acs:ram:*:*:user/alice"}]})
    second = alice("ram", "CreateAccessKey")["AccessKey"]["AccessKeyId"]
    ids = [k["AccessKeyId"] for k in alice("ram", "ListAccessKeys")["AccessKeys"]["AccessKey"]]
    assert second in ids and len(ids) == 2


def test_delete_missing_access_key_is_entity_not_exist(root):
    root("ram", "CreateUser", UserName="alice")
    error = root.fails("ram", "DeleteAccessKey", UserName="alice", UserAccessKeyId="LTAI5tNOPE")
    assert (error.code, error.http_status) == ("EntityNotExist.User.AccessKey", 404)


@pytest.mark.parametrize("setup, code", [
    (lambda r: r("ram", "CreateAccessKey", UserName="bob"), "DeleteConflict.User.AccessKey"),
    (lambda r: (r("ram", "CreateGroup", GroupName="g"), r("ram", "AddUserToGroup", GroupName="g", UserName="bob")),
     "DeleteConflict.User.Group"),
    (lambda r: r("ram", "CreateLoginProfile", UserName="bob", Password="Passw0rd!x"), "DeleteConflict.User.LoginProfile"),
    (lambda r: r("ram", "AttachPolicyToUser", UserName="bob", PolicyType="System",
                 PolicyName="AliyunIMMReadOnlyAccess"), "DeleteConflict.User.Policy"),
])
def test_delete_user_is_refused_while_dependents_remain(root, setup, code):
    root("ram", "CreateUser", UserName="bob")
    setup(root)
    error = root.fails("ram", "DeleteUser", UserName="bob")
    assert (error.code, error.http_status) == (code, 409)


def test_delete_user_without_dependents_succeeds(root):
    root("ram", "CreateUser", UserName="bob")
    assert root("ram", "DeleteUser", UserName="bob") == {}
    assert root.fails("ram", "GetUser", UserName="bob").code == "EntityNotExist.User"


def test_login_profile_lifecycle_and_weak_password(root):
    root("ram", "CreateUser", UserName="alice")
    error = root.fails("ram", "CreateLoginProfile", UserName="alice", Password="short")
    assert error.code == "InvalidParameter.Password.TooWeak"
    profile = root("ram", "CreateLoginProfile", UserName="alice", Password="LongEnough1",
                   PasswordResetRequired="true")["LoginProfile"]
    assert profile == {"UserName": "alice", "PasswordResetRequired": True, "MFABindRequired": False,
                       "CreateDate": "2026-01-01T00:00:00Z"}
    assert root.fails("ram", "CreateLoginProfile", UserName="alice", Password="LongEnough1").code == \
        "EntityAlreadyExists.User.LoginProfile"
    root("ram", "UpdateLoginProfile", UserName="alice", MFABindRequired="true")
    assert root("ram", "GetLoginProfile", UserName="alice")["LoginProfile"]["MFABindRequired"] is True
    root("ram", "DeleteLoginProfile", UserName="alice")
    assert root.fails("ram", "GetLoginProfile", UserName="alice").code == "EntityNotExist.User.LoginProfile"


def test_group_membership_round_trip(root):
    root("ram", "CreateUser", UserName="alice")
    group = root("ram", "CreateGroup", GroupName="devs", Comments="developers")["Group"]
    assert group["GroupId"].startswith("g-") and group["Comments"] == "developers"
    root("ram", "AddUserToGroup", GroupName="devs", UserName="alice")
    assert root.fails("ram", "AddUserToGroup", GroupName="devs", UserName="alice").code == \
        "EntityAlreadyExists.User.Group"
    users = root("ram", "ListUsersForGroup", GroupName="devs")["Users"]["User"]
    assert [u["UserName"] for u in users] == ["alice"]
    root("ram", "RemoveUserFromGroup", GroupName="devs", UserName="alice")
    assert root("ram", "ListGroupsForUser", UserName="alice")["Groups"]["Group"] == []
    assert root.fails("ram", "RemoveUserFromGroup", GroupName="devs", UserName="alice").code == \
        "EntityNotExist.User.Group"


def test_a_user_joins_at_most_ten_groups(root):
    root("ram", "CreateUser", UserName="alice")
    for n in range(10):
        root("ram", "CreateGroup", GroupName=f"g{n}")
        root("ram", "AddUserToGroup", GroupName=f"g{n}", UserName="alice")
    root("ram", "CreateGroup", GroupName="g10")
    error = root.fails("ram", "AddUserToGroup", GroupName="g10", UserName="alice")
    assert (error.code, error.http_status) == ("LimitExceeded.User.Group", 409)


def test_delete_group_conflicts_with_members_then_policies(root):
    root("ram", "CreateUser", UserName="alice")
    root("ram", "CreateGroup", GroupName="devs")
    root("ram", "AddUserToGroup", GroupName="devs", UserName="alice")
    root("ram", "AttachPolicyToGroup", GroupName="devs", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    assert root.fails("ram", "DeleteGroup", GroupName="devs").code == "DeleteConflict.Group.User"
    root("ram", "RemoveUserFromGroup", GroupName="devs", UserName="alice")
    assert root.fails("ram", "DeleteGroup", GroupName="devs").code == "DeleteConflict.Group.Policy"
    root("ram", "DetachPolicyFromGroup", GroupName="devs", PolicyType="System", PolicyName="AliyunIMMFullAccess")
    assert root("ram", "DeleteGroup", GroupName="devs") == {}


def test_update_group_renames_and_keeps_members(root):
    root("ram", "CreateUser", UserName="alice")
    root("ram", "CreateGroup", GroupName="devs")
    root("ram", "AddUserToGroup", GroupName="devs", UserName="alice")
    group = root("ram", "UpdateGroup", GroupName="devs", NewGroupName="builders", NewComments="c")["Group"]
    assert (group["GroupName"], group["Comments"]) == ("builders", "c")
    assert [u["UserName"] for u in root("ram", "ListUsersForGroup", GroupName="builders")["Users"]["User"]] == ["alice"]


def test_policies_inherited_from_a_group_authorize_its_members(root):
    alice = make_user(root, "alice")
    assert alice.fails("imm", "ListProjects").http_status == 403
    root("ram", "CreateGroup", GroupName="readers")
    root("ram", "AttachPolicyToGroup", GroupName="readers", PolicyType="System",
         PolicyName="AliyunIMMReadOnlyAccess")
    root("ram", "AddUserToGroup", GroupName="readers", UserName="alice")
    assert alice("imm", "ListProjects") == {"Projects": []}
