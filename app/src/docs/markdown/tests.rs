//! Tests of `markdown`: blocks, anchors, the table of contents, components
//! and what must never reach a page unescaped.

use super::*;
use crate::docs::model::{Card, FileNode, Tab};

/// Every HTML string in `blocks`, depth first, including headings' and code lines.
fn all_html(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Html(html) => out.push(html.clone()),
            Block::Heading { html, .. } => out.push(html.clone()),
            Block::Code(code) => out.extend(code.lines.iter().cloned()),
            Block::Callout { children, .. } | Block::Steps(children) => out.extend(all_html(children)),
            Block::Tabs { tabs, .. } => {
                for tab in tabs {
                    out.extend(all_html(&tab.children));
                }
            }
            Block::Cards(_) | Block::FileTree(_) | Block::Stars => {}
        }
    }
    out
}

fn ids(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn slugs_drop_punctuation_and_keep_every_script() {
    assert_eq!(slugify("Code blocks"), "code-blocks");
    assert_eq!(slugify("Why GET?"), "why-get");
    assert_eq!(slugify("Step 2: run it"), "step-2-run-it");
    assert_eq!(slugify("  Server-side  rendering -- and  more!  "), "server-side-rendering-and-more");
    assert_eq!(slugify("서버 사이드 렌더링"), "서버-사이드-렌더링");
    assert_eq!(slugify("`sidebar_title` (optional)"), "sidebar_title-optional");
    assert_eq!(slugify("Ünïcode Ärger"), "ünïcode-ärger");
}

#[test]
fn repeated_headings_get_numbered_anchors() {
    let r = render("# Intro\n\n## Intro\n\n## Intro\n\n## Intro 1\n\n## ???\n\n## !!!\n", 0);
    assert_eq!(ids(&r.blocks), ["intro", "intro-1", "intro-2", "intro-1-1", "section", "section-1"]);
    let toc: Vec<_> = r.toc.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(toc, ["intro-1", "intro-2", "intro-1-1", "section", "section-1"]);
}

#[test]
fn headings_keep_inline_html_and_the_toc_takes_levels_two_and_three() {
    let r = render("# Title\n\n## The *fast* `path`\n\n### Deeper\n\n#### Too deep\n\n## 한국어 제목\n", 0);
    assert_eq!(r.h1.as_deref(), Some("Title"));
    assert_eq!(
        r.blocks[1],
        Block::Heading { level: 2, id: "the-fast-path".into(), html: "The <em>fast</em> <code>path</code>".into() }
    );
    let toc: Vec<_> = r.toc.iter().map(|e| (e.level, e.id.as_str(), e.text.as_str())).collect();
    assert_eq!(
        toc,
        [(2, "the-fast-path", "The fast path"), (3, "deeper", "Deeper"), (2, "한국어-제목", "한국어 제목")]
    );
}

#[test]
fn github_alerts_become_callouts_of_their_kind() {
    let source = "> [!NOTE]\n> A note.\n\n> [!TIP]\n> A tip.\n\n> [!IMPORTANT]\n> Key.\n\n> [!WARNING]\n> Careful.\n\n> [!CAUTION]\n> Danger.\n\n> A plain quote.\n";
    let r = render(source, 0);
    let kinds: Vec<_> = r
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout { kind, children, .. } => Some((*kind, children.len())),
            _ => None,
        })
        .collect();
    use CalloutKind::*;
    assert_eq!(kinds, [(Note, 1), (Tip, 1), (Important, 1), (Warning, 1), (Caution, 1)]);
    assert!(matches!(&r.blocks[5], Block::Html(html) if html.contains("<blockquote>")));
}

#[test]
fn code_blocks_carry_language_file_name_and_emphasised_lines() {
    let r = render("```rust filename=\"src/main.rs\" {1,3-4}\nfn a() {}\nfn b() {}\nfn c() {}\nfn d() {}\n```\n\n```text {0,9-2,x}\nplain <b>\n```\n", 0);
    let Block::Code(code) = &r.blocks[0] else { panic!("{:?}", r.blocks) };
    assert_eq!(code.lang.as_deref(), Some("rust"));
    assert_eq!(code.filename.as_deref(), Some("src/main.rs"));
    assert_eq!(code.highlighted, vec![1, 3, 4]);
    assert_eq!(code.lines.len(), 4);
    assert!(code.lines[0].contains("hl-"), "{}", code.lines[0]);
    let Block::Code(plain) = &r.blocks[1] else { panic!("{:?}", r.blocks) };
    assert!(plain.highlighted.is_empty());
    assert_eq!(plain.lines, vec!["plain &lt;b&gt;".to_owned()]);
    assert_eq!(plain.code, "plain <b>");
}

#[test]
fn raw_html_is_always_shown_as_text() {
    let source =
        "<script>alert(1)</script>\n\nInline <b onclick=\"x()\">bold</b> and <img src=x onerror=alert(1)>.\n\n\
                  :::callout warning <script>title</script>\n\n<script>inside()</script>\n\n:::\n\n\
                  :::tabs\n\n:::tab A\n\n<iframe src=\"//evil\"></iframe>\n\n:::\n\n:::\n\n\
                  > [!NOTE]\n> <script>alert(2)</script>\n\n\
                  - item <script>alert(3)</script>\n\n$\\text{<script>}$ and $a < b$\n";
    let r = render(source, 0);
    let html = all_html(&r.blocks).join("\n");
    for tag in ["<script", "<iframe", "<img", "<b "] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
    assert!(html.contains("<p class=\"raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;</p>"), "{html}");
    assert!(html.contains("<math>"), "generated MathML still comes through: {html}");
    assert!(r.problems.is_empty(), "{:?}", r.problems);
}

#[test]
fn math_becomes_mathml_or_falls_back_to_escaped_source() {
    let r = render("Inline $x^2$ and display:\n\n$$\\frac{a}{b}$$\n\nBroken $\\frac{a}{$ here.\n", 0);
    let html = all_html(&r.blocks).join("\n");
    assert!(html.contains("<msup><mi>x</mi><mn>2</mn></msup>"), "{html}");
    assert!(html.contains("<span class=\"math-scroll\" tabindex=\"0\"><math display=\"block\"><mfrac>"), "{html}");
    assert!(html.contains("<code class=\"math math-error\">\\frac{a}{</code>"), "{html}");
}

#[test]
fn footnotes_work_across_components() {
    let source =
        "Before the box.[^a]\n\n:::callout tip\n\nInside the box.[^b]\n\n:::\n\n[^a]: Note A.\n[^b]: Note B.\n";
    let r = render(source, 0);
    let html = all_html(&r.blocks).join("\n");
    assert!(html.contains("href=\"#fn-a\""), "{html}");
    assert!(html.contains("href=\"#fn-b\""), "{html}");
    let Some(Block::Html(last)) = r.blocks.last() else { panic!("{:?}", r.blocks) };
    assert!(last.contains("<section class=\"footnotes\""), "{last}");
    assert!(last.contains("id=\"fn-a\"") && last.contains("id=\"fn-b\""), "{last}");
    assert!(matches!(&r.blocks[1], Block::Callout { kind: CalloutKind::Tip, .. }));
}

#[test]
fn directives_inside_fenced_code_are_left_alone() {
    let source = "````md\n```md\n:::callout tip\n\nText\n\n:::\n```\n````\n\n~~~\n:::steps\n~~~\n\n    :::cards\n\n<!--\n:::filetree\n-->\n\n:::steps\n\n### One\n\n```text\n:::\n```\n\n:::\n";
    let r = render(source, 0);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let Block::Code(outer) = &r.blocks[0] else { panic!("{:?}", r.blocks) };
    assert!(outer.code.contains("```md\n:::callout tip"), "{}", outer.code);
    let Block::Code(tilde) = &r.blocks[1] else { panic!("{:?}", r.blocks) };
    assert_eq!(tilde.code, ":::steps");
    let kinds: Vec<_> = r.blocks.iter().map(std::mem::discriminant).collect();
    let steps = r.blocks.iter().filter(|b| matches!(b, Block::Steps(_))).count();
    assert_eq!(steps, 1, "{kinds:?}");
    let Some(Block::Steps(children)) = r.blocks.last() else { panic!("{:?}", r.blocks) };
    assert!(matches!(&children[1], Block::Code(code) if code.code == ":::"), "{children:?}");
}

#[test]
fn unclosed_and_unknown_directives_are_problems_with_lines() {
    let source = "Intro.\n\n:::tabs key=mode\n\n:::tab One\n\nFirst.\n\n:::\n\n:::sparkles\n\nStill shown.\n\n:::\n\n::unknown\n";
    let r = render(source, 4);
    let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [7, 15, 15, 21], "{:?}", r.problems);
    assert!(r.problems[0].message.contains("`:::tabs` is never closed"), "{:?}", r.problems);
    assert!(r.problems[1].message.contains("only `:::tab` sections"), "{:?}", r.problems);
    assert!(r.problems[2].message.contains("unknown component `:::sparkles`"), "{:?}", r.problems);
    assert!(r.problems[3].message.contains("unknown component `::unknown`"), "{:?}", r.problems);
    let html = all_html(&r.blocks).join("\n");
    assert!(html.contains("Still shown."), "{html}");
    assert!(html.contains("::unknown"), "{html}");
}

#[test]
fn stray_closers_and_a_tab_outside_tabs_are_problems() {
    let r = render(":::\n\n:::tab Lost\n\nText.\n\n:::\n", 0);
    let lines: Vec<usize> = r.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [1, 3], "{:?}", r.problems);
    assert_eq!(all_html(&r.blocks).join(""), "<p>Text.</p>\n");
}

#[test]
fn directives_need_no_blank_lines_around_them() {
    let r = render("Text before.\n:::callout important Read this\nInside.\n:::\nText after.\n", 0);
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.blocks.len(), 3, "{:?}", r.blocks);
    assert_eq!(
        r.blocks[1],
        Block::Callout {
            kind: CalloutKind::Important,
            title: Some("Read this".into()),
            children: vec![Block::Html("<p>Inside.</p>\n".into())]
        }
    );
}

#[test]
fn tabs_cards_steps_file_trees_and_stars_become_components() {
    let source = "\
:::tabs key=pm

:::tab cargo

Run it.

:::

:::tab Other tool

Or this.

:::

:::

:::cards

- [Guide](/docs/guide) Read the **guide**.
- Not a link
- [API](https://docs.rs) Reference.

:::

:::steps

### First

Do it.

### Second

:::

:::filetree

- src/
  - main.rs
- docs
  - a.md
- Cargo.toml
- empty/

:::

::stars
";
    let r = render(source, 0);
    let tab =
        |label: &str, text: &str| Tab { label: label.into(), children: vec![Block::Html(format!("<p>{text}</p>\n"))] };
    assert_eq!(
        r.blocks[0],
        Block::Tabs { key: Some("pm".into()), tabs: vec![tab("cargo", "Run it."), tab("Other tool", "Or this.")] }
    );
    let card = |t: &str, h: &str, d: &str| Card { title: t.into(), href: h.into(), description: d.into() };
    assert_eq!(
        r.blocks[1],
        Block::Cards(vec![
            card("Guide", "/docs/guide", "Read the guide."),
            card("API", "https://docs.rs", "Reference.")
        ])
    );
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].line, 20);
    let Block::Steps(steps) = &r.blocks[2] else { panic!("{:?}", r.blocks) };
    assert_eq!(ids(steps), ["first", "second"]);
    assert_eq!(r.toc.len(), 2);
    let file = |n: &str| FileNode { name: n.into(), folder: false, children: vec![] };
    let folder = |n: &str, c: Vec<FileNode>| FileNode { name: n.into(), folder: true, children: c };
    assert_eq!(
        r.blocks[3],
        Block::FileTree(vec![
            folder("src", vec![file("main.rs")]),
            folder("docs", vec![file("a.md")]),
            file("Cargo.toml"),
            folder("empty", vec![])
        ])
    );
    assert_eq!(r.blocks[4], Block::Stars);
}

#[test]
fn the_first_paragraph_is_the_summary_and_sections_split_at_headings() {
    let long = "word ".repeat(60);
    let r = render(
        &format!("# Title\n\n{long}\n\n## Usage\n\nUse it.\n\n```sh\ncargo run\n```\n\n### Details\n\nMore.\n"),
        0,
    );
    let summary = r.summary.expect("summary");
    assert!(summary.ends_with('…') && summary.chars().count() <= 161, "{summary}");
    let sections: Vec<_> = r.sections.iter().map(|s| (s.anchor.as_deref(), s.heading.as_str())).collect();
    assert_eq!(sections, [(None, ""), (Some("usage"), "Usage"), (Some("details"), "Details")]);
    assert_eq!(r.sections[1].text, "Use it. cargo run");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Raw HTML in content, anywhere and however mangled, only ever comes out as text.
    #[test]
    fn no_raw_html_survives_rendering(parts in proptest::collection::vec(proptest::prop_oneof![
        proptest::strategy::Just("<script>alert(1)</script>".to_owned()),
        proptest::strategy::Just("<img src=x onerror=alert(1)>".to_owned()),
        proptest::strategy::Just("<iframe src=//evil>".to_owned()),
        proptest::strategy::Just("<scr<script>ipt>".to_owned()),
        proptest::strategy::Just("\n\n:::callout warning <script>t</script>\n\n".to_owned()),
        proptest::strategy::Just("\n\n:::\n\n".to_owned()),
        proptest::strategy::Just("\n\n:::tabs\n\n:::tab <b>x</b>\n\n".to_owned()),
        proptest::strategy::Just("\n> [!NOTE]\n> ".to_owned()),
        proptest::strategy::Just("\n```html\n<script>x</script>\n```\n".to_owned()),
        proptest::strategy::Just("$\\text{<script>}$".to_owned()),
        proptest::strategy::Just("[x](javascript:alert(1))".to_owned()),
        proptest::strategy::Just("\n# <svg onload=alert(1)>\n".to_owned()),
        "[a-z <>/=\"'&;:\n-]{0,40}",
    ], 0..12)) {
        let source = parts.concat();
        let rendered = render(&source, 0);
        let html = all_html(&rendered.blocks).join("\n");
        for tag in ["<script", "<iframe", "<img", "<svg", "<scr", "<b>", "href=\"javascript:"] {
            proptest::prop_assert!(!html.contains(tag), "{} in {} from {:?}", tag, html, source);
        }
    }
}

#[test]
fn tables_scroll_in_a_focusable_box_and_keep_their_header_cells() {
    let rendered = render("| a | b |\n| - | - |\n| 1 | 2 |\n\nNot a `<table>` here.\n", 0);
    let html = all_html(&rendered.blocks).join("");
    assert!(html.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"), "{html}");
    assert!(html.contains("</table></div>"), "{html}");
    assert!(html.contains("<th>a</th>"), "{html}");
    assert_eq!(html.matches("table-scroll").count(), 1, "{html}");
}

#[test]
fn task_checkboxes_have_a_name_and_keep_their_state() {
    let html = all_html(&render("- [x] done\n- [ ] open\n", 0).blocks).join("");
    assert_eq!(html.matches("aria-label=\"Task\"").count(), 2, "{html}");
    assert_eq!(html.matches("checked=\"\"").count(), 1, "{html}");
    assert!(html.contains("<li class=\"task-list-item\">"), "{html}");
}

#[test]
fn display_math_can_take_focus_to_scroll() {
    assert!(
        math_html("x^2", true).starts_with("<span class=\"math-scroll\" tabindex=\"0\"><math"),
        "{}",
        math_html("x^2", true)
    );
    assert!(!math_html("x^2", false).contains("tabindex"));
}
