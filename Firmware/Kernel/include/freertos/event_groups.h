// SPDX-License-Identifier: MIT
// Event groups: 24 bits tasks wait on, all or any.
#pragma once
#include "FreeRTOS.h"

typedef struct fw_event_group *EventGroupHandle_t;
typedef uint32_t EventBits_t;

EventGroupHandle_t xEventGroupCreate(void);
EventBits_t xEventGroupSetBits(EventGroupHandle_t group, EventBits_t bits);
BaseType_t xEventGroupSetBitsFromISR(EventGroupHandle_t group, EventBits_t bits,
                                     BaseType_t *higher_priority_task_woken);
EventBits_t xEventGroupClearBits(EventGroupHandle_t group, EventBits_t bits);
#define xEventGroupClearBitsFromISR(group, bits) xEventGroupClearBits((group), (bits))
#define xEventGroupGetBits(group) xEventGroupClearBits((group), 0)
#define xEventGroupGetBitsFromISR(group) xEventGroupClearBits((group), 0)
EventBits_t xEventGroupWaitBits(EventGroupHandle_t group, EventBits_t bits, BaseType_t clear_on_exit,
                                BaseType_t wait_for_all, TickType_t ticks);
EventBits_t xEventGroupSync(EventGroupHandle_t group, EventBits_t set, EventBits_t wait_for, TickType_t ticks);
void vEventGroupDelete(EventGroupHandle_t group);
