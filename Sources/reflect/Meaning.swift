import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

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
  /// Works out the vectors `index` lacks for `encoder`'s model, with a progress line;
  /// returns the model id they are kept under.
  @discardableResult
  static func refreshVectors(
    _ index: ArchiveIndex, _ encoder: ReflectMeaning.Encoder, _ console: Console
  ) throws -> String {
    let model = Model(encoder, index)
    let progress = ProgressLine(console: console, label: "working out meaning vectors")
    try index.refreshVectors(model, progress: progress.update)
    return model.modelID
  }

  /// The encoder, with its model id kept in the index under the weights file's identity:
  /// working it out reads the whole file (0.3 s of CPU), so each command does not.
  struct Model: SentenceEmbedder {
    let encoder: ReflectMeaning.Encoder
    let modelID: String

    init(_ encoder: ReflectMeaning.Encoder, _ index: ArchiveIndex) {
      self.encoder = encoder
      var info = stat()
      let weights = encoder.directory + "/model.safetensors"
      guard stat(weights, &info) == 0 else {
        modelID = encoder.modelID
        return
      }
      // Device, inode, size, modification and change times: any write changes the last.
      let key =
        "model \(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec)."
        + "\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
      // The id is the folder's name and 16 hex digits (docs/meaning.md); the digits kept.
      if let kept = try? index.note(key) {
        let digits = String(UInt64(bitPattern: Int64(kept)), radix: 16)
        modelID = encoder.name + "-" + String(repeating: "0", count: 16 - digits.count) + digits
        return
      }
      modelID = encoder.modelID
      if index.path != nil, let digits = UInt64(modelID.suffix(16), radix: 16) {
        try? index.setNote(key, Int(Int64(bitPattern: digits)))
      }
    }

    func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
  }
}

extension Meaning {
  /// The sentence model for the coach's lesson finder, found and loaded the first time it is
  /// needed (a session needs it only when it proposes lessons); without one, words only.
  final class Lazy: SentenceEmbedder, @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: ReflectMeaning.Encoder??

    private var encoder: ReflectMeaning.Encoder? {
      lock.withLock {
        if let loaded { return loaded }
        let encoder = Meaning.mode().encoder
        loaded = .some(encoder)
        return encoder
      }
    }

    /// Empty without a model: no weights are trained on that.
    var modelID: String { encoder?.modelID ?? "" }

    func embed(_ texts: [String]) -> [[Float]] { encoder?.embed(texts) ?? [] }
  }
}
