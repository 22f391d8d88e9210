// SPDX-License-Identifier: MIT
import XtensaCore

/// The OpenCores Ethernet MAC that Espressif's QEMU puts at 0x3FF69000 and ESP-IDF's `openeth` driver targets
/// (esp32_emu_anchors.md §3): registers at offset 0x000, 128 buffer descriptors of 8 bytes at 0x400, the
/// first TX_BD_NUM for transmit and the rest for receive, and the DP83848 PHY on the MII bus. Frames move
/// between guest RAM and the host side (`transmit`, `receive`) at once, as in QEMU.
///
/// One difference from QEMU, on purpose: a frame that arrives while no receive descriptor is empty raises
/// BUSY but is not dropped; it waits in a bounded queue and is stored when the guest hands a descriptor back,
/// so a slow guest loses nothing to a burst.
public final class OpenEthernet: MemoryMappedDevice {
    public let name = "EMAC"

    enum Register {
        static let mode: UInt32 = 0x00
        static let interruptSource: UInt32 = 0x04
        static let interruptMask: UInt32 = 0x08
        static let packetLength: UInt32 = 0x18
        static let txDescriptorCount: UInt32 = 0x20
        static let miiCommand: UInt32 = 0x2C
        static let miiAddress: UInt32 = 0x30
        static let miiTransmitData: UInt32 = 0x34
        static let miiReceiveData: UInt32 = 0x38
        static let miiStatus: UInt32 = 0x3C
        static let macAddress0: UInt32 = 0x40
        static let macAddress1: UInt32 = 0x44
        static let hash0: UInt32 = 0x48
        static let hash1: UInt32 = 0x4C
        static let end: UInt32 = 0x54
        /// Reset values of the registers that have one.
        static let resetValues: [UInt32: UInt32] = [
            mode: 0xA000, 0x0C: 0x12, 0x10: 0x0C, 0x14: 0x12, packetLength: 0x0040_0600, 0x1C: 0x000F_003F,
            txDescriptorCount: 0x40, 0x28: 0x64,
        ]
    }

    enum Mode {
        static let receiveEnable: UInt32 = 1 << 0
        static let transmitEnable: UInt32 = 1 << 1
        static let rejectBroadcast: UInt32 = 1 << 3
        static let hashIndividual: UInt32 = 1 << 4
        static let promiscuous: UInt32 = 1 << 5
        static let reset: UInt32 = 1 << 11
        static let hugeFrames: UInt32 = 1 << 14
        static let pad: UInt32 = 1 << 15
    }

    /// INT_SOURCE / INT_MASK bits.
    public enum Interrupt {
        public static let transmitted: UInt32 = 1 << 0
        public static let transmitError: UInt32 = 1 << 1
        public static let received: UInt32 = 1 << 2
        public static let receiveError: UInt32 = 1 << 3
        public static let busy: UInt32 = 1 << 4
    }

    /// Descriptor word 0: length in bits 31:16, flags below.
    enum Descriptor {
        static let base: UInt32 = 0x400
        static let count = 128
        static let ready: UInt32 = 1 << 15  // TX: owned by the MAC; RX: empty (same bit)
        static let interrupt: UInt32 = 1 << 14
        static let wrap: UInt32 = 1 << 13
        static let txPad: UInt32 = 1 << 12
        static let txUnderrun: UInt32 = 1 << 8
        static let txCarrierLost: UInt32 = 1 << 0
        static let txStatus: UInt32 = 0x1FF
        static let rxMiss: UInt32 = 1 << 7  // accepted only because of promiscuous mode
        static let rxTooLong: UInt32 = 1 << 3
        static let rxStatus: UInt32 = 0x1FF
    }

    enum MIICommand {
        static let readStatus: UInt32 = 1 << 1
        static let writeControlData: UInt32 = 1 << 2
    }

    /// What the MAC has done, for diagnostics and tests.
    public struct Statistics: Sendable, Equatable {
        public var framesSent = 0
        public var framesReceived = 0
        /// Frames the guest sent while the link was down (they go nowhere).
        public var framesSentWithoutLink = 0
        /// Frames refused by the address filter.
        public var framesFiltered = 0
        /// Times a frame found no empty receive descriptor (INT_SOURCE.BUSY).
        public var busyEvents = 0
        /// Frames dropped because the wait queue was full.
        public var framesDroppedQueueFull = 0
        /// Descriptors pointing outside guest RAM.
        public var descriptorErrors = 0
    }

    /// Frames that may wait for a receive descriptor before new ones are dropped.
    public static let receiveQueueLimit = 512
    static let frameCheckSequenceBytes = 4

    private var registers = [UInt32](repeating: 0, count: Int(Register.end / 4))
    private var descriptors = [UInt32](repeating: 0, count: 2 * Descriptor.count)
    private var txIndex = 0
    private var rxIndex = 0
    private var waiting: [[UInt8]] = []
    /// Whether the frame at the head of `waiting` already raised BUSY (once per stall, not per retry).
    private var busyRaised = false
    private let phy = EthernetPHY()
    private let source: Int
    private let context: DeviceContext
    private let memory: AddressSpace
    public private(set) var statistics = Statistics()
    /// Receives every frame the guest transmits (without FCS).
    public var transmit: ([UInt8]) -> Void = { _ in }
    /// Told about guest mistakes the MAC cannot act on (a descriptor pointing outside RAM).
    public var onDiagnostic: (String) -> Void = { _ in }

    init(source: Int, context: DeviceContext, memory: AddressSpace) {
        self.source = source
        self.context = context
        self.memory = memory
        reset()
    }

    func reset() {
        registers = [UInt32](repeating: 0, count: Int(Register.end / 4))
        for (offset, value) in Register.resetValues { setRegister(offset, value) }
        descriptors = [UInt32](repeating: 0, count: 2 * Descriptor.count)
        txIndex = 0
        rxIndex = 0
        phy.reset()
        updateInterrupt()
    }

    private func registerValue(_ offset: UInt32) -> UInt32 { registers[Int(offset / 4)] }
    private func setRegister(_ offset: UInt32, _ value: UInt32) { registers[Int(offset / 4)] = value }
    private var mode: UInt32 { registerValue(Register.mode) }
    private var txCount: Int { Int(registerValue(Register.txDescriptorCount)) }

    // MARK: - Host side

    /// Whether the PHY reports a link (the cable is in). A frame for the guest while the link is down is lost,
    /// as on a real wire.
    public var isLinkUp: Bool {
        get { phy.isLinkUp }
        set { phy.isLinkUp = newValue }
    }

    /// Frames waiting for a free receive descriptor.
    public var waitingFrameCount: Int { waiting.count }

    /// A frame from the network for the guest (without FCS): stored in the next empty receive descriptor, or
    /// queued until there is one.
    public func receive(_ frame: [UInt8]) {
        guard isLinkUp else { return }
        guard waiting.count < OpenEthernet.receiveQueueLimit else {
            statistics.framesDroppedQueueFull += 1
            return
        }
        waiting.append(frame)
        deliverWaitingFrames()
    }

    // MARK: - Registers

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let word: UInt32
        if offset >= Descriptor.base {
            let index = Int((offset - Descriptor.base) / 4)
            word = index < descriptors.count ? descriptors[index] : 0
        } else {
            word = offset < Register.end ? registerValue(offset & ~3) : 0
        }
        return MemoryMappedRegisters.extract(word, offset: offset)
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        if offset >= Descriptor.base {
            let index = Int((offset - Descriptor.base) / 4)
            guard index < descriptors.count else { return }
            descriptors[index] = MemoryMappedRegisters.merge(descriptors[index], value, offset: offset, size: size)
            // Any descriptor write re-checks both rings: a TX descriptor made ready, an RX one handed back.
            transmitReadyFrames()
            deliverWaitingFrames()
            return
        }
        guard offset < Register.end else { return }
        let register = offset & ~3
        let merged = MemoryMappedRegisters.merge(registerValue(register), value, offset: offset, size: size)
        switch register {
        case Register.mode: writeMode(merged)
        case Register.interruptSource:
            setRegister(register, registerValue(register) & ~merged)  // write 1 to clear
            updateInterrupt()
        case Register.interruptMask:
            setRegister(register, merged)
            updateInterrupt()
        case Register.txDescriptorCount:
            if merged <= 0x80 { setRegister(register, merged) }  // QEMU ignores larger values
        case Register.miiCommand: runMIICommand(merged)
        case Register.miiReceiveData, Register.miiStatus: break  // read-only
        default: setRegister(register, merged)
        }
    }

    private func writeMode(_ value: UInt32) {
        let rising = value & ~mode
        if rising & Mode.reset != 0 { reset() }
        setRegister(Register.mode, value)
        if rising & Mode.receiveEnable != 0 {
            rxIndex = txCount
            deliverWaitingFrames()
        }
        if rising & Mode.transmitEnable != 0 {
            txIndex = 0
            transmitReadyFrames()
        }
    }

    private func runMIICommand(_ command: UInt32) {
        let address = registerValue(Register.miiAddress)
        let phyAddress = address & 0x1F
        let register = Int(address >> 8 & 0x1F)
        if command & MIICommand.writeControlData != 0 {
            phy.write(
                phy: phyAddress, register: register,
                value: UInt16(truncatingIfNeeded: registerValue(Register.miiTransmitData)))
        }
        if command & MIICommand.readStatus != 0 {
            setRegister(Register.miiReceiveData, UInt32(phy.read(phy: phyAddress, register: register)))
            setRegister(Register.miiStatus, isLinkUp ? 0 : 1)  // LINKFAIL
        }
        setRegister(Register.miiCommand, 0)  // commands complete at once
    }

    private func raise(_ bits: UInt32) {
        setRegister(Register.interruptSource, registerValue(Register.interruptSource) | bits)
        updateInterrupt()
    }

    private func updateInterrupt() {
        context.matrix.setLevel(
            source: source,
            asserted: registerValue(Register.interruptSource) & registerValue(Register.interruptMask) != 0)
    }

    // MARK: - Transmit

    private func transmitReadyFrames() {
        var sent = 0
        while mode & Mode.transmitEnable != 0, txCount > 0, sent < txCount {
            let flags = descriptors[2 * txIndex]
            let length = Int(flags >> 16)
            guard flags & Descriptor.ready != 0, length > OpenEthernet.frameCheckSequenceBytes else { return }
            var status: UInt32 = 0
            if let frame = outgoingFrame(flags: flags, length: length, at: descriptors[2 * txIndex + 1]) {
                if isLinkUp {
                    statistics.framesSent += 1
                    transmit(frame)
                } else {
                    statistics.framesSentWithoutLink += 1
                    status = Descriptor.txCarrierLost
                }
            } else {
                status = Descriptor.txUnderrun
            }
            descriptors[2 * txIndex] = flags & ~(Descriptor.ready | Descriptor.txStatus) | status
            if flags & Descriptor.interrupt != 0 {
                raise(status == Descriptor.txUnderrun ? Interrupt.transmitError : Interrupt.transmitted)
            }
            txIndex = flags & Descriptor.wrap != 0 || txIndex + 1 >= txCount ? 0 : txIndex + 1
            sent += 1
        }
    }

    /// The frame a TX descriptor describes, cut to MAXFL (unless HUGEN) and padded to MINFL (if asked), or nil
    /// if its buffer is not in RAM.
    private func outgoingFrame(flags: UInt32, length: Int, at address: UInt32) -> [UInt8]? {
        let limits = registerValue(Register.packetLength)
        let maximum = Int(limits & 0xFFFF), minimum = Int(limits >> 16)
        let count = mode & Mode.hugeFrames != 0 ? length : min(length, maximum)
        guard var frame = memory.peek(address, count: count) else {
            descriptorError("TX descriptor \(txIndex) points at 0x\(hex(address)) (\(count) bytes), outside RAM")
            return nil
        }
        if (flags & Descriptor.txPad != 0 || mode & Mode.pad != 0) && frame.count < minimum {
            frame += [UInt8](repeating: 0, count: minimum - frame.count)
        }
        return frame
    }

    // MARK: - Receive

    private var canReceive: Bool { mode & Mode.receiveEnable != 0 && txCount < Descriptor.count }

    private func deliverWaitingFrames() {
        while canReceive, let frame = waiting.first {
            let flags = descriptors[2 * rxIndex]
            guard flags & Descriptor.ready != 0 else {
                if !busyRaised {
                    busyRaised = true
                    statistics.busyEvents += 1
                    raise(Interrupt.busy)
                }
                return
            }
            waiting.removeFirst()
            busyRaised = false
            guard let accepted = acceptance(of: frame) else {
                statistics.framesFiltered += 1
                continue
            }
            store(frame, flags: flags, onlyPromiscuous: accepted == .promiscuous)
        }
    }

    private func store(_ frame: [UInt8], flags: UInt32, onlyPromiscuous: Bool) {
        let limits = registerValue(Register.packetLength)
        let maximum = mode & Mode.hugeFrames != 0 ? 0xFFFF : Int(limits & 0xFFFF)
        var data = frame
        if mode & Mode.pad != 0 && data.count < Int(limits >> 16) {
            data += [UInt8](repeating: 0, count: Int(limits >> 16) - data.count)
        }
        data += [UInt8](repeating: 0, count: OpenEthernet.frameCheckSequenceBytes)  // QEMU frames carry no FCS
        var status: UInt32 = onlyPromiscuous ? Descriptor.rxMiss : 0
        if data.count > maximum {
            data.removeLast(data.count - maximum)
            if mode & Mode.hugeFrames != 0 { status |= Descriptor.rxTooLong }
        }
        let address = descriptors[2 * rxIndex + 1]
        var length = UInt32(data.count)
        if memory.load(data, at: address) {
            statistics.framesReceived += 1
            if flags & Descriptor.interrupt != 0 { raise(Interrupt.received) }
        } else {
            descriptorError("RX descriptor \(rxIndex) points at 0x\(hex(address)) (\(data.count) bytes), outside RAM")
            length = 0
            raise(Interrupt.receiveError)
        }
        descriptors[2 * rxIndex] = length << 16 | flags & ~(Descriptor.ready | Descriptor.rxStatus) | status
        rxIndex = flags & Descriptor.wrap != 0 || rxIndex + 1 >= Descriptor.count ? txCount : rxIndex + 1
    }

    private enum Acceptance { case addressed, promiscuous }

    /// The address filter: broadcast unless BRO, multicast (or everything under IAM) through the hash table,
    /// unicast to MAC_ADDR; PRO takes what the others refuse.
    private func acceptance(of frame: [UInt8]) -> Acceptance? {
        guard frame.count >= 6 else { return mode & Mode.promiscuous != 0 ? .promiscuous : nil }
        let destination = Array(frame[0..<6])
        let accepted: Bool
        if destination.allSatisfy({ $0 == 0xFF }) {
            accepted = mode & Mode.rejectBroadcast == 0
        } else if destination[0] & 1 != 0 || mode & Mode.hashIndividual != 0 {
            let index = ethernetCRC32(destination) >> 26
            let table = index < 32 ? registerValue(Register.hash0) : registerValue(Register.hash1)
            accepted = table >> (index & 31) & 1 != 0
        } else {
            accepted = destination == macAddress
        }
        if accepted { return .addressed }
        return mode & Mode.promiscuous != 0 ? .promiscuous : nil
    }

    /// MAC_ADDR1 holds bytes 0–1, MAC_ADDR0 bytes 2–5, most significant first.
    private var macAddress: [UInt8] {
        let high = registerValue(Register.macAddress1), low = registerValue(Register.macAddress0)
        return [UInt8(high >> 8 & 0xFF), UInt8(high & 0xFF)] + (0..<4).map { UInt8(low >> (24 - 8 * $0) & 0xFF) }
    }

    private func descriptorError(_ message: String) {
        statistics.descriptorErrors += 1
        onDiagnostic("EMAC: \(message)")
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

/// The IEEE 802.3 CRC-32 (reflected, polynomial 0xEDB88320) the hash filter indexes with.
func ethernetCRC32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 != 0 ? crc >> 1 ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
