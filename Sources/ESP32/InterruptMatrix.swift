// SPDX-License-Identifier: MIT
import XtensaCore

/// The ESP32's interrupt matrix (esp32_emu_anchors.md §2.2): 69 peripheral interrupt sources, each routed by
/// a per-CPU map register to one of the CPU's interrupts. A CPU interrupt line is asserted while any source
/// mapped to it is asserted. Map values that are not external interrupts of the CPU (such as the reset value
/// 6, the CCOMPARE0 timer) leave the source unconnected.
public final class InterruptMatrix {
    public static let sourceCount = 69
    /// Reset value of every map register: CPU interrupt 6, i.e. not connected (ESP-IDF's ETS_INVALID_INUM).
    public static let resetMapping: UInt32 = 6
    /// The CPU interrupts driven from outside the core (xtensa_isa.md §1.3).
    static let externalInterrupts: Set<UInt32> = [
        0, 1, 2, 3, 4, 5, 8, 9, 10, 12, 13, 14, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 27, 28, 30, 31,
    ]

    /// Well-known sources (ESP-IDF's ETS_*_INTR_SOURCE numbers).
    public enum Source {
        public static let crossCore0 = 24
        public static let uart0 = 34
        public static let uart1 = 35
        public static let uart2 = 36
        public static let ethernetMAC = 38
        public static let efuse = 44
        public static let timerGroup0Level = 14  // T0, T1, WDT, LACT: 14…17
        public static let timerGroup1Level = 18  // 18…21
        public static let timerGroup0Edge = 58  // 58…61
        public static let timerGroup1Edge = 62  // 62…65
        public static let frcTimer1 = 56
        public static let frcTimer2 = 57
    }

    /// Map registers of both CPUs (PRO, APP), whether or not the APP CPU runs.
    public static let cpuCount = 2
    private var maps: [[UInt32]]
    private var levels = [Bool](repeating: false, count: sourceCount)
    /// The running cores, indexed by CPU number (0 = PRO); a CPU without a core only keeps its map.
    private let cores: [Core]

    init(cores: [Core]) {
        precondition(cores.count <= InterruptMatrix.cpuCount)
        self.cores = cores
        maps = Array(
            repeating: [UInt32](repeating: InterruptMatrix.resetMapping, count: InterruptMatrix.sourceCount),
            count: InterruptMatrix.cpuCount)
    }

    /// Drives a level-type source.
    public func setLevel(source: Int, asserted: Bool) {
        guard levels[source] != asserted else { return }
        levels[source] = asserted
        for cpu in cores.indices { update(cpu: cpu, interrupt: maps[cpu][source]) }
    }

    /// An edge-type source: one rising edge on whatever it is mapped to.
    public func pulse(source: Int) {
        setLevel(source: source, asserted: true)
        setLevel(source: source, asserted: false)
    }

    public func mapping(cpu: Int, source: Int) -> UInt32 { maps[cpu][source] }

    public func setMapping(cpu: Int, source: Int, interrupt: UInt32) {
        let old = maps[cpu][source]
        maps[cpu][source] = interrupt & 0x1F
        update(cpu: cpu, interrupt: old)
        update(cpu: cpu, interrupt: interrupt & 0x1F)
    }

    public func isAsserted(source: Int) -> Bool { levels[source] }

    /// Every map register back to its reset value (the sources keep their levels; they reset themselves).
    func resetMappings() {
        for cpu in 0..<InterruptMatrix.cpuCount {
            for source in 0..<InterruptMatrix.sourceCount {
                setMapping(cpu: cpu, source: source, interrupt: InterruptMatrix.resetMapping)
            }
        }
    }

    private func update(cpu: Int, interrupt: UInt32) {
        guard cpu < cores.count, InterruptMatrix.externalInterrupts.contains(interrupt) else { return }
        let asserted = (0..<InterruptMatrix.sourceCount).contains { levels[$0] && maps[cpu][$0] == interrupt }
        cores[cpu].setInterruptLine(interrupt, asserted: asserted)
    }
}
