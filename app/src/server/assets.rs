//! The page's own assets, as the document shell refers to them: the
//! stylesheet, sent inside the page, and the script that loads the wasm.
//!
//! A production page carries its whole stylesheet (the site's CSS and the
//! syntax-highlighting theme, about 5 KB compressed) in one `<style>` in
//! `<head>`, so the first paint waits for no other request, which on a slow
//! mobile connection is most of the time to first paint. During development
//! the site's CSS stays a `<link>`, so that `cargo leptos watch` can swap it
//! in place when it changes.
//!
//! The wasm is not announced in `<head>` (no preload hints): the loader
//! starts it once the page has loaded and painted, so the bundle never
//! competes with the first paint for a phone's bandwidth. It then asks for
//! the chunk of the page shown too (`app::chunk`), so both arrive together.

use std::{path::PathBuf, sync::OnceLock};

use leptos::config::{Env, LeptosOptions};

use crate::{locale::Locale, tr_in};

/// The site's CSS as cargo-leptos wrote it, followed by the highlighting
/// theme; `None` during development, or when the file cannot be read (the
/// page then links the stylesheet instead).
pub fn inline_css(options: &LeptosOptions) -> Option<&'static str> {
    static CSS: OnceLock<Option<String>> = OnceLock::new();
    if options.env != Env::PROD {
        return None;
    }
    CSS.get_or_init(|| {
        let path = PathBuf::from(options.site_root.as_ref())
            .join(options.site_pkg_dir.as_ref())
            .join(format!("{}.css", hashed_name(options, "css")));
        let mut css = std::fs::read_to_string(path).ok()?;
        css.push('\n');
        css.push_str(highlight_css());
        Some(css)
    })
    .as_deref()
}

/// The syntax-highlighting theme (light, dark and system), generated once.
pub fn highlight_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(crate::docs::highlight::theme_css)
}

/// The inline script that loads the JS glue and the wasm, then hydrates,
/// once the page has loaded and the browser is idle (at most 2 s later).
/// The wasm files in `chunks` (the page's chunk and the parts it shares,
/// [`chunk_files`]) are fetched at the same time, as preloads that the
/// bundle's own fetch of them then uses.
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
pub fn loader_script(options: &LeptosOptions, locale: Locale, chunks: &[String]) -> String {
    // The file names come from the hash file: read once, not on every render.
    static FILES: OnceLock<(String, String)> = OnceLock::new();
    let (js, wasm) = FILES.get_or_init(|| {
        let pkg = format!("/{}", options.site_pkg_dir);
        let mut wasm = hashed_name(options, "wasm");
        // Without cargo-leptos' output name, wasm-bindgen's own file name is kept.
        if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        (format!("{pkg}/{}.js", hashed_name(options, "js")), format!("{pkg}/{wasm}.wasm"))
    });
    let message = js_string(&tr_in!(locale, error.load_failed));
    let reload = js_string(&tr_in!(locale, error.reload));
    let preload = if chunks.is_empty() {
        String::new()
    } else {
        let urls: Vec<String> = chunks.iter().map(|url| js_string(url)).collect();
        format!(
            "for(const u of [{}]){{const l=document.createElement(\"link\");\
             l.rel=\"preload\";l.as=\"fetch\";l.crossOrigin=\"anonymous\";l.href=u;document.head.append(l)}}",
            urls.join(",")
        )
    };
    format!(
        "(()=>{{const fail=window.leptraLoadFailed=()=>{{if(document.getElementById(\"load-failure\"))return;\
         const n=document.createElement(\"div\"),t=document.createElement(\"span\"),a=document.createElement(\"a\");\
         n.id=\"load-failure\";n.className=\"load-failure\";n.setAttribute(\"role\",\"alert\");\
         t.textContent={message};a.href=\"\";a.textContent={reload};n.append(t,\" \",a);document.body.prepend(n)}};\
         const trap=e=>e instanceof WebAssembly.RuntimeError&&fail();\
         addEventListener(\"error\",e=>trap(e.error));addEventListener(\"unhandledrejection\",e=>trap(e.reason));\
         const start=()=>{{{preload}return import({js:?}).then(m=>m.default({{module_or_path:{wasm:?}}}).then(()=>m.hydrate())).catch(fail)}};\
         const idle=()=>\"requestIdleCallback\" in window?requestIdleCallback(start,{{timeout:2000}}):setTimeout(start,1);\
         document.readyState===\"complete\"?idle():addEventListener(\"load\",idle,{{once:true}})}})()"
    )
}

/// The wasm files (their paths) that render `page` besides the shared bundle:
/// its chunk and the parts it shares with other chunks, as the split's
/// manifest lists them (`app::chunk`). None when the bundle is not split.
pub fn chunk_files(options: &LeptosOptions, page: crate::router::Page) -> &'static [String] {
    type Manifest = std::collections::HashMap<String, Vec<String>>;
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    let manifest = MANIFEST.get_or_init(|| {
        let mut name = String::from("__wasm_split_manifest");
        if let Some(hash) = options.hash_files.then(|| file_hash(options, "manifest")).flatten() {
            name.push('.');
            name.push_str(&hash);
        }
        let pkg = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        let manifest: Manifest = std::fs::read_to_string(pkg.join(format!("{name}.json")))
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        manifest
            .into_iter()
            .map(|(chunk, files)| {
                let paths = files.iter().map(|file| format!("/{}/{file}.wasm", options.site_pkg_dir)).collect();
                (chunk, paths)
            })
            .collect()
    });
    crate::chunk::Chunk::of(page).and_then(|chunk| manifest.get(chunk.name())).map_or(&[], Vec::as_slice)
}

/// `text` as a JavaScript string literal, safe inside an inline `<script>`
/// (JSON's escaping, plus `<` so that no `</script>` can end the element).
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()).replace('<', "\\u003c")
}

/// The name cargo-leptos gave the asset of `kind` (`css`, `js`, `wasm`): the
/// output name, plus `.<hash>` from the hash file next to the server binary
/// when file hashing is on (as `leptos_meta::HashedStylesheet` reads it).
fn hashed_name(options: &LeptosOptions, kind: &str) -> String {
    let mut name = options.output_name.to_string();
    if let Some(hash) = options.hash_files.then(|| file_hash(options, kind)).flatten() {
        name.push('.');
        name.push_str(&hash);
    }
    name
}

/// The hash of the file of `kind` in the hash file next to the server binary.
fn file_hash(options: &LeptosOptions, kind: &str) -> Option<String> {
    let hashes = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
        .and_then(|path| std::fs::read_to_string(path).ok())?;
    let prefix = format!("{kind}:");
    hashes.lines().find_map(|line| line.trim().strip_prefix(prefix.as_str())).map(|hash| hash.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_waits_for_the_load_event_and_idle_time() {
        let options = LeptosOptions::builder().output_name("site").build();
        let script = loader_script(&options, Locale::en, &[]);
        assert!(script.contains(r#"import("/pkg/site.js")"#), "{script}");
        assert!(script.contains(r#"addEventListener("load""#), "{script}");
        assert!(script.contains("requestIdleCallback(start"), "{script}");
        assert!(script.contains("m.hydrate()"), "{script}");
        assert!(script.contains(".catch(fail)"), "{script}");
        // A trap anywhere later (an event handler, an async task) shows the notice too.
        assert!(script.contains(r#"addEventListener("error",e=>trap(e.error))"#), "{script}");
        assert!(script.contains(r#"addEventListener("unhandledrejection",e=>trap(e.reason))"#), "{script}");
    }

    #[test]
    fn the_loader_fetches_the_page_chunks_with_the_bundle() {
        let options = LeptosOptions::builder().output_name("site").build();
        let chunks = ["/pkg/split_user.a.wasm".to_owned(), "/pkg/chunk_5.b.wasm".to_owned()];
        let script = loader_script(&options, Locale::en, &chunks);
        let start = script.find("const start=").expect("has a start function");
        let import = script.find("import(").expect("imports the JS glue");
        let preload =
            script.find(r#"for(const u of ["/pkg/split_user.a.wasm","/pkg/chunk_5.b.wasm"])"#).expect(&script);
        assert!(start < preload && preload < import, "{script}");
        assert!(script.contains(r#"l.rel="preload";l.as="fetch";l.crossOrigin="anonymous""#), "{script}");
        assert!(!loader_script(&options, Locale::en, &[]).contains("preload"));
        // The paths are written as JavaScript strings, so none can end the inline script.
        let hostile = loader_script(&options, Locale::en, &["/pkg/a</script>\".wasm".to_owned()]);
        assert!(hostile.contains(r#"["/pkg/a\u003c/script>\".wasm"]"#), "{hostile}");
    }

    #[test]
    fn chunk_files_come_from_the_split_manifest() {
        let site = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(site.path().join("pkg")).expect("creates pkg");
        let manifest = r#"{"user":["chunk_5.h","split_user.x"],"docs":["split_docs.y"]}"#;
        std::fs::write(site.path().join("pkg/__wasm_split_manifest.json"), manifest).expect("writes the manifest");
        let options = LeptosOptions::builder()
            .output_name("site")
            .site_root(site.path().display().to_string())
            .hash_files(false)
            .build();
        use crate::router::Page;
        assert_eq!(chunk_files(&options, Page::User), ["/pkg/chunk_5.h.wasm", "/pkg/split_user.x.wasm"]);
        assert_eq!(chunk_files(&options, Page::Docs(Locale::ko)), ["/pkg/split_docs.y.wasm"]);
        assert!(chunk_files(&options, Page::Home).is_empty());
        assert!(chunk_files(&options, Page::Search).is_empty());
    }

    #[test]
    fn the_failure_notice_is_in_the_page_language_and_cannot_end_the_script() {
        let options = LeptosOptions::builder().output_name("site").build();
        assert!(loader_script(&options, Locale::ko, &[]).contains("새로 고침"));
        assert_eq!(js_string("a</script>\"b"), r#""a\u003c/script>\"b""#);
    }
}
