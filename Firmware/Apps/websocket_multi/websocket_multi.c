// SPDX-License-Identifier: MIT
// Several esp_websocket_client instances at once, one per endpoint: after the network is up it asks on UART0 for
// the endpoints (one line, separated by spaces, at most MAX_CLIENTS), starts a client for each, has every client
// send MESSAGES_PER_CLIENT texts and waits for their echoes, closes them all and prints one summary line:
//   websocket_multi: summary clients=<n> connected=<n> sent=<n> echoed=<n> mismatched=<n> closed=<n>
// Each client's events are logged with its number, so that a test can tell them apart.
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_websocket_client.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "protocol_examples_common.h"

#define MAX_CLIENTS 4
#define MESSAGES_PER_CLIENT 5
#define WAIT_SECONDS 20

static const char *TAG = "websocket_multi";

typedef struct {
    int number;
    esp_websocket_client_handle_t handle;
    volatile bool connected_once;
    volatile int echoed;
    volatile int mismatched;
} client_t;

static client_t clients[MAX_CLIENTS];

/// The text client `number` sends as message `index`; echoes are checked against it.
static int message_text(char *buffer, size_t size, int number, int index) {
    return snprintf(buffer, size, "client %d message %d", number, index);
}

static void on_event(void *arg, esp_event_base_t base, int32_t event_id, void *event_data) {
    (void)base;
    client_t *client = arg;
    const esp_websocket_event_data_t *data = event_data;
    switch (event_id) {
    case WEBSOCKET_EVENT_CONNECTED:
        ESP_LOGI(TAG, "client %d: WEBSOCKET_EVENT_CONNECTED", client->number);
        client->connected_once = true;
        break;
    case WEBSOCKET_EVENT_DISCONNECTED: ESP_LOGI(TAG, "client %d: WEBSOCKET_EVENT_DISCONNECTED", client->number); break;
    case WEBSOCKET_EVENT_ERROR: ESP_LOGI(TAG, "client %d: WEBSOCKET_EVENT_ERROR", client->number); break;
    case WEBSOCKET_EVENT_CLOSED: ESP_LOGI(TAG, "client %d: WEBSOCKET_EVENT_CLOSED", client->number); break;
    case WEBSOCKET_EVENT_DATA:
        if (data->op_code != WS_TRANSPORT_OPCODES_TEXT) break;
        ESP_LOGI(TAG, "client %d: Received=%.*s", client->number, data->data_len, data->data_ptr);
        char expected[48];
        int length = message_text(expected, sizeof expected, client->number, client->echoed + client->mismatched);
        if (data->data_len == length && memcmp(data->data_ptr, expected, (size_t)length) == 0) {
            client->echoed++;
        } else {
            client->mismatched++;
        }
        break;
    default: break;
    }
}

/// Splits `line` at spaces into at most MAX_CLIENTS endpoints.
static int split_endpoints(char *line, char *endpoints[]) {
    int count = 0;
    for (char *token = strtok(line, " \t"); token && count < MAX_CLIENTS; token = strtok(NULL, " \t")) {
        endpoints[count++] = token;
    }
    return count;
}

static bool all_done(int count) {
    for (int i = 0; i < count; i++) {
        if (clients[i].handle && clients[i].echoed + clients[i].mismatched < MESSAGES_PER_CLIENT) return false;
    }
    return true;
}

void app_main(void) {
    ESP_ERROR_CHECK(esp_event_loop_create_default());
    ESP_ERROR_CHECK(example_connect());

    char line[4 * 100], *endpoints[MAX_CLIENTS];
    ESP_LOGI(TAG, "Please enter up to %d WebSocket endpoint URIs, separated by spaces", MAX_CLIENTS);
    while (!fgets(line, sizeof line, stdin)) vTaskDelay(pdMS_TO_TICKS(10));
    line[strcspn(line, "\r\n")] = 0;
    int count = split_endpoints(line, endpoints);

    for (int i = 0; i < count; i++) {
        clients[i].number = i;
        esp_websocket_client_config_t config = {.uri = endpoints[i]};
        clients[i].handle = esp_websocket_client_init(&config);
        if (!clients[i].handle) {
            ESP_LOGE(TAG, "client %d: invalid URI %s", i, endpoints[i]);
            continue;
        }
        ESP_LOGI(TAG, "client %d: connecting to %s", i, endpoints[i]);
        esp_websocket_register_events(clients[i].handle, WEBSOCKET_EVENT_ANY, on_event, &clients[i]);
        esp_websocket_client_start(clients[i].handle);
    }

    int sent = 0;
    TickType_t deadline = xTaskGetTickCount() + pdMS_TO_TICKS(WAIT_SECONDS * 1000);
    for (int index = 0; index < MESSAGES_PER_CLIENT; index++) {
        for (int i = 0; i < count; i++) {
            while (clients[i].handle && !esp_websocket_client_is_connected(clients[i].handle) &&
                   xTaskGetTickCount() < deadline) {
                vTaskDelay(pdMS_TO_TICKS(10));
            }
            if (!clients[i].handle || !esp_websocket_client_is_connected(clients[i].handle)) continue;
            char text[48];
            int length = message_text(text, sizeof text, i, index);
            if (esp_websocket_client_send_text(clients[i].handle, text, length, portMAX_DELAY) == length) sent++;
        }
    }
    while (!all_done(count) && xTaskGetTickCount() < deadline) vTaskDelay(pdMS_TO_TICKS(10));

    int connected = 0, echoed = 0, mismatched = 0, closed = 0;
    for (int i = 0; i < count; i++) {
        if (!clients[i].handle) continue;
        connected += clients[i].connected_once;
        echoed += clients[i].echoed;
        mismatched += clients[i].mismatched;
        if (esp_websocket_client_is_connected(clients[i].handle) &&
            esp_websocket_client_close(clients[i].handle, pdMS_TO_TICKS(5000)) == ESP_OK) {
            closed++;
        }
        esp_websocket_client_destroy(clients[i].handle);
    }
    printf("websocket_multi: summary clients=%d connected=%d sent=%d echoed=%d mismatched=%d closed=%d\n", count,
           connected, sent, echoed, mismatched, closed);
}
