use super::*;
use crate::locale::Locale;

fn error(text: &str) -> TextError {
    SiteConfig::parse(text).expect_err("the file is refused")
}

#[test]
fn the_sites_own_file_reads() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let site = SiteConfig::load(&dir).expect("content/site.toml is valid");
    assert_eq!(site.page.name, "Leptra");
    assert_eq!(site.page.page_title("SSR"), "SSR – Leptra");
    assert_eq!(site.edit_base_url().as_deref(), Some("https://github.com/leptra-rs/leptra/edit/main/content"));
    assert_eq!(site.stars_repository().as_deref(), Some("leptra-rs/leptra"));
    assert_eq!(site.page.project.as_ref().map(|p| p.forge), Some(Forge::Github));
    let banner = site.page.banner.as_ref().expect("a banner");
    assert_eq!(banner.link.as_ref().map(|l| l.href.get(Locale::ko)), Some("/ko/docs/guide/ssr"));
    let (light, dark) = site.accent.as_ref().expect("an accent");
    assert_eq!((light.accent, dark.accent), accent::STYLESHEET);
    assert_eq!(site.accent_css(), None, "the stylesheet's own accents need no rules");
}

#[test]
fn a_folder_without_the_file_is_the_default_site() {
    let dir = tempfile::tempdir().expect("temporary folder");
    assert_eq!(SiteConfig::load(dir.path()), Ok(SiteConfig::default()));
}

#[test]
fn a_minimal_file_fills_in_the_defaults() {
    let site = SiteConfig::parse("name = \"Acme\"\n").expect("valid");
    assert_eq!(site.page.page_title("Install"), "Install – Acme");
    assert_eq!(site.page.logo.text.as_deref(), Some("Acme"));
    assert_eq!(site.page.footer.text.get(Locale::en), "Acme");
    assert_eq!(site.favicon, DEFAULT_FAVICON);
    assert_eq!((site.theme, site.accent, site.edit_base_url()), (Theme::System, None, None));
}

#[test]
fn an_unknown_key_is_refused_at_its_line_and_column() {
    let err = error("name = \"Acme\"\n\n[banner]\nkey = \"a\"\ntext = \"Hi\"\ncolour = \"red\"\n");
    assert_eq!((err.line, err.column), (6, 1), "{err}");
    assert!(err.message.contains("unknown field `colour`"), "{err}");
}

#[test]
fn a_wrong_type_is_refused_at_its_value() {
    let err = error("name = \"Acme\"\n[logo]\nwidth = \"wide\"\n");
    assert_eq!((err.line, err.column), (3, 9), "{err}");
    assert!(err.message.contains("invalid type"), "{err}");
}

#[test]
fn an_accent_without_contrast_is_refused_with_its_ratio() {
    let err = error("name = \"Acme\"\n\n[accent]\nlight = \"#ffcc00\"\ndark = \"#ff8a4c\"\n");
    assert_eq!((err.line, err.column), (4, 9), "{err}");
    assert!(err.message.contains("#ffcc00 has a contrast of 1."), "{err}");
    assert!(err.message.contains("4.5:1"), "{err}");
    let dark = error("name = \"Acme\"\n[accent]\nhue = 200\ndark = \"#202020\"\n");
    assert_eq!(dark.line, 4, "{dark}");
}

#[test]
fn bad_values_are_refused_with_their_reason() {
    for (text, wanted) in [
        ("name = \"\"", "the name is empty"),
        ("name = \"A\"\ntitle = \"Docs\"", "no `%s`"),
        ("name = \"A\"\nurl = \"ftp://x\"", "not an http:// or https:// URL"),
        ("name = \"A\"\nfavicon = \"icon.svg\"", "neither a path"),
        ("name = \"A\"\ntheme = \"sepia\"", "unknown variant `sepia`"),
        ("name = \"A\"\n[banner]\nkey = \"new banner\"\ntext = \"Hi\"", "is not a key"),
        ("name = \"A\"\n[banner]\nkey = \"k\"\ntext = { en = \"Hi\", fr = \"Salut\" }", "unknown locale `fr`"),
        ("name = \"A\"\n[accent]\nhue = 400", "not a hue"),
        ("name = \"A\"\n[accent]\nlight = \"orange\"", "not a colour"),
        ("name = \"A\"\n[stars]\nrepository = \"leptra\"", "expected `owner/name`"),
        ("name = \"A\"\n[footer]\nlinks = [{ text = \"x\", href = \"javascript:alert(1)\" }]", "neither a path"),
        ("title = \"%s\"", "missing field `name`"),
    ] {
        let err = error(text);
        assert!(err.message.contains(wanted), "{text:?}: {err}");
    }
}

#[test]
fn a_hue_gives_both_themes_an_accent_with_contrast() {
    let site = SiteConfig::parse("name = \"A\"\n[accent]\nhue = 60\n").expect("valid");
    let (light, dark) = site.accent.expect("an accent");
    assert!(accent::shade(Mode::Light, light.accent).is_ok());
    assert!(accent::shade(Mode::Dark, dark.accent).is_ok());
    assert!(site.accent_css().expect("rules").contains(&light.accent.to_string()));
}

#[test]
fn gitlab_projects_get_gitlab_links() {
    let site = SiteConfig::parse(
        "name = \"A\"\n[project]\nlink = \"https://gitlab.com/acme/widgets\"\n[repository]\nurl = \"https://gitlab.com/acme/widgets\"\nbranch = \"trunk\"\npath = \"docs\"\n",
    )
    .expect("valid");
    assert_eq!(site.page.project.as_ref().map(|p| p.forge), Some(Forge::Gitlab));
    assert_eq!(site.edit_base_url().as_deref(), Some("https://gitlab.com/acme/widgets/-/edit/trunk/docs"));
    let feedback = site.feedback_url("Install").expect("a feedback link");
    assert!(
        feedback.starts_with("https://gitlab.com/acme/widgets/-/issues/new?issue%5Btitle%5D=Feedback"),
        "{feedback}"
    );
    assert_eq!(site.stars_repository(), None, "no GitHub repository to count stars of");
}

#[test]
fn the_project_is_the_default_repository_and_links_can_be_turned_off() {
    let site =
        SiteConfig::parse("name = \"A\"\n[project]\nlink = \"https://github.com/acme/widgets/\"\n").expect("valid");
    assert_eq!(site.edit_base_url().as_deref(), Some("https://github.com/acme/widgets/edit/main/content"));
    assert_eq!(site.stars_repository().as_deref(), Some("acme/widgets"));
    let off = SiteConfig::parse(
        "name = \"A\"\n[repository]\nurl = \"https://github.com/acme/w\"\nedit_link = false\nfeedback = false\n",
    )
    .expect("valid");
    assert_eq!((off.edit_base_url(), off.feedback_url("x")), (None, None));
}

#[test]
fn the_favicon_type_follows_its_extension() {
    let site = |favicon: &str| SiteConfig { favicon: favicon.to_owned(), ..SiteConfig::default() };
    assert_eq!(site("/favicon.svg").favicon_type(), "image/svg+xml");
    assert_eq!(site("/icon.PNG?v=2").favicon_type(), "image/png");
    assert_eq!(site("/favicon.ico").favicon_type(), "image/x-icon");
}
