// SPDX-License-Identifier: MIT
import Foundation

/// Wakes the emulator thread when host input arrives while it sleeps (an idle guest paced to the wall clock).
/// One per session, shared by its inputs. A pipe, so that a sleep that also waits for network sockets
/// (`UserNetwork.service`) can wait for it in the same poll.
public final class Doorbell: @unchecked Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    public init() {
        var ends: [Int32] = [-1, -1]
        precondition(pipe(&ends) == 0, "cannot create a pipe: \(String(cString: strerror(errno)))")
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Readable after a ring, until the next `drain`.
    public var fileDescriptor: Int32 { readEnd }

    public func ring() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)  // a full pipe is already ringing
    }

    /// Sleeps until a ring or until `seconds` pass.
    public func wait(seconds: Double) {
        var descriptor = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, Int32((min(max(seconds, 0), 3600) * 1000).rounded(.up)))
        drain()
    }

    /// Forgets rings so far.
    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
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
