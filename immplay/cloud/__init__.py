"""The emulated Alibaba Cloud account: RAM, STS and IMM state as plain objects (no HTTP).

``Cloud`` holds the state; ``Cloud.dispatch(ApiCall)`` is the single entry point the wire layer
(``immplay.stub``) and the tests use. Errors are ``CloudError`` (code, message, HTTP status,
AccessDeniedDetail); ``cloud.trail`` records every call.

Example::

    from immplay.cloud import ApiCall, Cloud
    cloud = Cloud(seed=0)
    root_key, _ = cloud.root_access_key
    cloud.dispatch(ApiCall("imm", "ListProjects", access_key_id=root_key))   # {"Projects": []}
"""

from immplay.cloud.account import DEFAULT_ACCOUNT, DEFAULT_REGION, Cloud
from immplay.cloud.api_call import ApiCall
from immplay.cloud.assumptions import ASSUMPTIONS
from immplay.cloud.errors import CloudError
from immplay.cloud.trail import TRAIL_LIMIT, TrailEvent

__all__ = ["ASSUMPTIONS", "DEFAULT_ACCOUNT", "DEFAULT_REGION", "TRAIL_LIMIT", "ApiCall", "Cloud", "CloudError", "TrailEvent"]
