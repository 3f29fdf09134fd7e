import Foundation
import Testing
import FootprintModel
@testable import FootprintLoading

/// The `demand:` block (docs/scenario-format.md, `demand`): what is read, under which
/// paths and units, how `--set` reaches it, and what is refused.
@Suite struct DemandReadingTests {
    /// Two fleets at one site over 2026–2030: `a`, whose accelerator has
    /// `peak_tflops`, and `b`, whose accelerator has none; `demand` is the
    /// block's body, indented by two.
    static func twoFleets(demand: String) -> String {
        """
        scenario:
          name: demand
          horizon: {start: 2026-01-01, end: 2031-01-01}
        sites:
          - name: s
            grid: {intensity_kg_per_kwh: 0.4, source: test}
            pue: 1.2
        fleets:
          - name: a
            accelerator: {tdp_w: 1000, idle_w: 200, peak_tflops: 2500, source: test}
            site: s
            utilization: 0.6
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 1000}]
          - name: b
            accelerator: {tdp_w: 500, idle_w: 100, source: test}
            site: s
            utilization: 0.5
            lifetime_years: 5
            deploy: [{date: 2026-01-01, units: 2000}]
        demand:
        \(demand.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        """
    }

    static let full = """
        source: lab disclosures
        revenue_usd: {2026: 13e9, 2030: {dist: uniform, min: 200e9, max: 360e9, source: lab plan}}
        users: {2026: 900e6}
        services:
          - name: chat
            served_by: [b, a]
            prompts_per_day: {2026: 2.5e9, 2030-07-01: 6e9}
            energy_wh_per_prompt: {dist: triangular, min: 0.2, mode: 0.34, max: 1.0, source: OpenAI June 2025}
            fleet_share: 0.4
          - name: code
            source: model card
            prompts_per_day: 1e8
            model: {active_params: 100e9, tokens_per_prompt: 500, flop_utilization: 0.1}
        """

    /// Line and column (from 1) of the first `marker` in `yaml`.
    static func position(of marker: String, in yaml: String) -> (line: Int, column: Int)? {
        for (i, l) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = l.range(of: marker) { return (i + 1, l.distance(from: l.startIndex, to: r.lowerBound) + 1) }
        }
        return nil
    }

    /// The one issue `yaml` (or `--set`) is refused with.
    static func refusal(_ yaml: String, catalog: Catalog = Catalog(), set: [String] = []) -> ModelIssue? {
        let found = issues(yaml, catalog: catalog, set: set)
        #expect(found.count == 1, "\(found.map(\.description))")
        return found.first
    }

    static func serviceYAML(_ body: String) -> String {
        twoFleets(demand: "services:\n  - name: chat\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))
    }

    // MARK: Reading

    @Test func revenueAndUsersAreSeriesWithPathsUnitsAndSources() throws {
        let demand = try #require(try scenario(Self.twoFleets(demand: Self.full)).demand)
        let revenue = try #require(demand.revenueUSD)
        #expect(revenue.knots.map(\.date) == [.startOf(year: 2026), .startOf(year: 2030)])
        #expect(revenue.knots.map(\.quantity.path) == ["demand.revenue_usd.2026", "demand.revenue_usd.2030"])
        #expect(revenue.knots.allSatisfy { $0.quantity.unit == "USD" })
        #expect(revenue.knots[0].quantity.central == 13e9)
        #expect(revenue.knots[0].quantity.source == "lab disclosures")  // the block's
        #expect(revenue.knots[1].quantity.isUncertain)
        #expect(revenue.knots[1].quantity.central == 280e9)  // the uniform's mean
        #expect(revenue.knots[1].quantity.source == "lab plan")  // its own
        let users = try #require(demand.users)
        #expect(users.knots.count == 1)
        #expect(users.knots[0].date == .startOf(year: 2026))
        #expect(users.knots[0].quantity.path == "demand.users.2026")
        #expect(users.knots[0].quantity.unit == "users")
        #expect(users.knots[0].quantity.central == 900e6)
    }

    @Test func aServiceWithAGivenEnergy() throws {
        let yaml = Self.twoFleets(demand: Self.full)
        let chat = try #require(try scenario(yaml).demand?.services.first)
        #expect(chat.name == "chat")
        #expect(chat.servedBy == [1, 0])  // as listed: b, then a
        #expect(chat.promptsPerDay.knots.map(\.date) == [.startOf(year: 2026), CalendarDate(year: 2030, month: 7, day: 1)!])
        #expect(chat.promptsPerDay.knots.map(\.quantity.central) == [2.5e9, 6e9])
        #expect(chat.promptsPerDay.knots.map(\.quantity.path)
                == ["demand.services.chat.prompts_per_day.2026", "demand.services.chat.prompts_per_day.2030-07-01"])
        #expect(chat.promptsPerDay.knots.allSatisfy { $0.quantity.unit == "prompts/day" && $0.quantity.source == "lab disclosures" })
        guard case let .given(energy) = chat.energy else { Issue.record("expected a given energy"); return }
        #expect(energy.path == "demand.services.chat.energy_wh_per_prompt")
        #expect(energy.unit == "Wh")
        #expect(energy.central == 0.34)  // a triangular's mode
        #expect(energy.reach == 0.2...1.0)
        #expect(energy.source == "OpenAI June 2025")
        let share = try #require(chat.fleetShare)
        #expect(share.central == 0.4)
        #expect(share.path == "demand.services.chat.fleet_share")
        #expect(share.unit == "")
        let at = try #require(Self.position(of: "name: chat", in: yaml))
        #expect(chat.position.line == at.line)
        #expect(chat.position.column == at.column)
    }

    @Test func aServiceWithAModelServedByAllFleets() throws {
        let code = try #require(try scenario(Self.twoFleets(demand: Self.full)).demand?.services.last)
        #expect(code.name == "code")
        #expect(code.servedBy == [0, 1])  // all fleets, in file order
        #expect(code.promptsPerDay.isConstant)
        #expect(code.promptsPerDay.knots[0].quantity.path == "demand.services.code.prompts_per_day")
        #expect(code.promptsPerDay.knots[0].quantity.central == 1e8)
        #expect(code.fleetShare == nil)
        guard case let .model(params, tokens, utilization) = code.energy else { Issue.record("expected a model"); return }
        #expect(params.central == 100e9)
        #expect(params.path == "demand.services.code.model.active_params")
        #expect(params.unit == "parameters")
        #expect(tokens.central == 500)
        #expect(tokens.path == "demand.services.code.model.tokens_per_prompt")
        #expect(tokens.unit == "tokens")
        #expect(utilization.central == 0.1)
        #expect(utilization.path == "demand.services.code.model.flop_utilization")
        #expect(utilization.unit == "")
        #expect([params, tokens, utilization].allSatisfy { $0.source == "model card" })  // the service's, over the block's
    }

    @Test func demandIsOptionalAndMayHaveNoServices() throws {
        #expect(try scenario(oneFleet()).demand == nil)
        let economic = try #require(try scenario(Self.twoFleets(demand: "revenue_usd: 13e9")).demand)
        #expect(economic.services.isEmpty)
        #expect(economic.users == nil)
        #expect(economic.revenueUSD?.knots.map(\.quantity.path) == ["demand.revenue_usd"])
        #expect(economic.revenueUSD?.knots.first?.quantity.central == 13e9)
        let emptyList = try #require(try scenario(Self.twoFleets(demand: "users: 1e6\nservices: []")).demand)
        #expect(emptyList.services.isEmpty)
        #expect(emptyList.users?.knots.first?.quantity.central == 1e6)
    }

    /// A series with a knot inside the horizon, or knots on both sides of
    /// it, says something about the years modelled.
    @Test func seriesReachingIntoTheHorizonAreAccepted() throws {
        let straddling = try scenario(Self.twoFleets(demand: "revenue_usd: {2020: 1e9, 2040: 5e9}"))
        #expect(straddling.demand?.revenueUSD?.knots.count == 2)
        let lastDay = try scenario(Self.twoFleets(demand: "users: {2024: 1e6, 2030-12-31: 2e6}"))
        #expect(lastDay.demand?.users?.knots.count == 2)
    }

    // MARK: --set

    @Test func setReachesAServiceByName() throws {
        let yaml = Self.twoFleets(demand: Self.full)
        let s = try scenario(yaml, set: ["demand.services.chat.energy_wh_per_prompt=0.5"])
        guard case let .given(energy)? = s.demand?.services.first?.energy else { Issue.record("expected a given energy"); return }
        #expect(energy.central == 0.5)
        #expect(!energy.isUncertain)
        #expect(energy.path == "demand.services.chat.energy_wh_per_prompt")
        #expect(energy.position.isOverride)
        #expect(s.overrides == ["demand.services.chat.energy_wh_per_prompt=0.5"])
    }

    @Test func setReachesKnotsModelsAndShares() throws {
        let s = try scenario(Self.twoFleets(demand: Self.full), set: [
            "demand.revenue_usd.2026=20e9", "demand.users.2026={dist: uniform, min: 8e8, max: 1e9}",
            "demand.services.code.model.flop_utilization=0.3", "demand.services.0.fleet_share=0.25",
            "demand.services.chat.prompts_per_day.2026=3e9",
        ])
        let d = try #require(s.demand)
        #expect(d.revenueUSD?.knots[0].quantity.central == 20e9)
        #expect(d.users?.knots[0].quantity.central == 9e8)
        #expect(d.services[0].fleetShare?.central == 0.25)
        #expect(d.services[0].promptsPerDay.knots.map(\.quantity.central) == [3e9, 6e9])
        guard case let .model(_, _, utilization) = d.services[1].energy else { Issue.record("expected a model"); return }
        #expect(utilization.central == 0.3)
    }

    @Test func setIsCheckedLikeTheFile() throws {
        let zero = try #require(Self.refusal(Self.twoFleets(demand: Self.full), set: ["demand.services.code.model.flop_utilization=0"]))
        #expect(zero.position.isOverride)
        #expect(zero.path == "demand.services.code.model.flop_utilization")
        #expect(zero.message == "0 is not allowed: must be greater than 0 and at most 1")
        let nowhere = try #require(Self.refusal(Self.twoFleets(demand: Self.full), set: ["demand.services.chatbot.fleet_share=0.5"]))
        #expect(nowhere.path == "demand.services.chatbot")
        #expect(nowhere.message == "no element named 'chatbot' (names here: chat, code)")
    }

    // MARK: Refusals

    @Test func unknownKeysSuggestTheNearest() throws {
        let top = try #require(Self.refusal(Self.twoFleets(demand: "users: 1e6\nrevenue: 13e9")))
        #expect(top.path == "demand.revenue")
        #expect(top.message == "unknown key — did you mean 'revenue_usd'? (allowed here: revenue_usd, services, source, users)")
        let service = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3\nserved: [a]")))
        #expect(service.path == "demand.services.chat.served")
        #expect(service.message.hasPrefix("unknown key — did you mean 'served_by'?"))
        let model = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: 500, flop_utilisation: 0.1, flop_utilization: 0.1}")))
        #expect(model.path == "demand.services.chat.model.flop_utilisation")
        #expect(model.message.hasPrefix("unknown key — did you mean 'flop_utilization'?"))
    }

    @Test func anUnknownFleetIsNamedWithTheFleets() throws {
        let yaml = Self.serviceYAML("served_by: [a, c]\nprompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3")
        let found = try #require(Self.refusal(yaml))
        #expect(found.path == "demand.services.chat.served_by.1")
        #expect(found.message == "no fleet named 'c' — did you mean 'a'? (fleets: a, b)")
        let at = try #require(Self.position(of: "c]", in: yaml))
        #expect(found.position.line == at.line)
        #expect(found.position.column == at.column)
        let far = try #require(Self.refusal(Self.twoFleets(demand: "services:\n  - {name: chat, served_by: [nvidia], prompts_per_day: 1e9, energy_wh_per_prompt: 0.3}")))
        #expect(far.message == "no fleet named 'nvidia' (fleets: a, b)")
    }

    @Test func servedByMustNameFleetsOnce() throws {
        let empty = try #require(Self.refusal(Self.serviceYAML("served_by: []\nprompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3")))
        #expect(empty.path == "demand.services.chat.served_by")
        #expect(empty.message == "served_by is empty: name at least one fleet (fleets: a, b), or leave served_by out to serve on all fleets")
        let twice = try #require(Self.refusal(Self.serviceYAML("served_by: [a, a]\nprompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3")))
        #expect(twice.path == "demand.services.chat.served_by.1")
        #expect(twice.message == "'a' is named twice: name each serving fleet once")
        let scalar = try #require(Self.refusal(Self.serviceYAML("served_by: a\nprompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3")))
        #expect(scalar.message == "expected a list of fleet names, e.g. [a], found a value (fleets: a, b)")
    }

    @Test func serviceNamesAreUnique() throws {
        let yaml = Self.twoFleets(demand: """
            services:
              - {name: chat, prompts_per_day: 1e9, energy_wh_per_prompt: 0.3}
              - {name: chat, prompts_per_day: 2e9, energy_wh_per_prompt: 0.2}
            """)
        let found = try #require(Self.refusal(yaml))
        #expect(found.path == "demand.services.chat")
        let first = try #require(Self.position(of: "name: chat", in: yaml))
        #expect(found.message == "duplicate name: 'chat' is already used at line \(first.line)")
        #expect(found.position.line == first.line + 1)
    }

    @Test func promptsNeedExactlyOneEnergy() throws {
        let neither = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: 1e9")))
        #expect(neither.path == "demand.services.chat")
        #expect(neither.message.hasPrefix("prompts without an energy: give energy_wh_per_prompt (facility energy per prompt, all in, Wh) or model {active_params, tokens_per_prompt, flop_utilization}"))
        let bothYAML = Self.serviceYAML("prompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3\nmodel: {active_params: 1e9, tokens_per_prompt: 500, flop_utilization: 0.1}")
        let both = try #require(Self.refusal(bothYAML))
        #expect(both.path == "demand.services.chat.model")
        #expect(both.message == "give energy_wh_per_prompt or model, not both: the energy per prompt is either given or computed")
        #expect(both.position.line == Self.position(of: "{active_params", in: bothYAML)?.line)
        // A service needs prompts too.
        let noPrompts = try #require(Self.refusal(Self.serviceYAML("energy_wh_per_prompt: 0.3")))
        #expect(noPrompts.path == "demand.services.chat.prompts_per_day")
        #expect(noPrompts.message.hasPrefix("missing: how many prompts a day"))
    }

    @Test(arguments: ["0", "-0.1", "1.5", "{dist: uniform, min: 0, max: 0.2}"])
    func flopUtilizationIsAboveZeroAndAtMostOne(_ value: String) throws {
        let found = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: 500, flop_utilization: \(value)}")))
        #expect(found.path == "demand.services.chat.model.flop_utilization")
        #expect(found.message.contains("must be greater than 0 and at most 1"))
    }

    @Test func aUtilizationDistributionFromZeroIsRefused() throws {
        let found = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: 500, "
                                                                + "flop_utilization: {dist: pert, min: 0, mode: 0.1, max: 0.3}}")))
        #expect(found.path == "demand.services.chat.model.flop_utilization")
        #expect(found.message == "this distribution starts at 0: flop_utilization must be greater than 0 and at most 1 (at 0 a prompt would take forever); give a minimum above 0")
        // From above 0, or unbounded below but with its tail above 0, it loads.
        #expect(issues(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: 500, "
                                        + "flop_utilization: {dist: uniform, min: 0.05, max: 0.2}}")).isEmpty)
        #expect(issues(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: 500, "
                                        + "flop_utilization: {dist: lognormal, median: 0.1, gsd: 1.5}}")).isEmpty)
    }

    @Test func aModelNeedsAllItsKeys() {
        let found = issues(Self.serviceYAML("prompts_per_day: 1e9\nmodel: {source: card}"))
        #expect(Set(found.map(\.path)) == ["demand.services.chat.model.active_params", "demand.services.chat.model.tokens_per_prompt",
                                           "demand.services.chat.model.flop_utilization"])
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.message.hasPrefix("missing: ") })
        #expect(found.contains { $0.message == "missing: the tokens generated per prompt" })
    }

    @Test func aModelNeedsThePeakOfTheFirstServedFleet() throws {
        let model = "model: {active_params: 1e9, tokens_per_prompt: 500, flop_utilization: 0.1}"
        let found = try #require(Self.refusal(Self.serviceYAML("served_by: [b, a]\nprompts_per_day: 1e9\n\(model)")))
        #expect(found.path == "demand.services.chat.model")
        #expect(found.message == "the first served fleet, 'b', has an inline accelerator without peak_tflops, so the energy per prompt cannot be "
                + "computed from the model: give energy_wh_per_prompt instead, or add peak_tflops to the accelerator (in the catalog or on the fleet)")
        // Served first by the fleet with a peak, the same service loads;
        // a fleet's own peak_tflops counts.
        #expect(issues(Self.serviceYAML("served_by: [a, b]\nprompts_per_day: 1e9\n\(model)")).isEmpty)
        let own = Self.serviceYAML("served_by: [b]\nprompts_per_day: 1e9\n\(model)")
            .replacingOccurrences(of: "utilization: 0.5", with: "utilization: 0.5\n    peak_tflops: 900")
        #expect(issues(own).isEmpty)
    }

    @Test func aCatalogAcceleratorWithoutPeakIsNamed() throws {
        let accelerator = Accelerator(key: "old-gpu", name: "Old GPU", precision: nil, fields: [
            .tdpW: Quantity(.fixed(300), source: "t", path: "accelerators.old-gpu.tdp_w", unit: "W", position: .init(file: "c", line: 1, column: 1)),
            .idleW: Quantity(.fixed(50), source: "t", path: "accelerators.old-gpu.idle_w", unit: "W", position: .init(file: "c", line: 1, column: 1)),
        ])
        let catalog = Catalog(accelerators: [(key: "old-gpu", value: accelerator)], grids: [], directory: nil)
        let yaml = oneFleet().replacingOccurrences(of: "{tdp_w: 700, idle_w: 100, host_w: 200, network_w: 50, source: test}", with: "old-gpu")
            + "\ndemand:\n  services:\n    - {name: chat, prompts_per_day: 1e9, model: {active_params: 1e9, tokens_per_prompt: 5, flop_utilization: 0.1}}"
        let found = try #require(Self.refusal(yaml, catalog: catalog))
        #expect(found.message.hasPrefix("the first served fleet, 'f', has accelerator 'old-gpu' without peak_tflops"))
    }

    @Test(arguments: [
        ("users: -1", "demand.users"),
        ("revenue_usd: {2026: -5e9}", "demand.revenue_usd.2026"),
        ("users: {dist: normal, mean: 1e6, sd: 1e6}", "demand.users"),
    ])
    func negativeAmountsAreRefused(_ body: String, _ path: String) throws {
        let found = try #require(Self.refusal(Self.twoFleets(demand: body)))
        #expect(found.path == path)
        #expect(found.message.contains("zero or more"))
    }

    @Test(arguments: [
        ("prompts_per_day: -1e9\nenergy_wh_per_prompt: 0.3", "demand.services.chat.prompts_per_day"),
        ("prompts_per_day: 1e9\nenergy_wh_per_prompt: -0.3", "demand.services.chat.energy_wh_per_prompt"),
        ("prompts_per_day: 1e9\nmodel: {active_params: -1e9, tokens_per_prompt: 500, flop_utilization: 0.1}", "demand.services.chat.model.active_params"),
        ("prompts_per_day: 1e9\nmodel: {active_params: 1e9, tokens_per_prompt: -5, flop_utilization: 0.1}", "demand.services.chat.model.tokens_per_prompt"),
        ("prompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3\nfleet_share: 1.2", "demand.services.chat.fleet_share"),
    ])
    func negativeCountsAndSharesOutsideZeroToOneAreRefused(_ body: String, _ path: String) throws {
        let found = try #require(Self.refusal(Self.serviceYAML(body)))
        #expect(found.path == path)
        #expect(found.message.contains(path.hasSuffix("fleet_share") ? "must be between 0 and 1" : "must be zero or more"))
    }

    @Test func aSeriesOutsideTheHorizonIsRefused() throws {
        let yaml = Self.twoFleets(demand: "revenue_usd: {2031: 300e9, 2035: 500e9}")
        let after = try #require(Self.refusal(yaml))
        #expect(after.path == "demand.revenue_usd")
        #expect(after.message == "outside the horizon 2026-01-01 to 2031-01-01 (end exclusive): the series' knots (2031, 2035) all lie on or after "
                + "its end, so it says nothing about the years modelled; give at least one knot inside the horizon, e.g. 2026")
        let at = try #require(Self.position(of: "{2031", in: yaml))
        #expect(after.position.line == at.line)
        #expect(after.position.column == at.column)
        let before = try #require(Self.refusal(Self.twoFleets(demand: "users: {2024: 5e8, 2025-06-30: 7e8}")))
        #expect(before.path == "demand.users")
        #expect(before.message.contains("the series' knots (2024, 2025-06-30) all lie before it starts"))
        let prompts = try #require(Self.refusal(Self.serviceYAML("prompts_per_day: {2040: 1e9}\nenergy_wh_per_prompt: 0.3")))
        #expect(prompts.path == "demand.services.chat.prompts_per_day")
        #expect(prompts.message.contains("(2040) all lie on or after its end"))
    }

    @Test func anEmptyDemandBlockIsRefused() throws {
        let found = try #require(Self.refusal(Self.twoFleets(demand: "{}")))
        #expect(found.path == "demand")
        #expect(found.message == "the demand block is empty: give revenue_usd, users or services (or leave demand out)")
        let scalar = try #require(Self.refusal(Self.twoFleets(demand: "- users")))
        #expect(scalar.message == "expected a demand block (revenue_usd, users, services), found a list")
    }

    /// A fleet with errors of its own is reported once: its services'
    /// references to it are judged on the names as written.
    @Test func aBrokenFleetIsNotReportedAgainByItsServices() throws {
        let yaml = Self.serviceYAML("served_by: [b]\nprompts_per_day: 1e9\nenergy_wh_per_prompt: 0.3")
            .replacingOccurrences(of: "utilization: 0.5", with: "utilization: 5")
        let found = issues(yaml)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.path == "fleets.b.utilization" })
    }
}
