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

  /// Multi-word phrases said once are pruned when the tally holds this many phrases, or
  /// twice as many as the last pruning kept.
  static let pruneAt = 200_000

  /// Phrases held (multi-word ones said once are pruned now and then).
  var phraseCount: Int { phrases.count }
  /// The most words a phrase spans, stop words inside it included ("trust in the data").
  static let longest = 5

  /// Every phrase (its key: folded, stemmed word numbers), numbered in the order first met.
  private var phrases = GramTable()
  /// Per phrase: how many answers use it.
  private var phraseAnswers: [Int32] = []
  /// Per phrase: its first wording and how often it was written; ``moreWordings`` holds any
  /// other wordings (rare: "partner" and "partners").
  private var firstWording: [Gram] = []
  private var firstWordingCount: [Int32] = []
  private var moreWordings: [Int32: [(gram: Gram, count: Int)]] = [:]
  /// The stages, numbered in the order first met, and per stage the count of each phrase
  /// in its answers (indexed by phrase number; shorter when the last ones are not used).
  private var stageNames: [String] = []
  private var stageNumbers: [String: Int] = [:]
  private var stageCounts: [[Int32]] = []
  private var nextPrune: Int
  private let pruneAt: Int

  /// Every word seen (keys and wordings), numbered, so a phrase is a few numbers to hash.
  private var wordNumbers: [String: Int32] = [:]
  private var wordList: [String] = []
  /// Per word, whether it is a stop word.
  private var stopWordFlags: [Bool] = []
  /// Answers counted.
  public private(set) var answers = 0

  /// Up to ``longest`` word numbers; unused places hold -1.
  fileprivate struct Gram: Hashable, Sendable {
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

    /// A cheap, fixed mix of the numbers (the table's keys are not chosen by an adversary:
    /// they are word numbers handed out in order).
    var mixed: UInt64 {
      var hash = UInt64(UInt32(bitPattern: words.0)) &* 0x9E37_79B9_7F4A_7C15
      hash = (hash ^ UInt64(UInt32(bitPattern: words.1))) &* 0xBF58_476D_1CE4_E5B9
      hash = (hash ^ UInt64(UInt32(bitPattern: words.2))) &* 0x94D0_49BB_1331_11EB
      hash = (hash ^ UInt64(UInt32(bitPattern: words.3))) &* 0x9E37_79B9_7F4A_7C15
      hash = (hash ^ UInt64(UInt32(bitPattern: words.4))) &* 0xBF58_476D_1CE4_E5B9
      return hash ^ (hash >> 31)
    }

    static func == (first: Gram, second: Gram) -> Bool {
      first.words == second.words
    }

    func hash(into hasher: inout Hasher) {
      withUnsafeBytes(of: words) { hasher.combine(bytes: $0) }
    }
  }

  /// Grams numbered in the order added, found by open addressing on ``Gram/mixed``: no
  /// per-lookup seeding or allocation, which matters at millions of lookups.
  fileprivate struct GramTable: Sendable {
    private(set) var keys: [Gram] = []
    /// Key numbers, -1 for an empty slot; the count is a power of two.
    private var slots = [Int32](repeating: -1, count: 64)

    var count: Int { keys.count }

    /// The number of `gram`, added if it is new.
    mutating func number(_ gram: Gram) -> Int {
      if keys.count * 2 >= slots.count { grow() }
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: gram.mixed) & mask
      while true {
        let found = slots[slot]
        if found < 0 {
          slots[slot] = Int32(keys.count)
          keys.append(gram)
          return keys.count - 1
        }
        if keys[Int(found)] == gram { return Int(found) }
        slot = (slot + 1) & mask
      }
    }

    /// The number of `gram`, if it is in the table.
    func find(_ gram: Gram) -> Int? {
      let mask = slots.count - 1
      var slot = Int(truncatingIfNeeded: gram.mixed) & mask
      while true {
        let found = slots[slot]
        if found < 0 { return nil }
        if keys[Int(found)] == gram { return Int(found) }
        slot = (slot + 1) & mask
      }
    }

    private mutating func grow() {
      slots = [Int32](repeating: -1, count: slots.count * 2)
      let mask = slots.count - 1
      for (number, key) in keys.enumerated() {
        var slot = Int(truncatingIfNeeded: key.mixed) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(number)
      }
    }
  }

  /// An empty tally.
  public init() { self.init(pruneAt: Self.pruneAt) }

  /// An empty tally pruned from `pruneAt` phrases.
  init(pruneAt: Int) {
    self.pruneAt = pruneAt
    nextPrune = pruneAt
  }

  private mutating func number(_ word: String) -> Int32 {
    if let number = wordNumbers[word] { return number }
    let number = Int32(wordList.count)
    wordNumbers[word] = number
    wordList.append(word)
    stopWordFlags.append(Self.stopWords.contains(word))
    return number
  }

  private func text(_ gram: Gram) -> [String] { gram.numbers.map { wordList[Int($0)] } }

  private static func modify<T>(_ value: inout T, _ change: (inout T) -> Void) { change(&value) }

  /// The content words of `gram` (its words that are not stop words).
  private func contentWords(_ gram: Gram) -> Int {
    withUnsafeBytes(of: gram.words) { raw in
      raw.bindMemory(to: Int32.self).reduce(0) { $0 + ($1 >= 0 && !stopWordFlags[Int($1)] ? 1 : 0) }
    }
  }

  /// Counts the phrases of one answer given in `stage`.
  public mutating func add(_ text: String, stage: String) {
    var counter = Counter()
    counter.add(words: Words.split(text), stage: stage)
    add(counter.finish())
  }

  /// One session's phrases counted ahead (part of a ``SessionDigest``), to be added to a
  /// tally with ``PhraseTally/add(_:)-(Counted)``: each phrase of each stage with how many
  /// answers used it and each wording with how often it was written.
  public struct Counted: Sendable, Equatable {
    /// Answers counted.
    public internal(set) var answers = 0
    /// The words (folded wordings, and the keys they stem to), numbered by position.
    var words: [String] = []
    /// Per word, the number of its key (itself for a stop word, else its stem).
    var keyOf: [Int32] = []
    /// The stages, numbered by position.
    var stages: [String] = []
    /// The phrases, flat.
    ///
    /// Per phrase: its stage, the answers using it, its wording count; then per wording its
    /// length, its word numbers and how often it was written. Phrases of a stage are
    /// together.
    var stream: [Int32] = []

    /// Whether ``stream`` reads as phrases of ``stages`` in ``words`` (a stored one is
    /// checked before it is added).
    var isWellFormed: Bool {
      guard keyOf.allSatisfy({ $0 >= 0 && Int($0) < words.count }) else { return false }
      var position = 0
      while position < stream.count {
        guard position + 2 < stream.count, stream[position] >= 0,
          Int(stream[position]) < stages.count, stream[position + 1] >= 0,
          stream[position + 2] >= 1
        else { return false }
        let variants = Int(stream[position + 2])
        position += 3
        for _ in 0..<variants {
          guard position < stream.count else { return false }
          let length = Int(stream[position])
          guard (1...PhraseTally.longest).contains(length), position + length + 1 < stream.count,
            stream[(position + 1)...(position + length)].allSatisfy({
              $0 >= 0 && Int($0) < words.count
            }), stream[position + length + 1] >= 0
          else { return false }
          position += length + 2
        }
      }
      return true
    }
  }

  /// Counts one session's answers into a ``Counted``, and works out each word's
  /// ``TextSimilarity`` term once (``add(words:stage:)`` returns an answer's terms).
  struct Counter {
    private var counted = Counted()
    private var numbers: [String: Int32] = [:]
    /// Each word as written (lower case) → its slot: its folded word's number, its term.
    private var slots: [String: Int] = [:]
    private var slotWording: [Int32] = []
    private var slotTerm: [Int32] = []
    /// The terms met, numbered.
    private(set) var terms: [String] = []
    private var termNumbers: [String: Int32] = [:]
    private var stageNumbers: [String: Int] = [:]
    /// Per stage, its phrases (keys) numbered in the order first met, and per phrase the
    /// answers using it, the last answer counted and its wordings.
    private var grams: [GramTable] = []
    private var tallies: [[(answers: Int32, last: Int, wordings: [(Gram, Int32)])]] = []

    /// Per word, whether its key has been worked out (a stem is added as a key before it
    /// is ever written, and stemmed only if it is).
    private var keyKnown: [Bool] = []

    /// The number of `word` (folded), with its key worked out.
    ///
    /// A word's key is its stem, added as a word but not stemmed in turn: stemming a stem
    /// again, as it was ("nooo…o" loses one "o" a time), took time and memory growing with
    /// the square of the word's length, and a stack as deep as the word was long.
    private mutating func number(_ word: String) -> Int32 {
      let number = entry(word)
      if !keyKnown[Int(number)] {
        keyKnown[Int(number)] = true
        if !PhraseTally.stopWords.contains(word) {
          let stem = TextSimilarity.stem(word)
          if stem != word { counted.keyOf[Int(number)] = entry(stem) }
        }
      }
      return number
    }

    /// The number of `word`, added (as its own key, for now) if it is new.
    private mutating func entry(_ word: String) -> Int32 {
      if let number = numbers[word] { return number }
      let number = Int32(counted.words.count)
      numbers[word] = number
      counted.words.append(word)
      counted.keyOf.append(number)
      keyKnown.append(false)
      return number
    }

    /// The number of `term`, added if it is new.
    mutating func term(_ term: String) -> Int32 {
      if let number = termNumbers[term] { return number }
      termNumbers[term] = Int32(terms.count)
      terms.append(term)
      return Int32(terms.count - 1)
    }

    /// The slot of `word` as written.
    private mutating func slot(_ word: String) -> Int {
      if let slot = slots[word] { return slot }
      let folded =
        word.utf8.allSatisfy { $0 < 0x80 }
        ? word : word.folding(options: [.diacriticInsensitive], locale: nil)
      slotWording.append(number(folded))
      slotTerm.append(TextSimilarity.terms(words: [word]).first.map { term($0) } ?? -1)
      slots[word] = slotWording.count - 1
      return slotWording.count - 1
    }

    /// Counts the phrases of an answer split by `Words.split`; its terms (numbers into
    /// ``terms``), one per word that has one.
    @discardableResult
    mutating func add(words split: [String], stage: String) -> [Int32] {
      counted.answers += 1
      let answer = counted.answers
      var wordings: [Int32] = []
      var terms: [Int32] = []
      wordings.reserveCapacity(split.count)
      for word in split {
        let slot = slot(word)
        wordings.append(slotWording[slot])
        if slotTerm[slot] >= 0 { terms.append(slotTerm[slot]) }
      }
      let words = wordings.map { counted.words[Int($0)] }
      let content = words.map(PhraseTally.isContent)
      let keys = wordings.map { counted.keyOf[Int($0)] }
      let stageNumber: Int
      if let known = stageNumbers[stage] {
        stageNumber = known
      } else {
        stageNumber = counted.stages.count
        stageNumbers[stage] = stageNumber
        counted.stages.append(stage)
        grams.append(GramTable())
        tallies.append([])
      }
      for start in words.indices {
        guard content[start] else { continue }
        var contentWords = 0
        for end in start..<min(words.count, start + PhraseTally.longest) {
          guard content[end] else { continue }
          contentWords += 1
          if contentWords > 3 { break }
          let index = grams[stageNumber].number(Gram(keys[start...end]))
          if index == tallies[stageNumber].count { tallies[stageNumber].append((0, 0, [])) }
          let wording = Gram(wordings[start...end])
          PhraseTally.modify(&tallies[stageNumber][index]) { tally in
            if tally.last != answer {
              tally.last = answer
              tally.answers += 1
            }
            if let known = tally.wordings.firstIndex(where: { $0.0 == wording }) {
              tally.wordings[known].1 += 1
            } else {
              tally.wordings.append((wording, 1))
            }
          }
        }
      }
      return terms
    }

    /// What was counted, as a ``Counted``.
    func finish() -> Counted {
      var counted = counted
      for (stage, phrases) in tallies.enumerated() {
        for phrase in phrases {
          counted.stream += [Int32(stage), phrase.answers, Int32(phrase.wordings.count)]
          for (wording, count) in phrase.wordings {
            let numbers = wording.numbers
            counted.stream.append(Int32(numbers.count))
            counted.stream += numbers
            counted.stream.append(count)
          }
        }
      }
      return counted
    }
  }

  /// Adds one session's counted phrases.
  public mutating func add(_ counted: Counted) {
    guard counted.answers > 0 else { return }
    let global = counted.words.map { number($0) }
    let globalKey = counted.keyOf.map { global[Int($0)] }
    let stages = counted.stages.map { stage in
      if let known = stageNumbers[stage] { return known }
      stageNumbers[stage] = stageNames.count
      stageNames.append(stage)
      stageCounts.append([])
      return stageNames.count - 1
    }
    answers += counted.answers
    let stream = counted.stream
    var position = 0
    var wording: [Int32] = []
    var key: [Int32] = []
    while position + 2 < stream.count {
      let stage = stages[Int(stream[position])]
      let used = stream[position + 1]
      let variants = Int(stream[position + 2])
      position += 3
      var phrase = -1
      for _ in 0..<variants {
        let length = Int(stream[position])
        wording.removeAll(keepingCapacity: true)
        key.removeAll(keepingCapacity: true)
        for local in stream[(position + 1)...(position + length)] {
          wording.append(global[Int(local)])
          key.append(globalKey[Int(local)])
        }
        let count = stream[position + length + 1]
        position += length + 2
        let gram = Gram(wording[...])
        if phrase < 0 {
          phrase = phrases.number(Gram(key[...]))
          if phrase == phraseAnswers.count {
            phraseAnswers.append(used)
            firstWording.append(gram)
            firstWordingCount.append(0)
          } else {
            phraseAnswers[phrase] &+= used
          }
        }
        if stageCounts[stage].count <= phrase {
          stageCounts[stage] += repeatElement(0, count: phrases.count - stageCounts[stage].count)
        }
        stageCounts[stage][phrase] &+= count
        if firstWording[phrase] == gram {
          firstWordingCount[phrase] &+= count
        } else {
          Self.modify(&moreWordings[Int32(phrase), default: []]) { more in
            if let index = more.firstIndex(where: { $0.gram == gram }) {
              more[index].count += Int(count)
            } else {
              more.append((gram, Int(count)))
            }
          }
        }
      }
    }
    if phrases.count >= nextPrune { prune() }
  }

  static func isContent(_ word: String) -> Bool {
    word.count > 1 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
  }

  /// Drops the multi-word phrases used in one answer only; the next pruning waits until
  /// the tally has doubled, so the work stays proportional to what is added.
  private mutating func prune() {
    var kept = GramTable()
    var keptAnswers: [Int32] = []
    var keptWording: [Gram] = []
    var keptWordingCount: [Int32] = []
    var keptMore: [Int32: [(gram: Gram, count: Int)]] = [:]
    var keptCounts = stageCounts.map { _ in [Int32]() }
    for (phrase, key) in phrases.keys.enumerated()
    where phraseAnswers[phrase] > 1 || key.isSingleWord {
      let number = kept.number(key)
      keptAnswers.append(phraseAnswers[phrase])
      keptWording.append(firstWording[phrase])
      keptWordingCount.append(firstWordingCount[phrase])
      if let more = moreWordings[Int32(phrase)] { keptMore[Int32(number)] = more }
      for stage in stageCounts.indices {
        let counts = stageCounts[stage]
        keptCounts[stage].append(phrase < counts.count ? counts[phrase] : 0)
      }
    }
    phrases = kept
    phraseAnswers = keptAnswers
    firstWording = keptWording
    firstWordingCount = keptWordingCount
    moreWordings = keptMore
    stageCounts = keptCounts
    nextPrune = max(pruneAt, 2 * phrases.count)
  }

  /// A key phrase and how many times the theme's answers used it.
  public struct Phrase: Sendable, Equatable, Encodable {
    public var phrase: String
    public var count: Int
  }

  /// The stages counted.
  public var stages: [String] { Array(stageNumbers.keys) }

  /// The `count` key phrases of `stage`, best first.
  public func top(_ stage: String, count: Int = 5) -> [Phrase] {
    guard let stageNumber = stageNumbers[stage], answers > 0 else { return [] }
    let counts = stageCounts[stageNumber]
    let total = Double(answers)
    var scored: [(gram: Gram, phrase: Int, score: Double, count: Int)] = []
    for (phrase, frequency) in counts.enumerated() where frequency >= 2 {
      let gram = phrases.keys[phrase]
      let containing = Double(phraseAnswers[phrase])
      // One in nearly every answer says nothing about a theme.
      guard containing / total < 0.8 || total < 5 else { continue }
      let length = Double(contentWords(gram))
      let score = Double(frequency) * (log(total / containing) + 1) * (1 + 0.5 * (length - 1))
      scored.append((gram, phrase, score, Int(frequency)))
    }
    // Best score first, equal scores by wording; the wording is spelled out only for the
    // scores looked at (there are many thousands of phrases on a large archive). Only the
    // best few hundred are sorted, unless the choosing below runs through them.
    let all = scored
    if scored.count > 1_024, let bar = Self.highest(512, of: scored.map(\.score)) {
      scored = scored.filter { $0.score >= bar }
    }
    scored.sort { $0.score > $1.score }
    let chosen = choose(count, from: scored)
    if chosen.count < count, scored.count < all.count {
      return spelled(choose(count, from: all.sorted { $0.score > $1.score }))
    }
    return spelled(chosen)
  }

  /// The `count`-th highest of `scores` (a min-heap of that many), if there are that many.
  static func highest(_ count: Int, of scores: [Double]) -> Double? {
    guard scores.count >= count else { return nil }
    var heap = Array(scores.prefix(count))
    func siftDown(_ start: Int) {
      var parent = start
      while true {
        let left = 2 * parent + 1
        guard left < heap.count else { return }
        var smallest = left
        if left + 1 < heap.count, heap[left + 1] < heap[left] { smallest = left + 1 }
        guard heap[smallest] < heap[parent] else { return }
        heap.swapAt(smallest, parent)
        parent = smallest
      }
    }
    for index in stride(from: count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    for score in scores.dropFirst(count) where score > heap[0] {
      heap[0] = score
      siftDown(0)
    }
    return heap[0]
  }

  /// Up to `count` phrases of `scored` (best first), one per idea.
  private func choose(
    _ count: Int, from scored: [(gram: Gram, phrase: Int, score: Double, count: Int)]
  ) -> [(phrase: Int, count: Int, stems: Set<String>)] {
    var chosen: [(phrase: Int, count: Int, stems: Set<String>)] = []
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
        chosen.append((item.phrase, item.count, stems))
        if chosen.count == count { break }
      }
      start = end
    }
    return chosen
  }

  /// The phrases chosen, each in its most written wording.
  private func spelled(_ chosen: [(phrase: Int, count: Int, stems: Set<String>)]) -> [Phrase] {
    chosen.map { item in
      let wordings =
        [(firstWording[item.phrase], Int(firstWordingCount[item.phrase]))]
        + (moreWordings[Int32(item.phrase)] ?? []).map { ($0.gram, $0.count) }
      let surface =
        wordings.map { (text($0.0).joined(separator: " "), $0.1) }
        .max { ($0.1, $1.0) < ($1.1, $0.0) }?.0 ?? ""
      return Phrase(phrase: surface, count: item.count)
    }
  }
}

extension PhraseTally {
  /// The tally as bytes, for the index to keep (``init(encoded:)`` reads them back).
  func encoded() -> [UInt8] {
    var writer = ByteWriter()
    writer.int(answers)
    writer.int(nextPrune)
    writer.strings(wordList)
    writer.strings(stageNames)
    writer.int(phrases.count)
    for phrase in 0..<phrases.count {
      for gram in [phrases.keys[phrase], firstWording[phrase]] {
        let numbers = gram.numbers
        writer.int(numbers.count)
        for number in numbers { writer.int(Int(number)) }
      }
      writer.int(Int(phraseAnswers[phrase]))
      writer.int(Int(firstWordingCount[phrase]))
      let more = moreWordings[Int32(phrase)] ?? []
      writer.int(more.count)
      for item in more {
        let numbers = item.gram.numbers
        writer.int(numbers.count)
        for number in numbers { writer.int(Int(number)) }
        writer.int(item.count)
      }
    }
    for counts in stageCounts {
      writer.int(counts.count)
      for count in counts { writer.int(Int(count)) }
    }
    return writer.bytes
  }

  /// A tally back from ``encoded()``'s bytes, or `nil` when they are not such bytes.
  init?(encoded bytes: [UInt8]) {
    self.init()
    var reader = ByteReader(bytes)
    guard let answers = reader.int(), answers >= 0, let nextPrune = reader.int(),
      let words = reader.strings(), let stages = reader.strings(), let count = reader.count()
    else { return nil }
    self.answers = answers
    self.nextPrune = max(nextPrune, pruneAt)
    for word in words { _ = number(word) }
    guard wordList.count == words.count else { return nil }
    for stage in stages {
      guard stageNumbers[stage] == nil else { return nil }
      stageNumbers[stage] = stageNames.count
      stageNames.append(stage)
    }
    func gram(_ reader: inout ByteReader) -> Gram? {
      guard let length = reader.int(), (1...Self.longest).contains(length) else { return nil }
      var numbers: [Int32] = []
      for _ in 0..<length {
        guard let number = reader.int(), number >= 0, number < words.count else { return nil }
        numbers.append(Int32(number))
      }
      return Gram(numbers[...])
    }
    for phrase in 0..<count {
      guard let key = gram(&reader), let wording = gram(&reader),
        let used = reader.int().flatMap(Int32.init(exactly:)), used >= 0,
        let wordingCount = reader.int().flatMap(Int32.init(exactly:)), wordingCount >= 0,
        let moreCount = reader.count(), phrases.number(key) == phrase
      else { return nil }
      phraseAnswers.append(used)
      firstWording.append(wording)
      firstWordingCount.append(wordingCount)
      for _ in 0..<moreCount {
        guard let other = gram(&reader), let otherCount = reader.int(), otherCount >= 0 else {
          return nil
        }
        moreWordings[Int32(phrase), default: []].append((other, otherCount))
      }
    }
    for _ in stages {
      guard let length = reader.count(), length <= count else { return nil }
      var counts: [Int32] = []
      counts.reserveCapacity(length)
      for _ in 0..<length {
        guard let value = reader.int().flatMap(Int32.init(exactly:)), value >= 0 else {
          return nil
        }
        counts.append(value)
      }
      stageCounts.append(counts)
    }
    guard reader.atEnd else { return nil }
  }
}
