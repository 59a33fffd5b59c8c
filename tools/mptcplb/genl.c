// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <uapi/linux/mptcp_lb.h>
#include <uapi/linux/mptcp_lb_issuer.h>

#include "cli.h"
#include "genl.h"

static struct mnl_socket *sock;

/* While set, requests go to it instead of the kernel: genl_capture(). */
static int (*capture_fn)(const struct nlmsghdr *req, void *data);
static void *capture_data;

/* The families this process talked to, resolved once each. */
static struct family {
	const char *name;
	uint16_t id;
	uint32_t config_group;
} families[] = {
	{ .name = MPTCP_LB_FAMILY_NAME },
	{ .name = MPTCP_LB_ISSUER_FAMILY_NAME },
};

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
static void find_config_group(const struct nlattr *groups,
			      struct family *family)
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
			family->config_group = id;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family *family = data;
	struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
			family->id = mnl_attr_get_u16(attr);
		else if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
			find_config_group(attr, family);
	}
	return MNL_CB_OK;
}

/* Keeps the extack message of an NLMSG_ERROR or NLMSG_DONE, if any. */
static void keep_message(const struct nlmsghdr *nlh, unsigned int offset,
			 struct transaction *t)
{
	struct nlattr *attr;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	mnl_attr_for_each(attr, nlh, offset)
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			snprintf(t->message, sizeof(t->message), "%s",
				 mnl_attr_get_str(attr));
}

/* Keeps the error code and extack message of an NLMSG_ERROR. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int offset = sizeof(*err);
	struct transaction *t = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return MNL_CB_ERROR;
	t->error = -err->error;
	if (!err->error)
		return MNL_CB_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += mnl_nlmsg_get_payload_len(&err->msg);
	keep_message(nlh, offset, t);
	return MNL_CB_STOP;
}

/* The end of a dump; it carries the dump's error and extack, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct transaction *t = data;
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(error)) {
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
		t->error = -error;
		if (error)
			keep_message(nlh, sizeof(error), t);
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

static int open_socket(void)
{
	int one = 1;

	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return value_error("cannot open a generic netlink socket: %s",
				   strerror(errno));
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(sock, NETLINK_CAP_ACK, &one, sizeof(one));
	return 0;
}

/* The family of this name, resolved on first use; NULL after an error. */
static struct family *open_family(const char *name)
{
	struct family *family = NULL;
	char buf[REQ_BUF_LEN];
	struct genlmsghdr *genl;
	struct transaction t;
	struct nlmsghdr *req;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (!strcmp(families[i].name, name))
			family = &families[i];
	if (family->id)
		return family;
	if (!sock && open_socket())
		return NULL;

	t = (struct transaction){ .reply_cb = family_cb, .data = family };
	req = mnl_nlmsg_put_header(buf);
	req->nlmsg_type = GENL_ID_CTRL;
	req->nlmsg_flags = NLM_F_REQUEST;
	genl = mnl_nlmsg_put_extra_header(req, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(req, CTRL_ATTR_FAMILY_NAME, name);
	err = transact(req, &t);
	if (err == -ENOENT || (!err && !family->id)) {
		value_error("the %s module is not loaded (no generic netlink family \"%s\")",
			    name, name);
		return NULL;
	}
	if (err) {
		value_error("cannot resolve family \"%s\": %s", name,
			    strerror(-err));
		return NULL;
	}
	return family;
}

/**
 * genl_request() - start a request in @buf
 * @buf: REQ_BUF_LEN bytes
 * @cmd: MPTCP_LB_CMD_* or MPTCP_LB_ISSUER_CMD_* (both families are version 1)
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

/*
 * Most that one argument of a command (a member nest with the longest
 * name and a weight, a range nest, an address) adds to a request.
 */
#define REQ_ARG_ROOM	256

/* The largest request the kernel takes, a service of all its members. */
_Static_assert(MPTCP_LB_SERVICE_MEMBERS_MAX *
	       (3 * NLA_HDRLEN + NLA_ALIGN(MPTCP_LB_PROXY_NAME_LEN_MAX + 1) +
		sizeof(uint32_t)) + REQ_ARG_ROOM <= REQ_BUF_LEN - REQ_ARG_ROOM,
	       "a service of all its members must fit a request");

/**
 * genl_room() - check that a request has room for one more argument
 * @req: a request in REQ_BUF_LEN bytes (genl_request())
 * @what: the command, as errors name it: "proxy add"
 *
 * Arguments go in with mnl_attr_put(), which does not check room, and a
 * command line may repeat them without end (the kernel takes the last of
 * a scalar); what the kernel would take always fits.
 *
 * Return: 0, or EXIT_REJECTED after saying that there are too many.
 */
int genl_room(const struct nlmsghdr *req, const char *what)
{
	if (req->nlmsg_len <= REQ_BUF_LEN - REQ_ARG_ROOM)
		return 0;
	return value_error("%s: too many arguments for one request", what);
}

/**
 * genl_monitor() - print the namespace's configuration changes until killed
 * @cb: called for every notification
 *
 * Return: EXIT_REJECTED after printing why it cannot listen or stopped.
 */
int genl_monitor(mnl_cb_t cb)
{
	struct family *family = open_family(MPTCP_LB_FAMILY_NAME);
	char buf[REPLY_BUF_LEN];
	ssize_t len;

	if (!family)
		return EXIT_REJECTED;
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP,
				  &family->config_group,
				  sizeof(family->config_group)) < 0)
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

/**
 * genl_capture() - hand the requests of the commands run from now on to a
 *	function instead of the kernel
 * @fn: called with each request; what it returns is the request's result,
 *	0 or EXIT_REJECTED after printing why.  NULL sends them again.
 * @data: passed to @fn
 *
 * So "mptcplb restore" reads a file with the very parsers that run its
 * commands, without a kernel, and decides what to send once it has all.
 */
void genl_capture(int (*fn)(const struct nlmsghdr *req, void *data),
		  void *data)
{
	capture_fn = fn;
	capture_data = data;
}

static int request(struct nlmsghdr *req, const char *name,
		   struct transaction *t)
{
	struct family *family;

	if (capture_fn)
		return capture_fn(req, capture_data);
	family = open_family(name);
	if (!family)
		return EXIT_REJECTED;
	req->nlmsg_type = family->id;
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

	return request(req, MPTCP_LB_FAMILY_NAME, &t);
}

/**
 * genl_transact_family() - send a request to a family, handle its
 *	replies, report errors
 * @req: from genl_request()
 * @name: the family, MPTCP_LB_FAMILY_NAME or MPTCP_LB_ISSUER_FAMILY_NAME
 * @reply_cb: called for every reply message, may be NULL
 * @data: passed to @reply_cb
 *
 * On error prints the kernel's extack message (or the errno text) on
 * stderr.
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int genl_transact_family(struct nlmsghdr *req, const char *name,
			 mnl_cb_t reply_cb, void *data)
{
	struct transaction t = { .reply_cb = reply_cb, .data = data };
	int err = request(req, name, &t);

	if (err >= 0)
		return err;
	if (t.message[0])
		return value_error("%s (%s)", t.message, strerror(-err));
	return value_error("%s", strerror(-err));
}

/**
 * genl_transact() - genl_transact_family() to the mptcp_lb family
 * @req: from genl_request()
 * @reply_cb: called for every reply message, may be NULL
 * @data: passed to @reply_cb
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int genl_transact(struct nlmsghdr *req, mnl_cb_t reply_cb, void *data)
{
	return genl_transact_family(req, MPTCP_LB_FAMILY_NAME, reply_cb, data);
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

/**
 * genl_object_request() - a request about one object, or a dump of all
 * @cmd: MPTCP_LB_CMD_*
 * @nest: the object's top-level attribute, MPTCP_LB_A_*
 * @put_id: puts the object's identity, as @id names it, in the nest
 * @id: the object as the user named it, or NULL for all of them
 * @printer: prints the objects of the reply, or NULL if there are none
 *
 * Return: 0, or EXIT_REJECTED after printing why.
 */
int genl_object_request(uint8_t cmd, uint16_t nest,
			int (*put_id)(struct nlmsghdr *req, const char *id),
			const char *id, const struct object_printer *printer)
{
	char buf[REQ_BUF_LEN];
	struct nlmsghdr *req;
	struct nlattr *start;
	int err;

	req = genl_request(buf, cmd, !id && printer ? NLM_F_DUMP : 0);
	if (id) {
		start = mnl_attr_nest_start(req, nest);
		err = put_id(req, id);
		if (err)
			return err;
		mnl_attr_nest_end(req, start);
	}
	if (!printer)
		return genl_transact(req, NULL, NULL);
	out_list_open();
	err = genl_transact(req, print_cb, (void *)printer);
	out_list_close();
	return err;
}
