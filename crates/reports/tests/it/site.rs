//! The static site on the demo report: every page and download written, every relative link
//! resolves to a file of the site, no script anywhere.

use std::path::Path;

use pledgewatch_reports::site::publish_site;

use crate::docx::demo_report;

fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attr) {
            rest = &rest[at + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

#[test]
fn the_site_is_complete_and_self_contained() {
    let report = demo_report(4068);
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut steps = Vec::new();
    let summary = publish_site(&report, dir.path(), |p| steps.push(p)).expect("published");
    let last = steps.last().expect("progress was reported");
    assert_eq!(last.done, last.total);
    assert!(summary.pages.contains(&"index.html".to_string()));
    assert!(summary.pages.contains(&"chapter-18.html".to_string()));
    assert!(summary.pages.contains(&"member-canada.html".to_string()));
    assert!(
        summary
            .downloads
            .iter()
            .any(|d| d.file == "report.docx" && d.bytes > 0)
    );
    for page in &summary.pages {
        let html = std::fs::read_to_string(dir.path().join(page)).expect("a page");
        assert!(!html.contains("<script"), "{page} has a script");
        for link in links(&html) {
            if link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let file = link.split('#').next().unwrap_or("");
            assert!(
                Path::new(dir.path()).join(file).is_file(),
                "{page}: {link} does not resolve"
            );
        }
    }
}
