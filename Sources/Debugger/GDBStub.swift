// SPDX-License-Identifier: MIT
import XtensaCore

/// What the stub debugs: the CPUs (one GDB thread each, 1 = PRO, 2 = APP) and the memory as they see it.
public protocol GDBTarget: AnyObject {
    /// The CPUs that run (GDB threads 1…count).
    var runningCPUCount: Int { get }
    func core(_ index: Int) -> Core
    /// Bytes at `address` as the CPU would read them, without side effects on devices; nil if unmapped.
    func readMemory(_ address: UInt32, count: Int) -> [UInt8]?
    /// Writes through the debugger (code pages forget their decoded instructions); false if unmapped.
    func writeMemory(_ address: UInt32, _ bytes: [UInt8]) -> Bool
    /// The monitor's `reset`: the whole SoC, as a power-on.
    func reset()
    /// The monitor's `info`: a few lines about the machine.
    var information: String { get }
}

/// GDB's remote serial protocol, the command side: answers packets about registers (ESP32 layout), memory,
/// threads and breakpoints, and tells the run loop what to do (resume, step, stop). Breakpoints and watchpoints
/// live here, on the host: the guest's memory and its IBREAK/DBREAK registers are never touched. Malformed
/// packets get an error reply ("E01"), unknown ones the empty reply the protocol uses for "unsupported".
public final class GDBStub {
    public enum Watch: Equatable, Sendable {
        case write, read, access
    }

    public struct Watchpoint: Equatable, Sendable {
        public var address: UInt32
        public var length: UInt32
        public var kind: Watch

        public func covers(_ address: UInt32, size: Int) -> Bool {
            address < self.address &+ length && self.address < address &+ UInt32(size)
        }
    }

    /// Why the target stopped, for the stop reply.
    public enum StopReason: Equatable, Sendable {
        case breakpoint(thread: Int)
        case step(thread: Int)
        case interrupted(thread: Int)
        case watchpoint(thread: Int, kind: Watch, address: UInt32)
        case exited(status: Int)
    }

    /// What the run loop must do after a packet.
    public enum Command: Equatable, Sendable {
        /// Nothing: the target stays stopped.
        case none
        /// Run all CPUs until a breakpoint, a watchpoint or an interrupt.
        case resume
        /// Execute one instruction on `thread`, then stop.
        case step(thread: Int)
        /// The debugger left: resume normally, without breakpoints.
        case detach
        /// The debugger asked to end the emulation.
        case kill
    }

    public let layout: GDBRegisterLayout
    public private(set) var breakpoints: Set<UInt32> = []
    public private(set) var watchpoints: [Watchpoint] = []
    /// Whether acknowledgements are off (QStartNoAckMode).
    public private(set) var noAcknowledgements = false
    public private(set) var lastStop = StopReason.interrupted(thread: 1)
    private let target: any GDBTarget
    private var registerThread = 1
    private var resumeThread = 1

    public init(target: any GDBTarget, layout: GDBRegisterLayout = .full) {
        self.target = target
        self.layout = layout
    }

    /// The stop reply for `reason` (and remembers it for `?`).
    public func stopReply(_ reason: StopReason) -> String {
        lastStop = reason
        switch reason {
        case .breakpoint(let thread), .step(let thread):
            registerThread = thread
            return "T05thread:\(String(thread, radix: 16));"
        case .interrupted(let thread):
            registerThread = thread
            return "T02thread:\(String(thread, radix: 16));"
        case .watchpoint(let thread, let kind, let address):
            registerThread = thread
            let name = kind == .write ? "watch" : kind == .read ? "rwatch" : "awatch"
            return "T05\(name):\(String(address, radix: 16));thread:\(String(thread, radix: 16));"
        case .exited(let status):
            return "W" + GDBHex.byte(UInt8(truncatingIfNeeded: status))
        }
    }

    /// Handles one packet: the reply to send (nil: none yet, a stop reply follows when the target stops) and
    /// what the run loop must do.
    public func handle(_ packet: [UInt8]) -> (reply: String?, command: Command) {
        // X packets carry binary data after ':'; only their header is text.
        let header = packet.first == UInt8(ascii: "X") ? packet.prefix { $0 != UInt8(ascii: ":") } : packet[...]
        let text = String(decoding: header, as: UTF8.self)
        guard let first = text.first else { return ("", .none) }
        let arguments = text.dropFirst()
        switch first {
        case "?": return (stopReply(lastStop), .none)
        case "g": return (layout.allRegisters(of: core(registerThread)), .none)
        case "G": return (writeAllRegisters(arguments), .none)
        case "p": return (readRegister(arguments), .none)
        case "P": return (writeRegister(arguments), .none)
        case "m": return (readMemory(arguments), .none)
        case "M": return (writeMemoryHex(arguments), .none)
        case "X": return (writeMemoryBinary(packet), .none)
        case "c": return (nil, .resume)
        case "s": return (nil, .step(thread: resumeThread))
        case "Z", "z": return (changePoint(insert: first == "Z", arguments), .none)
        case "H": return (selectThread(arguments), .none)
        case "T": return (threadAlive(arguments), .none)
        case "k": return (nil, .kill)
        case "D": return ("OK", .detach)
        case "q", "Q": return (query(text), .none)
        case "v": return vPacket(text)
        default: return ("", .none)
        }
    }

    // MARK: - Registers

    private func core(_ thread: Int) -> Core {
        target.core(min(max(thread, 1), target.runningCPUCount) - 1)
    }

    private func readRegister(_ arguments: Substring) -> String {
        guard let index = Int(arguments, radix: 16), let value = layout.read(index, from: core(registerThread)) else {
            return "E01"
        }
        return GDBHex.word(value)
    }

    private func writeRegister(_ arguments: Substring) -> String {
        let parts = arguments.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let index = Int(parts[0], radix: 16), let value = GDBHex.word(parts[1]),
            layout.write(index, value, to: core(registerThread))
        else { return "E01" }
        return "OK"
    }

    private func writeAllRegisters(_ arguments: Substring) -> String {
        guard arguments.count == layout.count * 8 else { return "E01" }
        var values: [UInt32] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let next = arguments.index(index, offsetBy: 8)
            guard let value = GDBHex.word(arguments[index..<next]) else { return "E01" }
            values.append(value)
            index = next
        }
        for (number, value) in values.enumerated() { layout.write(number, value, to: core(registerThread)) }
        return "OK"
    }

    // MARK: - Memory

    /// "ADDR,LENGTH" (hex).
    private func addressAndLength(_ text: Substring) -> (UInt32, Int)? {
        let parts = text.split(separator: ",", maxSplits: 1)
        guard parts.count == 2, let address = UInt32(parts[0], radix: 16), let length = Int(parts[1], radix: 16),
            length >= 0, length <= RSPFramer.maximumPayload / 2
        else { return nil }
        return (address, length)
    }

    private func readMemory(_ arguments: Substring) -> String {
        guard let (address, length) = addressAndLength(arguments),
            let bytes = target.readMemory(address, count: length)
        else { return "E01" }
        return GDBHex.bytes(bytes)
    }

    private func writeMemoryHex(_ arguments: Substring) -> String {
        let parts = arguments.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let (address, length) = addressAndLength(parts[0]),
            let bytes = GDBHex.decode(parts[1]), bytes.count == length
        else { return "E01" }
        return target.writeMemory(address, bytes) ? "OK" : "E01"
    }

    private func writeMemoryBinary(_ packet: [UInt8]) -> String {
        guard let colon = packet.firstIndex(of: UInt8(ascii: ":")),
            let (address, length) = addressAndLength(Substring(String(decoding: packet[1..<colon], as: UTF8.self)))
        else { return "E01" }
        let bytes = Array(packet[(colon + 1)...])
        guard bytes.count == length else { return "E01" }
        return length == 0 || target.writeMemory(address, bytes) ? "OK" : "E01"
    }

    // MARK: - Breakpoints and watchpoints (host side)

    private func changePoint(insert: Bool, _ arguments: Substring) -> String {
        let parts = arguments.split(separator: ",")
        guard parts.count >= 3, let type = Int(parts[0]), let address = UInt32(parts[1], radix: 16),
            let length = UInt32(parts[2], radix: 16)
        else { return "E01" }
        switch type {
        case 0, 1:
            if insert { breakpoints.insert(address) } else { breakpoints.remove(address) }
        case 2, 3, 4:
            guard length > 0, length <= 64 else { return "E01" }
            let point = Watchpoint(address: address, length: length, kind: [.write, .read, .access][type - 2])
            if insert {
                if !watchpoints.contains(point) { watchpoints.append(point) }
            } else {
                watchpoints.removeAll { $0 == point }
            }
        default:
            return ""
        }
        return "OK"
    }

    // MARK: - Threads, queries, vCont

    private func thread(_ text: Substring) -> Int? {
        if text == "-1" || text == "0" { return 1 }
        guard let value = Int(text, radix: 16), (1...target.runningCPUCount).contains(value) else { return nil }
        return value
    }

    private func selectThread(_ arguments: Substring) -> String {
        guard let operation = arguments.first, let chosen = thread(arguments.dropFirst()) else { return "E01" }
        if operation == "g" { registerThread = chosen } else { resumeThread = chosen }
        return "OK"
    }

    private func threadAlive(_ arguments: Substring) -> String { thread(arguments) == nil ? "E01" : "OK" }

    private func query(_ text: String) -> String {
        if text.hasPrefix("qSupported") {
            return "PacketSize=\(String(RSPFramer.maximumPayload, radix: 16));QStartNoAckMode+;vContSupported+;"
                + "swbreak+;hwbreak+"
        }
        if text == "QStartNoAckMode" {
            noAcknowledgements = true
            return "OK"
        }
        if text == "qfThreadInfo" {
            return "m" + (1...target.runningCPUCount).map { String($0, radix: 16) }.joined(separator: ",")
        }
        if text == "qsThreadInfo" { return "l" }
        if text == "qC" { return "QC" + String(registerThread, radix: 16) }
        if text.hasPrefix("qAttached") { return "1" }
        if text.hasPrefix("qThreadExtraInfo,") {
            let number = thread(Substring(text.dropFirst("qThreadExtraInfo,".count)))
            guard let number else { return "E01" }
            return GDBHex.bytes((number == 1 ? "PRO CPU" : "APP CPU").utf8)
        }
        if text.hasPrefix("qRcmd,") {
            guard let bytes = GDBHex.decode(Substring(text.dropFirst("qRcmd,".count))) else { return "E01" }
            return monitor(String(decoding: bytes, as: UTF8.self))
        }
        return ""
    }

    /// `monitor …` in GDB: the output as hex (GDB prints it), or "OK".
    private func monitor(_ command: String) -> String {
        switch command.split(separator: " ").first.map(String.init) ?? "" {
        case "reset", "system_reset":
            target.reset()
            return GDBHex.bytes("The ESP32 was reset.\n".utf8)
        case "info":
            return GDBHex.bytes((target.information + "\n").utf8)
        default:
            return GDBHex.bytes("Unknown monitor command '\(command)'; try reset or info.\n".utf8)
        }
    }

    private func vPacket(_ text: String) -> (reply: String?, command: Command) {
        if text == "vCont?" { return ("vCont;c;C;s;S;t", .none) }
        guard text.hasPrefix("vCont;") else { return ("", .none) }
        // Actions in order; the first that applies to a thread wins. A step for any thread steps that thread.
        for action in text.dropFirst("vCont;".count).split(separator: ";") {
            let parts = action.split(separator: ":", maxSplits: 1)
            switch parts[0].first {
            case "s", "S":
                let stepped = parts.count == 2 ? thread(parts[1]) : resumeThread
                guard let stepped else { return ("E01", .none) }
                return (nil, .step(thread: stepped))
            case "c", "C": continue
            case "t": return ("OK", .none)
            default: return ("E01", .none)
            }
        }
        return (nil, .resume)
    }
}
