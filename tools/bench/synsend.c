// SPDX-License-Identifier: GPL-2.0
/*
 * Sends N TCP SYNs, each from its own source port, to ADDR:PORT through a
 * raw socket, and prints how long it took per packet.  In a namespace
 * whose packets the LB under test handles on the same CPU, the time
 * includes the LB's work.
 *
 * Usage: synsend SRC ADDR PORT N [mptcp]
 *   mptcp  the SYNs carry MP_CAPABLE (version 1), as a Linux client's do
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned short checksum(const void *data, size_t len, unsigned int sum)
{
	const unsigned short *p = data;

	for (; len > 1; len -= 2)
		sum += *p++;
	if (len)
		sum += *(const unsigned char *)p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (unsigned short)~sum;
}

int main(int argc, char **argv)
{
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct { struct in_addr s, d; unsigned char z, p; unsigned short l; }
		pseudo;
	struct timespec t0, t1;
	struct {
		struct tcphdr th;
		unsigned char options[4];
	} syn;
	unsigned long i, n;
	size_t len;
	double ns;
	int fd;

	if (argc < 5 || argc > 6 || (argc == 6 && strcmp(argv[5], "mptcp")) ||
	    inet_pton(AF_INET, argv[1], &src.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: synsend SRC ADDR PORT N [mptcp]\n");
		return 2;
	}
	n = strtoul(argv[4], NULL, 0);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0) {
		perror("synsend: raw socket");
		return 1;
	}
	pseudo.s = src.sin_addr;
	pseudo.d = dst.sin_addr;
	pseudo.z = 0;
	pseudo.p = IPPROTO_TCP;
	/* MP_CAPABLE: kind 30, length 4, subtype 0 version 1, flag H. */
	len = sizeof(syn.th) + (argc == 6 ? sizeof(syn.options) : 0);
	pseudo.l = htons(len);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		memset(&syn, 0, sizeof(syn));
		syn.th.source = htons(1024 + i % 64000);
		syn.th.dest = htons(atoi(argv[3]));
		syn.th.seq = htonl(i);
		syn.th.doff = len / 4;
		syn.th.syn = 1;
		syn.th.window = htons(65535);
		memcpy(syn.options, "\x1e\x04\x01\x01", sizeof(syn.options));
		syn.th.check = checksum(&syn, len,
					(unsigned short)~checksum(&pseudo,
								  sizeof(pseudo),
								  0));
		if (sendto(fd, &syn, len, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0) {
			perror("synsend: sendto");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ns = (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	printf("%.0f\n", ns / n);
	close(fd);
	return 0;
}
