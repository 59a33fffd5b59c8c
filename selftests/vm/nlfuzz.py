#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink requests to mptcp_lb and mptcp_lb_issuer that the kernel
must refuse, every one of them, for the VM selftests.

  nlfuzz.py --seed N --count N [--config SAVED]

Sends COUNT requests to the two families in the current network namespace.
Each is drawn from the families' specs (Documentation/netlink/specs) and
then given at least one defect that makes the kernel refuse it whatever
else it holds: in its framing (command, flags, headers, lengths), in its
attributes (unknown types, sizes, values, nesting flags, attribute
headers), which the families' strict policies refuse at any depth, or one
that the command's handler refuses (a name that does not exist,
overlapping ranges...).  Valid requests could change the configuration,
so none is sent, except two read-only ones first that prove an accepted
request is told apart from a refused one.  SAVED is "mptcplb save" of the
namespace: its proxies, ranges and services let requests get past the
handlers' lookups.

Prints "#" lines: the seed, the answers by errno and extack message, and
the bytes of every request that was accepted or not answered as the
netlink core answers (exactly once; never, for a message longer than its
datagram or a datagram shorter than a message header).  Exits 1 if there
was any.
"""

import argparse
import collections
import errno
import functools
import importlib.util
import os
import random
import re
import socket
import struct
import sys
import time
import types

import yaml


def netlink_core_only():
    """Makes "import pyroute2.netlink" skip pyroute2/__init__.py, which
    loads all of pyroute2 through the entry points of every installed
    package: 400 modules, a minute and a half under TCG from 9p."""
    package = types.ModuleType('pyroute2')
    package.__path__ = importlib.util.find_spec(
        'pyroute2').submodule_search_locations
    sys.modules['pyroute2'] = package


netlink_core_only()
from pyroute2.netlink import (NLM_F_ACK, NLM_F_DUMP, NLM_F_ECHO,
                              NLM_F_REQUEST, NLMSG_DONE, NLMSG_ERROR,
                              SOL_NETLINK, genlmsg)
from pyroute2.netlink.generic import GenericNetlinkSocket

SPECS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                     '../../Documentation/netlink/specs')
NETLINK_CAP_ACK = 10
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
NLA_TYPE_MASK = 0x3fff
NLMSG_HDRLEN = 16
GENL_HDRLEN = 4
FIXED_SIZE = {'u8': 1, 'u16': 2, 'u32': 4, 'u64': 8, 'flag': 0}
INT_FORMAT = {'u8': 'B', 'u16': 'H', 'u32': 'I', 'u64': 'Q'}
# Flags besides NLM_F_REQUEST, NLM_F_ACK, NLM_F_ECHO and NLM_F_DUMP: generic
# netlink refuses them (NLM_F_ROOT and NLM_F_MATCH, each without the other).
BAD_FLAGS = [0x2, 0x10, 0x20, 0x40, 0x80, 0x400, 0x800, 0x1000, 0x4000]
# Values that get a request further: a prime Maglev size, a layout of
# mptcp_subflow_request_sock that the issuer finds plausible.
PLAUSIBLE = {'maglev-size': [257, 1021, 65537],
             'layout-size': [256, 4096],
             'key-offset': [0, 8, 64, 160],
             'token-offset': [176, 200, 252]}
# Attributes of a set of which a request carries one (the specs say
# "exclusive"), and those it may not carry ("reported only"): the handlers
# refuse the others.
EXCLUSIVE = {'proxy': ('addr4', 'addr6'), 'service': ('addr4', 'addr6'),
             'flow': ('client-addr4', 'client-addr6')}
READ_ONLY = {'cipher': ['secret-len', 'fingerprint'],
             'config': ['secret-len', 'fingerprint', 'stats'],
             'proxy': ['stats'], 'service': ['stats']}


class AttrSpec:
    """One attribute of a spec's attribute set, its checks resolved."""

    def __init__(self, family, raw, value, consts, enums):
        def resolve(v):
            return consts.get(v, v) if isinstance(v, str) else v

        checks = raw.get('checks', {})
        self.family = family
        self.name = raw['name']
        self.value = value
        self.type = raw['type']
        self.nested = raw.get('nested-attributes')
        self.multi = raw.get('multi-attr', False)
        self.big_endian = raw.get('byte-order') == 'big-endian'
        self.min = resolve(checks.get('min'))
        self.max = resolve(checks.get('max'))
        self.max_len = resolve(checks.get('max-len'))
        self.exact_len = resolve(checks.get('exact-len'))
        if 'enum' in raw:
            self.max = len(enums[raw['enum']]) - 1

    def int_bounds(self):
        """(lo, hi, top): the checks allow lo to hi, the type 0 to top."""
        top = (1 << (8 * FIXED_SIZE[self.type])) - 1
        return self.min or 0, top if self.max is None else self.max, top

    def pack_int(self, value):
        order = '>' if self.big_endian else '='
        return struct.pack(order + INT_FORMAT[self.type], value)


class Op:
    """A command, and the attributes of its requests by mode (do, dump)."""

    def __init__(self, raw, value):
        self.name = raw['name']
        self.value = value
        self.request = {}
        for mode in ('do', 'dump'):
            if mode in raw:
                self.request[mode] = (raw[mode] or {}).get(
                    'request', {}).get('attributes', [])


class Family:
    """A family as its spec describes it, and as its global policy
    (kernel-policy: global) validates every request of every command,
    strictly and at every depth, before any handler runs."""

    def __init__(self, name):
        with open(os.path.join(SPECS, name + '.yaml')) as f:
            spec = yaml.load(f, getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
        self.name = name
        consts = {d['name']: d['value'] for d in spec['definitions']
                  if d['type'] == 'const'}
        enums = {d['name']: d['entries'] for d in spec['definitions']
                 if d['type'] == 'enum'}
        self.sets = {}
        for aset in spec['attribute-sets']:
            attrs, value = {}, 1
            for raw in aset['attributes']:
                value = raw.get('value', value)
                attrs[value] = AttrSpec(self, raw, value, consts, enums)
                value += 1
            self.sets[aset['name']] = attrs
        self.by_name = {name: {a.name: a for a in attrs.values()}
                        for name, attrs in self.sets.items()}
        self.ops, value = [], 1
        for raw in spec['operations']['list']:
            value = raw.get('value', value)
            self.ops.append(Op(raw, value))
            value += 1
        self.cmd_max = max(op.value for op in self.ops)
        top_sets = {raw['attribute-set']
                    for raw in spec['operations']['list']}
        assert len(top_sets) == 1, 'one attribute set for every operation'
        self.top = top_sets.pop()
        # The global policy has the attributes some request carries.
        requested = {a for op in self.ops
                     for attrs in op.request.values() for a in attrs}
        self.policy = {
            name: {v: a for v, a in attrs.items() if a.type != 'pad' and
                   (name != self.top or a.name in requested)}
            for name, attrs in self.sets.items()}
        self.id = None

    def attr(self, set_name, name):
        return self.by_name[set_name][name]

    def unknown_types(self, set_name):
        """Types the policy of a set does not know: 0, above its largest,
        and those it has no policy for (pads, or not requested)."""
        attrs = self.sets[set_name]
        return ([0, max(attrs) + 1, NLA_TYPE_MASK] +
                [v for v in attrs if v not in self.policy[set_name]])


class Attr:
    """An attribute of a request being built: a leaf's payload or a nest's
    children, and what defects did to its header or region."""

    def __init__(self, spec, payload=b'', children=None, type_=None):
        self.spec = spec
        self.type = spec.value if spec else type_
        self.flags = NLA_F_NESTED if children is not None else 0
        self.payload = payload
        self.children = children
        self.length = None      # nla_len to declare instead of the real one
        self.overrun = 0        # declare this much beyond the region's end
        self.junk = b''         # bytes after a nest's last attribute

    def walk(self):
        for child in self.children or ():
            yield child
            yield from child.walk()

    def find(self, name):
        return next((c for c in self.children
                     if c.spec and c.spec.name == name), None)

    def drop(self, *names):
        self.children = [c for c in self.children
                         if not (c.spec and c.spec.name in names)]

    def put(self, name, payload):
        """Sets a leaf of this nest, the only one of its name."""
        self.drop(name)
        self.children.append(Attr(self.child_spec(name), payload=payload))

    def child_spec(self, name):
        return self.spec.family.attr(self.spec.nested, name)


def encode_region(attrs, junk):
    out = bytearray()
    starts = []
    for attr in attrs:
        starts.append(len(out))
        payload = (encode_region(attr.children, attr.junk)
                   if attr.children is not None else attr.payload)
        length = 4 + len(payload) if attr.length is None else attr.length
        out += struct.pack('=HH', length, attr.type | attr.flags) + payload
        out += bytes(-len(out) % 4)
    out += junk
    for attr, start in zip(attrs, starts):
        if attr.overrun:
            length = len(out) - start + attr.overrun
            # Past 64 KiB nla_len cannot overrun: a short header instead.
            struct.pack_into('=H', out, start,
                             length if length <= 0xffff else 1)
    return bytes(out)


class Config:
    """What "mptcplb save" says of the namespace's configuration."""

    def __init__(self, text):
        self.proxies = {}       # name: [(lo, hi)...]
        self.services = []      # (addr, port, flow_max, {member names})
        for line in text.splitlines():
            words = line.split()

            def after(keyword):
                return [words[i + 1] for i, w in enumerate(words[:-1])
                        if w == keyword]

            if words[:2] == ['proxy', 'add']:
                self.proxies[words[2]] = [
                    tuple(int(x, 16) for x in r.split('-'))
                    for r in after('range')]
            elif words[:2] == ['service', 'add']:
                host, port = words[2].rsplit(':', 1)
                host = host.strip('[]')
                addr = socket.inet_pton(
                    socket.AF_INET6 if ':' in host else socket.AF_INET, host)
                self.services.append((addr, int(port),
                                      int(after('flow-max')[0]),
                                      set(after('member'))))
        self.in_use = set().union(*(s[3] for s in self.services))


class Request:
    """A request being built: its headers, its attributes under root, the
    defects it was given and, once sent, the kernel's answers."""

    def __init__(self, family, op, mode):
        self.family = family
        self.op = op
        self.cmd = op.value
        self.mode = mode
        self.flags = NLM_F_REQUEST | NLM_F_ACK
        self.version = 1
        self.reserved = 0
        self.root = Attr(None, children=[])
        self.defects = []
        self.frame = None       # what frame() does to the encoded bytes
        self.answers = []       # (kind, errno, extack message)

    def top(self, name):
        """The top-level attribute of a name, added if missing."""
        attr = self.root.find(name)
        if attr is None:
            attr = Attr(self.family.attr(self.family.top, name), children=[])
            self.root.children.append(attr)
        return attr

    def encode(self, seq):
        data = bytearray(genl_header(
            self.family.id, self.flags | (
                NLM_F_DUMP if self.mode == 'dump' else 0),
            self.cmd, self.version, self.reserved))
        data += encode_region(self.root.children, self.root.junk)
        struct.pack_into('=I', data, 0, len(data))
        struct.pack_into('=I', data, 8, seq)
        return data


@functools.lru_cache(maxsize=None)
def genl_header(family_id, flags, cmd, version, reserved):
    """The headers of a request, but its length and sequence number: few
    differ, and pyroute2's encoder would take as long as the rest."""
    header = genlmsg()
    header['cmd'] = cmd
    header['version'] = version
    header['reserved'] = reserved
    header['header']['type'] = family_id
    header['header']['flags'] = flags
    header['header']['pid'] = 0
    header.encode()
    return bytes(header.data[:NLMSG_HDRLEN + GENL_HDRLEN])


class Generator:
    """Requests of the families' commands, plausible enough to get past the
    handlers' lookups, and the defects that make each one invalid."""

    def __init__(self, rng, families, config):
        self.rng = rng
        self.families = families
        self.config = config
        self.writable = {}      # (family, set): attributes not read-only

    def name(self):
        known = list(self.config.proxies)
        if known and self.rng.random() < 0.7:
            return self.rng.choice(known)
        return self.unknown_name()

    def unknown_name(self):
        while True:
            name = 'fz%x' % self.rng.getrandbits(self.rng.choice([8, 32]))
            if name not in self.config.proxies:
                return name

    def value(self, spec):
        rng = self.rng
        if spec.type == 'string':
            return self.name().encode() + b'\0'
        if spec.type == 'binary':
            if spec.exact_len:
                return rng.randbytes(spec.exact_len)
            return rng.randbytes(rng.randint(4, 32))    # a secret
        if spec.type == 'flag':
            return b''
        if spec.name in PLAUSIBLE:
            return spec.pack_int(rng.choice(PLAUSIBLE[spec.name]))
        lo, hi, _ = spec.int_bounds()
        return spec.pack_int(rng.choice([lo, hi, rng.randint(lo, hi)]))

    def nest(self, family, set_name, depth, full):
        """Attributes of a set: most of them for the nest a command reads
        (full), else a few; rarely one that is read-only, and one address
        of two exclusive ones."""
        rng = self.rng
        key = (family.name, set_name)
        if key not in self.writable:
            self.writable[key] = [
                a for a in family.policy[set_name].values()
                if a.name not in READ_ONLY.get(set_name, ())]
        writable = self.writable[key]
        if full:
            specs = [a for a in writable if rng.random() < 0.85]
        else:
            specs = rng.sample(writable, rng.randint(0, min(len(writable),
                                                            3)))
        specs += [family.attr(set_name, name)
                  for name in READ_ONLY.get(set_name, ())
                  if rng.random() < 0.05]
        pair = EXCLUSIVE.get(set_name)
        if pair and all(family.attr(set_name, name) in specs
                        for name in pair):
            specs.remove(family.attr(set_name, rng.choice(pair)))
        children = []
        for spec in specs:
            for _ in range(rng.randint(1, 3) if spec.multi else 1):
                children.append(self.attr(spec, depth, full))
        return children

    def attr(self, spec, depth=0, full=False):
        if spec.type != 'nest':
            return Attr(spec, payload=self.value(spec))
        attr = Attr(spec, children=[] if depth > 3 else
                    self.nest(spec.family, spec.nested, depth + 1, full))
        if spec.nested == 'service':
            self.service_key(attr)
        elif spec.nested == 'range':
            lo = self.rng.getrandbits(32)
            self.put_range(attr, lo, min(lo + self.rng.getrandbits(16),
                                     0xffffffff))
        return attr

    def service_key(self, nest, known=None):
        """Gives a service nest the address and port of a configured
        service (known), of none (not known), or either (None)."""
        services = self.config.services
        if known is None:
            known = bool(services) and self.rng.random() < 0.7
        if known:
            addr, port = self.rng.choice(services)[:2]
        else:
            while True:
                addr = self.rng.randbytes(self.rng.choice([4, 16]))
                port = self.rng.randint(1, 65535)
                if all(s[:2] != (addr, port) for s in services):
                    break
        self.put_key(nest, addr, port)

    @staticmethod
    def put_key(nest, addr, port):
        nest.drop('addr4', 'addr6')
        nest.put('addr4' if len(addr) == 4 else 'addr6', addr)
        nest.put('port', struct.pack('>H', port))

    @staticmethod
    def put_range(nest, lo, hi):
        nest.put('lo', struct.pack('=I', lo))
        nest.put('hi', struct.pack('=I', hi))

    def request(self):
        rng = self.rng
        family = rng.choice(self.families)
        op = rng.choice(family.ops)
        req = Request(family, op, rng.choice(list(op.request)))
        wanted = op.request[req.mode]
        for spec in family.policy[family.top].values():
            if spec.name in wanted and rng.random() < 0.95:
                req.root.children.append(self.attr(spec, full=True))
            elif rng.random() < 0.1:
                req.root.children.append(self.attr(spec))
        if op.name == 'service-new' and rng.random() < 0.9:
            # Each service-new past its parameters allocates a flow table
            # that flow-max sizes, 2 MiB by default: slow under TCG.
            req.top('service').put('flow-max', struct.pack(
                '=I', rng.randint(1, 4096)))
        if rng.random() < 0.3:
            req.flags |= NLM_F_ECHO
        req.version = rng.choice([0, 1, 1, 1, 2, 255])
        return req

    def make_invalid(self, req):
        """Gives a request one defect or more, each of which alone makes
        the kernel refuse it: at most one that the handler refuses, first,
        then the attributes', then the framing's.  One may replace another
        applied before it, never by something valid."""
        rng = self.rng
        kind = rng.choices(['handler', 'policy', 'frame'], [5, 3, 2])[0]
        if kind == 'handler':
            handler = HANDLER_DEFECTS.get(
                (req.family.name, req.op.name, req.mode), [])
            for defect in rng.sample(handler, len(handler)):
                if defect(self, req):
                    req.defects.append(defect.__name__)
                    break
        if kind == 'policy' or rng.random() < 0.1:
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                self.apply(rng.choice(POLICY_DEFECTS), req)
        if kind == 'frame' or rng.random() < 0.05:
            self.apply(rng.choice(FRAME_DEFECTS), req)
        while not req.defects:
            self.apply(rng.choice(POLICY_DEFECTS + FRAME_DEFECTS), req)

    def apply(self, defect, req):
        if defect(self, req):
            req.defects.append(defect.__name__)


# Defects that a command's handler refuses, past the policy.  Each returns
# True if it could be applied to the request.

def _nest_of(req):
    """The nest that a command's handler reads: the service a flow-get
    filters on, or the request's one top-level nest."""
    if req.op.name == 'flow-get':
        flow = req.top('flow')
        service = flow.find('service')
        if service is None:
            service = Attr(flow.child_spec('service'), children=[])
            flow.children.append(service)
        return service
    return req.top(req.op.request[req.mode][0])


def _name(payload):
    return payload.split(b'\0')[0].decode(errors='replace')


def no_top_attr(gen, req):
    req.root.drop(req.op.request[req.mode][0])
    return True


def no_stray(gen, req):
    _nest_of(req).drop('stray')
    return True


def no_proxy_name(gen, req):
    _nest_of(req).drop('name')
    return True


def empty_proxy_name(gen, req):
    _nest_of(req).put('name', b'\0')
    return True


def unknown_proxy(gen, req):
    if req.op.name == 'flow-get':
        req.top('flow').put('proxy', gen.unknown_name().encode() + b'\0')
    else:
        _nest_of(req).put('name', gen.unknown_name().encode() + b'\0')
    return True


def existing_proxy(gen, req):
    if not gen.config.proxies:
        return False
    name = gen.rng.choice(list(gen.config.proxies))
    _nest_of(req).put('name', name.encode() + b'\0')
    return True


def proxy_in_use(gen, req):
    if not gen.config.in_use:
        return False
    name = gen.rng.choice(sorted(gen.config.in_use))
    _nest_of(req).put('name', name.encode() + b'\0')
    return True


def _past_lookup(lookup, defect):
    """A defect, most often in a request naming an object that exists, so
    that the handler gets past its lookup to the defect."""
    def past_lookup(gen, req):
        if gen.rng.random() < 0.8:
            lookup(gen, req)
        return defect(gen, req)
    past_lookup.__name__ = defect.__name__
    return past_lookup


def both_addrs(gen, req):
    nest = _nest_of(req)
    nest.put('addr4', gen.rng.randbytes(4))
    nest.put('addr6', gen.rng.randbytes(16))
    return True


def gue_no_port(gen, req):
    nest = _nest_of(req)
    nest.put('encap', struct.pack('=I', 1))
    nest.drop('encap-port')
    return True


def port_without_gue(gen, req):
    nest = _nest_of(req)
    nest.put('encap', struct.pack('=I', 0))
    nest.put('encap-port', struct.pack('!H', gen.rng.randint(1, 65535)))
    return True


def no_addr(gen, req):
    _nest_of(req).drop('addr4', 'addr6')
    return True


def no_port(gen, req):
    _nest_of(req).drop('port')
    return True


def read_only(gen, req):
    nest = _nest_of(req)
    spec = nest.child_spec(gen.rng.choice(READ_ONLY[nest.spec.nested]))
    nest.drop(spec.name)
    nest.children.append(gen.attr(spec))
    return True


def no_secret(gen, req):
    _nest_of(req).drop('secret')
    return True


def secret_length(gen, req):
    _nest_of(req).put('secret', gen.rng.randbytes(
        gen.rng.choice([0, 1, 3, 33, 64])))
    return True


def _add_range(gen, nest, lo, hi, missing=()):
    attr = Attr(nest.child_spec('range'), children=[])
    gen.put_range(attr, lo, hi)
    attr.drop(*missing)
    nest.children.insert(gen.rng.randint(0, len(nest.children)), attr)


def range_inverted(gen, req):
    lo = gen.rng.randint(1, 0xffffffff)
    _add_range(gen, _nest_of(req), lo, gen.rng.randint(0, lo - 1))
    return True


def range_incomplete(gen, req):
    _add_range(gen, _nest_of(req), 0, 0, gen.rng.choice(
        [('lo',), ('hi',), ('lo', 'hi')]))
    return True


def range_overlap(gen, req):
    """A range overlapping one of another proxy's (the LB), or two of the
    request's own overlapping (the issuer)."""
    nest = _nest_of(req)
    if req.family.name == 'mptcp_lb_issuer':
        lo = gen.rng.getrandbits(31)
        _add_range(gen, nest, lo, lo + 10)
        _add_range(gen, nest, lo + 10, lo + 20)
        return True
    name = nest.find('name')
    named = _name(name.payload) if name else None
    owned = [r for proxy, ranges in gen.config.proxies.items()
             if proxy != named for r in ranges]
    if not owned:
        return False
    lo, hi = gen.rng.choice(owned)
    point = gen.rng.randint(lo, hi)
    _add_range(gen, nest, gen.rng.randint(0, point),
               gen.rng.randint(point, 0xffffffff))
    return True


def _copies(attr, count):
    """Copies of a nest, encoded once: a request with too many of them
    is refused for their count."""
    payload = encode_region(attr.children, attr.junk)
    copies = [Attr(attr.spec, payload=payload) for _ in range(count)]
    for copy in copies:
        copy.flags = NLA_F_NESTED
    return copies


def too_many_ranges(gen, req):
    nest = _nest_of(req)
    nest.drop('range')
    _add_range(gen, nest, 0, 15)
    nest.children += _copies(nest.find('range'), 256)
    return True


def no_ranges(gen, req):
    _nest_of(req).drop('range')
    return True


def proxies_in_use(gen, req):
    """proxy-flush as it is, while a proxy is a service's member."""
    return bool(gen.config.in_use)


def unknown_service(gen, req):
    gen.service_key(_nest_of(req), known=False)
    return True


def existing_service(gen, req):
    if not gen.config.services:
        return False
    gen.service_key(_nest_of(req), known=True)
    return True


def maglev_not_prime(gen, req):
    _nest_of(req).put('maglev-size', struct.pack(
        '=I', 2 * gen.rng.randint(129, 524286)))
    return True


def flow_max_changed(gen, req):
    if not gen.config.services:
        return False
    addr, port, flow_max, _ = gen.rng.choice(gen.config.services)
    nest = _nest_of(req)
    gen.put_key(nest, addr, port)
    nest.put('flow-max', struct.pack('=I', flow_max % (1 << 24) + 1))
    return True


def _member(gen, nest, name=None):
    attr = Attr(nest.child_spec('member'), children=[])
    if name is not None:
        attr.put('proxy', name.encode() + b'\0')
    if gen.rng.random() < 0.5:
        attr.put('weight', struct.pack('=I', gen.rng.randint(0, 65535)))
    return attr


def _add_member(gen, req, member):
    """One more member for service-new; the only one for member-set and
    member-del, which take exactly one."""
    nest = _nest_of(req)
    if req.op.name != 'service-new':
        nest.drop('member')
    nest.children.append(member)
    return True


def member_unknown(gen, req):
    return _add_member(gen, req, _member(gen, _nest_of(req),
                                         gen.unknown_name()))


def member_no_proxy(gen, req):
    return _add_member(gen, req, _member(gen, _nest_of(req)))


def member_twice(gen, req):
    if not gen.config.proxies:
        return False
    nest = _nest_of(req)
    name = gen.rng.choice(list(gen.config.proxies))
    nest.children += [_member(gen, nest, name), _member(gen, nest, name)]
    return True


def too_many_members(gen, req):
    nest = _nest_of(req)
    nest.drop('member')
    nest.children += _copies(_member(gen, nest, gen.name()), 513)
    return True


def members_not_one(gen, req):
    nest = _nest_of(req)
    nest.drop('member')
    nest.children += [_member(gen, nest, gen.name())
                      for _ in range(gen.rng.choice([0, 2, 3]))]
    return True


def has_members(gen, req):
    nest = _nest_of(req)
    nest.children.append(_member(gen, nest, gen.name()))
    return True


def member_not_in_service(gen, req):
    candidates = [(s, p) for s in gen.config.services
                  for p in gen.config.proxies if p not in s[3]]
    if not candidates:
        return False
    (addr, port, _, _), name = gen.rng.choice(candidates)
    gen.put_key(_nest_of(req), addr, port)
    return _add_member(gen, req, _member(gen, _nest_of(req), name))


LAYOUT = ('layout-size', 'key-offset', 'token-offset')


def no_layout(gen, req):
    nest = _nest_of(req)
    for name in LAYOUT:
        if nest.find(name) is None:
            nest.put(name, struct.pack('=I', 0))
    nest.drop(gen.rng.choice(LAYOUT))
    return True


def layout_implausible(gen, req):
    """A layout of mptcp_subflow_request_sock the issuer must refuse: too
    big, a field misaligned or outside it, or the two overlapping."""
    rng = gen.rng
    size, key, token = 256, 8 * rng.randint(0, 20), 4 * rng.randint(44, 63)
    flaw = rng.randrange(5)
    if flaw == 0:
        size = rng.randint(4097, 0xffffffff)
    elif flaw == 1:
        key += rng.randint(1, 7)
    elif flaw == 2:
        token += rng.randint(1, 3)
    elif flaw == 3:
        key = rng.choice([size, 0xfffffff8])
    else:
        token = key + rng.choice([0, 4])
    for name, value in zip(LAYOUT, (size, key, token)):
        _nest_of(req).put(name, struct.pack('=I', value))
    return True


SERVICE_KEY_DEFECTS = [no_top_attr, no_addr, both_addrs, no_port, read_only,
                       unknown_service]
HANDLER_DEFECTS = {
    ('mptcp_lb', 'cipher-set', 'do'):
        [no_top_attr, no_secret, secret_length, read_only],
    ('mptcp_lb', 'proxy-new', 'do'):
        [no_top_attr, no_proxy_name, empty_proxy_name, existing_proxy,
         both_addrs, no_addr, range_inverted, range_incomplete,
         range_overlap, too_many_ranges, read_only, gue_no_port,
         port_without_gue],
    ('mptcp_lb', 'proxy-set', 'do'):
        [no_top_attr, no_proxy_name, empty_proxy_name, unknown_proxy] +
        [_past_lookup(existing_proxy, d) for d in (
            both_addrs, range_inverted, range_incomplete, range_overlap,
            too_many_ranges, read_only, port_without_gue)],
    ('mptcp_lb', 'proxy-del', 'do'):
        [no_top_attr, no_proxy_name, empty_proxy_name, unknown_proxy,
         proxy_in_use, read_only],
    ('mptcp_lb', 'proxy-get', 'do'):
        [no_top_attr, no_proxy_name, empty_proxy_name, unknown_proxy,
         read_only],
    ('mptcp_lb', 'proxy-flush', 'do'): [proxies_in_use],
    ('mptcp_lb', 'service-new', 'do'):
        [no_top_attr, no_addr, both_addrs, no_port, read_only,
         existing_service, maglev_not_prime, member_unknown,
         member_no_proxy, member_twice, too_many_members],
    ('mptcp_lb', 'service-set', 'do'):
        SERVICE_KEY_DEFECTS + [has_members, flow_max_changed,
                               _past_lookup(existing_service,
                                            maglev_not_prime)],
    ('mptcp_lb', 'service-del', 'do'): SERVICE_KEY_DEFECTS,
    ('mptcp_lb', 'service-get', 'do'): SERVICE_KEY_DEFECTS,
    ('mptcp_lb', 'member-set', 'do'):
        SERVICE_KEY_DEFECTS + [members_not_one] +
        [_past_lookup(existing_service, d)
         for d in (member_unknown, member_no_proxy)],
    ('mptcp_lb', 'vip-set', 'do'): [no_top_attr, no_stray],
    ('mptcp_lb', 'flow-get', 'dump'):
        SERVICE_KEY_DEFECTS[1:] + [unknown_proxy],
    ('mptcp_lb_issuer', 'config-set', 'do'):
        [no_top_attr, no_secret, secret_length, read_only, no_ranges,
         too_many_ranges, no_layout, layout_implausible, range_inverted,
         range_incomplete, range_overlap],
}
HANDLER_DEFECTS[('mptcp_lb', 'member-del', 'do')] = \
    HANDLER_DEFECTS[('mptcp_lb', 'member-set', 'do')] + [member_not_in_service]


# Defects of attributes, which the policy refuses anywhere in a request of
# any command.

def _random_attr(gen, req, test=lambda attr: True):
    attrs = [a for a in req.root.walk() if a.spec and test(a)]
    return gen.rng.choice(attrs) if attrs else None


def _random_region(gen, req):
    """The top level, or a nest the policy validates."""
    return gen.rng.choice([req.root] + [
        a for a in req.root.walk() if a.children is not None and a.spec])


def unknown_type(gen, req):
    region = _random_region(gen, req)
    set_name = region.spec.nested if region.spec else req.family.top
    attr = Attr(None, type_=gen.rng.choice(
        req.family.unknown_types(set_name)),
        payload=gen.rng.randbytes(gen.rng.choice([0, 1, 4, 8, 16])))
    attr.flags = gen.rng.choice([0, NLA_F_NESTED])
    region.children.insert(gen.rng.randint(0, len(region.children)), attr)
    return True


def bad_length(gen, req):
    attr = _random_attr(gen, req, lambda a: a.spec.type in FIXED_SIZE or
                        a.spec.exact_len or a.spec.type == 'nest')
    if attr is None:
        return False
    if attr.spec.type == 'nest':
        # Too short for an attribute header.
        attr.children = None
        attr.payload = gen.rng.randbytes(gen.rng.randint(1, 3))
        return True
    right = attr.spec.exact_len or FIXED_SIZE[attr.spec.type]
    attr.payload = gen.rng.randbytes(gen.rng.choice(
        [n for n in (0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 17, 32)
         if n != right]))
    return True


def bad_string(gen, req):
    """Empty, not NUL-terminated, or longer than max-len."""
    attr = _random_attr(gen, req, lambda a: a.spec.type == 'string')
    if attr is None:
        return False
    text = bytes(gen.rng.randint(1, 255) for _ in range(64))
    choices = [b'', text[:gen.rng.randint(1, 40)]]
    if attr.spec.max_len is not None:
        choices.append(text[:gen.rng.randint(attr.spec.max_len + 1, 64)] +
                       b'\0')
    attr.payload = gen.rng.choice(choices)
    return True


def out_of_range(gen, req):
    def outside(spec):
        if spec.type not in INT_FORMAT:
            return []
        lo, hi, top = spec.int_bounds()
        values = [0] if lo > 0 else []
        if not spec.big_endian:     # bounds apply to host-order values
            values += [lo - 1] if lo > 1 else []
            values += [hi + 1, gen.rng.randint(hi + 1, top), top] \
                if hi < top else []
        return values

    attr = _random_attr(gen, req, lambda a: outside(a.spec))
    if attr is None:
        return False
    attr.payload = attr.spec.pack_int(gen.rng.choice(outside(attr.spec)))
    return True


def nested_flag(gen, req):
    """A nest without NLA_F_NESTED, or another attribute with it."""
    attr = _random_attr(gen, req)
    if attr is None:
        return False
    if attr.spec.type == 'nest':
        attr.flags &= ~NLA_F_NESTED
    else:
        attr.flags |= NLA_F_NESTED
    return True


def short_header(gen, req):
    attr = _random_attr(gen, req)
    if attr is None:
        return False
    attr.length = gen.rng.randint(0, 3)
    return True


def overrun(gen, req):
    """nla_len past the end of the attribute's region."""
    attr = _random_attr(gen, req)
    if attr is None:
        return False
    attr.overrun = gen.rng.choice([1, 2, 3, 4, 5, gen.rng.randint(6, 0xffff)])
    return True


def trailing(gen, req):
    """1 to 3 bytes after the last attribute of a region, too few for one
    more attribute."""
    _random_region(gen, req).junk = gen.rng.randbytes(gen.rng.randint(1, 3))
    return True


POLICY_DEFECTS = [unknown_type, bad_length, bad_string, out_of_range,
                  nested_flag, short_header, overrun, trailing]


# Defects of the framing: the headers, or the message's length (req.frame,
# which frame() applies to the encoded bytes).

def bad_command(gen, req):
    req.cmd = gen.rng.choice([0, req.family.cmd_max + 1,
                              gen.rng.randint(req.family.cmd_max + 1, 255)])
    return True


def wrong_mode(gen, req):
    """NLM_F_DUMP for a command that has no dump, or none for one that
    only dumps."""
    if len(req.op.request) == 2:
        return False
    req.mode = 'do' if 'dump' in req.op.request else 'dump'
    return True


def reserved_field(gen, req):
    req.reserved = gen.rng.choice([1, 0x80, 0x8000, 0xffff])
    return True


def bad_flags(gen, req):
    half_dump = gen.rng.choice([0x100, 0x200])      # NLM_F_ROOT, NLM_F_MATCH
    if req.mode == 'do' and not req.flags & NLM_F_DUMP & ~half_dump and \
            gen.rng.random() < 0.3:
        req.flags |= half_dump
    else:
        req.flags |= gen.rng.choice(BAD_FLAGS)
    return True


def truncated(gen, req):
    if not req.root.children:
        return False
    req.frame = 'truncated'
    return True


def short_genl_header(gen, req):
    req.frame = 'short-genl-header'
    return True


def longer_than_datagram(gen, req):
    req.frame = 'longer-than-datagram'
    return True


def short_datagram(gen, req):
    req.frame = 'short-datagram'
    return True


FRAME_DEFECTS = [bad_command, wrong_mode, reserved_field, bad_flags,
                 truncated, short_genl_header, longer_than_datagram,
                 short_datagram]


def frame(rng, req, data):
    """The datagram to send: the request's bytes, framed as req.frame says,
    maybe followed by a few bytes too few for another message."""
    first = NLMSG_HDRLEN + GENL_HDRLEN
    if req.frame == 'truncated':
        # The message ends inside a top-level attribute's declared length,
        # or if none is long enough, after an attribute that is refused.
        start, spans = first, []
        while start + 4 <= len(data):
            length = struct.unpack_from('=H', data, start)[0]
            if length >= 2:
                spans.append((start, min(start + length, len(data))))
            start += max((length + 3) & ~3, 4)
        begin, end = rng.choice(spans) if spans else (first, len(data))
        data = data[:rng.randint(begin + 1, end - 1)]
        struct.pack_into('=I', data, 0, len(data))
    elif req.frame == 'short-genl-header':
        data = data[:rng.randint(NLMSG_HDRLEN, first - 1)]
        struct.pack_into('=I', data, 0, len(data))
    elif req.frame == 'longer-than-datagram':
        struct.pack_into('=I', data, 0, rng.choice(
            [len(data) + rng.randint(1, 64), 0xffffffff]))
        return bytes(data)
    elif req.frame == 'short-datagram':
        return bytes(data[:rng.randint(1, NLMSG_HDRLEN - 1)])
    tail = 0
    if rng.random() < 0.1:
        tail = (-len(data) % 4) + rng.randint(1, NLMSG_HDRLEN - 4)
    return bytes(data) + rng.randbytes(tail)


def extack_message(data, start):
    """The extack message of the NLMSG_ERROR or NLMSG_DONE at start."""
    length, kind, flags = struct.unpack_from('=IHH', data, start)
    if not flags & NLM_F_ACK_TLVS:
        return None
    pos = start + NLMSG_HDRLEN + 4
    if kind == NLMSG_ERROR:     # after the request's header, echoed
        pos += NLMSG_HDRLEN if flags & NLM_F_CAPPED else \
            (struct.unpack_from('=I', data, pos)[0] + 3) & ~3
    while pos + 4 <= start + length:
        nla_len, nla_type = struct.unpack_from('=HH', data, pos)
        if nla_len < 4:
            break
        if nla_type == NLMSGERR_ATTR_MSG:
            return data[pos + 4:pos + nla_len].rstrip(b'\0').decode()
        pos += (nla_len + 3) & ~3
    return None


class Fuzzer:
    """A socket per family, bound and its family resolved by pyroute2, and
    the answers to what was sent on it.  The answers are read here: pyroute2
    0.7.2 fails to parse errors with a capped echo of the request, and
    reads their extack from the echo."""

    def __init__(self, families):
        self.sockets = {}
        self.strays = []        # answers to no request being sent
        for family in families:
            sock = GenericNetlinkSocket(ext_ack=True)
            sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
            sock.bind(family.name, genlmsg)
            family.id = sock.prid
            # The same socket, without pyroute2's wrappers on every call.
            self.sockets[family.name] = (
                sock, socket.socket(fileno=os.dup(sock.fileno())))

    def send(self, req, data):
        """Sends a request and reads its answers.  The kernel answers a
        request, and each part of a dump, before sendto() or recv()
        returns: once the last is read, or none is queued, there is no
        other; one that comes later is a stray of the next send()."""
        sock = self.sockets[req.family.name][1]
        seq = struct.unpack_from('=I', data, 8)[0] if len(data) >= 12 \
            else None
        sock.sendto(data, (0, 0))
        if expected_answers(req):
            self.receive(sock, seq, req.answers)

    def receive(self, sock, seq, answers):
        """Reads answers to seq until the last one, strays aside."""
        while not any(kind != 'reply' for kind, _, _ in answers):
            try:
                data = sock.recv(1 << 17, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            pos = 0
            while pos + NLMSG_HDRLEN <= len(data):
                length, kind, _, answer_seq = struct.unpack_from(
                    '=IHHI', data, pos)
                answer = ('reply', 0, None)
                if kind in (NLMSG_ERROR, NLMSG_DONE):
                    answer = ('error' if kind == NLMSG_ERROR else 'done',
                              -struct.unpack_from('=i', data, pos + 16)[0],
                              extack_message(data, pos))
                if answer_seq == seq:
                    answers.append(answer)
                else:
                    self.strays.append((answer_seq,) + answer)
                pos += (length + 3) & ~3

    def drain(self):
        """Reads what came after the last request's answers."""
        for _, sock in self.sockets.values():
            self.receive(sock, None, [])


def accepted(req):
    return any(code == 0 for _, code, _ in req.answers)


def final_answers(req):
    return sum(kind != 'reply' for kind, _, _ in req.answers)


def expected_answers(req):
    return 0 if req.frame in ('longer-than-datagram', 'short-datagram') \
        else 1


def describe(req, seq, data):
    return ('#   seq %d %s cmd %d (%s %s), defects %s, answers %s\n'
            '#   bytes %s' % (seq, req.family.name, req.cmd, req.op.name,
                             req.mode, ' '.join(req.defects), req.answers,
                             data.hex()))


def controls(fuzzer, lb):
    """Valid read-only requests: unless they are seen accepted, no refusal
    would mean anything."""
    ok = True
    for seq, name, mode in ((1, 'info-get', 'do'), (2, 'proxy-get', 'dump')):
        req = Request(lb, next(op for op in lb.ops if op.name == name), mode)
        data = req.encode(seq)
        fuzzer.send(req, data)
        if not accepted(req) or final_answers(req) != 1:
            print('# control not seen accepted:\n' +
                  describe(req, seq, data))
            ok = False
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--seed', type=int, required=True)
    parser.add_argument('--count', type=int, required=True)
    parser.add_argument('--config', help='"mptcplb save" of the namespace')
    args = parser.parse_args()

    families = [Family('mptcp_lb'), Family('mptcp_lb_issuer')]
    config = Config(open(args.config).read() if args.config else '')
    rng = random.Random(args.seed)
    gen = Generator(rng, families, config)
    fuzzer = Fuzzer(families)
    print('# nlfuzz: seed %d, %d requests, %d proxies and %d services known'
          % (args.seed, args.count, len(config.proxies),
             len(config.services)))
    failed = not controls(fuzzer, families[0])

    start = time.monotonic()
    answers = collections.Counter()
    extacks = collections.Counter()
    defects = collections.Counter()
    for seq in range(10, 10 + args.count):
        req = gen.request()
        gen.make_invalid(req)
        data = frame(rng, req, req.encode(seq))
        fuzzer.send(req, data)
        defects.update(req.defects)
        for kind, code, extack in req.answers:
            if kind != 'reply':     # an NLMSG_DONE ends a dump
                answers['%s%s' % ('accepted' if not code else
                                  errno.errorcode.get(code, str(code)),
                                  ' (dump)' if kind == 'done' else '')] += 1
            if extack:
                if '0x' in extack:      # the ranges of an overlap
                    extack = re.sub(r'0x[0-9a-f]{8}', '0x...', extack)
                extacks[extack] += 1
        if not req.answers:
            answers['none'] += 1
        if accepted(req):
            print('# accepted:\n' + describe(req, seq, data))
            failed = True
        elif final_answers(req) != expected_answers(req):
            print('# answered %d times, not %d:\n%s' % (
                final_answers(req), expected_answers(req),
                describe(req, seq, data)))
            failed = True

    fuzzer.drain()
    for stray in fuzzer.strays:
        print('# answer to sequence number %s after its request\'s last: %s'
              % (stray[0], stray[1:]))
        failed = True
    print('# %d requests in %.1f s' % (args.count, time.monotonic() - start))
    for title, counter in (('answers', answers), ('defects', defects)):
        print('# %s: %s' % (title, ', '.join(
            '%s %d' % item for item in counter.most_common())))
    for extack, n in extacks.most_common():
        print('#   %6d "%s"' % (n, extack))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
