import ArgumentParser
import FootprintCommands
import FootprintReport

/// `footprint catalog`: the reference data with its sources.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the reference data (accelerators, grids, generators, fuels) with their sources.",
        discussion: """
        Examples:
          footprint catalog accelerators
          footprint catalog grids --format json
          footprint catalog generators
        """
    )

    enum Section: String, ExpressibleByArgument, CaseIterable { case accelerators, grids, generators, fuels, all }

    @Argument(help: "What to list: accelerators, grids, generators (on-site generation), fuels or all.")
    var section: Section = .all

    @Option(help: "The catalog folder.", completion: .directory)
    var directory: String = "Models/catalog"

    @OptionGroup var output: OutputOptions<TableOrJSON>

    func run() throws {
        let catalog = try loadCatalog(directory)
        let show = { (s: Section) in section == s || section == .all }
        let text = switch output.format {
        case .table: CatalogExport.table(catalog, accelerators: show(.accelerators), grids: show(.grids), generators: show(.generators), fuels: show(.fuels))
        case .json: CatalogExport.json(catalog, accelerators: show(.accelerators), grids: show(.grids), generators: show(.generators), fuels: show(.fuels))
        }
        try output.write(text)
    }
}
