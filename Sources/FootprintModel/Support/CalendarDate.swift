/// A day of the proleptic Gregorian calendar, in UTC. Time in the model is
/// counted in hours from the horizon's start; this type converts dates to
/// day numbers without Foundation's calendars (locale- and zone-free).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: year),
              (1...9999).contains(year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// January 1st of `year`.
    public static func startOf(year: Int) -> CalendarDate { CalendarDate(year: year, month: 1, day: 1)! }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The same day `years` calendar years later (29 February → 28 February
    /// in a common year).
    public func adding(years: Int) -> CalendarDate {
        let y = year + years
        return CalendarDate(year: y, month: month, day: Swift.min(day, CalendarDate.daysIn(month: month, year: y)))!
    }

    /// The first day of the next month.
    public var startOfNextMonth: CalendarDate {
        month == 12 ? CalendarDate(year: year + 1, month: 1, day: 1)! : CalendarDate(year: year, month: month + 1, day: 1)!
    }

    /// The date of a day number (Hinnant's civil_from_days).
    public init(dayNumber z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.dayNumber < b.dayNumber }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: Swift.max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// A day of the year without a year: where a reporting year starts
/// (`scenario.fiscal_year_start: MM-DD`). 29 February is not one: a fiscal
/// year must start on a day every year has.
public struct MonthDay: Sendable, Hashable, CustomStringConvertible {
    public let month: Int
    public let day: Int

    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CalendarDate.daysIn(month: month, year: 2001) else { return nil }
        self.month = month; self.day = day
    }

    /// 1 January: calendar years.
    public static let january1 = MonthDay(month: 1, day: 1)!

    /// The reporting year named `year` starts on this day of `year`.
    public func start(ofYear year: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    /// The name of the reporting year `d` lies in: the calendar year it started in.
    public func year(containing d: CalendarDate) -> Int { d < start(ofYear: d.year) ? d.year - 1 : d.year }

    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}
