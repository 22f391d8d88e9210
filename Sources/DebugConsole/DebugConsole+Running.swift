// SPDX-License-Identifier: MIT
import Foundation
import Harness
import ImageFormats
import XtensaCore

/// Breakpoints, watchpoints and running the guest under the debugger.
extension DebugConsole {
    /// The addresses a location names: `FUNCTION` (after its prologue), `FILE:LINE`, `*ADDRESS`, or an address
    /// expression; and how to describe it.
    func resolve(_ location: String) throws(DebugError) -> (description: String, addresses: [UInt32]) {
        guard !location.isEmpty else { throw DebugError("a location is missing: FUNCTION, FILE:LINE or *ADDRESS") }
        if location.hasPrefix("*") {
            let address = try Expression(core: core, symbols: symbols).evaluate(String(location.dropFirst()))
            return (address.hexWord, [address])
        }
        if let colon = location.lastIndex(of: ":"), let line = Int(location[location.index(after: colon)...]) {
            let file = String(location[..<colon])
            guard !symbols.lines.files(matching: file).isEmpty else {
                throw DebugError("no source file \(file) in the firmware's line table")
            }
            let found = symbols.lines.breakpointAddresses(file: file, line: line)
            if found?.line != line {
                // A line whose only code is an inlined call: its entries.
                let entries = symbols.inlinedCallEntries(file: file, line: line)
                if !entries.isEmpty { return ("\(file):\(line)", entries) }
            }
            guard let found else {
                throw DebugError("no code for line \(line) of \(file) (or the 100 lines after it)")
            }
            return ("\(file):\(found.line)", found.addresses)
        }
        if let symbol = symbols.symbol(named: location), symbol.kind == .function,
            let function = symbols.function(containing: symbol.value)
        {
            return (function.displayName, [symbols.breakpointAddress(forFunction: function)])
        }
        let inlined = symbols.inlinedCallEntries(function: location)
        if symbols.symbol(named: location) == nil, !inlined.isEmpty { return ("\(location) (inlined)", inlined) }
        let address = try Expression(core: core, symbols: symbols).evaluate(location)
        return (address.hexWord, [address])
    }

    func setBreakpoint(_ location: String, temporary: Bool) throws(DebugError) {
        let (description, addresses) = try resolve(location)
        let point = Breakpoint(
            number: nextPointNumber, location: description, addresses: addresses, isTemporary: temporary)
        nextPointNumber += 1
        breakpoints.append(point)
        let places = addresses.map { describeAddress($0) }.joined(separator: "; ")
        write("\(temporary ? "Temporary breakpoint" : "Breakpoint") \(point.number) at \(places)")
    }

    func setWatchpoint(_ words: [String], kind: Watchpoint.Kind) throws(DebugError) {
        guard let expression = words.first else { throw DebugError("what to watch is missing: an address or a symbol") }
        let address = try Expression(core: core, symbols: symbols).evaluate(expression)
        var length: UInt32 = 4
        if words.count > 1 {
            guard let given = Expression.number(words[1]), (1...64).contains(given) else {
                throw DebugError("'\(words[1])' is not a length of 1 to 64 bytes")
            }
            length = given
        } else if let symbol = symbols.symbol(named: expression), symbol.kind == .object, symbol.size > 0 {
            length = min(symbol.size, 64)
        }
        guard let value = core.addressSpace.peek(address, count: Int(length)) else {
            throw DebugError("\(address.hexWord) is not memory the debugger can watch (RAM or ROM)")
        }
        let point = Watchpoint(
            number: nextPointNumber, expression: expression, address: address, length: length, kind: kind, value: value)
        nextPointNumber += 1
        watchpoints.append(point)
        let what = kind == .write ? "Watchpoint" : kind == .read ? "Read watchpoint" : "Access watchpoint"
        write("\(what) \(point.number): \(expression) (\(address.hexWord), \(length) bytes)")
    }

    func deletePoints(_ words: [String]) throws(DebugError) {
        guard !words.isEmpty else {
            breakpoints.removeAll()
            watchpoints.removeAll()
            write("Deleted every breakpoint and watchpoint.")
            return
        }
        for word in words {
            guard let number = Int(word),
                breakpoints.contains(where: { $0.number == number })
                    || watchpoints.contains(where: { $0.number == number })
            else { throw DebugError("no breakpoint or watchpoint \(word)") }
            breakpoints.removeAll { $0.number == number }
            watchpoints.removeAll { $0.number == number }
        }
    }

    /// Runs the guest — freely, or as a step of the selected CPU — and reports where it stopped.
    func resume(_ step: SourceStepper.Mode?) throws {
        if let ended { throw DebugError("the run has ended (\(ended)); nothing more can run") }
        let allBreakpoints = Set(breakpoints.flatMap(\.addresses))
        let hostWatchpoints = watchpoints.map {
            HostWatchpoint(address: $0.address, length: $0.length, onRead: $0.kind != .write, onWrite: $0.kind != .read)
        }
        for cpu in session.machine.cpus {
            cpu.core.hostBreakpoints = allBreakpoints
            cpu.core.hostWatchpoints = hostWatchpoints
            cpu.core.hostBreakpointResumeAddress = cpu.core.pc
        }
        let stepping = core
        // finish: the caller finds the result in a2 of the callee's window, its a(4 × CALLn increment + 2).
        let resultRegister = step == .finish ? Int(stepping.register(0) >> 30) * 4 + 2 : nil
        if resultRegister != nil { write("Run till exit from \(describeAddress(stepping.pc))") }
        if let step {
            stepping.instructionObserver = SourceStepper(
                core: stepping, mode: step, symbols: symbols, stack: taskStack(containing: stepping.register(1)),
                downstream: tracer?.observer(for: stepping))
        }
        defer {
            if step != nil {
                stepping.instructionObserver = tracer?.isTracing == true ? tracer?.observer(for: stepping) : nil
            }
        }
        // A write watchpoint reports a change of value, as GDB's do: writes of the same value run on.
        var outcome = try session.run(limits: limits)
        while case .watchpoint(_, let address) = outcome, writesLeftValuesUnchanged(at: address) {
            for cpu in session.machine.cpus { cpu.core.hostBreakpointResumeAddress = cpu.core.pc }
            outcome = try session.run(limits: limits)
        }
        report(outcome)
        if let resultRegister, case .observerStopped = outcome {
            let value = stepping.register(resultRegister)
            write("Value returned ($a\(resultRegister)) = \(value.hexWord) (\(Int32(bitPattern: value)))")
        }
    }

    /// Whether every watchpoint covering `address` watches writes only and still holds its value.
    private func writesLeftValuesUnchanged(at address: UInt32) -> Bool {
        let hit = watchpoints.filter { address >= $0.address && address < $0.address + $0.length }
        return !hit.isEmpty
            && hit.allSatisfy {
                $0.kind == .write && core.addressSpace.peek($0.address, count: Int($0.length)) == $0.value
            }
    }

    private func report(_ outcome: Session.Outcome) {
        switch outcome {
        case .breakpoint(let cpu, let pc):
            selectedCPU = cpu
            for index in breakpoints.indices where breakpoints[index].addresses.contains(pc) {
                breakpoints[index].hits += 1
                write("\nBreakpoint \(breakpoints[index].number), CPU \(cpu)")
            }
            breakpoints.removeAll { $0.isTemporary && $0.addresses.contains(pc) }
            describeStop()
        case .watchpoint(let cpu, let address):
            selectedCPU = cpu
            for index in watchpoints.indices
            where address >= watchpoints[index].address
                && address < watchpoints[index].address + watchpoints[index].length
            {
                let point = watchpoints[index]
                let now = core.addressSpace.peek(point.address, count: Int(point.length)) ?? []
                watchpoints[index].hits += 1
                watchpoints[index].value = now
                write("\nWatchpoint \(point.number): \(point.expression) (\(point.address.hexWord)), CPU \(cpu)")
                write("Old value = \(DebugConsole.formatValue(point.value))")
                write("New value = \(DebugConsole.formatValue(now))")
            }
            describeStop()
        case .observerStopped(let cpu, _):
            selectedCPU = cpu
            describeStop()
        case .crashed, .panicked:
            ended = outcome
            write("\nThe run has ended: \(outcome)\nThe guest's state can still be inspected (bt, regs, x).")
        default:
            ended = outcome
            write("\nThe run has ended: \(outcome)")
        }
    }

    /// Where the selected CPU stands: `0x400d1234 in on_websocket_event at websocket_example.c:90`, and the line.
    func describeStop() {
        let pc = core.pc
        write(describeAddress(pc))
        if let location = symbols.lines.location(at: pc), let text = sources.line(location.line, of: location.file) {
            write("\(location.line)\t\(text)")
        }
    }

    /// `0x400d1234 in on_websocket_event at websocket_example.c:90`; code of an inlined function reads
    /// `in log_data (inlined into on_websocket_event) at …`.
    func describeAddress(_ address: UInt32, lineAddress: UInt32? = nil) -> String {
        let place = lineAddress ?? address
        var text = address.hexWord
        let frames = symbols.frames(at: place)
        if frames.count > 1 {
            text += " in \(frames[0].name) (inlined into \(frames[frames.count - 1].name))"
        } else if symbols.function(containing: place) != nil {
            text += " in \(frames[0].name)"
        }
        if let location = symbols.lines.location(at: place) { text += " at \(location)" }
        return text
    }

    static func formatValue(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 || bytes.count == 2 || bytes.count == 1 {
            let value = bytes.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return "0x" + String(value, radix: 16) + " (\(value))"
        }
        return bytes.map { String(format: "%02x", $0) }.joined(separator: " ")
    }

    /// The stack of the kernel task whose stack holds `stackPointer`, if the firmware runs the kernel.
    func taskStack(containing stackPointer: UInt32) -> ClosedRange<UInt32>? {
        let tasks =
            (try? KernelTasks.read(recordAddress: kernelRecordAddress, core: session.machine.cpus[0].core)) ?? []
        return tasks.first { stackPointer >= $0.stackBase && stackPointer < $0.stackBase + $0.stackSize }
            .map { $0.stackBase...($0.stackBase + $0.stackSize) }
    }

    var kernelRecordAddress: UInt32? { symbols.symbol(named: "fw_kernel_debug_info")?.value }
}
