// SPDX-License-Identifier: MIT
import Debugger
import ESP32
import Foundation
import XtensaCore

/// A GDB remote-protocol client attached to a session (`esp32emu run --gdb PORT`): its bytes arrive on a
/// `HostInput`, replies leave through `send`. While the debugger holds the guest stopped, no instruction runs
/// and virtual time stands still; breakpoints and watchpoints are the cores' host-side ones.
final class DebuggerAttachment {
    let stub: GDBStub
    let input: HostInput
    let send: ([UInt8]) -> Void
    var framer = RSPFramer()
    var isHalted: Bool
    var hadClient = false

    init(stub: GDBStub, input: HostInput, send: @escaping ([UInt8]) -> Void, halted: Bool) {
        self.stub = stub
        self.input = input
        self.send = send
        isHalted = halted
    }

    func reply(_ payload: String) { send(RSPFramer.frame(payload)) }
}

/// The machine as the stub sees it.
final class MachineDebugTarget: GDBTarget {
    unowned let machine: ESP32Machine

    init(machine: ESP32Machine) { self.machine = machine }

    var runningCPUCount: Int { machine.cpus.filter(\.isRunning).count }
    func core(_ index: Int) -> Core { machine.cpus[index].core }

    func readMemory(_ address: UInt32, count: Int) -> [UInt8]? { machine.core.addressSpace.peek(address, count: count) }

    func writeMemory(_ address: UInt32, _ bytes: [UInt8]) -> Bool {
        let space = machine.core.addressSpace
        guard space.load(bytes, at: address) else { return false }
        space.invalidateCode(from: address, count: bytes.count)
        return true
    }

    func reset() { machine.requestReset(cause: .powerOn) }

    var information: String {
        machine.cpus.map { cpu in
            "\(cpu.role == .pro ? "PRO" : "APP") CPU: \(cpu.isRunning ? "running" : "held in reset"), PC "
                + "\(cpu.core.pc.hexWord), \(cpu.core.cycles) cycles"
        }.joined(separator: "\n")
    }
}

extension Session {
    /// Attaches a GDB client: its bytes come from `input`, replies go to `send`. With `halted` the guest waits
    /// for the debugger's first `continue` (QEMU's -S).
    public func attachDebugger(
        input: HostInput, send: @escaping ([UInt8]) -> Void, halted: Bool, layout: GDBRegisterLayout = .full
    ) {
        debugger = DebuggerAttachment(
            stub: GDBStub(target: MachineDebugTarget(machine: machine), layout: layout), input: input, send: send,
            halted: halted)
    }

    /// The input the debugger's socket feeds; the session's loop wakes when bytes arrive.
    public func makeDebuggerInput() -> HostInput { HostInput(doorbell: doorbellForDebugger) }

    /// Handles what the debugger sent. Returns an outcome if the debugger ended the run (kill).
    func serviceDebugger() -> Outcome? {
        guard let debugger else { return nil }
        if debugger.input.isOpen { debugger.hadClient = true }
        for event in debugger.framer.feed(debugger.input.drain()) {
            switch event {
            case .interrupt:
                if !debugger.isHalted { halt(debugger, .interrupted(thread: 1)) }
            case .badChecksum:
                if !debugger.stub.noAcknowledgements { debugger.send(Array("-".utf8)) }
            case .packet(let packet):
                if !debugger.stub.noAcknowledgements { debugger.send(Array("+".utf8)) }
                let (reply, command) = debugger.stub.handle(packet)
                if let reply { debugger.reply(reply) }
                if let outcome = apply(command, debugger) { return outcome }
            case .acknowledged, .rejected:
                break
            }
        }
        // The client went away: the guest runs on without breakpoints (QEMU does the same).
        if debugger.hadClient && !debugger.input.isOpen { detachDebugger() }
        return nil
    }

    /// Whether the debugger holds the guest stopped (the loop then only waits for its packets).
    var isHeldByDebugger: Bool { debugger?.isHalted ?? false }

    /// A CPU stopped at a host breakpoint or watchpoint during a run slice: report it and hold the guest.
    func debuggerStop(_ reason: StopReason) -> Bool {
        guard let debugger else { return false }
        let thread = machine.stoppedCPU?.role == .app ? 2 : 1
        switch reason {
        case .hostBreakpoint: halt(debugger, .breakpoint(thread: thread))
        case .hostWatchpoint(let point, let address, _):
            let kind: GDBStub.Watch = point.onRead && point.onWrite ? .access : point.onRead ? .read : .write
            halt(debugger, .watchpoint(thread: thread, kind: kind, address: address))
        default: return false
        }
        return true
    }

    private func halt(_ debugger: DebuggerAttachment, _ reason: GDBStub.StopReason) {
        debugger.isHalted = true
        debugger.reply(debugger.stub.stopReply(reason))
    }

    private func apply(_ command: GDBStub.Command, _ debugger: DebuggerAttachment) -> Outcome? {
        switch command {
        case .none: return nil
        case .resume:
            armPoints(debugger)
            debugger.isHalted = false
        case .step(let thread):
            armPoints(debugger)
            let core = machine.cpus[thread - 1].core
            let reason = core.step()
            if case .hostWatchpoint = reason, debuggerStop(reason) { return nil }
            halt(debugger, .step(thread: thread))
        case .detach:
            detachDebugger()
        case .kill:
            detachDebugger()
            return .killedByDebugger
        }
        return nil
    }

    /// Gives the cores the stub's breakpoints and watchpoints; a core resuming at a breakpoint passes it once.
    private func armPoints(_ debugger: DebuggerAttachment) {
        let watchpoints = debugger.stub.watchpoints.map {
            HostWatchpoint(
                address: $0.address, length: $0.length, onRead: $0.kind != .write, onWrite: $0.kind != .read)
        }
        for cpu in machine.cpus {
            cpu.core.hostBreakpoints = debugger.stub.breakpoints
            cpu.core.hostWatchpoints = watchpoints
            cpu.core.hostBreakpointResumeAddress = cpu.core.pc
        }
    }

    private func detachDebugger() {
        for cpu in machine.cpus {
            cpu.core.hostBreakpoints = []
            cpu.core.hostWatchpoints = []
        }
        debugger = nil
    }
}
