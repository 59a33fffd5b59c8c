#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The proxy a service's rendezvous lookup picks, written apart from C.

An independent reading of what src/lib/hash.c and src/lib/rendezvous.c
document: the connection hash, the slot it selects and the member that
wins that slot, with the log table made here by libm.  Only the one slot
each connection selects is computed, which rendezvous hashing allows.

Usage: lookup_model.py SIZE SEED CLIENT VIP PORT SPORT COUNT NAME:WEIGHT...
prints "SPORT NAME" for the COUNT client ports from SPORT, or "SPORT -"
if no member has a weight.
"""

import ipaddress
import math
import sys

MASK = (1 << 64) - 1
FNV64_OFFSET = 0xcbf29ce484222325
FNV64_PRIME = 0x100000001b3
SLOT_SALT = 0x72656e64657a766f
LOG2_TABLE = [round(math.log2(1 + i / 256) * 65536) for i in range(257)]


def mix64(x):
    """splitmix64's finalizer."""
    x ^= x >> 30
    x = (x * 0xbf58476d1ce4e5b9) & MASK
    x ^= x >> 27
    x = (x * 0x94d049bb133111eb) & MASK
    return x ^ (x >> 31)


def hash64(data, seed):
    """FNV-1a over the bytes from a seeded start, then mix64."""
    h = FNV64_OFFSET ^ mix64(seed)
    for byte in data:
        h = ((h ^ byte) * FNV64_PRIME) & MASK
    return mix64(h)


def flow_hash(saddr, daddr, sport, dport, seed):
    """The connection's hash: 64 bits of both addresses at a time."""
    length = len(saddr)
    h = mix64(seed ^ (length << 32 | sport << 16 | dport))
    i = 0
    while i + 8 <= length:
        s = int.from_bytes(saddr[i:i + 8], "big")
        d = int.from_bytes(daddr[i:i + 8], "big")
        h = mix64(h ^ s) ^ mix64((h + d) & MASK)
        i += 8
    if i < length:
        s = int.from_bytes(saddr[i:i + 4], "big")
        d = int.from_bytes(daddr[i:i + 4], "big")
        h = mix64(h ^ (s << 32 | d))
    return h


def neg_log2(value):
    """-log2((value | 1) / 2^64) in 16.16, as the library interpolates it."""
    value |= 1
    exponent = value.bit_length() - 1
    mantissa = (value << (63 - exponent)) & MASK
    index = (mantissa >> 55) & 0xff
    between = (mantissa >> 47) & 0xff
    fraction = LOG2_TABLE[index] + (
        (LOG2_TABLE[index + 1] - LOG2_TABLE[index]) * between >> 8)
    return (64 << 16) - ((exponent << 16) + fraction)


def winner(slot, members):
    """The member of least -log2(u) / weight; ties to the higher hash, id."""
    key = mix64(slot ^ SLOT_SALT)
    best = None
    for name, ident, weight in members:
        if not weight:
            continue
        value = mix64(ident ^ key)
        rank = (neg_log2(value), weight, value, ident)
        if best is None or better(rank, best[0]):
            best = (rank, name)
    return best[1] if best else "-"


def better(a, b):
    """Does rank @a beat rank @b?  Scores compared as exact fractions."""
    a_log, a_weight, a_value, a_id = a
    b_log, b_weight, b_value, b_id = b
    if a_log * b_weight != b_log * a_weight:
        return a_log * b_weight < b_log * a_weight
    if a_value != b_value:
        return a_value > b_value
    return a_id > b_id


def main():
    size, seed = int(sys.argv[1]), int(sys.argv[2], 0)
    client = ipaddress.ip_address(sys.argv[3]).packed
    vip = ipaddress.ip_address(sys.argv[4]).packed
    port, sport, count = (int(arg) for arg in sys.argv[5:8])
    members = []
    for arg in sys.argv[8:]:
        name, weight = arg.split(":")
        members.append((name, hash64(name.encode(), seed), int(weight)))
    for i in range(count):
        h = flow_hash(client, vip, sport + i, port, seed)
        slot = ((h ^ (h >> 32)) & 0xffffffff) % size
        print(sport + i, winner(slot, members))


if __name__ == "__main__":
    main()
