// SPDX-License-Identifier: MIT
// esp_intr_alloc for the ESP32: picks a free CPU interrupt of the requested level among those wired to the
// interrupt matrix as level-triggered, routes the source to it on the calling CPU and installs the handler.
#include "esp_intr_alloc.h"
#include "firmware.h"
#include "interrupts.h"
#include "spinlock.h"

struct fw_intr_handle {
    int source;
    int cpu;
    uint32_t interrupt;
};

#define INTERRUPT_MAP(cpu) ((volatile uint32_t *)((cpu) ? 0x3FF00218 : 0x3FF00104))
#define UNROUTED 6   // the reset mapping: the CCOMPARE0 timer, which the matrix cannot drive

// External level-triggered CPU interrupts per level (xtensa_isa.md §1.3), the kernel's 6 and 7 excluded.
static const uint8_t candidates[4][8] = {
    {0}, {12, 13, 17, 18, 2, 3, 4, 5}, {19, 20, 21}, {23, 27},
};
static const int candidate_count[4] = {0, 8, 3, 2};
static struct fw_intr_handle handles[2][32];
static uint32_t used[2];
static fw_spinlock_t lock = FW_SPINLOCK_INIT;

esp_err_t esp_intr_alloc(int source, int flags, intr_handler_t handler, void *arg, intr_handle_t *handle) {
    if (source < 0 || source >= 69 || !handler) return ESP_ERR_INVALID_ARG;
    int level = (flags & ESP_INTR_FLAG_LEVEL3) ? 3 : (flags & ESP_INTR_FLAG_LEVEL2) ? 2 : 1;
    int cpu = fw_processor_id() >> 13 & 1;
    uint32_t ps = fw_spinlock_acquire(&lock);
    int chosen = -1;
    for (int i = 0; i < candidate_count[level] && chosen < 0; i++)
        if (!(used[cpu] >> candidates[level][i] & 1)) chosen = candidates[level][i];
    if (chosen < 0) {
        fw_spinlock_release(&lock, ps);
        return ESP_ERR_NOT_FOUND;
    }
    used[cpu] |= 1u << chosen;
    struct fw_intr_handle *h = &handles[cpu][chosen];
    h->source = source;
    h->cpu = cpu;
    h->interrupt = (uint32_t)chosen;
    fw_spinlock_release(&lock, ps);
    fw_interrupt_set_handler((uint32_t)chosen, handler, arg);
    INTERRUPT_MAP(cpu)[source] = (uint32_t)chosen;
    if (!(flags & ESP_INTR_FLAG_INTRDISABLED)) fw_interrupt_enable(1u << chosen);
    if (handle) *handle = h;
    return ESP_OK;
}

esp_err_t esp_intr_free(intr_handle_t h) {
    if (!h) return ESP_ERR_INVALID_ARG;
    fw_interrupt_disable(1u << h->interrupt);
    INTERRUPT_MAP(h->cpu)[h->source] = UNROUTED;
    fw_interrupt_set_handler(h->interrupt, 0, 0);
    uint32_t ps = fw_spinlock_acquire(&lock);
    used[h->cpu] &= ~(1u << h->interrupt);
    fw_spinlock_release(&lock, ps);
    return ESP_OK;
}

esp_err_t esp_intr_enable(intr_handle_t h) {
    if (!h) return ESP_ERR_INVALID_ARG;
    fw_interrupt_enable(1u << h->interrupt);
    return ESP_OK;
}

esp_err_t esp_intr_disable(intr_handle_t h) {
    if (!h) return ESP_ERR_INVALID_ARG;
    fw_interrupt_disable(1u << h->interrupt);
    return ESP_OK;
}

int esp_intr_get_intno(intr_handle_t h) { return h ? (int)h->interrupt : -1; }
