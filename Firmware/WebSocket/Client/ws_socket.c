// SPDX-License-Identifier: MIT
// The client's TCP connection over lwIP's sockets (glue: Swift and C share no struct layouts, so sockaddr and
// pollfd stay here). LwIPConnection.swift drives it; TLS will be a second implementation of the same
// WebSocketConnection interface.
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "lwip/netdb.h"
#include "lwip/sockets.h"

// Waits up to `timeout_ms` (-1: for ever) for `events` on `fd`: 1 ready, 0 timed out, -1 failed.
static int wait_for(int fd, short events, int timeout_ms) {
    struct pollfd watched = {.fd = fd, .events = events};
    int ready = poll(&watched, 1, timeout_ms);
    if (ready > 0 && (watched.revents & (POLLERR | POLLNVAL)) && !(watched.revents & events)) return -1;
    return ready;
}

// A TCP connection to host:port (a name or a dotted address), or -errno.
int fw_ws_socket_open(const char *host, int port, int timeout_ms) {
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *found = NULL;
    if (getaddrinfo(host, NULL, &hints, &found) != 0 || !found) return -EHOSTUNREACH;
    struct sockaddr_in address = *(struct sockaddr_in *)found->ai_addr;
    freeaddrinfo(found);
    address.sin_port = htons((uint16_t)port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -ENOMEM;
    fcntl(fd, F_SETFL, O_NONBLOCK);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0 && errno != EINPROGRESS) {
        int error = errno;
        close(fd);
        return -error;
    }
    if (wait_for(fd, POLLOUT, timeout_ms) <= 0) {
        close(fd);
        return -ETIMEDOUT;
    }
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
        close(fd);
        return -error;
    }
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    return fd;
}

// Writes all of `bytes`: `count`, 0 if the socket did not become writable in time, -1 on an error.
int fw_ws_socket_write(int fd, const uint8_t *bytes, int count, int timeout_ms) {
    int written = 0;
    while (written < count) {
        int ready = wait_for(fd, POLLOUT, timeout_ms);
        if (ready <= 0) return ready;
        int sent = send(fd, bytes + written, (size_t)(count - written), 0);
        if (sent < 0 && errno != EAGAIN) return -1;
        if (sent > 0) written += sent;
    }
    return written;
}

// Waits up to `timeout_ms` for data: 1 readable (or closed: read tells), 0 nothing yet, -1 failed.
int fw_ws_socket_wait_readable(int fd, int timeout_ms) { return wait_for(fd, POLLIN, timeout_ms); }

// Up to `maximum` bytes that have arrived: the count, 0 if none, -1 if the peer closed or the socket failed.
int fw_ws_socket_read(int fd, uint8_t *buffer, int maximum) {
    int count = recv(fd, buffer, (size_t)maximum, MSG_DONTWAIT);
    if (count > 0) return count;
    if (count < 0 && errno == EAGAIN) return 0;
    return -1;
}

void fw_ws_socket_close(int fd) {
    if (fd >= 0) close(fd);
}

int fw_ws_socket_errno(void) { return errno; }
