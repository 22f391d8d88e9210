// SPDX-License-Identifier: MIT
// ESP-IDF's SNTP client API over lwIP's (apps/sntp), which sets the clock through settimeofday
// (Network/sntp_time.c). esp_sntp_setserverport is ours: the server's UDP port (123 by default), so that a
// test server can listen without privileges.
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include <sys/time.h>

#include "lwip/apps/sntp.h"

typedef enum {
    SNTP_SYNC_STATUS_RESET,
    SNTP_SYNC_STATUS_COMPLETED,
    SNTP_SYNC_STATUS_IN_PROGRESS,
} sntp_sync_status_t;

typedef void (*sntp_sync_time_cb_t)(struct timeval *tv);

void esp_sntp_setoperatingmode(u8_t mode);
void esp_sntp_setservername(u8_t index, const char *name);
void esp_sntp_setserverport(uint16_t port);
void esp_sntp_init(void);
void esp_sntp_stop(void);
bool esp_sntp_enabled(void);
void sntp_set_time_sync_notification_cb(sntp_sync_time_cb_t callback);
sntp_sync_status_t sntp_get_sync_status(void);

#define ESP_SNTP_OPMODE_POLL SNTP_OPMODE_POLL
