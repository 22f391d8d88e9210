// SPDX-License-Identifier: MIT

extension Core {
    var vectorBase: UInt32 { special[Int(SpecialRegister.vecbase)] }

    /// Takes a general exception for the instruction at `pc` (xtensa_isa.md §4.2): with PS.EXCM clear,
    /// EPC1 ← PC and the kernel or user vector; with it set, a double exception (DEPC ← PC, double vector).
    @inline(never)
    func raise(_ cause: ExceptionCause, address: UInt32 = 0) {
        if cause.recordsAddress { special[Int(SpecialRegister.excvaddr)] = address }
        special[Int(SpecialRegister.exccause)] = cause.rawValue
        let isDouble = ps & ProcessorStatus.excm != 0
        onVectorTaken?(.exception(cause: cause, pc: pc, address: address, isDouble: isDouble))
        let vector = vectorBase &+ (isDouble ? VectorOffset.double
            : ps & ProcessorStatus.um != 0 ? VectorOffset.user : VectorOffset.kernel)
        if (isDouble && stopsOnDoubleException) || (stopsOnMissingHandler && !holdsCode(vector)) {
            stopReason = .unhandledException(cause: cause, pc: pc, isDouble: isDouble)
            exceptionTaken = true
            attention = true
            return
        }
        if ps & ProcessorStatus.excm == 0 {
            special[Int(SpecialRegister.epc1)] = pc
            pc = vectorBase &+ (ps & ProcessorStatus.um != 0 ? VectorOffset.user : VectorOffset.kernel)
            ps |= ProcessorStatus.excm
            updateWindowChecks()
        } else {
            special[Int(SpecialRegister.depc)] = pc
            pc = vectorBase &+ VectorOffset.double
        }
        exceptionTaken = true
        attention = true
    }

    /// Window overflow before the instruction at `pc` (xtensa_isa.md §3.2): rotate to the oldest live frame
    /// above the current one and enter the overflow handler for its size. EXCCAUSE is not written.
    @inline(never)
    func windowOverflow() {
        let base = windowOffset >> 2
        let rotated = ((windowStart | windowStart << 16) >> (base + 1)) & 0xFFFF
        let distance = UInt32(rotated.trailingZeroBitCount) + 1           // 1…3 panes up to the live frame
        let newBase = (base + distance) & 15
        // The frame's size is the distance from its pane to the next live pane above it.
        let above = ((windowStart | windowStart << 16) >> (newBase + 1)) & 0xFFFF
        let vector = above & 1 != 0 ? VectorOffset.windowOverflow4
            : above & 2 != 0 ? VectorOffset.windowOverflow8 : VectorOffset.windowOverflow12
        special[Int(SpecialRegister.epc1)] = pc
        ps = (ps & ~ProcessorStatus.owbMask) | base << ProcessorStatus.owbShift | ProcessorStatus.excm
        setWindowOffset(newBase << 2)
        pc = vectorBase &+ vector
        exceptionTaken = true
        attention = true
        updateWindowChecks()
    }
}

extension Core {
    /// Whether `address` holds something other than nothing: fetchable memory whose first word is not the
    /// all-zero ILL of memory nothing was loaded into.
    func holdsCode(_ address: UInt32) -> Bool {
        guard addressSpace.pageAccess[Int(address >> 12)].contains(.execute),
              let bytes = addressSpace.peek(address, count: 3) else { return false }
        return bytes != [0, 0, 0]
    }
}
