// SPDX-License-Identifier: MIT
// Intrusive doubly linked lists of tasks. A task is on at most one "state" list (a ready list, the delayed
// list, the terminated list), at most one "event" list (the tasks waiting on a queue, a semaphore or an
// event group) and the list of all tasks, through three links stored at the start of its control block. Nothing here allocates, so the
// lists can be changed from interrupt handlers.

typealias Task = UnsafeMutablePointer<TaskControlBlock>

struct TaskLink {
    var next: Task?
    var previous: Task?
    var list: UnsafeMutablePointer<TaskList>?
}

enum LinkKind: Int {
    case state = 0
    case event = 1
    case registry = 2
}

extension UnsafeMutablePointer where Pointee == TaskControlBlock {
    /// The task's link of `kind` (the control block begins with the links).
    @inline(__always)
    func link(_ kind: LinkKind) -> UnsafeMutablePointer<TaskLink> {
        UnsafeMutableRawPointer(self).assumingMemoryBound(to: TaskLink.self) + kind.rawValue
    }

    func isOn(_ kind: LinkKind) -> Bool { link(kind).pointee.list != nil }
}

struct TaskList {
    var head: Task?
    var tail: Task?
    var count = 0

    init() {}
}

extension UnsafeMutablePointer where Pointee == TaskList {
    var isEmpty: Bool { pointee.head == nil }

    /// Appends `task` (it must not be on a list of this kind).
    func append(_ task: Task, _ kind: LinkKind) {
        insert(task, kind, before: nil)
    }

    /// Inserts `task` before the first task for which `goesBefore(task, that)` holds (stable: after equals).
    func insert(_ task: Task, _ kind: LinkKind, sortedBy goesBefore: (Task, Task) -> Bool) {
        var cursor = pointee.head
        while let candidate = cursor, !goesBefore(task, candidate) { cursor = candidate.link(kind).pointee.next }
        insert(task, kind, before: cursor)
    }

    private func insert(_ task: Task, _ kind: LinkKind, before successor: Task?) {
        let link = task.link(kind)
        link.pointee.list = self
        link.pointee.next = successor
        if let successor {
            link.pointee.previous = successor.link(kind).pointee.previous
            successor.link(kind).pointee.previous = task
        } else {
            link.pointee.previous = pointee.tail
            pointee.tail = task
        }
        if let previous = link.pointee.previous { previous.link(kind).pointee.next = task } else { pointee.head = task }
        pointee.count += 1
    }

    /// Removes `task` from this list.
    func remove(_ task: Task, _ kind: LinkKind) {
        let link = task.link(kind)
        if let previous = link.pointee.previous { previous.link(kind).pointee.next = link.pointee.next } else {
            pointee.head = link.pointee.next
        }
        if let next = link.pointee.next { next.link(kind).pointee.previous = link.pointee.previous } else {
            pointee.tail = link.pointee.previous
        }
        link.pointee = TaskLink()
        pointee.count -= 1
    }
}

extension UnsafeMutablePointer where Pointee == TaskControlBlock {
    /// Takes the task off whichever list of `kind` it is on.
    func unlink(_ kind: LinkKind) {
        link(kind).pointee.list?.remove(self, kind)
    }
}
