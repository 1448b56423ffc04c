//! The DOCX's charts: each a PNG picture carrying its SVG (`asvg:svgBlip`), related and typed in
//! the package, and LibreOffice draws them.

use std::io::Read;
use std::process::Command;

use pledgewatch_reports::docx::render_docx;

use crate::across_cycles::two_cycle_report;
use crate::render_fixture::invented_report;

fn entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut file = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    file.read_to_end(&mut out).expect("readable");
    Some(out)
}

fn text(bytes: &[u8], name: &str) -> String {
    String::from_utf8(entry(bytes, name).unwrap_or_else(|| panic!("{name} in the package")))
        .expect("UTF-8")
}

#[test]
fn each_chart_is_a_png_picture_carrying_its_svg() {
    let bytes = render_docx(&two_cycle_report()).expect("a docx");
    let doc = text(&bytes, "word/document.xml");
    let rels = text(&bytes, "word/_rels/document.xml.rels");
    let types = text(&bytes, "[Content_Types].xml");
    assert!(types.contains(r#"<Default Extension="png" ContentType="image/png"/>"#));
    assert!(types.contains(r#"<Default Extension="svg" ContentType="image/svg+xml"/>"#));
    assert_eq!(doc.matches("<w:drawing>").count(), 3);
    for key in ["heatmap", "ranking-bars", "across-cycles"] {
        let png = entry(&bytes, &format!("word/media/{key}.png")).expect("the PNG");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "{key}.png is a PNG");
        let svg = text(&bytes, &format!("word/media/{key}.svg"));
        assert!(svg.starts_with("<svg "), "{key}.svg is the chart");
        // The picture shows the PNG and names the SVG as its vector form.
        assert!(doc.contains(&format!(
            r#"<a:blip r:embed="chart-{key}-png"><a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="chart-{key}-svg"/>"#
        )), "{key} placed");
        for ext in ["png", "svg"] {
            assert!(rels.contains(&format!(
                r#"<Relationship Id="chart-{key}-{ext}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{key}.{ext}"/>"#
            )), "{key}.{ext} related");
        }
    }
    // Each figure is captioned; the pictures close the summary (after the gap), before Table A.
    let gap = doc.find("The gap between").expect("the gap");
    let first_drawing = doc.find("<w:drawing>").expect("drawn");
    let last_figure = doc.rfind("Figure 3: Each member").expect("a third caption");
    assert!(gap < first_drawing && first_drawing < last_figure);
    assert!(doc[last_figure..].contains("Table A"));
    assert!(!doc[gap..first_drawing].contains("Table A"));
    // The alternative text states the figures in words.
    assert!(
        doc.contains("descr=\"Member averages by cycle. Canada: 2023 Invented Final 0.00 (50%)")
    );

    // One cycle: no across-cycles picture.
    let one = render_docx(&invented_report()).expect("a docx");
    assert_eq!(
        text(&one, "word/document.xml")
            .matches("<w:drawing>")
            .count(),
        2
    );
    assert!(entry(&one, "word/media/across-cycles.png").is_none());
    assert!(!text(&one, "word/_rels/document.xml.rels").contains("across-cycles"));
}

#[test]
fn libreoffice_draws_the_charts() {
    let missing = ["soffice", "pdfimages"]
        .into_iter()
        .find(|tool| Command::new(tool).arg("--version").output().is_err());
    if let Some(tool) = missing {
        eprintln!("{tool} is not on PATH: skipping the LibreOffice rendering of the DOCX charts");
        return;
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("report.docx");
    std::fs::write(&file, render_docx(&two_cycle_report()).expect("a docx")).expect("written");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&file)
        .output()
        .expect("soffice runs");
    let pdf = dir.path().join("report.pdf");
    assert!(
        pdf.is_file(),
        "LibreOffice did not convert the DOCX: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let list = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages runs");
    let list = String::from_utf8_lossy(&list.stdout);
    // A header of two lines, then one line per image; LibreOffice draws the PNGs (at twice the
    // charts' pixel size).
    let images: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(images.len() >= 3, "three chart pictures in:\n{list}");
}
