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

    func run() throws {
      let console = Console()
      let summary = try Export.summary(
        homeOptions: homeOptions, filterOptions: filterOptions, packOptions: packOptions,
        session: nil, console: console)
      guard summary.sessionCount > 0 else {
        console.line("No sessions yet. Run 'reflect session' to start one.")
        return
      }
      let months = summary.sessionsPerMonth
      let top = months.map(\.count).max() ?? 0
      console.line(console.decorated("Sessions per month", .heading))
      for (month, count) in months {
        console.line(
          "  \(month) " + console.decorated(TextReport.bar(count, of: top), .coach) + " \(count)")
      }
      let streak = summary.weekStreak(now: Date())
      console.line()
      console.line(
        console.decorated("Streak: ", .heading)
          + "\(streak) week\(streak == 1 ? "" : "s") in a row with a session")
      console.line()
      console.line(
        console.decorated("Stage coverage", .heading) + " (share of sessions that reflected on it)")
      let width = summary.stages.map { summary.title($0).count }.max() ?? 0
      for stage in summary.stages {
        let count = summary.stageSessions[stage] ?? 0
        let percent = count * 100 / summary.sessionCount
        let name = summary.title(stage).padding(toLength: width, withPad: " ", startingAt: 0)
        console.line(
          "  " + console.styled(name, .plain)
            + " \(console.decorated(TextReport.bar(percent, of: 100), .coach)) \(percent)%")
      }
      console.line()
      console.line(console.decorated("Most recurring lessons", .heading))
      let recurring = summary.recurring.prefix(5)
      if recurring.isEmpty { console.line("  Nothing has come back yet.") }
      for cluster in recurring {
        console.line(
          "  \(cluster.texts.count)× " + console.styled(cluster.text, .plain, keepNewlines: false))
      }
    }
  }
}
