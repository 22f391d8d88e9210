// SPDX-License-Identifier: MIT
// The scheduler: task control blocks, ready lists by priority, the delayed list, the 1 ms tick, blocking and
// waking, and the context switch, which happens only on the way out of a level-1 interrupt: the entry code
// has saved the interrupted task's frame and spilled its register windows, so a task is entirely its frame
// plus its stack, and switching means handing the entry code another task's frame to restore
// (fw_kernel_switch_context). A task that wants to switch raises software interrupt 7 (level 1); the tick is
// CCOMPARE0 (interrupt 6, level 1). Kernel data is changed with interrupts up to level 3 masked.

/// Everything the kernel knows about a task. It must begin with the three list links (see `TaskList`).
struct TaskControlBlock {
    var links = (TaskLink(), TaskLink(), TaskLink())
    /// The frame the entry code saved when the task was last interrupted (`interrupt_frame.h`).
    var frame: UnsafeMutablePointer<UInt32>?
    var stack: UnsafeMutableRawPointer?
    var stackSize: Int
    /// Effective priority (raised while a higher-priority task waits for a mutex it holds) and its own.
    var priority: UInt32
    var basePriority: UInt32
    var state: TaskState = .ready
    /// Tick at which a delayed task becomes ready.
    var wakeTick: UInt64 = 0
    /// Set when an event (not the timeout) ended the last wait.
    var wokenByEvent = false
    /// Event groups: the bits waited for on entry, the group's bits on a successful wake.
    var eventBits: UInt32 = 0
    var eventOptions: UInt32 = 0
    var notifyValue: UInt32 = 0
    var notifyState: NotifyState = .idle
    var mutexesHeld: UInt32 = 0
    var coreID: Int32
    /// FPU registers f0–f15, FCR and FSR while another task owns the FPU (allocated on first use).
    var fpuArea: UnsafeMutablePointer<UInt32>?
    var name: (UInt64, UInt64) = (0, 0)
}

enum TaskState: UInt8 {
    case ready, blocked, suspended, deleted
}

enum NotifyState: UInt8 {
    case idle, waiting, received
}

/// Kernel constants (FreeRTOS.h says the same to C).
enum KernelConfig {
    static let priorities = 25
    static let tickHz: UInt32 = 1000
    /// CPU cycles per tick at the ESP32's 240 MHz (the firmware's configured CPU clock).
    static let cyclesPerTick: UInt32 = 240_000_000 / tickHz
    static let tickInterrupt: UInt32 = 6          // CCOMPARE0, level 1
    static let yieldInterrupt: UInt32 = 7         // software, level 1
    static let stackCanary: UInt8 = 0xA5
    static let canaryBytes = 16
    static let frameWords = 28                    // FRAME_SIZE / 4
    static let frameGap = 16                      // FRAME_GAP
    static let maximumDelay: UInt32 = 0xFFFF_FFFF  // portMAX_DELAY
}

/// The kernel's state (one CPU runs tasks).
enum Kernel {
    nonisolated(unsafe) static var readyLists: UnsafeMutablePointer<TaskList>?
    nonisolated(unsafe) static var readyPriorities: UInt32 = 0
    nonisolated(unsafe) static var delayed = TaskList()
    nonisolated(unsafe) static var terminated = TaskList()
    /// Every task from creation until the idle task frees it, for debuggers (DebugInfo.swift).
    nonisolated(unsafe) static var all = TaskList()
    nonisolated(unsafe) static var current: Task?
    nonisolated(unsafe) static var idleTask: Task?
    nonisolated(unsafe) static var tick: UInt64 = 0
    nonisolated(unsafe) static var isRunning = false
    nonisolated(unsafe) static var switchPending = false
    nonisolated(unsafe) static var schedulerSuspended: UInt32 = 0
    nonisolated(unsafe) static var taskCount: UInt32 = 0
    nonisolated(unsafe) static var fpuOwner: Task?
    nonisolated(unsafe) static var nextTickCompare: UInt32 = 0

    static func readyList(_ priority: UInt32) -> UnsafeMutablePointer<TaskList> { readyLists! + Int(priority) }

    static var delayedList: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &delayed) { $0 } }
    static var terminatedList: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &terminated) { $0 } }
    static var allTasks: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &all) { $0 } }
}

// MARK: - Critical sections

/// Masks interrupts up to level 3 (everything that may touch kernel data) and returns the PS to restore.
@inline(__always) func enterKernel() -> UInt32 { maskInterrupts() }
@inline(__always) func leaveKernel(_ ps: UInt32) { restoreInterrupts(ps) }

// MARK: - Ready lists

func makeReady(_ task: Task) {
    task.pointee.state = .ready
    Kernel.readyList(task.pointee.priority).append(task, .state)
    Kernel.readyPriorities |= 1 << task.pointee.priority
}

func removeFromReady(_ task: Task) {
    let list = Kernel.readyList(task.pointee.priority)
    guard task.link(.state).pointee.list == list else { return }
    list.remove(task, .state)
    if list.isEmpty { Kernel.readyPriorities &= ~(1 << task.pointee.priority) }
}

/// Changes a task's effective priority, keeping its place in the ready lists right.
func setEffectivePriority(_ task: Task, _ priority: UInt32) {
    guard task.pointee.priority != priority else { return }
    let wasReady = task.pointee.state == .ready && task.isOn(.state)
    if wasReady { removeFromReady(task) }
    task.pointee.priority = priority
    if wasReady { makeReady(task) }
    if let current = Kernel.current, task == current || priority > current.pointee.priority { requestSwitch() }
}

/// The highest-priority ready task.
func highestReady() -> Task? {
    guard Kernel.readyPriorities != 0 else { return nil }
    return Kernel.readyList(31 - UInt32(Kernel.readyPriorities.leadingZeroBitCount)).pointee.head
}

// MARK: - Switching

/// Asks for a switch at the next chance: software interrupt 7 is taken as soon as nothing masks it.
func requestSwitch() {
    Kernel.switchPending = true
    setPendingInterrupts(1 << KernelConfig.yieldInterrupt)
}

/// Called by the level-1 dispatcher with the interrupted task's frame; returns the frame to resume.
@c public func fw_kernel_switch_context(_ frame: UnsafeMutablePointer<UInt32>) -> UnsafeMutablePointer<UInt32> {
    guard Kernel.isRunning, let current = Kernel.current else { return frame }
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    current.pointee.frame = frame
    checkStack(current)
    guard Kernel.switchPending, Kernel.schedulerSuspended == 0 else { return frame }
    Kernel.switchPending = false
    clearPendingInterrupts(1 << KernelConfig.yieldInterrupt)   // this is the switch it asked for
    // A running task that is still ready goes behind the others of its priority: they take turns.
    if current.pointee.state == .ready {
        let list = Kernel.readyList(current.pointee.priority)
        list.remove(current, .state)
        list.append(current, .state)
    }
    guard let next = highestReady() else { return frame }
    Kernel.current = next
    setCoprocessorEnable(next == Kernel.fpuOwner ? 1 : 0)
    return next.pointee.frame!
}

/// The tick: time passes, delayed tasks whose time has come become ready, equal priorities take turns,
/// software timers come due.
func tickHandler() {
    Kernel.nextTickCompare &+= KernelConfig.cyclesPerTick
    // If interrupts were masked for longer than a tick, catch up instead of waiting a whole CCOUNT wrap.
    if Int32(bitPattern: Kernel.nextTickCompare &- cycleCount()) <= 0 {
        Kernel.nextTickCompare = cycleCount() &+ KernelConfig.cyclesPerTick
    }
    setCycleCompare(0, Kernel.nextTickCompare)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    Kernel.tick += 1
    while let task = Kernel.delayedList.pointee.head, task.pointee.wakeTick <= Kernel.tick {
        wake(task, byEvent: false)
    }
    if let current = Kernel.current, Kernel.readyList(current.pointee.priority).pointee.count > 1 {
        requestSwitch()     // time slice among equal priorities
    }
    timersTick()
}

// MARK: - Blocking and waking

/// Blocks the current task until `wake` or `timeout` ticks (portMAX_DELAY: forever), optionally waiting on
/// `waitList` in priority order. Call inside a kernel critical section; the switch happens when the caller
/// leaves it. Returns at once; after the switch back, `wokenByEvent` tells why the task runs again.
func blockCurrent(on waitList: UnsafeMutablePointer<TaskList>?, timeout: UInt32) {
    guard let task = Kernel.current else { return }
    removeFromReady(task)
    task.pointee.state = .blocked
    task.pointee.wokenByEvent = false
    if let waitList {
        waitList.insert(task, .event) { $0.pointee.priority > $1.pointee.priority }
    }
    if timeout != KernelConfig.maximumDelay {
        task.pointee.wakeTick = Kernel.tick + UInt64(timeout)
        Kernel.delayedList.insert(task, .state) { $0.pointee.wakeTick < $1.pointee.wakeTick }
    }
    requestSwitch()
}

/// Makes a blocked task ready: off its wait list and the delayed list. Returns whether it should preempt
/// the running task.
@discardableResult
func wake(_ task: Task, byEvent: Bool) -> Bool {
    task.unlink(.event)
    task.unlink(.state)
    task.pointee.wokenByEvent = byEvent
    makeReady(task)
    let preempts = task.pointee.priority > (Kernel.current?.pointee.priority ?? 0)
    if preempts { requestSwitch() }
    return preempts
}

/// Ticks left until `deadline` (0 when it has passed; portMAX_DELAY stays forever).
func ticksUntil(_ deadline: UInt64) -> UInt32 {
    deadline == UInt64.max ? KernelConfig.maximumDelay
        : deadline > Kernel.tick ? UInt32(truncatingIfNeeded: deadline - Kernel.tick) : 0
}

func deadline(after ticks: UInt32) -> UInt64 {
    ticks == KernelConfig.maximumDelay ? UInt64.max : Kernel.tick + UInt64(ticks)
}

// MARK: - Stacks

/// Panics with ESP-IDF's message if `task` has written over the canary at the bottom of its stack.
func checkStack(_ task: Task) {
    guard let stack = task.pointee.stack else { return }
    let bytes = stack.assumingMemoryBound(to: UInt8.self)
    for index in 0..<KernelConfig.canaryBytes where bytes[index] != KernelConfig.stackCanary {
        reportStackOverflow(task)
    }
}

func reportStackOverflow(_ task: Task) {
    fw_console_puts("\n***ERROR*** A stack overflow in task ")
    withTaskName(task) { fw_console_puts($0) }
    fw_console_puts(" has been detected.\n")
    fw_panic_backtrace(task.pointee.frame)
}

func withTaskName<R>(_ task: Task, _ body: (UnsafePointer<CChar>) -> R) -> R {
    withUnsafePointer(to: &task.pointee.name) { $0.withMemoryRebound(to: CChar.self, capacity: 16) { body($0) } }
}
