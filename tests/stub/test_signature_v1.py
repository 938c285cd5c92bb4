"""Signature v1 (HMAC-SHA1) against the official test vector (reference §7.3) and its variants."""

from immplay.stub.signature_v1 import plus_encoded, sign_v1, string_to_sign_v1, verify_v1

OFFICIAL_PARAMS = {
    "Action": "CreateUser", "UserName": "test", "AccessKeyId": "testid", "Format": "JSON",
    "Version": "2015-05-01", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
    "Timestamp": "2015-08-18T03:15:45Z", "SignatureNonce": "6a6e0ca6-4557-11e5-86a2-b8e8563dc8d2",
}


def test_official_vector_gives_the_documented_signature():
    assert sign_v1(string_to_sign_v1("GET", OFFICIAL_PARAMS), "testsecret") == "kRA2cnpJVacIhDMzXnoNZG9tDCI="


def test_official_vector_verifies_and_reports_the_string_to_sign():
    check = verify_v1("GET", {**OFFICIAL_PARAMS, "Signature": "kRA2cnpJVacIhDMzXnoNZG9tDCI="}, "testsecret")
    assert check.matched
    assert check.string_to_sign.startswith("GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateUser")


def test_wrong_secret_does_not_verify():
    check = verify_v1("GET", {**OFFICIAL_PARAMS, "Signature": "kRA2cnpJVacIhDMzXnoNZG9tDCI="}, "other")
    assert not check.matched


def test_space_star_and_tilde_are_encoded_per_rfc3986():
    sts = string_to_sign_v1("POST", {"Policy": "a b*c~/"})
    # inner: Policy=a%20b%2Ac~%2F ; outer encoding turns each % into %25
    assert sts == "POST&%2F&Policy%3Da%2520b%252Ac~%252F"


def test_signature_made_with_plus_for_spaces_is_accepted():
    """alibabacloud-credentials signs with quote_plus (space -> '+'); that form must verify too."""
    params = {**OFFICIAL_PARAMS, "Policy": '{"Version": "1"}'}
    plus_signature = sign_v1(string_to_sign_v1("GET", params, plus_encoded), "testsecret")
    check = verify_v1("GET", {**params, "Signature": plus_signature}, "testsecret")
    assert check.matched and check.plus_form_matched


def test_non_ascii_signature_is_a_mismatch_not_a_crash():
    assert not verify_v1("GET", {**OFFICIAL_PARAMS, "Signature": "é"}, "testsecret").matched
