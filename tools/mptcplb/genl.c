// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <uapi/linux/mptcp_lb.h>

#include "cli.h"
#include "genl.h"

static struct mnl_socket *sock;
static uint16_t family_id;
static uint32_t config_group;

/* libmnl hands the control callbacks the data of the reply callback. */
struct transaction {
	mnl_cb_t reply_cb;
	void *data;
	int error;
	char message[256];
};

static int forward_reply(const struct nlmsghdr *nlh, void *data)
{
	struct transaction *t = data;

	return t->reply_cb ? t->reply_cb(nlh, t->data) : MNL_CB_OK;
}

/* Keeps the id of the "config" group from a CTRL_ATTR_MCAST_GROUPS. */
static void find_config_group(const struct nlattr *groups)
{
	const struct nlattr *group, *attr;
	const char *name;
	uint32_t id;

	mnl_attr_for_each_nested(group, groups) {
		name = NULL;
		id = 0;
		mnl_attr_for_each_nested(attr, group) {
			if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_NAME &&
			    !mnl_attr_validate(attr, MNL_TYPE_NUL_STRING))
				name = mnl_attr_get_str(attr);
			else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GRP_ID &&
				 !mnl_attr_validate(attr, MNL_TYPE_U32))
				id = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, MPTCP_LB_MCGRP_CONFIG))
			config_group = id;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			family_id = mnl_attr_get_u16(attr);
		else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
			find_config_group(attr);
	}
	return MNL_CB_OK;
}

/* Keeps the error code and extack message of an NLMSG_ERROR. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int offset = sizeof(*err);
	struct transaction *t = data;
	struct nlattr *attr;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return MNL_CB_ERROR;
	t->error = -err->error;
	if (!err->error)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += mnl_nlmsg_get_payload_len(&err->msg);
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return MNL_CB_STOP;
	mnl_attr_for_each(attr, nlh, offset)
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(t->message, sizeof(t->message), "%s",
				 mnl_attr_get_str(attr));
	return MNL_CB_STOP;
}

/* The end of a dump; it carries the dump's error, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transaction *t = data;
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error)) {
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
		t->error = -error;
	}
	return MNL_CB_STOP;
}

/* Sends @req and feeds every reply to @t->reply_cb until the kernel's ack. */
static int transact(struct nlmsghdr *req, struct transaction *t)
{
	static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	unsigned int portid = mnl_socket_get_portid(sock);
	char buf[REPLY_BUF_LEN];
	static uint32_t seq;
	ssize_t len;
	int ret;

	req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(sock, req, req->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(buf, (size_t)len, req->nlmsg_seq, portid,
				  forward_reply, t, ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret == MNL_CB_OK);
	if (t->error)
		return -t->error;
	return ret == MNL_CB_ERROR ? -errno : 0;
}

static int open_family(void)
{
	struct transaction t = { .reply_cb = family_cb };
	char buf[REQ_BUF_LEN];
	struct genlmsghdr *genl;
	struct nlmsghdr *req;
	int one = 1, err;

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return value_error("cannot open a generic netlink socket: %s",
				   strerror(errno));
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));

	req = mnl_nlmsg_put_header(buf);
	req->nlmsg_type = GENL_ID_CTRL;
	req->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(req, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, MPTCP_LB_FAMILY_NAME);
	err = transact(req, &t);
	if (err == -ENOENT || (!err && !family_id))
		return value_error("the mptcp_lb module is not loaded %s",
				   "(no generic netlink family \"" MPTCP_LB_FAMILY_NAME "\")");
	if (err)
		return value_error("cannot resolve family \"%s\": %s",
				   MPTCP_LB_FAMILY_NAME, strerror(-err));
	return 0;
}

/**
 * genl_request() - start a request to the mptcp_lb family in @buf
 * @buf: REQ_BUF_LEN bytes
 * @cmd: MPTCP_LB_CMD_*
 * @flags: NLM_F_DUMP or 0; NLM_F_REQUEST and NLM_F_ACK are added
 *
 * Return: the message, to which the caller adds attributes.
 */
struct nlmsghdr *genl_request(char *buf, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	req->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(req, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = MPTCP_LB_FAMILY_VERSION;
	return req;
}

/**
 * genl_monitor() - print the namespace's configuration changes until killed
 * @cb: called for every notification
 *
 * Return: EXIT_REJECTED after printing why it cannot listen or stopped.
 */
int genl_monitor(mnl_cb_t cb)
{
	char buf[REPLY_BUF_LEN];
	ssize_t len;
	int err;

	if (!sock) {
		err = open_family();
		if (err)
			return err;
	}
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &config_group,
				  sizeof(config_group)) < 0)
		return value_error("cannot listen to group \"%s\": %s",
				   MPTCP_LB_MCGRP_CONFIG, strerror(errno));
	for (;;) {
		len = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		if (len < 0)
			return value_error("lost notifications: %s",
					   strerror(errno));
		if (mnl_cb_run(buf, (size_t)len, 0, 0, cb, NULL) == MNL_CB_ERROR)
			return value_error("bad notification: %s",
					   strerror(errno));
	}
}

static int request(struct nlmsghdr *req, struct transaction *t)
{
	int err;

	if (!sock) {
		err = open_family();
		if (err)
			return err;
	}
	req->nlmsg_type = family_id;
	return transact(req, t);
}

/**
 * genl_query() - send a request and handle its replies, silently
 * @req: from genl_request()
 * @reply_cb: called for every reply message, may be NULL
 * @data: passed to @reply_cb
 *
 * Return: 0, a negative errno from the kernel, or EXIT_REJECTED if the
 * family cannot be reached (said on stderr).
 */
int genl_query(struct nlmsghdr *req, mnl_cb_t reply_cb, void *data)
{
	struct transaction t = { .reply_cb = reply_cb, .data = data };

	return request(req, &t);
}

/**
 * genl_transact() - send a request, handle its replies, report errors
 * @req: from genl_request()
 * @reply_cb: called for every reply message, may be NULL
 * @data: passed to @reply_cb
 *
 * On error prints the kernel's extack message (or the errno text) on
 * stderr.
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int genl_transact(struct nlmsghdr *req, mnl_cb_t reply_cb, void *data)
{
	struct transaction t = { .reply_cb = reply_cb, .data = data };
	int err = request(req, &t);

	if (err >= 0)
		return err;
	if (t.message[0])
		return value_error("%s (%s)", t.message, strerror(-err));
	return value_error("%s", strerror(-err));
}

/**
 * print_cb() - print every object of one kind in a reply, one per line
 * @nlh: the reply
 * @printer: a const struct object_printer
 *
 * Return: MNL_CB_OK.
 */
int print_cb(const struct nlmsghdr *nlh, void *printer)
{
	const struct object_printer *p = printer;
	struct nlattr *top;

	mnl_attr_for_each(top, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(top) != p->type)
			continue;
		out_open();
		p->print(top);
		out_close();
	}
	return MNL_CB_OK;
}
