"""One authenticated API call, as the wire layer hands it to the emulated cloud.

The stub (``immplay.stub``) parses the HTTP request, checks the signature, and builds an
``ApiCall``; the cloud (``Cloud.dispatch``) authenticates the key/token, authorizes the action
through ``immplay.policy`` and runs the operation. Tests build ``ApiCall`` directly to exercise the
same entry point the wire uses.

Example::

    ApiCall(service="ram", action="CreateUser", version="2015-05-01",
            params={"UserName": "alice"}, access_key_id=ak)
"""

from __future__ import annotations

from dataclasses import dataclass, field

SERVICE_VERSIONS: dict[str, str] = {"ram": "2015-05-01", "sts": "2015-04-01", "imm": "2020-09-30"}


@dataclass(frozen=True)
class ApiCall:
    """A parsed API request.

    ``params`` holds every API parameter as a flat string, exactly as on the wire (JSON-encoded
    parameters stay strings, RAM ``Tag.1.Key`` style keys stay flat); signature and common
    parameters (``Signature*``, ``Timestamp``, ``Format``...) are excluded. ``action`` is
    case-sensitive, like the real APIs. ``region`` comes from the host name or ``RegionId``;
    empty means "the cloud's default region". ``request_id`` (optional) is the RequestId the wire
    layer will answer with (from ``Cloud.new_request_id()``), so the trail event carries it too;
    when empty the trail records no request id.
    """

    service: str
    action: str
    version: str = ""
    params: dict[str, str] = field(default_factory=dict)
    access_key_id: str = ""
    security_token: str | None = None
    region: str = ""
    source_ip: str = "127.0.0.1"
    secure_transport: bool = True
    request_id: str = ""
