#!/usr/bin/env python3
"""Re-derive the hourly profiles in Models/profiles/ from the raw files.

Standard library only.  Run from the repository root:

    python3 scripts/profiles/derive_profiles.py            # write Models/profiles/*.csv
    python3 scripts/profiles/derive_profiles.py --check    # re-derive into a temp dir and
                                                           # compare with the committed files

Inputs (scripts/profiles/raw/, gzip of the upstream bytes; see raw/README.md for
where each comes from and the SHA-256 of the uncompressed file):

* eia930_2022_<BA>_dcrl.csv.gz  EIA-930 hourly net generation by energy source for one
  balancing authority, calendar 2022, one row per UTC hour label
  (columns timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH,avg_CI; avg_CI is ignored).
* entsoe_agpt_PT_<year>.csv.gz  ENTSO-E Transparency Platform "Actual Generation per
  Production Type" (16.1.B&C) export for bidding zone PT, MTU in CET/CEST.

Optionally, the official EIA-930 six-month balance files (EIA930_BALANCE_<year>_Jan_Jun.csv,
..._Jul_Dec.csv) can be given with --eia930-balance to derive any other year the same way;
that reader was written against the published column names and checked only on a small
synthetic sample here (no network on the machine where the committed profiles were made).

Outputs (one number per line, '#' header block with source, year and derivation):

* intensity_<region>_<year>.csv  hourly CO2 intensity of generation relative to the
  year's mean (arithmetic mean of the 8,760 values = 1).
* cf_<solar|wind>_<region>_<year>.csv  hourly output relative to the fleet's peak output
  (see PEAK_QUANTILE), in [0, 1].

Hour 0 = 1 January 00:00-01:00 UTC of the profile year; every file has 8,760 values.
"""

import argparse
import calendar
import csv
import datetime as dt
import gzip
import hashlib
import io
import math
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
RAW = os.path.join(HERE, "raw")
OUT = os.path.join(REPO, "Models", "profiles")

YEAR = 2022
HOURS = 8760

# --- Emission factors -------------------------------------------------------------------
# Direct (combustion) CO2 per kWh of net generation, U.S. utility-scale plants, 2022:
# EIA, "How much carbon dioxide is produced per kilowatthour of U.S. electricity
# generation?" (FAQ id=74), table for 2022, from EIA State Electricity Profiles, U.S.
# profile, Tables 5 and 7: coal 2.30, natural gas 0.97, petroleum 2.38 lb CO2/kWh.
LB = 0.45359237  # kg per lb (exact)
EF_KG_PER_KWH = {
    "coal": 2.30 * LB,       # 1.0433
    "gas": 0.97 * LB,        # 0.4400
    "oil": 2.38 * LB,        # 1.0795
    "zero": 0.0,             # nuclear, hydro, wind, solar, geothermal, biomass
}
# EIA treats biomass as carbon neutral; 'other' is counted at zero (see README).

EIA_FUELS = {  # dc-rl extract column -> factor key; None = excluded from the mix
    "COL": "coal", "NG": "gas", "OIL": "oil", "NUC": "zero", "WAT": "zero",
    "SUN": "zero", "WND": "zero", "OTH": "zero",
}

ENTSOE_FUELS = {  # ENTSO-E production type (prefix of the column name) -> factor key
    "Biomass": "zero",
    "Fossil Brown coal/Lignite": "coal",
    "Fossil Coal-derived gas": "coal",
    "Fossil Gas": "gas",
    "Fossil Hard coal": "coal",
    "Fossil Oil": "oil",
    "Fossil Oil shale": "oil",
    "Fossil Peat": "coal",
    "Geothermal": "zero",
    "Hydro Pumped Storage": None,   # storage: a shift of other hours' energy, excluded
    "Hydro Run-of-river and poundage": "zero",
    "Hydro Water Reservoir": "zero",
    "Marine": "zero",
    "Nuclear": "zero",
    "Other": "zero",
    "Other renewable": "zero",
    "Solar": "zero",
    "Waste": "zero",
    "Wind Offshore": "zero",
    "Wind Onshore": "zero",
    "Energy storage": None,
}

# Capacity-factor normalisation: installed capacity per balancing authority / zone was not
# available here, so hourly output is divided by the fleet's peak output, taken as this
# quantile of the year's hourly values (robust to single-hour spikes); values above it are
# clipped to 1.
PEAK_QUANTILE = 0.999

# EIA-930 timestamps are the END of the hour (EIA-930 documentation, "UTC Time at End of
# Hour").  A solar-noon test on the 2022 extract (README) agrees for every BA but PJM,
# whose fuel-type series sits one hour earlier, i.e. behaves as hour-beginning.
EIA_LABEL_IS_HOUR_END = {"ERCO": True, "CISO": True, "MISO": True, "SOCO": True,
                         "BPAT": True, "AZPS": True, "PJM": False}

# Region -> outputs.  (region, kind, source)
US_BAS = ["ERCO", "PJM", "CISO", "MISO", "SOCO"]
US_CF = {"ERCO": ["solar", "wind"], "CISO": ["solar", "wind"], "MISO": ["solar", "wind"],
         "PJM": ["solar", "wind"], "SOCO": ["solar"]}
PT_CF = ["solar", "wind"]

BA_NAMES = {
    "ERCO": "Electric Reliability Council of Texas (ERCOT)",
    "PJM": "PJM Interconnection",
    "CISO": "California Independent System Operator (CAISO)",
    "MISO": "Midcontinent Independent System Operator (MISO)",
    "SOCO": "Southern Company Services (balancing authority)",
    "BPAT": "Bonneville Power Administration",
    "AZPS": "Arizona Public Service Company",
}

# Reference annual capacity factors (nameplate basis) to compare with, U.S. fleet:
# EIA Electric Power Monthly Table 6.07.B (and Electric Power Annual Table 4.08.B),
# annual 2013-2021: solar PV 24.2 %-25.6 %, wind 32.2 %-35.3 %.
# Our CFs are on a fleet-peak basis, which sits above nameplate CF by the ratio
# nameplate / fleet peak (about 1.1-1.4 for aggregated fleets), hence the wider bounds.
CF_BOUNDS = {"solar": (0.15, 0.40), "wind": (0.25, 0.55)}


# --- Small helpers ------------------------------------------------------------------------

def open_text(path):
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def sha256_of_text_file(path):
    h = hashlib.sha256()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def year_start(year):
    return dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc)


def hour_index(t, year):
    """Index of the UTC hour beginning at t within the 8,760-hour profile year, or None."""
    i = int((t - year_start(year)).total_seconds() // 3600)
    if calendar.isleap(year):
        # 8,760 values: 29 February is dropped.
        feb29 = int((dt.datetime(year, 2, 29, tzinfo=dt.timezone.utc)
                     - year_start(year)).total_seconds() // 3600)
        if feb29 <= i < feb29 + 24:
            return None
        if i >= feb29 + 24:
            i -= 24
    return i if 0 <= i < HOURS else None


def fill_gaps(series, name, log):
    """Linear interpolation over None runs; a run at an end copies the value 24 h away
    (same hour of the neighbouring day).  Returns the filled list and the count."""
    n = len(series)
    gaps = [i for i, v in enumerate(series) if v is None]
    out = list(series)
    i = 0
    while i < n:
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < n and out[j] is None:
            j += 1
        if i > 0 and j < n:
            a, b = out[i - 1], out[j]
            for k in range(i, j):
                out[k] = a + (b - a) * (k - i + 1) / (j - i + 1)
        else:
            for k in range(i, j):
                src = k - 24 if k - 24 >= 0 and out[k - 24] is not None else k + 24
                out[k] = out[src]
        i = j
    if gaps:
        log.append("%s: %d missing hour(s) filled" % (name, len(gaps)))
    return out, len(gaps)


def quantile(values, q):
    s = sorted(values)
    pos = q * (len(s) - 1)
    lo = int(math.floor(pos))
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def mean(xs):
    return sum(xs) / len(xs)


# --- Readers ------------------------------------------------------------------------------

def read_dcrl(path, ba, year):
    """EIA-930 per-BA extract (HewlettPackard/dc-rl data/CarbonIntensity/<BA>_NG_&_avgCI.csv).
    Returns {fuel: [8760 values or None]} on hour-beginning UTC indices, and notes."""
    notes = []
    shift = -1 if EIA_LABEL_IS_HOUR_END[ba] else 0
    cols = {f: [None] * HOURS for f in EIA_FUELS}
    negatives = 0
    with open_text(path) as f:
        r = csv.DictReader(f)
        for row in r:
            t = dt.datetime.fromisoformat(row["timestamp"]).astimezone(dt.timezone.utc)
            t = t + dt.timedelta(hours=shift)
            i = hour_index(t, year)
            if i is None:
                continue
            for fuel in EIA_FUELS:
                v = row[fuel].strip()
                if v == "":
                    continue
                x = float(v)
                if x < 0:
                    negatives += 1
                    x = 0.0
                cols[fuel][i] = x
    if negatives:
        notes.append("%s: %d negative fuel values set to 0" % (ba, negatives))
    if shift:
        notes.append("%s: timestamps read as hour-ending and moved back one hour" % ba)
    else:
        notes.append("%s: timestamps read as hour-beginning (solar-noon test)" % ba)
    return cols, notes


EIA_BALANCE_COLS = {  # official EIA930_BALANCE six-month file columns
    "COL": "Net Generation (MW) from Coal",
    "NG": "Net Generation (MW) from Natural Gas",
    "NUC": "Net Generation (MW) from Nuclear",
    "OIL": "Net Generation (MW) from All Petroleum Products",
    "WAT": "Net Generation (MW) from Hydropower and Pumped Storage",
    "SUN": "Net Generation (MW) from Solar",
    "WND": "Net Generation (MW) from Wind",
    "OTH": "Net Generation (MW) from Other Fuel Sources",
}


def parse_eia_utc(s):
    s = s.strip()
    for fmt in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M %p",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(s, fmt).replace(tzinfo=dt.timezone.utc)
        except ValueError:
            pass
    raise ValueError("unrecognised EIA-930 UTC time %r" % s)


def read_eia930_balance(paths, ba, year):
    """Official EIA-930 six-month balance files; 'UTC Time at End of Hour' is hour-ending."""
    cols = {f: [None] * HOURS for f in EIA_FUELS}
    seen = 0
    for path in paths:
        with open_text(path) as f:
            r = csv.DictReader(f)
            for row in r:
                if row.get("Balancing Authority", "").strip() != ba:
                    continue
                t = parse_eia_utc(row["UTC Time at End of Hour"]) - dt.timedelta(hours=1)
                i = hour_index(t, year)
                if i is None:
                    continue
                seen += 1
                for fuel, col in EIA_BALANCE_COLS.items():
                    v = (row.get(col) or "").strip().replace(",", "")
                    if v == "":
                        continue
                    cols[fuel][i] = max(float(v), 0.0)
    if not seen:
        raise SystemExit("no rows for %s %d in %s" % (ba, year, ", ".join(paths)))
    return cols, ["%s: official EIA930_BALANCE files, hour-ending UTC" % ba]


def last_sunday(year, month):
    d = dt.date(year, month, calendar.monthrange(year, month)[1])
    return d - dt.timedelta(days=(d.weekday() + 1) % 7)


def read_entsoe_agpt(paths, year):
    """ENTSO-E 'Actual Generation per Production Type' CSV export, MTU in CET/CEST.
    Returns ({production type: [8760]}, notes)."""
    notes = []
    out = {}
    placeholders = 0
    for path in paths:
        with open_text(path) as f:
            r = csv.reader(f)
            header = next(r)
            types = []
            for name in header[2:]:
                base, _, what = name.partition(" - ")
                types.append((" ".join(base.split()), "Consumption" in what))
            prev_key = None
            for row in r:
                mtu = row[1]
                start = mtu.split(" - ")[0].strip()
                local = dt.datetime.strptime(start, "%d.%m.%Y %H:%M")
                y = local.year
                dst_start = dt.datetime.combine(last_sunday(y, 3), dt.time(2, 0))
                dst_end = dt.datetime.combine(last_sunday(y, 10), dt.time(2, 0))
                values = row[2:]
                if dst_start <= local < dst_start + dt.timedelta(hours=1):
                    # 02:00-03:00 on the spring-forward day does not exist: ENTSO-E keeps
                    # an empty placeholder row.
                    placeholders += 1
                    continue
                key = start
                if dst_end <= local < dst_end + dt.timedelta(hours=1):
                    # the repeated hour: first occurrence CEST, second CET
                    offset = 1 if key == prev_key else 2
                else:
                    offset = 2 if dst_start <= local < dst_end else 1
                prev_key = key
                t = (local - dt.timedelta(hours=offset)).replace(tzinfo=dt.timezone.utc)
                i = hour_index(t, year)
                if i is None:
                    continue
                for (ptype, is_cons), v in zip(types, values):
                    if is_cons:
                        continue
                    v = v.strip()
                    series = out.setdefault(ptype, [None] * HOURS)
                    if v == "n/e":      # not expected: the type does not exist in the zone
                        series[i] = 0.0
                    elif v in ("", "N/A", "n/a", "-"):
                        continue
                    else:
                        series[i] = max(float(v), 0.0)
    if placeholders:
        notes.append("PT: %d spring-forward placeholder row(s) skipped" % placeholders)
    unknown = [p for p in out if p not in ENTSOE_FUELS]
    if unknown:
        raise SystemExit("unknown ENTSO-E production types: %s" % unknown)
    return out, notes


# --- Derivations --------------------------------------------------------------------------

OUTAGE_FRACTION = 0.1   # an hour whose total generation is below this fraction of the
OUTAGE_WINDOW = 36      # median of the surrounding +-36 hours is a reporting failure


def mask_outages(cols, fuelmap, name, log):
    """Reporting failures (e.g. PJM on 1-2 October 2022, ~300 MW against ~80 GW) are set
    to missing for every fuel, so that they are interpolated like empty hours."""
    fuels = [f for f in cols if fuelmap.get(f) is not None]
    total = []
    for i in range(HOURS):
        vals = [cols[f][i] for f in fuels if cols[f][i] is not None]
        total.append(sum(vals) if vals else None)
    bad = []
    for i, t in enumerate(total):
        if t is None:
            continue
        win = sorted(x for x in total[max(0, i - OUTAGE_WINDOW):i + OUTAGE_WINDOW + 1]
                     if x is not None)
        med = win[len(win) // 2]
        if t < OUTAGE_FRACTION * med:
            bad.append(i)
    for i in bad:
        for f in cols:
            cols[f][i] = None
    if bad:
        log.append("%s: %d hour(s) of reporting failure (total < %g x local median) set to "
                   "missing" % (name, len(bad), OUTAGE_FRACTION))
    return len(bad)


def intensity(cols, fuelmap, name, log):
    filled = {}
    gaps = 0
    # A fuel's hour is a gap if missing; hours where every fuel is missing count once.
    all_missing = sum(1 for i in range(HOURS) if all(cols[f][i] is None for f in cols))
    for fuel, series in cols.items():
        if fuelmap.get(fuel) is None:
            continue
        filled[fuel], _ = fill_gaps(series, "%s/%s" % (name, fuel), [])
    gaps = all_missing
    ci = []
    for i in range(HOURS):
        num = den = 0.0
        for fuel, series in filled.items():
            g = series[i]
            num += g * EF_KG_PER_KWH[fuelmap[fuel]]
            den += g
        if den <= 0:
            raise SystemExit("%s: no generation in hour %d" % (name, i))
        ci.append(num / den)
    avg = mean(ci)
    rel = [c / avg for c in ci]
    partial = sum(1 for i in range(HOURS)
                  if any(cols[f][i] is None for f in filled) and
                  not all(cols[f][i] is None for f in filled))
    return rel, avg, gaps, partial


def capacity_factor(series, name, log):
    filled, gaps = fill_gaps(series, name, log)
    peak = quantile(filled, PEAK_QUANTILE)
    cf = [min(max(g / peak, 0.0), 1.0) for g in filled]
    return cf, peak, gaps


def fmt(x):
    return ("%.6f" % x).rstrip("0").rstrip(".") if x else "0"


def write_profile(path, header_lines, values):
    with open(path, "w", newline="\n") as f:
        for line in header_lines:
            f.write(("# " + line).rstrip() + "\n")
        for v in values:
            f.write(fmt(v) + "\n")


def check_profile(path, kind):
    vals = []
    with open(path) as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            vals.append(float(s))
    assert len(vals) == HOURS, "%s: %d values, want %d" % (path, len(vals), HOURS)
    assert all(math.isfinite(v) and v >= 0 for v in vals), "%s: negative or NaN" % path
    if kind == "intensity":
        m = mean(vals)
        assert abs(m - 1.0) < 1e-4, "%s: mean %.6f, want 1" % (path, m)
    else:
        assert max(vals) <= 1.0 + 1e-9, "%s: value above 1" % path
        lo, hi = CF_BOUNDS[kind]
        m = mean(vals)
        assert lo <= m <= hi, "%s: mean CF %.3f outside [%g, %g]" % (path, m, lo, hi)
    return vals


# --- Main ---------------------------------------------------------------------------------

COMMON_TIME = [
    "Time: hour 0 = %d-01-01 00:00-01:00 UTC; 8,760 hourly values; %d is not a leap year"
    % (YEAR, YEAR),
    "(for a leap year the script drops 29 February).",
]


def derive(out_dir, balance_files=None, year=YEAR):
    os.makedirs(out_dir, exist_ok=True)
    summary = []
    log = []
    raw_hash = {}
    for name in sorted(os.listdir(RAW)):
        if name.endswith(".gz"):
            raw_hash[name] = sha256_of_text_file(os.path.join(RAW, name))

    ef_lines = [
        "Emission factors (direct CO2, kg/kWh net generation): coal %.4f, natural gas %.4f,"
        % (EF_KG_PER_KWH["coal"], EF_KG_PER_KWH["gas"]),
        "petroleum %.4f; nuclear, hydro, wind, solar, geothermal, biomass and 'other' 0."
        % EF_KG_PER_KWH["oil"],
        "Source: EIA FAQ 'How much carbon dioxide is produced per kilowatthour of U.S.",
        "electricity generation?' (2022 table: 2.30 / 0.97 / 2.38 lb CO2/kWh), from EIA State",
        "Electricity Profiles, U.S. Tables 5 and 7; 1 lb = 0.45359237 kg.",
    ]

    # United States: EIA-930 by balancing authority
    for ba in US_BAS:
        if balance_files:
            cols, notes = read_eia930_balance(balance_files, ba, year)
            src_name = ", ".join(os.path.basename(p) for p in balance_files)
            src_lines = ["Source: EIA Form EIA-930 six-month balance files (%s)," % src_name,
                         "public domain (U.S. Government work)."]
        else:
            raw = "eia930_2022_%s_dcrl.csv.gz" % ba
            cols, notes = read_dcrl(os.path.join(RAW, raw), ba, year)
            src_name = raw
            src_lines = [
                "Source: U.S. EIA Form EIA-930 'Hourly Electric Grid Monitor', net generation by",
                "energy source for balancing authority %s (%s), %d;" % (ba, BA_NAMES[ba], year),
                "public domain (U.S. Government work).  Taken from the per-BA extract",
                "HewlettPackard/dc-rl data/CarbonIntensity/%s_NG_&_avgCI.csv (MIT licence," % ba,
                "commit a92b475), stored as scripts/profiles/raw/%s" % raw,
                "(SHA-256 of the uncompressed file %s)." % raw_hash[raw],
            ]
        log.extend(notes)
        outages = mask_outages(cols, EIA_FUELS, ba, log)
        rel, avg, gaps, partial = intensity(cols, EIA_FUELS, ba, log)
        path = os.path.join(out_dir, "intensity_%s_%d.csv" % (ba, year))
        hdr = [
            "Hourly CO2 intensity of generation, relative to the year's mean (mean = 1).",
            "Region: EIA-930 balancing authority %s (%s)." % (ba, BA_NAMES[ba]),
            "Year: %d." % year,
        ] + src_lines + [
            "Derivation: I_h = sum_fuel gen_h,fuel * EF_fuel / sum_fuel gen_h,fuel over the BA's",
            "own net generation (coal, gas, oil, nuclear, hydro, solar, wind, other; negative",
            "values set to 0; imports not traced), then divided by the mean of the 8,760 I_h.",
        ] + ef_lines + [
            "Mean absolute intensity on this basis: %.4f kg CO2/kWh (for reference only; the" % avg,
            "catalog's intensity_kg_per_kwh sets the level, this file only the shape).",
        ] + COMMON_TIME + [
            "EIA-930 labels are hour-ending UTC; %s" % (
                "moved back one hour." if EIA_LABEL_IS_HOUR_END[ba] or balance_files else
                "this BA's series behaves as hour-beginning (solar-noon test), not moved."),
            "Gaps: %d hour(s) with no data, of which %d were reporting failures (total" % (gaps, outages),
            "generation < %g x the median of the surrounding +-%d h) set to missing; filled by" % (
                OUTAGE_FRACTION, OUTAGE_WINDOW),
            "linear interpolation between the neighbouring hours (an end gap copies the same",
            "hour of the adjacent day).",
            "Script: scripts/profiles/derive_profiles.py",
        ]
        write_profile(path, hdr, rel)
        summary.append((os.path.basename(path), "intensity", min(rel), max(rel), gaps))

        for tech in US_CF.get(ba, []):
            fuel = "SUN" if tech == "solar" else "WND"
            cf, peak, g = capacity_factor(cols[fuel], "%s/%s" % (ba, fuel), log)
            path = os.path.join(out_dir, "cf_%s_%s_%d.csv" % (tech, ba, year))
            hdr = [
                "Hourly %s capacity factor (0..1) of the %s fleet in balancing authority %s." % (
                    tech, tech, ba),
                "Region: %s.  Year: %d." % (BA_NAMES[ba], year),
            ] + src_lines + [
                "Derivation: CF_h = gen_h / P, where P = %.1f MW is the %.1fth percentile of the" % (
                    peak, PEAK_QUANTILE * 100),
                "year's hourly %s generation (the fleet's observed peak output), clipped to 1." % tech,
                "NORMALISATION: installed capacity per BA was not available here, so this is",
                "output relative to the fleet's peak, not to nameplate capacity; aggregated",
                "fleets peak below nameplate, so the mean sits above a nameplate capacity factor",
                "(EIA Electric Power Monthly Table 6.07.B, U.S. 2013-2021: solar PV 24-26 %,",
                "wind 32-35 %), and fleet growth during the year is not removed.",
                "Annual mean CF: %.4f." % mean(cf),
            ] + COMMON_TIME + [
                "Gaps: %d hour(s) filled by linear interpolation." % g,
                "Script: scripts/profiles/derive_profiles.py",
            ]
            write_profile(path, hdr, cf)
            summary.append((os.path.basename(path), tech, mean(cf), max(cf), g))

    # Europe: Portugal, ENTSO-E
    pt_files = [os.path.join(RAW, "entsoe_agpt_PT_%d.csv.gz" % y) for y in (YEAR, YEAR + 1)]
    cols, notes = read_entsoe_agpt(pt_files, YEAR)
    log.extend(notes)
    pt_src = [
        "Source: ENTSO-E Transparency Platform, 'Actual Generation per Production Type'",
        "(16.1.B&C), bidding zone PT, exports for 2022 and 2023 (the last UTC hour of 2022 is",
        "01.01.2023 00:00 CET); ENTSO-E data, CC BY 4.0 per ENTSO-E's 2023 terms (see",
        "scripts/profiles/raw/README.md); files as committed in",
        "github.com/cataminaskrt/SE-Project3 (commit 0d3875c), stored as",
        "scripts/profiles/raw/entsoe_agpt_PT_2022.csv.gz (SHA-256 uncompressed %s)" %
        raw_hash["entsoe_agpt_PT_2022.csv.gz"],
        "and entsoe_agpt_PT_2023.csv.gz (%s)." % raw_hash["entsoe_agpt_PT_2023.csv.gz"],
    ]
    rel, avg, gaps, partial = intensity(cols, ENTSOE_FUELS, "PT", log)
    path = os.path.join(out_dir, "intensity_PT_%d.csv" % YEAR)
    hdr = [
        "Hourly CO2 intensity of generation, relative to the year's mean (mean = 1).",
        "Region: Portugal (ENTSO-E bidding zone PT).  Year: %d." % YEAR,
    ] + pt_src + [
        "Derivation: I_h = sum_type gen_h,type * EF_type / sum_type gen_h,type over PT's own",
        "generation by production type (pumped-storage generation excluded from both sums as",
        "it re-delivers energy of other hours; 'n/e' = type absent = 0; imports not traced),",
        "then divided by the mean of the 8,760 I_h.  Gas, coal, lignite and oil types take",
        "the factors below; biomass, waste, 'other' and all non-fossil types 0.",
    ] + ef_lines + [
        "In 2022 PT's only fossil type reported is gas, so the shape does not depend on the",
        "gas factor's value.  Mean absolute intensity on this basis: %.4f kg CO2/kWh." % avg,
        "Time: the export is in CET/CEST (interval start); converted to UTC (CET = UTC+1,",
        "CEST = UTC+2; the spring-forward placeholder row is skipped, the repeated autumn hour",
        "is read first as CEST then as CET).",
    ] + COMMON_TIME + [
        "Gaps: %d hour(s) with no data (%d reporting failures), filled by linear" % (gaps, outages),
        "interpolation.",
        "Script: scripts/profiles/derive_profiles.py",
    ]
    write_profile(path, hdr, rel)
    summary.append((os.path.basename(path), "intensity", min(rel), max(rel), gaps))

    for tech in PT_CF:
        if tech == "solar":
            series = cols["Solar"]
        else:
            series = [None if a is None or b is None else a + b
                      for a, b in zip(cols["Wind Onshore"], cols["Wind Offshore"])]
        cf, peak, g = capacity_factor(series, "PT/%s" % tech, log)
        path = os.path.join(out_dir, "cf_%s_PT_%d.csv" % (tech, YEAR))
        hdr = [
            "Hourly %s capacity factor (0..1) of Portugal's %s fleet (ENTSO-E zone PT)." % (
                tech, tech),
            "Year: %d." % YEAR,
        ] + pt_src + [
            "Derivation: CF_h = gen_h / P, where P = %.1f MW is the %.1fth percentile of the" % (
                peak, PEAK_QUANTILE * 100),
            "year's hourly %s generation (%s), clipped to 1." % (
                tech, "Solar" if tech == "solar" else "Wind Onshore + Wind Offshore"),
            "NORMALISATION: relative to the fleet's observed peak output, not nameplate",
            "capacity (installed capacity was not available here); the mean sits above a",
            "nameplate capacity factor and fleet growth during the year is not removed.",
            "Annual mean CF: %.4f." % mean(cf),
        ] + COMMON_TIME + [
            "Time: converted from CET/CEST to UTC as for intensity_PT_%d.csv." % YEAR,
            "Gaps: %d hour(s) filled by linear interpolation." % g,
            "Script: scripts/profiles/derive_profiles.py",
        ]
        write_profile(path, hdr, cf)
        summary.append((os.path.basename(path), tech, mean(cf), max(cf), g))

    # Sanity checks on what was written
    for name, kind, *_ in summary:
        check_profile(os.path.join(out_dir, name), kind)
    return summary, log


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=OUT, help="output directory (default Models/profiles)")
    ap.add_argument("--check", action="store_true",
                    help="re-derive into a temporary directory and compare with --out")
    ap.add_argument("--eia930-balance", nargs="+", metavar="FILE",
                    help="official EIA930_BALANCE_<year>_*.csv files instead of the "
                         "committed 2022 extracts (US profiles only; with --year)")
    ap.add_argument("--year", type=int, default=YEAR)
    args = ap.parse_args()

    if args.eia930_balance and args.year == YEAR and not args.check:
        print("note: --eia930-balance with the default year %d" % YEAR, file=sys.stderr)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            summary, log = derive(tmp)
            bad = []
            for name, *_ in summary:
                a = open(os.path.join(tmp, name)).read()
                bpath = os.path.join(args.out, name)
                b = open(bpath).read() if os.path.exists(bpath) else None
                if a != b:
                    bad.append(name)
            if bad:
                print("differs from the committed files: %s" % ", ".join(bad))
                return 1
            print("%d profiles re-derived, identical to %s; sanity checks passed"
                  % (len(summary), args.out))
            return 0
    summary, log = derive(args.out, args.eia930_balance, args.year)
    for line in log:
        print("  " + line)
    print("%-28s %-9s %10s %10s %5s" % ("file", "kind", "mean|min", "max", "gaps"))
    for name, kind, a, b, g in summary:
        print("%-28s %-9s %10.4f %10.4f %5d" % (name, kind, a, b, g))
    return 0


if __name__ == "__main__":
    sys.exit(main())
