#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Traffic for the VM selftests, with the kernel's own TCP and MPTCP.

  tcpkit.py serve NAME PORT [--tokens FILE]
                                    echo server on every address: for each
                                    connection reads until EOF and answers
                                    "NAME SHA256 TOKEN" of what it read
                                    (TOKEN 0 for TCP); appends
                                    each MPTCP connection's token to FILE.
                                    To "download BYTES" it answers with
                                    the SHA256 of BYTES random bytes,
                                    then sends them
  tcpkit.py connect ADDR PORT N [--mptcp] [--size BYTES] [--pause FILE]
                                    [--subflows] [--report] [--timeout S]
                                    [--tokens FILE]
                                    [--parallel] [--download]
                                    N connections, each sending random data
                                    and checking the digest (--download:
                                    receiving BYTES from the server); prints one
                                    line per connection: "NAME ok|bad",
                                    and with --subflows what became of
                                    the join: "join=ok|reset|pending|none";
                                    with --report, after waiting for a
                                    join, also the server's token and
                                    "ADDR:PORT=BYTES" acked (received,
                                    with --download) per subflow,
                                    and "ADDR:PORT=-" for each join it
                                    sent whose subflow is gone (reset)
                                    With --parallel, all N at once
                                    With --pause, all N are open and half
                                    sent ("paused" printed; with
                                    --subflows once their joins are made,
                                    and join= is what they were then)
                                    until FILE exists, then all finish at
                                    once.  Each socket operation waits at
                                    most S seconds (30).  --tokens
                                    appends each MPTCP connection's own
                                    token (MPTCP_INFO) to FILE
  tcpkit.py join SRC ADDR PORT TOKEN [--sport PORT] [--ack]
                                    sends one crafted SYN + MP_JOIN with
                                    TOKEN from SRC through a raw socket;
                                    with --ack, then the client's third
                                    ACK, in sequence
  tcpkit.py handshake SRC ADDR PORT KEY [--sport PORT] [--version V]
                                    [--ack-seq SEQ]
                                    sends the client's half of an MPTCP
                                    handshake (SYN, third ACK) whose
                                    server key is KEY, version 1 or 0;
                                    the SYN's sequence number is 1, the
                                    ACK's SEQ (2, in sequence)
  tcpkit.py syn SRC ADDR PORT N [--sport PORT] [--mptcp]
                                    sends N plain SYNs from source ports
                                    PORT, PORT + 1, ...: the same spread
                                    on every run; with --mptcp, each
                                    with MP_CAPABLE as a Linux client's
  tcpkit.py rate ADDR PORT SECONDS [--per-second R]
                                    opens and closes MPTCP connections
                                    one after the other for SECONDS and
                                    prints how many completed per second;
                                    with --per-second, starts one every
                                    1/R s at most (a sustained rate, not
                                    the listener's limit)
  tcpkit.py keys FILE
                                    prints "capturing", then until FILE
                                    exists the sender's key of each
                                    MP_CAPABLE third ACK (version 1) the
                                    namespace receives, once per key
  tcpkit.py flood SRC ADDR SECONDS PORT...
                                    for SECONDS, crafted segments from SRC
                                    to each PORT of ADDR in turn, as fast
                                    as it can: for each of 128 clients an
                                    MPTCP handshake (SYN, third ACK), a
                                    SYN + MP_JOIN with its token and an
                                    ACK, a plain SYN; prints "flooding"
                                    when it starts, "SENT FAILED" when
                                    done
  tcpkit.py segment SRC ADDR PORT {FLAGS SPORT...}... [--seq SEQ]
                                    sends from each SPORT a crafted
                                    segment without options whose flags
                                    are the FLAGS before it, letters of
                                    SAFRP ("R 40000 S 40001": a RST from
                                    port 40000, a plain SYN from 40001),
                                    and sequence number SEQ (random if
                                    not given); prints them
  tcpkit.py joinflood NET ADDR PORT N [--seed SEED]
                                    sends N SYN + MP_JOIN to ADDR:PORT,
                                    each with a random token from a
                                    random address of NET and a random
                                    port, through one raw socket that
                                    writes the IP headers itself; prints
                                    "SENT FAILED SECONDS"
  tcpkit.py icmp SRC ADDR PORT CLIENT CPORT
                                    sends, as a router on the way to
                                    CLIENT would, fragmentation needed
                                    (IPv4) or packet too big (IPv6) to
                                    ADDR about its packet ADDR:PORT to
                                    CLIENT:CPORT
  tcpkit.py fragsyn SRC ADDR PORT [--sport PORT] [--size BYTES]
                                    [--frag BYTES] [--odd-first]
                                    sends a SYN carrying BYTES (2000) of
                                    data in fragments of at most --frag
                                    (1000) bytes, as a client fragments;
                                    prints "synack" if ADDR:PORT answers
                                    within 5 seconds, "none" if not;
                                    --odd-first (IPv6) sends only the
                                    first fragment, more to come and 3
                                    bytes longer than a multiple of 8,
                                    which a receiver discards (RFC 8200
                                    section 4.5)
  tcpkit.py ipids SRC FILE
                                    prints "capturing", then until FILE
                                    exists reads the IDs of the IPIP
                                    packets from SRC (unfragmented or
                                    first fragments) the namespace
                                    receives: "N packets, D duplicate IDs"
  tcpkit.py outer FILE SRC... [--port PORT]
                                    prints "capturing", then until FILE
                                    exists reads the outer headers of the
                                    IPIP, IPv6-in-IPv6 or GUE (UDP to
                                    PORT) packets from SRC the namespace
                                    receives, each client flow (inner
                                    addresses and TCP ports) with the UDP
                                    source ports and IPv6 flow labels its
                                    packets came with: "N packets, F
                                    flows, P ports, L labels, S split",
                                    S the flows seen with more than one
  tcpkit.py nfqueue NUM FILE        binds NFQUEUE NUM, prints "bound",
                                    then accepts every packet queued
                                    until FILE exists: the verdict
                                    nf_reinject() carries out in this
                                    process's sendmsg(); prints "N
                                    accepted", the verdicts it sent
"""

import argparse
import collections
import ctypes
import errno
import hashlib
import ipaddress
import os
import random
import socket
import struct
import sys
import threading
import time

import nlkit

IPPROTO_MPTCP = 262
SOL_MPTCP = 284
MPTCP_INFO = 1
MPTCP_TCPINFO = 2
MPTCP_SUBFLOW_ADDRS = 3
# Offset of tcpi_bytes_acked in struct tcp_info.
TCPI_BYTES_ACKED = 120
TCPI_BYTES_RECEIVED = 128
TCP_ESTABLISHED = 1
SO_RCVBUFFORCE = 33
LIBC = ctypes.CDLL(None, use_errno=True)


def subflow_states(sock):
    """(established, all) subflows of an MPTCP socket, from MPTCP_TCPINFO."""
    # struct mptcp_subflow_data, then one struct tcp_info prefix each:
    # only its first byte, the state, is asked for.
    buf = ctypes.create_string_buffer(16 + 8 * 8)
    struct.pack_into("=IIII", buf, 0, 16, 0, 0, 8)
    size = ctypes.c_uint(len(buf))
    if LIBC.getsockopt(sock.fileno(), SOL_MPTCP, MPTCP_TCPINFO, buf,
                       ctypes.byref(size)):
        return 0, 0
    count, _, size_user = struct.unpack_from("=III", buf, 4)
    return sum(buf.raw[16 + i * size_user] == TCP_ESTABLISHED
               for i in range(min(count, 8))), count


def sockaddr_text(raw):
    """"addr:port" of a struct sockaddr_in or sockaddr_in6."""
    family, port = struct.unpack_from("=HH", raw)
    port = socket.ntohs(port)
    if family == socket.AF_INET:
        return f"{socket.inet_ntop(family, raw[4:8])}:{port}"
    return f"[{socket.inet_ntop(family, raw[8:24])}]:{port}"


def subflow_bytes(sock, field=TCPI_BYTES_ACKED):
    """[(local address, FIELD)] of the live subflows of a socket.

    FIELD is the offset of a u64 in struct tcp_info: bytes acked (sent,
    by default) or TCPI_BYTES_RECEIVED.
    """
    def query(optname, size):
        buf = ctypes.create_string_buffer(16 + 8 * size)
        struct.pack_into("=IIII", buf, 0, 16, 0, 0, size)
        length = ctypes.c_uint(len(buf))
        if LIBC.getsockopt(sock.fileno(), SOL_MPTCP, optname, buf,
                           ctypes.byref(length)):
            return []
        count, _, size_user = struct.unpack_from("=III", buf, 4)
        return [buf.raw[16 + i * size_user:16 + (i + 1) * size_user]
                for i in range(min(count, 8))]
    # struct mptcp_subflow_addrs: local, then remote, sockaddr_storage each.
    addrs = query(MPTCP_SUBFLOW_ADDRS, 256)
    infos = query(MPTCP_TCPINFO, field + 8)
    return [(sockaddr_text(a), struct.unpack_from("=Q", i, field)[0])
            for a, i in zip(addrs, infos)]


def mptcp_info(sock):
    """(extra subflows, local token) of an MPTCP socket, from MPTCP_INFO."""
    info = sock.getsockopt(SOL_MPTCP, MPTCP_INFO, 64)
    return info[0], struct.unpack_from("=I", info, 12)[0]


def serve(args):
    try:
        sock = socket.socket(socket.AF_INET6, socket.SOCK_STREAM,
                             IPPROTO_MPTCP)
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        any_addr = "::"
    except OSError as e:
        # A kernel booted with ipv6.disable=1.
        if e.errno != errno.EAFNOSUPPORT:
            raise
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM,
                             IPPROTO_MPTCP)
        any_addr = "0.0.0.0"
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((any_addr, args.port))
    sock.listen(128)
    print("listening", flush=True)

    def answer(conn):
        digest = hashlib.sha256()
        token = 0
        try:
            token = mptcp_info(conn)[1]
        except OSError:
            pass
        if args.tokens and token:
            with open(args.tokens, "a") as out:
                out.write(f"{token:#010x}\n")
        request = b""
        with conn:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                digest.update(data)
                if len(request) < 32:
                    request += data[:32]
            payload = b""
            if request.startswith(b"download "):
                payload = os.urandom(int(request.split()[1]))
                digest = hashlib.sha256(payload)
            conn.sendall(f"{args.name} {digest.hexdigest()} {token:#010x}\n"
                         .encode() + payload)

    while True:
        conn, _ = sock.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()


def wait_join(sock, seconds):
    """Gives a join time to be made and to complete, unless it is reset.

    Returns what became of it: "ok", "reset", "pending" (no answer yet:
    its SYN was dropped, or is slow) or "none" (not even tried).
    """
    return wait_joins([sock], seconds)[0]


def wait_joins(socks, seconds):
    """wait_join() of several sockets at once, in as many seconds."""
    deadline = time.time() + seconds
    tried = [False] * len(socks)
    result = [None] * len(socks)
    while time.time() < deadline and None in result:
        for i, sock in enumerate(socks):
            if result[i]:
                continue
            established, total = subflow_states(sock)
            if established >= 2:
                result[i] = "ok"
            elif tried[i] and total == 1:
                result[i] = "reset"
            tried[i] = tried[i] or total >= 2
        time.sleep(0.05)
    return [r or ("pending" if t else "none") for r, t in zip(result, tried)]


class JoinCapture:
    """Reads the SYN + MP_JOIN the namespace sends, from a thread: the
    "ADDR:PORT" of each, by the token it carries (the server's)."""

    def __init__(self):
        self.joins = {}
        self.lock = threading.Lock()
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                                  socket.htons(0x0003))
        # It sees every packet the connections send: room for all of
        # them, or a loaded guest's thread falls behind and the socket
        # drops a SYN (SO_RCVBUFFORCE, as root; the default otherwise).
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
        except OSError:
            pass
        self.sock.settimeout(0.2)
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                packet, addr = self.sock.recvfrom(128)
            except socket.timeout:
                continue
            if addr[2] == socket.PACKET_OUTGOING and packet:
                self.parse(packet)

    def parse(self, packet):
        if packet[0] >> 4 == 4:
            proto, off = packet[9], (packet[0] & 15) * 4
            src = socket.inet_ntop(socket.AF_INET, packet[12:16])
        elif packet[0] >> 4 == 6 and len(packet) >= 40:
            proto, off = packet[6], 40
            src = f"[{socket.inet_ntop(socket.AF_INET6, packet[8:24])}]"
        else:
            return
        # A SYN that is not a SYN-ACK.
        if proto != socket.IPPROTO_TCP or len(packet) < off + 20 or \
                packet[off + 13] & 0x12 != 0x02:
            return
        sport = struct.unpack_from("!H", packet, off)[0]
        end = min(len(packet), off + (packet[off + 12] >> 4) * 4)
        i = off + 20
        while i + 1 < end and packet[i]:
            length = 1 if packet[i] == 1 else packet[i + 1]
            if length < 1 or (packet[i] != 1 and length < 2):
                return
            # MP_JOIN, SYN form (RFC 8684 section 3.2): subtype 1, 12 bytes.
            if packet[i] == 30 and length == 12 and i + 8 <= end and \
                    packet[i + 2] >> 4 == 1:
                token = struct.unpack_from("!I", packet, i + 4)[0]
                with self.lock:
                    tried = self.joins.setdefault(token, [])
                    if f"{src}:{sport}" not in tried:
                        tried.append(f"{src}:{sport}")
            i += length

    def tried(self, token):
        with self.lock:
            return list(self.joins.get(token, []))


CAPTURE = None
# Seconds a connection waits for its join to be made, or reset; longer
# with --parallel, where the joins of all compete for the CPU.
JOIN_WAIT = 3


def finish(sock, data, sent, subflows=False, report=False, join=None):
    """Sends the rest of DATA, closes and checks the digest of the reply.

    JOIN is what became of the join while the connection was paused, if
    it was: reported as is rather than waited for again.
    """
    # The request of --download: random data does not start so.
    download = data.startswith(b"download ")
    if report and not download:
        # The path manager adds the join once the connection is fully
        # established, which a loaded TCG guest can take seconds to do.
        wait_join(sock, 5)
    sock.sendall(data[sent:])
    if report and download:
        # The server sends once the request ends: the join first, while
        # the connection is open both ways.  With the request and the
        # DATA_FIN sent at once, 6.12 clients joined 1 connection in 4.
        wait_join(sock, 5)
    extra = ""
    if subflows and not report:
        # The join follows the handshake: so that closing does not race
        # its third ACK.
        extra = f" join={join or wait_join(sock, JOIN_WAIT)}"
    if report and not download:
        # Until the peer has acknowledged all of it, on whichever subflow.
        deadline = time.time() + 3
        while (sum(acked for _, acked in subflow_bytes(sock)) < len(data)
               and time.time() < deadline):
            time.sleep(0.05)
        extra = " " + " ".join(f"{addr}={acked}"
                               for addr, acked in subflow_bytes(sock))
    sock.shutdown(socket.SHUT_WR)
    reply = bytearray()
    while b"\n" not in reply or download:
        chunk = sock.recv(65536)
        if not chunk:
            break
        reply += chunk
    reply, _, payload = bytes(reply).partition(b"\n")
    name, digest, token = reply.decode().split()
    if report and download:
        extra = " " + " ".join(
            f"{addr}={received}"
            for addr, received in subflow_bytes(sock, TCPI_BYTES_RECEIVED))
    if download:
        data = payload
    if report:
        live = {sub.split("=")[0] for sub in extra.split()}
        extra += "".join(f" {addr}=-" for addr in CAPTURE.tried(int(token, 16))
                         if addr not in live)
        extra = f" token={token}" + extra
    return name, digest == hashlib.sha256(data).hexdigest(), extra


def save_token(sock, path):
    """Appends SOCK's own MPTCP token to PATH, if it has one."""
    try:
        token = mptcp_info(sock)[1]
    except OSError:
        return
    with open(path, "a") as out:
        out.write(f"{token:#010x}\n")


def connect(args):
    global CAPTURE, JOIN_WAIT
    if args.report:
        CAPTURE = JoinCapture()
    if args.parallel and not args.pause:
        JOIN_WAIT = 6
        results = []
        threads = [threading.Thread(
            target=lambda: results.append(connect_one(args)))
            for _ in range(args.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # Each returns an exit status.
        return 1 if any(results) else 0
    return connect_one(args, args.count)


def connect_one(args, count=1):
    """COUNT connections of "connect", one after the other."""
    family = socket.AF_INET6 if ":" in args.addr else socket.AF_INET
    proto = IPPROTO_MPTCP if args.mptcp else socket.IPPROTO_TCP
    conns = []
    results = []
    for _ in range(count):
        if args.download:
            data = f"download {args.size}".encode()
        else:
            data = os.urandom(args.size)
        sock = socket.socket(family, socket.SOCK_STREAM, proto)
        sock.settimeout(args.timeout)
        sent = 0
        try:
            sock.connect((args.addr, args.port))
            if args.tokens:
                save_token(sock, args.tokens)
            if args.pause:
                sent = len(data) // 2
                sock.sendall(data[:sent])
        except OSError:
            pass
        conn = [sock, data, sent, args.subflows, args.report, None]
        if args.pause:
            conns.append(conn)
        else:
            results.append(report(*conn))
    if args.pause:
        if args.subflows:
            # What the caller acts on while paused: the joins made.
            for conn, join in zip(conns, wait_joins([c[0] for c in conns],
                                                    5)):
                conn[5] = join
        print("paused", flush=True)
        while not os.path.exists(args.pause):
            time.sleep(0.1)
        # All at once: each may first have to find out that a path
        # died, which takes seconds.
        threads = [threading.Thread(
            target=lambda conn=conn: results.append(report(*conn)))
            for conn in conns]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return 0 if all(results) else 1


PRINT_LOCK = threading.Lock()


def report(sock, data, sent, subflows, full, join):
    try:
        with sock:
            name, ok, extra = finish(sock, data, sent, subflows, full, join)
        line = f"{name} {'ok' if ok else 'bad'}{extra}"
    except (OSError, ValueError) as err:
        ok = False
        line = f"none {type(err).__name__}"
    with PRINT_LOCK:
        print(line, flush=True)
    return ok


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


TCP_SYN = 0x02
TCP_ACK = 0x10
# The flags of "segment", as tcpdump writes them.
TCP_FLAGS = {"F": 0x01, "S": TCP_SYN, "R": 0x04, "P": 0x08, "A": TCP_ACK}


def tcp_segment(src, dst, sport, dport, option, flags=TCP_SYN, seq=1, ack=0):
    """A TCP segment from SRC:SPORT to DST:DPORT, checksummed, no payload."""
    return tcp_segment_packed(ipaddress.ip_address(src).packed,
                              ipaddress.ip_address(dst).packed, sport, dport,
                              option, flags, seq, ack)


def tcp_segment_packed(src, dst, sport, dport, option, flags=TCP_SYN, seq=1,
                       ack=0, data=b""):
    """tcp_segment() between addresses in network order, 4 or 16 bytes."""
    header = struct.pack("!HHIIBBHHH", sport, dport, seq, ack,
                         (20 + len(option)) // 4 << 4, flags, 65535, 0, 0)
    segment = header + option + data
    if len(src) == 4:
        pseudo = src + dst + struct.pack(
            "!BBH", 0, socket.IPPROTO_TCP, len(segment))
    else:
        pseudo = src + dst + struct.pack(
            "!I3xB", len(segment), socket.IPPROTO_TCP)
    return segment[:16] + struct.pack("!H", checksum(pseudo + segment)) \
        + segment[18:]


def raw_tcp_socket(src):
    """A raw TCP socket bound to SRC, whose segments the kernel wraps in IP."""
    family = socket.AF_INET6 if ":" in src else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_TCP)
    sock.bind((src, 0))
    return sock


def send_tcp(args, sport, option, flags=TCP_SYN, seq=1, ack=0):
    with raw_tcp_socket(args.src) as sock:
        sock.sendto(tcp_segment(args.src, args.addr, sport, args.port, option,
                                flags, seq, ack), (args.addr, 0))


CLIENT_KEY = 0x1111111111111111


def mp_join_syn(token):
    """MP_JOIN, SYN form: kind 30, length 12, subtype 1, address id 1."""
    return struct.pack("!BBBBII", 30, 12, 0x10, 1, token, 0x12345678)


# MP_CAPABLE: subtype 0 and the version; flags: H (HMAC-SHA1/SHA256).
# Version 0 sends the client's key in the SYN, version 1 only in the
# third ACK, which carries both: the sender's, then the receiver's.
def mp_capable_syn(version):
    if version == 0:
        return struct.pack("!BBBBQ", 30, 12, version, 0x01, CLIENT_KEY)
    return struct.pack("!BBBB", 30, 4, version, 0x01)


def mp_capable_ack(version, server_key):
    return struct.pack("!BBBBQQ", 30, 20, version, 0x01, CLIENT_KEY,
                       server_key)


def join(args):
    send_tcp(args, args.sport, mp_join_syn(args.token))
    if args.ack:
        send_tcp(args, args.sport, b"", flags=TCP_ACK, seq=2, ack=1)
    return 0


def handshake(args):
    send_tcp(args, args.sport, mp_capable_syn(args.version))
    send_tcp(args, args.sport, mp_capable_ack(args.version, args.key),
             flags=TCP_ACK, seq=args.ack_seq, ack=1)
    return 0


def flood_segments(src, addr, ports):
    """What flood sends, one round: per port and client, four kinds."""
    segments = []
    for i in range(128):
        # Version 1: the token is the top 32 bits of SHA-256 of the key.
        key = 0x5EED000000000000 + i
        token = struct.unpack_from("!I", hashlib.sha256(
            struct.pack("!Q", key)).digest())[0]
        sport = 1024 + 3 * i
        for port in ports:
            segments += [
                tcp_segment(src, addr, sport, port, mp_capable_syn(1)),
                tcp_segment(src, addr, sport, port, mp_capable_ack(1, key),
                            flags=TCP_ACK, seq=2, ack=1),
                tcp_segment(src, addr, sport + 1, port, mp_join_syn(token)),
                tcp_segment(src, addr, sport + 1, port, b"", flags=TCP_ACK,
                            seq=2, ack=1),
                tcp_segment(src, addr, sport + 2, port, b""),
            ]
    return segments


def flood(args):
    segments = flood_segments(args.src, args.addr, args.ports)
    print("flooding", flush=True)
    sent = failed = 0
    end = time.monotonic() + args.seconds
    with raw_tcp_socket(args.src) as sock:
        while time.monotonic() < end:
            for segment in segments:
                try:
                    sock.sendto(segment, (args.addr, 0))
                    sent += 1
                except OSError:
                    failed += 1
                if not (sent + failed) % 256 and time.monotonic() >= end:
                    break
    print(sent, failed, flush=True)
    return 0


def segment(args):
    flags = None
    with raw_tcp_socket(args.src) as sock:
        for item in args.segments:
            if not item.isdigit():
                flags = tcp_flags(item)
                continue
            if flags is None:
                raise SystemExit("segment: flags must come first")
            seq = random.getrandbits(32) if args.seq is None else args.seq
            sock.sendto(tcp_segment(args.src, args.addr, int(item),
                                    args.port, b"", flags, seq),
                        (args.addr, 0))
            print(seq)
    return 0


def joinflood(args):
    """Random joins from random sources: built first, then sent at once."""
    rng = random.Random(args.seed)
    net = ipaddress.ip_network(args.net)
    dst = ipaddress.ip_address(args.addr).packed
    size = len(dst)
    base = int(net.network_address)
    packets = []
    for _ in range(args.count):
        src = (base + rng.randrange(net.num_addresses)).to_bytes(size, "big")
        seg = tcp_segment_packed(src, dst, rng.randrange(1024, 65536),
                                 args.port, mp_join_syn(rng.getrandbits(32)),
                                 seq=rng.getrandbits(32))
        if size == 4:
            # The kernel fills in the header checksum.
            header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(seg), 0,
                                 0, 64, socket.IPPROTO_TCP, 0, src, dst)
        else:
            header = struct.pack("!IHBB16s16s", 6 << 28, len(seg),
                                 socket.IPPROTO_TCP, 64, src, dst)
        packets.append(header + seg)
    family = socket.AF_INET if size == 4 else socket.AF_INET6
    sent = failed = 0
    start = time.monotonic()
    # IPPROTO_RAW: the socket sends the IP headers it is given.
    with socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW) as sock:
        for packet in packets:
            try:
                sock.sendto(packet, (args.addr, 0))
                sent += 1
            except OSError:
                failed += 1
    print(sent, failed, f"{time.monotonic() - start:.1f}", flush=True)
    return 0


def icmp(args):
    src = ipaddress.ip_address(args.src)
    vip = ipaddress.ip_address(args.addr)
    client = ipaddress.ip_address(args.client)
    # --pad: a quote longer than a router sends (576 or 1280 bytes in all).
    ports = struct.pack("!HHI", args.port, args.cport, 1) + bytes(args.pad)
    # A quote that is no first fragment of a TCP packet: the wrong IP
    # version, or a later fragment, whose first bytes are no ports.
    version = {"version": 10 - vip.version}.get(args.malformed, vip.version)
    frag = 0x00b9 if args.malformed == "fragment" else 0x4000
    if vip.version == 4:
        quoted = struct.pack("!BBHHHBBH4s4s", version << 4 | 5, 0,
                             40 + args.pad, 0,
                             frag, 64, socket.IPPROTO_TCP, 0, vip.packed,
                             client.packed)
        body = struct.pack("!BBHHH", 3, 4, 0, 0, 1400) + quoted + ports
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
        family, proto = socket.AF_INET, socket.IPPROTO_ICMP
    else:
        quoted = struct.pack("!IHBB16s16s", version << 28, 20 + args.pad,
                             socket.IPPROTO_TCP, 64, vip.packed,
                             client.packed)
        # The kernel fills in the ICMPv6 checksum of raw sockets.
        body = struct.pack("!BBHI", 2, 0, 0, 1280) + quoted + ports
        family, proto = socket.AF_INET6, socket.IPPROTO_ICMPV6
    with socket.socket(family, socket.SOCK_RAW, proto) as sock:
        sock.bind((str(src), 0))
        sock.sendto(body, (str(vip), 0))
    return 0


def syn(args):
    option = mp_capable_syn(1) if args.mptcp else b""
    with raw_tcp_socket(args.src) as sock:
        for i in range(args.count):
            sock.sendto(tcp_segment(args.src, args.addr, args.sport + i,
                                    args.port, option), (args.addr, 0))
    return 0


def rate(args):
    family = socket.AF_INET6 if ":" in args.addr else socket.AF_INET
    failed = 0
    done = 0
    start = time.monotonic()
    while time.monotonic() - start < args.seconds:
        if args.per_second:
            # Paced by the schedule, not by the last connection's end, so
            # a slow one is made up for and the mean rate is R.
            due = start + (done + failed) / args.per_second
            if due - start >= args.seconds:
                break
            time.sleep(max(0.0, due - time.monotonic()))
        with socket.socket(family, socket.SOCK_STREAM, IPPROTO_MPTCP) as sock:
            sock.settimeout(5)
            try:
                sock.connect((args.addr, args.port))
                done += 1
            except OSError:
                failed += 1
    print(f"{done / (time.monotonic() - start):.1f}")
    return 0


def tcp_options(packet):
    """The TCP options of an IPv4 or IPv6 PACKET, b"" if it has none."""
    if packet[0] >> 4 == 4 and packet[9] == socket.IPPROTO_TCP:
        off = (packet[0] & 15) * 4
    elif packet[0] >> 4 == 6 and packet[6] == socket.IPPROTO_TCP:
        off = 40
    else:
        return b""
    return packet[off + 20:off + (packet[off + 12] >> 4) * 4]


def keys(args):
    seen = set()
    # ETH_P_ALL: IPv4 and IPv6.
    for packet in received(0x0003, args.stop):
        options = tcp_options(packet)
        while len(options) >= 2 and options[0] != 0:
            if options[0] == 1:
                options = options[1:]
                continue
            length = options[1]
            # MP_CAPABLE, version 1, ACK form: both keys, sender's first.
            if options[0] == 30 and length in (20, 22, 24) and \
                    options[2] == 0x01 and len(options) >= 12:
                key = struct.unpack_from("!Q", options, 4)[0]
                if key not in seen:
                    seen.add(key)
                    print(f"{key:#018x}", flush=True)
            options = options[max(length, 2):]
    return 0


def fragments(src, dst, segment, size, odd_first=False):
    """SEGMENT from SRC to DST (packed) in IP fragments of at most SIZE,
    or if ODD_FIRST (IPv6) only the first, with more to come and 3 bytes
    longer than a multiple of 8."""
    # Not 0, which the kernel would replace in each IPv4 fragment.
    ident = random.getrandbits(32) | 1
    v4 = len(src) == 4
    # Fragment offsets count 8-byte units.
    chunk = (size - (20 if v4 else 48)) // 8 * 8
    if odd_first and (v4 or len(segment) <= chunk + 3):
        raise ValueError("--odd-first needs IPv6 and more than one fragment")
    packets = []
    for off in range(0, len(segment), chunk):
        part = segment[off:off + chunk + (3 if odd_first else 0)]
        more = off + chunk < len(segment)
        if v4:
            # The kernel fills in the header checksum.
            packets.append(struct.pack(
                "!BBHHHBBH4s4s", 0x45, 0, 20 + len(part), ident & 0xFFFF,
                off // 8 | (0x2000 if more else 0), 64, socket.IPPROTO_TCP,
                0, src, dst) + part)
        else:
            packets.append(struct.pack(
                "!IHBB16s16sBBHI", 6 << 28, 8 + len(part), 44, 64, src, dst,
                socket.IPPROTO_TCP, 0, off | more, ident) + part)
        if odd_first:
            break
    return packets


def synack(sock, addr, port, sport, seconds):
    """Whether SOCK, raw TCP, receives ADDR:PORT's SYN/ACK to SPORT."""
    end = time.monotonic() + seconds
    v4 = sock.family == socket.AF_INET
    while time.monotonic() < end:
        sock.settimeout(end - time.monotonic())
        try:
            packet, peer = sock.recvfrom(65535)
        except socket.timeout:
            return False
        # IPv4 raw sockets receive the IP header, IPv6 ones do not.
        th = packet[(packet[0] & 0xF) * 4:] if v4 else packet
        ports = struct.unpack_from("!HH", th)
        if peer[0] == addr and ports == (port, sport) and \
                th[13] & (TCP_SYN | TCP_ACK) == TCP_SYN | TCP_ACK:
            return True
    return False


def fragsyn(args):
    src = ipaddress.ip_address(args.src).packed
    dst = ipaddress.ip_address(args.addr).packed
    segment = tcp_segment_packed(src, dst, args.sport, args.port, b"",
                                 data=os.urandom(args.size))
    family = socket.AF_INET if len(src) == 4 else socket.AF_INET6
    packets = fragments(src, dst, segment, args.frag, args.odd_first)
    with socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_TCP) as rx, \
            socket.socket(family, socket.SOCK_RAW, socket.IPPROTO_RAW) as tx:
        for packet in packets:
            tx.sendto(packet, (args.addr, 0))
        answered = synack(rx, args.addr, args.port, args.sport, 5)
    print("synack" if answered else "none")
    return 0


# <asm-generic/socket.h>; Python's socket module does not name it.
SO_RCVBUFFORCE = 33


def received(ethertype, stop):
    """Prints "capturing", then yields the first 128 bytes, from the
    network header, of each packet of ETHERTYPE any device of the
    namespace receives (not those it sends), until file STOP exists and
    what arrived before is read: a reader slowed by a loaded host may be
    well behind the packets when STOP appears."""
    with socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                       socket.htons(ethertype)) as sock:
        # Root may grow it past net.core.rmem_max.
        sock.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 1 << 22)
        sock.settimeout(0.2)
        print("capturing", flush=True)
        stopping = False
        while True:
            if not stopping and os.path.exists(stop):
                stopping = True
                sock.setblocking(False)
            try:
                packet, addr = sock.recvfrom(128)
            except (socket.timeout, BlockingIOError):
                if stopping:
                    return
                continue
            if addr[2] != socket.PACKET_OUTGOING and packet:
                yield packet


# Packets back that ipids() looks for an ID's reuse in: a GSO packet's
# segments reused by the next one would be within a few; a counter that
# went round its 16 bits, as Linux's may on a slow guest (it advances by
# a random share of the jiffies since its last use, ip_idents_reserve()),
# is not a reuse.
IPID_WINDOW = 1024
IP_DF = 0x4000


def ipids(args):
    src = ipaddress.ip_address(args.src).packed
    recent = collections.deque(maxlen=IPID_WINDOW)
    packets = duplicates = 0
    # ETH_P_IP: IPv4 packets only.
    for packet in received(0x0800, args.stop):
        flags_offset = struct.unpack_from("!H", packet, 6)[0]
        # IPIP; from SRC; first fragment or whole; not an atomic
        # datagram (DF set), whose ID RFC 6864 §4.1 leaves meaningless:
        # ip_select_ident_segs() of 6.1 gives 0 to every one sent
        # without a socket.
        if packet[9] != 4 or packet[12:16] != src or \
                flags_offset & (IP_DF | 0x1FFF):
            continue
        # RFC 6864 §4.1: an ID is unique per source, destination
        # and protocol; Linux keeps a counter per hash of them.
        ident = packet[16:20], struct.unpack_from("!H", packet, 4)[0]
        packets += 1
        duplicates += ident in recent
        recent.append(ident)
    print(f"{packets} packets, {duplicates} duplicate IDs")
    return 0


def inner_flow(packet, off):
    """Addresses and TCP ports of the client packet at OFF, or None."""
    version = packet[off] >> 4 if len(packet) >= off + 24 else 0
    if version == 4:
        ihl = (packet[off] & 15) * 4
        if packet[off + 9] != socket.IPPROTO_TCP or \
                len(packet) < off + ihl + 4:
            return None
        return packet[off + 12:off + 20] + packet[off + ihl:off + ihl + 4]
    if version == 6 and packet[off + 6] == socket.IPPROTO_TCP and \
            len(packet) >= off + 44:
        return packet[off + 8:off + 40] + packet[off + 40:off + 44]
    return None


def outer(args):
    srcs = {ipaddress.ip_address(a).packed for a in args.src}
    flows = {}
    packets = 0
    # ETH_P_ALL: IPv4 and IPv6; 128 bytes hold both headers and the inner
    # ports.
    for packet in received(0x0003, args.stop):
        label = None
        if packet[0] >> 4 == 4:
            proto, src, off = packet[9], packet[12:16], \
                (packet[0] & 15) * 4
        elif packet[0] >> 4 == 6:
            proto, src, off = packet[6], packet[8:24], 40
            label = struct.unpack_from("!I", packet)[0] & 0xFFFFF
        else:
            continue
        if src not in srcs:
            continue
        sport = None
        if proto == socket.IPPROTO_UDP and len(packet) >= off + 12:
            sport, dport = struct.unpack_from("!HH", packet, off)
            # GUE version 0 without options: its protocol, then IP.
            if dport != args.port or packet[off + 8] != 0:
                continue
            proto, off = packet[off + 9], off + 12
        if proto not in (socket.IPPROTO_IPIP, socket.IPPROTO_IPV6):
            continue
        flow = inner_flow(packet, off)
        if flow is None:
            continue
        packets += 1
        flows.setdefault(flow, set()).add((sport, label))
    seen = set().union(*flows.values()) if flows else set()
    ports = {sport for sport, _ in seen if sport is not None}
    labels = {label for _, label in seen if label}
    split = sum(len(headers) > 1 for headers in flows.values())
    print(f"{packets} packets, {len(flows)} flows, {len(ports)} ports, "
          f"{len(labels)} labels, {split} split")
    return 0


def tcp_flags(text):
    """The bits of FLAGS of "segment", letters of TCP_FLAGS."""
    if set(text) - set(TCP_FLAGS):
        raise SystemExit("segment: flags are letters of "
                         + "".join(TCP_FLAGS))
    return sum(TCP_FLAGS[letter] for letter in set(text))


NETLINK_NETFILTER = 12  # not in Python 3.11's socket module
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET = 0
NFQNL_MSG_VERDICT = 1
NFQNL_MSG_CONFIG = 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQA_CFG_CMD = 1
NFQA_CFG_PARAMS = 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NETLINK_NO_ENOBUFS = 5
NF_ACCEPT = 1


def nfq_message(queue, msg, attrs, flags=nlkit.NLM_F_REQUEST):
    """A netlink message of the queue subsystem: header, nfgenmsg, attrs."""
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue))
    body += b"".join(nlkit.attr(kind, value) for kind, value in attrs)
    return struct.pack("=IHHII", 16 + len(body),
                       NFNL_SUBSYS_QUEUE << 8 | msg, flags, 0, 0) + body


def nfq_acked(sock):
    """Raises if the kernel refused the request just sent."""
    reply = sock.recv(4096)
    kind = struct.unpack_from("=H", reply, 4)[0]
    err = struct.unpack_from("=i", reply, 16)[0] \
        if kind == nlkit.NLMSG_ERROR else 0
    if err:
        raise SystemExit(f"nfqueue: {os.strerror(-err)}")


def nfq_packet_ids(data):
    """The packet ids of the queued packets a read from the socket holds."""
    for kind, _, msg in nlkit.messages(data):
        if kind == NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET:
            for atype, value in nlkit.attrs(msg[20:]):
                if atype == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", value)[0]


def nfqueue(args):
    """Accepts what NFQUEUE NUM holds, from this process, until FILE."""
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                         NETLINK_NETFILTER)
    sock.bind((0, 0))
    # A burst beyond the socket's buffer drops packets, not the daemon.
    sock.setsockopt(nlkit.SOL_NETLINK, NETLINK_NO_ENOBUFS, 1)
    cmd = struct.pack("=BBH", NFQNL_CFG_CMD_BIND, 0, 0)
    params = struct.pack("!IB", 0, NFQNL_COPY_META)
    for attr in ((NFQA_CFG_CMD, cmd), (NFQA_CFG_PARAMS, params)):
        sock.send(nfq_message(args.num, NFQNL_MSG_CONFIG, [attr],
                              nlkit.NLM_F_REQUEST | nlkit.NLM_F_ACK))
        nfq_acked(sock)
    print("bound", flush=True)
    sock.settimeout(0.2)
    accepted = 0
    while not os.path.exists(args.stop):
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        for packet_id in nfq_packet_ids(data):
            verdict = struct.pack("!II", NF_ACCEPT, packet_id)
            sock.send(nfq_message(args.num, NFQNL_MSG_VERDICT,
                                  [(NFQA_VERDICT_HDR, verdict)]))
            accepted += 1
    print(accepted, "accepted")


def endpoints(parser):
    """Adds the arguments of crafted packets: source, address and port."""
    parser.add_argument("src")
    parser.add_argument("addr")
    parser.add_argument("port", type=int)
    return parser


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve")
    p.add_argument("name")
    p.add_argument("port", type=int)
    p.add_argument("--tokens")
    p = sub.add_parser("connect")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--mptcp", action="store_true")
    p.add_argument("--size", type=int, default=100000)
    p.add_argument("--pause")
    p.add_argument("--subflows", action="store_true")
    p.add_argument("--report", action="store_true")
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--tokens")
    p.add_argument("--parallel", action="store_true")
    p.add_argument("--download", action="store_true")
    p = endpoints(sub.add_parser("join"))
    p.add_argument("token", type=lambda t: int(t, 0))
    p.add_argument("--sport", type=int, default=40000)
    p.add_argument("--ack", action="store_true")
    p = endpoints(sub.add_parser("handshake"))
    p.add_argument("key", type=lambda k: int(k, 0))
    p.add_argument("--sport", type=int, default=41000)
    p.add_argument("--version", type=int, choices=(0, 1), default=1)
    p.add_argument("--ack-seq", type=lambda s: int(s, 0), default=2)
    p = endpoints(sub.add_parser("syn"))
    p.add_argument("count", type=int)
    p.add_argument("--sport", type=int, default=20000)
    p.add_argument("--mptcp", action="store_true")
    p = sub.add_parser("rate")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("seconds", type=float)
    p.add_argument("--per-second", type=float)
    p = sub.add_parser("keys")
    p.add_argument("stop")
    p = sub.add_parser("flood")
    p.add_argument("src")
    p.add_argument("addr")
    p.add_argument("seconds", type=float)
    p.add_argument("ports", type=int, nargs="+")
    p = endpoints(sub.add_parser("segment"))
    p.add_argument("segments", nargs="+")
    p.add_argument("--seq", type=lambda s: int(s, 0))
    p = sub.add_parser("joinflood")
    p.add_argument("net")
    p.add_argument("addr")
    p.add_argument("port", type=int)
    p.add_argument("count", type=int)
    p.add_argument("--seed", type=int)
    p = endpoints(sub.add_parser("icmp"))
    p.add_argument("client")
    p.add_argument("cport", type=int)
    p.add_argument("--malformed", choices=("version", "fragment"))
    p.add_argument("--pad", type=int, default=0)
    p = endpoints(sub.add_parser("fragsyn"))
    p.add_argument("--sport", type=int, default=42000)
    p.add_argument("--size", type=int, default=2000)
    p.add_argument("--frag", type=int, default=1000)
    p.add_argument("--odd-first", action="store_true")
    p = sub.add_parser("ipids")
    p.add_argument("src")
    p.add_argument("stop")
    p = sub.add_parser("outer")
    p.add_argument("stop")
    p.add_argument("src", nargs="+")
    p.add_argument("--port", type=int, default=6080)
    p = sub.add_parser("nfqueue")
    p.add_argument("num", type=int)
    p.add_argument("stop")
    args = parser.parse_args()
    return {"serve": serve, "connect": connect, "join": join, "syn": syn,
            "icmp": icmp, "handshake": handshake, "flood": flood,
            "segment": segment, "joinflood": joinflood, "fragsyn": fragsyn,
            "ipids": ipids, "outer": outer, "keys": keys,
            "rate": rate, "nfqueue": nfqueue}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
