// SPDX-License-Identifier: MIT
// Software timers: callbacks run in the timer task (priority configTIMER_TASK_PRIORITY), as in FreeRTOS.
// Commands take effect at once; the ticks-to-wait arguments are accepted for compatibility.
#pragma once
#include "FreeRTOS.h"

#define configTIMER_TASK_PRIORITY (configMAX_PRIORITIES - 1)
typedef struct fw_timer *TimerHandle_t;
typedef void (*TimerCallbackFunction_t)(TimerHandle_t);

TimerHandle_t xTimerCreate(const char *name, TickType_t period, UBaseType_t auto_reload, void *id,
                           TimerCallbackFunction_t callback);
BaseType_t xTimerStart(TimerHandle_t timer, TickType_t ticks);
BaseType_t xTimerStop(TimerHandle_t timer, TickType_t ticks);
BaseType_t xTimerReset(TimerHandle_t timer, TickType_t ticks);
BaseType_t xTimerChangePeriod(TimerHandle_t timer, TickType_t period, TickType_t ticks);
BaseType_t xTimerDelete(TimerHandle_t timer, TickType_t ticks);
#define xTimerStartFromISR(timer, woken) xTimerStart((timer), 0)
#define xTimerStopFromISR(timer, woken) xTimerStop((timer), 0)
#define xTimerResetFromISR(timer, woken) xTimerReset((timer), 0)
BaseType_t xTimerIsTimerActive(TimerHandle_t timer);
void *pvTimerGetTimerID(TimerHandle_t timer);
void vTimerSetTimerID(TimerHandle_t timer, void *id);
TickType_t xTimerGetPeriod(TimerHandle_t timer);
const char *pcTimerGetName(TimerHandle_t timer);
