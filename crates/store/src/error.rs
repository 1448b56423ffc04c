//! What can go wrong in the store, each error saying what and where.

/// An error from the store. Database errors carry what the store was doing when they happened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database `{path}`: {source}")]
    Open {
        path: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("cannot bring the database schema up to date: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error while {context}: {source}")]
    Database {
        context: &'static str,
        #[source]
        source: sqlx::Error,
    },
    /// A chapter that cannot be stored as given; nothing of its import call was stored.
    #[error("chapter {code}: {message}")]
    InvalidChapter { code: String, message: String },
    /// A score sheet that cannot be stored as given; nothing of it was stored.
    #[error("score sheet, commitment {code}: {message}")]
    InvalidSheet { code: String, message: String },
    #[error("invalid cycle: {0}")]
    InvalidCycle(String),
    /// Something named in a request does not exist: a cycle, commitment, member or rubric.
    #[error("{0}")]
    NotFound(String),
    /// A rubric that cannot be saved as given; nothing was stored.
    #[error("rubric of commitment {commitment}: {message}")]
    InvalidRubric { commitment: String, message: String },
    /// A coding that cannot be saved or submitted as given; nothing was stored.
    #[error("coding of {object}: {message}")]
    InvalidCoding { object: String, message: String },
    /// An adjudication that is not allowed (not the lead analyst, or no disagreement there).
    #[error("adjudication of {object} refused: {message}")]
    AdjudicationRefused { object: String, message: String },
    /// An assessment that may not be submitted yet; nothing was stored.
    #[error("submission of {object} refused: {message}")]
    SubmissionRefused { object: String, message: String },
    /// A plan, period or status that cannot be stored as given; nothing was stored.
    #[error("plan `{plan}`: {message}")]
    InvalidPlan { plan: String, message: String },
    /// An account, session or assignment request that cannot be honoured; nothing was stored.
    #[error("{0}")]
    InvalidAccount(String),
    /// A value the user gave that cannot be stored, naming the field; nothing was stored.
    #[error("{object}: {field}: {message}")]
    InvalidField {
        object: String,
        field: &'static str,
        message: String,
    },
    /// A write naming a version that is no longer the object's: someone else changed it first.
    /// Nothing was stored; `current` is the version to reload.
    #[error(
        "{object} was changed by someone else (now at version {current}); reload it and try again"
    )]
    Stale { object: String, current: i64 },
    /// A step the review workflow does not allow from where the object stands (editing a
    /// published assessment, approving a draft); nothing was stored.
    #[error("{object}: {message}")]
    WorkflowRefused { object: String, message: String },
    /// A stored value the domain cannot read back: the database was edited by hand or is damaged.
    #[error("the database holds a value it cannot read back: {0}")]
    Corrupt(String),
}

/// Attaches what the store was doing to a database error.
pub(crate) trait Context<T> {
    fn ctx(self, context: &'static str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, sqlx::Error> {
    fn ctx(self, context: &'static str) -> Result<T, StoreError> {
        self.map_err(|source| StoreError::Database { context, source })
    }
}
