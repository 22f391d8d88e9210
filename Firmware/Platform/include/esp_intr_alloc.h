// SPDX-License-Identifier: MIT
// ESP-IDF's interrupt allocation: a handler for an interrupt-matrix source, on a free CPU interrupt of the
// requested level (1–3; level 1 when no level flag is given), on the calling CPU. Shared interrupts and
// IRAM-only flags are accepted but change nothing.
#pragma once
#include <stdint.h>
#include "esp_err.h"

#define ESP_INTR_FLAG_LEVEL1 (1 << 1)
#define ESP_INTR_FLAG_LEVEL2 (1 << 2)
#define ESP_INTR_FLAG_LEVEL3 (1 << 3)
#define ESP_INTR_FLAG_SHARED (1 << 8)
#define ESP_INTR_FLAG_EDGE (1 << 9)
#define ESP_INTR_FLAG_IRAM (1 << 10)
#define ESP_INTR_FLAG_INTRDISABLED (1 << 11)

typedef void (*intr_handler_t)(void *arg);
typedef struct fw_intr_handle *intr_handle_t;

esp_err_t esp_intr_alloc(int source, int flags, intr_handler_t handler, void *arg, intr_handle_t *handle);
esp_err_t esp_intr_free(intr_handle_t handle);
esp_err_t esp_intr_enable(intr_handle_t handle);
esp_err_t esp_intr_disable(intr_handle_t handle);
int esp_intr_get_intno(intr_handle_t handle);
