// SPDX-License-Identifier: MIT
// The client's connection: a TCP socket over lwIP (ws://) or an esp-tls session on one (wss://), behind one set
// of calls that LwIPConnection.swift drives (glue: Swift and C share no struct layouts, so sockaddr, pollfd and
// esp_tls_cfg_t stay here). The socket is non-blocking; waits are poll() with a timeout.
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esp_tls.h"
#include "lwip/sockets.h"
#include "tcp_connect.h"

typedef struct {
    int fd;
    esp_tls_t *tls;  // NULL for ws://
} transport_t;

// What a failed open leaves for the client's events, in this order (Swift reads it as four Int32).
enum { FAILURE_ERRNO, FAILURE_TLS_ESP_ERROR, FAILURE_TLS_STACK_ERROR, FAILURE_TLS_VERIFY_FLAGS, FAILURE_FIELDS };

static bool open_tls(transport_t *transport, const char *host, int port, int timeout_ms, const esp_tls_cfg_t *config,
                     int32_t failure[FAILURE_FIELDS]) {
    esp_tls_cfg_t with_timeout = *config;
    with_timeout.timeout_ms = timeout_ms;
    transport->tls = esp_tls_init();
    if (!transport->tls) {
        failure[FAILURE_ERRNO] = ENOMEM;
        return false;
    }
    if (esp_tls_conn_new_sync(host, (int)strlen(host), port, &with_timeout, transport->tls) == 1) {
        transport->fd = transport->tls->sockfd;
        return true;
    }
    int stack_error = 0, flags = 0;
    failure[FAILURE_ERRNO] = errno;
    failure[FAILURE_TLS_ESP_ERROR] =
        esp_tls_get_and_clear_last_error(transport->tls->error_handle, &stack_error, &flags);
    failure[FAILURE_TLS_STACK_ERROR] = stack_error;
    failure[FAILURE_TLS_VERIFY_FLAGS] = flags;
    esp_tls_conn_destroy(transport->tls);
    transport->tls = NULL;
    return false;
}

// Opens ws:// (tls_config NULL) or wss:// to host:port. NULL on failure, with `failure` filled in.
void *fw_ws_transport_open(const char *host, int port, int timeout_ms, const esp_tls_cfg_t *tls_config,
                           int32_t failure[FAILURE_FIELDS]) {
    memset(failure, 0, FAILURE_FIELDS * sizeof failure[0]);
    transport_t *transport = calloc(1, sizeof *transport);
    if (!transport) {
        failure[FAILURE_ERRNO] = ENOMEM;
        return NULL;
    }
    if (tls_config) {
        if (open_tls(transport, host, port, timeout_ms, tls_config, failure)) return transport;
    } else {
        transport->fd = fw_tcp_connect(host, port, timeout_ms);
        if (transport->fd >= 0) return transport;
        failure[FAILURE_ERRNO] = -transport->fd;
    }
    free(transport);
    return NULL;
}

// Writes all of `bytes`: `count`, 0 if the socket did not become writable in time, -1 on an error.
int fw_ws_transport_write(void *handle, const uint8_t *bytes, int count, int timeout_ms) {
    transport_t *transport = handle;
    int written = 0;
    short awaited = POLLOUT;
    while (written < count) {
        int ready = fw_socket_wait(transport->fd, awaited, timeout_ms);
        if (ready <= 0) return ready;
        int sent;
        if (transport->tls) {
            sent = (int)esp_tls_conn_write(transport->tls, bytes + written, (size_t)(count - written));
            if (sent < 0 && sent != ESP_TLS_ERR_SSL_WANT_READ && sent != ESP_TLS_ERR_SSL_WANT_WRITE) return -1;
            awaited = sent == ESP_TLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
        } else {
            sent = send(transport->fd, bytes + written, (size_t)(count - written), 0);
            if (sent < 0 && errno != EAGAIN) return -1;
        }
        if (sent > 0) written += sent;
    }
    return written;
}

// Waits up to `timeout_ms` for data: 1 readable (or closed: read tells), 0 nothing yet, -1 failed. Data that TLS
// has already decrypted counts; mbedtls takes one record at a time off the socket, so the rest waits there.
int fw_ws_transport_wait_readable(void *handle, int timeout_ms) {
    transport_t *transport = handle;
    if (transport->tls && esp_tls_get_bytes_avail(transport->tls) > 0) return 1;
    return fw_socket_wait(transport->fd, POLLIN, timeout_ms);
}

// Up to `maximum` bytes that have arrived: the count, 0 if none, -1 if the peer closed or the connection failed.
int fw_ws_transport_read(void *handle, uint8_t *buffer, int maximum) {
    transport_t *transport = handle;
    if (transport->tls) {
        int count = (int)esp_tls_conn_read(transport->tls, buffer, (size_t)maximum);
        if (count > 0) return count;
        return count == ESP_TLS_ERR_SSL_WANT_READ || count == ESP_TLS_ERR_SSL_WANT_WRITE ? 0 : -1;
    }
    int count = recv(transport->fd, buffer, (size_t)maximum, MSG_DONTWAIT);
    if (count > 0) return count;
    if (count < 0 && errno == EAGAIN) return 0;
    return -1;
}

void fw_ws_transport_close(void *handle) {
    transport_t *transport = handle;
    if (!transport) return;
    if (transport->tls) {
        esp_tls_conn_destroy(transport->tls);
    } else {
        close(transport->fd);
    }
    free(transport);
}

int fw_ws_transport_errno(void) { return errno; }
