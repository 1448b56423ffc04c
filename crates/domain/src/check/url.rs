//! Is a cited URL well-formed? A small validator for the defects found in reports (a lost letter
//! of the scheme, a space, a host cut short), not a full RFC 3986 parser.
//!
//! Non-ASCII letters are accepted in the path and the host, as browsers accept them (IRIs):
//! reports cite pages such as `…/communiqués-de-presse/…`.

/// Why `url` is not a well-formed http(s) URL, or `None` when it is.
pub fn url_problem(url: &str) -> Option<String> {
    if url.is_empty() {
        return Some("the URL is empty".to_string());
    }
    if url.chars().any(char::is_whitespace) {
        return Some("the URL contains whitespace".to_string());
    }
    if let Some(c) = url.chars().find(|c| c.is_control()) {
        return Some(format!(
            "the URL contains the control character U+{:04X}",
            c as u32
        ));
    }
    if let Some(c) = url.chars().find(|c| "<>\"{}|\\^`".contains(*c)) {
        return Some(format!(
            "the URL contains `{c}`, which is not allowed in a URL"
        ));
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some("the URL has no http:// or https:// scheme".to_string());
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Some(format!("the scheme `{scheme}` is not http or https"));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    // Credentials before the host are legal, if unusual in a citation.
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.is_empty() {
        return Some("the URL has no host".to_string());
    }
    if let Some(problem) = host_and_port_problem(host_port) {
        return Some(problem);
    }
    tail_problem(tail)
}

fn host_and_port_problem(host_port: &str) -> Option<String> {
    let (host, port) = if let Some(inner) = host_port.strip_prefix('[') {
        // An IPv6 literal: `[2001:db8::1]:8080`.
        let Some((address, after)) = inner.split_once(']') else {
            return Some(format!(
                "the host `{host_port}` opens `[` without closing it"
            ));
        };
        if address.is_empty()
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Some(format!("`[{address}]` is not an IPv6 address"));
        }
        match after {
            "" => return None,
            _ => match after.strip_prefix(':') {
                Some(port) => (None, Some(port)),
                None => return Some(format!("unexpected `{after}` after the host")),
            },
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (Some(h), Some(p)),
            None => (Some(host_port), None),
        }
    };
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.chars().all(|c| c.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| p <= 65_535);
        if !valid {
            return Some(format!("`{port}` is not a port number"));
        }
    }
    host.and_then(host_problem)
}

fn host_problem(host: &str) -> Option<String> {
    if host.is_empty() {
        return Some("the URL has no host".to_string());
    }
    // One trailing dot is the fully qualified form: `example.org.`.
    let name = host.strip_suffix('.').unwrap_or(host);
    if !name.contains('.') {
        return Some(format!("the host `{host}` has no dot"));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if labels
        .iter()
        .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
    {
        let octets_ok = labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok());
        return (!octets_ok).then(|| format!("the host `{host}` is not an IPv4 address"));
    }
    for label in &labels {
        if label.is_empty() {
            return Some(format!("the host `{host}` has an empty part"));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(format!(
                "the host `{host}` has a part that starts or ends with `-`"
            ));
        }
        if label.chars().count() > 63 {
            return Some(format!(
                "the host `{host}` has a part longer than 63 characters"
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|&c| !(c.is_alphanumeric() || c == '-' || c == '_'))
        {
            return Some(format!("the host `{host}` contains `{c}`"));
        }
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("the host `{host}` ends in a number"));
    }
    if tld.contains('_') {
        return Some(format!("the host `{host}` contains `_` in its last part"));
    }
    None
}

fn tail_problem(tail: &str) -> Option<String> {
    for (i, _) in tail.match_indices('%') {
        let hex = tail.get(i + 1..i + 3).unwrap_or("");
        if !hex.chars().all(|h| h.is_ascii_hexdigit()) || hex.len() != 2 {
            return Some("`%` is not followed by two hexadecimal digits".to_string());
        }
    }
    if tail.matches('#').count() > 1 {
        return Some("the URL has more than one `#`".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_urls() {
        for url in [
            "https://www.g7.utoronto.ca/summit/2024apulia/240614-apulia-communique.html",
            "http://example.org",
            "HTTPS://Example.ORG/",
            "https://example.org.",
            "https://news.example.org/en/story/2024/06/1150981",
            "https://www.example.fr/fr/afrique/20241030-un-partenariat-renforc%C3%A9",
            "https://www.example.gouv.fr/actualites/communiqués-de-presse/maroc",
            "https://example.org/search?q=a+b&lang=en#results",
            "https://example.org:8443/path",
            "https://user@example.org/",
            "https://192.0.2.7/report.pdf",
            "https://[2001:db8::1]:8080/x",
            "https://home-affairs.ec.europa.eu/news/x_en",
            "https://bücher.example/",
            "https://my_site.example.org/",
        ] {
            assert_eq!(url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn rejects_defective_urls() {
        for (url, why) in [
            ("", "empty"),
            ("ttps://www.example.it/articolo/1996670", "scheme"),
            ("www.example.org/page", "no http"),
            ("ftp://example.org/file", "scheme `ftp`"),
            ("https//example.org", "no http"),
            (
                "https://www.example.co.uk/rules-for-illegal immigrants",
                "whitespace",
            ),
            ("https://example.org/a\tb", "whitespace"),
            ("https://example.org/a<b", "`<`"),
            ("https://example.org/{id}", "`{`"),
            ("https://example.org/a|b", "`|`"),
            ("https://example.org/a^b", "`^`"),
            ("https://example.org/a`b", "`"),
            ("https://example.org/a\"b", "`\"`"),
            ("https://example.org/a\\b", "`\\`"),
            ("https:///path", "no host"),
            ("https://", "no host"),
            ("https://localhost/", "no dot"),
            ("https://home-/path", "no dot"),
            ("https://example..org/", "empty part"),
            ("https://-example.org/", "`-`"),
            ("https://example.org:80a/", "port"),
            ("https://example.org:/", "port"),
            ("https://example.org:99999/", "port"),
            ("https://300.1.1.1/", "IPv4"),
            ("https://example.123/", "number"),
            ("https://exa!mple.org/", "contains `!`"),
            ("https://[zz::1]/", "IPv6"),
            ("https://[::1/", "`[`"),
            ("https://example.org/50%off", "`%`"),
            ("https://example.org/a%2", "`%`"),
            ("https://example.org/#a#b", "more than one `#`"),
            ("https://example.org/\u{0007}", "control"),
        ] {
            let problem = url_problem(url);
            assert!(
                problem.as_deref().is_some_and(|p| p.contains(why)),
                "{url:?}: expected a problem mentioning {why:?}, got {problem:?}"
            );
        }
    }
}
