// SPDX-License-Identifier: MIT
// Tasks: creation (a stack with a canary and a first frame that starts the task), deletion (the idle task
// frees what a task leaves), delays, priorities, suspension, and starting the kernel: the idle task, the
// timer task and the main task that runs app_main, as ESP-IDF does.

public typealias TaskFunction = @convention(c) (UnsafeMutableRawPointer?) -> Void

/// Where tasks start: the first frame "returns" here with the function in a2 and its argument in a3
/// (kernel_port.S).
@_extern(c, "fw_task_entry") func taskEntryTrampoline()

/// Frame slots (interrupt_frame.h).
enum Frame {
    static let pc = 0, ps = 1, a0 = 2, a1 = 3, a2 = 4, a3 = 5
    /// PS of a fresh task as the level-1 return path restores it: WOE and UM set, EXCM set (RFE clears it).
    static let startPS: UInt32 = 0x0004_0030
}

@c public func xTaskCreatePinnedToCore(
    _ code: TaskFunction?, _ name: UnsafePointer<CChar>?, _ stackBytes: UInt32, _ parameter: UnsafeMutableRawPointer?,
    _ priority: UInt32, _ created: UnsafeMutablePointer<OpaquePointer?>?, _ coreID: Int32
) -> Int32 {
    guard let code, let task = createTask(code, name, Int(stackBytes), parameter, priority, coreID) else { return 0 }
    created?.pointee = OpaquePointer(task)
    return 1
}

func createTask(
    _ code: TaskFunction, _ name: UnsafePointer<CChar>?, _ stackBytes: Int, _ parameter: UnsafeMutableRawPointer?,
    _ priority: UInt32, _ coreID: Int32
) -> Task? {
    let size = max((stackBytes + 15) & ~15, 512)
    // The stack first: were it to overflow, it runs into older blocks rather than its own control block.
    guard let stack = allocate(size) else { return nil }
    guard let block = allocate(MemoryLayout<TaskControlBlock>.stride) else {
        release(stack)
        return nil
    }
    let task = block.bindMemory(to: TaskControlBlock.self, capacity: 1)
    let level = min(priority, UInt32(KernelConfig.priorities - 1))
    task.initialize(to: TaskControlBlock(stackSize: size, priority: level, basePriority: level, coreID: coreID))
    task.pointee.stack = stack
    if let name {
        withUnsafeMutablePointer(to: &task.pointee.name) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: 16) { bytes in
                var index = 0
                while index < 15 && name[index] != 0 {
                    bytes[index] = name[index]
                    index += 1
                }
            }
        }
    }
    // Fill the stack (for the high-water mark and the canary), then lay the first frame at its top.
    stack.initializeMemory(as: UInt8.self, repeating: KernelConfig.stackCanary, count: size)
    let top = stack + size - KernelConfig.frameGap
    let frame = (top - 4 * KernelConfig.frameWords).bindMemory(to: UInt32.self, capacity: KernelConfig.frameWords)
    frame.initialize(repeating: 0, count: KernelConfig.frameWords)
    frame[Frame.pc] = UInt32(UInt(bitPattern: unsafeBitCast(taskEntryTrampoline as @convention(c) () -> Void,
                                                            to: UnsafeRawPointer.self)))
    frame[Frame.ps] = Frame.startPS
    frame[Frame.a1] = UInt32(UInt(bitPattern: top))
    frame[Frame.a2] = UInt32(UInt(bitPattern: unsafeBitCast(code, to: UnsafeRawPointer.self)))
    frame[Frame.a3] = UInt32(UInt(bitPattern: parameter))
    task.pointee.frame = frame
    let ps = enterKernel()
    Kernel.taskCount += 1
    Kernel.allTasks.append(task, .registry)
    makeReady(task)
    if Kernel.isRunning, let current = Kernel.current, level > current.pointee.priority { requestSwitch() }
    leaveKernel(ps)
    return task
}

func task(_ handle: OpaquePointer?) -> Task? {
    handle.map { Task($0) } ?? Kernel.current
}

@c public func vTaskDelete(_ handle: OpaquePointer?) {
    guard let task = task(handle) else { return }
    let ps = enterKernel()
    task.unlink(.event)
    task.unlink(.state)
    if task.pointee.state == .ready, Kernel.readyList(task.pointee.priority).isEmpty {
        Kernel.readyPriorities &= ~(1 << task.pointee.priority)
    }
    task.pointee.state = .deleted
    Kernel.terminatedList.append(task, .state)
    Kernel.taskCount -= 1
    if task == Kernel.fpuOwner { Kernel.fpuOwner = nil }
    if task == Kernel.current { requestSwitch() }
    leaveKernel(ps)
    // Deleting itself, a task never gets here: the switch above does not come back.
}

/// Called when a task function returns.
@c public func fw_task_exit() {
    vTaskDelete(nil)
    while true { waitForInterrupt() }
}

/// Frees what deleted tasks leave (run by the idle task).
func reclaimDeletedTasks() {
    while true {
        let ps = enterKernel()
        guard let task = Kernel.terminatedList.pointee.head else {
            leaveKernel(ps)
            return
        }
        Kernel.terminatedList.remove(task, .state)
        Kernel.allTasks.remove(task, .registry)
        leaveKernel(ps)
        release(task.pointee.stack)
        release(task.pointee.fpuArea)
        task.deinitialize(count: 1)
        release(task)
    }
}

@c public func vTaskDelay(_ ticks: UInt32) {
    let ps = enterKernel()
    if ticks == 0 { requestSwitch() } else { blockCurrent(on: nil, timeout: ticks) }
    leaveKernel(ps)
}

/// Console input (stdin) is polled: under the kernel, a reader waits a tick between polls.
@c public func fw_console_wait() { vTaskDelay(1) }

@c public func xTaskDelayUntil(_ previousWake: UnsafeMutablePointer<UInt32>, _ increment: UInt32) -> Int32 {
    let ps = enterKernel()
    let now = UInt32(truncatingIfNeeded: Kernel.tick)
    let wake = previousWake.pointee &+ increment
    previousWake.pointee = wake
    // Due in the future (modulo the 32-bit tick count): wait; otherwise the deadline has passed already.
    let delayed = Int32(bitPattern: wake &- now) > 0
    if delayed { blockCurrent(on: nil, timeout: wake &- now) }
    leaveKernel(ps)
    return delayed ? 1 : 0
}

@c public func xTaskGetTickCount() -> UInt32 { UInt32(truncatingIfNeeded: Kernel.tick) }

@c public func xTaskGetCurrentTaskHandle() -> OpaquePointer? { Kernel.current.map { OpaquePointer($0) } }

@c public func xTaskGetIdleTaskHandle() -> OpaquePointer? { Kernel.idleTask.map { OpaquePointer($0) } }

@c public func pcTaskGetName(_ handle: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    guard let task = task(handle) else { return nil }
    return withUnsafeMutablePointer(to: &task.pointee.name) { $0.withMemoryRebound(to: CChar.self, capacity: 16) { $0 } }
}

/// The effective priority (raised while the task lends a mutex to a higher one), as FreeRTOS reports it.
@c public func uxTaskPriorityGet(_ handle: OpaquePointer?) -> UInt32 { task(handle)?.pointee.priority ?? 0 }

@c public func vTaskPrioritySet(_ handle: OpaquePointer?, _ priority: UInt32) {
    guard let task = task(handle) else { return }
    let level = min(priority, UInt32(KernelConfig.priorities - 1))
    let ps = enterKernel()
    // An inherited (higher) priority stays until the mutexes that caused it are given back.
    let effective = task.pointee.priority > task.pointee.basePriority && task.pointee.mutexesHeld > 0
        ? max(task.pointee.priority, level) : level
    task.pointee.basePriority = level
    setEffectivePriority(task, effective)
    leaveKernel(ps)
}

@c public func vTaskSuspend(_ handle: OpaquePointer?) {
    guard let task = task(handle) else { return }
    let ps = enterKernel()
    task.unlink(.event)
    if task.pointee.state == .ready { removeFromReady(task) } else { task.unlink(.state) }
    task.pointee.state = .suspended
    if task == Kernel.current { requestSwitch() }
    leaveKernel(ps)
}

@c public func vTaskResume(_ handle: OpaquePointer?) {
    guard let task = task(handle), task.pointee.state == .suspended else { return }
    let ps = enterKernel()
    wake(task, byEvent: true)
    leaveKernel(ps)
}

@c public func xTaskResumeFromISR(_ handle: OpaquePointer?) -> Int32 {
    guard let task = task(handle), task.pointee.state == .suspended else { return 0 }
    let ps = enterKernel()
    let preempts = wake(task, byEvent: true)
    leaveKernel(ps)
    return preempts ? 1 : 0
}

@c public func eTaskGetState(_ handle: OpaquePointer?) -> Int32 {
    guard let task = task(handle) else { return 5 }
    if task == Kernel.current { return 0 }
    switch task.pointee.state {
    case .ready: return 1
    case .blocked: return 2
    case .suspended: return 3
    case .deleted: return 4
    }
}

/// The fewest bytes of stack the task has had free (its untouched fill pattern).
@c public func uxTaskGetStackHighWaterMark(_ handle: OpaquePointer?) -> UInt32 {
    guard let task = task(handle), let stack = task.pointee.stack else { return 0 }
    let bytes = stack.assumingMemoryBound(to: UInt8.self)
    var untouched = 0
    while untouched < task.pointee.stackSize && bytes[untouched] == KernelConfig.stackCanary { untouched += 1 }
    return UInt32(untouched)
}

@c public func uxTaskGetNumberOfTasks() -> UInt32 { Kernel.taskCount }

@c public func xTaskGetAffinity(_ handle: OpaquePointer?) -> Int32 { task(handle)?.pointee.coreID ?? 0 }

@c public func vTaskSuspendAll() {
    let ps = enterKernel()
    Kernel.schedulerSuspended += 1
    leaveKernel(ps)
}

@c public func xTaskResumeAll() -> Int32 {
    let ps = enterKernel()
    Kernel.schedulerSuspended -= 1
    let switching = Kernel.schedulerSuspended == 0 && Kernel.switchPending
    if switching { requestSwitch() }
    leaveKernel(ps)
    return switching ? 1 : 0
}

@c public func vPortYield() {
    let ps = enterKernel()
    requestSwitch()
    leaveKernel(ps)
}

@c public func vPortYieldFromISR() { requestSwitch() }

// MARK: - Starting the kernel

/// Replaces the runtime's plain call of app_main: starts the kernel with app_main in the main task.
@c public func fw_run_app() {
    Kernel.readyLists = allocate(MemoryLayout<TaskList>.stride * KernelConfig.priorities)?
        .bindMemory(to: TaskList.self, capacity: KernelConfig.priorities)
    Kernel.readyLists!.initialize(repeating: TaskList(), count: KernelConfig.priorities)
    Kernel.idleTask = createTask(idleTaskMain, "IDLE", 1536, nil, 0, 0)
    startTimerTask()
    _ = createTask(mainTaskMain, "main", 8192, nil, 1, 0)
    // The boot context becomes a task nobody resumes: the first switch saves its frame and leaves it.
    let boot = TaskControlBlock(stackSize: 0, priority: 0, basePriority: 0, coreID: 0)
    let bootTask = allocate(MemoryLayout<TaskControlBlock>.stride)!.bindMemory(to: TaskControlBlock.self, capacity: 1)
    bootTask.initialize(to: boot)
    bootTask.pointee.state = .deleted
    Kernel.current = bootTask
    publishDebugInfo()
    setInterruptHandler(KernelConfig.tickInterrupt, { _ in tickHandler() }, nil)
    setInterruptHandler(KernelConfig.yieldInterrupt, { _ in }, nil)
    Kernel.nextTickCompare = cycleCount() &+ KernelConfig.cyclesPerTick
    setCycleCompare(0, Kernel.nextTickCompare)
    Kernel.isRunning = true
    enableInterrupts(1 << KernelConfig.tickInterrupt | 1 << KernelConfig.yieldInterrupt)
    vPortYield()
    while true { waitForInterrupt() }
}

@_extern(c, "app_main") func applicationMain()

let mainTaskMain: TaskFunction = { _ in
    applicationMain()
    vTaskDelete(nil)
}

let idleTaskMain: TaskFunction = { _ in
    while true {
        reclaimDeletedTasks()
        waitForInterrupt()
    }
}
