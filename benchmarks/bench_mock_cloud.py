"""What the emulator costs an SDK call, and whether 10,000 calls keep memory flat.

Run:  .venv/bin/python benchmarks/bench_mock_cloud.py [--rounds 30] [--batch 10] [--memory-calls 10000]

1. Overhead. The same new-family IMM client calls ``list_projects`` as a RAM user holding
   AliyunIMMReadOnlyAccess, answered either
   - by ``mock_cloud`` (V3 signature check, timestamp and nonce checks, policy evaluation, the
     operation, the trail), or
   - by a bare ``responses`` callback that returns a fixed JSON body of the same shape.
   Batches of ``--batch`` calls alternate between the two (the side that goes first alternates too),
   ``--rounds`` rounds, so both see the same machine state. Only the SDK call is timed; entering
   and leaving the mocks is not. Prints both wall-time medians and their ratio (target <= 1.5x),
   and the same for the thread's CPU time, which a busy machine disturbs less.
2. Memory. ``--memory-calls`` sequential calls through one ``mock_cloud`` after a warm-up of as many
   calls as the largest bounded store (the trail keeps 10,000 events, the nonce memory 4,096, the
   ``responses`` call log 64-127), sampled (live allocated blocks and RSS; ``--tracemalloc`` adds
   traced bytes) at the start, every tenth, and at the end. Growth in the warm-up is the bounded stores filling; after it memory must be flat.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import responses  # noqa: E402
from alibabacloud_imm20200930 import models as imm_models  # noqa: E402
from alibabacloud_imm20200930.client import Client as ImmClient  # noqa: E402
from alibabacloud_ram20150501 import models as ram_models  # noqa: E402
from alibabacloud_ram20150501.client import Client as RamClient  # noqa: E402
from alibabacloud_tea_openapi.models import Config  # noqa: E402

from immplay.cloud import TRAIL_LIMIT  # noqa: E402
from immplay.stub.mock import mock_cloud  # noqa: E402

REGION = "cn-shanghai"


def config(key_id: str, secret: str) -> Config:
    return Config(access_key_id=key_id, access_key_secret=secret, region_id=REGION)


def prepare(cloud) -> tuple[str, str]:
    """A project and a read-only RAM user; returns the user's AccessKey pair."""
    root = config(*cloud.root_access_key)
    ImmClient(root).create_project(imm_models.CreateProjectRequest(project_name="bench",
                                                                   service_role="AliyunIMMDefaultRole"))
    ram = RamClient(root)
    ram.create_user(ram_models.CreateUserRequest(user_name="bench"))
    ram.attach_policy_to_user(ram_models.AttachPolicyToUserRequest(
        policy_type="System", policy_name="AliyunIMMReadOnlyAccess", user_name="bench"))
    key = ram.create_access_key(ram_models.CreateAccessKeyRequest(user_name="bench")).body.access_key
    return key.access_key_id, key.access_key_secret


def fixed_answer(body: bytes):
    def callback(request):
        return 200, {"Content-Type": "application/json;charset=utf-8"}, body
    return callback


def timed_batch(client: ImmClient, request, calls: int, samples: list[float], cpu: list[float] | None = None) -> None:
    """Time each call: wall time into ``samples``, this thread's CPU time into ``cpu``."""
    for _ in range(calls):
        started, started_cpu = time.perf_counter(), time.thread_time()
        body = client.list_projects(request).body
        samples.append(time.perf_counter() - started)
        if cpu is not None:
            cpu.append(time.thread_time() - started_cpu)
        if body is None or body.projects[0].project_name != "bench":
            raise SystemExit("the SDK did not parse the answer: the benchmark would measure nothing")


def overhead(rounds: int, batch: int) -> None:
    emulated: list[float] = []
    bare: list[float] = []
    emulated_cpu: list[float] = []
    bare_cpu: list[float] = []
    with mock_cloud() as cloud:
        key = prepare(cloud)
        client = ImmClient(config(*key))
        request = imm_models.ListProjectsRequest()
        # The bare callback answers exactly what the emulator answers (same shape, same size).
        reference = client.list_projects(request).body.to_map()
    fixed = json.dumps(reference).encode()
    for _warm in range(2):  # warm both paths (imports, sessions, caches) before timing
        with mock_cloud(cloud=cloud):
            timed_batch(client, request, 20, [])
        with responses.RequestsMock(assert_all_requests_are_fired=False) as bare_mock:
            bare_mock.add_callback("POST", f"https://imm.{REGION}.aliyuncs.com/", callback=fixed_answer(fixed))
            timed_batch(client, request, 20, [])
    for round_number in range(rounds):
        order = ("emulated", "bare") if round_number % 2 == 0 else ("bare", "emulated")
        for side in order:
            if side == "emulated":
                with mock_cloud(cloud=cloud):
                    timed_batch(client, request, batch, emulated, emulated_cpu)
            else:
                with responses.RequestsMock(assert_all_requests_are_fired=False) as bare_mock:
                    bare_mock.add_callback("POST", f"https://imm.{REGION}.aliyuncs.com/",
                                           callback=fixed_answer(fixed))
                    timed_batch(client, request, batch, bare, bare_cpu)
    emulated_ms = statistics.median(emulated) * 1000
    bare_ms = statistics.median(bare) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"overhead: {len(emulated)} emulated and {len(bare)} bare list_projects calls, interleaved "
          f"in batches of {batch} (load average {load:.1f} on {os.cpu_count()} CPUs)")
    print(f"  median through mock_cloud     {emulated_ms:.3f} ms")
    print(f"  median bare responses callback {bare_ms:.3f} ms")
    print(f"  ratio {emulated_ms / bare_ms:.2f}x (target <= 1.5x); emulator work {emulated_ms - bare_ms:.3f} ms/call")
    # CPU time of this thread leaves out the time the process waited for a CPU: on a busy machine
    # it is the steadier measure of the work each path does.
    emulated_cpu_ms = statistics.median(emulated_cpu) * 1000
    bare_cpu_ms = statistics.median(bare_cpu) * 1000
    print(f"  CPU-time medians: {emulated_cpu_ms:.3f} ms vs {bare_cpu_ms:.3f} ms, ratio "
          f"{emulated_cpu_ms / bare_cpu_ms:.2f}x")


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_sample(traced: bool) -> tuple[float, int, float]:
    """(traced MiB or 0, live allocated blocks, RSS MiB)."""
    gc.collect()
    traced_mib = tracemalloc.get_traced_memory()[0] / 2**20 if traced else 0.0
    return traced_mib, sys.getallocatedblocks(), rss_mb()


def memory(calls: int, traced: bool) -> None:
    warm_up = max(TRAIL_LIMIT, 4096)
    with mock_cloud() as cloud:
        client = ImmClient(config(*prepare(cloud)))
        request = imm_models.ListProjectsRequest()
        if traced:
            tracemalloc.start()
        print(f"memory: {warm_up} warm-up calls (fill the bounded stores), then {calls} measured calls"
              + (" (tracemalloc on)" if traced else " (sys.getallocatedblocks and RSS; --tracemalloc for more)"))

        def report(label: str, index: int) -> tuple[float, int, float]:
            sample = memory_sample(traced)
            print(f"  {label:7s} {index:6d}: traced {sample[0]:6.2f} MiB, blocks {sample[1]:8d}, "
                  f"RSS {sample[2]:6.1f} MiB, trail {len(cloud.trail)}")
            return sample

        for i in range(warm_up):
            if i % (warm_up // 4) == 0:
                report("warm-up", i)
            client.list_projects(request)
        start = report("start", 0)
        for i in range(1, calls + 1):
            client.list_projects(request)
            if i % (calls // 10) == 0 and i < calls:
                report("call", i)
        end = report("end", calls)
        if traced:
            tracemalloc.stop()
    print(f"  growth over {calls} calls: traced {(end[0] - start[0]) * 1024:+.1f} KiB, "
          f"blocks {end[1] - start[1]:+d}, RSS {end[2] - start[2]:+.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--memory-calls", type=int, default=10_000)
    parser.add_argument("--tracemalloc", action="store_true", help="trace allocations (slow: ~5x per call)")
    args = parser.parse_args()
    if args.rounds * args.batch < 200:
        parser.error("use at least 200 calls per side (rounds x batch)")
    overhead(args.rounds, args.batch)
    memory(args.memory_calls, args.tracemalloc)


if __name__ == "__main__":
    main()
