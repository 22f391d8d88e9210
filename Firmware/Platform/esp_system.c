// SPDX-License-Identifier: MIT
// esp_system.h over the board layer (restart, reset cause) and the heap.
#include <stdio.h>

#include "esp_heap_caps.h"
#include "esp_system.h"
#include "firmware.h"
#include "spinlock.h"

enum { MAX_SHUTDOWN_HANDLERS = 5 };
static shutdown_handler_t shutdown_handlers[MAX_SHUTDOWN_HANDLERS];
static fw_spinlock_t handlers_lock = FW_SPINLOCK_INIT;

esp_err_t esp_register_shutdown_handler(shutdown_handler_t handler) {
    if (!handler) return ESP_ERR_INVALID_ARG;
    esp_err_t result = ESP_ERR_NO_MEM;
    uint32_t ps = fw_spinlock_acquire(&handlers_lock);
    for (int i = 0; i < MAX_SHUTDOWN_HANDLERS; i++) {
        if (shutdown_handlers[i] == handler) {
            result = ESP_ERR_INVALID_STATE;
            break;
        }
        if (!shutdown_handlers[i] && result == ESP_ERR_NO_MEM) result = ESP_OK;
    }
    for (int i = 0; result == ESP_OK && i < MAX_SHUTDOWN_HANDLERS; i++) {
        if (!shutdown_handlers[i]) {
            shutdown_handlers[i] = handler;
            break;
        }
    }
    fw_spinlock_release(&handlers_lock, ps);
    return result;
}

esp_err_t esp_unregister_shutdown_handler(shutdown_handler_t handler) {
    esp_err_t result = ESP_ERR_INVALID_STATE;
    uint32_t ps = fw_spinlock_acquire(&handlers_lock);
    for (int i = 0; i < MAX_SHUTDOWN_HANDLERS; i++) {
        if (handler && shutdown_handlers[i] == handler) {
            shutdown_handlers[i] = NULL;
            result = ESP_OK;
        }
    }
    fw_spinlock_release(&handlers_lock, ps);
    return result;
}

void esp_restart(void) {
    for (int i = MAX_SHUTDOWN_HANDLERS - 1; i >= 0; i--) {
        if (shutdown_handlers[i]) shutdown_handlers[i]();
    }
    fflush(stdout);
    fw_board_restart(ESP_RST_SW);
}

esp_reset_reason_t esp_reset_reason(void) { return (esp_reset_reason_t)fw_board_reset_reason(); }

uint32_t esp_get_free_heap_size(void) { return (uint32_t)heap_caps_get_free_size(MALLOC_CAP_DEFAULT); }
uint32_t esp_get_free_internal_heap_size(void) { return (uint32_t)heap_caps_get_free_size(MALLOC_CAP_INTERNAL); }
uint32_t esp_get_minimum_free_heap_size(void) { return (uint32_t)heap_caps_get_minimum_free_size(MALLOC_CAP_DEFAULT); }
