import Foundation
import Testing
import FootprintReport
import FootprintTestSupport

/// The reproduce commands printed in reports: a word is left bare only when
/// a shell reads it back unchanged, and a quoted word comes back as given.
@Suite struct ShellCommandTests {
    @Test(arguments: [
        ("Models/gpt3-training.yaml", "Models/gpt3-training.yaml"),
        ("sites.aws-us-east-1.pue=1.1:1.5:5", "sites.aws-us-east-1.pue=1.1:1.5:5"),
        ("emissions_market_tco2e:2030", "emissions_market_tco2e:2030"),
        ("", "''"),
        ("my model.yaml", "'my model.yaml'"),
        ("sites.s.pue={dist: uniform, min: 1.3, max: 1.6}", "'sites.s.pue={dist: uniform, min: 1.3, max: 1.6}'"),
        ("scenario.name=Bob's run", #"'scenario.name=Bob'\''s run'"#),
        ("$HOME", "'$HOME'"),
        ("~/m.yaml", "'~/m.yaml'"),
        ("a*b", "'a*b'"),
        ("x;rm -rf y", "'x;rm -rf y'"),
        ("\"q\"", "'\"q\"'"),
    ])
    func quotesOnlyWhatTheShellWouldChange(_ word: String, _ expected: String) {
        #expect(ShellCommand.quoted(word) == expected)
    }

    @Test func optionsInOrderAndOnlyWhenGiven() {
        var command = ShellCommand("footprint", "sweep", "Models/hybrid-buildout.yaml")
        command.option("--vary", each: ["sites.a.pue=1.1,1.3", "fleets.f.utilization=0.5:0.9"])
        command.option("--lhs", nil)
        command.option("--set", each: ["scenario.name=it's"])
        command.option("--seed", "7")
        #expect(command.description == "footprint sweep Models/hybrid-buildout.yaml --vary sites.a.pue=1.1,1.3 "
            + #"--vary fleets.f.utilization=0.5:0.9 --set 'scenario.name=it'\''s' --seed 7"#)
    }

    /// What `sh` makes of the printed command is the words it was built from.
    @Test func theShellReadsBackTheWords() throws {
        let words = ["plain", "two words", "it's", "$HOME", "a\\b", "", "{x: 1}", "'", "tab\there"]
        let command = ShellCommand("printf", "%s\\n", words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7], words[8])
        let r = try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", command.description]).finish()
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout == words.map { $0 + "\n" }.joined(), "\(command)")
    }
}
