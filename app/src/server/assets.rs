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
//! competes with the first paint for a phone's bandwidth. It then asks for
//! the chunk of the page shown too (`app::chunk`), so both arrive together.

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

/// The inline script that loads `bundle`'s JS glue and wasm, then hydrates,
/// once the page has loaded and the browser is idle (at most 2 s later).
/// The bundle's chunks that the page needs are fetched at the same time, as
/// preloads that the bundle's own fetch of them then uses.
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
    let Bundle { js, wasm, chunks } = bundle;
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
    let (js, wasm) = (js_string(js), js_string(wasm));
    format!(
        "(()=>{{const fail=window.leptraLoadFailed=()=>{{if(document.getElementById(\"load-failure\"))return;\
         const n=document.createElement(\"div\"),t=document.createElement(\"span\"),a=document.createElement(\"a\");\
         n.id=\"load-failure\";n.className=\"load-failure\";n.setAttribute(\"role\",\"alert\");\
         t.textContent={message};a.href=\"\";a.textContent={reload};n.append(t,\" \",a);document.body.prepend(n)}};\
         const trap=e=>e instanceof WebAssembly.RuntimeError&&fail();\
         addEventListener(\"error\",e=>trap(e.error));addEventListener(\"unhandledrejection\",e=>trap(e.reason));\
         const start=()=>{{{preload}return import({js}).then(m=>m.default({{module_or_path:{wasm}}}).then(()=>m.hydrate())).catch(fail)}};\
         const idle=()=>\"requestIdleCallback\" in window?requestIdleCallback(start,{{timeout:2000}}):setTimeout(start,1);\
         document.readyState===\"complete\"?idle():addEventListener(\"load\",idle,{{once:true}})}})()"
    )
}

/// What a direct load of a page fetches to hydrate: a bundle's JS glue and
/// wasm, and the chunks of that bundle the page's code is in (paths).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bundle {
    /// The JS glue, which the loader imports.
    pub js: String,
    /// The wasm, which the glue instantiates.
    pub wasm: String,
    /// The chunks the page's code is in, which the loader preloads (none
    /// when the bundle holds the page's code itself).
    pub chunks: Vec<String>,
}

/// The bundle a direct load of `page` starts: the one built for its page
/// family, whose main part holds that family's code, when the release build
/// made one (`scripts/build.sh`); else the bundle every page shares, with the
/// page's chunks. Read once from the site folder and the hash files.
pub fn bundle_for(options: &LeptosOptions, page: crate::router::Page) -> &'static Bundle {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles::read(options, &hash_dir())).of(page)
}

/// The bundle for each kind of direct load: the shared one for pages without
/// a chunk, and one for each chunk (page family).
#[derive(Debug, Default)]
pub struct Bundles {
    shared: Bundle,
    families: Vec<(crate::chunk::Chunk, Bundle)>,
}

impl Bundles {
    /// The bundles in the site folder of `options`, named by the hash files in
    /// `hash_dir` (the folder of the server binary): the shared one in the
    /// site's package folder, each page family's in a folder of its own
    /// beside the shared one's files (`pkg/docs`, `pkg/user`), with its hash
    /// file (`hash-docs.txt`). A family without one loads the shared bundle
    /// and its chunks.
    pub fn read(options: &LeptosOptions, hash_dir: &std::path::Path) -> Self {
        use crate::chunk::Chunk;
        let pkg = options.site_pkg_dir.to_string();
        let shared = Split::read(options, &pkg, hash_dir.join(options.hash_file.as_ref()));
        let families = [Chunk::Docs, Chunk::Search, Chunk::User]
            .into_iter()
            .map(|chunk| {
                // Both must be there: a later build of the shared bundle alone empties the
                // site folder but leaves the hash files.
                let own = options.hash_files.then(|| {
                    let family_pkg = format!("{pkg}/{}", chunk.name());
                    let hash_file = hash_dir.join(format!("hash-{}.txt", chunk.name()));
                    let built =
                        hash_file.exists() && PathBuf::from(options.site_root.as_ref()).join(&family_pkg).is_dir();
                    built.then(|| Split::read(options, &family_pkg, hash_file))
                });
                let bundle = match own.flatten() {
                    Some(own) => own.bundle(Some(chunk)),
                    None => shared.bundle(Some(chunk)),
                };
                (chunk, bundle)
            })
            .collect();
        Self { shared: shared.bundle(None), families }
    }

    /// The bundle a direct load of `page` starts.
    pub fn of(&self, page: crate::router::Page) -> &Bundle {
        let family = crate::chunk::Chunk::of(page);
        self.families.iter().find(|(chunk, _)| Some(*chunk) == family).map_or(&self.shared, |(_, bundle)| bundle)
    }
}

/// One build of the bundle: its files in package folder `pkg` (as URL paths),
/// and its split's manifest (the chunk files each page family needs).
struct Split {
    js: String,
    wasm: String,
    manifest: std::collections::HashMap<String, Vec<String>>,
}

impl Split {
    fn read(options: &LeptosOptions, pkg: &str, hash_file: PathBuf) -> Self {
        let hashes = hashes(options, &hash_file);
        let named = |kind: &str, base: &str| hashed(&hashes, kind, base);
        let output = options.output_name.to_string();
        let mut wasm = named("wasm", &output);
        // Without cargo-leptos' output name, wasm-bindgen's own file name is kept.
        if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
            wasm.push_str("_bg");
        }
        let manifest_file = PathBuf::from(options.site_root.as_ref())
            .join(pkg)
            .join(format!("{}.json", named("manifest", "__wasm_split_manifest")));
        let manifest: std::collections::HashMap<String, Vec<String>> = std::fs::read_to_string(manifest_file)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        Self {
            js: format!("/{pkg}/{}.js", named("js", &output)),
            wasm: format!("/{pkg}/{wasm}.wasm"),
            manifest: manifest
                .into_iter()
                .map(|(chunk, files)| (chunk, files.iter().map(|file| format!("/{pkg}/{file}.wasm")).collect()))
                .collect(),
        }
    }

    /// What a direct load of a page of `family` fetches from this build.
    fn bundle(&self, family: Option<crate::chunk::Chunk>) -> Bundle {
        let chunks = family.and_then(|chunk| self.manifest.get(chunk.name())).cloned().unwrap_or_default();
        Bundle { js: self.js.clone(), wasm: self.wasm.clone(), chunks }
    }
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
    use crate::router::Page;

    fn bundle(chunks: &[&str]) -> Bundle {
        Bundle {
            js: "/pkg/site.js".to_owned(),
            wasm: "/pkg/site.wasm".to_owned(),
            chunks: chunks.iter().map(|chunk| (*chunk).to_owned()).collect(),
        }
    }

    #[test]
    fn the_loader_waits_for_the_load_event_and_idle_time() {
        let script = loader_script(Locale::en, &bundle(&[]));
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
    fn the_loader_fetches_the_page_chunks_with_the_bundle() {
        let script = loader_script(Locale::en, &bundle(&["/pkg/split_user.a.wasm", "/pkg/chunk_5.b.wasm"]));
        let start = script.find("const start=").expect("has a start function");
        let import = script.find("import(").expect("imports the JS glue");
        let preload =
            script.find(r#"for(const u of ["/pkg/split_user.a.wasm","/pkg/chunk_5.b.wasm"])"#).expect(&script);
        assert!(start < preload && preload < import, "{script}");
        assert!(script.contains(r#"l.rel="preload";l.as="fetch";l.crossOrigin="anonymous""#), "{script}");
        assert!(!loader_script(Locale::en, &bundle(&[])).contains("preload"));
        // The paths are written as JavaScript strings, so none can end the inline script.
        let hostile = loader_script(Locale::en, &bundle(&["/pkg/a</script>\".wasm"]));
        assert!(hostile.contains(r#"["/pkg/a\u003c/script>\".wasm"]"#), "{hostile}");
    }

    /// A site folder with the shared bundle's split manifest, and `hashes` as
    /// the shared bundle's hash file.
    fn site(manifest: &str, hashes: &str) -> (tempfile::TempDir, LeptosOptions) {
        let site = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir(site.path().join("pkg")).expect("creates pkg");
        std::fs::write(site.path().join("pkg/__wasm_split_manifest.m.json"), manifest).expect("writes the manifest");
        std::fs::write(site.path().join("hash.txt"), hashes).expect("writes the hash file");
        let options = LeptosOptions::builder()
            .output_name("site")
            .site_root(site.path().display().to_string())
            .hash_files(true)
            .build();
        (site, options)
    }

    #[test]
    fn without_family_bundles_a_page_loads_the_shared_bundle_and_its_chunks() {
        let (site, options) = site(
            r#"{"user":["chunk_5.h","split_user.x"],"docs":["split_docs.y"]}"#,
            "js: J\nwasm: W\ncss: C\nmanifest: m\n",
        );
        let bundles = Bundles::read(&options, site.path());
        let user = bundles.of(Page::User);
        assert_eq!((user.js.as_str(), user.wasm.as_str()), ("/pkg/site.J.js", "/pkg/site.W.wasm"));
        assert_eq!(user.chunks, ["/pkg/chunk_5.h.wasm", "/pkg/split_user.x.wasm"]);
        assert_eq!(bundles.of(Page::Docs(Locale::ko)).chunks, ["/pkg/split_docs.y.wasm"]);
        assert!(bundles.of(Page::Home).chunks.is_empty());
        assert!(bundles.of(Page::Search).chunks.is_empty());
        assert_eq!(bundles.of(Page::Search).wasm, "/pkg/site.W.wasm");
    }

    #[test]
    fn a_page_family_with_its_own_bundle_loads_that_one() {
        let (site, options) =
            site(r#"{"user":["split_user.x"],"docs":["split_docs.y"]}"#, "js: J\nwasm: W\nmanifest: m\n");
        std::fs::create_dir(site.path().join("pkg/user")).expect("creates pkg/user");
        std::fs::write(site.path().join("pkg/user/__wasm_split_manifest.n.json"), r#"{"docs":["split_docs.z"]}"#)
            .expect("writes the family's manifest");
        std::fs::write(site.path().join("hash-user.txt"), "js: UJ\nwasm: UW\nmanifest: n\n")
            .expect("writes its hash file");
        let bundles = Bundles::read(&options, site.path());
        assert_eq!(
            bundles.of(Page::User),
            &Bundle { js: "/pkg/user/site.UJ.js".into(), wasm: "/pkg/user/site.UW.wasm".into(), chunks: vec![] }
        );
        // The others keep the shared bundle.
        assert_eq!(bundles.of(Page::Docs(Locale::en)).wasm, "/pkg/site.W.wasm");
        assert_eq!(bundles.of(Page::Docs(Locale::en)).chunks, ["/pkg/split_docs.y.wasm"]);
        assert_eq!(bundles.of(Page::Repos).wasm, "/pkg/site.W.wasm");
    }

    #[test]
    fn the_failure_notice_is_in_the_page_language_and_cannot_end_the_script() {
        assert!(loader_script(Locale::ko, &bundle(&[])).contains("새로 고침"));
        assert_eq!(js_string("a</script>\"b"), r#""a\u003c/script>\"b""#);
    }
}
