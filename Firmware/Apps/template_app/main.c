// SPDX-License-Identifier: MIT
// A starting point for your own firmware (docs/SDK.md): bring the network up, read a WebSocket URI from
// UART0, connect, log every event the way ESP-IDF's example does, send one message, close. Copy this
// directory, rename it, and build it with `make -C Firmware APPS=<name>`.
#include <stdio.h>
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_websocket_client.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "protocol_examples_common.h"

static const char *TAG = "template";

static void on_websocket_event(void *arg, esp_event_base_t base, int32_t id, void *event_data) {
    (void)arg, (void)base;
    esp_websocket_event_data_t *data = event_data;
    switch (id) {
    case WEBSOCKET_EVENT_CONNECTED: ESP_LOGI(TAG, "WEBSOCKET_EVENT_CONNECTED"); break;
    case WEBSOCKET_EVENT_DISCONNECTED: ESP_LOGI(TAG, "WEBSOCKET_EVENT_DISCONNECTED"); break;
    case WEBSOCKET_EVENT_DATA:
        ESP_LOGI(TAG, "WEBSOCKET_EVENT_DATA");
        ESP_LOGI(TAG, "Received opcode=%d", data->op_code);
        if (data->op_code == WS_TRANSPORT_OPCODES_TEXT) ESP_LOGW(TAG, "Received=%.*s", data->data_len, data->data_ptr);
        break;
    case WEBSOCKET_EVENT_CLOSED: ESP_LOGI(TAG, "WEBSOCKET_EVENT_CLOSED"); break;
    case WEBSOCKET_EVENT_ERROR: ESP_LOGI(TAG, "WEBSOCKET_EVENT_ERROR"); break;
    default: break;
    }
}

void app_main(void) {
    esp_event_loop_create_default();
    ESP_ERROR_CHECK(example_connect());

    char uri[128];
    ESP_LOGI(TAG, "Please enter WebSocket endpoint URI");
    if (!fgets(uri, sizeof uri, stdin)) return;
    uri[strcspn(uri, "\r\n")] = 0;

    esp_websocket_client_config_t config = {.uri = uri};
    esp_websocket_client_handle_t client = esp_websocket_client_init(&config);
    if (!client) {
        ESP_LOGE(TAG, "Invalid URI: %s", uri);
        return;
    }
    esp_websocket_register_events(client, WEBSOCKET_EVENT_ANY, on_websocket_event, client);
    esp_websocket_client_start(client);
    while (!esp_websocket_client_is_connected(client)) vTaskDelay(pdMS_TO_TICKS(100));
    const char *message = "hello from the template";
    esp_websocket_client_send_text(client, message, (int)strlen(message), portMAX_DELAY);
    vTaskDelay(pdMS_TO_TICKS(1000));
    esp_websocket_client_close(client, portMAX_DELAY);
    esp_websocket_client_destroy(client);
    ESP_LOGI(TAG, "Websocket Stopped");
}
