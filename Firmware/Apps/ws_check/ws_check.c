// SPDX-License-Identifier: MIT
// esp_websocket_client end to end, driven from UART0 so that a test can script it against real servers on the
// host (reached as 10.0.2.2). After the network is up it prints "ws_check: ready>" and takes one command per
// line:
//   api                    the API's argument and state rules without a server (§5.5 points 1, 12, 13 of
//                          esp_ws_api.md): "ws_check: api <rule> ok|FAILED"
//   use <i>                make client slot i (0-3) the current one for the commands below (default 0)
//   connect <uri> [ping=<s>] [pong=<s>] [auto=0] [reconnect=<ms>] [header=<value>]
//                          init (+ register ANY) and start a client; the options set ping_interval_sec,
//                          pingpong_timeout_sec, disable_auto_reconnect, reconnect_timeout_ms and an
//                          X-Test header added with esp_websocket_client_append_header
//   bigtext <n> <ms>       16 KB send_text calls (timeout <ms> ticks) until n bytes went or one failed
//   closecode <code> <why> close_with_code(5 s), then destroy
//   text <string>          send_text
//   bin <n>                send_bin of n bytes (byte i = i * 7 mod 256), then waits for the echo and prints
//                          "ws_check: bin <n> crc sent <crc> received <crc> bytes <n>" (CRC-32 over DATA)
//   fragments              send_text_partial(32 × 'a'), send_cont_msg(32 × 'b'), send_fin
//   start | stop           esp_websocket_client_start / _stop on the current client (results printed)
//   stop-in-handler        the next DATA event's handler calls stop, close and destroy (all must refuse)
//   stream <KiB>           a text message of <KiB> KiB sent as send_text_partial + send_cont_msg (4 KiB each)
//                          + send_fin; the echo's DATA chunks are summed into a CRC-32 instead of printed:
//                          "ws_check: stream ok|FAILED sent <crc> received <crc> bytes <n> in <µs> us"
//   rtt <n>                n round trips of a 16-byte text, each sent when the previous echo arrived (events not
//                          printed): "ws_check: rtt <n> ok|FAILED echoes <n> in <µs> us"
//   pem ca|cert|key|global  the lines that follow, up to one starting "-----END", as the CA certificate, the
//                          client certificate or key for the next connects, or (global) into esp-tls's global CA
//                          store: "ws_check: pem <name> <bytes> <result>"
//   time [<port>]          SNTP from 10.0.2.2:<port>, or without a port from the network's own time server
//                          (10.0.2.3:123), for the clock certificates are checked against:
//                          "ws_check: time <seconds since 1970>"
//   connect wss://… [ca=1] [cert=1] [cn=<name>] [skipcn=1] [global=1]
//                          also: verify against the pasted CA, present the pasted client certificate and key,
//                          check this name instead of the host's, skip the name check, use the global CA store
//   sleep <ms>             vTaskDelay, then "ws_check: slept"
//   close                  close(5 s), then destroy
//   cycles <n> <uri>       n quiet init/start/close/destroy cycles after a warm-up one (wss: against the pasted CA);
//                          prints the free heap before and after and the cycles' time
//                          ("ws_check: cycles <n> ok|FAILED heap <before> -> <after> in <µs> us")
// and prints each event as "ws_check: event <NAME> op=<n> len=<n> payload_len=<n> offset=<n> fin=<n>
// close=<n> status=<n> client=<slot> tls=<esp_err, hex> stack=<mbedtls error, hex> flags=<verify flags, hex>
// data=<text>" (text events) so that the harness can check sequences.
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "freertos/semphr.h"
#include "esp_netif_sntp.h"
#include "esp_tls.h"
#include "esp_websocket_client.h"
#include "lwip/opt.h"
#include "protocol_examples_common.h"

static const char *const names[] = {"ERROR", "HEADER_RECEIVED", "CONNECTED", "DISCONNECTED", "DATA",
                                    "CLOSED", "BEFORE_CONNECT", "BEGIN", "FINISH"};

static void api_rule(const char *rule, bool ok) { printf("ws_check: api %s %s\n", rule, ok ? "ok" : "FAILED"); }

/// Upstream's unit tests and the documented refusals, on clients that never connect.
static void check_api(void) {
    esp_websocket_client_config_t invalid = {.uri = "INVALID"}, empty = {0};
    api_rule("init-invalid-uri-fails", esp_websocket_client_init(&invalid) == NULL);
    esp_websocket_client_handle_t client = esp_websocket_client_init(&empty);
    api_rule("init-empty-config", client != NULL);
    api_rule("set-uri-invalid-fails", esp_websocket_client_set_uri(client, "INVALID") != ESP_OK);
    api_rule("set-uri-valid", esp_websocket_client_set_uri(client, "ws://10.0.2.2:9/x") == ESP_OK);
    api_rule("send-not-connected", esp_websocket_client_send_text(client, "x", 1, 0) == -1);
    api_rule("close-not-started", esp_websocket_client_close(client, 0) == ESP_FAIL);
    api_rule("stop-not-started", esp_websocket_client_stop(client) == ESP_FAIL);
    api_rule("not-connected", !esp_websocket_client_is_connected(client) && !esp_websocket_client_is_connected(NULL));
    api_rule("ping-interval", esp_websocket_client_get_ping_interval_sec(client) == 10 &&
                                  esp_websocket_client_set_ping_interval_sec(client, 0) == ESP_OK &&
                                  esp_websocket_client_get_ping_interval_sec(client) == 10);
    api_rule("reconnect-timeout", esp_websocket_client_get_reconnect_timeout(client) == 10000 &&
                                      esp_websocket_client_set_reconnect_timeout(client, 0) == ESP_ERR_INVALID_ARG &&
                                      esp_websocket_client_set_reconnect_timeout(client, 250) == ESP_OK &&
                                      esp_websocket_client_get_reconnect_timeout(client) == 250);
    api_rule("set-headers-needs-connection", esp_websocket_client_set_headers(client, "X: 1\r\n") == ESP_ERR_INVALID_ARG);
    api_rule("append-header", esp_websocket_client_append_header(client, "X-Test", "1") == ESP_OK);
    api_rule("destroy", esp_websocket_client_destroy(client) == ESP_OK);
    esp_websocket_client_config_t no_reconnect = {.uri = "ws://10.0.2.2/", .disable_auto_reconnect = true};
    client = esp_websocket_client_init(&no_reconnect);
    api_rule("reconnect-timeout-without-auto", esp_websocket_client_get_reconnect_timeout(client) == -1 &&
                                                   esp_websocket_client_set_reconnect_timeout(client, 100) == ESP_ERR_INVALID_STATE);
    esp_websocket_client_destroy(client);
    esp_websocket_client_config_t http = {.uri = "http://10.0.2.2/"};
    client = esp_websocket_client_init(&http);
    api_rule("start-other-scheme-fails", client && esp_websocket_client_start(client) == ESP_FAIL);
    esp_websocket_client_destroy(client);
    api_rule("null-handles", esp_websocket_client_destroy(NULL) == ESP_ERR_INVALID_ARG &&
                                 esp_websocket_client_send_text(NULL, "x", 1, 0) == -1 &&
                                 esp_websocket_register_events(NULL, WEBSOCKET_EVENT_ANY, NULL, NULL) == ESP_ERR_INVALID_ARG);
    printf("ws_check: api done\n");
}

/// One client's whole life without printing events: init, start, wait for the connection, close, destroy.
// PEM blocks pasted over UART0 (NUL-terminated, as esp_websocket_client's cert_pem wants them).
static char *ca_pem, *client_cert_pem, *client_key_pem;

/// One quiet client lifetime (wss:// verifies against the pasted CA).
static bool cycle(const char *uri) {
    esp_websocket_client_config_t config = {.uri = uri, .reconnect_timeout_ms = 1000, .network_timeout_ms = 5000,
                                            .cert_pem = ca_pem};
    esp_websocket_client_handle_t client = esp_websocket_client_init(&config);
    if (!client || esp_websocket_client_start(client) != ESP_OK) return false;
    for (int waited = 0; !esp_websocket_client_is_connected(client) && waited < 2000; waited++) vTaskDelay(1);
    bool connected = esp_websocket_client_is_connected(client);
    bool closed = esp_websocket_client_close(client, pdMS_TO_TICKS(5000)) == ESP_OK;
    return esp_websocket_client_destroy(client) == ESP_OK && connected && closed;
}

static volatile bool stop_in_handler;
// While timing round trips: each complete text echo gives this semaphore instead of being printed.
static SemaphoreHandle_t echo_arrived;
// While streaming: DATA chunks go into the CRC instead of the console (1 MiB would be 1024 lines).
static volatile bool streaming;
static uint32_t received_crc = 0xFFFFFFFFu;
static volatile int received_bytes;
// While a `bin` echo is awaited: binary DATA chunks also go into the CRC (and are printed).
static volatile bool tracking_binary;
static volatile int binary_frames_finished;

static uint32_t crc32_update(uint32_t crc, const uint8_t *bytes, size_t count) {
    for (size_t i = 0; i < count; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++) crc = crc & 1 ? crc >> 1 ^ 0xEDB88320u : crc >> 1;
    }
    return crc;
}

static void on_event(void *arg, esp_event_base_t base, int32_t id, void *event_data) {
    (void)base;
    const esp_websocket_event_data_t *data = event_data;
    if (id == WEBSOCKET_EVENT_DATA && streaming && data->op_code <= 2) {
        received_crc = crc32_update(received_crc, (const uint8_t *)data->data_ptr, (size_t)data->data_len);
        received_bytes += data->data_len;
        return;
    }
    if (id == WEBSOCKET_EVENT_DATA && echo_arrived && data->op_code == WS_TRANSPORT_OPCODES_TEXT) {
        if (data->payload_offset + data->data_len == data->payload_len) xSemaphoreGive(echo_arrived);
        return;
    }
    if (id == WEBSOCKET_EVENT_DATA && tracking_binary && data->op_code == WS_TRANSPORT_OPCODES_BINARY) {
        received_crc = crc32_update(received_crc, (const uint8_t *)data->data_ptr, (size_t)data->data_len);
        received_bytes += data->data_len;
        if (data->payload_offset + data->data_len == data->payload_len) binary_frames_finished++;
    }
    if (id == WEBSOCKET_EVENT_DATA && stop_in_handler) {
        stop_in_handler = false;
        esp_websocket_client_handle_t self = arg;
        printf("ws_check: from the handler stop %d close %d destroy %d\n", esp_websocket_client_stop(self),
               esp_websocket_client_close(self, 0), esp_websocket_client_destroy(self));
    }
    int shown = data->data_len > 60 ? 60 : data->data_len;
    printf("ws_check: event %s op=%d len=%d payload_len=%d offset=%d fin=%d close=%d status=%d client=%d tls=%x "
           "stack=%x flags=%x data=%.*s\n",
           id >= 0 && id < WEBSOCKET_EVENT_MAX ? names[id] : "?", data->op_code, data->data_len, data->payload_len,
           data->payload_offset, data->fin, data->close_status_code, data->error_handle.esp_ws_handshake_status_code,
           (int)(intptr_t)data->user_context, data->error_handle.esp_tls_last_esp_err,
           data->error_handle.esp_tls_stack_err, data->error_handle.esp_tls_cert_verify_flags,
           data->op_code <= 1 || id == WEBSOCKET_EVENT_ERROR ? shown : 0,
           data->data_ptr ? data->data_ptr : "");
}

/// Reads lines up to and including one that starts with "-----END" into a new NUL-terminated buffer.
static char *read_pem(void) {
    size_t size = 4096, used = 0;
    char *pem = malloc(size), line[128];
    while (pem && fgets(line, sizeof line, stdin)) {
        size_t length = strlen(line);
        if (used + length + 1 > size) break;
        memcpy(pem + used, line, length);
        used += length;
        pem[used] = 0;
        if (strncmp(line, "-----END", 8) == 0) return pem;
    }
    free(pem);
    return NULL;
}

/// Whether the option starting at `option` (ended by a space or the line's end) is exactly `word`.
static bool option_is(const char *option, const char *word) {
    size_t length = strlen(word);
    return strncmp(option, word, length) == 0 && (option[length] == ' ' || option[length] == 0);
}

static void paste_pem(const char *name) {
    char *pem = read_pem();
    int result = pem ? 0 : -1;
    if (pem && strcmp(name, "global") == 0) {
        result = esp_tls_set_global_ca_store((const unsigned char *)pem, (unsigned int)strlen(pem) + 1);
        free(pem);
    } else if (pem) {
        char **slot = strcmp(name, "ca") == 0 ? &ca_pem : strcmp(name, "cert") == 0 ? &client_cert_pem : &client_key_pem;
        free(*slot);
        *slot = pem;
    }
    printf("ws_check: pem %s %d %d\n", name, pem ? (int)strlen(pem) : 0, result);
}

static void set_time_from_sntp(uint16_t port) {
    esp_sntp_config_t config = ESP_NETIF_SNTP_DEFAULT_CONFIG(port ? "10.0.2.2" : "10.0.2.3");
    esp_sntp_setserverport(port ? port : 123);
    esp_netif_sntp_init(&config);
    esp_netif_sntp_sync_wait(pdMS_TO_TICKS(5000));
    esp_netif_sntp_deinit();
    printf("ws_check: time %lld\n", (long long)time(NULL));
}

void app_main(void) {
    esp_event_loop_create_default();
    example_connect();
    esp_websocket_client_handle_t clients[4] = {NULL};
    int slot = 0;
    char line[256];
    for (;;) {
        esp_websocket_client_handle_t client = clients[slot];
        printf("ws_check: ready>\n");
        if (!fgets(line, sizeof line, stdin)) return;
        line[strcspn(line, "\r\n")] = 0;
        if (strcmp(line, "api") == 0) {
            check_api();
        } else if (strncmp(line, "use ", 4) == 0) {
            int chosen = atoi(line + 4);
            slot = chosen >= 0 && chosen < 4 ? chosen : 0;
        } else if (strncmp(line, "connect ", 8) == 0) {
            esp_websocket_client_config_t config = {.uri = line + 8, .reconnect_timeout_ms = 1000,
                                                    .network_timeout_ms = 5000, .user_context = (void *)(intptr_t)slot};
            const char *header = NULL;
            for (char *option = strchr(line + 8, ' '); option; option = strchr(option + 1, ' ')) {
                *option = 0;   // ends the URI (or the previous option)
                int value = 0;
                if (sscanf(option + 1, "ping=%d", &value) == 1) config.ping_interval_sec = (size_t)value;
                if (sscanf(option + 1, "pong=%d", &value) == 1) config.pingpong_timeout_sec = value;
                if (sscanf(option + 1, "auto=%d", &value) == 1) config.disable_auto_reconnect = value == 0;
                if (sscanf(option + 1, "reconnect=%d", &value) == 1) config.reconnect_timeout_ms = value;
                if (strncmp(option + 1, "header=", 7) == 0) header = option + 8;
                if (option_is(option + 1, "ca=1")) config.cert_pem = ca_pem;
                if (option_is(option + 1, "cert=1")) config.client_cert = client_cert_pem, config.client_key = client_key_pem;
                if (strncmp(option + 1, "cn=", 3) == 0) config.cert_common_name = option + 4;
                if (option_is(option + 1, "skipcn=1")) config.skip_cert_common_name_check = true;
                if (option_is(option + 1, "global=1")) config.use_global_ca_store = true;
            }
            client = clients[slot] = esp_websocket_client_init(&config);
            printf("ws_check: init %s\n", client ? "ok" : "failed");
            if (client) {
                if (header) esp_websocket_client_append_header(client, "X-Test", header);
                esp_websocket_register_events(client, WEBSOCKET_EVENT_ANY, on_event, client);
                printf("ws_check: start %d\n", esp_websocket_client_start(client));
            }
        } else if (strncmp(line, "pem ", 4) == 0) {
            paste_pem(line + 4);
        } else if (strncmp(line, "time", 4) == 0 && (line[4] == ' ' || line[4] == 0)) {
            set_time_from_sntp((uint16_t)atoi(line + 4));
        } else if (strncmp(line, "text ", 5) == 0) {
            printf("ws_check: sent %d\n", esp_websocket_client_send_text(client, line + 5, (int)strlen(line + 5), portMAX_DELAY));
        } else if (strncmp(line, "bin ", 4) == 0) {
            int count = 0;
            sscanf(line + 4, "%d", &count);
            char *bytes = malloc(count > 0 ? (size_t)count : 1);
            for (int i = 0; bytes && i < count; i++) bytes[i] = (char)(i * 7);
            uint32_t sent_crc = bytes ? crc32_update(0xFFFFFFFFu, (const uint8_t *)bytes, (size_t)count) : 0;
            received_crc = 0xFFFFFFFFu;
            received_bytes = 0;
            binary_frames_finished = 0;
            tracking_binary = true;
            int sent = bytes ? esp_websocket_client_send_bin(client, bytes, count, portMAX_DELAY) : -1;
            printf("ws_check: sent %d\n", sent);
            free(bytes);
            for (int waited = 0; binary_frames_finished == 0 && waited < 10000; waited++) vTaskDelay(1);
            tracking_binary = false;
            printf("ws_check: bin %d crc sent %08lx received %08lx bytes %d\n", count, (unsigned long)~sent_crc,
                   (unsigned long)~received_crc, received_bytes);
        } else if (strncmp(line, "bigtext ", 8) == 0) {
            // 16 KB text messages until <n> bytes are sent or a send fails (returns <= 0).
            int total = 0, ticks = 0, sent = 0, result = 0;
            sscanf(line + 8, "%d %d", &total, &ticks);
            char *text = malloc(16384);
            if (text) memset(text, 'x', 16384);
            while (text && sent < total && (result = esp_websocket_client_send_text(client, text, 16384, (TickType_t)ticks)) > 0) {
                sent += result;
            }
            printf("ws_check: bigtext %d after %d\n", result, sent);
            free(text);
        } else if (strncmp(line, "closecode ", 10) == 0) {
            int code = 0, offset = 0;
            sscanf(line + 10, "%d %n", &code, &offset);
            const char *reason = line + 10 + offset;
            printf("ws_check: close %d\n",
                   esp_websocket_client_close_with_code(client, code, reason, (int)strlen(reason), pdMS_TO_TICKS(5000)));
            printf("ws_check: destroy %d\n", esp_websocket_client_destroy(client));
            clients[slot] = NULL;
        } else if (strcmp(line, "fragments") == 0) {
            char a[32], b[32];
            memset(a, 'a', sizeof a);
            memset(b, 'b', sizeof b);
            int first = esp_websocket_client_send_text_partial(client, a, sizeof a, portMAX_DELAY);
            int second = esp_websocket_client_send_cont_msg(client, b, sizeof b, portMAX_DELAY);
            int fin = esp_websocket_client_send_fin(client, portMAX_DELAY);
            printf("ws_check: fragments %d %d %d\n", first, second, fin);
        } else if (strncmp(line, "stream ", 7) == 0) {
            int kibibytes = 0;
            sscanf(line + 7, "%d", &kibibytes);
            static char chunk[4096];
            int64_t started = esp_timer_get_time();
            uint32_t sent_crc = 0xFFFFFFFFu;
            received_crc = 0xFFFFFFFFu;
            received_bytes = 0;
            streaming = true;
            bool ok = true;
            for (int i = 0; i < kibibytes / 4 && ok; i++) {
                for (int j = 0; j < (int)sizeof chunk; j++) chunk[j] = (char)('a' + (i * 7 + j) % 26);
                sent_crc = crc32_update(sent_crc, (const uint8_t *)chunk, sizeof chunk);
                int sent = i == 0 ? esp_websocket_client_send_text_partial(client, chunk, sizeof chunk, portMAX_DELAY)
                                  : esp_websocket_client_send_cont_msg(client, chunk, sizeof chunk, portMAX_DELAY);
                ok = sent == (int)sizeof chunk;
            }
            ok = ok && esp_websocket_client_send_fin(client, portMAX_DELAY) == 0;
            for (int waited = 0; received_bytes < kibibytes * 1024 && waited < 60000; waited++) vTaskDelay(1);
            streaming = false;
            printf("ws_check: stream %s sent %08lx received %08lx bytes %d in %ld us\n", ok ? "ok" : "FAILED",
                   (unsigned long)~sent_crc, (unsigned long)~received_crc, received_bytes,
                   (long)(esp_timer_get_time() - started));
        } else if (strncmp(line, "rtt ", 4) == 0) {
            int count = 0, echoes = 0;
            sscanf(line + 4, "%d", &count);
            echo_arrived = xSemaphoreCreateBinary();
            int64_t started = esp_timer_get_time();
            for (int i = 0; i < count; i++) {
                if (esp_websocket_client_send_text(client, "round trip 0123", 16, portMAX_DELAY) != 16) break;
                if (xSemaphoreTake(echo_arrived, pdMS_TO_TICKS(5000)) != pdTRUE) break;
                echoes++;
            }
            long elapsed = (long)(esp_timer_get_time() - started);
            SemaphoreHandle_t done = echo_arrived;
            echo_arrived = NULL;
            vSemaphoreDelete(done);
            printf("ws_check: rtt %d %s echoes %d in %ld us\n", count, echoes == count ? "ok" : "FAILED", echoes,
                   elapsed);
        } else if (strcmp(line, "stop-in-handler") == 0) {
            stop_in_handler = true;
        } else if (strcmp(line, "start") == 0) {
            printf("ws_check: start %d\n", esp_websocket_client_start(client));
        } else if (strcmp(line, "stop") == 0) {
            printf("ws_check: stop %d\n", esp_websocket_client_stop(client));
        } else if (strcmp(line, "close") == 0) {
            printf("ws_check: close %d\n", esp_websocket_client_close(client, pdMS_TO_TICKS(5000)));
            printf("ws_check: destroy %d\n", esp_websocket_client_destroy(client));
            clients[slot] = NULL;
        } else if (strncmp(line, "cycles ", 7) == 0) {
            int count = 0, offset = 0;
            sscanf(line + 7, "%d %n", &count, &offset);
            const char *uri = line + 7 + offset;
            // Warm-up: lwIP's pools and the first socket grow the heap once. Each measurement waits until the
            // closed connections have left TIME_WAIT (2 × TCP_MSL), whose PCBs are on the heap meanwhile.
            bool ok = cycle(uri);
            vTaskDelay(pdMS_TO_TICKS(2 * TCP_MSL + 500));
            size_t before = esp_get_free_heap_size();
            int64_t started = esp_timer_get_time();
            for (int i = 0; i < count && ok; i++) ok = cycle(uri);
            long elapsed = (long)(esp_timer_get_time() - started);
            vTaskDelay(pdMS_TO_TICKS(2 * TCP_MSL + 500));
            printf("ws_check: cycles %d %s heap %u -> %u in %ld us\n", count, ok ? "ok" : "FAILED", (unsigned)before,
                   (unsigned)esp_get_free_heap_size(), elapsed);
        } else if (strncmp(line, "sleep ", 6) == 0) {
            vTaskDelay(pdMS_TO_TICKS(atoi(line + 6)));
            printf("ws_check: slept\n");
        } else if (strcmp(line, "heap") == 0) {
            printf("ws_check: heap %u\n", (unsigned)esp_get_free_heap_size());
        }
    }
}
