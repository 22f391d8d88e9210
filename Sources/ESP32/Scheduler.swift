// SPDX-License-Identifier: MIT

/// Timed events of one machine, on its virtual clock (CPU cycles since power-on). Devices schedule what
/// happens next (a timer alarm, the end of a UART character, an eFuse operation); the machine runs the CPU
/// up to the earliest deadline and then fires what is due. Same inputs, same order of events.
public final class Scheduler {
    public struct EventID: Hashable, Sendable {
        fileprivate let value: UInt64
    }

    private struct Event {
        let deadline: UInt64
        let id: EventID
        let name: String
        let action: () -> Void
    }

    /// Pending events, ordered by deadline, then by the order they were scheduled in.
    private var events: [Event] = []
    private var nextID: UInt64 = 0
    /// Told about every new event's deadline, so that a CPU running ahead can stop in time for it.
    var onSchedule: (UInt64) -> Void = { _ in }

    public init() {}

    /// Runs `action` once the clock reaches `deadline`.
    @discardableResult
    public func schedule(at deadline: UInt64, name: String, action: @escaping () -> Void) -> EventID {
        nextID += 1
        let event = Event(deadline: deadline, id: EventID(value: nextID), name: name, action: action)
        let index = events.firstIndex { $0.deadline > deadline } ?? events.count
        events.insert(event, at: index)
        onSchedule(deadline)
        return event.id
    }

    public func cancel(_ id: EventID?) {
        guard let id else { return }
        events.removeAll { $0.id == id }
    }

    /// The earliest pending deadline.
    public var nextDeadline: UInt64? { events.first?.deadline }

    /// Names of pending events (for diagnostics).
    public var pendingNames: [String] { events.map(\.name) }

    /// Fires every event whose deadline is at or before `now`, in order. Actions may schedule more events.
    public func fireDue(now: UInt64) {
        while let first = events.first, first.deadline <= now {
            events.removeFirst()
            first.action()
        }
    }
}
