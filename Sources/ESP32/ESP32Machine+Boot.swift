// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// Starting firmware without Espressif's ROM: what the ROM and the 2nd-stage bootloader would do, done by the
/// emulator — load RAM segments, program both CPUs' flash MMUs for the flash segments, enable the caches and
/// jump to the entry. Every problem with an image is an `ImageFormatError` naming the file offset and field.
extension ESP32Machine {
    /// Where an app image given on its own is flashed (the app partition of ESP-IDF's default table).
    public static let appFlashOffset = 0x1_0000

    /// Boots `image`: an ELF directly, an app image from flash at 0x10000 (it is written there first, as
    /// `esptool write_flash` would), a flash image through its partition table (factory app, or the OTA slot
    /// the OTA data selects).
    public func boot(_ image: FirmwareImage) throws(ImageFormatError) {
        if let rom = options.rom {
            try bootThroughROM(rom, flashImage: image)
            return
        }
        switch image {
        case .elf(let elf):
            try boot(elf: elf)
        case .appImage(let bytes):
            let app = try ESPAppImage(bytes: bytes)
            guard ESP32Machine.appFlashOffset + bytes.count <= flash.size else {
                throw ImageFormatError(
                    offset: 0, field: "file size",
                    problem: "\(bytes.count) bytes do not fit in the flash from 0x10000")
            }
            flash.store(bytes, at: ESP32Machine.appFlashOffset)
            try start(app, flashOffset: ESP32Machine.appFlashOffset, fileOffset: 0)
        case .flashImage(let bytes):
            guard bytes.count == flash.size else {
                throw ImageFormatError(
                    offset: 0, field: "file size",
                    problem: "\(bytes.count) bytes, but the flash chip has \(flash.size)")
            }
            flash.store(bytes, at: 0)
            try bootFromFlash()
        }
        self.image = image
    }

    /// Loads an ELF's segments where they belong and points the PRO CPU at its entry. Segments for the flash
    /// windows are written to flash from 0x10000 on (each 64 KB virtual page to its own flash page) and mapped
    /// there, as flashing and booting the app would place them.
    public func boot(elf: ELFFile) throws(ImageFormatError) {
        guard elf.machine == ELFFile.machineXtensa else {
            throw ImageFormatError(
                offset: 18, field: "e_machine",
                problem: "\(elf.machine) is not Xtensa (94): this is not ESP32 firmware")
        }
        var flashPages: [Int: Int] = [:]  // virtual 64 KB page → flash 64 KB page
        for (index, segment) in elf.segments.enumerated() where segment.isLoadable {
            let field = "program header \(index) p_vaddr"
            let headerOffset = 52 + index * 32 + 8
            guard let region = ESP32AddressRegion.containing(segment.virtualAddress, length: segment.memorySize) else {
                throw ImageFormatError(
                    offset: headerOffset, field: field,
                    problem: "\(range(segment.virtualAddress, segment.memorySize)) is not in ESP32 "
                        + "memory (DRAM, IRAM, RTC memory or the flash windows)")
            }
            let bytes = elf.contents(of: segment)
            if region.isFlashMapped {
                try placeInFlash(
                    bytes, at: segment.virtualAddress, pages: &flashPages, headerOffset: headerOffset,
                    field: field)
            } else {
                pro.addressSpace.load(bytes, at: segment.virtualAddress)
            }
        }
        symbols = elf
        image = .elf(elf)
        pro.core.reset(resetVector: elf.entry)
    }

    private func placeInFlash(
        _ bytes: [UInt8], at address: UInt32, pages: inout [Int: Int], headerOffset: Int,
        field: String
    ) throws(ImageFormatError) {
        let pageSize = FlashCache.entryPageSize
        var offset = 0
        while offset < bytes.count {
            let virtual = Int(address) + offset
            let virtualPage = virtual / pageSize
            let flashPage = pages[virtualPage] ?? (ESP32Machine.appFlashOffset / pageSize + pages.count)
            guard (flashPage + 1) * pageSize <= flash.size else {
                throw ImageFormatError(
                    offset: headerOffset, field: field,
                    problem: "the flash segments need more than the \(flash.size >> 20) MB flash")
            }
            if pages[virtualPage] == nil {
                pages[virtualPage] = flashPage
                for cpu in cpus {
                    cpu.cache.map(
                        virtualAddress: UInt32(virtualPage * pageSize), flashOffset: flashPage * pageSize,
                        length: pageSize)
                }
            }
            let run = min(bytes.count - offset, pageSize - virtual % pageSize)
            flash.store(bytes[offset..<offset + run], at: flashPage * pageSize + virtual % pageSize)
            offset += run
        }
    }

    /// Boots the app the partition table (and the OTA data, if any) selects, from the flash contents.
    func bootFromFlash() throws(ImageFormatError) {
        let bytes = flash.contents
        let table = try PartitionTable(bytes: bytes)
        let partition = try selectApp(table, bytes)
        let app = try ESPAppImage(bytes: bytes, at: Int(partition.offset))
        guard app.length <= partition.size else {
            throw ImageFormatError(
                offset: Int(partition.offset), field: "partition \(partition.label)",
                problem: "the app image (\(app.length) bytes) is larger than its partition "
                    + "(\(partition.size) bytes)")
        }
        try start(app, flashOffset: Int(partition.offset), fileOffset: Int(partition.offset))
    }

    /// The 2nd-stage bootloader's choice: the OTA slot the newest valid OTA record names, else the factory app,
    /// else OTA slot 0.
    private func selectApp(_ table: PartitionTable, _ bytes: [UInt8]) throws(ImageFormatError) -> PartitionTable.Entry {
        let otaSlots = table.entries.filter {
            $0.isApp && (PartitionTable.Entry.subtypeOTA0..<PartitionTable.Entry.subtypeOTA0 + 16).contains($0.subtype)
        }
        if let otaData = table.entries.first(where: { $0.type == PartitionTable.Entry.typeData && $0.subtype == 0 }),
            let slot = OTAData(bytes: bytes, at: Int(otaData.offset)).selectedSlot(slotCount: otaSlots.count)
        {
            return otaSlots[slot]
        }
        guard let app = table.bootApp else {
            throw ImageFormatError(
                offset: PartitionTable.flashOffset, field: "partition table",
                problem: "no factory or OTA app partition to boot")
        }
        return app
    }

    /// Loads an app image's RAM segments, maps its flash segments and starts the PRO CPU at its entry.
    /// `flashOffset` is where the image lies in flash; errors name offsets from `fileOffset` (0 for a .bin
    /// file, the partition offset for a flash image).
    private func start(_ app: ESPAppImage, flashOffset: Int, fileOffset: Int) throws(ImageFormatError) {
        guard app.chipID == ESPAppImage.chipIDESP32 else {
            throw ImageFormatError(
                offset: fileOffset + 12, field: "extended header chip id",
                problem: "0x\(String(app.chipID, radix: 16)) is not the ESP32 (0x0)")
        }
        var placed: [(range: Range<UInt64>, index: Int)] = []
        for (index, segment) in app.segments.enumerated() {
            let headerOffset = fileOffset + segment.dataOffset - 8
            let field = "segment \(index) load address"
            let address = segment.loadAddress, length = segment.data.count
            if address == 0 { continue }  // esptool's padding, which keeps flash segments 64 KB-congruent
            guard let region = ESP32AddressRegion.containing(address, length: length) else {
                throw ImageFormatError(
                    offset: headerOffset, field: field,
                    problem: "\(range(address, length)) is not in ESP32 memory")
            }
            let span = UInt64(address)..<UInt64(address) + UInt64(length)
            if let other = placed.first(where: { $0.range.overlaps(span) }) {
                throw ImageFormatError(
                    offset: headerOffset, field: field,
                    problem: "\(range(address, length)) overlaps segment \(other.index)")
            }
            placed.append((span, index))
            if region.isFlashMapped {
                let dataOffset = flashOffset + segment.dataOffset
                guard (Int(address) - dataOffset) % FlashCache.entryPageSize == 0 else {
                    throw ImageFormatError(
                        offset: headerOffset, field: field,
                        problem: "mapped at 0x\(String(address, radix: 16)) but stored at flash offset "
                            + "0x\(String(dataOffset, radix: 16)): both must sit at the same offset in a 64 KB page")
                }
                for cpu in cpus { cpu.cache.map(virtualAddress: address, flashOffset: dataOffset, length: length) }
            } else {
                pro.addressSpace.load(segment.data, at: address)
            }
        }
        guard let entryRegion = ESP32AddressRegion.containing(app.entry),
            ["IRAM", "IROM", "RTC_FAST (instruction)"].contains(entryRegion.name)
        else {
            throw ImageFormatError(
                offset: fileOffset + 4, field: "image header entry address",
                problem: "0x\(String(app.entry, radix: 16)) is not in executable memory")
        }
        pro.core.reset(resetVector: app.entry)
    }

    /// The real way: the flash holds a complete image (2nd-stage bootloader at 0x1000), the ROM runs from the
    /// reset vector and does the rest. The ROM is Espressif's and not part of this project; any ROM image
    /// with code at 0x40000400 boots.
    private func bootThroughROM(_ rom: [UInt8], flashImage: FirmwareImage) throws(ImageFormatError) {
        guard case .flashImage(let bytes) = flashImage else {
            throw ImageFormatError(
                offset: 0, field: "image",
                problem: "booting through a ROM needs a whole flash image (with its bootloader)")
        }
        guard bytes.count == flash.size else {
            throw ImageFormatError(
                offset: 0, field: "file size", problem: "\(bytes.count) bytes, but the flash has \(flash.size)")
        }
        flash.store(bytes, at: 0)
        if rom.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
            let elf = try ELFFile(bytes: rom)
            for (index, segment) in elf.segments.enumerated() where segment.isLoadable {
                guard pro.addressSpace.load(elf.contents(of: segment), at: segment.virtualAddress) else {
                    throw ImageFormatError(
                        offset: 52 + index * 32 + 8, field: "ROM program header \(index) p_vaddr",
                        problem: "\(range(segment.virtualAddress, segment.memorySize)) is not memory")
                }
            }
        } else {
            guard rom.count <= 0x6_0000 else {
                throw ImageFormatError(
                    offset: 0, field: "ROM size",
                    problem: "\(rom.count) bytes do not fit the 384 KB ROM at 0x40000000")
            }
            pro.addressSpace.load(rom, at: 0x4000_0000)
        }
        image = flashImage
        startsAppCPUInROM = true
        pro.core.reset(resetVector: ESP32Machine.resetVector)
    }

    /// After a reset the firmware starts again from where it came from: the ELF, or what is in flash now
    /// (so an OTA update written before the reset boots). A failure is reported on UART0, as the bootloader
    /// would, and leaves the CPU halted.
    func rebootAfterReset() {
        do throws(ImageFormatError) {
            switch image {
            case .elf(let elf): try boot(elf: elf)
            case .appImage:
                try start(
                    try ESPAppImage(bytes: flash.contents, at: ESP32Machine.appFlashOffset),
                    flashOffset: ESP32Machine.appFlashOffset, fileOffset: ESP32Machine.appFlashOffset)
            case .flashImage where options.rom != nil: pro.core.reset(resetVector: ESP32Machine.resetVector)
            case .flashImage: try bootFromFlash()
            case nil: pro.core.halt()
            }
        } catch {
            for byte in "\nesp32emu: cannot boot after the reset: \(error)\n".utf8 { uarts[0].output(byte) }
            pro.core.halt()
        }
    }

    private func range(_ address: UInt32, _ length: Int) -> String {
        "0x\(String(address, radix: 16)) + \(length) bytes"
    }
}
