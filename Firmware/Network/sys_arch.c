// SPDX-License-Identifier: MIT
// lwIP's operating-system layer (lwip/sys.h) on our kernel: counting semaphores, mutexes and mailboxes are
// kernel queues, threads are tasks, time is the platform clock in milliseconds, and lwIP's short critical
// sections mask interrupts (one CPU runs tasks, and masking nests: each level keeps the PS it replaced).
#include "lwip/sys.h"

#include "firmware.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "interrupts.h"
#include "lwip/err.h"

void sys_init(void) {}

u32_t sys_now(void) { return (u32_t)(fw_time_us() / 1000); }

sys_prot_t sys_arch_protect(void) { return fw_interrupt_mask(); }

void sys_arch_unprotect(sys_prot_t saved) { fw_interrupt_restore(saved); }

// Milliseconds → ticks for a wait; 0 means for ever in lwIP.
static TickType_t ticks_for(u32_t milliseconds) {
    if (milliseconds == 0) return portMAX_DELAY;
    TickType_t ticks = pdMS_TO_TICKS(milliseconds);
    return ticks ? ticks : 1;
}

// What lwIP's timed waits return: the milliseconds waited, or SYS_ARCH_TIMEOUT.
static u32_t waited_since(u32_t start, BaseType_t got) { return got == pdTRUE ? sys_now() - start : SYS_ARCH_TIMEOUT; }

// ---- Semaphores and mutexes ---------------------------------------------------------------------------------

err_t sys_sem_new(sys_sem_t *sem, u8_t count) {
    *sem = xSemaphoreCreateCounting(0xFFFF, count);
    return *sem ? ERR_OK : ERR_MEM;
}

void sys_sem_signal(sys_sem_t *sem) { xSemaphoreGive(*sem); }

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout) {
    u32_t start = sys_now();
    return waited_since(start, xSemaphoreTake(*sem, ticks_for(timeout)));
}

void sys_sem_free(sys_sem_t *sem) { vQueueDelete(*sem); }

err_t sys_mutex_new(sys_mutex_t *mutex) {
    *mutex = xSemaphoreCreateMutex();
    return *mutex ? ERR_OK : ERR_MEM;
}

void sys_mutex_lock(sys_mutex_t *mutex) { xSemaphoreTake(*mutex, portMAX_DELAY); }
void sys_mutex_unlock(sys_mutex_t *mutex) { xSemaphoreGive(*mutex); }
void sys_mutex_free(sys_mutex_t *mutex) { vQueueDelete(*mutex); }

// ---- Mailboxes (queues of pointers) -------------------------------------------------------------------------

err_t sys_mbox_new(sys_mbox_t *mbox, int size) {
    *mbox = xQueueCreate((UBaseType_t)(size > 0 ? size : 1), sizeof(void *));
    return *mbox ? ERR_OK : ERR_MEM;
}

void sys_mbox_post(sys_mbox_t *mbox, void *message) { xQueueSend(*mbox, &message, portMAX_DELAY); }

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *message) {
    return xQueueSend(*mbox, &message, 0) == pdTRUE ? ERR_OK : ERR_MEM;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *message) {
    BaseType_t woken = pdFALSE;
    if (xQueueSendFromISR(*mbox, &message, &woken) != pdTRUE) return ERR_MEM;
    portYIELD_FROM_ISR(woken);
    return ERR_OK;
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **message, u32_t timeout) {
    void *received = NULL;
    u32_t start = sys_now();
    u32_t waited = waited_since(start, xQueueReceive(*mbox, &received, ticks_for(timeout)));
    if (message) *message = waited == SYS_ARCH_TIMEOUT ? NULL : received;
    return waited;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **message) {
    void *received = NULL;
    if (xQueueReceive(*mbox, &received, 0) != pdTRUE) return SYS_MBOX_EMPTY;
    if (message) *message = received;
    return 0;
}

void sys_mbox_free(sys_mbox_t *mbox) { vQueueDelete(*mbox); }

// ---- Threads ------------------------------------------------------------------------------------------------

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn function, void *argument, int stack_bytes,
                            int priority) {
    TaskHandle_t task = NULL;
    if (xTaskCreate(function, name, (uint32_t)stack_bytes, argument, (UBaseType_t)priority, &task) != pdPASS) {
        LWIP_ASSERT("cannot create an lwIP thread", 0);
    }
    return task;
}
