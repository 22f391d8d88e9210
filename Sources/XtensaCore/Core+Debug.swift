// SPDX-License-Identifier: MIT

/// The debug option as firmware sees it (xtensa_isa.md §4.2): two instruction breakpoints (IBREAK), two data
/// breakpoints (DBREAK), the instruction counter (ICOUNT) and BREAK/BREAK.N, all raising the level-6 debug
/// exception while CINTLEVEL < 6. (A host debugger attached to the emulator uses its own breakpoints.)
extension Core {
    /// Recomputes whether the checking path is needed and which pages data breakpoints watch.
    func updateDebugChecks() {
        for index in 0..<2 {
            let control = special[Int(SpecialRegister.dbreakc0) + index]
            let wanted = control & 0xC000_0000 != 0 ? special[Int(SpecialRegister.dbreaka0) + index] : nil
            if watchedDataBreakpoints[index] != wanted {
                if let old = watchedDataBreakpoints[index] { addressSpace.watch(old & ~63, length: 64, false) }
                if let new = wanted { addressSpace.watch(new & ~63, length: 64, true) }
                watchedDataBreakpoints[index] = wanted
            }
        }
        debugChecksActive =
            special[Int(SpecialRegister.ibreakenable)] != 0
            || special[Int(SpecialRegister.icountlevel)] != 0
            || watchedDataBreakpoints.contains { $0 != nil } || !hostWatchpoints.isEmpty || instructionObserver != nil
        attention = true  // the run loop picks the checking or the fast path between instructions
    }

    /// Enters the debug exception vector with `cause` in DEBUGCAUSE.
    func raiseDebugException(_ cause: UInt32) {
        special[Int(SpecialRegister.debugcause)] = cause
        special[Int(SpecialRegister.epc1) + 5] = pc  // EPC6
        special[Int(SpecialRegister.eps2) + 4] = ps  // EPS6
        ps = (ps & ~ProcessorStatus.intLevelMask) | InterruptConfiguration.debugLevel | ProcessorStatus.excm
        pc = vectorBase &+ VectorOffset.level(InterruptConfiguration.debugLevel)
        exceptionTaken = true
        attention = true
        updateWindowChecks()
    }

    var debugExceptionsAllowed: Bool { currentInterruptLevel < InterruptConfiguration.debugLevel }

    /// Host breakpoints live in the decode cache: the slot of each address holds a marker that stops the run when
    /// executed, on the fast path as on the checking one. Slots the cache forgets (code written, flash remapped)
    /// get their marker back when decoded again (`decodeAtPC`).
    func placeHostBreakpoints(replacing old: Set<UInt32>) {
        let cache = addressSpace.decodeCache
        for address in old.subtracting(hostBreakpoints) {
            guard let table = cache.table(page: Int(address >> 12)) else { continue }
            if table[Int(address & 0xFFF)].opcode == DecodedInstruction.hostBreakpoint {
                table[Int(address & 0xFFF)] = .empty
            }
        }
        for address in hostBreakpoints.subtracting(old) where addressSpace.hostPointer(address) != nil {
            codeTable(page: Int(address >> 12))[Int(address & 0xFFF)] = .hostBreakpointMarker
        }
    }

    /// A breakpoint marker is executing: stop before the instruction, or — resuming from this breakpoint, or
    /// another CPU's breakpoint in a shared slot — execute the real instruction in its place.
    @inline(never)
    func hostBreakpointReached() {
        guard hostBreakpointResumeAddress == pc || !hostBreakpoints.contains(pc) else {
            cycles &-= 1  // the instruction has not run
            stopReason = .hostBreakpoint(pc: pc)
            attention = true
            return
        }
        var instruction = decodeInstructionAtPC()
        if exceptionTaken { return }
        if instruction.panes > freePanes {
            windowOverflow()  // the instruction runs after the handler, still passing the breakpoint once
            return
        }
        hostBreakpointResumeAddress = nil
        withUnsafePointer(to: &instruction) { execute($0) }
        if !exceptionTaken && !instruction.isControlTransfer { withUnsafePointer(to: &instruction) { fallThrough($0) } }
    }

    /// IBREAK and ICOUNT, checked before the instruction at PC executes; true if an exception was raised.
    func instructionDebugEventRaised() -> Bool {
        let current = currentInterruptLevel
        if special[Int(SpecialRegister.icountlevel)] > current {
            let counter = Int(SpecialRegister.icount)
            if special[counter] == 0xFFFF_FFFF && current < InterruptConfiguration.debugLevel {
                special[counter] = 0
                raiseDebugException(DebugCause.instructionCount)
                return true
            }
            special[counter] &+= 1
        }
        guard current < InterruptConfiguration.debugLevel else { return false }
        let enabled = special[Int(SpecialRegister.ibreakenable)]
        for index in 0..<2 where enabled >> index & 1 != 0 && special[Int(SpecialRegister.ibreaka0) + index] == pc {
            raiseDebugException(DebugCause.instructionBreak)
            return true
        }
        return false
    }

    /// Host watchpoints, checked on accesses to watched pages: the access goes ahead and the run stops after
    /// the instruction.
    func noteHostWatchpoints(_ address: UInt32, size: Int, isStore: Bool) {
        guard let point = hostWatchpoints.first(where: { $0.covers(address, size: size, isStore: isStore) }) else {
            return
        }
        stopReason = .hostWatchpoint(point, address: address, isStore: isStore)
        attention = true
    }

    /// DBREAK, checked on accesses to watched pages (they take the slow path); true if an exception was raised.
    func dataBreakpointHit(_ address: UInt32, size: Int, isStore: Bool) -> Bool {
        guard debugExceptionsAllowed else { return false }
        for index in 0..<2 {
            let control = special[Int(SpecialRegister.dbreakc0) + index]
            guard control & (isStore ? 0x8000_0000 : 0x4000_0000) != 0 else { continue }
            let blockSize = UInt64(1) << UInt64((control & 0x3F | 0x40).trailingZeroBitCount)
            let block = UInt64(special[Int(SpecialRegister.dbreaka0) + index]) & ~(blockSize - 1)
            let start = UInt64(address)
            if start < block + blockSize && block < start + UInt64(size) {
                raiseDebugException(DebugCause.dataBreak | UInt32(index) << 8)
                return true
            }
        }
        return false
    }

    /// BREAK/BREAK.N: a debug exception, or nothing when CINTLEVEL ≥ 6.
    @inline(never)
    func breakInstruction(_ d: InstructionPointer, cause: UInt32) {
        if debugExceptionsAllowed { raiseDebugException(cause) } else { fallThrough(d) }
    }
}
