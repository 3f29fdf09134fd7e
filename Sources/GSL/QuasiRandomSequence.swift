import CGSL

/// A low-discrepancy (quasi-random) sequence in the unit hypercube
/// (`gsl_qrng`), owned.
///
/// `sobol` (Bratley & Fox 1988, Antonov–Saleev) supports 1 to 40
/// dimensions in GSL; `halton` and `reverseHalton` support up to 1229.
/// Sobol's first point is (0.5, …, 0.5): GSL skips the origin.
/// Not thread-safe: each sequence has a position.
public final class QuasiRandomSequence {
    public enum Kind: String, Sendable {
        case sobol, halton, reverseHalton

        public var maximumDimensions: Int {
            switch self {
            case .sobol: 40
            case .halton, .reverseHalton: 1229
            }
        }

        var gslType: UnsafePointer<gsl_qrng_type> {
            switch self {
            case .sobol: cgsl_qrng_sobol()
            case .halton: cgsl_qrng_halton()
            case .reverseHalton: cgsl_qrng_reversehalton()
            }
        }

        /// Sobol where GSL has it, Halton beyond.
        public static func preferred(forDimensions d: Int) -> Kind {
            d <= Kind.sobol.maximumDimensions ? .sobol : .halton
        }
    }

    let qrng: UnsafeMutablePointer<gsl_qrng>
    public let kind: Kind
    public let dimensions: Int

    public init(kind: Kind, dimensions: Int) throws(GSLError) {
        ensureGSLErrorHandlerOff()
        guard dimensions >= 1, dimensions <= kind.maximumDimensions else {
            throw .invalid("gsl_qrng_alloc", "\(kind.rawValue) supports 1 to \(kind.maximumDimensions) dimensions, not \(dimensions)")
        }
        guard let q = gsl_qrng_alloc(kind.gslType, UInt32(dimensions)) else {
            throw GSLError(status: Int32(GSL_ENOMEM), routine: "gsl_qrng_alloc")
        }
        qrng = q
        self.kind = kind
        self.dimensions = dimensions
    }

    deinit { gsl_qrng_free(qrng) }

    /// Writes the next point into `point[0..<dimensions]`.
    public func next(into point: inout [Double]) throws(GSLError) {
        guard point.count >= dimensions else {
            throw .invalid("gsl_qrng_get", "buffer holds \(point.count) values, needs \(dimensions)")
        }
        let status = point.withUnsafeMutableBufferPointer { gsl_qrng_get(qrng, $0.baseAddress) }
        try check(status, "gsl_qrng_get", "the sequence is exhausted")
    }

    /// The next point.
    public func next() throws(GSLError) -> [Double] {
        var point = [Double](repeating: 0, count: dimensions)
        try next(into: &point)
        return point
    }

    /// Back to the first point.
    public func reset() { gsl_qrng_init(qrng) }
}
