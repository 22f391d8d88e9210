// SPDX-License-Identifier: MIT
import Foundation
import ImageFormats
import TestSupport
import Testing

/// The firmware build (Firmware/Makefile): layout of what it produces, and that it fails loudly and usefully.
@Suite struct FirmwareBuildTests {
    func load(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }

    @Test func helloELFIsLaidOutForTheESP32() throws {
        let elf = try ELFFile(bytes: load(FirmwareBuild.elf("hello")))
        #expect(elf.machine == ELFFile.machineXtensa)
        #expect(elf.entry == elf.symbol(named: "_start")?.value)
        #expect(ESP32AddressRegion.containing(elf.entry)?.name == "IRAM")
        #expect(elf.section(named: ".vectors")?.address == 0x4008_0000)
        #expect(elf.section(named: ".flash.text")?.address == 0x400D_0020)
        #expect(elf.section(named: ".flash.rodata")?.address == 0x3F40_0020)
        let data = try #require(elf.section(named: ".dram.data"))
        #expect(ESP32AddressRegion.containing(data.address, length: data.size)?.name == "DRAM")
        for segment in elf.segments where segment.isLoadable {
            #expect(
                ESP32AddressRegion.containing(segment.virtualAddress, length: segment.memorySize) != nil,
                "segment at 0x\(String(segment.virtualAddress, radix: 16)) lies outside ESP32 memory")
        }
        let lineTable = try #require(elf.section(named: ".debug_line"))
        #expect(lineTable.size > 0)
        #expect(elf.undefinedSymbols.isEmpty)
        #expect(elf.symbol(named: "app_main") != nil)
    }

    @Test func llvmDisassemblesWindowedCallsInHello() throws {
        let result = try ProcessRunner.run(
            Repository.llvmBin.appendingPathComponent("llvm-objdump").path,
            ["-d", "--mcpu=esp32", try FirmwareBuild.elf("hello").path])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("entry\ta1"))
        #expect(result.standardOutput.contains("retw"))
    }

    @Test func helloAppImageVerifiesAndMatchesTheELF() throws {
        let directory = try FirmwareBuild.app("hello")
        let elf = try ELFFile(bytes: load(directory.appendingPathComponent("hello.elf")))
        let bytes = try load(directory.appendingPathComponent("hello.bin"))
        #expect(bytes[0] == 0xE9)
        let image = try ESPAppImage(bytes: bytes)
        #expect(image.entry == elf.entry)
        #expect(image.chipID == ESPAppImage.chipIDESP32)
        #expect(image.hasAppendedDigest)
        #expect(image.length == bytes.count)
        #expect(Int(bytes[1]) == image.segments.count)
        // Every loadable ELF segment appears with its address (esptool may add padding segments too).
        let addresses = Set(image.segments.map(\.loadAddress))
        for segment in elf.segments where segment.isLoadable && segment.fileSize > 0 {
            #expect(addresses.contains(segment.virtualAddress))
        }
        // esptool's rule for flash-mapped segments: address and image offset congruent modulo the 64 KB page.
        for segment in image.segments where ESP32AddressRegion.containing(segment.loadAddress)?.isFlashMapped == true {
            #expect((Int(segment.loadAddress) - (0x10000 + segment.dataOffset)) % 0x10000 == 0)
        }
    }

    @Test func helloMergedFlashImageHasTheDocumentedLayout() throws {
        let directory = try FirmwareBuild.app("hello")
        let flash = try load(directory.appendingPathComponent("hello-flash.bin"))
        let app = try load(directory.appendingPathComponent("hello.bin"))
        #expect(flash.count == 4 * 1024 * 1024)
        // The bootloader slot stays erased: the emulator does the ROM's and bootloader's work itself.
        #expect(flash[0x1000..<0x8000].allSatisfy { $0 == 0xFF })
        let table = try PartitionTable(bytes: flash)
        let boot = try #require(table.bootApp)
        #expect(boot.label == "factory" && boot.offset == 0x10000)
        #expect(Array(flash[0x10000..<0x10000 + app.count]) == app)
        #expect(try ESPAppImage(bytes: flash, at: Int(boot.offset)).length == app.count)
    }

    @Test func anEmptyToolDirectoryNamesTheMissingToolAndTheFix() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("no-llvm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try FirmwareBuild.make(["LLVM_BIN=\(empty.path)", "APPS=hello"])
        #expect(result.status != 0)
        #expect(result.combinedOutput.contains("missing tool llc"))
        #expect(result.combinedOutput.contains(empty.path))
        #expect(result.combinedOutput.contains("Tools/setup"))
    }

    @Test func stringComparisonFailsTheLinkNamingTheUnicodeSymbol() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fw-\(UUID().uuidString)")
        let app = scratch.appendingPathComponent("apps/strcmp")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try """
        @c public func app_main() {
            let a = String(cString: UnsafePointer<CChar>(bitPattern: 0x3FFB_0000)!)
            if a == "ws://example" { print("equal") }
        }
        """.write(to: app.appendingPathComponent("Main.swift"), atomically: true, encoding: .utf8)
        let result = try FirmwareBuild.make([
            "APPS_ROOT=\(scratch.appendingPathComponent("apps").path)", "APPS=strcmp",
            "BUILD=\(scratch.appendingPathComponent("build").path)",
        ])
        #expect(result.status != 0)
        #expect(result.combinedOutput.contains("_swift_stdlib_"), "\(result.combinedOutput.suffix(2000))")
    }
}
