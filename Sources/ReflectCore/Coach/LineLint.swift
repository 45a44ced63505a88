import Foundation

/// A documented check that a coach line is well-formed English, used by the engine to pass
/// over a line it should not say and by `make coach-eval` to count broken lines.
///
/// Text inside quotes (the person's own words) is not judged. A line is broken when it has:
/// - a numbered counter such as "(2)" or an unfilled slot such as "(memory)";
/// - a determiner, possessive or conjunction right before punctuation or at the end
///   ("…when your?", "…is not the.", "…but."). A preposition at the end of a sentence is
///   ordinary English ("what was it for?"); an echo cut after one is caught where the echo
///   is made (``Reflector``);
/// - a pronoun left unswapped or swapped twice ("told I", "you am", "I are", "your my");
/// - a word doubled ("the the");
/// - empty quotes.
public enum LineLint {
  /// What is wrong with `line`, or `nil` when it reads cleanly.
  public static func problem(in line: String) -> String? {
    let slots = #"\((\d+|memory|stage|keyword|known|said|number|higher|example date|date)\)"#
    if line.range(of: slots, options: .regularExpression) != nil {
      return "counter or unfilled slot"
    }
    if line.contains("\"\"") || line.contains("“”") {
      return "empty quotes"
    }
    let outside = unquoted(line)
    let tokens = outside.split(whereSeparator: { $0 == " " }).map(String.init)
    for (index, token) in tokens.enumerated() {
      let word = token.lowercased().trimmingCharacters(in: .punctuationCharacters)
      let endsPhrase =
        index == tokens.count - 1 || token.last.map { ".,;:?!".contains($0) } == true
      if endsPhrase, danglingAtEnd.contains(word) {
        return "phrase cut after '\(word)'"
      }
      if index + 1 < tokens.count, token.last.map({ $0.isLetter || $0 == "'" }) ?? false {
        let next = tokens[index + 1].lowercased().trimmingCharacters(in: .punctuationCharacters)
        if !word.isEmpty, word == next {
          return "doubled word '\(word)'"
        }
        // "the main thing for you was respect": "you" there is a preposition's object.
        let previous =
          index > 0
          ? tokens[index - 1].lowercased().trimmingCharacters(in: .punctuationCharacters) : ""
        let object =
          word == "you" && ["for", "to", "with", "about", "of", "from"].contains(previous)
        if badPairs.contains("\(word) \(next)"), !object { return "pronoun '\(word) \(next)'" }
      }
    }
    return nil
  }

  /// What is wrong with a stage summary line ("Values: you held firm on staffing.").
  ///
  /// Beyond ``problem(in:)``: a body that starts mid-sentence ("Values: here in the county and…",
  /// "Purpose: which meant…"), or a question given back as content. A body that starts
  /// where one of `answers`' sentences starts is whole, however it opens ("with the
  /// contractor's head office, not really" answered where trust was).
  public static func summaryProblem(in line: String, answers: [String] = []) -> String? {
    if let problem = problem(in: line) { return problem }
    if line.contains("?”") || line.contains("?\"") { return "summary gives back a question" }
    guard let colon = line.firstIndex(of: ":") else { return nil }
    var body = Substring(line[line.index(after: colon)...]).drop { $0 == " " }
    if body.lowercased().hasPrefix("in your words,") { body = body.dropFirst(14) }
    body = body.drop { $0 == " " || $0 == "“" || $0 == "\"" }
    let first = body.prefix { $0.isLetter || $0 == "'" }.lowercased()
    if body.first.map(\.isLowercase) == true, midSentenceOpeners.contains(first) {
      let opening = Array(Words.split(String(body)).prefix(2))
      let whole = answers.flatMap(Words.sentences).contains {
        Array(Words.split($0).prefix(2)) == opening
      }
      if !whole { return "summary starts mid-sentence at '\(first)'" }
    }
    return nil
  }

  /// Words a sentence given back cannot start with in lower case: it was cut from a longer one.
  static let midSentenceOpeners: Set<String> = [
    "and", "but", "or", "nor", "which", "who", "whom", "whose", "where", "here", "through",
    "because", "so", "than", "then", "of", "with", "by", "for", "from", "on", "at", "as",
    "while", "when", "although", "though", "if", "unless", "until", "is",
    "are", "was", "were", "has", "had", "plus", "also", "especially", "including",
  ]

  /// A follow-up that gives back a word the answer used only inside an idiom or discourse
  /// marker ("…if I'm honest" → "How long have you been honest?"; "as always" → "Always?").
  public static func idiomEcho(in line: String, after answer: String, listening: Listening)
    -> String?
  {
    let said = Words.split(answer)
    let heard = Hearing(answer, listening: listening)
    let echoed = Set(Words.split(unquoted(line)))
    for idiom in listening.idioms {
      let words = Words.split(idiom)
      guard Words.position(of: words, in: said, from: 0) != nil else { continue }
      for word in words where word.count > 3 && echoed.contains(word) {
        // The word said again outside the idiom is fair to give back.
        if heard.words.contains(word) { continue }
        if QuestionSimilarity.terms(word).isEmpty && !["always", "never"].contains(word) {
          continue
        }
        return "echoes '\(word)' from the idiom '\(idiom)'"
      }
    }
    return nil
  }

  /// Words that cannot end a phrase.
  static let danglingAtEnd: Set<String> = [
    "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "and", "but", "or",
    "nor", "because", "than", "whose", "very", "although", "though", "whereas",
  ]

  /// Word pairs that only a bad swap produces.
  static let badPairs: Set<String> = {
    var pairs: Set<String> = [
      "you am", "you was", "you is", "i are", "i is", "me am", "me are", "your my", "my your",
      "you i", "i you", "your i", "my you", "you me", "yourself i", "myself you", "i has",
      "you has", "you myself", "i yourself",
    ]
    for word in Reflector.objectContext where word != "than" && word != "like" {
      pairs.insert("\(word) i")
    }
    return pairs
  }()

  /// `line` with every quoted stretch (“…” or "…") removed.
  static func unquoted(_ line: String) -> String {
    var result = ""
    var closing: Character?
    for character in line {
      if let end = closing {
        if character == end { closing = nil }
      } else if character == "“" {
        closing = "”"
      } else if character == "\"" {
        closing = "\""
      } else {
        result.append(character)
      }
    }
    return result
  }
}
