//! Replays every committed corpus and runs a short fixed-seed campaign per
//! target: part of `cargo test --workspace`.

use std::time::Duration;

use wasm2native_fuzz::runner::campaign::{self, Config};
use wasm2native_fuzz::runner::replay::{corpus_dir, replay};
use wasm2native_fuzz::Target;

#[test]
fn committed_corpora_replay_cleanly() {
    for target in Target::ALL {
        let r = replay(target, &[corpus_dir(target)]).expect("reading the corpus");
        assert!(r.files > 0, "{target}: empty corpus");
        assert!(r.failures.is_empty(), "{target}: {:?}", r.failures);
    }
}

/// Inputs per target in the short campaign (the compile targets cost a few
/// milliseconds each, the WASI one less).
fn short_count(target: Target) -> u64 {
    match target {
        Target::CompileBytes => 1000,
        Target::CompileMutated => 400,
        Target::CompileSmith => 500,
        Target::Wat => 1000,
        Target::WasiShim => 1000,
    }
}

#[test]
fn short_campaigns_find_nothing() {
    for target in Target::ALL {
        let cfg = Config {
            target,
            seed: 11,
            count: short_count(target),
            jobs: 2,
            save: None,
            timeout: Duration::from_secs(60),
            progress: None,
        };
        let summary = campaign::run(&cfg);
        eprintln!("{target}: {}", summary.line(target));
        assert!(
            summary.failures.is_empty(),
            "{target}: {:?}",
            summary.failures
        );
        assert_eq!(summary.inputs, cfg.count);
    }
}
