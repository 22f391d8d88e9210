// SPDX-License-Identifier: MIT
// Software timers: a list ordered by expiry; the tick wakes the timer task when the first one is due, and
// the timer task runs the callbacks (so they may block briefly and use the kernel, as in FreeRTOS).

public typealias TimerCallback = @convention(c) (OpaquePointer?) -> Void

struct TimerControlBlock {
    var next: UnsafeMutablePointer<TimerControlBlock>?
    var expiry: UInt64 = 0
    var period: UInt32
    var autoReload: Bool
    var active = false
    var identifier: UnsafeMutableRawPointer?
    var callback: TimerCallback
    var name: UnsafePointer<CChar>?
}

typealias SoftwareTimer = UnsafeMutablePointer<TimerControlBlock>

enum Timers {
    nonisolated(unsafe) static var active: SoftwareTimer?
    nonisolated(unsafe) static var task: Task?
}

/// Inserts into the active list by expiry (kernel critical section held).
func schedule(_ timer: SoftwareTimer) {
    unschedule(timer)
    timer.pointee.active = true
    var link = withUnsafeMutablePointer(to: &Timers.active) { $0 }
    while let next = link.pointee, next.pointee.expiry <= timer.pointee.expiry {
        link = withUnsafeMutablePointer(to: &next.pointee.next) { $0 }
    }
    timer.pointee.next = link.pointee
    link.pointee = timer
}

func unschedule(_ timer: SoftwareTimer) {
    timer.pointee.active = false
    var link = withUnsafeMutablePointer(to: &Timers.active) { $0 }
    while let next = link.pointee {
        if next == timer {
            link.pointee = timer.pointee.next
            timer.pointee.next = nil
            return
        }
        link = withUnsafeMutablePointer(to: &next.pointee.next) { $0 }
    }
}

/// From the tick: wake the timer task when the first timer is due.
func timersTick() {
    guard let first = Timers.active, first.pointee.expiry <= Kernel.tick, let task = Timers.task,
          task.pointee.state == .blocked else { return }
    wake(task, byEvent: true)
}

func startTimerTask() {
    Timers.task = createTask(timerTaskMain, "Tmr Svc", 3072, nil, UInt32(KernelConfig.priorities - 1), 0)
}

let timerTaskMain: TaskFunction = { _ in
    while true {
        let ps = enterKernel()
        if let due = Timers.active, due.pointee.expiry <= Kernel.tick {
            unschedule(due)
            if due.pointee.autoReload {
                due.pointee.expiry += UInt64(due.pointee.period)
                if due.pointee.expiry <= Kernel.tick { due.pointee.expiry = Kernel.tick + UInt64(due.pointee.period) }
                schedule(due)
            }
            leaveKernel(ps)
            due.pointee.callback(OpaquePointer(due))
            continue
        }
        let wait = Timers.active.map { UInt32(truncatingIfNeeded: $0.pointee.expiry - Kernel.tick) }
            ?? KernelConfig.maximumDelay
        blockCurrent(on: nil, timeout: wait)
        leaveKernel(ps)
    }
}

/// A timer command changed the list: the timer task recomputes its wait.
func timersChanged() {
    if let task = Timers.task, task.pointee.state == .blocked { wake(task, byEvent: true) }
}

@c public func xTimerCreate(_ name: UnsafePointer<CChar>?, _ period: UInt32, _ autoReload: UInt32,
                            _ identifier: UnsafeMutableRawPointer?, _ callback: TimerCallback?) -> OpaquePointer? {
    guard period > 0, let callback, let block = allocate(MemoryLayout<TimerControlBlock>.stride) else { return nil }
    let timer = block.bindMemory(to: TimerControlBlock.self, capacity: 1)
    timer.initialize(to: TimerControlBlock(period: period, autoReload: autoReload != 0, identifier: identifier,
                                           callback: callback, name: name))
    return OpaquePointer(timer)
}

@c public func xTimerStart(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    guard let handle else { return 0 }
    let timer = SoftwareTimer(handle)
    let ps = enterKernel()
    timer.pointee.expiry = Kernel.tick + UInt64(timer.pointee.period)
    schedule(timer)
    timersChanged()
    leaveKernel(ps)
    return 1
}

@c public func xTimerReset(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 { xTimerStart(handle, ticks) }

@c public func xTimerStop(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    guard let handle else { return 0 }
    let ps = enterKernel()
    unschedule(SoftwareTimer(handle))
    timersChanged()
    leaveKernel(ps)
    return 1
}

@c public func xTimerChangePeriod(_ handle: OpaquePointer?, _ period: UInt32, _ ticks: UInt32) -> Int32 {
    guard let handle, period > 0 else { return 0 }
    SoftwareTimer(handle).pointee.period = period
    return xTimerStart(handle, ticks)
}

@c public func xTimerDelete(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    guard let handle else { return 0 }
    _ = xTimerStop(handle, ticks)
    let timer = SoftwareTimer(handle)
    timer.deinitialize(count: 1)
    release(timer)
    return 1
}

@c public func xTimerIsTimerActive(_ handle: OpaquePointer?) -> Int32 {
    handle.map { SoftwareTimer($0).pointee.active ? 1 : 0 } ?? 0
}

@c public func pvTimerGetTimerID(_ handle: OpaquePointer?) -> UnsafeMutableRawPointer? {
    handle.flatMap { SoftwareTimer($0).pointee.identifier }
}

@c public func vTimerSetTimerID(_ handle: OpaquePointer?, _ identifier: UnsafeMutableRawPointer?) {
    if let handle { SoftwareTimer(handle).pointee.identifier = identifier }
}

@c public func xTimerGetPeriod(_ handle: OpaquePointer?) -> UInt32 { handle.map { SoftwareTimer($0).pointee.period } ?? 0 }

@c public func pcTimerGetName(_ handle: OpaquePointer?) -> UnsafePointer<CChar>? {
    handle.flatMap { SoftwareTimer($0).pointee.name }
}
