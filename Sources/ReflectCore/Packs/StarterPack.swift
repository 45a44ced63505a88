import Foundation

/// The commented pack `reflect prompts new ID` writes for a person to edit.
public enum StarterPack {
  /// The starter pack's text for `id`.
  public static func text(id: String) -> String {
    """
    # A reflect question pack. Edit it, then check it with: reflect prompts validate <this file>
    # The full format is in reflect's docs/pack-format.md.

    # id: how you choose this pack (reflect session --pack \(id)). Lower-case letters, digits,
    # '-' and '_'. A pack with a built-in's id replaces the built-in.
    id: \(id)
    title: My reflection
    description: What this pack is for, in a sentence or two.
    # source: the framework the pack follows, by name and author/year.
    source: My own questions
    # max_follow_ups: how many follow-ups the coach may ask about one question (0 to 5).
    max_follow_ups: 2

    # stages are walked in order. Each has an id, a title, an intro the coach says on entering
    # it, and questions. kind is 'questions' (the default), 'lessons' (numbered lessons, one
    # per line, until an empty line) or 'commitments' (actions, optionally ending in
    # "by YYYY-MM-DD").
    stages:
      - id: what-happened
        title: What happened
        intro: Let's start with what happened.
        questions:
          - id: what-happened-facts
            text: What happened, in a few sentences?
            # why: the principle behind the question, shown by /why.
            why: Facts first make the meaning easier to see.
          - id: what-happened-rating
            text: On a scale of 1 to 10, how did it go?
            # scale: for a rating question, the whole numbers an answer must fall in.
            scale: 1-10
            why: A number is a quick way to notice change from one time to the next.
      - id: lessons
        title: Key lessons
        kind: lessons
        intro: Time to write down what you learned.
        questions:
          - id: lessons-list
            text: Your key lessons, one per line; an empty line when you are done.
      - id: commitments
        title: Next steps
        kind: commitments
        intro: And what you will do next.
        questions:
          - id: commitments-list
            text: What will you do, and by when? One per line; an empty line when you are done.

    """
  }

  /// Writes the starter pack for `id` into `directory` (created 0700), as a new 0600 file.
  ///
  /// Returns the file's path. Throws when `id` is not a valid id or the file exists.
  public static func write(id: String, into directory: String) throws -> String {
    guard PackLoader.isValidIdentifier(id) else {
      throw PackError.unreadable(
        file: id,
        reason: "not a valid pack id; use lower-case letters, digits, '-' or '_' (at most 40)")
    }
    try FileSystem.makePrivateDirectory(directory)
    let path = directory + "/" + id + ".yaml"
    try FileSystem.createNew(path, contents: Data(text(id: id).utf8))
    return path
  }
}
