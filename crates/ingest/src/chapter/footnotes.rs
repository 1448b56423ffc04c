//! Footnotes into citations. A footnote reads
//! `Title, Publisher (Place) 12 June 2024. [Note.] Access Date: 8 September 2024. <URL>`,
//! with many small variations: no comma between title and publisher, `n.d.` or `July 2024` for
//! the date, `(Ottawa).` with a stray full stop, `Access date:` in lower case, a glued
//! `2024.Access`, no access date at all, the URL bare or in angle brackets.
//!
//! Fields that cannot be read are left empty; the whole footnote is always kept in `raw`. The
//! URL is taken exactly as printed, defects included, so a checker can report them.

use pledgewatch_domain::Citation;

use super::dates::{last_date, parse_date};
use super::lines::RawFootnote;

pub(crate) fn citation(f: &RawFootnote) -> Citation {
    let raw = f.text.trim();
    let access = find_access(raw);
    let url_start = find_url(raw, access.map_or(0, |(_, end)| end));
    let head_end = access
        .map(|(start, _)| start)
        .or(url_start)
        .unwrap_or(raw.len());
    let head = raw[..head_end].trim();

    let mut note_parts: Vec<&str> = Vec::new();
    let (before_date, published) = match last_date(head) {
        Some(found) => {
            let after = note_text(&head[found.end..]);
            if !after.is_empty() {
                note_parts.push(after);
            }
            (&head[..found.start], found.date)
        }
        None => (head, None),
    };

    let accessed = access.and_then(|(_, end)| {
        let segment = &raw[end..url_start.unwrap_or(raw.len())];
        let words: Vec<&str> = segment.split_whitespace().collect();
        let n = words.len().min(3);
        let date = parse_date(&words[..n].join(" "));
        // Anything after the access date (a note written last) is kept as a note.
        let rest = note_text(
            segment
                .trim()
                .splitn(n + 1, char::is_whitespace)
                .nth(n)
                .unwrap_or(""),
        );
        if date.is_some() && !rest.is_empty() {
            note_parts.push(rest);
        }
        date
    });

    let (title, publisher, place) = title_publisher_place(before_date);
    let url = url_start.map(|s| url_as_printed(&raw[s..]));
    let note = (!note_parts.is_empty()).then(|| note_parts.join(" "));
    Citation {
        number: f.number,
        title,
        publisher,
        place,
        published,
        accessed,
        url,
        note,
        raw: raw.to_string(),
    }
}

/// Leading and trailing spaces and the punctuation that separates a footnote's parts.
fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == ',' || c == ';')
}

/// A note as printed, full stop kept: `. Translation provided by Analyst. ` → `Translation …`.
fn note_text(s: &str) -> &str {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '.' || c == ',' || c == ';');
    let s = s.trim_end();
    if s == "." { "" } else { s }
}

/// The access-date marker: (where it starts, where the date after it starts).
fn find_access(text: &str) -> Option<(usize, usize)> {
    let start = ["Access Date", "Access date", "Accessed"]
        .iter()
        .filter_map(|m| text.find(m).map(|i| (i, m.len())))
        .min()?;
    let after = &text[start.0 + start.1..];
    let skipped = after.len() - after.trim_start_matches([':', ' ']).len();
    Some((start.0, start.0 + start.1 + skipped))
}

/// Where the URL starts: the first word after `from` that has a scheme separator (`https://`,
/// or a defective `ttps://`), an angle bracket, or `www.`.
fn find_url(text: &str, from: usize) -> Option<usize> {
    let mut offset = from;
    for word in text[from..].split(' ') {
        let w = word.trim_start();
        if w.contains("://")
            || w.starts_with("<http")
            || w.starts_with("<www.")
            || w.starts_with("www.")
        {
            return Some(offset + (word.len() - w.len()));
        }
        offset += word.len() + 1;
    }
    None
}

/// The URL as the source gives it: the angle brackets of the Markdown-like layout are markup,
/// not part of it; nothing else is touched.
fn url_as_printed(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('<') {
        Some(inner) => inner
            .split_once('>')
            .map_or(inner, |(u, _)| u)
            .trim()
            .to_string(),
        None => s.to_string(),
    }
}

/// `Title, Publisher (Place)` → its three parts. The place is the last parenthesised group; the
/// publisher follows the last comma. A publisher whose own name has a comma
/// (`Foreign, Commonwealth & Development Office`) is recognised by a one-word part before it.
fn title_publisher_place(s: &str) -> (String, Option<String>, Option<String>) {
    let mut rest = trim_punct(s);
    let mut place = None;
    if rest.ends_with(')')
        && let Some(open) = matching_open(rest)
    {
        let inner = rest[open + 1..rest.len() - 1].trim();
        if !inner.is_empty() {
            place = Some(inner.to_string());
        }
        rest = trim_punct(&rest[..open]);
    }
    let Some((title, publisher)) = split_publisher(rest) else {
        return (rest.to_string(), None, place);
    };
    let (mut title, mut publisher) = (title.trim().to_string(), publisher.trim().to_string());
    if (publisher.contains(" and ") || publisher.contains(" & "))
        && let Some((t, word)) = title.clone().rsplit_once(", ")
        && !word.contains(' ')
        && word.starts_with(char::is_uppercase)
    {
        publisher = format!("{word}, {publisher}");
        title = t.trim().to_string();
    }
    let publisher = (!publisher.is_empty()).then_some(publisher);
    (title, publisher, place)
}

/// Splits `Title, Publisher` at the last comma. A title in quotation marks may end with the
/// comma inside them (`“Title,” Publisher`): the marks stay with the title, the comma goes.
fn split_publisher(s: &str) -> Option<(String, &str)> {
    let plain = s.rfind(", ").map(|i| (i, 2, ""));
    let quoted = [",\" ", ",\u{201d} "]
        .iter()
        .filter_map(|q| s.rfind(q).map(|i| (i, q.len(), &q[1..q.len() - 1])))
        .max();
    let (at, len, keep) = plain.into_iter().chain(quoted).max_by_key(|(i, _, _)| *i)?;
    Some((format!("{}{keep}", &s[..at]), &s[at + len..]))
}

/// The `(` that opens the group closed by the final `)`.
fn matching_open(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cite(text: &str) -> Citation {
        citation(&RawFootnote {
            number: 7,
            line: 1,
            text: text.to_string(),
        })
    }

    #[test]
    fn every_field() {
        let c = cite(
            "Port plan (annex), Ministry of Harbours (Port Town) 3 July 2024. Translation provided by Analyst. \
             Access Date: 9 July 2024. <https://example.org/a?b=1>",
        );
        assert_eq!(c.title, "Port plan (annex)");
        assert_eq!(c.publisher.as_deref(), Some("Ministry of Harbours"));
        assert_eq!(c.place.as_deref(), Some("Port Town"));
        assert_eq!(c.published, Some(date(2024, 7, 3).into()));
        assert_eq!(c.accessed, Some(date(2024, 7, 9)));
        assert_eq!(c.url.as_deref(), Some("https://example.org/a?b=1"));
        assert_eq!(c.note.as_deref(), Some("Translation provided by Analyst."));
    }

    #[test]
    fn variations() {
        let c = cite(
            "Statement Information Centre (North – South) n.d. Access date: 1 May 2024. https://example.org/s",
        );
        assert_eq!(c.title, "Statement Information Centre");
        assert_eq!(c.publisher, None);
        assert_eq!(c.place.as_deref(), Some("North – South"));
        assert_eq!(c.published, None);
        assert_eq!(c.accessed, Some(date(2024, 5, 1)));

        let c = cite(
            "A title, The Daily (Town) August 23 2024.Access Date: 10 December 2024 https://example.org/x y",
        );
        assert_eq!(c.published, Some(date(2024, 8, 23).into()));
        assert_eq!(c.accessed, Some(date(2024, 12, 10)));
        assert_eq!(c.url.as_deref(), Some("https://example.org/x y"));

        // A month without a day stays a month.
        let c = cite(
            "Action plan, Federal Office (Capital) July 2030. Access Date: 2 August 2030. https://example.org/p",
        );
        assert_eq!(
            c.published,
            pledgewatch_domain::PartialDate::of_month(2030, 7)
        );
        assert_eq!(c.title, "Action plan");
        assert_eq!(c.place.as_deref(), Some("Capital"));

        let c = cite("Jailed, Agency (City) 24 July 2024. ttps://example.org/j");
        assert_eq!(c.accessed, None);
        assert_eq!(c.url.as_deref(), Some("ttps://example.org/j"));
        assert_eq!(c.publisher.as_deref(), Some("Agency"));

        let c = cite(
            "Talks, climate and growth, Foreign, Commonwealth & Development Office (London). 1 May 2024.",
        );
        assert_eq!(c.title, "Talks, climate and growth");
        assert_eq!(
            c.publisher.as_deref(),
            Some("Foreign, Commonwealth & Development Office")
        );
        assert_eq!(c.place.as_deref(), Some("London"));
        assert_eq!(c.url, None);

        let c = cite(
            "Campaign “Day against trafficking,” Presidency of the Council (Rome) 18 October 2024.",
        );
        assert_eq!(c.title, "Campaign “Day against trafficking”");
        assert_eq!(c.publisher.as_deref(), Some("Presidency of the Council"));
    }
}
