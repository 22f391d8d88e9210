// SPDX-License-Identifier: MIT
// ESP-IDF's system functions: restarting (after the registered shutdown handlers), why the
// chip last started, and the heap's free size. Implemented in Platform/esp_system.c.
#pragma once
#include <stdint.h>

#include "esp_err.h"

typedef enum {
    ESP_RST_UNKNOWN,
    ESP_RST_POWERON,
    ESP_RST_EXT,
    ESP_RST_SW,
    ESP_RST_PANIC,
    ESP_RST_INT_WDT,
    ESP_RST_TASK_WDT,
    ESP_RST_WDT,
    ESP_RST_DEEPSLEEP,
    ESP_RST_BROWNOUT,
    ESP_RST_SDIO,
} esp_reset_reason_t;

typedef void (*shutdown_handler_t)(void);

// Up to 5 handlers, as in ESP-IDF: ESP_ERR_NO_MEM beyond that, ESP_ERR_INVALID_STATE for one already there.
esp_err_t esp_register_shutdown_handler(shutdown_handler_t handler);
esp_err_t esp_unregister_shutdown_handler(shutdown_handler_t handler);
__attribute__((noreturn)) void esp_restart(void);
esp_reset_reason_t esp_reset_reason(void);

uint32_t esp_get_free_heap_size(void);
uint32_t esp_get_free_internal_heap_size(void);
uint32_t esp_get_minimum_free_heap_size(void);
