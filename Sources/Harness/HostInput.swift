// SPDX-License-Identifier: MIT
import Foundation

/// Wakes the emulator thread when host input arrives while it sleeps (an idle guest paced to the wall clock).
/// One per session, shared by its inputs.
public final class Doorbell: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    public init() {}

    public func ring() { semaphore.signal() }

    /// Sleeps until a ring or until `seconds` pass.
    public func wait(seconds: Double) {
        _ = semaphore.wait(timeout: .now() + max(seconds, 0))
    }
}

/// Bytes from the host (a terminal, a socket, a test) for one UART, waiting for the emulator thread, which
/// drains them between run slices.
public final class HostInput: @unchecked Sendable {
    private let lock = NSLock()
    private let doorbell: Doorbell
    private var pending: [UInt8] = []
    private var open = false

    public init(doorbell: Doorbell) { self.doorbell = doorbell }

    /// Whether something outside can still send (stdin not at end of file, a client connected). While it
    /// can, `--idle fast` paces virtual time to the wall clock instead of skipping ahead.
    public var isOpen: Bool {
        get { lock.withLock { open } }
        set {
            lock.withLock { open = newValue }
            doorbell.ring()
        }
    }

    public func append(_ bytes: [UInt8]) {
        lock.withLock { pending += bytes }
        doorbell.ring()
    }

    /// Takes everything that arrived so far.
    public func drain() -> [UInt8] {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }

    /// Reads a file descriptor (standard input, a socket) on a background thread until end of file, then
    /// calls `onEnd` (on that thread).
    public func attach(fileDescriptor: Int32, onEnd: @escaping @Sendable () -> Void = {}) {
        isOpen = true
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                append(Array(buffer[0..<count]))
            }
            isOpen = false
            onEnd()
        }
        thread.start()
    }
}
