// SPDX-License-Identifier: MIT
// Semaphores and mutexes, as FreeRTOS defines them: queues without items (see FreeRTOS.h).
#pragma once
#include "FreeRTOS.h"

#define xSemaphoreCreateBinary() xQueueGenericCreate(1, 0, queueQUEUE_TYPE_BINARY_SEMAPHORE)
#define xSemaphoreCreateCounting(max, initial) xQueueCreateCountingSemaphore((max), (initial))
#define xSemaphoreCreateMutex() xQueueCreateMutex(queueQUEUE_TYPE_MUTEX)
#define xSemaphoreCreateRecursiveMutex() xQueueCreateMutex(queueQUEUE_TYPE_RECURSIVE_MUTEX)
#define xSemaphoreTake(s, ticks) xQueueSemaphoreTake((s), (ticks))
#define xSemaphoreGive(s) xQueueGenericSend((s), NULL, 0, queueSEND_TO_BACK)
#define xSemaphoreTakeRecursive(s, ticks) xQueueTakeMutexRecursive((s), (ticks))
#define xSemaphoreGiveRecursive(s) xQueueGiveMutexRecursive(s)
#define xSemaphoreGiveFromISR(s, woken) xQueueGiveFromISR((s), (woken))
#define xSemaphoreTakeFromISR(s, woken) xQueueReceiveFromISR((s), NULL, (woken))
#define xSemaphoreGetMutexHolder(s) xQueueGetMutexHolder(s)
#define uxSemaphoreGetCount(s) uxQueueMessagesWaiting(s)
#define vSemaphoreDelete(s) vQueueDelete(s)
