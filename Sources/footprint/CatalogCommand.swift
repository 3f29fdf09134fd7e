import ArgumentParser
import FootprintCommands
import FootprintReport

/// `footprint catalog`: the reference data with its sources.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "List the reference data (accelerators, grids) with their sources.",
        discussion: """
        Examples:
          footprint catalog accelerators
          footprint catalog grids --format json
        """
    )

    enum Section: String, ExpressibleByArgument, CaseIterable { case accelerators, grids, all }

    @Argument(help: "What to list: accelerators, grids or all.")
    var section: Section = .all

    @Option(help: "The catalog folder.", completion: .directory)
    var directory: String = "Models/catalog"

    @OptionGroup var output: OutputOptions<TableOrJSON>

    func run() throws {
        let catalog = try loadCatalog(directory)
        let (accelerators, grids) = (section != .grids, section != .accelerators)
        let text = switch output.format {
        case .table: CatalogExport.table(catalog, accelerators: accelerators, grids: grids)
        case .json: CatalogExport.json(catalog, accelerators: accelerators, grids: grids)
        }
        try output.write(text)
    }
}
