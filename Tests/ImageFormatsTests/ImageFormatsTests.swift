// SPDX-License-Identifier: MIT
import ImageFormats
import Testing

@Suite struct ELFFileTests {
    let valid = makeELF(entry: 0x4008_0000, address: 0x4008_0000, code: [0x36, 0x41, 0x00, 0x1D, 0xF0])

    @Test func parsesAMinimalExecutable() throws {
        let elf = try ELFFile(bytes: valid)
        #expect(elf.machine == ELFFile.machineXtensa)
        #expect(elf.entry == 0x4008_0000)
        let segment = try #require(elf.segments.first)
        #expect(segment.isLoadable)
        #expect(elf.contents(of: segment) == [0x36, 0x41, 0x00, 0x1D, 0xF0] + [UInt8](repeating: 0, count: 16))
    }

    @Test(arguments: [
        (0, "e_ident[EI_MAG]"), (3, "e_ident[EI_MAG]"), (30, "e_phoff"), (54, "program header 0 p_type"),
        (86, "program header 0 data"),
    ])
    func truncatedFilesNameTheFieldTheyCutOff(length: Int, field: String) {
        #expect(throws: ImageFormatError.self) { try ELFFile(bytes: Array(valid.prefix(length))) }
        do {
            _ = try ELFFile(bytes: Array(valid.prefix(length)))
        } catch {
            #expect(error.field == field)
        }
    }

    @Test func rejectsOtherClassesAndByteOrders() {
        var wide = valid
        wide[4] = 2
        #expect(throws: ImageFormatError(offset: 4, field: "e_ident[EI_CLASS]",
                                         problem: "only 32-bit ELF is supported")) { try ELFFile(bytes: wide) }
        var big = valid
        big[5] = 2
        #expect(throws: ImageFormatError.self) { try ELFFile(bytes: big) }
    }

    @Test func segmentDataBeyondTheFileIsAnError() throws {
        var bad = valid
        bad.put32(0x10_0000, at: 52 + 4)     // p_offset far past the end
        let error = try #require(throws: ImageFormatError.self) { try ELFFile(bytes: bad) }
        #expect(error.field == "program header 0 data")
        #expect(error.description.contains("offset 0x100000"))
    }

    @Test func randomBytesNeverCrashTheParser() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 4, 52, 100, 400] {
            for _ in 0..<200 {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if length >= 6 { bytes.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 1, 1]) }
                _ = try? ELFFile(bytes: bytes)
            }
        }
    }
}

@Suite struct ESPAppImageTests {
    let segments: [(UInt32, [UInt8])] = [(0x3FFB_0000, [1, 2, 3, 4]), (0x4008_0000, [0x36, 0x41, 0x00, 0x1D])]

    @Test func parsesAndVerifiesAValidImage() throws {
        let bytes = makeAppImage(entry: 0x4008_0000, segments: segments)
        let image = try ESPAppImage(bytes: bytes)
        #expect(image.entry == 0x4008_0000)
        #expect(image.segments.map(\.loadAddress) == [0x3FFB_0000, 0x4008_0000])
        #expect(image.segments.map { Array($0.data) } == segments.map(\.1))
        #expect(image.length == bytes.count)
    }

    @Test func badMagicIsNamed() throws {
        var bytes = makeAppImage(entry: 0, segments: segments)
        bytes[0] = 0xE8
        let error = try #require(throws: ImageFormatError.self) { try ESPAppImage(bytes: bytes) }
        #expect(error.field == "image header magic" && error.offset == 0)
    }

    @Test func corruptedDataFailsTheChecksum() throws {
        var bytes = makeAppImage(entry: 0, segments: segments)
        bytes[24 + 8] ^= 0xFF
        let error = try #require(throws: ImageFormatError.self) { try ESPAppImage(bytes: bytes) }
        #expect(error.field == "image checksum")
    }

    @Test func corruptedDigestIsDetected() throws {
        var bytes = makeAppImage(entry: 0, segments: segments)
        bytes[bytes.count - 1] ^= 1
        let error = try #require(throws: ImageFormatError.self) { try ESPAppImage(bytes: bytes) }
        #expect(error.field == "image SHA-256 digest")
    }

    @Test func segmentLengthPastTheEndNamesTheSegment() throws {
        var bytes = makeAppImage(entry: 0, segments: segments)
        bytes.put32(0x00FF_0000, at: 24 + 4 + 12)   // second segment's length
        let error = try #require(throws: ImageFormatError.self) { try ESPAppImage(bytes: bytes) }
        #expect(error.field == "segment 1 length")
        #expect(error.offset == 24 + 12 + 4)
    }

    @Test func truncationAtEveryLengthIsAnErrorNotACrash() {
        let bytes = makeAppImage(entry: 0, segments: segments)
        for length in 0..<bytes.count {
            #expect(throws: ImageFormatError.self) { try ESPAppImage(bytes: Array(bytes.prefix(length))) }
        }
    }
}

@Suite struct PartitionTableTests {
    func table(corruptMD5: Bool = false) -> [UInt8] {
        var entries: [UInt8] = []
        for (label, type, subtype, offset, size) in [("nvs", 1, 2, 0x9000, 0x6000), ("factory", 0, 0, 0x10000, 0x100000)] {
            entries += [0xAA, 0x50, UInt8(type), UInt8(subtype)]
            entries.append32(UInt32(offset))
            entries.append32(UInt32(size))
            entries += Array(label.utf8) + [UInt8](repeating: 0, count: 16 - label.utf8.count)
            entries.append32(0)
        }
        var md5 = Digest.md5(entries)
        if corruptMD5 { md5[0] ^= 1 }
        let blob = entries + [0xEB, 0xEB] + [UInt8](repeating: 0xFF, count: 14) + md5
        return [UInt8](repeating: 0xFF, count: 0x8000) + blob + [UInt8](repeating: 0xFF, count: 0xC00 - blob.count)
    }

    @Test func findsTheFactoryApp() throws {
        let parsed = try PartitionTable(bytes: table())
        #expect(parsed.entries.map(\.label) == ["nvs", "factory"])
        #expect(parsed.bootApp?.offset == 0x10000)
    }

    @Test func aWrongChecksumIsReported() throws {
        let error = try #require(throws: ImageFormatError.self) { try PartitionTable(bytes: table(corruptMD5: true)) }
        #expect(error.field == "partition table MD5")
    }

    @Test func anErasedTableHasNoEntries() throws {
        let error = try #require(throws: ImageFormatError.self) {
            try PartitionTable(bytes: [UInt8](repeating: 0xFF, count: 0x9000))
        }
        #expect(error.problem == "no partition entries")
    }
}
