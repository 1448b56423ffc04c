//! The 403, 404, 409/422 (refused) and 500 pages.

use askama::Template;

use super::Chrome;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub chrome: Chrome,
    pub heading: &'static str,
    pub message: String,
}

impl ErrorPage {
    pub fn not_found() -> ErrorPage {
        ErrorPage {
            chrome: Chrome::new("Not found", Vec::new()),
            heading: "Page not found",
            message: "There is no page at this address. The cycle, commitment or member may \
                      not exist, or the address may be mistyped."
                .to_string(),
        }
    }

    pub fn forbidden(message: String) -> ErrorPage {
        ErrorPage {
            chrome: Chrome::new("Not allowed", Vec::new()),
            heading: "Not allowed",
            message,
        }
    }

    /// A change the store refused, with its reason; nothing was saved.
    pub fn refused(message: String) -> ErrorPage {
        ErrorPage {
            chrome: Chrome::new("Not saved", Vec::new()),
            heading: "Nothing was saved",
            message,
        }
    }

    pub fn internal() -> ErrorPage {
        ErrorPage {
            chrome: Chrome::new("Server error", Vec::new()),
            heading: "Something went wrong on our side",
            message: "The page could not be built because the data store failed. The error \
                      has been logged; please try again later."
                .to_string(),
        }
    }
}
