import Foundation

/// What a run of a scenario will need, estimated from the scenario alone
/// (before the plan allocates anything per step), and the limits it must
/// stay within.
///
/// The costs were measured on the release build (README, "Resource
/// limits"): the compiled plan holds about 40 bytes per time step, plus 16
/// per step of each deployment's active span (arrival to retirement) and 12
/// per step of each time-varying input; the Monte Carlo's memory is
/// nearly flat in the draws (`drawBytes(samples:columns:)`). A draw costs about 15 ns per period and
/// term when it is computed in closed form per period, and about 12 ns per
/// step plus 3 ns per step for each fleet, site and contract when some site
/// varies in time (a PUE series, an hourly supply).
public struct ResourceEstimate: Sendable, Equatable {
    public let steps: Int
    public let periods: Int
    /// Outputs stored per draw.
    public let columns: Int
    public let planBytes: Double
    public let drawBytes: Double
    public let seconds: Double
    /// Whether draws are computed in closed form per period.
    public let closedForm: Bool

    public var bytes: Double { planBytes + drawBytes }
}

/// A run refused for its size: each problem with the scenario key to
/// change (`scenario.samples`, `scenario.resolution`) and what to change.
public struct ResourceLimitExceeded: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable {
        public let key: String
        public let message: String
    }
    /// The scenario file.
    public let file: String
    public let problems: [Problem]

    /// `file: error: key: message`, one line per problem.
    public var description: String {
        problems.map { "\(file): error: \($0.key): \($0.message)" }.joined(separator: "\n")
    }
}

public struct ResourceLimits: Sendable {
    /// The most memory a run may plan to use.
    public var memoryBytes: Double
    /// The most wall-clock time a run may plan to take.
    public var seconds: Double

    public init(memoryBytes: Double, seconds: Double) {
        self.memoryBytes = memoryBytes; self.seconds = seconds
    }

    /// Three quarters of this machine's memory, and twelve hours.
    public static var machine: ResourceLimits {
        ResourceLimits(memoryBytes: 0.75 * Double(ProcessInfo.processInfo.physicalMemory), seconds: 12 * 3600)
    }

    /// The estimate for `samples` draws on `threads` workers, computing the
    /// statistics `outputs` selects.
    public static func estimate(_ s: Scenario, samples: Int, outputs: OutputSelection = .all, threads: Int = 1) -> ResourceEstimate {
        let days = Double(max(0, s.end.dayNumber - s.start.dayNumber))
        let fy = s.fiscalYearStart, last = CalendarDate(dayNumber: max(s.start.dayNumber, s.end.dayNumber - 1))
        let periods = max(1, fy.year(containing: last) - fy.year(containing: s.start) + 1)
        // A fiscal year starting mid-month splits one month step a year.
        let months = (s.end.year - s.start.year) * 12 + (s.end.month - s.start.month) + 1 + (fy.day != 1 ? periods : 0)
        let steps: Double = switch s.resolution {
        case .hour: days * 24
        case .day: days
        case .month: Double(max(1, months))
        case .year: Double(periods)
        }
        let horizonHours = days * 24
        // Per-step arrays of the plan.
        var stepArrays = 40.0
        var deployments = 0
        for fleet in s.fleets {
            let lifeHours: Double = switch fleet.lifetime {
            case let .years(y)?: y * TimeGrid.hoursPerYear
            case let .days(d)?: d * 24
            case let .hours(h)?: h
            case nil: horizonHours
            }
            for d in fleet.deployments {
                deployments += 1
                let arrivalHours = Double(d.arrival.end.dayNumber - d.arrival.start.dayNumber) * 24
                let share = horizonHours > 0 ? min(1, (arrivalHours + lifeHours) / horizonHours) : 1
                stepArrays += 16 * share
            }
        }
        var closedForm = true
        var contracts = 0
        for site in s.sites {
            var series = [site.pue] + [site.wue, site.gridTrajectory].compactMap { $0 }
            series += site.contracts.compactMap(\.share) + site.contracts.compactMap(\.capacityMW)
            stepArrays += 12 * Double(series.filter { !$0.isConstant }.count)
            if site.grid.hourlyProfile != nil { stepArrays += 8 }
            contracts += site.contracts.count
            if !site.pue.isConstant || site.wue?.isConstant == false
                || site.contracts.contains(where: { $0.share?.isConstant == false || $0.supply != nil }) {
                closedForm = false
                stepArrays += 8 * Double(site.contracts.filter { $0.supply != nil }.count)
            }
        }
        let workers = Double(max(1, min(threads, samples)))
        let planBytes = steps * (stepArrays + 24 * workers)
        // Stored outputs per draw (an upper bound: outputs zero in every
        // draw are not stored).
        let metrics = Metric.allCases.count, intensities = IntensityMetric.allCases.count
        let f = s.fleets.count, n = s.sites.count
        // (Outputs with a mean only are not stored.)
        var columns = (outputs.periodPercentiles ? periods + 1 : 1) * metrics
        if outputs.scopes {
            columns += f * (outputs.fleetPeriods && outputs.periodPercentiles ? periods + 1 : 1) * metrics
            columns += n * (outputs.sitePeriods && outputs.periodPercentiles ? periods + 1 : 1) * metrics
            columns += (1 + f + n) * intensities
        }
        let draws = Double(samples)
        let drawBytes = samples > 1 ? Self.drawBytes(samples: samples, columns: columns) : 0
        let perDraw = closedForm
            ? Double(periods) * Double(deployments + f + n) * 15e-9
            : steps * (12 + 3 * Double(f + n + contracts)) * 1e-9
        return ResourceEstimate(steps: Int(steps), periods: periods, columns: columns, planBytes: planBytes,
                                drawBytes: drawBytes, seconds: draws * perDraw / workers, closedForm: closedForm)
    }

    /// The Monte Carlo's memory (`MonteCarlo`'s passes): every value of the
    /// pilot (all the draws when they fit in 80 MiB), 8 bytes per draw and
    /// column; beyond the pilot, one histogram of `QuantileZone.regions`
    /// 4-byte counts per column (the workers share it), and the gathered
    /// values of the buckets holding the wanted ranks, about one bucket of
    /// n/2048 values per probability and column (8 bytes, twice for an
    /// array's growth).
    static func drawBytes(samples: Int, columns: Int) -> Double {
        let blocks = MonteCarlo.blocks(samples: samples)
        let pilotBlocks = MonteCarlo.pilotBlocks(blocks: blocks, row: columns)
        let pilot = Double(min(samples, pilotBlocks * MonteCarlo.blockSize))
        var bytes = pilot * Double(columns) * 8
        if Double(samples) > pilot {
            let c = Double(columns), n = Double(samples)
            bytes += c * Double(QuantileZone.regions) * 4
            bytes += c * Double(MonteCarlo.probabilities.count) * (n / Double(QuantileZone.buckets)) * 8 * 2
        }
        return bytes
    }

    /// Throws, naming the size and what to change, when the run would need
    /// more memory or time than these limits allow.
    public func check(_ s: Scenario, samples: Int, outputs: OutputSelection = .all, threads: Int = 1) throws(ResourceLimitExceeded) {
        let e = Self.estimate(s, samples: samples, outputs: outputs, threads: threads)
        var issues: [ResourceLimitExceeded.Problem] = []
        let horizon = "\(s.start) to \(s.end) at \(s.resolution.rawValue) resolution"
        if e.planBytes > memoryBytes {
            issues.append(.init(key: "scenario.resolution", message:
                "the plan needs about \(Self.bytes(e.planBytes)) for \(grouped(e.steps)) steps (\(horizon)), more than the "
                + "\(Self.bytes(memoryBytes)) this machine allows: use a coarser resolution (day, month or year) or a shorter horizon"))
        } else if e.bytes > memoryBytes {
            // The most draws that fit (memory grows with the draws).
            var fit = 0, above = samples
            while above - fit > 1 {
                let mid = fit + (above - fit) / 2
                if e.planBytes + Self.drawBytes(samples: mid, columns: e.columns) <= memoryBytes { fit = mid } else { above = mid }
            }
            issues.append(.init(key: "scenario.samples", message:
                "\(grouped(samples)) draws of \(grouped(e.columns)) outputs need about \(Self.bytes(e.bytes)) of memory, more than the "
                + "\(Self.bytes(memoryBytes)) this machine allows: use at most \(grouped(fit)) samples (--samples), a shorter horizon, "
                + "or a format that prints fewer periods (the table)"))
        }
        if e.seconds > seconds {
            let fit = Int(Double(samples) * seconds / e.seconds)
            let how = e.closedForm ? "" : ", or make each site's PUE, WUE and contract shares constant so that draws are computed per period"
            issues.append(.init(key: "scenario.samples", message:
                "\(grouped(samples)) draws over \(grouped(e.steps)) steps (\(horizon)) would take about \(Self.duration(e.seconds)), "
                + "more than the \(Self.duration(seconds)) allowed: use at most \(grouped(fit)) samples (--samples) or a coarser resolution\(how)"))
        }
        if !issues.isEmpty { throw ResourceLimitExceeded(file: s.file, problems: issues) }
    }

    /// Throws when `evaluations` evaluations of the model (a sweep's
    /// variants × draws, Sobol's N·(k + 2) rows) on `threads` workers, and
    /// `bytes` held at once beside the plan, exceed these limits; `what`
    /// names the work and `option` what to lower.
    public func check(_ s: Scenario, evaluations: Double, bytes: Double, threads: Int, what: String, option: String) throws(ResourceLimitExceeded) {
        let one = Self.estimate(s, samples: 1, outputs: .totals, threads: 1)
        let perEvaluation = one.seconds, workers = Double(max(1, threads))
        let seconds = evaluations * perEvaluation / workers, total = one.planBytes + bytes
        var issues: [ResourceLimitExceeded.Problem] = []
        if total > memoryBytes || !total.isFinite {
            issues.append(.init(key: option, message:
                "\(what) needs about \(Self.bytes(total)) of memory, more than the \(Self.bytes(memoryBytes)) this machine allows: lower \(option)"))
        }
        if seconds > self.seconds || !seconds.isFinite {
            issues.append(.init(key: option, message:
                "\(what) (\(grouped(Int(min(evaluations, 9e18)))) evaluations of the model) would take about \(Self.duration(seconds)), "
                + "more than the \(Self.duration(self.seconds)) allowed: lower \(option)"))
        }
        if !issues.isEmpty { throw ResourceLimitExceeded(file: s.file, problems: issues) }
    }

    static func bytes(_ b: Double) -> String {
        b >= 1e12 ? String(format: "%.1f TB", b / 1e12) : b >= 1e9 ? String(format: "%.1f GB", b / 1e9) : String(format: "%.0f MB", b / 1e6)
    }

    static func duration(_ s: Double) -> String {
        s >= 86400 * 2 ? String(format: "%.0f days", s / 86400) : s >= 3600 ? String(format: "%.1f hours", s / 3600)
            : s >= 60 ? String(format: "%.0f minutes", s / 60) : String(format: "%.1f seconds", s)
    }
}

/// 1234567 as "1,234,567" (locale-free, for messages).
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return n < 0 ? "-" + out : out
}
