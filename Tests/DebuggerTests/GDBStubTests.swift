// SPDX-License-Identifier: MIT
import Debugger
import Foundation
import Testing
import XtensaCore
import XtensaSim

/// The remote protocol's framing, the ESP32 register layout and the stub's answers, on a sim-board CPU.
@Suite struct GDBStubTests {
    final class SimTarget: GDBTarget {
        let board = SimBoard { _, _ in }
        var resets = 0
        var runningCPUCount: Int { 1 }
        func core(_ index: Int) -> Core { board.core }
        func readMemory(_ address: UInt32, count: Int) -> [UInt8]? { board.addressSpace.peek(address, count: count) }
        func writeMemory(_ address: UInt32, _ bytes: [UInt8]) -> Bool { board.addressSpace.load(bytes, at: address) }
        func reset() { resets += 1 }
        var information: String { "sim board" }
    }

    func ask(_ stub: GDBStub, _ packet: String) -> String? { stub.handle(Array(packet.utf8)).reply }

    @Test func framingChecksAcknowledgesAndSurvivesGarbage() {
        var framer = RSPFramer()
        #expect(framer.feed(Array("+$g#67".utf8)) == [.acknowledged, .packet(Array("g".utf8))])
        #expect(framer.feed(Array("$g#00".utf8)) == [.badChecksum])
        #expect(framer.feed([0x03]) == [.interrupt])
        #expect(framer.feed(Array("$m0,4#zz".utf8)) == [.badChecksum], "non-hex checksum")
        let escaped = RSPFramer.frame("a#b}c")
        #expect(framer.feed(escaped) == [.packet(Array("a#b}c".utf8))], "escapes round-trip")
        let huge = [UInt8(ascii: "$")] + [UInt8](repeating: UInt8(ascii: "a"), count: 100_000) + Array("#00".utf8)
        #expect(framer.feed(huge) == [.badChecksum], "an over-long packet is dropped, not buffered")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            _ = framer.feed((0..<512).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
        #expect(framer.feed(RSPFramer.frame("qC")).last == .packet(Array("qC".utf8)), "recovers after noise")
    }

    @Test func theRegisterPacketHasTheESP32Layout() throws {
        let target = SimTarget()
        let core = target.core(0)
        core.setPC(0x4000_1234)
        core.setPhysicalRegister(0, 0x1111_1111)
        core.setPhysicalRegister(63, 0x6363_6363)
        core.setSpecialRegister(SpecialRegister.sar, 17)
        core.setFloatRegister(15, 0x3F80_0000)
        core.setSpecialRegister(SpecialRegister.excsave1, 0xE5E5_0001)
        let stub = GDBStub(target: target)
        let all = try #require(ask(stub, "g"))
        #expect(all.count == 157 * 8)
        func entry(_ index: Int) -> String { String(Array(all)[index * 8..<index * 8 + 8]) }
        #expect(entry(0) == "34120040", "pc, little-endian")
        #expect(entry(1) == "11111111" && entry(64) == "63636363", "ar0 and ar63")
        #expect(entry(68) == GDBHex.word(17), "sar")
        #expect(entry(102) == "0000803f", "f15")
        #expect(entry(130) == GDBHex.word(0xE5E5_0001), "excsave1")
        #expect(ask(GDBStub(target: target, layout: .coreOnly), "g")?.count == 105 * 8)
        #expect(ask(stub, "p44") == GDBHex.word(17), "p 0x44 = sar")
        #expect(ask(stub, "P0=78563412") == "OK" && core.pc == 0x1234_5678)
        #expect(ask(stub, "p9d") == "E01", "157 is not in the packet")
        #expect(ask(stub, "G1234") == "E01", "wrong length")
        let written = String(repeating: "01000000", count: 157)
        #expect(ask(stub, "G" + written) == "OK" && core.pc == 1 && core.physicalRegisters[10] == 1)
    }

    @Test func memoryRoundTripsAndBadAddressesAreErrors() throws {
        let target = SimTarget()
        let stub = GDBStub(target: target)
        #expect(ask(stub, "M1000,4:deadbeef") == "OK")
        #expect(ask(stub, "m1000,4") == "deadbeef")
        var binary = Array("X1004,3:".utf8)
        binary += [0x23, 0x7D, 0x00]  // '#', '}' arrive unescaped after framing
        #expect(stub.handle(binary).reply == "OK")
        #expect(ask(stub, "m1004,3") == "237d00")
        #expect(ask(stub, "m80000000,4") == "E01", "unmapped")
        #expect(ask(stub, "m1000") == "E01" && ask(stub, "M1000,4:zz") == "E01")
        #expect(ask(stub, "m1000,100000") == "E01", "longer than a packet")
    }

    @Test func pointsThreadsQueriesAndControl() throws {
        let target = SimTarget()
        let stub = GDBStub(target: target)
        #expect(ask(stub, "Z0,40001000,3") == "OK" && stub.breakpoints == [0x4000_1000])
        #expect(ask(stub, "z0,40001000,3") == "OK" && stub.breakpoints.isEmpty)
        #expect(ask(stub, "Z2,3ffb0000,4") == "OK" && stub.watchpoints.first?.kind == .write)
        #expect(ask(stub, "Z4,3ffb0000,0") == "E01", "empty watch")
        #expect(ask(stub, "Z9,0,0") == "", "unknown kind: unsupported")
        #expect(ask(stub, "qfThreadInfo") == "m1" && ask(stub, "qsThreadInfo") == "l")
        #expect(ask(stub, "Hg1") == "OK" && ask(stub, "Hg7") == "E01" && ask(stub, "T1") == "OK")
        #expect(ask(stub, "qSupported:multiprocess+")?.contains("QStartNoAckMode+") == true)
        #expect(ask(stub, "QStartNoAckMode") == "OK" && stub.noAcknowledgements)
        #expect(stub.handle(Array("c".utf8)).command == .resume)
        #expect(stub.handle(Array("vCont;s:1;c".utf8)).command == .step(thread: 1))
        #expect(stub.handle(Array("D".utf8)) == ("OK", .detach))
        #expect(stub.handle(Array("k".utf8)).command == .kill)
        #expect(
            stub.stopReply(.watchpoint(thread: 1, kind: .write, address: 0x3FFB_0000)) == "T05watch:3ffb0000;thread:1;")
        #expect(ask(stub, "?") == "T05watch:3ffb0000;thread:1;")
        let reset = try #require(ask(stub, "qRcmd," + GDBHex.bytes("reset".utf8)))
        #expect(
            target.resets == 1 && String(decoding: GDBHex.decode(Substring(reset))!, as: UTF8.self).contains("reset"))
        #expect(ask(stub, "vMustReplyEmpty") == "" && ask(stub, "") == "")
    }
}
