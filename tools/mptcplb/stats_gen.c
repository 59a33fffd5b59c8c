// SPDX-License-Identifier: GPL-2.0
/*
 * Do not edit: tools/stats-gen.py writes it from
 * Documentation/netlink/specs/mptcp_lb.yaml.
 */
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"

const struct stats_attr stats_attrs[MPTCP_LB_A_STATS_MAX + 1] = {
	[MPTCP_LB_A_STATS_PACKETS] = {
		.name = "packets",
		.doc = "Packets forwarded to a proxy, ICMP errors included.",
	},
	[MPTCP_LB_A_STATS_BYTES] = {
		.name = "bytes",
		.doc = "Bytes of those packets, before encapsulation.",
	},
	[MPTCP_LB_A_STATS_SYN_JOIN] = {
		.name = "syn-join",
		.doc = "SYN + MP_JOIN forwarded to the proxy their token names.",
	},
	[MPTCP_LB_A_STATS_SYN_NEW] = {
		.name = "syn-new",
		.doc = "Other SYNs forwarded to the proxy Maglev picked.",
	},
	[MPTCP_LB_A_STATS_FLOW_MISS] = {
		.name = "flow-miss",
		.doc = "Packets other than SYNs of no known flow, forwarded to the "
		       "proxy Maglev picks. Right for initial subflows while the "
		       "members do not change; a join subflow that misses is lost.",
	},
	[MPTCP_LB_A_STATS_FLOW_EVICTED] = {
		.name = "flow-evicted",
		.doc = "Flows forgotten before their time to make room for new ones.",
	},
	[MPTCP_LB_A_STATS_FLOW_UNTRACKED] = {
		.name = "flow-untracked",
		.doc = "SYNs other than SYN + MP_JOIN forwarded without a flow "
		       "entry: the bucket or the table held only confirmed flows "
		       "that only the table can route, or memory ran out. Their "
		       "later packets go by Maglev, to the same proxy while the "
		       "members do not change.",
	},
	[MPTCP_LB_A_STATS_ICMP] = {
		.name = "icmp",
		.doc = "ICMP errors about a flow forwarded to the flow's proxy.",
	},
	[MPTCP_LB_A_STATS_DROP_NO_SECRET] = {
		.name = "drop-no-secret",
		.doc = "SYN + MP_JOIN dropped because no secret is set.",
	},
	[MPTCP_LB_A_STATS_DROP_UNKNOWN_TOKEN] = {
		.name = "drop-unknown-token",
		.doc = "SYN + MP_JOIN whose token decrypts into no proxy's range.",
	},
	[MPTCP_LB_A_STATS_DROP_NOT_MEMBER] = {
		.name = "drop-not-member",
		.doc = "SYN + MP_JOIN whose token belongs to a proxy that is not a "
		       "member of the service.",
	},
	[MPTCP_LB_A_STATS_DROP_NO_PROXY] = {
		.name = "drop-no-proxy",
		.doc = "New connections dropped because no member takes new "
		       "connections (none, all weight 0 or draining).",
	},
	[MPTCP_LB_A_STATS_DROP_MALFORMED] = {
		.name = "drop-malformed",
		.doc = "SYNs whose TCP data offset is below 5 words or runs past the"
		       " packet, which the TCP stack drops too.",
	},
	[MPTCP_LB_A_STATS_DROP_NO_ROUTE] = {
		.name = "drop-no-route",
		.doc = "Packets for a proxy the LB has no route to.",
	},
	[MPTCP_LB_A_STATS_DROP_TOO_BIG] = {
		.name = "drop-too-big",
		.doc = "Packets too big for the tunnel that may not be fragmented; "
		       "the sender got ICMP fragmentation-needed or packet-too-big.",
	},
	[MPTCP_LB_A_STATS_DROP_ERROR] = {
		.name = "drop-error",
		.doc = "Packets lost to memory or transmission errors.",
	},
	[MPTCP_LB_A_STATS_SYN_JOIN_LEARNED] = {
		.name = "syn-join-learned",
		.doc = "The syn-join counted that were routed by a learned token.",
	},
	[MPTCP_LB_A_STATS_LEARNED] = {
		.name = "learned",
		.doc = "Tokens learned from the MP_CAPABLE keys of a connection to a"
		       " learning proxy.",
	},
	[MPTCP_LB_A_STATS_LEARN_COLLISION] = {
		.name = "learn-collision",
		.doc = "Tokens learned for a proxy while another proxy's connection "
		       "held the same token: joins with it are dropped, not guessed.",
	},
	[MPTCP_LB_A_STATS_LEARN_SHADOWED] = {
		.name = "learn-shadowed",
		.doc = "Learned tokens that also decrypt into a decoding member's "
		       "range: routed by the learned entry, which wins.",
	},
	[MPTCP_LB_A_STATS_LEARN_MISSED] = {
		.name = "learn-missed",
		.doc = "MPTCP connections to a learning proxy whose keys went by "
		       "unseen, or could not be stored: their joins cannot be "
		       "routed.",
	},
	[MPTCP_LB_A_STATS_DROP_TOKEN_CONFLICT] = {
		.name = "drop-token-conflict",
		.doc = "SYN + MP_JOIN dropped because two proxies' connections hold "
		       "its token.",
	},
	[MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED] = {
		.name = "drop-join-untracked",
		.doc = "SYN + MP_JOIN dropped because the flow table had no room for"
		       " it (its bucket or the table held only confirmed flows that "
		       "only the table can route) or memory ran out: forwarded, its "
		       "later packets would have gone to the wrong proxy. The client"
		       " retransmits it.",
	},
	[MPTCP_LB_A_STATS_SYN_KEPT] = {
		.name = "syn-kept",
		.doc = "SYNs whose 4-tuple is held by a confirmed, open flow that "
		       "only the table can route: sent to that flow's proxy, which "
		       "answers with a challenge ACK (RFC 5961 section 4), and the "
		       "flow kept.",
	},
	[MPTCP_LB_A_STATS_CLOSE_IGNORED] = {
		.name = "close-ignored",
		.doc = "FINs and RSTs whose sequence number is not within 64 KiB of "
		       "what the client was seen to send: forwarded, but the flow is"
		       " not marked closing (RFC 5961 section 3).",
	},
	[MPTCP_LB_A_STATS_SYN_OPT_TRUNCATED] = {
		.name = "syn-opt-truncated",
		.doc = "SYNs whose option list ends in an option cut short or "
		       "running past the header: forwarded with the options before "
		       "it, where Linux's tcp_parse_options() stops and still "
		       "accepts the SYN.",
	},
	[MPTCP_LB_A_STATS_SYN_MPTCP_IGNORED] = {
		.name = "syn-mptcp-ignored",
		.doc = "SYNs carrying an MP_CAPABLE or MP_JOIN that Linux ignores (a"
		       " length, version or flags mptcp_parse_option() does not "
		       "take, or an MP_JOIN of another form than the SYN's): "
		       "forwarded as if the option were absent.",
	},
	[MPTCP_LB_A_STATS_SYN_MPC_FUTURE] = {
		.name = "syn-mpc-future",
		.doc = "SYNs with an MP_CAPABLE of a version above 1: forwarded as "
		       "MP_CAPABLE, which a version 1 proxy answers with version 1 "
		       "(RFC 8684 section 3.1).",
	},
	[MPTCP_LB_A_STATS_SYN_MPC_JOIN] = {
		.name = "syn-mpc-join",
		.doc = "SYNs carrying both MP_CAPABLE (version 1 or later) and "
		       "MP_JOIN, which Linux does not take as a join: routed by "
		       "Maglev as MP_CAPABLE.",
	},
	[MPTCP_LB_A_STATS_DROP_STRAY] = {
		.name = "drop-stray",
		.doc = "Stray packets dropped (see the vip set): to a service's "
		       "address but no service's port or protocol. Namespace only.",
	},
	[MPTCP_LB_A_STATS_STRAY_LOCAL] = {
		.name = "stray-local",
		.doc = "Stray packets passed to the host's own stack (vip stray "
		       "local). Namespace only.",
	},
	[MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU] = {
		.name = "icmp-tunnel-mtu",
		.doc = "Fragmentation needed or packet too big from a router past "
		       "the LB about the LB's own packet to a proxy: the path MTU to"
		       " the proxy lowered, the client told what fits. Also per "
		       "proxy.",
	},
	[MPTCP_LB_A_STATS_ICMP_FANOUT] = {
		.name = "icmp-fanout",
		.doc = "Packet too big (or fragmentation needed) about a connection "
		       "the LB has no flow entry for, sent to every member of the "
		       "service: Maglev would name the wrong proxy for a join. Only "
		       "errors no longer than a router sends (576 bytes IPv4, 1280 "
		       "IPv6, not reassembled); larger ones go by Maglev. Each copy "
		       "counts in packets and icmp.",
	},
	[MPTCP_LB_A_STATS_ICMP_FANOUT_LIMITED] = {
		.name = "icmp-fanout-limited",
		.doc = "Those sent by Maglev instead, beyond the namespace's rate of"
		       " fan-outs (100 a second).",
	},
	[MPTCP_LB_A_STATS_DROP_JOIN_DIRECT] = {
		.name = "drop-join-direct",
		.doc = "SYN + MP_JOIN whose learned token belongs to a tokens direct"
		       " proxy without ranges: its joins belong on its direct "
		       "address, and nothing tells the LB where a new subflow of it "
		       "should go.",
	},
};
