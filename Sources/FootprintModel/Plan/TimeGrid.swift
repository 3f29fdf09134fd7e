/// The steps and reporting periods of a horizon. Times are hours since
/// 1970-01-01 (UTC), as `Double`. Steps are calendar-aligned (years,
/// months, days or hours) and never cross a reporting year's boundary, so
/// each step belongs to exactly one period: a reporting year (a calendar
/// year, or a fiscal year from `fiscalYearStart`), clipped to the horizon.
public struct TimeGrid: Sendable {
    /// Step boundaries: step t covers `[boundaries[t], boundaries[t+1])`.
    public let boundaries: [Double]
    /// Length of each step in hours.
    public let hours: [Double]
    /// The period (index into `periods`) of each step.
    public let periodOfStep: [Int32]
    public let periods: [Period]
    /// The steps of each period (contiguous: steps never cross a reporting year).
    public let periodSteps: [Range<Int>]
    /// 1 / hours of each step.
    let inverseHours: [Double]
    /// Where each reporting year starts.
    public let fiscalYearStart: MonthDay

    public struct Period: Sendable, Equatable {
        public let start: CalendarDate
        public let end: CalendarDate
        /// The reporting year's name: the calendar year it starts in (a
        /// fiscal year starting 2025-07-01 is 2025, also where the horizon
        /// clips it to start in 2026).
        public let year: Int
    }

    public var stepCount: Int { hours.count }

    /// Hours in a year of lifetime or service life: 365.25 days, the mean
    /// calendar year over a leap cycle. A unit with `lifetime_years: y`
    /// stays y calendar years, 8,766·y hours on average, so embodied carbon
    /// amortized over `service_life_years` of these hours is carried whole
    /// by a unit that lives that long. (A profile year is 8,760 hours:
    /// `HourlyProfile.hours`.)
    public static let hoursPerYear = 8766.0

    public static func hoursSinceEpoch(_ d: CalendarDate) -> Double { Double(d.dayNumber) * 24 }

    public init(start: CalendarDate, end: CalendarDate, resolution: Scenario.Resolution, fiscalYearStart: MonthDay = .january1) {
        let fy = fiscalYearStart
        self.fiscalYearStart = fy
        var days: [CalendarDate] = [start]
        var hourly = false
        var d = start
        while d < end {
            // The next reporting year's start bounds every step.
            let nextYear = fy.start(ofYear: fy.year(containing: d) + 1)
            var next: CalendarDate
            switch resolution {
            case .year: next = nextYear
            case .month: next = d.startOfNextMonth
            case .day, .hour: next = CalendarDate(dayNumber: d.dayNumber + 1)
            }
            if nextYear < next { next = nextYear }
            d = next < end ? next : end
            days.append(d)
        }
        if resolution == .hour { hourly = true }
        var bounds: [Double] = []
        if hourly {
            let h0 = Self.hoursSinceEpoch(start), h1 = Self.hoursSinceEpoch(end)
            bounds.reserveCapacity(Int(h1 - h0) + 1)
            var h = h0
            while h <= h1 { bounds.append(h); h += 1 }
        } else {
            bounds = days.map(Self.hoursSinceEpoch)
        }
        var periods: [Period] = []
        var y = fy.year(containing: start)
        while fy.start(ofYear: y) < end {
            let ps = max(start, fy.start(ofYear: y)), pe = min(end, fy.start(ofYear: y + 1))
            periods.append(Period(start: ps, end: pe, year: y))
            y += 1
        }
        var periodOfStep: [Int32] = []
        var hours: [Double] = []
        periodOfStep.reserveCapacity(bounds.count)
        hours.reserveCapacity(bounds.count)
        var p = 0
        for t in 0..<(bounds.count - 1) {
            while p + 1 < periods.count, bounds[t] >= Self.hoursSinceEpoch(periods[p].end) { p += 1 }
            periodOfStep.append(Int32(p))
            hours.append(bounds[t + 1] - bounds[t])
        }
        self.boundaries = bounds
        self.hours = hours
        self.inverseHours = hours.map { 1 / $0 }
        self.periodOfStep = periodOfStep
        self.periods = periods
        var ranges: [Range<Int>] = []
        var first = 0
        for p in periods.indices {
            var end = first
            while end < periodOfStep.count, Int(periodOfStep[end]) == p { end += 1 }
            ranges.append(first..<end)
            first = end
        }
        self.periodSteps = ranges
    }

    /// The index of the step containing `h` (clamped to the grid).
    func step(containing h: Double) -> Int {
        var lo = 0, hi = boundaries.count - 1
        if h <= boundaries[0] { return 0 }
        if h >= boundaries[hi] { return hi - 1 }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if boundaries[mid] <= h { lo = mid } else { hi = mid }
        }
        return lo
    }
}
