// SPDX-License-Identifier: GPL-2.0
/*
 * Sends N TCP SYNs, each from its own source port, to ADDR:PORT through a
 * raw socket, and prints how long it took per packet.  In a namespace
 * whose packets the LB under test handles on the same CPU, the time
 * includes the LB's work.
 *
 * Usage: synsend SRC ADDR PORT N
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
	struct tcphdr th;
	unsigned long i, n;
	double ns;
	int fd;

	if (argc != 5 || inet_pton(AF_INET, argv[1], &src.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "usage: synsend SRC ADDR PORT N\n");
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
	pseudo.l = htons(sizeof(th));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		memset(&th, 0, sizeof(th));
		th.source = htons(1024 + i % 64000);
		th.dest = htons(atoi(argv[3]));
		th.seq = htonl(i);
		th.doff = sizeof(th) / 4;
		th.syn = 1;
		th.window = htons(65535);
		th.check = checksum(&th, sizeof(th),
				    (unsigned short)~checksum(&pseudo,
							      sizeof(pseudo),
							      0));
		if (sendto(fd, &th, sizeof(th), 0, (struct sockaddr *)&dst,
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
