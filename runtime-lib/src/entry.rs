//! Process entry (being written).
