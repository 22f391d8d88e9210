// SPDX-License-Identifier: MIT
// What the chip knows about itself: random numbers from the RNG peripheral and the MAC addresses from eFuse
// BLK0 (esp_random.h, esp_mac.h).
#include <string.h>

#include "esp_mac.h"
#include "esp_random.h"

#define RNG_DATA (*(volatile uint32_t *)0x3FF75144u)
#define EFUSE_BLK0_WORD(n) (*(volatile uint32_t *)(0x3FF5A000u + 4u * (n)))

uint32_t esp_random(void) { return RNG_DATA; }

void esp_fill_random(void *buffer, size_t length) {
    uint8_t *bytes = buffer;
    while (length > 0) {
        uint32_t word = esp_random();
        size_t count = length < sizeof word ? length : sizeof word;
        memcpy(bytes, &word, count);
        bytes += count;
        length -= count;
    }
}

// The CRC-8 (reflected polynomial 0x8C) the factory MAC is fused with.
static uint8_t mac_crc8(const uint8_t mac[6]) {
    uint8_t crc = 0;
    for (int i = 0; i < 6; i++) {
        crc ^= mac[i];
        for (int bit = 0; bit < 8; bit++) crc = crc & 1 ? (uint8_t)(crc >> 1 ^ 0x8C) : (uint8_t)(crc >> 1);
    }
    return crc;
}

esp_err_t esp_efuse_mac_get_default(uint8_t mac[6]) {
    if (!mac) return ESP_ERR_INVALID_ARG;
    uint32_t low = EFUSE_BLK0_WORD(1), high = EFUSE_BLK0_WORD(2);
    const uint8_t bytes[6] = {(uint8_t)(high >> 8), (uint8_t)high, (uint8_t)(low >> 24), (uint8_t)(low >> 16),
                              (uint8_t)(low >> 8), (uint8_t)low};
    memcpy(mac, bytes, 6);
    return mac_crc8(mac) == (uint8_t)(high >> 16) ? ESP_OK : ESP_ERR_INVALID_CRC;
}

esp_err_t esp_read_mac(uint8_t mac[6], esp_mac_type_t type) {
    if (!mac || type > ESP_MAC_ETH) return ESP_ERR_INVALID_ARG;
    esp_err_t result = esp_efuse_mac_get_default(mac);
    if (result != ESP_OK) return result;
    mac[5] = (uint8_t)(mac[5] + (uint8_t)type);   // ESP-IDF's universal-address derivation
    return ESP_OK;
}
