//! Score-sheet import: both shapes, every cell spelling, and every way a sheet is rejected whole
//! with the line and column or member named.

use pledgewatch_domain::{Score, Verdict};
use pledgewatch_ingest::scores::{ScoreSheet, ScoreSheetError, SheetCommitment, parse_score_sheet};
use proptest::prelude::*;

const FULL: Verdict = Verdict::Scored(Score::Full);
const PARTIAL: Verdict = Verdict::Scored(Score::Partial);
const NONE: Verdict = Verdict::Scored(Score::NoCompliance);

fn parse(text: &str) -> Result<ScoreSheet, ScoreSheetError> {
    parse_score_sheet(text.as_bytes())
}

fn err(text: &str) -> ScoreSheetError {
    match parse(text) {
        Ok(sheet) => panic!("accepted {text:?} as {sheet:?}"),
        Err(e) => e,
    }
}

fn cells(c: &SheetCommitment) -> Vec<(&str, Verdict)> {
    c.cells.iter().map(|(m, v)| (m.as_str(), *v)).collect()
}

#[test]
fn wide_sheet_like_table_b() {
    let sheet = parse(
        "commitment,title,area,Canada,France,European Union\n\
         18,Border Management,Migration and Refugees,+1,1,n/a\n\
         19,Migrant Smuggling,Migration and Refugees,0,\u{2212}1,\n",
    )
    .unwrap();
    assert_eq!(sheet.members, ["Canada", "France", "European Union"]);
    assert_eq!(sheet.commitments.len(), 2);
    let c = &sheet.commitments[0];
    assert_eq!(c.code, "18");
    assert_eq!(c.title.as_deref(), Some("Border Management"));
    assert_eq!(c.area.as_deref(), Some("Migration and Refugees"));
    assert_eq!(
        cells(c),
        [
            ("Canada", FULL),
            ("France", FULL),
            ("European Union", Verdict::NotApplicable)
        ]
    );
    assert_eq!(
        cells(&sheet.commitments[1]),
        [
            ("Canada", PARTIAL),
            ("France", NONE),
            ("European Union", Verdict::NotAssessed)
        ]
    );
}

#[test]
fn wide_sheet_without_title_or_area_and_in_any_case() {
    let sheet = parse("Commitment,Area,Japan,Italy\r\n7,,-1,N/A\r\n").unwrap();
    assert_eq!(sheet.members, ["Japan", "Italy"]);
    let c = &sheet.commitments[0];
    assert_eq!(c.title, None);
    assert_eq!(c.area, None);
    assert_eq!(
        cells(c),
        [("Japan", NONE), ("Italy", Verdict::NotApplicable)]
    );
}

#[test]
fn long_sheet_in_any_column_order() {
    let sheet = parse(
        "Score,MEMBER,commitment\n\
         +1,Canada,18\n\
         0,France,18\n\
         n/a,Canada,19\n\
         ,Japan,19\n\
         -1,The United Kingdom,18\n",
    )
    .unwrap();
    assert_eq!(
        sheet.members,
        ["Canada", "France", "Japan", "The United Kingdom"]
    );
    assert_eq!(sheet.commitments.len(), 2);
    assert_eq!(
        cells(&sheet.commitments[0]),
        [
            ("Canada", FULL),
            ("France", PARTIAL),
            ("The United Kingdom", NONE)
        ]
    );
    assert_eq!(
        cells(&sheet.commitments[1]),
        [
            ("Canada", Verdict::NotApplicable),
            ("Japan", Verdict::NotAssessed)
        ]
    );
    assert!(
        sheet
            .commitments
            .iter()
            .all(|c| c.title.is_none() && c.area.is_none())
    );
}

#[test]
fn long_sheet_names_a_member_as_first_written() {
    let sheet = parse("commitment,member,score\n1,UK,+1\n2,United Kingdom,0\n").unwrap();
    assert_eq!(sheet.members, ["UK"]);
    assert_eq!(cells(&sheet.commitments[1]), [("UK", PARTIAL)]);
}

#[test]
fn tolerates_a_bom_blank_lines_and_quoted_cells() {
    let sheet = parse(
        "\u{FEFF}commitment,title,Canada\n18,\"Border Management, Enforcement\",+1\n\n,,\n\n",
    )
    .unwrap();
    assert_eq!(
        sheet.commitments[0].title.as_deref(),
        Some("Border Management, Enforcement")
    );
    assert_eq!(sheet.members, ["Canada"]);
}

#[test]
fn rejects_a_duplicate_cell_naming_both_lines() {
    let e = err("commitment,member,score\n18,Canada,+1\n19,Canada,0\n18,Canada,0\n");
    assert_eq!(
        e,
        ScoreSheetError::DuplicateCell {
            line: 4,
            first_line: 2,
            commitment: "18".into(),
            member: "Canada".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "line 4: commitment 18 already has a score for Canada on line 2"
    );
    // Spelling variants of one member are one member.
    let e = err("commitment,member,score\n18,UK,+1\n18,The United Kingdom,+1\n");
    assert!(
        matches!(e, ScoreSheetError::DuplicateCell { line: 3, .. }),
        "{e}"
    );
}

#[test]
fn lines_are_counted_as_in_the_file_across_blank_lines_and_quoted_breaks() {
    let e = err("commitment,title,Canada\n\n18,\"Two\nlines\",+1\n\n19,x,maybe\n");
    assert!(
        matches!(
            e,
            ScoreSheetError::UnknownValue {
                line: 6,
                column: 3,
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn rejects_a_duplicate_commitment_row() {
    let e = err("commitment,Canada\n18,+1\n19,0\n18,+1\n");
    assert_eq!(
        e.to_string(),
        "line 4: commitment 18 already has a row on line 2"
    );
}

#[test]
fn rejects_an_unknown_value_naming_line_column_and_member() {
    let e = err("commitment,title,Canada,France\n18,Border,+1,yes\n");
    assert_eq!(
        e,
        ScoreSheetError::UnknownValue {
            line: 2,
            column: 4,
            member: "France".into(),
            value: "yes".into()
        }
    );
    assert!(
        e.to_string()
            .starts_with("line 2, column 4 (France): `yes` is not a score")
    );
    let e = err("commitment,member,score\n18,Canada,2\n");
    assert!(
        matches!(&e, ScoreSheetError::UnknownValue { line: 2, column: 3, member, .. } if member == "Canada"),
        "{e}"
    );
}

#[test]
fn rejects_a_ragged_row() {
    assert_eq!(
        err("commitment,Canada,France\n18,+1,0\n19,+1\n"),
        ScoreSheetError::Ragged {
            line: 3,
            expected: 3,
            found: 2
        }
    );
    assert_eq!(
        err("commitment,member,score\n18,Canada,+1,extra\n").to_string(),
        "line 2: 4 cells where the header has 3"
    );
}

#[test]
fn rejects_a_duplicate_member_column() {
    assert_eq!(
        err("commitment,Canada,France,canada\n18,+1,0,0\n"),
        ScoreSheetError::DuplicateColumn {
            line: 1,
            column: 4,
            first_column: 2,
            name: "canada".into()
        }
    );
    assert!(matches!(
        err("commitment,UK,United Kingdom\n1,0,0\n"),
        ScoreSheetError::DuplicateColumn { column: 3, .. }
    ));
    assert!(matches!(
        err("commitment,title,Canada,Title\n1,a,0,b\n"),
        ScoreSheetError::DuplicateColumn {
            column: 4,
            first_column: 2,
            ..
        }
    ));
}

#[test]
fn rejects_an_empty_commitment_code_or_member() {
    assert_eq!(
        err("commitment,Canada\n18,+1\n  ,0\n"),
        ScoreSheetError::EmptyCommitment { line: 3, column: 1 }
    );
    assert_eq!(
        err("member,commitment,score\n,18,+1\n"),
        ScoreSheetError::EmptyMember { line: 2, column: 1 }
    );
    assert_eq!(
        err("commitment,Canada,,France\n18,+1,,0\n"),
        ScoreSheetError::EmptyColumnName { line: 1, column: 3 }
    );
}

#[test]
fn rejects_a_missing_header() {
    let e = err("18,+1,0\n19,0,0\n");
    assert!(
        matches!(&e, ScoreSheetError::MissingHeader { line: 1, found } if found == "18,+1,0"),
        "{e}"
    );
    assert!(e.to_string().starts_with("line 1: expected a header"));
    assert_eq!(
        err("commitment\n18\n"),
        ScoreSheetError::NoMembers { line: 1 }
    );
    assert_eq!(
        err("commitment,title,area\n18,a,b\n"),
        ScoreSheetError::NoMembers { line: 1 }
    );
}

#[test]
fn rejects_empty_and_header_only_files() {
    assert_eq!(err(""), ScoreSheetError::Empty);
    assert_eq!(err("\u{FEFF}\n\n  \n"), ScoreSheetError::Empty);
    assert_eq!(
        err("commitment,Canada\n\n"),
        ScoreSheetError::NoRows { line: 1 }
    );
    assert!(ScoreSheetError::Empty.line().is_none());
}

#[test]
fn rejects_non_utf8_naming_the_line() {
    let e = parse_score_sheet(b"commitment,Canada\n18,+1\n19,\xff\n").unwrap_err();
    assert_eq!(e, ScoreSheetError::NotUtf8 { line: 3, column: 4 });
    assert_eq!(
        e.to_string(),
        "line 3, column 4: the file is not UTF-8 text"
    );
    assert_eq!(e.line(), Some(3));
}

#[test]
fn rejects_binary_files_without_echoing_control_characters() {
    let e = err("\u{0}\u{1}PK\u{3}\u{4}");
    let message = e.to_string();
    assert!(!message.chars().any(char::is_control), "{message:?}");
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_score_sheet(&bytes);
    }

    #[test]
    fn random_text_never_panics_and_errors_name_a_line(
        text in "[commitment,membrscoCanadFr+10n/a\u{2212}\"\n\r ]{0,200}"
    ) {
        match parse(&text) {
            Ok(sheet) => prop_assert!(!sheet.commitments.is_empty()),
            Err(ScoreSheetError::Empty) => {}
            Err(e) => prop_assert!(e.line().is_some_and(|l| l >= 1), "{e}"),
        }
    }

    #[test]
    fn a_written_wide_sheet_reads_back(
        grid in (1usize..6, 1usize..6).prop_flat_map(|(rows, members)| {
            prop::collection::vec(
                prop::collection::vec(
                    prop_oneof![
                        Just(("+1", FULL)),
                        Just(("1", FULL)),
                        Just(("0", PARTIAL)),
                        Just(("-1", NONE)),
                        Just(("\u{2212}1", NONE)),
                        Just(("n/a", Verdict::NotApplicable)),
                        Just(("", Verdict::NotAssessed)),
                    ],
                    members,
                ),
                rows,
            )
        })
    ) {
        let members: Vec<String> = (0..grid[0].len()).map(|j| format!("Member {j}")).collect();
        let mut text = format!("commitment,{}\n", members.join(","));
        for (i, row) in grid.iter().enumerate() {
            let cells: Vec<&str> = row.iter().map(|(s, _)| *s).collect();
            text.push_str(&format!("{},{}\n", i + 1, cells.join(",")));
        }
        let sheet = parse(&text).unwrap();
        prop_assert_eq!(&sheet.members, &members);
        for (i, row) in grid.iter().enumerate() {
            let got: Vec<Verdict> = sheet.commitments[i].cells.iter().map(|(_, v)| *v).collect();
            let want: Vec<Verdict> = row.iter().map(|(_, v)| *v).collect();
            prop_assert_eq!(got, want);
        }
    }
}

/// Found by `cargo fuzz run scores`: a member name with a control character reached the error
/// message raw. Names and values in messages are shown escaped.
#[test]
fn control_characters_in_names_are_escaped_in_errors() {
    let sheet = b"commitment,area,Free\x06land\n7,,\x06x\n";
    let e = parse_score_sheet(sheet).unwrap_err().to_string();
    assert!(!e.chars().any(char::is_control), "{e:?}");
    assert!(e.contains("Free\\u{6}land"), "{e}");
}

/// A Table B export as `report --format csv --table b` writes it: its figure columns and the
/// member and overall rows along the bottom are computed, and skipped.
#[test]
fn the_table_b_export_imports_as_it_is() {
    let sheet = parse(
        "commitment,area,title,Canada,France,scored,average,percent,published,numerator,denominator\n\
         18,Migration,Border Management,1,0,2,+0.50,75,+0.50 (75%),1,2\n\
         19,Migration,Smuggling,n/a,,0,,,,,\n\
         member scored,,,1,1,,,,,,\n\
         member average,,,+1.00,0.00,,,,,,\n\
         member percent,,,100,50,,,,,,\n\
         member numerator,,,1,0,,,,,,\n\
         member denominator,,,1,1,,,,,,\n\
         overall,,,,,2,+0.50,75,+0.50 (75%),1,2\n",
    )
    .unwrap();
    assert_eq!(sheet.members, ["Canada", "France"]);
    let codes: Vec<&str> = sheet.commitments.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(codes, ["18", "19"]);
    assert_eq!(
        cells(&sheet.commitments[0]),
        [("Canada", FULL), ("France", PARTIAL)]
    );
    assert_eq!(
        cells(&sheet.commitments[1]),
        [
            ("Canada", Verdict::NotApplicable),
            ("France", Verdict::NotAssessed)
        ]
    );
    assert_eq!(
        sheet.commitments[0].title.as_deref(),
        Some("Border Management")
    );
    assert_eq!(sheet.commitments[0].area.as_deref(), Some("Migration"));
}

#[test]
fn a_column_after_the_computed_ones_is_refused_by_name() {
    let e = err("commitment,Canada,average,Japan\n1,1,+1.00,0\n");
    assert_eq!(
        e,
        ScoreSheetError::UnknownColumn {
            line: 1,
            column: 4,
            name: "Japan".into(),
            known: "scored, average, percent, published, numerator, denominator, rank".into(),
        }
    );
    assert!(e.to_string().contains("`Japan`"), "{e}");
    // Before the computed columns an unknown name is a member, and its cells must be scores.
    let e = err("commitment,Canada,notes,average\n1,1,see annex,+1.00\n");
    assert!(
        matches!(&e, ScoreSheetError::UnknownValue { column: 3, member, .. } if member == "notes"),
        "{e}"
    );
}
