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

    func validate() throws {
      if ReportPeriod(period) == nil {
        throw ValidationError(
          "--period takes quarter, month, year, or a number and d, w, m or y (like 90d or 6m)")
      }
    }

    func run() throws {
      let console = Console()
      let summary = try Export.summary(
        homeOptions: homeOptions, filterOptions: filterOptions, packOptions: packOptions,
        session: nil, console: console)
      guard summary.sessionCount > 0 else {
        console.line("No sessions yet. Run 'reflect session' to start one.")
        return
      }
      let report = LessonsReport(
        summary, options: .init(period: ReportPeriod(period) ?? .months(3)))
      let layout = TextReport.Layout(
        color: console.colorOutput, bars: ProcessInfo.processInfo.environment["TERM"] != "dumb",
        width: Console.columns())
      console.styledDocument(
        TextReport(layout: layout).renderStats(
          report, streak: summary.weekStreak(now: Date()),
          perMonth: summary.sessionsPerMonth.map { ($0.month, $0.count) }))
    }
  }
}
