#!/usr/bin/env python3
"""Summarizes a BenchmarkDotNet EventPipe CPU profile (the *.speedscope.json that `--profiler EP` writes).

    python3 scripts/profile-summary.py BenchmarkDotNet.Artifacts/<file>.speedscope.json [root-frame-substring]

Takes the thread whose samples include the root frame (default: BenchmarkDotNet's measured loop, WorkloadActionUnroll;
the in-memory UpdateAsync benchmark completes synchronously, so all of its CPU is on that thread under that frame)
and prints, as a share of the root's time, the inclusive time of CartStorage and System.Text.Json methods. (Self time
is not printed: EventPipe samples a thread at a GC poll, so a sample's leaf is where it polled, not where it spent.)
"""
import json
import sys
from collections import defaultdict

path = sys.argv[1]
root_hint = sys.argv[2] if len(sys.argv) > 2 else "WorkloadActionUnroll"
doc = json.load(open(path))
frames = [f["name"] for f in doc["shared"]["frames"]]

best = None
for profile in doc["profiles"]:
    if profile.get("type") != "evented":
        continue
    under_root = defaultdict(float)  # library frames (CartStorage.*) under the root: inclusive, counted once per stack
    stack = []
    last = None
    root_time = 0.0
    for event in profile["events"]:
        at = event["at"]
        if stack and last is not None:
            in_root = any(root_hint in frames[f] for f, _ in stack)
            if in_root:
                root_time += at - last
                seen = set()
                below = False
                for f, _ in stack:
                    below = below or root_hint in frames[f]
                    if not below:
                        continue
                    name = frames[f]
                    if name not in seen:
                        seen.add(name)
                        under_root[name] += at - last
        last = at
        if event["type"] == "O":
            stack.append((event["frame"], at))
        else:
            while stack:
                f, _ = stack.pop()
                if f == event["frame"]:
                    break
    if root_time > 0 and (best is None or root_time > best[0]):
        best = (root_time, under_root)

if best is None:
    sys.exit(f"no thread has samples under a frame containing '{root_hint}'")

total, under_root = best


def short(name):
    name = name.split("(")[0]
    return name if len(name) < 110 else name[:107] + "..."


print(f"root: frames containing '{root_hint}', {total:.0f} ms of samples\n")
print("| inclusive | frame (CartStorage and System.Text.Json methods under the root) |")
print("|---:|---|")
def library(name):
    return ("CartStorage" in name and "Benchmarks" not in name) or name.lower().startswith("system.text.json!")


rows = sorted(((t, n.replace("cartstorage!", "").replace("CartStorage!", "")) for n, t in under_root.items() if library(n)), reverse=True)
for t, n in rows[:25]:
    print(f"| {100 * t / total:.1f} % | `{short(n)}` |")
