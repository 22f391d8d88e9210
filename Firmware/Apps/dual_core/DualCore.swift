// SPDX-License-Identifier: MIT
// Both CPUs at work: the PRO CPU starts the APP CPU, each prints who it is (PRID), they interrupt each other
// through the cross-core interrupt sources (DPORT CPU_INTR_FROM_CPU_n → matrix sources 24/25) — the APP CPU
// repeatedly, while the PRO CPU is busy — and both increment one counter with atomic compare-and-swap (S32C1I)
// without losing an update.
import _Volatile

@_extern(c, "shared_counter_increment") func sharedCounterIncrement()
@_extern(c, "shared_counter_value") func sharedCounterValue() -> UInt32
@_extern(c, "shared_flag_set") func sharedFlagSet(_ index: UInt32)
@_extern(c, "shared_flag") func sharedFlag(_ index: UInt32) -> UInt32
@_extern(c, "processor_id") func processorID() -> UInt32

/// Flags in shared memory (shared.c).
enum Flag: UInt32 {
    case appReady = 0, appInterrupted, appDone
}

func setFlag(_ flag: Flag) { sharedFlagSet(flag.rawValue) }
func flag(_ flag: Flag) -> Bool { sharedFlag(flag.rawValue) != 0 }

/// Counted by the PRO CPU's handler: cross-core interrupts it received.
nonisolated(unsafe) var proInterrupts: UInt32 = 0

/// DPORT CPU_INTR_FROM_CPU_0 / _1: writing 1 raises source 24 / 25, writing 0 lowers it.
let fromCPU0 = register(0x3FF0_00DC)
let fromCPU1 = register(0x3FF0_00E0)
let proInterrupt: UInt32 = 5
let appInterrupt: UInt32 = 9
let rounds = 20_000

let proHandler: InterruptHandler = { _ in
    fromCPU0.store(0)
    proInterrupts += 1
}

let appHandler: InterruptHandler = { _ in
    fromCPU1.store(0)
    setFlag(.appInterrupted)
}

let appCPUMain: @convention(c) () -> Void = {
    print("dual_core: app cpu running, prid \(hex(processorID(), digits: 4))")
    setInterruptHandler(appInterrupt, appHandler, nil)
    register(0x3FF0_0218 + 4 * 25).store(appInterrupt)    // APP CPU map: source 25 → interrupt 9
    enableInterrupts(1 << appInterrupt)
    setFlag(.appReady)
    sleep { flag(.appInterrupted) }
    for round in 0..<rounds {
        sharedCounterIncrement()
        if round % 1000 == 0 { fromCPU0.store(1) }      // interrupt the PRO CPU in the middle of its work
    }
    setFlag(.appDone)
}

@c public func app_main() {
    print("dual_core: pro cpu running, prid \(hex(processorID(), digits: 4))")
    setInterruptHandler(proInterrupt, proHandler, nil)
    register(0x3FF0_0104 + 4 * 24).store(proInterrupt)    // PRO CPU map: source 24 → interrupt 5
    enableInterrupts(1 << proInterrupt)
    startAppCPU(appCPUMain)
    while !flag(.appReady) {}
    fromCPU1.store(1)                                     // interrupt the APP CPU
    for _ in 0..<rounds { sharedCounterIncrement() }
    while !flag(.appDone) {}
    print("dual_core: crosscore interrupts ok both ways (\(proInterrupts) to the pro cpu)")
    let total = sharedCounterValue()
    print("dual_core: atomic counter \(total) \(total == UInt32(2 * rounds) ? "ok" : "FAILED")")
    print("dual_core: done")
}
