// SPDX-License-Identifier: MIT
// The firmware's TCP client connection over lwIP, shared by the WebSocket client's plain transport and esp-tls
// (Network/tcp_connect.c).
#pragma once

// Connects a non-blocking TCP socket (with TCP_NODELAY) to host:port — a name or a dotted address — within
// `timeout_ms` (-1: for ever). Returns the descriptor, or -errno: -EHOSTUNREACH if the name does not resolve,
// -ENOMEM if no socket is left, -ETIMEDOUT if the peer did not answer in time.
int fw_tcp_connect(const char *host, int port, int timeout_ms);

// Waits up to `timeout_ms` (-1: for ever) for `events` on `fd`: 1 ready, 0 timed out, -1 failed (an error
// without the events).
int fw_socket_wait(int fd, short events, int timeout_ms);
