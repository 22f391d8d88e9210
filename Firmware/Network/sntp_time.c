// SPDX-License-Identifier: MIT
// ESP-IDF's SNTP API (esp_sntp.h) over lwIP's client: a reply sets the clock with settimeofday and calls the
// notification callback. The server's port is a variable (lwipopts.h makes lwIP's SNTP_PORT read it).
#include <sys/time.h>

#include "esp_log.h"
#include "esp_netif_sntp.h"
#include "esp_sntp.h"
#include "freertos/task.h"

uint16_t fw_sntp_port = 123;
static sntp_sync_time_cb_t notify;
static volatile sntp_sync_status_t status = SNTP_SYNC_STATUS_RESET;

void fw_sntp_set_time(uint32_t seconds, uint32_t microseconds) {
    struct timeval now = {.tv_sec = (time_t)seconds, .tv_usec = (suseconds_t)microseconds};
    settimeofday(&now, NULL);
    status = SNTP_SYNC_STATUS_COMPLETED;
    ESP_LOGI("sntp", "time synchronised: %lu s since 1970", (unsigned long)seconds);
    if (notify) notify(&now);
}

void esp_sntp_setoperatingmode(u8_t mode) { sntp_setoperatingmode(mode); }
void esp_sntp_setservername(u8_t index, const char *name) { sntp_setservername(index, name); }
void esp_sntp_setserverport(uint16_t port) { fw_sntp_port = port; }

void esp_sntp_init(void) {
    status = SNTP_SYNC_STATUS_IN_PROGRESS;
    sntp_init();
}

void esp_sntp_stop(void) { sntp_stop(); }
bool esp_sntp_enabled(void) { return sntp_enabled(); }
void sntp_set_time_sync_notification_cb(sntp_sync_time_cb_t callback) { notify = callback; }
sntp_sync_status_t sntp_get_sync_status(void) { return status; }

// ---- esp_netif_sntp.h -----------------------------------------------------------------------------------------

static bool initialised;

esp_err_t esp_netif_sntp_init(const esp_sntp_config_t *config) {
    if (!config || config->num_of_servers == 0 || config->num_of_servers > CONFIG_LWIP_SNTP_MAX_SERVERS) {
        return ESP_ERR_INVALID_ARG;
    }
    if (initialised) return ESP_ERR_INVALID_STATE;
    initialised = true;
    esp_sntp_setoperatingmode(ESP_SNTP_OPMODE_POLL);
    for (size_t i = 0; i < config->num_of_servers; i++) esp_sntp_setservername((u8_t)i, config->servers[i]);
    sntp_set_time_sync_notification_cb(config->sync_cb);
    if (config->start) esp_sntp_init();
    return ESP_OK;
}

esp_err_t esp_netif_sntp_start(void) {
    if (!initialised) return ESP_ERR_INVALID_STATE;
    esp_sntp_init();
    return ESP_OK;
}

void esp_netif_sntp_deinit(void) {
    if (!initialised) return;
    esp_sntp_stop();
    sntp_set_time_sync_notification_cb(NULL);
    initialised = false;
}

esp_err_t esp_netif_sntp_sync_wait(TickType_t tout) {
    TickType_t start = xTaskGetTickCount();
    while (status != SNTP_SYNC_STATUS_COMPLETED) {
        if (xTaskGetTickCount() - start >= tout) return ESP_ERR_TIMEOUT;
        vTaskDelay(1);
    }
    return ESP_OK;
}
