//! Readable URL slugs for names: "2024 G7 Apulia Summit Final" → `2024-g7-apulia-summit-final`.
//!
//! A slug keeps only ASCII letters and digits, so it never needs percent-encoding; common Latin
//! letters with diacritics fold to their base letter ("Évian" → `evian`) so that a name in French,
//! Italian or German still reads in the address bar.

/// The slug of `name`: lowercase ASCII letters and digits, words joined by single hyphens.
/// A name with no letter or digit at all becomes `cycle`, so that a slug is never empty.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_hyphen = false;
    for c in name.chars() {
        let Some(folded) = fold(c) else {
            pending_hyphen = !out.is_empty();
            continue;
        };
        if folded.is_empty() {
            continue;
        }
        if pending_hyphen {
            out.push('-');
            pending_hyphen = false;
        }
        out.push_str(folded);
    }
    if out.is_empty() {
        out.push_str("cycle");
    }
    out
}

/// `c` as lowercase ASCII, `Some("")` when it is dropped without a trace, `None` when it separates
/// words. Apostrophes are dropped ("d'Aragon" → `daragon`).
fn fold(c: char) -> Option<&'static str> {
    const ASCII: [&str; 36] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f", "g", "h",
        "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    if c.is_ascii_digit() {
        return Some(ASCII[(c as u8 - b'0') as usize]);
    }
    if c.is_ascii_alphabetic() {
        return Some(ASCII[10 + (c.to_ascii_lowercase() as u8 - b'a') as usize]);
    }
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        // Apostrophes are inside words: drop them without a hyphen.
        '\'' | '\u{2019}' | '\u{2018}' => "",
        _ => return None,
    };
    Some(folded)
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn cycle_names_become_readable_slugs() {
        assert_eq!(
            slug("2024 G7 Apulia Summit Final"),
            "2024-g7-apulia-summit-final"
        );
        assert_eq!(slug("  G20 -- Rio (Interim)  "), "g20-rio-interim");
        assert_eq!(slug("Évian Summit"), "evian-summit");
        assert_eq!(slug("Leaders' Summit"), "leaders-summit");
        assert_eq!(slug("d’Aragon"), "daragon");
        assert_eq!(slug("Köln Straße"), "koln-strasse");
        assert_eq!(slug("—"), "cycle");
        assert_eq!(slug(""), "cycle");
    }

    #[test]
    fn slugs_are_ascii_without_edge_or_double_hyphens() {
        for name in ["a  b", "-a-", "東京 2025", "x/y\\z", "'quoted'"] {
            let s = slug(name);
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
            assert!(
                !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"),
                "{s}"
            );
        }
    }
}
