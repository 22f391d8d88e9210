// SPDX-License-Identifier: MIT
import Foundation

/// The SPI NOR flash chip on SPI0/SPI1 CS0, as software sees it through its commands: JEDEC ID, status
/// register with write-enable latch, read, page program (bits only go from 1 to 0), and 4 KB sector, 64 KB
/// block and chip erase. Operations complete at once (WIP never reads 1).
///
/// The contents are a private copy of the image the machine booted from, so the input file is never
/// modified; `persist(to:)` writes them back where the user asked for it (`--flash-persist`).
public final class FlashChip {
    /// Flash sizes the ESP32 boots from, with the JEDEC ID of the chip QEMU models for each size.
    public static let supportedSizes: [Int: UInt32] = [
        2 << 20: 0xEF_3015,  // Winbond W25X16
        4 << 20: 0xC8_4016,  // GigaDevice GD25Q32
        8 << 20: 0xC8_4017,  // GigaDevice GD25Q64
        16 << 20: 0x9D_6018,  // ISSI IS25LP128
    ]
    public static let sectorSize = 4096
    public static let blockSize = 65536
    public static let pageSize = 256

    public enum StatusBit {
        public static let writeInProgress: UInt32 = 1 << 0
        public static let writeEnableLatch: UInt32 = 1 << 1
    }

    /// The contents, `size` bytes. Cache windows map these bytes directly (see `FlashCache`).
    public let storage: UnsafeMutablePointer<UInt8>
    public let size: Int
    public let jedecID: UInt32
    /// The status register: WEL and the block-protect/QE bits as written by WRSR.
    public private(set) var status: UInt32 = 0
    /// Whether the contents changed since boot.
    public private(set) var isModified = false
    /// Called after a program or erase with the byte range that changed (the cache drops stale code).
    var onChange: (Range<Int>) -> Void = { _ in }

    /// A chip holding `contents`, which must be one of the supported sizes.
    public init(contents: [UInt8]) throws(FlashError) {
        guard let id = FlashChip.supportedSizes[contents.count] else { throw .unsupportedSize(contents.count) }
        size = contents.count
        jedecID = id
        storage = .allocate(capacity: size)
        storage.initialize(from: contents, count: size)
    }

    /// An erased chip (all 0xFF) of `size` bytes.
    public convenience init(erasedSize size: Int = 4 << 20) throws(FlashError) {
        try self.init(contents: [UInt8](repeating: 0xFF, count: size))
    }

    deinit { storage.deallocate() }

    public var contents: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: size)) }

    /// Writes `bytes` at `offset` as a programmer (esptool) would, before the firmware runs: no write-enable,
    /// no erase needed. The caller checks that they fit.
    func store(_ bytes: some Collection<UInt8>, at offset: Int) {
        precondition(offset >= 0 && offset + bytes.count <= size)
        var index = offset
        for byte in bytes {
            storage[index] = byte
            index += 1
        }
        onChange(offset..<offset + bytes.count)
    }

    // MARK: - Commands

    public func writeEnable() { status |= StatusBit.writeEnableLatch }
    public func writeDisable() { status &= ~StatusBit.writeEnableLatch }

    /// WRSR: the WEL bit and WIP stay under the chip's control.
    public func writeStatus(_ value: UInt32) {
        guard status & StatusBit.writeEnableLatch != 0 else { return }
        status = value & ~(StatusBit.writeInProgress | StatusBit.writeEnableLatch)
    }

    /// Reads wrap around at the end of the chip, as a continuous read does.
    public func read(_ address: Int, count: Int) -> [UInt8] {
        (0..<count).map { storage[(address + $0) % size] }
    }

    /// Page program: ANDs `bytes` into the page holding `address`; past the end of the page, the address
    /// wraps to the start of the same page (the chip's behaviour). Needs WEL; clears it.
    public func program(_ address: Int, _ bytes: [UInt8]) {
        guard consumeWriteEnable(), !bytes.isEmpty else { return }
        let pageStart = address % size & ~(FlashChip.pageSize - 1)
        var offset = address % size - pageStart
        for byte in bytes.suffix(FlashChip.pageSize) {
            storage[pageStart + offset] &= byte
            offset = (offset + 1) % FlashChip.pageSize
        }
        changed(pageStart..<pageStart + FlashChip.pageSize)
    }

    /// Erases (sets to 0xFF) the `unit`-aligned region holding `address`. Needs WEL; clears it.
    public func erase(_ address: Int, unit: Int) {
        guard consumeWriteEnable() else { return }
        let start = address % size & ~(unit - 1)
        storage.advanced(by: start).update(repeating: 0xFF, count: min(unit, size - start))
        changed(start..<start + min(unit, size - start))
    }

    public func eraseChip() {
        guard consumeWriteEnable() else { return }
        storage.update(repeating: 0xFF, count: size)
        changed(0..<size)
    }

    private func consumeWriteEnable() -> Bool {
        defer { writeDisable() }
        return status & StatusBit.writeEnableLatch != 0
    }

    private func changed(_ range: Range<Int>) {
        isModified = true
        onChange(range)
    }

    /// One SPI transaction with the chip: the command byte, its address (if the command takes one), the bytes
    /// sent after it, and how many bytes to clock back. Returns the bytes the chip sends.
    public func transaction(command: UInt8, address: Int, sent: [UInt8], receiving count: Int) -> [UInt8] {
        switch command {
        case 0x03, 0x0B, 0x3B, 0x6B, 0xBB, 0xEB: return read(address, count: count)  // read, fast/dual/quad read
        case 0x02: program(address, sent)
        case 0x20: erase(address, unit: FlashChip.sectorSize)
        case 0x52: erase(address, unit: 32 * 1024)
        case 0xD8: erase(address, unit: FlashChip.blockSize)
        case 0x60, 0xC7: eraseChip()
        case 0x06: writeEnable()
        case 0x04: writeDisable()
        case 0x05: return repeatedly(UInt8(truncatingIfNeeded: status), count)
        case 0x35: return repeatedly(UInt8(truncatingIfNeeded: status >> 8), count)
        case 0x01: writeStatus(sent.enumerated().reduce(0) { $0 | UInt32($1.element) << (8 * $1.offset) })
        case 0x9F:
            let id = [UInt8(jedecID >> 16), UInt8(jedecID >> 8 & 0xFF), UInt8(jedecID & 0xFF)]
            return (0..<count).map { id[$0 % 3] }
        case 0xAB: return repeatedly(UInt8(jedecID & 0xFF) - 1, count)  // release from power-down: device ID
        default: break  // power-down, high-performance mode and the like change nothing we model
        }
        return [UInt8](repeating: 0xFF, count: count)
    }

    private func repeatedly(_ byte: UInt8, _ count: Int) -> [UInt8] { [UInt8](repeating: byte, count: count) }

    /// Writes the contents to `path` (`--flash-persist`).
    public func persist(to path: String) throws(FlashError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(contents)) else {
            throw .cannotWrite(path)
        }
    }
}

public enum FlashError: Error, CustomStringConvertible, Equatable {
    case unsupportedSize(Int)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .unsupportedSize(let size):
            "a flash image must be 2, 4, 8 or 16 MB, not \(size) bytes (pad it with esptool merge-bin --pad-to-size)"
        case .cannotWrite(let path): "cannot write the flash contents to \(path)"
        }
    }
}
