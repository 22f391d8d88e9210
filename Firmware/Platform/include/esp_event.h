// SPDX-License-Identifier: MIT
// ESP-IDF's event loop library: events are (base, id, data); handlers register for one id of a base, for
// every id of a base (ESP_EVENT_ANY_ID) or for everything (ESP_EVENT_ANY_BASE, ESP_EVENT_ANY_ID). Posting
// copies the data; a loop created with a task name dispatches in its own task, one without is run by the
// caller (esp_event_loop_run). Implemented in Platform/EventLoop.swift.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "esp_err.h"
#include "freertos/FreeRTOS.h"

typedef const char *esp_event_base_t;
typedef void *esp_event_loop_handle_t;
typedef void *esp_event_handler_instance_t;
typedef void (*esp_event_handler_t)(void *handler_arg, esp_event_base_t base, int32_t id, void *event_data);

#define ESP_EVENT_DECLARE_BASE(id) extern esp_event_base_t const id
#define ESP_EVENT_DEFINE_BASE(id) esp_event_base_t const id = #id
#define ESP_EVENT_ANY_BASE NULL
#define ESP_EVENT_ANY_ID -1

typedef struct {
    int32_t queue_size;
    const char *task_name;          // NULL: no task; run the loop with esp_event_loop_run
    UBaseType_t task_priority;
    uint32_t task_stack_size;       // bytes
    BaseType_t task_core_id;
} esp_event_loop_args_t;

esp_err_t esp_event_loop_create(const esp_event_loop_args_t *args, esp_event_loop_handle_t *loop);
esp_err_t esp_event_loop_delete(esp_event_loop_handle_t loop);
// The default loop: queue 32, task "sys_evt" at priority 20.
esp_err_t esp_event_loop_create_default(void);
esp_err_t esp_event_loop_delete_default(void);
// Dispatches events for up to `ticks` (0: those already queued; portMAX_DELAY: for ever).
esp_err_t esp_event_loop_run(esp_event_loop_handle_t loop, TickType_t ticks);

esp_err_t esp_event_handler_register(esp_event_base_t base, int32_t id, esp_event_handler_t handler, void *arg);
esp_err_t esp_event_handler_register_with(esp_event_loop_handle_t loop, esp_event_base_t base, int32_t id,
                                          esp_event_handler_t handler, void *arg);
esp_err_t esp_event_handler_instance_register(esp_event_base_t base, int32_t id, esp_event_handler_t handler,
                                              void *arg, esp_event_handler_instance_t *instance);
esp_err_t esp_event_handler_instance_register_with(esp_event_loop_handle_t loop, esp_event_base_t base, int32_t id,
                                                   esp_event_handler_t handler, void *arg,
                                                   esp_event_handler_instance_t *instance);
esp_err_t esp_event_handler_unregister(esp_event_base_t base, int32_t id, esp_event_handler_t handler);
esp_err_t esp_event_handler_unregister_with(esp_event_loop_handle_t loop, esp_event_base_t base, int32_t id,
                                            esp_event_handler_t handler);
esp_err_t esp_event_handler_instance_unregister(esp_event_base_t base, int32_t id,
                                                esp_event_handler_instance_t instance);
esp_err_t esp_event_handler_instance_unregister_with(esp_event_loop_handle_t loop, esp_event_base_t base,
                                                     int32_t id, esp_event_handler_instance_t instance);

// ESP_ERR_TIMEOUT when the queue stays full for `ticks`.
esp_err_t esp_event_post(esp_event_base_t base, int32_t id, const void *data, size_t size, TickType_t ticks);
esp_err_t esp_event_post_to(esp_event_loop_handle_t loop, esp_event_base_t base, int32_t id, const void *data,
                            size_t size, TickType_t ticks);
// From an interrupt handler: at most 4 bytes of data; ESP_FAIL when the queue is full. Yield
// (portYIELD_FROM_ISR) when *task_unblocked is set.
esp_err_t esp_event_isr_post(esp_event_base_t base, int32_t id, const void *data, size_t size,
                             BaseType_t *task_unblocked);
esp_err_t esp_event_isr_post_to(esp_event_loop_handle_t loop, esp_event_base_t base, int32_t id, const void *data,
                                size_t size, BaseType_t *task_unblocked);
