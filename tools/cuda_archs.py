#!/usr/bin/env python3
"""Lists the GPU architectures a CUDA shared library carries code for.

Reads the fatbinaries nvcc embeds (magic 0xBA55ED50) and prints each entry's kind (ELF: compiled cubin,
PTX: code a newer GPU's driver can compile) and architecture, e.g. for ND4J's CUDA natives:

    unzip nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar '*/libnd4jcuda.so'
    python3 tools/cuda_archs.py org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so

docs/gpu.md gives the result for ND4J 1.0.0-M2.1 and what it means for which GPUs run it.
"""
import collections
import struct
import sys

MAGIC = struct.pack('<I', 0xBA55ED50)
# fatbin entry header: kind, unknown, header size, payload size, compressed size, unknown, minor, major, arch
ENTRY = struct.Struct('<HHIQIIHHI')


def architectures(data):
    found = collections.Counter()
    fatbins = 0
    start = data.find(MAGIC)
    while start != -1:
        _, header_size, size = struct.unpack_from('<HHQ', data, start + 4)
        offset, end = start + header_size, start + header_size + size
        while offset < end and offset + ENTRY.size <= len(data):
            kind, _, entry_header, payload, _, _, _, _, arch = ENTRY.unpack_from(data, offset)
            if kind not in (1, 2) or entry_header < ENTRY.size:
                break
            found[('PTX' if kind == 1 else 'ELF', arch)] += 1
            offset += entry_header + payload
        fatbins += 1
        start = data.find(MAGIC, start + 4)
    return fatbins, found


def main(path):
    with open(path, 'rb') as f:
        fatbins, found = architectures(f.read())
    print(f'{path}: {fatbins} fatbinaries')
    for (kind, arch), count in sorted(found.items()):
        print(f'  {kind} sm_{arch}: {count}')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: cuda_archs.py LIBRARY.so')
    main(sys.argv[1])
