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
      let (summary, answers) = try Export.summary(
        homeOptions: homeOptions, filterOptions: filterOptions, packOptions: packOptions,
        session: nil, keepAnswers: json, console: console)
      guard summary.sessionCount > 0 else {
        console.line("No sessions yet. Run 'reflect session' to start one.")
        return
      }
      var options = LessonsReport.Options(period: ReportPeriod(period) ?? .months(3))
      options.answers = answers
      let mode = Meaning.mode()
      options.model = mode.modelName
      options.vectors = mode.encoder.map { Meaning.lessonVectors(homeOptions.store, $0) }
      options.filters = try filterOptions.reportFilters()
      options.now = Export.now()
      let report = LessonsReport(summary, options: options)
      if json {
        // The report goes out in pieces as it is written (at 100,000 sessions it is about
        // 280 MB), then the rest; keys in order, as everywhere else.
        let months = summary.sessionsPerMonth.map { ["month": $0.month, "sessions": $0.count] }
        var whole = ""
        func out(_ text: String) {
          if console.isTerminal { whole += text } else { console.document(text) }
        }
        out("{\n  \"report\" : ")
        Exporter().renderJSON(report, indentedBy: "  ", to: out)
        out(
          ",\n  \"sessionsPerMonth\" : "
            + Exporter.indented(Data(JSONOutput.encode(any: months).utf8).dropLast(), by: "  ")
            + ",\n  \"streakWeeks\" : \(summary.weekStreak(now: Date()))"
            + ",\n  \"version\" : \(JSONOutput.version)\n}\n")
        if console.isTerminal { console.document(whole) }
        return
      }
      let layout = TextReport.Layout(
        color: console.colorOutput, bars: CommandContext.environment["TERM"] != "dumb",
        width: Console.columns())
      console.styledDocument(
        TextReport(layout: layout).renderStats(
          report, streak: summary.weekStreak(now: Date()),
          perMonth: summary.sessionsPerMonth.map { ($0.month, $0.count) }))
    }
  }
}
