// SPDX-License-Identifier: MIT

/// A walk up the windowed call chain (the windowed ABI: each return address carries the caller's window
/// increment in bits 31:30). Frames whose windows are still live come from the physical registers; older
/// ones were spilled by window overflows, and their a0/a1 sit in the base save area 16 bytes below the stack
/// pointer of the frame they called.
public struct Backtrace: Sendable {
    public struct Frame: Sendable, Equatable {
        public let pc: UInt32
        public let stackPointer: UInt32
    }

    public let frames: [Frame]

    /// The backtrace of `core` as it stands, up to `limit` frames.
    public init(core: Core, limit: Int = 64) {
        self.init(
            pc: core.pc, returnAddress: core.register(0), stackPointer: core.register(1), memory: core.addressSpace,
            liveWindows: (core.windowBase, core.specialRegister(SpecialRegister.windowstart), core.physicalRegisters),
            limit: limit)
    }

    /// The backtrace of code whose register windows were all spilled to its stack (a task the kernel switched
    /// away from): its PC, a0 and a1 come from the saved frame, the callers' from the stack.
    public init(pc: UInt32, returnAddress: UInt32, stackPointer: UInt32, memory: AddressSpace, limit: Int = 64) {
        self.init(
            pc: pc, returnAddress: returnAddress, stackPointer: stackPointer, memory: memory, liveWindows: nil,
            limit: limit)
    }

    private init(
        pc: UInt32, returnAddress: UInt32, stackPointer: UInt32, memory: AddressSpace,
        liveWindows: (base: UInt32, start: UInt32, physical: [UInt32])?, limit: Int
    ) {
        var frames: [Frame] = []
        var pc = pc
        var stackPointer = stackPointer
        var returnAddress = returnAddress
        var base = liveWindows?.base ?? 0
        var inRegisters = liveWindows != nil
        while frames.count < limit {
            frames.append(Frame(pc: pc, stackPointer: stackPointer))
            let increment = returnAddress >> 30
            guard increment != 0 else { break }  // a CALL0 frame or the outermost one
            let callerPC = (returnAddress & 0x3FFF_FFFF) | (pc & 0xC000_0000)
            let callerBase = (base &- increment) & 15
            let callerA0: UInt32
            let callerA1: UInt32
            if inRegisters, let live = liveWindows, live.start >> callerBase & 1 != 0 {
                callerA0 = live.physical[Int(callerBase * 4)]
                callerA1 = live.physical[Int(callerBase * 4 + 1)]
            } else {
                inRegisters = false
                guard let saved = memory.peek(stackPointer &- 16, count: 8) else { break }
                callerA0 = Backtrace.word(saved, 0)
                callerA1 = Backtrace.word(saved, 4)
            }
            // A caller's stack pointer lies above its callee's; anything else means the chain is broken.
            guard callerA1 > stackPointer, memory.hostPointer(callerPC) != nil else {
                frames.append(Frame(pc: callerPC, stackPointer: callerA1))
                break
            }
            pc = callerPC
            stackPointer = callerA1
            returnAddress = callerA0
            base = callerBase
        }
        self.frames = frames
    }

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }
}
