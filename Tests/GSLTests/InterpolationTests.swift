import Testing
@testable import GSL

@Suite struct InterpolationTests {
    let x = [0.0, 1, 3, 4, 6]
    let y = [0.0, 2, 3, 7, 7.5]

    @Test(arguments: Interpolator.Kind.allCases)
    func exactAtKnots(_ kind: Interpolator.Kind) throws {
        let f = try Interpolator(x: x, y: y, kind: kind)
        for (xi, yi) in zip(x, y) { #expect(abs(try f.value(at: xi) - yi) < 1e-12) }
    }

    @Test func linearBetweenKnots() throws {
        let f = try Interpolator(x: x, y: y, kind: .linear)
        #expect(abs(try f.value(at: 2) - 2.5) < 1e-12)
        #expect(abs(try f.value(at: 5) - 7.25) < 1e-12)
        // The integral of the piecewise-linear function: trapezoids.
        #expect(abs(try f.integral(from: 0, to: 3) - (1 + 5)) < 1e-12)
    }

    /// A natural cubic spline through points of a straight line is that line.
    @Test func cubicReproducesALine() throws {
        let xs = [0.0, 1, 2.5, 4], ys = xs.map { 3 * $0 - 1 }
        let f = try Interpolator(x: xs, y: ys, kind: .cubic)
        #expect(abs(try f.value(at: 1.7) - (3 * 1.7 - 1)) < 1e-12)
        #expect(abs(try f.derivative(at: 3) - 3) < 1e-12)
    }

    /// Steffen's method is monotone: on monotone data it never leaves the
    /// range of the neighbouring knots (a natural cubic does, here).
    @Test func steffenDoesNotOvershoot() throws {
        let xs = [0.0, 1, 2, 3], ys = [0.0, 0, 1, 1]
        let f = try Interpolator(x: xs, y: ys, kind: .steffen)
        for i in 0...300 {
            let v = try f.value(at: Double(i) / 100)
            #expect(v >= 0 && v <= 1)
        }
        let cubic = try Interpolator(x: xs, y: ys, kind: .cubic)
        #expect(try cubic.value(at: 0.5) < 0)
    }

    @Test func outsideTheTableThrowsAndClampedHolds() throws {
        let f = try Interpolator(x: x, y: y)
        #expect(throws: GSLError.self) { try f.value(at: 6.5) }
        #expect(f.clampedValue(at: 100) == 7.5)
        #expect(f.clampedValue(at: -1) == 0)
    }

    @Test func badTablesThrow() {
        #expect(throws: GSLError.self) { try Interpolator(x: [0, 1, 1], y: [0, 1, 2]) }
        #expect(throws: GSLError.self) { try Interpolator(x: [0, 1], y: [0, 1, 2]) }
        #expect(throws: GSLError.self) { try Interpolator(x: [0, 1], y: [0, 1], kind: .cubic) }
        #expect(throws: GSLError.self) { try Interpolator(x: [0, .nan], y: [0, 1]) }
    }
}
