import CGSL

/// Carries a Swift closure through GSL's `void *params` so a C callback can
/// call it. Lives only for the duration of one GSL call.
final class ScalarFunctionBox {
    let f: (Double) -> Double
    init(_ f: @escaping (Double) -> Double) { self.f = f }

    /// Calls `body` with a `gsl_function` that evaluates `f`.
    static func withGSLFunction<R>(
        _ f: (Double) -> Double,
        _ body: (inout gsl_function) throws(GSLError) -> R
    ) throws(GSLError) -> R {
        try withoutActuallyEscaping(f) { (escapable) throws(GSLError) -> R in
            let box = ScalarFunctionBox(escapable)
            return try withExtendedLifetime(box) { () throws(GSLError) -> R in
                var function = gsl_function(
                    function: { x, params in
                        Unmanaged<ScalarFunctionBox>.fromOpaque(params!).takeUnretainedValue().f(x)
                    },
                    params: Unmanaged.passUnretained(box).toOpaque()
                )
                return try body(&function)
            }
        }
    }
}
