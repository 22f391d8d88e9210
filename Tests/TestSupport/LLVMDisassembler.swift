// SPDX-License-Identifier: MIT
import Foundation

/// LLVM 22's Xtensa disassembler (`-mcpu=esp32`) through libLLVM's C API, loaded at run time with dlopen so
/// that nothing links against LLVM. The oracle for the decoder and disassembler tests: `llvm-mc
/// --disassemble` cannot serve, because it silently stops at the first invalid word.
public final class LLVMDisassembler: @unchecked Sendable {  // one instance per thread
    public struct Unavailable: Error, CustomStringConvertible {
        public let description: String
    }

    private typealias CreateDisasm =
        @convention(c) (
            UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int32,
            UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
        ) -> UnsafeMutableRawPointer?
    private typealias Disassemble =
        @convention(c) (
            UnsafeMutableRawPointer, UnsafeMutablePointer<UInt8>, UInt64, UInt64, UnsafeMutablePointer<CChar>, Int
        ) -> Int
    private typealias Dispose = @convention(c) (UnsafeMutableRawPointer) -> Void

    private let context: UnsafeMutableRawPointer
    private let disassemble: Disassemble
    private let dispose: Dispose
    private var bytes = [UInt8](repeating: 0, count: 4)
    private var text = [CChar](repeating: 0, count: 256)

    public static let libraryPath = "/usr/lib/x86_64-linux-gnu/libLLVM.so.22.1"

    public init() throws {
        guard let library = dlopen(LLVMDisassembler.libraryPath, RTLD_NOW) else {
            throw Unavailable(
                description: "cannot load \(LLVMDisassembler.libraryPath) (package llvm-22; run Tools/setup)")
        }
        func symbol<T>(_ name: String, as: T.Type) throws -> T {
            guard let address = dlsym(library, name) else { throw Unavailable(description: "libLLVM lacks \(name)") }
            return unsafeBitCast(address, to: T.self)
        }
        typealias Initialize = @convention(c) () -> Void
        for name in [
            "LLVMInitializeXtensaTargetInfo", "LLVMInitializeXtensaTargetMC", "LLVMInitializeXtensaDisassembler",
        ] {
            try symbol(name, as: Initialize.self)()
        }
        let create = try symbol("LLVMCreateDisasmCPUFeatures", as: CreateDisasm.self)
        disassemble = try symbol("LLVMDisasmInstruction", as: Disassemble.self)
        dispose = try symbol("LLVMDisasmDispose", as: Dispose.self)
        guard let context = create("xtensa", "esp32", "", nil, 0, nil, nil) else {
            throw Unavailable(description: "LLVM has no Xtensa disassembler for esp32")
        }
        self.context = context
    }

    deinit { dispose(context) }

    /// LLVM's length and text for the instruction in the three bytes of `word` at `pc`, or nil if LLVM rejects
    /// it. The text has LLVM's leading tab removed.
    public func instruction(_ word: UInt32, pc: UInt32) -> (length: Int, text: String)? {
        bytes[0] = UInt8(word & 0xFF)
        bytes[1] = UInt8((word >> 8) & 0xFF)
        bytes[2] = UInt8((word >> 16) & 0xFF)
        let length = bytes.withUnsafeMutableBufferPointer { b in
            text.withUnsafeMutableBufferPointer { t in
                disassemble(context, b.baseAddress!, 3, UInt64(pc), t.baseAddress!, t.count)
            }
        }
        guard length > 0 else { return nil }
        let string = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (length, string.hasPrefix("\t") ? String(string.dropFirst()) : string)
    }
}
