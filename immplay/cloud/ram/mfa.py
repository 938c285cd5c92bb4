"""Virtual MFA devices (reference §1, §6): create, bind with two consecutive TOTP codes, unbind.

- CreateVirtualMFADevice returns ``SerialNumber`` ``acs:ram::<uid>:mfa/<name>``, a seeded
  ``Base32StringSeed`` (32 Base32 characters) and ``QRCodePNG``. The real QR code encodes an
  ``otpauth://`` URI; the emulator's ``QRCodePNG`` is the base64 of a fixed 1x1 placeholder PNG
  (deterministic), documented so nobody tries to scan it: use the seed with ``pyotp.TOTP``.
- BindMFADevice checks AuthenticationCode1 and AuthenticationCode2 as two CONSECUTIVE RFC 6238 codes
  (30-second steps, 6 digits, SHA-1) at the EMULATED clock's time: Code2 must be the code of the
  current step or one step either side, and Code1 the code of the step just before Code2's. A
  wrong or non-consecutive pair is ``CheckAuthenticationCodeFail`` (403); a code that is not six
  digits is ``InvalidParameter.AuthenticationCode.Format`` (400).
- One MFA device per user (``EntityAlreadyExists.User.MFADevice``); a bound device cannot be
  deleted (``DeleteConflict.VirtualMFADevice.User``).

Example::

    totp = pyotp.TOTP(seed); t = cloud.clock.now()
    params = {"AuthenticationCode1": totp.at(t - timedelta(seconds=30)), "AuthenticationCode2": totp.at(t)}
"""

from __future__ import annotations

import base64
import re
import struct
import zlib

from immplay.cloud.clock import ram_date
from immplay.cloud.errors import CloudError
from immplay.cloud.params import MFA_NAME, check_name
from immplay.cloud.ram.entities import MFA_DEVICES
from immplay.cloud.ram.users import find_user
from immplay.cloud.ram.views import wrapped
from immplay.cloud.routing import Invocation
from immplay.cloud.state import VirtualMFADevice

_CODE = re.compile(r"[0-9]{6}")


def _placeholder_png() -> str:
    """A valid 1x1 white PNG, base64: stands in for the QR code (see the module docstring)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff"))
           + chunk(b"IEND", b""))
    return base64.b64encode(png).decode("ascii")


QR_CODE_PLACEHOLDER = _placeholder_png()


def find_device(inv: Invocation, serial: str) -> VirtualMFADevice:
    """The virtual MFA device ``serial``, or ``EntityNotExist.VirtualMFADevice`` (404)."""
    return MFA_DEVICES.find(inv.state.mfa_devices, serial)


def create_virtual_mfa_device(inv: Invocation) -> dict:
    state = inv.state
    name = check_name(inv.params["VirtualMFADeviceName"], "VirtualMFADeviceName", MFA_NAME, 64)
    serial = f"acs:ram::{inv.cloud.account_id}:mfa/{name}"
    MFA_DEVICES.check_new(serial in state.mfa_devices, name, len(state.mfa_devices))
    device = VirtualMFADevice(serial, name, inv.cloud.ids.base32_seed(), inv.now)
    state.mfa_devices[serial] = device
    return {"VirtualMFADevice": {"SerialNumber": serial, "Base32StringSeed": device.seed,
                                 "QRCodePNG": QR_CODE_PLACEHOLDER}}


def codes_are_consecutive(seed: str, moment, code1: str, code2: str) -> bool:
    """True if code2 is the TOTP of step s (s within one step of ``moment``'s) and code1 of s-1."""
    import pyotp  # light, but only this call needs it

    totp = pyotp.TOTP(seed)
    current = totp.timecode(moment)
    return any(totp.generate_otp(step) == code2 and totp.generate_otp(step - 1) == code1
               for step in (current - 1, current, current + 1))


def bind_mfa_device(inv: Invocation) -> dict:
    params = inv.params
    for param in ("AuthenticationCode1", "AuthenticationCode2"):
        if not _CODE.fullmatch(params[param]):
            raise CloudError("InvalidParameter.AuthenticationCode.Format",
                             f"The parameter {param} MUST be 6 numbers.", 400)
    device = find_device(inv, params["SerialNumber"])
    user = find_user(inv, params["UserName"])
    if device.user_name is not None:
        raise CloudError("EntityAlreadyExists.VirtualMFADevice.User",
                         f"The virtual MFA device is already bound to the user {device.user_name}.", 409)
    if inv.state.mfa_of(user.name) is not None:
        raise CloudError("EntityAlreadyExists.User.MFADevice", f"The user {user.name} already has an MFA device.", 409)
    if not codes_are_consecutive(device.seed, inv.now, params["AuthenticationCode1"], params["AuthenticationCode2"]):
        raise CloudError("CheckAuthenticationCodeFail",
                         "Failed to check authentication code: AuthenticationCode1 and AuthenticationCode2 must "
                         f"be two consecutive TOTP codes at the current (emulated) time {ram_date(inv.now)}.", 403)
    device.user_name = user.name
    device.activate_date = inv.now
    return {}


def unbind_mfa_device(inv: Invocation) -> dict:
    user = find_user(inv, inv.params["UserName"])
    device = inv.state.mfa_of(user.name)
    if device is None:
        raise CloudError("EntityNotExist.User.MFADevice", f"The user {user.name} has no MFA device.", 404)
    device.user_name = None
    device.activate_date = None
    return {"MFADevice": {"SerialNumber": device.serial_number}}


def get_user_mfa_info(inv: Invocation) -> dict:
    user = find_user(inv, inv.params["UserName"])
    device = inv.state.mfa_of(user.name)
    if device is None:
        raise CloudError("EntityNotExist.User.MFADevice", f"The user {user.name} has no MFA device.", 404)
    return {"MFADevice": {"SerialNumber": device.serial_number, "Type": "VMFA"}}


def list_virtual_mfa_devices(inv: Invocation) -> dict:
    items = []
    for device in inv.state.mfa_devices.values():
        item: dict = {"SerialNumber": device.serial_number}
        if device.user_name is not None:
            user = inv.state.users[device.user_name]
            item["ActivateDate"] = ram_date(device.activate_date)
            item["User"] = {"UserId": user.user_id, "UserName": user.name, "DisplayName": user.display_name}
        items.append(item)
    return wrapped(items, "VirtualMFADevices", "VirtualMFADevice")


def delete_virtual_mfa_device(inv: Invocation) -> dict:
    device = find_device(inv, inv.params["SerialNumber"])
    if device.user_name is not None:
        raise CloudError("DeleteConflict.VirtualMFADevice.User",
                         f"The virtual MFA device is bound to the user {device.user_name}; unbind it first.", 409)
    del inv.state.mfa_devices[device.serial_number]
    return {}
