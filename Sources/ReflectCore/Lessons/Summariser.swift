import Foundation

/// Gathers what the person said into a short summary, per stage, in their own words.
///
/// For each stage, the one or two whole sentences that best answer the stage's questions.
/// Each sentence is scored by how near it is to the question it answered (and to the
/// stage's other questions), plus how central it is among everything said in the stage (the
/// point a paragraph keeps coming back to, not a digression). With a sentence model both are
/// cosines of the sentences' vectors; without one, the same two measures on the words
/// (``TextSimilarity`` terms): the share of the question's terms the sentence has, and its
/// mean term overlap with the stage's other sentences.
///
/// Only whole sentences are given back, never a clause from the middle of one: a sentence
/// longer than ``maxWords`` is quoted up to a point where a clause ends (a semicolon, a
/// dash, or a comma before "and", "but", "so"…), or left out. Replies read as something
/// other than an answer (``Said/kind``) are left out, and so are questions, and sentences
/// that `skip` rules out (vague or meta, not an answer by the reply rules, or naming what
/// the person would not talk about). Each sentence is given back in the second person when
/// the swap is clean ("you held firm on staffing"), else quoted. The later answer to a
/// question counts first, but an earlier one replaced with `/back` is still heard.
///
/// Sessions held before this (no `summariser` on their summary lines) are summarised the
/// old way (``legacy``), so that `replay --rerun` gives their lines exactly.
struct Summariser {
  /// One thing the person said.
  struct Said: Sendable, Equatable {
    var stage: String
    var question: String
    var text: String
    /// Replaced by a later answer to the same question (`/back`).
    var superseded = false
    /// How the reply was read: only answers and corrections are summarised.
    var kind: ReplyReading.Kind = .answer
    /// A stage's line as the person gave it at the summary check ("purpose was keeping the
    /// parser alive"): while nothing is said in the stage after it, its line is this alone.
    var wholeLine = false
  }

  /// A sentence chosen for the summary.
  struct Chosen: Sendable, Equatable {
    /// Its answer's index in `heard`.
    var said: Int
    /// The sentence as it stands in the answer.
    var sentence: String
    /// What is given back: the sentence, or its opening clauses when it is long.
    var text: String
    var trimmed: Bool
    var question: String
    var score: Double
    /// The order said.
    var order: Int
    var terms: Set<String>
  }

  var reflector: Reflector
  /// Longest sentence given back whole, in words.
  var maxWords = 26
  /// Most sentences per stage.
  var perStage = 2
  /// The sentence model; without one (or one with no model id, as when none is installed):
  /// words only.
  var embedder: (any SentenceEmbedder)? = nil
  /// Each question's text by id: what an answer answered.
  var questions: [String: String] = [:]
  /// Picks sentences the way sessions held before did (``legacyBest(_:)``).
  var legacy = false
  /// Which picking a session's summaries had (named on its summary line, for `replay
  /// --rerun`): 1 as first built; 2 also weighs main-point and aside markers
  /// (``emphasis(_:)``), drops a reply's opening "No,", trims at a bare comma after a
  /// clause, and leaves out a word or two beside a sentence; 3 also leaves out a fragment
  /// (``isFragment(_:)``) beside a sentence or one whose words the line already has, drops
  /// "and no," as well as "No,", and never gives back a sentence aimed at the coach
  /// (``addressesTheCoach(_:)``); 4 gives one short line per stage that carries its point
  /// (``pointLine(for:heard:skip:names:)``), and the summary check applies a correction to
  /// each stage it names; 5 leans to the first sentence of a long answer
  /// (``firstPieceBonus``) and leaves out a sentence about the answer itself ("that's the
  /// tidy version", ``aboutTheAnswer``); 6 gives back a short answer's second sentence
  /// beside a first of a few words when both fit in one line ("with ron yes", then "head
  /// teacher didnt trust the old blokes at first": both halves of where trust was and was
  /// not); 7 never takes talk about the session for a point and puts right more shapes of
  /// correction at the check; 8 reads a stage named mid-sentence at the check ("the theft
  /// was the problem, the purpose was…", "and trust, the real issue was…").
  var revision = Self.revision
  static let revision = 8

  /// How much centrality counts beside nearness to the question.
  ///
  /// The question counts most (every sentence of a stage can be about a digression); centrality separates sentences
  /// that answer it about equally, in favour of the one the rest of the answer supports.
  static let centralityWeight = 0.5
  /// How near the best score a second sentence for the same question must be.
  ///
  /// One sentence, or two when the second answers nearly as well. (A margin, not a
  /// ratio: the scores of two sentences that share no word with the question are both
  /// near 0, and then both may be given.) About a third of what one shared term of a
  /// three-term question adds.
  static let secondMargin = 0.1
  /// With the model, the least nearness (cosine) to the questions of a sentence about them.
  ///
  /// MiniLM gives an unrelated sentence about 0 to 0.1 against a question,
  /// and an answer to it 0.2 or more (the summary tests show both).
  static let minCosine = 0.1
  /// Words only: terms of a question that say nothing of what it asks ("…in this work?"):
  /// a sentence sharing only these with the question is no nearer to it.
  static let vagueQuestionTerms = Set(
    TextSimilarity.terms("work project thing way situation experience"))
  /// A trimmed sentence keeps at least this many words; fewer read as a fragment.
  static let minTrimmedWords = 6
  /// A sentence of an answer replaced with `/back` is heard, but the later answer counts
  /// first: its score is lowered by this.
  static let supersededPenalty = 0.3
  /// Each distinct term adds this, up to ``informativeTerms``: between sentences that score
  /// alike, the one with more to say.
  static let perTerm = 0.01
  static let informativeTerms = 10

  /// Openings of a subordinate clause.
  ///
  /// A sentence that opens on one with no comma to end the clause is half a thought when
  /// it is short or no main clause's subject (``subjects``) follows ("Because of the
  /// funding.", "When the board wanted to merge two classes." but not "When the budget was
  /// cut we held firm."), and a long one is trimmed only after the clause has ended.
  static let subordinators: Set<String> = [
    "when", "because", "if", "although", "though", "while", "as", "since", "unless", "until",
    "whereas", "whether",
  ]

  /// Subjects of a main clause after a subordinate one.
  static let subjects: Set<String> = ["i", "we", "you", "they", "he", "she"]

  /// Words after a comma that open a new clause: a long sentence may be trimmed there.
  static let clauseOpeners: Set<String> = [
    "and", "but", "so", "yet", "which", "because", "though", "although", "while", "whereas",
  ]

  /// Phrases that mark a sentence as the person's main point ("the big one for me was
  /// access"), and as an aside ("the other thing was curiosity"): between sentences that
  /// answer alike, the main point is given back.
  static let mainPointMarkers = [
    "the big one", "the main", "main thing", "most important", "above all", "more than anything",
    "first and foremost", "the key thing", "what mattered most", "matters most", "the heart of it",
    "the biggest", "really about",
  ]
  static let asideMarkers = [
    "the other thing", "another thing", "also", "as an aside", "by the way", "secondly",
    "on top of that", "as well", "side note",
  ]
  /// What a main-point marker adds to a sentence's score, and an aside marker takes away:
  /// about what a sentence's nearness to its question varies between two that both answer it.
  static let mainPointBonus = 0.15
  static let asidePenalty = 0.1

  /// Words that open a reply to the coach's question, not the point: "No, they talked
  /// about standards" is given back as "they talked about standards", never as the coach
  /// saying "No".
  static let replyOpeners: Set<String> = [
    "no", "yes", "yeah", "yep", "nope", "mostly", "well", "honestly", "ok", "okay", "so",
  ]

  /// Since revision 3, the yes/no openers also dropped after "and", "but" or "so" ("and no,
  /// they shared the words…" → "they shared the words…").
  static let yesNo: Set<String> = ["no", "yes", "yeah", "yep", "nope"]
  static let joining: Set<String> = ["and", "but", "so"]

  /// Phrases that aim a sentence at the coach, not at the question ("you said its a
  /// negotiation", "i told you that", "you asked me that already"): never given back.
  static let toTheCoach = [
    "you said", "you asked", "you wrote", "you put", "you told me", "you keep", "you missed",
    "you moved on", "i told you", "told you that", "i said that", "i said it", "i said so",
    "already said", "i just said", "as i said", "like i said", "point taken",
  ]

  /// `text` up to where it starts talking to the coach (``toTheCoach``), without the
  /// "and" or comma left before it ("keeping the parser alive, i said that…" → "keeping the
  /// parser alive"); all of it when it never does.
  static func beforeTalkToCoach(_ text: String) -> String {
    let pattern = "\\b(" + toTheCoach.joined(separator: "|") + ")\\b"
    var head = text
    if let range = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
      head = String(text[..<range.lowerBound])
    }
    var words = head.split(whereSeparator: \.isWhitespace).map(String.init)
    while let last = words.last,
      joining.union(["then", "which", "that"]).contains(
        last.lowercased().trimmingCharacters(in: .punctuationCharacters))
    {
      words.removeLast()
    }
    return words.joined(separator: " ").trimmingCharacters(
      in: CharacterSet(charactersIn: ",;:—–- "))
  }

  /// Phrases that talk about the session rather than its subject ("we did all this last
  /// week", "honestly I'm too tired to do values", "same as last time really", "I just told
  /// you"): since revision 7 such a sentence is never given back as the point.
  static let aboutTheSession = [
    "did all this", "done all this", "did this already", "done this already",
    "did that already", "done that already", "did this last", "did that last",
    "been through this", "been over this", "been through that", "been over that",
    "go through that again", "go through this again", "go over that again",
    "go over this again", "too tired to", "can't be bothered", "cant be bothered",
    "not in the mood", "just told you", "already told you", "told you already",
    "i've told you", "ive told you", "i've said", "ive said", "i've answered", "ive answered",
    "just answered", "already answered",
  ]

  /// Since revision 8 also "too tired for values", "don't make it sound nice".
  static let aboutTheSession8 = [
    "too tired for", "not up to this", "make it sound", "don't make it", "dont make it",
  ]

  /// Whether `clause` tells the coach how to say things ("Don't make it sound nice",
  /// "stop softening it"): since revision 8 never put into a summary.
  static func tellsTheCoach(_ clause: String) -> Bool {
    clause.range(
      of:
        #"^\W*(?:and\s+)?(?:please\s+)?(?:don'?t|do not|stop|quit|no need to)\s+(?:make|making|say|saying|write|writing|put|putting|call|calling|soften|softening|sugar ?coat(?:ing)?|pretend|pretending|dress|dressing|tidy|tidying)\b"#,
      options: [.regularExpression, .caseInsensitive]) != nil
  }

  /// Openings that point back at an earlier session ("same as last time really, with not
  /// at"): since revision 7 a sentence opening on one is no point.
  static let backToLastTime = [
    "same as last time", "same as last week", "same as before", "as before", "as last time",
    "like last time", "like before", "as i said before", "the same as last time",
  ]

  /// Whether `sentence` talks about the session (``aboutTheSession``, or opening on
  /// ``backToLastTime``), not its subject.
  static func isAboutTheSession(_ sentence: String, revision: Int = 7) -> Bool {
    let words = Words.split(sentence.replacingOccurrences(of: "’", with: "'"))
    let phrases = revision >= 8 ? aboutTheSession + aboutTheSession8 : aboutTheSession
    if phrases.contains(where: { Words.position(of: $0, in: words) != nil }) {
      return true
    }
    let opening = Words.split(withoutHedges(sentence))
    return backToLastTime.contains { phrase in
      let needle = Words.split(phrase)
      return opening.count >= needle.count && Array(opening.prefix(needle.count)) == needle
    }
  }

  /// Whether `sentence` talks to the coach (``toTheCoach``).
  static func addressesTheCoach(_ sentence: String) -> Bool {
    let words = Words.split(sentence)
    return toTheCoach.contains { Words.position(of: $0, in: words) != nil }
  }

  /// Verbs a short phrase may hold beside ``clauseVerbs``: one that holds none is a
  /// fragment.
  static let shortVerbs: Set<String> = [
    "matters", "matter", "mattered", "counts", "counted", "helps", "helped", "works", "worked",
    "held", "kept", "keep", "keeps", "said", "says", "made", "makes", "got", "get", "gets",
    "went", "go", "goes", "came", "come", "comes", "took", "take", "takes", "can", "could",
    "will", "would", "should", "must", "need", "needs", "want", "wants", "know", "knew",
    "think", "thought", "felt", "feel", "feels", "lost", "won", "left", "ran", "run", "runs",
    "be", "been", "being", "isn't", "wasn't", "weren't", "aren't", "don't", "didn't", "doesn't",
  ]

  /// A verbless phrase of at most four words ("The weekend contributors.", "waiting times
  /// mostly"): since revision 3 never given beside a sentence, nor when the line already
  /// has its words.
  static func isFragment(_ text: String) -> Bool {
    let words = Words.split(text).map { $0.replacingOccurrences(of: "’", with: "'") }
    guard words.count <= 4 else { return false }
    return !words.contains { word in
      clauseVerbs.contains(word) || shortVerbs.contains(word) || subjects.contains(word)
        || (word.count >= 5 && word.hasSuffix("ed")) || word.hasSuffix("n't")
        || ["'s", "'re", "'ll", "'d", "'ve", "'m"].contains { word.count > 2 && word.hasSuffix($0) }
    }
  }

  /// Words that open a phrase rather than a clause: a long sentence is not trimmed at a
  /// bare comma when it opens on one ("For me, and for most of the heads…").
  static let phraseOpeners: Set<String> = [
    "for", "in", "through", "with", "at", "on", "by", "from", "after", "before", "during",
    "over", "under", "about", "to", "of", "and", "or", "but",
  ]
  /// Verbs that make the words before a bare comma a clause of their own.
  static let clauseVerbs: Set<String> = [
    "is", "was", "were", "are", "am", "had", "has", "have", "did", "do", "does", "i'm", "it's",
    "that's", "we're", "they're", "wanted", "needed", "meant", "mattered", "felt",
  ]

  /// Words that end an abbreviation, not a sentence, before a full stop.
  static let abbreviations: Set<String> = [
    "e.g", "i.e", "eg", "ie", "etc", "mr", "mrs", "ms", "dr", "vs", "st", "cllr", "approx",
  ]

  /// What a session records so that `replay --rerun` summarises the same way: the sentence
  /// model's id, or "words-only".
  var identity: String {
    (revision >= 2 ? "answers r\(revision) " : "answers ") + (model?.modelID ?? "words-only")
  }

  /// The revision named by a summary line's `summariser` ("answers r2 …"; 1 for "answers …").
  static func revision(of identity: String) -> Int {
    let words = identity.split(separator: " ")
    guard words.count > 2, words[1].hasPrefix("r"), let number = Int(words[1].dropFirst()) else {
      return 1
    }
    return number
  }

  /// The embedder when it has a model.
  var model: (any SentenceEmbedder)? {
    guard let embedder, !embedder.modelID.isEmpty else { return nil }
    return embedder
  }

  /// One line per stage that has anything to say ("Values: you …").
  func lines(stages: [Stage], heard: [Said], skip: (String) -> Bool) -> [String] {
    let names = heard.reduce(into: Set<String>()) { $0.formUnion(Reflector.names(in: $1.text)) }
    var lines: [String] = []
    for stage in stages where stage.kind == .questions {
      if !legacy, revision >= 4 {
        if let line = pointLine(for: stage, heard: heard, skip: skip, names: names) {
          lines.append(line)
        }
        continue
      }
      let chosen: [(text: String, trimmed: Bool)]
      if legacy {
        chosen = legacyBest(heard.filter { $0.stage == stage.id && !skip($0.text) }).map {
          ($0, false)
        }
      } else if revision >= 3, let last = heard.last(where: { $0.stage == stage.id }),
        last.wholeLine
      {
        chosen = [(last.text, false)]
      } else {
        var picked = best(in: stage, heard: heard, skip: skip).map { ($0.text, $0.trimmed) }
        // A word or two ("Passengers.") beside a sentence that says something is left out,
        // rather than stitched on after it.
        if revision >= 2, picked.contains(where: { Words.split($0.0).count >= 4 }) {
          picked.removeAll { !$0.1 && Words.split($0.0).count <= 2 }
        }
        chosen = picked
      }
      guard !chosen.isEmpty else { continue }
      if chosen.allSatisfy({ !$0.trimmed && Words.split($0.text).count <= 4 }) {
        // Answers of a word or two read best as a list in the person's own words.
        let items = chosen.map {
          let bare = $0.text.trimmingCharacters(in: CharacterSet(charactersIn: ".!?,;: "))
          return Reflector.isOrdinaryCapital(String(bare.prefix { $0 != " " }))
            ? bare.prefix(1).lowercased() + bare.dropFirst() : bare
        }
        lines.append("\(stage.title), in your words: \(items.joined(separator: "; ")).")
        continue
      }
      var body = ""
      for (sentence, trimmed) in chosen {
        if !trimmed,
          let mine = reflector.reflect(
            sentence, limit: maxWords, names: names, wholeSentence: true)
        {
          body += (body.isEmpty ? "" : " ") + Self.capitalised(Self.closed(mine))
        } else {
          let quoted = trimmed ? sentence : Self.closed(sentence)
          if revision >= 2, body.hasSuffix("”") {
            // Two quotes in a row: one "In your words".
            body += " and “\(quoted)”"
          } else {
            body += (body.isEmpty ? "" : " ") + "In your words, “\(quoted)”"
          }
        }
      }
      let first = String(body.prefix(1))
      lines.append(
        "\(stage.title): \(body.hasPrefix("I ") ? first : first.lowercased())\(body.dropFirst())")
    }
    return lines
  }

  /// The sentences given back for `stage`, in the order said: the best answer to each of
  /// its questions first (in the questions' order), then a second one that answers nearly as well, up to ``perStage``
  /// (one more when they are all short).
  func best(in stage: Stage, heard: [Said], skip: (String) -> Bool) -> [Chosen] {
    var scored = candidates(in: stage, heard: heard, skip: skip)
    if revision >= 3, scored.contains(where: { !Self.isFragment($0.text) }) {
      // A fragment beside a sentence ("…, the weekend contributors. The weekend
      // contributors.") is left out, so that a sentence may answer its question instead.
      scored.removeAll { Self.isFragment($0.text) }
    }
    guard let top = scored.first else { return [] }
    let short = scored.allSatisfy { Words.split($0.text).count <= 8 }
    let limit = perStage + (short ? 1 : 0)
    var chosen: [Chosen] = []
    func take(_ item: Chosen) {
      guard chosen.count < limit,
        !chosen.contains(where: {
          $0.order == item.order
            || TextSimilarity.similarity($0.terms, item.terms) >= TextSimilarity.threshold
        })
      else { return }
      // A fragment whose words the line already has adds nothing.
      if revision >= 3, Self.isFragment(item.text),
        item.terms.isSubset(of: chosen.reduce(into: Set<String>()) { $0.formUnion($1.terms) })
      {
        return
      }
      chosen.append(item)
    }
    // The stage's questions in their order (its main question first, then the detail:
    // a sentence that echoes a later question's words does not push out the answer to the
    // first), then anything else said in the stage.
    for question in stage.questions.map(\.id) {
      if let item = scored.first(where: { $0.question == question }) { take(item) }
    }
    for item in scored where !chosen.contains(where: { $0.question == item.question }) {
      take(item)
    }
    for item in scored where item.score >= top.score - Self.secondMargin { take(item) }
    return chosen.sorted { $0.order < $1.order }
  }

  /// Every sentence of the stage's answers that may be given back, best first.
  func candidates(in stage: Stage, heard: [Said], skip: (String) -> Bool) -> [Chosen] {
    var found: [Chosen] = []
    // The reply as a whole was read when it was given (its kind); here each sentence is
    // judged on its own, so that an answer holding a question is still heard.
    for (index, said) in heard.enumerated()
    where said.stage == stage.id && [.answer, .correction].contains(said.kind) {
      for (position, sentence) in Self.wholeSentences(said.text).enumerated() {
        guard let (text, trimmed) = givenBack(sentence), !skip(text) else { continue }
        if revision >= 3, Self.addressesTheCoach(sentence) { continue }
        let terms = Set(TextSimilarity.terms(text))
        guard !terms.isEmpty else { continue }
        found.append(
          Chosen(
            said: index, sentence: sentence, text: text, trimmed: trimmed,
            question: said.question, score: said.superseded ? -Self.supersededPenalty : 0,
            order: index * 10_000 + position, terms: terms))
      }
    }
    guard !found.isEmpty else { return [] }
    let asked = stage.questions.map(\.text)
    let own = found.map { questions[$0.question] ?? asked.first ?? "" }
    var scores = meaningScores(found, own: own, asked: asked)
    if scores == nil { scores = wordScores(found, own: own, asked: asked) }
    var result: [Chosen] = []
    for (item, score) in zip(found, scores ?? []) {
      guard let score else { continue }
      var item = item
      item.score +=
        score + Double(min(item.terms.count, Self.informativeTerms)) * Self.perTerm
        + (revision >= 2 ? Self.emphasis(item.sentence) : 0)
      result.append(item)
    }
    return result.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }
  }

  /// With the model, each sentence's score (`nil` without a model).
  ///
  /// For each sentence, its nearness to its question and the stage's (the
  /// mean of the two cosines), plus ``centralityWeight`` × its mean cosine to the other
  /// sentences; `nil` for a sentence not about the questions (``minCosine``). `nil` without
  /// a model.
  func meaningScores(_ found: [Chosen], own: [String], asked: [String]) -> [Double?]? {
    guard let model else { return nil }
    let questionTexts = Array(Set(own + asked)).sorted()
    let texts = found.map(\.text) + questionTexts
    let vectors = model.embed(texts)
    guard vectors.count == texts.count else { return nil }
    func cosine(_ first: [Float], _ second: [Float]) -> Double {
      Double(zip(first, second).reduce(Float(0)) { $0 + $1.0 * $1.1 })
    }
    let question = Dictionary(
      uniqueKeysWithValues: zip(questionTexts, vectors[found.count...]))
    let sentences = Array(vectors[..<found.count])
    return sentences.indices.map { index in
      let vector = sentences[index]
      let mine = question[own[index]].map { cosine(vector, $0) } ?? 0
      let stage = asked.compactMap { question[$0] }.map { cosine(vector, $0) }.max() ?? mine
      let relevance = (mine + stage) / 2
      guard relevance >= Self.minCosine else { return nil }
      return relevance + Self.centralityWeight
        * centrality(index, sentences.count) {
          cosine(vector, sentences[$0])
        }
    }
  }

  /// Words only, each sentence's score.
  ///
  /// For each sentence, the share of its question's terms it has (and of the
  /// best of the stage's questions; the mean of the two), plus ``centralityWeight`` × its
  /// mean Jaccard index with the other sentences. Terms that say nothing of what a
  /// question asks (``vagueQuestionTerms``) do not count.
  func wordScores(_ found: [Chosen], own: [String], asked: [String]) -> [Double?] {
    func share(_ terms: Set<String>, of question: String) -> Double {
      let wanted = Set(TextSimilarity.terms(question)).subtracting(Self.vagueQuestionTerms)
      guard !wanted.isEmpty else { return 0 }
      return Double(wanted.intersection(terms).count) / Double(wanted.count)
    }
    return found.indices.map { index in
      let terms = found[index].terms
      let mine = share(terms, of: own[index])
      let stage = asked.map { share(terms, of: $0) }.max() ?? mine
      return (mine + stage) / 2 + Self.centralityWeight
        * centrality(index, found.count) {
          TextSimilarity.similarity(terms, found[$0].terms)
        }
    }
  }

  /// ``mainPointBonus`` for a sentence marked as the main point, minus ``asidePenalty``
  /// for one marked as an aside.
  static func emphasis(_ sentence: String) -> Double {
    let words = Words.split(sentence)
    func has(_ phrases: [String]) -> Bool {
      phrases.contains { Words.position(of: $0, in: words) != nil }
    }
    return (has(mainPointMarkers) ? mainPointBonus : 0) - (has(asideMarkers) ? asidePenalty : 0)
  }

  /// `sentence` without a reply's opening word and its comma ("No, they talked about
  /// standards" → "they talked about standards"), when at least three words are left.
  static func withoutReplyOpener(_ sentence: String, revision: Int = 2) -> String {
    guard let comma = sentence.firstIndex(of: ",") else { return sentence }
    let head = Words.split(String(sentence[..<comma]))
    // Since revision 7 also "anyway yes, with not at": "anyway" returns to the point.
    let joined =
      revision >= 3 && head.count == 2 && joining.contains(head[0]) && yesNo.contains(head[1])
      || (revision >= 7 && head.count <= 2 && head.first == "anyway"
        && head.dropFirst().allSatisfy(yesNo.contains))
    guard (head.count == 1 && replyOpeners.contains(head[0])) || joined else { return sentence }
    let rest = sentence[sentence.index(after: comma)...].trimmingCharacters(in: .whitespaces)
    return Words.split(rest).count >= 3 ? rest : sentence
  }

  /// The mean of `similarity` to every other sentence (0 when there is none).
  func centrality(_ index: Int, _ count: Int, _ similarity: (Int) -> Double) -> Double {
    guard count > 1 else { return 0 }
    let total = (0..<count).filter { $0 != index }.reduce(0.0) { $0 + similarity($1) }
    return total / Double(count - 1)
  }

  /// What may be given back of `sentence`: itself when it is a statement of at most
  /// ``maxWords`` words; its opening clauses (trimmed, with "…") when it is longer and a
  /// clause ends in time; `nil` for a question, half a thought, or a long sentence with no
  /// such point.
  func givenBack(_ whole: String) -> (text: String, trimmed: Bool)? {
    let sentence = revision >= 2 ? Self.withoutReplyOpener(whole, revision: revision) : whole
    let bare = sentence.trimmingCharacters(in: CharacterSet(charactersIn: "\"”’)]' "))
    guard !bare.hasSuffix("?") else { return nil }
    let words = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
    let opening = Words.split(words.first ?? "").first ?? ""
    if words.count <= maxWords {
      let subject = words.dropFirst(2).contains {
        Self.subjects.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters))
      }
      if Self.subordinators.contains(opening), !sentence.contains(","),
        words.count <= 6 || !subject
      {
        return nil
      }
      return (sentence, false)
    }
    // Too long to give back whole: up to the last point within the limit where a clause
    // ends, never from the middle.
    var cut: Int?
    for count in Self.minTrimmedWords...maxWords {
      let word = words[count - 1]
      let next = words[count].lowercased().trimmingCharacters(in: .punctuationCharacters)
      let ends =
        word.hasSuffix(";") || word.hasSuffix(":") || ["—", "–", "-"].contains(words[count])
        || (word.hasSuffix(",") && Self.clauseOpeners.contains(next))
      let last = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
      guard ends, !Reflector.dangling.contains(last) else { continue }
      let prefix = words[..<count].joined(separator: " ")
      if Self.subordinators.contains(opening), !prefix.dropLast().contains(",") { continue }
      cut = count
    }
    if cut == nil, revision >= 2, !Self.phraseOpeners.contains(opening),
      !Self.subordinators.contains(opening)
    {
      // No clause ends in time: the last bare comma after a clause of its own ("the big
      // one for me was access, the idea that…").
      for count in Self.minTrimmedWords...maxWords where words[count - 1].hasSuffix(",") {
        let head = words[..<count].map {
          $0.lowercased().replacingOccurrences(of: "’", with: "'")
            .trimmingCharacters(in: .punctuationCharacters)
        }
        let last = head.last ?? ""
        guard head.contains(where: Self.clauseVerbs.contains), !Reflector.dangling.contains(last)
        else { continue }
        cut = count
      }
    }
    guard let cut else { return nil }
    let prefix = words[..<cut].joined(separator: " ")
      .trimmingCharacters(in: CharacterSet(charactersIn: ",;:—–- "))
    return (prefix + "…", true)
  }

  /// The sentences of `text`, each whole with its closing mark ("Why does it matter?").
  ///
  /// Split after . ! ? … followed by a space (not after "e.g." or a decimal point) and at
  /// line breaks.
  static func wholeSentences(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    func flush() {
      let sentence = current.trimmingCharacters(in: .whitespaces)
      if !sentence.isEmpty { result.append(sentence) }
      current = ""
    }
    let characters = Array(text)
    for (index, character) in characters.enumerated() {
      if character.isNewline {
        flush()
        continue
      }
      current.append(character)
      let next = index + 1 < characters.count ? characters[index + 1] : nil
      guard next.map({ $0.isWhitespace }) ?? true else { continue }
      let closers = CharacterSet(charactersIn: "\"”’)]'")
      let end = current.trimmingCharacters(in: closers).last
      guard let end, ".!?…".contains(end) else { continue }
      if end == "." {
        let word = current.split(separator: " ").last.map {
          $0.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".\"“(“"))
        }
        if let word, abbreviations.contains(word) { continue }
      }
      flush()
    }
    flush()
    return result
  }

  /// The chosen sentence that `correction` most likely corrects: the nearest by meaning
  /// (a cosine of at least ``correctionCosine``), or without a model the one sharing most of
  /// its terms (at least one); `nil` when none is near (then it is something missed).
  func corrected(
    by correction: String, stages: [Stage], heard: [Said], skip: (String) -> Bool
  ) -> Chosen? {
    let chosen = stages.filter { $0.kind == .questions }.flatMap {
      best(in: $0, heard: heard, skip: skip)
    }
    guard !chosen.isEmpty else { return nil }
    if let model {
      let vectors = model.embed([correction] + chosen.map(\.text))
      if vectors.count == chosen.count + 1 {
        let scores = vectors.dropFirst().map {
          Double(zip(vectors[0], $0).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
        guard let best = scores.indices.max(by: { scores[$0] < scores[$1] }),
          scores[best] >= Self.correctionCosine
        else { return nil }
        return chosen[best]
      }
    }
    let terms = Set(TextSimilarity.terms(correction))
    let shared = chosen.map { terms.intersection($0.terms).count }
    guard let best = shared.indices.max(by: { (shared[$0], -$0) < (shared[$1], -$1) }),
      shared[best] > 0
    else { return nil }
    return chosen[best]
  }

  /// With the model, a correction this near (cosine) to a summary sentence corrects it: a
  /// correction shares the sentence's subject but says something else of it, so it is less
  /// alike than a paraphrase but more than another topic (``minCosine``).
  static let correctionCosine = 0.3

  /// How sessions held before the summaries answered the questions picked (kept so that
  /// `replay --rerun` of such a session is exact): the most informative sentence of
  /// each question first (its later answer preferred), then any other, up to ``perStage``
  /// (one more when they are all short).
  func legacyBest(_ answers: [Said]) -> [String] {
    typealias Scored = (text: String, score: Int, order: Int, question: String, terms: Set<String>)
    var scored: [Scored] = []
    var questions: [String] = []
    for answer in answers where !questions.contains(answer.question) {
      questions.append(answer.question)
    }
    for (position, question) in questions.enumerated() {
      let theirs = answers.filter { $0.question == question }
      let ordered = theirs.filter { !$0.superseded } + theirs.filter(\.superseded)
      for (rank, answer) in ordered.enumerated() {
        for (index, sentence) in Words.sentences(answer.text).enumerated() {
          var text = sentence
          if Words.split(text).count > maxWords {
            // Too long to give back whole: its most informative clause instead.
            guard
              let clause = Words.clauses(sentence).filter({ Words.split($0).count <= maxWords })
                .max(by: { TextSimilarity.terms($0).count < TextSimilarity.terms($1).count })
            else { continue }
            text = clause
          }
          let terms = Set(TextSimilarity.terms(text))
          guard !terms.isEmpty else { continue }
          // A subordinate clause on its own ("When the board…") reads as half a thought.
          let opening = Words.split(text).first ?? ""
          let halfThought = ["when", "because", "if", "although", "while", "as"].contains(opening)
          let score =
            terms.count * 2 + (Words.split(text).count >= 6 ? 1 : 0) - rank * 3
            - (halfThought ? 8 : 0)
          scored.append((text, score, position * 1000 + rank * 100 + index, question, terms))
        }
      }
    }
    let short = scored.allSatisfy { Words.split($0.text).count <= 8 }
    let limit = perStage + (short ? 1 : 0)
    let ranked = scored.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }
    var chosen: [Scored] = []
    func take(_ item: Scored) {
      guard chosen.count < limit,
        !chosen.contains(where: { TextSimilarity.similarity($0.terms, item.terms) >= 0.5 })
      else { return }
      chosen.append(item)
    }
    for item in ranked where !chosen.contains(where: { $0.question == item.question }) {
      take(item)
    }
    for item in ranked where !chosen.contains(where: { $0.order == item.order }) { take(item) }
    return chosen.sorted { $0.order < $1.order }.map(\.text)
  }

  static func closed(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let last = trimmed.last, !".!?…".contains(last) else { return trimmed }
    return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: ",;:-— ")) + "."
  }

  static func capitalised(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }
}
