#!/usr/bin/env python3
"""Re-derive the eGRID2023 (revision 2) figures of the 27 US subregions in Models/catalog/grids.yaml.

For each subregion it writes four lines of the subregion's entry, keeping every other line:
  intensity_kg_per_kwh     CO2e total output emission rate (SRC2ERTA), lb/MWh -> kg/kWh, 3 decimals
  gas_rates_lb_per_mwh     CO2 (SRCO2RTA), CH4 (SRCH4RTA), N2O (SRN2ORTA) total output rates, lb/MWh
  residual_mix_kg_per_kwh  Center for Resource Solutions (Green-e), 2025 Residual Mix Emissions Rates (2023 data),
                           'Adjusted System Mix', lb/MWh -> kg/kWh, 3 decimals
  mix                      resource mix (SRCLPR, SROLPR, SRGSPR, SRNCPR; renewable = hydro + biomass + wind + solar +
                           geothermal; other = other fossil + other unknown/purchased fuel), shares of net generation

Where each figure is read:
  * CO2e, CO2 and the resource mix: EPA's own Power Profiler data file, USEPA/power-profiler app/data/subregion.json
    at commit f42a47a958325f134a11e609eaa6612893ad3140 (built by its prep/add_egrid_data.py from the eGRID2023 rev2
    workbook, sheet SRL23: co2eEmissionRate = SRC2ERTA, co2EmissionRate = SRCO2RTA, fuelMix = SR..PR x 100, 1 dp).
    Read here from that file, given as the argument:
        git clone https://github.com/USEPA/power-profiler && \
        git -C power-profiler show f42a47a958325f134a11e609eaa6612893ad3140:app/data/subregion.json > subregion.json
        python3 scripts/catalog/egrid2023.py subregion.json            # checks, prints what would change
        python3 scripts/catalog/egrid2023.py subregion.json --write    # rewrites Models/catalog/grids.yaml
    The Power Profiler file has no CH4 or N2O.
  * CH4 and N2O (CH4_N2O below): transcribed from neuvetra-hq/neuvetra
    packages/neuvetra-database/src/method-reference/verified-electricity-register-egrid2023-greene2025.json
    @d807a1b7f20eb8638fdf9d50488af279907bfe56, a register read cell by cell from EPA's egrid2023_data_rev2.xlsx
    (sheet SRL23, columns X and Y); a second public copy citing the eGRID2023 summary tables, Table 1, agrees on all 54
    values. Checked here: CO2 + 28 CH4 + 265 N2O (AR5) reproduces EPA's CO2e within the rounding that 3-decimal CH4 and
    N2O allow (28 x 0.0005 + 265 x 0.0005 = 0.1465 lb/MWh).
  * Residual mixes (RESIDUAL below): transcribed from ianschillebeeckx/carbon-footprint
    zip2co2/data/greene_residual_mix.csv @042c8d9ce4a8dfe79a04f1c9595e2adc1c03fb28 (column residual_lb_per_mwh, 3 dp,
    'CRS 2025 Residual Mix Emissions Rates (2023 data), resource-solutions.org/2025-residual-mix/, Adjusted System
    Mix, 12-month vintage'); a second copy at full precision agrees. CRS labels the rate CO2, but it is on eGRID's CO2e
    basis: where no voluntary renewable energy was sold (HIMS, HIOA, NYCW, NYLI, PRMS) it equals eGRID's CO2e exactly,
    which this script checks, so no CH4 or N2O is added to it. Checked too: every residual mix is at or above its
    subregion's average.
"""
import json
import re
import sys

from catalog_file import write_or_report

LB_TO_KG = 0.45359237
COMMIT = "f42a47a958325f134a11e609eaa6612893ad3140"
GRIDS = "Models/catalog/grids.yaml"

# SRCH4RTA, SRN2ORTA (lb/MWh), eGRID2023 rev2 (see above).
CH4_N2O = {
    "AKGD": (0.086, 0.012), "AKMS": (0.026, 0.004), "AZNM": (0.039, 0.005), "CAMX": (0.025, 0.003),
    "ERCT": (0.043, 0.006), "FRCC": (0.041, 0.005), "HIMS": (0.146, 0.022), "HIOA": (0.134, 0.021),
    "MROE": (0.116, 0.017), "MROW": (0.097, 0.014), "NEWE": (0.063, 0.008), "NWPP": (0.054, 0.008),
    "NYCW": (0.022, 0.002), "NYLI": (0.140, 0.018), "NYUP": (0.011, 0.001), "PRMS": (0.077, 0.012),
    "RFCE": (0.036, 0.005), "RFCM": (0.082, 0.012), "RFCW": (0.071, 0.010), "RMPA": (0.090, 0.013),
    "SPNO": (0.087, 0.012), "SPSO": (0.054, 0.008), "SRMV": (0.032, 0.004), "SRMW": (0.132, 0.019),
    "SRSO": (0.056, 0.008), "SRTV": (0.079, 0.011), "SRVC": (0.045, 0.006),
}

# Green-e residual mix, 2025 release (2023 data), Adjusted System Mix, lb CO2e/MWh (see above).
RESIDUAL = {
    "AKGD": 914.641, "AKMS": 532.729, "AZNM": 707.733, "CAMX": 434.219, "ERCT": 823.811, "FRCC": 801.236,
    "HIMS": 1133.294, "HIOA": 1498.947, "MROE": 1405.429, "MROW": 977.88, "NEWE": 543.232, "NWPP": 656.535,
    "NYCW": 865.744, "NYLI": 1189.333, "NYUP": 242.8, "PRMS": 1548.53, "RFCE": 599.238, "RFCM": 988.658,
    "RFCW": 917.784, "RMPA": 1065.862, "SPNO": 1016.819, "SPSO": 1020.771, "SRMV": 744.957, "SRMW": 1287.869,
    "SRSO": 855.103, "SRTV": 903.72, "SRVC": 601.889,
}
NO_VOLUNTARY_RE = {"HIMS", "HIOA", "NYCW", "NYLI", "PRMS"}

VIA_EPA = (f"EPA's Power Profiler data file, USEPA/power-profiler app/data/subregion.json @{COMMIT[:8]} (built from the "
           f"rev2 workbook, sheet SRL23)")


def record(**fields):
    """A source record as a YAML flow mapping: {publisher, title, year, table, value, unit, conversion, url, via}."""
    def scalar(v):
        if isinstance(v, (int, float)):
            return str(v)
        return '"' + str(v).replace('\\', '\\\\').replace('"', '\\"') + '"'
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in fields.items() if v is not None) + "}"


def epa(table, **more):
    return record(publisher="U.S. EPA", title="eGRID2023 revision 2", year=2025, table=table, **more)


def subregions(path):
    """name -> properties, from the Power Profiler GeoJSON (one feature per line)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        text = f.read()
    data = json.loads(text)
    for feature in data["features"]:
        p = feature["properties"]
        if p.get("type") == "subregion":
            out[p["name"]] = p
    return out


def lines_for(sub, p):
    co2e = p["emissionFactor"]["co2eEmissionRate"]["value"]
    co2 = p["emissionFactor"]["co2EmissionRate"]["value"]
    ch4, n2o = CH4_N2O[sub]
    gases = co2 + 28 * ch4 + 265 * n2o
    assert abs(gases - co2e) <= 0.1465, f"{sub}: CO2 + 28 CH4 + 265 N2O = {gases:.3f}, EPA's CO2e {co2e}"
    residual = RESIDUAL[sub]
    assert residual >= co2e - 0.001, f"{sub}: residual {residual} below the average {co2e}"
    if sub in NO_VOLUNTARY_RE:
        assert abs(residual - co2e) < 0.001, f"{sub}: no voluntary RE, but residual {residual} != CO2e {co2e}"
    m = p["fuelMix"]
    renewable = m["hydro"] + m["biomass"] + m["wind"] + m["solar"] + m["geothermal"]
    other = m["otherFossilFuel"] + m["otherUnknownFuel"]
    shares = [m["coal"], m["oil"], m["gas"], m["nuclear"], renewable, other]
    assert abs(sum(shares) - 100) <= 0.5, f"{sub}: the mix adds up to {sum(shares)}"
    where = f"SRL23, subregion {sub} ({p['fullName']})"
    kg = co2e * LB_TO_KG / 1000
    intensity = "  intensity_kg_per_kwh: {value: %.3f, source: %s}" % (kg, epa(
        f"{where}, SRC2ERTA: CO2e total output emission rate (AR5 GWPs)", value=f"{co2e:.3f}", unit="lb/MWh",
        conversion=f"x 0.45359237/1000 = {kg:.4f} kg/kWh", url="https://www.epa.gov/egrid",
        via=VIA_EPA + "; the January 2025 original release differs: revision 2 is cited"))
    gas = "  gas_rates_lb_per_mwh: {co2: %.3f, ch4: %.3f, n2o: %.3f, source: %s}" % (co2, ch4, n2o, epa(
        f"{where}, SRCO2RTA, SRCH4RTA and SRN2ORTA: total output emission rates, lb/MWh",
        conversion=f"check: CO2 + 28 CH4 + 265 N2O = {gases:.3f} lb/MWh, EPA's CO2e {co2e:.3f} within the rounding of "
                   f"3-decimal CH4 and N2O (scripts/catalog/egrid2023.py)",
        url="https://www.epa.gov/egrid",
        via=f"CO2: {VIA_EPA}; CH4 and N2O: transcribed cell by cell from egrid2023_data_rev2.xlsx in neuvetra-hq/neuvetra "
            f"verified-electricity-register-egrid2023-greene2025.json @d807a1b7 (a second copy agrees)"))
    rkg = residual * LB_TO_KG / 1000
    res = "  residual_mix_kg_per_kwh: {value: %.3f, source: %s}" % (rkg, record(
        publisher="Center for Resource Solutions (Green-e)", title="2025 Residual Mix Emissions Rates (2023 data), released 2026-01-29",
        year=2026, table=f"{sub}, Adjusted System Mix (12-month vintage), on eGRID's CO2e basis (it equals eGRID's CO2e where "
                         f"no voluntary renewable energy was sold); same data year as the average, at or above it",
        value=f"{residual:.3f}", unit="lb/MWh", conversion=f"x 0.45359237/1000 = {rkg:.4f} kg/kWh",
        url="https://resource-solutions.org/2025-residual-mix/",
        via="ianschillebeeckx/carbon-footprint zip2co2/data/greene_residual_mix.csv @042c8d9c (a full-precision copy agrees)"))
    f = lambda x: f"{x / 100:.3f}".rstrip("0").rstrip(".") if x else "0"
    mix = ("  mix: {coal: %s, oil: %s, gas: %s, nuclear: %s, renewable: %s, other: %s, year: 2023, source: %s}" % (
        f(m['coal']), f(m['oil']), f(m['gas']), f(m['nuclear']), f(renewable), f(other), epa(
            f"{where}, resource mix, % of net generation: SRCLPR, SROLPR, SRGSPR, SRNCPR; renewable = SRHYPR "
            f"{m['hydro']} + SRBMPR {m['biomass']} + SRWIPR {m['wind']} + SRSOPR {m['solar']} + SRGTPR {m['geothermal']}; "
            f"other = SROFPR {m['otherFossilFuel']} + SROPPR {m['otherUnknownFuel']}",
            conversion="% / 100", url="https://www.epa.gov/egrid", via=VIA_EPA)))
    return {"intensity_kg_per_kwh": intensity, "gas_rates_lb_per_mwh": gas, "residual_mix_kg_per_kwh": res, "mix": mix}


def rewrite(text, new):
    """Replaces (or adds after intensity_kg_per_kwh) the four keys in each subregion's block."""
    lines = text.split("\n")
    out, block = [], None
    i = 0
    while i < len(lines):
        line = lines[i]
        head = re.match(r"^([A-Z][A-Z0-9-]*):\s*$", line)
        if head:
            block = head.group(1) if head.group(1) in new else None
        if block and re.match(r"^  note: ", line):
            line = ("  note: \"eGRID2023 revision 2: the average, the rates by gas and the resource mix from EPA's data, "
                    "the Green-e residual mix of the same data year (scripts/catalog/egrid2023.py).\"")
        key = re.match(r"^  ([a-z_]+):", line)
        if block and key and key.group(1) in new[block]:
            if key.group(1) == "intensity_kg_per_kwh":
                out.append(new[block]["intensity_kg_per_kwh"])
                for k in ("residual_mix_kg_per_kwh", "gas_rates_lb_per_mwh", "mix"):
                    out.append(new[block][k])
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    subs = subregions(sys.argv[1])
    missing = sorted(set(CH4_N2O) - set(subs))
    if missing:
        sys.exit(f"{sys.argv[1]}: no subregion {', '.join(missing)}")
    new = {s: lines_for(s, subs[s]) for s in sorted(CH4_N2O)}
    with open(GRIDS, encoding="utf-8") as f:
        text = f.read()
    for s in new:
        if not re.search(rf"^{s}:\s*$", text, re.M):
            sys.exit(f"{GRIDS}: no entry {s}")
    updated = rewrite(text, new)
    for s, p in sorted(subs.items()):
        if s in new:
            print(f"{s}: CO2e {p['emissionFactor']['co2eEmissionRate']['value']:9.3f}  residual {RESIDUAL[s]:9.3f} lb/MWh  checked")
    write_or_report(GRIDS, text, updated, "--write" in sys.argv, "27 subregions")

if __name__ == "__main__":
    main()
