// SPDX-License-Identifier: MIT
// ESP-IDF's high-resolution timers: microseconds since boot (esp_timer_get_time) and one-shot or periodic
// timers whose callbacks run in the esp_timer task (priority 22) or, with ESP_TIMER_ISR, in the clock's
// interrupt handler. Implemented in Platform/HighResolutionTimer.swift.
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"

typedef struct esp_timer *esp_timer_handle_t;
typedef void (*esp_timer_cb_t)(void *arg);

typedef enum {
    ESP_TIMER_TASK,
    ESP_TIMER_ISR,
    ESP_TIMER_MAX,
} esp_timer_dispatch_t;

typedef struct {
    esp_timer_cb_t callback;
    void *arg;
    esp_timer_dispatch_t dispatch_method;
    const char *name;
    bool skip_unhandled_events;     // a periodic timer that fell behind resumes from now instead of catching up
} esp_timer_create_args_t;

esp_err_t esp_timer_init(void);
esp_err_t esp_timer_create(const esp_timer_create_args_t *args, esp_timer_handle_t *timer);
// ESP_ERR_INVALID_STATE if the timer is running.
esp_err_t esp_timer_start_once(esp_timer_handle_t timer, uint64_t timeout_us);
// period_us >= 50.
esp_err_t esp_timer_start_periodic(esp_timer_handle_t timer, uint64_t period_us);
// A running timer starts over (a periodic one with the new period); ESP_ERR_INVALID_STATE if it is not running.
esp_err_t esp_timer_restart(esp_timer_handle_t timer, uint64_t timeout_us);
// ESP_ERR_INVALID_STATE if the timer is not running.
esp_err_t esp_timer_stop(esp_timer_handle_t timer);
// ESP_ERR_INVALID_STATE if the timer is running.
esp_err_t esp_timer_delete(esp_timer_handle_t timer);

int64_t esp_timer_get_time(void);
int64_t esp_timer_get_next_alarm(void);
esp_err_t esp_timer_get_period(esp_timer_handle_t timer, uint64_t *period);
esp_err_t esp_timer_get_expiry_time(esp_timer_handle_t timer, uint64_t *expiry);
bool esp_timer_is_active(esp_timer_handle_t timer);
// From an ESP_TIMER_ISR callback that woke a task: switch to it when the interrupt handler returns.
void esp_timer_isr_dispatch_need_yield(void);
