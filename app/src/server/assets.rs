//! The page's own assets, as the document shell refers to them: the
//! stylesheet and the script that loads the wasm.
//!
//! The stylesheet (the site's CSS with the highlighting theme it imports,
//! bundled and hashed by cargo-leptos) is a file of its own, cached for a
//! year: a page carries only its own bytes, and a reader's second page
//! fetches no CSS. `LEPTRA_INLINE_CSS=true` puts it inside every page
//! instead (one request less on a first visit, about 7 KB more per page;
//! the docs' performance page compares the two).
//!
//! The wasm is not announced in `<head>` (no preload hints): the loader
//! starts it once the page has loaded and painted, so the bundle never
//! competes with the first paint for a phone's bandwidth.

use std::{path::PathBuf, sync::OnceLock};

use leptos::config::{Env, LeptosOptions};

use crate::{locale::Locale, tr_in};

/// The site's stylesheet as cargo-leptos wrote it, to put inside pages
/// (`LEPTRA_INLINE_CSS`); `None` during development, or when the file
/// cannot be read (the page then links it).
pub fn inline_css(options: &LeptosOptions) -> Option<&'static str> {
    static CSS: OnceLock<Option<String>> = OnceLock::new();
    if options.env != Env::PROD {
        return None;
    }
    CSS.get_or_init(|| {
        let hashes = hashes(options, &hash_dir().join(options.hash_file.as_ref()));
        let name = hashed(&hashes, "css", &options.output_name);
        let path =
            PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref()).join(format!("{name}.css"));
        std::fs::read_to_string(path).ok()
    })
    .as_deref()
}

/// The inline script that loads the bundle's JS glue and wasm, then hydrates,
/// once the page has loaded and the browser is idle (at most 2 s later).
///
/// If the bundle cannot be fetched or fails while running, the page stays as
/// the server rendered it (readable, its links and forms working) and a notice
/// in `locale` says so and offers a reload. The notice is the global
/// `leptraLoadFailed()`. A release build aborts on a panic without unwinding
/// or running a hook (see `scripts/build.sh`): the wasm traps, and the trap
/// reaches the page as a `WebAssembly.RuntimeError`, thrown from hydration
/// (caught here), from an event handler (an `error` event) or from an async
/// task (an `unhandledrejection`). A development build's panic hook calls the
/// notice itself (`load_failure`).
pub fn loader_script(locale: Locale, bundle: &Bundle) -> String {
    let message = js_string(&tr_in!(locale, error.load_failed));
    let reload = js_string(&tr_in!(locale, error.reload));
    let (js, wasm) = (js_string(&bundle.js), js_string(&bundle.wasm));
    format!(
        "(()=>{{const fail=window.leptraLoadFailed=()=>{{if(document.getElementById(\"load-failure\"))return;\
         const n=document.createElement(\"div\"),t=document.createElement(\"span\"),a=document.createElement(\"a\");\
         n.id=\"load-failure\";n.className=\"load-failure\";n.setAttribute(\"role\",\"alert\");\
         t.textContent={message};a.href=\"\";a.textContent={reload};n.append(t,\" \",a);document.body.prepend(n)}};\
         const trap=e=>e instanceof WebAssembly.RuntimeError&&fail();\
         addEventListener(\"error\",e=>trap(e.error));addEventListener(\"unhandledrejection\",e=>trap(e.reason));\
         const start=()=>import({js}).then(m=>m.default({{module_or_path:{wasm}}}).then(()=>m.hydrate())).catch(fail);\
         const idle=()=>\"requestIdleCallback\" in window?requestIdleCallback(start,{{timeout:2000}}):setTimeout(start,1);\
         document.readyState===\"complete\"?idle():addEventListener(\"load\",idle,{{once:true}})}})()"
    )
}

/// What a direct load fetches to hydrate: the bundle's JS glue and wasm (paths).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundle {
    /// The JS glue, which the loader imports.
    pub js: String,
    /// The wasm, which the glue instantiates.
    pub wasm: String,
}

impl Bundle {
    /// The bundle in the site folder of `options`, named by the hash file in
    /// `hash_dir` (the folder of the server binary).
    pub fn read(options: &LeptosOptions, hash_dir: &std::path::Path) -> Self {
        let pkg = options.site_pkg_dir.to_string();
        let hashes = hashes(options, &hash_dir.join(options.hash_file.as_ref()));
        let output = options.output_name.to_string();
        let mut wasm = hashed(&hashes, "wasm", &output);
        // Without cargo-leptos' output name, wasm-bindgen's own file name is kept.
        if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        Self { js: format!("/{pkg}/{}.js", hashed(&hashes, "js", &output)), wasm: format!("/{pkg}/{wasm}.wasm") }
    }
}

/// The bundle every page loads, read once from the site folder and the hash file.
pub fn bundle(options: &LeptosOptions) -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| Bundle::read(options, &hash_dir()))
}

/// The folder of the server binary, where cargo-leptos writes the hash files.
fn hash_dir() -> PathBuf {
    std::env::current_exe().ok().and_then(|exe| exe.parent().map(PathBuf::from)).unwrap_or_default()
}

/// The text of hash file `file` when file hashing is on (else, or when it
/// cannot be read, none: the files keep their plain names).
fn hashes(options: &LeptosOptions, file: &std::path::Path) -> String {
    options.hash_files.then(|| std::fs::read_to_string(file).ok()).flatten().unwrap_or_default()
}

/// The name cargo-leptos gave the file of `kind` (`css`, `js`, `wasm`,
/// `manifest`) named `base`: `base.<hash>`, the hash from `hashes` (a hash
/// file's text), or `base` when it has none.
fn hashed(hashes: &str, kind: &str, base: &str) -> String {
    let prefix = format!("{kind}:");
    match hashes.lines().find_map(|line| line.trim().strip_prefix(prefix.as_str())) {
        Some(hash) => format!("{base}.{}", hash.trim()),
        None => base.to_owned(),
    }
}

/// `text` as a JavaScript string literal, safe inside an inline `<script>`
/// (JSON's escaping, plus `<` so that no `</script>` can end the element).
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()).replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle() -> Bundle {
        Bundle { js: "/pkg/site.js".to_owned(), wasm: "/pkg/site.wasm".to_owned() }
    }

    #[test]
    fn the_loader_waits_for_the_load_event_and_idle_time() {
        let script = loader_script(Locale::en, &bundle());
        assert!(script.contains(r#"import("/pkg/site.js")"#), "{script}");
        assert!(script.contains(r#"module_or_path:"/pkg/site.wasm""#), "{script}");
        assert!(script.contains(r#"addEventListener("load""#), "{script}");
        assert!(script.contains("requestIdleCallback(start"), "{script}");
        assert!(script.contains("m.hydrate()"), "{script}");
        assert!(script.contains(".catch(fail)"), "{script}");
        // A trap anywhere later (an event handler, an async task) shows the notice too.
        assert!(script.contains(r#"addEventListener("error",e=>trap(e.error))"#), "{script}");
        assert!(script.contains(r#"addEventListener("unhandledrejection",e=>trap(e.reason))"#), "{script}");
    }

    #[test]
    fn the_bundle_is_named_by_the_hash_file() {
        let site = tempfile::tempdir().expect("a temporary folder");
        std::fs::write(site.path().join("hash.txt"), "js: J\nwasm: W\ncss: C\n").expect("writes the hash file");
        let options = LeptosOptions::builder()
            .output_name("site")
            .site_root(site.path().display().to_string())
            .hash_files(true)
            .build();
        let bundle = Bundle::read(&options, site.path());
        assert_eq!((bundle.js.as_str(), bundle.wasm.as_str()), ("/pkg/site.J.js", "/pkg/site.W.wasm"));
    }

    #[test]
    fn the_failure_notice_is_in_the_page_language_and_cannot_end_the_script() {
        assert!(loader_script(Locale::ko, &bundle()).contains("새로 고침"));
        let hostile = loader_script(Locale::en, &Bundle { js: "/pkg/a</script>\".js".into(), wasm: String::new() });
        assert!(hostile.contains(r#"import("/pkg/a\u003c/script>\".js")"#), "{hostile}");
        assert_eq!(js_string("a</script>\"b"), r#""a\u003c/script>\"b""#);
    }
}
