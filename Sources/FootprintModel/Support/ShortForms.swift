/// The short text forms of the model's own values, parsed in this one
/// file: ISO dates, shards (`I/N`) and metric selectors (`key:year`). The
/// loader, the command line and part-file headers share them; nothing else
/// in FootprintModel reads text.

extension CalendarDate {
    /// Parses `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}

extension Shard {
    /// `I/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }
}

extension MetricSelector {
    /// `key` or `key:year`: a metric of the totals, an economic intensity,
    /// or `services.NAME.key`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if let m = Metric(key: parts[0]) {
            target = .metric(m)
        } else if let m = DemandMetric(key: parts[0]) {
            target = .demand(m)
        } else if parts[0].hasPrefix("services.") {
            let rest = parts[0].dropFirst("services.".count)
            guard let dot = rest.lastIndex(of: "."), dot > rest.startIndex,
                  let m = ServiceMetric(key: String(rest[rest.index(after: dot)...])) else { return nil }
            target = .service(name: String(rest[..<dot]), m)
        } else {
            return nil
        }
        if parts.count == 2 {
            guard let y = Int(parts[1]) else { return nil }
            year = y
        } else { year = nil }
    }
}
