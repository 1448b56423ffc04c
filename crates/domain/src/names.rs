//! Names as people write them: one person (or one member) spelled several ways is still one.
//!
//! Reports are typed by many hands, so `d'Aragon` and `d’Aragon`, or `United Kingdom` and
//! `The United Kingdom`, must compare equal. Keys are for comparing only; display always uses the
//! name as written.

/// A key under which spelling variants of one person's name are equal: apostrophe and dash
/// variants folded to ASCII, whitespace collapsed, trimmed, lower-cased, and a trailing `*` (a
/// report's marker on a lead analyst's name) dropped.
pub fn person_key(name: &str) -> String {
    let folded: String =
        name.chars()
            // A soft hyphen is invisible in print, so it never makes a different spelling.
            .filter(|&c| c != '\u{00AD}')
            .map(|c| match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}'
                | '\u{201B}' => '\'',
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
                c if c.is_whitespace() => ' ',
                c => c,
            })
            .collect();
    let joined = folded
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    joined.trim_end_matches('*').trim_end().to_lowercase()
}

/// A name as written, ignoring only what never makes a different spelling: surrounding and
/// repeated whitespace, and a report's trailing `*` marker (`Kevin Li*` → `Kevin Li`).
pub fn spelling(name: &str) -> String {
    let joined = name.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches('*').trim_end().to_string()
}

/// Members commonly scored by the G7, G8, G20, BRICS and the Calais Group, with their short
/// codes (ISO 3166 alpha-3, `EU` and `AU` for the two unions). Names are compared through
/// [`person_key`], with a leading "the" dropped.
const MEMBER_CODES: &[(&str, &str)] = &[
    ("Canada", "CAN"),
    ("France", "FRA"),
    ("Germany", "DEU"),
    ("Federal Republic of Germany", "DEU"),
    ("Italy", "ITA"),
    ("Japan", "JPN"),
    ("United Kingdom", "GBR"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("Great Britain", "GBR"),
    ("Britain", "GBR"),
    (
        "United Kingdom of Great Britain and Northern Ireland",
        "GBR",
    ),
    ("United States", "USA"),
    ("US", "USA"),
    ("U.S.", "USA"),
    ("USA", "USA"),
    ("U.S.A.", "USA"),
    ("United States of America", "USA"),
    ("European Union", "EU"),
    ("EU", "EU"),
    ("Russia", "RUS"),
    ("Russian Federation", "RUS"),
    ("Argentina", "ARG"),
    ("Australia", "AUS"),
    ("Brazil", "BRA"),
    ("China", "CHN"),
    ("People's Republic of China", "CHN"),
    ("India", "IND"),
    ("Indonesia", "IDN"),
    ("Korea", "KOR"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("Mexico", "MEX"),
    ("Saudi Arabia", "SAU"),
    ("South Africa", "ZAF"),
    ("Turkey", "TUR"),
    ("Türkiye", "TUR"),
    ("Turkiye", "TUR"),
    ("African Union", "AU"),
    ("AU", "AU"),
    ("Belgium", "BEL"),
    ("Netherlands", "NLD"),
    ("Kingdom of the Netherlands", "NLD"),
    ("Austria", "AUT"),
    ("Bulgaria", "BGR"),
    ("Croatia", "HRV"),
    ("Cyprus", "CYP"),
    ("Czechia", "CZE"),
    ("Czech Republic", "CZE"),
    ("Denmark", "DNK"),
    ("Estonia", "EST"),
    ("Finland", "FIN"),
    ("Greece", "GRC"),
    ("Hungary", "HUN"),
    ("Ireland", "IRL"),
    ("Latvia", "LVA"),
    ("Lithuania", "LTU"),
    ("Luxembourg", "LUX"),
    ("Malta", "MLT"),
    ("Poland", "POL"),
    ("Portugal", "PRT"),
    ("Romania", "ROU"),
    ("Slovakia", "SVK"),
    ("Slovenia", "SVN"),
    ("Spain", "ESP"),
    ("Sweden", "SWE"),
    ("Norway", "NOR"),
    ("Switzerland", "CHE"),
    ("Iceland", "ISL"),
    ("New Zealand", "NZL"),
    ("Ukraine", "UKR"),
    ("Egypt", "EGY"),
    ("Ethiopia", "ETH"),
    ("Iran", "IRN"),
    ("United Arab Emirates", "ARE"),
    ("UAE", "ARE"),
    ("Nigeria", "NGA"),
    ("Singapore", "SGP"),
    ("Chile", "CHL"),
    ("Colombia", "COL"),
    ("Israel", "ISR"),
    ("Morocco", "MAR"),
    ("Tunisia", "TUN"),
    ("Libya", "LBY"),
    ("Albania", "ALB"),
];

fn lookup_key(name: &str) -> String {
    let key = person_key(name);
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}

/// The member's code from the common-members table, if it is there.
pub fn known_member_code(name: &str) -> Option<&'static str> {
    let key = lookup_key(name);
    MEMBER_CODES
        .iter()
        .find(|(n, _)| lookup_key(n) == key)
        .map(|&(_, code)| code)
}

/// The default short code of a member: from the common-members table ("The United Kingdom",
/// "UK" → `GBR`), else the first three ASCII letters of its name upper-cased ("Freedonia" →
/// `FRE`), else `XXX`. A member's code is data: this only proposes one when an import lacks it.
pub fn default_member_code(name: &str) -> String {
    if let Some(code) = known_member_code(name) {
        return code.to_string();
    }
    let letters: String = lookup_key(name)
        .chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    if letters.is_empty() {
        "XXX".to_string()
    } else {
        letters
    }
}

/// A key under which one member's spellings are equal: its known code ("UK", "The United
/// Kingdom" → `GBR`), else its folded name without a leading "the". Known codes are upper-case
/// and folded names lower-case, so the two never collide.
pub fn member_key(name: &str) -> String {
    match known_member_code(name) {
        Some(code) => code.to_string(),
        None => lookup_key(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophe_and_dash_variants_are_one_person() {
        assert_eq!(
            person_key("Olivier d'Aragon Flores"),
            person_key("Olivier d\u{2019}Aragon Flores")
        );
        assert_eq!(person_key("d\u{2018}Aragon"), "d'aragon");
        assert_eq!(person_key("d\u{02BC}Aragon"), "d'aragon");
        assert_eq!(person_key("d`Aragon"), "d'aragon");
        assert_eq!(person_key("d\u{2032}Aragon"), "d'aragon");
        assert_eq!(
            person_key("Anne\u{2013}Marie  Dupont"),
            person_key(" anne-marie dupont ")
        );
        assert_eq!(
            person_key("Jean\u{2010}Luc\u{00A0}Picard"),
            "jean-luc picard"
        );
        assert_eq!(person_key("Kevin Li*"), person_key("Kevin Li"));
        assert_eq!(person_key("Ma\u{00AD}ria"), "maria");
        assert_ne!(person_key("Maya Tran"), person_key("Maya Tram"));
    }

    #[test]
    fn spellings_keep_what_a_reader_sees() {
        assert_eq!(spelling("  Kevin   Li* "), "Kevin Li");
        assert_eq!(
            spelling("Olivier d\u{2019}Aragon"),
            "Olivier d\u{2019}Aragon"
        );
        assert_eq!(spelling("TianTian Dong  "), "TianTian Dong");
    }

    #[test]
    fn member_codes_from_the_table_and_the_fallback() {
        for (name, code) in [
            ("Canada", "CAN"),
            ("Germany", "DEU"),
            ("UK", "GBR"),
            ("The United Kingdom", "GBR"),
            ("the  United Kingdom", "GBR"),
            ("US", "USA"),
            ("United States of America", "USA"),
            ("the United States", "USA"),
            ("European Union", "EU"),
            ("African Union", "AU"),
            ("Saudi Arabia", "SAU"),
            ("South Africa", "ZAF"),
            ("Republic of Korea", "KOR"),
            ("Türkiye", "TUR"),
            ("Belgium", "BEL"),
            ("Netherlands", "NLD"),
            ("The Netherlands", "NLD"),
            ("Austria", "AUT"),
            ("Freedonia", "FRE"),
            ("Éire-Land", "IRE"),
            ("ÅÅ", "XXX"),
            ("", "XXX"),
        ] {
            assert_eq!(default_member_code(name), code, "{name:?}");
        }
    }

    #[test]
    fn member_keys_match_variants_only() {
        assert_eq!(member_key("UK"), member_key("The United Kingdom"));
        assert_eq!(member_key("Freedonia"), member_key("the freedonia"));
        assert_ne!(member_key("Freedonia"), member_key("Fredonia"));
        assert_ne!(member_key("France"), member_key("FRA people"));
    }
}
