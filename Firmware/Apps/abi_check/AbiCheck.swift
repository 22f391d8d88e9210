// SPDX-License-Identifier: MIT
// The Swift half of the Swift<->C ABI check: Swift calls C with every scalar width and checks the answers,
// then C calls the functions exported here and checks those. Prints "ABI OK" and exits 0, or names each
// failure and exits with the failure count.

@_extern(c, "fw_console_write") func consoleWrite(_ bytes: UnsafePointer<UInt8>, _ count: Int)
@_extern(c, "fw_board_halt") func boardHalt(_ status: Int32)
@_extern(c, "abi_c_int8") func cInt8(_ x: Int8) -> Int8
@_extern(c, "abi_c_uint8") func cUInt8(_ x: UInt8) -> UInt8
@_extern(c, "abi_c_int16") func cInt16(_ x: Int16) -> Int16
@_extern(c, "abi_c_uint16") func cUInt16(_ x: UInt16) -> UInt16
@_extern(c, "abi_c_int32") func cInt32(_ x: Int32) -> Int32
@_extern(c, "abi_c_uint32") func cUInt32(_ x: UInt32) -> UInt32
@_extern(c, "abi_c_int64") func cInt64(_ x: Int64) -> Int64
@_extern(c, "abi_c_uint64") func cUInt64(_ x: UInt64) -> UInt64
@_extern(c, "abi_c_bool") func cBool(_ x: Bool) -> Bool
@_extern(c, "abi_c_float") func cFloat(_ x: Float) -> Float
@_extern(c, "abi_c_double") func cDouble(_ x: Double) -> Double
@_extern(c, "abi_c_pointer") func cPointer(_ p: UnsafePointer<UInt32>) -> UInt
@_extern(c, "abi_c_mixed")
func cMixed(_ a: UInt8, _ b: Int64, _ c: UInt16, _ d: Double, _ e: Int32, _ f: Float, _ g: UInt64, _ h: Int8) -> UInt32
@_extern(c, "abi_c_calls_swift") func cCallsSwift() -> UInt32

func write(_ text: StaticString) { consoleWrite(text.utf8Start, text.utf8CodeUnitCount) }

var failures: Int32 = 0

func check(_ ok: Bool, _ what: StaticString) {
    if ok { return }
    failures += 1
    write("ABI FAIL (Swift calls C): ")
    write(what)
    write("\n")
}

@c public func abi_swift_int8(_ x: Int8) -> Int8 { x == -100 ? -99 : 0 }
@c public func abi_swift_uint8(_ x: UInt8) -> UInt8 { x == 200 ? 201 : 0 }
@c public func abi_swift_int16(_ x: Int16) -> Int16 { x == -30000 ? -29999 : 0 }
@c public func abi_swift_uint16(_ x: UInt16) -> UInt16 { x == 60000 ? 60001 : 0 }
@c public func abi_swift_int32(_ x: Int32) -> Int32 { x == -2_000_000_000 ? -1_999_999_999 : 0 }
@c public func abi_swift_uint32(_ x: UInt32) -> UInt32 { x == 4_000_000_000 ? 4_000_000_001 : 0 }
@c public func abi_swift_int64(_ x: Int64) -> Int64 { x == -0x123_4567_89AB_CDEF ? -0x123_4567_89AB_CDEE : 0 }
@c public func abi_swift_uint64(_ x: UInt64) -> UInt64 {
    x == 0xFEDC_BA98_7654_3210 ? 0xFEDC_BA98_7654_3211 : 0
}
@c public func abi_swift_bool(_ x: Bool) -> Bool { !x }
@c public func abi_swift_float(_ x: Float) -> Float {
    Float(bitPattern: x.bitPattern == 0xC050_0000 ? 0x4050_0000 : 0)
}
@c public func abi_swift_double(_ x: Double) -> Double {
    Double(bitPattern: x.bitPattern == 0x7E37_E43C_8800_759C ? 0xFE37_E43C_8800_759C : 0)
}
@c public func abi_swift_mixed(
    _ a: UInt8, _ b: Int64, _ c: UInt16, _ d: Double, _ e: Int32, _ f: Float, _ g: UInt64, _ h: Int8
) -> UInt32 {
    var bad: UInt32 = 0
    if a != 0xAB { bad |= 1 << 0 }
    if b != -2 { bad |= 1 << 1 }
    if c != 0xBEEF { bad |= 1 << 2 }
    if d.bitPattern != 0x3FF8_0000_0000_0000 { bad |= 1 << 3 }
    if e != -7 { bad |= 1 << 4 }
    if f.bitPattern != 0x3F00_0000 { bad |= 1 << 5 }
    if g != 0x8000_0000_0000_0001 { bad |= 1 << 6 }
    if h != -1 { bad |= 1 << 7 }
    return bad
}

@c public func app_main() {
    check(cInt8(-100) == -99, "int8")
    check(cUInt8(200) == 201, "uint8")
    check(cInt16(-30000) == -29999, "int16")
    check(cUInt16(60000) == 60001, "uint16")
    check(cInt32(-2_000_000_000) == -1_999_999_999, "int32")
    check(cUInt32(4_000_000_000) == 4_000_000_001, "uint32")
    check(cInt64(-0x123_4567_89AB_CDEF) == -0x123_4567_89AB_CDEE, "int64")
    check(cUInt64(0xFEDC_BA98_7654_3210) == 0xFEDC_BA98_7654_3211, "uint64")
    check(cBool(true) == false && cBool(false) == true, "bool")
    check(cFloat(Float(bitPattern: 0xC050_0000)).bitPattern == 0x4050_0000, "float")
    check(cDouble(Double(bitPattern: 0x7E37_E43C_8800_759C)).bitPattern == 0xFE37_E43C_8800_759C, "double")
    var words: (UInt32, UInt32) = (0xCAFE_F00D, 0)
    withUnsafePointer(to: &words) { tuple in
        tuple.withMemoryRebound(to: UInt32.self, capacity: 2) { p in
            check(cPointer(p) == UInt(bitPattern: p + 1), "pointer")
        }
    }
    check(cMixed(0xAB, -2, 0xBEEF, Double(bitPattern: 0x3FF8_0000_0000_0000), -7, Float(bitPattern: 0x3F00_0000),
                 0x8000_0000_0000_0001, -1) == 0, "mixed arguments")
    failures += Int32(cCallsSwift())
    if failures == 0 { write("ABI OK\n") }
    boardHalt(failures)
}
