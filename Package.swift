// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "reflect",
  products: [
    .executable(name: "reflect", targets: ["reflect"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // The only C in the project: GNU readline behind a few accessors (see its header).
    .target(name: "CReadline", linkerSettings: [.linkedLibrary("readline")]),
    // The system SQLite, for the derived index of the archive (docs/performance.md says why
    // its C API and not a wrapper package).
    .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
    // OpenBLAS (Debian's libopenblas-dev), for the matrix products of the sentence encoder.
    .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
    // The local sentence encoder (all-MiniLM-L6-v2, docs/meaning.md): knows nothing of sessions.
    // Optimised in debug builds too: the tests embed thousands of sentences and hash the
    // 87 MiB weights, 20 times slower unoptimised (7.8 s for the hash).
    .target(
      name: "ReflectMeaning", dependencies: ["COpenBLAS"],
      swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
    // `make prompts`: turns Prompts/*.yaml into Swift string literals in ReflectCore, so a
    // copied binary still carries its built-in packs (no resource bundle to lose). The
    // generated file is committed; a test fails when it drifts from Prompts/.
    .executableTarget(name: "EmbedPrompts"),
    .target(
      name: "ReflectCore",
      dependencies: ["CSQLite", .product(name: "Yams", package: "Yams")]
    ),
    .target(name: "ReflectTerminal", dependencies: ["CReadline", "ReflectCore"]),
    .executableTarget(
      name: "reflect",
      dependencies: [
        "ReflectCore", "ReflectTerminal", "ReflectMeaning",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // `swift run -c release meaning-bench MODEL_DIR`: the encoder's speed and memory
    // (docs/performance.md).
    .executableTarget(
      name: "meaning-bench", dependencies: ["ReflectMeaning"], path: "Benchmarks/meaning/Sources"),
    // libFuzzer targets (`make fuzz`); built only with `--sanitize fuzzer`.
    .executableTarget(name: "reflect-fuzz", dependencies: ["ReflectCore"]),
    .target(
      name: "ReflectTestSupport",
      dependencies: ["ReflectCore", "ReflectMeaning", .product(name: "Yams", package: "Yams")],
      path: "Tests/ReflectTestSupport"),
    // `make coach-eval`: runs the scripted sessions of Benchmarks/coach and prints the table.
    .executableTarget(
      name: "coach-eval", dependencies: ["ReflectCore", "ReflectMeaning", "ReflectTestSupport"],
      path: "Benchmarks/coach/Sources"),
    .testTarget(
      name: "ReflectCoreTests",
      dependencies: [
        "ReflectCore", "ReflectTestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
    .testTarget(
      name: "ReflectTerminalTests", dependencies: ["ReflectTerminal", "ReflectTestSupport"]),
    .testTarget(
      name: "ReflectMeaningTests", dependencies: ["ReflectMeaning", "ReflectTestSupport"]),
    .testTarget(
      name: "reflectTests",
      dependencies: ["reflect", "ReflectTestSupport", .product(name: "Yams", package: "Yams")]),
  ],
  swiftLanguageModes: [.v6]
)

for target in package.targets
where target.type != .plugin && target.type != .system
  && target.name != "CReadline"
{
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .enableUpcomingFeature("ExistentialAny"),
      .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
