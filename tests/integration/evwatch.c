// SPDX-License-Identifier: GPL-2.0
/*
 * evwatch N SECONDS: join the enbkey "events" group and print the first N
 * notifications as "ue ID event EVENT [other attribute types]", or stop
 * after SECONDS. Exits 1 when it cannot join (e.g. without CAP_NET_ADMIN).
 * Prints "ready" once subscribed, so a test knows when to act, and
 * "overrun" if the socket dropped notifications.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/enbkey.h>

static uint32_t group;

static int group_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *grp, *a;

	(void)data;
	if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(grp, attr) {
		uint32_t id = 0;
		const char *name = NULL;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
				id = mnl_attr_get_u32(a);
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
				name = mnl_attr_get_str(a);
		}
		if (name && !strcmp(name, ENBKEY_MCGRP_EVENTS))
			group = id;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), group_cb, data);
}

static int event_attr_cb(const struct nlattr *attr, void *data)
{
	const char *sep = *(int *)data ? " " : "";

	switch (mnl_attr_get_type(attr)) {
	case ENBKEY_A_UE_ID:
		printf("%sue %u", sep, mnl_attr_get_u32(attr));
		break;
	case ENBKEY_A_EVENT:
		printf("%sevent %u", sep, mnl_attr_get_u8(attr));
		break;
	default:
		printf("%sattr %u", sep, mnl_attr_get_type(attr));
	}
	*(int *)data = 1;
	return MNL_CB_OK;
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	int printed = 0;

	(void)data;
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), event_attr_cb, &printed);
	printf("\n");
	fflush(stdout);
	return MNL_CB_OK;
}

int main(int argc, char **argv)
{
	char buf[8192];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int n, want, seconds;
	ssize_t len;

	if (argc != 3)
		return 2;
	want = atoi(argv[1]);
	seconds = atoi(argv[2]);
	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return 2;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 1;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, ENBKEY_GENL_NAME);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return 2;
	len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	if (len < 0 || mnl_cb_run(buf, len, 1, 0, family_cb, NULL) < 0 || !group)
		return 2;
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		perror("evwatch: join events");
		return 1;
	}
	/* room for a burst of events: a drop would hide their order */
	n = 8 << 20;
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE, &n, sizeof(n));
	printf("ready\n");
	fflush(stdout);
	for (n = 0; n < want; n++) {
		struct pollfd pfd = { .fd = mnl_socket_get_fd(nl), .events = POLLIN };

		if (poll(&pfd, 1, seconds * 1000) <= 0)
			break;
		len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (len < 0 && errno == ENOBUFS) {
			printf("overrun\n");
			continue;
		}
		if (len < 0 || mnl_cb_run(buf, len, 0, 0, event_cb, NULL) < 0)
			return 2;
	}
	mnl_socket_close(nl);
	return 0;
}
