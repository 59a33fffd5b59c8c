#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Proxy requests that mptcplb refuses to send, for the VM selftests to see
that the kernel refuses them too.

  nlkit.py proxy-new NAME ADDR4     adds a proxy
  nlkit.py proxy-set NAME           changes nothing of a proxy
  nlkit.py proxy-del NAME           deletes a proxy
  nlkit.py proxy-get NAME           reads a proxy

NAME is sent as given, with a NUL.  Prints nothing if the kernel accepts
the request; otherwise its extack message and the error, as mptcplb
does, and exits 1.
"""

import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_CAP_ACK = 10
NETLINK_EXT_ACK = 11
NLM_F_REQUEST = 0x1
NLM_F_ACK = 0x4
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR = 2
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLA_F_NESTED = 0x8000

# From include/uapi/linux/mptcp_lb.h: numbers the ABI fixes.
COMMANDS = {"proxy-new": 4, "proxy-set": 5, "proxy-del": 6, "proxy-get": 7}
MPTCP_LB_A_PROXY = 3
MPTCP_LB_A_PROXY_NAME = 1
MPTCP_LB_A_PROXY_ADDR4 = 2


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack("=HH", length, kind) + payload + bytes(-length % 4)


def attrs(data):
    """(type, payload) of each attribute in data."""
    while len(data) >= 4:
        length, kind = struct.unpack_from("=HH", data)
        yield kind & ~NLA_F_NESTED, data[4:length]
        # A length below the header's would never move on.
        data = data[max(4, (length + 3) & ~3):]


def messages(data):
    """(type, flags, whole message) of each netlink message in data."""
    while len(data) >= 16:
        length, kind, flags = struct.unpack_from("=IHH", data)
        yield kind, flags, data[:length]
        # A length below the header's would never move on.
        data = data[max(16, (length + 3) & ~3):]


def transact(sock, family, cmd, payload):
    """Sends a request; returns its replies' attributes, or raises OSError."""
    body = struct.pack("=BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("=IHHII", 16 + len(body), family,
                          NLM_F_REQUEST | NLM_F_ACK, 1, 0) + body)
    replies = []
    while True:
        for kind, flags, msg in messages(sock.recv(65536)):
            if kind != NLMSG_ERROR:
                replies.append(msg[20:])
                continue
            error = -struct.unpack_from("=i", msg, 16)[0]
            if not error:
                return replies
            # NETLINK_CAP_ACK: the request's header only.
            message = ""
            if flags & NLM_F_ACK_TLVS:
                for tlv, value in attrs(msg[36:]):
                    if tlv == NLMSGERR_ATTR_MSG:
                        message = value.rstrip(b"\0").decode()
            raise OSError(error, message)


def main():
    if (len(sys.argv) < 3 or sys.argv[1] not in COMMANDS or
            len(sys.argv) != (4 if sys.argv[1] == "proxy-new" else 3)):
        sys.exit(__doc__)
    name = os.fsencode(sys.argv[2]) + b"\0"
    proxy = attr(MPTCP_LB_A_PROXY_NAME, name)
    if sys.argv[1] == "proxy-new":
        proxy += attr(MPTCP_LB_A_PROXY_ADDR4, socket.inet_aton(sys.argv[3]))

    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
    sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
    sock.bind((0, 0))
    family = None
    for reply in transact(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                          attr(CTRL_ATTR_FAMILY_NAME, b"mptcp_lb\0")):
        for kind, value in attrs(reply):
            if kind == CTRL_ATTR_FAMILY_ID:
                family = struct.unpack("=H", value[:2])[0]
    try:
        transact(sock, family, COMMANDS[sys.argv[1]],
                 attr(MPTCP_LB_A_PROXY | NLA_F_NESTED, proxy))
    except OSError as e:
        error = os.strerror(e.errno)
        print(f"{e.strerror} ({error})" if e.strerror else error)
        sys.exit(1)


if __name__ == "__main__":
    main()
