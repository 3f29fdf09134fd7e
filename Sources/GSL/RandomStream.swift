import CGSL

/// A stream of pseudo-random numbers: GSL's MT19937 generator, owned.
///
/// Streams for parallel work are derived from `(seed, stream)`: the pair is
/// mixed with SplitMix64 (Steele, Lea & Flood 2014) into the generator's
/// 32-bit seed, so stream `k` of seed `s` is the same sequence whichever
/// thread or process draws it. Distinct pairs give distinct seeds except for
/// 32-bit collisions (probability about n²/2³³ for n streams).
///
/// Not thread-safe (GSL's generator has mutable state): one stream per worker.
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    public let seed: UInt64
    public let stream: UInt64

    public init(seed: UInt64, stream: UInt64 = 0) {
        ensureGSLErrorHandlerOff()
        guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            fatalError("gsl_rng_alloc: out of memory")
        }
        self.rng = rng
        self.seed = seed
        self.stream = stream
        gsl_rng_set(rng, RandomStream.mixedSeed(seed: seed, stream: stream))
    }

    deinit { gsl_rng_free(rng) }

    /// The 32-bit MT19937 seed for a `(seed, stream)` pair. Never 0, which
    /// GSL's MT19937 silently replaces by 4357.
    public static func mixedSeed(seed: UInt64, stream: UInt64) -> UInt {
        var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z = z ^ (z >> 31)
        let folded = UInt((z ^ (z >> 32)) & 0xFFFF_FFFF)
        return folded == 0 ? 1 : folded
    }

    /// A uniform variate in [0, 1): what `gsl_rng_uniform` returns, by the
    /// same call GSL's header makes when inlining it (the generator type's
    /// `get_double` on its state), without a call into libgsl first.
    @inlinable @inline(__always)
    public func uniform() -> Double { rng.pointee.type.pointee.get_double(rng.pointee.state) }

    /// A uniform variate in (0, 1), never exactly 0 (`gsl_rng_uniform_pos`).
    @inline(__always)
    public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// A raw 32-bit integer from the generator.
    public func next() -> UInt { gsl_rng_get(rng) }
}
