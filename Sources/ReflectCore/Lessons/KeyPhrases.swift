import Foundation

/// Counts the phrases of one to three words in answers, per stage, to find each theme's key
/// phrases (docs/export-format.md, "Key phrases").
///
/// A phrase holds one to three content words and starts and ends on one; stop words
/// (``stopWords``) may stand inside it ("trust in the data", at most five words in all),
/// never alone or at an edge. Words are folded and stemmed, so
/// "partner" and "partners" count together; the wording shown is the one written most.
/// A phrase scores by how often the theme's answers use it against how many answers in the
/// whole archive do (tf × idf, longer phrases weighted up); one in four answers out of five
/// or more says nothing about a theme and is dropped. Phrases of two or more words said only once in
/// the archive are pruned as the tally grows, so memory stays bounded on a large archive.
public struct PhraseTally: Sendable {
  /// Words that never begin or end a key phrase, nor stand alone.
  public static let stopWords: Set<String> = TextSimilarity.stopWords.union([
    "also", "lot", "lots", "thing", "things", "way", "quite", "much", "many", "get", "got",
    "getting", "like", "one", "yes", "bit", "make", "made", "going", "went", "said", "say",
    "saying", "know", "knew", "think", "thought", "felt", "feel", "even", "still", "well",
    "back", "us", "where", "why", "because", "while", "since", "until", "over", "under",
    "through", "off", "each", "every", "other", "another", "some", "such", "something",
    "anything", "nothing", "everything", "someone", "everyone", "nobody", "people", "time",
    "times", "first", "last", "next", "new", "old", "good", "bad", "right", "sure", "maybe",
    "perhaps", "though", "although", "whether", "both", "either", "neither", "now", "here",
    "ever", "yet", "already", "almost", "enough", "less", "least", "few", "little", "own",
    "come", "came", "take", "took", "want", "wanted", "need", "needed", "let", "put", "see",
    "saw", "seem", "seemed", "keep", "kept", "work", "worked", "done", "doing", "able",
    "between", "within", "without", "across", "among", "around", "during", "against",
    "towards", "toward", "upon", "onto", "actually", "honestly", "probably", "often",
    "usually", "sometimes", "always", "never", "really", "anyway", "instead", "rather",
  ])

  /// A tally this many answers long is pruned of multi-word phrases said once.
  static let pruneEvery = 2_000
  /// The most words a phrase spans, stop words inside it included ("trust in the data").
  static let longest = 5

  private var perStage: [String: [Gram: Int]] = [:]
  /// Per phrase: how many answers use it, the last answer counted, and its wordings.
  private var phrases: [Gram: PhraseInfo] = [:]

  private struct PhraseInfo: Sendable {
    var answers = 0
    var lastAnswer = -1
    /// Each wording and how often it was written (nearly always one or two).
    var wordings: [(gram: Gram, count: Int)] = []
  }
  /// Every word seen (keys and wordings), numbered, so a phrase is a few numbers to hash.
  private var wordNumbers: [String: Int32] = [:]
  private var wordList: [String] = []
  /// Answers counted.
  public private(set) var answers = 0

  /// Up to ``longest`` word numbers; unused places hold -1.
  private struct Gram: Hashable, Sendable {
    var words: (Int32, Int32, Int32, Int32, Int32) = (-1, -1, -1, -1, -1)

    init(_ numbers: ArraySlice<Int32>) {
      withUnsafeMutableBytes(of: &words) { raw in
        let slots = raw.bindMemory(to: Int32.self)
        for (slot, number) in zip(slots.indices, numbers) { slots[slot] = number }
      }
    }

    var numbers: [Int32] {
      withUnsafeBytes(of: words) { raw in Array(raw.bindMemory(to: Int32.self)) }
        .filter { $0 >= 0 }
    }

    var isSingleWord: Bool { words.1 < 0 }

    static func == (first: Gram, second: Gram) -> Bool {
      first.words == second.words
    }

    func hash(into hasher: inout Hasher) {
      withUnsafeBytes(of: words) { hasher.combine(bytes: $0) }
    }
  }

  /// An empty tally.
  public init() {}

  private mutating func number(_ word: String) -> Int32 {
    if let number = wordNumbers[word] { return number }
    let number = Int32(wordList.count)
    wordNumbers[word] = number
    wordList.append(word)
    return number
  }

  private func text(_ gram: Gram) -> [String] { gram.numbers.map { wordList[Int($0)] } }

  private static func modify<T>(_ value: inout T, _ change: (inout T) -> Void) { change(&value) }

  private func isStopWord(_ number: Int) -> Bool { Self.stopWords.contains(wordList[number]) }

  /// Counts the phrases of one answer given in `stage`.
  public mutating func add(_ text: String, stage: String) {
    add(words: Words.split(text), stage: stage)
  }

  /// Counts the phrases of an answer already split by `Words.split`.
  mutating func add(words split: [String], stage: String) {
    answers += 1
    let words = split.map {
      $0.utf8.allSatisfy { $0 < 0x80 }
        ? $0 : $0.folding(options: [.diacriticInsensitive], locale: nil)
    }
    let content = words.map(Self.isContent)
    let wordings = words.map { number($0) }
    let keys = words.map { number(Self.stopWords.contains($0) ? $0 : TextSimilarity.stem($0)) }
    var counts = perStage[stage] ?? [:]
    perStage[stage] = nil
    for start in words.indices {
      guard content[start] else { continue }
      var contentWords = 0
      for end in start..<min(words.count, start + Self.longest) {
        guard content[end] else { continue }
        contentWords += 1
        if contentWords > 3 { break }
        let key = Gram(keys[start...end])
        counts[key, default: 0] += 1
        let wording = Gram(wordings[start...end])
        let answer = answers
        // One lookup for the phrase's tallies, changed in place.
        Self.modify(&phrases[key, default: PhraseInfo()]) { info in
          if info.lastAnswer != answer {
            info.lastAnswer = answer
            info.answers += 1
          }
          if let index = info.wordings.firstIndex(where: { $0.gram == wording }) {
            info.wordings[index].count += 1
          } else {
            info.wordings.append((wording, 1))
          }
        }
      }
    }
    perStage[stage] = counts
    if answers % Self.pruneEvery == 0 { prune() }
  }

  static func isContent(_ word: String) -> Bool {
    word.count > 1 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
  }

  private mutating func prune() {
    let once = Set(phrases.filter { $0.value.answers == 1 && !$0.key.isSingleWord }.map(\.key))
    guard !once.isEmpty else { return }
    // Each table is rebuilt once (removing key by key would copy a stage's table each time).
    phrases = phrases.filter { !once.contains($0.key) }
    perStage = perStage.mapValues { counts in counts.filter { !once.contains($0.key) } }
  }

  /// A key phrase and how many times the theme's answers used it.
  public struct Phrase: Sendable, Equatable, Encodable {
    public var phrase: String
    public var count: Int
  }

  /// The `count` key phrases of `stage`, best first.
  public func top(_ stage: String, count: Int = 5) -> [Phrase] {
    guard let counts = perStage[stage], answers > 0 else { return [] }
    let total = Double(answers)
    var scored: [(gram: Gram, score: Double, count: Int)] = []
    for (gram, frequency) in counts where frequency >= 2 {
      let containing = Double(phrases[gram]?.answers ?? 1)
      // One in nearly every answer says nothing about a theme.
      guard containing / total < 0.8 || total < 5 else { continue }
      let length = Double(gram.numbers.filter { !isStopWord(Int($0)) }.count)
      let score = Double(frequency) * (log(total / containing) + 1) * (1 + 0.5 * (length - 1))
      scored.append((gram, score, frequency))
    }
    // Best score first, equal scores by wording; the wording is spelled out only for the
    // scores looked at (there are many thousands of phrases on a large archive).
    scored.sort { $0.score > $1.score }
    var chosen: [(gram: Gram, count: Int, stems: Set<String>)] = []
    var start = 0
    while start < scored.count, chosen.count < count {
      var end = start + 1
      while end < scored.count, scored[end].score == scored[start].score { end += 1 }
      let group = scored[start..<end].map { (key: text($0.gram).joined(separator: " "), item: $0) }
        .sorted { $0.key < $1.key }
      for (_, item) in group {
        let stems = Set(text(item.gram).filter { !Self.stopWords.contains($0) })
        // One phrase per idea: none inside a chosen one, none holding one.
        guard
          !chosen.contains(where: { $0.stems.isSubset(of: stems) || stems.isSubset(of: $0.stems) })
        else { continue }
        chosen.append((item.gram, item.count, stems))
        if chosen.count == count { break }
      }
      start = end
    }
    return chosen.map { item in
      let wordings = (phrases[item.gram]?.wordings ?? []).map {
        (text($0.gram).joined(separator: " "), $0.count)
      }
      let surface =
        wordings.max { ($0.1, $1.0) < ($1.1, $0.0) }?.0 ?? text(item.gram).joined(separator: " ")
      return Phrase(phrase: surface, count: item.count)
    }
  }
}
