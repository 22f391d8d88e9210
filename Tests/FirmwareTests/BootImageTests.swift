// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import Harness
import ImageFormats
import TestSupport
import Testing

/// Booting without Espressif's ROM: the same firmware from its ELF, its app image and its merged flash image;
/// flash contents and persistence; and a corpus of malformed images, each rejected with the offset and field.
@Suite struct BootImageTests {
    func bytes(_ app: String, _ suffix: String) throws -> [UInt8] {
        try Session.read(FirmwareBuild.app(app).appendingPathComponent("\(app)\(suffix)").path)
    }

    /// Runs `image` until "flash_check: done" and returns the UART0 log.
    func flashCheckLog(_ image: FirmwareImage, flash: [UInt8]? = nil) throws -> String {
        var options = MachineOptions()
        options.flashContents = flash
        let session = try Session(image: image, machine: options)
        let outcome = try session.run(expecting: [.text("flash_check: done\n")], limits: Session.Limits(timeout: 2))
        #expect(outcome == .completed, "\(outcome)\n\(session.log)")
        return session.log
    }

    @Test func theSameFirmwareBootsFromItsELFAppImageAndFlashImage() throws {
        let fromELF = try flashCheckLog(.elf(ELFFile(bytes: bytes("flash_check", ".elf"))))
        let fromApp = try flashCheckLog(.appImage(bytes("flash_check", ".bin")))
        let fromFlash = try flashCheckLog(.flashImage(bytes("flash_check", "-flash.bin")))
        #expect(!fromELF.contains("FAILED"), "\(fromELF)")
        for check in ["rdid", "drom-constants", "erase-program-read", "mmu-window"] {
            #expect(fromELF.contains("flash_check: \(check) ok"), "\(check):\n\(fromELF)")
        }
        #expect(fromELF.contains("id 0xc8 0x40 0x16"))  // GD25Q32, the 4 MB chip
        #expect(fromApp == fromELF)
        #expect(fromFlash == fromELF)
    }

    @Test func theFlashChipFollowsTheImageSize() throws {
        var flash = try bytes("flash_check", "-flash.bin")
        flash += [UInt8](repeating: 0xFF, count: 12 << 20)  // 16 MB: ISSI IS25LP128
        #expect(try flashCheckLog(.flashImage(flash)).contains("id 0x9d 0x60 0x18"))
    }

    @Test func otaDataSelectsTheAppSlot() throws {
        // A table with two OTA slots holding different apps, and OTA data naming slot 1 (sequence 2).
        let hello = try bytes("hello", ".bin"), flashCheck = try bytes("flash_check", ".bin")
        var flash = [UInt8](repeating: 0xFF, count: 4 << 20)
        var table: [UInt8] = []
        func entry(_ label: String, type: UInt8, subtype: UInt8, offset: UInt32, size: UInt32) {
            table += [0xAA, 0x50, type, subtype]
            for value in [offset, size] { table += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
            table += Array(label.utf8) + [UInt8](repeating: 0, count: 16 - label.utf8.count) + [0, 0, 0, 0]
        }
        entry("otadata", type: 1, subtype: 0, offset: 0xD000, size: 0x2000)
        entry("ota_0", type: 0, subtype: 0x10, offset: 0x10000, size: 0x100000)
        entry("ota_1", type: 0, subtype: 0x11, offset: 0x110000, size: 0x100000)
        flash.replaceSubrange(0x8000..<0x8000 + table.count, with: table)
        flash.replaceSubrange(0x10000..<0x10000 + hello.count, with: hello)
        flash.replaceSubrange(0x110000..<0x110000 + flashCheck.count, with: flashCheck)
        #expect(try Session(image: .flashImage(flash)).waitFor(.text("Hello"), timeout: 1) == "Hello")

        let sequence: [UInt8] = [2, 0, 0, 0]
        var record = sequence + [UInt8](repeating: 0xFF, count: 20) + [2, 0, 0, 0]  // state: VALID
        let crc = CRC32.ieee(sequence, seed: 0xFFFF_FFFF)
        record += (0..<4).map { UInt8(truncatingIfNeeded: crc >> (8 * $0)) }
        flash.replaceSubrange(0xD000..<0xD000 + 32, with: record)
        #expect(try flashCheckLog(.flashImage(flash)).contains("flash_check: done"))
    }

    // MARK: - Malformed images

    /// Rewrites an app image's header or segment fields and seals it again (checksum and SHA-256), so that
    /// only the field under test is wrong.
    struct AppImageEdit {
        var bytes: [UInt8]

        /// File offsets of each segment's 8-byte header.
        var segmentHeaders: [Int] {
            var offsets: [Int] = []
            var cursor = 24
            for _ in 0..<Int(bytes[1]) {
                offsets.append(cursor)
                cursor += 8 + Int(word(at: cursor + 4))
            }
            return offsets
        }

        func word(at offset: Int) -> UInt32 {
            (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
        }

        mutating func setWord(_ value: UInt32, at offset: Int) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }

        /// Recomputes the checksum and the appended SHA-256.
        mutating func reseal() {
            var checksum: UInt8 = 0xEF
            let headers = segmentHeaders
            for header in headers {
                for byte in bytes[header + 8..<header + 8 + Int(word(at: header + 4))] { checksum ^= byte }
            }
            let last = headers.last.map { $0 + 8 + Int(word(at: $0 + 4)) } ?? 24
            let checksumOffset = last | 15
            bytes[checksumOffset] = checksum
            bytes.replaceSubrange(
                checksumOffset + 1..<checksumOffset + 33, with: Digest.sha256(bytes[..<(checksumOffset + 1)]))
        }
    }

    func bootError(_ image: [UInt8]) throws -> String {
        do {
            _ = try Session(image: try FirmwareImage.detect(image))
            return "booted"
        } catch let error as SessionError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    @Test func malformedImagesAreRejectedNamingOffsetAndField() throws {
        let good = try bytes("flash_check", ".bin")
        var cases: [(String, [UInt8], String)] = []
        cases.append(("truncated", Array(good.prefix(3000)), "run past the end of the file"))
        var magic = good
        magic[0] = 0xE8
        cases.append(("bad magic", magic, "offset 0x0: magic: neither an ELF file"))
        var checksum = good
        checksum[40] ^= 0xFF
        cases.append(("bad checksum", checksum, "image checksum: stored"))
        var digest = good
        digest[digest.count - 1] ^= 1
        cases.append(("bad SHA-256", digest, "image SHA-256 digest: does not match"))
        var outOfRange = AppImageEdit(bytes: good)
        let header = outOfRange.segmentHeaders[1]
        outOfRange.setWord(0x2000_0000, at: header)
        outOfRange.reseal()
        cases.append(
            (
                "segment out of range", outOfRange.bytes,
                "offset 0x\(String(header, radix: 16)): segment 1 load address: 0x20000000"
            ))
        var overlapping = AppImageEdit(bytes: good)
        let headers = overlapping.segmentHeaders
        overlapping.setWord(overlapping.word(at: headers[2]) + 4, at: headers[1])  // DRAM segment onto IRAM's
        overlapping.reseal()
        cases.append(("overlapping segments", overlapping.bytes, "overlaps segment 1"))
        var chip = AppImageEdit(bytes: good)
        chip.bytes[12] = 5  // ESP32-C3's chip id
        chip.reseal()
        cases.append(("wrong chip id", chip.bytes, "offset 0xc: extended header chip id: 0x5 is not the ESP32"))
        var generator = SystemRandomNumberGenerator()
        cases.append(
            (
                "random bytes", (0..<5000).map { _ in UInt8.random(in: 1...255, using: &generator) },
                "neither an ELF file"
            ))
        for (name, image, message) in cases {
            let error = try bootError(image)
            #expect(error.contains(message), "\(name): \(error)")
            // The command line says the same, names the file, and exits with 2.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("esp32emu-\(getpid())-corpus.bin")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(image).write(to: file)
            let result = try ProcessRunner.run(Repository.releaseEmulator.path, ["run", file.path])
            #expect(result.status == 2, "\(name): exit \(result.status)")
            #expect(
                result.standardError.contains("\(file.path): ") && result.standardError.contains(message),
                "\(name): \(result.standardError)")
        }
    }

    @Test func aFlashImageWithoutAnAppOrPartitionTableIsRejected() throws {
        var flash = try bytes("flash_check", "-flash.bin")
        flash.replaceSubrange(0x10000..<0x10004, with: [0, 0, 0, 0])
        #expect(try bootError(flash).contains("offset 0x10000: image header magic"))
        flash = try bytes("flash_check", "-flash.bin")
        flash[0x8042] = 1  // the factory app (third entry) becomes data
        flash.replaceSubrange(0x8060..<0x8080, with: [UInt8](repeating: 0xFF, count: 32))  // and no MD5 record
        let noApp = try bootError(flash)
        #expect(noApp.contains("no factory or OTA app partition"), "\(noApp)")
        #expect(try bootError(Array(flash.prefix(3 << 20))).contains("a flash image must be 2, 4, 8 or 16 MB"))
    }
}
