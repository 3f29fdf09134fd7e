import FootprintLoading

extension ModelErrors {
    /// The problems as the command line prints them: an override is named
    /// with the option that gave it, and the last line says what the
    /// command did not do.
    public func message(overridesGivenWith option: String = "--set") -> String {
        let lines = issues.map { issue in
            guard issue.position.isOverride else { return issue.description }
            let place = "\(issue.position.file) (given with \(option))"
            return issue.path.isEmpty ? "\(place): error: \(issue.message)" : "\(place): error: \(issue.path): \(issue.message)"
        }
        return (lines + ["\(count) in the model; nothing was run or written."]).joined(separator: "\n")
    }
}
