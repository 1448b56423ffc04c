//! What a plan says about itself: its title (and so its institution), when it was adopted, the
//! document it was published in, and the clause on how it is monitored.

use jiff::civil::Date;
use pledgewatch_domain::dates::month_of_name;
use pledgewatch_domain::plan::ReportingRhythm;

use super::blocks::Doc;
use super::{FirstSection, PlanError, PlanOptions, clean};

pub(crate) struct Front {
    pub title: String,
    pub institution: String,
    pub source: String,
    pub adopted_on: Option<Date>,
    pub rhythm: ReportingRhythm,
    pub reviewed_by: Option<String>,
}

/// Words that end the institution's name in a plan's title: "G7 Action Plan", "Calais Group
/// Priority Plan".
const PLAN_WORDS: [&str; 4] = ["Action", "Priority", "Implementation", "Plan"];

pub(crate) fn read(doc: &Doc, first: FirstSection, opts: &PlanOptions) -> Result<Front, PlanError> {
    let front = doc.blocks.get(..first.block).unwrap_or(&doc.blocks);
    let first_line = doc.blocks.get(first.block).map_or(1, |b| b.line);

    // The first line naming a plan, without an "ANNEX A:" label.
    let Some((title_line, title)) = front.iter().find_map(|b| {
        let t = clean(&b.text);
        let named = t.chars().count() <= 200 && words(&t).any(|w| w == "Plan");
        named.then(|| (b.line, strip_annex(&t).to_string()))
    }) else {
        return Err(PlanError::NoTitle {
            line: first_line,
            kind: first.kind,
        });
    };

    let institution = institution_of(&title)
        .or_else(|| opts.institution.clone().filter(|i| !i.trim().is_empty()))
        .ok_or_else(|| PlanError::NoInstitution {
            line: title_line,
            title: title.clone(),
        })?;

    // An annex is published inside another document, whose name the page header carries.
    let source = doc
        .page_header
        .as_ref()
        .map_or_else(|| title.clone(), |(_, h)| clean(h));

    let adopted_on = adopted_on(doc, front)?;
    let (rhythm, reviewed_by) = monitoring(doc);
    Ok(Front {
        title,
        institution,
        source,
        adopted_on,
        rhythm,
        reviewed_by,
    })
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
}

fn strip_annex(t: &str) -> &str {
    let lower = t.to_lowercase();
    if lower.starts_with("annex")
        && let Some((_, rest)) = t.split_once(':')
        && !rest.trim().is_empty()
    {
        return rest.trim();
    }
    t
}

fn institution_of(title: &str) -> Option<String> {
    let mut name = Vec::new();
    for w in title.split_whitespace() {
        if PLAN_WORDS.contains(&w) {
            break;
        }
        name.push(w);
    }
    let all_before_plan = name.len() < title.split_whitespace().count();
    (!name.is_empty() && all_before_plan).then(|| name.join(" "))
}

/// "Published 10 December 2024" or "Adopted …" in the front matter, else the last day of the
/// meeting the page header names ("2-3-4 October 2024": adopted when the meeting closed).
fn adopted_on(doc: &Doc, front: &[super::Block]) -> Result<Option<Date>, PlanError> {
    for b in front {
        let t = clean(&b.text);
        if ["Published", "Adopted", "Agreed"]
            .iter()
            .any(|p| t.starts_with(p))
            && let Some(d) = date_in(&t, b.line)?
        {
            return Ok(Some(d));
        }
    }
    match &doc.page_header {
        Some((line, h)) => date_in(&clean(h), *line),
        None => Ok(None),
    }
}

/// The first `D Month YYYY` (or `D-D-D Month YYYY`, giving the last day) in `t`.
fn date_in(t: &str, line: usize) -> Result<Option<Date>, PlanError> {
    let ws: Vec<&str> = t
        .split_whitespace()
        .map(|w| w.trim_end_matches([',', '.', ';']))
        .collect();
    for win in ws.windows(3) {
        let [days, month, year] = win else { continue };
        let Some(m) = month_of_name(month) else {
            continue;
        };
        let year_ok = year.len() == 4 && year.bytes().all(|c| c.is_ascii_digit());
        let day = days.rsplit(['-', '–']).next().unwrap_or(days);
        let day_ok = days
            .split(['-', '–'])
            .all(|d| (1..=2).contains(&d.len()) && d.bytes().all(|c| c.is_ascii_digit()));
        if !(year_ok && day_ok) {
            continue;
        }
        let found = || format!("{days} {month} {year}");
        let (Ok(y), Ok(d)) = (year.parse::<i16>(), day.parse::<i8>()) else {
            return Err(PlanError::BadDate {
                line,
                found: found(),
            });
        };
        return Date::new(y, m, d)
            .map(Some)
            .map_err(|_| PlanError::BadDate {
                line,
                found: found(),
            });
    }
    Ok(None)
}

/// The clause on monitoring the plan: a paragraph or measure about reviewing this plan (or
/// monitoring it with reports). It gives the reviewing body ("within the Roma-Lyon Group") and the
/// reporting rhythm. Such a clause usually closes the plan, and an overview may mention review in
/// passing, so the last clause that says who or how often wins.
fn monitoring(doc: &Doc) -> (ReportingRhythm, Option<String>) {
    let clauses: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| clean(&b.text))
        .filter(|t| {
            let l = t.to_lowercase();
            // "monitoring" alone also names a pillar ("knowledge and monitoring").
            l.contains("plan")
                && (l.contains("review") || (l.contains("monitoring") && l.contains("report")))
        })
        .collect();
    let read = |c: &String| (rhythm(c), reviewer(c));
    clauses
        .iter()
        .rev()
        .map(read)
        .find(|(r, by)| *r != ReportingRhythm::Unspecified || by.is_some())
        .unwrap_or((ReportingRhythm::Unspecified, None))
}

fn rhythm(clause: &str) -> ReportingRhythm {
    let l = clause.to_lowercase();
    let any = |ps: &[&str]| ps.iter().any(|p| l.contains(p));
    if any(&[
        "bi-annual",
        "biannual",
        "twice a year",
        "twice-yearly",
        "twice yearly",
        "semi-annual",
        "every six months",
        "six-monthly",
    ]) {
        ReportingRhythm::TwiceAYear
    } else if any(&["annual", "yearly", "once a year", "every year"]) {
        ReportingRhythm::Yearly
    } else if any(&["quarterly"]) {
        ReportingRhythm::Other("quarterly".into())
    } else {
        ReportingRhythm::Unspecified
    }
}

/// The capitalised name after "within the" or "by the": "Roma-Lyon Group".
fn reviewer(clause: &str) -> Option<String> {
    for lead in ["within the ", "reviewed by the ", "by the "] {
        let Some(at) = clause.find(lead) else {
            continue;
        };
        let rest = &clause[at + lead.len()..];
        let name: Vec<&str> = rest
            .split_whitespace()
            .map(|w| w.trim_end_matches([',', '.', ';', ':']))
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        if !name.is_empty() {
            return Some(name.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_and_ranges() {
        assert_eq!(
            date_in("Harbour Meeting, 2-3-4 May 2025", 1),
            Ok(Some(date(2025, 5, 4)))
        );
        assert_eq!(
            date_in("Published 9 June 2025", 1),
            Ok(Some(date(2025, 6, 9)))
        );
        assert_eq!(date_in("In 2025 and June", 1), Ok(None));
        assert_eq!(
            date_in("Published 31 June 2025", 7),
            Err(PlanError::BadDate {
                line: 7,
                found: "31 June 2025".into()
            })
        );
    }

    #[test]
    fn institutions_from_titles() {
        assert_eq!(
            institution_of("Harbour Group Priority Plan 2026").as_deref(),
            Some("Harbour Group")
        );
        assert_eq!(
            institution_of("G20 Action Plan on Ports").as_deref(),
            Some("G20")
        );
        assert_eq!(institution_of("Plan for ports"), None);
        assert_eq!(institution_of("A road map"), None);
    }

    #[test]
    fn monitoring_clauses() {
        let c = "review of this plan within the Harbour Council, reporting twice a year";
        assert_eq!(rhythm(c), ReportingRhythm::TwiceAYear);
        assert_eq!(reviewer(c).as_deref(), Some("Harbour Council"));
        assert_eq!(rhythm("annual review of the plan"), ReportingRhythm::Yearly);
        assert_eq!(reviewer("monitoring of this plan by us"), None);
    }
}
