// SPDX-License-Identifier: MIT

extension RandomAccessCollection where Index == Int {
    /// For a collection sorted by `key`: the index of the last element whose key is at most `value` (binary
    /// search), or nil if every key is larger. Address-to-symbol and address-to-line lookups use it.
    public func lastIndex(keyAtMost value: UInt32, key: (Element) -> UInt32) -> Int? {
        var low = startIndex
        var high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if key(self[middle]) <= value { low = middle + 1 } else { high = middle }
        }
        return low > startIndex ? low - 1 : nil
    }
}
