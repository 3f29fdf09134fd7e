#!/usr/bin/env python3
"""Black-box fuzzing of every command-line option value of `footprint`.

For each subcommand, reads its options from `footprint COMMAND --help`, then
runs the release binary N times with random option values drawn from hostile
classes (negative, zero, huge, overflowing, NaN, empty, a device, a FIFO, a
directory, the model itself, another output, very long text, bad UTF-8-free
punctuation). A finding is a run that:
  * dies of a signal (exit status >= 128 or negative: a trap, an abort),
  * takes longer than the timeout (a hang),
  * exits non-zero with nothing on stderr (a failure that does not say why),
  * changes the model file or replaces a device or FIFO with a regular file.
Every run works in a scratch copy of the package's Models/ (a symlink to the
catalog), so nothing in the repository is written.

Usage: scripts/fuzz/options.py [RUNS] [SEED]   (make fuzz-options)
Prints the runs, the findings (command lines) and a count per class.
"""
import os, random, shutil, stat, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".build/release/footprint")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 400
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
TIMEOUT = 60

def options(command):
    out = subprocess.run([BIN, command, "--help"], capture_output=True, text=True).stdout
    opts = []
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("--") and not line.startswith("--help") and not line.startswith("--version"):
            name = line.split()[0].rstrip(",")
            takes_value = "<" in line.split("  ")[0]
            opts.append((name, takes_value))
    return opts

COMMANDS = ["run", "report", "disclose", "league", "compare", "validate", "catalog", "sensitivity", "sweep", "goal-seek", "calibrate", "merge"]

def hostile(work):
    return rng.choice([
        "-1", "-5", "0", "1", "2", "3", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "1e308", "nan", "inf", "-inf", "", " ", "1/0", "0/0", "5/4", "1:0", "0:1", "1:2:3", "abc",
        "/dev/null", "/dev/full", os.path.join(work, "fifo"), work, os.path.join(work, "Models/gpt3-training.yaml"),
        os.path.join(work, "out.csv"), "x" * 5000, "sites.s.pue=1.2", "emissions_location_tco2e:2030", "p95", "json", "csv",
        "{dist: uniform, min: 1, max: 0}", "300kt", "1.2 TWh", "sites.microsoft-datacenter.pue=1.1:1.3:3",
    ])

def snapshot(work):
    model = os.path.join(work, "Models/gpt3-training.yaml")
    return open(model, "rb").read()

def main():
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: run make release first")
    counts = {"signal": 0, "hang": 0, "silent failure": 0, "clobbered": 0}
    findings = []
    cmd_opts = {c: options(c) for c in COMMANDS}
    for i in range(RUNS):
        work = tempfile.mkdtemp(prefix="footprint-options-")
        try:
            os.makedirs(os.path.join(work, "Models"))
            shutil.copy(os.path.join(ROOT, "Models/gpt3-training.yaml"), os.path.join(work, "Models"))
            os.symlink(os.path.join(ROOT, "Models/catalog"), os.path.join(work, "Models/catalog"))
            os.mkfifo(os.path.join(work, "fifo"))
            before = snapshot(work)
            command = rng.choice(COMMANDS)
            args = [BIN, command, "Models/gpt3-training.yaml"] if command not in ("catalog", "merge", "calibrate") else [BIN, command]
            if command == "merge": args.append(hostile(work))
            if command == "calibrate": args.append(hostile(work))
            for name, takes in rng.sample(cmd_opts[command], k=min(len(cmd_opts[command]), rng.randint(1, 4))):
                args.append(name)
                if takes: args.append(hostile(work))
            if command in ("run", "sweep", "sensitivity", "report", "disclose", "goal-seek") and "--samples" not in args:
                args += ["--samples", "20"]
            try:
                p = subprocess.run(args, cwd=work, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
                status, err = p.returncode, p.stderr
            except subprocess.TimeoutExpired:
                counts["hang"] += 1; findings.append(("hang", args)); continue
            problem = None
            if status < 0 or status >= 128: problem = "signal"
            elif status != 0 and not err.strip(): problem = "silent failure"
            elif snapshot(work) != before: problem = "clobbered"
            elif not stat.S_ISFIFO(os.stat(os.path.join(work, "fifo")).st_mode): problem = "clobbered"
            elif not stat.S_ISCHR(os.stat("/dev/null").st_mode): problem = "clobbered"
            if problem:
                counts[problem] += 1
                findings.append((problem, args))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{RUNS} runs over {len(COMMANDS)} commands and {sum(len(o) for o in cmd_opts.values())} options")
    for k, v in counts.items(): print(f"  {k}: {v}")
    for problem, args in findings[:20]:
        print(f"FINDING ({problem}): " + " ".join(a if len(a) < 80 else a[:40] + "…" for a in args[1:]))
    sys.exit(1 if findings else 0)

main()
