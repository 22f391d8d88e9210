// SPDX-License-Identifier: MIT

/// The ELF's DWARF line table (.debug_line, versions 2-5): which source line each code address belongs to, and
/// which addresses begin a line. The debugger's breakpoints at `file:line`, its line stepping and the source
/// lines in backtraces come from here. Sequences of code the linker discarded (their addresses are not in an
/// executable section any more) are dropped.
public struct SourceLineTable: Sendable {
    /// A source position: the file's path as the compiler recorded it, and a line (1-based).
    public struct Location: Sendable, Hashable, CustomStringConvertible {
        public let file: String
        public let line: Int

        public init(file: String, line: Int) {
            self.file = file
            self.line = line
        }

        /// The file's last path component, as backtraces show it.
        public var fileName: Substring { file.split(separator: "/").last ?? Substring(file) }
        public var description: String { "\(fileName):\(line)" }
    }

    /// The code from `start` up to `end` (exclusive) belongs to one line. `isStatement`: `start` is a place
    /// where a breakpoint for the line belongs (DWARF's is_stmt).
    public struct Range: Sendable, Equatable {
        public let start: UInt32
        public let end: UInt32
        let file: Int32
        public let line: Int32
        public let isStatement: Bool
    }

    /// Every file the table names, deduplicated.
    public let files: [String]
    /// Each line-number program's files by the numbers its unit uses, keyed by the program's offset in
    /// .debug_line (a compilation unit's DW_AT_stmt_list): how `.debug_info` names files.
    public let unitFiles: [Int: [Int: String]]
    /// Sorted by `start`; they do not overlap.
    public let ranges: [Range]

    /// An empty table (an ELF without .debug_line).
    public init() { self.init(files: [], ranges: [], unitFiles: [:]) }

    private init(files: [String], ranges: [Range], unitFiles: [Int: [Int: String]]) {
        self.files = files
        self.ranges = ranges
        self.unitFiles = unitFiles
    }

    /// Reads the line table of `elf`; empty if it has none.
    public init(elf: ELFFile) throws(ImageFormatError) {
        guard let section = elf.section(named: ".debug_line") else {
            self.init()
            return
        }
        let strings = elf.section(named: ".debug_str").map { elf.contents(of: $0) } ?? []
        let lineStrings = elf.section(named: ".debug_line_str").map { elf.contents(of: $0) } ?? []
        let executable = elf.sections.filter { $0.isAllocated && $0.flags & 0x4 != 0 && $0.size > 0 }
        var builder = Builder(
            isCode: { address in
                executable.contains { address >= $0.address && Int(address - $0.address) < $0.size }
            })
        var reader = DWARFReader(elf.contents(of: section), section: ".debug_line", fileOffset: section.fileOffset)
        var unitFiles: [Int: [Int: String]] = [:]
        while !reader.isAtEnd {
            let offset = reader.offset
            var unit = try LineProgram(&reader, strings: strings, lineStrings: lineStrings)
            unitFiles[offset] = unit.filePaths
            try unit.run(&reader, into: &builder)
        }
        self.init(files: builder.files, ranges: builder.finish(), unitFiles: unitFiles)
    }

    /// The line range containing `address`.
    public func range(containing address: UInt32) -> Range? {
        guard let index = ranges.lastIndex(keyAtMost: address, key: \.start), address < ranges[index].end else {
            return nil
        }
        return ranges[index]
    }

    /// The source line of the code at `address` (none for code the compiler attributes to no line, line 0).
    public func location(at address: UInt32) -> Location? {
        guard let range = range(containing: address), range.line != 0 else { return nil }
        return location(of: range)
    }

    public func location(of range: Range) -> Location { Location(file: files[Int(range.file)], line: Int(range.line)) }

    /// The files whose path ends with `name` at a path-component boundary ("websocket_example.c",
    /// "Apps/websocket_example/websocket_example.c").
    public func files(matching name: String) -> [String] {
        files.filter { $0 == name || $0.hasSuffix("/" + name) }
    }

    /// Where a breakpoint on `line` of the files matching `file` goes: the first statement address of each
    /// stretch of code for that line. A line without code moves to the next line that has some (within 100
    /// lines), as debuggers do; the line actually used is returned with the addresses.
    public func breakpointAddresses(file: String, line: Int) -> (line: Int, addresses: [UInt32])? {
        let wanted = Set(files(matching: file).compactMap { files.firstIndex(of: $0) }.map(Int32.init))
        guard !wanted.isEmpty else { return nil }
        let candidates = ranges.filter { wanted.contains($0.file) && $0.isStatement && $0.line >= line }
        guard let nearest = candidates.map(\.line).filter({ $0 <= line + 100 }).min() else { return nil }
        var addresses: [UInt32] = []
        var previousEnd: UInt32?
        for range in candidates where range.line == nearest {
            // Consecutive ranges of the same line are one stretch: only its first address is wanted.
            if range.start != previousEnd { addresses.append(range.start) }
            previousEnd = range.end
        }
        return (Int(nearest), addresses)
    }
}

extension SourceLineTable {
    /// Collects rows into ranges, keeping only sequences whose code survived linking.
    struct Builder {
        let isCode: (UInt32) -> Bool
        var files: [String] = []
        var fileIndex: [String: Int32] = [:]
        var ranges: [Range] = []
        var sequence: [(address: UInt32, file: Int32, line: Int32, isStatement: Bool)] = []

        mutating func intern(_ path: String) -> Int32 {
            if let index = fileIndex[path] { return index }
            files.append(path)
            fileIndex[path] = Int32(files.count - 1)
            return Int32(files.count - 1)
        }

        mutating func row(address: UInt32, file: Int32, line: Int32, isStatement: Bool) {
            sequence.append((address, file, line, isStatement))
        }

        mutating func endSequence(at end: UInt32) {
            defer { sequence.removeAll(keepingCapacity: true) }
            guard let first = sequence.first, isCode(first.address) else { return }
            for (index, row) in sequence.enumerated() {
                let next = index + 1 < sequence.count ? sequence[index + 1].address : end
                guard next > row.address else { continue }
                ranges.append(
                    Range(start: row.address, end: next, file: row.file, line: row.line, isStatement: row.isStatement))
            }
        }

        func finish() -> [Range] {
            let sorted = ranges.sorted { $0.start < $1.start }
            // Overlaps only come from code folded together by the linker: the first range wins.
            var result: [Range] = []
            result.reserveCapacity(sorted.count)
            for range in sorted where result.last.map({ range.start >= $0.end }) ?? true { result.append(range) }
            return result
        }
    }

    /// One line-number program: its header, then the state machine of DWARF §6.2.
    struct LineProgram {
        let version: UInt16
        let end: Int
        let programStart: Int
        let minimumInstructionLength: UInt32
        let defaultIsStatement: Bool
        let lineBase: Int32
        let lineRange: UInt8
        let opcodeBase: UInt8
        let standardOpcodeLengths: [UInt8]
        /// Paths by the file numbers the program uses (1-based before DWARF 5, 0-based from it).
        var filePaths: [Int: String] = [:]

        init(
            _ reader: inout DWARFReader, strings: ArraySlice<UInt8>, lineStrings: ArraySlice<UInt8>
        )
            throws(ImageFormatError)
        {
            let length = try reader.u32("unit_length")
            guard length < 0xFFFF_FFF0 else { throw reader.error("unit_length", "64-bit DWARF is not supported") }
            end = reader.offset + Int(length)
            version = try reader.u16("version")
            guard (2...5).contains(version) else {
                throw reader.error("version", "line table version \(version) is not supported (2-5 are)")
            }
            if version >= 5 {
                let addressSize = try reader.u8("address_size")
                guard addressSize == 4 else { throw reader.error("address_size", "\(addressSize), not 4") }
                _ = try reader.u8("segment_selector_size")
            }
            let headerLength = try reader.u32("header_length")
            programStart = reader.offset + Int(headerLength)
            minimumInstructionLength = UInt32(try reader.u8("minimum_instruction_length"))
            if version >= 4 { _ = try reader.u8("maximum_operations_per_instruction") }
            defaultIsStatement = try reader.u8("default_is_stmt") != 0
            lineBase = Int32(Int8(bitPattern: try reader.u8("line_base")))
            lineRange = try reader.u8("line_range")
            guard lineRange != 0 else { throw reader.error("line_range", "is 0") }
            opcodeBase = try reader.u8("opcode_base")
            var lengths: [UInt8] = []
            for _ in 1..<max(Int(opcodeBase), 1) { lengths.append(try reader.u8("standard_opcode_lengths")) }
            standardOpcodeLengths = lengths
            if version >= 5 {
                try readEntryTables(&reader, strings: strings, lineStrings: lineStrings)
            } else {
                try readLegacyTables(&reader)
            }
            guard programStart <= end else { throw reader.error("header_length", "runs past the unit") }
        }

        /// DWARF 2-4: include_directories and file_names as NUL-terminated lists; directory 0 is the
        /// compilation directory (not named here), file numbers start at 1.
        private mutating func readLegacyTables(_ reader: inout DWARFReader) throws(ImageFormatError) {
            var directories = [""]
            while true {
                let directory = try reader.cString("include_directories")
                if directory.isEmpty { break }
                directories.append(directory)
            }
            var number = 1
            while true {
                let name = try reader.cString("file_names")
                if name.isEmpty { break }
                let directory = Int(try reader.uleb("file directory index"))
                _ = try reader.uleb("file modification time")
                _ = try reader.uleb("file length")
                filePaths[number] = LineProgram.join(directory < directories.count ? directories[directory] : "", name)
                number += 1
            }
        }

        /// DWARF 5: self-describing directory and file tables; entry 0 is the compilation directory / primary
        /// source file.
        private mutating func readEntryTables(
            _ reader: inout DWARFReader, strings: ArraySlice<UInt8>, lineStrings: ArraySlice<UInt8>
        ) throws(ImageFormatError) {
            let directories = try LineProgram.readEntries(
                &reader, "directory", strings: strings, lineStrings: lineStrings
            ).map { $0.path }
            let files = try LineProgram.readEntries(&reader, "file name", strings: strings, lineStrings: lineStrings)
            for (number, file) in files.enumerated() {
                var directory = file.directory < directories.count ? directories[file.directory] : ""
                if !directory.hasPrefix("/"), let base = directories.first {
                    directory = LineProgram.join(base, directory)
                }
                filePaths[number] = LineProgram.join(directory, file.path)
            }
        }

        private static func readEntries(
            _ reader: inout DWARFReader, _ what: String, strings: ArraySlice<UInt8>, lineStrings: ArraySlice<UInt8>
        ) throws(ImageFormatError) -> [(path: String, directory: Int)] {
            let formatCount = Int(try reader.u8("\(what) entry format count"))
            var format: [(content: UInt64, form: UInt64)] = []
            for _ in 0..<formatCount {
                format.append((try reader.uleb("\(what) content type"), try reader.uleb("\(what) form")))
            }
            let count = try reader.uleb("\(what)s count")
            guard count < 1_000_000 else { throw reader.error("\(what)s count", "\(count) is not plausible") }
            var entries: [(path: String, directory: Int)] = []
            for _ in 0..<count {
                var entry = (path: "", directory: 0)
                for (content, form) in format {
                    let value = try readForm(&reader, form, what, strings: strings, lineStrings: lineStrings)
                    switch (content, value) {
                    case (1, .string(let path)): entry.path = path  // DW_LNCT_path
                    case (2, .number(let index)): entry.directory = Int(clamping: index)  // DW_LNCT_directory_index
                    default: break
                    }
                }
                entries.append(entry)
            }
            return entries
        }

        enum FormValue {
            case string(String), number(UInt64), other
        }

        /// The attribute forms DWARF 5 line tables use.
        private static func readForm(
            _ reader: inout DWARFReader, _ form: UInt64, _ what: String, strings: ArraySlice<UInt8>,
            lineStrings: ArraySlice<UInt8>
        ) throws(ImageFormatError) -> FormValue {
            switch form {
            case 0x08: return .string(try reader.cString("\(what) string"))  // DW_FORM_string
            case 0x0E, 0x1F:  // DW_FORM_strp, DW_FORM_line_strp
                let offset = UInt64(try reader.u32("\(what) string offset"))
                guard let text = DWARFReader.string(in: form == 0x0E ? strings : lineStrings, at: offset) else {
                    throw reader.error("\(what) string offset", "0x\(String(offset, radix: 16)) is outside its section")
                }
                return .string(text)
            case 0x0B: return .number(try reader.unsigned(size: 1, what))  // DW_FORM_data1
            case 0x05: return .number(try reader.unsigned(size: 2, what))  // DW_FORM_data2
            case 0x06: return .number(try reader.unsigned(size: 4, what))  // DW_FORM_data4
            case 0x07: return .number(try reader.unsigned(size: 8, what))  // DW_FORM_data8
            case 0x0F: return .number(try reader.uleb(what))  // DW_FORM_udata
            case 0x1E: try reader.skip(16, what)  // DW_FORM_data16 (MD5)
            case 0x09: try reader.skip(Int(clamping: try reader.uleb(what)), what)  // DW_FORM_block
            default:
                throw reader.error("\(what) form", "form 0x\(String(form, radix: 16)) is not one a line table uses")
            }
            return .other
        }

        static func join(_ directory: String, _ name: String) -> String {
            if name.hasPrefix("/") || directory.isEmpty { return name }
            return directory.hasSuffix("/") ? directory + name : directory + "/" + name
        }

        /// Runs the line-number program, handing each row and sequence end to `builder`.
        mutating func run(_ reader: inout DWARFReader, into builder: inout Builder) throws(ImageFormatError) {
            reader.position = reader.bytes.startIndex + programStart
            var fileIDs: [Int: Int32] = [:]
            func fileID(_ number: Int, _ builder: inout Builder) -> Int32 {
                if let id = fileIDs[number] { return id }
                let id = builder.intern(filePaths[number] ?? "<file \(number)>")
                fileIDs[number] = id
                return id
            }
            var address: UInt32 = 0
            var file = 1
            var line: Int32 = 1
            var isStatement = defaultIsStatement
            func reset() {
                address = 0
                file = 1
                line = 1
                isStatement = defaultIsStatement
            }
            while reader.offset < end {
                let opcode = try reader.u8("opcode")
                if opcode >= opcodeBase {
                    let adjusted = opcode - opcodeBase
                    address &+= UInt32(adjusted / lineRange) &* minimumInstructionLength
                    line &+= lineBase + Int32(adjusted % lineRange)
                    builder.row(address: address, file: fileID(file, &builder), line: line, isStatement: isStatement)
                    continue
                }
                switch opcode {
                case 0:
                    let length = Int(clamping: try reader.uleb("extended opcode length"))
                    guard length > 0 else { continue }
                    guard length <= end - reader.offset else {
                        throw reader.error("extended opcode length", "\(length) runs past the unit")
                    }
                    let next = reader.offset + length
                    switch try reader.u8("extended opcode") {
                    case 1:  // DW_LNE_end_sequence
                        builder.endSequence(at: address)
                        reset()
                    case 2:  // DW_LNE_set_address
                        address = UInt32(truncatingIfNeeded: try reader.unsigned(size: min(length - 1, 8), "address"))
                    default: break  // define_file, set_discriminator, vendor extensions
                    }
                    reader.position = reader.bytes.startIndex + next
                case 1:
                    builder.row(address: address, file: fileID(file, &builder), line: line, isStatement: isStatement)
                case 2:
                    address &+= UInt32(truncatingIfNeeded: try reader.uleb("advance_pc")) &* minimumInstructionLength
                case 3: line &+= Int32(truncatingIfNeeded: try reader.sleb("advance_line"))
                case 4: file = Int(clamping: try reader.uleb("set_file"))
                case 5: _ = try reader.uleb("set_column")
                case 6: isStatement.toggle()
                case 8: address &+= UInt32((255 - opcodeBase) / lineRange) &* minimumInstructionLength
                case 9: address &+= UInt32(try reader.u16("fixed_advance_pc"))
                case 7, 10, 11: break  // basic_block, prologue_end, epilogue_begin
                default:  // set_isa and opcodes newer than this reader: skip their ULEB operands
                    for _ in 0..<standardOpcodeLengths[Int(opcode) - 1] { _ = try reader.uleb("operand") }
                }
            }
            reader.position = reader.bytes.startIndex + end
        }
    }
}
