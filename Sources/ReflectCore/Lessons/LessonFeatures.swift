import Foundation

/// The explainable features of a sentence that the lesson model weighs beside its meaning
/// vector (docs/coach-rules.md, "Lesson finder").
///
/// The one place they are worked out: the finder scores with them, and
/// `reflect lessons-features --json` prints them for `make train-lessons`, so the trainer
/// and the finder can never disagree.
public enum LessonFeatures {
  /// The features' names, in the order of ``values(of:question:cues:)``.
  public static let names = [
    "generic subject", "present or modal", "past tense", "need or important", "contrast",
    "first-person realisation", "named entities", "question mark", "length", "short",
    "unresolved opening pronoun", "narrative frame", "first person", "numbers or dates",
    "advice opening", "cue score", "complaint", "asked for lessons", "rule of thumb",
    "regret or intention", "general statement",
  ]

  /// Every feature of `sentence` (as the person wrote it, lead-ins and frames included), in
  /// the order of ``names``; `question` is the question it answered, when known.
  public static func values(of sentence: String, question: String?, cues: LessonCues) -> [Double] {
    let words = Words.split(sentence)
    let body = LessonFrames.strip(sentence)
    let bodyWords = Words.split(body.text)
    let count = max(words.count, 1)
    let first = bodyWords.first ?? ""
    let past = words.filter { cues.pastWords.contains($0) || pastTense.contains($0) }.count
    let present = words.contains { presentOrModal.contains($0) || cues.generalVerbs.contains($0) }
    let finder = LessonFinder(cues: cues, model: nil)
    func cue(_ kinds: Set<String>) -> Double {
      cues.cues.contains { kinds.contains($0.kind) && found($0, bodyWords, body.text) } ? 1 : 0
    }
    let personal = words.filter { firstPerson.contains($0) }.count
    let generic =
      !first.isEmpty && !firstPerson.contains(first) && !cues.specificStarts.contains(first)
      && !nameScan(body.text).first
    return [
      generic ? 1 : 0,
      present && past == 0 ? 1 : present ? 0.5 : 0,
      min(Double(past), 3) / 3,
      words.contains { needWords.contains($0) } ? 1 : 0,
      words.contains { contrastWords.contains($0) }
        || cues.cues.first { $0.kind == "contrast" }.map { found($0, words, sentence) } == true
        ? 1 : 0,
      realisations.contains { Words.position(of: $0, in: words) != nil }
        ? (isReflectiveRealisation(sentence) ? 1 : 0.5) : 0,
      min(Double(names(in: sentence).count), 3) / 3,
      isQuestion(sentence) ? 1 : 0,
      log(Double(count)) / log(50),
      count < 6 ? 1 : 0,
      opensOnUnresolvedPronoun(body.text) ? 1 : 0,
      body.framed ? 1 : 0,
      min(Double(personal) / Double(count) * 5, 1),
      sentence.contains(where: \.isNumber) || words.contains(where: months.contains) ? 1 : 0,
      cues.cues.first { $0.kind == "advice" }.map { cue in
        cue.starts.contains { Words.position(of: $0, in: bodyWords) == 0 }
      } == true ? 1 : 0,
      Double(max(min(finder.cueScore(body.text), 12), -6)) / 10,
      isComplaint(sentence) ? 1 : 0,
      finder.questionBonus(question) > 0 ? 1 : 0,
      cue(["rule of thumb"]),
      cue(["regret", "intention"]),
      finder.isGeneral(
        body.text, words: bodyWords, past: bodyWords.contains { cues.pastWords.contains($0) })
        ? 1 : 0,
    ]
  }

  static func found(_ cue: LessonCues.Cue, _ words: [String], _ text: String) -> Bool {
    let lower = text.lowercased()
    return cue.phrases.contains { Words.position(of: $0, in: words) != nil }
      || cue.patterns.contains { lower.range(of: $0, options: .regularExpression) != nil }
  }

  /// "I realised I had been…", "we learned that people…": a realisation about oneself or
  /// people, not a fact found out on a day ("I learned in March that the plan…").
  public static func isReflectiveRealisation(_ sentence: String) -> Bool {
    sentence.range(
      of:
        #"^(?:i|we) (?:realised|realized|learned|learnt|came to see|saw)(?: that)? (?:i|we|you|people|everyone|nobody|no one|it's|it is|a|an)\b"#,
      options: [.regularExpression, .caseInsensitive]) != nil
      && !sentence.contains(where: \.isNumber)
      && !Words.split(sentence).contains(where: months.contains)
  }

  /// An account of what happened to named people or bodies ("We had this whole argument
  /// early on with the Fenwick Heritage Trust…", "One teacher at St Aidans told me…"): a
  /// name and a past-tense verb, with no frame, realisation, need word, advice ("should",
  /// "must") or lesson cue to make it more than the story.
  public static func isAnecdote(_ sentence: String, cues: LessonCues) -> Bool {
    let body = LessonFrames.strip(sentence)
    let words = Words.split(sentence)
    let advice: Set<String> = ["should", "shouldn't", "must", "would", "will"]
    guard !body.framed, !names(in: body.text).isEmpty,
      words.contains(where: { cues.pastWords.contains($0) || pastTense.contains($0) }),
      !realisations.contains(where: { Words.position(of: $0, in: words) != nil }),
      !words.contains(where: { needWords.contains($0) || advice.contains($0) })
    else { return false }
    return cues.score(body.text) <= 0
  }

  /// What the work was for, not what was learned: "it was for widening who gets to feel
  /// the museum belongs to them", "the purpose was really about who feels…".
  static let purposeStatement =
    #"^(?:(?:so|and|well|honestly|i suppose|i think|i guess|basically),?\s+)*(?:it|this|that|the work|the project|the programme|the program|the purpose|the point|the aim|the goal)(?: was| were)(?: really| mainly| mostly| partly| all| always)? (?:for|about) "#

  /// Whether `sentence` says what the work was for (``purposeStatement``).
  public static func isPurposeStatement(_ sentence: String) -> Bool {
    sentence.range(of: purposeStatement, options: [.regularExpression, .caseInsensitive]) != nil
  }

  /// A question: it ends on "?" (a quoted question inside a statement does not count).
  public static func isQuestion(_ sentence: String) -> Bool {
    sentence.trimmingCharacters(in: .whitespacesAndNewlines.union(.init(charactersIn: "\"”'’)")))
      .hasSuffix("?")
  }

  /// Opens on "this", "that", "these", "those", "they" or "it" with nothing before it to say
  /// what it is ("It's when people go quiet that…", a cleft, and "It is wiser to…", whose
  /// subject follows, are resolved).
  public static func opensOnUnresolvedPronoun(_ text: String) -> Bool {
    let words = Words.split(text)
    guard let first = words.first else { return false }
    if ["this", "that", "these", "those", "they", "that's", "they're", "they've"].contains(first) {
      return true
    }
    guard ["it", "it's"].contains(first) else { return false }
    let rest = Array(words.dropFirst(first == "it" ? 2 : 1))
    let verbs: Set<String> = ["is", "was", "will", "would", "can", "may", "might", "could"]
    let copula = first == "it's" || (words.count > 1 && verbs.contains(words[1]))
    return
      !(copula && rest.contains { ["that", "to", "when", "how", "what", "whether"].contains($0) })
  }

  /// Opens on a word that points to someone or something not named in the sentence.
  ///
  /// The pronouns of ``opensOnUnresolvedPronoun(_:)`` and also "he", "she", "they'd", "his",
  /// "their"… ("Theyd know because their builds dont break", "He wanted a roadmap"). The
  /// proposal gate; the model's feature stays the narrower one it was trained with.
  /// What someone taught the person, reported ("she said, and I want to keep this, that
  /// you measure…"), is left to the model, as before.
  public static func opensOnUnresolvedReference(_ text: String) -> Bool {
    if opensOnUnresolvedPronoun(text) { return true }
    let words = Words.split(text)
    guard let first = words.first, personalPronouns.contains(first) else { return false }
    let reported: Set<String> = ["said", "says", "told", "taught", "always", "used", "reckons"]
    return !(["he", "she"].contains(first) && words.count > 1 && reported.contains(words[1]))
  }

  /// Pronouns (and their contractions, with or without the apostrophe) that need a name
  /// before them.
  static let personalPronouns: Set<String> = [
    "he", "she", "him", "her", "his", "hers", "them", "their", "theirs", "he's", "she's",
    "he'd", "she'd", "he'll", "she'll", "they'd", "they'll", "hes", "shes", "theyd", "theyll",
    "theyre", "theyve", "thats",
  ]

  /// An answer that restates its question about someone else.
  ///
  /// "How would they know it had made a difference?" → "Theyd know because their builds dont break", "the parents
  /// would notice when…". It gives the question its evidence; it is not a lesson. Only a
  /// question about others counts ("would they know", "will the staff notice"): a
  /// question about the person ("What would you do sooner?") is answered with lessons.
  public static func restatesQuestion(_ sentence: String, question: String?) -> Bool {
    guard let question else { return false }
    let asked = Words.split(question)
    let auxiliaries: Set<String> = ["would", "will", "could", "can", "did", "do", "does", "might"]
    let others: Set<String> = [
      "they", "he", "she", "people", "others", "everyone", "anyone", "someone", "users",
    ]
    let determiners: Set<String> = ["the", "their", "those", "these", "your", "our"]
    var verbs: Set<String> = []
    for index in asked.indices.dropLast(2) where auxiliaries.contains(asked[index]) {
      if others.contains(asked[index + 1]) {
        verbs.insert(asked[index + 2])
      } else if determiners.contains(asked[index + 1]), index + 3 < asked.count {
        verbs.insert(asked[index + 3])
      }
    }
    guard !verbs.isEmpty else { return false }
    let words = Array(Words.split(LessonFrames.strip(sentence).text).prefix(6))
    return words.indices.dropFirst().contains { index in
      guard verbs.contains(words[index]) else { return false }
      let before = words[index - 1]
      return auxiliaries.contains(before) || others.contains(before) || before.hasSuffix("'d")
        || before.hasSuffix("'ll") || ["theyd", "theyll", "hed", "youd"].contains(before)
    }
  }

  /// Whether `sentence` only sorts part of the work into the kinds its `question` asks about.
  ///
  /// ("Which parts were voluntary, and which were hard-wired by contract or
  /// duty?" answered "The cafe is voluntary, a handshake with their organiser", "the school
  /// use is in the agreement", "everything else is goodwill"): a specific subject and one of
  /// the kinds. "Goodwill gets you started but it won't keep you going" (a generic subject)
  /// is a lesson.
  public static func sortsIntoTheQuestionsKinds(_ sentence: String, question: String?) -> Bool {
    guard let question else { return false }
    let kinds: Set<String> = [
      "voluntary", "contract", "contractual", "duty", "statutory", "goodwill", "agreement",
      "hard-wired", "required", "optional", "mandatory", "obligation",
    ]
    let asked = Set(Words.split(question))
    guard asked.intersection(kinds).count >= 2 else { return false }
    let body = Words.split(LessonFrames.strip(sentence).text)
    guard let first = body.first, body.contains(where: kinds.contains) else { return false }
    let specific: Set<String> = [
      "the", "our", "their", "my", "his", "her", "its", "everything", "rest", "it", "that",
      "this", "lease", "licence", "license", "most", "some", "all", "both", "none",
    ]
    return specific.contains(first)
  }

  /// A value, not a lesson.
  ///
  /// A gerund phrase with no verb of its own that says anything of it ("Not letting the project become a product", "Keeping it open to people who
  /// aren't paid to be there"), given to a question about values. A gerund that
  /// is the subject of a claim is a statement ("Turning up every week matters more than
  /// anything", "Being quick on fixes earned it"): a gerund subject takes a verb with "-s",
  /// a past or a modal, never a bare form such as "become", which belongs to the phrase.
  /// To a question that holds the claim ("What earned it?" → "Keeping small promises"),
  /// the phrase is the answer, and the model decides.
  public static func isValueStatement(_ text: String, question: String?, cues: LessonCues)
    -> Bool
  {
    guard let question,
      valueQuestions.contains(where: { Words.position(of: $0, in: Words.split(question)) != nil })
    else { return false }
    var words = Words.split(text)
    while let first = words.first, ["not", "never", "always", "just", "really"].contains(first) {
      words.removeFirst()
    }
    guard let gerund = words.first, gerund.count >= 5, gerund.hasSuffix("ing"),
      !notGerunds.contains(gerund)
    else { return false }
    let relative: Set<String> = ["who", "that", "which", "where", "whose"]
    let verbs = cues.generalVerbs.union(presentOrModal).union(gerundSubjectVerbs)
    return !words.indices.dropFirst().contains { index in
      let word = words[index]
      let finite =
        finiteWords.contains(word) || cues.pastWords.contains(word) || pastTense.contains(word)
        || (word.count >= 5 && word.hasSuffix("ed")) || word.hasSuffix("n't")
        || ["'s", "'re", "'ll", "'d", "'ve"].contains { word.count > 2 && word.hasSuffix($0) }
        || (word.hasSuffix("s") && verbs.contains(word)
          && (verbs.contains(String(word.dropLast())) || verbs.contains(String(word.dropLast(2)))))
      return finite && !words[max(0, index - 4)..<index].contains(where: relative.contains)
    }
  }

  /// Words of a question that asks about values ("Which values were you trying to
  /// protect?", "What would you not have traded away?").
  static let valueQuestions = [
    "value", "values", "principle", "principles", "protect", "traded away", "stand for",
    "believe in", "matter to you", "matters to you", "care about", "non-negotiable",
  ]

  /// More verbs a gerund subject takes, in both forms ("Letting them find the dead end
  /// teaches more than telling them").
  static let gerundSubjectVerbs: Set<String> = [
    "teach", "teaches", "prove", "proves", "buy", "buys", "lose", "loses", "earn", "earns",
    "feel", "feels", "look", "looks", "seem", "seems", "create", "creates", "reduce", "reduces",
    "open", "opens", "close", "closes", "reassure", "reassures", "let", "lets", "stop", "stops",
    "avoid", "avoids", "prevent", "prevents", "require", "requires", "involve", "involves",
    "put", "puts", "set", "sets", "bring", "brings", "pay", "pays", "cost", "costs",
  ]

  /// Words that end in "-ing" and are no gerund.
  static let notGerunds: Set<String> = [
    "nothing", "something", "anything", "everything", "during", "morning", "evening", "spring",
    "string", "thing", "bring", "king", "ring", "wing", "sing",
  ]

  /// Verbs that are finite in any form they take: auxiliaries and modals (with or without
  /// the apostrophe of their negation).
  static let finiteWords: Set<String> = [
    "is", "are", "was", "were", "has", "had", "does", "did", "will", "would", "can", "cannot",
    "could", "should", "must", "may", "might", "shall", "isnt", "arent", "wasnt", "werent",
    "doesnt", "didnt", "wont", "cant", "couldnt", "shouldnt", "hasnt", "hadnt", "wouldnt",
  ]

  /// A complaint about the coach or the session rather than something learned.
  public static func isComplaint(_ sentence: String, revision: Int = 3) -> Bool {
    let words = Words.split(sentence)
    // Since finder revision 4, "already said" is a complaint only when the person or the
    // coach said it: "so when a funder leans on them they've already said it" is none.
    return complaints.contains { phrase in
      guard let at = Words.position(of: phrase, in: words) else { return false }
      guard revision >= 4, phrase == "already said", at > 0 else { return true }
      return !["they've", "theyve", "they", "he", "she", "he's", "she's", "we've", "we"]
        .contains(words[at - 1])
    }
  }

  /// Words that look like names: capitalised, not the first word, not "I".
  static func nameScan(_ text: String) -> (first: Bool, others: [String]) {
    let raw = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
    var found: [String] = []
    var firstIsName = false
    for (index, token) in raw.enumerated() {
      let word = token.trimmingCharacters(in: .punctuationCharacters)
      guard let letter = word.first, letter.isUppercase, word != "I", !word.hasPrefix("I'"),
        !word.hasPrefix("I’")
      else { continue }
      if index == 0 {
        // A capitalised second word after a capitalised first: "The Y Trust", "Mrs Pellow".
        if raw.count > 1, raw[1].first?.isUppercase == true { firstIsName = true }
        continue
      }
      let previous = raw[index - 1]
      if let end = previous.last, ".!?:".contains(end) { continue }
      found.append(word)
    }
    return (firstIsName, found)
  }

  static func names(in text: String) -> [String] { nameScan(text).others }

  static let presentOrModal: Set<String> = [
    "is", "are", "isn't", "aren't", "must", "should", "can", "can't", "cannot", "will", "won't",
    "need", "needs", "has", "have", "does", "doesn't", "don't", "tends", "tend", "works", "work",
    "matters", "matter", "takes", "take", "gets", "get", "makes", "make", "means", "mean",
    "would", "shouldn't", "may", "might", "comes", "come", "goes", "go", "lasts", "beats",
    "helps", "help", "depends", "keeps", "builds", "owe", "owes", "'s",
  ]
  static let pastTense: Set<String> = [
    "became", "brought", "built", "found", "gave", "kept", "knew", "left", "made", "ran",
    "saw", "sent", "spent", "stood", "wrote", "agreed", "arrived", "asked", "booked",
    "called", "changed", "closed", "covered", "delivered", "finished", "handed", "invited",
    "joined", "launched", "moved", "opened", "organised", "organized", "phoned", "planned",
    "signed", "turned", "used", "visited", "walked", "worked", "wasn't", "weren't", "didn't",
    "hadn't", "couldn't", "began", "yesterday", "ago", "last",
  ]
  static let needWords: Set<String> = [
    "need", "needs", "needed", "important", "essential", "lacks", "lack", "lacked", "must",
    "matters", "matter", "key", "crucial", "vital", "worth", "depends", "only",
  ]
  static let contrastWords: Set<String> = [
    "but", "however", "whereas", "instead", "rather", "though", "although", "yet", "than",
  ]
  static let firstPerson: Set<String> = [
    "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "i'm", "i've",
    "i'd", "i'll", "we're", "we've", "we'd", "we'll",
  ]
  static let realisations = [
    "i realised", "i realized", "i learned", "i learnt", "i've learned", "i've learnt",
    "we learned", "we learnt", "we realised", "we realized", "taught me", "taught us",
    "came to see", "come to think", "come to believe", "come to understand", "come to suspect",
    "i now think", "i now know", "i understand now", "i see now", "took from", "taken from",
    "the lesson", "lesson i", "biggest lesson", "turns out", "it turns out", "what came out of",
    "learnt that", "learned that", "in hindsight", "looking back", "on reflection",
  ]
  static let months: Set<String> = [
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday",
  ]
  static let complaints = [
    "this question", "that question", "you asked", "you already asked", "already said",
    "already told you", "waste of time", "pointless", "stupid question", "odd question",
    "annoying", "fed up", "sick of", "ridiculous", "what do you mean",
  ]
}

/// The narrative frames that stand before a lesson ("What the project taught me is that X"):
/// removed, so that the lesson is offered as X (docs/coach-rules.md, "Lesson finder").
public enum LessonFrames {
  /// A list marker before a point: a dash, a number, "Three:" or "number two".
  static let marker =
    #"^\s*(?:[-*•–]\s+|\d+[.)]\s+|(?:number )?(?:one|two|three|four|five|first|second|third|fourth|finally|lastly)(?:ly)?\s*[:,.)-]\s*|number (?:one|two|three|four|five)\s+(?:is\s+)?|reason for \d+:\s*)"#

  /// Frames in which a person says that what follows is what they took from the work.
  ///
  /// "What came out of it for me was that…", "the lesson is that…", "I've come to believe that…",
  /// "what the year taught me is that…". Matched at the start of the lower-cased sentence (after a list
  /// marker); each ends where the lesson begins.
  static let declarations: [String] = [
    #"^(?:honestly,?\s+|but\s+|so\s+|and\s+|however,?\s+)?what (?:the|this|that|our|my) [a-z' ]{1,40}? (?:has )?(?:taught|showed|shown|told) (?:me|us|this [a-z]+|the [a-z]+)(?:,? however,?)? (?:is|was) that "#,
    #"^(?:honestly,?\s+|but\s+|so\s+|and\s+)?what (?:came out of|emerged from|i took from|i take from|i've taken from|we took from|i took away from|i'd take from)[a-z' ,]{0,40}? (?:is|was) that "#,
    #"^(?:honestly,?\s+|but\s+|so\s+|and\s+)?what (?:came out of (?:it|that|this|all that)|emerged)(?: for (?:me|us))?,? (?:is|was) (?=(?:we|i|you|people|everyone|nobody|no one|there|the|a|an|it's|nothing|something|someone)\b)"#,
    #"^(?:honestly,?\s+|but\s+|so\s+|and\s+)?what (?:came out of (?:it|that|this)|emerged|i took away)[a-z' ,]{0,30}?,? (?:is|was) that "#,
    #"^what i(?:'ve| have)? (?:think i |really )?(?:come to |came to )?(?:understand|understood|think|learned|learnt|realised|realized|know|see|took away)(?: now)?(?:,[^,]{1,80},)? (?:is|was) that "#,
    #"^(?:the|my|our|one|a)(?: big| biggest| main| real| key| one| first)? lesson(?:s)?(?: (?:i would|i'd|we would|we'd) draw| for me| for us| for the [a-z]+| here| i took| i learned| i learnt)?(?: from (?:it|this|that|all this|the year))?(?:,? i (?:think|reckon|suppose))? (?:is|was) that "#,
    #"^(?:the )?biggest lesson(?: for [a-z ]+?)?(?:,? i (?:reckon|think))?:\s*"#,
    #"^(?:i suppose |maybe |perhaps )?(?:the|my) (?:lesson|takeaway|point) (?:is|was),? "#,
    #"^(?:however,?\s+|and\s+|so\s+)?i(?:'ve| have)? (?:now )?(?:come|came) to (?:believe|think|understand|suspect|see|realise|realize)(?:,[^,]{1,80},)? that "#,
    #"^(?:however,?\s+|and\s+|so\s+)?i(?:'ve| have)? (?:now )?(?:come|came) to (?:believe|think|understand|suspect|see) "#,
    #"^(?:it|this|that|the [a-z]+) (?:has )?taught (?:me|us) that "#,
    #"^if (?:there(?:'s| is) one thing|a single point|one thing)[^,]{0,80}, (?:it(?:'s| is)|it would be) that "#,
    #"^the thing (?:nobody|no one) tells you is (?:that )?"#,
  ]

  /// The other frames: a view or a finding ("I now think that…", "we realised that…",
  /// which may be a fact found out on a day), or a hedge ("but", "I suppose", "looking
  /// back,", "it seems to me that").
  static let others: [String] = [
    #"^(?:however,?\s+|and\s+|so\s+)?i (?:now )?(?:think|know|believe|understand|see)(?: now)? that "#,
    #"^i would(?:,? however,?)?(?: respectfully| tentatively)? (?:say|suggest|argue|add)(?:,[^,]{1,80},)? that "#,
    #"^(?:on reflection|looking back|in hindsight),? i would(?: respectfully| tentatively)? (?:say|suggest) that "#,
    #"^(?:i've |i have |we've |we have )?(?:learned|learnt|realised|realized) that "#,
    #"^(?:i|we) (?:learned|learnt|realised|realized|found out|discovered) that "#,
    #"^(?:i|we) (?:learned|learnt|realised|realized|saw)\s+(?=(?:i|we|you|they|the|a|an|most|people|nobody|everyone|no|every|it)\b)"#,
    #"^it seems to me(?: now)? that "#,
    #"^it may be that "#,
    #"^it was the view of the [a-z ]+? that "#,
    #"^in general it has been found that "#,
    #"^here is the (?:truth|thing|point) of it:\s*"#,
    #"^(?:it )?turns out(?: that)?,?\s+"#,
    #"^(?:but|and|so|yet|still|anyway|maybe|perhaps),?\s+(?:i (?:suppose|suspect|think|guess|reckon)(?: that)?\s+)?"#,
    #"^i (?:suppose|suspect|guess|reckon)(?: that)?\s+"#,
    #"^(?:looking back|in hindsight|on reflection|in my experience|honestly|most importantly|more generally|in short|above all|for me|if anything|overall|ultimately|in the end),?\s+"#,
  ]

  /// Every frame, declarations first.
  static let frames = declarations + others

  /// "Not every X is the same, but Y": the lesson is Y.
  static let notEvery =
    #"^not (?:every|all) [^,]{1,60} (?:is|are)(?: not)? (?:the same|all the same|alike|doing the same thing)[^,]{0,60}, but "#

  /// A parenthetical frame inside the sentence: "Attendance, I have come to suspect, is…".
  static let parenthetical =
    #",\s*i (?:have |'ve )?(?:come to |now )?(?:suspect|think|believe|find|would say|reckon)(?: now)?,\s*"#

  /// Where a frame begins inside a sentence, after a comma or semicolon ("the purpose kept
  /// me going, what came out of it for me was that institutions keep commitments…").
  static let midFrame =
    #"[,;]\s+(?:and\s+|but\s+|so\s+)?(?=what (?:came out of|emerged|i took|i learned|i learnt|i realised|i realized|i've learned|the [a-z]+ taught)|the (?:big |main |real |key )?lesson (?:for me |here )?(?:is|was)|i (?:learned|learnt|realised|realized) that)"#

  /// `sentence` in two at a frame inside it (``midFrame``): the story before, and the framed
  /// lesson after; the sentence alone when it has none.
  public static func splitAtFrame(_ sentence: String) -> [String] {
    guard let range = sentence.range(of: midFrame, options: [.regularExpression, .caseInsensitive])
    else { return [sentence] }
    let before = sentence[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    let after = sentence[range.upperBound...].trimmingCharacters(in: .whitespaces)
    return [before.isEmpty ? nil : before + ".", after.isEmpty ? nil : after].compactMap { $0 }
  }

  /// `sentence` with its list marker and frames removed, whether a frame was there, and
  /// whether one was a ``declarations`` frame (the person said this is what they took away).
  public static func strip(_ sentence: String) -> (text: String, framed: Bool, declared: Bool) {
    var text = sentence.trimmingCharacters(in: .whitespacesAndNewlines)
    var framed = false
    var declared = false
    if let range = text.range(of: marker, options: [.regularExpression, .caseInsensitive]) {
      text = String(text[range.upperBound...])
    }
    var changed = true
    var rounds = 0
    while changed, rounds < 4 {
      changed = false
      rounds += 1
      for (index, pattern) in (frames + [notEvery]).enumerated() {
        guard
          let range = text.range(of: pattern, options: [.regularExpression, .caseInsensitive]),
          range.lowerBound == text.startIndex, range.upperBound < text.endIndex
        else { continue }
        let rest = String(text[range.upperBound...])
        // A frame is dropped only when a whole statement is left.
        guard Words.split(rest).count >= 4 else { continue }
        text = rest
        framed = true
        declared = declared || index < declarations.count
        changed = true
        break
      }
    }
    if let range = text.range(of: parenthetical, options: [.regularExpression, .caseInsensitive]) {
      text.replaceSubrange(range, with: " ")
      framed = true
    }
    return (text, framed, declared)
  }
}
