// SPDX-License-Identifier: MIT
// newlib's retargetable locks (stdio, environment, time zone, …): a kernel recursive mutex per lock while
// the kernel runs tasks (created on first use), a spinlock otherwise — before the scheduler starts, in
// interrupt handlers, in firmware without the kernel, and on the APP CPU.
#include <stdlib.h>
#include <sys/lock.h>

#include "interrupts.h"
#include "spinlock.h"

struct __lock {
    void *mutex;            // the kernel's recursive mutex, once created
    fw_spinlock_t spin;
    uint32_t saved_ps;
};

// The static locks newlib declares with __LOCK_INIT.
struct __lock __lock___sinit_recursive_mutex, __lock___sfp_recursive_mutex, __lock___atexit_recursive_mutex,
    __lock___at_quick_exit_mutex, __lock___malloc_recursive_mutex, __lock___env_recursive_mutex,
    __lock___tz_mutex, __lock___dd_hash_mutex, __lock___arc4random_mutex;

// The kernel's implementation (Firmware/Kernel) takes or gives the mutex in *slot and returns 1; this
// default, without the kernel, returns 0 and the spinlock is used.
__attribute__((weak)) int fw_kernel_lock(void **slot, int acquire) {
    (void)slot;
    (void)acquire;
    return 0;
}

static void acquire(_LOCK_T lock) {
    if (!lock || fw_kernel_lock(&lock->mutex, 1)) return;
    uint32_t ps = fw_spinlock_acquire(&lock->spin);
    if (lock->spin.count == 1) lock->saved_ps = ps;
}

static void release(_LOCK_T lock) {
    if (!lock || fw_kernel_lock(&lock->mutex, 0)) return;
    uint32_t ps = lock->spin.count == 1 ? lock->saved_ps : fw_current_ps();   // inner levels stay masked
    fw_spinlock_release(&lock->spin, ps);
}

void __retarget_lock_init(_LOCK_T *lock) { *lock = calloc(1, sizeof(struct __lock)); }
void __retarget_lock_init_recursive(_LOCK_T *lock) { __retarget_lock_init(lock); }
void __retarget_lock_close(_LOCK_T lock) { free(lock); }
void __retarget_lock_close_recursive(_LOCK_T lock) { free(lock); }
void __retarget_lock_acquire(_LOCK_T lock) { acquire(lock); }
void __retarget_lock_acquire_recursive(_LOCK_T lock) { acquire(lock); }
void __retarget_lock_release(_LOCK_T lock) { release(lock); }
void __retarget_lock_release_recursive(_LOCK_T lock) { release(lock); }

int __retarget_lock_try_acquire(_LOCK_T lock) {
    acquire(lock);
    return 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock) { return __retarget_lock_try_acquire(lock); }
