//! The stable-Rust runners: replaying corpora ([`replay`]) and campaigns
//! of generated inputs ([`campaign`]), with what they share: catching a
//! target's panic as a one-line report ([`panic`]), deterministic random
//! numbers ([`rng`]), input generation ([`generate`]), the hang watchdog
//! ([`watchdog`]) and saving failing inputs ([`save`]).

pub mod campaign;
pub mod generate;
pub mod panic;
pub mod replay;
pub mod rng;
pub mod save;
pub mod watchdog;
