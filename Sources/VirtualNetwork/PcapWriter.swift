// SPDX-License-Identifier: MIT
import Foundation

/// Every frame that crosses the emulated wire, in the classic pcap format (Ethernet link type, microsecond
/// timestamps) that tcpdump, tshark and Wireshark read. Timestamps are the emulator's virtual time since
/// power-on, so two runs of the same firmware give comparable captures.
public final class PcapWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    public let path: String

    public enum Failure: Error, CustomStringConvertible {
        case cannotCreate(String)

        public var description: String {
            switch self {
            case .cannotCreate(let path): "cannot write the packet capture to \(path)"
            }
        }
    }

    public init(path: String) throws(Failure) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw .cannotCreate(path) }
        self.handle = handle
        self.path = path
        // Magic, version 2.4, GMT offset, accuracy, snapshot length 65535, link type 1 (Ethernet).
        append32(0xA1B2_C3D4)
        append16(2)
        append16(4)
        append32(0)
        append32(0)
        append32(65535)
        append32(1)
        flush()
    }

    deinit { flush() }

    /// Adds `frame`, seen `nanoseconds` after power-on.
    public func record(_ frame: [UInt8], nanoseconds: UInt64) {
        append32(UInt32(truncatingIfNeeded: nanoseconds / 1_000_000_000))
        append32(UInt32(nanoseconds % 1_000_000_000 / 1000))
        append32(UInt32(min(frame.count, 65535)))
        append32(UInt32(frame.count))
        buffer += frame.prefix(65535)
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// Writes what is buffered (the file is complete after each flush). A failed write (a full disk) ends the
    /// capture and is remembered in `writeError`; the run goes on.
    public func flush() {
        guard !buffer.isEmpty, writeError == nil else { return }
        do { try handle.write(contentsOf: Data(buffer)) } catch { writeError = "\(path): \(error)" }
        buffer.removeAll(keepingCapacity: true)
    }

    public private(set) var writeError: String?

    private func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
    private func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { buffer += $0 } }
}
