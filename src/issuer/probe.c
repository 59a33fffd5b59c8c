// SPDX-License-Identifier: GPL-2.0
/*
 * A stock kernel picks a passive MPTCP connection's key at random in
 * subflow_check_req(), called from subflow_v4_route_req() or
 * subflow_v6_route_req(), and derives the token from it with
 * mptcp_crypto_key_sha(), inline for syncookies or through
 * mptcp_token_new_request().  A kretprobe on the route_req functions
 * marks, per CPU, the request being created; a kretprobe on
 * mptcp_crypto_key_sha() acts only when its token output is that
 * request's token, and on return replaces key, token and initial data
 * sequence number with an issued key's.  Any other call, among them the
 * syncookie's third ACK re-deriving the token from the key the client
 * echoed, is left alone: a missed probe leaves one connection with an
 * unroutable token, never a broken one.  The layout comes from userspace,
 * so nothing is read or written through it unless it lies inside the
 * request the kernel allocated.
 */
#include <linux/kprobes.h>
#include <linux/percpu.h>
#include <net/request_sock.h>
#include <net/sock.h>

#include "issuer.h"
#include "probe.h"

/**
 * struct pending - the request a route_req function is creating
 * @req: the request, or NULL outside route_req
 * @pn: the issuer of the listener's namespace
 */
struct pending {
	struct request_sock *req;
	struct mlbp_net *pn;
};

static DEFINE_PER_CPU(struct pending, pending);

/**
 * struct issued - what the key_sha probe hands from entry to return
 * @req_key: the request's local_key
 * @token: the function's token output
 * @idsn: its initial data sequence number output, or NULL
 * @key: the issued key and what derives from it
 */
struct issued {
	u64 *req_key;
	u32 *token;
	u64 *idsn;
	struct mlbp_key key;
};

static int route_req_entry(struct kretprobe_instance *ri,
			   struct pt_regs *regs)
{
	const struct sock *listener = (void *)regs_get_kernel_argument(regs, 0);
	struct mlbp_net *pn = mlbp_net(sock_net(listener));

	if (!rcu_access_pointer(pn->config))
		return 1;
	this_cpu_write(pending.req,
		       (void *)regs_get_kernel_argument(regs, 3));
	this_cpu_write(pending.pn, pn);
	return 0;
}

static int route_req_return(struct kretprobe_instance *ri,
			    struct pt_regs *regs)
{
	this_cpu_write(pending.req, NULL);
	return 0;
}

/*
 * Whether @config's fields lie inside @req as the kernel allocated it:
 * layout_size is only what userspace claims, and the request's slab
 * object ends at its ops' obj_size.
 */
static bool layout_fits(const struct mlbp_config *config,
			const struct request_sock *req)
{
	unsigned int obj_size = req->rsk_ops->obj_size;

	return config->key_offset + sizeof(u64) <= obj_size &&
	       config->token_offset + sizeof(u32) <= obj_size;
}

static int key_sha_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	u32 *token = (u32 *)regs_get_kernel_argument(regs, 1);
	struct issued *issued = (void *)ri->data;
	struct pending *p = this_cpu_ptr(&pending);
	struct mlbp_config *config;
	int skip = 1;
	u8 *req;

	if (!p->req || !token)
		return 1;
	req = (u8 *)p->req;
	rcu_read_lock();
	config = rcu_dereference(p->pn->config);
	if (!config)
		goto unlock;
	if (!layout_fits(config, p->req)) {
		atomic64_inc(&p->pn->stats[MPTCP_LB_ISSUER_A_STATS_LAYOUT_OUT_OF_BOUNDS]);
		goto unlock;
	}
	if ((u8 *)token != req + config->token_offset)
		goto unlock;
	issued->req_key = (u64 *)(req + config->key_offset);
	/* The key hashed is the request's: else the layout is not this one. */
	if (*issued->req_key != regs_get_kernel_argument(regs, 0)) {
		atomic64_inc(&p->pn->stats[MPTCP_LB_ISSUER_A_STATS_LAYOUT_MISMATCH]);
		goto unlock;
	}
	if (!mlbp_issue(p->pn, config, p->req->syncookie, &issued->key))
		goto unlock;
	issued->token = token;
	issued->idsn = (u64 *)regs_get_kernel_argument(regs, 2);
	skip = 0;
unlock:
	rcu_read_unlock();
	return skip;
}

static int key_sha_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	const struct issued *issued = (void *)ri->data;

	*issued->req_key = issued->key.key;
	*issued->token = issued->key.token;
	if (issued->idsn)
		*issued->idsn = issued->key.idsn;
	return 0;
}

static struct kretprobe route_req_v4 = {
	.kp.symbol_name = "subflow_v4_route_req",
	.entry_handler = route_req_entry,
	.handler = route_req_return,
};

static struct kretprobe route_req_v6 = {
	.kp.symbol_name = "subflow_v6_route_req",
	.entry_handler = route_req_entry,
	.handler = route_req_return,
};

static struct kretprobe key_sha = {
	.kp.symbol_name = "mptcp_crypto_key_sha",
	.entry_handler = key_sha_entry,
	.handler = key_sha_return,
	.data_size = sizeof(struct issued),
};

static struct kretprobe *probes[] = { &key_sha, &route_req_v4, &route_req_v6 };

/**
 * mlbp_probes_register() - start replacing keys in configured namespaces
 *
 * Return: 0 or a negative errno, e.g. -ENOENT for a kernel without one
 * of the probed functions.
 */
int mlbp_probes_register(void)
{
	return register_kretprobes(probes, ARRAY_SIZE(probes));
}

/**
 * mlbp_probes_unregister() - stop; no handler runs once it returns
 */
void mlbp_probes_unregister(void)
{
	unregister_kretprobes(probes, ARRAY_SIZE(probes));
}
