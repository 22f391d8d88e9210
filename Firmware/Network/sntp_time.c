// SPDX-License-Identifier: MIT
// ESP-IDF's SNTP API (esp_sntp.h) over lwIP's client: a reply sets the clock with settimeofday and calls the
// notification callback. The server's port is a variable (lwipopts.h makes lwIP's SNTP_PORT read it).
#include <sys/time.h>

#include "esp_log.h"
#include "esp_sntp.h"

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
