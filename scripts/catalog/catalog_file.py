"""What the catalog scripts share: write a catalog file only when asked, whole or not at all."""
import os


def write_or_report(path, old, new, write, summary):
    """With `write`, replace `path` by `new` through a temporary file and a rename (so a failed run leaves the old
    file whole); without, say whether `path` already holds what the script would write."""
    name = os.path.relpath(path)
    if write and new != old:
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(path + ".tmp", path)
        print(f"wrote {name}: {summary}")
    elif new != old:
        print(f"{name} differs from what this script writes: run with --write")
    else:
        print(f"{name} is current")
