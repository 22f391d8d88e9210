#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Retargets textual LLVM IR emitted by Embedded Swift for riscv32 so that llc can compile it for Xtensa.

riscv32-none-none-eabi is only a stand-in with the same ILP32 little-endian layout (Swift has no Xtensa target):
  * the triple and data layout become Xtensa's;
  * the RISC-V "target-cpu"/"target-features" attributes are dropped (llc -mcpu=esp32 supplies the real ones);
  * global names holding characters the Xtensa assembly printer writes unquoted (Swift names some private
    constants after their contents, e.g. a URL or "efuse-mac") are renamed to plain unique names, or llvm-mc
    would read them as expressions and reject them.
Usage: retarget-ir.py IN.ll OUT.ll
"""
import re
import sys

XTENSA_TRIPLE = 'target triple = "xtensa-none-elf"'
XTENSA_LAYOUT = 'target datalayout = "e-m:e-p:32:32-i8:8:32-i16:16:32-i64:64-n32"'
PLAIN_NAME = re.compile(r'^[A-Za-z0-9_.$]+$')
QUOTED_GLOBAL = re.compile(r'@"((?:[^"\\]|\\.)*)"')
UNQUOTED_GLOBAL = re.compile(r'@([-A-Za-z$._][-A-Za-z$._0-9]*)')
CPU_ATTRS = re.compile(r'\s*"target-(?:cpu|features)"="[^"]*"')


def main(src: str, dst: str) -> None:
    text = open(src, encoding='utf-8').read()
    text = re.sub(r'^target triple = .*$', XTENSA_TRIPLE, text, count=1, flags=re.M)
    text = re.sub(r'^target datalayout = .*$', XTENSA_LAYOUT, text, count=1, flags=re.M)
    text = CPU_ATTRS.sub('', text)

    renames: dict[str, str] = {}

    def rename(match: re.Match) -> str:
        name = match.group(1)
        if PLAIN_NAME.match(name):
            return match.group(0)
        if name not in renames:
            renames[name] = f'__swift_private_{len(renames)}'
        return '@' + renames[name]

    text = QUOTED_GLOBAL.sub(rename, text)
    text = UNQUOTED_GLOBAL.sub(rename, text)
    open(dst, 'w', encoding='utf-8').write(text)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: retarget-ir.py IN.ll OUT.ll')
    main(sys.argv[1], sys.argv[2])
