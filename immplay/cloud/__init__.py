"""The emulated Alibaba Cloud account: RAM, STS and IMM state as plain objects (no HTTP).

``Cloud`` holds the state; ``Cloud.dispatch(ApiCall)`` is the single entry point the wire layer
(``immplay.stub``) and the tests use.
"""

from immplay.cloud.api_call import ApiCall
from immplay.cloud.errors import CloudError

__all__ = ["ApiCall", "CloudError"]
