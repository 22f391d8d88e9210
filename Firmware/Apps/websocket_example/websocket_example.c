// SPDX-License-Identifier: MIT
// The counterpart of Espressif's esp_websocket_client example (`examples/target`), behaving and logging the same
// way so that its serial test runs unchanged against us (docs/WEBSOCKET.md): after the network is up it asks
// for an endpoint on UART0, connects, sends five "hello NNNN" texts a second apart, a fragmented text (32 × 'a'
// then 32 × 'b'), a fragmented binary (5 × 0x00 then 5 × 0x01) and a 2000-byte text, logs every event — JSON
// arrays from the server element by element through cJSON — and closes once 5 s pass without data.
// For a wss:// endpoint it also asks for the server's CA certificate (PEM, pasted on UART0; upstream builds its
// certificates into the image) and sets the clock by SNTP from the virtual network's time server (10.0.2.3), so
// that the certificate's dates can be checked.
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "cJSON.h"
#include "esp_event.h"
#include "esp_log.h"
#include "esp_netif_sntp.h"
#include "esp_system.h"
#include "esp_websocket_client.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "freertos/timers.h"
#include "protocol_examples_common.h"

#define NO_DATA_TIMEOUT_SEC 5
#define HELLO_COUNT 5
#define LONG_MESSAGE_LENGTH 2000

static const char *TAG = "websocket";

static TimerHandle_t no_data_timer;
static SemaphoreHandle_t shutdown_signal;

static void signal_shutdown(TimerHandle_t timer) {
    (void)timer;
    ESP_LOGI(TAG, "No data received for %d seconds, signaling shutdown", NO_DATA_TIMEOUT_SEC);
    xSemaphoreGive(shutdown_signal);
}

static void log_error_if_nonzero(const char *message, int error_code) {
    if (error_code != 0) ESP_LOGE(TAG, "Last error %s: 0x%x", message, error_code);
}

static void log_error_details(const esp_websocket_error_codes_t *error) {
    log_error_if_nonzero("HTTP status code", error->esp_ws_handshake_status_code);
    if (error->error_type == WEBSOCKET_ERROR_TYPE_TCP_TRANSPORT) {
        log_error_if_nonzero("reported from esp-tls", error->esp_tls_last_esp_err);
        log_error_if_nonzero("reported from tls stack", error->esp_tls_stack_err);
        log_error_if_nonzero("captured as transport's socket errno", error->esp_transport_sock_errno);
    }
}

/// Logs each element of a JSON array of {"id": …, "name": …} objects; anything else is not JSON we know.
static void log_json_array(const char *text, int length) {
    cJSON *root = cJSON_ParseWithLength(text, (size_t)length);
    if (!root) return;
    for (int i = 0; i < cJSON_GetArraySize(root); i++) {
        cJSON *element = cJSON_GetArrayItem(root, i);
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(element, "id"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(element, "name"));
        if (id && name) ESP_LOGW(TAG, "Json={'id': '%s', 'name': '%s'}", id, name);
    }
    cJSON_Delete(root);
}

static void log_data(const esp_websocket_event_data_t *data) {
    ESP_LOGI(TAG, "WEBSOCKET_EVENT_DATA");
    ESP_LOGI(TAG, "Received opcode=%d", data->op_code);
    if (data->op_code == WS_TRANSPORT_OPCODES_BINARY) {
        ESP_LOG_BUFFER_HEX("Received binary data", data->data_ptr, data->data_len);
    } else if (data->op_code == WS_TRANSPORT_OPCODES_CLOSE && data->data_len == 2) {
        const unsigned char *code = (const unsigned char *)data->data_ptr;
        ESP_LOGW(TAG, "Received closed message with code=%d", 256 * code[0] + code[1]);
    } else {
        ESP_LOGW(TAG, "Received=%.*s\n\n", data->data_len, data->data_ptr);
    }
    if (data->op_code == WS_TRANSPORT_OPCODES_TEXT) log_json_array(data->data_ptr, data->data_len);
    ESP_LOGW(TAG, "Total payload length=%d, data_len=%d, current payload offset=%d\r\n", data->payload_len,
             data->data_len, data->payload_offset);
    xTimerReset(no_data_timer, portMAX_DELAY);
}

static void on_websocket_event(void *arg, esp_event_base_t base, int32_t event_id, void *event_data) {
    (void)arg, (void)base;
    const esp_websocket_event_data_t *data = event_data;
    switch (event_id) {
    case WEBSOCKET_EVENT_BEGIN: ESP_LOGI(TAG, "WEBSOCKET_EVENT_BEGIN"); break;
    case WEBSOCKET_EVENT_CONNECTED: ESP_LOGI(TAG, "WEBSOCKET_EVENT_CONNECTED"); break;
    case WEBSOCKET_EVENT_DISCONNECTED:
        ESP_LOGI(TAG, "WEBSOCKET_EVENT_DISCONNECTED");
        log_error_details(&data->error_handle);
        break;
    case WEBSOCKET_EVENT_DATA: log_data(data); break;
    case WEBSOCKET_EVENT_ERROR:
        ESP_LOGI(TAG, "WEBSOCKET_EVENT_ERROR");
        log_error_details(&data->error_handle);
        break;
    case WEBSOCKET_EVENT_FINISH: ESP_LOGI(TAG, "WEBSOCKET_EVENT_FINISH"); break;
    default: break;
    }
}

/// Reads one line from UART0 into `line` (without its line ending).
static void read_line(char *line, size_t size) {
    while (!fgets(line, (int)size, stdin)) vTaskDelay(pdMS_TO_TICKS(10));
    line[strcspn(line, "\r\n")] = 0;
}

/// Reads a PEM block from UART0, up to its "-----END" line, into `pem` (NUL-terminated); false if it does not fit.
static bool read_pem(char *pem, size_t size) {
    size_t used = 0;
    char line[100];
    pem[0] = 0;
    for (;;) {
        read_line(line, sizeof line);
        size_t length = strlen(line);
        if (used + length + 2 > size) return false;
        memcpy(pem + used, line, length);
        used += length;
        pem[used++] = '\n';
        pem[used] = 0;
        if (strncmp(line, "-----END", 8) == 0) return true;
    }
}

static void set_time_from_network(void) {
    esp_sntp_config_t config = ESP_NETIF_SNTP_DEFAULT_CONFIG("10.0.2.3");
    esp_netif_sntp_init(&config);
    if (esp_netif_sntp_sync_wait(pdMS_TO_TICKS(10000)) != ESP_OK) ESP_LOGW(TAG, "No time from SNTP");
    esp_netif_sntp_deinit();
    time_t now = time(NULL);
    struct tm utc;
    gmtime_r(&now, &utc);
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &utc);
    ESP_LOGI(TAG, "Time from SNTP: %s UTC", text);
}

static void send_messages(esp_websocket_client_handle_t client) {
    char text[32];
    for (int sent = 0; sent < HELLO_COUNT;) {
        if (esp_websocket_client_is_connected(client)) {
            int length = snprintf(text, sizeof text, "hello %04d", sent++);
            ESP_LOGI(TAG, "Sending %s", text);
            esp_websocket_client_send_text(client, text, length, portMAX_DELAY);
        }
        vTaskDelay(pdMS_TO_TICKS(1000));
    }

    vTaskDelay(pdMS_TO_TICKS(1000));
    memset(text, 'a', 32);
    esp_websocket_client_send_text_partial(client, text, 32, portMAX_DELAY);
    memset(text, 'b', 32);
    esp_websocket_client_send_cont_msg(client, text, 32, portMAX_DELAY);
    esp_websocket_client_send_fin(client, portMAX_DELAY);

    vTaskDelay(pdMS_TO_TICKS(1000));
    memset(text, 0x00, 5);
    esp_websocket_client_send_bin_partial(client, text, 5, portMAX_DELAY);
    memset(text, 0x01, 5);
    esp_websocket_client_send_cont_msg(client, text, 5, portMAX_DELAY);
    esp_websocket_client_send_fin(client, portMAX_DELAY);

    vTaskDelay(pdMS_TO_TICKS(1000));
    static char long_message[LONG_MESSAGE_LENGTH];
    memset(long_message, 'a', sizeof long_message);
    esp_websocket_client_send_text(client, long_message, sizeof long_message, portMAX_DELAY);
}

static void websocket_app_start(void) {
    char uri[200];
    ESP_LOGI(TAG, "Please enter WebSocket endpoint URI");
    ESP_LOGI(TAG, "Examples: ws://10.0.2.2:8080 (the host's loopback through the virtual network)");
    read_line(uri, sizeof uri);
    ESP_LOGI(TAG, "Endpoint uri: %s", uri);

    esp_websocket_client_config_t config = {.uri = uri};
    static char ca_pem[4096];
    if (strncmp(uri, "wss://", 6) == 0) {
        ESP_LOGI(TAG, "Please paste the server's CA certificate (PEM)");
        if (!read_pem(ca_pem, sizeof ca_pem)) {
            ESP_LOGE(TAG, "The certificate is larger than %d bytes", (int)sizeof ca_pem);
            return;
        }
        config.cert_pem = ca_pem;
        set_time_from_network();
    }
    ESP_LOGI(TAG, "Connecting to %s...", config.uri);
    esp_websocket_client_handle_t client = esp_websocket_client_init(&config);
    if (!client) {
        ESP_LOGE(TAG, "Invalid WebSocket URI: %s", uri);
        return;
    }
    no_data_timer = xTimerCreate("Websocket shutdown timer", pdMS_TO_TICKS(NO_DATA_TIMEOUT_SEC * 1000), pdFALSE,
                                 NULL, signal_shutdown);
    shutdown_signal = xSemaphoreCreateBinary();
    esp_websocket_register_events(client, WEBSOCKET_EVENT_ANY, on_websocket_event, client);
    esp_websocket_client_start(client);
    xTimerStart(no_data_timer, portMAX_DELAY);

    send_messages(client);

    xSemaphoreTake(shutdown_signal, portMAX_DELAY);
    esp_websocket_client_close(client, portMAX_DELAY);
    ESP_LOGI(TAG, "Websocket Stopped");
    esp_websocket_unregister_events(client, WEBSOCKET_EVENT_ANY, on_websocket_event);
    esp_websocket_client_destroy(client);
    xTimerDelete(no_data_timer, portMAX_DELAY);
    vSemaphoreDelete(shutdown_signal);
}

void app_main(void) {
    ESP_LOGI(TAG, "[APP] Startup..");
    ESP_LOGI(TAG, "[APP] Free memory: %d bytes", (int)esp_get_free_heap_size());
    ESP_ERROR_CHECK(esp_event_loop_create_default());
    ESP_ERROR_CHECK(example_connect());
    websocket_app_start();
}
