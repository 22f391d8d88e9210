// SPDX-License-Identifier: MIT
// The kernel through its FreeRTOS-style C API, as ESP-IDF code uses it. Each check prints
// "kernel_check: <name> ok|FAILED <details>"; "kernel_check: done" ends the run.
#include "esp_heap_caps.h"
#include "esp_intr_alloc.h"
#include "firmware.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/queue.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "freertos/timers.h"
#include "interrupts.h"

static void put_decimal(uint32_t value) {
    char digits[11];
    int count = 0;
    do {
        digits[count++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (count) {
        char c[2] = {digits[--count], 0};
        fw_console_puts(c);
    }
}

static void report(const char *name, int passed, const char *label, uint32_t value) {
    fw_console_puts("kernel_check: ");
    fw_console_puts(name);
    fw_console_puts(passed ? " ok " : " FAILED ");
    fw_console_puts(label);
    put_decimal(value);
    fw_console_puts("\n");
}

// ---- Preemption: a high-priority task wakes while a low one spins ----------------------------------------

static volatile TickType_t high_woke_at;
static volatile int low_saw_high;

static void high_task(void *arg) {
    (void)arg;
    vTaskDelay(10);
    high_woke_at = xTaskGetTickCount();
    vTaskDelete(NULL);
}

static void check_preemption(void) {
    TickType_t start = xTaskGetTickCount();
    high_woke_at = 0;
    xTaskCreate(high_task, "high", 2048, NULL, 10, NULL);
    // Spin without yielding: only the tick interrupt can let the high task in.
    while (xTaskGetTickCount() - start < 30)
        if (high_woke_at) low_saw_high = 1;
    report("preemption", low_saw_high && high_woke_at - start == 10, "woke after ticks ", high_woke_at - start);
}

// ---- Delays -----------------------------------------------------------------------------------------------

static void check_delays(void) {
    TickType_t start = xTaskGetTickCount();
    uint32_t cycles = fw_cycle_count();
    vTaskDelay(pdMS_TO_TICKS(50));
    uint32_t elapsed_ticks = xTaskGetTickCount() - start;
    uint32_t elapsed_us = (fw_cycle_count() - cycles) / 240;
    report("delay", elapsed_ticks >= 50 && elapsed_ticks <= 51 && elapsed_us >= 49000 && elapsed_us <= 51000,
           "50 ms took us ", elapsed_us);

    TickType_t wake = xTaskGetTickCount();
    TickType_t first = wake;
    for (int i = 0; i < 5; i++) vTaskDelayUntil(&wake, 10);
    report("delay-until", xTaskGetTickCount() - first == 50, "5 periods of 10 took ticks ", xTaskGetTickCount() - first);
}

// ---- Queues -----------------------------------------------------------------------------------------------

static QueueHandle_t queue;

static void producer(void *arg) {
    (void)arg;
    for (uint32_t i = 1; i <= 20; i++) xQueueSend(queue, &i, portMAX_DELAY);
    vTaskDelete(NULL);
}

static void check_queues(void) {
    queue = xQueueCreate(4, sizeof(uint32_t));
    xTaskCreate(producer, "producer", 2048, NULL, 5, NULL);
    int in_order = 1;
    for (uint32_t expected = 1; expected <= 20; expected++) {
        uint32_t value = 0;
        if (xQueueReceive(queue, &value, pdMS_TO_TICKS(100)) != pdTRUE || value != expected) in_order = 0;
    }
    TickType_t start = xTaskGetTickCount();
    uint32_t value;
    int timed_out = xQueueReceive(queue, &value, 25) == pdFALSE;
    uint32_t waited = xTaskGetTickCount() - start;
    for (uint32_t i = 0; i < 4; i++) xQueueSend(queue, &i, 0);
    int full = xQueueSend(queue, &value, 0) == errQUEUE_FULL && uxQueueMessagesWaiting(queue) == 4;
    uint32_t front = 99;
    xQueueReceive(queue, &value, 0);
    xQueueSendToFront(queue, &front, 0);
    xQueuePeek(queue, &value, 0);
    report("queue", in_order && timed_out && waited == 25 && full && value == 99, "timeout waited ticks ", waited);
    vQueueDelete(queue);
}

// ---- Semaphores -------------------------------------------------------------------------------------------

static SemaphoreHandle_t binary;
static intr_handle_t timer_interrupt;

/// TIMG0 T0 alarm (interrupt source 14) gives the binary semaphore from its interrupt handler.
static void timer_isr(void *arg) {
    (void)arg;
    *(volatile uint32_t *)0x3FF5F0A4 = 1;   // TIMG0 INT_CLR: T0
    BaseType_t woken = pdFALSE;
    xSemaphoreGiveFromISR(binary, &woken);
    portYIELD_FROM_ISR(woken);
}

static void arm_timer_alarm(uint32_t microseconds, int auto_reload) {
    volatile uint32_t *timg = (volatile uint32_t *)0x3FF5F000;
    timg[0] = 1u << 30 | 80u << 13 | (auto_reload ? 1u << 29 : 0);
    timg[0x18 / 4] = 0;
    timg[0x1C / 4] = 0;
    timg[0x20 / 4] = 1;
    timg[0x10 / 4] = microseconds;
    timg[0x14 / 4] = 0;
    timg[0x98 / 4] = 1;
    timg[0] = 1u << 31 | 1u << 30 | 1u << 11 | 1u << 10 | 80u << 13 | (auto_reload ? 1u << 29 : 0);
}

static void stop_timer(void) { ((volatile uint32_t *)0x3FF5F000)[0] = 0; }

static void check_semaphores(void) {
    binary = xSemaphoreCreateBinary();
    int empty = xSemaphoreTake(binary, 0) == pdFALSE;
    esp_intr_alloc(14, ESP_INTR_FLAG_LEVEL1, timer_isr, NULL, &timer_interrupt);
    TickType_t start = xTaskGetTickCount();
    arm_timer_alarm(20000, 0);   // 20 ms
    int taken = xSemaphoreTake(binary, pdMS_TO_TICKS(100)) == pdTRUE;
    uint32_t waited = xTaskGetTickCount() - start;
    stop_timer();
    esp_intr_free(timer_interrupt);
    report("binary-semaphore-from-isr", empty && taken && waited >= 19 && waited <= 21, "given after ticks ", waited);

    SemaphoreHandle_t counting = xSemaphoreCreateCounting(3, 2);
    int first = xSemaphoreTake(counting, 0), second = xSemaphoreTake(counting, 0), third = xSemaphoreTake(counting, 0);
    xSemaphoreGive(counting);
    report("counting-semaphore", first && second && !third && uxSemaphoreGetCount(counting) == 1, "count ",
           uxSemaphoreGetCount(counting));
    vSemaphoreDelete(counting);
    vSemaphoreDelete(binary);
}

// ---- Mutexes: priority inheritance --------------------------------------------------------------------------

static SemaphoreHandle_t mutex;
static volatile int step;
static volatile UBaseType_t holder_priority_while_waited;
static volatile int medium_ran_before_high;

static void low_holder(void *arg) {
    (void)arg;
    xSemaphoreTake(mutex, portMAX_DELAY);
    step = 1;
    vTaskDelay(2);   // the others start meanwhile: the high task waits for the mutex, the medium one spins
    // Work while holding the mutex, at the priority the waiting high task lends.
    TickType_t start = xTaskGetTickCount();
    while (xTaskGetTickCount() - start < 5) {}
    holder_priority_while_waited = uxTaskPriorityGet(NULL);
    xSemaphoreGive(mutex);
    vTaskDelete(NULL);
}

static void medium_spinner(void *arg) {
    (void)arg;
    TickType_t start = xTaskGetTickCount();
    while (xTaskGetTickCount() - start < 20) {}   // without inheritance the low task would starve here
    if (step < 2) medium_ran_before_high = 1;
    vTaskDelete(NULL);
}

static void high_waiter(void *arg) {
    (void)arg;
    xSemaphoreTake(mutex, portMAX_DELAY);
    step = 2;
    xSemaphoreGive(mutex);
    vTaskDelete(NULL);
}

static void check_mutex(void) {
    mutex = xSemaphoreCreateMutex();
    step = 0;
    xTaskCreate(low_holder, "low", 2048, NULL, 3, NULL);
    while (step < 1) vTaskDelay(1);
    // Above them all while creating them; then the high task runs first and waits for the mutex.
    vTaskPrioritySet(NULL, 20);
    xTaskCreate(medium_spinner, "medium", 2048, NULL, 6, NULL);
    xTaskCreate(high_waiter, "high", 2048, NULL, 9, NULL);
    vTaskPrioritySet(NULL, 1);
    vTaskDelay(40);
    report("mutex-priority-inheritance", step == 2 && holder_priority_while_waited == 9 && !medium_ran_before_high,
           "holder ran at priority ", holder_priority_while_waited);

    SemaphoreHandle_t recursive = xSemaphoreCreateRecursiveMutex();
    int ok = xSemaphoreTakeRecursive(recursive, 0) && xSemaphoreTakeRecursive(recursive, 0);
    ok = ok && xSemaphoreGiveRecursive(recursive) && xSemaphoreGetMutexHolder(recursive) == xTaskGetCurrentTaskHandle();
    ok = ok && xSemaphoreGiveRecursive(recursive) && xSemaphoreGetMutexHolder(recursive) == NULL;
    ok = ok && !xSemaphoreGiveRecursive(recursive);
    report("recursive-mutex", ok, "held twice, given twice: ", 2);
    vSemaphoreDelete(recursive);
    vSemaphoreDelete(mutex);
}

// ---- Event groups -----------------------------------------------------------------------------------------

static EventGroupHandle_t group;

static void bit_setter(void *arg) {
    (void)arg;
    vTaskDelay(5);
    xEventGroupSetBits(group, 1 << 0);
    vTaskDelay(5);
    xEventGroupSetBits(group, 1 << 2);
    vTaskDelete(NULL);
}

static void check_event_groups(void) {
    group = xEventGroupCreate();
    xTaskCreate(bit_setter, "setter", 2048, NULL, 4, NULL);
    TickType_t start = xTaskGetTickCount();
    EventBits_t bits = xEventGroupWaitBits(group, 1 << 0 | 1 << 2, pdTRUE, pdTRUE, pdMS_TO_TICKS(100));
    uint32_t waited = xTaskGetTickCount() - start;
    int all = (bits & 5) == 5 && xEventGroupGetBits(group) == 0 && waited == 10;
    xEventGroupSetBits(group, 1 << 3);
    int any = xEventGroupWaitBits(group, 1 << 1 | 1 << 3, pdFALSE, pdFALSE, 0) == 1 << 3;
    start = xTaskGetTickCount();
    bits = xEventGroupWaitBits(group, 1 << 1, pdFALSE, pdTRUE, 15);
    int timed_out = bits == 1 << 3 && xTaskGetTickCount() - start == 15;
    report("event-group", all && any && timed_out, "all bits after ticks ", waited);
    vEventGroupDelete(group);
}

// ---- Software timers --------------------------------------------------------------------------------------

static volatile uint32_t one_shot_fired, periodic_fired;
static volatile TickType_t one_shot_tick;

static void one_shot(TimerHandle_t timer) {
    (void)timer;
    one_shot_fired++;
    one_shot_tick = xTaskGetTickCount();
}

static void periodic(TimerHandle_t timer) {
    if (++periodic_fired == 5) xTimerStop(timer, 0);
}

static void check_timers(void) {
    TimerHandle_t once = xTimerCreate("once", 30, pdFALSE, NULL, one_shot);
    TimerHandle_t again = xTimerCreate("again", 10, pdTRUE, (void *)7, periodic);
    TickType_t start = xTaskGetTickCount();
    xTimerStart(once, 0);
    xTimerStart(again, 0);
    vTaskDelay(100);
    int ok = one_shot_fired == 1 && one_shot_tick - start == 30 && periodic_fired == 5 && !xTimerIsTimerActive(again);
    ok = ok && pvTimerGetTimerID(again) == (void *)7;
    report("software-timers", ok, "periodic callbacks ", periodic_fired);
    xTimerDelete(once, 0);
    xTimerDelete(again, 0);
}

// ---- Notifications ----------------------------------------------------------------------------------------

static TaskHandle_t waiter_handle;
static volatile uint32_t notified_value, taken_count;

static void notified_task(void *arg) {
    (void)arg;
    uint32_t value = 0;
    xTaskNotifyWait(0, 0xFFFFFFFF, &value, portMAX_DELAY);
    notified_value = value;
    taken_count = ulTaskNotifyTake(pdTRUE, portMAX_DELAY);
    vTaskDelete(NULL);
}

static void check_notifications(void) {
    xTaskCreate(notified_task, "notified", 2048, NULL, 7, &waiter_handle);
    vTaskDelay(2);
    xTaskNotify(waiter_handle, 0x30, eSetBits);
    vTaskDelay(2);
    vTaskSuspendAll();   // three gives before the waiting task can run
    xTaskNotifyGive(waiter_handle);
    xTaskNotifyGive(waiter_handle);
    xTaskNotifyGive(waiter_handle);
    xTaskResumeAll();
    vTaskDelay(2);
    report("notifications", notified_value == 0x30 && taken_count == 3, "increments taken ", taken_count);
}

// ---- Deleted tasks give their memory back -----------------------------------------------------------------

static void short_lived(void *arg) { (void)arg; }   // returns: the task deletes itself

static void check_deletion(void) {
    vTaskDelay(5);   // let the idle task reclaim what earlier checks left
    size_t before = heap_caps_get_free_size(MALLOC_CAP_DEFAULT);
    UBaseType_t tasks = uxTaskGetNumberOfTasks();
    for (int i = 0; i < 10; i++) xTaskCreate(short_lived, "short", 4096, NULL, 2, NULL);
    vTaskDelay(5);
    size_t after = heap_caps_get_free_size(MALLOC_CAP_DEFAULT);
    report("deletion-reclaims-memory", after == before && uxTaskGetNumberOfTasks() == tasks, "bytes lost ",
           (uint32_t)(before - after));
}

// ---- Window-spill stress: deep recursion in three tasks, time-sliced, under a fast timer interrupt ---------

static volatile uint32_t fast_interrupts;

static void fast_isr(void *arg) {
    (void)arg;
    *(volatile uint32_t *)0x3FF5F0A4 = 1;        // INT_CLR
    *(volatile uint32_t *)0x3FF5F000 |= 1u << 10;  // the alarm disarms itself when it fires: arm it again
    fast_interrupts++;
}

__attribute__((noinline)) static uint32_t recurse(uint32_t depth, uint32_t a, uint32_t b, uint32_t c) {
    if (depth == 0) return a * 3 + b * 5 + c;
    uint32_t left = recurse(depth - 1, a + depth, b ^ depth, c + 1);
    return left + (depth * a) ^ (b + c);
}

static volatile uint32_t spill_errors, spill_rounds;
static volatile uint32_t expected_recursion;

static void recursion_task(void *arg) {
    (void)arg;
    TickType_t start = xTaskGetTickCount();
    while (xTaskGetTickCount() - start < 60) {
        uint32_t value = recurse(40, 1, 2, 3);
        if (value != expected_recursion) spill_errors++;
        spill_rounds++;
    }
    vTaskDelete(NULL);
}

static void check_window_spills(void) {
    volatile uint32_t one = 1;
    expected_recursion = recurse(40, one, 2, 3);
    intr_handle_t handle;
    esp_intr_alloc(14, ESP_INTR_FLAG_LEVEL2, fast_isr, NULL, &handle);   // level 2: nests over level 1
    arm_timer_alarm(3, 1);   // every 3 us (720 instructions), auto-reload
    for (uint32_t i = 1; i <= 3; i++) xTaskCreate(recursion_task, "recurse", 4096, (void *)(uintptr_t)i, 4, NULL);
    vTaskDelay(70);
    stop_timer();
    esp_intr_free(handle);
    report("window-spill-stress", spill_errors == 0 && spill_rounds > 100 && fast_interrupts > 1000,
           "timer interrupts ", fast_interrupts);
}

// ---- FPU: two tasks keep their own floating-point registers ---------------------------------------------

__attribute__((noinline)) static float series(float start, int terms) {
    float sum = start;
    for (int i = 1; i <= terms; i++) sum = sum * 0.999f + (float)i * 0.001f;   // (no division: that is a libcall)
    return sum;
}

static volatile float fpu_results[2];
static volatile int fpu_done;

static void fpu_task(void *arg) {
    int index = (int)(uintptr_t)arg;
    float value = 0;
    float start = (float)(index * 15 - 5) * 0.25f;  // 2.5 or -1.25 (a select between float constants trips llc)
    for (int round = 0; round < 20; round++) value += series(start, 4000);
    fpu_results[index] = value;
    fpu_done++;
    vTaskDelete(NULL);
}

static void check_fpu(void) {
    float expected[2] = {0, 0};
    for (int index = 0; index < 2; index++)
        for (int round = 0; round < 20; round++) expected[index] += series((float)(index * 15 - 5) * 0.25f, 4000);
    fpu_done = 0;
    xTaskCreate(fpu_task, "fpu0", 4096, (void *)0, 4, NULL);
    xTaskCreate(fpu_task, "fpu1", 4096, (void *)1, 4, NULL);
    while (fpu_done < 2) vTaskDelay(5);
    int same = fpu_results[0] == expected[0] && fpu_results[1] == expected[1] && expected[0] != expected[1];
    report("fpu-per-task", same, "result bits ", *(volatile uint32_t *)&fpu_results[1]);
}

void app_main(void) {
    fw_console_puts("kernel_check: main task running, priority ");
    put_decimal(uxTaskPriorityGet(NULL));
    fw_console_puts("\n");
    check_preemption();
    check_delays();
    check_queues();
    check_semaphores();
    check_mutex();
    check_event_groups();
    check_timers();
    check_notifications();
    check_deletion();
    check_window_spills();
    check_fpu();
    fw_console_puts("kernel_check: done\n");
}
