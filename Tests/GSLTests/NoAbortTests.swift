import Testing
@testable import GSL

/// GSL's default error handler calls abort(). Each entry point of the
/// module is called first thing in a fresh process (an exit test), with
/// arguments that make GSL report an error where it can, and the process
/// must exit normally with the module's non-aborting handler installed: no
/// earlier call can have installed it for the entry point under test.
@Suite struct NoAbortTests {
    /// Every public or package entry point that reaches GSL.
    enum EntryPoint: String, CaseIterable, Codable, Sendable {
        case quantileGamma, quantileBeta, quantilePERT
        case unsafeQuantileGamma, unsafeQuantileBeta, unsafeQuantilePERT
        case sample, randomStream
        case interpolatorInit, interpolatorValue, interpolatorClampedValue, interpolatorDerivative, interpolatorIntegral
        case integration, rootFinding, quasiRandomSequence, nonlinearLeastSquares
        case mean, variance, weightedMean, sort, quantileSorted, quantiles
        case unsafeQuantileSorted, unsafeSelect, unsafeQuantilesUnsorted, quantileSelector

        /// Calls the entry point; true when it behaved (threw or answered
        /// as documented).
        func call() -> Bool {
            switch self {
            case .quantileGamma:
                // Shape 0.1 is inside the limits, but GSL's inverse fails at
                // small p (gammainv.c: "inverse failed to converge"); the
                // bisection fallback answers.
                guard let x = try? ProbabilityDistribution.gamma(shape: 0.1, scale: 1).quantile(0.05) else { return false }
                return x.isFinite && x >= 0
            case .quantileBeta:
                // Outside the limits: refused before GSL is called.
                return (try? ProbabilityDistribution.beta(alpha: 1e6, beta: 1e6, min: 0, max: 1).quantile(0.5)) == nil
            case .quantilePERT:
                guard let x = try? ProbabilityDistribution.pert(min: 0, mode: 0.5, max: 1).quantile(0.5) else { return false }
                return abs(x - 0.5) < 1e-12
            case .unsafeQuantileGamma:
                // GSL fails here (NaN); the fallback bisects GSL's CDF.
                return ProbabilityDistribution.gamma(shape: 0.1, scale: 1).unsafeQuantile(0.05).isFinite
            case .unsafeQuantileBeta:
                // beta(0.25, 48.96) at p = 0.586: GSL's betainv.c fails.
                return ProbabilityDistribution.beta(alpha: 0.25, beta: 48.9637, min: 0, max: 1).unsafeQuantile(0.586).isFinite
            case .unsafeQuantilePERT:
                return ProbabilityDistribution.pert(min: 1, mode: 1, max: 2).unsafeQuantile(1e-12).isFinite
            case .sample:
                let stream = RandomStream(seed: 1)
                return ProbabilityDistribution.beta(alpha: 0.1, beta: 1e4, min: 0, max: 1).sample(stream).isFinite
            case .randomStream:
                let stream = RandomStream(seed: 0, stream: 0)
                return stream.uniform() < 1 && stream.uniformPositive() > 0
            case .interpolatorInit:
                return (try? Interpolator(x: [0, 0, 1], y: [1, 2, 3])) == nil
            case .interpolatorValue:
                // gsl_spline_eval_e out of range calls GSL's handler (interp.c).
                return (try? Interpolator(x: [0, 1, 2], y: [0, 1, 4]).value(at: 5)) == nil
            case .interpolatorClampedValue:
                return (try? Interpolator(x: [0, 1, 2], y: [0, 1, 4]).clampedValue(at: .nan)) == 0
            case .interpolatorDerivative:
                return (try? Interpolator(x: [0, 1, 2], y: [0, 1, 4]).derivative(at: -1)) == nil
            case .interpolatorIntegral:
                return (try? Interpolator(x: [0, 1, 2], y: [0, 1, 4]).integral(from: -1, to: 9)) == nil
            case .integration:
                // 1/x on [0, 1] diverges: GSL reports it through its handler.
                return (try? Integration.qags(from: 0, to: 1, limit: 5) { 1 / $0 }) == nil
            case .rootFinding:
                // A NaN inside the bracket: gsl_root_fsolver_iterate reports it.
                return (try? RootFinding.brent(in: -1, 2) { x in x > 0.2 && x < 0.9 ? .nan : x - 0.5 }) == nil
            case .quasiRandomSequence:
                guard (try? QuasiRandomSequence(kind: .sobol, dimensions: 1000)) == nil,
                      let q = try? QuasiRandomSequence(kind: .sobol, dimensions: 2) else { return false }
                q.reset()
                return (try? q.next()) == [0.5, 0.5]
            case .nonlinearLeastSquares:
                return (try? NonlinearLeastSquares.fit(x: [0, 1, 2], y: [1, 2, 3], initial: [1]) { p, x in p[0] / (x - 1) }) == nil
            case .mean: return (try? Statistics.mean([])) == nil
            case .variance: return (try? Statistics.variance([1])) == nil
            case .weightedMean: return (try? Statistics.weightedMean([1, 2], weights: [0, 0])) == nil
            case .sort:
                var data = [3.0, 1, 2]
                Statistics.sort(&data)
                return data == [1, 2, 3]
            case .quantileSorted: return (try? Statistics.quantile(sorted: [1, 2], 2)) == nil
            case .quantiles: return (try? Statistics.quantiles([3, 1, 2], [0.5])) == [2]
            case .unsafeQuantileSorted:
                return [1.0, 3].withUnsafeBufferPointer { Statistics.unsafeQuantile(sorted: $0, 0.5) } == 2
            case .unsafeSelect:
                // An empty array: select.c reports GSL_EBADLEN through the handler.
                var empty: [Double] = []
                return empty.withUnsafeMutableBufferPointer { Statistics.unsafeSelect($0, 0) } == 0
            case .unsafeQuantilesUnsorted:
                var data = [4.0, 1, 3, 2]
                var out = [0.0]
                [0.5].withUnsafeBufferPointer { ps in
                    data.withUnsafeMutableBufferPointer { d in
                        out.withUnsafeMutableBufferPointer { Statistics.unsafeQuantiles(unsorted: d, ps, into: $0) }
                    }
                }
                return out == [2.5]
            case .quantileSelector:
                let selector = Statistics.QuantileSelector(capacity: 4)
                var out = [0.0]
                [1.0, 2, 3, 4].withUnsafeBufferPointer { d in
                    [0.5].withUnsafeBufferPointer { ps in
                        out.withUnsafeMutableBufferPointer { selector.quantiles(d, low: 1, high: 4, ps, into: $0) }
                    }
                }
                return out == [2.5]
            }
        }
    }

    @Test(arguments: EntryPoint.allCases)
    func entryPointNeverAborts(_ entry: EntryPoint) async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) { [entry] in
            guard entry.call() else { fatalError("\(entry) did not behave as documented") }
            guard gslErrorHandlerIsSet else { fatalError("\(entry) left GSL's aborting handler in place") }
        }
        if let result, result.exitStatus != .exitCode(0) {
            Issue.record("\(String(decoding: result.standardErrorContent, as: UTF8.self))")
        }
    }

    @Test func theHandlerIsTheRecordingOne() { #expect(gslErrorHandlerIsRecording) }

    /// The handler records GSL_ERROR_VAL failures as thrown errors with
    /// GSL's reason and source line.
    @Test func valFailuresBecomeErrors() {
        #expect(throws: GSLError.self) {
            try trappingGSLErrors("gsl_cdf_gamma_Pinv") { CGSLTestHook.gammaPinv(0.5, 1e-8, 1) }
        }
        do {
            _ = try trappingGSLErrors("gsl_cdf_gamma_Pinv", "at p = 0.5") { CGSLTestHook.gammaPinv(0.5, 1e-8, 1) }
        } catch {
            #expect(error.routine == "gsl_cdf_gamma_Pinv")
            #expect(error.detail.hasPrefix("at p = 0.5: inverse failed to converge (gammainv.c:"))
        }
        // The record is per call: a clean call afterwards does not throw.
        #expect((try? trappingGSLErrors("gsl_cdf_gamma_Pinv") { CGSLTestHook.gammaPinv(0.5, 2, 1) })?.isFinite == true)
    }

    /// Where GSL's inverse fails inside the limits, the fallback agrees with
    /// the CDF: CDF(quantile(p)) = p to 1e-9 (bisection to the last bit of
    /// x; the CDF's slope bounds the error in p).
    @Test(arguments: [(0.1, 0.05), (0.12, 0.01), (1007.32, 0.985), (1157.09, 0.953)])
    func gammaFallbackInvertsTheCDF(_ shape: Double, _ p: Double) throws {
        let x = try ProbabilityDistribution.gamma(shape: shape, scale: 1).quantile(p)
        #expect(abs(CGSLTestHook.gammaP(x, shape, 1) - p) < 1e-9)
    }

    @Test(arguments: [(0.25, 48.9637, 0.586), (0.25, 59.9827, 0.695), (0.2675, 52.3912, 0.572)])
    func betaFallbackInvertsTheCDF(_ a: Double, _ b: Double, _ p: Double) throws {
        let x = try ProbabilityDistribution.beta(alpha: a, beta: b, min: 0, max: 1).quantile(p)
        #expect(abs(CGSLTestHook.betaP(x, a, b) - p) < 1e-9)
    }

    @Test func limitsAreStatedInTheProblem() {
        #expect(ProbabilityDistribution.gamma(shape: 1e-8, scale: 1).parameterProblem?.contains("outside 0.1 to 100000") == true)
        #expect(ProbabilityDistribution.beta(alpha: 1, beta: 2e4, min: 0, max: 1).parameterProblem?.contains("beta (20000.0) is outside") == true)
        #expect(ProbabilityDistribution.beta(alpha: 2, beta: 5, min: 0, max: 1).parameterProblem == nil)
    }
}
