// SPDX-License-Identifier: MIT

/// Region protection, the ESP32's stand-in for an MMU (xtensa_isa.md §3.11): eight identity-mapped 512 MB
/// regions, each with an instruction-fetch and a data attribute.
extension Core {
    /// WITLB/WDTLB at, as: the attribute of the region of AR[s] becomes AR[t] & 0xF.
    @inline(never)
    func writeRegionAttribute(_ d: InstructionPointer, instruction: Bool) {
        let region = Int(a(d.s) >> 29)
        let attribute = UInt8(a(d.t) & 0xF)
        if instruction {
            addressSpace.setRegionAttribute(region: region, instruction: attribute)
            // Predecoded instructions were fetched under the old attribute.
            addressSpace.discardDecodedCode(region: region)
        } else {
            addressSpace.setRegionAttribute(region: region, data: attribute)
        }
    }

    /// RITLB0/RDTLB0 (withAttribute false), RITLB1/RDTLB1, PITLB/PDTLB (probe: always a hit, way 1).
    @inline(never)
    func readRegionEntry(_ d: InstructionPointer, instruction: Bool, withAttribute: Bool, probe: Bool = false) {
        let address = a(d.s)
        let attributes = instruction ? addressSpace.instructionAttributes : addressSpace.dataAttributes
        let base = address & 0xE000_0000
        setA(d.t, probe ? base | 1 : withAttribute ? base | UInt32(attributes[Int(address >> 29)]) : base)
    }
}

extension AddressSpace {
    /// Drops the predecoded instructions of every page in a 512 MB region.
    func discardDecodedCode(region: Int) {
        for page in (region << 17)..<((region + 1) << 17) where decodeCache.hasCode(page: page) {
            decodeCache.discard(page: page)
            refreshFastPath(page: page)
        }
    }
}
