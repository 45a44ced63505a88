import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

/// The sentence model gives the index its vectors (the encoder knows nothing of sessions).
extension ReflectMeaning.Encoder: SentenceEmbedder {}

/// Whether reflect reads meaning, and with which model (docs/meaning.md).
enum Meaning {
  /// The model in use, or why there is none.
  enum Mode {
    case on(ReflectMeaning.Encoder)
    case off(MeaningError)

    var encoder: ReflectMeaning.Encoder? {
      if case .on(let encoder) = self { return encoder }
      return nil
    }

    /// One line saying which mode is in use, for `index --status`, `config show`, export.
    var line: String {
      switch self {
      case .on(let encoder): "meaning: \(encoder.name) (\(encoder.directory))"
      case .off(.noModel(let searched)) where searched.count == 1:
        "meaning: off — words only (no model at \(searched[0]); make setup installs one)"
      case .off(.noModel): "meaning: off — words only (no model found; make setup installs it)"
      case .off(let error):
        "meaning: off — words only (the model cannot be read: \(error.localizedDescription))"
      }
    }
  }

  /// The model named by `--model` (`explicit`), else `REFLECT_MODEL` (which the settings
  /// file's `model:` becomes), else the first folder of ``ModelLocation`` found, loaded.
  static func mode(explicit: String? = nil) -> Mode {
    do throws(MeaningError) {
      let folder = try ModelLocation.find(
        explicit: explicit, environment: ProcessInfo.processInfo.environment,
        executable: ModelLocation.currentExecutable)
      return .on(try Encoder.load(from: folder))
    } catch {
      return .off(error)
    }
  }
}

extension Meaning {
  /// Works out the vectors `index` lacks for `encoder`'s model, with a progress line.
  static func refreshVectors(
    _ index: ArchiveIndex, _ encoder: ReflectMeaning.Encoder, _ console: Console
  )
    throws
  {
    let progress = ProgressLine(console: console, label: "working out meaning vectors")
    try index.refreshVectors(encoder, progress: progress.update)
  }
}
