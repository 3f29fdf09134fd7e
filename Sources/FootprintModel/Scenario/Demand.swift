/// What a build-out serves: revenue, users and services answering prompts
/// (docs/scenario-format.md, `demand`). Optional in a scenario; built only by the loader.
public struct Demand: Sendable {
    /// Revenue per calendar year (USD), a series interpolated by date like a
    /// grid trajectory: a year's revenue is the series at the year's start.
    public let revenueUSD: SeriesInput?
    /// Users (e.g. weekly active users), a series like `revenueUSD`; a year's
    /// user-years are the series at the year's start × the year's share
    /// inside the horizon.
    public let users: SeriesInput?
    public let services: [Service]

    public init(revenueUSD: SeriesInput?, users: SeriesInput?, services: [Service]) {
        self.revenueUSD = revenueUSD; self.users = users; self.services = services
    }
}

/// A service answering prompts on some of the scenario's fleets.
public struct Service: Sendable {
    /// How the energy per prompt is known.
    public enum Energy: Sendable {
        /// `energy_wh_per_prompt`: facility energy per prompt, all in (Wh).
        case given(Quantity)
        /// `model`: computed from the model that answers, on the first
        /// served fleet's accelerator (its `peak_tflops`), power per
        /// accelerator (host and network included, or `avg_power_w`) and
        /// its site's PUE: FLOP = 2 × active parameters × generated tokens;
        /// accelerator-seconds = FLOP ÷ (peak FLOP/s × FLOP utilization).
        case model(activeParams: Quantity, tokensPerPrompt: Quantity, flopUtilization: Quantity)
    }

    public let name: String
    /// Indices of the fleets that serve it (all fleets when not given).
    public let servedBy: [Int]
    /// Prompts per day, a series interpolated by date.
    public let promptsPerDay: SeriesInput
    public let energy: Energy
    /// Share of the served fleets' footprint this service carries: the
    /// top-down figures per prompt.
    public let fleetShare: Quantity?
    public let position: FilePosition

    public init(name: String, servedBy: [Int], promptsPerDay: SeriesInput, energy: Energy, fleetShare: Quantity?, position: FilePosition) {
        self.name = name; self.servedBy = servedBy; self.promptsPerDay = promptsPerDay
        self.energy = energy; self.fleetShare = fleetShare; self.position = position
    }
}
