// SPDX-License-Identifier: MIT
// The ESP-IDF platform layer as application code uses it: esp_err names, logging (levels per tag, the
// timestamp, buffers, a redirected output, lines from an interrupt handler), the event loops (handler order,
// copied data, (un)registering inside handlers, instances, a loop without a task, a full queue, posts from an
// interrupt) and esp_timer (one-shot and periodic timing, drift, catching up or skipping, dispatch from the
// interrupt, the error cases). Prints "platform_check: <check> ok|FAILED <details>" per check, log lines the
// test reads itself, and "platform_check: done".
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check_report.h"
#include "esp_err.h"
#include "esp_event.h"
#include "esp_log.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "interrupts.h"

static const char *TAG = "platform";

// ---- esp_err ------------------------------------------------------------------------------------------------

static void check_error_names(void) {
    report("err-names",
           strcmp(esp_err_to_name(ESP_OK), "ESP_OK") == 0 && strcmp(esp_err_to_name(ESP_FAIL), "ESP_FAIL") == 0 &&
               strcmp(esp_err_to_name(ESP_ERR_NO_MEM), "ESP_ERR_NO_MEM") == 0 &&
               strcmp(esp_err_to_name(ESP_ERR_TIMEOUT), "ESP_ERR_TIMEOUT") == 0 &&
               strcmp(esp_err_to_name(0x1234), "UNKNOWN ERROR") == 0,
           "%s %s", esp_err_to_name(ESP_ERR_INVALID_STATE), esp_err_to_name(0x1234));
    char known[32], errno_text[32], unknown[32], tiny[4];
    esp_err_to_name_r(ESP_ERR_NOT_FOUND, known, sizeof known);
    esp_err_to_name_r(12, errno_text, sizeof errno_text);   // ENOMEM, in newlib's words
    esp_err_to_name_r(0x1234, unknown, sizeof unknown);
    esp_err_to_name_r(ESP_ERR_NOT_FOUND, tiny, sizeof tiny);
    report("err-name-r",
           strcmp(known, "ESP_ERR_NOT_FOUND") == 0 && strcmp(errno_text, "Not enough space") == 0 &&
               strcmp(unknown, "Unknown error 0x1234(4660)") == 0 && strcmp(tiny, "ESP") == 0,
           "%s|%s|%s|%s", known, errno_text, unknown, tiny);
    esp_err_t passed_through = ESP_ERROR_CHECK_WITHOUT_ABORT(ESP_ERR_INVALID_SIZE);
    report("error-check-without-abort", passed_through == ESP_ERR_INVALID_SIZE, "returned 0x%x",
           (unsigned)passed_through);
}

// ---- Logging ------------------------------------------------------------------------------------------------

static char captured[96];

static int capture(const char *format, va_list arguments) {
    return vsnprintf(captured, sizeof captured, format, arguments);
}

static void check_logging(void) {
    ESP_LOGE(TAG, "error %d", 1);
    ESP_LOGW(TAG, "warning %s", "two");
    ESP_LOGI(TAG, "info 0x%04x", 3);
    ESP_LOGD(TAG, "debug hidden at the default level");
    ESP_LOGV(TAG, "verbose hidden at the default level");

    esp_log_level_set("quiet", ESP_LOG_WARN);
    esp_log_level_set("loud", ESP_LOG_VERBOSE);
    ESP_LOGI("quiet", "info hidden by the tag's level");
    ESP_LOGW("quiet", "warning shown");
    ESP_LOGV("loud", "verbose shown");
    report("level-per-tag",
           esp_log_level_get("quiet") == ESP_LOG_WARN && esp_log_level_get("loud") == ESP_LOG_VERBOSE &&
               esp_log_level_get("other") == ESP_LOG_INFO,
           "");
    esp_log_level_set("*", ESP_LOG_ERROR);   // the wildcard sets the default and forgets every tag's level
    ESP_LOGW("loud", "warning hidden by the wildcard");
    bool forgotten = esp_log_level_get("loud") == ESP_LOG_ERROR && esp_log_level_get("quiet") == ESP_LOG_ERROR;
    esp_log_level_set("*", ESP_LOG_INFO);
    ESP_LOGI("quiet", "info shown after the wildcard");
    report("wildcard-resets-tags", forgotten && esp_log_level_get("quiet") == ESP_LOG_INFO, "");

    uint32_t before = esp_log_timestamp();
    ESP_LOGI(TAG, "before a 250 ms delay");
    vTaskDelay(pdMS_TO_TICKS(250));
    ESP_LOGI(TAG, "after a 250 ms delay");
    uint32_t after = esp_log_timestamp();
    report("timestamp-follows-the-clock", after - before >= 250 && after - before <= 252, "%" PRIu32 " ms",
           after - before);

    static const uint8_t bytes[20] = "The quick brown fox";
    ESP_LOG_BUFFER_HEX("buffer", bytes, sizeof bytes);
    ESP_LOG_BUFFER_CHAR("buffer", bytes, 19);
    ESP_LOG_BUFFER_HEXDUMP("buffer", bytes, sizeof bytes, ESP_LOG_INFO);
    ESP_LOG_BUFFER_HEXDUMP("buffer", bytes, sizeof bytes, ESP_LOG_DEBUG);   // below the level: nothing

    vprintf_like_t previous = esp_log_set_vprintf(capture);
    ESP_LOGW("capture", "redirected %d", 7);
    esp_log_set_vprintf(previous);
    const char *text = strstr(captured, ") capture: redirected 7\n");
    report("set-vprintf", captured[0] == 'W' && text != NULL, "");
}

// ---- Event loops --------------------------------------------------------------------------------------------

ESP_EVENT_DEFINE_BASE(CHECK_EVENTS);
ESP_EVENT_DEFINE_BASE(OTHER_EVENTS);

static char trace[64];
static size_t trace_length;
static SemaphoreHandle_t dispatched;

static void note(const char *text) {
    size_t length = strlen(text);
    if (trace_length + length < sizeof trace) {
        memcpy(trace + trace_length, text, length + 1);
        trace_length += length;
    }
}

static void clear_trace(void) {
    trace_length = 0;
    trace[0] = 0;
}

static void any_base_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)data;
    char text[16];
    snprintf(text, sizeof text, "A%s%" PRId32 " ", base == CHECK_EVENTS ? "c" : "o", id);
    note(text);
}

static void any_id_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)base, (void)data;
    char text[16];
    snprintf(text, sizeof text, "B%" PRId32 " ", id);
    note(text);
}

static void specific_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)base, (void)id;
    char text[24];
    snprintf(text, sizeof text, "S%s:%d ", (const char *)arg, data ? *(int *)data : -1);
    note(text);
}

static void last_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)base, (void)id, (void)data;
    xSemaphoreGive(dispatched);
}

static void late_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)base, (void)id, (void)data;
    note("L ");
}

// Unregisters itself and registers late_handler, which must first see the next event.
static void once_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)data;
    note("O ");
    esp_event_handler_unregister(base, id, once_handler);
    esp_event_handler_register(base, id, late_handler, NULL);
}

/// Posts to the default loop and waits until its task has dispatched the event to every handler.
static esp_err_t post_and_wait(esp_event_base_t base, int32_t id, const void *data, size_t size) {
    esp_err_t result = esp_event_post(base, id, data, size, portMAX_DELAY);
    if (result == ESP_OK && xSemaphoreTake(dispatched, pdMS_TO_TICKS(1000)) != pdTRUE) return ESP_ERR_TIMEOUT;
    return result;
}

static void check_default_loop(void) {
    dispatched = xSemaphoreCreateBinary();
    esp_err_t created = esp_event_loop_create_default();
    report("default-loop", created == ESP_OK && esp_event_loop_create_default() == ESP_ERR_INVALID_STATE, "");

    // Registered most specific first: dispatch order is any base, then base with any id, then base and id.
    esp_event_handler_register(CHECK_EVENTS, 1, specific_handler, "one");
    esp_event_handler_register(CHECK_EVENTS, ESP_EVENT_ANY_ID, any_id_handler, NULL);
    esp_event_handler_register(ESP_EVENT_ANY_BASE, ESP_EVENT_ANY_ID, any_base_handler, NULL);
    esp_event_handler_register(ESP_EVENT_ANY_BASE, ESP_EVENT_ANY_ID, last_handler, NULL);
    int value = 41;
    post_and_wait(CHECK_EVENTS, 1, &value, sizeof value);
    post_and_wait(CHECK_EVENTS, 2, NULL, 0);
    post_and_wait(OTHER_EVENTS, 1, NULL, 0);
    report("dispatch-order", strcmp(trace, "Ac1 B1 Sone:41 Ac2 B2 Ao1 ") == 0, "'%s'", trace);

    // The loop copies the data: a change after posting is not seen. Registering again updates the argument.
    clear_trace();
    esp_event_handler_register(CHECK_EVENTS, 1, specific_handler, "uno");
    esp_event_handler_unregister(CHECK_EVENTS, ESP_EVENT_ANY_ID, any_id_handler);
    esp_event_handler_unregister(ESP_EVENT_ANY_BASE, ESP_EVENT_ANY_ID, any_base_handler);
    UBaseType_t priority = uxTaskPriorityGet(NULL);
    vTaskPrioritySet(NULL, 21);   // above the loop's task, which would otherwise dispatch during the post
    value = 7;
    esp_event_post(CHECK_EVENTS, 1, &value, sizeof value, portMAX_DELAY);
    value = 8;
    vTaskPrioritySet(NULL, priority);
    xSemaphoreTake(dispatched, pdMS_TO_TICKS(1000));
    report("data-copied-argument-updated", strcmp(trace, "Suno:7 ") == 0, "'%s'", trace);

    clear_trace();
    esp_event_handler_register(CHECK_EVENTS, 3, once_handler, NULL);
    post_and_wait(CHECK_EVENTS, 3, NULL, 0);
    post_and_wait(CHECK_EVENTS, 3, NULL, 0);
    report("register-inside-handler", strcmp(trace, "O L ") == 0, "'%s'", trace);

    clear_trace();
    esp_event_handler_instance_t first, second;
    esp_event_handler_instance_register(CHECK_EVENTS, 4, specific_handler, "first", &first);
    esp_event_handler_instance_register(CHECK_EVENTS, 4, specific_handler, "second", &second);
    post_and_wait(CHECK_EVENTS, 4, NULL, 0);
    esp_err_t removed = esp_event_handler_instance_unregister(CHECK_EVENTS, 4, first);
    post_and_wait(CHECK_EVENTS, 4, NULL, 0);
    report("instances", removed == ESP_OK && strcmp(trace, "Sfirst:-1 Ssecond:-1 Ssecond:-1 ") == 0, "'%s'", trace);

    report("bad-arguments",
           esp_event_post(CHECK_EVENTS, ESP_EVENT_ANY_ID, NULL, 0, 0) == ESP_ERR_INVALID_ARG &&
               esp_event_handler_register(NULL, 5, any_id_handler, NULL) == ESP_ERR_INVALID_ARG &&
               esp_event_handler_unregister(CHECK_EVENTS, 9, any_id_handler) == ESP_ERR_NOT_FOUND,
           "");
}

static int loop_events;

static void counting_handler(void *arg, esp_event_base_t base, int32_t id, void *data) {
    (void)arg, (void)base, (void)id, (void)data;
    loop_events++;
}

/// A loop without a task, as the WebSocket client runs one: posts queue up until someone runs the loop.
static void check_loop_without_task(void) {
    esp_event_loop_args_t args = {.queue_size = 2, .task_name = NULL};
    esp_event_loop_handle_t loop = NULL;
    esp_err_t created = esp_event_loop_create(&args, &loop);
    esp_event_handler_register_with(loop, CHECK_EVENTS, ESP_EVENT_ANY_ID, counting_handler, NULL);
    esp_err_t first = esp_event_post_to(loop, CHECK_EVENTS, 1, NULL, 0, 0);
    esp_err_t second = esp_event_post_to(loop, CHECK_EVENTS, 2, NULL, 0, 0);
    TickType_t start = xTaskGetTickCount();
    esp_err_t full = esp_event_post_to(loop, CHECK_EVENTS, 3, NULL, 0, pdMS_TO_TICKS(20));
    TickType_t waited = xTaskGetTickCount() - start;
    int before_run = loop_events;
    esp_event_loop_run(loop, 0);
    report("loop-without-task",
           created == ESP_OK && first == ESP_OK && second == ESP_OK && before_run == 0 && loop_events == 2, "events %d",
           loop_events);
    report("post-to-full-queue-times-out", full == ESP_ERR_TIMEOUT && waited >= 20 && waited <= 21,
           "%s after %" PRIu32 " ticks", esp_err_to_name(full), (uint32_t)waited);
    report("loop-delete", esp_event_loop_delete(loop) == ESP_OK, "");
}

// ---- esp_timer ----------------------------------------------------------------------------------------------

typedef struct {
    SemaphoreHandle_t done;
    esp_timer_handle_t timer;
    int64_t times[10];
    int count, limit;
    bool in_interrupt;
} timer_record_t;

static void record_time(void *arg) {
    timer_record_t *record = arg;
    if (record->count < 10) record->times[record->count] = esp_timer_get_time();
    record->in_interrupt = fw_interrupt_nesting() > 0;
    if (++record->count == record->limit) {
        if (record->limit > 1) esp_timer_stop(record->timer);   // a periodic timer stops itself
        xSemaphoreGive(record->done);
    }
}

static esp_timer_handle_t make_timer(timer_record_t *record, int limit, esp_timer_dispatch_t dispatch, bool skip) {
    *record = (timer_record_t){.done = xSemaphoreCreateBinary(), .limit = limit};
    esp_timer_create_args_t args = {
        .callback = record_time, .arg = record, .dispatch_method = dispatch, .name = "check",
        .skip_unhandled_events = skip};
    esp_timer_create(&args, &record->timer);
    return record->timer;
}

static void forget_timer(timer_record_t *record) {
    esp_timer_delete(record->timer);
    vSemaphoreDelete(record->done);
}

static void check_one_shot(void) {
    timer_record_t record;
    esp_timer_handle_t timer = make_timer(&record, 1, ESP_TIMER_TASK, false);
    int64_t start = esp_timer_get_time();
    esp_timer_start_once(timer, 20000);
    uint64_t expiry = 0;
    esp_timer_get_expiry_time(timer, &expiry);
    bool active = esp_timer_is_active(timer);
    bool next_alarm = esp_timer_get_next_alarm() == (int64_t)expiry;
    esp_err_t again = esp_timer_start_once(timer, 1000);
    bool fired = xSemaphoreTake(record.done, pdMS_TO_TICKS(100)) == pdTRUE;
    int64_t late = record.times[0] - start - 20000;
    report("one-shot", fired && late >= 0 && late < 200 && !record.in_interrupt, "late by %" PRId64 " us", late);
    report("one-shot-state",
           active && next_alarm && expiry >= (uint64_t)start + 20000 && again == ESP_ERR_INVALID_STATE &&
               !esp_timer_is_active(timer) && esp_timer_get_next_alarm() == INT64_MAX,
           "");

    // A restart moves the alarm: 50 ms becomes 5 ms from the restart.
    record.count = 0;
    esp_timer_start_once(timer, 50000);
    vTaskDelay(pdMS_TO_TICKS(2));
    int64_t restarted = esp_timer_get_time();
    esp_err_t restart = esp_timer_restart(timer, 5000);
    fired = xSemaphoreTake(record.done, pdMS_TO_TICKS(100)) == pdTRUE;
    late = record.times[0] - restarted - 5000;
    report("restart", restart == ESP_OK && fired && late >= 0 && late < 200, "late by %" PRId64 " us", late);
    report("inactive-timer-errors",
           esp_timer_stop(timer) == ESP_ERR_INVALID_STATE && esp_timer_restart(timer, 10) == ESP_ERR_INVALID_STATE,
           "");
    esp_timer_start_once(timer, 1000000);
    report("delete-active-fails", esp_timer_delete(timer) == ESP_ERR_INVALID_STATE && esp_timer_stop(timer) == ESP_OK,
           "");
    forget_timer(&record);

    esp_timer_create_args_t no_callback = {.callback = NULL};
    esp_timer_handle_t unused;
    report("create-needs-callback", esp_timer_create(&no_callback, &unused) == ESP_ERR_INVALID_ARG, "");
}

static void check_periodic(void) {
    timer_record_t record;
    esp_timer_handle_t timer = make_timer(&record, 10, ESP_TIMER_TASK, false);
    report("period-minimum", esp_timer_start_periodic(timer, 10) == ESP_ERR_INVALID_ARG, "");
    int64_t start = esp_timer_get_time();
    esp_timer_start_periodic(timer, 10000);
    uint64_t period = 0;
    esp_timer_get_period(timer, &period);
    bool fired = xSemaphoreTake(record.done, pdMS_TO_TICKS(500)) == pdTRUE;
    int64_t worst = 0;
    for (int i = 0; i < 10; i++) {
        int64_t late = record.times[i] - start - 10000 * (i + 1);
        if (late < 0 || late > worst) worst = late < 0 ? -1 : late;
    }
    vTaskDelay(pdMS_TO_TICKS(30));   // stopped by its callback: no more calls
    report("periodic-without-drift", fired && period == 10000 && worst >= 0 && worst < 200 && record.count == 10,
           "10 calls, latest by %" PRId64 " us", worst);
    forget_timer(&record);
}

/// Two 1 ms periodic timers held up for 5.5 ms: the first catches up with five calls, the one that skips
/// unhandled events is called once and resumes from then.
static void check_catching_up(void) {
    timer_record_t catching_up, skipping;
    esp_timer_handle_t first = make_timer(&catching_up, 100, ESP_TIMER_TASK, false);
    esp_timer_handle_t second = make_timer(&skipping, 100, ESP_TIMER_TASK, true);
    UBaseType_t priority = uxTaskPriorityGet(NULL);
    vTaskPrioritySet(NULL, 23);   // above the esp_timer task
    int64_t start = esp_timer_get_time();
    esp_timer_start_periodic(first, 1000);
    esp_timer_start_periodic(second, 1000);
    while (esp_timer_get_time() - start < 5500) {
    }
    vTaskPrioritySet(NULL, priority);   // the esp_timer task runs now
    int caught_up = catching_up.count, skipped = skipping.count;
    esp_timer_stop(first);
    esp_timer_stop(second);
    report("catch-up-or-skip", caught_up == 5 && skipped == 1, "catching up %d skipping %d", caught_up, skipped);
    forget_timer(&catching_up);
    forget_timer(&skipping);
}

static void check_interrupt_dispatch(void) {
    timer_record_t record;
    esp_timer_handle_t timer = make_timer(&record, 1, ESP_TIMER_ISR, false);
    int64_t start = esp_timer_get_time();
    esp_timer_start_once(timer, 3000);
    bool fired = xSemaphoreTake(record.done, pdMS_TO_TICKS(100)) == pdTRUE;
    int64_t late = record.times[0] - start - 3000;
    report("isr-dispatch", fired && record.in_interrupt && late >= 0 && late < 100, "late by %" PRId64 " us", late);
    forget_timer(&record);
}

// ---- From an interrupt handler ------------------------------------------------------------------------------

static void post_from_interrupt(void *arg) {
    (void)arg;
    ESP_LOGI("isr", "logged from an interrupt handler at level %" PRIu32, fw_current_ps() & 0xF);
    int value = 99;
    BaseType_t woken = pdFALSE;
    esp_event_isr_post(CHECK_EVENTS, 1, &value, sizeof value, &woken);
    if (woken) esp_timer_isr_dispatch_need_yield();
}

static void check_isr_post(void) {
    clear_trace();
    esp_timer_create_args_t args = {
        .callback = post_from_interrupt, .dispatch_method = ESP_TIMER_ISR, .name = "isr-post"};
    esp_timer_handle_t timer;
    esp_timer_create(&args, &timer);
    esp_timer_start_once(timer, 1000);
    bool dispatched_in_time = xSemaphoreTake(dispatched, pdMS_TO_TICKS(100)) == pdTRUE;
    uint8_t too_big[8] = {0};
    report("isr-post", dispatched_in_time && strcmp(trace, "Suno:99 ") == 0, "'%s'", trace);
    report("isr-post-limits-data", esp_event_isr_post(CHECK_EVENTS, 1, too_big, sizeof too_big, NULL) == ESP_ERR_INVALID_ARG, "");
    esp_timer_delete(timer);
}

void app_main(void) {
    printf("platform_check: start, reset reason %d\n", (int)esp_reset_reason());
    check_error_names();
    check_logging();
    check_default_loop();
    check_loop_without_task();
    check_one_shot();
    check_periodic();
    check_catching_up();
    check_interrupt_dispatch();
    check_isr_post();
    printf("platform_check: done\n");
}
