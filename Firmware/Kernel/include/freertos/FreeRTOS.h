// SPDX-License-Identifier: MIT
// The kernel's C interface, with FreeRTOS's names, types and macros as ESP-IDF code uses them, so that
// ESP-IDF-style C compiles against it (task.h, queue.h, semphr.h, event_groups.h and timers.h include this).
// The kernel itself is Firmware/Kernel/*.swift. Differences from FreeRTOS: one CPU runs tasks (a requested
// core id is recorded); stack sizes are in bytes, as in ESP-IDF; a tick is 1 ms.
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "spinlock.h"

typedef int BaseType_t;
typedef unsigned int UBaseType_t;
typedef uint32_t TickType_t;
typedef uint8_t StackType_t;

#define pdFALSE 0
#define pdTRUE 1
#define pdFAIL pdFALSE
#define pdPASS pdTRUE
#define errQUEUE_EMPTY 0
#define errQUEUE_FULL 0
#define portMAX_DELAY ((TickType_t)0xFFFFFFFFu)
#define configTICK_RATE_HZ 1000
#define portTICK_PERIOD_MS ((TickType_t)(1000 / configTICK_RATE_HZ))
#define pdMS_TO_TICKS(ms) ((TickType_t)(((uint64_t)(ms) * configTICK_RATE_HZ) / 1000))
#define pdTICKS_TO_MS(ticks) ((uint32_t)(((uint64_t)(ticks) * 1000) / configTICK_RATE_HZ))
#define configMAX_PRIORITIES 25
#define configMINIMAL_STACK_SIZE 2048
#define configMAX_TASK_NAME_LEN 16
#define tskIDLE_PRIORITY 0
#define tskNO_AFFINITY 0x7FFFFFFF
#define configASSERT(x) do { if (!(x)) fw_fatal("configASSERT failed: " #x); } while (0)
void fw_fatal(const char *reason) __attribute__((noreturn));

// ---- Critical sections -------------------------------------------------------------------------------------
typedef fw_spinlock_t portMUX_TYPE;
#define portMUX_INITIALIZER_UNLOCKED FW_SPINLOCK_INIT
void vPortEnterCritical(portMUX_TYPE *mux);
void vPortExitCritical(portMUX_TYPE *mux);
#define portENTER_CRITICAL(mux) vPortEnterCritical(mux)
#define portEXIT_CRITICAL(mux) vPortExitCritical(mux)
#define portENTER_CRITICAL_ISR(mux) vPortEnterCritical(mux)
#define portEXIT_CRITICAL_ISR(mux) vPortExitCritical(mux)
#define taskENTER_CRITICAL(mux) vPortEnterCritical(mux)
#define taskEXIT_CRITICAL(mux) vPortExitCritical(mux)
#define taskENTER_CRITICAL_ISR(mux) vPortEnterCritical(mux)
#define taskEXIT_CRITICAL_ISR(mux) vPortExitCritical(mux)
BaseType_t xPortGetCoreID(void);
BaseType_t xPortInIsrContext(void);

// ---- Tasks -------------------------------------------------------------------------------------------------
typedef struct fw_task *TaskHandle_t;
typedef void (*TaskFunction_t)(void *);
typedef enum { eNoAction = 0, eSetBits, eIncrement, eSetValueWithOverwrite, eSetValueWithoutOverwrite } eNotifyAction;
typedef enum { eRunning = 0, eReady, eBlocked, eSuspended, eDeleted, eInvalid } eTaskState;

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t code, const char *name, uint32_t stack_bytes, void *parameter,
                                   UBaseType_t priority, TaskHandle_t *created, BaseType_t core_id);
#define xTaskCreate(code, name, stack, parameter, priority, created) \
    xTaskCreatePinnedToCore((code), (name), (stack), (parameter), (priority), (created), tskNO_AFFINITY)
void vTaskDelete(TaskHandle_t task);
void vTaskDelay(TickType_t ticks);
BaseType_t xTaskDelayUntil(TickType_t *previous_wake, TickType_t increment);
#define vTaskDelayUntil(previous, increment) ((void)xTaskDelayUntil((previous), (increment)))
TickType_t xTaskGetTickCount(void);
#define xTaskGetTickCountFromISR() xTaskGetTickCount()
TaskHandle_t xTaskGetCurrentTaskHandle(void);
TaskHandle_t xTaskGetIdleTaskHandle(void);
char *pcTaskGetName(TaskHandle_t task);
UBaseType_t uxTaskPriorityGet(TaskHandle_t task);
void vTaskPrioritySet(TaskHandle_t task, UBaseType_t priority);
void vTaskSuspend(TaskHandle_t task);
void vTaskResume(TaskHandle_t task);
BaseType_t xTaskResumeFromISR(TaskHandle_t task);
eTaskState eTaskGetState(TaskHandle_t task);
UBaseType_t uxTaskGetStackHighWaterMark(TaskHandle_t task);
UBaseType_t uxTaskGetNumberOfTasks(void);
BaseType_t xTaskGetAffinity(TaskHandle_t task);
void vTaskSuspendAll(void);
BaseType_t xTaskResumeAll(void);
void vPortYield(void);
void vPortYieldFromISR(void);
#define taskYIELD() vPortYield()
#define portYIELD() vPortYield()
#define portYIELD_FROM_ISR(woken) do { if (woken) vPortYieldFromISR(); } while (0)

BaseType_t xTaskGenericNotify(TaskHandle_t task, uint32_t value, eNotifyAction action, uint32_t *previous);
BaseType_t xTaskGenericNotifyFromISR(TaskHandle_t task, uint32_t value, eNotifyAction action, uint32_t *previous,
                                     BaseType_t *higher_priority_task_woken);
#define xTaskNotify(task, value, action) xTaskGenericNotify((task), (value), (action), NULL)
#define xTaskNotifyAndQuery(task, value, action, previous) xTaskGenericNotify((task), (value), (action), (previous))
#define xTaskNotifyGive(task) xTaskGenericNotify((task), 0, eIncrement, NULL)
#define xTaskNotifyFromISR(task, value, action, woken) \
    xTaskGenericNotifyFromISR((task), (value), (action), NULL, (woken))
#define vTaskNotifyGiveFromISR(task, woken) ((void)xTaskGenericNotifyFromISR((task), 0, eIncrement, NULL, (woken)))
uint32_t ulTaskNotifyTake(BaseType_t clear_on_exit, TickType_t ticks);
BaseType_t xTaskNotifyWait(uint32_t clear_on_entry, uint32_t clear_on_exit, uint32_t *value, TickType_t ticks);

// ---- Queues and semaphores ---------------------------------------------------------------------------------
typedef struct fw_queue *QueueHandle_t;
typedef QueueHandle_t SemaphoreHandle_t;
#define queueQUEUE_TYPE_BASE 0
#define queueQUEUE_TYPE_MUTEX 1
#define queueQUEUE_TYPE_COUNTING_SEMAPHORE 2
#define queueQUEUE_TYPE_BINARY_SEMAPHORE 3
#define queueQUEUE_TYPE_RECURSIVE_MUTEX 4
#define queueSEND_TO_BACK 0
#define queueSEND_TO_FRONT 1
#define queueOVERWRITE 2

QueueHandle_t xQueueGenericCreate(UBaseType_t length, UBaseType_t item_size, uint8_t type);
#define xQueueCreate(length, item_size) xQueueGenericCreate((length), (item_size), queueQUEUE_TYPE_BASE)
QueueHandle_t xQueueCreateCountingSemaphore(UBaseType_t max_count, UBaseType_t initial_count);
QueueHandle_t xQueueCreateMutex(uint8_t type);
BaseType_t xQueueGenericSend(QueueHandle_t queue, const void *item, TickType_t ticks, BaseType_t position);
BaseType_t xQueueGenericSendFromISR(QueueHandle_t queue, const void *item, BaseType_t *higher_priority_task_woken,
                                    BaseType_t position);
BaseType_t xQueueGiveFromISR(QueueHandle_t queue, BaseType_t *higher_priority_task_woken);
#define xQueueSend(q, item, ticks) xQueueGenericSend((q), (item), (ticks), queueSEND_TO_BACK)
#define xQueueSendToBack(q, item, ticks) xQueueGenericSend((q), (item), (ticks), queueSEND_TO_BACK)
#define xQueueSendToFront(q, item, ticks) xQueueGenericSend((q), (item), (ticks), queueSEND_TO_FRONT)
#define xQueueOverwrite(q, item) xQueueGenericSend((q), (item), 0, queueOVERWRITE)
#define xQueueSendFromISR(q, item, woken) xQueueGenericSendFromISR((q), (item), (woken), queueSEND_TO_BACK)
#define xQueueSendToBackFromISR(q, item, woken) xQueueGenericSendFromISR((q), (item), (woken), queueSEND_TO_BACK)
#define xQueueSendToFrontFromISR(q, item, woken) xQueueGenericSendFromISR((q), (item), (woken), queueSEND_TO_FRONT)
BaseType_t xQueueReceive(QueueHandle_t queue, void *buffer, TickType_t ticks);
BaseType_t xQueuePeek(QueueHandle_t queue, void *buffer, TickType_t ticks);
BaseType_t xQueueReceiveFromISR(QueueHandle_t queue, void *buffer, BaseType_t *higher_priority_task_woken);
BaseType_t xQueueSemaphoreTake(QueueHandle_t queue, TickType_t ticks);
BaseType_t xQueueTakeMutexRecursive(QueueHandle_t mutex, TickType_t ticks);
BaseType_t xQueueGiveMutexRecursive(QueueHandle_t mutex);
TaskHandle_t xQueueGetMutexHolder(QueueHandle_t mutex);
UBaseType_t uxQueueMessagesWaiting(QueueHandle_t queue);
UBaseType_t uxQueueSpacesAvailable(QueueHandle_t queue);
BaseType_t xQueueReset(QueueHandle_t queue);
void vQueueDelete(QueueHandle_t queue);
