// SPDX-License-Identifier: MIT
// The chip's MAC addresses, derived from the factory MAC in eFuse as ESP-IDF derives them (station = base,
// soft-AP = base + 1, Bluetooth = base + 2, Ethernet = base + 3). Implemented in Platform/esp_random.c.
#pragma once
#include <stdint.h>

#include "esp_err.h"

typedef enum {
    ESP_MAC_WIFI_STA,
    ESP_MAC_WIFI_SOFTAP,
    ESP_MAC_BT,
    ESP_MAC_ETH,
} esp_mac_type_t;

esp_err_t esp_efuse_mac_get_default(uint8_t mac[6]);
esp_err_t esp_read_mac(uint8_t mac[6], esp_mac_type_t type);
