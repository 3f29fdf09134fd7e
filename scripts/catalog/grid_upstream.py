#!/usr/bin/env python3
"""Re-derive the upstream (Scope 3 category 3) factors in Models/catalog/grids.yaml.

upstream_kg_per_kwh = well-to-tank (WTT) of the fuels burned + transmission & distribution (T&D)
losses, per kWh consumed. Every input below is a figure read from the source named beside it, or an
assumption marked as such. Run: python3 scripts/catalog/grid_upstream.py  (prints one line per grid and
says whether grids.yaml is current); with --write it rewrites the 45 derived upstream_kg_per_kwh values
of Models/catalog/grids.yaml (see "Writing" below).

Method for a grid on a DIRECT (combustion) basis, intensity D kg/kWh:
  WTT = r * D, with r spanning the credible per-kWh ratios of upstream to combustion:
    r_lo = 0.091  coal: ReEDS emitrate.csv upstream 2.94 kg CO2 + 0.208 kg CH4 (x28, AR5) + 5e-5 kg N2O (x265)
                  = 8.78 kg CO2e/MMBtu against combustion 95.5 kg CO2 + 0.011 kg CH4 + 0.0016 kg N2O = 96.2
                  (ReEDS-Model/ReEDS inputs/emission_constraints/emitrate.csv @2cfa6bc0, rows CoalOldScr
                  process/upstream; t/MMBtu). ReEDS gas upstream carries no CH4 (leakage is modelled apart),
                  so its gas ratio (6.27/53.1 = 0.118) is not used as a bound.
    r_hi = 0.281  DESNZ 2026 'WTT- UK electricity (generation)' 0.03682 / 'UK electricity' 0.13096 kg CO2e/kWh
                  (whole UK grid, incl. LNG imports and biomass supply chains).
    (between them: DESNZ 2025 natural gas WTT 0.03021 / combustion 0.18296 per kWh Gross CV = 0.165.)
  and, where a same-year lifecycle figure exists (Ember 2024), WTT_lc = Ember_lifecycle - D is a third
  method; the range is widened to include it when it falls outside [r_lo*D, r_hi*D].
  T&D = (D + WTT) * L / (1 - L), L = share of the electricity sent out that is lost.
Method for a grid on a LIFECYCLE basis (Ember, which already holds the upstream of the fuels):
  upstream = T&D only = I * L / (1 - L), so that nothing is counted twice.
Output: uniform min..max (kg CO2e per kWh consumed), rounded outward to 3 decimals.

Writing (--write): each derived value becomes a block
    upstream_kg_per_kwh:
      dist: uniform
      min: ...
      max: ...
      source:
        - {publisher, title, year, table, value, unit, conversion, url, via}   one record per publication used
        - "assumption: an estimate derived by scripts/catalog/grid_upstream.py ..."  the method, what is assumed,
          and this grid's arithmetic (D or I, the WTT and L ends, min and max before rounding)
  The records (REEDS, DESNZ, EIA_2023, EIA_2014, wdi() and ember() below): ReEDS emitrate.csv and DESNZ 2026 (the two ends of r, direct grids); EIA's
  FAQ on T&D losses, its 2023 and its 2014 version (L for US grids); World Bank WDI EG.ELC.LOSS.ZS 2014 (L
  outside the US); Ember's 2024 lifecycle intensity (EU direct grids: the third WTT method; lifecycle grids: I).
  Years: ReEDS 2026 (the repository's history begins 2026-04-15, read in its forks; the commit's own date was
  not read), DESNZ 2026, EIA 2023 and 2014 (each version's 'Last updated' date), WDI 2014 (year of the data;
  publication year not read), Ember 2025 (the 2025 release, as the intensity records cite it).
  The script never changes a number: it stops, writing nothing, unless its rounded min and max equal the
  figures grids.yaml holds for all 45 grids, and it keeps them as written there.
"""
import math
import os
import re
import sys

from catalog_file import write_or_report

R_LO, R_HI = 0.091, 0.281


class Loss:
    """A loss share L (fraction of output) [lo, hi] and where it comes from (kind: us, oecd, emerging, country)."""
    def __init__(self, lo, hi, kind, country=None, iso=None, figure=None):
        self.lo, self.hi, self.kind, self.country, self.iso, self.figure = lo, hi, kind, country, iso, figure

    def __iter__(self):
        return iter((self.lo, self.hi))

    def __getitem__(self, i):
        return (self.lo, self.hi)[i]


# Loss shares L (fraction of output), [lo, hi]:
L_US = Loss(0.045, 0.06, "us")     # EIA FAQ 'How much electricity is lost in T&D': about 5 % in 2018-2022 (6 % in 1990-2012)
L_OECD = Loss(0.03, 0.085, "oecd")  # assumption: bracketed by World Bank WDI EG.ELC.LOSS.ZS 2014: DE 3.9, JP 4.3, US 5.9, GB 8.4 %
L_EMERGING = Loss(0.055, 0.193, "emerging")  # assumption: bracketed by WDI 2014 CN 5.5 % and IN 19.3 %
def around(x, country, iso):  # WDI 2014 value (copy: hoyeungw/volks worldbank-premade Energy.byEachYear.md @05471ff1), +-25 % drift since 2014 (assumption)
    return Loss(x * 0.75, x * 1.25, "country", country, iso, x)

def direct(D, L, lifecycle=None):
    wtt = [R_LO * D, R_HI * D]
    if lifecycle is not None:
        wtt = [min(wtt[0], lifecycle - D), max(wtt[1], lifecycle - D)]
    wtt[0] = max(wtt[0], 0.0)
    lo = wtt[0] + (D + wtt[0]) * L[0] / (1 - L[0])
    hi = wtt[1] + (D + wtt[1]) * L[1] / (1 - L[1])
    return lo, hi

def lifecycle(I, L):
    return I * L[0] / (1 - L[0]), I * L[1] / (1 - L[1])

LB = 0.45359237 / 1000  # lb/MWh -> kg/kWh
# Each grid: (method, intensity kg/kWh, L, Ember lifecycle kg/kWh or None, label of the intensity's source).
SPECS = {
    # US (eGRID2023 CO2e total output rates, lb/MWh; eGRID2022 where 2023 was not read)
    "US":   ("direct", 770.884 * LB, L_US, None, "eGRID2023"),
    "SRVC": ("direct", 596.3 * LB, L_US, None, None),
    "RFCW": ("direct", 916.1 * LB, L_US, None, None),
    "RFCE": ("direct", 599.170 * LB, L_US, None, None),
    "NWPP": ("direct", 635.3 * LB, L_US, None, None),
    "CAMX": ("direct", 429.983 * LB, L_US, None, None),
    "ERCT": ("direct", 736.629 * LB, L_US, None, "eGRID2023 rev2"),
    "MROW": ("direct", 926.552 * LB, L_US, None, "eGRID2023 rev2"),
    "SRSO": ("direct", 846.007 * LB, L_US, None, "eGRID2023 rev2"),
    "AZNM": ("direct", 706.189 * LB, L_US, None, "eGRID2023 rev2"),
    "AKGD": ("direct", 905.109 * LB, L_US, None, "eGRID2023 rev2"),
    "AKMS": ("direct", 522.4 * LB, L_US, None, "eGRID2023 rev2"),
    "FRCC": ("direct", 784.785 * LB, L_US, None, "eGRID2023 rev2"),
    "HIMS": ("direct", 1133.294 * LB, L_US, None, "eGRID2023 rev2"),
    "HIOA": ("direct", 1498.947 * LB, L_US, None, "eGRID2023 rev2"),
    "MROE": ("direct", 1404.963 * LB, L_US, None, "eGRID2023 rev2"),
    "NEWE": ("direct", 543.178 * LB, L_US, None, "eGRID2023 rev2"),
    "NYCW": ("direct", 865.744 * LB, L_US, None, "eGRID2023 rev2"),
    "NYLI": ("direct", 1189.333 * LB, L_US, None, "eGRID2023 rev2"),
    "NYUP": ("direct", 242.776 * LB, L_US, None, "eGRID2023 rev2"),
    "PRMS": ("direct", 1548.53 * LB, L_US, None, "eGRID2023 rev2"),
    "RFCM": ("direct", 975.978 * LB, L_US, None, "eGRID2023 rev2"),
    "RMPA": ("direct", 1042.539 * LB, L_US, None, "eGRID2023 rev2"),
    "SPNO": ("direct", 867.74 * LB, L_US, None, "eGRID2023 rev2"),
    "SPSO": ("direct", 875.567 * LB, L_US, None, "eGRID2023 rev2"),
    "SRMV": ("direct", 741.741 * LB, L_US, None, "eGRID2023 rev2"),
    "SRMW": ("direct", 1248.582 * LB, L_US, None, "eGRID2023 rev2"),
    "SRTV": ("direct", 903.306 * LB, L_US, None, "eGRID2023 rev2"),
    # EU, direct: EEA 2024 (kg CO2e/kWh) against Ember 2024 lifecycle (co2.js @b459b5e5)
    "DE": ("direct", 0.291, around(0.039, "Germany", "DEU"), 0.34206, "EEA 2024"),
    "FR": ("direct", 0.036, L_OECD, 0.04418, "EEA 2024"),
    "IT": ("direct", 0.206, L_OECD, 0.28775, "EEA 2024"),
    "ES": ("direct", 0.125, L_OECD, 0.14615, "EEA 2024"),
    "NL": ("direct", 0.245, L_OECD, 0.2527, "EEA 2024"),
    # Lifecycle basis (Ember 2024): T&D only
    "JP": ("lifecycle", 0.48373, around(0.043, "Japan", "JPN"), None, "Ember 2024"),
    "CN": ("lifecycle", 0.5575, around(0.055, "China", "CHN"), None, "Ember 2024"),
    "IN": ("lifecycle", 0.70896, around(0.193, "India", "IND"), None, "Ember 2024"),
    "RU": ("lifecycle", 0.44617, around(0.10, "Russia", "RUS"), None, "Ember 2024"),
    "CA": ("lifecycle", 0.18499, L_OECD, None, "Ember 2024"),
    "KR": ("lifecycle", 0.41565, L_OECD, None, "Ember 2024"),
    "CH": ("lifecycle", 0.03672, L_OECD, None, "Ember 2024"),
    "BR": ("lifecycle", 0.10606, L_EMERGING, None, "Ember 2024"),
    "MX": ("lifecycle", 0.48314, L_EMERGING, None, "Ember 2024"),
    "ID": ("lifecycle", 0.68243, L_EMERGING, None, "Ember 2023 (no 2024 value in the copy read)"),   # Ember 2023 (no 2024 value in the copy)
    "SA": ("lifecycle", 0.69195, L_EMERGING, None, "Ember 2024"),
    "TR": ("lifecycle", 0.4697, L_EMERGING, None, "Ember 2024"),
}
GRIDS = {k: (direct(x, L, lc) if m == "direct" else lifecycle(x, L)) for k, (m, x, L, lc, _) in SPECS.items()}

# ---------------------------------------------------------------------------------------------------------
# Writing grids.yaml: the publications behind the inputs, as source records.

GRIDS_YAML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Models", "catalog", "grids.yaml")
MARK = "assumption: an estimate derived by scripts/catalog/grid_upstream.py"
COUNTRY = {"US": "United States", "DE": "Germany", "FR": "France", "IT": "Italy", "ES": "Spain", "NL": "Netherlands",
           "JP": "Japan", "CN": "China", "IN": "India", "RU": "Russia", "CA": "Canada", "KR": "South Korea",
           "CH": "Switzerland", "BR": "Brazil", "MX": "Mexico", "ID": "Indonesia", "SA": "Saudi Arabia", "TR": "Türkiye"}

REEDS = dict(
    publisher="National Renewable Energy Laboratory (NREL)",
    title="ReEDS, inputs/emission_constraints/emitrate.csv @2cfa6bc0",
    year=2026,
    table="rows CoalOldScr upstream and CoalOldScr process (t per MMBtu): upstream CO2 2.94E-03, CH4 2.08E-04, "
          "N2O 5.00E-08; process (combustion) CO2 9.55E-02, CH4 1.10E-05, N2O 1.60E-06",
    conversion="AR5 (CH4 28, N2O 265): upstream 2.94 + 0.208 x 28 + 5e-5 x 265 = 8.78 kg CO2e/MMBtu against combustion "
               "95.5 + 0.011 x 28 + 0.0016 x 265 = 96.2 kg CO2e/MMBtu: r = 8.78/96.2 = 0.091, the low end of the "
               "WTT/combustion ratio r. Not a bound: the gas rows (gas-CT, gas-CC upstream 6.27E-03 t CO2, CH4 0 "
               "because ReEDS models leakage apart) give 6.27/53.1 = 0.118",
    via="read in the repository (ReEDS-Model/ReEDS @2cfa6bc050b6a3c7e59274d815da91429ca7897f); the commit's date "
        "was not read (no copy of the repository could be fetched here): the year is that of the repository's "
        "history, which begins with 2cfcb127 'initial commit from tagged version 2026.04.15' (2026-04-15, read in "
        "the forks jdseng/ReEDS and ajsbergman/ReEDS); a later README of the folder (@05e9a278) says the rates "
        "come from Table A-9, Appendix A.5 of the Standard Scenarios 2024 report")

DESNZ = dict(
    publisher="UK Department for Energy Security and Net Zero (DESNZ)",
    title="Greenhouse gas reporting: conversion factors 2026, full set v1",
    year=2026,
    table="Scope 3: WTT- UK electricity (generation) (cell E19), against the Scope 2 factor UK electricity, "
          "Electricity generated, Electricity: UK 0.13096 kg CO2e/kWh (AR5)",
    value=0.03682, unit="kg CO2e/kWh",
    conversion="r = 0.03682 / 0.13096 = 0.281, the high end of the WTT/combustion ratio r (whole UK grid, incl. LNG "
               "imports and biomass supply chains)",
    via="themisiqco/themisiq lib/emissionFactors/defraEnergy2026.json @9531d771 (WTT) and lib/ghg/engine.ts "
        "GRID_EF.UK 2026 (generation), the copies the GB entry reads")

EIA_VIA = ("the FAQ's text and 'Last updated' date read in stored copies of the page (found with the search tool); "
           "the catalog's earlier text named the FAQ without year or URL")
EIA_2023 = dict(
    publisher="U.S. Energy Information Administration (EIA)",
    title="FAQ: How much electricity is lost in electricity transmission and distribution in the United States? "
          "(last updated November 7, 2023)",
    year=2023,
    table="annual T&D losses averaged about 5 % of the electricity transmitted and distributed in the United States "
          "in 2018 through 2022",
    value=5, unit="%",
    conversion="L's low end 4.5 % (about 5 % taken down to 4.5 %, assumption): the min",
    url="https://www.eia.gov/tools/faqs/faq.php?id=105&t=3",
    via=EIA_VIA)
EIA_2014 = dict(
    publisher="U.S. Energy Information Administration (EIA)",
    title="FAQ: How much electricity is lost in transmission and distribution in the United States? "
          "(earlier version, last updated May 7, 2014)",
    year=2014,
    table="T&D losses average about 6 % of the electricity transmitted and distributed (footnote: average of losses "
          "from 1990 to 2012)",
    value=6, unit="%",
    conversion="L's high end 6 %: the max",
    url="http://www.eia.gov/tools/faqs/faq.cfm?id=105&t=3",
    via=EIA_VIA)

WDI_BASE = dict(
    publisher="World Bank",
    title="World Development Indicators, EG.ELC.LOSS.ZS: Electric power transmission and distribution losses (% of output)",
    year=2014,
    via="hoyeungw/volks packages/worldbank-premade/resources/Energy.byEachYear.md @05471ff1 (committed 2021-12-23, a "
        "WDI download of that date or earlier); year of the data; publication year not read")

EMBER_VIA = ("thegreenwebfoundation/co2.js data/output/average-intensities.json "
             "@b459b5e543c6cfb49ad429627e325e14c45697e1 (2025-08-03; from Ember's API, country_overview_yearly)")


def pct(x):
    return f"{x * 100:.1f}".rstrip("0").rstrip(".")


def num(x, places):
    return f"{x:.{places}f}".rstrip("0").rstrip(".")


def wdi(L):
    if L.kind == "country":
        return dict(WDI_BASE, table=f"{L.country} ({L.iso}), 2014, the series' last year in the copy read",
                    value=float(pct(L.figure)) if "." in pct(L.figure) else int(pct(L.figure)), unit="% of output",
                    conversion=f"x 0.75 to x 1.25 (+-25 % for drift since 2014, assumption) = L {pct(L.lo)}-{pct(L.hi)} %: "
                               f"both ends")
    if L.kind == "oecd":
        return dict(WDI_BASE, table="2014, the series' last year in the copy read: Germany (DEU) 3.9, Japan (JPN) 4.3, "
                                    "United States (USA) 5.9, United Kingdom (GBR) 8.4 % of output",
                    conversion="L 3-8.5 % brackets the four (assumption): both ends; no figure for this country was read")
    return dict(WDI_BASE, table="2014, the series' last year in the copy read: China (CHN) 5.5, India (IND) 19.3 % of output",
                conversion="L 5.5-19.3 % runs from China's figure to India's (assumption): both ends; no figure for "
                           "this country was read, so the range is wide")


def ember(name, lc, year, conversion):
    return dict(publisher="Ember", title="Yearly Electricity Data (2025 release)", year=2025,
                table=f"{COUNTRY[name]}, {year}, emissions intensity (emissions_intensity_gco2_per_kwh), lifecycle basis: "
                      f"full lifecycle emissions, CO2 equivalent over a 100-year timescale",
                value=float(num(lc * 1000, 2)), unit="gCO2e/kWh", conversion=conversion, via=EMBER_VIA)


def record(fields):
    """A source record as a YAML flow mapping, keys in the catalog's order."""
    def scalar(v):
        if isinstance(v, (int, float)):
            return repr(v) if isinstance(v, float) else str(v)
        assert '"' not in v and "\\" not in v, v
        return '"' + v + '"'
    order = ("publisher", "title", "year", "table", "value", "unit", "conversion", "url", "via")
    return "{" + ", ".join(f"{k}: {scalar(fields[k])}" for k in order if fields.get(k) is not None) + "}"


def sources(name):
    """The records and the assumption text of one grid's derived upstream value."""
    method, x, L, lc, label = SPECS[name]
    lo, hi = GRIDS[name]
    rlo, rhi = math.floor(lo * 1000) / 1000, math.ceil(hi * 1000) / 1000
    f4 = lambda v: f"{v:.4f}"
    ends = (f"min = {f4(lo)}, rounded down to {rlo:.3f}; max = {f4(hi)}, rounded up to {rhi:.3f}")
    if L.kind == "us":
        l_text = ("4.5-6 % (EIA: about 5 % in 2018-2022, taken down to 4.5 % at the low end, and about 6 % in "
                  "1990-2012 as the high end)")
    elif L.kind == "oecd":
        l_text = ("3-8.5 % (bracketed by World Bank WDI EG.ELC.LOSS.ZS 2014 DE 3.9, JP 4.3, US 5.9, GB 8.4 %; no "
                  "figure for this country was read)")
    elif L.kind == "emerging":
        l_text = ("5.5-19.3 % (bracketed by World Bank WDI EG.ELC.LOSS.ZS 2014 China 5.5 % and India 19.3 %; no "
                  "figure for this country was read, so the range is wide)")
    else:
        l_text = (f"{pct(L.lo)}-{pct(L.hi)} % (World Bank WDI EG.ELC.LOSS.ZS 2014, {L.country} {pct(L.figure)} % of "
                  f"output, +-25 % for drift since 2014)")
    recs = []
    if method == "lifecycle":
        year = label.split()[1]
        recs.append(ember(name, x, year, f"/ 1000 = I = {x:.5f} kg/kWh, the lifecycle intensity the T&D share "
                                         f"applies to: both ends"))
        recs.append(wdi(L))
        text = (f"{MARK}: T&D losses only, I x L/(1-L) on the Ember lifecycle intensity I = {x:.3f} kg/kWh ({label}, "
                f"this entry's intensity_kg_per_kwh), because a lifecycle figure already carries the upstream of the "
                f"fuels (adding WTT would count it twice); L {l_text}. "
                f"min = {x:.5f} x {num(L.lo, 5)}/{num(1 - L.lo, 5)} = {f4(lo)}; max = {x:.5f} x {num(L.hi, 5)}/"
                f"{num(1 - L.hi, 5)} = {f4(hi)}. Uniform over that range, rounded outward to 3 decimals ({rlo:.3f}-{rhi:.3f})")
        return recs, text
    D = x
    w_lo, w_hi = R_LO * D, R_HI * D
    lo_src, hi_src = "r_lo x D", "r_hi x D"
    if lc is not None:
        wl = lc - D
        if wl < w_lo:
            w_lo, lo_src, role = wl, "Ember lifecycle minus D", "below r x D, so it sets the min"
        elif wl > w_hi:
            w_hi, hi_src, role = wl, "Ember lifecycle minus D", "above r x D, so it sets the max"
        else:
            role = "cross-check: inside r x D, so inside the range"
    w_lo = max(w_lo, 0.0)
    recs += [REEDS, DESNZ]
    if lc is not None:
        recs.append(ember(name, lc, "2024",
                          f"/ 1000 = {lc:.5f} kg/kWh; minus D {D:.3f} = {lc - D:.4f} kg/kWh, the third WTT method "
                          f"(against r x D = {f4(R_LO * D)}-{f4(R_HI * D)}): {role}"))
    if L.kind == "us":
        recs += [EIA_2023, EIA_2014]
    else:
        recs.append(wdi(L))
    arith = (f"min = WTT {f4(w_lo)} ({lo_src}) + ({f4(D)} + {f4(w_lo)}) x {num(L.lo, 5)}/{num(1 - L.lo, 5)} = {f4(lo)}; "
             f"max = WTT {f4(w_hi)} ({hi_src}) + ({f4(D)} + {f4(w_hi)}) x {num(L.hi, 5)}/{num(1 - L.hi, 5)} = {f4(hi)}")
    if lc is None:
        d_text = f"the direct intensity D = {D:.3f} kg/kWh ({label + ', ' if label else ''}this entry's intensity_kg_per_kwh)"
        text = (f"{MARK}: WTT + T&D per kWh consumed on {d_text}. WTT = r x D with r, the per-kWh ratio of upstream "
                f"to combustion, from 0.091 (coal, ReEDS) to 0.281 (DESNZ, whole UK grid), taken to span this grid's "
                f"mix (ratios read for one fuel and for another country's grid); T&D = (D + WTT) x L/(1-L), L the share "
                f"of the electricity sent out that is lost: {l_text}. {arith}. Uniform from the lowest to the highest "
                f"combination, rounded outward to 3 decimals ({rlo:.3f}-{rhi:.3f}): no US publisher gives one figure "
                f"and the methods disagree by 2.5x")
    else:
        text = (f"{MARK}: WTT + T&D per kWh consumed on the {label} direct intensity D = {D:.3f} kg/kWh (this entry's "
                f"intensity_kg_per_kwh). WTT from three methods: r x D with r, the per-kWh ratio of upstream to "
                f"combustion, from 0.091 (coal, ReEDS) to 0.281 (DESNZ, whole UK grid), taken to apply to this grid's "
                f"mix, and Ember 2024 lifecycle {lc:.5f} minus D = {lc - D:.3f} (which also holds what else a "
                f"lifecycle figure counts, such as plant manufacturing); the range spans all three; T&D = (D + WTT) x "
                f"L/(1-L), L {l_text}. {arith}. Uniform over that range, rounded outward to 3 decimals "
                f"({rlo:.3f}-{rhi:.3f})")
    return recs, text


def block(name, old_min, old_max):
    recs, text = sources(name)
    assert '"' not in text and "\\" not in text and text.startswith(MARK)
    return (["  upstream_kg_per_kwh:", "    dist: uniform", f"    min: {old_min}", f"    max: {old_max}", "    source:"]
            + [f"      - {record(r)}" for r in recs] + [f'      - "{text}"'])


FLOW = re.compile(r'^  upstream_kg_per_kwh: \{dist: "?uniform"?, min: ([0-9.]+), max: ([0-9.]+), '
                  r'source: "derived \(scripts/catalog/grid_upstream\.py\)')


def rewrite(text):
    """grids.yaml with the derived upstream values rewritten; the problems found (a number that would change)."""
    lines = text.split("\n")
    out, problems, seen, entry, i = [], [], [], None, 0
    while i < len(lines):
        line = lines[i]
        head = re.match(r"^([A-Za-z][A-Za-z0-9_-]*):\s*$", line)
        if head:
            entry = head.group(1)
        old, span = None, 1
        m = FLOW.match(line)
        if m:
            old = (m.group(1), m.group(2))
        elif line.rstrip() == "  upstream_kg_per_kwh:":
            j = i + 1
            while j < len(lines) and lines[j].startswith("    "):
                j += 1
            body = lines[i + 1:j]
            if any(MARK in b for b in body):
                mins = [b.split(":", 1)[1].strip() for b in body if b.startswith("    min:")]
                maxs = [b.split(":", 1)[1].strip() for b in body if b.startswith("    max:")]
                old, span = (mins[0], maxs[0]), j - i
        if old is None:
            out.append(line)
            i += 1
            continue
        if entry not in GRIDS:
            problems.append(f"{entry}: a derived upstream value, but no grid {entry} in this script")
            out.extend(lines[i:i + span])
        else:
            lo, hi = GRIDS[entry]
            new = (math.floor(lo * 1000) / 1000, math.ceil(hi * 1000) / 1000)
            if (float(old[0]), float(old[1])) != new:
                problems.append(f"{entry}: grids.yaml has min {old[0]} max {old[1]}, this script gives "
                                f"{new[0]:.3f} .. {new[1]:.3f}")
                out.extend(lines[i:i + span])
            else:
                out.extend(block(entry, *old))
            seen.append(entry)
        i += span
    for k in GRIDS:
        if k not in seen:
            problems.append(f"{k}: no derived upstream_kg_per_kwh in grids.yaml")
    return "\n".join(out), problems


def main():
    for k, (lo, hi) in GRIDS.items():
        print(f"{k:5s} min {math.floor(lo * 1000) / 1000:.3f} max {math.ceil(hi * 1000) / 1000:.3f}   (exact {lo:.5f} .. {hi:.5f})")
    with open(GRIDS_YAML, encoding="utf-8") as f:
        text = f.read()
    updated, problems = rewrite(text)
    if problems:
        for p in problems:
            print("PROBLEM:", p)
        sys.exit(f"{len(problems)} problems: grids.yaml not written" if "--write" in sys.argv else 1)
    write_or_report(GRIDS_YAML, text, updated, "--write" in sys.argv, f"{len(GRIDS)} upstream values, numbers unchanged")

if __name__ == "__main__":
    main()
