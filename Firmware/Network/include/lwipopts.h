/* SPDX-License-Identifier: MIT */
/* Our lwIP 2.1.3 configuration: IPv4 with DHCP, DNS, TCP, UDP and the BSD socket API over the kernel
 * (NO_SYS 0: a tcpip thread, core locking), memory from our heap, sizes close to ESP-IDF's defaults. */
#pragma once

#define NO_SYS 0
#define SYS_LIGHTWEIGHT_PROT 1
#define LWIP_TCPIP_CORE_LOCKING 1
#define LWIP_TCPIP_CORE_LOCKING_INPUT 0

/* Memory: the heap (Runtime/heap.c) for the stack's own allocations and its pools. */
#define MEM_LIBC_MALLOC 1
#define MEMP_MEM_MALLOC 1
#define MEM_ALIGNMENT 4
#define MEMP_NUM_NETCONN 16
#define MEMP_NUM_TCP_PCB 16
#define MEMP_NUM_TCP_PCB_LISTEN 8
#define MEMP_NUM_UDP_PCB 8
#define MEMP_NUM_NETBUF 16
#define MEMP_NUM_TCPIP_MSG_INPKT 32
#define PBUF_POOL_SIZE 16

/* Protocols. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_RAW 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_IGMP 0
#define LWIP_DHCP 1
#define DHCP_DOES_ARP_CHECK 0   /* the virtual network has no address conflicts; GOT_IP comes 0.5 s sooner */
#define LWIP_DNS 1
#define DNS_MAX_SERVERS 2
#define LWIP_DNS_SUPPORT_MDNS_QUERIES 0
#define LWIP_NETIF_HOSTNAME 1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1
#define LWIP_CHECKSUM_ON_COPY 0
#define LWIP_CHKSUM_ALGORITHM 3

/* TCP: ESP-IDF's defaults (5744-byte buffers are its 4 x 1436; ours use the full Ethernet MSS). */
#define TCP_MSS 1460
// Closed connections wait 2 × TCP_MSL in TIME_WAIT, their PCB on the heap (MEMP_MEM_MALLOC). lwIP's 60 s would
// hold 2 minutes of PCBs after every TLS connection the client closes first; ESP-IDF lets apps lower it too
// (CONFIG_LWIP_TCP_MSL). 2 s is plenty on a virtual LAN.
#define TCP_MSL 2000
#define TCP_WND (8 * TCP_MSS)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_KEEPALIVE 1
#define TCP_LISTEN_BACKLOG 1

/* Threads (stack sizes in bytes, as the kernel takes them; priorities as in ESP-IDF). */
#define TCPIP_THREAD_NAME "tiT"
#define TCPIP_THREAD_STACKSIZE 4096
#define TCPIP_THREAD_PRIO 18
#define TCPIP_MBOX_SIZE 32
#define DEFAULT_THREAD_STACKSIZE 4096
#define DEFAULT_RAW_RECVMBOX_SIZE 16
#define DEFAULT_UDP_RECVMBOX_SIZE 16
#define DEFAULT_TCP_RECVMBOX_SIZE 16
#define DEFAULT_ACCEPTMBOX_SIZE 8

/* The socket API, with BSD names (socket, connect, …) as functions' macros; close/read/write go through
 * newlib, which hands socket descriptors to lwIP (Network/sockets_io.c). */
#define LWIP_NETCONN 1
#define LWIP_SOCKET 1
#define LWIP_COMPAT_SOCKETS 1
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#define LWIP_SOCKET_OFFSET 3
#define LWIP_SOCKET_SELECT 1
#define LWIP_SOCKET_POLL 1
#define LWIP_SO_RCVTIMEO 1
#define LWIP_SO_SNDTIMEO 1
#define LWIP_SO_RCVBUF 1
#define LWIP_SO_LINGER 1
#define SO_REUSE 1
#define LWIP_TIMEVAL_PRIVATE 0   /* newlib's struct timeval */
#define LWIP_ERRNO_STDINCLUDE 1  /* newlib's errno */
#define LWIP_NETDB 1
#define LWIP_DNS_API_DECLARE_STRUCTS 1

/* SNTP (apps/sntp): the clock is set through settimeofday; the server's port is configurable at run time. */
#define SNTP_SERVER_DNS 1
#define SNTP_STARTUP_DELAY 0
#define SNTP_UPDATE_DELAY 3600000
#define SNTP_SET_SYSTEM_TIME_US(seconds, microseconds) fw_sntp_set_time((seconds), (microseconds))
#define SNTP_PORT fw_sntp_port
#include <stdint.h>
extern uint16_t fw_sntp_port;
void fw_sntp_set_time(uint32_t seconds, uint32_t microseconds);

#define LWIP_STATS 0
#define LWIP_DEBUG 0

/* Debian's lwIP source (its "port" patch) reads and writes sockaddr lengths through these macros, which its
 * POSIX port defines; with lwIP's own socket types the length fields exist. */
#define IP4ADDR_SOCKADDR_SET_LEN(sin) ((sin)->sin_len = sizeof(struct sockaddr_in))
#define IP6ADDR_SOCKADDR_SET_LEN(sin6) ((sin6)->sin6_len = sizeof(struct sockaddr_in6))
#define IPADDR_SOCKADDR_GET_LEN(addr) ((addr)->sa.sa_len)
