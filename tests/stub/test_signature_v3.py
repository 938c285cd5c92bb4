"""Signature V3 (ACS3-HMAC-SHA256) against the reference's test vector (§7.2)."""

import pytest

from immplay.stub.signature_v3 import (
    EMPTY_SHA256,
    MalformedAuthorization,
    canonical_query_v3,
    canonical_request_v3,
    parse_authorization,
    sign_v3,
    signature_matches_v3,
    string_to_sign_v3,
)

HEADERS = {
    "host": "imm.cn-hangzhou.aliyuncs.com",
    "x-acs-action": "CreateProject",
    "x-acs-version": "2020-09-30",
    "x-acs-date": "2024-01-01T00:00:00Z",
    "x-acs-signature-nonce": "0123456789abcdef0123456789abcdef",
    "x-acs-content-sha256": EMPTY_SHA256,
}
QUERY = [("ProjectName", "demo-proj"), ("Description", "a b*c~")]
EXPECTED = "3f07f92bf32dc2204733db8962b400638f77c0948965ec6e90c37480adfc02a3"


def test_reference_vector_gives_the_documented_signature():
    canonical = canonical_request_v3("POST", "/", QUERY, HEADERS, sorted(HEADERS), EMPTY_SHA256)
    assert sign_v3(string_to_sign_v3(canonical), "testsecret") == EXPECTED


def test_canonical_query_reencodes_decoded_values_per_rfc3986():
    assert canonical_query_v3(QUERY) == "Description=a%20b%2Ac~&ProjectName=demo-proj"


def test_signed_headers_order_and_case_do_not_matter():
    shuffled = [name.upper() for name in reversed(sorted(HEADERS))]
    canonical = canonical_request_v3("POST", "/", QUERY, HEADERS, shuffled, EMPTY_SHA256)
    assert signature_matches_v3(string_to_sign_v3(canonical), "testsecret", EXPECTED.upper())


def test_an_unsigned_extra_header_does_not_change_the_signature():
    headers = {**HEADERS, "user-agent": "whatever"}
    canonical = canonical_request_v3("POST", "/", QUERY, headers, sorted(HEADERS), EMPTY_SHA256)
    assert sign_v3(string_to_sign_v3(canonical), "testsecret") == EXPECTED


def test_authorization_header_is_split_into_its_parts():
    auth = parse_authorization(f"ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=host;x-acs-date,Signature={EXPECTED}")
    assert (auth.access_key_id, auth.signed_headers, auth.signature) == ("testid", ("host", "x-acs-date"), EXPECTED)


@pytest.mark.parametrize("header, missing", [
    ("ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host", "Signature"),
    ("ACS3-HMAC-SHA256 SignedHeaders=host,Signature=ab", "Credential"),
])
def test_incomplete_authorization_names_the_missing_part(header, missing):
    with pytest.raises(MalformedAuthorization, match=missing):
        parse_authorization(header)


def test_other_algorithm_is_refused_by_name():
    with pytest.raises(MalformedAuthorization, match="ACS3-HMAC-SM3"):
        parse_authorization("ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=b")
