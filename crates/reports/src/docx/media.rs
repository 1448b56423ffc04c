//! The report's charts as pictures in the Word document: the member × commitment heatmap, the
//! ranking bars and, when the report has other cycles, each member's average across cycles.
//!
//! Each chart goes into the package twice: as a PNG rendered from its SVG (resvg, at twice the
//! SVG's size so it stays sharp printed) and as the SVG itself, attached to the picture with
//! Office's `asvg:svgBlip` extension. Word 2016 and later draw the vector; LibreOffice and older
//! Word draw the PNG. The PNG is rendered with the fonts bundled with typst-assets (Libertinus
//! Serif, as in the PDF's charts), never the system's, so the same report gives the same bytes on
//! every machine.

use std::fmt::Write as _;
use std::io::{Seek, Write};
use std::sync::{Arc, LazyLock};

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::DocxError;
use super::xml::{Para, RunStyle, escape_into, paragraph};
use crate::report::Report;

/// EMU (the drawing unit) per CSS pixel at 96 per inch.
const EMU_PER_PX: i64 = 9525;
/// The text column: A4 less the 2.5 cm margins (twips × 635 = EMU).
const TEXT_WIDTH_EMU: i64 = (11906 - 2 * 1418) * 635;
/// At most 8 inches tall, so a chart and its caption fit on one page.
const MAX_HEIGHT_EMU: i64 = 8 * 914_400;
/// The PNG's pixels per SVG pixel.
const SCALE: f32 = 2.0;
/// The font the PNG draws the charts' `sans-serif` text with: the PDF's text font, so the
/// picture matches the PDF's charts.
const CHART_FONT: &str = "Libertinus Serif";

/// One chart of the report, ready to be placed and packaged.
pub(super) struct Chart {
    /// The file name in `word/media/` without extension; also names its relationships.
    pub key: &'static str,
    pub svg: String,
    pub caption: &'static str,
    /// The SVG's size in pixels.
    pub width: i64,
    pub height: i64,
}

impl Chart {
    fn png_rel(&self) -> String {
        format!("chart-{}-png", self.key)
    }

    fn svg_rel(&self) -> String {
        format!("chart-{}-svg", self.key)
    }
}

/// The report's charts in the order the document shows them.
pub(super) fn charts(report: &Report) -> Vec<Chart> {
    crate::charts::report_charts(report)
        .into_iter()
        .map(|c| {
            let (width, height) = svg_size(&c.svg);
            Chart {
                key: c.key,
                svg: c.svg,
                caption: c.caption,
                width,
                height,
            }
        })
        .collect()
}

/// The width and height the chart's `<svg>` tag declares (the charts write whole pixels).
fn svg_size(svg: &str) -> (i64, i64) {
    let tag = svg.split('>').next().unwrap_or("");
    let attr = |name: &str| -> i64 {
        let key = format!(" {name}=\"");
        tag.find(&key)
            .and_then(|at| tag[at + key.len()..].split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(1)
    };
    (attr("width"), attr("height"))
}

/// The charts as figures: the picture, centred, and its caption. Placed after the summary.
pub(super) fn figures(out: &mut String, report: &Report) {
    for (n, chart) in (1..).zip(charts(report)) {
        drawing(out, &chart, n);
        paragraph(
            out,
            Para {
                centered: true,
                ..Para::default()
            },
            &format!("Figure {n}: {}", chart.caption),
            RunStyle::ITALIC,
        );
    }
}

/// One inline picture (`n` is its drawing id, unique in the document), scaled to the text
/// column and the page, whose blip is the PNG with the SVG as its extension.
fn drawing(out: &mut String, chart: &Chart, n: u32) {
    let mut cx = chart.width.max(1) * EMU_PER_PX;
    let mut cy = chart.height.max(1) * EMU_PER_PX;
    if cx > TEXT_WIDTH_EMU {
        cy = cy * TEXT_WIDTH_EMU / cx;
        cx = TEXT_WIDTH_EMU;
    }
    if cy > MAX_HEIGHT_EMU {
        cx = cx * MAX_HEIGHT_EMU / cy;
        cy = MAX_HEIGHT_EMU;
    }
    let mut alt = String::new();
    escape_into(&mut alt, &description(&chart.svg));
    let (png, svg, key) = (chart.png_rel(), chart.svg_rel(), chart.key);
    let _ = write!(
        out,
        concat!(
            r#"<w:p><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="60"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>"#,
            r#"<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0">"#,
            r#"<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Figure {n}" descr="{alt}"/>"#,
            r#"<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>"#,
            r#"<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">"#,
            r#"<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{n}" name="{key}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr>"#,
            r#"<pic:blipFill><a:blip r:embed="{png}"><a:extLst><a:ext uri="{{96DAC541-7B7A-43D3-8B79-37D633B846F1}}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="{svg}"/></a:ext></a:extLst></a:blip><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"#,
            r#"<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"#,
            r#"</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
        ),
        cx = cx,
        cy = cy,
        n = n,
        alt = alt,
        key = key,
        png = png,
        svg = svg,
    );
}

/// The chart's `<desc>` (its figures in words) as plain text, for the picture's alternative
/// text.
fn description(svg: &str) -> String {
    let Some(start) = svg.find("<desc") else {
        return String::new();
    };
    let body = &svg[start..];
    let text = body
        .find('>')
        .map(|gt| &body[gt + 1..])
        .and_then(|rest| rest.split("</desc>").next())
        .unwrap_or("");
    unescape(text)
}

/// Undoes the charts' escaping (`crate::html::escape`).
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The relationships from the document to every chart's PNG and SVG, inserted into `rels`
/// (the document's relationships part).
pub(super) fn with_relationships(rels: &str, charts: &[Chart]) -> String {
    let mut extra = String::new();
    for c in charts {
        for (id, ext) in [(c.png_rel(), "png"), (c.svg_rel(), "svg")] {
            let _ = write!(
                extra,
                r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/{}.{ext}"/>"#,
                c.key
            );
        }
    }
    rels.replacen("</Relationships>", &format!("{extra}</Relationships>"), 1)
}

/// The content types with PNG and SVG declared, inserted into `types` (`[Content_Types].xml`).
pub(super) fn with_content_types(types: &str) -> String {
    types.replacen(
        "<Default Extension=\"xml\"",
        "<Default Extension=\"png\" ContentType=\"image/png\"/><Default Extension=\"svg\" ContentType=\"image/svg+xml\"/><Default Extension=\"xml\"",
        1,
    )
}

/// Writes `word/media/KEY.png` and `word/media/KEY.svg` for every chart.
pub(super) fn write_media<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    options: SimpleFileOptions,
    charts: &[Chart],
) -> Result<(), DocxError> {
    for c in charts {
        let png = png(&c.svg).map_err(|message| DocxError::Chart {
            chart: c.key,
            message,
        })?;
        // A PNG is compressed already: stored as it is.
        zip.start_file(
            format!("word/media/{}.png", c.key),
            options
                .compression_method(zip::CompressionMethod::Stored)
                .compression_level(None),
        )?;
        zip.write_all(&png)?;
        zip.start_file(format!("word/media/{}.svg", c.key), options)?;
        zip.write_all(c.svg.as_bytes())?;
    }
    Ok(())
}

/// The bundled fonts, parsed once per process.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    for data in typst_assets::fonts() {
        db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
    }
    db.set_sans_serif_family(CHART_FONT);
    db.set_serif_family(CHART_FONT);
    db.set_monospace_family("DejaVu Sans Mono");
    Arc::new(db)
});

/// `svg` rendered as a PNG on white at [`SCALE`] times its size.
pub(crate) fn png(svg: &str) -> Result<Vec<u8>, String> {
    render(svg)?.encode_png().map_err(|e| e.to_string())
}

fn render(svg: &str) -> Result<tiny_skia::Pixmap, String> {
    let options = usvg::Options {
        font_family: CHART_FONT.to_string(),
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("the chart has no size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("the chart is too large to draw")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_from_the_svg_tag() {
        assert_eq!(
            svg_size(
                r#"<svg xmlns="x" class="chart" width="600" height="440" viewBox="0 0 600 440">"#
            ),
            (600, 440)
        );
    }

    #[test]
    fn a_chart_renders_as_a_png_with_its_text() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30" font-family="sans-serif" font-size="12"><desc id="d">A &amp; B</desc><text x="4" y="20" fill="#000000">CAN</text></svg>"##;
        let png = png(svg).expect("a PNG");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        // 160 × 60 px (twice the SVG): the IHDR's width and height, big-endian.
        assert_eq!(&png[16..24], &[0, 0, 0, 160, 0, 0, 0, 60]);
        // The text was drawn: the bundled font was found for `sans-serif`.
        let pixmap = render(svg).expect("drawn");
        assert!(pixmap.pixels().iter().any(|p| p.red() < 128));
        assert_eq!(description(svg), "A & B");
    }
}
