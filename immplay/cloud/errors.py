"""The error every emulated operation raises: a code, a message and an HTTP status.

The stub turns a ``CloudError`` into the real wire shape
``{"RequestId", "HostId", "Code", "Message", "Recommend"}`` (plus ``AccessDeniedDetail`` on 403s).

Example::

    raise CloudError("EntityNotExist.User", "The user does not exist: alice.", 404)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from immplay.policy import Decision


class CloudError(Exception):
    """An API error answered by the emulated cloud.

    ``access_denied_detail`` is set on authorization failures (403) and carries the fields of the
    real ``AccessDeniedDetail`` object (``AuthAction``, ``AuthPrincipalType``, ...,
    ``EncodedDiagnosticMessage``). ``recommend`` is an optional hint URL or text. ``decision`` is the
    engine's ``Decision`` behind a denial (ExplicitDeny or ImplicitDeny), which the trail records;
    None for every other error.
    """

    def __init__(
        self,
        code: str,
        message: str,
        http_status: int = 400,
        access_denied_detail: dict | None = None,
        recommend: str | None = None,
        decision: Decision | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.http_status = http_status
        self.access_denied_detail = access_denied_detail
        self.recommend = recommend
        self.decision = decision

    def __repr__(self) -> str:
        return f"CloudError({self.code!r}, {self.message!r}, {self.http_status})"
