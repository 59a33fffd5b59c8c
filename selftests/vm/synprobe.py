#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted SYNs with arbitrary option bytes, and what answers them.

  synprobe.py SRC ADDR PORT OPTIONS [--sport PORT] [--doff WORDS]
                                    [--wait S]
                                    sends from SRC:PORT (40100) to
                                    ADDR:PORT one SYN whose options are
                                    OPTIONS, hex digits ("" for none; a
                                    multiple of 4 bytes, the header
                                    holds them as they are), its data
                                    offset WORDS if given (the options'
                                    otherwise), and prints the answer
                                    within S seconds (3): "synack" and
                                    "mpc-vN" if it carries MP_CAPABLE of
                                    version N, or "rst", or "none"

The segments are built by tcpkit.py; the answer is read from a raw socket,
which sees a copy of every TCP segment the host receives (the host's own
stack then resets the SYN/ACK, which no socket of it expects).
"""

import argparse
import ipaddress
import select
import socket
import struct
import sys
import time

import tcpkit

TCPOPT_MPTCP = 30
TCP_RST = 0x04


def probe_segment(args):
    """The SYN, its data offset and checksum redone if --doff is given."""
    src = ipaddress.ip_address(args.src).packed
    dst = ipaddress.ip_address(args.addr).packed
    segment = tcpkit.tcp_segment_packed(src, dst, args.sport, args.port,
                                        bytes.fromhex(args.options))
    if args.doff is None:
        return segment
    segment = segment[:12] + bytes([args.doff << 4]) + segment[13:16] \
        + b"\0\0" + segment[18:]
    if len(src) == 4:
        pseudo = src + dst + struct.pack("!BBH", 0, socket.IPPROTO_TCP,
                                         len(segment))
    else:
        pseudo = src + dst + struct.pack("!I3xB", len(segment),
                                         socket.IPPROTO_TCP)
    return segment[:16] + struct.pack("!H", tcpkit.checksum(pseudo + segment)) \
        + segment[18:]


def mp_capable_version(options):
    """The version of the first MP_CAPABLE in OPTIONS, or None."""
    i = 0
    while i < len(options):
        if options[i] == 0:
            break
        if options[i] == 1:
            i += 1
            continue
        if i + 1 >= len(options) or options[i + 1] < 2:
            break
        kind, length = options[i], options[i + 1]
        if kind == TCPOPT_MPTCP and length >= 3 and options[i + 2] >> 4 == 0:
            return options[i + 2] & 0x0F
        i += length
    return None


def answer(segment):
    """What a segment from the server says, or None if not an answer."""
    flags = segment[13]
    if flags & TCP_RST:
        return "rst"
    if flags & (tcpkit.TCP_SYN | tcpkit.TCP_ACK) != \
            tcpkit.TCP_SYN | tcpkit.TCP_ACK:
        return None
    version = mp_capable_version(segment[20:(segment[12] >> 4) * 4])
    return "synack" if version is None else f"synack mpc-v{version}"


def probe(args):
    family = socket.AF_INET6 if ":" in args.src else socket.AF_INET
    addr = ipaddress.ip_address(args.addr)
    with socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_TCP) as sock:
        sock.bind((args.src, 0))
        sock.sendto(probe_segment(args), (args.addr, 0))
        deadline = time.monotonic() + args.wait
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([sock], [], [], left)[0]:
                print("none", flush=True)
                return 0
            data, peer = sock.recvfrom(65535)
            if ipaddress.ip_address(peer[0].split("%")[0]) != addr:
                continue
            # IPv4 raw sockets receive the IP header, IPv6 ones do not.
            if family == socket.AF_INET:
                data = data[(data[0] & 0x0F) * 4:]
            if len(data) < 20:
                continue
            sport, dport = struct.unpack_from("!HH", data)
            if (sport, dport) != (args.port, args.sport):
                continue
            text = answer(data)
            if text:
                print(text, flush=True)
                return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("src")
    parser.add_argument("addr")
    parser.add_argument("port", type=int)
    parser.add_argument("options")
    parser.add_argument("--sport", type=int, default=40100)
    parser.add_argument("--doff", type=int)
    parser.add_argument("--wait", type=float, default=3)
    args = parser.parse_args()
    if len(args.options) % 8:
        raise SystemExit("synprobe: options are a multiple of 4 bytes")
    return probe(args)


if __name__ == "__main__":
    sys.exit(main())
