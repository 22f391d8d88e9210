// SPDX-License-Identifier: MIT

/// A 32-bit little-endian ELF executable: what the emulator loads and what the debugger symbolises.
/// Parsing validates every offset and size against the file, so any input yields either a usable value or an
/// `ImageFormatError` naming the field.
public struct ELFFile: Sendable {
    /// `e_machine` of Xtensa.
    public static let machineXtensa: UInt16 = 94

    public struct Segment: Sendable, Equatable {
        public static let typeLoad: UInt32 = 1
        public let type: UInt32
        public let fileOffset: Int
        public let virtualAddress: UInt32
        public let physicalAddress: UInt32
        public let fileSize: Int
        public let memorySize: Int
        public let flags: UInt32

        public var isLoadable: Bool { type == Segment.typeLoad && memorySize > 0 }
    }

    public struct Section: Sendable, Equatable {
        public static let flagAlloc: UInt32 = 0x2
        public static let typeNoBits: UInt32 = 8
        public let name: String
        public let type: UInt32
        public let flags: UInt32
        public let address: UInt32
        public let fileOffset: Int
        public let size: Int
        /// `sh_link`: for a symbol table, the index of its string table.
        public let link: Int

        public var isAllocated: Bool { flags & Section.flagAlloc != 0 }
    }

    public let reader: ByteReader
    public let machine: UInt16
    public let entry: UInt32
    public let segments: [Segment]
    public let sections: [Section]
    public let symbols: [ELFSymbol]

    public init(bytes: [UInt8]) throws(ImageFormatError) {
        let r = ByteReader(bytes)
        guard try r.slice(at: 0, count: 4, "e_ident[EI_MAG]").elementsEqual([0x7F, 0x45, 0x4C, 0x46]) else {
            throw ImageFormatError(offset: 0, field: "e_ident[EI_MAG]", problem: "not an ELF file (no \\x7FELF magic)")
        }
        guard try r.u8(at: 4, "e_ident[EI_CLASS]") == 1 else {
            throw ImageFormatError(offset: 4, field: "e_ident[EI_CLASS]", problem: "only 32-bit ELF is supported")
        }
        guard try r.u8(at: 5, "e_ident[EI_DATA]") == 1 else {
            throw ImageFormatError(offset: 5, field: "e_ident[EI_DATA]", problem: "only little-endian ELF is supported")
        }
        reader = r
        machine = try r.u16(at: 18, "e_machine")
        entry = try r.u32(at: 24, "e_entry")
        segments = try ELFFile.parseSegments(r)
        let rawSections = try ELFFile.parseSections(r)
        sections = rawSections
        symbols = try ELFSymbol.parseTable(r, sections: rawSections)
    }

    private static func parseSegments(_ r: ByteReader) throws(ImageFormatError) -> [Segment] {
        let tableOffset = Int(try r.u32(at: 28, "e_phoff"))
        let entrySize = Int(try r.u16(at: 42, "e_phentsize"))
        let count = Int(try r.u16(at: 44, "e_phnum"))
        guard count == 0 || entrySize >= 32 else {
            throw ImageFormatError(offset: 42, field: "e_phentsize", problem: "\(entrySize) is smaller than 32")
        }
        var result: [Segment] = []
        for index in 0..<count {
            let base = tableOffset + index * entrySize
            let name = "program header \(index)"
            let segment = Segment(
                type: try r.u32(at: base, "\(name) p_type"),
                fileOffset: Int(try r.u32(at: base + 4, "\(name) p_offset")),
                virtualAddress: try r.u32(at: base + 8, "\(name) p_vaddr"),
                physicalAddress: try r.u32(at: base + 12, "\(name) p_paddr"),
                fileSize: Int(try r.u32(at: base + 16, "\(name) p_filesz")),
                memorySize: Int(try r.u32(at: base + 20, "\(name) p_memsz")),
                flags: try r.u32(at: base + 24, "\(name) p_flags"))
            if segment.type == Segment.typeLoad {
                try r.require(segment.fileOffset, segment.fileSize, "\(name) data")
                guard segment.fileSize <= segment.memorySize else {
                    throw ImageFormatError(offset: base + 16, field: "\(name) p_filesz",
                                           problem: "file size exceeds memory size")
                }
                guard UInt64(segment.virtualAddress) + UInt64(segment.memorySize) <= 1 << 32 else {
                    throw ImageFormatError(offset: base + 20, field: "\(name) p_memsz",
                                           problem: "segment wraps past the end of the address space")
                }
            }
            result.append(segment)
        }
        return result
    }

    private static func parseSections(_ r: ByteReader) throws(ImageFormatError) -> [Section] {
        let tableOffset = Int(try r.u32(at: 32, "e_shoff"))
        let entrySize = Int(try r.u16(at: 46, "e_shentsize"))
        let count = Int(try r.u16(at: 48, "e_shnum"))
        let namesIndex = Int(try r.u16(at: 50, "e_shstrndx"))
        guard count > 0 else { return [] }
        guard entrySize >= 40 else {
            throw ImageFormatError(offset: 46, field: "e_shentsize", problem: "\(entrySize) is smaller than 40")
        }
        guard namesIndex < count else {
            throw ImageFormatError(offset: 50, field: "e_shstrndx", problem: "\(namesIndex) is not a section index")
        }
        let namesHeader = tableOffset + namesIndex * entrySize
        let namesOffset = Int(try r.u32(at: namesHeader + 16, "section \(namesIndex) sh_offset"))
        let namesSize = Int(try r.u32(at: namesHeader + 20, "section \(namesIndex) sh_size"))
        try r.require(namesOffset, namesSize, "section name table")
        var result: [Section] = []
        for index in 0..<count {
            let base = tableOffset + index * entrySize
            let label = "section \(index)"
            let nameOffset = Int(try r.u32(at: base, "\(label) sh_name"))
            guard nameOffset < max(namesSize, 1) else {
                throw ImageFormatError(offset: base, field: "\(label) sh_name", problem: "outside the name table")
            }
            let type = try r.u32(at: base + 4, "\(label) sh_type")
            let section = Section(
                name: namesSize == 0 ? "" : try r.cString(at: namesOffset + nameOffset, "\(label) name"),
                type: type,
                flags: try r.u32(at: base + 8, "\(label) sh_flags"),
                address: try r.u32(at: base + 12, "\(label) sh_addr"),
                fileOffset: Int(try r.u32(at: base + 16, "\(label) sh_offset")),
                size: Int(try r.u32(at: base + 20, "\(label) sh_size")),
                link: Int(try r.u32(at: base + 24, "\(label) sh_link")))
            if type != Section.typeNoBits && type != 0 {
                try r.require(section.fileOffset, section.size, "\(label) (\(section.name)) data")
            }
            result.append(section)
        }
        return result
    }

    /// The bytes a loadable segment puts in memory: its file data followed by zeros up to its memory size.
    public func contents(of segment: Segment) -> [UInt8] {
        Array(reader.bytes[segment.fileOffset..<segment.fileOffset + segment.fileSize])
            + [UInt8](repeating: 0, count: segment.memorySize - segment.fileSize)
    }

    public func section(named name: String) -> Section? {
        sections.first { $0.name == name }
    }

    public func contents(of section: Section) -> ArraySlice<UInt8> {
        section.type == Section.typeNoBits ? [] : reader.bytes[section.fileOffset..<section.fileOffset + section.size]
    }
}
