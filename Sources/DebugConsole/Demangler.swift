// SPDX-License-Identifier: MIT

/// The Swift runtime's demangler (exported by libswiftCore on every platform), for the firmware's Embedded
/// Swift symbols: `$e4main3runyyF` reads `main.run() -> ()`.
import Foundation

@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangled: UnsafePointer<CChar>, _ length: Int, _ output: UnsafeMutablePointer<CChar>?,
    _ outputSize: UnsafeMutablePointer<Int>?, _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

enum Demangler {
    /// The readable form of a Swift symbol; nil for C symbols and names the runtime cannot read.
    static func demangle(_ symbol: String) -> String? {
        guard symbol.hasPrefix("$s") || symbol.hasPrefix("$e") || symbol.hasPrefix("_$s") else { return nil }
        let utf8 = Array(symbol.utf8CString)
        guard let result = swiftDemangle(utf8, utf8.count - 1, nil, nil, 0) else { return nil }
        defer { free(result) }
        return String(cString: result)
    }
}
