"""What the wire needs from a cloud: the ``WireCloud`` protocol, and ``new_cloud`` to make the real one.

The stub never reaches into the emulated account: ``WireHandler`` asks a ``WireCloud`` for the secret
that signs a key's requests, the next RequestId, the answer to a parsed ``ApiCall``, and a trail
entry for a request it refused itself; ``serve`` and ``run_server`` also show its ``account_id`` and
root AccessKey. ``immplay.cloud.Cloud`` implements it, and so does the test stand-in
``tests/stub/fake_cloud.FakeCloud``; ``tests/stub/test_wire_cloud.py`` checks both against it.

Example::

    cloud: WireCloud = new_cloud(account_id=None, region="cn-shanghai", seed=0, clock=None)
    cloud.signing_secret(cloud.root_access_key[0])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from immplay.cloud.account import Cloud
    from immplay.cloud.api_call import ApiCall


@runtime_checkable
class WireCloud(Protocol):
    """The seam between the wire (``immplay.stub``) and an emulated account (``immplay.cloud``)."""

    account_id: str

    @property
    def root_access_key(self) -> tuple[str, str]:
        """(AccessKeyId, AccessKeySecret) of the account root."""
        ...

    def signing_secret(self, access_key_id: str) -> str:
        """The secret that signs requests of ``access_key_id``; raises ``CloudError`` for an unknown key."""
        ...

    def new_request_id(self) -> str:
        """The RequestId of the next answer."""
        ...

    def dispatch(self, call: ApiCall) -> dict:
        """The body answering ``call`` (without ``RequestId``), or raise ``CloudError``."""
        ...

    def record_rejected(self, call: ApiCall | None, access_key_id: str, service: str, action: str,
                        code: str, request_id: str | None = None) -> None:
        """A trail entry for a request the wire refused before ``dispatch``."""
        ...


def new_cloud(account_id: str | None, region: str, seed: int, clock: str | None) -> Cloud:
    """A fresh ``immplay.cloud.Cloud`` with ``mock_cloud``'s and ``serve``'s options (``account_id``
    and ``clock`` None: the cloud's defaults). The cloud layer is imported here, when a mock or a
    server starts, so that ``import immplay`` stays light."""
    from immplay.cloud import Cloud

    kwargs: dict = {"region": region, "seed": seed}
    if account_id is not None:
        kwargs["account_id"] = account_id
    if clock is not None:
        kwargs["clock"] = clock
    return Cloud(**kwargs)
