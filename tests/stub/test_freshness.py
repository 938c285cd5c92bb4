"""Timestamp freshness (±15 min of wall time) and the bounded nonce memory."""

import tracemalloc
from datetime import datetime, timezone

import pytest

from immplay.cloud.errors import CloudError
from immplay.stub.freshness import NONCE_MEMORY, NonceWindow, check_timestamp

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_timestamp_within_fifteen_minutes_is_fresh():
    check_timestamp("2026-03-01T12:14:59Z", "Timestamp", NOW)
    check_timestamp("2026-03-01T11:45:01Z", "Timestamp", NOW)


@pytest.mark.parametrize("value", ["2026-03-01T12:15:01Z", "2026-03-01T11:44:59Z", "2015-08-18T03:15:45Z"])
def test_timestamp_more_than_fifteen_minutes_away_is_expired(value):
    with pytest.raises(CloudError) as caught:
        check_timestamp(value, "Timestamp", NOW)
    assert (caught.value.code, caught.value.http_status) == ("InvalidTimeStamp.Expired", 400)
    assert "check_timestamps=False" in caught.value.message


@pytest.mark.parametrize("value", ["2026-03-01 12:00:00", "yesterday", "2026-03-01T12:00:00+08:00"])
def test_malformed_timestamp_is_a_format_error(value):
    with pytest.raises(CloudError) as caught:
        check_timestamp(value, "x-acs-date", NOW)
    assert caught.value.code == "InvalidTimeStamp.Format"
    assert "x-acs-date" in caught.value.message


def test_reused_nonce_is_refused_for_the_same_key_only():
    window = NonceWindow(wall=lambda: 0.0)
    assert window.first_use("ak1", "n")
    assert not window.first_use("ak1", "n")
    assert window.first_use("ak2", "n")


def test_nonce_is_forgotten_after_fifteen_minutes_of_wall_time():
    now = [0.0]
    window = NonceWindow(wall=lambda: now[0])
    window.first_use("ak", "n")
    now[0] = 899.0
    assert not window.first_use("ak", "n")
    now[0] = 901.0 + 899.0
    assert window.first_use("ak", "n")


def test_nonce_memory_is_bounded_in_count():
    window = NonceWindow(wall=lambda: 0.0)
    for i in range(NONCE_MEMORY + 500):
        window.first_use("ak", f"nonce-{i}")
    assert len(window) == NONCE_MEMORY
    assert window.first_use("ak", "nonce-0")           # forgotten: the oldest went first
    assert not window.first_use("ak", f"nonce-{NONCE_MEMORY + 499}")


def test_ten_thousand_nonces_keep_memory_flat():
    tracemalloc.start()
    window = NonceWindow(wall=lambda: 0.0)
    for i in range(10_000):  # warm-up: fill the memory and let the dict reach its working size
        window.first_use("LTAI" + "x" * 20, f"{i:032x}")
    before = tracemalloc.get_traced_memory()[0]
    for i in range(10_000, 20_000):
        window.first_use("LTAI" + "x" * 20, f"{i:032x}")
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert after - before < 64 * 1024
