// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XtensaISA

/// An instruction decoded once and kept for every later execution at its address: the opcode, the raw
/// register fields and up to two immediates already decoded (sign-extended, scaled, PC-relative targets made
/// absolute). Which immediate goes where follows the opcode's operand list: the first non-register operand is
/// `imm`, the second `imm2` (BEQI: constant and target; EXTUI: shift and width; LOOP: LEND).
public struct DecodedInstruction: Sendable {
    /// What the executor runs (the opcode with special-register variants folded).
    public var operation: Operation
    /// `Opcode.rawValue`, or one of the markers below.
    public var opcode: UInt16
    /// Bits 1…0: length in bytes; bits 3…2: the highest window pane (register number / 4) the instruction
    /// names, for the window-overflow check; bit 4: the instruction may transfer control (it sets the PC).
    var info: UInt8
    public var r: UInt8
    public var s: UInt8
    public var t: UInt8
    public var imm: UInt32
    public var imm2: UInt32

    /// Not decoded yet.
    public static let notDecoded: UInt16 = 0xFFFF
    /// Not a valid ESP32 instruction (or not fetchable): executing it raises IllegalInstruction.
    public static let illegal: UInt16 = 0xFFFE
    /// A host debugger's breakpoint stands here (`Core.hostBreakpoints`): executing it stops the run, or, when
    /// resuming from it, executes the real instruction.
    public static let hostBreakpoint: UInt16 = 0xFFFD

    static let empty = DecodedInstruction(opcode: notDecoded)
    static let illegalInstruction = DecodedInstruction(opcode: illegal)
    static let hostBreakpointMarker = DecodedInstruction(opcode: hostBreakpoint)

    @inline(__always) public var length: UInt8 { info & 3 }
    @inline(__always) var panes: UInt8 { (info >> 2) & 3 }
    @inline(__always) var isControlTransfer: Bool { info & 0x10 != 0 }

    /// Decodes the instruction in `word` (little-endian bytes) at `pc`.
    public init(word: UInt32, pc: UInt32, decoder: Decoder = .shared) {
        guard let opcode = decoder.decode(word) else {
            self = .illegalInstruction
            return
        }
        let fields = InstructionFields(word)
        var immediates: [UInt32] = []
        var highestRegister: UInt32 = 0
        for operand in opcode.spec.operands {
            switch operand.value(in: word, pc: pc) {
            case .immediate(let value): immediates.append(UInt32(bitPattern: value))
            case .target(let address): immediates.append(address)
            case .addressRegister(let n): highestRegister = max(highestRegister, n)
            case .floatRegister, .booleanRegister, .macRegister: break
            }
        }
        // Calls also write a4/a8/a12, which their operand lists leave implicit.
        switch opcode {
        case .call4, .callx4: highestRegister = max(highestRegister, 4)
        case .call8, .callx8: highestRegister = max(highestRegister, 8)
        case .call12, .callx12: highestRegister = max(highestRegister, 12)
        default: break
        }
        self.opcode = opcode.rawValue
        operation = Operation.forOpcode[Int(opcode.rawValue)]
        info = UInt8(opcode.spec.length) | UInt8(highestRegister / 4) << 2
            | (DecodedInstruction.transfersControl(operation) ? 0x10 : 0)
        r = UInt8(fields.r)
        s = UInt8(fields.s)
        t = UInt8(fields.t)
        imm = immediates.first ?? 0
        imm2 = immediates.count > 1 ? immediates[1] : 0
    }

    private init(opcode: UInt16) {
        self.opcode = opcode
        operation = .ill
        info = 0x10
        r = 0
        s = 0
        t = 0
        imm = 0
        imm2 = 0
    }

    /// Operations that set the PC themselves: branches, jumps, calls, returns, loop set-up (which may skip
    /// the loop), returns from exceptions and interrupts, WAITI and the instructions that always raise.
    static func transfersControl(_ operation: Operation) -> Bool {
        switch operation {
        case .beq, .bne, .blt, .bge, .bltu, .bgeu, .bany, .bnone, .ball, .bnall, .bbc, .bbs, .beqi, .bnei, .blti,
             .bgei, .bltui, .bgeui, .bbci, .bbsi, .beqz, .bnez, .bltz, .bgez, .beqzN, .bnezN, .bf, .bt, .j, .jx,
             .call0, .call4, .call8, .call12, .callx0, .callx4, .callx8, .callx12, .ret, .retN, .retw, .retwN,
             .loop, .loopnez, .loopgtz, .rfe, .rfde, .rfi, .rfwo, .rfwu, .waiti, .break, .breakN, .syscall,
             .ill, .illN:
            true
        default:
            false
        }
    }

    /// The special or user register an RSR/WSR/XSR (r·16 + s) or RUR (s·16 + t) / WUR (r·16 + s) names.
    @inline(__always) var specialRegisterNumber: UInt32 { UInt32(r) << 4 | UInt32(s) }
    @inline(__always) var readUserRegisterNumber: UInt32 { UInt32(s) << 4 | UInt32(t) }
}

/// Predecoded instructions for the pages code has run from. A page's table is allocated on its first
/// execution; entries are filled on first use and reset when the bytes under them are written.
///
/// Empty entries are executable: they run as ILL with the "not decoded" marker, whose handler decodes the
/// instruction at the PC instead of raising. Each table has a few such entries past its end, so the run loop
/// can step from one instruction to the next without checking for the end of the page, and pages without a
/// table share one table of empty entries (`emptyTable`), so lookups never yield nil.
final class DecodeCache {
    /// Entries per table: one per byte of the page, plus room for an instruction that starts on the last
    /// byte to step past the end.
    static let tableSize = AddressSpace.pageSize + 4
    private let pages: UnsafeMutablePointer<UnsafeMutablePointer<DecodedInstruction>?>
    let emptyTable: UnsafeMutablePointer<DecodedInstruction>
    /// Every opcode decoded so far. Instructions are decoded when they are about to execute, so this is the
    /// set of opcodes the program has executed (or tried to); tests use it to prove ISA coverage.
    private(set) var decodedOpcodes = [Bool](repeating: false, count: OpcodeSpec.all.count)

    /// Pages that have a table, for freeing them.
    private var pagesWithTables: [Int] = []

    init() {
        // All nil: calloc's lazily zeroed pages make an unused cache free.
        guard let memory = calloc(AddressSpace.pageCount, MemoryLayout<UnsafeMutablePointer<DecodedInstruction>?>.stride)
        else { fatalError("cannot allocate the decode cache") }
        pages = memory.bindMemory(to: UnsafeMutablePointer<DecodedInstruction>?.self, capacity: AddressSpace.pageCount)
        emptyTable = .allocate(capacity: DecodeCache.tableSize)
        emptyTable.initialize(repeating: .empty, count: DecodeCache.tableSize)
    }

    deinit {
        for page in pagesWithTables { pages[page]?.deallocate() }
        free(pages)
        emptyTable.deallocate()
    }

    /// The slot for `address`: in its page's table, or in the shared empty table.
    @inline(__always) func slot(_ address: UInt32) -> UnsafeMutablePointer<DecodedInstruction> {
        (pages[Int(address >> AddressSpace.pageShift)] ?? emptyTable) + Int(address & 0xFFF)
    }

    @inline(__always) func hasCode(page: Int) -> Bool { pages[page] != nil }

    /// The entry table of `page`, nil if nothing was decoded there yet.
    @inline(__always) func table(page: Int) -> UnsafeMutablePointer<DecodedInstruction>? { pages[page] }

    func noteDecoded(_ opcode: UInt16) {
        if Int(opcode) < decodedOpcodes.count { decodedOpcodes[Int(opcode)] = true }
    }

    /// Creates the (empty) entry table of `page`.
    func createTable(page: Int) -> UnsafeMutablePointer<DecodedInstruction> {
        let table = UnsafeMutablePointer<DecodedInstruction>.allocate(capacity: DecodeCache.tableSize)
        table.initialize(repeating: .empty, count: DecodeCache.tableSize)
        pages[page] = table
        pagesWithTables.append(page)
        return table
    }

    /// Frees the table of `page` (its instructions will be decoded again when next executed).
    func discard(page: Int) {
        pages[page]?.deallocate()
        pages[page] = nil
        pagesWithTables.removeAll { $0 == page }
    }

    /// Empties every entry of `page`'s table but keeps the table (safe while the run loop points into it).
    func forgetPage(_ page: Int) {
        pages[page]?.update(repeating: .empty, count: DecodeCache.tableSize)
    }

    func forget(address: UInt32) {
        pages[Int(address >> AddressSpace.pageShift)]?[Int(address & 0xFFF)] = .empty
    }
}

/// How the executor refers to a predecoded instruction: through its slot in the decode table, so that each
/// handler loads only the fields it uses.
typealias InstructionPointer = UnsafePointer<DecodedInstruction>

extension UnsafePointer where Pointee == DecodedInstruction {
    @inline(__always) var operation: Operation { pointee.operation }
    @inline(__always) var opcode: UInt16 { pointee.opcode }
    @inline(__always) var r: UInt8 { pointee.r }
    @inline(__always) var s: UInt8 { pointee.s }
    @inline(__always) var t: UInt8 { pointee.t }
    @inline(__always) var imm: UInt32 { pointee.imm }
    @inline(__always) var imm2: UInt32 { pointee.imm2 }
    @inline(__always) var length: UInt8 { pointee.length }
    @inline(__always) var specialRegisterNumber: UInt32 { pointee.specialRegisterNumber }
    @inline(__always) var readUserRegisterNumber: UInt32 { pointee.readUserRegisterNumber }
}
