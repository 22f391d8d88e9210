// SPDX-License-Identifier: MIT
import Foundation
import Testing
import TestSupport
import XtensaISA

@Suite struct OpcodeTableTests {
    @Test func theTableHasEveryESP32OpcodeOnceAndInOrder() {
        #expect(OpcodeSpec.all.count == 513)
        #expect(Opcode.allCases.count == 513)
        #expect(Set(OpcodeSpec.all.map(\.mnemonic)).count == 513)
        for (index, spec) in OpcodeSpec.all.enumerated() {
            #expect(Int(spec.opcode.rawValue) == index)
            #expect(spec.value & ~spec.mask == 0, "\(spec.mnemonic): value has bits outside its mask")
        }
    }

    @Test func everyOpcodeDecodesFromItsOwnEncoding() {
        let decoder = Decoder()   // building it checks that no two opcodes overlap
        for spec in OpcodeSpec.all {
            #expect(decoder.decode(spec.value) == spec.opcode, "\(spec.mnemonic)")
            // Operand fields filled with ones must not change the opcode either.
            let width: UInt32 = spec.length == 3 ? 0xFF_FFFF : 0xFFFF
            #expect(decoder.decode(spec.value | (~spec.mask & width)) == spec.opcode, "\(spec.mnemonic)")
        }
    }

    @Test func lengthsFollowOp0() {
        #expect(instructionLength(firstByte: 0x36) == 3)
        #expect(instructionLength(firstByte: 0x1D) == 2)
        #expect(instructionLength(firstByte: 0x0E) == nil)
        #expect(instructionLength(firstByte: 0x0F) == nil)
        #expect(Decoder.shared.decode(0x00_000E) == nil)
        #expect(Decoder.shared.decode(0) == .ill)
    }

    @Test func theGeneratedTableIsUpToDate() throws {
        let result = try ProcessRunner.run(
            "/usr/bin/env", ["python3", Repository.root.appendingPathComponent("Tools/gen-opcodes").path, "--check"])
        #expect(result.status == 0, "\(result.combinedOutput)")
    }
}

/// The disassembler against llvm-objdump on real firmware (absolute targets, as objdump prints them) and
/// against llvm-mc's encodings where LLVM's disassembler is known to print wrongly.
@Suite struct DisassemblerTests {
    @Test(arguments: ["hello", "abi_check"])
    func firmwareDisassemblyMatchesObjdump(app: String) throws {
        let elf = try FirmwareBuild.elf(app)
        let result = try ProcessRunner.run(
            Repository.llvmBin.appendingPathComponent("llvm-objdump").path, ["-d", "--mcpu=esp32", elf.path])
        #expect(result.status == 0)
        let ours = Disassembler(style: .absolute)
        var checked = 0
        for line in result.standardOutput.split(separator: "\n") {
            // "400d02af: 81 7a ff     \tl32r\ta8, 0x400d0098"
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, parts[1] != "<unknown>", let colon = parts[0].firstIndex(of: ":"),
                  let pc = UInt32(parts[0][..<colon], radix: 16) else { continue }
            let bytes = parts[0][parts[0].index(after: colon)...].split(separator: " ").compactMap { UInt8($0, radix: 16) }
            guard bytes.count == 2 || bytes.count == 3 else { continue }
            let word = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
            var theirs = String(parts[1])
            if let label = theirs.range(of: " <") { theirs = String(theirs[..<label.lowerBound]) }
            let decoded = ours.line(for: word, pc: pc)
            let mine = try #require(decoded, "\(line)")
            #expect(mine.length == bytes.count)
            #expect(DecoderVersusLLVMTests.agreeModuloLLVMDefects(mine.opcode, ours: mine.text, llvm: theirs),
                    "\(line): ours '\(mine.text)'")
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func addmiImmediatesMatchTheAssembler() throws {
        let immediates = [-32768, -256, 0, 256, 512, 32512]
        let source = immediates.map { "addmi a3, a5, \($0)" }.joined(separator: "\n") + "\n"
        let result = try ProcessRunner.run(
            Repository.llvmBin.appendingPathComponent("llvm-mc").path,
            ["-triple=xtensa", "-mcpu=esp32", "-show-encoding"], input: Data(source.utf8))
        let encodings = result.standardOutput.split(separator: "\n").compactMap { line -> UInt32? in
            guard let open = line.range(of: "encoding: [") else { return nil }
            let bytes = line[open.upperBound...].prefix { $0 != "]" }.split(separator: ",")
                .compactMap { UInt8($0.dropFirst(2), radix: 16) }
            return bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        }
        #expect(encodings.count == immediates.count)
        for (word, immediate) in zip(encodings, immediates) {
            #expect(Disassembler().line(for: word, pc: 0)?.text == "addmi\ta3, a5, \(immediate)")
        }
    }

    @Test func opcodesLLVMLacksReadNaturally() {
        let d = Disassembler()
        #expect(d.line(for: 0x00_5100, pc: 0)?.text == "simcall")
        #expect(d.line(for: 0x40_3C00, pc: 0)?.text == "ssa8b\ta12")
        #expect(d.line(for: 0x05_B232, pc: 0)?.text == "l32ai\ta3, a2, 20")
        #expect(d.line(for: 0x03_0500, pc: 0)?.text == "rsr\ta0, litbase")
        #expect(d.line(for: 0xF1_E010, pc: 0)?.text == "rfdd")
    }
}
