import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "An overview: sessions per month, weekly streak, stage coverage, recurring lessons."
    )

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions
    @OptionGroup var packOptions: PackOptions

    @Option(
      name: .long,
      help: ArgumentHelp(
        "The latest period, compared with what came before (as for export).",
        valueName: "period"))
    var period: String = "quarter"

    @Flag(name: .long, help: "The overview as JSON: the report, the streak, sessions per month.")
    var json = false

    func validate() throws {
      if ReportPeriod(period) == nil {
        throw ValidationError(
          "--period takes quarter, month, year, or a number and d, w, m or y (like 90d or 6m)")
      }
    }

    func run() throws {
      let console = Console()
      var options = Report.Options(period: ReportPeriod(period) ?? .months(3))
      options.now = Export.now()
      let store = homeOptions.store
      let request = Archive.ReportRequest(
        filter: try filterOptions.filter(), packs: packOptions.library(console: console).packs,
        options: options, keepAnswers: json, meaning: { Meaning.reportMeaning(store) })
      try Archive(store: store, console: console).report(request) { report, counts in
        try show(report, counts, console)
      }
    }

    /// Writes the overview of `report` and `counts`.
    private func show(_ report: Report, _ counts: Archive.SessionCounts, _ console: Console)
      throws
    {
      guard report.sessionCount > 0 else {
        console.line("No sessions yet. Run 'reflect session' to start one.")
        return
      }
      if json {
        // The report goes out in pieces as it is written (at 100,000 sessions it is about
        // 280 MB), then the rest; keys in order, as everywhere else.
        let months = counts.perMonth.map { ["month": $0.month, "sessions": $0.count] }
        var whole = ""
        func out(_ text: String) {
          if console.isTerminal { whole += text } else { console.document(text) }
        }
        out("{\n  \"report\" : ")
        Exporter().renderJSON(report, indentedBy: "  ", to: out)
        out(
          ",\n  \"sessionsPerMonth\" : "
            + Exporter.indented(Data(JSONOutput.encode(any: months).utf8).dropLast(), by: "  ")
            + ",\n  \"streakWeeks\" : \(counts.streakWeeks(now: Date()))"
            + ",\n  \"version\" : \(JSONOutput.version)\n}\n")
        if console.isTerminal { console.document(whole) }
        return
      }
      let layout = TextReport.Layout(
        color: console.colorOutput, bars: CommandContext.environment["TERM"] != "dumb",
        width: Console.columns())
      console.styledDocument(
        TextReport(layout: layout).renderStats(
          report, streak: counts.streakWeeks(now: Date()),
          perMonth: counts.perMonth.map { ($0.month, $0.count) }))
    }
  }
}
