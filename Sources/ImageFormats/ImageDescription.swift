// SPDX-License-Identifier: MIT

/// Human-readable summaries of images, for `esp32emu inspect` and for error reports.
public enum ImageDescription {
    /// Describes an ELF file, an esptool app image, or a flash image with a partition table at 0x8000.
    public static func describe(bytes: [UInt8], name: String) throws(ImageFormatError) -> String {
        if bytes.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
            return describe(elf: try ELFFile(bytes: bytes), name: name)
        }
        if bytes.first == ESPAppImage.magic {
            return describe(app: try ESPAppImage(bytes: bytes), name: name)
        }
        let table = try PartitionTable(bytes: bytes)
        var lines = ["\(name): flash image, \(bytes.count / 1024) KB", "Partitions:"]
        for entry in table.entries {
            lines.append("  \(pad(entry.label, 12)) type \(entry.type) subtype 0x\(hex(entry.subtype, 2))  "
                         + "0x\(hex(entry.offset, 6)) \(entry.size / 1024) KB")
        }
        if let app = table.bootApp {
            lines.append("Boot app (\(app.label) at 0x\(hex(app.offset, 6))):")
            lines.append(describe(app: try ESPAppImage(bytes: bytes, at: Int(app.offset)), name: app.label))
        }
        return lines.joined(separator: "\n")
    }

    public static func describe(elf: ELFFile, name: String) -> String {
        let machine = elf.machine == ELFFile.machineXtensa ? "Xtensa" : "machine \(elf.machine)"
        let entrySymbol = elf.symbols.first { $0.value == elf.entry && $0.kind == .function }.map { " (\($0.name))" }
        var lines = ["\(name): ELF for \(machine), entry 0x\(hex(elf.entry, 8))\(entrySymbol ?? "")", "Sections:"]
        for section in elf.sections where section.isAllocated {
            lines.append("  \(pad(section.name, 16)) 0x\(hex(section.address, 8)) \(pad(String(section.size), 8)) "
                         + "bytes  \(regionName(section.address))")
        }
        lines.append("Load segments:")
        for segment in elf.segments where segment.isLoadable {
            lines.append("  0x\(hex(segment.virtualAddress, 8)) file \(pad(String(segment.fileSize), 8)) "
                         + "memory \(pad(String(segment.memorySize), 8)) \(regionName(segment.virtualAddress))")
        }
        let hasLines = elf.section(named: ".debug_line") != nil
        lines.append("Debug line table: \(hasLines ? "present" : "absent")")
        return lines.joined(separator: "\n")
    }

    public static func describe(app: ESPAppImage, name: String) -> String {
        let chip = app.chipID == ESPAppImage.chipIDESP32 ? "ESP32" : "chip id \(app.chipID)"
        var lines = ["\(name): esptool app image for \(chip), entry 0x\(hex(app.entry, 8)), "
                     + "\(app.segments.count) segments, checksum ok"
                     + (app.hasAppendedDigest ? ", SHA-256 ok" : "")]
        for (index, segment) in app.segments.enumerated() {
            lines.append("  segment \(index): 0x\(hex(segment.loadAddress, 8)) \(pad(String(segment.data.count), 8)) "
                         + "bytes  \(regionName(segment.loadAddress))")
        }
        return lines.joined(separator: "\n")
    }

    static func regionName(_ address: UInt32) -> String {
        ESP32AddressRegion.containing(address)?.name ?? "-"
    }

    static func hex<T: BinaryInteger>(_ value: T, _ digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
