// SPDX-License-Identifier: MIT
// The network from application code, the way ESP-IDF examples use it: example_connect and the station
// events, DNS through getaddrinfo, TCP and UDP through BSD sockets against servers on the host (reached as
// 10.0.2.2), a server in the guest reached through a host forward, SNTP, and the link going down and back up.
// After the network is up it asks on UART0 — "net_check: config>" — for the host ports, one line:
//   <TCP echo> <UDP echo> <SNTP> <refused (nothing listens)> <resetting server>
// or, for Tools/benchmark-network, "bench <TCP echo> <MiB>" to stream that much each way and stop. It
// prints "net_check: <check> ok|FAILED <details>" per check and "net_check: done". For the link check it
// prints "net_check: unplug the cable>" and "net_check: plug it back>" and waits for the harness to act.
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "check_report.h"
#include "esp_event.h"
#include "esp_netif.h"
#include "esp_netif_sntp.h"
#include "esp_timer.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/task.h"
#include "netdb.h"
#include "protocol_examples_common.h"
#include "sys/socket.h"

enum { STARTED = 1 << 0, CONNECTED = 1 << 1, DISCONNECTED = 1 << 2, GOT_IP = 1 << 3, SERVER_DONE = 1 << 4 };
enum { CHUNK = 4096, GUEST_SERVER_PORT = 8080 };

static EventGroupHandle_t events;
static esp_netif_ip_info_t last_address;
static int64_t got_ip_at;
static const uint8_t host[4] = {10, 0, 2, 2};

static void on_station_event(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg;
    if (base == WIFI_EVENT) {
        static const char *const names[] = {"READY", "SCAN_DONE", "STA_START", "STA_STOP", "STA_CONNECTED",
                                            "STA_DISCONNECTED"};
        printf("net_check: event WIFI_EVENT_%s\n", id >= 0 && id <= WIFI_EVENT_STA_DISCONNECTED ? names[id] : "?");
        if (id == WIFI_EVENT_STA_START) xEventGroupSetBits(events, STARTED);
        if (id == WIFI_EVENT_STA_CONNECTED) xEventGroupSetBits(events, CONNECTED);
        if (id == WIFI_EVENT_STA_DISCONNECTED) xEventGroupSetBits(events, DISCONNECTED);
    } else if (id == IP_EVENT_STA_GOT_IP) {
        last_address = ((ip_event_got_ip_t *)data)->ip_info;
        got_ip_at = esp_timer_get_time();
        printf("net_check: event IP_EVENT_STA_GOT_IP " IPSTR "\n", IP2STR(&last_address.ip));
        xEventGroupSetBits(events, GOT_IP);
    } else {
        printf("net_check: event IP_EVENT_STA_LOST_IP\n");
    }
}

static struct sockaddr_in host_address(uint16_t port) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    memcpy(&address.sin_addr, host, sizeof host);
    return address;
}

/// A TCP connection to the host's `port`, or -errno.
static int connect_to_host(uint16_t port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -errno;
    struct sockaddr_in address = host_address(port);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

static uint32_t next_random(uint32_t *state) {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

static uint32_t fnv1a(uint32_t hash, const uint8_t *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) hash = (hash ^ bytes[i]) * 16777619u;
    return hash;
}

/// Milliseconds of virtual time since `start` (from esp_timer_get_time). No floating point: printf has none.
static uint32_t ms_since(int64_t start) { return (uint32_t)((esp_timer_get_time() - start) / 1000); }

// ---- Checks -------------------------------------------------------------------------------------------------

static void check_dns(void) {
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *found = NULL;
    int known = getaddrinfo("echo.test", "7", &hints, &found);
    uint8_t address[4] = {0};
    if (known == 0) memcpy(address, &((struct sockaddr_in *)found->ai_addr)->sin_addr, 4);
    if (found) freeaddrinfo(found);
    report("dns-known-name", known == 0 && memcmp(address, host, 4) == 0, "echo.test -> %d.%d.%d.%d", address[0],
           address[1], address[2], address[3]);
    found = NULL;
    int64_t start = esp_timer_get_time();
    int unknown = getaddrinfo("nowhere.test", NULL, &hints, &found);
    report("dns-unknown-name", unknown != 0 && found == NULL, "error %d after %" PRIu32 " ms", unknown, ms_since(start));
}

/// `total` bytes to the echo server and back, through select() on a non-blocking socket, hashed both ways.
static void check_tcp_stream(uint16_t port, size_t total) {
    int fd = connect_to_host(port);
    if (fd < 0) {
        report("tcp-stream", false, "connect: errno %d", -fd);
        return;
    }
    int yes = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK);
    static uint8_t buffer[CHUNK];
    uint32_t random = 0x12345678, sent_hash = 2166136261u, received_hash = 2166136261u;
    size_t sent = 0, received = 0, pending = 0, pending_offset = 0;
    int64_t start = esp_timer_get_time();
    bool failed = false;
    while (received < total && !failed && ms_since(start) < 600000) {
        fd_set readable, writable;
        FD_ZERO(&readable);
        FD_ZERO(&writable);
        FD_SET(fd, &readable);
        if (sent < total) FD_SET(fd, &writable);
        struct timeval timeout = {.tv_sec = 5};
        if (select(fd + 1, &readable, &writable, NULL, &timeout) <= 0) break;
        if (FD_ISSET(fd, &writable)) {
            static uint8_t outgoing[CHUNK];
            if (pending == 0) {
                pending = total - sent < CHUNK ? total - sent : CHUNK;
                for (size_t i = 0; i < pending; i += 4) {
                    uint32_t word = next_random(&random);
                    memcpy(outgoing + i, &word, 4);
                }
                sent_hash = fnv1a(sent_hash, outgoing, pending);
                pending_offset = 0;
            }
            int count = send(fd, outgoing + pending_offset, pending - pending_offset, 0);
            if (count > 0) {
                pending_offset += (size_t)count;
                sent += (size_t)count;
                if (pending_offset == pending) pending = 0;
            } else if (errno != EAGAIN) {
                failed = true;
            }
        }
        if (FD_ISSET(fd, &readable)) {
            int count = recv(fd, buffer, sizeof buffer, 0);
            if (count > 0) {
                received_hash = fnv1a(received_hash, buffer, (size_t)count);
                received += (size_t)count;
            } else if (count == 0 || errno != EAGAIN) {
                failed = true;
            }
        }
    }
    uint32_t ms = ms_since(start);
    close(fd);
    report("tcp-stream", !failed && sent == total && received == total && sent_hash == received_hash,
           "%u bytes each way, hash %08" PRIx32 "/%08" PRIx32 ", %" PRIu32 " ms virtual, %" PRIu32 " kB/s",
           (unsigned)received, sent_hash, received_hash, ms, ms ? (uint32_t)(2ull * total / ms) : 0u);
}

static void check_refused(uint16_t port) {
    int64_t start = esp_timer_get_time();
    int fd = connect_to_host(port);
    if (fd >= 0) close(fd);
    // lwIP 2.1.3 reports a reset answering the SYN as ECONNRESET (err_to_errno(ERR_RST)); ECONNREFUSED is
    // what a POSIX host says. Either way the failure must come at once.
    uint32_t waited = ms_since(start);
    report("tcp-connection-refused", (fd == -ECONNRESET || fd == -ECONNREFUSED) && waited < 1000,
           "errno %d after %" PRIu32 " ms", -fd, waited);
}

static void check_reset(uint16_t port) {
    int fd = connect_to_host(port);
    if (fd < 0) {
        report("tcp-peer-reset", false, "connect: errno %d", -fd);
        return;
    }
    struct timeval limit = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    char byte;
    int count = recv(fd, &byte, 1, 0);
    int error = errno;
    close(fd);
    report("tcp-peer-reset", count < 0 && error == ECONNRESET, "recv %d errno %d", count, error);
}

static void check_receive_timeout(uint16_t port) {
    int fd = connect_to_host(port);
    if (fd < 0) {
        report("tcp-receive-timeout", false, "connect: errno %d", -fd);
        return;
    }
    struct timeval limit = {.tv_usec = 200000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    char byte;
    int64_t start = esp_timer_get_time();
    int count = recv(fd, &byte, 1, 0);
    int error = errno;
    uint32_t waited = ms_since(start);
    close(fd);
    report("tcp-receive-timeout", count < 0 && error == EAGAIN && waited >= 199 && waited < 300,   // tick rounding
           "recv %d errno %d after %" PRIu32 " ms", count, error, waited);
}

/// Keep-alive, send timeout and TCP_NODELAY are accepted and read back; poll() times out on a quiet socket
/// and reports the echo once something was sent.
static void check_socket_options_and_poll(uint16_t port) {
    int fd = connect_to_host(port);
    if (fd < 0) {
        report("socket-options-and-poll", false, "connect: errno %d", -fd);
        return;
    }
    int on = 1, idle = 5, interval = 2, count = 3;
    struct timeval send_limit = {.tv_sec = 1};
    bool set = setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) == 0 &&
               setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle) == 0 &&
               setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval) == 0 &&
               setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count) == 0 &&
               setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit) == 0 &&
               setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0;
    int read_back = 0;
    socklen_t length = sizeof read_back;
    getsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &read_back, &length);
    struct pollfd watched = {.fd = fd, .events = POLLIN};
    int64_t start = esp_timer_get_time();
    int quiet = poll(&watched, 1, 100);
    uint32_t waited = ms_since(start);
    send(fd, "x", 1, 0);
    int ready = poll(&watched, 1, 2000);
    close(fd);
    report("socket-options-and-poll",
           set && read_back == 5 && quiet == 0 && waited >= 99 && ready == 1 && (watched.revents & POLLIN),
           "keep-alive idle %d s, quiet poll %d after %" PRIu32 " ms, then %d", read_back, quiet, waited, ready);
}

static void check_udp(uint16_t port) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct timeval limit = {.tv_sec = 2};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    struct sockaddr_in to = host_address(port), from = {0};
    socklen_t from_length = sizeof from;
    static const char message[] = "datagram to the host";
    sendto(fd, message, sizeof message - 1, 0, (struct sockaddr *)&to, sizeof to);
    char reply[64] = {0};
    int count = recvfrom(fd, reply, sizeof reply - 1, 0, (struct sockaddr *)&from, &from_length);
    close(fd);
    report("udp-echo", count == (int)sizeof message - 1 && strcmp(reply, message) == 0 && from.sin_port == htons(port),
           "'%s' from port %u", reply, ntohs(from.sin_port));
}

static void check_sntp(uint16_t port) {
    esp_sntp_config_t config = ESP_NETIF_SNTP_DEFAULT_CONFIG("10.0.2.2");
    esp_sntp_setserverport(port);
    int64_t start = esp_timer_get_time();
    esp_netif_sntp_init(&config);
    esp_netif_sntp_sync_wait(pdMS_TO_TICKS(5000));
    esp_netif_sntp_deinit();
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    report("sntp", sntp_get_sync_status() == SNTP_SYNC_STATUS_COMPLETED && utc.tm_year + 1900 == 2026 &&
                       utc.tm_mon == 0 && utc.tm_mday == 1,
           "%s UTC after %" PRIu32 " ms", text, ms_since(start));
}

/// Serves one client on GUEST_SERVER_PORT (reached from the host through a forward): "pong:" + what it sent.
static void guest_server(void *arg) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(GUEST_SERVER_PORT)};
    bool listening = bind(listener, (struct sockaddr *)&address, sizeof address) == 0 && listen(listener, 1) == 0;
    printf("net_check: listening on %d\n", GUEST_SERVER_PORT);
    int client = listening ? accept(listener, NULL, NULL) : -1;
    char request[64] = {0}, reply[80];
    int count = client >= 0 ? recv(client, request, sizeof request - 1, 0) : -1;
    snprintf(reply, sizeof reply, "pong:%s", count > 0 ? request : "");
    if (client >= 0) send(client, reply, strlen(reply), 0);
    if (client >= 0) close(client);
    close(listener);
    report("server-through-host-forward", listening && count > 0, "got '%s'", request);
    xEventGroupSetBits(events, SERVER_DONE);
    (void)arg;
    vTaskDelete(NULL);
}

static bool echo_once(uint16_t port, const char *text) {
    int fd = connect_to_host(port);
    if (fd < 0) return false;
    struct timeval limit = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    send(fd, text, strlen(text), 0);
    char reply[64] = {0};
    int count = recv(fd, reply, sizeof reply - 1, 0);
    close(fd);
    return count == (int)strlen(text) && strcmp(reply, text) == 0;
}

static void check_link(uint16_t echo_port) {
    xEventGroupClearBits(events, CONNECTED | DISCONNECTED | GOT_IP);
    printf("net_check: unplug the cable>\n");
    EventBits_t bits = xEventGroupWaitBits(events, DISCONNECTED, pdFALSE, pdTRUE, pdMS_TO_TICKS(10000));
    bool unplugged = bits & DISCONNECTED;
    bool refused = connect_to_host(echo_port) < 0;   // no address, no route
    printf("net_check: plug it back>\n");
    bits = xEventGroupWaitBits(events, CONNECTED | GOT_IP, pdFALSE, pdTRUE, pdMS_TO_TICKS(10000));
    bool back = (bits & (CONNECTED | GOT_IP)) == (CONNECTED | GOT_IP);
    report("link-down-and-up", unplugged && refused && back && echo_once(echo_port, "after the cable came back"),
           "address " IPSTR, IP2STR(&last_address.ip));
}

void app_main(void) {
    events = xEventGroupCreate();
    esp_event_loop_create_default();
    esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, on_station_event, NULL);
    esp_event_handler_register(IP_EVENT, ESP_EVENT_ANY_ID, on_station_event, NULL);
    report("example-connect", example_connect() == ESP_OK, "");
    static const uint8_t guest[4] = {10, 0, 2, 15};
    report("got-ip", memcmp(&last_address.ip.addr, guest, 4) == 0 && got_ip_at < 1000000,
           IPSTR " gw " IPSTR " %" PRIu32 " ms after boot", IP2STR(&last_address.ip), IP2STR(&last_address.gw),
           (uint32_t)(got_ip_at / 1000));

    unsigned echo, udp, sntp, refused, reset, mebibytes;
    char line[80];
    printf("net_check: config>\n");
    if (!fgets(line, sizeof line, stdin)) line[0] = 0;
    if (sscanf(line, "bench %u %u", &echo, &mebibytes) == 2) {
        check_tcp_stream((uint16_t)echo, (size_t)mebibytes << 20);
        printf("net_check: done\n");
        return;
    }
    if (sscanf(line, "%u %u %u %u %u", &echo, &udp, &sntp, &refused, &reset) != 5) {
        printf("net_check: config FAILED: expected five port numbers, got '%s'\n", line);
        return;
    }
    xTaskCreate(guest_server, "server", 4096, NULL, 5, NULL);
    check_dns();
    check_tcp_stream((uint16_t)echo, 1 << 20);
    check_refused((uint16_t)refused);
    check_reset((uint16_t)reset);
    check_receive_timeout((uint16_t)echo);
    check_socket_options_and_poll((uint16_t)echo);
    check_udp((uint16_t)udp);
    check_sntp((uint16_t)sntp);
    xEventGroupWaitBits(events, SERVER_DONE, pdFALSE, pdTRUE, pdMS_TO_TICKS(20000));
    check_link((uint16_t)echo);
    printf("net_check: done\n");
}
