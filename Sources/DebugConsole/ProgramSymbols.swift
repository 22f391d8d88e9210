// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// What the debugger knows about the program from its ELF: function and object symbols (Swift ones readable),
/// and the DWARF line table. Answers "where is this address" and "where is this name or line".
public struct ProgramSymbols: Sendable {
    public struct Function: Sendable, Equatable {
        public let name: String
        /// The readable name (demangled and shortened for Swift).
        public let displayName: String
        public let start: UInt32
        public let size: UInt32
        public func contains(_ address: UInt32) -> Bool { address >= start && address - start < max(size, 1) }
    }

    public let lines: SourceLineTable
    /// Inlined calls from .debug_info (empty if it could not be read: see `problems`).
    public let inlinedCalls: InlinedCallTable
    /// What could not be read, for the debugger to mention (the rest still works).
    public let problems: [String]
    /// Functions sorted by start address.
    public let functions: [Function]
    private let byName: [String: ELFSymbol]
    private let byDisplayName: [String: ELFSymbol]

    public init(elf: ELFFile) throws(ImageFormatError) {
        lines = try SourceLineTable(elf: elf)
        do {
            inlinedCalls = try InlinedCallTable(elf: elf, lines: lines)
            problems = []
        } catch {
            inlinedCalls = InlinedCallTable()
            problems = ["inlined functions are not shown: \(error)"]
        }
        let defined = elf.symbols.filter {
            !$0.isUndefined && !$0.name.isEmpty && $0.kind != .file && $0.kind != .section
        }
        functions = defined.filter { $0.kind == .function }
            .map {
                Function(
                    name: $0.name, displayName: ProgramSymbols.displayName($0.name), start: $0.value, size: $0.size)
            }
            .sorted { $0.start < $1.start }
        // Global definitions win over local ones of the same name.
        byName = Dictionary(
            defined.map { ($0.name, $0) }, uniquingKeysWith: { first, second in first.isGlobal ? first : second })
        byDisplayName = Dictionary(
            defined.map { (ProgramSymbols.displayName($0.name), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// No symbols (an image without an ELF).
    public init() {
        lines = SourceLineTable()
        inlinedCalls = InlinedCallTable()
        problems = []
        functions = []
        byName = [:]
        byDisplayName = [:]
    }

    /// A symbol by its linkage name or its readable one (`app_main`, `WebSocketClient.run`).
    public func symbol(named name: String) -> ELFSymbol? { byName[name] ?? byDisplayName[name] }

    /// The function whose code contains `address`.
    public func function(containing address: UInt32) -> Function? {
        guard var index = functions.lastIndex(keyAtMost: address, key: \.start) else { return nil }
        // Zero-sized labels can sit at the same address as the real function: look back past them.
        while index >= 0 && address - functions[index].start <= 0x10_0000 {
            if functions[index].contains(address) && functions[index].size > 0 { return functions[index] }
            index -= 1
        }
        return nil
    }

    /// The functions whose code is at `address`, innermost first: inlined ones (with the line they were called
    /// from, in the function around them), then the function the symbol table names.
    public func frames(at address: UInt32) -> [(name: String, isInlined: Bool, callSite: SourceLineTable.Location?)] {
        let calls = inlinedCalls.calls(containing: address)
        var frames = calls.map {
            (name: ProgramSymbols.displayName($0.function), isInlined: true, callSite: nil as SourceLineTable.Location?)
        }
        frames.append((function(containing: address)?.displayName ?? address.hexWord, false, nil))
        // Each frame's position is the call of the frame inside it.
        for (index, call) in calls.enumerated() where call.callLine != 0 {
            frames[index + 1].callSite = SourceLineTable.Location(file: call.callFile, line: call.callLine)
        }
        return frames
    }

    /// The entry addresses of the inlined calls of `name`, or of the inlined calls on `line` of `file`.
    public func inlinedCallEntries(function name: String) -> [UInt32] {
        inlinedCalls.calls.filter { ProgramSymbols.displayName($0.function) == name || $0.function == name }
            .compactMap { $0.ranges.map(\.lowerBound).min() }
    }

    public func inlinedCallEntries(file: String, line: Int) -> [UInt32] {
        inlinedCalls.calls.filter { $0.callLine == line && ($0.callFile == file || $0.callFile.hasSuffix("/" + file)) }
            .compactMap { $0.ranges.map(\.lowerBound).min() }
    }

    /// `name+0x12` for an address in a function, or nil.
    public func label(_ address: UInt32) -> String? {
        guard let function = function(containing: address) else { return nil }
        let offset = address - function.start
        return offset == 0 ? function.displayName : "\(function.displayName)+\(offset)"
    }

    /// The address where a breakpoint on a function belongs: after its ENTRY instruction's line (the first line
    /// table row past the function's first line), or its start without line information.
    public func breakpointAddress(forFunction function: Function) -> UInt32 {
        guard let first = lines.range(containing: function.start) else { return function.start }
        var address = first.end
        while let range = lines.range(containing: address), function.contains(address) {
            if range.isStatement && range.line != first.line { return range.start }
            address = range.end
        }
        return first.end < function.start + max(function.size, 1) ? first.end : function.start
    }

    /// `withUnsafeBufferPointer<A, B where …>` → `withUnsafeBufferPointer`.
    private static func withoutGenericParameters(_ text: String) -> String {
        var result = ""
        var depth = 0
        for character in text {
            if character == "<" {
                depth += 1
            } else if character == ">" && depth > 0 {
                depth -= 1
            } else if depth == 0 {
                result.append(character)
            }
        }
        return result
    }

    /// A Swift symbol as people write it: `WebSocketClient.run`, `closure #1 in fw_run_app`; others unchanged.
    static func displayName(_ name: String) -> String {
        guard let demangled = Demangler.demangle(name) else {
            // DWARF names of Swift functions are not mangled but still carry generic parameters.
            return name.contains("<") ? withoutGenericParameters(name) : name
        }
        return shorten(demangled)
    }

    /// Reduces a demangled name to what people write: `m.Type.method(Swift.Int) -> ()` → `Type.method`;
    /// private discriminators, specialisation and thunk prefixes go, closures keep what they are in.
    static func shorten(_ text: String) -> String {
        var text = text.replacing(#/\(([^()\s]+) in _[0-9A-F]{32}\)/#) { String($0.output.1) }
        for prefix in ["@objc ", "merged ", "outlined ", "partial apply forwarder for ", "specialized "]
        where text.hasPrefix(prefix) {
            return shorten(String(text.dropFirst(prefix.count)))
        }
        for prefix in ["generic specialization <", "function signature specialization <"] where text.hasPrefix(prefix) {
            // Past the balanced <…> and " of ".
            var depth = 0
            var index = text.index(text.startIndex, offsetBy: prefix.count - 1)
            while index < text.endIndex {
                if text[index] == "<" { depth += 1 } else if text[index] == ">" { depth -= 1 }
                index = text.index(after: index)
                if depth == 0 { break }
            }
            if text[index...].hasPrefix(" of ") { return shorten(String(text[text.index(index, offsetBy: 4)...])) }
        }
        if text.hasPrefix("closure #"), let range = text.range(of: " in ") {
            let number = text[..<range.lowerBound].split(separator: " ").prefix(2).joined(separator: " ")
            var rest = String(text[range.upperBound...])
            if rest.hasPrefix("variable initialization expression of ") {
                rest = String(rest.dropFirst("variable initialization expression of ".count))
            }
            return number + " in " + shorten(rest)
        }
        var head = Substring(text)
        for marker in ["(", " -> ", " : "] { if let cut = head.range(of: marker) { head = head[..<cut.lowerBound] } }
        head = Substring(withoutGenericParameters(String(head)))
        if let dot = head.firstIndex(of: "."), head.index(after: dot) < head.endIndex {
            head = head[head.index(after: dot)...]
        }
        text = String(head)
        return text.isEmpty ? "?" : text
    }
}
