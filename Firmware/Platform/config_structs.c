// SPDX-License-Identifier: MIT
// The platform APIs that take a configuration struct, unpacked into scalars for their Swift implementations
// (Swift and C share no struct layouts: docs/FIRMWARE.md, "ABI").
#include "esp_event.h"
#include "esp_timer.h"

esp_err_t fw_event_loop_create(int32_t queue_size, const char *task_name, UBaseType_t priority, uint32_t stack_bytes,
                               BaseType_t core_id, esp_event_loop_handle_t *loop);
esp_err_t fw_esp_timer_create(esp_timer_cb_t callback, void *arg, int32_t dispatch, const char *name,
                              int32_t skip_unhandled_events, esp_timer_handle_t *timer);

esp_err_t esp_event_loop_create(const esp_event_loop_args_t *args, esp_event_loop_handle_t *loop) {
    if (!args) return ESP_ERR_INVALID_ARG;
    return fw_event_loop_create(args->queue_size, args->task_name, args->task_priority, args->task_stack_size,
                                args->task_core_id, loop);
}

esp_err_t esp_timer_create(const esp_timer_create_args_t *args, esp_timer_handle_t *timer) {
    if (!args) return ESP_ERR_INVALID_ARG;
    return fw_esp_timer_create(args->callback, args->arg, (int32_t)args->dispatch_method, args->name,
                               args->skip_unhandled_events, timer);
}
