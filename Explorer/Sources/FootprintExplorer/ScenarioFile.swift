import Foundation
import FootprintCommands
import FootprintLoading

/// `POST /api/scenario`: the model's YAML with the request's overrides
/// written into it (`ScenarioEditor`: comments and layout kept where the
/// value sits on one line). What cannot be written into the file — a
/// catalog value, a list element — is listed in a comment at the top with
/// the `--set` that applies it.
enum ScenarioFile {
    static func edited(_ model: String, overrides: [String]) throws(CommandError) -> String {
        let text: String
        do { text = try String(contentsOfFile: model, encoding: .utf8) } catch {
            throw .evaluation(file: model, message: "cannot read the model: \(error.localizedDescription)")
        }
        let result: ScenarioEditor.Result
        do { result = try ScenarioEditor.apply(overrides, to: text, file: model) } catch { throw .model(error, option: "set") }
        guard !result.notWritten.isEmpty else { return result.text }
        let quoted = result.notWritten.map { "--set '\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
        return "# Changed in the explorer. Not written below (catalog values or places the\n"
            + "# editor cannot reach); apply them with:\n"
            + "#   footprint run \(downloadName(model)) " + quoted.joined(separator: " ") + "\n"
            + result.text
    }

    static func downloadName(_ model: String) -> String { baseName(model) + "-explored.yaml" }
}
