// SPDX-License-Identifier: MIT
// TCP client connections over lwIP's sockets (tcp_connect.h).
#include "tcp_connect.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "lwip/netdb.h"
#include "lwip/sockets.h"

int fw_socket_wait(int fd, short events, int timeout_ms) {
    struct pollfd watched = {.fd = fd, .events = events};
    int ready = poll(&watched, 1, timeout_ms);
    if (ready > 0 && (watched.revents & (POLLERR | POLLNVAL)) && !(watched.revents & events)) return -1;
    return ready;
}

int fw_tcp_connect(const char *host, int port, int timeout_ms) {
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
    if (fw_socket_wait(fd, POLLOUT, timeout_ms) <= 0) {
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
