#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the VM selftests, with the kernel's own TCP and MPTCP.

  tcpkit.py serve NAME PORT         echo server on every address: for each
                                    connection reads until EOF and answers
                                    "NAME SHA256" of what it read
  tcpkit.py connect ADDR PORT N [--mptcp] [--size BYTES]
                                    N connections, each sending random data
                                    and checking the digest; prints one
                                    line per connection: "NAME ok|bad"
  tcpkit.py join SRC ADDR PORT TOKEN [--sport PORT]
                                    sends one crafted SYN + MP_JOIN with
                                    TOKEN from SRC through a raw socket
  tcpkit.py syn SRC ADDR PORT N [--sport PORT]
                                    sends N plain SYNs from source ports
                                    PORT, PORT + 1, ...: the same spread
                                    on every run
"""

import argparse
import hashlib
import ipaddress
import os
import socket
import struct
import sys
import threading

IPPROTO_MPTCP = 262


def serve(args):
    family = socket.AF_INET6
    sock = socket.socket(family, socket.SOCK_STREAM, IPPROTO_MPTCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    sock.bind(("::", args.port))
    sock.listen(128)
    print("listening", flush=True)

    def answer(conn):
        digest = hashlib.sha256()
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                digest.update(data)
            conn.sendall(f"{args.name} {digest.hexdigest()}\n".encode())

    while True:
        conn, _ = sock.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def connect(args):
    family = socket.AF_INET6 if ":" in args.addr else socket.AF_INET
    proto = IPPROTO_MPTCP if args.mptcp else socket.IPPROTO_TCP
    failures = 0
    for _ in range(args.count):
        data = os.urandom(args.size)
        try:
            with socket.socket(family, socket.SOCK_STREAM, proto) as sock:
                sock.settimeout(20)
                sock.connect((args.addr, args.port))
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                reply = b""
                while not reply.endswith(b"\n"):
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            name, digest = reply.decode().split()
            ok = digest == hashlib.sha256(data).hexdigest()
            print(name, "ok" if ok else "bad", flush=True)
            failures += not ok
        except (OSError, ValueError) as err:
            print("none", type(err).__name__, flush=True)
            failures += 1
    return 1 if failures else 0


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def send_syn(args, sport, option):
    src = ipaddress.ip_address(args.src)
    dst = ipaddress.ip_address(args.addr)
    header = struct.pack("!HHIIBBHHH", sport, args.port, 1, 0,
                         (20 + len(option)) // 4 << 4, 0x02, 65535, 0, 0)
    segment = header + option
    if src.version == 4:
        pseudo = src.packed + dst.packed + struct.pack(
            "!BBH", 0, socket.IPPROTO_TCP, len(segment))
        family = socket.AF_INET
    else:
        pseudo = src.packed + dst.packed + struct.pack(
            "!I3xB", len(segment), socket.IPPROTO_TCP)
        family = socket.AF_INET6
    segment = segment[:16] + struct.pack("!H", checksum(pseudo + segment)) \
        + segment[18:]
    with socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_TCP) as sock:
        sock.bind((args.src, 0))
        sock.sendto(segment, (args.addr, 0))


def join(args):
    # MP_JOIN, SYN form: kind 30, length 12, subtype 1, address id 1.
    send_syn(args, args.sport,
             struct.pack("!BBBBII", 30, 12, 0x10, 1, args.token, 0x12345678))
    return 0


def syn(args):
    for i in range(args.count):
        send_syn(args, args.sport + i, b"")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve")
    p.add_argument("name")
    p.add_argument("port", type=int)
    p = sub.add_parser("connect")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--mptcp", action="store_true")
    p.add_argument("--size", type=int, default=100000)
    p = sub.add_parser("join")
    p.add_argument("src")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("token", type=lambda t: int(t, 0))
    p.add_argument("--sport", type=int, default=40000)
    p = sub.add_parser("syn")
    p.add_argument("src")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--sport", type=int, default=20000)
    args = parser.parse_args()
    return {"serve": serve, "connect": connect, "join": join, "syn": syn}[
        args.command](args)


if __name__ == "__main__":
    sys.exit(main())
