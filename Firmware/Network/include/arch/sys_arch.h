/* SPDX-License-Identifier: MIT */
/* lwIP's operating-system types on our kernel (Network/sys_arch.c): semaphores, mutexes and mailboxes are
 * kernel queues, threads are tasks. */
#pragma once
#include "freertos/FreeRTOS.h"

typedef QueueHandle_t sys_sem_t;
typedef QueueHandle_t sys_mutex_t;
typedef QueueHandle_t sys_mbox_t;
typedef TaskHandle_t sys_thread_t;
typedef uint32_t sys_prot_t;

#define sys_sem_valid(sem) (*(sem) != NULL)
#define sys_sem_set_invalid(sem) (*(sem) = NULL)
#define sys_mutex_valid(mutex) (*(mutex) != NULL)
#define sys_mutex_set_invalid(mutex) (*(mutex) = NULL)
#define sys_mbox_valid(mbox) (*(mbox) != NULL)
#define sys_mbox_set_invalid(mbox) (*(mbox) = NULL)
