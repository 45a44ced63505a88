import Foundation

/// Revision 4: one short line per stage that carries its point, the way a coach would say it
/// back ("Values: looking after the canal and not wasting people's Saturdays.").
///
/// The answers to the stage's first question carry its point (the next question's when the
/// first has none). Short answers are joined into one line; of a long one, the sentence
/// nearest the question (by meaning with a model, else by its words and main-point markers)
/// is given back up to where its first clause ends. Hedges ("dunno", "i guess") go; a bare
/// "me", a sentence that only points back ("thats what it was for"), sarcasm ("loads of
/// shared values, not") and talk to the coach never appear. When the question asks who, every
/// name said in answer to it is given. Every piece is in the second person or left out; a
/// line that does not read cleanly is not said (a quiet coach beats a wrong one).
extension Summariser {
  /// Answers up to this many words are joined into one line as they stand.
  static let shortPiece = 8
  /// Most pieces joined into one line.
  static let mostPieces = 3
  /// Most parties named in one line.
  static let mostParties = 5
  /// How much longer than ``pointWords`` a sentence with no clause end may be, given whole.
  static let slack = 4
  /// Longest piece of a long answer given back, in words.
  static let pointWords = 16

  /// Openings that hedge, not say: taken off the front of a piece.
  static let hedgeOpeners = [
    "i dunno", "dunno", "idk", "not sure", "i'm not sure", "im not sure", "i guess", "i suppose",
    "i think", "i reckon", "probably", "maybe", "honestly", "to be honest", "tbh", "basically",
    "i mean", "well", "ok", "okay", "so", "yeah", "yes", "yep", "um", "erm", "hmm", "oh",
    "and", "but", "also", "though",
  ]
  /// Endings that hedge: taken off the end of a piece.
  static let hedgeClosers = [
    "i guess", "i suppose", "i think", "i reckon", "probably", "maybe", "tbh", "really",
    "or something", "and stuff", "and that", "i'd say", "id say", "anyway", "mostly",
    "for us anyway", "for us", "for me",
  ]

  /// Words that are no point on their own ("me", "us lot").
  static let bareWords: Set<String> = [
    "me", "myself", "i", "us", "we", "them", "you", "it", "that", "this", "lot", "everyone",
    "everything", "nothing", "nobody", "thats", "that's", "same", "both", "all",
  ]

  /// Since revision 5 also no point on their own: "mine then", "ours, i guess", a reply to
  /// the coach's "whose values?" rather than an answer.
  static let bareReplies: Set<String> = ["mine", "ours", "yours", "then", "personally", "both"]

  /// Whether `sentence` says the opposite of its words ("oh yes, loads of shared values,
  /// not", "yeah right", "as if").
  static func isSarcastic(_ sentence: String) -> Bool {
    let lower = sentence.lowercased().replacingOccurrences(of: "’", with: "'")
      .trimmingCharacters(in: .whitespaces)
    let patterns = [
      #"[,.;—–-]\s*not\s*[.!]*$"#, #"\bnot!+$"#, #"\byeah,? right\b"#, #"\bas if\b"#,
      #"^oh (yes|yeah|sure|totally|definitely)\b"#, #"\bi don't think\s*[.!]*$"#,
    ]
    return patterns.contains { lower.range(of: $0, options: .regularExpression) != nil }
  }

  /// Whether `sentence` only points back at something said before ("thats what it was for",
  /// "same as before", "that's it really").
  static func pointsBack(_ sentence: String, revision: Int = 4) -> Bool {
    let words = Words.split(sentence).map { $0.replacingOccurrences(of: "’", with: "'") }
    guard let first = words.first, words.count <= 7 else { return false }
    guard ["that", "thats", "that's", "this", "it", "its", "it's", "same", "as"].contains(first)
    else { return false }
    let content = TextSimilarity.terms(
      words.filter {
        !bareWords.contains($0)
          && ![
            "for", "what", "was", "is", "said", "before",
            "above", "again", "really", "basically", "exactly", "why", "how", "about", "mean",
            "meant", "well",
          ].contains($0) && (revision < 5 || !aboutTheAnswer.contains($0))
      }.joined(separator: " "))
    return content.isEmpty
  }

  /// Words of a sentence about the answer itself, not its subject ("that's the tidy
  /// version", "it's two sentences", "that's it, that's the whole thing"): since revision 5
  /// such a sentence is no point.
  static let aboutTheAnswer: Set<String> = [
    "whole", "thing", "things", "version", "tidy", "short", "long", "story", "answer",
    "sentence", "sentences", "one", "two", "official", "gist", "summary", "nutshell", "in", "a",
    "the", "of", "there", "to", "up", "simply", "plainly", "brief", "briefly", "honest",
  ]

  /// What the first piece of a long answer adds to its score (revision 5): people answer
  /// first and explain after; in the train writers' long answers the point was the first
  /// sentence 76 times in 87.
  static let firstPieceBonus = 0.5

  /// Openings that frame or set aside what follows ("on paper", "the other value"): since
  /// revision 5, a first sentence opening on one gets no ``firstPieceBonus``.
  static let framingOpeners = [
    "on paper", "in theory", "officially", "the official", "technically", "the other value",
    "the other one", "the other thing", "another value", "another thing", "the second one",
    "also", "as an aside", "by the way", "to be fair", "funnily enough", "for the record",
  ]

  /// Whether `piece` opens on a ``framingOpeners`` phrase (after a hedge such as "i suppose").
  static func isFraming(_ piece: String) -> Bool {
    let words = Words.split(withoutHedges(piece))
    return framingOpeners.contains { phrase in
      let needle = Words.split(phrase)
      return words.count >= needle.count && Array(words.prefix(needle.count)) == needle
    }
  }

  /// `piece` without an opening subordinate clause ("if you're honest with yourself, access
  /// is the thing" → "access is the thing"), when a clause of at least three words follows.
  static func mainClause(_ piece: String) -> String {
    let words = Words.split(piece)
    guard let first = words.first, subordinators.contains(first),
      let comma = piece.firstIndex(of: ",")
    else { return piece }
    let rest = piece[piece.index(after: comma)...].trimmingCharacters(in: .whitespaces)
    let head = Words.split(String(piece[..<comma]))
    guard head.count <= 8, Words.split(rest).count >= 3 else { return piece }
    // "…, i think that the value was access": the hedge and its "that" go too.
    var main = withoutHedges(rest)
    if main.lowercased().hasPrefix("that "), Words.split(main).count >= 4 {
      main = String(main.dropFirst(5))
    }
    return main
  }

  /// `piece` up to a bracket it does not close ("access (by which i mean…" → "access"), so
  /// a line never ends inside one; the piece itself when every bracket closes.
  static func beforeOpenBracket(_ piece: String) -> String {
    guard let open = piece.lastIndex(of: "("), !piece[open...].contains(")") else { return piece }
    let head = piece[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " ,;:—–-"))
    return Words.split(head).count >= 3 ? head : piece
  }

  /// `text` without hedges at either end.
  ///
  /// "dunno. looking after the canal i guess" has "looking after the canal" once split into
  /// sentences.
  static func withoutHedges(_ text: String) -> String {
    var rest = text.trimmingCharacters(in: .whitespaces)
    var changed = true
    while changed {
      changed = false
      rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:—–-"))
      let lower = rest.lowercased().replacingOccurrences(of: "’", with: "'")
      for opener in hedgeOpeners where lower.hasPrefix(opener) {
        let after = lower.dropFirst(opener.count)
        guard after.isEmpty || !(after.first?.isLetter ?? false) else { continue }
        rest = String(rest.dropFirst(opener.count))
        changed = true
        break
      }
      let trimmed = rest.trimmingCharacters(in: CharacterSet(charactersIn: " .!,;:"))
      let tail = trimmed.lowercased().replacingOccurrences(of: "’", with: "'")
      for closer in hedgeClosers where tail.hasSuffix(" " + closer) {
        rest = String(trimmed.dropLast(closer.count))
        changed = true
        break
      }
    }
    return rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:—–-"))
  }

  /// A phrase answered with yes or no ("with the engineers yes", "with their manager no, he
  /// wanted…") as a statement: "with the engineers", "not with their manager, he wanted…".
  static func yesNoAsContrast(_ piece: String) -> String {
    let pattern =
      #"^((?:with|in|at|from|for|between|among|inside|within) [^,;]{2,60}?),? (yes|yeah|yep|no|nope)(?=$|[,;.])"#
    guard let regex = try? NSRegularExpression(pattern: pattern, options: .caseInsensitive),
      let match = regex.firstMatch(in: piece, range: NSRange(piece.startIndex..., in: piece)),
      let phrase = Range(match.range(at: 1), in: piece),
      let answer = Range(match.range(at: 2), in: piece),
      let whole = Range(match.range, in: piece)
    else { return piece }
    let negative = ["no", "nope"].contains(piece[answer].lowercased())
    return (negative ? "not " : "") + piece[phrase] + piece[whole.upperBound...]
  }

  static let contrastPrepositions = [
    "with", "in", "at", "from", "for", "between", "among", "inside", "within",
  ]

  /// Whether `piece` ("not with their manager", "not the board") says whom a point is not
  /// about: "not" followed by a ``contrastPrepositions`` word, a determiner or a name.
  static func contrastsWhom(_ piece: String) -> Bool {
    let tokens = piece.split(whereSeparator: \.isWhitespace).map(String.init)
    guard tokens.count >= 2 else { return false }
    let next = tokens[1].trimmingCharacters(in: .punctuationCharacters)
    return contrastPrepositions.contains(next.lowercased())
      || ["the", "our", "their", "my", "his", "her", "your"].contains(next.lowercased())
      || (next.first?.isUppercase ?? false)
  }

  /// The preposition `piece` opens on, of ``contrastPrepositions``.
  static func openingPreposition(_ piece: String) -> String? {
    let first = Words.split(piece).first ?? ""
    return contrastPrepositions.contains(first) ? first : nil
  }

  /// Since revision 5, a few words answered with yes or no and nothing else ("council no",
  /// "schools yes"): "not with council" after a piece that opened on "with", "schools".
  static func bareYesNo(_ piece: String, after preposition: String?) -> String? {
    let words = Words.split(piece)
    guard words.count >= 2, words.count <= 5, let last = words.last,
      ["yes", "yeah", "yep", "no", "nope"].contains(last),
      !contrastPrepositions.contains(words[0]),
      !["i", "we", "they", "it", "that", "this"].contains(words[0])
    else { return nil }
    guard let cut = piece.range(of: #",?\s+\S+\W*$"#, options: .regularExpression) else {
      return nil
    }
    let phrase = String(piece[..<cut.lowerBound])
    guard ["no", "nope"].contains(last) else { return phrase }
    return "not " + (preposition.map { $0 + " " } ?? "") + phrase
  }

  /// The pieces of one answer that may be given back: its sentences, without hedges and
  /// reply openers, leaving out questions, non-answers (`skip`), talk to the coach,
  /// sarcasm, a sentence that only points back, and a bare "me".
  func pieces(of text: String, skip: (String) -> Bool) -> [String] {
    var result: [String] = []
    // "with the other stallholders yes. council no": the second is "not with council".
    var preposition: String?
    for said in Self.wholeSentences(text) {
      // Since revision 8, "same as last time really, dignity, though…": what follows the
      // opening that points back is the answer.
      let whole = revision >= 8 ? Self.afterBackToLastTime(said) ?? said : said
      var sentence = whole
      if Self.addressesTheCoach(sentence) { sentence = Self.beforeTalkToCoach(sentence) }
      let bare = sentence.trimmingCharacters(in: CharacterSet(charactersIn: "\"”’)]' "))
      guard !bare.hasSuffix("?"), !Self.isSarcastic(bare) else { continue }
      sentence = Self.withoutHedges(Self.withoutReplyOpener(bare, revision: revision))
      if revision >= 5, let bare = Self.bareYesNo(sentence, after: preposition) {
        sentence = bare
      }
      sentence = Self.yesNoAsContrast(sentence)
      // Since revision 8, "on paper it was deaf awareness…, but really it was for the two
      // deaf kids…": what it really was is the answer.
      if revision >= 8, let match = sentence.firstMatch(of: Self.onPaperButReally) {
        let really = String(match.output.1)
        if Words.split(really).count >= 3 { sentence = really }
      }
      preposition = Self.openingPreposition(sentence) ?? preposition
      sentence = sentence.trimmingCharacters(in: CharacterSet(charactersIn: " .!…"))
      let words = Words.split(sentence)
      let bareSet = revision >= 5 ? Self.bareWords.union(Self.bareReplies) : Self.bareWords
      guard !words.isEmpty, !words.allSatisfy(bareSet.contains),
        !Self.pointsBack(sentence, revision: revision),
        !TextSimilarity.terms(sentence).isEmpty, !skip(sentence),
        !Self.addressesTheCoach(sentence),
        revision < 7 || !Self.isAboutTheSession(whole, revision: revision)
      else { continue }
      // Half a thought ("when the council moved the skip day"), unless a main clause
      // follows ("when the budget was cut we held firm").
      let opening = words.first ?? ""
      let subject = words.dropFirst(2).contains { Self.subjects.contains($0) }
      if Self.subordinators.contains(opening), !sentence.contains(","),
        words.count <= 6 || !subject
      {
        continue
      }
      result.append(sentence)
    }
    return result
  }

  /// What follows an opening that points back at an earlier session, up to its comma
  /// ("same as last time really, dignity, though…" → "dignity, though…"); `nil` when the
  /// sentence opens on none, or nothing of substance follows.
  static func afterBackToLastTime(_ sentence: String) -> String? {
    let lower = sentence.lowercased().replacingOccurrences(of: "’", with: "'")
    for phrase in backToLastTime {
      let pattern =
        "^\\W*(?:(?:so|well|yeah|yes|ok|okay|honestly|um|erm|hmm)\\W+)*"
        + NSRegularExpression.escapedPattern(for: phrase)
        + "(?:\\s+(?:really|mostly|basically|i think|i guess|tbh|honestly))*\\s*[,;:—–-]\\s*"
      guard let range = lower.range(of: pattern, options: .regularExpression) else { continue }
      let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
      let rest = String(sentence.dropFirst(offset))
      return TextSimilarity.terms(rest).isEmpty ? nil : rest
    }
    return nil
  }

  /// Runs of capitalised words that name an organisation, in the order said.
  ///
  /// "Eastbrook Community Trust", "Byte Back Norfolk", "the Openwork Community Foundation".
  static func nameRuns(in text: String, names: Set<String>) -> [String] {
    var result: [String] = []
    for sentence in wholeSentences(text) {
      let tokens = sentence.split(whereSeparator: \.isWhitespace).map(String.init)
      var run: [String] = []
      var start = 0
      func flush() {
        defer { run = [] }
        // One word ("Priya", "Leeds", "CVE") or two ("ZX Spectrum", "Dionne Hart") are a
        // person, a place or a thing as often as a partner: a name of three words or more
        // counts, or one that ends on what an organisation is called ("Halvard Systems").
        let head = run.last?.lowercased() ?? ""
        guard run.count >= 3 || (run.count == 2 && organisationHeads.contains(head)),
          !["of", "for", "and", "&"].contains(head)
        else { return }
        let the = start > 0 && tokens[start - 1].lowercased() == "the" ? "the " : ""
        let name = the + run.joined(separator: " ")
        if !result.contains(name) { result.append(name) }
      }
      for (index, token) in tokens.enumerated() {
        let word = token.trimmingCharacters(in: .punctuationCharacters)
        let capital =
          word != "I" && !word.isEmpty && (word.first?.isUppercase ?? false)
          && !["I'm", "I've", "I'd", "I'll", "Im", "Ive", "Id"].contains(word)
        if capital {
          if run.isEmpty { start = index }
          run.append(word)
          // A comma or full stop ends the name.
          if token.last.map({ ",.;:!?)".contains($0) }) ?? false { flush() }
        } else if ["of", "for", "and", "&"].contains(word.lowercased()), !run.isEmpty,
          index + 1 < tokens.count, tokens[index + 1].first?.isUppercase ?? false,
          !(token.last.map { ",.;:".contains($0) } ?? false)
        {
          run.append(word)
        } else {
          flush()
        }
      }
      flush()
    }
    return result
  }

  /// Heads of an organisation's name said in lower case ("the library service", "the
  /// rowing club").
  static let organisations =
    "service|services|club|council|trust|school|schools|charity|church|police|surgery|college"
    + "|university|foundation|partnership|association|team|board|authority|society|network"
    + "|library|nhs|hospital|practice|centre|center|group|forum|federation|agency|department"
    + "|borough|diocese|district|parish|government|ministry"

  /// Last words of an organisation's name.
  static let organisationHeads = Set(organisations.split(separator: "|").map(String.init)).union([
    "systems", "ltd", "limited", "plc", "inc", "cic", "bank", "housing", "arts", "care", "works",
    "project", "projects", "alliance", "collective", "institute", "museum", "theatre", "hub",
  ])

  /// Words before "the … club" that make it something done, not someone ("they run the job
  /// club").
  static let notAParty: Set<String> = [
    "run", "runs", "ran", "running", "manage", "manages", "managed", "own", "owns", "owned", "at",
    "in", "into", "of", "about", "history", "outside", "near", "inside",
  ]

  /// Who was named in `text`, in the order said: names (``nameRuns(in:names:)``) and
  /// organisations in lower case ("the library service").
  static func partiesNamed(in text: String, names: Set<String>, revision: Int = 4) -> [String] {
    var found: [(Int, String)] = []
    for run in nameRuns(in: text, names: names) {
      // "Hartshire County Council's team": the council (revision 5).
      var name = run
      if revision >= 5, name.hasSuffix("'s") || name.hasSuffix("’s") { name.removeLast(2) }
      if let range = text.range(of: name) {
        found.append((text.distance(from: text.startIndex, to: range.lowerBound), name))
      }
    }
    let pattern =
      #"\bthe (?!(?:same|other|whole|rest|next|first|last|only)\b)(?:[a-z]+ ){0,2}(?:"#
      + organisations + #")\b(?!')"#
    if let regex = try? NSRegularExpression(pattern: pattern) {
      for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        guard let range = Range(match.range, in: text) else { continue }
        let phrase = String(text[range])
        let offset = text.distance(from: text.startIndex, to: range.lowerBound)
        let before = text[..<range.lowerBound].split(separator: " ").last.map {
          $0.lowercased().trimmingCharacters(in: .punctuationCharacters)
        }
        if let before, notAParty.contains(before) { continue }
        // "Looking back the partnership kind of assembled itself": the work, not a party.
        if revision >= 5,
          ["the partnership", "the project", "the programme", "the scheme"]
            .contains(phrase.lowercased())
        {
          continue
        }
        // Part of a name already found ("the Millbrook Housing Trust" is that name).
        guard !found.contains(where: { phrase.contains($0.1) || $0.1.contains(phrase) }) else {
          continue
        }
        // "the college" after "Brightwell College", "the agency" after "the environment
        // agency": the one named again.
        let words = phrase.split(separator: " ")
        if words.count == 2,
          found.contains(where: {
            $0.1.split(separator: " ").last?.lowercased() == String(words[1])
          })
        {
          continue
        }
        found.append((offset, phrase))
      }
    }
    return found.sorted { $0.0 < $1.0 }.map(\.1)
  }

  /// `items` as one phrase: "a", "a and b", "a, b and c".
  static func joinedList(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
  }

  /// Common misspellings given back right ("peoples saturdays" → "people's Saturdays").
  static let spellings: [String: String] = [
    "peoples": "people's", "dont": "don't", "didnt": "didn't", "wasnt": "wasn't",
    "isnt": "isn't", "arent": "aren't", "werent": "weren't", "doesnt": "doesn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "theyd": "they'd", "theyre": "they're",
    "youre": "you're", "thats": "that's", "monday": "Monday", "tuesday": "Tuesday",
    "wednesday": "Wednesday", "thursday": "Thursday", "friday": "Friday",
    "saturday": "Saturday", "sunday": "Sunday", "saturdays": "Saturdays", "sundays": "Sundays",
    "mondays": "Mondays", "tuesdays": "Tuesdays", "wednesdays": "Wednesdays",
    "thursdays": "Thursdays", "fridays": "Fridays", "january": "January",
    "february": "February", "april": "April", "june": "June", "july": "July",
    "august": "August", "september": "September", "october": "October",
    "november": "November", "december": "December",
  ]

  static func spelledRight(_ text: String) -> String {
    text.split(separator: " ", omittingEmptySubsequences: false).map { token in
      let word = token.trimmingCharacters(in: .punctuationCharacters)
      guard let right = spellings[word], let range = token.range(of: word) else {
        return String(token)
      }
      return token.replacingCharacters(in: range, with: right)
    }.joined(separator: " ")
  }

  /// A long piece up to where its first clause ends, within ``pointWords``; the whole piece
  /// when it is short enough; `nil` when no clause ends in time.
  static func firstClause(_ piece: String) -> String? {
    let words = piece.split(whereSeparator: \.isWhitespace).map(String.init)
    guard words.count > pointWords else { return piece }
    for count in 4...pointWords {
      let word = words[count - 1]
      let next = words[count].lowercased().trimmingCharacters(in: .punctuationCharacters)
      let ends =
        word.hasSuffix(",") || word.hasSuffix(";") || word.hasSuffix(":")
        || ["—", "–", "-"].contains(words[count])
        || (["because", "which", "but", "so", "while", "whereas"].contains(next))
      let last = word.lowercased().trimmingCharacters(in: .punctuationCharacters)
      // A whole thought may end on a preposition ("…that half the internet depends on").
      guard ends, !LineLint.danglingAtEnd.contains(last), !["and", "or", "but"].contains(last)
      else { continue }
      let head = words[..<count].map {
        $0.lowercased().replacingOccurrences(of: "’", with: "'")
          .trimmingCharacters(in: .punctuationCharacters)
      }
      guard
        head.contains(where: {
          clauseVerbs.contains($0) || shortVerbs.contains($0)
            || ($0.count >= 5 && $0.hasSuffix("ed"))
        })
      else { continue }
      return words[..<count].joined(separator: " ")
        .trimmingCharacters(in: CharacterSet(charactersIn: ",;:—–- "))
    }
    // No clause ends in time: whole when it is only a little longer (one thought), else
    // nothing.
    return words.count <= pointWords + slack ? piece : nil
  }

  /// Since revision 5, a long sentence with no clause end in time, up to its last "and",
  /// "but" or "or" within ``pointWords`` ("to get people who are homeless out of pain and
  /// back to having a mouth they're not ashamed of" → "to get people who are homeless out
  /// of pain"), when at least six words come before it and they do not end hanging.
  static func beforeConjunction(_ piece: String) -> String? {
    let words = piece.split(whereSeparator: \.isWhitespace).map(String.init)
    guard words.count > pointWords + slack else { return nil }
    for count in stride(from: pointWords, through: 6, by: -1)
    where ["and", "but", "or"].contains(words[count].lowercased()) {
      let last = words[count - 1].lowercased().trimmingCharacters(in: .punctuationCharacters)
      guard !LineLint.danglingAtEnd.contains(last) else { continue }
      return words[..<count].joined(separator: " ")
        .trimmingCharacters(in: CharacterSet(charactersIn: ",;:—–- "))
    }
    return nil
  }

  /// The piece of `pieces` that best answers `question`: nearest by meaning with a model,
  /// else the one with a main-point marker, then most of the question's terms, then first.
  func bestPiece(_ pieces: [String], question: String, means: String? = nil) -> [String] {
    guard pieces.count > 1 else { return pieces }
    var scores = pieces.map { Self.emphasis($0) }
    // "on paper it was X. in practice…": a first sentence that frames or sets aside is not
    // the answer given first.
    if revision >= 5 {
      if !Self.isFraming(pieces[0]) { scores[0] += Self.firstPieceBonus }
      for index in pieces.indices where Self.isFraming(pieces[index]) {
        scores[index] -= Self.asidePenalty
      }
    }
    if let model {
      let vectors = model.embed(pieces + [question])
      if vectors.count == pieces.count + 1, let asked = vectors.last {
        for index in pieces.indices {
          scores[index] += Double(zip(vectors[index], asked).reduce(Float(0)) { $0 + $1.0 * $1.1 })
        }
      }
    } else {
      // The question's note on what it means ("being fair with people, say, keeping a
      // promise") names the kind of answer it wants: its terms count too.
      let wanted = Set(TextSimilarity.terms(question + " " + (means ?? "")))
        .subtracting(Self.vagueQuestionTerms)
      for index in pieces.indices where !wanted.isEmpty {
        let shared = wanted.intersection(TextSimilarity.terms(pieces[index])).count
        scores[index] += Double(shared) / Double(wanted.count)
      }
    }
    return pieces.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }.map { pieces[$0] }
  }

  /// "on paper it was…, but really it was…" (revision 8): what follows "but really".
  nonisolated(unsafe) static let onPaperButReally =
    #/^(?:(?:so|well|i mean)\s+)?(?:on paper|officially|in theory|technically|in the bid|in the plan)\b.*?,?\s+but\s+(?:really|actually|in reality|in practice|in fact)\s*,?\s*(.+)$/#
    .ignoresCase()

  /// Subjects that point back at someone said before ("we dont speak now").
  static let referringSubjects: Set<String> = [
    "we", "they", "he", "she", "it", "that", "this", "them", "those",
  ]

  /// Whether `piece` says nothing of the person or their side ("bike theft was through the
  /// roof", "marking them makes them harder to sell on"): no "I", "we", "my" or "our".
  static func isImpersonal(_ piece: String) -> Bool {
    let people: Set<String> = [
      "i", "me", "my", "mine", "we", "us", "our", "ours", "i'm", "im", "i've", "ive", "we're",
      "i'd", "we'd", "we've",
    ]
    return !Words.split(piece.lowercased()).contains(where: people.contains)
  }

  /// The stage's line (revision 4), or `nil` when nothing good can be said of it.
  func pointLine(
    for stage: Stage, heard: [Said], skip: (String) -> Bool, names: Set<String>
  ) -> String? {
    let mine = heard.filter {
      $0.stage == stage.id && [.answer, .correction, .nonAnswer].contains($0.kind)
    }
    if let last = mine.last, last.wholeLine {
      // The person's own line for the stage, in the second person; quoted when that is
      // not clean.
      if let mine = reflector.reflect(
        last.text, limit: maxWords, names: names, wholeSentence: true)
      {
        return line(stage, [mine], names: names, sentences: true)
      }
      let quoted = "\(stage.title): in your words, “\(Self.closed(last.text))”"
      return LineLint.problem(in: quoted) == nil ? quoted : nil
    }
    let added = mine.filter { $0.question == "summary-check" }
    var point: [String] = []
    var sentences = false
    var who: [String] = []
    for question in stage.questions {
      let answers = mine.filter { $0.question == question.id }
      let current = answers.filter { !$0.superseded }
      var pieces = (current.isEmpty ? answers : current).flatMap {
        self.pieces(of: $0.text, skip: skip)
      }
      // "I feel my partners don't listen to me" beside "honesty, and standing up for my
      // staff": the feeling is heard elsewhere; the point is what was named.
      let named = pieces.filter { !Self.isFeelingStatement($0) }
      if !named.isEmpty { pieces = named }
      guard !pieces.isEmpty else { continue }
      let short = pieces.allSatisfy { Words.split($0).count <= Self.shortPiece }
      if question.text.hasPrefix("Who ") {
        who = answers.flatMap {
          Self.partiesNamed(in: $0.text, names: names, revision: revision)
        }
        who += added.flatMap { Self.partiesNamed(in: $0.text, names: names, revision: revision) }
        // "the canal trust. they asked us. bit less than a year": who, not the rest; short
        // answers that name them ("council, the swim club, …", "the parish council and the
        // scouts") are given as they stand.
        // "The diocese, the local authority and the trust that runs the school next door":
        // a first sentence that only names them is the answer, said as it stands.
        if let first = pieces.first, Self.onlyNames(first) {
          pieces = [first]
          who = []
        }
        let holding = pieces.filter { piece in who.contains { piece.contains($0) } }
        if short, !holding.isEmpty { pieces = holding }
        if !short, who.isEmpty, let first = pieces.first,
          Words.split(first).count <= Self.shortPiece
        {
          // "The Foundry, a venue in Pontypridd. their director approached us…": the answer
          // is what is said first.
          pieces = [first]
        }
        if !(short && !holding.isEmpty), !who.isEmpty {
          var unique: [String] = []
          for name in who where !unique.contains(name) && unique.count < Self.mostParties {
            unique.append(name)
          }
          point = [Self.joinedList(unique)]
          break
        }
      }
      if pieces.allSatisfy({ Words.split($0).count <= Self.shortPiece }) {
        var taken: [String] = []
        // Since revision 8, "not ours" after a sentence left out ("their voice. not ours")
        // is left out with it.
        var leftOut = false
        for piece in pieces where taken.count < Self.mostPieces {
          let terms = Set(TextSimilarity.terms(piece))
          if revision >= 8, leftOut, Words.split(piece.lowercased()).first == "not" { continue }
          leftOut = true
          guard
            !taken.contains(where: {
              let have = Set(TextSimilarity.terms($0))
              return terms.isSubset(of: have) || TextSimilarity.similarity(have, terms) >= 0.5
            })
          else { continue }
          guard let reflected = reflector.reflect(piece, names: names) else { continue }
          leftOut = false
          taken.append(reflected)
        }
        guard !taken.isEmpty else { continue }
        if question.text.hasPrefix("Who "), taken.count == 1, !taken[0].contains(" and "),
          taken[0].components(separatedBy: ", ").count >= 3,
          let comma = taken[0].range(of: ", ", options: .backwards)
        {
          // "the borough, the rowing club, Millbrook Housing Trust": a list, said as one.
          taken[0].replaceSubrange(comma, with: " and ")
        }
        point = [revision >= 8 ? Self.joinedContrast(taken) : Self.joinedPieces(taken)]
      } else if let first = pieces.first, Words.split(first).count <= 4 {
        // "fairness mostly. we put in as much as they did… and honesty, which didnt happen":
        // what is named first, with whatever else is named as briefly.
        var taken: [String] = []
        for piece in pieces where Words.split(piece).count <= 4 && taken.count < Self.mostPieces {
          // Since revision 8, "we dont speak now" after "i trusted maureen completely" and a
          // longer sentence about someone else: its "we" is not whoever was named first.
          if revision >= 8, !taken.isEmpty, piece != first,
            let opening = Words.split(piece.lowercased()).first,
            Self.referringSubjects.contains(opening)
          {
            continue
          }
          if let mine = reflector.reflect(piece, names: names) { taken.append(mine) }
        }
        guard !taken.isEmpty else { continue }
        point = [revision >= 8 ? Self.joinedContrast(taken) : Self.joinedPieces(taken)]
        // Since revision 6, "with ron yes. head teacher didnt trust the old blokes at
        // first": the sentence after a few words is the other half of the answer, said
        // too when the whole line stays short.
        if revision >= 6, pieces.count == 2, Words.split(pieces[1]).count > 4,
          Words.split(pieces[0]).count + Words.split(pieces[1]).count <= Self.pointWords,
          let mine = reflector.reflect(
            pieces[1], limit: Self.pointWords, names: names, wholeSentence: true)
        {
          point.append(mine)
          sentences = true
        }
      } else if revision >= 8, pieces.count == 2,
        pieces.allSatisfy({ Words.split($0).count <= Self.pointWords && Self.isImpersonal($0) }),
        Words.split(pieces.joined(separator: " ")).count <= Self.pointWords + Self.slack,
        let first = reflector.reflect(
          pieces[0], limit: Self.pointWords, names: names, wholeSentence: true),
        let second = reflector.reflect(
          pieces[1], limit: Self.pointWords, names: names, wholeSentence: true)
      {
        // Since revision 8, "bike theft at the two secondaries was through the roof.
        // marking them makes them harder to sell on": two short sentences are the answer
        // together (the problem, then what the work did about it), both said.
        point = [first, second]
        sentences = true
      } else {
        let ranked = bestPiece(pieces, question: question.text, means: question.means)
        // Each piece up to its first clause; failing all, since revision 5, up to a
        // conjunction (``beforeConjunction(_:)``).
        for cutAtConjunction in revision >= 5 ? [false, true] : [false] where point.isEmpty {
          for piece in ranked {
            let main = revision >= 5 ? Self.mainClause(piece) : piece
            guard
              let clause = cutAtConjunction
                ? Self.beforeConjunction(main) : Self.firstClause(main),
              let reflected = reflector.reflect(
                revision >= 5 ? Self.beforeOpenBracket(clause) : clause,
                limit: Self.pointWords + Self.slack, names: names, wholeSentence: true)
            else { continue }
            point = [reflected]
            sentences = true
            break
          }
        }
        // Since revision 8, "dignity, though this week its more about ending well, like…":
        // a long answer that names its point in a few words before its first comma says it
        // with those words, rather than leaving the point to a later question's story.
        if revision >= 8, point.isEmpty, let first = pieces.first,
          let comma = first.firstIndex(where: { ",;:—–".contains($0) })
        {
          let named = String(first[..<comma])
          let words = Words.split(named)
          if (1...4).contains(words.count), !Self.subordinators.contains(words[0]),
            !TextSimilarity.terms(named).isEmpty,
            let mine = reflector.reflect(named, names: names)
          {
            point = [mine]
          }
        }
        guard !point.isEmpty else { continue }
      }
      // What they put right at the question ("no, the board listened, it was the diocese
      // that didnt") is said after the point.
      for said in answers where said.kind == .correction {
        for piece in self.pieces(of: said.text, skip: skip)
        where !point.contains(where: { $0.contains(piece) }) {
          if let mine = reflector.reflect(piece, limit: maxWords, names: names, wholeSentence: true)
          {
            point.append(mine)
          }
        }
      }
      // "with the engineers" beside "not with their manager, he wanted…": both halves.
      if point.count == 1, !point[0].contains(" not "),
        Words.split(point[0]).count <= Self.shortPiece,
        let other = pieces.first(where: { $0.lowercased().hasPrefix("not ") }),
        // Since revision 7 only a contrast of whom ("not with their manager"), never "Not
        // once in a year".
        revision < 7 || Self.contrastsWhom(other),
        let head = other.split(separator: ",").first.map(String.init),
        Words.split(head).count <= Self.shortPiece,
        let mine = reflector.reflect(head, startsSentence: false, names: names)
      {
        point = [point[0] + ", " + mine]
      }
      break
    }
    // Said at the summary check and not a name already listed: a sentence after the point.
    for said in added {
      for piece in pieces(of: said.text, skip: skip) {
        if who.contains(piece) { continue }
        guard
          let reflected = reflector.reflect(
            piece, limit: maxWords, names: names, wholeSentence: true)
        else {
          continue
        }
        if point.isEmpty { sentences = true }
        point.append(reflected)
      }
    }
    guard !point.isEmpty else { return nil }
    return line(stage, point, names: names, sentences: sentences)
  }

  /// Whether `piece` tells a feeling of the speaker's ("I feel…", "i felt…", "im gutted").
  static func isFeelingStatement(_ piece: String) -> Bool {
    let words = Words.split(piece)
    guard words.count >= 2 else { return false }
    return
      (words[0] == "i" && ["feel", "felt", "was", "am"].contains(words[1])
      && (words[1].hasPrefix("fe") || words.count <= 4))
      || (["im", "i'm"].contains(words[0]) && words.count <= 4)
  }

  /// Whether `sentence` only names people or organisations, as a list: at most
  /// ``shortPiece`` × 2 words, none of them the speaker or the coach, and no opening
  /// pronoun ("The trust central team and four other heads").
  static func onlyNames(_ sentence: String) -> Bool {
    let words = Words.split(sentence)
    let people: Set<String> = [
      "i", "we", "us", "our", "my", "me", "you", "your", "they", "he", "she", "it", "there",
      "this", "them", "ones", "lot", "lots", "loads", "bunch", "few",
    ]
    return !words.isEmpty && words.count <= Self.shortPiece * 2
      && !words.contains { people.contains($0) }
      && !Self.subordinators.contains(words[0])
  }

  /// Two pieces of which one denies and one does not, joined with "but".
  ///
  /// "with okafor, but head never trusted you"; else as ``joinedPieces(_:)`` (since
  /// revision 8).
  static func joinedContrast(_ pieces: [String]) -> String {
    func denies(_ piece: String) -> Bool {
      Words.split(piece.lowercased()).contains {
        ["not", "never", "no", "nobody", "none", "nothing", "nowhere"].contains($0)
          || $0.hasSuffix("n't")
          || $0.hasSuffix("nt")
            && [
              "didnt", "wasnt", "dont", "wont", "cant", "couldnt", "wouldnt", "isnt", "arent",
              "werent", "hasnt", "havent", "doesnt",
            ].contains($0)
      }
    }
    guard pieces.count == 2, denies(pieces[0]) != denies(pieces[1]),
      Words.split(pieces[1].lowercased()).first != "not"
    else {
      // "you and Kemi, completely, and the kids trusted Kemi": a comma before "and" when
      // the first piece has one.
      if pieces.count == 2, pieces[0].contains(","),
        Words.split(pieces[1].lowercased()).first != "not"
      {
        return pieces[0] + ", and " + pieces[1]
      }
      return joinedPieces(pieces)
    }
    return pieces[0] + ", but " + pieces[1]
  }

  /// Short pieces as one phrase: "looking after the canal and not wasting people's
  /// Saturdays", "with the club, not with the council".
  static func joinedPieces(_ pieces: [String]) -> String {
    var result = ""
    for (index, piece) in pieces.enumerated() {
      let words = Words.split(piece)
      if index == 0 {
        result = piece
      } else if words.first == "not", words.count > 1,
        Reflector.dangling.contains(words[1]) || ["with", "at", "from"].contains(words[1])
      {
        result += ", " + piece
      } else if index == pieces.count - 1 {
        result += (pieces.count > 2 ? "," : "") + " and " + piece
      } else {
        result += ", " + piece
      }
    }
    return result
  }

  /// A comma before a contrasting "not" ("the council not the school" → "the council, not
  /// the school"), never after a verb ("that's not a value").
  static func commaBeforeNot(_ text: String) -> String {
    let verbs: Set<String> = [
      "is", "was", "are", "were", "that's", "thats", "it's", "its", "do", "does", "did", "could",
      "would", "should", "will", "can", "have", "has", "had", "be", "am", "i'm", "im", "why",
      "or", "and", "but", "if", "whether", "just", "really", "probably", "certainly",
    ]
    var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for index in words.indices.dropFirst().dropLast() where words[index] == "not" {
      let before = words[index - 1]
      let next = words[index + 1].lowercased()
      guard let last = before.last, last.isLetter,
        !verbs.contains(before.lowercased().replacingOccurrences(of: "’", with: "'")),
        ["the", "a", "an", "my", "our", "your", "their", "with", "at", "from", "some", "just"]
          .contains(next)
      else { continue }
      words[index - 1] = before + ","
    }
    return words.joined(separator: " ")
  }

  /// "Title: body." with the body's first word lower-cased only when it is an ordinary
  /// word (never a name: "Eastbrook Community Trust you knew already"), common misspellings
  /// given back right, and `nil` when it does not read cleanly.
  func line(_ stage: Stage, _ parts: [String], names: Set<String>, sentences: Bool) -> String? {
    var body = parts.enumerated().map { index, part in
      let text = Self.spelledRight(Self.closed(part))
      return index == 0 ? text : Self.capitalised(text)
    }.joined(separator: " ")
    body = Self.commaBeforeNot(body)
    // "Trust: Trust was there with Maureen": since revision 5, "Trust: it was there…".
    if revision >= 5,
      let first = body.split(separator: " ").first,
      first.lowercased() == stage.title.lowercased(),
      let next = body.split(separator: " ").dropFirst().first,
      ["was", "is", "were", "existed", "exists", "came", "grew", "took", "built", "went"]
        .contains(next.lowercased())
    {
      body = "it" + body.dropFirst(first.count)
    }
    let words = body.split(separator: " ", maxSplits: 2).map {
      $0.trimmingCharacters(in: .punctuationCharacters)
    }
    let first = words.first ?? ""
    let second = words.count > 1 ? words[1] : ""
    let name =
      !["The", "A", "An"].contains(first)
      && (names.contains(first) || (second.first?.isUppercase ?? false && second != "I")
        || !Reflector.isOrdinaryCapital(first) || Self.spellings.values.contains(first))
    if !name { body = body.prefix(1).lowercased() + body.dropFirst() }
    let line = "\(stage.title): \(body)"
    guard LineLint.problem(in: line) == nil else { return nil }
    return line
  }
}
