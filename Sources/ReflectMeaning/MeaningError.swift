import Foundation

/// Why a sentence model could not be loaded: each case names the file at fault.
public enum MeaningError: Error, LocalizedError, Equatable {
  /// No model folder was found; `searched` lists the folders looked in, in order.
  case noModel(searched: [String])
  /// A file the model needs is not there.
  case missingFile(path: String)
  /// A file is there but could not be opened, read or mapped.
  case unreadable(path: String, reason: String)
  /// A file is damaged or not what the model needs (size, header, shapes, config values).
  case damaged(path: String, reason: String)

  /// The message reflect prints: the file, what is wrong, and how to put it right.
  public var errorDescription: String? {
    switch self {
    case .noModel(let searched):
      return """
        no sentence model found; looked in:
        \(searched.map { "  " + $0 }.joined(separator: "\n"))
        install one with 'make setup' (then 'make install'), or point --model or \
        REFLECT_MODEL at a folder holding model.safetensors, vocab.txt and config.json \
        (docs/meaning.md)
        """
    case .missingFile(let path):
      return "'\(path)': no such file (the model folder needs model.safetensors, vocab.txt and"
        + " config.json; 'make setup' installs them)"
    case .unreadable(let path, let reason):
      return "'\(path)': cannot read: \(reason)"
    case .damaged(let path, let reason):
      return "'\(path)': \(reason) (damaged model? 'make setup' checks and reinstalls it)"
    }
  }
}
