// SPDX-License-Identifier: MIT

/// EXCCAUSE values of the Xtensa exception architecture 2 as they occur on the ESP32 (xtensa_isa.md §4.1).
/// Names are ESP-IDF's, as its panic handler prints them.
public enum ExceptionCause: UInt32, Sendable, CaseIterable {
    case illegalInstruction = 0
    case syscall = 1
    case instructionFetchError = 2
    case loadStoreError = 3
    case level1Interrupt = 4
    case alloca = 5
    case integerDivideByZero = 6
    case pcValue = 7
    case privileged = 8
    case loadStoreAlignment = 9
    case instrPIFDataError = 12
    case loadStorePIFDataError = 13
    case instrPIFAddrError = 14
    case loadStorePIFAddrError = 15
    case instTLBMiss = 16
    case instTLBMultiHit = 17
    case instFetchPrivilege = 18
    case instFetchProhibited = 20
    case loadStoreTLBMiss = 24
    case loadStoreTLBMultiHit = 25
    case loadStorePrivilege = 26
    case loadProhibited = 28
    case storeProhibited = 29
    case coprocessor0Disabled = 32

    /// The name ESP-IDF's panic handler prints (`Guru Meditation Error: … (LoadProhibited)`).
    public var name: String {
        switch self {
        case .illegalInstruction: "IllegalInstruction"
        case .syscall: "Syscall"
        case .instructionFetchError: "InstructionFetchError"
        case .loadStoreError: "LoadStoreError"
        case .level1Interrupt: "Level1Interrupt"
        case .alloca: "Alloca"
        case .integerDivideByZero: "IntegerDivideByZero"
        case .pcValue: "PCValue"
        case .privileged: "Privileged"
        case .loadStoreAlignment: "LoadStoreAlignment"
        case .instrPIFDataError: "InstrPIFDataError"
        case .loadStorePIFDataError: "LoadStorePIFDataError"
        case .instrPIFAddrError: "InstrPIFAddrError"
        case .loadStorePIFAddrError: "LoadStorePIFAddrError"
        case .instTLBMiss: "InstTLBMiss"
        case .instTLBMultiHit: "InstTLBMultiHit"
        case .instFetchPrivilege: "InstFetchPrivilege"
        case .instFetchProhibited: "InstFetchProhibited"
        case .loadStoreTLBMiss: "LoadStoreTLBMiss"
        case .loadStoreTLBMultiHit: "LoadStoreTLBMultiHit"
        case .loadStorePrivilege: "LoadStorePrivilege"
        case .loadProhibited: "LoadProhibited"
        case .storeProhibited: "StoreProhibited"
        case .coprocessor0Disabled: "Cp0Dis"
        }
    }

    /// Whether the cause concerns a memory address, which the CPU then records in EXCVADDR.
    var recordsAddress: Bool {
        switch self {
        case .loadStoreError, .loadStoreAlignment, .instrPIFDataError, .loadStorePIFDataError, .instrPIFAddrError,
             .loadStorePIFAddrError, .instFetchProhibited, .loadProhibited, .storeProhibited:
            true
        default:
            false
        }
    }
}

/// Offsets of the exception and interrupt vectors from VECBASE (xtensa_isa.md §1.4).
public enum VectorOffset {
    public static let windowOverflow4: UInt32 = 0x000
    public static let windowUnderflow4: UInt32 = 0x040
    public static let windowOverflow8: UInt32 = 0x080
    public static let windowUnderflow8: UInt32 = 0x0C0
    public static let windowOverflow12: UInt32 = 0x100
    public static let windowUnderflow12: UInt32 = 0x140
    /// Level n (2…7) interrupt vectors: level 2 at 0x180, then every 0x40; level 6 is the debug vector.
    public static func level(_ n: UInt32) -> UInt32 { 0x180 + (n - 2) * 0x40 }
    public static let kernel: UInt32 = 0x300
    public static let user: UInt32 = 0x340
    public static let double: UInt32 = 0x3C0
}
