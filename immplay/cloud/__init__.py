"""The emulated Alibaba Cloud account: RAM, STS and IMM state as plain objects (no HTTP).

``Cloud`` holds the state; ``Cloud.dispatch(ApiCall)`` is the single entry point the wire layer
(``immplay.stub``) and the tests use. Errors are ``CloudError`` (code, message, HTTP status,
AccessDeniedDetail, and the engine's ``Decision`` on a denial); ``cloud.trail`` records every call.

Layout, by service and then shared machinery:

- ``ram/`` (users, groups, policies, roles, mfa; ``resources``, ``views``, ``routes``),
  ``sts.py``, ``imm.py``: the handlers, each service exporting ``ROUTES`` (action -> ``ApiRoute``).
- ``account.py``: ``Cloud``, whose ``dispatch`` authenticates, checks required parameters,
  authorizes as the route declares, runs the handler and records the trail, for every route.
- ``routing.py``: ``ApiRoute``, ``Invocation`` and the ways a route is authorized
  (``IdentityPolicies``, ``NoPolicy``, ``CustomCheck``); ``authorization.py``: policy lookup and
  evaluation through ``immplay.policy``; ``diagnostic.py``: AccessDeniedDetail.
- ``caller.py`` (who is calling), ``params.py`` (parameter checks), ``ids.py``, ``clock.py``,
  ``trail.py`` (``TrailEvent``, ``CallRecord``, save/read), ``state.py`` and ``state_file.py``
  (the account's data and its JSON file), ``least_privilege.py`` (``suggest_policy`` from the
  trail), ``assumptions.py`` (``ASSUMPTIONS``), ``api_call.py`` (``ApiCall``).

Example::

    from immplay.cloud import ApiCall, Cloud
    cloud = Cloud(seed=0)
    root_key, _ = cloud.root_access_key
    cloud.dispatch(ApiCall("imm", "ListProjects", access_key_id=root_key))   # {"Projects": []}
"""

from immplay.cloud.account import DEFAULT_ACCOUNT, DEFAULT_REGION, Cloud
from immplay.cloud.api_call import ApiCall
from immplay.cloud.assumptions import ASSUMPTIONS, assumption_rows
from immplay.cloud.errors import CloudError
from immplay.cloud.trail import TRAIL_LIMIT, TrailEvent

__all__ = ["ASSUMPTIONS", "assumption_rows", "DEFAULT_ACCOUNT", "DEFAULT_REGION", "TRAIL_LIMIT", "ApiCall", "Cloud", "CloudError", "TrailEvent"]
