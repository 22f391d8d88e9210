// SPDX-License-Identifier: MIT
import ESP32
import Foundation
import Testing
import VirtualNetwork

/// An ESP32 whose CPU idles, with its Ethernet MAC on a slirp network, and the test playing the guest's
/// driver: it programs the MAC the way ESP-IDF's openeth driver does (one TX descriptor, `rxCount` RX
/// descriptors, promiscuous) and moves frames through descriptors and DRAM buffers.
final class NetworkBench {
    let machine: ESP32Machine
    let network: UserNetwork
    let rxCount: Int
    static let base: UInt32 = 0x3FF6_9000
    static let txBuffer: UInt32 = 0x3FFD_0000
    static let rxBuffers: UInt32 = 0x3FFD_1000
    static let bufferSize: UInt32 = 0x800
    private var rxNext = 0
    /// Frames taken from the ring that no `waitForFrame` has claimed yet.
    private var unclaimed: [[UInt8]] = []

    enum Register {
        static let mode: UInt32 = 0x00, interruptSource: UInt32 = 0x04, interruptMask: UInt32 = 0x08
        static let txDescriptorCount: UInt32 = 0x20, miiCommand: UInt32 = 0x2C, miiAddress: UInt32 = 0x30
        static let miiReceiveData: UInt32 = 0x38, miiStatus: UInt32 = 0x3C, descriptors: UInt32 = 0x400
    }

    init(_ options: NetworkOptions = NetworkOptions(), rxCount: Int = 4) throws {
        let machine = try ESP32Machine()
        let idleLoop: [UInt8] = [0x00, 0x70, 0x00, 0x46, 0xFE, 0xFF]  // waiti 0; j back
        #expect(machine.addressSpace.load(idleLoop, at: 0x4008_0000))
        machine.core.reset(resetVector: 0x4008_0000)
        self.machine = machine
        self.rxCount = rxCount
        network = try UserNetwork(options: options) { [unowned machine] in
            machine.clock.nanoseconds(cycles: machine.now)
        }
        network.attach(to: machine.ethernet)
        write(Register.mode, 0xA000 | 1 << 11)  // reset, as the driver does first
        write(Register.mode, 0xA000)
        write(Register.txDescriptorCount, 1)
        descriptor(0, flags: 1 << 13, buffer: NetworkBench.txBuffer)  // WR
        for index in 0..<rxCount {
            let wrap: UInt32 = index == rxCount - 1 ? 1 << 13 : 0
            descriptor(1 + index, flags: 1 << 15 | 1 << 14 | wrap, buffer: rxBuffer(index))  // E, IRQ
        }
        write(Register.interruptMask, 0x1F)
        write(Register.mode, 0xA000 | 1 << 5 | 1 << 1 | 1 << 0)  // PRO, TXEN, RXEN
    }

    func read(_ offset: UInt32) -> UInt32 {
        machine.addressSpace.dataRead(NetworkBench.base + offset, size: 4) ?? 0xDEAD
    }

    func write(_ offset: UInt32, _ value: UInt32) {
        #expect(machine.addressSpace.dataWrite(NetworkBench.base + offset, size: 4, value: value))
    }

    func descriptor(_ index: Int, flags: UInt32, buffer: UInt32) {
        write(Register.descriptors + UInt32(8 * index) + 4, buffer)
        write(Register.descriptors + UInt32(8 * index), flags)
    }

    func rxBuffer(_ index: Int) -> UInt32 { NetworkBench.rxBuffers + UInt32(index) * NetworkBench.bufferSize }

    /// A PHY register through the MII management interface.
    func readPHY(_ register: UInt32, phy: UInt32 = 1) -> UInt32 {
        write(Register.miiAddress, register << 8 | phy)
        write(Register.miiCommand, 1 << 1)  // RSTAT
        return read(Register.miiReceiveData)
    }

    /// Transmits `frame` through TX descriptor 0 (buffer, then LEN | RD | IRQ | WR).
    func send(_ frame: [UInt8]) {
        #expect(machine.addressSpace.load(frame, at: NetworkBench.txBuffer))
        write(Register.descriptors, UInt32(frame.count) << 16 | 1 << 15 | 1 << 14 | 1 << 13)
    }

    /// Runs the machine and services the network for `milliseconds` of virtual time; `waiting` lets each
    /// millisecond also wait up to a millisecond of wall time for host sockets.
    func advance(milliseconds: Int = 1, waiting: Bool = false) {
        for _ in 0..<milliseconds {
            _ = machine.run(cycles: machine.clock.cycles(microseconds: 1000))
            if waiting { network.waitForTraffic(upTo: 0.001) }
            network.service()
        }
    }

    /// Takes every filled RX descriptor's frame (without the 4 FCS bytes) and hands the descriptor back.
    func takeFrames() -> [[UInt8]] {
        var frames: [[UInt8]] = []
        while true {
            let offset = Register.descriptors + UInt32(8 * (1 + rxNext))
            let flags = read(offset)
            guard flags & 1 << 15 == 0 else { break }
            let length = Int(flags >> 16)
            frames.append(machine.addressSpace.peek(rxBuffer(rxNext), count: max(length - 4, 0)) ?? [])
            write(offset, flags & 0x6000 | 1 << 15)  // keep IRQ and WR, empty again
            rxNext = (rxNext + 1) % rxCount
        }
        return frames
    }

    /// Advances until a frame for which `matching` holds arrives (within `wallSeconds`), and returns it.
    func waitForFrame(wallSeconds: Double = 5, _ matching: ([UInt8]) -> Bool) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(wallSeconds)
        while Date() < deadline {
            unclaimed += takeFrames()
            if let index = unclaimed.firstIndex(where: matching) { return unclaimed.remove(at: index) }
            advance(waiting: true)
        }
        return nil
    }

    /// Frames from 10.0.2.3:53 to the guest: the DNS answers.
    func waitForDNSAnswer(id: UInt16) -> [UInt8]? {
        waitForFrame { frame in
            guard let packet = IPv4Frame(frame), packet.source == .nameserver, let payload = packet.udpPayload,
                payload.count >= 12
            else { return false }
            return UInt16(payload[payload.startIndex]) << 8 | UInt16(payload[payload.startIndex + 1]) == id
        }.flatMap { IPv4Frame($0)?.udpPayload.map(Array.init) }
    }
}
