// SPDX-License-Identifier: MIT

/// The inlined calls the ELF's DWARF `.debug_info` describes (versions 4 and 5): which function's code was
/// inlined where, the code ranges it occupies, and the source line of the call. A debugger uses it to show
/// inlined functions as frames of their own and to put a breakpoint on the line of an inlined call.
/// Everything else in `.debug_info` (types, variables, locations) is skipped.
public struct InlinedCallTable: Sendable {
    public struct Call: Sendable, Equatable {
        /// The inlined function's name (linkage name for Swift, which `ProgramSymbols` can demangle).
        public let function: String
        /// Half-open code ranges, the first holding the call's entry.
        public let ranges: [Range<UInt32>]
        /// Where the call is (the caller's source line).
        public let callFile: String
        public let callLine: Int
        /// Nesting: 1 for a call inlined into a function, 2 for one inlined into that, …
        public let depth: Int

        public func contains(_ address: UInt32) -> Bool { ranges.contains { $0.contains(address) } }
    }

    public let calls: [Call]

    public init() { calls = [] }

    /// Reads the inlined calls of `elf`. `lines` gives each compilation unit's file names (by the unit's
    /// `DW_AT_stmt_list` offset) for the call files.
    public init(elf: ELFFile, lines: SourceLineTable) throws(ImageFormatError) {
        guard let info = elf.section(named: ".debug_info"), let abbrevs = elf.section(named: ".debug_abbrev") else {
            calls = []
            return
        }
        func contents(_ name: String) -> ArraySlice<UInt8> {
            elf.section(named: name).map { elf.contents(of: $0) } ?? []
        }
        let sections = Sections(
            abbrev: elf.contents(of: abbrevs), abbrevOffset: abbrevs.fileOffset, strings: contents(".debug_str"),
            lineStrings: contents(".debug_line_str"), stringOffsets: contents(".debug_str_offsets"),
            addresses: contents(".debug_addr"), ranges: contents(".debug_ranges"),
            rangeLists: contents(".debug_rnglists"))
        var reader = DWARFReader(elf.contents(of: info), section: ".debug_info", fileOffset: info.fileOffset)
        var found: [PendingCall] = []
        var names: [Int: String] = [:]
        var origins: [Int: Int] = [:]
        while !reader.isAtEnd {
            var unit = try Unit(&reader, sections: sections)
            try unit.read(&reader, sections: sections, lines: lines, calls: &found, names: &names, origins: &origins)
        }
        func name(of offset: Int) -> String {
            var offset = offset
            for _ in 0..<8 {
                if let name = names[offset] { return name }
                guard let next = origins[offset] else { break }
                offset = next
            }
            return "?"
        }
        calls = found.map {
            Call(
                function: name(of: $0.origin), ranges: $0.ranges, callFile: $0.callFile, callLine: $0.callLine,
                depth: $0.depth)
        }
    }

    /// The inlined calls whose code contains `address`, innermost first.
    public func calls(containing address: UInt32) -> [Call] {
        calls.filter { $0.contains(address) }.sorted { $0.depth > $1.depth }
    }

    struct PendingCall {
        let origin: Int
        let ranges: [Range<UInt32>]
        let callFile: String
        let callLine: Int
        let depth: Int
    }

    struct Sections {
        let abbrev: ArraySlice<UInt8>
        let abbrevOffset: Int
        let strings, lineStrings, stringOffsets, addresses, ranges, rangeLists: ArraySlice<UInt8>
    }

    /// An abbreviation: the tag, whether children follow, and each attribute's name and form.
    struct Abbreviation {
        let tag: UInt64
        let hasChildren: Bool
        let attributes: [(name: UInt64, form: UInt64, implicit: Int64)]
    }

    /// An attribute's value, as far as this reader needs it.
    enum Value {
        case number(UInt64), address(UInt64), string(String), reference(Int), stringIndex(UInt64), addressIndex(UInt64)
        case rangeListIndex(UInt64), none
    }

    struct Unit {
        let start: Int
        let end: Int
        let version: UInt16
        let abbreviations: [UInt64: Abbreviation]

        init(_ reader: inout DWARFReader, sections: Sections) throws(ImageFormatError) {
            start = reader.offset
            let length = try reader.u32("unit_length")
            guard length < 0xFFFF_FFF0 else { throw reader.error("unit_length", "64-bit DWARF is not supported") }
            end = reader.offset + Int(length)
            version = try reader.u16("version")
            guard (2...5).contains(version) else {
                throw reader.error("version", "\(version) is not supported (2-5 are)")
            }
            let abbrevOffset: UInt32
            if version >= 5 {
                let type = try reader.u8("unit_type")
                _ = try reader.u8("address_size")
                abbrevOffset = try reader.u32("debug_abbrev_offset")
                if type == 2 || type == 6 { try reader.skip(12, "type signature") }  // type and split units
                if type == 4 || type == 5 { try reader.skip(8, "unit id") }
            } else {
                abbrevOffset = try reader.u32("debug_abbrev_offset")
                _ = try reader.u8("address_size")
            }
            abbreviations = try Unit.readAbbreviations(at: Int(abbrevOffset), sections)
        }

        static func readAbbreviations(
            at offset: Int, _ sections: Sections
        ) throws(ImageFormatError) -> [UInt64: Abbreviation] {
            var reader = DWARFReader(
                sections.abbrev, section: ".debug_abbrev", fileOffset: sections.abbrevOffset, at: 0)
            try reader.skip(offset, "abbreviation table offset")
            var table: [UInt64: Abbreviation] = [:]
            while true {
                let code = try reader.uleb("abbreviation code")
                if code == 0 { return table }
                let tag = try reader.uleb("tag")
                let hasChildren = try reader.u8("children") != 0
                var attributes: [(UInt64, UInt64, Int64)] = []
                while true {
                    let name = try reader.uleb("attribute")
                    let form = try reader.uleb("form")
                    if name == 0 && form == 0 { break }
                    attributes.append((name, form, form == 0x21 ? try reader.sleb("implicit_const") : 0))
                }
                table[code] = Abbreviation(tag: tag, hasChildren: hasChildren, attributes: attributes)
            }
        }

        /// Walks the unit's DIEs, collecting inlined calls and the names their origins lead to.
        mutating func read(
            _ reader: inout DWARFReader, sections: Sections, lines: SourceLineTable, calls: inout [PendingCall],
            names: inout [Int: String], origins: inout [Int: Int]
        ) throws(ImageFormatError) {
            var depth = 0
            var inlineDepth: [Int] = [0]  // the inline nesting at each DIE depth
            var bases = (strings: UInt64(8), addresses: UInt64(8), rangeLists: UInt64(12), lowPC: UInt64(0))
            var files: [Int: String] = [:]
            while reader.offset < end {
                let offset = reader.offset
                let code = try reader.uleb("abbreviation code")
                if code == 0 {
                    depth -= 1
                    inlineDepth.removeLast()
                    if depth <= 0 { break }
                    continue
                }
                guard let abbreviation = abbreviations[code] else {
                    throw reader.error("abbreviation code", "\(code) is not in the unit's abbreviation table")
                }
                var attributes: [UInt64: Value] = [:]
                for attribute in abbreviation.attributes {
                    attributes[attribute.name] = try readValue(
                        &reader, form: attribute.form, implicit: attribute.implicit, sections)
                }
                func number(_ name: UInt64) -> UInt64? {
                    if case .number(let value)? = attributes[name] { value } else { nil }
                }
                if abbreviation.tag == 0x11 {  // DW_TAG_compile_unit: the bases its indexed forms use
                    bases.strings = number(0x72) ?? bases.strings
                    bases.addresses = number(0x73) ?? bases.addresses
                    bases.rangeLists = number(0x74) ?? bases.rangeLists
                    bases.lowPC = address(attributes[0x11], base: bases.addresses, sections) ?? 0
                    if let statementList = number(0x10) { files = lines.unitFiles[Int(statementList)] ?? [:] }
                }
                // DW_AT_linkage_name, else DW_AT_name.
                if let name = string(attributes[0x6E] ?? attributes[0x03], base: bases.strings, sections) {
                    names[offset] = name
                }
                // DW_AT_abstract_origin, else DW_AT_specification: where the name is.
                if case .reference(let target)? = attributes[0x31] ?? attributes[0x47] {
                    origins[offset] = target < 0 ? -target : start + target
                }
                var currentInline = inlineDepth.last ?? 0
                if abbreviation.tag == 0x1D, case .reference(let origin)? = attributes[0x31] {  // inlined_subroutine
                    currentInline += 1
                    let ranges = try codeRanges(attributes, bases: bases, sections)
                    if !ranges.isEmpty {
                        calls.append(
                            PendingCall(
                                origin: origin < 0 ? -origin : start + origin, ranges: ranges,
                                callFile: number(0x58).flatMap { files[Int($0)] } ?? "?",
                                callLine: Int(number(0x59) ?? 0), depth: currentInline))
                    }
                }
                if abbreviation.hasChildren {
                    depth += 1
                    inlineDepth.append(currentInline)
                } else if depth == 0 {
                    break
                }
            }
            reader.position = reader.bytes.startIndex + end
        }

        /// Reads one attribute value of `form`. References within the unit are unit-relative (positive);
        /// DW_FORM_ref_addr ones are section offsets, returned negated.
        func readValue(
            _ reader: inout DWARFReader, form: UInt64, implicit: Int64, _ sections: Sections
        )
            throws(ImageFormatError) -> Value
        {
            switch form {
            case 0x01: return .address(try reader.unsigned(size: 4, "address"))  // addr
            case 0x0B, 0x11:
                return form == 0x11 ? .reference(Int(try reader.u8("ref1"))) : .number(UInt64(try reader.u8("data1")))
            case 0x05: return .number(UInt64(try reader.u16("data2")))
            case 0x12: return .reference(Int(try reader.u16("ref2")))
            case 0x06, 0x17: return .number(UInt64(try reader.u32("data4")))  // data4, sec_offset
            case 0x13: return .reference(Int(try reader.u32("ref4")))
            case 0x10: return .reference(-Int(try reader.u32("ref_addr")))
            case 0x07: return .number(try reader.unsigned(size: 8, "data8"))
            case 0x14, 0x20: try reader.skip(8, "ref8")
            case 0x0F: return .number(try reader.uleb("udata"))
            case 0x15: return .reference(Int(clamping: try reader.uleb("ref_udata")))
            case 0x0D: return .number(UInt64(bitPattern: try reader.sleb("sdata")))
            case 0x21: return .number(UInt64(bitPattern: implicit))
            case 0x08: return .string(try reader.cString("string"))
            case 0x0E, 0x1F:
                let offset = UInt64(try reader.u32("string offset"))
                return DWARFReader.string(in: form == 0x0E ? sections.strings : sections.lineStrings, at: offset)
                    .map(Value.string) ?? .none
            case 0x1A: return .stringIndex(try reader.uleb("strx"))
            case 0x25, 0x26, 0x27, 0x28:
                return .stringIndex(try reader.unsigned(size: Int(form - 0x24), "strx"))
            case 0x1B: return .addressIndex(try reader.uleb("addrx"))
            case 0x29, 0x2A, 0x2B, 0x2C:
                return .addressIndex(try reader.unsigned(size: Int(form - 0x28), "addrx"))
            case 0x23: return .rangeListIndex(try reader.uleb("rnglistx"))
            case 0x22: _ = try reader.uleb("loclistx")
            case 0x0C: try reader.skip(1, "flag")
            case 0x19: return .number(1)  // flag_present
            case 0x0A: try reader.skip(Int(try reader.u8("block1 length")), "block1")
            case 0x03: try reader.skip(Int(try reader.u16("block2 length")), "block2")
            case 0x04: try reader.skip(Int(try reader.u32("block4 length")), "block4")
            case 0x09, 0x18: try reader.skip(Int(clamping: try reader.uleb("block length")), "block")
            case 0x1E: try reader.skip(16, "data16")
            case 0x1C, 0x1D: try reader.skip(4, "sup reference")
            case 0x24: try reader.skip(8, "ref_sup8")
            default: throw reader.error("form", "0x\(String(form, radix: 16)) is not supported")
            }
            return .none
        }

        func string(_ value: Value?, base: UInt64, _ sections: Sections) -> String? {
            switch value {
            case .string(let text)?: return text
            case .stringIndex(let index)?:
                guard let offset = Unit.word(sections.stringOffsets, at: base + index * 4) else { return nil }
                return DWARFReader.string(in: sections.strings, at: UInt64(offset))
            default: return nil
            }
        }

        func address(_ value: Value?, base: UInt64, _ sections: Sections) -> UInt64? {
            switch value {
            case .address(let address)?: return address
            case .addressIndex(let index)?: return Unit.word(sections.addresses, at: base + index * 4).map(UInt64.init)
            default: return nil
            }
        }

        /// low_pc/high_pc (high as an offset when it is a constant) or DW_AT_ranges (.debug_ranges before DWARF 5,
        /// .debug_rnglists from it).
        func codeRanges(
            _ attributes: [UInt64: Value],
            bases: (strings: UInt64, addresses: UInt64, rangeLists: UInt64, lowPC: UInt64),
            _ sections: Sections
        ) throws(ImageFormatError) -> [Range<UInt32>] {
            if let low = address(attributes[0x11], base: bases.addresses, sections), let highValue = attributes[0x12] {
                // A constant high_pc is the length (DWARF 4 on); an address is the end.
                let high: UInt64
                if case .number(let length) = highValue {
                    high = low &+ length
                } else {
                    high = address(highValue, base: bases.addresses, sections) ?? low
                }
                return UInt32(truncatingIfNeeded: low) < UInt32(truncatingIfNeeded: high)
                    ? [UInt32(truncatingIfNeeded: low)..<UInt32(truncatingIfNeeded: high)] : []
            }
            switch attributes[0x55] {
            case .number(let offset)?:
                return version >= 5
                    ? rangeList(at: offset, bases: bases, sections)
                    : legacyRanges(at: offset, base: bases.lowPC, sections)
            case .rangeListIndex(let index)?:
                guard let offset = Unit.word(sections.rangeLists, at: bases.rangeLists + index * 4) else { return [] }
                return rangeList(at: bases.rangeLists + UInt64(offset), bases: bases, sections)
            default:
                return []
            }
        }

        /// DWARF 4 `.debug_ranges`: address pairs, a base-address selection entry, (0, 0) at the end.
        func legacyRanges(at offset: UInt64, base: UInt64, _ sections: Sections) -> [Range<UInt32>] {
            var ranges: [Range<UInt32>] = []
            var base = UInt32(truncatingIfNeeded: base)
            var position = offset
            while ranges.count < 4096, let start = Unit.word(sections.ranges, at: position),
                let end = Unit.word(sections.ranges, at: position + 4)
            {
                position += 8
                if start == 0 && end == 0 { break }
                if start == 0xFFFF_FFFF {
                    base = end
                } else if start < end {
                    ranges.append((base &+ start)..<(base &+ end))
                }
            }
            return ranges
        }

        /// DWARF 5 `.debug_rnglists` entries.
        func rangeList(
            at offset: UInt64, bases: (strings: UInt64, addresses: UInt64, rangeLists: UInt64, lowPC: UInt64),
            _ sections: Sections
        ) -> [Range<UInt32>] {
            guard offset < UInt64(sections.rangeLists.count) else { return [] }
            var reader = DWARFReader(sections.rangeLists, section: ".debug_rnglists", fileOffset: 0, at: Int(offset))
            var ranges: [Range<UInt32>] = []
            var base = UInt32(truncatingIfNeeded: bases.lowPC)
            func indexed(_ index: UInt64) -> UInt32 {
                Unit.word(sections.addresses, at: bases.addresses + index * 4) ?? 0
            }
            func add(_ start: UInt32, _ end: UInt32) { if start < end { ranges.append(start..<end) } }
            do {
                while ranges.count < 4096 {
                    switch try reader.u8("range list entry") {
                    case 0: return ranges
                    case 1: base = indexed(try reader.uleb("base_addressx"))
                    case 2: add(indexed(try reader.uleb("startx")), indexed(try reader.uleb("endx")))
                    case 3:
                        let start = indexed(try reader.uleb("startx"))
                        add(start, start &+ UInt32(truncatingIfNeeded: try reader.uleb("length")))
                    case 4:
                        let start = base &+ UInt32(truncatingIfNeeded: try reader.uleb("offset"))
                        add(start, base &+ UInt32(truncatingIfNeeded: try reader.uleb("offset")))
                    case 5: base = try reader.u32("base_address")
                    case 6: add(try reader.u32("start"), try reader.u32("end"))
                    case 7:
                        let start = try reader.u32("start")
                        add(start, start &+ UInt32(truncatingIfNeeded: try reader.uleb("length")))
                    default: return ranges
                    }
                }
            } catch {
                return ranges
            }
            return ranges
        }

        static func word(_ bytes: ArraySlice<UInt8>, at offset: UInt64) -> UInt32? {
            guard offset + 4 <= UInt64(bytes.count) else { return nil }
            let start = bytes.startIndex + Int(offset)
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << (8 * $1) }
        }
    }
}
