import ArgumentParser
import FootprintCommands
import FootprintLoading
import FootprintModel
import FootprintReport

/// `footprint calibrate`: an accelerator's power curve fitted to telemetry,
/// printed as a catalog block.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit idle_w, tdp_w and power_exponent to measured utilization and power.",
        discussion: """
        Fits P(u) = idle_w + (tdp_w - idle_w) * u^power_exponent by nonlinear least \
        squares and prints a catalog block whose values are normal distributions \
        (mean: the estimate, sd: its standard error) with a source naming the file \
        and the fit (points, residual standard error, R²). Reads nvidia-smi's CSV as \
        written (nvidia-smi --query-gpu=timestamp,utilization.gpu,power.draw \
        --format=csv -l 1 > power.csv), or a CSV with the header utilization,power_w \
        (utilization from 0 to 1; name it utilization_pct for percent). See docs/cli.md.

        Examples:
          footprint calibrate Models/telemetry/example-nvidia-smi.csv
          footprint calibrate Models/telemetry/example-plain.csv --format json
          footprint calibrate Models/telemetry/example-plain.csv --key my-gpu
        """
    )

    enum Format: String, OutputFormat {
        case yaml, json
        static var defaultFormat: Self { .yaml }
    }

    @Argument(help: "The telemetry CSV file.", completion: .file(extensions: ["csv"]))
    var file: String

    @Option(help: "The catalog key of the block (default: the file's name).")
    var key: String?

    @OptionGroup var output: OutputOptions<Format>

    func run() throws {
        if let out = output.output { try refuseClobbering(outputs: [("--output", out)], inputs: [("the telemetry file", file)]) }
        try requireRegularFile(file, what: "the telemetry")
        let telemetry: PowerTelemetry
        do { telemetry = try PowerTelemetry.load(file) } catch { throw CommandError.telemetry(error) }
        let fit: PowerCurveFit
        do { fit = try PowerCurveFit.fit(utilization: telemetry.utilization, powerW: telemetry.powerW) } catch {
            throw CommandError.evaluation(file: file, message: error.description)
        }
        let key = key ?? baseName(file)
        let text = switch output.format {
        case .yaml: CalibrationExport.yaml(fit, file: file, key: key)
        case .json: CalibrationExport.json(fit, file: file, key: key)
        }
        try output.write(text)
    }
}
