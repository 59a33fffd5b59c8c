// SPDX-License-Identifier: GPL-2.0
/*
 * Fills a load balancer's flow table with N flows through a raw socket,
 * then hits every entry, and prints how long each kind of packet took.
 * Flow i comes from client address SRC + i % 65536 and port
 * 1024 + i / 65536.  Even flows open with a plain SYN; odd flows with a
 * SYN + MP_JOIN whose token is drawn from i (every token routes when the
 * proxies' ranges cover all of X).  Every SYN is followed by the client's
 * third ACK (sequence number the SYN's + 1), which confirms the flow.
 * Packets are as Linux sends them: DF set (path MTU discovery), SYNs with
 * its options (MSS, SACK permitted, timestamps, window scale), then
 * MP_JOIN, and ACKs with timestamps.
 * Flows go in chunks of CHUNK (default 64): the SYNs of a chunk, plain
 * then join, then its ACKs, so that no flow waits long for its ACK
 * whatever N is.  Then one more ACK per flow, in order, in chunks too: the
 * lookup pass, repeated until 65536 lookups were made.
 *
 * In a namespace whose packets the LB under test handles on the same CPU,
 * the times include the LB's work.  Each chunk of each pass is timed on
 * its own; prints on one line the 10th percentile over the chunks of the
 * nanoseconds per packet of the plain SYNs, the join SYNs, the confirming
 * ACKs and the lookup ACKs, then their medians.  The low percentile is
 * the cost of the packets themselves: on a host shared with other VMs,
 * the CPU often runs something else during a chunk, which the median
 * shows.
 *
 * With -a SECONDS or -s SECONDS it instead saturates what it sends to:
 * for SECONDS, as fast as it can, -a the ACK of every flow in turn (the
 * lookup pass, a flow table already filled), -s a plain SYN of a new flow
 * each, from flow N on.  These are written into the tap device TAP, which
 * receives them as a NIC's driver would: in buffers with NET_SKB_PAD of
 * headroom (tun_get_user()), where a tunnel's outer headers fit.  A veth
 * would hand over the sending socket's buffers, whose 16 bytes of
 * headroom make every tunnelling path reallocate each packet's head,
 * a cost no NIC driver imposes.  The clock is checked every CHUNK frames.
 * It prints the packets sent and the seconds taken; what arrived is for
 * the caller to count.  Run it on one CPU and the receiver on another
 * (RPS on TAP), so that it is the receiver that falls behind.  With -o
 * the frames go to another host's MAC address, which ip_rcv_core()
 * drops (PACKET_OTHERHOST) where every path of the receiver begins:
 * what sending costs on its own.
 *
 * Usage: flowsend [-a SECONDS | -s SECONDS -i TAP [-o]] SRC ADDR PORT N
 *                 [CHUNK]
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ether.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <getopt.h>
#include <sys/ioctl.h>

#define PORTS		65536
#define PORT_BASE	1024
#define CHUNK_DEFAULT	64
#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define LOOKUPS_MIN	65536
#define CHUNK_MAX	1024

enum pass_kind { PASS_SYN, PASS_JOIN, PASS_CONFIRM, PASS_LOOKUP, PASS_MAX };

/*
 * The options of Linux's segments (tcp_options_write()): a SYN's MSS
 * 1460, SACK permitted and timestamps, a NOP, window scale 7; any other
 * segment's two NOPs and timestamps.  The timestamps are filled in.
 */
static const unsigned char syn_options[] = {
	2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7,
};

static const unsigned char ack_options[] = {
	1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0,
};

#define SYN_TSVAL_OFFSET	8
#define ACK_TSVAL_OFFSET	4
/* Linux's SYN window, 44 segments of 1460 bytes, and after it scaled by 7. */
#define SYN_WINDOW		64240
#define ACK_WINDOW		(SYN_WINDOW >> 7)

struct packet {
	struct iphdr ip;
	struct tcphdr th;
	/*
	 * A SYN's syn_options, then for a join MP_JOIN (kind 30, length
	 * 12, subtype 1, id, token, nonce); an ACK's ack_options.
	 */
	unsigned char options[sizeof(syn_options) + 12];
} __attribute__((packed));

struct frame {
	struct ether_header eth;
	struct packet pkt;
} __attribute__((packed));

struct sender {
	int fd;
	struct sockaddr_in dst;
	uint32_t src;		/* host order */
	uint16_t port;		/* network order */
	/* ns per packet of each chunk of each pass */
	double *samples[PASS_MAX];
	unsigned long nsamples[PASS_MAX];
};

/*
 * The Internet checksum of @len bytes at @data, from the partial sum @sum.
 * Read a byte pair at a time through memcpy(): reading the caller's
 * structs through a uint16_t pointer breaks strict aliasing, and -O2 then
 * sums stale stack memory.
 */
static uint16_t checksum(const void *data, size_t len, uint32_t sum)
{
	const unsigned char *p = data;
	uint16_t word;

	for (; len > 1; len -= 2, p += 2) {
		memcpy(&word, p, sizeof(word));
		sum += word;
	}
	if (len)
		sum += *p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* A flow's initial sequence number and token: distinct, spread out. */
static uint32_t mix(unsigned long i, uint32_t salt)
{
	uint32_t x = (uint32_t)i * 0x9e3779b1u ^ salt;

	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	return x;
}

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

/* Builds in @pkt the packet of @pass of flow @i; returns its length. */
static size_t build(const struct sender *s, unsigned long i,
		    enum pass_kind pass, struct packet *pkt)
{
	struct { uint32_t s, d; uint8_t z, p; uint16_t l; } pseudo;
	size_t tcplen = sizeof(struct tcphdr);
	uint32_t isn = mix(i, 0), token, nonce, tsecr;
	unsigned char *join = &pkt->options[sizeof(syn_options)];
	uint32_t tsval = htonl(mix(i, 0x74737661));

	memset(pkt, 0, sizeof(*pkt));
	if (pass == PASS_SYN || pass == PASS_JOIN) {
		memcpy(pkt->options, syn_options, sizeof(syn_options));
		memcpy(&pkt->options[SYN_TSVAL_OFFSET], &tsval, sizeof(tsval));
		tcplen += sizeof(syn_options);
	} else {
		tsecr = htonl(mix(i, 0x74736572));
		memcpy(pkt->options, ack_options, sizeof(ack_options));
		memcpy(&pkt->options[ACK_TSVAL_OFFSET], &tsval, sizeof(tsval));
		memcpy(&pkt->options[ACK_TSVAL_OFFSET + 4], &tsecr,
		       sizeof(tsecr));
		tcplen += sizeof(ack_options);
	}
	if (pass == PASS_JOIN) {
		token = htonl(mix(i, 0x746f6b65));
		nonce = htonl(mix(i, 0x6e6f6e63));
		memcpy(join, "\x1e\x0c\x10\x01", 4);
		memcpy(&join[4], &token, sizeof(token));
		memcpy(&join[8], &nonce, sizeof(nonce));
		tcplen += 12;
	}
	pkt->ip.version = 4;
	pkt->ip.ihl = sizeof(pkt->ip) / 4;
	/* One, as a socket's counter numbers its segments. */
	pkt->ip.id = htons(i % 65535 + 1);
	pkt->ip.frag_off = htons(IP_DF);
	pkt->ip.ttl = 64;
	pkt->ip.protocol = IPPROTO_TCP;
	pkt->ip.saddr = htonl(s->src + i % PORTS);
	pkt->ip.daddr = s->dst.sin_addr.s_addr;
	pkt->ip.tot_len = htons(sizeof(pkt->ip) + tcplen);
	pkt->th.source = htons(PORT_BASE + i / PORTS);
	pkt->th.dest = s->port;
	pkt->th.doff = tcplen / 4;
	if (pass == PASS_SYN || pass == PASS_JOIN) {
		pkt->th.window = htons(SYN_WINDOW);
		pkt->th.seq = htonl(isn);
		pkt->th.syn = 1;
	} else {
		pkt->th.window = htons(ACK_WINDOW);
		pkt->th.seq = htonl(isn + 1);
		pkt->th.ack_seq = htonl(mix(i, 0x61636b21) + 1);
		pkt->th.ack = 1;
	}
	pseudo.s = pkt->ip.saddr;
	pseudo.d = pkt->ip.daddr;
	pseudo.z = 0;
	pseudo.p = IPPROTO_TCP;
	pseudo.l = htons(tcplen);
	pkt->th.check = checksum(&pkt->th, tcplen,
				 (uint16_t)~checksum(&pseudo, sizeof(pseudo),
						     0));
	/* A raw IP socket fills it in; a tap device takes it as it is. */
	pkt->ip.check = checksum(&pkt->ip, sizeof(pkt->ip), 0);
	return sizeof(pkt->ip) + tcplen;
}

static int send_one(struct sender *s, unsigned long i, enum pass_kind pass)
{
	struct packet pkt;
	size_t len = build(s, i, pass, &pkt);

	if (sendto(s->fd, &pkt, len, 0, (struct sockaddr *)&s->dst,
		   sizeof(s->dst)) < 0) {
		perror("flowsend: sendto");
		return -1;
	}
	return 0;
}

/* Sends the packets of @pass to flows @first to @last - 1, every @step. */
static int send_chunk(struct sender *s, enum pass_kind pass,
		      unsigned long first, unsigned long last,
		      unsigned long step)
{
	double t0 = now_ns();
	unsigned long i, sent = 0;

	for (i = first; i < last; i += step) {
		if (send_one(s, i, pass))
			return -1;
		sent++;
	}
	if (sent)
		s->samples[pass][s->nsamples[pass]++] = (now_ns() - t0) / sent;
	return 0;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The sample below which @pct percent of the @n sorted samples @v lie. */
static double percentile(const double *v, unsigned long n, unsigned int pct)
{
	return n ? v[(n - 1) * pct / 100] : 0;
}

static void bad_usage(void)
{
	fprintf(stderr,
		"usage: flowsend [-a SECONDS | -s SECONDS -i TAP [-o]] SRC ADDR PORT N [CHUNK]\n");
	exit(2);
}

/*
 * The tap device @ifname, attached, and in @eth the header of frames to
 * it (to its own address, so that the stack takes them as for this
 * host); -1 after saying why.
 */
static int tap_open(const char *ifname, bool other_host,
		    struct ether_header *eth)
{
	static const unsigned char client_mac[ETH_ALEN] = {
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	};
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd, sock, err;

	/* TUNSETIFF would make a device of a name that has none, down. */
	if (strlen(ifname) >= sizeof(ifr.ifr_name) || !if_nametoindex(ifname)) {
		fprintf(stderr, "flowsend: no tap device %s\n", ifname);
		return -1;
	}
	strcpy(ifr.ifr_name, ifname);
	fd = open("/dev/net/tun", O_RDWR);
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("flowsend: tap device");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	err = sock < 0 || ioctl(sock, SIOCGIFHWADDR, &ifr) < 0;
	if (err)
		perror("flowsend: tap device's address");
	if (sock >= 0)
		close(sock);
	if (err) {
		close(fd);
		return -1;
	}
	memcpy(eth->ether_dhost, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	/* Its last bit flipped: still unicast, no longer the tap's. */
	if (other_host)
		eth->ether_dhost[ETH_ALEN - 1] ^= 1;
	memcpy(eth->ether_shost, client_mac, ETH_ALEN);
	eth->ether_type = htons(ETHERTYPE_IP);
	return fd;
}

/*
 * For @seconds, the packets of @pass to flows @first, @first + 1, ... (or
 * @first to @first + @n - 1 over and over, with @n), each a frame with
 * header @eth written into the tap device @s->fd; built and timed @chunk
 * at a time.  Prints the frames sent and the seconds taken.
 */
static int saturate(const struct sender *s, const struct ether_header *eth,
		    enum pass_kind pass,
		    unsigned long first, unsigned long n, unsigned long chunk,
		    double seconds)
{
	static struct frame frames[CHUNK_MAX];
	static size_t lens[CHUNK_MAX];
	double start = now_ns(), end = start + seconds * 1e9, t;
	unsigned long sent = 0, next = 0, i;

	do {
		for (i = 0; i < chunk; i++, next++) {
			unsigned long flow = n ? first + next % n :
						 first + next;

			frames[i].eth = *eth;
			lens[i] = sizeof(frames[i].eth) +
				  build(s, flow, pass, &frames[i].pkt);
		}
		for (i = 0; i < chunk; i++, sent++) {
			if (write(s->fd, &frames[i], lens[i]) < 0) {
				perror("flowsend: write");
				return -1;
			}
		}
		t = now_ns();
	} while (t < end);
	printf("%lu %.3f\n", sent, (t - start) / 1e9);
	return 0;
}

int main(int argc, char **argv)
{
	struct sender s = { .dst.sin_family = AF_INET };
	unsigned long n, chunk = CHUNK_DEFAULT, chunks, c, end, round, rounds;
	enum pass_kind p, flood = PASS_MAX;
	unsigned int pct[] = { 10, 50 }, k;
	const char *ifname = NULL;
	bool other_host = false;
	struct ether_header eth;
	double seconds = 0;
	struct in_addr src;
	int one = 1, opt;
	char *tail;

	while ((opt = getopt(argc, argv, "a:s:i:o")) != -1) {
		if (opt == 'i') {
			ifname = optarg;
			continue;
		}
		if (opt == 'o') {
			other_host = true;
			continue;
		}
		if (flood != PASS_MAX || (opt != 'a' && opt != 's'))
			bad_usage();
		flood = opt == 'a' ? PASS_LOOKUP : PASS_SYN;
		seconds = strtod(optarg, &tail);
		if (*tail || seconds <= 0)
			bad_usage();
	}
	if (flood == PASS_MAX ? ifname || other_host : !ifname)
		bad_usage();
	argc -= optind - 1;
	argv += optind - 1;
	if (argc < 5 || argc > 6 || inet_pton(AF_INET, argv[1], &src) != 1 ||
	    inet_pton(AF_INET, argv[2], &s.dst.sin_addr) != 1)
		bad_usage();
	s.src = ntohl(src.s_addr);
	s.port = htons(strtoul(argv[3], &tail, 0));
	if (*tail)
		bad_usage();
	n = strtoul(argv[4], &tail, 0);
	if (*tail || !n || n > (unsigned long)PORTS * (65536 - PORT_BASE))
		bad_usage();
	if (argc == 6) {
		chunk = strtoul(argv[5], &tail, 0);
		if (*tail || !chunk)
			bad_usage();
	}
	if (flood != PASS_MAX) {
		if (chunk > CHUNK_MAX)
			bad_usage();
		s.fd = tap_open(ifname, other_host, &eth);
		if (s.fd < 0)
			return 1;
		return saturate(&s, &eth, flood,
				flood == PASS_SYN ? n : 0,
				flood == PASS_SYN ? 0 : n, chunk, seconds) ? 1 : 0;
	}
	chunks = (n + chunk - 1) / chunk;
	rounds = n < LOOKUPS_MIN ? (LOOKUPS_MIN + n - 1) / n : 1;
	for (p = 0; p < PASS_MAX; p++) {
		s.samples[p] = calloc(p == PASS_LOOKUP ? chunks * rounds : chunks,
				      sizeof(double));
		if (!s.samples[p]) {
			perror("flowsend");
			return 1;
		}
	}
	s.fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (s.fd < 0 || setsockopt(s.fd, IPPROTO_IP, IP_HDRINCL, &one,
				   sizeof(one)) < 0) {
		perror("flowsend: raw socket");
		return 1;
	}
	for (c = 0; c < n; c += chunk) {
		end = c + chunk < n ? c + chunk : n;
		if (send_chunk(&s, PASS_SYN, (c + 1) & ~1UL, end, 2) ||
		    send_chunk(&s, PASS_JOIN, c | 1, end, 2) ||
		    send_chunk(&s, PASS_CONFIRM, c, end, 1))
			return 1;
	}
	for (round = 0; round < rounds; round++) {
		for (c = 0; c < n; c += chunk) {
			end = c + chunk < n ? c + chunk : n;
			if (send_chunk(&s, PASS_LOOKUP, c, end, 1))
				return 1;
		}
	}
	for (p = 0; p < PASS_MAX; p++)
		qsort(s.samples[p], s.nsamples[p], sizeof(double), compare);
	for (k = 0; k < ARRAY_SIZE(pct); k++)
		for (p = 0; p < PASS_MAX; p++)
			printf("%.0f%c",
			       percentile(s.samples[p], s.nsamples[p], pct[k]),
			       p == PASS_MAX - 1 && k ? '\n' : ' ');
	close(s.fd);
	return 0;
}
