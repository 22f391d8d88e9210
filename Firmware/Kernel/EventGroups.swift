// SPDX-License-Identifier: MIT
// Event groups: 24 bits; tasks wait for any or all of some bits, optionally clearing them when they get them.

struct EventGroupControlBlock {
    var bits: UInt32 = 0
    var waiters = TaskList()
}

typealias EventGroup = UnsafeMutablePointer<EventGroupControlBlock>

enum EventWait {
    static let all: UInt32 = 1 << 0
    static let clearOnExit: UInt32 = 1 << 1
    static let usableBits: UInt32 = 0x00FF_FFFF
}

extension UnsafeMutablePointer where Pointee == EventGroupControlBlock {
    var waiters: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &pointee.waiters) { $0 } }
}

func isSatisfied(_ bits: UInt32, wanted: UInt32, all: Bool) -> Bool {
    all ? bits & wanted == wanted : bits & wanted != 0
}

@c public func xEventGroupCreate() -> OpaquePointer? {
    guard let block = allocate(MemoryLayout<EventGroupControlBlock>.stride) else { return nil }
    let group = block.bindMemory(to: EventGroupControlBlock.self, capacity: 1)
    group.initialize(to: EventGroupControlBlock())
    return OpaquePointer(group)
}

@c public func vEventGroupDelete(_ handle: OpaquePointer?) {
    guard let handle else { return }
    let group = EventGroup(handle)
    let ps = enterKernel()
    while let task = group.waiters.pointee.head {
        task.pointee.eventBits = 0
        wake(task, byEvent: true)
    }
    leaveKernel(ps)
    group.deinitialize(count: 1)
    release(group)
}

/// Sets bits and wakes every waiter they satisfy; bits those waiters asked to clear are cleared afterwards.
func setBits(_ group: EventGroup, _ bits: UInt32) -> (bits: UInt32, preempts: Bool) {
    group.pointee.bits |= bits & EventWait.usableBits
    var toClear: UInt32 = 0
    var preempts = false
    var cursor = group.waiters.pointee.head
    while let task = cursor {
        cursor = task.link(.event).pointee.next
        let wanted = task.pointee.eventBits
        let options = task.pointee.eventOptions
        guard isSatisfied(group.pointee.bits, wanted: wanted, all: options & EventWait.all != 0) else { continue }
        if options & EventWait.clearOnExit != 0 { toClear |= wanted }
        task.pointee.eventBits = group.pointee.bits
        preempts = wake(task, byEvent: true) || preempts
    }
    group.pointee.bits &= ~toClear
    return (group.pointee.bits, preempts)
}

@c public func xEventGroupSetBits(_ handle: OpaquePointer?, _ bits: UInt32) -> UInt32 {
    guard let handle else { return 0 }
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    return setBits(EventGroup(handle), bits).bits
}

@c public func xEventGroupSetBitsFromISR(_ handle: OpaquePointer?, _ bits: UInt32,
                                         _ woken: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let handle else { return 0 }
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    if setBits(EventGroup(handle), bits).preempts { woken?.pointee = 1 }
    return 1
}

/// Clears bits and returns the bits as they were before (0 clears nothing: xEventGroupGetBits).
@c public func xEventGroupClearBits(_ handle: OpaquePointer?, _ bits: UInt32) -> UInt32 {
    guard let handle else { return 0 }
    let group = EventGroup(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    let before = group.pointee.bits
    group.pointee.bits &= ~bits
    return before
}

@c public func xEventGroupWaitBits(_ handle: OpaquePointer?, _ bits: UInt32, _ clearOnExit: Int32, _ waitForAll: Int32,
                                   _ ticks: UInt32) -> UInt32 {
    guard let handle, let current = Kernel.current else { return 0 }
    let group = EventGroup(handle)
    let wanted = bits & EventWait.usableBits
    let ps = enterKernel()
    let now = group.pointee.bits
    if isSatisfied(now, wanted: wanted, all: waitForAll != 0) {
        if clearOnExit != 0 { group.pointee.bits &= ~wanted }
        leaveKernel(ps)
        return now
    }
    guard ticks > 0 else {
        leaveKernel(ps)
        return now
    }
    current.pointee.eventBits = wanted
    current.pointee.eventOptions = (waitForAll != 0 ? EventWait.all : 0) | (clearOnExit != 0 ? EventWait.clearOnExit : 0)
    blockCurrent(on: group.waiters, timeout: ticks)
    leaveKernel(ps)
    // Back: woken with the group's bits at that moment, or timed out (the bits as they are now).
    return current.pointee.wokenByEvent ? current.pointee.eventBits : xEventGroupClearBits(handle, 0)
}

@c public func xEventGroupSync(_ handle: OpaquePointer?, _ set: UInt32, _ waitFor: UInt32, _ ticks: UInt32) -> UInt32 {
    _ = xEventGroupSetBits(handle, set)
    return xEventGroupWaitBits(handle, waitFor, 1, 1, ticks)
}
