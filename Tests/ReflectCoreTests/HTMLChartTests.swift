import Foundation
import Testing

@testable import ReflectCore

/// The small charts of the HTML report, drawn from dates alone.
@Suite struct HTMLChartTests {
  let page = HTMLReport(report: Report(LessonsSummary()))

  func date(_ day: String) -> ReportDate { ReportDate(day: day, moment: day + "T00:00:00Z") }

  func circles(_ svg: String) -> [Int] {
    svg.components(separatedBy: "<circle cx=\"").dropFirst().compactMap {
      Int($0.prefix { $0.isNumber })
    }
  }

  /// "When an idea came back": a dot at each end of the range and one in the middle, dates
  /// outside the range at its ends, the label as the chart's title, escaped; no fixed width.
  @Test func aDotStripPlacesEachDateAlongTheWholeRange() {
    let strip = page.dotStrip(
      [date("2024-01-01"), date("2025-01-01"), date("2025-12-31"), date("2023-05-01")],
      from: date("2024-01-01"), to: date("2025-12-31"), label: "Trust <takes> time")
    #expect(circles(strip) == [4, 196, 380], "\(strip)")
    #expect(strip.hasPrefix("<svg class=\"strip\" viewBox=\"0 0 384 10\" role=\"img\">"))
    #expect(strip.contains("<title>Trust &lt;takes&gt; time</title>"))
    #expect(!strip.contains("width=\""))
  }

  /// A lesson written in 20,000 sessions draws no more dots than the strip has room for.
  @Test func aDotStripHasAtMostItsRoomOfDots() {
    let dates = (0..<20_000).map { number in
      date(CivilDate.day(2000 + number / 1_000, 1 + number % 12, 1 + number % 28))
    }
    let strip = page.dotStrip(
      dates, from: date("2000-01-01"), to: date("2019-12-31"), label: "often")
    #expect(circles(strip).count == HTMLReport.stripDots)
    #expect(strip.utf8.count < 3_000)
  }

  /// Days counted by arithmetic read back as the day they were made from.
  @Test func civilDaysRoundTrip() {
    for days in stride(from: -800_000, through: 3_000_000, by: 997) {
      let parts = CivilDate.parts(days)
      #expect(CivilDate.days(parts.year, parts.month, parts.day) == days)
    }
    #expect(CivilDate.days("1970-01-01") == 0)
    #expect(CivilDate.days("2024-01-01") == 19_723)
    #expect(CivilDate.days("2024-13-01") == nil)
    #expect(CivilDate.days("soon") == nil)
  }
}
