import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct TextSimilarityTests {
  @Test(arguments: [
    ("Trust takes time", "Building trust needs patience"),
    ("Trust takes time", "trust took a long time to build"),
    ("Agree the budget early", "Agree budgets sooner"),
    ("Write our values down before negotiating", "Write down our values before any negotiation"),
    ("Listen to the parents", "Parents need to be heard"),
  ])
  func similarLessonsCluster(first: String, second: String) {
    #expect(
      TextSimilarity.similarity(first, second) >= TextSimilarity.threshold,
      "\(TextSimilarity.terms(first)) vs \(TextSimilarity.terms(second))")
  }

  @Test(arguments: [
    ("Trust takes time", "Write our values down before negotiating"),
    ("Agree the budget early", "Meet the chair before the budget round"),
    ("Listen to the parents", "Trust the head teachers"),
    ("Voluntary work drifts without an owner", "Statutory duties need a clear purpose"),
  ])
  func differentLessonsDoNot(first: String, second: String) {
    #expect(TextSimilarity.similarity(first, second) < TextSimilarity.threshold)
  }
}

/// The byte-at-a-time paths for ASCII text give exactly what the character paths give.
@Suite struct FastPathTests {
  @Test func asciiSplittingAndStemmingMatchTheCharacterPaths() async {
    let pieces = [
      "Trust", "trust's", "-co-op-", "’tis", "don’t", "ERRORS", "x", "2026", "*", "a*b",
      " ", ".", ",\n", "\r\n", "'", "--", "studies", "carried", "fully", "passes", "willingly",
      "buzz", "hopping", "Kindness", "agreement", "“", "”", "—", "–", "…", "🙂", "👍🏽", "\u{A0}",
      "→", "½", "²", "ª", "µ", "¿", "«", "\u{200D}", "\u{FE0F}", "é", "naïve", "e\u{301}",
      "\u{301}", "Straße", "İ", "ΣΟΦΊΑ", "ς", "한국어", "\u{1100}\u{1161}\u{11A8}", "हिन्दी", "ि",
      "👩\u{200D}💻", "🇫🇷", "\t", "\n", "\u{0}", "Ǆ", "ﬁ", "Ｔｒｕｓｔ", "١٢٣", "\u{600}", "ـ",
      "\u{E0041}", "\u{1F3FD}", "a\u{20DD}", "日本", "\u{FF9E}", "ℌ", "Ⅻ",
    ]
    await propertyCheck(
      count: 2_000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...12),
      Gen.bool, Gen.bool
    ) { picks, wildcards, lowercase in
      let text = picks.map { pieces[$0] }.joined()
      // The quick paths either decline (nil) or agree.
      let reference = Words.splitCharacters(text, keepWildcards: wildcards, lowercase: lowercase)
      if let quick = Words.splitASCII(text, keepWildcards: wildcards, lowercase: lowercase) {
        #expect(quick == reference, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
      }
      if let quick = Words.splitScalars(text, keepWildcards: wildcards, lowercase: lowercase) {
        #expect(quick == reference, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
      }
      for word in Words.splitCharacters(text, keepWildcards: false, lowercase: true)
      where word.utf8.allSatisfy({ $0 < 0x80 }) {
        #expect(TextSimilarity.stemASCII(word) == TextSimilarity.stemCharacters(word))
      }
    }
    #expect(Words.splitASCII("naïve", keepWildcards: false, lowercase: true) == nil)
    #expect(Words.splitASCII("½", keepWildcards: false, lowercase: true) == nil)
    #expect(
      Words.splitASCII("“Trust” — 🙂 it", keepWildcards: false, lowercase: true)
        == ["trust", "it"])
  }
}

/// Lesson clusters found through shared terms are exactly those of comparing every pair.
@Suite struct ClusterTests {
  /// The plain greedy definition: each lesson joins the earliest cluster holding a lesson at
  /// least `threshold` similar, else starts one.
  static func naive(_ texts: [String]) -> [[Int]] {
    let sets = texts.map { Set(TextSimilarity.terms($0)) }
    var clusterOf: [Int] = []
    var clusters: [[Int]] = []
    for (position, terms) in sets.enumerated() {
      let similar = (0..<position).filter {
        TextSimilarity.similarity(sets[$0], terms) >= TextSimilarity.threshold
      }
      if let best = similar.map({ clusterOf[$0] }).min() {
        clusters[best].append(position)
        clusterOf.append(best)
      } else {
        clusterOf.append(clusters.count)
        clusters.append([position])
      }
    }
    return clusters
  }

  /// The merge that stops early answers exactly as the whole index compared with the
  /// threshold, on sets of every size and overlap.
  @Test func stoppingEarlyAgreesWithTheIndex() async {
    await propertyCheck(
      count: 1_000,
      input: Gen.int(in: 0...12).array(of: 0...10), Gen.int(in: 0...12).array(of: 0...10)
    ) { first, second in
      let a = ArraySlice(Set(first).sorted().map(Int32.init))
      let b = ArraySlice(Set(second).sorted().map(Int32.init))
      #expect(
        LessonsSummary.isSimilar(a, b)
          == (LessonsSummary.similarity(a, b) >= TextSimilarity.threshold), "\(a) \(b)")
    }
  }

  /// A summary of one session per lesson (so none is dropped as a repeat within a session).
  static func summary(_ texts: [String]) -> LessonsSummary {
    var summary = LessonsSummary()
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let start = TranscriptEvent.start(
      SessionStart(
        id: "20261118-082640-aaaa", pack: "p", packTitle: "P", stages: ["lessons"], seed: 1,
        version: "t", time: time))
    for (number, text) in texts.enumerated() {
      summary.add(
        Transcript(
          path: "s\(number)",
          events: [start, .lesson(Lesson(stage: "lessons", number: 1, text: text, time: time))]))
    }
    return summary
  }

  @Test func clustersMatchComparingEveryPair() async {
    let words = [
      "trust", "takes", "time", "budget", "early", "agree", "partners", "listen", "parents",
      "write", "values", "down", "governors", "council", "the", "slowly", "earned",
    ]
    await propertyCheck(
      count: 200,
      input: Gen.int(in: 0...(words.count - 1)).array(of: 0...5).array(of: 1...40)
    ) { lessons in
      let texts = lessons.map { $0.map { words[$0] }.joined(separator: " ") }
      #expect(Self.summary(texts).clusters.map(\.members) == Self.naive(texts), "\(texts)")
    }
  }

  /// A wording that repeats joins an earlier cluster that one of the wordings similar to it
  /// has joined since it was last written (similarity is not transitive: the two clusters
  /// meet through a third wording).
  @Test func aRepeatFollowsASimilarWordingIntoAnEarlierCluster() {
    let texts = [
      "budget council",  // cluster 0
      "parents governors trust",  // cluster 1
      "parents governors council",  // like the one before: 1
      "parents governors trust",  // 1
      "council parents budget",  // like the first and the third: 0
      "parents governors council",  // like the one before: 0
      "parents governors trust",  // like the third, which is now in 0
    ]
    #expect(Self.naive(texts) == [[0, 4, 5, 6], [1, 2, 3]])
    #expect(Self.summary(texts).clusters.map(\.members) == [[0, 4, 5, 6], [1, 2, 3]])
  }
}

/// Report dates worked out by arithmetic name the same day and month as Foundation does.
@Suite struct CivilDateTests {
  static let zones = [
    "UTC", "Europe/London", "America/St_Johns", "Asia/Kolkata", "Asia/Kathmandu",
    "Pacific/Chatham", "Pacific/Kiritimati", "America/Los_Angeles", "Australia/Lord_Howe",
  ].compactMap(TimeZone.init(identifier:))

  @Test func daysAndMonthsMatchFoundation() async {
    #expect(Self.zones.count == 9)
    await propertyCheck(
      count: 2_000,
      input: Gen.int(in: -2_208_988_800...253_402_200_000).array(of: 1...1)
    ) { seconds in
      let date = Date(timeIntervalSince1970: Double(seconds[0]))
      for zone in Self.zones {
        let style = Date.ISO8601FormatStyle(timeZone: zone).year().month().day()
        #expect(ReportDates(timeZone: zone).day(date) == style.format(date), "\(date) \(zone)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month], from: date)
        #expect(
          LessonsSummary.month(date, calendar)
            == String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0))
      }
    }
    // Around midnight and month ends, where an hour's offset changes the answer.
    for seconds in [1_793_491_199.0, 1_793_491_200.0, 1_796_083_199.0, 1_796_083_200.0, 0, -1] {
      let date = Date(timeIntervalSince1970: seconds)
      for zone in Self.zones {
        let style = Date.ISO8601FormatStyle(timeZone: zone).year().month().day()
        #expect(ReportDates(timeZone: zone).day(date) == style.format(date), "\(date) \(zone)")
      }
    }
  }
}
