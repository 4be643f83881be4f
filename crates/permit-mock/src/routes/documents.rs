//! Documents of several pages, for an application or an endorsement: each upload is one page
//! of a document and says how many pages the document has, so the document counts once every
//! page has arrived. Uploading a page again replaces it (a review may ask for a better one).

use super::uploads;
use crate::{
    error::ApiError,
    ids::new_id,
    store::MaterialRow,
};
use axum::http::{HeaderMap, StatusCode};
use permit_core::{
    api::{
        application::{DocumentPage, MaterialReceipt},
        ErrorCode,
    },
    materials::{MaterialKind, MAX_PAGES},
};
use serde::Deserialize;

fn one() -> u8 {
    1
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MaterialQuery {
    /// Which document this is.
    pub kind: MaterialKind,
    /// Which page (1-based); a PDF is the whole document, page 1 of 1.
    #[serde(default = "one")]
    pub page: u8,
    /// How many pages the document has (at most 5).
    #[serde(default = "one")]
    pub of: u8,
}

/// One page checked and ready to store: its row and where it goes.
pub struct Page {
    pub row: MaterialRow,
    pub at: DocumentPage,
}

/// Checks an uploaded page (type from the bytes, size for its type, page numbers) and makes
/// its row.
pub fn read(purpose: &'static str, q: &MaterialQuery, headers: &HeaderMap, body: &[u8], now_ms: i64) -> Result<Page, ApiError> {
    if q.of == 0 || q.of > MAX_PAGES || q.page == 0 || q.page > q.of {
        return Err(ApiError::bad_request(ErrorCode::BadPage, format!("page must be from 1 to `of`, and `of` from 1 to {MAX_PAGES}")));
    }
    let content_type = uploads::material(headers, body, q.page)?;
    if content_type == "application/pdf" && q.of != 1 {
        return Err(ApiError::bad_request(ErrorCode::BadPage, "a PDF is a whole document: page 1 of 1"));
    }
    let row = MaterialRow { id: new_id("mat"), purpose, kind: q.kind, content_type, data: body.to_vec(), created_ms: now_ms };
    Ok(Page { row, at: DocumentPage { kind: q.kind, page: q.page, of: q.of } })
}

/// Files `page` among the document's pages: it replaces the same page, and a new page count
/// drops pages beyond it. Returns whether the document is now complete, and adds its kind to
/// `complete` when it is.
pub fn file(pages: &mut Vec<DocumentPage>, complete: &mut Vec<MaterialKind>, page: DocumentPage) -> bool {
    pages.retain(|p| p.kind != page.kind || (p.page != page.page && p.page <= page.of));
    for p in pages.iter_mut().filter(|p| p.kind == page.kind) {
        p.of = page.of;
    }
    pages.push(page);
    pages.sort_by_key(|p| (p.kind, p.page));
    let done = (1..=page.of).all(|n| pages.iter().any(|p| p.kind == page.kind && p.page == n));
    if done && !complete.contains(&page.kind) {
        complete.push(page.kind);
    }
    done
}

pub fn receipt(page: &Page, complete: bool) -> MaterialReceipt {
    MaterialReceipt {
        id: page.row.id.clone(),
        kind: page.row.kind,
        page: page.at.page,
        of: page.at.of,
        complete,
        bytes: page.row.data.len(),
        content_type: page.row.content_type.into(),
    }
}

/// The answer for any page but the one the review asked to be sent again.
pub fn not_the_page_asked_for(asked: &permit_core::api::application::Retake) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        ErrorCode::NotThePageAsked,
        format!("the review asked for page {} of {} of the {:?} again", asked.page, asked.of, asked.kind),
    )
}

/// The answer for a page of a document the request does not rely on.
pub fn not_needed(kind: MaterialKind) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::MaterialNotNeeded, format!("{kind:?} proves a condition this request does not rely on"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use MaterialKind::*;

    fn page(kind: MaterialKind, page: u8, of: u8) -> DocumentPage {
        DocumentPage { kind, page, of }
    }

    #[test]
    fn a_document_is_complete_when_every_page_arrived_in_any_order() {
        let (mut pages, mut done) = (Vec::new(), Vec::new());
        assert!(!file(&mut pages, &mut done, page(Lease, 3, 3)));
        assert!(!file(&mut pages, &mut done, page(Lease, 1, 3)));
        assert!(!file(&mut pages, &mut done, page(Lease, 1, 3)), "a page sent twice is one page");
        assert!(done.is_empty());
        assert!(file(&mut pages, &mut done, page(Lease, 2, 3)));
        assert_eq!((pages.len(), done), (3, vec![Lease]));
    }

    #[test]
    fn a_smaller_page_count_drops_the_pages_beyond_it() {
        let (mut pages, mut done) = (Vec::new(), Vec::new());
        file(&mut pages, &mut done, page(Lease, 3, 3));
        assert!(file(&mut pages, &mut done, page(Lease, 1, 1)));
        assert_eq!(pages, vec![page(Lease, 1, 1)]);
    }

    #[test]
    fn documents_of_other_kinds_are_kept_apart() {
        let (mut pages, mut done) = (Vec::new(), Vec::new());
        file(&mut pages, &mut done, page(Lease, 1, 2));
        assert!(file(&mut pages, &mut done, page(LabourContract, 1, 1)));
        assert_eq!(done, vec![LabourContract]);
        assert_eq!(pages.len(), 2);
    }
}
