// SPDX-License-Identifier: MIT

/// One entry of an ELF symbol table.
public struct ELFSymbol: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case none = 0, object = 1, function = 2, section = 3, file = 4
        case other = 255
    }

    public let name: String
    public let value: UInt32
    public let size: UInt32
    public let kind: Kind
    public let isGlobal: Bool
    public let isWeak: Bool
    /// Index of the section the symbol is defined in; 0 (`SHN_UNDEF`) for undefined symbols.
    public let sectionIndex: UInt16

    public var isUndefined: Bool { sectionIndex == 0 && !name.isEmpty }

    static func parseTable(_ r: ByteReader, sections: [ELFFile.Section]) throws(ImageFormatError) -> [ELFSymbol] {
        let symbolTableType: UInt32 = 2
        guard let table = sections.firstIndex(where: { $0.type == symbolTableType }) else { return [] }
        let stringTableType: UInt32 = 3
        let strtab = sections[table].link
        guard strtab < sections.count, sections[strtab].type == stringTableType else {
            throw ImageFormatError(offset: sections[table].fileOffset, field: "\(sections[table].name) sh_link",
                                   problem: "does not name a string table")
        }
        let names = sections[strtab]
        let base = sections[table].fileOffset
        var result: [ELFSymbol] = []
        for index in 0..<(sections[table].size / 16) {
            let entry = base + index * 16
            let label = "symbol \(index)"
            let nameOffset = Int(try r.u32(at: entry, "\(label) st_name"))
            guard nameOffset < max(names.size, 1) else {
                throw ImageFormatError(offset: entry, field: "\(label) st_name", problem: "outside .strtab")
            }
            let info = try r.u8(at: entry + 12, "\(label) st_info")
            result.append(ELFSymbol(
                name: try r.cString(at: names.fileOffset + nameOffset, "\(label) name"),
                value: try r.u32(at: entry + 4, "\(label) st_value"),
                size: try r.u32(at: entry + 8, "\(label) st_size"),
                kind: Kind(rawValue: info & 0xF) ?? .other,
                isGlobal: info >> 4 == 1,
                isWeak: info >> 4 == 2,
                sectionIndex: try r.u16(at: entry + 14, "\(label) st_shndx")))
        }
        return result
    }
}

extension ELFFile {
    /// Symbols referenced but not defined (a correctly linked firmware has none).
    public var undefinedSymbols: [ELFSymbol] { symbols.filter(\.isUndefined) }

    public func symbol(named name: String) -> ELFSymbol? {
        symbols.first { $0.name == name && !$0.isUndefined }
    }

    /// The function containing `address`, for backtraces and disassembly labels.
    public func function(containing address: UInt32) -> ELFSymbol? {
        symbols.lazy
            .filter { $0.kind == .function && $0.value <= address && address - $0.value < max($0.size, 1) }
            .first
    }
}
