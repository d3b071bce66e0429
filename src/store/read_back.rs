//! The check every save makes before anything is renamed into place: the text must
//! load, with `ron` itself, as exactly the record it was written from, within every
//! limit a load checks. ron, never the quick reader, so that a mistake the quick
//! writer and reader share (an escape) cannot pass. A save runs it on a second thread
//! while the file is written and synced (`PatientFile::save`).

use super::file::StoreError;
use super::format::decode_ron_only;
use crate::domain::patient::PatientRecord;

/// Checks that `text` reads back, with ron, as exactly `record`; the error says why
/// it does not.
pub fn check_text(text: &str, record: &PatientRecord) -> Result<(), StoreError> {
    let message = match decode_ron_only(text) {
        Ok(read) if read.newer.is_none() && read.record == *record => return Ok(()),
        Ok(_) => "the record would not read back exactly as it is, so it was not written".into(),
        Err(e) => format!("the record would not load again ({e}), so it was not written"),
    };
    Err(StoreError::Serialize { message })
}
