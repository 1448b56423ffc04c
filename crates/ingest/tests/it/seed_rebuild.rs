//! Every footnote URL and every dated evidence paragraph of both seed chapters, rebuilt from the
//! seed files by simple rules written here (none of the parser's code), and compared with what
//! the importer gives. A mismatch is listed, all of them at once.
//!
//! The rules, per layout:
//!
//! - **000, Markdown-like.** A footnote is a line opening with superscript digits (its number);
//!   its URL is the text from the first `http` to the end of that line, or, when the line has
//!   none, the next non-blank line if that line is nothing but a URL. Angle brackets around a
//!   URL are markup and go.
//! - **001, PDF text.** A footnote block opens with a line of nothing but spaces and ends
//!   before the next line that starts with a space (the next page's text). Inside it a footnote
//!   starts on the line that opens with the next footnote number (they run 3028, 3029, …); its
//!   URL is everything from the first `http` (or the source's defective `ttps`) to the end of
//!   the footnote, with the line breaks taken out (the PDF broke the URLs wherever the line
//!   ended; a space inside a line is the source's own and stays).
//! - **Paragraphs, both layouts.** Prose lines (outside footnotes) are trimmed and joined with
//!   one space, except after a line ending in a letter and a hyphen, which joins without one.
//!   In 000 each line is a paragraph; in 001 an empty line ends one, except the empty lines
//!   around a footnote block. After a blank line (000), a footnote block or a page break, the
//!   text goes on in the same paragraph when the paragraph so far does not end a sentence or
//!   the next text starts in lower case. A paragraph ending in a lone "On" followed by one
//!   opening with a date is one sentence cut by a stray blank line: the "On" goes to it, and it
//!   is a paragraph of its own (the one ambiguity of the source, seed 000 lines 1526–1528).
//! - **Evidence.** A paragraph opening `On <day> <Month> <year>,` (or without the year, which
//!   is then the one that puts the date inside 15 June 2024 – 15 May 2025). Its footnotes are the
//!   superscript numbers (000) or the chapter's footnote numbers glued to the character before
//!   them (001: four digits 3028–3192 right after a letter or punctuation, followed by a space,
//!   punctuation or the end); the text is the paragraph without them, spaces collapsed.

use jiff::civil::{Date, date};
use pledgewatch_domain::{Chapter, citing};
use pledgewatch_ingest::{ParseOptions, parse_report};

use crate::seed_files::{MD, PDF, seed};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Clone, PartialEq, Eq)]
struct Evidence {
    date: Date,
    text: String,
    citations: Vec<u32>,
}

/// A superscript digit's value.
fn sup(c: char) -> Option<u32> {
    "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c).map(|p| p as u32)
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(|c| sup(c).is_some());
    let t = match t.trim_end_matches(|c: char| c.is_ascii_digit()) {
        // A glued marker (`persons.3057`) is not part of the sentence.
        s if s.len() < t.len() && !s.ends_with(' ') => s,
        _ => t,
    };
    t.trim_end_matches(['”', '"', '’', '\'', ')', ']', '*'])
        .ends_with(['.', '?', '!', ':', ';', '…'])
}

fn join(paragraph: &mut String, line: &str) {
    let line = line.trim();
    let mut rev = paragraph.chars().rev();
    let glued = rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic);
    if !paragraph.is_empty() && !glued {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// Whether text after a break goes on with the paragraph before it.
fn goes_on(paragraph: &str, next: &str) -> bool {
    next.trim_start().starts_with(char::is_lowercase) || !ends_sentence(paragraph)
}

/// `16 November 2024, …`: a paragraph that opens with a date.
fn opens_with_date(text: &str) -> bool {
    let mut w = text.split_whitespace();
    matches!((w.next(), w.next()), (Some(d), Some(m))
        if d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
            && MONTHS.contains(&m.trim_end_matches(',')))
}

/// What separates a prose line from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// Nothing: the next line of the same paragraph.
    None,
    /// An empty line.
    Blank,
    /// A footnote block or a page break.
    Break,
}

/// Adds a prose line to the paragraphs: to the open one, or as a new one; a sentence cut after
/// its "On" is split off whatever the separator.
fn add_line(paragraphs: &mut Vec<String>, sep: Sep, line: &str, blank_ends: bool) {
    match paragraphs.last_mut() {
        Some(last) if sep != Sep::None && last.ends_with(" On") && opens_with_date(line) => {
            last.truncate(last.len() - 3);
            paragraphs.push(format!("On {}", line.trim()));
        }
        Some(last) if sep == Sep::None => join(last, line),
        Some(last) if (sep == Sep::Break || !blank_ends) && goes_on(last, line) => join(last, line),
        _ => paragraphs.push(line.trim().to_string()),
    }
}

/// Seed 000: (footnote number, URL) and the prose paragraphs.
fn markdown(text: &str) -> (Vec<(u32, String)>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut urls = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut sep = Sep::None;
    let mut in_footnote = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        i += 1;
        if line.is_empty() {
            in_footnote = false;
            if sep == Sep::None {
                sep = Sep::Blank;
            }
            continue;
        }
        let digits: String = line.chars().take_while(|c| sup(*c).is_some()).collect();
        if !digits.is_empty() {
            let number = digits.chars().fold(0, |n, c| n * 10 + sup(c).unwrap());
            let url = match line.find("http") {
                Some(at) => Some(line[at..].to_string()),
                None => {
                    let next = lines[i..].iter().position(|l| !l.trim().is_empty());
                    next.map(|k| (k, lines[i + k].trim()))
                        .filter(|(_, l)| {
                            l.trim_start_matches('<').starts_with("http") && !l.contains(' ')
                        })
                        .map(|(k, l)| {
                            i += k + 1;
                            l.to_string()
                        })
                }
            };
            if let Some(url) = url {
                let url = url.trim_start_matches('<').trim_end_matches('>');
                urls.push((number, url.to_string()));
            }
            in_footnote = true;
            sep = Sep::Break;
            continue;
        }
        if in_footnote {
            continue; // a footnote's own next line
        }
        add_line(&mut paragraphs, sep, line, false);
        sep = Sep::None;
    }
    (urls, paragraphs)
}

/// Seed 001: (footnote number, URL) and the prose paragraphs.
fn pdf_text(text: &str) -> (Vec<(u32, String)>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut footnotes: Vec<(u32, String)> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut sep = Sep::None;
    let mut in_block = false;
    let mut next_footnote: u32 = 3028;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if in_block {
            if line.is_empty() {
                continue;
            }
            if !raw.starts_with(' ') {
                let n = next_footnote.to_string();
                if line.starts_with(&n)
                    && !line[n.len()..].starts_with(|c: char| c.is_ascii_digit())
                {
                    footnotes.push((next_footnote, line[n.len()..].trim().to_string()));
                    next_footnote += 1;
                } else if let Some((_, f)) = footnotes.last_mut() {
                    f.push('\n');
                    f.push_str(line);
                }
                continue;
            }
            in_block = false; // the next page's text
        }
        if line.is_empty() {
            let footnote_next = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| !l.starts_with(' ') && l.starts_with(&next_footnote.to_string()));
            if !raw.is_empty() && footnote_next {
                in_block = true;
                sep = Sep::Break;
            } else if sep == Sep::None {
                sep = Sep::Blank;
            }
            continue;
        }
        if raw.starts_with(' ') && sep == Sep::None {
            sep = Sep::Break; // a page that ended without footnotes
        }
        add_line(&mut paragraphs, sep, line, true);
        sep = Sep::None;
    }
    let urls = footnotes
        .into_iter()
        .filter_map(|(n, f)| {
            let at = f.find("http").or_else(|| f.find("ttps"))?;
            Some((n, f[at..].replace('\n', "")))
        })
        .collect();
    (urls, paragraphs)
}

/// The evidence paragraphs among `paragraphs`: date, text without markers, cited footnotes.
fn evidence(paragraphs: &[String], glued: bool) -> Vec<Evidence> {
    paragraphs
        .iter()
        .filter_map(|p| {
            let rest = p.strip_prefix("On ")?;
            let mut words = rest.split(' ');
            let day: i8 = words.next()?.parse().ok()?;
            let month_word = words.next()?;
            let month = MONTHS
                .iter()
                .position(|m| month_word.trim_end_matches(',') == *m)?
                as i8
                + 1;
            let year = if month_word.ends_with(',') {
                if month >= 6 { 2024 } else { 2025 }
            } else {
                words.next()?.strip_suffix(',')?.parse().ok()?
            };
            let (text, citations) = if glued { unglue(p) } else { unsuper(p) };
            Some(Evidence {
                date: date(year, month, day),
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                citations,
            })
        })
        .collect()
}

fn unsuper(p: &str) -> (String, Vec<u32>) {
    (citing::strip_markers(p), citing::markers_in(p))
}

fn unglue(p: &str) -> (String, Vec<u32>) {
    let chars: Vec<char> = p.chars().collect();
    let (mut text, mut citations) = (String::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + run);
        if run == 4
            && before.is_some_and(|b| !b.is_whitespace() && !b.is_ascii_digit() && b != '-')
            && after.is_none_or(|a| a.is_whitespace() || ",;:.)”’\"".contains(*a))
        {
            let n: u32 = chars[i..i + 4].iter().collect::<String>().parse().unwrap();
            if (3028..=3192).contains(&n) {
                citations.push(n);
                i += 4;
                continue;
            }
        }
        if run > 0 {
            text.extend(&chars[i..i + run]);
            i += run;
        } else {
            text.push(chars[i]);
            i += 1;
        }
    }
    (text, citations)
}

fn imported(text: &str) -> Chapter {
    let mut report = parse_report(text, &ParseOptions::default()).expect("the seed parses");
    report.chapters.remove(0)
}

/// Every mismatch between the rebuilt and the imported URLs and evidence.
fn mismatches(chapter: &Chapter, urls: &[(u32, String)], rebuilt: &[Evidence]) -> Vec<String> {
    let mut out = Vec::new();
    let numbers: Vec<u32> = chapter.citations.iter().map(|c| c.number).collect();
    let rebuilt_numbers: Vec<u32> = urls.iter().map(|(n, _)| *n).collect();
    if numbers != rebuilt_numbers {
        out.push(format!(
            "footnotes differ: imported {numbers:?}, rebuilt {rebuilt_numbers:?}"
        ));
    }
    for (n, url) in urls {
        let got = chapter
            .citations
            .iter()
            .find(|c| c.number == *n)
            .and_then(|c| c.url.as_deref());
        if got != Some(url.as_str()) {
            out.push(format!(
                "footnote {n}: imported URL {got:?}, rebuilt {url:?}"
            ));
        }
    }
    let items: Vec<Evidence> = chapter
        .members
        .iter()
        .flat_map(|m| m.evidence())
        .map(|e| Evidence {
            date: e.date.date,
            text: e.text.clone(),
            citations: e.citations.clone(),
        })
        .collect();
    if items.len() != rebuilt.len() {
        out.push(format!(
            "{} evidence items imported, {} rebuilt",
            items.len(),
            rebuilt.len()
        ));
    }
    for (k, (got, want)) in items.iter().zip(rebuilt).enumerate() {
        if got != want {
            out.push(format!(
                "evidence item {k}:\n  imported {got:?}\n  rebuilt  {want:?}"
            ));
        }
    }
    out
}

#[test]
fn every_url_and_evidence_paragraph_of_chapter_18() {
    let Some(text) = seed(MD) else { return };
    let (urls, paragraphs) = markdown(&text);
    let rebuilt = evidence(&paragraphs, false);
    assert_eq!(urls.len(), 4413 - 4068 + 1);
    assert_eq!(rebuilt.len(), 318);
    let found = mismatches(&imported(&text), &urls, &rebuilt);
    assert!(
        found.is_empty(),
        "{} mismatches:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_url_and_evidence_paragraph_of_chapter_19() {
    let Some(text) = seed(PDF) else { return };
    let (urls, paragraphs) = pdf_text(&text);
    let rebuilt = evidence(&paragraphs, true);
    assert_eq!(urls.len(), 3192 - 3028 + 1);
    assert_eq!(rebuilt.len(), 137);
    let found = mismatches(&imported(&text), &urls, &rebuilt);
    assert!(
        found.is_empty(),
        "{} mismatches:\n{}",
        found.len(),
        found.join("\n")
    );
}
