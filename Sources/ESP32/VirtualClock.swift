// SPDX-License-Identifier: MIT

/// Time inside the machine: CPU cycles at the configured CPU frequency. Nothing in the machine reads the
/// wall clock; peripherals derive their counters from this clock, so runs are reproducible.
public struct VirtualClock: Sendable {
    /// CPU clock in MHz (the ESP32 runs at up to 240).
    public let cpuMHz: UInt64
    /// APB clock in MHz, which clocks the timer groups, FRC timers and UARTs (80 with the PLL).
    public let apbMHz: UInt64 = 80

    public init(cpuMHz: UInt64) {
        precondition(cpuMHz > 0)
        self.cpuMHz = cpuMHz
    }

    public func nanoseconds(cycles: UInt64) -> UInt64 { cycles.multipliedFullWidth(by: 1000).low / cpuMHz }
    public func microseconds(cycles: UInt64) -> UInt64 { cycles / cpuMHz }
    public func cycles(nanoseconds: UInt64) -> UInt64 { nanoseconds * cpuMHz / 1000 }
    public func cycles(microseconds: UInt64) -> UInt64 { microseconds * cpuMHz }
    public func cycles(seconds: Double) -> UInt64 { UInt64(seconds * Double(cpuMHz) * 1_000_000) }
    public func seconds(cycles: UInt64) -> Double { Double(cycles) / Double(cpuMHz) / 1_000_000 }

    /// APB ticks elapsed in `cycles` CPU cycles.
    public func apbTicks(cycles: UInt64) -> UInt64 { cycles.multipliedFullWidth(by: apbMHz).low / cpuMHz }
    /// CPU cycles taken by `ticks` APB ticks (rounded up, so an event is never early).
    public func cycles(apbTicks ticks: UInt64) -> UInt64 { (ticks * cpuMHz + apbMHz - 1) / apbMHz }
}
