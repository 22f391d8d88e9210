// SPDX-License-Identifier: MIT

/// Special-register numbers of the ESP32 (xtensa_isa.md §3.9) and the user registers.
public enum SpecialRegister {
    public static let lbeg: UInt32 = 0
    public static let lend: UInt32 = 1
    public static let lcount: UInt32 = 2
    public static let sar: UInt32 = 3
    public static let br: UInt32 = 4
    public static let litbase: UInt32 = 5
    public static let scompare1: UInt32 = 12
    public static let acclo: UInt32 = 16
    public static let acchi: UInt32 = 17
    public static let m0: UInt32 = 32
    public static let windowbase: UInt32 = 72
    public static let windowstart: UInt32 = 73
    public static let mmid: UInt32 = 89
    public static let ibreakenable: UInt32 = 96
    public static let memctl: UInt32 = 97
    public static let atomctl: UInt32 = 99
    public static let ddr: UInt32 = 104
    public static let ibreaka0: UInt32 = 128
    public static let dbreaka0: UInt32 = 144
    public static let dbreakc0: UInt32 = 160
    public static let configid0: UInt32 = 176
    public static let epc1: UInt32 = 177
    public static let depc: UInt32 = 192
    public static let eps2: UInt32 = 194
    public static let configid1: UInt32 = 208
    public static let excsave1: UInt32 = 209
    public static let cpenable: UInt32 = 224
    public static let interrupt: UInt32 = 226
    public static let intclear: UInt32 = 227
    public static let intenable: UInt32 = 228
    public static let ps: UInt32 = 230
    public static let vecbase: UInt32 = 231
    public static let exccause: UInt32 = 232
    public static let debugcause: UInt32 = 233
    public static let ccount: UInt32 = 234
    public static let prid: UInt32 = 235
    public static let icount: UInt32 = 236
    public static let icountlevel: UInt32 = 237
    public static let excvaddr: UInt32 = 238
    public static let ccompare0: UInt32 = 240
    public static let misc0: UInt32 = 244

    // User registers (RUR/WUR).
    public static let expstate: UInt32 = 230
    public static let threadptr: UInt32 = 231
    public static let fcr: UInt32 = 232
    public static let fsr: UInt32 = 233
    public static let f64rLow: UInt32 = 234
    public static let f64rHigh: UInt32 = 235
    public static let f64s: UInt32 = 236
}
