// SPDX-License-Identifier: MIT

/// The DP83848 PHY behind the OpenCores MAC's MII management interface, at PHY address 1 (what Espressif's
/// QEMU models and ESP-IDF's `esp_eth_phy_new_dp83848` drives): identifier, basic control and status with
/// the link state, autonegotiation, and the PHY status register. Registers 0x00–0x1D exist; other PHY
/// addresses answer 0xFFFF, as an empty MII bus does.
final class EthernetPHY {
    static let address: UInt32 = 1

    enum Register {
        static let basicControl = 0x00
        static let basicStatus = 0x01
        static let identifier1 = 0x02
        static let identifier2 = 0x03
        static let advertisement = 0x04
        static let partnerAbility = 0x05
        static let status = 0x10
        static let count = 0x1E
    }

    enum Bits {
        static let controlReset: UInt16 = 1 << 15
        static let controlAutonegotiation: UInt16 = 1 << 12
        static let controlRestartAutonegotiation: UInt16 = 1 << 9
        /// 100BASE-TX full/half, 10BASE-T full/half, preamble suppression, autonegotiation complete and able.
        static let statusCapabilities: UInt16 = 0x7868
        static let statusLink: UInt16 = 1 << 2
        static let advertiseAll: UInt16 = 0x01E1  // 100/10 full/half duplex, IEEE 802.3
        /// PHYSTS: link, 100 Mbit/s (speed bit clear), full duplex, autonegotiation complete.
        static let physicalStatusUp: UInt16 = 0x0001 | 0x0004 | 0x0010
    }

    private var registers = [UInt16](repeating: 0, count: Register.count)
    /// Whether a cable is plugged in (the harness's link control).
    var isLinkUp = true {
        didSet { refreshStatus() }
    }

    init() { reset() }

    func reset() {
        registers = [UInt16](repeating: 0, count: Register.count)
        registers[Register.basicControl] = Bits.controlAutonegotiation
        registers[Register.identifier1] = 0x2000
        registers[Register.identifier2] = 0x5C90
        registers[Register.advertisement] = Bits.advertiseAll
        refreshStatus()
    }

    private func refreshStatus() {
        registers[Register.basicStatus] = Bits.statusCapabilities | (isLinkUp ? Bits.statusLink : 0)
        registers[Register.partnerAbility] = isLinkUp ? Bits.advertiseAll : 0
        registers[Register.status] = isLinkUp ? Bits.physicalStatusUp : 0
    }

    func read(phy: UInt32, register: Int) -> UInt16 {
        guard phy == EthernetPHY.address, register < Register.count else { return 0xFFFF }
        return registers[register]
    }

    func write(phy: UInt32, register: Int, value: UInt16) {
        guard phy == EthernetPHY.address, register < Register.count else { return }
        switch register {
        case Register.basicControl:
            if value & Bits.controlReset != 0 {
                reset()  // self-clearing: reads back without the reset bit
            } else {
                registers[register] = value & ~Bits.controlRestartAutonegotiation
            }
        case Register.basicStatus, Register.identifier1, Register.identifier2, Register.partnerAbility,
            Register.status:
            break  // read-only
        default:
            registers[register] = value
        }
    }
}
