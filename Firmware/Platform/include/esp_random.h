// SPDX-License-Identifier: MIT
// The hardware random number generator (RNG_DATA_REG), as ESP-IDF offers it. Implemented in Platform/esp_random.c.
#pragma once
#include <stddef.h>
#include <stdint.h>

uint32_t esp_random(void);
void esp_fill_random(void *buffer, size_t length);
