// SPDX-License-Identifier: MIT
// Queues, and what FreeRTOS builds from them: binary and counting semaphores (queues of empty items) and
// mutexes (which also remember their holder, lend it the priority of higher tasks that wait, and count
// recursive takes). Waiting senders and receivers queue up by priority.

struct QueueControlBlock {
    var storage: UnsafeMutableRawPointer?
    var itemSize: Int
    var length: Int
    var count = 0
    /// Index of the oldest item.
    var head = 0
    var waitingToSend = TaskList()
    var waitingToReceive = TaskList()
    var type: UInt8
    var holder: Task?
    var recursion: UInt32 = 0
}

typealias Queue = UnsafeMutablePointer<QueueControlBlock>

enum QueueType {
    static let base: UInt8 = 0, mutex: UInt8 = 1, counting: UInt8 = 2, binary: UInt8 = 3, recursiveMutex: UInt8 = 4
}

enum SendPosition {
    static let back: Int32 = 0, front: Int32 = 1, overwrite: Int32 = 2
}

extension UnsafeMutablePointer where Pointee == QueueControlBlock {
    /// The wait lists live in the control block, which never moves: their addresses are stable.
    var senders: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &pointee.waitingToSend) { $0 } }
    var receivers: UnsafeMutablePointer<TaskList> { withUnsafeMutablePointer(to: &pointee.waitingToReceive) { $0 } }

    var isMutex: Bool { pointee.type == QueueType.mutex || pointee.type == QueueType.recursiveMutex }

    func slot(_ index: Int) -> UnsafeMutableRawPointer? {
        pointee.storage.map { $0 + (index % pointee.length) * pointee.itemSize }
    }

    /// Stores an item (kernel critical section held, space checked by the caller).
    func put(_ item: UnsafeRawPointer?, _ position: Int32) {
        if position == SendPosition.overwrite && pointee.count == pointee.length {
            pointee.count -= 1   // replaces the single item
        }
        let index = position == SendPosition.front ? (pointee.head + pointee.length - 1) % pointee.length
            : pointee.head + pointee.count
        if position == SendPosition.front { pointee.head = index }
        if let item, pointee.itemSize > 0, let slot = slot(index) { slot.copyMemory(from: item, byteCount: pointee.itemSize) }
        pointee.count += 1
    }

    /// Takes (or, peeking, copies) the oldest item.
    func take(into buffer: UnsafeMutableRawPointer?, peek: Bool) {
        if let buffer, pointee.itemSize > 0, let slot = slot(pointee.head) {
            buffer.copyMemory(from: slot, byteCount: pointee.itemSize)
        }
        if !peek {
            pointee.head = (pointee.head + 1) % pointee.length
            pointee.count -= 1
        }
    }
}

func createQueue(length: Int, itemSize: Int, type: UInt8, initialCount: Int = 0) -> Queue? {
    guard length > 0, let block = allocate(MemoryLayout<QueueControlBlock>.stride) else { return nil }
    let storage = itemSize > 0 ? allocate(length * itemSize) : nil
    if itemSize > 0 && storage == nil {
        release(block)
        return nil
    }
    let queue = block.bindMemory(to: QueueControlBlock.self, capacity: 1)
    queue.initialize(to: QueueControlBlock(storage: storage, itemSize: itemSize, length: length, type: type))
    queue.pointee.count = initialCount
    return queue
}

@c public func xQueueGenericCreate(_ length: UInt32, _ itemSize: UInt32, _ type: UInt8) -> OpaquePointer? {
    createQueue(length: Int(length), itemSize: Int(itemSize), type: type).map { OpaquePointer($0) }
}

@c public func xQueueCreateCountingSemaphore(_ maximum: UInt32, _ initial: UInt32) -> OpaquePointer? {
    guard initial <= maximum else { return nil }
    return createQueue(length: Int(maximum), itemSize: 0, type: QueueType.counting, initialCount: Int(initial))
        .map { OpaquePointer($0) }
}

/// A mutex starts given: one item, no holder.
@c public func xQueueCreateMutex(_ type: UInt8) -> OpaquePointer? {
    createQueue(length: 1, itemSize: 0, type: type, initialCount: 1).map { OpaquePointer($0) }
}

@c public func vQueueDelete(_ handle: OpaquePointer?) {
    guard let handle else { return }
    let queue = Queue(handle)
    release(queue.pointee.storage)
    queue.deinitialize(count: 1)
    release(queue)
}

@c public func uxQueueMessagesWaiting(_ handle: OpaquePointer?) -> UInt32 {
    handle.map { UInt32(Queue($0).pointee.count) } ?? 0
}

@c public func uxQueueSpacesAvailable(_ handle: OpaquePointer?) -> UInt32 {
    handle.map { UInt32(Queue($0).pointee.length - Queue($0).pointee.count) } ?? 0
}

@c public func xQueueReset(_ handle: OpaquePointer?) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let ps = enterKernel()
    queue.pointee.count = 0
    queue.pointee.head = 0
    if let sender = queue.senders.pointee.head { wake(sender, byEvent: true) }
    leaveKernel(ps)
    return 1
}

// MARK: - Sending

@c public func xQueueGenericSend(_ handle: OpaquePointer?, _ item: UnsafeRawPointer?, _ ticks: UInt32,
                                 _ position: Int32) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let until = deadline(after: ticks)
    while true {
        let ps = enterKernel()
        if queue.isMutex {
            // Giving a mutex: only its holder may, and the holder's borrowed priority goes back.
            guard queue.pointee.holder == Kernel.current else {
                leaveKernel(ps)
                return 0
            }
            releaseMutex(queue)
            leaveKernel(ps)
            return 1
        }
        if queue.pointee.count < queue.pointee.length || position == SendPosition.overwrite {
            queue.put(item, position)
            if let receiver = queue.receivers.pointee.head { wake(receiver, byEvent: true) }
            leaveKernel(ps)
            return 1
        }
        let remaining = ticksUntil(until)
        if remaining == 0 {
            leaveKernel(ps)
            return 0
        }
        blockCurrent(on: queue.senders, timeout: remaining)
        leaveKernel(ps)   // switches away; back when there is space or the time is up
    }
}

@c public func xQueueGenericSendFromISR(_ handle: OpaquePointer?, _ item: UnsafeRawPointer?,
                                        _ woken: UnsafeMutablePointer<Int32>?, _ position: Int32) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    guard queue.pointee.count < queue.pointee.length || position == SendPosition.overwrite else { return 0 }
    queue.put(item, position)
    if let receiver = queue.receivers.pointee.head, wake(receiver, byEvent: true) { woken?.pointee = 1 }
    return 1
}

@c public func xQueueGiveFromISR(_ handle: OpaquePointer?, _ woken: UnsafeMutablePointer<Int32>?) -> Int32 {
    xQueueGenericSendFromISR(handle, nil, woken, SendPosition.back)
}

// MARK: - Receiving

func receive(_ queue: Queue, _ buffer: UnsafeMutableRawPointer?, _ ticks: UInt32, peek: Bool) -> Int32 {
    let until = deadline(after: ticks)
    while true {
        let ps = enterKernel()
        if queue.pointee.count > 0 {
            queue.take(into: buffer, peek: peek)
            if queue.isMutex, let current = Kernel.current {
                queue.pointee.holder = current
                queue.pointee.recursion = 1
                current.pointee.mutexesHeld += 1
            }
            if !peek, let sender = queue.senders.pointee.head { wake(sender, byEvent: true) }
            if peek, let other = queue.receivers.pointee.head { wake(other, byEvent: true) }   // it is still there
            leaveKernel(ps)
            return 1
        }
        let remaining = ticksUntil(until)
        if remaining == 0 {
            leaveKernel(ps)
            return 0
        }
        if queue.isMutex, let holder = queue.pointee.holder, let current = Kernel.current,
           holder.pointee.priority < current.pointee.priority {
            setEffectivePriority(holder, current.pointee.priority)   // priority inheritance
        }
        blockCurrent(on: queue.receivers, timeout: remaining)
        leaveKernel(ps)
    }
}

@c public func xQueueReceive(_ handle: OpaquePointer?, _ buffer: UnsafeMutableRawPointer?, _ ticks: UInt32) -> Int32 {
    handle.map { receive(Queue($0), buffer, ticks, peek: false) } ?? 0
}

@c public func xQueuePeek(_ handle: OpaquePointer?, _ buffer: UnsafeMutableRawPointer?, _ ticks: UInt32) -> Int32 {
    handle.map { receive(Queue($0), buffer, ticks, peek: true) } ?? 0
}

@c public func xQueueSemaphoreTake(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    handle.map { receive(Queue($0), nil, ticks, peek: false) } ?? 0
}

@c public func xQueueReceiveFromISR(_ handle: OpaquePointer?, _ buffer: UnsafeMutableRawPointer?,
                                    _ woken: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    guard queue.pointee.count > 0 else { return 0 }
    queue.take(into: buffer, peek: false)
    if let sender = queue.senders.pointee.head, wake(sender, byEvent: true) { woken?.pointee = 1 }
    return 1
}

// MARK: - Mutexes

/// Gives a mutex back (kernel critical section held): the holder returns to its own priority once it holds
/// no mutex, and the highest-priority waiter is woken to take it.
func releaseMutex(_ queue: Queue) {
    guard let holder = queue.pointee.holder else { return }
    queue.pointee.holder = nil
    queue.pointee.recursion = 0
    queue.pointee.count = 1
    holder.pointee.mutexesHeld -= 1
    if holder.pointee.mutexesHeld == 0 && holder.pointee.priority != holder.pointee.basePriority {
        setEffectivePriority(holder, holder.pointee.basePriority)
    }
    if let waiter = queue.receivers.pointee.head { wake(waiter, byEvent: true) }
}

@c public func xQueueTakeMutexRecursive(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let ps = enterKernel()
    if queue.pointee.holder != nil && queue.pointee.holder == Kernel.current {
        queue.pointee.recursion += 1
        leaveKernel(ps)
        return 1
    }
    leaveKernel(ps)
    return receive(queue, nil, ticks, peek: false)
}

@c public func xQueueGiveMutexRecursive(_ handle: OpaquePointer?) -> Int32 {
    guard let handle else { return 0 }
    let queue = Queue(handle)
    let ps = enterKernel()
    defer { leaveKernel(ps) }
    guard queue.pointee.holder != nil && queue.pointee.holder == Kernel.current else { return 0 }
    queue.pointee.recursion -= 1
    if queue.pointee.recursion == 0 { releaseMutex(queue) }
    return 1
}

@c public func xQueueGetMutexHolder(_ handle: OpaquePointer?) -> OpaquePointer? {
    handle.flatMap { Queue($0).pointee.holder.map { OpaquePointer($0) } }
}
