#!/usr/bin/env python3
"""Each function's size in a wasm module linked with --profiling-funcs (a name section), biggest
first, and the totals by owner: ours (gd::), Dear ImGui, nlohmann/json, libc++ and the rest.

    python3 bench/wasm_function_sizes.py widget.wasm [--top 40]

Link the widget once with names: take the widget's link line from `ninja -C build/wasm -t commands
web/widget/widget.js`, drop `--closure 1`, add `--profiling-funcs`, and write it elsewhere (bench/README.md).
"""
import argparse
import collections


def leb(data, i):
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, i


def function_sizes(data):
    i = 8
    imported = 0
    bodies = []
    names = {}
    while i < len(data):
        section = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if section == 2:   # imports: functions among them take the first indexes
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):   # module and field names
                    length, j = leb(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif kind == 1:   # table: element type, limits
                    flags, j = leb(data, j + 1)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 2:   # memory: limits
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif kind == 3:   # global: type, mutability
                    j += 2
                elif kind == 4:   # tag
                    _, j = leb(data, j + 1)
        elif section == 10:   # code
            count, j = leb(data, i)
            for _ in range(count):
                length, j = leb(data, j)
                bodies.append(length)
                j += length
        elif section == 0:   # custom: the name section's function names
            length, j = leb(data, i)
            if data[j:j + length] == b"name":
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb(data, j + 1)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = data[k:k + length].decode("utf8", "replace")
                            k += length
                    j += sub_size
        i = end
    return [(size, names.get(n + imported, f"?{n}")) for n, size in enumerate(bodies)]


def owner(name):
    if "nlohmann" in name:
        return "nlohmann/json"
    if "gd::" in name or name.startswith("gd_"):
        return "ours"
    if "ImGui" in name or name.startswith("Im") or "stb" in name:
        return "Dear ImGui"
    if "std::" in name:
        return "libc++"
    return "libc and the rest"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("wasm")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    sizes = sorted(function_sizes(open(args.wasm, "rb").read()), reverse=True)
    totals = collections.Counter()
    for size, name in sizes:
        totals[owner(name)] += size
    print("code bytes by owner")
    for name, size in totals.most_common():
        print(f"  {size:>9,}  {name}")
    print(f"biggest {args.top} functions")
    for size, name in sizes[:args.top]:
        print(f"  {size:>9,}  {name[:140]}")


if __name__ == "__main__":
    main()
