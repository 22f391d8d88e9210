// SPDX-License-Identifier: MIT
import Foundation
import XtensaCore
import XtensaISA

/// The inspecting commands: registers, memory, disassembly, backtraces, source, tasks, events.
extension DebugConsole {
    func showRegisters() {
        let core = self.core
        write("pc  \(core.pc.hexWord)  \(symbols.label(core.pc) ?? "")")
        for row in 0..<4 {
            write(
                (0..<4).map { column in
                    let index = row * 4 + column
                    return "a\(index)".padding(toLength: 4, withPad: " ", startingAt: 0) + core.register(index).hexWord
                }.joined(separator: "  "))
        }
        let ps = core.processorStatus
        write("ps  \(ps.hexWord)  \(RegisterNames.describePS(ps))")
        let windowBase = Int(core.windowBase)
        write(
            "windowbase \(windowBase)  windowstart \(core.specialRegister(SpecialRegister.windowstart).hexWord)  "
                + "(a0-a15 are ar\(windowBase * 4)-ar\(windowBase * 4 + 15), modulo 64)")
        let physical = core.physicalRegisters
        for row in 0..<8 {
            write(
                (0..<8).map { column in
                    let index = row * 8 + column
                    let mark = (index - windowBase * 4 + 64) % 64 < 16 ? "*" : " "
                    return "ar\(index)".padding(toLength: 5, withPad: " ", startingAt: 0) + physical[index].hexWord
                        + mark
                }.joined(separator: " "))
        }
        let specials = RegisterNames.specials.filter { !["ps", "windowbase", "windowstart"].contains($0.name) }
        for start in stride(from: 0, to: specials.count, by: 4) {
            write(
                specials[start..<min(start + 4, specials.count)].map { entry in
                    entry.name.padding(toLength: 11, withPad: " ", startingAt: 0)
                        + core.specialRegister(entry.number).hexWord
                }.joined(separator: "  "))
        }
        write("threadptr  \(core.userRegister(SpecialRegister.threadptr).hexWord)  (* marks the current window)")
    }

    /// `x/NFU ADDRESS`.
    func examine(format: String, _ expression: String) throws(DebugError) {
        var count = 1
        var style: Character = "x"
        var size = 4
        var digits = ""
        for character in format {
            if character.isNumber { digits.append(character); continue }
            switch character {
            case "x", "d", "u", "c", "s", "i": style = character
            case "b": size = 1
            case "h": size = 2
            case "w": size = 4
            default: throw DebugError("unknown x format '\(character)': formats x d u c s i, sizes b h w")
            }
        }
        if !digits.isEmpty {
            guard let given = Int(digits), (1...4096).contains(given) else {
                throw DebugError("count \(digits): 1 to 4096")
            }
            count = given
        }
        if style == "c" { size = 1 }
        let start = try Expression(core: core, symbols: symbols).evaluate(expression)
        switch style {
        case "i": try disassemble(from: start, count: count)
        case "s":
            var address = start
            for _ in 0..<count {
                guard let bytes = core.addressSpace.peek(address, count: 1) else { throw unreadable(address) }
                var text: [UInt8] = bytes
                while text.last != 0, text.count < 4096,
                    let next = core.addressSpace.peek(address + UInt32(text.count), count: 1)
                {
                    text += next
                }
                let string = String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
                write("\(address.hexWord):\t\"\(string.debugEscaped)\"")
                address += UInt32(text.count)
            }
        default:
            guard let bytes = core.addressSpace.peek(start, count: count * size) else {
                throw unreadable(start)
            }
            let perLine = size == 1 ? 8 : 4
            for line in stride(from: 0, to: count, by: perLine) {
                let address = start + UInt32(line * size)
                let items = (line..<min(line + perLine, count)).map { index in
                    let value = bytes[index * size..<(index + 1) * size].reversed().reduce(UInt32(0)) {
                        $0 << 8 | UInt32($1)
                    }
                    return DebugConsole.format(value, style: style, size: size)
                }
                let label = symbols.label(address).map { " <\($0)>" } ?? ""
                write("\(address.hexWord)\(label):\t" + items.joined(separator: "\t"))
            }
        }
    }

    private func unreadable(_ address: UInt32) -> DebugError {
        DebugError("cannot read memory at \(address.hexWord) (not RAM, ROM or mapped flash)")
    }

    private static func format(_ value: UInt32, style: Character, size: Int) -> String {
        switch style {
        case "d":
            let shift = UInt32(32 - 8 * size)
            return String(Int32(bitPattern: value << shift) >> Int32(shift))
        case "u": return String(value)
        case "c":
            let scalar = Unicode.Scalar(UInt8(truncatingIfNeeded: value))
            return
                "\(value) '\(scalar.isASCII && value >= 0x20 && value < 0x7F ? String(scalar) : "\\x" + String(value, radix: 16))'"
        default:
            let digits = String(value, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, size * 2 - digits.count)) + digits
        }
    }

    /// `disasm`: around the PC, or COUNT instructions from a location.
    func disassemble(_ words: [String]) throws(DebugError) {
        if let location = words.first {
            var count = 16
            if words.count > 1 {
                guard let given = Int(words[1]), (1...4096).contains(given) else {
                    throw DebugError("'\(words[1])' is not a count of 1 to 4096")
                }
                count = given
            }
            let start = try resolveCode(location)
            try disassemble(from: start, count: count)
            return
        }
        // Instruction boundaries are known only going forward: decode from the function's start (or a little
        // before the PC) and show a window around the PC.
        let pc = core.pc
        var start = symbols.function(containing: pc).map { $0.start } ?? pc
        if pc - start > 4096 { start = pc }
        var addresses: [UInt32] = []
        var address = start
        while address <= pc, let line = decode(at: address) {
            addresses.append(address)
            address += UInt32(line.length)
        }
        if addresses.last != pc { addresses = [pc] }
        let first = addresses[max(0, addresses.count - 6)]
        try disassemble(from: first, count: min(addresses.count, 6) + 10)
    }

    /// A location for disassembly: a function's start (not its body), FILE:LINE, or an expression.
    private func resolveCode(_ location: String) throws(DebugError) -> UInt32 {
        if let symbol = symbols.symbol(named: location) { return symbol.value }
        return try resolve(location).addresses[0]
    }

    func disassemble(from start: UInt32, count: Int) throws(DebugError) {
        var address = start
        var previousFunction: String?
        for _ in 0..<count {
            guard let bytes = core.addressSpace.peek(address, count: 3) else {
                if address == start { throw unreadable(address) }
                return
            }
            if let function = symbols.function(containing: address), function.displayName != previousFunction {
                previousFunction = function.displayName
                if function.start == address || address == start { write("<\(function.displayName)>:") }
            }
            let line = decode(at: address)
            let length = line?.length ?? 1
            let hex = bytes.prefix(length).map { String(format: "%02x", $0) }.joined(separator: " ")
            let marker = address == core.pc ? "=> " : "   "
            let offset = symbols.function(containing: address).map { "<+\(address - $0.start)>" } ?? ""
            write(
                marker + address.hexWord + " " + offset.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + hex.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + (line?.text.replacingOccurrences(of: "\t", with: " ") ?? "(not an instruction)"))
            address += UInt32(length)
        }
    }

    private func decode(at address: UInt32) -> Disassembler.Line? {
        guard let bytes = core.addressSpace.peek(address, count: 3) else { return nil }
        return Disassembler().line(for: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16, pc: address)
    }

    /// `bt [COUNT]` for the selected CPU, `bt TASK [COUNT]` for a kernel task (by name or control block).
    func backtrace(_ words: [String]) throws(DebugError) {
        var words = words[...]
        let frames: [Backtrace.Frame]
        if let first = words.first, Int(first) == nil {
            words = words.dropFirst()
            let tasks = try readTasks()
            guard let task = tasks.first(where: { $0.name == first || $0.controlBlock == Expression.number(first) })
            else {
                throw DebugError("no task \(first) (info tasks lists them)")
            }
            frames = KernelTasks.backtrace(of: task, core: session.machine.cpus[0].core).frames
        } else {
            frames = Backtrace(core: core).frames
        }
        var limit = Int.max
        if let word = words.first {
            guard let count = Int(word), count >= 1 else { throw DebugError("'\(word)' is not a count (1 or more)") }
            limit = count
        }
        var number = 0
        for (index, frame) in frames.enumerated() where number < limit {
            // A caller's PC is its return address: the call's line is the one before it.
            let lineAddress = index == 0 ? frame.pc : frame.pc &- 1
            let functions = symbols.frames(at: lineAddress)
            for (depth, function) in functions.enumerated() where number < limit {
                // The innermost function is where the line table says; each outer one is at its inner call.
                let location = depth == 0 ? symbols.lines.location(at: lineAddress) : function.callSite
                let name =
                    symbols.function(containing: lineAddress) == nil && !function.isInlined
                    ? "" : " in \(function.name)"
                write(
                    "#\(number)  \(frame.pc.hexWord)\(name)\(function.isInlined ? " (inlined)" : "")"
                        + (location.map { " at \($0)" } ?? "")
                        + (function.isInlined ? "" : "  (sp \(frame.stackPointer.hexWord))"))
                number += 1
            }
        }
    }

    func printValue(_ text: String) throws(DebugError) {
        guard !text.isEmpty else { throw DebugError("what to print is missing") }
        if let symbol = symbols.symbol(named: text), symbol.kind == .object {
            let size = Int(min(max(symbol.size, 1), 64))
            guard let bytes = core.addressSpace.peek(symbol.value, count: size) else { throw unreadable(symbol.value) }
            write("\(text) at \(symbol.value.hexWord) (\(symbol.size) bytes) = \(DebugConsole.formatValue(bytes))")
            return
        }
        let value = try Expression(core: core, symbols: symbols).evaluate(text)
        let label = symbols.label(value).map { " <\($0)>" } ?? ""
        write("\(text) = \(value.hexWord) (\(Int32(bitPattern: value)))\(label)")
    }

    /// `set TARGET = VALUE`: a register (`$a2`, `$pc`, `$ar17`, `$sar`), a word at `*ADDRESS`, or a variable.
    func assign(_ text: String) throws(DebugError) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else { throw DebugError("set TARGET = VALUE") }
        let (target, value) = (parts[0], try Expression(core: core, symbols: symbols).evaluate(parts[1]))
        if target.hasPrefix("$") {
            guard RegisterNames.set(String(target.dropFirst()).lowercased(), to: value, in: core) else {
                throw DebugError("no register called \(target) that can be set")
            }
        } else {
            var address: UInt32
            var size = 4
            if target.hasPrefix("*") {
                address = try Expression(core: core, symbols: symbols).evaluate(String(target.dropFirst()))
            } else if let symbol = symbols.symbol(named: target), symbol.kind == .object {
                guard [1, 2, 4].contains(symbol.size) else {
                    throw DebugError("\(target) is \(symbol.size) bytes: set its words with set *ADDRESS = VALUE")
                }
                (address, size) = (symbol.value, Int(symbol.size))
            } else {
                throw DebugError("\(target) is not a variable of the firmware; use $REGISTER or *ADDRESS")
            }
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            // Through each CPU's address space, so that code written this way is decoded again.
            for cpu in session.machine.cpus {
                guard cpu.core.addressSpace.load(bytes, at: address) else { throw unreadable(address) }
            }
        }
        write("\(target) = \(value.hexWord) (\(Int32(bitPattern: value)))")
    }

    func listSource(_ location: String) throws(DebugError) {
        let address = location.isEmpty ? core.pc : try resolve(location).addresses[0]
        guard let place = symbols.lines.location(at: address) else {
            throw DebugError("no line information for \(address.hexWord)")
        }
        guard let lines = sources.lines(of: place.file) else { throw DebugError("cannot read \(place.file)") }
        for number in max(1, place.line - 5)...min(lines.count, place.line + 5) {
            write((number == place.line ? "=> " : "   ") + "\(number)\t\(lines[number - 1])")
        }
    }

    func info(_ words: [String]) throws(DebugError) {
        guard let topic = words.first else {
            throw DebugError("info what? breakpoints, tasks, registers, symbol EXPR, line LOCATION, cpus")
        }
        let argument = words.dropFirst().joined(separator: " ")
        switch topic {
        case "breakpoints", "b", "break", "watchpoints":
            if breakpoints.isEmpty && watchpoints.isEmpty { write("No breakpoints or watchpoints.") }
            for point in breakpoints {
                write(
                    "\(point.number)  \(point.isTemporary ? "tbreak" : "break ")  \(point.location)  hit \(point.hits) time(s)"
                )
                for address in point.addresses { write("      " + describeAddress(address)) }
            }
            for point in watchpoints {
                write(
                    "\(point.number)  \(point.kind.rawValue)  \(point.expression) (\(point.address.hexWord), "
                        + "\(point.length) bytes)  hit \(point.hits) time(s)")
            }
        case "tasks", "threads": try showTasks()
        case "registers", "reg", "r": showRegisters()
        case "symbol":
            let address = try Expression(core: core, symbols: symbols).evaluate(argument)
            write(
                symbols.label(address).map { "\($0) (\(address.hexWord))" } ?? "no symbol contains \(address.hexWord)")
        case "line":
            let (description, addresses) = try resolve(argument.isEmpty ? "*$pc" : argument)
            for address in addresses {
                write("\(description): code at \(describeAddress(address))")
            }
        case "cpus":
            for (index, cpu) in session.machine.cpus.enumerated() {
                let state =
                    cpu.isRunning ? (cpu.core.isWaiting ? "waiting for an interrupt" : "running") : "held in reset"
                write(
                    "\(index == selectedCPU ? "*" : " ") \(index) \(cpu.role == .pro ? "PRO" : "APP")  \(state)  "
                        + describeAddress(cpu.core.pc) + "  \(cpu.core.cycles) cycles")
            }
        default:
            throw DebugError("info \(topic)? breakpoints, tasks, registers, symbol EXPR, line LOCATION, cpus")
        }
    }

    func readTasks() throws(DebugError) -> [KernelTasks.Task] {
        do { return try KernelTasks.read(recordAddress: kernelRecordAddress, core: session.machine.cpus[0].core) } catch
        {
            throw DebugError("\(error)")
        }
    }

    /// `info tasks`: each task's state, priority, stack use and the innermost functions of its call chain.
    func showTasks() throws(DebugError) {
        let tasks = try readTasks()
        write("  TCB         NAME              STATE      PRIO  STACK NOW/PEAK/SIZE   WHERE (innermost first)")
        for task in tasks {
            let now =
                task.stackPointer >= task.stackBase && task.stackPointer <= task.stackBase + task.stackSize
                ? String(task.stackBase + task.stackSize - task.stackPointer) : "?"
            let stack = "\(now)/\(task.peakStackUse)/\(task.stackSize)"
            let wake = task.wakesInTicks.map { "  (wakes in \($0) ticks)" } ?? ""
            let chain = KernelTasks.backtrace(of: task, core: session.machine.cpus[0].core, limit: 4).frames
                .enumerated().map { index, frame in
                    symbols.function(containing: index == 0 ? frame.pc : frame.pc &- 1)?.displayName ?? frame.pc.hexWord
                }.joined(separator: " <- ")
            write(
                (task.state == "running" ? "* " : "  ") + task.controlBlock.hexWord + "  "
                    + task.name.padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
                    + task.state.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
                    + String(task.priority).padding(toLength: 4, withPad: " ", startingAt: 0) + "  "
                    + stack.padding(toLength: 20, withPad: " ", startingAt: 0) + "  " + chain + wake)
        }
    }

    func showEvents() {
        let events = session.loggedWebSocketEvents
        if events.isEmpty { write("No WebSocket client events logged yet.") }
        for (index, event) in events.enumerated() { write("\(index + 1)  \(event)") }
    }

    func selectCPU(_ words: [String]) throws(DebugError) {
        guard let word = words.first, let index = Int(word), session.machine.cpus.indices.contains(index) else {
            throw DebugError("cpu 0 (PRO) or cpu 1 (APP)")
        }
        guard session.machine.cpus[index].isRunning else { throw DebugError("CPU \(index) is held in reset") }
        selectedCPU = index
        describeStop()
    }
}

extension String {
    /// Control characters and quotes escaped, for showing guest strings.
    var debugEscaped: String {
        unicodeScalars.map { scalar in
            switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "\"": "\\\""
            case "\\": "\\\\"
            default: scalar.value < 0x20 ? "\\x" + String(scalar.value, radix: 16) : String(scalar)
            }
        }.joined()
    }
}
