"""A tiny stand-in for ``immplay.cloud.Cloud`` so the wire can be tested on its own.

It implements exactly the seam the stub uses, ``immplay.stub.wire_cloud.WireCloud`` (``signing_secret``,
``dispatch``, ``new_request_id``, ``record_rejected``, ``account_id``, ``root_access_key``; checked by
``test_wire_cloud.py``), and records every call.
"""

from __future__ import annotations

from immplay.cloud.api_call import ApiCall
from immplay.cloud.errors import CloudError

ACCOUNT = "1509100000000000"
ROOT_ID, ROOT_SECRET = "LTAIfakeroot000000000001", "fakerootsecret0000000000000001"


class FakeCloud:
    """Answers GetCallerIdentity for its one key; ``Boom`` raises a bug; ``Deny`` answers 403."""

    def __init__(self) -> None:
        self.account_id = ACCOUNT
        self.region = "cn-shanghai"
        self.keys = {ROOT_ID: ROOT_SECRET, "testid": "testsecret"}
        self.calls: list[ApiCall] = []
        self.rejected: list[tuple] = []
        self.rejected_request_ids: list[str | None] = []
        self._next_id = 0

    @property
    def root_access_key(self) -> tuple[str, str]:
        return ROOT_ID, ROOT_SECRET

    def signing_secret(self, access_key_id: str) -> str:
        try:
            return self.keys[access_key_id]
        except KeyError:
            raise CloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 400) from None

    def new_request_id(self) -> str:
        self._next_id += 1
        return f"00000000-0000-0000-0000-{self._next_id:012d}"

    def record_rejected(self, call, access_key_id, service, action, code, request_id=None) -> None:
        self.rejected.append((access_key_id, service, action, code))
        self.rejected_request_ids.append(request_id)

    def dispatch(self, call: ApiCall) -> dict:
        self.calls.append(call)
        if call.action == "Boom":
            return {"Value": 1 / 0}
        if call.action == "Deny":
            raise CloudError("NoPermission", "You are not authorized to do this action.", 403,
                             access_denied_detail={"AuthAction": "sts:Deny", "NoPermissionType": "ImplicitDeny"})
        if call.action == "GetCallerIdentity":
            return {"AccountId": ACCOUNT, "IdentityType": "Account", "UserId": ACCOUNT, "PrincipalId": ACCOUNT,
                    "Arn": f"acs:ram::{ACCOUNT}:root"}
        if call.action == "ListProjects":
            return {"Projects": [{"ProjectName": "p1"}], "NextToken": ""}
        raise CloudError("InvalidApi.NotFound", f"Specified api is not found: {call.action}", 404)
