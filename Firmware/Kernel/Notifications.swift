// SPDX-License-Identifier: MIT
// Task notifications: a 32-bit value per task that others set, increment or OR into, and the task waits for.

func notify(_ task: Task, _ value: UInt32, _ action: Int32, _ previous: UnsafeMutablePointer<UInt32>?) -> (Int32, Bool) {
    previous?.pointee = task.pointee.notifyValue
    let wasPending = task.pointee.notifyState == .received
    switch action {
    case 1: task.pointee.notifyValue |= value                       // eSetBits
    case 2: task.pointee.notifyValue &+= 1                          // eIncrement
    case 3: task.pointee.notifyValue = value                        // eSetValueWithOverwrite
    case 4:                                                         // eSetValueWithoutOverwrite
        if wasPending { return (0, false) }
        task.pointee.notifyValue = value
    default: break                                                  // eNoAction
    }
    let waiting = task.pointee.notifyState == .waiting && task.pointee.state == .blocked
    task.pointee.notifyState = .received
    return (1, waiting && wake(task, byEvent: true))
}

@c public func xTaskGenericNotify(_ handle: OpaquePointer?, _ value: UInt32, _ action: Int32,
                                  _ previous: UnsafeMutablePointer<UInt32>?) -> Int32 {
    guard let handle else { return 0 }
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    return notify(Task(handle), value, action, previous).0
}

@c public func xTaskGenericNotifyFromISR(_ handle: OpaquePointer?, _ value: UInt32, _ action: Int32,
                                         _ previous: UnsafeMutablePointer<UInt32>?,
                                         _ woken: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let handle else { return 0 }
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    let (result, preempts) = notify(Task(handle), value, action, previous)
    if preempts { woken?.pointee = 1 }
    return result
}

/// Waits until the value is non-zero; returns it, then zeroes or decrements it.
@c public func ulTaskNotifyTake(_ clearOnExit: Int32, _ ticks: UInt32) -> UInt32 {
    guard let current = Kernel.current else { return 0 }
    var ps = enterKernel()
    if current.pointee.notifyValue == 0 && ticks > 0 {
        current.pointee.notifyState = .waiting
        blockCurrent(on: nil, timeout: ticks)
        leaveKernel(ps)
        ps = enterKernel()
    }
    let value = current.pointee.notifyValue
    if value != 0 { current.pointee.notifyValue = clearOnExit != 0 ? 0 : value - 1 }
    current.pointee.notifyState = .idle
    leaveKernel(ps)
    return value
}

@c public func xTaskNotifyWait(_ clearOnEntry: UInt32, _ clearOnExit: UInt32, _ value: UnsafeMutablePointer<UInt32>?,
                               _ ticks: UInt32) -> Int32 {
    guard let current = Kernel.current else { return 0 }
    var ps = enterKernel()
    if current.pointee.notifyState != .received {
        current.pointee.notifyValue &= ~clearOnEntry
        if ticks > 0 {
            current.pointee.notifyState = .waiting
            blockCurrent(on: nil, timeout: ticks)
            leaveKernel(ps)
            ps = enterKernel()
        }
    }
    value?.pointee = current.pointee.notifyValue
    let received = current.pointee.notifyState == .received
    if received { current.pointee.notifyValue &= ~clearOnExit }
    current.pointee.notifyState = .idle
    leaveKernel(ps)
    return received ? 1 : 0
}
