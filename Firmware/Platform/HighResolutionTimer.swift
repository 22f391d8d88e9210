// SPDX-License-Identifier: MIT
// esp_timer: one-shot and periodic timers with microsecond resolution on the platform clock
// (Platform/include/esp_timer.h). Armed timers form a list ordered by alarm time, and the clock's alarm is
// set for the first. When it fires, the interrupt handler runs the timers that dispatch from the ISR and
// hands the others to the esp_timer task (ESP-IDF's priority 22), which runs their callbacks in time order.
// A periodic timer's next alarm is its previous alarm plus the period, so it does not drift; one that fell
// behind either catches up or, with skip_unhandled_events, resumes from now.

public typealias HighResolutionTimerCallback = @convention(c) (UnsafeMutableRawPointer?) -> Void

struct HighResolutionTimerBlock {
    var next: UnsafeMutablePointer<HighResolutionTimerBlock>?
    var alarm: UInt64 = 0
    /// 0 for a one-shot timer.
    var period: UInt64 = 0
    var callback: HighResolutionTimerCallback
    var argument: UnsafeMutableRawPointer?
    var name: UnsafePointer<CChar>?
    var dispatchesFromISR: Bool
    var skipsUnhandledEvents: Bool
    var isArmed = false
    /// Due, and handed to the task, which has not run it yet (the alarm is not set for it again meanwhile).
    var isAwaitingTask = false
}

typealias HighResolutionTimer = UnsafeMutablePointer<HighResolutionTimerBlock>

enum HighResolutionTimers {
    nonisolated(unsafe) static var armed: HighResolutionTimer?
    nonisolated(unsafe) static var task: OpaquePointer?
    nonisolated(unsafe) static var isStarting = false
    /// ESP-IDF's lower bound for periodic timers.
    static let minimumPeriod: UInt64 = 50
    static let dispatchTask: Int32 = 0, dispatchISR: Int32 = 1
}

@_extern(c, "fw_time_us") func clockMicroseconds() -> UInt64
@_extern(c, "fw_clock_alarm_attach") func attachClockAlarm(_ handler: InterruptHandler) -> Int32
@_extern(c, "fw_clock_alarm_set") func setClockAlarm(_ microseconds: UInt64)
@_extern(c, "fw_clock_alarm_cancel") func cancelClockAlarm()
@_extern(c, "fw_clock_alarm_acknowledge") func acknowledgeClockAlarm()

@c public func esp_timer_get_time() -> Int64 { Int64(bitPattern: clockMicroseconds()) }

/// Starts the esp_timer task and claims the clock's alarm; esp_timer_create calls it, and calling it again
/// does nothing.
@c public func esp_timer_init() -> Int32 {
    var ps = enterKernel()
    while HighResolutionTimers.isStarting {   // another task is starting the service: wait for it
        leaveKernel(ps)
        vTaskDelay(1)
        ps = enterKernel()
    }
    guard HighResolutionTimers.task == nil else {
        leaveKernel(ps)
        return ESPError.ok
    }
    HighResolutionTimers.isStarting = true
    leaveKernel(ps)
    defer { HighResolutionTimers.isStarting = false }
    var task: OpaquePointer?
    guard xTaskCreatePinnedToCore(serviceTaskMain, "esp_timer", 4096, nil, 22, &task, 0) == 1 else { return ESPError.noMemory }
    guard attachClockAlarm(alarmInterrupt) == 1 else {
        vTaskDelete(task)
        return ESPError.notFound   // no free CPU interrupt
    }
    HighResolutionTimers.task = task
    return ESPError.ok
}

/// Called by esp_timer_create (Platform/config_structs.c) with the fields of esp_timer_create_args_t.
@c public func fw_esp_timer_create(_ callback: HighResolutionTimerCallback?, _ argument: UnsafeMutableRawPointer?,
                                   _ dispatch: Int32, _ name: UnsafePointer<CChar>?, _ skipUnhandledEvents: Int32,
                                   _ created: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let callback, let created,
          dispatch == HighResolutionTimers.dispatchTask || dispatch == HighResolutionTimers.dispatchISR
    else { return ESPError.invalidArgument }
    let started = esp_timer_init()
    guard started == ESPError.ok else { return started }
    guard let block = allocate(MemoryLayout<HighResolutionTimerBlock>.stride) else { return ESPError.noMemory }
    let timer = block.bindMemory(to: HighResolutionTimerBlock.self, capacity: 1)
    timer.initialize(to: HighResolutionTimerBlock(callback: callback, argument: argument, name: name,
                                                  dispatchesFromISR: dispatch == HighResolutionTimers.dispatchISR,
                                                  skipsUnhandledEvents: skipUnhandledEvents != 0))
    created.pointee = OpaquePointer(timer)
    return ESPError.ok
}

private func arm(_ handle: OpaquePointer?, after timeout: UInt64, period: UInt64) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let timer = HighResolutionTimer(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    guard !timer.pointee.isArmed else { return ESPError.invalidState }
    timer.pointee.alarm = clockMicroseconds() &+ timeout
    timer.pointee.period = period
    insert(timer)
    setAlarmForFirstTimer()
    return ESPError.ok
}

@c public func esp_timer_start_once(_ timer: OpaquePointer?, _ timeout: UInt64) -> Int32 {
    arm(timer, after: timeout, period: 0)
}

@c public func esp_timer_start_periodic(_ timer: OpaquePointer?, _ period: UInt64) -> Int32 {
    guard period >= HighResolutionTimers.minimumPeriod else { return ESPError.invalidArgument }
    return arm(timer, after: period, period: period)
}

/// A running timer starts over: a one-shot fires `timeout` from now; a periodic one takes `timeout` as its period.
@c public func esp_timer_restart(_ handle: OpaquePointer?, _ timeout: UInt64) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let timer = HighResolutionTimer(handle)
    let ps = enterKernel()
    let wasArmed = timer.pointee.isArmed
    let period = timer.pointee.period
    if wasArmed { disarm(timer) }
    leaveKernel(ps)
    guard wasArmed else { return ESPError.invalidState }
    return period > 0 ? esp_timer_start_periodic(handle, timeout) : esp_timer_start_once(handle, timeout)
}

@c public func esp_timer_stop(_ handle: OpaquePointer?) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let timer = HighResolutionTimer(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    guard timer.pointee.isArmed else { return ESPError.invalidState }
    disarm(timer)
    setAlarmForFirstTimer()
    return ESPError.ok
}

@c public func esp_timer_delete(_ handle: OpaquePointer?) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let timer = HighResolutionTimer(handle)
    let ps = enterKernel()
    let isArmed = timer.pointee.isArmed
    leaveKernel(ps)
    guard !isArmed else { return ESPError.invalidState }
    timer.deinitialize(count: 1)
    release(timer)
    return ESPError.ok
}

@c public func esp_timer_is_active(_ handle: OpaquePointer?) -> Int32 {
    handle.map { HighResolutionTimer($0).pointee.isArmed ? 1 : 0 } ?? 0
}

@c public func esp_timer_get_period(_ handle: OpaquePointer?, _ period: UnsafeMutablePointer<UInt64>?) -> Int32 {
    guard let handle, let period else { return ESPError.invalidArgument }
    period.pointee = HighResolutionTimer(handle).pointee.period
    return ESPError.ok
}

/// When a one-shot timer fires (periodic timers: ESP_ERR_NOT_SUPPORTED, as in ESP-IDF).
@c public func esp_timer_get_expiry_time(_ handle: OpaquePointer?, _ expiry: UnsafeMutablePointer<UInt64>?) -> Int32 {
    guard let handle, let expiry else { return ESPError.invalidArgument }
    let timer = HighResolutionTimer(handle)
    guard timer.pointee.period == 0 else { return ESPError.notSupported }
    expiry.pointee = timer.pointee.alarm
    return ESPError.ok
}

/// The time of the first armed timer's alarm, or Int64.max when none is armed.
@c public func esp_timer_get_next_alarm() -> Int64 {
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    return HighResolutionTimers.armed.map { Int64(bitPattern: $0.pointee.alarm) } ?? Int64.max
}

/// An ISR-dispatched callback that woke a task asks for the switch on the way out of the interrupt.
@c public func esp_timer_isr_dispatch_need_yield() { requestSwitch() }

// MARK: - The armed list (kernel critical section held)

private func insert(_ timer: HighResolutionTimer) {
    var link = withUnsafeMutablePointer(to: &HighResolutionTimers.armed) { $0 }
    while let next = link.pointee, next.pointee.alarm <= timer.pointee.alarm {
        link = withUnsafeMutablePointer(to: &next.pointee.next) { $0 }
    }
    timer.pointee.next = link.pointee
    link.pointee = timer
    timer.pointee.isArmed = true
}

private func disarm(_ timer: HighResolutionTimer) {
    var link = withUnsafeMutablePointer(to: &HighResolutionTimers.armed) { $0 }
    while let next = link.pointee {
        if next == timer {
            link.pointee = timer.pointee.next
            break
        }
        link = withUnsafeMutablePointer(to: &next.pointee.next) { $0 }
    }
    timer.pointee.next = nil
    timer.pointee.isArmed = false
    timer.pointee.isAwaitingTask = false
}

/// Takes a due timer off the list before its callback runs; a periodic one goes back with its next alarm.
private func advance(_ timer: HighResolutionTimer, now: UInt64) {
    disarm(timer)
    guard timer.pointee.period > 0 else { return }
    timer.pointee.alarm &+= timer.pointee.period
    if timer.pointee.skipsUnhandledEvents && timer.pointee.alarm <= now {
        timer.pointee.alarm = now &+ timer.pointee.period
    }
    insert(timer)
}

/// Sets the clock's alarm for the first timer not already handed to the task.
private func setAlarmForFirstTimer() {
    var node = HighResolutionTimers.armed
    while let timer = node, timer.pointee.isAwaitingTask { node = timer.pointee.next }
    if let timer = node { setClockAlarm(timer.pointee.alarm) } else { cancelClockAlarm() }
}

// MARK: - Dispatch

private let alarmInterrupt: InterruptHandler = { _ in
    acknowledgeClockAlarm()
    var ps = enterKernel()
    var wakesTask = false
    var node = HighResolutionTimers.armed
    while let timer = node, timer.pointee.alarm <= clockMicroseconds() {
        node = timer.pointee.next
        if timer.pointee.dispatchesFromISR {
            advance(timer, now: clockMicroseconds())
            let (callback, argument) = (timer.pointee.callback, timer.pointee.argument)
            leaveKernel(ps)
            callback(argument)
            ps = enterKernel()
            node = HighResolutionTimers.armed   // the callback may have changed the list
        } else if !timer.pointee.isAwaitingTask {
            timer.pointee.isAwaitingTask = true
            wakesTask = true
        }
    }
    setAlarmForFirstTimer()
    leaveKernel(ps)
    if wakesTask, let task = HighResolutionTimers.task {
        var woken: Int32 = 0
        _ = xTaskGenericNotifyFromISR(task, 0, 2, nil, &woken)   // eIncrement
        if woken != 0 { requestSwitch() }
    }
}

private let serviceTaskMain: TaskFunction = { _ in
    while true {
        _ = ulTaskNotifyTake(1, KernelConfig.maximumDelay)
        var ps = enterKernel()
        while let timer = firstTimerDueForTask() {
            advance(timer, now: clockMicroseconds())
            // Read before the callback runs: it may delete its own timer.
            let (callback, argument) = (timer.pointee.callback, timer.pointee.argument)
            leaveKernel(ps)
            callback(argument)
            ps = enterKernel()
        }
        setAlarmForFirstTimer()
        leaveKernel(ps)
    }
}

private func firstTimerDueForTask() -> HighResolutionTimer? {
    let now = clockMicroseconds()
    var node = HighResolutionTimers.armed
    while let timer = node, timer.pointee.alarm <= now {
        if !timer.pointee.dispatchesFromISR { return timer }
        node = timer.pointee.next
    }
    return nil
}
