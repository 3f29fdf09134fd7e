// The helpers every test target shares (packageRoot, footprint(_:), the
// one launcher of child processes, ...), visible in every file of this target.
@_exported import FootprintTestSupport
