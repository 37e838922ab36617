//! Generates the `i18n` module from `locales/en.json` and `locales/ko.json`
//! with `leptos_i18n_build`; `src/locale.rs` includes it. Every key used by a
//! `td_string!` is checked against these files at compile time.

use std::{error::Error, path::PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let i18n_mod_directory = PathBuf::from(out_dir).join("i18n");
    // "en" is the default: a key missing in ko.json falls back to English.
    // `interpolate_display` lets `td_string!` fill `{{ n }}` placeholders.
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = Config::new("en")?.add_locale("ko")?.parse_options(options);
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_mod_directory)?;
    Ok(())
}
