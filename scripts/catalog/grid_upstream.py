#!/usr/bin/env python3
"""Re-derive the upstream (Scope 3 category 3) factors in Models/catalog/grids.yaml.

upstream_kg_per_kwh = well-to-tank (WTT) of the fuels burned + transmission & distribution (T&D)
losses, per kWh consumed. Every input below is a figure read from the source named beside it, or an
assumption marked as such. Run: python3 scripts/catalog/grid_upstream.py  (prints one line per grid).

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
"""
import math

R_LO, R_HI = 0.091, 0.281

# Loss shares L (fraction of output), [lo, hi]:
L_US = (0.045, 0.06)    # EIA FAQ 'How much electricity is lost in T&D': about 5 % in 2018-2022 (6 % in 1990-2012)
L_OECD = (0.03, 0.085)  # assumption: bracketed by World Bank WDI EG.ELC.LOSS.ZS 2014: DE 3.9, JP 4.3, US 5.9, GB 8.4 %
L_EMERGING = (0.055, 0.193)  # assumption: bracketed by WDI 2014 CN 5.5 % and IN 19.3 %
def around(x):  # WDI 2014 value (copy: hoyeungw/volks worldbank-premade Energy.byEachYear.md @05471ff1), +-25 % drift since 2014 (assumption)
    return (x * 0.75, x * 1.25)

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
GRIDS = {
    # US (eGRID2023 CO2e total output rates, lb/MWh; eGRID2022 where 2023 was not read)
    "US":   direct(770.884 * LB, L_US),
    "SRVC": direct(596.3 * LB, L_US),
    "RFCW": direct(916.1 * LB, L_US),
    "RFCE": direct(599.170 * LB, L_US),
    "NWPP": direct(635.3 * LB, L_US),
    "CAMX": direct(429.983 * LB, L_US),
    "ERCT": direct(736.629 * LB, L_US), # eGRID2023 rev2
    "MROW": direct(926.552 * LB, L_US), # eGRID2023 rev2
    "SRSO": direct(846.007 * LB, L_US), # eGRID2023 rev2
    "AZNM": direct(706.189 * LB, L_US), # eGRID2023 rev2
    "AKGD": direct(905.109 * LB, L_US), # eGRID2023 rev2
    "AKMS": direct(522.4 * LB, L_US), # eGRID2023 rev2
    "FRCC": direct(784.785 * LB, L_US), # eGRID2023 rev2
    "HIMS": direct(1133.294 * LB, L_US), # eGRID2023 rev2
    "HIOA": direct(1498.947 * LB, L_US), # eGRID2023 rev2
    "MROE": direct(1404.963 * LB, L_US), # eGRID2023 rev2
    "NEWE": direct(543.178 * LB, L_US), # eGRID2023 rev2
    "NYCW": direct(865.744 * LB, L_US), # eGRID2023 rev2
    "NYLI": direct(1189.333 * LB, L_US), # eGRID2023 rev2
    "NYUP": direct(242.776 * LB, L_US), # eGRID2023 rev2
    "PRMS": direct(1548.53 * LB, L_US), # eGRID2023 rev2
    "RFCM": direct(975.978 * LB, L_US), # eGRID2023 rev2
    "RMPA": direct(1042.539 * LB, L_US), # eGRID2023 rev2
    "SPNO": direct(867.74 * LB, L_US), # eGRID2023 rev2
    "SPSO": direct(875.567 * LB, L_US), # eGRID2023 rev2
    "SRMV": direct(741.741 * LB, L_US), # eGRID2023 rev2
    "SRMW": direct(1248.582 * LB, L_US), # eGRID2023 rev2
    "SRTV": direct(903.306 * LB, L_US), # eGRID2023 rev2
    # EU, direct: EEA 2024 (kg CO2e/kWh) against Ember 2024 lifecycle (co2.js @b459b5e5)
    "DE": direct(0.291, around(0.039), 0.34206),
    "FR": direct(0.036, L_OECD, 0.04418),
    "IT": direct(0.206, L_OECD, 0.28775),
    "ES": direct(0.125, L_OECD, 0.14615),
    "NL": direct(0.245, L_OECD, 0.2527),
    # Lifecycle basis (Ember 2024): T&D only
    "JP": lifecycle(0.48373, around(0.043)),
    "CN": lifecycle(0.5575, around(0.055)),
    "IN": lifecycle(0.70896, around(0.193)),
    "RU": lifecycle(0.44617, around(0.10)),
    "CA": lifecycle(0.18499, L_OECD),
    "KR": lifecycle(0.41565, L_OECD),
    "CH": lifecycle(0.03672, L_OECD),
    "BR": lifecycle(0.10606, L_EMERGING),
    "MX": lifecycle(0.48314, L_EMERGING),
    "ID": lifecycle(0.68243, L_EMERGING),   # Ember 2023 (no 2024 value in the copy)
    "SA": lifecycle(0.69195, L_EMERGING),
    "TR": lifecycle(0.4697, L_EMERGING),
}

if __name__ == "__main__":
    for k, (lo, hi) in GRIDS.items():
        print(f"{k:5s} min {math.floor(lo * 1000) / 1000:.3f} max {math.ceil(hi * 1000) / 1000:.3f}   (exact {lo:.5f} .. {hi:.5f})")
