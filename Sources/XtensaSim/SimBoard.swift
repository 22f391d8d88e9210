// SPDX-License-Identifier: MIT
import ImageFormats
import XtensaCore

/// A machine compatible with `qemu-system-xtensa -M sim`: one core, 128 MB of RAM at 0, 32 MB of RAM-backed
/// "sysrom" at the reset vector 0xFE000000, and SIMCALL semihosting. Used for ISA tests and benchmarks that
/// run the same program here and on QEMU.
public final class SimBoard: CoreHost {
    public static let resetVector: UInt32 = 0xFE00_0000
    public static let ramSize = 128 << 20
    public static let systemROMSize = 32 << 20

    public let addressSpace = AddressSpace()
    public let core: Core
    /// Receives what the guest writes with the semihosting write call: file descriptor and bytes.
    private let output: (Int32, [UInt8]) -> Void

    /// Semihosting request numbers in a2 (QEMU's xtensa-semi.c) and the errno values we return.
    enum Semihosting {
        static let exit: UInt32 = 1
        static let write: UInt32 = 4
        static let badFileDescriptor: UInt32 = 9
        static let badAddress: UInt32 = 14
        static let notImplemented: UInt32 = 88
    }

    public init(output: @escaping (Int32, [UInt8]) -> Void) {
        addressSpace.addMemory(base: 0, size: SimBoard.ramSize, access: .code)
        addressSpace.addMemory(base: SimBoard.resetVector, size: SimBoard.systemROMSize, access: .code)
        core = Core(addressSpace: addressSpace, resetVector: SimBoard.resetVector)
        self.output = output
        core.host = self
    }

    /// Loads an ELF's segments at their virtual addresses. The core starts at the reset vector, as on QEMU's
    /// sim machine, so the program must place its entry there.
    public func load(elf: ELFFile) throws(ImageFormatError) {
        for (index, segment) in elf.segments.enumerated() where segment.isLoadable {
            guard addressSpace.load(elf.contents(of: segment), at: segment.virtualAddress) else {
                throw ImageFormatError(
                    offset: 52 + index * 32 + 8, field: "program header \(index) p_vaddr",
                    problem: "0x\(String(segment.virtualAddress, radix: 16)) + \(segment.memorySize) bytes is outside "
                        + "the sim board's memory (RAM 0x0-0x7FFFFFF, sysrom 0xFE000000-0xFFFFFFFF)")
            }
        }
    }

    // MARK: - CoreHost

    public func simcall(_ core: Core) {
        switch core.register(2) {
        case Semihosting.exit:
            core.requestStop(.exited(Int32(bitPattern: core.register(3))))
        case Semihosting.write:
            let descriptor = Int32(bitPattern: core.register(3))
            let count = Int(core.register(5))
            guard descriptor == 1 || descriptor == 2 else {
                return reply(core, -1, errno: Semihosting.badFileDescriptor)
            }
            guard let bytes = addressSpace.peek(core.register(4), count: count) else {
                return reply(core, -1, errno: Semihosting.badAddress)
            }
            output(descriptor, bytes)
            reply(core, Int32(count), errno: 0)
        default:
            reply(core, -1, errno: Semihosting.notImplemented)
        }
    }

    private func reply(_ core: Core, _ result: Int32, errno: UInt32) {
        core.setRegister(2, UInt32(bitPattern: result))
        core.setRegister(3, errno)
    }
}
