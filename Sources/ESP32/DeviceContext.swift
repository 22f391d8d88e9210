// SPDX-License-Identifier: MIT

/// What a peripheral model needs from its machine: the virtual clock and the time now (CPU cycles), the
/// scheduler for what it will do later, and the interrupt matrix its interrupt sources feed.
struct DeviceContext {
    let clock: VirtualClock
    let scheduler: Scheduler
    let matrix: InterruptMatrix
    let now: () -> UInt64
}
