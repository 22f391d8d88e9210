// SPDX-License-Identifier: MIT
// The kernel's side of the port: what it needs from the runtime (heap, console, interrupt registers, FPU
// save and restore in kernel_port.S), critical sections with spinlocks, and the lazy FPU switch.

/// The heap (16-byte aligned blocks): Runtime/heap.c.
@_extern(c, "fw_heap_allocate") func allocate(_ size: Int) -> UnsafeMutableRawPointer?
@_extern(c, "fw_heap_release") func release(_ pointer: UnsafeMutableRawPointer?)
@_extern(c, "fw_console_puts") func fw_console_puts(_ text: UnsafePointer<CChar>)
@_extern(c, "fw_panic_backtrace") func fw_panic_backtrace(_ frame: UnsafeMutablePointer<UInt32>?)
@_extern(c, "fw_interrupt_set_pending") func setPendingInterrupts(_ mask: UInt32)
@_extern(c, "fw_interrupt_clear_pending") func clearPendingInterrupts(_ mask: UInt32)
@_extern(c, "fw_set_cpenable") func setCoprocessorEnable(_ value: UInt32)
@_extern(c, "fw_fpu_save") func saveFPU(_ area: UnsafeMutablePointer<UInt32>)
@_extern(c, "fw_fpu_restore") func restoreFPU(_ area: UnsafeMutablePointer<UInt32>)
@_extern(c, "fw_spinlock_acquire") func spinlockAcquire(_ lock: UnsafeMutableRawPointer) -> UInt32
@_extern(c, "fw_spinlock_release") func spinlockRelease(_ lock: UnsafeMutableRawPointer, _ ps: UInt32)
@_extern(c, "fw_interrupt_nesting") func interruptNesting() -> UInt32

/// The CPU this runs on: 0 (PRO) or 1 (APP), from PRID bit 13 as ESP-IDF reads it.
@c public func xPortGetCoreID() -> Int32 {
    Int32(processorIdentifier() >> 13 & 1)
}

@_extern(c, "fw_processor_id") func processorIdentifier() -> UInt32

@c public func xPortInIsrContext() -> Int32 { interruptNesting() > 0 ? 1 : 0 }

// MARK: - Critical sections

/// Each CPU's nesting depth and the PS its outermost critical section saved.
enum Critical {
    nonisolated(unsafe) static var nesting: (UInt32, UInt32) = (0, 0)
    nonisolated(unsafe) static var savedPS: (UInt32, UInt32) = (0, 0)
}

@c public func vPortEnterCritical(_ mux: UnsafeMutableRawPointer) {
    let ps = spinlockAcquire(mux)
    if xPortGetCoreID() == 0 {
        if Critical.nesting.0 == 0 { Critical.savedPS.0 = ps }
        Critical.nesting.0 += 1
    } else {
        if Critical.nesting.1 == 0 { Critical.savedPS.1 = ps }
        Critical.nesting.1 += 1
    }
}

@c public func vPortExitCritical(_ mux: UnsafeMutableRawPointer) {
    // Inner levels hand back the masked PS their acquire saw; the outermost restores the original.
    var ps = maskInterrupts()
    if xPortGetCoreID() == 0 {
        Critical.nesting.0 -= 1
        if Critical.nesting.0 == 0 { ps = Critical.savedPS.0 }
    } else {
        Critical.nesting.1 -= 1
        if Critical.nesting.1 == 0 { ps = Critical.savedPS.1 }
    }
    spinlockRelease(mux, ps)
}

// MARK: - Lazy FPU switching

/// The FPU is enabled (CPENABLE) only for the task whose registers it holds; another task's first FPU
/// instruction raises Coprocessor0Disabled, and this moves the registers: the owner's out, this task's in.
@c public func fw_kernel_coprocessor_exception(_ frame: UnsafeMutableRawPointer?) -> Int32 {
    guard Kernel.isRunning, let current = Kernel.current else { return 0 }
    if current.pointee.fpuArea == nil {
        guard let area = allocate(18 * 4) else { return 0 }
        current.pointee.fpuArea = area.bindMemory(to: UInt32.self, capacity: 18)
        current.pointee.fpuArea!.initialize(repeating: 0, count: 18)
    }
    setCoprocessorEnable(1)
    if let owner = Kernel.fpuOwner, owner != current, let area = owner.pointee.fpuArea { saveFPU(area) }
    if Kernel.fpuOwner != current { restoreFPU(current.pointee.fpuArea!) }
    Kernel.fpuOwner = current
    return 1
}

// MARK: - newlib's locks

/// Takes (`acquire` 1) or gives the recursive mutex in `slot`, creating it on first use, for newlib's locks
/// (Runtime/newlib_locks.c). Returns 0 when a mutex cannot serve — before the scheduler runs, inside an
/// interrupt handler, on the APP CPU — and the caller falls back to a spinlock.
@c public func fw_kernel_lock(_ slot: UnsafeMutablePointer<OpaquePointer?>, _ acquire: Int32) -> Int32 {
    guard Kernel.isRunning, interruptNesting() == 0, xPortGetCoreID() == 0 else { return 0 }
    if slot.pointee == nil {
        let ps = enterKernel()
        if slot.pointee == nil { slot.pointee = xQueueCreateMutex(QueueType.recursiveMutex) }
        leaveKernel(ps)
    }
    guard let mutex = slot.pointee else { return 0 }
    return acquire != 0 ? xQueueTakeMutexRecursive(mutex, KernelConfig.maximumDelay) : xQueueGiveMutexRecursive(mutex)
}
