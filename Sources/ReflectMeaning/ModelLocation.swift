import Foundation

/// Where reflect looks for the sentence model, in one place.
public enum ModelLocation {
  /// The model reflect uses, and the name of its folder.
  public static let modelName = "all-MiniLM-L6-v2"

  /// The folders to try, in order: `explicit` (--model), else `$REFLECT_MODEL`; else
  /// `$XDG_DATA_HOME/reflect/models/<name>` (`~/.local/share` when unset), then
  /// `share/reflect/models/<name>` beside the installed binary (`<bin>/../share/…`), then
  /// the build's `.build/models/<name>` above the executable (not the working directory).
  ///
  /// A folder named by --model or REFLECT_MODEL is the only candidate: it is used or it is
  /// an error, never passed over.
  public static func candidates(
    explicit: String?, environment: [String: String], executable: String
  ) -> [String] {
    if let explicit, !explicit.isEmpty { return [explicit] }
    if let named = environment["REFLECT_MODEL"], !named.isEmpty { return [named] }
    var folders: [String] = []
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
      ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
    folders.append(dataHome + "/reflect/models/" + modelName)
    let binary = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
    let bin = binary.deletingLastPathComponent()
    folders.append(
      bin.deletingLastPathComponent().appendingPathComponent("share/reflect/models/" + modelName)
        .path)
    var folder = bin
    while folder.path != "/" {
      if folder.lastPathComponent == ".build" {
        folders.append(folder.appendingPathComponent("models/" + modelName).path)
        break
      }
      folder.deleteLastPathComponent()
    }
    return folders
  }

  /// The model folder to load: the first candidate that exists (a folder named by --model or
  /// REFLECT_MODEL always, so that its problem is what gets reported).
  public static func find(explicit: String?, environment: [String: String], executable: String)
    throws(MeaningError) -> String
  {
    let folders = candidates(explicit: explicit, environment: environment, executable: executable)
    if explicit?.isEmpty == false || environment["REFLECT_MODEL"]?.isEmpty == false {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folders[0], isDirectory: &isFolder),
        isFolder.boolValue
      else { throw .noModel(searched: folders) }
      return folders[0]
    }
    for folder in folders {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue
      {
        return folder
      }
    }
    throw .noModel(searched: folders)
  }

  /// The path of the running executable, symbolic links resolved (Linux's /proc/self/exe).
  public static var currentExecutable: String {
    if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      return path
    }
    return Bundle.main.executablePath ?? CommandLine.arguments[0]
  }
}
