//! `bench gen-docs`: writes a generated docs tree of a given size.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
};

use crate::Args;

const SUBJECTS: &[&str] = &[
    "routing",
    "caching",
    "hydration",
    "server functions",
    "streaming",
    "error pages",
    "configuration",
    "deployment",
    "search",
    "theming",
];
const VERBS: &[&str] = &["configure", "measure", "debug", "extend", "deploy", "test", "profile", "document"];

pub(crate) fn gen_docs(args: Args) -> Result<(), String> {
    let dir = PathBuf::from(args.positional.first().ok_or("gen-docs needs a folder")?);
    let folders: usize = args.number("folders", 20)?;
    let per_folder: usize = args.number("pages-per-folder", 50)?;
    let en = dir.join("en");
    write(&en.join("index.md"), &root_page(folders, per_folder))?;
    let mut root_meta = String::from("{\n  \"index\": \"Introduction\"");
    for folder in 1..=folders {
        let name = format!("section-{folder:02}");
        let _ = write!(root_meta, ",\n  \"{name}\": \"Section {folder}: {}\"", title_case(subject(folder)));
        let mut meta = String::from("{");
        for page in 1..=per_folder {
            let comma = if page == 1 { "" } else { "," };
            let _ = write!(meta, "{comma}\n  \"topic-{page:02}\": \"{}\"", page_title(folder, page));
            write(&en.join(&name).join(format!("topic-{page:02}.md")), &page_markdown(folder, page, per_folder))?;
        }
        meta.push_str("\n}\n");
        write(&en.join(&name).join("_meta.json"), &meta)?;
    }
    root_meta.push_str("\n}\n");
    write(&en.join("_meta.json"), &root_meta)?;
    println!("wrote {} pages under {}", folders * per_folder + 1, en.display());
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|err| format!("{}: {err}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|err| format!("{}: {err}", path.display()))
}

fn subject(n: usize) -> &'static str {
    SUBJECTS[n % SUBJECTS.len()]
}

fn verb(n: usize) -> &'static str {
    VERBS[n % VERBS.len()]
}

fn title_case(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn page_title(folder: usize, page: usize) -> String {
    format!("How to {} {} ({folder}.{page})", verb(page), subject(folder + page))
}

fn root_page(folders: usize, per_folder: usize) -> String {
    format!(
        "---\ntitle: Generated docs\ndescription: A generated tree of {folders} folders with {per_folder} pages \
         each, for benchmarks.\n---\n\n# Generated docs\n\nThis tree was written by `bench gen-docs` to measure how \
         Leptra's start-up time and memory grow with the amount of content.\n"
    )
}

fn page_markdown(folder: usize, page: usize, per_folder: usize) -> String {
    let title = page_title(folder, page);
    let topic = subject(folder + page);
    let action = verb(page);
    let previous = if page > 1 { page - 1 } else { per_folder };
    let sentence = |n: usize| {
        format!(
            "When you {} {} in section {folder}, step {n} matters: the server renders the page once, keeps the \
             result in memory and answers every later request from there, so the cost is paid at start-up. ",
            verb(n + page),
            subject(n + folder)
        )
    };
    let paragraph = |n: usize| (0..3).map(|i| sentence(n * 3 + i)).collect::<String>().trim_end().to_owned();
    let mut md = String::new();
    let _ = write!(
        md,
        "---\ntitle: {title}\ndescription: Learn how to {action} {topic} in a Leptra site, with a worked example \
         for page {page} of section {folder}.\n---\n\n# {title}\n\n{}\n\nSee also [the previous topic]\
         (/docs/section-{folder:02}/topic-{previous:02}) and the **{topic}** overview. Use `leptra::{}` for the \
         details.\n\n## Overview\n\n{}\n\n- Read the configuration for {topic} at start-up\n- Render each page \
         once and cache it\n- Serve the cached HTML with `Cache-Control`\n- Revalidate when the content \
         changes\n\n## Example\n\n{}\n\n```rust filename=\"src/section_{folder:02}/topic_{page:02}.rs\" {{3-4}}\n\
         use std::time::Duration;\n\n/// Settings for {topic} on page {page}.\npub struct Settings {{\n    pub \
         name: String,\n    pub ttl: Duration,\n}}\n\nimpl Settings {{\n    pub fn new(name: &str) -> Self {{\n        \
         Self {{ name: name.to_owned(), ttl: Duration::from_secs({}) }}\n    }}\n}}\n```\n\n:::callout tip \
         Remember\n\n{}\n\n:::\n\n## Details\n\n### Step one\n\n{}\n\n### Step two\n\n{}\n\n1. Start the server\n\
         2. Open `/docs/section-{folder:02}/topic-{page:02}`\n3. Check the answer is served from memory\n\n\
         ## Summary\n\n{}\n",
        paragraph(0),
        topic.replace(' ', "_"),
        paragraph(1),
        paragraph(2),
        60 * page,
        sentence(page).trim_end(),
        paragraph(3),
        paragraph(4),
        paragraph(5),
    );
    md
}
