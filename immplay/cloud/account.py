"""``Cloud``: one emulated Alibaba Cloud account (RAM, STS, IMM state), and its single entry point.

The wire layer (``immplay.stub``) verifies the signature with ``signing_secret`` and then hands each
request to ``dispatch(ApiCall)``, which authenticates the key and token, checks required parameters,
authorizes the action through ``immplay.policy``, runs the handler, records the trail and returns
the JSON body without ``RequestId`` (the wire adds it). Failures raise ``CloudError``.

Deterministic: with a seed (default 0) every id, key, token and RequestId comes from seeded streams
and the emulated clock starts at 2026-01-01T00:00:00Z and stands still until ``clock.advance()``.
``seed=None`` draws a random seed and starts the clock at wall time.

Example::

    cloud = Cloud(seed=0)
    key_id, secret = cloud.root_access_key
    body = cloud.dispatch(ApiCall("ram", "CreateUser", params={"UserName": "alice"}, access_key_id=key_id))
    body["User"]["UserName"]      # "alice"
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime
from pathlib import Path

from immplay.catalog.defaults import DEFAULT_ACCOUNT, DEFAULT_REGION
from immplay.cloud import imm, ram, sts
from immplay.cloud.api_call import ApiCall
from immplay.cloud.authorization import Authorizer
from immplay.cloud.caller import Caller, authenticate
from immplay.cloud.clock import EmulatedClock, ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.ids import IdGenerator
from immplay.cloud.least_privilege import suggest_policy
from immplay.cloud.params import required
from immplay.cloud.routing import ApiRoute, Invocation
from immplay.cloud.state import AccessKey, AccountState
from immplay.cloud.state_file import FORMAT, state_from_json, state_to_json
from immplay.cloud.trail import CallRecord, Trail
from immplay.policy import Effect, Policy


class Cloud:
    """An emulated account. ``clock``: None (fixed when seeded, else wall), "fixed" or "wall"."""

    def __init__(self, account_id: str = DEFAULT_ACCOUNT, region: str = DEFAULT_REGION,
                 seed: int | str | None = 0, clock: str | None = None) -> None:
        # Real account ids are 16 digits; any digit string is accepted (older docs show 15).
        if not (isinstance(account_id, str) and account_id.isdigit()):
            raise ValueError(f"account_id must be a string of digits (like {DEFAULT_ACCOUNT}), not {account_id!r}")
        self.account_id = account_id
        self.region = region
        self.seed = seed if seed is not None else secrets.randbits(64)
        self.clock_mode = clock or ("fixed" if seed is not None else "wall")
        self._routes: dict[str, dict[str, ApiRoute]] = {"ram": ram.ROUTES, "sts": sts.ROUTES, "imm": imm.ROUTES}
        self.trail = Trail()
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------------

    def reset(self) -> None:
        """Back to a fresh account: no users or projects, the clock and id streams restarted, a new
        (identical for the same seed) root AccessKey, an empty trail."""
        self.clock = EmulatedClock(self.clock_mode)
        self.ids = IdGenerator(self.seed)
        self.state = AccountState(self.account_id)
        self.created = self.clock.now()
        self.authorizer = Authorizer(lambda: self.state)
        self.trail.clear()
        self._root_key_id = self.issue_access_key(None).access_key_id

    @property
    def root_access_key(self) -> tuple[str, str]:
        """(AccessKeyId, AccessKeySecret) of the account root, created with the account."""
        key = self.state.access_keys.get(self._root_key_id)
        if key is None:
            raise LookupError("the account root's first AccessKey was deleted")
        return key.access_key_id, key.secret

    def issue_access_key(self, user_name: str | None) -> AccessKey:
        """Create an Active long-term key for a user (None: the root). No limit check here."""
        key = AccessKey(self.ids.access_key_id(), self.ids.access_key_secret(), self.clock.now(), user_name)
        self.state.access_keys[key.access_key_id] = key
        return key

    # --- what the wire layer uses ----------------------------------------------------------------

    def signing_secret(self, access_key_id: str) -> str:
        """The secret that signs requests of ``access_key_id`` (long-term or STS). Status and
        expiry are checked by ``dispatch``; an unknown key is ``InvalidAccessKeyId.NotFound``."""
        key = self.state.access_keys.get(access_key_id)
        if key is not None:
            return key.secret
        session = self.state.sessions.get(access_key_id)
        if session is not None:
            return session.secret
        raise CloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 400)

    def new_request_id(self) -> str:
        """The next seeded RequestId (uppercase, UUID-shaped)."""
        return self.ids.request_id()

    def request_context(self, call: ApiCall, caller: Caller | None = None) -> dict[str, str]:
        """The condition keys every request carries. ``acs:MFAPresent`` is absent: it describes a
        console logon, and AccessKey calls do not carry it (reference §3)."""
        return {"acs:SourceIp": call.source_ip, "acs:SecureTransport": "true" if call.secure_transport else "false",
                "acs:CurrentTime": ram_date(self.clock.now()), "acs:AccessId": call.access_key_id}

    def dispatch(self, call: ApiCall) -> dict:
        """Authenticate, authorize, run and record one call; return its body or raise CloudError.

        The one path of every route: look the action up, authenticate the key (and token), check the
        route's required parameters, let ``route.authorization`` decide, run the handler; the trail
        records the call however far it got.
        """
        routes = self._routes.get(call.service)
        route = routes.get(call.action) if routes is not None else None
        if route is None:
            record = CallRecord.of_call(call, call.action)
            record.error_code = "InvalidApi.NotFound"
            self._record(record)
            raise CloudError("InvalidApi.NotFound", f"Specified api is not found, please check your url and method: "
                             f"{call.service} {call.action!r} (API names are case-sensitive).", 404)
        record = CallRecord.of_call(call, route.action or call.action)
        try:
            caller = authenticate(self.state, self.clock.now(), call.access_key_id, call.security_token)
            record.principal_arn = caller.arn
            inv = Invocation(self, caller, call, call.region or self.region)
            for name in route.required:
                required(call.params, name)
            record.evaluation = route.authorization.authorize(inv, record)
            record.decision = Effect.ALLOW
            body = route.handler(inv)
        except CloudError as error:
            record.error_code = error.code
            if record.principal_arn is None:
                record.principal_arn = self._arn_of_key(call.access_key_id)
            if error.decision is not None:
                record.evaluation = error.decision
                record.decision = error.decision.effect
            raise
        finally:
            if route.mutates:
                self.authorizer.invalidate()
            self._record(record)
        key = self.state.access_keys.get(call.access_key_id)
        if key is not None:
            key.last_used = self.clock.now()
        return body

    def whoami(self, access_key_id: str, security_token: str | None = None) -> dict:
        """GetCallerIdentity's answer for a key (and token), without a trail entry; raises the
        same authentication ``CloudError`` a call would."""
        caller = authenticate(self.state, self.clock.now(), access_key_id, security_token)
        inv = Invocation(self, caller, ApiCall("sts", "GetCallerIdentity", access_key_id=access_key_id), self.region)
        return sts.get_caller_identity(inv)

    def record_rejected(self, call: ApiCall | None, access_key_id: str, service: str, action: str,
                        code: str, request_id: str | None = None) -> None:
        """A trail entry for a request the wire refused before ``dispatch`` (bad signature,
        replayed nonce, stale timestamp). ``request_id`` defaults to ``call.request_id``."""
        name = action if ":" in action else f"{service}:{action}"
        record = CallRecord(name, service, access_key_id or None, request_id,
                            principal_arn=self._arn_of_key(access_key_id), error_code=code)
        if call is not None:
            record.service = service or call.service
            record.access_key_id = record.access_key_id or call.access_key_id
            record.request_id = request_id or call.request_id or None
        self._record(record)

    def _arn_of_key(self, access_key_id: str) -> str | None:
        key = self.state.access_keys.get(access_key_id)
        if key is not None:
            suffix = "root" if key.user_name is None else f"user/{key.user_name}"
            return f"acs:ram::{self.account_id}:{suffix}"
        session = self.state.sessions.get(access_key_id)
        if session is not None:
            return f"acs:ram::{self.account_id}:role/{session.role_name}/{session.session_name}"
        return None

    def _record(self, record: CallRecord) -> None:
        self.trail.append(record.event(self.clock.now()))

    def suggest_policy(self, user: str | None = None, role: str | None = None) -> Policy:
        """The smallest policy allowing every IMM call ``user`` (or a session of ``role``) made in the
        trail, allowed or denied; see ``immplay.cloud.least_privilege``. Raises ``ValueError``."""
        return suggest_policy(self.trail, user=user, role=role)

    # --- state files -----------------------------------------------------------------------------

    def export_state(self, path: str | os.PathLike) -> Path:
        """Write the whole account (state, clock, id streams) to a JSON file; return its path."""
        data = {"format": FORMAT, "account_id": self.account_id, "region": self.region, "seed": self.seed,
                "clock_mode": self.clock_mode, "created": self.created.isoformat(),
                "root_access_key_id": self._root_key_id, "clock": self.clock.export(), "ids": self.ids.export(),
                "state": state_to_json(self.state)}
        target = Path(path)
        target.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        return target

    def load_state(self, path: str | os.PathLike) -> None:
        """Replace this cloud's state with a file written by ``export_state`` (the trail is kept)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path} is not an immplay cloud state file (format {data.get('format')!r})")
        self.account_id, self.region, self.seed = data["account_id"], data["region"], data["seed"]
        self.clock_mode = data["clock_mode"]
        self.clock = EmulatedClock.restore(data["clock"])
        self.ids = IdGenerator.restore(data["ids"])
        self.state = state_from_json(data["state"])
        self.created = datetime.fromisoformat(data["created"])
        self._root_key_id = data["root_access_key_id"]
        self.authorizer = Authorizer(lambda: self.state)

    @classmethod
    def import_state(cls, path: str | os.PathLike) -> Cloud:
        """A new ``Cloud`` from a file written by ``export_state``."""
        cloud = cls()
        cloud.load_state(path)
        return cloud

    def __repr__(self) -> str:
        s = self.state
        return (f"<Cloud account {self.account_id} {self.region}: {len(s.users)} users, {len(s.roles)} roles, "
                f"{sum(len(p) for p in s.projects.values())} projects, clock {self.clock.now():%Y-%m-%dT%H:%M:%SZ}>")
