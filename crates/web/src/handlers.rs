//! The handlers: each reads what its page needs from the store (as few queries as possible) and
//! hands it to the page builder.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State as Extract;
use axum::response::{Html, Redirect};
use pledgewatch_domain::Cycle;
use pledgewatch_reports::charts::{CycleScores, sort_cycles};
use pledgewatch_store::{Edition, StoreError};

use crate::State;
use crate::cache::Token;
use crate::charts::{self, Svg};
use crate::coding::{CycleCoding, state_of};
use crate::error::{PageError, PagePath, html, render};
use crate::pages::commitment::{BareCommitment, CommitmentPage, RubricNote};
use crate::pages::departures::Departures;
use crate::pages::edition::{EditionChangesPage, EditionListPage, published_date};
use crate::pages::index::{CycleFacts, CycleRow, IndexPage};
use crate::pages::member::{MemberPage, find_member};
use crate::pages::report_card::ReportCardPage;
use crate::pages::{Chrome, Crumb, href};
use crate::slugs::Slugs;

type Page = Result<Html<Bytes>, PageError>;

pub async fn index(Extract(state): Extract<State>) -> Page {
    // The token first: data read after it is at least as new as it says.
    let token = Token::read(&state.store).await?;
    let cycles = state.store.cycles().await?;
    // The list is at hand: keep the slug index in step with it.
    let slugs = state
        .slugs
        .replace(Slugs::build(token, cycles.iter().map(|c| c.cycle.clone())));
    // Readers see published editions only: a cycle never published is not listed.
    let latest = state.store.latest_editions().await?;
    let mut rows = Vec::with_capacity(latest.len());
    for summary in &latest {
        let Some(edition) = state.editions.of(&state.store, summary).await? else {
            continue;
        };
        let snapshot = &edition.snapshot;
        let cycle = &snapshot.cycle;
        let slug = slugs.slug_of(&summary.cycle);
        rows.push(CycleRow::new(CycleFacts {
            name: &cycle.name,
            slug: &slug,
            kind: cycle.kind,
            period: cycle.period,
            institution: cycle.institution.as_deref(),
            summit: cycle.summit.as_deref(),
            commitments: i64::try_from(snapshot.matrix.rows.len()).unwrap_or(i64::MAX),
            members: i64::try_from(snapshot.matrix.members.len()).unwrap_or(i64::MAX),
            overall: snapshot.matrix.overall(),
            convention: cycle.convention,
        }));
    }
    html(&IndexPage::new(rows))
}

pub async fn cycles_redirect() -> Redirect {
    Redirect::permanent("/")
}

/// The cycle behind `slug`: from the slug index when nothing has changed since it was built,
/// else from a new read of the cycle list.
pub(crate) async fn find_cycle(
    state: &State,
    token: Token,
    slug: &str,
) -> Result<Arc<Cycle>, PageError> {
    lookup_cycle(state, token, slug)
        .await?
        .ok_or(PageError::NotFound)
}

/// [`find_cycle`] for any caller: `None` when no cycle has that slug.
pub(crate) async fn lookup_cycle(
    state: &State,
    token: Token,
    slug: &str,
) -> Result<Option<Arc<Cycle>>, StoreError> {
    if let Some(cycle) = state.slugs.current(token).and_then(|s| s.cycle(slug)) {
        return Ok(Some(cycle));
    }
    let cycles = state.store.cycles().await?;
    let slugs = state
        .slugs
        .replace(Slugs::build(token, cycles.into_iter().map(|c| c.cycle)));
    Ok(slugs.cycle(slug))
}

/// The cycle behind `slug` and its newest published edition: what readers see, signed in or
/// not. A cycle never published is not public: a 404.
pub(crate) async fn find_published(
    state: &State,
    token: Token,
    slug: &str,
) -> Result<(Arc<Cycle>, Arc<Edition>), PageError> {
    let cycle = find_cycle(state, token, slug).await?;
    let edition = state
        .editions
        .get(&state.store, &cycle.name, None)
        .await?
        .ok_or(PageError::NotFound)?;
    Ok((cycle, edition))
}

/// The published cycle behind `slug` with the rubrics and codings of its newest edition, as
/// published with its scores.
pub(crate) async fn published_coding(
    state: &State,
    slug: &str,
) -> Result<(Arc<Cycle>, Arc<Edition>, CycleCoding), PageError> {
    let token = Token::read(&state.store).await?;
    let (cycle, edition) = find_published(state, token, slug).await?;
    let coding = CycleCoding::published(&edition.snapshot);
    Ok((cycle, edition, coding))
}

/// While the store has not changed, one one-row query and the cached page; else the score
/// matrix, once, and the page is kept for the next request.
pub async fn report_card(Extract(state): Extract<State>, PagePath(slug): PagePath<String>) -> Page {
    let token = Token::read(&state.store).await?;
    if let Some(page) = state.report_cards.get(token, &slug) {
        return Ok(Html(page));
    }
    let (_, edition) = find_published(&state, token, &slug).await?;
    let snapshot = &edition.snapshot;
    let page = ReportCardPage::new(&snapshot.cycle, &slug, &snapshot.matrix, &snapshot.people());
    let coding = CycleCoding::published(snapshot);
    let page = page.with_departures(Departures::of(&coding.suggestions()));
    let page = Bytes::from(render(&page)?);
    state.report_cards.put(token, &slug, page.clone());
    Ok(Html(page))
}

pub async fn commitment(
    Extract(state): Extract<State>,
    PagePath((slug, code)): PagePath<(String, String)>,
) -> Page {
    let token = Token::read(&state.store).await?;
    let (_, edition) = find_published(&state, token, &slug).await?;
    let snapshot = &edition.snapshot;
    // The rubric, codings and justifications as this edition published them: what was coded
    // or written since waits for the next edition.
    let published = &snapshot.coding;
    let rubric = published.rubric(&code);
    if let Some(chapter) = snapshot.chapter(&code) {
        let members = &snapshot.matrix.members;
        let mut notes = HashMap::new();
        for m in &chapter.members {
            let assessment = published.assessment(&code, &m.member);
            let codings = assessment.map(|a| a.codings_with(published.required_coders));
            let justification = assessment.and_then(|a| a.justification.clone());
            let verdict = chapter.verdict_of(&m.member);
            let note = RubricNote::of(&state_of(rubric, codings.as_ref()), verdict);
            notes.insert(m.member.clone(), (note, justification));
        }
        let page = CommitmentPage::new(
            &snapshot.cycle.name,
            &slug,
            chapter,
            members,
            snapshot.cycle.convention,
        )
        .with_rubric_notes(rubric.is_some(), |member| {
            notes.remove(member).unwrap_or((None, None))
        });
        return html(&page);
    }
    // Scores without a chapter (a score-sheet import): show what the matrix knows.
    let matrix = &snapshot.matrix;
    let row = matrix
        .rows
        .iter()
        .find(|r| r.code == code)
        .ok_or(PageError::NotFound)?;
    let has_rubric = rubric.is_some();
    let page = CommitmentPage::bare(
        &snapshot.cycle.name,
        BareCommitment {
            code: &row.code,
            title: &row.title,
            area: &row.area,
            members: &matrix.members,
            cells: &row.cells,
        },
        &slug,
        matrix.convention,
    )
    .with_rubric_notes(has_rubric, |_| (None, None));
    html(&page)
}

pub async fn member(
    Extract(state): Extract<State>,
    PagePath((slug, code)): PagePath<(String, String)>,
) -> Page {
    let token = Token::read(&state.store).await?;
    let (_, edition) = find_published(&state, token, &slug).await?;
    let snapshot = &edition.snapshot;
    let matrix = &snapshot.matrix;
    let j = find_member(matrix, &code).ok_or(PageError::NotFound)?;
    let page =
        MemberPage::new(&snapshot.cycle.name, &slug, matrix, j).ok_or(PageError::NotFound)?;
    let across = member_across_cycles(&state, &matrix.members[j].name).await?;
    html(&page.with_across_cycles(across))
}

/// The chart of `member`'s average in every published cycle it appears in (each cycle's newest
/// edition), in the reports' one cycle order (oldest compliance period first, cycles without a
/// period after, by name); `None` for fewer than two.
async fn member_across_cycles(state: &State, member: &str) -> Result<Option<Svg>, PageError> {
    let mut cycles = Vec::new();
    for summary in state.store.latest_editions().await? {
        let Some(edition) = state.editions.of(&state.store, &summary).await? else {
            continue;
        };
        let snapshot = &edition.snapshot;
        if snapshot.matrix.member_index(member).is_some() {
            cycles.push(CycleScores::new(&snapshot.cycle, snapshot.matrix.clone()));
        }
    }
    if cycles.len() < 2 {
        return Ok(None);
    }
    sort_cycles(&mut cycles);
    let series: Vec<_> = cycles.into_iter().map(|c| (c.name, c.matrix)).collect();
    Ok(charts::member_across_cycles(&series, member))
}

/// A cycle's published editions, newest first.
pub async fn editions(Extract(state): Extract<State>, PagePath(slug): PagePath<String>) -> Page {
    let token = Token::read(&state.store).await?;
    let (cycle, _) = find_published(&state, token, &slug).await?;
    let list = state.store.editions(&cycle.name).await?;
    html(&EditionListPage::new(&cycle.name, &slug, &list))
}

/// The edition numbered `number` of the cycle behind `slug`; a 404 for anything else.
async fn numbered_edition(
    state: &State,
    slug: &str,
    number: &str,
) -> Result<(Arc<Cycle>, Arc<Edition>), PageError> {
    let number: u32 = number.trim().parse().map_err(|_| PageError::NotFound)?;
    let token = Token::read(&state.store).await?;
    let cycle = find_cycle(state, token, slug).await?;
    let edition = state
        .editions
        .get(&state.store, &cycle.name, Some(number))
        .await?
        .ok_or(PageError::NotFound)?;
    Ok((cycle, edition))
}

/// An edition's report card, exactly as it was published.
pub async fn edition(
    Extract(state): Extract<State>,
    PagePath((slug, number)): PagePath<(String, String)>,
) -> Page {
    let (cycle, edition) = numbered_edition(&state, &slug, &number).await?;
    let snapshot = &edition.snapshot;
    let n = edition.summary.number;
    let mut page =
        ReportCardPage::new(&snapshot.cycle, &slug, &snapshot.matrix, &snapshot.people());
    page.chrome = Chrome::new(
        format!("{}, edition {n}", cycle.name),
        vec![
            Crumb::link("Cycles", "/"),
            Crumb::link(cycle.name.as_str(), href::cycle(&slug)),
            Crumb::link("Editions", href::editions(&slug)),
            Crumb::here(format!(
                "Edition {n} ({})",
                published_date(&edition.summary)
            )),
        ],
    );
    page.kind = Some(edition.summary.kind.label());
    html(&page)
}

/// What an edition changed from the one before it.
pub async fn edition_changes(
    Extract(state): Extract<State>,
    PagePath((slug, number)): PagePath<(String, String)>,
) -> Page {
    let (cycle, edition) = numbered_edition(&state, &slug, &number).await?;
    let list = state.store.editions(&cycle.name).await?;
    let previous = list.iter().find(|e| e.number + 1 == edition.summary.number);
    html(&EditionChangesPage::new(
        &cycle.name,
        &slug,
        &edition,
        previous,
    ))
}

pub async fn not_found() -> PageError {
    PageError::NotFound
}
