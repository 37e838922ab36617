//! Data whose parts a page's HTML shows as they are, sent once.
//!
//! A resource's value is serialized into the page for hydration. When that
//! value holds HTML the page also shows (a docs page's body, its table of
//! contents), the bytes would travel twice. [`InDocumentCodec`] is the
//! resource's encoding for such data: the server writes the copy
//! [`InDocument::for_document`] makes, and hydration reads the rest back from
//! the document ([`InDocument::restored_from_document`]), which is complete
//! by then. Server functions still answer with the whole value.

use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};

use crate::error::AppError;

/// Data whose parts the page's HTML shows as they are.
pub trait InDocument: Sized {
    /// The copy to write into the page, without what the page shows.
    fn for_document(&self) -> Self;

    /// The data again, from that copy and the document it was written into
    /// (hydration only).
    fn restored_from_document(self) -> Self;
}

/// A resource encoding (JSON) that carries an [`InDocument`] value once.
pub struct InDocumentCodec;

impl<T: Serialize + InDocument> Encoder<Result<T, AppError>> for InDocumentCodec {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &Result<T, AppError>) -> Result<String, Self::Error> {
        match value {
            Ok(data) => serde_json::to_string(&Ok::<T, &AppError>(data.for_document())),
            Err(error) => serde_json::to_string(&Err::<&T, &AppError>(error)),
        }
    }
}

impl<T: DeserializeOwned + InDocument> Decoder<Result<T, AppError>> for InDocumentCodec {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(json: &str) -> Result<Result<T, AppError>, Self::Error> {
        serde_json::from_str::<Result<T, AppError>>(json).map(|data| data.map(InDocument::restored_from_document))
    }
}
