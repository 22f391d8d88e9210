// SPDX-License-Identifier: MIT
// The Wi-Fi station events, which the emulated Ethernet link raises so that code written for ESP-IDF's
// station reacts unchanged (Network/esp_netif.c): STA_START when the interface starts, STA_CONNECTED when the
// link comes up, STA_DISCONNECTED when it goes down (then STA_CONNECTED and a new GOT_IP when it returns).
#pragma once
#include <stdint.h>

#include "esp_event.h"

ESP_EVENT_DECLARE_BASE(WIFI_EVENT);

typedef enum {
    WIFI_EVENT_WIFI_READY = 0,
    WIFI_EVENT_SCAN_DONE,
    WIFI_EVENT_STA_START,
    WIFI_EVENT_STA_STOP,
    WIFI_EVENT_STA_CONNECTED,
    WIFI_EVENT_STA_DISCONNECTED,
} wifi_event_t;

typedef struct {
    uint8_t ssid[32];
    uint8_t ssid_len;
    uint8_t bssid[6];
    uint8_t channel;
    int authmode;
    uint16_t aid;
} wifi_event_sta_connected_t;

typedef struct {
    uint8_t ssid[32];
    uint8_t ssid_len;
    uint8_t bssid[6];
    uint8_t reason;
    int8_t rssi;
} wifi_event_sta_disconnected_t;

#define WIFI_REASON_BEACON_TIMEOUT 200   // what a station reports when its access point disappears
