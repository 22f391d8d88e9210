// SPDX-License-Identifier: MIT
// The parts of esp_websocket_client's API that handle C structures: reading esp_websocket_client_config_t
// into the Swift client (fw_ws_client_*, WebSocketClientAPI.swift), building esp_websocket_event_data_t for
// each event and running the client's private event loop, and (un)registering handlers on that loop.
#include "esp_websocket_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_tls.h"

#include "esp_log.h"

ESP_EVENT_DEFINE_BASE(WEBSOCKET_EVENTS);

static const char *TAG = "websocket_client";

void *fw_ws_client_new(esp_event_loop_handle_t loop, void *user_context);
void fw_ws_client_set_text(void *client, int32_t field, const char *text);
void fw_ws_client_set_number(void *client, int32_t field, int32_t value);
esp_err_t fw_ws_client_set_endpoint(void *client, const char *uri, int32_t transport);
void fw_ws_client_set_tls(void *client, esp_tls_cfg_t *tls_config);
void fw_ws_client_free(void *client);
esp_event_loop_handle_t fw_ws_client_loop(void *client);

// Field numbers shared with fw_ws_client_set_text / fw_ws_client_set_number.
enum { TEXT_HOST, TEXT_USERNAME, TEXT_PASSWORD, TEXT_PATH, TEXT_SUBPROTOCOL, TEXT_USER_AGENT, TEXT_HEADERS, TEXT_TASK_NAME };
enum {
    NUMBER_PORT, NUMBER_DISABLE_AUTO_RECONNECT, NUMBER_ENABLE_CLOSE_RECONNECT, NUMBER_TASK_PRIO, NUMBER_TASK_STACK,
    NUMBER_BUFFER_SIZE, NUMBER_PINGPONG_TIMEOUT, NUMBER_DISABLE_PINGPONG, NUMBER_RECONNECT_TIMEOUT,
    NUMBER_NETWORK_TIMEOUT, NUMBER_PING_INTERVAL, NUMBER_TASK_CORE,
};

// A PEM buffer's length counts its NUL (as mbedtls wants); a length given by the app means DER (upstream's rule).
static unsigned int certificate_bytes(const char *buffer, size_t length) {
    return buffer ? (unsigned int)(length ? length : strlen(buffer) + 1) : 0;
}

// esp-tls's settings for wss:// from the client's (the buffers stay the app's, as upstream's do).
static esp_tls_cfg_t *tls_config_from(const esp_websocket_client_config_t *config) {
    esp_tls_cfg_t *tls = calloc(1, sizeof *tls);
    if (!tls) return NULL;
    tls->cacert_buf = (const unsigned char *)config->cert_pem;
    tls->cacert_bytes = certificate_bytes(config->cert_pem, config->cert_len);
    tls->clientcert_buf = (const unsigned char *)config->client_cert;
    tls->clientcert_bytes = certificate_bytes(config->client_cert, config->client_cert_len);
    tls->clientkey_buf = (const unsigned char *)config->client_key;
    tls->clientkey_bytes = certificate_bytes(config->client_key, config->client_key_len);
    tls->use_global_ca_store = config->use_global_ca_store;
    tls->crt_bundle_attach = config->crt_bundle_attach;
    tls->common_name = config->cert_common_name;
    tls->skip_common_name = config->skip_cert_common_name_check;
    return tls;
}

esp_websocket_client_handle_t esp_websocket_client_init(const esp_websocket_client_config_t *config) {
    if (!config) return NULL;
    if (config->cert_common_name && config->skip_cert_common_name_check) {
        ESP_LOGE(TAG, "cert_common_name and skip_cert_common_name_check are mutually exclusive");
        return NULL;
    }
    esp_event_loop_args_t loop_args = {.queue_size = 1, .task_name = NULL};
    esp_event_loop_handle_t loop = NULL;
    if (esp_event_loop_create(&loop_args, &loop) != ESP_OK) return NULL;
    esp_tls_cfg_t *tls = tls_config_from(config);
    void *client = tls ? fw_ws_client_new(loop, config->user_context) : NULL;
    if (!client) {
        free(tls);
        esp_event_loop_delete(loop);
        return NULL;
    }
    fw_ws_client_set_tls(client, tls);
    const char *texts[] = {config->host, config->username, config->password, config->path, config->subprotocol,
                           config->user_agent, config->headers, config->task_name};
    for (int field = 0; field < (int)(sizeof texts / sizeof texts[0]); field++) {
        if (texts[field]) fw_ws_client_set_text(client, field, texts[field]);
    }
    const int32_t numbers[] = {config->port, config->disable_auto_reconnect, config->enable_close_reconnect,
                               config->task_prio, config->task_stack, config->buffer_size, config->pingpong_timeout_sec,
                               config->disable_pingpong_discon, config->reconnect_timeout_ms,
                               config->network_timeout_ms, (int32_t)config->ping_interval_sec,
                               config->task_core_id_set ? config->task_core_id : tskNO_AFFINITY};
    for (int field = 0; field < (int)(sizeof numbers / sizeof numbers[0]); field++) {
        fw_ws_client_set_number(client, field, numbers[field]);
    }
    if (fw_ws_client_set_endpoint(client, config->uri, config->transport) != ESP_OK) {
        ESP_LOGE(TAG, "Error parse uri = %s", config->uri);
        fw_ws_client_free(client);
        return NULL;
    }
    if (config->reconnect_timeout_ms <= 0 && !config->disable_auto_reconnect) {
        ESP_LOGW(TAG, "`reconnect_timeout_ms` is not set, or it is less than or equal to zero, using default time "
                      "out 10000 (milliseconds)");
    }
    if (config->network_timeout_ms <= 0) {
        ESP_LOGW(TAG, "`network_timeout_ms` is not set, or it is less than or equal to zero, using default time "
                      "out 10000 (milliseconds)");
    }
    return client;
}

// Called by the Swift client for each event: posts it to the client's private loop and runs the loop once, so
// the handlers run here, in the dispatching task, with the event data valid only during the call.
void fw_ws_dispatch(esp_event_loop_handle_t loop, void *client, void *user_context, int32_t id, const uint8_t *data,
                    int32_t length, int32_t fin, int32_t opcode, int32_t payload_length, int32_t payload_offset,
                    int32_t error_type, int32_t handshake_status, int32_t socket_errno, int32_t close_code,
                    int32_t tls_error, int32_t tls_stack_error, int32_t tls_verify_flags) {
    esp_websocket_event_data_t event = {
        .data_ptr = (const char *)data,
        .data_len = length,
        .fin = fin != 0,
        .op_code = (uint8_t)opcode,
        .client = client,
        .user_context = user_context,
        .payload_len = payload_length,
        .payload_offset = payload_offset,
        .error_handle = {.esp_tls_last_esp_err = tls_error,
                         .esp_tls_stack_err = tls_stack_error,
                         .esp_tls_cert_verify_flags = tls_verify_flags,
                         .error_type = (esp_websocket_error_type_t)error_type,
                         .esp_ws_handshake_status_code = handshake_status,
                         .esp_transport_sock_errno = socket_errno},
        .close_status_code = close_code,
    };
    if (id == WEBSOCKET_EVENT_ERROR && length > 0) ESP_LOGE(TAG, "%.*s", (int)length, (const char *)data);
    esp_event_post_to(loop, WEBSOCKET_EVENTS, id, &event, sizeof event, portMAX_DELAY);
    esp_event_loop_run(loop, 0);
}

// Upstream's log lines (tag websocket_client), for the Swift side, which has no printf.
void fw_ws_log(int32_t level, const char *message, int32_t number) {
    char text[96];
    if (number >= 0) {
        snprintf(text, sizeof text, message, (int)number);   // "Reconnect after %d ms"
        message = text;
    }
    if (level == ESP_LOG_ERROR) ESP_LOGE(TAG, "%s", message);
    else if (level == ESP_LOG_WARN) ESP_LOGW(TAG, "%s", message);
    else ESP_LOGI(TAG, "%s", message);
}

esp_err_t esp_websocket_register_events(esp_websocket_client_handle_t client, esp_websocket_event_id_t event,
                                        esp_event_handler_t handler, void *handler_arg) {
    if (!client) return ESP_ERR_INVALID_ARG;
    return esp_event_handler_register_with(fw_ws_client_loop(client), WEBSOCKET_EVENTS, event, handler, handler_arg);
}

esp_err_t esp_websocket_unregister_events(esp_websocket_client_handle_t client, esp_websocket_event_id_t event,
                                          esp_event_handler_t handler) {
    if (!client) return ESP_ERR_INVALID_ARG;
    return esp_event_handler_unregister_with(fw_ws_client_loop(client), WEBSOCKET_EVENTS, event, handler);
}
