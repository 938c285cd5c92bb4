"""Real RAM policies from public sources (``corpus/``, see ``corpus/SOURCES.md``) work in immplay.

Real RAM accepts every one of them, so each must parse, lint without an ``error`` finding, and have
a source listed. A few decisions per policy are pinned: what RAM decides by its documented rules
(for PowerUserAccess's ``ForAllValues:`` condition, the set semantics immplay assumes). Requests
are named with ``build_request`` as ``immplay eval`` and ``immplay test`` name them, so every
action here is also one ``build_request`` takes without an error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import immplay
from immplay import Policy, build_request, evaluate

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.json"))
ACCOUNT = "1509100000000000"
ROLE = f"acs:ram:*:{ACCOUNT}:role/worker"
PROJECT = f"acs:imm:cn-shanghai:{ACCOUNT}:project/media"

# (file, action, resource, context, expected effect)
DECISIONS = [
    ("terraform-AuditAdministrator.json", "actiontrail:CreateTrail", "*", {}, "Allow"),
    ("terraform-AuditAdministrator.json", "ecs:DescribeInstances", "*", {}, "Allow"),  # "*:Describe*"
    ("terraform-AuditAdministrator.json", "ecs:DeleteInstance", "*", {}, "ImplicitDeny"),
    ("terraform-AuditAdministrator.json", "bss:DescribeBill", "*", {}, "ExplicitDeny"),  # Deny bss:* wins
    ("terraform-AuditAdministrator.json", "ram:PassRole", ROLE, {"acs:Service": "actiontrail.aliyuncs.com"}, "Allow"),
    ("terraform-AuditAdministrator.json", "ram:PassRole", ROLE, {"acs:Service": "ecs.aliyuncs.com"}, "ImplicitDeny"),
    ("terraform-BssReadOnly.json", "bssapi:QueryBill", "*", {}, "Allow"),
    ("terraform-BssReadOnly.json", "bss:PayOrder", "*", {}, "ImplicitDeny"),
    ("terraform-DatabaseAdministrator.json", "rds:CreateDBInstance", "*", {}, "Allow"),
    ("terraform-DatabaseAdministrator.json", "dms:LoginDatabase", "acs:rds:cn-hangzhou:1509100000000000:dbinstance/rm-1",
     {}, "Allow"),
    ("terraform-DatabaseAdministrator.json", "dms:LoginDatabase", "acs:ecs:cn-hangzhou:1509100000000000:instance/i-1",
     {}, "ImplicitDeny"),
    ("terraform-DatabaseAdministrator.json", "ram:PassRole", ROLE, {"acs:Service": "dts.aliyuncs.com"}, "Allow"),
    ("terraform-EcsFullAccessDenyBuy.json", "ecs:StartInstance", "*", {}, "Allow"),
    ("terraform-EcsFullAccessDenyBuy.json", "ecs:RunInstances", "*", {}, "ExplicitDeny"),
    ("terraform-EcsFullAccessDenySecurityChange.json", "ecs-workbench:LoginInstance", "*", {}, "Allow"),
    ("terraform-EcsFullAccessDenySecurityChange.json", "ecs:AuthorizeSecurityGroup", "*", {}, "ExplicitDeny"),
    ("terraform-EcsInstanceRunCommand.json", "ecs:RunCommand", "*", {}, "Allow"),
    ("terraform-EcsInstanceRunCommand.json", "ecs:StopInstance", "*", {}, "ImplicitDeny"),
    ("terraform-FinanceStaff.json", "efc:DescribeSomething", "*", {}, "Allow"),
    ("terraform-FinanceStaff.json", "ecs:DescribeInstances", "*", {}, "ImplicitDeny"),
    ("terraform-KmsKeyUse.json", "kms:Decrypt", "*", {}, "Allow"),
    ("terraform-KmsKeyUse.json", "kms:GetSecretValue", "*", {}, "ImplicitDeny"),
    ("terraform-KmsSecretReadOnly.json", "kms:GetSecretValue", "*", {}, "Allow"),
    ("terraform-KmsSecretReadOnly.json", "kms:Encrypt", "*", {}, "ImplicitDeny"),
    ("terraform-NetworkAdministrator.json", "vpc:CreateVpc", "*", {}, "Allow"),
    ("terraform-NetworkAdministrator.json", "ram:PassRole", ROLE, {"acs:Service": "slb.aliyuncs.com"}, "Allow"),
    ("terraform-NetworkAdministrator.json", "ram:PassRole", ROLE, {}, "ImplicitDeny"),
    ("terraform-PowerUserAccess.json", "imm:CreateProject", PROJECT, {}, "Allow"),  # NotAction covers IMM
    ("terraform-PowerUserAccess.json", "ram:CreateUser", "*", {}, "ImplicitDeny"),
    ("terraform-PowerUserAccess.json", "ram:CreateRole", ROLE, {"ram:TrustedPrincipalTypes": "Service"}, "Allow"),
    ("terraform-PowerUserAccess.json", "ram:CreateRole", ROLE, {"ram:TrustedPrincipalTypes": ["Service", "RAM"]},
     "ImplicitDeny"),
    ("terraform-PowerUserAccess.json", "ram:CreateRole", ROLE, {}, "ImplicitDeny"),  # absent key: false
    ("terraform-PowerUserAccess.json", "ram:AttachPolicyToRole", f"acs:ram:*:{ACCOUNT}:policy/p", {}, "Allow"),
    ("terraform-RamFullAccessOnlyMFAEnabled.json", "ram:CreateUser", "*", {"acs:MFAPresent": "true"}, "Allow"),
    ("terraform-RamFullAccessOnlyMFAEnabled.json", "ram:CreateUser", "*", {"acs:MFAPresent": "false"},
     "ExplicitDeny"),
    ("terraform-RamFullAccessOnlyMFAEnabled.json", "ram:CreateUser", "*", {}, "Allow"),  # Deny needs the key
    ("terraform-RdsFullAccessDenyBuy.json", "rds:CreateDBInstance", "*", {}, "ExplicitDeny"),
    ("terraform-RdsFullAccessDenyBuy.json", "rds:RestartDBInstance", "*", {}, "Allow"),
    ("terraform-RdsFullAccessDenySecurityChange.json", "rds:ModifySecurityIps", "*", {}, "ExplicitDeny"),
    ("terraform-RdsFullAccessDenySecurityChange.json", "rds:DescribeDBInstances", "*", {}, "Allow"),
    ("terraform-RedisDbInstanceAccount.json", "kvstore:CreateAccount", "*", {}, "Allow"),
    ("terraform-RedisDbInstanceAccount.json", "kvstore:DeleteInstance", "*", {}, "ImplicitDeny"),
    ("terraform-RedisFullAccessDenyBuy.json", "kvstore:RenewInstance", "*", {}, "ExplicitDeny"),
    ("terraform-RedisFullAccessDenyBuy.json", "kvstore:FlushInstance", "*", {}, "Allow"),
    ("terraform-SecurityAdministrator.json", "yundun-bastionhost:DescribeInstances", "*", {}, "Allow"),
    ("terraform-SecurityAdministrator.json", "ram:CreateUser", "*", {}, "ImplicitDeny"),
    ("terraform-SlbFullAccessDenyBuy.json", "slb:CreateLoadBalancer", "*", {}, "ExplicitDeny"),
    ("terraform-SlbFullAccessDenyBuy.json", "slb:DeleteLoadBalancer", "*", {}, "Allow"),
    ("alibaba-doc-ecs-allow-from-ip.json", "ecs:StartInstance", "*", {"acs:SourceIp": "192.0.2.77"}, "Allow"),
    ("alibaba-doc-ecs-allow-from-ip.json", "ecs:StartInstance", "*", {"acs:SourceIp": "203.0.113.2"}, "Allow"),
    ("alibaba-doc-ecs-allow-from-ip.json", "ecs:StartInstance", "*", {"acs:SourceIp": "203.0.113.3"}, "ImplicitDeny"),
    ("alibaba-doc-ecs-deny-outside-ip.json", "ecs:StartInstance", "*", {"acs:SourceIp": "192.0.2.1"}, "Allow"),
    ("alibaba-doc-ecs-deny-outside-ip.json", "ecs:StartInstance", "*", {"acs:SourceIp": "198.51.100.1"},
     "ExplicitDeny"),
    ("alibaba-doc-ecs-before-a-time.json", "ecs:StartInstance", "*", {"acs:CurrentTime": "2019-08-12T08:59:59Z"},
     "Allow"),  # 16:59:59 in UTC+8
    ("alibaba-doc-ecs-before-a-time.json", "ecs:StartInstance", "*", {"acs:CurrentTime": "2019-08-12T09:00:00Z"},
     "ImplicitDeny"),
    ("system-AliyunIMMFullAccess.json", "imm:DeleteProject", PROJECT, {}, "Allow"),
    ("system-AliyunIMMFullAccess.json", "ram:PassRole", ROLE, {"acs:Service": "imm.aliyuncs.com"}, "Allow"),
    ("system-AliyunIMMFullAccess.json", "ram:PassRole", ROLE, {"acs:Service": "ecs.aliyuncs.com"}, "ImplicitDeny"),
    ("system-AliyunIMMReadOnlyAccess.json", "imm:GetProject", PROJECT, {}, "Allow"),
    ("system-AliyunIMMReadOnlyAccess.json", "imm:DeleteProject", PROJECT, {}, "ImplicitDeny"),
    ("system-AliyunSTSAssumeRoleAccess.json", "sts:AssumeRole", f"acs:ram::{ACCOUNT}:role/worker", {}, "Allow"),
    ("system-AliyunSTSAssumeRoleAccess.json", "ram:CreateRole", ROLE, {}, "ImplicitDeny"),
    ("system-AliyunRAMReadOnlyAccess.json", "ram:ListUsers", "*", {}, "Allow"),
    ("system-AliyunRAMReadOnlyAccess.json", "ram:CreateUser", "*", {}, "ImplicitDeny"),
]


def load(name: str) -> Policy:
    return Policy.parse((CORPUS / name).read_text(encoding="utf-8"), name=name)


def test_the_corpus_has_many_policies_from_several_sources_and_condition_forms():
    assert len(FILES) >= 15
    assert {name.split("-", 1)[0] for name in FILES} == {"terraform", "alibaba", "system"}
    operators = {c.operator for name in FILES for st in load(name).statements for c in st.conditions}
    assert {"ForAllValues:StringEquals", "StringEquals", "Bool", "IpAddress", "NotIpAddress",
            "DateLessThan"} <= operators


@pytest.mark.parametrize("name", FILES)
def test_every_corpus_policy_parses_and_names_its_source(name):
    policy = load(name)
    assert policy.statements
    assert f"| {name} |" in (CORPUS / "SOURCES.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FILES)
def test_every_corpus_policy_lints_without_an_error(name):
    errors = [f for f in immplay.lint(load(name)) if f.severity == "error"]
    assert errors == []


def test_every_corpus_policy_has_pinned_decisions():
    assert {name for name, *_ in DECISIONS} == set(FILES)


@pytest.mark.parametrize(("name", "action", "resource", "context", "expected"), DECISIONS,
                         ids=[f"{d[0][:-5]}-{d[1]}-{i}" for i, d in enumerate(DECISIONS)])
def test_a_corpus_policy_decides_as_ram_does(name, action, resource, context, expected):
    request, _warnings = build_request(action, resource=resource, context=context)
    decision = evaluate(request, [load(name)])
    assert decision.effect == expected, decision.explain()
