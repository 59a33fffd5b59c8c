/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mptcp_lb.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_MPTCP_LB_H
#define _UAPI_LINUX_MPTCP_LB_H

#define MPTCP_LB_FAMILY_NAME	"mptcp_lb"
#define MPTCP_LB_FAMILY_VERSION	1

/**
 * enum mptcp_lb_cipher - Block cipher that maps a proxy's routing integer X to
 *   the MPTCP tokens it issues. This is the wire contract between load
 *   balancers and proxies: the cipher block is the token's 4 bytes in network
 *   order, exactly as they appear in MP_JOIN; X is the decrypted block read as
 *   a big-endian 32-bit integer. A proxy issues token = E(X) only for X inside
 *   its own ranges; a load balancer routes a join to the proxy whose range
 *   holds D(token).
 * @MPTCP_LB_CIPHER_RC5_16: RC5-16/r/b (32-bit block), r rounds and a b-byte
 *   secret, words loaded little-endian from the block as RC5 specifies (test
 *   vector: key 0001020304050607, 16 rounds, block 00010203 encrypts to
 *   23a8d72e).
 */
enum mptcp_lb_cipher {
	MPTCP_LB_CIPHER_RC5_16,
};

/**
 * enum mptcp_lb_proxy_state - Whether a proxy takes new connections.
 * @MPTCP_LB_PROXY_STATE_ACTIVE: Takes new connections; its tokens route to it.
 * @MPTCP_LB_PROXY_STATE_DRAIN: Takes no new connection, but its tokens still
 *   route to it, so that its established MPTCP connections keep adding
 *   subflows.
 */
enum mptcp_lb_proxy_state {
	MPTCP_LB_PROXY_STATE_ACTIVE,
	MPTCP_LB_PROXY_STATE_DRAIN,
};

/**
 * enum mptcp_lb_proxy_tokens - How the LB finds the proxy of a SYN + MP_JOIN's
 *   token.
 * @MPTCP_LB_PROXY_TOKENS_DECODE: The proxy runs the issuer: its tokens decrypt
 *   into its ranges.
 * @MPTCP_LB_PROXY_TOKENS_LEARN: The proxy issues stock random tokens: the LB
 *   learns each from the keys of the MP_CAPABLE handshake it forwards, and
 *   keeps it while a subflow of the connection is in its flow table. Its
 *   ranges, if any, route nothing.
 * @MPTCP_LB_PROXY_TOKENS_DIRECT: The proxy has an address of its own that
 *   clients join (the direct address): it sets the C flag of MP_CAPABLE and
 *   announces that address with ADD_ADDR, so that joins bypass the LB. Joins
 *   that reach the LB anyway are routed by token into its ranges when it has
 *   ranges (it runs the issuer); without ranges, the LB learns its tokens as
 *   with learn and drops their joins, counted in drop-join-direct.
 */
enum mptcp_lb_proxy_tokens {
	MPTCP_LB_PROXY_TOKENS_DECODE,
	MPTCP_LB_PROXY_TOKENS_LEARN,
	MPTCP_LB_PROXY_TOKENS_DIRECT,
};

/**
 * enum mptcp_lb_proxy_encap - How the LB encapsulates the packets it sends to
 *   a proxy.
 * @MPTCP_LB_PROXY_ENCAP_IPIP: IPIP (IPv4 outer header) or IPv6-in-IPv6 (RFC
 *   2473), received by an ipip, sit or ip6tnl device on the proxy.
 * @MPTCP_LB_PROXY_ENCAP_GUE: Generic UDP Encapsulation, variant 0
 *   (draft-ietf-intarea-gue): UDP to encap-port, the 4-byte GUE header naming
 *   the inner protocol, then the client's packet; received by Linux's fou ("ip
 *   fou add port N gue") and the proxy's ipip or ip6tnl device. The UDP source
 *   port comes from the flow's hash, so that the proxy's RSS and the network's
 *   ECMP spread flows.
 */
enum mptcp_lb_proxy_encap {
	MPTCP_LB_PROXY_ENCAP_IPIP,
	MPTCP_LB_PROXY_ENCAP_GUE,
};

/**
 * enum mptcp_lb_service_lookup - How a service's lookup table of maglev-size
 *   slots is filled from its members, names and weights. The table is a pure
 *   function of them, so LBs configured alike pick the same proxy for a new
 *   connection; all LBs of one service must fill its table the same way.
 * @MPTCP_LB_SERVICE_LOOKUP_MAGLEV: Maglev (Eisenbud et al., NSDI 2016),
 *   weighted: shares within a slot of the weights, but removing one of N
 *   members also moves some of the others' connections, up to 5.6 times its
 *   own share at 512 members in the default size (the default fill).
 * @MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS: Rendezvous hashing (highest random
 *   weight), weighted: removing, adding or reweighting a member moves only
 *   that member's slots; shares vary by about 1 / sqrt(slots per member).
 *   Needs 512 slots per member, for which the worst member holds at most 1.2
 *   times its share.
 */
enum mptcp_lb_service_lookup {
	MPTCP_LB_SERVICE_LOOKUP_MAGLEV,
	MPTCP_LB_SERVICE_LOOKUP_RENDEZVOUS,
};

/**
 * enum mptcp_lb_vip_stray - What becomes of a stray packet: one to the address
 *   of a service that no service of the namespace takes (another port, another
 *   protocol, ICMP echo, an ICMP error quoting such a packet, a later
 *   fragment), which routing would send back toward the router it came from
 *   when the address is not local and forwarding is on.
 * @MPTCP_LB_VIP_STRAY_DROP: Dropped and counted in drop-stray; the default.
 * @MPTCP_LB_VIP_STRAY_LOCAL: Passed to the host's own stack, counted in
 *   stray-local, when the address is one of the namespace's own (on lo, say,
 *   for sshd or ping on the VIP); dropped as with drop otherwise.
 */
enum mptcp_lb_vip_stray {
	MPTCP_LB_VIP_STRAY_DROP,
	MPTCP_LB_VIP_STRAY_LOCAL,
};

#define MPTCP_LB_PROXY_NAME_LEN_MAX	31
#define MPTCP_LB_PROXY_RANGES_MAX	256
#define MPTCP_LB_SECRET_LEN_MIN		4
#define MPTCP_LB_SECRET_LEN_MAX		32
#define MPTCP_LB_ROUNDS_MIN		1
#define MPTCP_LB_ROUNDS_MAX		32
#define MPTCP_LB_ROUNDS_DEFAULT		16
#define MPTCP_LB_MAGLEV_SIZE_DEFAULT	65537
#define MPTCP_LB_MAGLEV_SIZE_MIN	257
#define MPTCP_LB_MAGLEV_SIZE_MAX	1048573
#define MPTCP_LB_WEIGHT_MAX		65535
#define MPTCP_LB_WEIGHT_DEFAULT		1
#define MPTCP_LB_FLOW_MAX_DEFAULT	1048576
#define MPTCP_LB_FLOW_MAX_MAX		16777216
#define MPTCP_LB_FLOW_TIMEOUT_DEFAULT	300
#define MPTCP_LB_FLOW_TIMEOUT_MAX	86400
#define MPTCP_LB_JOIN_TIMEOUT_DEFAULT	14400
#define MPTCP_LB_JOIN_TIMEOUT_MAX	604800
#define MPTCP_LB_SERVICE_MEMBERS_MAX	512

enum mptcp_lb_attrs {
	MPTCP_LB_A_INFO = 1,
	MPTCP_LB_A_CIPHER,
	MPTCP_LB_A_PROXY,
	MPTCP_LB_A_SERVICE,
	MPTCP_LB_A_STATS,
	MPTCP_LB_A_FLOW,
	MPTCP_LB_A_LEARNED_TOKENS,
	MPTCP_LB_A_VIP,

	__MPTCP_LB_A_MAX
};
#define MPTCP_LB_A_MAX (__MPTCP_LB_A_MAX - 1)

enum mptcp_lb_info_attrs {
	MPTCP_LB_A_INFO_VERSION = 1,
	MPTCP_LB_A_INFO_SECRET_LEN_MIN,
	MPTCP_LB_A_INFO_SECRET_LEN_MAX,
	MPTCP_LB_A_INFO_ROUNDS_MIN,
	MPTCP_LB_A_INFO_ROUNDS_MAX,
	MPTCP_LB_A_INFO_ROUNDS_DEFAULT,
	MPTCP_LB_A_INFO_MAGLEV_SIZE_DEFAULT,
	MPTCP_LB_A_INFO_MAGLEV_SIZE_MIN,
	MPTCP_LB_A_INFO_MAGLEV_SIZE_MAX,
	MPTCP_LB_A_INFO_WEIGHT_MAX,
	MPTCP_LB_A_INFO_FLOW_MAX_MAX,
	MPTCP_LB_A_INFO_FLOW_TIMEOUT_MAX,
	MPTCP_LB_A_INFO_SERVICE_MEMBERS_MAX,
	MPTCP_LB_A_INFO_JOIN_TIMEOUT_MAX,

	__MPTCP_LB_A_INFO_MAX
};
#define MPTCP_LB_A_INFO_MAX (__MPTCP_LB_A_INFO_MAX - 1)

enum mptcp_lb_cipher_attrs {
	MPTCP_LB_A_CIPHER_ALGORITHM = 1,
	MPTCP_LB_A_CIPHER_SECRET,
	MPTCP_LB_A_CIPHER_ROUNDS,
	MPTCP_LB_A_CIPHER_SECRET_LEN,
	MPTCP_LB_A_CIPHER_FINGERPRINT,

	__MPTCP_LB_A_CIPHER_MAX
};
#define MPTCP_LB_A_CIPHER_MAX (__MPTCP_LB_A_CIPHER_MAX - 1)

enum mptcp_lb_proxy_attrs {
	MPTCP_LB_A_PROXY_NAME = 1,
	MPTCP_LB_A_PROXY_ADDR4,
	MPTCP_LB_A_PROXY_ADDR6,
	MPTCP_LB_A_PROXY_STATE,
	MPTCP_LB_A_PROXY_TOKENS,
	MPTCP_LB_A_PROXY_RANGE,
	MPTCP_LB_A_PROXY_STATS,
	MPTCP_LB_A_PROXY_ENCAP,
	MPTCP_LB_A_PROXY_ENCAP_PORT,
	MPTCP_LB_A_PROXY_DIRECT_ADDR4,
	MPTCP_LB_A_PROXY_DIRECT_ADDR6,

	__MPTCP_LB_A_PROXY_MAX
};
#define MPTCP_LB_A_PROXY_MAX (__MPTCP_LB_A_PROXY_MAX - 1)

enum mptcp_lb_range_attrs {
	MPTCP_LB_A_RANGE_LO = 1,
	MPTCP_LB_A_RANGE_HI,

	__MPTCP_LB_A_RANGE_MAX
};
#define MPTCP_LB_A_RANGE_MAX (__MPTCP_LB_A_RANGE_MAX - 1)

enum mptcp_lb_service_attrs {
	MPTCP_LB_A_SERVICE_ADDR4 = 1,
	MPTCP_LB_A_SERVICE_ADDR6,
	MPTCP_LB_A_SERVICE_PORT,
	MPTCP_LB_A_SERVICE_MAGLEV_SIZE,
	MPTCP_LB_A_SERVICE_HASH_SEED,
	MPTCP_LB_A_SERVICE_FLOW_MAX,
	MPTCP_LB_A_SERVICE_FLOW_TIMEOUT,
	MPTCP_LB_A_SERVICE_MEMBER,
	MPTCP_LB_A_SERVICE_PAD,
	MPTCP_LB_A_SERVICE_STATS,
	MPTCP_LB_A_SERVICE_JOIN_TIMEOUT,
	MPTCP_LB_A_SERVICE_LOOKUP,

	__MPTCP_LB_A_SERVICE_MAX
};
#define MPTCP_LB_A_SERVICE_MAX (__MPTCP_LB_A_SERVICE_MAX - 1)

enum mptcp_lb_member_attrs {
	MPTCP_LB_A_MEMBER_PROXY = 1,
	MPTCP_LB_A_MEMBER_WEIGHT,

	__MPTCP_LB_A_MEMBER_MAX
};
#define MPTCP_LB_A_MEMBER_MAX (__MPTCP_LB_A_MEMBER_MAX - 1)

enum mptcp_lb_vip_attrs {
	MPTCP_LB_A_VIP_STRAY = 1,

	__MPTCP_LB_A_VIP_MAX
};
#define MPTCP_LB_A_VIP_MAX (__MPTCP_LB_A_VIP_MAX - 1)

enum mptcp_lb_stats_attrs {
	MPTCP_LB_A_STATS_PAD = 1,
	MPTCP_LB_A_STATS_PACKETS,
	MPTCP_LB_A_STATS_BYTES,
	MPTCP_LB_A_STATS_SYN_JOIN,
	MPTCP_LB_A_STATS_SYN_NEW,
	MPTCP_LB_A_STATS_FLOW_MISS,
	MPTCP_LB_A_STATS_FLOW_EVICTED,
	MPTCP_LB_A_STATS_FLOW_UNTRACKED,
	MPTCP_LB_A_STATS_ICMP,
	MPTCP_LB_A_STATS_DROP_NO_SECRET,
	MPTCP_LB_A_STATS_DROP_UNKNOWN_TOKEN,
	MPTCP_LB_A_STATS_DROP_NOT_MEMBER,
	MPTCP_LB_A_STATS_DROP_NO_PROXY,
	MPTCP_LB_A_STATS_DROP_MALFORMED,
	MPTCP_LB_A_STATS_DROP_NO_ROUTE,
	MPTCP_LB_A_STATS_DROP_TOO_BIG,
	MPTCP_LB_A_STATS_DROP_ERROR,
	MPTCP_LB_A_STATS_SYN_JOIN_LEARNED,
	MPTCP_LB_A_STATS_LEARNED,
	MPTCP_LB_A_STATS_LEARN_COLLISION,
	MPTCP_LB_A_STATS_LEARN_SHADOWED,
	MPTCP_LB_A_STATS_LEARN_MISSED,
	MPTCP_LB_A_STATS_DROP_TOKEN_CONFLICT,
	MPTCP_LB_A_STATS_DROP_JOIN_UNTRACKED,
	MPTCP_LB_A_STATS_SYN_KEPT,
	MPTCP_LB_A_STATS_CLOSE_IGNORED,
	MPTCP_LB_A_STATS_SYN_OPT_TRUNCATED,
	MPTCP_LB_A_STATS_SYN_MPTCP_IGNORED,
	MPTCP_LB_A_STATS_SYN_MPC_FUTURE,
	MPTCP_LB_A_STATS_SYN_MPC_JOIN,
	MPTCP_LB_A_STATS_DROP_STRAY,
	MPTCP_LB_A_STATS_STRAY_LOCAL,
	MPTCP_LB_A_STATS_ICMP_TUNNEL_MTU,
	MPTCP_LB_A_STATS_ICMP_FANOUT,
	MPTCP_LB_A_STATS_ICMP_FANOUT_LIMITED,
	MPTCP_LB_A_STATS_DROP_JOIN_DIRECT,

	__MPTCP_LB_A_STATS_MAX
};
#define MPTCP_LB_A_STATS_MAX (__MPTCP_LB_A_STATS_MAX - 1)

enum mptcp_lb_flow_attrs {
	MPTCP_LB_A_FLOW_SERVICE = 1,
	MPTCP_LB_A_FLOW_CLIENT_ADDR4,
	MPTCP_LB_A_FLOW_CLIENT_ADDR6,
	MPTCP_LB_A_FLOW_CLIENT_PORT,
	MPTCP_LB_A_FLOW_PROXY,
	MPTCP_LB_A_FLOW_JOIN,
	MPTCP_LB_A_FLOW_CLOSING,
	MPTCP_LB_A_FLOW_IDLE,
	MPTCP_LB_A_FLOW_TOKEN,
	MPTCP_LB_A_FLOW_CONFIRMED,

	__MPTCP_LB_A_FLOW_MAX
};
#define MPTCP_LB_A_FLOW_MAX (__MPTCP_LB_A_FLOW_MAX - 1)

enum {
	MPTCP_LB_CMD_INFO_GET = 1,
	MPTCP_LB_CMD_CIPHER_SET,
	MPTCP_LB_CMD_CIPHER_GET,
	MPTCP_LB_CMD_PROXY_NEW,
	MPTCP_LB_CMD_PROXY_SET,
	MPTCP_LB_CMD_PROXY_DEL,
	MPTCP_LB_CMD_PROXY_GET,
	MPTCP_LB_CMD_PROXY_FLUSH,
	MPTCP_LB_CMD_SERVICE_NEW,
	MPTCP_LB_CMD_SERVICE_SET,
	MPTCP_LB_CMD_SERVICE_DEL,
	MPTCP_LB_CMD_SERVICE_GET,
	MPTCP_LB_CMD_SERVICE_FLUSH,
	MPTCP_LB_CMD_MEMBER_SET,
	MPTCP_LB_CMD_MEMBER_DEL,
	MPTCP_LB_CMD_STATS_GET,
	MPTCP_LB_CMD_STATS_ZERO,
	MPTCP_LB_CMD_FLOW_GET,
	MPTCP_LB_CMD_VIP_SET,
	MPTCP_LB_CMD_VIP_GET,

	__MPTCP_LB_CMD_MAX
};
#define MPTCP_LB_CMD_MAX (__MPTCP_LB_CMD_MAX - 1)

#define MPTCP_LB_MCGRP_CONFIG	"config"

#endif /* _UAPI_LINUX_MPTCP_LB_H */
