// SPDX-License-Identifier: MIT
// esp_event: event loops that carry (base, id, data) events from posters to registered handlers
// (Platform/include/esp_event.h). A loop is a kernel queue of posted events plus a handler list guarded by
// a recursive mutex; a loop created with a task name runs its own task, any other is run by whoever calls
// esp_event_loop_run (the WebSocket client's shape). Handlers run in ESP-IDF's order: those for any base,
// then those for the event's base and any id, then those for its base and id, each in registration order.
// Bases are compared by address, as in ESP-IDF (ESP_EVENT_DEFINE_BASE makes one string per base).

public typealias EventHandler = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32,
                                                UnsafeMutableRawPointer?) -> Void

enum EventConstants {
    static let anyID: Int32 = -1
    /// esp_event_isr_post copies at most this much data into the posted event itself.
    static let inlineDataBytes = 4
}

struct EventHandlerNode {
    var next: UnsafeMutablePointer<EventHandlerNode>?
    var base: UnsafePointer<CChar>?
    var id: Int32
    var handler: EventHandler
    var argument: UnsafeMutableRawPointer?
    /// Registered through the instance API (unregistered by instance, may be registered twice).
    var isInstance: Bool
    /// Unregistered while the loop was dispatching: unlinked once the dispatch ends.
    var isRemoved = false
    /// The first event this handler sees: one registered by a handler waits for the next event.
    var firstEvent: UInt32
}

/// One posted event as the loop's queue stores it.
struct PostedEvent {
    var base: UnsafePointer<CChar>?
    var id: Int32 = 0
    /// A heap copy of the data, or nil (no data, or data carried inline from an interrupt handler).
    var data: UnsafeMutableRawPointer?
    var inlineData: UInt32 = 0
    var hasInlineData = false
}

struct EventLoopControlBlock {
    var queue: OpaquePointer
    var mutex: OpaquePointer
    var handlers: UnsafeMutablePointer<EventHandlerNode>?
    var task: OpaquePointer?
    /// The task that last ran the loop: posting from it must not wait for queue space only it can make.
    var runningTask: OpaquePointer?
    var eventCount: UInt32 = 0
    var dispatchDepth: UInt32 = 0
    var hasRemovedHandlers = false
}

typealias EventLoop = UnsafeMutablePointer<EventLoopControlBlock>

enum DefaultEventLoop {
    nonisolated(unsafe) static var loop: EventLoop?
}

// MARK: - Loops

/// Called by esp_event_loop_create (Platform/config_structs.c) with the fields of esp_event_loop_args_t.
@c public func fw_event_loop_create(_ queueSize: Int32, _ taskName: UnsafePointer<CChar>?, _ priority: UInt32,
                                    _ stackBytes: UInt32, _ coreID: Int32,
                                    _ created: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard queueSize > 0, let created else { return ESPError.invalidArgument }
    guard let block = allocate(MemoryLayout<EventLoopControlBlock>.stride) else { return ESPError.noMemory }
    guard let queue = xQueueGenericCreate(UInt32(queueSize), UInt32(MemoryLayout<PostedEvent>.stride), QueueType.base)
    else {
        release(block)
        return ESPError.noMemory
    }
    guard let mutex = xQueueCreateMutex(QueueType.recursiveMutex) else {
        vQueueDelete(queue)
        release(block)
        return ESPError.noMemory
    }
    let loop = block.bindMemory(to: EventLoopControlBlock.self, capacity: 1)
    loop.initialize(to: EventLoopControlBlock(queue: queue, mutex: mutex))
    if let taskName {
        var task: OpaquePointer?
        guard xTaskCreatePinnedToCore(eventLoopTaskMain, taskName, stackBytes, UnsafeMutableRawPointer(loop), priority,
                                      &task, coreID) == 1
        else {
            destroy(loop)
            return ESPError.noMemory
        }
        loop.pointee.task = task
    }
    created.pointee = OpaquePointer(loop)
    return ESPError.ok
}

let eventLoopTaskMain: TaskFunction = { argument in
    let loop = OpaquePointer(argument)
    while true { _ = esp_event_loop_run(loop, KernelConfig.maximumDelay) }
}

@c public func esp_event_loop_delete(_ handle: OpaquePointer?) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let loop = EventLoop(handle)
    _ = xQueueTakeMutexRecursive(loop.pointee.mutex, KernelConfig.maximumDelay)   // not in the middle of a dispatch
    if let task = loop.pointee.task { vTaskDelete(task) }
    var event = PostedEvent()
    while xQueueReceive(loop.pointee.queue, &event, 0) == 1 { release(event.data) }
    while let node = loop.pointee.handlers {
        loop.pointee.handlers = node.pointee.next
        release(node)
    }
    destroy(loop)
    return ESPError.ok
}

private func destroy(_ loop: EventLoop) {
    vQueueDelete(loop.pointee.queue)
    vQueueDelete(loop.pointee.mutex)
    loop.deinitialize(count: 1)
    release(loop)
}

@c public func esp_event_loop_create_default() -> Int32 {
    guard DefaultEventLoop.loop == nil else { return ESPError.invalidState }
    // ESP-IDF's sys_evt settings, with a larger stack: handlers here print through newlib's vfprintf.
    var created: OpaquePointer?
    let result = fw_event_loop_create(32, "sys_evt", 20, 4096, 0, &created)
    if result == ESPError.ok { DefaultEventLoop.loop = created.map { EventLoop($0) } }
    return result
}

@c public func esp_event_loop_delete_default() -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    DefaultEventLoop.loop = nil
    return esp_event_loop_delete(OpaquePointer(loop))
}

/// Dispatches events until `ticks` have passed (0: those already queued; portMAX_DELAY: for ever).
@c public func esp_event_loop_run(_ handle: OpaquePointer?, _ ticks: UInt32) -> Int32 {
    guard let handle else { return ESPError.invalidArgument }
    let loop = EventLoop(handle)
    let start = xTaskGetTickCount()
    var wait = ticks
    var event = PostedEvent()
    while xQueueReceive(loop.pointee.queue, &event, wait) == 1 {
        loop.pointee.runningTask = xTaskGetCurrentTaskHandle()
        dispatch(event, in: loop)
        release(event.data)
        if ticks != KernelConfig.maximumDelay && ticks != 0 {
            let elapsed = xTaskGetTickCount() &- start
            if elapsed >= ticks { break }
            wait = ticks - elapsed
        }
    }
    return ESPError.ok
}

private func dispatch(_ event: PostedEvent, in loop: EventLoop) {
    var inline = event.inlineData
    withUnsafeMutablePointer(to: &inline) { inlinePointer in
        let data = event.hasInlineData ? UnsafeMutableRawPointer(inlinePointer) : event.data
        _ = xQueueTakeMutexRecursive(loop.pointee.mutex, KernelConfig.maximumDelay)
        loop.pointee.eventCount &+= 1
        loop.pointee.dispatchDepth += 1
        let serial = loop.pointee.eventCount
        for level in 0..<3 {
            var node = loop.pointee.handlers
            while let current = node {
                node = current.pointee.next
                let handler = current.pointee
                guard !handler.isRemoved, serial &- handler.firstEvent <= UInt32.max / 2,
                      handlerLevel(handler) == level, handler.base == nil || handler.base == event.base,
                      handler.id == EventConstants.anyID || handler.id == event.id
                else { continue }
                handler.handler(handler.argument, event.base, event.id, data)
            }
        }
        loop.pointee.dispatchDepth -= 1
        if loop.pointee.dispatchDepth == 0 && loop.pointee.hasRemovedHandlers { unlinkRemovedHandlers(loop) }
        _ = xQueueGiveMutexRecursive(loop.pointee.mutex)
    }
}

/// Handlers are the same when they are the same C function.
private func same(_ a: EventHandler, _ b: EventHandler) -> Bool {
    unsafeBitCast(a, to: UnsafeRawPointer.self) == unsafeBitCast(b, to: UnsafeRawPointer.self)
}

/// 0: any base; 1: a base, any id; 2: a base and an id.
private func handlerLevel(_ handler: EventHandlerNode) -> Int {
    handler.base == nil ? 0 : handler.id == EventConstants.anyID ? 1 : 2
}

private func unlinkRemovedHandlers(_ loop: EventLoop) {
    loop.pointee.hasRemovedHandlers = false
    var link = withUnsafeMutablePointer(to: &loop.pointee.handlers) { $0 }
    while let node = link.pointee {
        if node.pointee.isRemoved {
            link.pointee = node.pointee.next
            release(node)
        } else {
            link = withUnsafeMutablePointer(to: &node.pointee.next) { $0 }
        }
    }
}

// MARK: - Handlers

private func register(_ loop: EventLoop, _ base: UnsafePointer<CChar>?, _ id: Int32, _ handler: EventHandler?,
                      _ argument: UnsafeMutableRawPointer?, instance: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    guard let handler, base != nil || id == EventConstants.anyID, id >= EventConstants.anyID else {
        return ESPError.invalidArgument
    }
    _ = xQueueTakeMutexRecursive(loop.pointee.mutex, KernelConfig.maximumDelay)
    defer { _ = xQueueGiveMutexRecursive(loop.pointee.mutex) }
    var link = withUnsafeMutablePointer(to: &loop.pointee.handlers) { $0 }
    while let node = link.pointee {
        // Registering the same handler again for the same event (not as an instance) only updates its argument.
        if instance == nil, !node.pointee.isInstance, !node.pointee.isRemoved, node.pointee.base == base,
           node.pointee.id == id, same(node.pointee.handler, handler) {
            node.pointee.argument = argument
            return ESPError.ok
        }
        link = withUnsafeMutablePointer(to: &node.pointee.next) { $0 }
    }
    guard let block = allocate(MemoryLayout<EventHandlerNode>.stride) else { return ESPError.noMemory }
    let node = block.bindMemory(to: EventHandlerNode.self, capacity: 1)
    node.initialize(to: EventHandlerNode(base: base, id: id, handler: handler, argument: argument,
                                         isInstance: instance != nil, firstEvent: loop.pointee.eventCount &+ 1))
    link.pointee = node
    instance?.pointee = OpaquePointer(node)
    return ESPError.ok
}

private func unregister(_ loop: EventLoop, _ base: UnsafePointer<CChar>?, _ id: Int32,
                        matching: (UnsafeMutablePointer<EventHandlerNode>) -> Bool) -> Int32 {
    guard base != nil || id == EventConstants.anyID else { return ESPError.invalidArgument }
    _ = xQueueTakeMutexRecursive(loop.pointee.mutex, KernelConfig.maximumDelay)
    defer { _ = xQueueGiveMutexRecursive(loop.pointee.mutex) }
    var link = withUnsafeMutablePointer(to: &loop.pointee.handlers) { $0 }
    while let node = link.pointee {
        if !node.pointee.isRemoved, node.pointee.base == base, node.pointee.id == id, matching(node) {
            if loop.pointee.dispatchDepth > 0 {
                node.pointee.isRemoved = true
                loop.pointee.hasRemovedHandlers = true
            } else {
                link.pointee = node.pointee.next
                release(node)
            }
            return ESPError.ok
        }
        link = withUnsafeMutablePointer(to: &node.pointee.next) { $0 }
    }
    return ESPError.notFound
}

@c public func esp_event_handler_register_with(_ loop: OpaquePointer?, _ base: UnsafePointer<CChar>?, _ id: Int32,
                                               _ handler: EventHandler?, _ argument: UnsafeMutableRawPointer?) -> Int32 {
    guard let loop else { return ESPError.invalidArgument }
    return register(EventLoop(loop), base, id, handler, argument, instance: nil)
}

@c public func esp_event_handler_register(_ base: UnsafePointer<CChar>?, _ id: Int32, _ handler: EventHandler?,
                                          _ argument: UnsafeMutableRawPointer?) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    return register(loop, base, id, handler, argument, instance: nil)
}

@c public func esp_event_handler_instance_register_with(
    _ loop: OpaquePointer?, _ base: UnsafePointer<CChar>?, _ id: Int32, _ handler: EventHandler?,
    _ argument: UnsafeMutableRawPointer?, _ instance: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let loop, let instance else { return ESPError.invalidArgument }
    return register(EventLoop(loop), base, id, handler, argument, instance: instance)
}

@c public func esp_event_handler_instance_register(
    _ base: UnsafePointer<CChar>?, _ id: Int32, _ handler: EventHandler?, _ argument: UnsafeMutableRawPointer?,
    _ instance: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    guard let instance else { return ESPError.invalidArgument }
    return register(loop, base, id, handler, argument, instance: instance)
}

@c public func esp_event_handler_unregister_with(_ loop: OpaquePointer?, _ base: UnsafePointer<CChar>?, _ id: Int32,
                                                 _ handler: EventHandler?) -> Int32 {
    guard let loop, let handler else { return ESPError.invalidArgument }
    return unregister(EventLoop(loop), base, id) { !$0.pointee.isInstance && same($0.pointee.handler, handler) }
}

@c public func esp_event_handler_unregister(_ base: UnsafePointer<CChar>?, _ id: Int32, _ handler: EventHandler?) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    guard let handler else { return ESPError.invalidArgument }
    return unregister(loop, base, id) { !$0.pointee.isInstance && same($0.pointee.handler, handler) }
}

@c public func esp_event_handler_instance_unregister_with(_ loop: OpaquePointer?, _ base: UnsafePointer<CChar>?,
                                                          _ id: Int32, _ instance: OpaquePointer?) -> Int32 {
    guard let loop, let instance else { return ESPError.invalidArgument }
    return unregister(EventLoop(loop), base, id) { OpaquePointer($0) == instance }
}

@c public func esp_event_handler_instance_unregister(_ base: UnsafePointer<CChar>?, _ id: Int32,
                                                     _ instance: OpaquePointer?) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    guard let instance else { return ESPError.invalidArgument }
    return unregister(loop, base, id) { OpaquePointer($0) == instance }
}

// MARK: - Posting

/// Copies `size` bytes of data into the event and queues it, waiting up to `ticks` for space.
@c public func esp_event_post_to(_ handle: OpaquePointer?, _ base: UnsafePointer<CChar>?, _ id: Int32,
                                 _ data: UnsafeRawPointer?, _ size: Int, _ ticks: UInt32) -> Int32 {
    guard let handle, base != nil, id != EventConstants.anyID else { return ESPError.invalidArgument }
    let loop = EventLoop(handle)
    var event = PostedEvent(base: base, id: id)
    if let data, size > 0 {
        guard let copy = allocate(size) else { return ESPError.noMemory }
        copy.copyMemory(from: data, byteCount: size)
        event.data = copy
    }
    let current = xTaskGetCurrentTaskHandle()
    let wait = current != nil && (current == loop.pointee.task || current == loop.pointee.runningTask) ? 0 : ticks
    guard xQueueGenericSend(loop.pointee.queue, &event, wait, SendPosition.back) == 1 else {
        release(event.data)
        return ESPError.timeout
    }
    return ESPError.ok
}

@c public func esp_event_post(_ base: UnsafePointer<CChar>?, _ id: Int32, _ data: UnsafeRawPointer?, _ size: Int,
                              _ ticks: UInt32) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    return esp_event_post_to(OpaquePointer(loop), base, id, data, size, ticks)
}

/// From an interrupt handler: no allocation and no waiting, so at most 4 bytes of data, carried in the event.
/// `unblocked` tells the caller to yield (portYIELD_FROM_ISR) because the loop's task woke.
@c public func esp_event_isr_post_to(_ handle: OpaquePointer?, _ base: UnsafePointer<CChar>?, _ id: Int32,
                                     _ data: UnsafeRawPointer?, _ size: Int,
                                     _ unblocked: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let handle, base != nil, id != EventConstants.anyID, size <= EventConstants.inlineDataBytes else {
        return ESPError.invalidArgument
    }
    var event = PostedEvent(base: base, id: id)
    if let data, size > 0 {
        withUnsafeMutableBytes(of: &event.inlineData) { $0.baseAddress!.copyMemory(from: data, byteCount: size) }
        event.hasInlineData = true
    }
    return xQueueGenericSendFromISR(EventLoop(handle).pointee.queue, &event, unblocked, SendPosition.back) == 1
        ? ESPError.ok : ESPError.fail
}

@c public func esp_event_isr_post(_ base: UnsafePointer<CChar>?, _ id: Int32, _ data: UnsafeRawPointer?, _ size: Int,
                                  _ unblocked: UnsafeMutablePointer<Int32>?) -> Int32 {
    guard let loop = DefaultEventLoop.loop else { return ESPError.invalidState }
    return esp_event_isr_post_to(OpaquePointer(loop), base, id, data, size, unblocked)
}
