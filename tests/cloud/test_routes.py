"""Each service's route table, and the one place that authorizes and records every route.

``cloud.ram.ROUTES``, ``cloud.sts.ROUTES`` and ``cloud.imm.ROUTES`` have one form (action ->
``ApiRoute``); each route says how it is authorized; a denial's ``CloudError`` carries the engine's
``Decision``, which the trail records.
"""

from __future__ import annotations

import pytest
from cloud_clients import make_user

from immplay import catalog
from immplay.cloud import imm, ram, sts
from immplay.cloud.routing import ApiRoute, CustomCheck, IdentityPolicies, NoPolicy
from immplay.policy import Effect


@pytest.mark.parametrize("service, routes", [("ram", ram.ROUTES), ("sts", sts.ROUTES), ("imm", imm.ROUTES)])
def test_each_service_exports_its_routes_in_one_form(service, routes):
    assert routes and all(isinstance(name, str) and isinstance(route, ApiRoute) for name, route in routes.items())
    for name, route in routes.items():
        assert isinstance(route.authorization, (IdentityPolicies, NoPolicy, CustomCheck)), name
        if route.action is not None:
            assert route.action == f"{service}:{name}", name


def test_ram_and_imm_routes_are_authorized_by_identity_policies_with_their_service_s_denial():
    assert {route.authorization.denial for route in ram.ROUTES.values()} == {
        ("NoPermission", "You are not authorized to do this action. You should be authorized by RAM.")}
    assert {route.authorization.denial for route in imm.ROUTES.values()} == {
        (imm.IMM_DENIED_CODE, imm.IMM_DENIED_MESSAGE)}


def test_imm_routes_every_catalog_operation_and_nothing_else():
    assert set(imm.ROUTES) == {op.name for op in catalog.operations()}


def test_sts_declares_assume_role_s_own_check_and_an_open_get_caller_identity():
    assert isinstance(sts.ROUTES["AssumeRole"].authorization, CustomCheck)
    assert sts.ROUTES["AssumeRole"].action == "sts:AssumeRole"
    assert isinstance(sts.ROUTES["GetCallerIdentity"].authorization, NoPolicy)


def test_a_denial_carries_its_decision_and_the_trail_records_it(cloud, root):
    alice = make_user(root, "alice", custom={"Version": "1", "Statement": [
        {"Effect": "Allow", "Action": "imm:ListProjects", "Resource": "*"},
        {"Effect": "Deny", "Action": "imm:CreateProject", "Resource": "*"}]})
    implicit = alice.fails("imm", "GetProject", ProjectName="p")
    assert implicit.decision is not None and implicit.decision.effect is Effect.IMPLICIT_DENY
    assert cloud.trail[-1].decision is Effect.IMPLICIT_DENY
    assert cloud.trail[-1].evaluation is implicit.decision
    explicit = alice.fails("imm", "CreateProject", ProjectName="p")
    assert explicit.decision.effect is Effect.EXPLICIT_DENY
    assert (cloud.trail[-1].decision, cloud.trail[-1].error_code) == (Effect.EXPLICIT_DENY, "Forbidden.RAM")


def test_errors_that_are_not_denials_carry_no_decision(cloud, root):
    error = root.fails("ram", "GetUser", UserName="nobody")
    assert (error.code, error.decision) == ("EntityNotExist.User", None)
    assert (cloud.trail[-1].decision, cloud.trail[-1].error_code) == (Effect.ALLOW, "EntityNotExist.User")
