//! Exports for spreadsheets and learning-record stores (placeholder until written).
