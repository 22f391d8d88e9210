// SPDX-License-Identifier: MIT
import XtensaISA

extension Core {
    /// Executes up to `budget` instructions and reports why it stopped. Exceptions and window faults are
    /// taken inside (the guest's handlers run); only conditions the guest cannot handle end the run early.
    public func run(instructions budget: Int) -> StopReason {
        stopReason = nil
        var remaining = budget
        while remaining > 0 {
            remaining -= 1
            let instruction = fetch()
            if exceptionTaken {
                exceptionTaken = false
                if stopReason != nil { break }
                continue
            }
            if instruction.panes > freePanes {
                windowOverflow()
                exceptionTaken = false
                continue
            }
            execute(instruction)
            if exceptionTaken {
                exceptionTaken = false
            } else {
                instructionCount &+= 1
            }
            if stopReason != nil { break }
        }
        return stopReason ?? .budgetExhausted
    }

    /// Executes one instruction (or takes the exception it raises); for debuggers and tests.
    @discardableResult
    public func step() -> StopReason {
        run(instructions: 1)
    }

    // MARK: - Fetch

    /// The predecoded instruction at PC, decoding it on first use. On a fetch fault the exception is raised
    /// (`exceptionTaken` set) and the returned value must be ignored.
    @inline(__always) func fetch() -> DecodedInstruction {
        if let table = addressSpace.decodeCache.table(page: Int(pc >> 12)) {
            let instruction = table[Int(pc & 0xFFF)]
            if instruction.opcode != DecodedInstruction.notDecoded { return instruction }
        }
        return decodeAtPC()
    }

    @inline(never) func decodeAtPC() -> DecodedInstruction {
        guard let first = fetchByte(pc) else { return fetchFault(at: pc) }
        var decoded = DecodedInstruction.illegalInstruction
        if let length = instructionLength(firstByte: first) {
            var word = UInt32(first)
            for index in 1..<length {
                guard let byte = fetchByte(pc &+ UInt32(index)) else { return fetchFault(at: pc &+ UInt32(index)) }
                word |= UInt32(byte) << (8 * index)
            }
            decoded = DecodedInstruction(word: word, pc: pc)
            // Writes to any byte of the instruction must reach the invalidation, so its last page holds code too.
            codeTable(page: Int((pc &+ UInt32(length - 1)) >> 12))
        }
        codeTable(page: Int(pc >> 12))[Int(pc & 0xFFF)] = decoded
        return decoded
    }

    private func fetchByte(_ address: UInt32) -> UInt8? {
        let page = Int(address >> 12)
        guard addressSpace.pageAccess[page].contains(.execute), let host = addressSpace.hostPage[page] else {
            return nil
        }
        return host[Int(address & 0xFFF)]
    }

    @discardableResult
    private func codeTable(page: Int) -> UnsafeMutablePointer<DecodedInstruction> {
        if let table = addressSpace.decodeCache.table(page: page) { return table }
        let table = addressSpace.decodeCache.createTable(page: page)
        addressSpace.refreshFastPath(page: page)   // stores to this page now go through invalidation
        return table
    }

    private func fetchFault(at address: UInt32) -> DecodedInstruction {
        if ps & ProcessorStatus.excm != 0 && pc == vectorBase &+ VectorOffset.double {
            // The double-exception handler itself cannot be fetched: nothing in the guest can recover.
            stopReason = .unrecoverableException(cause: .instrPIFAddrError, pc: pc)
            exceptionTaken = true
            return .illegalInstruction
        }
        raise(.instrPIFAddrError, address: address)
        return .illegalInstruction
    }
}

extension Core {
    /// Ends the current `run` after the instruction in progress (used by hosts, for example on semihosting exit).
    public func requestStop(_ reason: StopReason) {
        stopReason = reason
    }
}
