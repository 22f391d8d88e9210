#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the binary ESP32 partition table our flash images use (flashed at 0x8000).

Layout, as ESP-IDF's single-factory-app default but with room for a large app in a 4 MB flash:
    nvs       data/nvs   0x9000   0x6000
    phy_init  data/phy   0xF000   0x1000
    factory   app/factory 0x10000 0x300000
Format: 32-byte entries (magic AA 50, type, subtype, offset, size, 16-byte label, flags), then an MD5 entry
(EB EB, 14 x FF, MD5 of the entries before it), padded with FF to 0xC00 bytes.
Usage: mkpartitions.py OUT.bin
"""
import hashlib
import struct
import sys

APP, DATA = 0x00, 0x01
FACTORY, NVS, PHY = 0x00, 0x02, 0x01
PARTITIONS = [
    ('nvs', DATA, NVS, 0x9000, 0x6000),
    ('phy_init', DATA, PHY, 0xF000, 0x1000),
    ('factory', APP, FACTORY, 0x10000, 0x300000),
]
TABLE_SIZE = 0xC00


def table() -> bytes:
    entries = b''.join(
        struct.pack('<2sBBII16sI', b'\xaa\x50', kind, subtype, offset, size, label.encode(), 0)
        for label, kind, subtype, offset, size in PARTITIONS)
    checksum = b'\xeb\xeb' + b'\xff' * 14 + hashlib.md5(entries).digest()
    blob = entries + checksum
    return blob + b'\xff' * (TABLE_SIZE - len(blob))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: mkpartitions.py OUT.bin')
    with open(sys.argv[1], 'wb') as out:
        out.write(table())
