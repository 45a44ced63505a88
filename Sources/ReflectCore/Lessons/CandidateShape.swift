import Foundation

/// How a candidate lesson is made whole before it is offered, and the shapes never offered
/// (``LessonFinder/revision`` 2; docs/coach-rules.md, "Lesson finder").
///
/// A proposal starts at its content, not the question's echo; its "it" is the thing the
/// question asked about, or it is not offered; "i" reads "I". Never offered: a plain fact
/// about someone else, told in the past ("Tesco cancelled the pallets twice"), a fragment
/// that refers back to something said before ("The burnout one is less clear"), a moan or a
/// jab ("the foundation staff are paid to care", "which is a bit ironic").
enum CandidateShape {
  /// `text` made whole against the `question` it answered, or `nil` when it cannot be (its
  /// "it" stands for the question's thing, and the question names none).
  static func whole(_ text: String, question: String?) -> String? {
    var text = text
    let asked = Words.split(question ?? "")
    let things = questionThings(asked)
    // "Earned: doing what you said, …" → "Doing what you said earned trust"; "Sooner: get
    // tesco in writing" → "Get tesco in writing".
    if let match = first(#"^([a-z]+)\s*:\s*(.+)$"#, in: text),
      asked.contains(match[1].lowercased())
    {
      let label = match[1].lowercased()
      let rest = match[2]
      let piece =
        rest.split(separator: ",", maxSplits: 1).first.map(String.init)?
        .trimmingCharacters(in: .whitespaces) ?? rest
      if let thing = things[label], let opening = Words.split(piece).first,
        opening.hasSuffix("ing"), opening.count >= 5, Words.split(piece).count >= 2
      {
        text = piece + " " + label + " " + thing
      } else {
        text = rest
      }
    }
    // "Sooner next time i would get the IT sorted…" → "Next time, get the IT sorted…".
    if asked.contains("sooner") || Words.position(of: "next time", in: asked) != nil
      || asked.contains("differently"),
      let match = first(
        #"^(?:sooner,?\s+)?(next time|in future|in the future),?\s+(?:i think\s+)?(?:(?:i|we)(?:\s+would|'d|’d|\s+will|'ll|’ll)|id|ill)\s+(?:(?:also|definitely|really|just|probably|then)\s+)?(([a-z'’-]+).*)$"#,
        in: text),
      !notAdvice.contains(match[3].lowercased())
    {
      // "…, and i would meet the clerk" → "…, and meet the clerk".
      text =
        "Next time, "
        + match[2].replacingOccurrences(
          of: #",?\s+and\s+(?:i|we)(?:\s+would|'d|’d|\s+will|'ll|’ll)\s+(?:also\s+)?"#,
          with: ", and ", options: [.regularExpression, .caseInsensitive])
    }
    // "Showing up every month earned it" (to "What earned trust, and what spent it?") →
    // "… earned trust".
    for (verb, thing) in things {
      text = text.replacingOccurrences(
        of: "\\b\(verb) it\\b", with: "\(verb) \(thing)",
        options: [.regularExpression, .caseInsensitive])
    }
    if text.range(
      of: #"\b(earned|spent|built|lost|broke|won|gained|damaged|wasted|eroded) it\s*$"#,
      options: [.regularExpression, .caseInsensitive]) != nil
    {
      return nil
    }
    text = text.replacingOccurrences(
      of: #"(?<![\p{L}'’.-])i(?=$|[\s,;:!?)”"]|\.(?![\p{L}])|['’](?:m|d|ve|ll)\b)"#, with: "I",
      options: .regularExpression)
    text = text.replacingOccurrences(
      of: #"(?<![\p{L}'’.-])im(?=$|[\s,;:!?)”"])"#, with: "I'm",
      options: [.regularExpression, .caseInsensitive]
    ).replacingOccurrences(
      of: #"(?<![\p{L}'’.-])ive(?=$|[\s,;:!?)”"])"#, with: "I've",
      options: [.regularExpression, .caseInsensitive])
    guard let letter = text.first else { return nil }
    return letter.uppercased() + text.dropFirst()
  }

  /// Words after which a "next time I would…" says no action ("I would have", "I'd say").
  static let notAdvice: Set<String> = [
    "have", "not", "never", "say", "think", "guess", "suppose", "like", "want", "hope", "be",
    "probably", "maybe",
  ]

  /// What the question's verbs act on: "What earned trust, and what spent it?" → earned and
  /// spent: trust.
  static func questionThings(_ asked: [String]) -> [String: String] {
    var things: [String: String] = [:]
    var pending: [String] = []
    var thing: String?
    for index in asked.indices.dropLast() {
      let word = asked[index]
      let next = asked[index + 1]
      guard trustVerbs.contains(word) || (word.count >= 5 && word.hasSuffix("ed")) else {
        continue
      }
      if next == "it" {
        pending.append(word)
      } else if !notThings.contains(next), next.count >= 3 {
        things[word] = next
        thing = thing ?? next
      }
    }
    if let thing {
      for verb in pending { things[verb] = thing }
    }
    return things
  }

  static let trustVerbs: Set<String> = [
    "earned", "spent", "built", "lost", "broke", "won", "kept", "gained", "damaged", "wasted",
    "eroded", "made", "cost",
  ]
  static let notThings: Set<String> = [
    "the", "a", "an", "you", "your", "me", "us", "them", "it", "that", "this", "and", "or",
    "to", "in", "on", "at", "most", "more", "with", "for", "from", "by", "of", "him", "her",
    "most", "any", "some", "what", "who", "how",
  ]

  /// Why `text` (a candidate, frame and lead-in removed, from the sentence `said`) is never
  /// offered, or `nil`; a fact told as what the person realised ("I realised Priya had never
  /// been asked…") is theirs.
  static func rejection(of text: String, said: String, cues: LessonCues) -> String? {
    let lower = text.lowercased().replacingOccurrences(of: "’", with: "'")
    if lower.range(of: refersBack, options: .regularExpression) != nil { return "refers back" }
    let words = Words.split(lower)
    // "The vets definitely share them" (to "Did they share your core values…?"): short, and
    // what it is about is only in the question.
    if words.count <= 8, let last = words.last, ["them", "it", "those"].contains(last) {
      return "refers to the question"
    }
    if moans.contains(where: { Words.position(of: $0, in: words) != nil }) { return "moan" }
    let own = Words.split(said).contains { LessonFeatures.firstPerson.contains($0) }
    if !own, isFactAboutOthers(words, text: lower, cues: cues) { return "fact about others" }
    return nil
  }

  /// Since finder revision 4, shapes that are no lesson however they score: a plan or a
  /// hope ("The plan is a goodbye afternoon…", "Hoping jo's side has a second person"), talk
  /// before an answer ("Hmm thats a hard one because…"), an aside to the listener ("Ask
  /// Tom's mum, she'll tell you…"), a sentence that ends pointing back ("The quieter
  /// patients thing is part of that anyway"), and, to a question that asks what the work
  /// was for, the purpose itself with no claim of learning ("Get jabs into arms
  /// of people who would never go to the surgery"); and a subjectless "Missing at the top,
  /// which…".
  static func rejection4(of text: String, question: String?, cues: LessonCues) -> String? {
    let lower = text.lowercased().replacingOccurrences(of: "’", with: "'")
    if lower.range(of: planOrHope, options: .regularExpression) != nil { return "plan" }
    if lower.range(of: talkOpener, options: .regularExpression) != nil { return "talk" }
    if lower.range(of: toTheListener, options: .regularExpression) != nil { return "aside" }
    if lower.range(
      of: #"^(?:still )?(?:missing|gone|lost|stuck|sorted) (?:at|from|in|with|on|for)\b"#,
      options: .regularExpression) != nil
    {
      return "fragment"
    }
    if lower.range(of: endsPointingBack, options: .regularExpression) != nil {
      return "refers back"
    }
    let asked = (question ?? "").lowercased()
    let claims: Set<String> = [
      "learned", "learnt", "learn", "learning", "realised", "realized", "need", "needs",
      "should", "must", "matters", "lesson", "taught",
    ]
    if asked.range(of: purposeQuestion, options: .regularExpression) != nil,
      !Words.split(lower).contains(where: claims.contains)
    {
      return "answers its question"
    }
    return nil
  }

  /// Whether `text` talks to the coach about the conversation (finder revision 5).
  ///
  /// "No, that's not what I said", "I didn't say that", "you asked that already", "you've
  /// heard it all".
  static func talksToTheCoach(_ text: String) -> Bool {
    let lower = text.lowercased().replacingOccurrences(of: "’", with: "'")
    let words = Words.split(lower)
    return toTheCoach.contains { Words.position(of: $0, in: words) != nil }
      || lower.range(of: toTheCoachPattern, options: .regularExpression) != nil
  }

  /// Phrases that only talk to the coach ("you keep…" or "they've already said it" may be
  /// the lesson itself).
  static let toTheCoach = [
    "you asked", "you missed", "you moved on", "i told you", "told you that", "i said that",
    "as i said", "like i said", "i just said", "point taken",
  ]

  static let toTheCoachPattern =
    #"^\W*(?:(?:no|nope|nah|sorry|well)\W+)*(?:that'?s|thats|that is|that was|it'?s|its) not (?:quite )?(?:what i (?:said|meant|wrote)|right|it)\b"#
    + #"|\bi (?:didn'?t|did not|never) (?:say|mean|write) (?:that|this)\b"#
    + #"|^\W*you(?:'ve| have)? (?:heard|got|know|had) (?:it|all|the rest)\b"#

  /// A plan or a hope, a commitment rather than a lesson (finder revision 4).
  static let planOrHope =
    #"^(?:and |so |but )?(?:the plan (?:is|was)|(?:i'm |im |we're |were |i am |we are )?hoping\b|"#
    + #"hopefully\b|(?:i|we)(?:'ll| will| shall)\b|(?:i'm|im|we're|were|i am|we are) going to\b|"#
    + #"(?:next (?:year|term|month|week)|this (?:year|term|time)),? (?:i|we)(?:'ll| will| want| plan|'re going)\b)"#

  /// Talk before an answer: a sound or a remark about the question (finder revision 4).
  static let talkOpener =
    #"^(?:hmm+|um+|erm+|er|uh|ooh|gosh|blimp|crikey|good question|that's a (?:hard|tough|big|good|difficult) one|thats a (?:hard|tough|big|good|difficult) one|no idea)\b"#

  /// An aside to whoever is listening (finder revision 4).
  static let toTheListener =
    #"\b(?:she'll|he'll|they'll|she will|he will|they will|i can|let me) tell you\b"#

  /// A sentence that ends on "that" or "this" pointing back (finder revision 4).
  static let endsPointingBack =
    #"\b(?:part of|because of|all of|most of|some of|like|about|for|of) (?:that|this)(?: anyway| really| though| too)?[.!]*$"#

  /// A question that asks what the work was for (finder revision 4).
  ///
  /// Not "whom did it serve, and how would they know…": the train writers answer it with
  /// lessons ("a waiting list tells you more than any survey does").
  static let purposeQuestion =
    #"\b(?:what was (?:this|the|that) work for|what (?:was|is) it for)\b"#

  /// "The burnout one is less clear", "That one was harder", "The other bit…".
  static let refersBack =
    #"^(?:the|that|this|those|these)\s+(?:(?:[a-z'-]+\s+){0,2}ones?\s+(?:is|was|are|were|'s|has|had|will|would|seems|seemed|felt|feels|looks|looked|went|did|turned|stays|stayed)\b|(?:other|former|latter|rest)\b|(?:first|second|third|last|other)\s+(?:point|thing|part|bit)\b)"#

  /// Moans and jabs at others, not lessons.
  static let moans = [
    "typical", "as usual", "bless them", "surprise surprise", "couldn't care less",
    "couldnt care less", "can't be bothered", "cant be bothered", "clueless", "pathetic",
    "what a joke", "is a joke", "ironic", "you sound like", "paid to care", "box ticking",
    "box-ticking", "jobsworth", "of course they", "didn't even bother", "didnt even bother",
    "all talk", "never bothered",
  ]

  /// A plain fact about someone else: told in the past, with no "I", "we" or "you", no
  /// verb in the present or a modal, not a gerund subject ("Showing up every month earned
  /// trust" is a claim), and no lesson cue.
  static func isFactAboutOthers(_ words: [String], text: String, cues: LessonCues) -> Bool {
    guard let first = words.first, !(first.count >= 5 && first.hasSuffix("ing")),
      !generalising.contains(first)
    else { return false }
    let people: Set<String> = ["you", "your", "you're", "youre", "yourself", "people"]
    if words.contains(where: { LessonFeatures.firstPerson.contains($0) || people.contains($0) }) {
      return false
    }
    // A regular past ("floated", "cancelled"), not a participle after a determiner ("a
    // named owner").
    let past = words.indices.contains { index in
      let word = words[index]
      if cues.pastWords.contains(word) || LessonFeatures.pastTense.contains(word)
        || ["didnt", "wasnt", "werent", "hadnt", "couldnt"].contains(word)
      {
        return true
      }
      guard word.count >= 5, word.hasSuffix("ed"), !notPast.contains(word) else { return false }
      return index == 0 || !determiners.contains(words[index - 1])
    }
    let present = words.contains {
      LessonFeatures.presentOrModal.contains($0) || cues.generalVerbs.contains($0)
        || $0.hasSuffix("'s")
    }
    guard past, !present else { return false }
    return !cues.cues.contains { cue in
      LessonFeatures.found(cue, words, text)
        || cue.starts.contains { Words.position(of: $0, in: words) == 0 }
    }
  }

  /// Openings that generalise ("Nobody ever enrolled because of a memorandum").
  static let generalising: Set<String> = [
    "nobody", "no", "everyone", "everybody", "nothing", "never", "people", "anyone", "anybody",
    "every", "most", "all",
  ]
  static let determiners: Set<String> = [
    "a", "an", "the", "our", "their", "your", "my", "his", "her", "its", "every", "any", "no",
    "this", "that", "these", "those", "some", "well", "un", "so", "very", "more", "less",
  ]

  /// Words in "-ed" that are no past verb.
  static let notPast: Set<String> = ["indeed", "speed", "proceed", "exceed", "succeed"]

  /// The groups of `pattern`'s first match in `text` (case-insensitive), 0 the whole.
  static func first(_ pattern: String, in text: String) -> [String]? {
    guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]),
      let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    else { return nil }
    return (0..<match.numberOfRanges).map { index in
      Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
    }
  }
}
