// SPDX-License-Identifier: MIT
import Foundation

/// Bytes from the host (a terminal, a socket) waiting for the emulator thread, which drains them between
/// run slices. Arrivals wake an emulator that sleeps while the guest idles.
public final class HostInput: @unchecked Sendable {
    private let lock = NSLock()
    private let arrival = DispatchSemaphore(value: 0)
    private var pending: [UInt8] = []
    private var open = false

    public init() {}

    /// Whether something outside can still send (stdin not at end of file, a client connected). While it
    /// can, `--idle fast` paces virtual time to the wall clock instead of skipping ahead.
    public var isOpen: Bool {
        get { lock.withLock { open } }
        set { lock.withLock { open = newValue } }
    }

    public func append(_ bytes: [UInt8]) {
        lock.withLock { pending += bytes }
        arrival.signal()
    }

    /// Takes everything that arrived so far.
    public func drain() -> [UInt8] {
        lock.withLock {
            defer { pending = [] }
            return pending
        }
    }

    /// Sleeps until input arrives or `seconds` pass.
    public func wait(seconds: Double) {
        _ = arrival.wait(timeout: .now() + max(seconds, 0))
    }

    /// Reads a file descriptor (standard input) on a background thread until end of file.
    public func attach(fileDescriptor: Int32) {
        isOpen = true
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(fileDescriptor, $0.baseAddress, $0.count) }
                guard count > 0, let self else { break }
                append(Array(buffer[0..<count]))
            }
            self?.isOpen = false
            self?.arrival.signal()
        }
        thread.start()
    }
}
