/// Finds sentences in a person's answers that carry learning, to offer back as lessons.
///
/// A sentence qualifies when it contains one of the markers ("I learned", "next time",
/// "we need to", "what matters is"…). Candidates keep the person's own words: the sentence,
/// trimmed, first letter capitalised, without its final full stop.
struct LessonCandidates {
  var markers: [String]
  var most: Int

  /// Up to `most` candidates from `answers`, in the order they were said, without repeats.
  func propose(from answers: [String]) -> [String] {
    var result: [String] = []
    var seen: Set<String> = []
    for answer in answers {
      for sentence in Words.sentences(answer) {
        let words = Words.split(sentence)
        guard (3...30).contains(words.count),
          markers.contains(where: { Words.position(of: $0, in: words) != nil })
        else { continue }
        let text = sentence.prefix(1).uppercased() + sentence.dropFirst()
        guard seen.insert(text.lowercased()).inserted else { continue }
        result.append(text)
        if result.count == most { return result }
      }
    }
    return result
  }
}
