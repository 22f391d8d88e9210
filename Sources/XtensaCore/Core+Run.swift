// SPDX-License-Identifier: MIT
import XtensaISA

extension Core {
    /// Runs for up to `budget` cycles and reports why it stopped. Exceptions, interrupts and window faults
    /// are taken inside (the guest's handlers run); the run ends early only for what the guest cannot handle
    /// itself, or when the core waits for an interrupt nothing inside it will raise.
    ///
    /// Between instructions only one flag (`attention`) is tested; everything that can make an interrupt
    /// takeable or move a timer deadline sets it. Instructions run in stretches that end at the next
    /// CCOMPARE match, where the timer interrupt is raised.
    public func run(cycles budget: Int) -> StopReason {
        stopReason = nil
        // Resuming from a breakpoint applies to the instruction the run starts with only.
        if hostBreakpointResumeAddress != pc { hostBreakpointResumeAddress = nil }
        runEnd = cycles &+ UInt64(max(budget, 0))
        while cycles < runEnd {
            let end = runEnd
            if attention {
                attention = false
                takePendingInterrupt()
            }
            if isWaiting {
                // Asleep in WAITI: time passes until a CCOMPARE timer can wake the core, or to the end of the
                // budget, after which only the machine around the core (an external line) can.
                guard let wakeup = cyclesUntilTimerWakeup, wakeup <= end - cycles else {
                    passIdleCycles(end - cycles)
                    return .waitingForInterrupt
                }
                cycles += wakeup
                raiseMatchingTimers()
                continue
            }
            let stretchEnd = Swift.min(end, cycles &+ cyclesUntilTimerMatch)
            if debugChecksActive {
                runCheckingDebugEvents(until: stretchEnd)
            } else {
                runInstructions(until: stretchEnd)
            }
            raiseMatchingTimers()
            if let stopReason { return stopReason }
        }
        return .budgetExhausted
    }

    /// The hot loop: execute predecoded instructions until `limit` cycles or something needs attention.
    /// The address of the instruction is kept in a local and stored to `pc` before it executes (exceptions
    /// and calls read it); sequential instructions leave `pc` alone and the loop moves on by their length,
    /// stepping through the page's decode table so that the next fetch does not wait for the PC. Control
    /// transfers and loop-backs look the PC up again; so do empty slots (see `DecodeCache`), whose handler
    /// decodes the instruction first.
    private func runInstructions(until limit: UInt64) {
        let decodeCache = addressSpace.decodeCache
        var address = pc
        var slot = decodeCache.slot(address)
        while cycles < limit {
            cycles &+= 1
            let info = slot.pointee.info
            pc = address
            if info & 0x0C > freePanesShifted {
                windowOverflow()
                exceptionTaken = false
                return
            }
            execute(slot)
            if info & 0x10 != 0 {
                if attention {
                    exceptionTaken = false
                    return
                }
                address = pc
                slot = decodeCache.slot(address)
                continue
            }
            let length = Int(info & 3)
            let next = address &+ UInt32(length)
            if next == loopEnd && loopCount != 0 && ps & ProcessorStatus.excm == 0 {
                loopCount &-= 1
                address = loopBegin
                slot = decodeCache.slot(address)
            } else {
                address = next
                slot += length
            }
            if attention {
                if exceptionTaken { exceptionTaken = false } else { pc = address }
                return
            }
        }
        pc = address
    }

    /// One instruction at a time, with the observer and IBREAK/ICOUNT checks before each.
    private func runCheckingDebugEvents(until limit: UInt64) {
        // Loaded once: an observer that is replaced or removed ends this loop after the current instruction
        // (through `attention`), so the local never outlives its place for more than that call.
        let observer = instructionObserver
        let decodeCache = addressSpace.decodeCache
        while cycles < limit {
            if let observer, observer.shouldStop(before: self) {
                requestStop(.observerStop(pc: pc))
                return
            }
            cycles &+= 1
            defer { exceptionTaken = false }
            if instructionDebugEventRaised() { return }
            var instruction = fetch(from: decodeCache)
            if exceptionTaken { return }
            if instruction.panes > freePanes {
                windowOverflow()
                return
            }
            withUnsafePointer(to: &instruction) { execute($0) }
            if exceptionTaken { return }
            if !instruction.isControlTransfer { withUnsafePointer(to: &instruction) { fallThrough($0) } }
            if attention || !debugChecksActive { return }
        }
    }

    /// Executes one instruction, or takes the interrupt or exception due before it; for debuggers and tests.
    @discardableResult
    public func step() -> StopReason {
        run(cycles: 1)
    }

    // MARK: - Fetch

    /// The predecoded instruction at PC, decoding it on first use. On a fetch fault the exception is raised
    /// (`exceptionTaken` set) and the returned value must be ignored.
    @inline(__always) func fetch(from decodeCache: DecodeCache) -> DecodedInstruction {
        if let table = decodeCache.table(page: Int(pc >> 12)) {
            let instruction = table[Int(pc & 0xFFF)]
            if instruction.opcode != DecodedInstruction.notDecoded { return instruction }
        }
        return decodeAtPC()
    }

    /// Decodes the instruction at PC into the cache (a host breakpoint's marker takes its place there).
    @inline(never) func decodeAtPC() -> DecodedInstruction {
        let decoded = decodeInstructionAtPC()
        if exceptionTaken { return decoded }
        let instruction = hostBreakpoints.contains(pc) ? .hostBreakpointMarker : decoded
        codeTable(page: Int(pc >> 12))[Int(pc & 0xFFF)] = instruction
        return instruction
    }

    /// The instruction at PC, decoded; on a fetch fault the exception is raised and the result must be ignored.
    func decodeInstructionAtPC() -> DecodedInstruction {
        if let fault = fetchFault(pc) { return raiseFetchFault(fault, at: pc) }
        let first = addressSpace.hostPointer(pc)!.pointee
        guard let length = instructionLength(firstByte: first) else { return .illegalInstruction }
        var word = UInt32(first)
        for index in 1..<length {
            let address = pc &+ UInt32(index)
            if let fault = fetchFault(address) { return raiseFetchFault(fault, at: address) }
            word |= UInt32(addressSpace.hostPointer(address)!.pointee) << (8 * index)
        }
        let decoded = DecodedInstruction(word: word, pc: pc)
        addressSpace.decodeCache.noteDecoded(decoded.opcode)
        // Writes to any byte of the instruction must reach the invalidation, so its last page holds code too.
        codeTable(page: Int((pc &+ UInt32(length - 1)) >> 12))
        return decoded
    }

    /// Why the byte at `address` cannot be fetched, or nil if it can.
    private func fetchFault(_ address: UInt32) -> ExceptionCause? {
        guard addressSpace.allowsExecution(address) else { return .instFetchProhibited }
        let page = Int(address >> 12)
        guard addressSpace.pageAccess[page].contains(.execute), addressSpace.hostPage[page] != nil else {
            return .instrPIFAddrError
        }
        return nil
    }

    @discardableResult
    func codeTable(page: Int) -> UnsafeMutablePointer<DecodedInstruction> {
        if let table = addressSpace.decodeCache.table(page: page) { return table }
        let table = addressSpace.decodeCache.createTable(page: page)
        addressSpace.noteCode(page: page)  // stores to this page, from any CPU, now go through invalidation
        return table
    }

    private func raiseFetchFault(_ cause: ExceptionCause, at address: UInt32) -> DecodedInstruction {
        if ps & ProcessorStatus.excm != 0 && pc == vectorBase &+ VectorOffset.double {
            // The double-exception handler itself cannot be fetched: nothing in the guest can recover.
            stopReason = .unrecoverableException(cause: cause, pc: pc)
            attention = true
            exceptionTaken = true
            return .illegalInstruction
        }
        raise(cause, address: address)
        return .illegalInstruction
    }
}

extension Core {
    /// Ends the current `run` after the instruction in progress (used by hosts, for example on semihosting exit).
    public func requestStop(_ reason: StopReason) {
        stopReason = reason
        attention = true
    }

    /// Ends the current `run` at `cycle` at the latest: a device event the machine must fire then was just
    /// scheduled (by the guest's own register write, typically). The run returns `.budgetExhausted` (or
    /// `.waitingForInterrupt`) there.
    public func endRun(atOrBefore cycle: UInt64) {
        guard cycle < runEnd else { return }
        runEnd = Swift.max(cycle, cycles)
        attention = true
    }
}
