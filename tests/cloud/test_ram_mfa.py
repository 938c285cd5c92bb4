"""Virtual MFA devices: two consecutive RFC 6238 codes at the EMULATED time bind a device."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

SERIAL = "acs:ram::1509100000000000:mfa/alice-phone"


@pytest.fixture
def device(root):
    root("ram", "CreateUser", UserName="alice")
    return root("ram", "CreateVirtualMFADevice", VirtualMFADeviceName="alice-phone")["VirtualMFADevice"]


def codes(cloud, seed, first_step_offset=-1):
    totp, now = pyotp.TOTP(seed), cloud.clock.now()
    first = now + timedelta(seconds=30 * first_step_offset)
    return totp.at(first), totp.at(first + timedelta(seconds=30))


def test_create_virtual_mfa_device_returns_serial_seed_and_png(device):
    assert device["SerialNumber"] == SERIAL
    assert len(device["Base32StringSeed"]) == 32
    import base64
    assert base64.b64decode(device["QRCodePNG"]).startswith(b"\x89PNG")


def test_two_consecutive_codes_at_the_emulated_time_bind_the_device(root, cloud, device):
    cloud.clock.advance(seconds=12345)  # the emulated time, not the wall clock, is what counts
    code1, code2 = codes(cloud, device["Base32StringSeed"])
    root("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice", AuthenticationCode1=code1,
         AuthenticationCode2=code2)
    assert root("ram", "GetUserMFAInfo", UserName="alice") == {"MFADevice": {"SerialNumber": SERIAL, "Type": "VMFA"}}
    listed = root("ram", "ListVirtualMFADevices")["VirtualMFADevices"]["VirtualMFADevice"]
    assert listed[0]["User"]["UserName"] == "alice"


def test_a_repeated_code_is_not_consecutive(root, cloud, device):
    code = pyotp.TOTP(device["Base32StringSeed"]).at(cloud.clock.now())
    error = root.fails("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice",
                       AuthenticationCode1=code, AuthenticationCode2=code)
    assert (error.code, error.http_status) == ("CheckAuthenticationCodeFail", 403)


def test_codes_in_the_wrong_order_fail(root, cloud, device):
    code1, code2 = codes(cloud, device["Base32StringSeed"])
    error = root.fails("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice",
                       AuthenticationCode1=code2, AuthenticationCode2=code1)
    assert error.code == "CheckAuthenticationCodeFail"


def test_codes_from_long_ago_fail(root, cloud, device):
    code1, code2 = codes(cloud, device["Base32StringSeed"], first_step_offset=-10)
    error = root.fails("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice",
                       AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert error.code == "CheckAuthenticationCodeFail"


def test_a_code_that_is_not_six_digits_is_a_format_error(root, device):
    error = root.fails("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice",
                       AuthenticationCode1="12345", AuthenticationCode2="123456")
    assert (error.code, error.http_status) == ("InvalidParameter.AuthenticationCode.Format", 400)


def test_bound_device_blocks_delete_and_user_delete_until_unbound(root, cloud, device):
    code1, code2 = codes(cloud, device["Base32StringSeed"])
    root("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice", AuthenticationCode1=code1,
         AuthenticationCode2=code2)
    assert root.fails("ram", "DeleteVirtualMFADevice", SerialNumber=SERIAL).code == \
        "DeleteConflict.VirtualMFADevice.User"
    assert root.fails("ram", "DeleteUser", UserName="alice").code == "DeleteConflict.User.MFADevice"
    assert root("ram", "UnbindMFADevice", UserName="alice") == {"MFADevice": {"SerialNumber": SERIAL}}
    assert root.fails("ram", "GetUserMFAInfo", UserName="alice").code == "EntityNotExist.User.MFADevice"
    assert root("ram", "DeleteVirtualMFADevice", SerialNumber=SERIAL) == {}
    assert root("ram", "DeleteUser", UserName="alice") == {}


def test_a_user_has_at_most_one_mfa_device(root, cloud, device):
    code1, code2 = codes(cloud, device["Base32StringSeed"])
    root("ram", "BindMFADevice", SerialNumber=SERIAL, UserName="alice", AuthenticationCode1=code1,
         AuthenticationCode2=code2)
    other = root("ram", "CreateVirtualMFADevice", VirtualMFADeviceName="spare")["VirtualMFADevice"]
    code1, code2 = codes(cloud, other["Base32StringSeed"])
    error = root.fails("ram", "BindMFADevice", SerialNumber=other["SerialNumber"], UserName="alice",
                       AuthenticationCode1=code1, AuthenticationCode2=code2)
    assert (error.code, error.http_status) == ("EntityAlreadyExists.User.MFADevice", 409)


def test_duplicate_and_unknown_devices(root, device):
    assert root.fails("ram", "CreateVirtualMFADevice", VirtualMFADeviceName="alice-phone").code == \
        "EntityAlreadyExists.VirtualMFADevice"
    error = root.fails("ram", "DeleteVirtualMFADevice", SerialNumber="acs:ram::1509100000000000:mfa/none")
    assert (error.code, error.http_status) == ("EntityNotExist.VirtualMFADevice", 404)
