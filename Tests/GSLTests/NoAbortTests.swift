import Testing
@testable import GSL

/// GSL's default error handler calls abort(). These calls each make GSL
/// report an error; the process must survive them all and exit normally.
@Suite struct NoAbortTests {
    @Test func badCallsThrowInsteadOfAborting() async {
        await #expect(processExitsWith: .success) {
            let f = try? Interpolator(x: [0, 1, 2], y: [0, 1, 4], kind: .linear)
            _ = try? f?.value(at: 5)
            _ = try? f?.integral(from: -1, to: 9)
            _ = try? Interpolator(x: [0, 0, 1], y: [1, 2, 3])
            _ = try? RootFinding.brent(in: 0, 1) { $0 + 5 }
            _ = try? Integration.qags(from: 0, to: 1, limit: 5) { 1 / $0 }
            _ = try? ProbabilityDistribution.beta(alpha: -1, beta: 1, min: 0, max: 1).quantile(0.5)
            _ = try? QuasiRandomSequence(kind: .sobol, dimensions: 1000)
            _ = try? NonlinearLeastSquares.fit(x: [0, 1, 2], y: [1, 2, 3], initial: [1]) { p, x in p[0] / (x - 1) }
        }
    }
}
